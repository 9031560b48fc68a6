"""Presentation helpers: llmrace.findings (verdicts from one file), llmrace.bookext (bibliography dollars,
version/date from git), llmrace.style (deterministic PNG/SVG exports, heatmap cell edges), llmrace.tables."""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from llmrace import bookext, findings, style
from llmrace.tables import html_table

ROOT = Path(__file__).resolve().parents[1]


def _verdicts(**extra):
    df = pd.DataFrame({"sentence_id": ["001.p33.s1", "002.p51.s1", "003.p11.s1"],
                       "quantity": ["v100_ratio", "ms_investment", "ms_investment"],
                       "verdict": ["consistent", "consistent", "unverifiable"], **extra})
    return df


def test_verdict_lookup_by_quantity_and_sentence(tmp_path):
    p = tmp_path / "v.csv"
    _verdicts().to_csv(p, index=False)
    v = findings.load_verdicts(p)
    assert {"url", "date", "quote", "gloss"} <= set(v.columns)  # tolerated when absent
    assert findings.verdict_of(v, "v100_ratio") == "consistent"
    assert findings.verdict_of(v, "ms_investment") == "mixed"
    assert findings.verdict_of(v, "ms_investment", "003.p11.s1") == "unverifiable"
    assert findings.verdict_of(v, "no_such_quantity") == ""
    assert "not checked" in findings.verdict_phrase("")
    assert findings.verdict_counts(v)["contested"] == 0


def test_evidence_links_are_sentences_then_safe_urls():
    v = _verdicts(url=["https://example.org/a javascript:alert(1)", "", "ftp://x"])
    links = findings.evidence_links(v, "v100_ratio")
    assert links[0] == ("seed 001, sentence 001.p33.s1", "../sources/seed_001.html#s001-p33-s1")
    assert ("primary source", "https://example.org/a") in links
    assert not any("javascript" in h or h.startswith("ftp") for _, h in links)


def test_findings_html_is_escaped_and_lists_evidence():
    f = findings.Finding("<strong>x</strong> 1", [("seed <1>", "../a.html#b")])
    out = findings.findings_html([f])
    assert out.startswith('<ol class="llmrace-findings"><li><strong>x</strong> 1')
    assert "seed &lt;1&gt;" in out and 'class="llmrace-evidence"' in out


def test_reasons_grouped_by_lead_phrase():
    ign = pd.DataFrame({"reason": ["market reaction detail: a", "market reaction detail: b", "metaphor: c"]})
    r = findings.reason_groups(ign)
    assert r.to_dict("records") == [{"reason": "market reaction detail", "claims": 2}, {"reason": "metaphor", "claims": 1}]


def test_bibliography_dollar_escapes():
    assert bookext.unescape_dollars(r"over \$4.6M (90\% CI \$5M--\$33M)") == r"over $4.6M (90\% CI $5M--$33M)"
    assert bookext.unescape_dollars(r"{\$}10,000 and \textdollar 5") == "$10,000 and $5"


def test_bibliography_style_renders_dollars():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    bookext.register_bib_style()
    bib = parse_string(r"@misc{a, author={A B}, title={Meet the \$10,000 chip}, year={2023}, note={costs \$12M, 3.14e23 FLOP}}",
                       "bibtex")
    text = next(iter(find_plugin("pybtex.style.formatting", "llmrace")().format_entries(bib.entries.values()))).text.render_as("text")
    assert "\\$" not in text and "$10,000" in text and "$12M" in text
    assert "3.14 × 10²³" in text


def test_version_and_date_come_from_the_last_commit():
    info = bookext.git_info(ROOT)
    try:
        date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    assert info["build_date"] == date
    assert info == bookext.git_info(ROOT)  # deterministic
    assert bookext.git_info("/") ["build_date"] in ("unknown", date)


def test_figure_exports_are_byte_identical(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    style.setup()
    digests = []
    for k in range(2):
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2], label="文心一言")
        ax.legend()
        png, svg = style.export_figure(fig, tmp_path / f"f{k}")
        plt.close(fig)
        digests.append((hashlib.sha256(png.read_bytes()).hexdigest(), hashlib.sha256(svg.read_bytes()).hexdigest()))
        assert "<dc:date>" not in svg.read_text(encoding="utf-8")
    assert digests[0] == digests[1]


def test_cell_edges():
    assert style.cell_edges([0.1, 0.2, 0.3]) == pytest.approx([0.05, 0.15, 0.25, 0.35])
    assert style.cell_edges([2.0]) == [1.5, 2.5]


def test_tables_fit_and_page():
    df = pd.DataFrame({"sentence_id": [f"000.p{i}.s1" for i in range(20)], "value": [1.57143e8] * 20,
                       "note": ["x" * 300] * 20, "verdict": ["consistent"] * 20})
    t = html_table(df, key="verdict", page_size=15)._repr_html_()
    assert 'data-page-size="15"' in t and "llmrace-long" in t
    assert t.index("<th scope=\"col\">verdict</th>") < t.index("sentence id")  # key column first, readable header
    assert "<details><summary>" in t  # long notes behind a disclosure
    assert "1.57143e+08" not in t and "157.1 million" in t
    assert 'data-label="note"' in t and "llmrace-verdict-consistent" in t
    short = html_table(df.head(3))._repr_html_()
    assert "data-page-size" not in short
