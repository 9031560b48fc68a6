"""seeds/catalog.csv: one row per seed, dates with evidence, guesses declared."""
import re

from paths import SEEDS
from llmrace import Corpus, read_catalog


def test_one_row_per_seed_with_required_columns():
    cat = read_catalog(SEEDS)
    assert sorted(cat["id"]) == sorted(Corpus(SEEDS).ids)
    for col in ["id", "title", "outlet", "author", "pub_date", "date_evidence", "script", "url", "note"]:
        assert col in cat.columns


def test_dates_are_iso_and_have_evidence():
    for row in read_catalog(SEEDS).to_dict("records"):
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row["pub_date"]), row["id"]
        assert len(row["date_evidence"]) > 40, row["id"]
        if row["date_precision"] == "estimate":
            assert "estimate" in row["note"].lower() or "not determinable" in row["note"].lower()


def test_script_matches_detected_script(corpus_docs):
    for row in read_catalog(SEEDS).to_dict("records"):
        assert corpus_docs[row["id"]].script == row["script"]


def test_editorial_titles_are_marked_and_urls_come_from_the_text(corpus_docs):
    for row in read_catalog(SEEDS).to_dict("records"):
        if row["url"]:
            assert row["url"] in corpus_docs[row["id"]].original
        if "编者拟题" in row["title"]:
            assert "editorial" in row["note"].lower() or "not the original headline" in row["note"].lower()
