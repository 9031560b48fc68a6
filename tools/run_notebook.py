"""Execute one notebook with papermill into a scratch copy, strip volatile metadata, then replace the original.

On failure the executed copy (with the error) is kept under _build/reports/ and the committed notebook
is left untouched. Usage: python tools/run_notebook.py notebooks/00_corpus.ipynb [-p name value ...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import papermill as pm

ROOT = Path(__file__).resolve().parents[1]
VOLATILE_CELL_KEYS = ("papermill", "execution")


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run-specific metadata (timestamps, durations, papermill bookkeeping)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("notebook", type=Path)
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    ap.add_argument("--output", type=Path, help="write here instead of replacing the notebook")
    args = ap.parse_args(argv)
    nb_path = args.notebook.resolve()
    scratch = ROOT / "_build" / "reports" / nb_path.name
    scratch.parent.mkdir(parents=True, exist_ok=True)
    params = {k: _value(v) for k, v in args.parameter}
    try:
        pm.execute_notebook(str(nb_path), str(scratch), parameters=params, cwd=str(nb_path.parent),
                            kernel_name="python3", progress_bar=False, log_output=False)
    except Exception as e:  # papermill raises PapermillExecutionError with the failing cell
        print(f"{nb_path.name}: execution failed; the executed copy is kept at {scratch}\n{e}", file=sys.stderr)
        return 1
    nb = strip_volatile(nbformat.read(scratch, as_version=4))
    target = args.output or nb_path
    nbformat.write(nb, str(target))
    scratch.unlink()
    return 0


def _value(text: str):
    """Parse a -p value as YAML-ish: numbers, booleans, lists; else the string."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


if __name__ == "__main__":
    sys.exit(main())
