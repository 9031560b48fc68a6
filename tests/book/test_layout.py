"""Layout in a real browser (Debian's Chromium via Playwright, as test_browser.py): at a desktop width
(1,400 px) and a phone width (390 px) nothing in the content column is wider than the column, tables and
images included; a fresh full-page screenshot of every page at both widths lands in _build/screenshots/.

An element may overflow only inside a box that scrolls sideways and itself fits (a code block); tables,
figures and images must fit outright.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

import browserkit

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
WIDTHS = {"desktop": 1400, "phone": 390}


def _pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for p in toc.get("parts", []) for c in p.get("chapters", [])]


PAGES = _pages()

OVERFLOW_JS = r"""() => {
  const col = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const box = col.getBoundingClientRect();
  const cs = getComputedStyle(col);
  const left = box.left + parseFloat(cs.paddingLeft) - 1, right = box.right - parseFloat(cs.paddingRight) + 1;
  const width = right - left;
  function scrollsInside(el) {
    for (let p = el.parentElement; p && p !== col; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
        const r = p.getBoundingClientRect();
        if (r.left >= left - 1 && r.right <= right + 1) return true;
      }
    }
    return false;
  }
  const out = [];
  for (const el of col.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.position === 'fixed') continue;
    const strict = ['TABLE', 'IMG', 'FIGURE', 'svg'].includes(el.tagName);
    const over = r.left < left - 1 || r.right > right + 1 || (strict && el.scrollWidth > width + 2 && getComputedStyle(el).overflowX === 'visible');
    if (!over) continue;
    if (!strict && scrollsInside(el)) continue;
    if (strict && el.tagName !== 'TABLE' && scrollsInside(el) && r.width <= width + 1) continue;
    const id = el.id ? '#' + el.id : '';
    const cls = (typeof el.className === 'string' && el.className) ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    out.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(left)}–${Math.round(right)}] ${(el.textContent || '').trim().slice(0, 50)}`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) out.unshift(`the page itself scrolls sideways: ${page.scrollWidth} px in a ${page.clientWidth} px window`);
  return {width: Math.round(width), offenders: out.slice(0, 30), count: out.length};
}"""


@pytest.fixture(scope="module")
def server(built):
    with browserkit.serve(built) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    exe = browserkit.require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=browserkit.CHROMIUM_ARGS)
        yield b
        b.close()


def _block_remote(route):
    host = urlparse(route.request.url).hostname
    if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("doc", PAGES)
def test_nothing_wider_than_the_column(chromium, server, doc, width_name):
    width = WIDTHS[width_name]
    ctx = chromium.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        page.route("**/*", _block_remote)
        page.goto(f"{server}/{doc}.html", wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.evaluate("""async () => { for (const i of document.images) i.loading = 'eager';
            await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null))); }""")
        res = page.evaluate(OVERFLOW_JS)
        out = SHOTS / width_name / (doc.replace("/", "__") + ".png")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 5_000
    finally:
        ctx.close()
    assert not res["count"], (f"{doc} at {width} px: {res['count']} elements wider than the "
                              f"{res['width']} px column:\n" + "\n".join(res["offenders"]))


def test_long_tables_are_paged_and_filterable(chromium, server):
    """The ledger's long tables get a filter box and pages; the verdict column comes first."""
    ctx = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = ctx.new_page()
        page.route("**/*", _block_remote)
        page.goto(f"{server}/notebooks/05_claims_ledger.html", wait_until="load")
        info = page.evaluate("""() => Array.from(document.querySelectorAll('table.llmrace-table[data-page-size]')).map(t => ({
            rows: t.tBodies[0].rows.length,
            shown: Array.from(t.tBodies[0].rows).filter(r => !r.hidden).length,
            size: +t.dataset.pageSize,
            bar: !!(t.parentNode.previousElementSibling && t.parentNode.previousElementSibling.querySelector('input[type=search]')),
            first: t.tHead.rows[0].cells[0].textContent}))""")
        assert info, "no paged table on the ledger page"
        for t in info:
            assert t["bar"] and t["shown"] <= t["size"] < t["rows"], t
        assert any(t["first"] == "verdict" for t in info), [t["first"] for t in info]
        box = page.locator("div.llmrace-tablebar input[type=search]").first
        box.fill("zzzz-no-such-row")
        assert "of 0" in page.locator("div.llmrace-tablebar .llmrace-count").first.text_content()
    finally:
        ctx.close()
