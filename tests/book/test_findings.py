"""The landing page's findings equal the chapters' figures, and verdicts come from one file.

The landing page glues each figure it shares with a chapter as `fNN_<name>`, where chapter NN glues the
same figure as `<name>`; both are read from the executed notebooks (what the pages render).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from llmrace import findings

ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks"
HTML = ROOT / "_build" / "html"


def glued(path: Path) -> dict[str, str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            name = o.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and "application/papermill.record/text/plain" in data:
                out[name] = data["application/papermill.record/text/plain"].strip("'\"")
    return out


def chapter(num: str) -> Path:
    found = sorted(NB.glob(f"{num}_*.ipynb"))
    assert found, f"no chapter {num}"
    return found[0]


INDEX = glued(NB / "index.ipynb")
SHARED = sorted(k for k in INDEX if re.match(r"f\d\d_", k))


def test_the_landing_page_shares_figures_with_every_analysis_chapter():
    assert len(SHARED) >= 8, SHARED
    assert {k[1:3] for k in SHARED} >= {"01", "03", "04", "05"}, SHARED


@pytest.mark.parametrize("key", SHARED)
def test_finding_figure_equals_the_chapters(key):
    num, name = key[1:3], key[4:]
    ch = glued(chapter(num))
    assert name in ch, f"chapter {num} glues no {name!r} (the landing page's {key})"
    assert INDEX[key] == ch[name], f"landing page {key} = {INDEX[key]!r}, chapter {num} {name} = {ch[name]!r}"


def test_findings_are_first_and_six_to_ten(built):
    html = (HTML / "notebooks" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r"<ol class=\"llmrace-findings\">(.*?)</ol>", html, re.S)
    assert items, "no findings list on the landing page"
    n = len(re.findall(r"<li>", items[0]))
    assert 6 <= n <= 10, n
    assert html.index("llmrace-findings") < html.index("The seed articles"), "findings do not come first"
    assert len(re.findall(r'class="llmrace-evidence"', items[0])) == n, "a finding without evidence links"


def test_verdicts_on_pages_come_from_the_verdicts_file(built):
    v = findings.load_verdicts(ROOT / "data" / "verdicts.csv")
    expected = findings.VERDICT_SHORT[findings.verdict_of(v, "v100_vs_a100_perf_ratio")]
    assert glued(chapter("04"))["v100_verdict"] == expected
    index = (HTML / "notebooks" / "index.html").read_text(encoding="utf-8")
    m = re.search(r"the book&#x27;s verdict is <span class=\"llmrace-verdict[^\"]*\">([^<]+)</span>|"
                  r"the book's verdict is <span class=\"llmrace-verdict[^\"]*\">([^<]+)</span>", index)
    assert m and (m.group(1) or m.group(2)) == expected
    # phrasings that once contradicted the verdicts file are gone from every page
    for page in HTML.glob("notebooks/*.html"):
        text = page.read_text(encoding="utf-8")
        for stale in ("rough rather than wrong", "not in fact", "every claim checked"):
            assert stale not in text, f"{page.name}: {stale!r}"


def test_coverage_is_stated_honestly():
    ch05 = glued(chapter("05"))
    assert INDEX["f05_n_claims"] == ch05["n_claims"]
    parts = ("f05_n_ignored", "f05_n_registered", "f05_n_unregistered")
    assert sum(int(INDEX[k]) for k in parts) == int(INDEX["f05_n_claims"])
    for k in parts:
        assert INDEX[k] == ch05[k[4:]], k
