"""Sphinx extension for the book's presentation.

- A pybtex style ``llmrace`` (the plain style) that renders BibTeX's escaped dollar ``\\$`` (and
  ``\\textdollar``) as ``$``: pybtex keeps the backslash, so ``\\$12M`` reached the page as is.
- Substitutions ``{{ book_version }}`` and ``{{ build_date }}`` taken from the last git commit
  (``git log -1 --format=%cs`` / ``%h``), so two builds of the same commit are byte-identical.
- The tables script (``_static/llmrace-tables.js``) and stylesheet on every page.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from . import fmt

DOLLAR_ESCAPES = ("\\textdollar{}", "\\textdollar ", "\\textdollar", "{\\$}", "\\$")


def unescape_dollars(text: str) -> str:
    """BibTeX's escaped dollar signs as the reader should see them: '\\$12M' -> '$12M'."""
    for esc in DOLLAR_ESCAPES:
        text = text.replace(esc, "$")
    return text


def git_info(root: Path | str) -> dict[str, str]:
    """Version (short hash) and date (YYYY-MM-DD) of the last commit; 'unknown' outside a git checkout."""
    def run(fmt: str) -> str:
        try:
            out = subprocess.run(["git", "log", "-1", f"--format={fmt}"], cwd=str(root), capture_output=True,
                                 text=True, timeout=20, check=True)
            return out.stdout.strip() or "unknown"
        except (OSError, subprocess.SubprocessError):
            return "unknown"

    return {"build_date": run("%cs"), "book_version": run("%h")}


def _make_style():
    from pybtex.style.formatting.plain import Style as Plain

    class Style(Plain):
        """pybtex's plain style with BibTeX dollar escapes rendered as '$'."""

        def format_entry(self, label, entry, bib_data=None):
            for key in list(entry.fields.keys()):
                value = entry.fields[key]
                if "\\$" in value or "\\textdollar" in value:
                    value = entry.fields[key] = unescape_dollars(value)
                if fmt.has_e_notation(value):  # notes written as 3.14e23 read as 3.14 × 10²³
                    entry.fields[key] = fmt.humanize_text(value)
            return super().format_entry(label, entry, bib_data=bib_data)

    return Style


def register_bib_style() -> None:
    from pybtex.plugin import register_plugin

    try:
        register_plugin("pybtex.style.formatting", "llmrace", _make_style(), force=True)
    except Exception:  # already registered in this process (a second build)
        pass


def _config_inited(app, config) -> None:
    subs = dict(getattr(config, "myst_substitutions", {}) or {})
    subs.update(git_info(app.confdir))
    config.myst_substitutions = subs


def setup(app):
    register_bib_style()
    app.connect("config-inited", _config_inited, priority=600)
    app.add_js_file("llmrace-tables.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
