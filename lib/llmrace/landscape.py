"""The company landscape: players, mentions, co-occurrence, model scale and the 2023 launch race.

Everything here is a pure function of three inputs and never of seed text typed into code:
- the gazetteer (lib/llmrace/data/gazetteer.csv; `parent` links people, products, models and chips to a company),
- entity mentions from `llmrace.entities` (columns seed, sentence_id, entity_id, ...),
- the claims registry (data/registry/*.csv, `llmrace.registry.load_registry`) and the curated analyst notes in
  data/landscape_players.csv (entity_id, aspect, text, quote, sentence_ids).

A registry row is tied to an entity through its `quantity` name: the longest run of `_`-separated tokens that
is a gazetteer id (ties: the first), e.g. ``light_year_beyond_valuation_usd`` -> light_year_beyond,
``model_params_pangu_alpha`` -> pangu_alpha, ``ernie_bot_launch_date`` -> ernie_bot.

Reference values from the models' papers are passed in as a table (`PAPER_PARAMS` is the book's default, each
row with its bib key and the lead id in /work/shared/reference/primary_sources.csv).
"""
from __future__ import annotations

import math
import re
from itertools import combinations

import networkx as nx
import pandas as pd

from .dates import plot_timestamp
from .corpus import sentence_sort_key

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PARAMS_QUANTITY = re.compile(r"^model_params_(?P<a>.+)$|^(?P<b>.+)_params$")

# Values the models' own papers (or the developers' releases) give; `moe` marks mixture-of-experts counts,
# which are not comparable to a dense model's. `lead` is the row id in primary_sources.csv.
_PAPER_ROWS = [
    # model, params, date, bib, lead, moe, basis
    ("gpt_3", 175e9, "2020-05", "brown2020gpt3", "1a", "dense", "GPT-3 paper: 175B, the reference dense model"),
    ("intern", math.nan, "2021-11", "shao2021intern", "7h", "not stated",
     "INTERN paper (arXiv 2111.08687, 16 Nov 2021): its abstract gives no parameter count; the seed's 100亿 is not checked"),
    ("sensetime_vision", math.nan, "", "", "7i", "not stated", "no SenseTime source found for a 30B+ vision model: unverifiable",
     "商汤视觉模型 / SenseTime vision model (unnamed)"),
    ("pangu_nlp", 100e9, "2021-04", "ding2021pangu", "7d", "dense",
     "Huawei Cloud release (25 Apr 2021): '100B-level'; an exact count was not published"),
    ("pangu_alpha", 200e9, "2021-04", "zeng2021pangu", "7c", "dense",
     "PanGu-α report: 200B on 2048 Ascend 910, Huawei with Peng Cheng Lab (seed 004 says 北京大学)"),
    ("plug", 27e9, "2021-04", "alibaba2021plug", "7b", "dense", "DAMO release, 19 Apr 2021: 27B"),
    ("m6", 100e9, "2021-03", "lin2021m6", "7a", "not stated",
     "M6 paper (arXiv 2103.00823, Alibaba with Tsinghua): scaled to 10B and 100B"),
    ("m6_10t", 10e12, "2021-10", "lin2021m610t", "7a", "MoE",
     "M6-10T (arXiv 2110.03888): 10T sparse (MoE) parameters on 512 GPUs in about 10 days", "M6-10T"),
    ("ernie_3", 10e9, "2021-07", "sun2021ernie3", "7e", "dense", "ERNIE 3.0 paper (Jul 2021): 10B"),
    ("ernie_3_titan", 260e9, "2021-12", "wang2021titan", "7f", "dense",
     "ERNIE 3.0 Titan paper (Dec 2021): 260B, with Peng Cheng Lab (PCL-BAIDU Wenxin)"),
    ("yuan_1", 245.7e9, "2021-09", "wu2021yuan", "7g", "dense", "Yuan 1.0 paper: 245.7B, unveiled 28 Sep 2021 (arXiv Oct 2021)"),
    ("bagualu", 174e12, "2022-04", "ma2022bagualu", "7j", "MoE",
     "BaGuaLu (PPoPP, Apr 2022): MoE model of up to 174T parameters on the Sunway supercomputer"),
]
PAPER_PARAMS = pd.DataFrame([r + ("",) * (8 - len(r)) for r in _PAPER_ROWS],
                            columns=["model", "paper_params", "paper_date", "bib", "lead", "architecture", "paper_basis", "label"])

# Dates of the 2023 launches from the primary sources, to compare with the seeds' dates.
PRIMARY_DATES = pd.DataFrame([
    ("bing", "2023-02-07", "microsoft2023bing", "8a", "New Bing and Edge announced"),
    ("bard", "2023-02-06", "pichai2023bard", "8c", "Bard announced (trusted testers)"),
    ("bard_open", "2023-03-21", "hsiao2023trybard", "8g", "Bard waitlist opened (US, UK)"),
    ("ernie_bot", "2023-03-16", "baidu2023erniebot", "8f", "ERNIE Bot launched"),
    ("bedrock", "2023-04-13", "aws2023bedrock", "8q", "Bedrock announced, 13 Apr US time = 14 Apr Beijing"),
    ("angelptm", "", "", "8s", "no April 2023 primary found: unverifiable"),
    ("wang_huiwen", "2023-02-13", "wang2023lightyear", "8w", "Wang Huiwen's recruiting post"),
    ("minimax", "2021-12", "caizhongshe2025minimax", "8x", "MiniMax founded December (end of) 2021"),
], columns=["key", "primary_date", "bib", "lead", "primary_note"])


# ------------------------------------------------------------------------------------------- helpers
def sort_ids(ids) -> list[str]:
    return sorted(set(i for i in ids if i), key=sentence_sort_key)


def entity_of_quantity(quantity: str, ids) -> str | None:
    """The gazetteer id named inside a quantity name: longest run of tokens that is an id (ties: first)."""
    tokens = str(quantity).split("_")
    ids = set(ids)
    best = None
    for n in range(len(tokens), 0, -1):
        for i in range(0, len(tokens) - n + 1):
            cand = "_".join(tokens[i:i + n])
            if cand in ids:
                return cand
    return best


def rollup_map(gazetteer: pd.DataFrame, players) -> dict[str, str]:
    """entity id -> the player it belongs to, walking `parent` links and stopping at the first player."""
    parent = dict(zip(gazetteer["id"], gazetteer["parent"].fillna("")))
    players = list(players)
    out = {}
    for eid in gazetteer["id"]:
        cur, seen = eid, set()
        while cur and cur not in players and cur not in seen:
            seen.add(cur)
            cur = parent.get(cur, "")
        if cur in players:
            out[eid] = cur
    return out


def _label(row) -> str:
    zh, en = row["name_zh"], row["name_en"]
    return zh if zh == en else f"{zh} / {en}"


def format_value(value, unit: str) -> str:
    """Human form of a registry value: 2e8 USD -> 'USD 200M', 1e11 parameters -> '100B'."""
    if unit == "date" or ISO_DATE.match(str(value)):
        return str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)

    def short(x):
        for f, s in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(x) >= f:
                return f"{x / f:.4g}{s}"
        return f"{x:.4g}"
    if unit in ("USD", "CNY"):
        return f"{unit} {short(v)}"
    if unit == "parameters":
        return short(v)
    if unit == "percent":
        return f"{v:.4g}%"
    return f"{v:.4g} {unit}".strip()


# ---------------------------------------------------------------------------------------- players
def players_table(gazetteer: pd.DataFrame, entities: pd.DataFrame, registry: pd.DataFrame, players,
                  curated: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per player mentioned in the seeds; every cell lists the sentence ids it rests on.

    players: gazetteer ids of companies/institutions (order is irrelevant; rows sort by mentions).
    Columns: player_id, company, name_zh, category, models_products, leaders, chips, strategy, facts,
    mentions (sentences), seeds, sentence_id (first mention), sentence_ids (every id cited in the row).
    Players with no mention (own or rolled-up) are left out; see `unmentioned_players`.
    """
    gaz = gazetteer.set_index("id")
    roll = rollup_map(gazetteer, players)
    ent = entities.assign(player=entities["entity_id"].map(roll)).dropna(subset=["player"])
    curated = curated if curated is not None else pd.DataFrame(columns=["entity_id", "aspect", "text", "quote", "sentence_ids"])
    ids = list(gazetteer["id"])
    rows = []
    for pid, g in ent.groupby("player", sort=True):
        cited: list[str] = []

        def items(categories):
            cell = []
            sub = g[g["category"].isin(categories) & (g["entity_id"] != pid)]
            for eid, h in sorted(sub.groupby("entity_id"), key=lambda kv: sentence_sort_key(sort_ids(kv[1]["sentence_id"])[0])):
                sids = sort_ids(h["sentence_id"])
                cited.extend(sids)
                cell.append(f"{_label(gaz.loc[eid])} [{sids[0]}]")
            return "; ".join(cell)

        def notes(aspect):
            cell = []
            sub = curated[(curated["aspect"] == aspect) & (curated["entity_id"].map(lambda e: roll.get(e)) == pid)]
            for r in sub.to_dict("records"):
                sids = sort_ids(str(r["sentence_ids"]).split("|"))
                cited.extend(sids)
                cell.append(f"{r['text']} [{', '.join(sids)}]")
            return "; ".join(cell)

        facts, seen = [], set()
        for r in registry.to_dict("records"):
            e = entity_of_quantity(r["quantity"], ids)
            key = (r["sentence_id"], r["quantity"], str(r["value"]))
            if e is not None and roll.get(e) == pid and key not in seen:
                seen.add(key)
                cited.append(r["sentence_id"])
                facts.append((sentence_sort_key(r["sentence_id"]), r["claim_id"],
                              f"{r['subject']}: {format_value(r['value'], r['unit'])} [{r['sentence_id']}]"))
        sids_all = sort_ids(g["sentence_id"])
        row = dict(player_id=pid, company=gaz.loc[pid, "name_en"], name_zh=gaz.loc[pid, "name_zh"],
                   category=gaz.loc[pid, "category"],
                   models_products=items(("model", "product")), leaders=items(("person",)),
                   chips="; ".join(x for x in (items(("chip",)), notes("chips")) if x),
                   strategy=notes("strategy"), facts="; ".join(f for _, _, f in sorted(facts)),
                   mentions=len(sids_all), seeds=", ".join(sorted(set(g["seed"]))), sentence_id=sids_all[0])
        row["sentence_ids"] = "|".join(sort_ids(sids_all + cited))
        rows.append(row)
    cols = ["player_id", "company", "name_zh", "category", "models_products", "leaders", "chips", "strategy", "facts",
            "mentions", "seeds", "sentence_id", "sentence_ids"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["mentions", "player_id"], ascending=[False, True], ignore_index=True)


def unmentioned_players(gazetteer: pd.DataFrame, entities: pd.DataFrame, players) -> list[str]:
    """Players that neither they nor anything under them is mentioned in the seeds' sentences."""
    roll = rollup_map(gazetteer, players)
    seen = set(entities["entity_id"].map(roll).dropna())
    return sorted(p for p in players if p not in seen)


def cell_sentence_ids(cell: str) -> list[str]:
    """Sentence ids cited in a players-table cell ('… [001.p4.s1, 004.p5.s1]')."""
    return re.findall(r"\d{3}\.p\d+\.s\d+", str(cell))


# --------------------------------------------------------------------------------------- mentions
def mentions_matrix(entities: pd.DataFrame, gazetteer: pd.DataFrame, players, rollup: bool = True) -> pd.DataFrame:
    """Sentences mentioning each player (or, with rollup, anything under it) per seed: players x seeds."""
    roll = rollup_map(gazetteer, players) if rollup else {p: p for p in players}
    ent = entities.assign(player=entities["entity_id"].map(roll)).dropna(subset=["player"])
    m = ent.drop_duplicates(["player", "sentence_id"]).groupby(["player", "seed"]).size().unstack(fill_value=0)
    seeds = sorted(entities["seed"].unique())
    m = m.reindex(columns=seeds, fill_value=0)
    m = m.loc[m.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
    m = m.loc[sorted(m.index, key=lambda p: (-int(m.loc[p].sum()), p))]
    m.index.name, m.columns.name = "player", "seed"
    return m.astype("int64")


# ------------------------------------------------------------------------------------ co-occurrence
def cooccurrence_graph(entities: pd.DataFrame, gazetteer: pd.DataFrame,
                       categories=("company", "institution", "person", "model", "product"),
                       min_weight: int = 1, min_mentions: int = 1) -> nx.Graph:
    """Entities of the given categories as nodes (attrs label, name_en, category, mentions); edge weight =
    sentences mentioning both. Nodes below min_mentions and edges below min_weight are dropped, then isolates."""
    gaz = gazetteer.set_index("id")
    ent = entities[entities["category"].isin(categories)].drop_duplicates(["entity_id", "sentence_id"])
    counts = ent.groupby("entity_id").size()
    keep = set(counts[counts >= min_mentions].index)
    ent = ent[ent["entity_id"].isin(keep)]
    g = nx.Graph()
    weights: dict[tuple[str, str], int] = {}
    for _, ids in ent.groupby("sentence_id", sort=True)["entity_id"]:
        for a, b in combinations(sorted(set(ids)), 2):
            weights[(a, b)] = weights.get((a, b), 0) + 1
    for (a, b), w in sorted(weights.items()):
        if w >= min_weight:
            for n in (a, b):
                if n not in g:
                    g.add_node(n, label=gaz.loc[n, "name_zh"], name_en=gaz.loc[n, "name_en"],
                               category=gaz.loc[n, "category"], mentions=int(counts[n]))
            g.add_edge(a, b, weight=w)
    return g


def graph_edges(g: nx.Graph) -> pd.DataFrame:
    """Edges of a co-occurrence graph as a sorted table (for export)."""
    rows = [(min(a, b), max(a, b), d["weight"]) for a, b, d in g.edges(data=True)]
    df = pd.DataFrame(rows, columns=["source", "target", "weight"])
    return df.sort_values(["weight", "source", "target"], ascending=[False, True, True], ignore_index=True)


# ------------------------------------------------------------------------------------- model scale
def _date_rows(registry: pd.DataFrame) -> pd.DataFrame:
    r = registry[registry["quantity"].str.endswith("_date") & registry["value"].map(lambda v: bool(ISO_DATE.match(str(v))))]
    return r


def _key_of(quantity: str, suffixes=("_release_date", "_launch_date", "_date")) -> str:
    for s in suffixes:
        if quantity.endswith(s):
            return quantity[: -len(s)]
    return quantity


to_timestamp = plot_timestamp  # the chapter's name for llmrace.dates.plot_timestamp


def model_scale_table(registry: pd.DataFrame, gazetteer: pd.DataFrame, paper: pd.DataFrame) -> pd.DataFrame:
    """Parameter counts the seeds give (registry quantities model_params_<m> or <m>_params), with the seed's
    date for the model (registry <m>_release_date, if any), the paper's count and date, the architecture
    (MoE counts are not comparable with dense ones) and the seed/paper ratio. Sorted by plotting date."""
    gaz = gazetteer.set_index("id")
    ids = list(gazetteer["id"]) + list(paper["model"])
    dates = {}
    for r in _date_rows(registry).to_dict("records"):
        k = _key_of(r["quantity"])
        dates.setdefault(k, []).append(r)
    pap = paper.set_index("model")
    rows = []
    for r in registry.to_dict("records"):
        m = PARAMS_QUANTITY.match(str(r["quantity"]))
        if not m:
            continue
        model = m.group("a") or m.group("b")
        if model not in set(ids):
            continue
        seed_dates = sorted(dates.get(model, []), key=lambda d: (-len(d["value"]), sentence_sort_key(d["sentence_id"])))
        sd = seed_dates[0] if seed_dates else None
        p = pap.loc[model] if model in pap.index else None
        seed_date = sd["value"] if sd else ""
        paper_date = p["paper_date"] if p is not None else ""
        if seed_date and len(seed_date) >= 7:
            plot_date, basis = seed_date, "seed (month)"
        elif paper_date:
            plot_date, basis = paper_date, "paper" + (" (seed gives the year only)" if seed_date else " (seed gives no date)")
        else:
            plot_date, basis = seed_date, "seed (year only)"
        name = f"{gaz.loc[model, 'name_zh']} / {gaz.loc[model, 'name_en']}" if model in gaz.index else \
            (p["label"] if p is not None and "label" in p.index and p["label"] else model)
        if model in gaz.index and gaz.loc[model, "name_zh"] == gaz.loc[model, "name_en"]:
            name = gaz.loc[model, "name_en"]
        pv = float(p["paper_params"]) if p is not None else math.nan
        sv = float(r["value"])
        rows.append(dict(model=model, name=name, claim_id=r["claim_id"], seed_params=sv, qualifier=r["qualifier"],
                         quote=r["quote"], sentence_id=r["sentence_id"], seed_date=seed_date,
                         date_sentence_id=sd["sentence_id"] if sd else "",
                         date_inferred="inferred-year" in str(sd["qualifier"]) if sd else False,
                         paper_params=pv, paper_date=paper_date, plot_date=plot_date, date_basis=basis,
                         architecture=p["architecture"] if p is not None else "",
                         comparable=(p is not None and p["architecture"] == "dense"),
                         ratio_to_paper=sv / pv if pv == pv and pv else math.nan,
                         bib=p["bib"] if p is not None else "", lead=p["lead"] if p is not None else "",
                         paper_basis=p["paper_basis"] if p is not None else ""))
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    df["plot_ts"] = df["plot_date"].map(to_timestamp)
    return df.sort_values(["plot_ts", "seed_params", "claim_id"], ignore_index=True)


# ------------------------------------------------------------------------------------- launch race
def launch_timeline(registry: pd.DataFrame, gazetteer: pd.DataFrame, keys, primary: pd.DataFrame,
                    catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dated events from registry rows whose quantity is <key>_<event>_date for the given keys, with the
    seed's date (and whether its year was inferred from the publication year), the primary date and the gap."""
    pri = primary.set_index("key")
    pub = dict(zip(catalog["id"], catalog["pub_date"])) if catalog is not None else {}
    gaz_ids = list(gazetteer["id"])
    rows = []
    for r in _date_rows(registry).to_dict("records"):
        q = r["quantity"]
        key = next((k for k in sorted(keys, key=len, reverse=True) if q.startswith(k + "_")), None)
        if key is None:
            continue
        p = pri.loc[key] if key in pri.index else None
        seed = r["sentence_id"].split(".")[0]
        primary_date = p["primary_date"] if p is not None else ""
        gap = math.nan
        if primary_date and len(primary_date) == 10 and len(r["value"]) == 10:
            gap = (pd.Timestamp(r["value"]) - pd.Timestamp(primary_date)).days
        rows.append(dict(event=r["subject"], key=key, entity=entity_of_quantity(q, gaz_ids) or "",
                         seed_date=r["value"], inferred_year="inferred-year" in str(r["qualifier"]),
                         forecast="forecast" in str(r["qualifier"]), pub_date=pub.get(seed, ""),
                         primary_date=primary_date, gap_days=gap,
                         bib=p["bib"] if p is not None else "", primary_note=p["primary_note"] if p is not None else "",
                         quote=r["quote"], claim_id=r["claim_id"], sentence_id=r["sentence_id"]))
    df = pd.DataFrame(rows)
    df["plot_ts"] = df["seed_date"].map(to_timestamp)
    return df.sort_values(["plot_ts", "sentence_id", "claim_id"], ignore_index=True)


# ------------------------------------------------------------------------------------ money, quotes
def registry_for(registry: pd.DataFrame, gazetteer: pd.DataFrame, entity_ids, units=None) -> pd.DataFrame:
    """Registry rows whose quantity names one of entity_ids (optionally only some units), in text order."""
    gaz_ids = list(gazetteer["id"])
    ent = registry["quantity"].map(lambda q: entity_of_quantity(q, gaz_ids))
    mask = ent.isin(list(entity_ids))
    if units is not None:
        mask &= registry["unit"].isin(list(units))
    out = registry[mask].assign(entity=ent[mask])
    out = out.assign(_k=out["sentence_id"].map(sentence_sort_key))
    return out.sort_values(["_k", "claim_id"]).drop(columns="_k").reset_index(drop=True)


def quotes_table(curated: pd.DataFrame, gazetteer: pd.DataFrame, entity_ids) -> pd.DataFrame:
    """Curated quotes (aspect 'quote') of the given people, in text order, with speaker names."""
    gaz = gazetteer.set_index("id")
    q = curated[(curated["aspect"] == "quote") & curated["entity_id"].isin(list(entity_ids))].copy()
    q["speaker"] = q["entity_id"].map(lambda e: f"{gaz.loc[e, 'name_zh']} ({gaz.loc[e, 'name_en']})")
    q["sentence_id"] = q["sentence_ids"].map(lambda s: sort_ids(str(s).split("|"))[0])
    q = q.assign(_k=q["sentence_id"].map(sentence_sort_key)).sort_values(["_k", "entity_id"]).drop(columns="_k")
    return q[["speaker", "quote", "text", "sentence_id"]].rename(columns={"text": "gloss"}).reset_index(drop=True)


def check_curated(curated: pd.DataFrame, sentences: dict[str, str], gazetteer: pd.DataFrame) -> list[str]:
    """Problems with data/landscape_players.csv: unknown entity or sentence ids, quotes not in the sentences."""
    problems = []
    ids = set(gazetteer["id"])
    for i, r in enumerate(curated.to_dict("records"), start=2):
        sids = [s for s in str(r["sentence_ids"]).split("|") if s]
        if r["entity_id"] not in ids:
            problems.append(f"line {i}: unknown entity {r['entity_id']!r}")
        if not sids:
            problems.append(f"line {i}: no sentence_ids")
        missing = [s for s in sids if s not in sentences]
        if missing:
            problems.append(f"line {i}: unknown sentence ids {missing}")
        q = str(r.get("quote", "") or "")
        if q and not any(q in sentences.get(s, "") for s in sids):
            problems.append(f"line {i}: quote {q!r} not in {sids}")
    return problems
