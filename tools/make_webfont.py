"""Subset the Noto Sans CJK SC that mplfonts ships to the characters the book uses; write it as WOFF2.

The characters come from everything the book renders: the generated source pages (cleaned text,
original script, cleaning report, catalog), the notebooks (markdown, code and outputs), the book's
Markdown pages and _toc.yml, plus a fixed base set (ASCII, CJK punctuation, full-width forms). Only
the CJK ranges matter on the page (the @font-face in _static/llmrace.css has a unicode-range).
The output is deterministic (no timestamps) and rewritten only when it changes, so Make and Sphinx see
no change on a no-change build. Usage: python tools/make_webfont.py [--out _static/fonts/llmrace-cjk.woff2]
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_static" / "fonts" / "llmrace-cjk.woff2"
BASE = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0x3000, 0x3040)) + \
    "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "“”‘’…—·"


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime, data in out.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith("json"):
                    parts.append(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))
    return "\n".join(parts)


def book_files(root: Path = ROOT) -> list[Path]:
    """The files whose characters the font must cover, sorted."""
    files = [*root.glob("*.md"), root / "_toc.yml", root / "_config.yml", root / "references.bib", *root.glob("sources/*.md"),
             *root.glob("notebooks/*.ipynb"), *root.glob("notebooks/generic/*.ipynb"), *root.glob("notebooks/*.md"), root / "seeds" / "catalog.csv"]
    return sorted(p for p in files if p.is_file() and p.name != "README.md")


def book_chars(files: list[Path]) -> str:
    chars = set(BASE)
    for p in files:
        text = _notebook_text(p) if p.suffix == ".ipynb" else p.read_text(encoding="utf-8", errors="replace")
        chars.update(text)
    return "".join(sorted(c for c in chars if c.isprintable() or c == " "))


def subset(chars: str, source: Path) -> bytes:
    from fontTools import subset as fts
    from fontTools.ttLib import TTFont

    options = fts.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep vertical forms, proportional punctuation etc.
    options.name_IDs = ["*"]  # keep the font's names and its OFL licence notice
    options.notdef_outline = True
    font = TTFont(str(source), recalcTimestamp=False, lazy=True)
    sub = fts.Subsetter(options)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff2"
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "lib"))
    from llmrace.style import cjk_font_path

    files = book_files()
    chars = book_chars(files)
    data = subset(chars, cjk_font_path())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    han = sum("\u3400" <= c <= "\u9fff" for c in chars)
    if args.out.exists() and args.out.read_bytes() == data:
        print(f"web font unchanged: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
        return 0
    args.out.write_bytes(data)
    print(f"web font: {len(chars)} characters ({han} Han) from {len(files)} files -> {args.out.name}, "
          f"{len(data) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
