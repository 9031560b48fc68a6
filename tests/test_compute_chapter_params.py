"""Re-run test of the compute-economics chapter: execute it with papermill under different parameters and
check that the modelled results move as they must (issue 4)."""
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_compute_economics.ipynb"
BASE = {"cny_per_usd": 7.0, "price_low": 1.0, "price_high": 5.0,
        "price_grid": [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0],
        "price_points": {"a100_on_demand_2022": 3.67, "a100_3yr_commit": 1.40, "v100_on_demand": 3.06,
                         "estimate_rate": 1.5}}


def notebook_parameters() -> set[str]:
    """Names assigned at the top level of the chapter's `parameters` cell."""
    import ast

    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    tree = ast.parse("".join(cell["source"]))
    return {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}


def test_parameter_names_are_the_notebooks():
    names = notebook_parameters()
    assert {"seeds_dir", "export_dir", "registry_dir", *BASE} <= names, sorted(names)
    assert "registry_path" not in names


def _run(tmp: Path, name: str, **changes) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Execute the chapter into tmp/name with BASE parameters updated by `changes`; return exports and glue."""
    pm = pytest.importorskip("papermill")
    out_dir = tmp / name
    out_dir.mkdir()
    params = {**BASE, **changes, "seeds_dir": str(ROOT / "seeds"), "export_dir": str(out_dir / "exports"),
              "registry_dir": str(ROOT / "data" / "registry")}
    unknown = sorted(set(params) - notebook_parameters())
    assert not unknown, f"not parameters of {NOTEBOOK.name} (papermill would ignore them silently): {unknown}"
    out_nb = out_dir / "chapter.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out_nb), parameters=params, cwd=str(NOTEBOOK.parent),
                        kernel_name="python3", progress_bar=False)
    exports = {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in sorted((out_dir / "exports").glob("compute_*.csv"))}
    glued = {}
    for cell in json.loads(out_nb.read_text(encoding="utf-8"))["cells"]:
        for o in cell.get("outputs", []):
            name_ = o.get("metadata", {}).get("scrapbook", {}).get("name")
            if name_:
                data = o["data"]
                text = data.get("application/papermill.record/text/plain", data.get("text/plain", ""))
                glued[name_] = str(text).strip("'\"")
    return exports, glued


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compute_chapter")
    base = _run(tmp, "base")
    double = _run(tmp, "double_price", price_low=2 * BASE["price_low"], price_high=2 * BASE["price_high"],
                  price_grid=[2 * p for p in BASE["price_grid"]],
                  price_points={k: 2 * v for k, v in BASE["price_points"].items()})
    fx = _run(tmp, "rate", cny_per_usd=6.5)
    return base, double, fx


def test_exports_written(runs):
    (exports, glued), _, _ = runs
    for name in ("compute_claims", "compute_cost_band", "compute_cost_grid", "compute_gpu_hours", "compute_serving"):
        assert name in exports and len(exports[name]) > 0
    assert "a100_ref_ondemand_musd" in glued and "u_month_pct" in glued


def test_doubling_price_doubles_modelled_cost(runs):
    (b, bg), (d, dg), _ = runs
    bb, db = b["compute_cost_band"], d["compute_cost_band"]
    cost_cols = [c for c in bb.columns if c.startswith("cost_")]
    assert cost_cols
    # The band's utilisation axis adapts to the claims' implied utilisations (which move with the prices), so
    # compare what each row means: cost / GPU-hours is the price, and doubling the prices doubles it.
    price_b = bb[cost_cols].div(bb["gpu_hours"], axis=0)
    price_d = db[cost_cols].div(db["gpu_hours"], axis=0)
    for col in cost_cols:
        p0 = price_b[col].iloc[0]
        assert list(price_b[col]) == pytest.approx([p0] * len(bb), rel=1e-9), col  # one price per column
        assert list(price_d[col]) == pytest.approx([2 * p0] * len(db), rel=1e-9), col
    same_u = bb.merge(db, on=["gpu", "utilisation"], suffixes=("_b", "_d"))
    pd.testing.assert_series_equal(same_u["gpu_hours_b"], same_u["gpu_hours_d"], check_names=False)
    pd.testing.assert_series_equal(d["compute_cost_grid"]["cost_usd"], 2 * b["compute_cost_grid"]["cost_usd"], rtol=1e-12)
    gh_cols = [c for c in b["compute_gpu_hours"].columns if c.startswith("cost_")]
    pd.testing.assert_frame_equal(d["compute_gpu_hours"][gh_cols], 2 * b["compute_gpu_hours"][gh_cols], rtol=1e-12)
    for key in ("a100_ref_ondemand_musd", "a100_ref_commit_musd", "band_min_musd", "band_max_musd"):
        assert float(dg[key].replace(",", "")) == pytest.approx(2 * float(bg[key].replace(",", "")), abs=0.011)
    # the claims themselves do not depend on prices
    pd.testing.assert_frame_equal(d["compute_claims"], b["compute_claims"])


def test_exchange_rate_changes_only_usd_of_cny_claims(runs):
    (b, _), _, (f, _) = runs
    cb, cf = b["compute_claims"], f["compute_claims"]
    assert list(cb.columns) == list(cf.columns) and list(cb.claim_id) == list(cf.claim_id)
    usd_cols = ["usd", "usd_low", "usd_high"]
    other = [c for c in cb.columns if c not in usd_cols]
    pd.testing.assert_frame_equal(cb[other], cf[other])
    cny = cb["unit"] == "CNY"
    assert cny.sum() >= 3
    pd.testing.assert_frame_equal(cb.loc[~cny, usd_cols], cf.loc[~cny, usd_cols])
    for col in usd_cols:
        both = cb.loc[cny, col].notna()
        assert both.sum() >= 1 or col != "usd"
        pd.testing.assert_series_equal(cf.loc[cny, col][both], cb.loc[cny, col][both] * 7.0 / 6.5, rtol=1e-12)
        assert (cf.loc[cny, col][both] != cb.loc[cny, col][both]).all()
    # the modelled costs do not depend on the exchange rate
    for name in ("compute_cost_band", "compute_cost_grid", "compute_gpu_hours"):
        pd.testing.assert_frame_equal(b[name], f[name])
