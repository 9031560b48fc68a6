"""Benchmark (not a test): time to build a user's book for N articles, printed per stage.

The folder is made of real articles replicated to N files (the user-book fixture, the dev-set page
articles pg_*.txt and the five seeds, cycled; copy k of an article gets a one-line suffix so no two files
are identical). Target: 500 articles in under 5 minutes on the 2-core project machine.

    .venv/bin/python benchmarks/bench_userbook.py --n 50 500 [--jobs 2] [--work /tmp/userbook-bench]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sources() -> list[Path]:
    files = sorted((ROOT / "tests" / "fixtures" / "userbook" / "articles").glob("*.*"))
    files += sorted((ROOT / "tests" / "devset" / "articles").glob("pg_*.txt"))
    files += sorted((ROOT / "seeds").glob("*.txt"))
    return [p for p in files if p.suffix.lower() in (".txt", ".md")]


def make_folder(n: int, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    src = sources()
    for i in range(n):
        p = src[i % len(src)]
        data = p.read_bytes() + f"\n\n（副本 {i // len(src) + 1}）\n".encode("utf-8")
        (folder / f"article-{i + 1:04d}{p.suffix}").write_bytes(data)
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[50, 500])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/userbook-bench"))
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "lib"))
    from llmrace.userbook import build

    results = {}
    for n in args.n:
        folder = make_folder(n, args.work / f"articles-{n}")
        out = args.work / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        print(f"== {n} articles ({sum(p.stat().st_size for p in folder.iterdir()) / 1e6:.2f} MB), --jobs {args.jobs}")
        t0 = time.perf_counter()
        times = build(folder, out, jobs=args.jobs)
        times["wall"] = time.perf_counter() - t0
        results[n] = times
    stages = [k for k in next(iter(results.values())) if "(cpu)" not in k]
    print("\n| stage | " + " | ".join(f"{n} articles: wall (cpu)" for n in results) + " |")
    print("|---|" + "---|" * len(results))
    for s in stages:
        print(f"| {s} | " + " | ".join(f"{results[n][s]:.1f} s" + (f" ({results[n][s + ' (cpu)']:.1f} s)" if s + " (cpu)" in results[n] else "")
                                      for n in results) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
