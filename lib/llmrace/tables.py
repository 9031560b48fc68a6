"""Deterministic, escaped HTML tables with provenance links, for the chapters' outputs.

pandas' Styler stamps random ids into its HTML (which breaks byte-identical re-runs); these tables
carry no ids, escape every cell (seed text can contain markup), and can link a column to the source
page of a sentence.
"""
from __future__ import annotations

import html
import math
from typing import Callable, Mapping, Sequence

import pandas as pd

from . import fmt
from .html import safe_href

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
    """A cell's text: numbers through llmrace.fmt (never e-notation), missing values empty."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)) or (hasattr(v, "dtype") and getattr(v, "ndim", 1) == 0):
        try:
            return fmt.number(float(v), digits=4)
        except (TypeError, ValueError):
            return str(v)
    return fmt.humanize_text(str(v))


def header_label(column: str) -> str:
    """A column name as a reader sees it: 'sentence_id' -> 'sentence id'."""
    return str(column).replace("_", " ").strip()


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _collapsed(text: str, summary_chars: int) -> str:
    """Escaped text behind a disclosure: the first words as the summary, the whole text when opened."""
    cut = text[:summary_chars].rstrip()
    return (f"<details><summary>{html.escape(cut)}…</summary>{html.escape(text)}</details>")


def html_table(df: pd.DataFrame, links: Mapping[str, Callable[[object], str | None]] | None = None,
               caption: str | None = None, index: bool = False, classes: str = "llmrace-table",
               labels: Mapping[str, str] | None = None, details: Sequence[str] = (), collapse_over: int = 160,
               summary_chars: int = 60, page_size: int = 15, key: str | None = None,
               verdict: str | None = "verdict", plain_words: Sequence[str] = ("quantity",)) -> HTMLTable:
    """Render df as an escaped HTML table that fits the text column.

    `links` maps a column to a function giving each cell's href; `labels` renames columns for readers
    (default: underscores to spaces); cells of the `details` columns, and any cell longer than
    `collapse_over` characters, go behind a <details> disclosure; numeric columns are right-aligned and
    formatted by llmrace.fmt; a table longer than `page_size` rows is paged, sortable and filterable in the
    browser (_static/llmrace-tables.js) with its header in view; `key` names the column shown first and
    bold; the `verdict` column's cells carry a class per verdict; the `plain_words` columns (registry quantity
    names) show underscores as spaces; short one-word cells (ids, amounts) never break.
    """
    links = links or {}
    labels = dict(labels or {})
    cols = list(df.columns)
    if key is not None and key in cols:
        cols = [key] + [c for c in cols if c != key]
    numeric = {c for c in cols if _is_numeric(df[c])}
    names = {c: labels.get(c, header_label(c)) for c in cols}
    head_cells = [f"<th>{html.escape(str(df.index.name or ''))}</th>"] if index else []
    for c in cols:
        cls = ' class="llmrace-num"' if c in numeric else ""
        head_cells.append(f'<th scope="col"{cls}>{html.escape(names[c])}</th>')
    rows = []
    for idx, row in df.iterrows():
        cells = [f"<th>{html.escape(_cell(idx))}</th>"] if index else []
        for c in cols:
            raw = _cell(row[c])
            if c in plain_words:
                raw = raw.replace("_", " ")
            href = safe_href(links[c](row[c])) if c in links and raw else None  # http(s) or relative only
            if href:
                body = f'<a href="{html.escape(href)}">{html.escape(raw)}</a>'
            elif raw and (c in details or len(raw) > collapse_over):
                body = _collapsed(raw, summary_chars)
            elif c == verdict and raw:
                body = f'<span class="llmrace-verdict llmrace-verdict-{html.escape(raw.split()[0].lower())}">{html.escape(raw)}</span>'
            else:
                body = html.escape(raw)
            short = 0 < len(raw) <= 12 and " " not in raw and c not in numeric
            klass = [k for k, on in (("llmrace-num", c in numeric), ("llmrace-key", c == key), ("llmrace-nobr", short)) if on]
            cls = f' class="{" ".join(klass)}"' if klass else ""
            cells.append(f'<td{cls} data-label="{html.escape(names[c])}">{body}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    long = len(df) > page_size > 0
    paged = f' data-page-size="{page_size}"' if long else ""
    box = "llmrace-tablebox llmrace-long" if long else "llmrace-tablebox"
    if len(cols) > 8:  # many columns: headers may break inside words
        classes = f"{classes} llmrace-wide"
    body = (f'<div class="{box}"><table class="{classes}"{paged}>{cap}<thead><tr>{"".join(head_cells)}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
    plain = f"<table: {len(df)} rows x {len(cols)} columns: {', '.join(map(str, cols))}>"
    return HTMLTable(body, plain)
