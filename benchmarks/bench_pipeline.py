"""Throughput of the whole pipeline (load, clean, convert, segment, claims, entities) vs bare jieba.lcut,
and the claims engine against JioNLP (money and time) on the development set.

    python benchmarks/bench_pipeline.py [--mb 5] [--jobs 2] [--no-jionlp]

JioNLP (`jionlp`, Apache-2.0) is only benchmarked, never used at run time, so it is not in requirements.txt:
install it to compare (`pip install jionlp==1.5.31`); without it that part is skipped with a message.

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
sys.path.insert(0, str(ROOT / "tests"))  # tests/devset/load.py: the development set and its scoring


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
    ap.add_argument("--no-jionlp", action="store_true", help="skip the JioNLP comparison")
    ap.add_argument("--jionlp-seconds", type=float, default=30.0, help="time budget for JioNLP's throughput run")
    args = ap.parse_args(argv)
    import jieba

    from llmrace import load_document

    warm()
    with tempfile.TemporaryDirectory() as tmp:
        paths = replicate(args.seeds, Path(tmp), args.mb)
        raw = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} files, {raw / 1e6:.2f} MB raw")

        t, c0 = time.perf_counter(), time.process_time()
        clean_bytes = claims = ents = 0
        for p in paths:
            b, c, e = process(p)
            clean_bytes += b
            claims += c
            ents += e
        t_pipe, cpu_pipe = time.perf_counter() - t, time.process_time() - c0
        mb = clean_bytes / 1e6
        print(f"pipeline (1 process): {t_pipe:.2f} s, {mb / t_pipe:.3f} MB/s of cleaned text; CPU {cpu_pipe:.2f} s, "
              f"{mb / cpu_pipe:.3f} MB/s ({claims} claims, {ents} entity mentions)")

        # bare jieba.lcut over the same cleaned texts (the seeds' cleaned texts, repeated like the corpus)
        unique = {p.name.split("_", 1)[1]: load_document(p).text for p in paths[: len(list(args.seeds.glob('*.txt')))]}
        texts = [unique[p.name.split("_", 1)[1]] for p in paths]
        t, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            jieba.lcut(text)
        t_jieba, cpu_jieba = time.perf_counter() - t, time.process_time() - c0
        print(f"bare jieba.lcut:      {t_jieba:.2f} s, {mb / t_jieba:.3f} MB/s of cleaned text; CPU {cpu_jieba:.2f} s, "
              f"{mb / cpu_jieba:.3f} MB/s")
        print(f"ratio pipeline/jieba: {t_jieba / t_pipe:.2f}x wall, {cpu_jieba / cpu_pipe:.2f}x CPU (target >= 1.0x; "
              "CPU time is the one to trust on a shared machine)")
        if not args.no_jionlp:
            jionlp_throughput(texts, cpu_pipe / mb, args.jionlp_seconds)

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
    if not args.no_jionlp:
        jionlp_accuracy()
        jionlp_accuracy(held_out=True)
    return 0


def _jionlp():
    try:
        import jionlp  # noqa: F401
    except ImportError:
        return None
    return jionlp


def jionlp_throughput(texts: list[str], pipe_s_per_mb: float, budget: float) -> None:
    """JioNLP's money and time extractors over the same cleaned texts (as many as fit in `budget` seconds)."""
    jio = _jionlp()
    if jio is None:
        print("JioNLP: not installed (pip install jionlp==1.5.31 to compare) - throughput comparison skipped")
        return
    import logging

    logging.getLogger().setLevel(logging.CRITICAL)  # JioNLP logs a traceback for every string its parser rejects
    jio.ner.extract_money("预热 5 亿元")
    jio.ner.extract_time("预热 2023年3月", time_base={"year": 2023, "month": 3, "day": 1})
    done = 0
    t, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        jio.ner.extract_money(text)
        jio.ner.extract_time(text, time_base={"year": 2023, "month": 3, "day": 1})
        done += len(text.encode("utf-8"))
        if time.perf_counter() - t > budget:
            break
    dt, cpu = time.perf_counter() - t, time.process_time() - c0
    print(f"JioNLP {jio.__version__} extract_money + extract_time: {dt:.2f} s wall, {cpu:.2f} s CPU for {done / 1e6:.2f} MB: "
          f"{done / 1e6 / cpu:.3f} MB/s CPU of the same cleaned text (the whole llmrace pipeline: {1 / pipe_s_per_mb:.3f} MB/s CPU)")


def _iso_interval(iso: str):
    """A label's ISO date as (first day, last day) strings, or None ('2023' -> 2023-01-01..2023-12-31)."""
    import calendar
    import re

    iso = str(iso).strip()
    if "/" in iso:
        a, b = iso.split("/", 1)
        ia, ib = _iso_interval(a), _iso_interval(b)
        return (ia[0], ib[1]) if ia and ib else None
    if m := re.fullmatch(r"(\d{4})", iso):
        return f"{iso}-01-01", f"{iso}-12-31"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", iso):
        y, mo = int(m.group(1)), int(m.group(2))
        return f"{iso}-01", f"{iso}-{calendar.monthrange(y, mo)[1]:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso, iso
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", iso):
        y, q = int(m.group(1)), int(m.group(2))
        return f"{y}-{3 * q - 2:02d}-01", f"{y}-{3 * q:02d}-{calendar.monthrange(y, 3 * q)[1]:02d}"
    if m := re.fullmatch(r"(\d{4})-H([12])", iso):
        y, h = m.group(1), m.group(2)
        return (f"{y}-01-01", f"{y}-06-30") if h == "1" else (f"{y}-07-01", f"{y}-12-31")
    return None


CURRENCY_CASE = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR", "日元": "JPY",
                 "英镑": "GBP", "澳门元": "MOP", "澳元": "AUD", "韩元": "KRW", "新台币": "TWD"}


def _jio_money_ok(label: dict, detail: dict) -> bool:
    from devset.load import _close

    cur = CURRENCY_CASE.get(str(detail.get("case", "")), str(detail.get("case", "")))
    if str(label["unit"]).strip() and cur != label["unit"]:
        return False
    num = detail.get("num")
    if isinstance(num, list):
        return _close(label["low"], num[0]) and _close(label["high"], num[1])
    return _close(label["value"], num)


def _span_of(detail) -> tuple[str, str] | None:
    """JioNLP's parsed time as (start, end) 'YYYY-MM-DD hh:mm:ss' strings, when it is a point or a span."""
    t = detail.get("time") if isinstance(detail, dict) else None
    if isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t):
        return t[0], t[1]
    return None


def jionlp_accuracy(held_out: bool = False) -> None:
    """Money and date/time labels of the development set (or of the held-out set): found (overlapping span) and read
    right, llmrace vs JioNLP."""
    jio = _jionlp()
    if jio is None:
        print("JioNLP: not installed (pip install jionlp==1.5.31 to compare) - accuracy comparison skipped")
        return
    try:
        from devset.load import DEVSET, HOLDOUT, _overlap, article_ids, load_devset, value_matches
    except ImportError:
        print("JioNLP comparison: tests/devset not found - skipped")
        return
    root, name = (HOLDOUT, "held-out set") if held_out else (DEVSET, "development set")
    if not article_ids(root):
        print(f"JioNLP comparison: no labelled articles in {root} - skipped")
        return
    import pandas as pd

    from llmrace import build_document
    from llmrace.claims import extract_claims, parse_pub_date

    import logging

    logging.getLogger().setLevel(logging.CRITICAL)  # JioNLP logs a traceback for every string its parser rejects
    docs = load_devset(root=root)
    n = {k: [0, 0, 0, 0, 0] for k in ("money", "date", "time", "money (reader on the label's surface)")}
    for d in docs:
        text = d.doc.text
        ours = extract_claims(d.doc, d.pub_date).to_dict("records")
        y, mo, day = parse_pub_date(d.pub_date)
        base = {"year": y or 2023, "month": mo or 6, "day": day or 15}
        jm = [(d.doc.orig_span(*x["offset"]), x["detail"]) for x in jio.ner.extract_money(text, with_parsing=True)]
        try:
            jt = [(d.doc.orig_span(*x["offset"]), x["detail"]) for x in jio.ner.extract_time(text, time_base=base, with_parsing=True)]
        except Exception:  # JioNLP's time parser raises on some inputs
            jt = []
        for lab in d.numeric.to_dict("records"):
            kind = lab["kind"]
            if kind not in ("money", "date", "time") or lab["orig_start"] < 0:
                continue
            span = (lab["orig_start"], lab["orig_end"])
            row = n[kind]
            row[0] += 1
            mine = [c for c in ours if c["kind"] == kind and _overlap(*span, c["orig_start"], c["orig_end"])]
            row[1] += bool(mine)
            row[2] += any(value_matches(lab, c) for c in mine)
            theirs = [det for (s, e), det in (jm if kind == "money" else jt) if _overlap(*span, s, e)]
            row[3] += bool(theirs)
            if kind == "money":
                row[4] += any(_jio_money_ok(lab, det) for det in theirs)
            elif kind == "date":
                want = _iso_interval(lab["iso"])
                row[4] += bool(want) and any((t := _span_of(det)) and (t[0][:10], t[1][:10]) == want for det in theirs)
            else:
                hm = str(lab["iso"]).lstrip("T")[:5]
                row[4] += any((t := _span_of(det)) and t[0][11:16] == hm for det in theirs)
            if kind == "money":  # the reader alone: the label's exact surface
                r = n["money (reader on the label's surface)"]
                r[0] += 1
                surface = str(lab["surface"]).replace("\\n", "\n")
                c = extract_claims(build_document(surface, "900"), d.pub_date)
                c = c[c.kind == "money"].to_dict("records")
                r[1] += bool(c)
                r[2] += bool(c) and value_matches(lab, c[0])
                try:
                    pm = jio.parse_money(surface)
                    r[3] += 1
                    r[4] += _jio_money_ok(lab, pm)
                except Exception:
                    pass
    table = pd.DataFrame([dict(labels=v[0], llmrace_found=v[1], llmrace_value=v[2], jionlp_found=v[3], jionlp_value=v[4])
                          for v in n.values()], index=list(n))
    print(f"\nllmrace vs JioNLP {jio.__version__} on the {name} ({len(docs)} articles; found = a claim overlapping the "
          "label's span, value = read right too; JioNLP money via ner.extract_money / parse_money, dates and times via "
          "ner.extract_time with the publication date as time_base):")
    print(table.to_string())
    print("note: llmrace's lexicon was developed while reading the development set; JioNLP's was not: the held-out "
          "set (articles labelled after the engine was frozen) is the fair comparison." if not held_out else
          "note: neither engine was developed on the held-out set.")


if __name__ == "__main__":
    sys.exit(main())
