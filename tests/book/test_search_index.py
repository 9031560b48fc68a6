"""The built search index segments Chinese with the domain dictionary and finds the book's key terms.

For each term the index must list at least one page, and at least one listed page must really contain the
term in its text (checked in the built HTML). Which chapter each term should reach is reviewed by the lead
for each chapter (RELEVANT below); the real-browser search is in test_browser.py."""
import re

import pytest
import snowballstemmer

TERMS = ["文心一言", "英伟达", "A800", "大模型", "RLHF", "ERNIE"]
# Pages a term must reach once they exist (only pages present in the built book are checked).
RELEVANT = {
    "文心一言": ["notebooks/00_corpus", "notebooks/02_company_landscape"],
    "英伟达": ["notebooks/04_chip_supply", "notebooks/02_company_landscape"],
    "A800": ["notebooks/04_chip_supply"],
    "大模型": ["notebooks/02_company_landscape", "notebooks/03_technology_lineage"],
    "RLHF": ["notebooks/03_technology_lineage"],
    "ERNIE": ["notebooks/02_company_landscape"],
}
_stem = snowballstemmer.stemmer("english").stemWord


def _keys(term: str) -> list[str]:
    """Index keys Sphinx's zh search may use: Latin words are lowercased and (if long enough) stemmed."""
    low = term.lower()
    return list(dict.fromkeys([term, low, _stem(low)]))


def _docs_for(index, term) -> set[str]:
    docs = set()
    for table in ("terms", "titleterms"):
        for key in _keys(term):
            hit = index[table].get(key)
            if hit is None:
                continue
            docs.update([hit] if isinstance(hit, int) else hit)
    return {index["docnames"][i] for i in docs}


def _page_text(built, docname) -> str:
    html = (built / f"{docname}.html").read_text(encoding="utf-8")
    body = html[html.find('<article'):html.rfind('</article>')]
    return re.sub(r"<[^>]+>", "", body)


@pytest.mark.parametrize("term", ["文心一言", "英伟达", "大模型"])
def test_chinese_terms_indexed(search_index, term):
    assert term in search_index["terms"], f"{term} missing from the search index"


@pytest.mark.parametrize("term", TERMS)
def test_term_finds_pages_that_contain_it(search_index, built, term):
    docs = _docs_for(search_index, term)
    assert docs, f"{term}: no page in the search index (keys tried: {_keys(term)})"
    containing = [d for d in sorted(docs) if term.lower() in _page_text(built, d).lower()]
    assert containing, f"{term}: indexed pages {sorted(docs)} do not contain it"


@pytest.mark.parametrize("term, pages", sorted(RELEVANT.items()))
def test_term_reaches_relevant_chapters(search_index, built, term, pages):
    absent = [p for p in pages if not (built / f"{p}.html").is_file()]
    assert not absent, f"chapters missing from the built book: {absent}"
    missing = sorted(set(pages) - _docs_for(search_index, term))
    assert not missing, f"{term}: search does not reach {missing}"


def test_a800_is_indexed_lowercase(search_index):
    assert "a800" in search_index["terms"]


def test_html_lang_is_english(built):
    assert '<html lang="en"' in (built / "notebooks" / "00_corpus.html").read_text(encoding="utf-8")
