"""The built book in a real browser: Debian's Chromium driven by Playwright over the book served on localhost.

No browser is downloaded (never `playwright install`): the tests use /usr/bin/chromium (or $CHROMIUM).
Without it they skip with the reason, except under CI=true, where a missing browser is a failure.
Every request that leaves 127.0.0.1 is blocked and recorded: the pages must load without the network.
Screenshots of every chapter land in _build/screenshots/ for a human to look at.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import yaml

import browserkit

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
FONT_FAMILY = "LLMRace CJK"
SEARCH_TERMS = ["文心一言", "英伟达", "A800", "大模型", "RLHF", "ERNIE"]


def _toc_pages() -> dict[str, list[str]]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = {p.get("caption", ""): [c["file"] for c in p.get("chapters", [])] for p in toc.get("parts", [])}
    return {"root": [toc["root"]], **parts}


TOC = _toc_pages()
CHAPTERS = TOC.get("Chapters", [])
ALL_PAGES = TOC["root"] + [f for cap, files in TOC.items() if cap != "root" for f in files]


@pytest.fixture(scope="module")
def server(built):
    with browserkit.serve(built) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with browserkit.persistent_context(tmp_path_factory.mktemp("chromium-profile")) as ctx:
        yield ctx


class Visit:
    """A page opened in the browser with console errors, page errors and off-host requests recorded."""

    def __init__(self, ctx, base: str):
        self.base = base
        self.page = ctx.new_page()
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        # Any alert/confirm/prompt means script ran that the book did not write (issue 16): record, dismiss,
        # and fail the test in the `visit` fixture's teardown.
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {self.page.url}")
        self.errors.append(f"dialog: {self.dialogs[-1]}")
        dialog.dismiss()

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def open(self, path: str):
        self.page.goto(f"{self.base}/{path}", wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return self.page

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, server):
    opened: list[Visit] = []

    def _open(path: str) -> Visit:
        v = Visit(browser, server)
        opened.append(v)
        v.open(path)
        return v

    yield _open
    dialogs = [d for v in opened for d in v.dialogs]
    for v in opened:
        v.close()
    assert not dialogs, f"a dialog fired (script from page content ran): {dialogs}"


def _scroll_through(page) -> None:
    """Scroll to the bottom and back so lazily loaded images load, then wait for every image to decode."""
    page.evaluate("""async () => {
        for (const img of document.images) img.loading = 'eager';
        window.scrollTo(0, document.body.scrollHeight);
        await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)));
        window.scrollTo(0, 0);
    }""")


@pytest.mark.parametrize("doc", ALL_PAGES)
def test_page_loads_cleanly(visit, doc):
    v = visit(f"{doc}.html")
    page = v.page
    _scroll_through(page)
    assert page.title(), f"{doc}: no <title>"
    broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    assert not broken, f"{doc}: images that did not load: {broken}"
    assert not v.errors, f"{doc}: console errors: {v.errors}"
    assert not v.remote, f"{doc}: requests to remote hosts at page load: {v.remote}"


@pytest.mark.parametrize("doc", ALL_PAGES)
def test_web_font_renders_chinese(visit, doc):
    v = visit(f"{doc}.html")
    page = v.page
    has_cjk = page.evaluate(r"/[\u3400-\u9fff]/.test(document.body.innerText)")
    if not has_cjk:
        pytest.skip(f"{doc} has no Chinese text")
    faces = page.evaluate("Array.from(document.fonts).map(f => [f.family.replace(/[\"']/g, ''), f.status])")
    ours = [status for family, status in faces if family == FONT_FAMILY]
    assert ours, f"{doc}: no @font-face for {FONT_FAMILY!r} (is _static/llmrace.css included?): {faces}"
    assert "loaded" in ours, f"{doc}: the web font was not loaded by the page: {ours}"
    assert page.evaluate(f"document.fonts.check('16px \"{FONT_FAMILY}\"', '文心一言英伟达')")
    # The body's computed font stack starts with the web font (so CJK glyphs come from it).
    stack = page.evaluate("getComputedStyle(document.querySelector('article') || document.body).fontFamily")
    assert stack.replace('"', "").startswith(FONT_FAMILY), stack


@pytest.mark.parametrize("doc", CHAPTERS + TOC["root"])
def test_screenshot(visit, doc):
    v = visit(f"{doc}.html")
    _scroll_through(v.page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / (doc.replace("/", "__") + ".png")
    v.page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_page_finds(visit, term):
    v = visit(f"search.html?q={quote(term)}")
    page = v.page
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    assert hits, f"searching {term} lists no results"
    assert any("notebooks/" in h or "sources/" in h for h in hits), hits
    assert not v.errors, v.errors


def _provenance_links(built: Path) -> list[tuple[str, str]]:
    out = []
    for doc in CHAPTERS:
        html = (built / f"{doc}.html").read_text(encoding="utf-8")
        for href in re.findall(r'href="(\.\./sources/seed_\d+\.html#s\d+-p\d+-s\d+)"', html):
            out.append((doc, href))
    return out


def test_provenance_link_lands_on_sentence(visit, built):
    links = _provenance_links(built)
    if not links:
        pytest.skip("no chapter links a sentence yet (tables.sentence_href)")
    doc, href = links[0]
    v = visit(f"{doc}.html")
    page = v.page
    page.locator(f'a[href="{href}"]').first.scroll_into_view_if_needed()
    page.locator(f'a[href="{href}"]').first.click()
    page.wait_for_load_state("load")
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}"), page.url
    assert page.evaluate(f"!!document.getElementById('{anchor}')"), f"{href}: no element with id {anchor}"
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == anchor
    # The sentence is on screen and highlighted.
    box = page.locator(f"#{anchor}").bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"], box
    bg = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), bg
    assert not v.errors, v.errors


def test_original_script_toggle(visit):
    v = visit("sources/seed_000.html")
    page = v.page
    details = page.locator("details.llmrace-orig").first
    assert not details.evaluate("d => d.open")
    details.locator("summary").click()
    assert details.evaluate("d => d.open")
    assert details.locator("p").inner_text().strip()
