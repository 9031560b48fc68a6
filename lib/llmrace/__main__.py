"""Command line: python -m llmrace claims|entities|registry-todo [SEEDS_DIR] [--format csv|json]."""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .load import SeedError


def _default_seeds() -> Path:
    from .registry import repo_root

    return repo_root() / "seeds"


def _write(df, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")


def suggest_reason(claim: dict) -> str:
    """A first-draft reason for ignoring a claim (edit it before committing)."""
    s, sent, kind, unit = claim["surface"], claim["sentence"], claim["kind"], claim["unit"]
    i = sent.find(s)
    ctx = sent[max(0, i - 10):i + len(s) + 8].replace("\n", " ")
    if kind == "date":
        return f"background date in the narrative, not analysed: …{ctx}…"
    if unit in ("years", "months", "weeks", "days", "years of age"):
        return f"narrative time span, not a quantity the book analyses: …{ctx}…"
    if kind == "count" and unit in ("people", "children", "times"):
        return f"narrative detail (people/anecdote): …{ctx}…"
    return f"not used by any chapter yet ({kind}): …{ctx}…"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "sources":  # python -m llmrace sources SEEDS_DIR [OUT_DIR]: the book's source pages
        from .sources import main as sources_main

        return sources_main(argv[1:])
    if argv and argv[0] == "userbook":  # python -m llmrace userbook SEEDS OUT [--jobs N]: a user's book
        from .userbook import main as userbook_main

        return userbook_main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m llmrace", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, help_ in [("claims", "numeric claims of every seed"), ("entities", "gazetteer entity mentions"),
                        ("cooccurrence", "entity pairs co-mentioned in a sentence"),
                        ("registry-todo", "unregistered, unignored claims as rows for data/claims_ignored.csv")]:
        p = sub.add_parser(name, help=help_)
        p.add_argument("seeds_dir", nargs="?", default=None, help="directory of seed *.txt files (default: repo seeds/)")
        if name != "registry-todo":
            p.add_argument("--format", choices=["csv", "json"], default="csv")
        else:
            p.add_argument("--write", action="store_true",
                           help="rewrite data/claims_ignored.csv: drop stale/obsolete rows, keep reasons, append drafts")
    args = ap.parse_args(argv)
    seeds = Path(args.seeds_dir) if args.seeds_dir else _default_seeds()
    try:
        if args.cmd == "claims":
            from .claims import corpus_claims

            _write(corpus_claims(seeds), args.format)
        elif args.cmd == "entities":
            from .entities import corpus_entities

            _write(corpus_entities(seeds), args.format)
        elif args.cmd == "cooccurrence":
            from .entities import cooccurrence, corpus_entities

            _write(cooccurrence(corpus_entities(seeds)), args.format)
        else:
            from .claims import corpus_claims
            from .registry import load_ignored, load_registry, stale_ignores, unregistered

            claims = corpus_claims(seeds)
            reg, ignored = load_registry(), load_ignored()
            todo = unregistered(reg, claims, ignored)
            if args.write:
                from .registry import repo_root

                stale = set(stale_ignores(reg, claims, ignored)["claim_key"])
                keep = ignored[ignored["claim_key"].isin(set(claims["claim_key"]) - stale)]
                rows = [dict(r) for r in keep.to_dict("records")]
                rows += [dict(claim_key=c["claim_key"], surface=c["surface"], reason=suggest_reason(c)) for c in todo.to_dict("records")]
                order = {k: i for i, k in enumerate(claims["claim_key"])}
                rows.sort(key=lambda r: order[r["claim_key"]])
                path = repo_root() / "data" / "claims_ignored.csv"
                with open(path, "w", newline="", encoding="utf-8") as f:
                    w = csv.DictWriter(f, fieldnames=["claim_key", "surface", "reason"], lineterminator="\n", extrasaction="ignore")
                    w.writeheader()
                    w.writerows(rows)
                print(f"{path}: {len(rows)} rows ({len(ignored) - len(keep)} removed, {len(todo)} drafts added)", file=sys.stderr)
                return 0
            w = csv.writer(sys.stdout, lineterminator="\n")
            for c in todo.to_dict("records"):
                w.writerow([c["claim_key"], c["surface"], suggest_reason(c)])
            for r in stale_ignores(reg, claims, ignored).to_dict("records"):
                print(f"stale ignore (registered now, delete this row): {r['claim_key']},{r['surface']}", file=sys.stderr)
    except SeedError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
