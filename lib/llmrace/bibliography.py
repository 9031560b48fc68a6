"""The book's bibliography (references.bib)."""
from __future__ import annotations

from pathlib import Path


def bib_keys(bib_path: Path | str) -> set[str]:
    """Citation keys of a BibTeX file (parsed with pybtex, so a malformed file fails loudly)."""
    from pybtex.database import parse_file

    return set(parse_file(str(bib_path), bib_format="bibtex").entries.keys())
