"""Determinism check: two runs of the book must produce the same bytes.

--notebooks  re-execute every notebook (tools/run_notebook.py --output into a temp dir) and compare it
             byte for byte with the committed, executed notebook;
--html       build the book from scratch into a temp dir (jupyter-book build --path-output) and compare
             every file with _build/html (run `make html` first).

Known, documented exceptions (README "Determinism"): none in the pages themselves. Files that are
build bookkeeping, not part of what readers get, are skipped: `.buildinfo` (holds a hash of the Sphinx
configuration, which includes the absolute source path) and `.doctrees`. Exit status 1 on any difference.
"""
from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SKIP = {".buildinfo", ".built"}  # .built: the Makefile's stamp for the last build


def compare_notebooks(tmp: Path) -> list[str]:
    problems = []
    book = ROOT / "notebooks"
    for nb in sorted([*book.glob("*.ipynb"), *book.glob("generic/*.ipynb")]):
        out = tmp / nb.relative_to(book)
        out.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        run = subprocess.run([sys.executable, str(ROOT / "tools" / "run_notebook.py"), str(nb), "--output", str(out)],
                             capture_output=True, text=True, timeout=1200)
        if run.returncode != 0:
            problems.append(f"{nb.name}: execution failed: {run.stderr.strip()[-500:]}")
            continue
        same = out.read_bytes() == nb.read_bytes()
        print(f"  {nb.relative_to(book)}: re-executed in {time.time() - t0:.1f} s, {'identical' if same else 'DIFFERENT'}")
        if not same:
            diff = difflib.unified_diff(nb.read_text(encoding="utf-8").splitlines(), out.read_text(encoding="utf-8").splitlines(),
                                        "committed", "re-executed", n=1, lineterm="")
            problems.append(f"{nb.name}: re-execution differs:\n" + "\n".join(list(diff)[:40]))
    return problems


def _files(d: Path) -> set[str]:
    return {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and p.name not in SKIP
            and ".doctrees" not in p.parts}


def compare_html(tmp: Path, reference: Path) -> list[str]:
    if not (reference / "index.html").exists():
        return [f"{reference} has no build: run `make html` first"]
    t0 = time.time()
    run = subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(tmp), "--builder", "html",
                          "-W", "--keep-going", "--quiet"], capture_output=True, text=True, timeout=1200,
                         env={**os.environ, "PYTHONHASHSEED": "0"})
    fresh = tmp / "_build" / "html"
    if run.returncode != 0:
        return [f"fresh build failed: {run.stdout[-2000:]}{run.stderr[-2000:]}"]
    print(f"  fresh HTML build in {time.time() - t0:.1f} s")
    a, b = _files(reference), _files(fresh)
    problems = [f"only in {reference.name}: {f}" for f in sorted(a - b)] + [f"only in the fresh build: {f}" for f in sorted(b - a)]
    for f in sorted(a & b):
        if not filecmp.cmp(reference / f, fresh / f, shallow=False):
            diff = difflib.unified_diff((reference / f).read_text(encoding="utf-8", errors="replace").splitlines(),
                                        (fresh / f).read_text(encoding="utf-8", errors="replace").splitlines(),
                                        f"a/{f}", f"b/{f}", n=0, lineterm="")
            problems.append(f"differs: {f}\n" + "\n".join(l[:300] for l in list(diff)[:12]))
    print(f"  compared {len(a & b)} files")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notebooks", action="store_true")
    ap.add_argument("--html", action="store_true")
    ap.add_argument("--reference", type=Path, default=ROOT / "_build" / "html")
    args = ap.parse_args(argv)
    if not (args.notebooks or args.html):
        args.notebooks = args.html = True
    problems = []
    with tempfile.TemporaryDirectory(prefix="llmrace-compare-") as tmp:
        if args.notebooks:
            print("notebooks: re-executing and comparing with the committed ones")
            (Path(tmp) / "nb").mkdir()
            problems += compare_notebooks(Path(tmp) / "nb")
        if args.html:
            print("html: fresh build vs", args.reference)
            problems += compare_html(Path(tmp) / "html", args.reference)
    for p in problems:
        print(p, file=sys.stderr)
    print("determinism: " + ("OK, identical" if not problems else f"{len(problems)} difference(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
