"""Deterministic, escaped HTML tables with provenance links, for the chapters' outputs.

pandas' Styler stamps random ids into its HTML (which breaks byte-identical re-runs); these tables
carry no ids, escape every cell (seed text can contain markup), and can link a column to the source
page of a sentence.
"""
from __future__ import annotations

import html
import math
from typing import Callable, Mapping

import pandas as pd

SOURCES_DIR = "sources"  # source pages live at sources/seed_SSS.* in the book


def source_page(seed: str) -> str:
    """Document name of a seed's source page in the book (without suffix)."""
    return f"{SOURCES_DIR}/seed_{seed}"


def sentence_href(sentence_id: str, prefix: str = "../") -> str:
    """Link from a chapter page (in notebooks/) to a sentence anchor on its seed's source page."""
    seed = sentence_id.split(".")[0]
    return f"{prefix}{source_page(seed)}.html#s{sentence_id.replace('.', '-')}"


class HTMLTable:
    """An HTML table that IPython displays as HTML and that has a stable plain-text form."""

    def __init__(self, body: str, plain: str):
        self.body = body
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.body

    def __repr__(self) -> str:
        return self.plain


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float):
        return f"{v:,.6g}" if abs(v) < 1e15 else f"{v:.3e}"
    return str(v)


def html_table(df: pd.DataFrame, links: Mapping[str, Callable[[object], str | None]] | None = None,
               caption: str | None = None, index: bool = False, classes: str = "llmrace-table") -> HTMLTable:
    """Render df as an escaped HTML table; `links` maps a column to a function giving each cell's href."""
    links = links or {}
    cols = list(df.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in ([df.index.name or ""] if index else []) + cols)
    rows = []
    for idx, row in df.iterrows():
        cells = [f"<th>{html.escape(_cell(idx))}</th>"] if index else []
        for c in cols:
            text = html.escape(_cell(row[c]))
            href = links[c](row[c]) if c in links and _cell(row[c]) else None
            cells.append(f'<td><a href="{html.escape(href)}">{text}</a></td>' if href else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = (f'<div class="table-wrapper"><table class="{classes}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
    plain = f"<table: {len(df)} rows x {len(cols)} columns: {', '.join(map(str, cols))}>"
    return HTMLTable(body, plain)
