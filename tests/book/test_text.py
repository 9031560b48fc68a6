"""The built pages as a reader sees them: no raw markup, no e-notation, no file paths as alt text.

Visible text is every text node outside <script>, <style>, <pre> and <code> (the folded parameters cell
and the command examples are code, where `175e9` and backticks belong), <head> and hidden print-only
headers are skipped too. These failures all reached readers once (issue 14) while the strict build passed.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from llmrace.fmt import E_NOTATION

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
PAGES = sorted([*HTML.glob("notebooks/*.html"), *HTML.glob("sources/*.html"), HTML / "glossary.html"]) if HTML.exists() else []
RAW_MARKUP = [
    ("a glue role", re.compile(r"\{glue(:\w+)?\}")),
    ("a citation role", re.compile(r"\{cite(:\w+)?\}")),
    ("a glossary role", re.compile(r"\{term\}")),
    ("a MyST role", re.compile(r"\{[a-z][\w-]*(:[\w-]+)?\}`")),
    ("an escaped dollar", re.compile(r"\\\$")),
    ("raw inline math", re.compile(r"\\\(|\\\)")),
    ("a substitution", re.compile(r"\{\{\s*\w+\s*\}\}")),
]
SKIP = {"script", "style", "pre", "code", "head", "noscript", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.chunks: list[str] = []
        self.imgs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not any(t in SKIP for t in self.stack):
            self.chunks.append(data)


def _parse(path: Path) -> _Text:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _rel(path: Path) -> str:
    return str(path.relative_to(HTML))


def _context(text: str, m: re.Match) -> str:
    return text[max(0, m.start() - 60): m.end() + 60].replace("\n", " ")


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_raw_markup_in_visible_text(built, page):
    text = " ".join(_parse(page).chunks)
    found = [f"{what}: …{_context(text, m)}…" for what, rx in RAW_MARKUP for m in rx.finditer(text)]
    assert not found, f"{_rel(page)} shows raw markup:\n" + "\n".join(found[:20])


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_e_notation_in_visible_text(built, page):
    text = " ".join(_parse(page).chunks)
    found = [f"…{_context(text, m)}…" for m in E_NOTATION.finditer(text)]
    assert not found, f"{_rel(page)} shows numbers in e-notation:\n" + "\n".join(found[:20])


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_image_alt_text_is_words_not_a_path(built, page):
    bad = []
    for img in _parse(page).imgs:
        alt = (img.get("alt") or "").strip()
        src = img.get("src") or ""
        if not alt or re.search(r"\.(png|svg|jpe?g|gif|webp)\b", alt, re.I) or ("/" in alt and " " not in alt) \
                or alt == src or len(alt.split()) < 3:
            bad.append((src, alt))
    assert not bad, f"{_rel(page)}: images whose alt text is a file path or empty: {bad}"


def test_every_chart_has_png_and_svg_downloads(built):
    """Each figure of a chapter has its PNG and SVG next to its CSV, linked from the page."""
    missing = []
    for page in HTML.glob("notebooks/*.html"):
        html = page.read_text(encoding="utf-8")
        for name in sorted(set(re.findall(r'<figure[^>]*id="(fig-[\w-]+)"', html))):
            for ext in ("png", "svg"):
                if not re.search(rf'href="[^"]*{re.escape(name)}\.{ext}"', html):
                    missing.append(f"{_rel(page)}: {name}.{ext}")
    assert not missing, missing


def test_downloaded_svgs_are_deterministic_files(built):
    """The SVG downloads carry no date stamp and use the fixed hash salt (so rebuilds are identical)."""
    svgs = sorted(HTML.glob("_downloads/*/*.svg"))
    assert svgs, "no SVG downloads in the book"
    for svg in svgs:
        head = svg.read_text(encoding="utf-8")[:2000]
        assert "<dc:date>" not in head, svg


def test_no_code_cell_source_on_chapter_pages(built):
    """Every code cell is removed from the page except the parameters cell, which is folded."""
    for page in HTML.glob("notebooks/*.html"):
        html = page.read_text(encoding="utf-8")
        inputs = re.findall(r'<div class="cell_input[^"]*"', html)
        folded = re.findall(r"<details class=\"[^\"]*above-input", html)
        assert len(inputs) <= 1, f"{_rel(page)}: {len(inputs)} code cells shown"
        if inputs:
            assert 'tag_parameters' in html and folded, f"{_rel(page)}: the parameters cell is not folded"
