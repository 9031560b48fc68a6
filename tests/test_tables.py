import pandas as pd

from llmrace.tables import html_table, sentence_href


def test_cells_are_escaped_and_links_built():
    df = pd.DataFrame({"sentence_id": ["002.p14.s2"], "text": ["<script>alert(1)</script> & 文心一言"]})
    t = html_table(df, links={"sentence_id": sentence_href})
    assert "<script>" not in t._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 文心一言" in t._repr_html_()
    assert '<a href="../sources/seed_002.html#s002-p14-s2">002.p14.s2</a>' in t._repr_html_()


def test_output_is_deterministic():
    df = pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", "y"]})
    assert html_table(df)._repr_html_() == html_table(df)._repr_html_()
    assert repr(html_table(df)) == "<table: 2 rows x 2 columns: a, b>"
