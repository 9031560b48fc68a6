"""Throughput of the whole pipeline (load, clean, convert, segment, claims, entities) vs bare jieba.lcut.

    python benchmarks/bench_pipeline.py [--mb 5] [--jobs 2]

The seeds are replicated into a temporary directory under distinct ids until the corpus holds at least
--mb megabytes. Documents are streamed one at a time (memory stays flat). Throughput is measured in MB of
cleaned text per second for both the pipeline and bare `jieba.lcut` over the same cleaned texts.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))


def replicate(seeds: Path, out: Path, mb: float) -> list[Path]:
    files = sorted(seeds.glob("*.txt"))
    total, n, paths = 0, 0, []
    while total < mb * 1_000_000:
        for f in files:
            p = out / f"{n:05d}_{f.stem.split('_', 1)[-1]}.txt"
            shutil.copyfile(f, p)
            paths.append(p)
            total += p.stat().st_size
            n += 1
    return paths


def process(path: Path, with_words: bool = False) -> tuple[int, int, int]:
    """Full pipeline for one file; returns (cleaned bytes, claims, entity mentions).

    With `with_words`, the cleaned text is also segmented into words (jieba.lcut with the domain dictionary).
    """
    from llmrace import load_document
    from llmrace.claims import extract_claims
    from llmrace.entities import extract_entities
    from llmrace.segment import words

    doc = load_document(path)
    c = extract_claims(doc, 2023)
    e = extract_entities(doc)
    if with_words:
        words(doc.text)
    return len(doc.text.encode("utf-8")), len(c), len(e)


def warm() -> None:
    """Build jieba's prefix dict, OpenCC and the gazetteer regex once (excluded from timings)."""
    import jieba

    from llmrace import build_document
    from llmrace.claims import extract_claims
    from llmrace.entities import extract_entities
    from llmrace.segment import quiet_jieba

    quiet_jieba()
    jieba.initialize()
    d = build_document("百度发布文心一言，成本5.45亿美元。", "999")
    extract_claims(d, 2023)
    extract_entities(d)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel run (speed-up printed)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = ap.parse_args(argv)
    import jieba

    from llmrace import load_document

    warm()
    with tempfile.TemporaryDirectory() as tmp:
        paths = replicate(args.seeds, Path(tmp), args.mb)
        raw = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} files, {raw / 1e6:.2f} MB raw")

        t = time.perf_counter()
        clean_bytes = claims = ents = 0
        for p in paths:
            b, c, e = process(p)
            clean_bytes += b
            claims += c
            ents += e
        t_pipe = time.perf_counter() - t
        mb = clean_bytes / 1e6
        print(f"pipeline (1 process): {t_pipe:.2f} s, {mb / t_pipe:.3f} MB/s of cleaned text "
              f"({claims} claims, {ents} entity mentions)")

        # bare jieba.lcut over the same cleaned texts (the seeds' cleaned texts, repeated like the corpus)
        unique = {p.name.split("_", 1)[1]: load_document(p).text for p in paths[: len(list(args.seeds.glob('*.txt')))]}
        texts = [unique[p.name.split("_", 1)[1]] for p in paths]
        t = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        t_jieba = time.perf_counter() - t
        print(f"bare jieba.lcut:      {t_jieba:.2f} s, {mb / t_jieba:.3f} MB/s of cleaned text")
        print(f"ratio pipeline/jieba: {t_jieba / t_pipe:.2f}x (target >= 0.8x)")

        # the same pipeline plus word segmentation of every document (what the corpus chapter adds for TF-IDF)
        from llmrace.segment import words

        words("预热")
        t = time.perf_counter()
        for p in paths:
            process(p, with_words=True)
        t_words = time.perf_counter() - t
        print(f"pipeline + words:     {t_words:.2f} s, {mb / t_words:.3f} MB/s "
              f"(ratio to bare jieba {t_jieba / t_words:.2f}x; word segmentation is ~{100 * t_jieba / t_words:.0f}% of it)")

        if args.jobs > 1:
            ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
            with ctx.Pool(args.jobs, initializer=warm) as pool:
                pool.map(process, paths[: args.jobs])  # warm the workers
                t = time.perf_counter()
                for _ in pool.imap_unordered(process, paths, chunksize=4):
                    pass
                t_par = time.perf_counter() - t
            print(f"pipeline ({args.jobs} jobs): {t_par:.2f} s, {mb / t_par:.3f} MB/s, speed-up {t_pipe / t_par:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
