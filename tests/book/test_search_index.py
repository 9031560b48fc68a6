"""The built search index segments Chinese with the domain dictionary."""
import pytest


@pytest.mark.parametrize("term", ["文心一言", "英伟达", "大模型"])
def test_chinese_terms_indexed(search_index, term):
    assert term in search_index["terms"], f"{term} missing from the search index"


def test_html_lang_is_english(built):
    assert '<html lang="en"' in (built / "notebooks" / "00_corpus.html").read_text(encoding="utf-8")
