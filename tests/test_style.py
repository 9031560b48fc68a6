"""The house style renders Chinese with the pip-installed font: no missing-glyph warnings."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from llmrace import style  # noqa: E402


def test_cjk_font_ships_with_pip_package():
    assert style.cjk_font_path().exists()
    assert "CJK" in style.register_cjk_font()


def test_chinese_text_renders_without_missing_glyphs(tmp_path):
    style.setup()
    fig, ax = plt.subplots()
    ax.set_title("文心一言 / ERNIE Bot，英伟达 A800：大模型")
    ax.bar(["百度", "阿里", "腾讯"], [1, 2, 3])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "t.png")
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []


def test_default_font_would_miss_glyphs(tmp_path):
    """Guard that the check above can fail: DejaVu Sans alone lacks Chinese glyphs."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots()
        ax.set_title("文心一言")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "t.png")
        plt.close(fig)
    assert any("missing from" in str(w.message) for w in caught)
