"""Labelling aid for tests/holdout/ (no extractor involved): checks that every label's surface is on its line and
that the columns and kinds are valid, then lists digit runs and Chinese-numeral+classifier runs that no label covers,
so the labeller can re-read them. It never proposes a label.

    python tests/holdout/check_labels.py
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NUM_COLS = "line,surface,kind,value,low,high,unit,counted,qualifier,iso,note".split(",")
ENT_COLS = "line,surface,canonical,category,note".split(",")
KINDS = {"money", "percent", "count", "params", "compute", "date", "time", "other"}
CATS = {"company", "model", "chip", "institution"}
QUALS = {"approximate", "lower-bound", "upper-bound", "vague", "range", "forecast", "inferred-year", "relative-date", ""}
RUN = re.compile(r"[0-9][0-9.,:\-]*|[零〇一二两三四五六七八九十百千万亿兩億萬几幾数數]+[个個大家款种種项項位名次倍年月天日层層任件颗顆台块塊]")


def check(ident: str) -> list[str]:
    art = next(p for p in (HERE / "articles").iterdir() if p.stem == ident)
    lines = art.read_text(encoding="utf-8").split("\n")
    problems: list[str] = []
    covered: dict[int, list[tuple[int, int]]] = {}
    for what, cols in (("numeric", NUM_COLS), ("entities", ENT_COLS)):
        with open(HERE / "labels" / f"{ident}.{what}.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != cols:
                problems.append(f"{ident}.{what}: columns {reader.fieldnames}")
            for r in reader:
                n, s = int(r["line"]), r["surface"].replace("\\n", "\n")
                text = "\n".join(lines[n - 1:n + 1]) if "\n" in s else lines[n - 1]
                busy = covered.setdefault(n, []) if what == "numeric" else []
                pos = text.find(s)
                while pos >= 0 and ((s[0].isdigit() and pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] == "."))
                                    or any(a < pos + len(s) and pos < b for a, b in busy)):
                    pos = text.find(s, pos + 1)  # not inside a longer number, not on another label's span
                if pos < 0 or pos >= len(lines[n - 1]):
                    problems.append(f"{ident}.{what}: {r['surface']!r} not on line {n}")
                elif what == "numeric":
                    busy.append((pos, pos + len(s)))
                if what == "numeric":
                    if r["kind"] not in KINDS:
                        problems.append(f"{ident}: bad kind {r['kind']!r}")
                    bad = set(r["qualifier"].split("|")) - QUALS
                    if bad:
                        problems.append(f"{ident}: bad qualifier {bad}")
                    if r["kind"] in ("date", "time") and not r["iso"]:
                        problems.append(f"{ident}: date without iso {r['surface']!r}")
                    if r["kind"] not in ("date", "time") and not (r["value"] or (r["low"] and r["high"])):
                        problems.append(f"{ident}: no value/range {r['surface']!r}")
                elif r["category"] not in CATS:
                    problems.append(f"{ident}: bad category {r['category']!r}")
    for n, line in enumerate(lines, 1):
        for m in RUN.finditer(line):
            if not any(a < m.end() and m.start() < b for a, b in covered.get(n, [])):
                print(f"  unlabelled run {ident}:{n} {m.group()!r}  …{line[max(0, m.start() - 8):m.end() + 8]}…")
    return problems


if __name__ == "__main__":
    ids = sorted(p.stem for p in (HERE / "articles").iterdir())
    problems = [p for i in ids for p in check(i)]
    print("\n".join(problems) or f"{len(ids)} articles: every surface is on its line")
    sys.exit(1 if problems else 0)
