"""Accuracy on the development set (tests/devset/): articles the engine was not written from, labelled by hand.

Each article is loaded through the normal pipeline (llmrace.Corpus over a temporary folder), its claims extracted
with the publication date of its provenance, and scored against its labels (tests/devset/load.py):
a label is *found* by a claim of the same kind whose span in the original file overlaps it, *value-found* when
the reading (value / range / iso, unit) is right too; precision is the share of extracted claims that found a
label. Targets (issue 12): recall >= 0.90, value-recall >= 0.85, precision >= 0.95; entity recall (listed or
discovered, right category) >= 0.85. Every miss kept is listed with its reason in tests/devset/known_misses.csv.
"""
from __future__ import annotations


import pandas as pd
import pytest

import devset.load as devload
from devset.load import article_ids, known_misses, load_devset, score_claims, score_entities
from llmrace.claims import extract_claims
from llmrace.entities import extract_entities

TARGETS = dict(recall=0.90, value_recall=0.85, precision=0.95, entity_recall=0.85)

pytestmark = pytest.mark.skipif(not article_ids(), reason="no labelled articles in tests/devset")


@pytest.fixture(scope="module")
def devdocs():
    return load_devset()


@pytest.fixture(scope="module")
def claims(devdocs):
    return pd.concat([extract_claims(d.doc, d.pub_date) for d in devdocs], ignore_index=True)


@pytest.fixture(scope="module")
def entities(devdocs):
    return pd.concat([extract_entities(d.doc) for d in devdocs], ignore_index=True)


def _fmt(df: pd.DataFrame) -> str:
    return df.to_string(index=False, float_format=lambda x: f"{x:.3f}")


def _key(m: dict) -> tuple[str, str, str]:
    return (str(m["id"]), str(m["line"]), str(m["surface"]))


def test_every_label_is_located(devdocs):
    problems = [p for d in devdocs for p in d.label_problems]
    assert not problems, "labels whose surface is not on their line:\n" + "\n".join(problems)


def test_claims_accuracy(devdocs, claims, report):
    table, misses, extras = score_claims(devdocs, claims)
    kept = known_misses()
    reasons = {(r["id"], r["line"], r["surface"]): r["reason"] for r in kept.to_dict("records")}
    lines = [f"{m['id']}:{m['line']} {m['surface']!r} {m['kind']} ({m['reason']}) -> "
             f"{reasons.get(_key(m), 'UNEXPLAINED')}" for m in misses]
    overall = table[table.kind == "ALL"].iloc[0]
    text = (f"{len(devdocs)} articles, {int(overall.gold)} numeric labels\n" + _fmt(table)
            + f"\ntargets: recall >= {TARGETS['recall']}, value_recall >= {TARGETS['value_recall']}, "
              f"precision >= {TARGETS['precision']}\nmisses ({len(misses)}), reason from tests/devset/known_misses.csv:\n  "
            + "\n  ".join(lines) + f"\nextras ({len(extras)}): "
            + "; ".join(f"{x['id']}:{x['line']} {x['surface']!r} {x['kind']}" for x in extras))
    report("claims engine: precision, recall and value-recall on the development set (tests/devset)", text)
    assert overall.recall >= TARGETS["recall"], text
    assert overall.value_recall >= TARGETS["value_recall"], text
    assert overall.precision >= TARGETS["precision"], text
    unexplained = [m for m in misses if _key(m) not in reasons]
    assert not unexplained, "misses not listed in tests/devset/known_misses.csv:\n" + "\n".join(
        f"{m['id']},{m['line']},{m['surface']},{m['kind']},{m['reason']}: {m['found']}" for m in unexplained)


def test_known_misses_are_still_misses(devdocs, claims):
    """A listed miss the engine now finds must leave the list (the list says what is really missed)."""
    _, misses, _ = score_claims(devdocs, claims)
    current = {_key(m) for m in misses}
    ids = {d.id for d in devdocs}
    stale = [r for r in known_misses().to_dict("records") if r["id"] in ids and (r["id"], r["line"], r["surface"]) not in current]
    assert not stale, "no longer missed, remove from tests/devset/known_misses.csv: " + repr(stale)
    assert all(str(r["reason"]).strip() for r in known_misses().to_dict("records"))


def test_entity_recall(devdocs, entities, report):
    table, misses = score_entities(devdocs, entities)
    overall = table[table.category == "ALL"].iloc[0]
    text = (_fmt(table) + f"\ntarget: recall >= {TARGETS['entity_recall']} (listed or discovered, right category)"
            + f"\nmisses ({len(misses)}): " + "; ".join(f"{m['id']}:{m['line']} {m['surface']!r} {m['category']}"
                                                     f"{' (found ' + m['found'] + ')' if m['found'] else ''}" for m in misses))
    report("entities on the development set (tests/devset)", text)
    assert overall.recall >= TARGETS["entity_recall"], text


# Held-out set (tests/holdout/, same format): articles chosen and labelled after the engine was frozen, never used to
# tune the lexicon or the gazetteer. Reported only (no thresholds): it measures generalisation, and a target would
# invite fitting the engine to it. The dev set's loader and scorers are used unchanged (no known misses apply).
@pytest.fixture(scope="module")
def holdout():
    if not devload.article_ids(devload.HOLDOUT):
        pytest.skip("no labelled articles in tests/holdout")
    return devload, devload.load_devset(root=devload.HOLDOUT)


def test_holdout_report(holdout, report):
    """Held-out accuracy, printed in the pytest summary next to the dev-set tables; only the labels' locations are
    asserted (a label off its line is a data error), never the scores."""
    mod, docs = holdout
    problems = [p for d in docs for p in d.label_problems]
    assert not problems, "holdout labels whose surface is not on their line:\n" + "\n".join(problems)
    claims = pd.concat([extract_claims(d.doc, d.pub_date) for d in docs], ignore_index=True)
    entities = pd.concat([extract_entities(d.doc) for d in docs], ignore_index=True)
    table, misses, extras = mod.score_claims(docs, claims)
    etable, emisses = mod.score_entities(docs, entities)
    overall = table[table.kind == "ALL"].iloc[0]
    text = (f"{len(docs)} articles, {int(overall.gold)} numeric labels (reported only, no thresholds)\n" + _fmt(table)
            + f"\nmisses ({len(misses)}):\n  " + "\n  ".join(
                f"{m['id']}:{m['line']} {m['surface']!r} {m['kind']} ({m['reason']}{': ' + m['found'] if m['found'] else ''})"
                for m in misses)
            + f"\nextras ({len(extras)}): " + "; ".join(f"{x['id']}:{x['line']} {x['surface']!r} {x['kind']}" for x in extras)
            + "\nentities:\n" + _fmt(etable) + f"\nentity misses ({len(emisses)}): " + "; ".join(
                f"{m['id']}:{m['line']} {m['surface']!r} {m['category']}{' (found ' + m['found'] + ')' if m['found'] else ''}"
                for m in emisses))
    report("claims and entities on the held-out set (tests/holdout: unseen articles, reported only)", text)
