"""Tests for llmrace.landscape: pure functions on small frames, and the real players table against the seeds."""
from pathlib import Path

import pandas as pd
import pytest

from llmrace import landscape as ls

ROOT = Path(__file__).resolve().parents[1]
PLAYERS = ["baidu", "alibaba", "tencent", "huawei", "bytedance", "sensetime", "xiaomi", "zhihu", "qihoo_360", "iflytek",
           "inspur", "baai", "peng_cheng_lab", "minimax", "mobvoi", "light_year_beyond", "sinovation", "project_ai2",
           "jia_yangqing_startup", "cloudwalk", "bluefocus", "soul", "sogou", "openai", "microsoft", "google", "amazon",
           "meta", "anthropic", "nvidia"]


def gaz():
    return pd.DataFrame([
        ("acme", "Acme", "阿克米", "company", "", ""),
        ("acme_lab", "Acme Lab", "阿克米实验室", "institution", "", "acme"),
        ("bot", "Bot", "机器人", "product", "", "acme_lab"),
        ("boss", "Boss", "老板", "person", "", "acme"),
        ("chip", "Chip", "芯片甲", "chip", "", "acme"),
        ("beta", "Beta", "贝塔", "company", "", ""),
        ("beta_sub", "Beta Sub", "贝塔子", "company", "", "beta"),
    ], columns=["id", "name_en", "name_zh", "category", "aliases", "parent"])


def ents(rows):
    g = gaz().set_index("id")
    return pd.DataFrame([dict(seed=s.split(".")[0], sentence_id=s, entity_id=e, category=g.loc[e, "category"],
                              name_zh=g.loc[e, "name_zh"]) for s, e in rows])


def test_entity_of_quantity_longest_then_first():
    ids = ["light_year_beyond", "beyond", "google", "anthropic", "m6", "pangu_alpha"]
    assert ls.entity_of_quantity("light_year_beyond_valuation_usd", ids) == "light_year_beyond"
    assert ls.entity_of_quantity("anthropic_google_investment_usd", ids) == "anthropic"
    assert ls.entity_of_quantity("model_params_m6_10t", ids) == "m6"
    assert ls.entity_of_quantity("model_params_pangu_alpha", ids) == "pangu_alpha"
    assert ls.entity_of_quantity("nothing_here", ids) is None


def test_rollup_stops_at_players():
    roll = ls.rollup_map(gaz(), ["acme", "beta", "beta_sub"])
    assert roll["bot"] == "acme" and roll["boss"] == "acme" and roll["acme_lab"] == "acme"
    assert roll["beta_sub"] == "beta_sub"
    assert ls.rollup_map(gaz(), ["beta"])["beta_sub"] == "beta"


def test_players_table_cells_carry_sentence_ids():
    e = ents([("001.p1.s1", "acme"), ("001.p2.s1", "bot"), ("002.p3.s1", "boss"), ("002.p3.s1", "chip"),
              ("001.p5.s1", "beta")])
    reg = pd.DataFrame([dict(claim_id="x", subject="Bot users", quantity="bot_users", value="100", unit="users",
                             sentence_id="001.p2.s1")])
    cur = pd.DataFrame([dict(entity_id="acme_lab", aspect="strategy", text="builds bots", quote="", sentence_ids="001.p9.s1")])
    t = ls.players_table(gaz(), e, reg, ["acme", "beta"], cur)
    assert list(t["player_id"]) == ["acme", "beta"]
    a = t.iloc[0]
    assert a["models_products"] == "机器人 / Bot [001.p2.s1]"
    assert a["leaders"] == "老板 / Boss [002.p3.s1]" and a["chips"] == "芯片甲 / Chip [002.p3.s1]"
    assert a["strategy"] == "builds bots [001.p9.s1]" and a["facts"] == "Bot users: 100 users [001.p2.s1]"
    assert a["mentions"] == 3 and a["seeds"] == "001, 002" and a["sentence_id"] == "001.p1.s1"
    for col in ("models_products", "leaders", "chips", "strategy", "facts"):
        assert set(ls.cell_sentence_ids(a[col])) <= set(a["sentence_ids"].split("|"))


def test_mentions_matrix_counts_sentences_rolled_up():
    e = ents([("001.p1.s1", "acme"), ("001.p1.s1", "bot"), ("002.p1.s1", "boss"), ("002.p2.s1", "beta_sub")])
    m = ls.mentions_matrix(e, gaz(), ["acme", "beta"])
    assert m.loc["acme", "001"] == 1 and m.loc["acme", "002"] == 1 and m.loc["beta", "002"] == 1
    assert list(m.index) == ["acme", "beta"]
    assert ls.mentions_matrix(e, gaz(), ["acme", "beta"], rollup=False).loc["acme"].sum() == 1


def test_cooccurrence_graph_weights_and_filters():
    e = ents([("001.p1.s1", "acme"), ("001.p1.s1", "boss"), ("001.p2.s1", "acme"), ("001.p2.s1", "boss"),
              ("001.p3.s1", "acme"), ("001.p3.s1", "beta"), ("001.p3.s1", "chip")])
    g = ls.cooccurrence_graph(e, gaz())
    assert g["acme"]["boss"]["weight"] == 2 and g["acme"]["beta"]["weight"] == 1
    assert "chip" not in g  # chips not in the default categories
    assert g.nodes["acme"]["label"] == "阿克米" and g.nodes["acme"]["mentions"] == 3
    g2 = ls.cooccurrence_graph(e, gaz(), min_weight=2)
    assert set(g2.nodes) == {"acme", "boss"}
    assert list(ls.graph_edges(g)["weight"]) == [2, 1]


def test_model_scale_table_dates_and_ratios():
    g = pd.concat([gaz(), pd.DataFrame([dict(id="m1", name_en="M1", name_zh="模一", category="model", aliases="",
                                             parent="acme")])], ignore_index=True)
    reg = pd.DataFrame([
        dict(claim_id="p1", subject="", quantity="model_params_m1", value="250000000000", unit="parameters",
             qualifier="approximate", sentence_id="004.p1.s1", quote="约2500亿"),
        dict(claim_id="d1", subject="", quantity="m1_release_date", value="2021-10", unit="date",
             qualifier="inferred-year", sentence_id="004.p1.s1", quote="10月"),
    ])
    paper = pd.DataFrame([dict(model="m1", paper_params=245.7e9, paper_date="2021-09", bib="k", lead="7g",
                               architecture="dense", paper_basis="", label="")])
    t = ls.model_scale_table(reg, g, paper)
    r = t.iloc[0]
    assert r["seed_date"] == "2021-10" and r["date_inferred"] and r["date_basis"] == "seed (month)"
    assert r["ratio_to_paper"] == pytest.approx(250 / 245.7) and r["comparable"]


def test_to_timestamp_precision():
    assert ls.to_timestamp("2021") == pd.Timestamp("2021-07-01")
    assert ls.to_timestamp("2021-04") == pd.Timestamp("2021-04-15")
    assert ls.to_timestamp("2023-04-14") == pd.Timestamp("2023-04-14")


def test_format_value():
    assert ls.format_value("200000000", "USD") == "USD 200M"
    assert ls.format_value("174000000000000", "parameters") == "174T"
    assert ls.format_value("2021-04", "date") == "2021-04"


# ------------------------------------------------------------------------------- against the real seeds
@pytest.fixture(scope="module")
def real():
    from llmrace import Corpus
    from llmrace.entities import corpus_entities, gazetteer
    from llmrace.registry import load_registry

    docs = list(Corpus(ROOT / "seeds"))
    sentences = {s.id: s.text for d in docs for s in d.sentences}
    g = gazetteer()
    e = corpus_entities(ROOT / "seeds", docs=docs)
    reg = load_registry(ROOT)
    reg = reg[reg["topic"] == "landscape"]
    cur = pd.read_csv(ROOT / "data" / "landscape_players.csv", dtype=str, keep_default_na=False)
    return dict(sentences=sentences, g=g, e=e, reg=reg, cur=cur,
                table=ls.players_table(g, e, reg, PLAYERS, cur))


def _names(g, pid):
    r = g.set_index("id").loc[pid]
    return [n for n in [r["name_zh"], r["name_en"], *str(r["aliases"]).split("|")] if n]


def test_every_player_in_table_has_a_real_sentence(real):
    """The issue's test: each company in the players table cites at least one seed sentence that names it
    (or names a person, product, model or chip the gazetteer places under it)."""
    g, sentences = real["g"], real["sentences"]
    roll = ls.rollup_map(g, PLAYERS)
    under = {}
    for eid, pid in roll.items():
        under.setdefault(pid, []).append(eid)
    assert len(real["table"]) >= 25
    for row in real["table"].to_dict("records"):
        ids = row["sentence_ids"].split("|")
        assert ids and all(i in sentences for i in ids), row["player_id"]
        names = [n for eid in under[row["player_id"]] for n in _names(g, eid)]
        from llmrace.convert import to_simplified
        names += [to_simplified(n) for n in names]
        assert any(any(n in sentences[i] for n in names) for i in ids), row["player_id"]
        assert any(n in sentences[row["sentence_id"]] for n in names), row["player_id"]


def test_every_cell_id_is_a_seed_sentence(real):
    for row in real["table"].to_dict("records"):
        for col in ("models_products", "leaders", "chips", "strategy", "facts"):
            for sid in ls.cell_sentence_ids(row[col]):
                assert sid in real["sentences"], (row["player_id"], col, sid)


def test_issue_players_present(real):
    present = set(real["table"]["player_id"])
    missing = set(PLAYERS) - present
    # iFlytek appears only in a Xueqiu ticker line that cleaning removes as boilerplate
    assert missing == set(ls.unmentioned_players(real["g"], real["e"], PLAYERS)) == {"iflytek"}


def test_curated_rows_are_proved(real):
    assert ls.check_curated(real["cur"], real["sentences"], real["g"]) == []


def test_landscape_registry_rows_validate():
    from llmrace.claims import corpus_claims
    from llmrace.registry import load_registry, validate

    reg = load_registry(ROOT / "data" / "registry" / "landscape.csv")
    assert validate(reg, corpus_claims(ROOT / "seeds")) == []
    assert (reg["topic"] == "landscape").all() and reg["claim_id"].str.startswith("ls-").all()
