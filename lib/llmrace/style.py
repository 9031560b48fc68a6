"""One setup for every chapter: CJK font, house style, deterministic figures and display options."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

FONT_FAMILY = "Noto Sans CJK SC"
PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c7fb8"]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """The Noto Sans CJK SC font that the pip package mplfonts ships (no system font needed)."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():
        raise FileNotFoundError(f"{path}: mplfonts is installed without its Noto Sans CJK SC font")
    return path


def register_cjk_font() -> str:
    """Register the CJK font with matplotlib and return its family name."""
    path = cjk_font_path()
    if str(path) not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup(pandas_rows: int = 200) -> None:
    """Fix fonts, colours, figure size, deterministic output and pandas display for a chapter."""
    import pandas as pd
    from cycler import cycler

    family = register_cjk_font()
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "savefig.bbox": "tight",
        "svg.hashsalt": "llmrace",
        "path.simplify": True,
    })
    # Deterministic inline PNGs: no 'Software' stamp in the image metadata.
    try:
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None:
            ip.run_line_magic("config", "InlineBackend.figure_formats = ['png']")
            ip.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}")
    except ImportError:  # outside IPython nothing to configure
        pass
    pd.set_option("display.max_rows", pandas_rows)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 160)
    from .segment import quiet_jieba

    quiet_jieba()


def source_line(ax, text: str) -> None:
    """Write a 'Source: …' line under a chart."""
    ax.figure.text(0.0, -0.02, f"Source: {text}", fontsize=8, color="#555555", ha="left", va="top",
                   transform=ax.figure.transFigure)


def export_figure(fig, stem, dpi: int = 150) -> tuple[Path, Path]:
    """Save a chart as PNG and SVG next to its CSV (stem without suffix), both deterministic:
    no 'Software' or date stamp, and a fixed SVG hash salt (rcParams['svg.hashsalt'], set by setup())."""
    import matplotlib

    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    with matplotlib.rc_context({"svg.hashsalt": matplotlib.rcParams.get("svg.hashsalt") or "llmrace",
                                "svg.fonttype": "path"}):
        fig.savefig(png, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(svg, bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return png, svg


def glue_text(name: str, text: str) -> None:
    """Glue a preformatted string for a chapter's prose ({glue:text}`name`), with no displayed output."""
    from myst_nb import glue

    glue(name, text, display=False)


def cell_edges(centres) -> "list[float]":
    """Edges of the cells of a heatmap whose cell centres are `centres` (sorted; half-way between centres,
    the outer edges mirrored): [0.1, 0.2, 0.3] -> [0.05, 0.15, 0.25, 0.35]."""
    import numpy as np

    v = np.asarray(sorted(centres), dtype=float)
    if len(v) == 1:
        return [v[0] - 0.5, v[0] + 0.5]
    mid = (v[1:] + v[:-1]) / 2
    return [float(x) for x in np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])]
