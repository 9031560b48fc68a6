"""Cost of ONE large article through the full pipeline, per MB: is it linear? (issue 16, "Limits and linear cost")

    python benchmarks/bench_hostile.py                 # 1, 8 and 32 MB
    python benchmarks/bench_hostile.py --mb 1 8 32 50

For each size a plausible article (real seed lines, each made unique, with a unit-less number on every
line: the case that was quadratic in claims.py) is written to a temporary seeds folder and processed in a
fresh subprocess through the real entry points: Corpus (folder contract, read_seed, clean, convert,
segment), claims.extract_claims, entities.extract_entities and sources.render_page. Printed per size:
CPU seconds per stage (time.process_time, so a busy machine does not inflate them), CPU seconds per MB,
the wall-clock total, and peak resident memory growth (ru_maxrss minus the baseline after
imports) in MB and per input MB. Not a test (timings depend on the machine); tests/test_hostile_scale.py
runs the same worker on 50 MB with generous bounds.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "002_e52ef0fd8177b4fb.txt"


def write_article(path: Path, size: int, salt: str = "") -> int:
    """Write an article of about `size` bytes to `path`; returns its size in bytes."""
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if len(l) > 20]
    n = written = 0
    with path.open("w", encoding="utf-8") as f:
        while written < size:
            line = f"{lines[n % len(lines)]}（{salt}{n}）\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return path.stat().st_size


def worker(seeds_dir: str) -> dict:
    """Run the full pipeline over every seed of seeds_dir (in this process); return the measurements."""
    import gc
    import resource
    import time

    sys.path.insert(0, str(ROOT / "lib"))
    from llmrace import Corpus, build_document
    from llmrace.claims import extract_claims
    from llmrace.entities import extract_entities
    from llmrace.folder import scan
    from llmrace.sources import render_page

    warm = build_document("预热文心一言，3月16日发布，售价9万元。", "000")  # load jieba, OpenCC, regexes
    extract_claims(warm), extract_entities(warm), render_page(warm, {})
    gc.collect()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    folder = scan(seeds_dir)
    out = {"bytes": sum(f.size for f in folder.files), "load": 0.0, "claims": 0.0, "entities": 0.0, "page": 0.0,
           "sentences": 0, "n_claims": 0, "n_entities": 0, "page_chars": 0}
    clock = time.process_time  # CPU seconds of this process: stable on a busy machine, unlike wall time
    wall = time.perf_counter()
    t = clock()
    for doc in Corpus(seeds_dir):
        t1 = clock()
        out["load"] += t1 - t
        claims = extract_claims(doc)
        t2 = clock()
        entities = extract_entities(doc)
        t3 = clock()
        page = render_page(doc, folder.entry(doc.seed))
        t4 = clock()
        out["claims"] += t2 - t1
        out["entities"] += t3 - t2
        out["page"] += t4 - t3
        out["sentences"] += len(doc.sentences)
        out["n_claims"] += len(claims)
        out["n_entities"] += len(entities)
        out["page_chars"] += len(page)
        del doc, claims, entities, page
        t = clock()
    out["seconds"] = out["load"] + out["claims"] + out["entities"] + out["page"]
    out["wall"] = time.perf_counter() - wall
    out["growth"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
    return out


def measure(mb: float, timeout: float = 1800, tmp: Path | None = None) -> dict:
    """Write an article of `mb` MB and run `worker` on it in a fresh subprocess (killed after `timeout` s)."""
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        seeds = Path(d) / "seeds"
        seeds.mkdir()
        write_article(seeds / "600_big.txt", int(mb * 1_000_000))
        env = {**os.environ, "LLMRACE_MAX_BYTES": str(int(mb * 1_000_000) + 10_000_000)}
        run = subprocess.run([sys.executable, __file__, "--worker", str(seeds)], capture_output=True, text=True,
                             timeout=timeout, env=env, cwd=ROOT)
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-3000:])
        return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 8, 32])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    print("CPU seconds per stage (process_time), wall-clock total, peak RSS growth over the post-import baseline")
    print(f"{'MB':>5} {'load s':>7} {'claims s':>8} {'entities s':>10} {'page s':>7} {'CPU s':>8} {'s/MB':>6} "
          f"{'wall s':>7} {'peak +MB':>9} {'MB/MB':>6} {'claims':>8}")
    for mb in args.mb:
        r = measure(mb)
        size = r["bytes"] / 1e6
        print(f"{size:5.1f} {r['load']:7.1f} {r['claims']:8.1f} {r['entities']:10.1f} {r['page']:7.1f} {r['seconds']:8.1f} "
              f"{r['seconds'] / size:6.2f} {r['wall']:7.1f} {r['growth'] / 1e6:9.0f} {r['growth'] / r['bytes']:6.1f} {r['n_claims']:8d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
