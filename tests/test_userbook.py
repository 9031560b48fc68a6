"""The book on your own articles: `python -m llmrace userbook` builds a strict, self-contained book for a folder
of real articles unlike the seeds (tests/fixtures/userbook/articles: .txt and .md, one Traditional, no
catalog, plus a file that must be skipped), and leaves the bundled book untouched."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from paths import ROOT, SEEDS

FIXTURE = ROOT / "tests" / "fixtures" / "userbook" / "articles"
BUILD_TIMEOUT = 600  # seconds; the fixture builds in about 30 s on the 2-core machine


def _status() -> list[str]:
    """`git status` of the whole checkout, untracked files included (the build runs with the repo as its
    working directory, as `make book SEEDS=…` does, so a stray write anywhere in it shows here)."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return sorted(out.splitlines())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("userbook") / "out"
    before = _status()
    res = subprocess.run([sys.executable, "-m", "llmrace", "userbook", str(FIXTURE), str(out), "--jobs", "2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr[-5000:]
    return dict(out=out, html=out / "book" / "_build" / "html", log=res.stdout, before=before, after=_status())


def _articles() -> list[Path]:
    return sorted(p for p in FIXTURE.iterdir() if p.suffix.lower() in (".txt", ".md"))


def test_fixture_is_what_the_issue_asks_for():
    files = _articles()
    assert len(files) >= 4
    assert {p.suffix for p in files} == {".txt", ".md"}
    assert not (FIXTURE / "catalog.csv").exists()
    from llmrace.convert import script_of

    assert "traditional" in {script_of(p.read_text(encoding="utf-8")) for p in files}


def test_bundled_book_untouched(built):
    new = sorted(set(built["after"]) - set(built["before"]))
    gone = sorted(set(built["before"]) - set(built["after"]))
    assert not new and not gone, f"the user book changed the checkout (git status): new {new[:5]}, gone {gone[:5]}"


def test_one_source_page_per_article_and_ids_listed(built):
    ids = pd.read_csv(built["out"] / "data" / "ids.csv", dtype=str)
    assert sorted(ids.file) == sorted(p.name for p in _articles())
    pages = sorted(p.stem for p in (built["html"] / "sources").glob("*.html"))
    assert pages == sorted(f"seed_{i}" for i in ids.id)
    index = (built["html"] / "index.html").read_text(encoding="utf-8")
    for r in ids.itertuples():
        assert f'href="sources/seed_{r.id}.html"' in index and r.file in index


def test_skipped_file_reported_and_undated_articles_listed(built):
    index = (built["html"] / "index.html").read_text(encoding="utf-8")
    assert "provenance.json" in index and "skipped provenance.json" in built["log"]
    arts = pd.read_csv(built["out"] / "data" / "articles.csv", dtype=str, keep_default_na=False)
    assert (arts.pub_date != "").any() and (arts.pub_date == "").any()  # the fixture has both
    for r in arts[arts.pub_date == ""].itertuples():
        assert r.id in index
    dated = arts[arts.pub_date != ""]
    assert dated.date_evidence.str.startswith("line ").all()


def test_every_sentence_link_resolves_and_every_sentence_has_its_anchor(built):
    from llmrace.sources import broken_sentence_links

    html = built["html"]
    assert broken_sentence_links(html) == []
    links = set()
    for page in html.rglob("*.html"):
        links |= set(re.findall(r'href="[^"#]*sources/seed_[^"#/]+\.html#(s[0-9A-Za-z]+-p\d+-s\d+)"', page.read_text(encoding="utf-8")))
    assert len(links) > 50
    sentences = pd.read_csv(built["out"] / "data" / "sentences.csv", dtype=str)
    for seed, g in sentences.groupby("seed"):
        ids = set(re.findall(r'\bid="([^"]+)"', (html / "sources" / f"seed_{seed}.html").read_text(encoding="utf-8")))
        assert {"s" + s.replace(".", "-") for s in g.sentence_id} <= ids


def test_claims_table_has_every_claim_of_the_fixture(built):
    """Claims recomputed here straight from the fixture files (not from the builder's tables) must each be a
    row of the claims chapter, linked to their sentence."""
    from llmrace.claims import extract_claims
    from llmrace.corpus import build_document
    from llmrace.load import decode_bytes

    ids = pd.read_csv(built["out"] / "data" / "ids.csv", dtype=str)
    arts = pd.read_csv(built["out"] / "data" / "articles.csv", dtype=str, keep_default_na=False).set_index("id")
    page = (built["html"] / "notebooks" / "generic" / "g2_claims.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    total = 0
    for r in ids.itertuples():
        path = FIXTURE / r.file
        d = decode_bytes(path.read_bytes(), path)
        doc = build_document(d.text, r.id, path, d.encoding)
        date = arts.loc[r.id, "pub_date"]
        claims = extract_claims(doc, date or None)
        total += len(claims)
        for c in claims.itertuples():
            anchor = "s" + c.sentence_id.replace(".", "-")
            assert any(f"#{anchor}\"" in row and f">{c.claim_key}<" in row for row in rows), c.claim_key
    assert total > 30
    assert sum(1 for row in rows if "sources/seed_" in row and "#s" in row) >= total


def test_cross_article_sections_present(built):
    page = (built["html"] / "notebooks" / "generic" / "g5_crossref.html").read_text(encoding="utf-8")
    assert 'id="claim-families"' in page and 'id="automatic-conflicts"' in page
    for name in ("claim_families.csv", "conflicts.csv"):
        assert list((built["html"] / "_downloads").rglob(name))


def test_traditional_article_keeps_its_original_script(built):
    arts = pd.read_csv(built["out"] / "data" / "articles.csv", dtype=str, keep_default_na=False)
    trad = arts[arts.script == "traditional"].id
    assert len(trad)
    assert "llmrace-orig" in (built["html"] / "sources" / f"seed_{trad.iloc[0]}.html").read_text(encoding="utf-8")


def test_no_seed_content_anywhere(built):
    """No sentence, title or author of the bundled seeds appears in any page of the user's book."""
    from llmrace.corpus import build_document
    from llmrace.load import decode_bytes

    probes = set()
    for p in sorted(SEEDS.glob("*.txt")):
        d = decode_bytes(p.read_bytes(), p)
        doc = build_document(d.text, p.name[:3], p, d.encoding)
        probes |= {s.text for s in doc.sentences if len(s.text) >= 25}
    cat = pd.read_csv(SEEDS / "catalog.csv", dtype=str, keep_default_na=False)
    probes |= {t for t in cat.title if len(t) >= 8} | {"丁山猎人", "方文三", "AI芯天下", "时代周报"}
    assert len(probes) > 100
    from html import unescape

    for page in built["html"].rglob("*.html"):
        text = unescape(page.read_text(encoding="utf-8"))
        hits = [p for p in probes if p in text]
        assert not hits, f"{page.name}: {hits[:3]}"
    for csv in (built["out"] / "data").glob("*.csv"):
        text = csv.read_text(encoding="utf-8")
        assert not [p for p in probes if p in text], csv.name
