"""Provenance links in the built book resolve: every href to a sentence/paragraph anchor on a source page
(e.g. ../sources/seed_002.html#s002-p14-s2) names an existing page and an existing id. The same check runs
at build time (llmrace.sources, build-finished) and fails the strict build."""
import re

import pytest

from llmrace.sources import broken_sentence_links
from llmrace.tables import sentence_href

ANCHOR = re.compile(r'href="([^"]*)#(s\d+-p\d+(?:-s\d+)?)"')


def _ids(path):
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def test_every_sentence_anchor_resolves(built):
    checked, broken = 0, []
    cache = {}
    for page in sorted(built.rglob("*.html")):
        for href, frag in ANCHOR.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve() if href else page
            if target not in cache:
                cache[target] = _ids(target) if target.is_file() else None
            checked += 1
            if cache[target] is None or frag not in cache[target]:
                broken.append(f"{page.relative_to(built)} -> {href}#{frag}")
    assert not broken, f"{len(broken)} broken sentence anchors, e.g. {broken[:10]}"
    assert checked > 0


def test_build_time_checker_agrees(built):
    assert broken_sentence_links(built) == []


def test_checker_catches_a_broken_anchor(tmp_path, built):
    (tmp_path / "sources").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "sources" / "seed_002.html").write_text('<span id="s002-p1-s1">x</span>', encoding="utf-8")
    (tmp_path / "notebooks" / "ch.html").write_text(
        f'<a href="{sentence_href("002.p1.s1")}">ok</a><a href="{sentence_href("002.p99.s9")}">bad</a>'
        f'<a href="{sentence_href("007.p1.s1")}">no page</a>', encoding="utf-8")
    assert broken_sentence_links(tmp_path) == [
        "notebooks/ch.html: ../sources/seed_002.html#s002-p99-s9",
        "notebooks/ch.html: ../sources/seed_007.html#s007-p1-s1",
    ]


@pytest.mark.parametrize("sid", ["000.p1.s1", "002.p14.s2"])
def test_sentence_href_target_exists(built, sid):
    page, frag = sentence_href(sid, prefix="").split("#")
    assert (built / page).is_file() and frag in _ids(built / page)


def test_every_sentence_has_its_anchor(built, corpus_docs):
    for seed, doc in corpus_docs.items():
        ids = _ids(built / "sources" / f"seed_{seed}.html")
        missing = [s.id for s in doc.sentences if s.anchor not in ids]
        assert not missing, f"seed {seed}: sentences without an anchor: {missing[:5]}"
