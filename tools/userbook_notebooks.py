"""Write the generic chapters (notebooks/generic/*.ipynb) from the cell sources below, unexecuted.

The same notebooks serve the bundled book (executed in place, default parameters: the repo's seeds) and a
user's book (executed by `python -m llmrace userbook` with seeds_dir / tables_dir pointing into OUT).
Every number in the prose is glued from the data; no sentence names a particular article.
Usage: python tools/userbook_notebooks.py  (edit the cells here, not in the .ipynb), then execute each one in
place for the bundled book: python tools/run_notebook.py notebooks/generic/g1_articles.ipynb (make book does
it when a notebook or lib/ changed; the committed copies are executed, as the other chapters)
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "generic"

PARAMS = '''seeds_dir = "../../seeds"  # folder of the articles (*.txt / *.md; catalog.csv optional)
tables_dir = ""  # folder of precomputed tables (python -m llmrace userbook writes OUT/data); empty: computed from seeds_dir
export_dir = "exports"  # where the chapter writes its CSV downloads (relative to the notebook)'''

IMPORTS = '''from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display
from myst_nb import glue

from llmrace import crossref, style
from llmrace.fmt import snippet
from llmrace.tables import html_table, sentence_href, source_page
from llmrace.userbook import corpus_tables

style.setup()
Path(export_dir).mkdir(parents=True, exist_ok=True)
T = corpus_tables(seeds_dir, tables_dir)
arts, claims, entities, sentences = T["articles"], T["claims"], T["entities"], T["sentences"]
href = lambda sid: sentence_href(sid, prefix="../../")
page = lambda seed: f"../../{source_page(seed)}.html"
context = lambda c, width=14: snippet(c["sentence"], c["surface"], width)'''

def md(text: str):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str, tags: list[str] | None = None):
    c = nbformat.v4.new_code_cell(text.strip("\n"))
    c.metadata["tags"] = tags or ["hide-input"]  # generated prose first; the code stays one click away
    return c


def header(title: str, intro: str) -> list:
    return [md(f"# {title}\n\n{intro}"), md("## Parameters"), code(PARAMS, ["parameters", "hide-input"]), code(IMPORTS, ["remove-input"])]


ARTICLES = header("The articles", """
This chapter describes the folder of articles the book reads: what each file is, what the loader removed
from it and why, how large it is before and after cleaning, and in which script it was written. It is
computed from the articles alone, so it reads the same for any folder.
""") + [
    code('''
n = len(arts)
glue("n_articles", n, display=False)
glue("n_dated", int((arts.pub_date != "").sum()), display=False)
glue("n_undated", int((arts.pub_date == "").sum()), display=False)
glue("n_day", int((arts.date_precision == "day").sum()), display=False)
glue("n_traditional", int((arts.script == "traditional").sum()), display=False)
glue("n_skipped", len(T["skipped"]), display=False)
glue("n_sentences", int(arts.sentences.sum()), display=False)
glue("chars_clean", f"{int(arts.chars_clean.sum()):,}", display=False)
glue("chars_original", f"{int(arts.chars_original.sum()):,}", display=False)
glue("n_boiler", int(arts.boilerplate_lines.sum()), display=False)
glue("n_pinyin", int(arts.pinyin_removed.sum()), display=False)
glue("n_corrupted", int(arts.corrupted_spans.sum()), display=False)
''', ["remove-cell"]),
    md("""
## The folder

The book reads {glue:text}`n_articles` articles ({glue:text}`n_traditional` of them in Traditional script,
converted to Simplified for analysis with a map back to the original characters); {glue:text}`n_skipped`
entries of the folder were skipped, each with its reason below. {glue:text}`n_dated` articles have a
publication date ({glue:text}`n_day` to the day) and {glue:text}`n_undated` have none.
"""),
    code('''
cols = ["id", "file", "title", "pub_date", "date_precision", "date_evidence", "script", "encoding"]
arts[cols].to_csv(Path(export_dir) / "articles.csv", index=False)
html_table(arts[cols], links={"id": page})
'''),
    md("{download}`Download the article list (CSV) <exports/articles.csv>`\n\n### Skipped entries"),
    code('''
skipped = T["skipped"]
display(html_table(skipped) if len(skipped) else Markdown("No entry of the folder was skipped."))
'''),
    md("""
## Cleaning report

Each file is decoded (UTF-8, GB18030 or Big5, recorded), stripped of converter pinyin annotations and of web
boilerplate line by line, converted to Simplified, and split into {glue:text}`n_sentences` sentences with
stable ids. In all, {glue:text}`n_boiler` boilerplate lines and {glue:text}`n_pinyin` pinyin annotations were
removed and {glue:text}`n_corrupted` suspicious spans flagged (kept in the text). Each source page lists its
own removals line by line.
"""),
    code('''
rep_cols = ["id", "encoding", "script", "boilerplate_lines", "pinyin_removed", "corrupted_spans", "paragraphs", "sentences"]
arts[rep_cols].to_csv(Path(export_dir) / "cleaning_report.csv", index=False)
html_table(arts[rep_cols], links={"id": page})
'''),
    code('''
removals = T["removals"]
if len(removals):
    by_reason = removals.assign(reason=removals.reason.str.split(" [(]").str[0]).groupby(["kind", "reason"]).size()
    by_reason = by_reason.rename("count").reset_index().sort_values("count", ascending=False, ignore_index=True)
else:
    by_reason = pd.DataFrame(columns=["kind", "reason", "count"])
by_reason.to_csv(Path(export_dir) / "removals_by_reason.csv", index=False)
display(html_table(by_reason) if len(by_reason) else Markdown("Nothing was removed or flagged."))
'''),
    md("""
{download}`Removals by reason (CSV) <exports/removals_by_reason.csv>`

## Sizes and scripts

Characters exclude line breaks. The folder holds {glue:text}`chars_original` characters in the files and
{glue:text}`chars_clean` after cleaning.
"""),
    code('''
import matplotlib.pyplot as plt

sizes = arts.set_index("id")[["chars_original", "chars_clean", "script"]]
sizes.to_csv(Path(export_dir) / "sizes.csv")
fig, ax = plt.subplots(figsize=(7, 3.4))
if len(sizes) <= 40:
    x = range(len(sizes))
    ax.bar([i - 0.2 for i in x], sizes.chars_original, width=0.4, label="file")
    ax.bar([i + 0.2 for i in x], sizes.chars_clean, width=0.4, label="cleaned")
    ax.set_xticks(list(x), list(sizes.index), rotation=90 if len(sizes) > 12 else 0)
    ax.set_xlabel("article id")
else:
    ax.hist([sizes.chars_original, sizes.chars_clean], bins=30, label=["file", "cleaned"])
    ax.set_xlabel("characters per article")
ax.set_ylabel("characters" if len(sizes) <= 40 else "articles")
ax.set_title("Article sizes before and after cleaning")
ax.legend(frameon=False)
plt.show()
''', ["hide-input"]),
    code('''
scripts = arts.groupby(["script", "encoding"]).size().rename("articles").reset_index()
html_table(scripts)
'''),
    md("{download}`Sizes (CSV) <exports/sizes.csv>`"),
]

CLAIMS = header("Every numeric claim", """
Every number the claims engine finds in the articles — money, percentages, counts, parameters, compute,
dates and other quantities — with its value in base units, its unit, the wording's qualifiers and the
sentence it comes from (each claim links to its sentence on the source page).
""") + [
    code('''
claims = claims.assign(confidence=[crossref.confidence(k, q, i) for k, q, i in zip(claims.kind, claims.qualifier, claims.iso)])
glue("n_claims", len(claims), display=False)
glue("n_claim_articles", int(claims.seed.nunique()), display=False)
glue("n_numbers", int((claims.kind != "date").sum()), display=False)
glue("n_dates", int((claims.kind == "date").sum()), display=False)
hedged = claims.confidence != "as stated"
glue("n_hedged", int(hedged.sum()), display=False)
glue("pct_hedged", f"{100 * hedged.mean():.0f}" if len(claims) else "0", display=False)
glue("n_forecast", int((claims.confidence == "forecast").sum()), display=False)
top_kind = claims.kind.value_counts()
glue("top_kind", top_kind.index[0] if len(top_kind) else "none", display=False)
''', ["remove-cell"]),
    md("""
## Overview

The engine found {glue:text}`n_claims` claims in {glue:text}`n_claim_articles` articles:
{glue:text}`n_numbers` quantities and {glue:text}`n_dates` dates; the most frequent kind is
{glue:text}`top_kind`. {glue:text}`n_hedged` claims ({glue:text}`pct_hedged`%) are hedged by their wording
(approximate, a bound, a range, vague, a forecast, or a date whose year is inferred or unknown), among them
{glue:text}`n_forecast` forecasts.

## Confidence from the wording

A claim's confidence is read from the words around it: 约/近/左右 make it *approximate*, 超过/至少/以上 a
lower *bound* and 不到/以内 an upper one, 至/到 a *range*, 数/几/上 a *vague* amount, 预计/可能/将 a
*forecast*; a month-day date takes its year from the article (*year inferred*) or stays *unresolved*
when the article has no date. The strongest hedge wins.
"""),
    code('''
order = [c for c in crossref.CONFIDENCE_ORDER if c in set(claims.confidence)]
by = pd.crosstab(claims.kind, claims.confidence).reindex(columns=order, fill_value=0)
by.to_csv(Path(export_dir) / "claims_by_confidence.csv")
html_table(by, index=True)
'''),
    md("""
## All claims

One row per claim; the *claim key* links to the sentence. In the browser the table is paged and can be
sorted and filtered (a unit, a kind, a confidence, a word of the context).
"""),
    code('''
table = claims.assign(context=[context(c) for c in claims.to_dict("records")])
cols = ["claim_key", "seed", "kind", "surface", "value", "low", "high", "unit", "qualifier", "confidence", "iso", "context"]
claims.to_csv(Path(export_dir) / "claims.csv", index=False)
keys = dict(zip(claims.claim_key, claims.sentence_id))
html_table(table[cols], links={"claim_key": lambda k: href(keys[k]), "seed": page}, key="claim_key")
'''),
    md("{download}`Download every claim with its sentence and offsets (CSV) <exports/claims.csv>`"),
]

ENTITIES = header("Who and what is named", """
The companies, models, chips and institutions the articles name: those of the book's gazetteer (aliases and
Traditional forms mapped to one canonical name), the names the engine discovers by their shape (model and
chip names such as GLM-130B, organisations ending in 科技, 集团, 研究院…; not in the gazetteer, not checked), and
who appears with whom in the same sentence.
""") + [
    code('''
from llmrace.entities import cooccurrence

listed = entities["listed"] if "listed" in entities else pd.Series(True, index=entities.index)
def tally(df):
    return (df.groupby(["entity_id", "name_en", "name_zh", "category"])
            .agg(mentions=("sentence_id", "size"), sentences=("sentence_id", "nunique"), articles=("seed", "nunique"),
                 first_sentence=("sentence_id", "first")).reset_index()
            .sort_values(["articles", "mentions", "entity_id"], ascending=[False, False, True], ignore_index=True))
mentions = tally(entities[listed])
discovered = tally(entities[~listed]).drop(columns=["name_en"]).rename(columns={"name_zh": "name"})
pairs = cooccurrence(entities) if len(entities) else pd.DataFrame(columns=["source", "target", "weight"])
glue("n_mentions", int(listed.sum()), display=False)
glue("n_entities", len(mentions), display=False)
glue("n_multi", int((mentions.articles >= 2).sum()), display=False)
glue("n_pairs", len(pairs), display=False)
glue("n_discovered", len(discovered), display=False)
glue("n_discovered_mentions", int((~listed).sum()), display=False)
glue("n_discovered_multi", int((discovered.articles >= 2).sum()), display=False)
glue("top_entity", f"{mentions.name_en.iloc[0]} ({mentions.name_zh.iloc[0]})" if len(mentions) else "none", display=False)
''', ["remove-cell"]),
    md("""
## Entities of the gazetteer

{glue:text}`n_mentions` mentions of {glue:text}`n_entities` distinct gazetteer entities; {glue:text}`n_multi`
of them appear in more than one article. The most widely named is {glue:text}`top_entity`. Each row links to
the first sentence that names it.
"""),
    code('''
mentions.to_csv(Path(export_dir) / "entities.csv", index=False)
entities.to_csv(Path(export_dir) / "entity_mentions.csv", index=False)
display(html_table(mentions, links={"first_sentence": href}, key="name_en") if len(mentions) else Markdown("No gazetteer entity is named."))
'''),
    md("""
{download}`Entities (CSV) <exports/entities.csv>` · {download}`every mention with offsets (CSV) <exports/entity_mentions.csv>`

## Names discovered in the text

{glue:text}`n_discovered` names the gazetteer does not list were found by their shape
({glue:text}`n_discovered_mentions` mentions; {glue:text}`n_discovered_multi` in more than one article), with
a guessed category. They are candidates for `lib/llmrace/data/gazetteer.csv`, not checked.
"""),
    code('''
discovered.to_csv(Path(export_dir) / "discovered_names.csv", index=False)
display(html_table(discovered, links={"first_sentence": href}, key="name") if len(discovered) else Markdown("No unlisted name was found."))
'''),
    md("""
{download}`Discovered names (CSV) <exports/discovered_names.csv>`

## Who appears with whom

Two entities (listed or discovered) are linked when one sentence names both; the weight is the number of such
sentences. {glue:text}`n_pairs` pairs are linked; the strongest are listed first.
"""),
    code('''
names = dict(zip(entities.entity_id, entities.name_en))
top_pairs = pairs.head(40).assign(source=lambda d: d.source.map(names), target=lambda d: d.target.map(names))
pairs.to_csv(Path(export_dir) / "cooccurrence.csv", index=False)
display(html_table(top_pairs) if len(top_pairs) else Markdown("No two entities share a sentence."))
'''),
    code('''
import matplotlib.pyplot as plt

top = list(mentions.entity_id.head(15))
if len(top) >= 2 and len(pairs):
    m = pd.DataFrame(0, index=top, columns=top)
    for r in pairs.itertuples(index=False):
        if r.source in m.index and r.target in m.index:
            m.loc[r.source, r.target] = m.loc[r.target, r.source] = r.weight
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    im = ax.imshow(m.values, cmap="Blues")
    labels = [names[i] for i in top]
    ax.set_xticks(range(len(top)), labels, rotation=90)
    ax.set_yticks(range(len(top)), labels)
    ax.grid(False)
    ax.set_title("Sentences naming both (most-named gazetteer entities)")
    fig.colorbar(im, ax=ax, shrink=0.8, label="sentences")
    plt.show()
''', ["hide-input"]),
    md("{download}`All pairs (CSV) <exports/cooccurrence.csv>`"),
]

TIMELINE = header("A timeline of dated events", """
Every date the articles state, placed in time: full dates, months, quarters and years, each linked to its
sentence. A month-day date without a year takes the year of its article's publication date (marked *year
inferred*); in an article without a date it stays unresolved and is listed separately.
""") + [
    code('''
dates = claims[claims.kind == "date"].copy()
dates["resolved"] = ~dates.iso.str.startswith("--") & (dates.iso != "")
dates["precision"] = dates.iso.map(lambda s: "day" if len(s) == 10 else "month" if len(s) == 7 and s[4] == "-" and s[5:].isdigit()
                                   else "year" if len(s) == 4 else "other")
dates["confidence"] = [crossref.confidence(k, q, i) for k, q, i in zip(dates.kind, dates.qualifier, dates.iso)]
res = dates[dates.resolved].sort_values(["iso", "claim_key"])
unres = dates[~dates.resolved]
glue("n_date_claims", len(dates), display=False)
glue("n_resolved", len(res), display=False)
glue("n_unresolved", len(unres), display=False)
glue("n_inferred", int(dates.qualifier.str.contains("inferred-year").sum()), display=False)
glue("first_date", res.iso.iloc[0] if len(res) else "none", display=False)
glue("last_date", res.iso.iloc[-1] if len(res) else "none", display=False)
glue("n_date_forecast", int(dates.qualifier.str.contains("forecast").sum()), display=False)
''', ["remove-cell"]),
    md("""
## Overview

The articles state {glue:text}`n_date_claims` dates: {glue:text}`n_resolved` are placed on the timeline
(from {glue:text}`first_date` to {glue:text}`last_date`; {glue:text}`n_inferred` with the year inferred from
the article, {glue:text}`n_date_forecast` announced as future), and {glue:text}`n_unresolved` have no year
and stay unresolved.
"""),
    code('''
import matplotlib.pyplot as plt

months = res[res.iso.str.match(r"^\\d{4}-\\d{2}")].iso.str[:7]
if len(months):
    counts = months.value_counts().sort_index()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(range(len(counts)), counts.values)
    step = max(1, len(counts) // 16)
    ax.set_xticks(range(0, len(counts), step), list(counts.index[::step]), rotation=90)
    ax.set_ylabel("dates stated")
    ax.set_title("Dated events per month (day- and month-precise dates)")
    plt.show()
''', ["hide-input"]),
    md("## Events in time order"),
    code('''
cols = ["iso", "precision", "surface", "seed", "confidence", "context", "claim_key"]
tl = res.assign(context=[context(c, 20) for c in res.to_dict("records")])
keys = dict(zip(dates.claim_key, dates.sentence_id))
dates.to_csv(Path(export_dir) / "timeline.csv", index=False)
html_table(tl[cols], links={"claim_key": lambda k: href(keys[k]), "seed": page})
'''),
    md("""
{download}`Every date (CSV) <exports/timeline.csv>`

## Unresolved dates

Month-day dates in articles without a publication date (or otherwise without a year): shown as `--MM-DD`,
not placed on the timeline.
"""),
    code('''
ut = unres.assign(context=[context(c, 20) for c in unres.to_dict("records")])
display(html_table(ut[cols], links={"claim_key": lambda k: href(keys[k]), "seed": page}) if len(ut)
        else Markdown("Every date has a year."))
'''),
]

CROSSREF = header("Claims across articles", """
Where the articles meet: the same figure stated in several of them (a *claim family*, earliest article
first, so a number can be seen travelling), and the same quantity stated with different values (an
*automatic conflict*, with the ratio between the values). No hand-made registry is used: the quantity is
read from the sentence (the entity the sentence is about, a measure word such as 成本, 市值, 参数, 融资 or 营收,
and the unit).
""") + [
    code('''
dates_of = dict(zip(arts.id, arts.pub_date))
families = crossref.claim_families(claims, dates_of)
quantities = crossref.claim_quantities(claims, entities, sentences)
conflicts = crossref.automatic_conflicts(claims, quantities)
glue("n_families", len(families), display=False)
glue("n_family_claims", int(families.n_claims.sum()) if len(families) else 0, display=False)
glue("max_family", int(families.n_articles.max()) if len(families) else 0, display=False)
glue("n_quantities", len(quantities), display=False)
glue("n_quantity_keys", int(quantities.quantity.nunique()), display=False)
glue("n_conflicts", len(conflicts), display=False)
glue("max_ratio", f"{conflicts.ratio.max():.3g}" if len(conflicts) else "—", display=False)
ckeys = dict(zip(claims.claim_key, claims.sentence_id))
cinfo = claims.set_index("claim_key")
def members(df, key_col="claim_keys"):
    rows = []
    for r in df.to_dict("records"):
        for k in r[key_col].split("|"):
            c = cinfo.loc[k]
            rows.append(dict(r, claim_key=k, seed=c.seed, published=dates_of.get(c.seed, "") or "—", surface=c.surface,
                             value_stated=c.value, qualifier=c.qualifier, context=context(dict(c, claim_key=k))))
    return pd.DataFrame(rows)
''', ["remove-cell"]),
    md("""
## Claim families

{glue:text}`n_families` figures appear in more than one article ({glue:text}`n_family_claims` claims in all;
the most widely repeated in {glue:text}`max_family` articles). Values count as the same figure when they agree
within rounding (the more precise one rounds to the other, reading a round figure as precise to two digits).
A family says only that the *figure* recurs; whether it is the same quantity is for the reader to judge from
the linked sentences.
"""),
    code('''
families.to_csv(Path(export_dir) / "claim_families.csv", index=False)
if len(families):
    fm = members(families)[["family", "kind", "unit", "n_articles", "seed", "published", "surface", "qualifier", "context", "claim_key"]]
    display(html_table(fm, links={"claim_key": lambda k: href(ckeys[k]), "seed": page}))
else:
    display(Markdown("No figure appears in more than one article."))
'''),
    md("""
{download}`Claim families (CSV) <exports/claim_families.csv>`

## Automatic conflicts

{glue:text}`n_quantities` claims could be tied to a quantity ({glue:text}`n_quantity_keys` distinct
subject–measure–unit keys). {glue:text}`n_conflicts` quantities are stated with different values in
different articles; the largest ratio between two values of one quantity is {glue:text}`max_ratio`. A
conflict can be real disagreement, different years or scopes, or a subject read too loosely: follow the
links to judge.
"""),
    code('''
conflicts.to_csv(Path(export_dir) / "conflicts.csv", index=False)
quantities.to_csv(Path(export_dir) / "quantities.csv", index=False)
if len(conflicts):
    cm = members(conflicts).assign(ratio=lambda d: d.ratio.map(lambda x: f"{x:.3g}"))
    cm = cm[["quantity", "ratio", "seed", "published", "surface", "value_stated", "qualifier", "context", "claim_key"]]
    display(html_table(cm, links={"claim_key": lambda k: href(ckeys[k]), "seed": page}))
else:
    display(Markdown("No quantity is stated with different values in different articles."))
'''),
    md("""
{download}`Conflicts (CSV) <exports/conflicts.csv>` · {download}`every claim's quantity key (CSV) <exports/quantities.csv>`

## How the quantity is read

The measure word is the nearest word of the lexicon `lib/llmrace/data/measure_words.csv` before the claim in
its clause (or just after it, as in 10亿美元的投资), of the claim's kind (a money word for money, 参数 for
parameters…); the subject is the nearest entity named before it in the sentence, else earlier in the
paragraph. Claims without both are not compared.
"""),
]

NOTEBOOKS = {"g1_articles": ARTICLES, "g2_claims": CLAIMS, "g3_entities": ENTITIES, "g4_timeline": TIMELINE,
             "g5_crossref": CROSSREF}


def notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    for i, c in enumerate(nb.cells):
        c.id = f"cell-{i:02d}"
        c.metadata.setdefault("tags", [])
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nbformat.write(notebook(cells), str(OUT / f"{name}.ipynb"))
    print(f"{len(NOTEBOOKS)} generic notebooks in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
