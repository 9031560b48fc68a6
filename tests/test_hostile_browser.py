"""A book built strictly from a hostile seeds folder, opened in real Chromium: no dialog fires on any page.

The folder (tests/fixtures/hostile_folder.py) has a seed named `007"><img src=x onerror=alert(7)>_x.txt`,
markup in seed text, a catalog title `<img src=x onerror=alert(6)>标题`, an outlet `<script>alert(2)</script>`
and a url `javascript:alert(1)`, a symlink to /etc/passwd, a subfolder, a named pipe and odd file names.
The book (its source pages and a catalog page rendered by llmrace.tables.html_table as the corpus chapter
does) is built with `jupyter-book build -W` and the book's extensions, served on 127.0.0.1 and every page
is opened in Debian's Chromium (Playwright) with a `dialog` listener that fails the test on any alert,
confirm or prompt; the search page is searched for the hostile title. Without Chromium the test skips
(fails under CI=true), like tests/book/test_browser.py.
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import hostile_folder  # noqa: E402

import browserkit  # noqa: E402


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile_book")
    seeds = hostile_folder.make(tmp / "seeds")
    run, html = hostile_folder.build_book(seeds, tmp / "book")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return html


def test_strict_build_of_a_hostile_folder_is_escaped(hostile_book):
    """The built HTML (not just the page sources) has no live markup from the folder."""
    from llmrace.sources import unescaped_search_titles

    pages = sorted(hostile_book.rglob("*.html"))
    names = {p.relative_to(hostile_book).as_posix() for p in pages}
    assert {"catalog.html", "sources/seed_000.html", "sources/seed_1-2-9827e6.html"} <= names, names
    assert not any("passwd" in n or "inner" in n or "fifo" in n for n in names), names
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert not _live_markup(text), (p, _live_markup(text))
        assert "<img src=x" not in text and "<script>alert" not in text, p
        assert 'href="javascript:' not in text.lower(), p
        assert "root:x:0:0" not in text, p  # nothing from /etc/passwd
    assert unescaped_search_titles(hostile_book) == []
    catalog = (hostile_book / "catalog.html").read_text(encoding="utf-8")
    assert "javascript:alert(1)" in catalog  # shown as text…
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in catalog  # …while http(s) URLs stay links


# The only event-handler attributes the theme itself writes (sphinx-book-theme's print and full-screen buttons).
THEME_HANDLERS = {("onclick", "window.print()"), ("onclick", "toggleFullScreen()")}


class _Elements(HTMLParser):
    """Collects event-handler attributes and script-like hrefs of the parsed HTML (not text, not attribute text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k.startswith("on") and (k, v) not in THEME_HANDLERS:
                self.found.append(f"<{tag} {k}=…>")
            if k in ("href", "src", "action", "formaction") and v and re.match(r"\s*(javascript|vbscript|data):", v, re.I) \
                    and not (tag == "img" and v.startswith("data:image/")):
                self.found.append(f"<{tag} {k}={v[:40]}>")


def _live_markup(text: str) -> list[str]:
    p = _Elements()
    p.feed(text)
    return p.found


@pytest.fixture(scope="module")
def served(hostile_book):
    with browserkit.serve(hostile_book) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with browserkit.persistent_context(tmp_path_factory.mktemp("chromium-profile-hostile")) as ctx:
        yield ctx


def _open(ctx, url: str):
    """Open url with a dialog listener; returns (page, dialogs, errors)."""
    page = ctx.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def _dialog(d):
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", _dialog)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else r.abort())
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")  # index.html redirects to the root page
    return page, dialogs, errors


def _exercise(page) -> None:
    """Open every <details>, scroll through the page and give failing images time to fire onerror."""
    page.evaluate("""async () => {
        document.querySelectorAll('details').forEach(d => d.open = true);
        window.scrollTo(0, document.body.scrollHeight);
        await Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null)));
        window.scrollTo(0, 0);
    }""")
    page.wait_for_timeout(300)


def test_no_dialog_on_any_page(browser, served, hostile_book):
    pages = sorted(p.relative_to(hostile_book).as_posix() for p in hostile_book.rglob("*.html"))
    fired = {}
    for rel in pages:
        page, dialogs, _ = _open(browser, f"{served}/{quote(rel)}")
        _exercise(page)
        live = page.evaluate("""() => ({
            js_links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))
                        .filter(h => /^\\s*(javascript|data|vbscript):/i.test(h)),
            handlers: Array.from(document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[onfocus]'))
                        .filter(e => !['window.print()', 'toggleFullScreen()'].includes(e.getAttribute('onclick')))
                        .map(e => e.outerHTML.slice(0, 80)),
        })""")
        if dialogs or live["js_links"] or live["handlers"]:
            fired[rel] = {"dialogs": dialogs, **live}
        page.close()
    assert not fired, fired


@pytest.mark.parametrize("query", ["img src=x onerror=alert(6)", "标题", "onerror", "第七篇 <b>粗</b>"])
def test_search_page_shows_hostile_titles_as_text(browser, served, query):
    page, dialogs, errors = _open(browser, f"{served}/search.html?q={quote(query)}")
    page.wait_for_function("() => { const s = document.querySelector('#search-results p.search-summary');"
                           " return s && /finished|did not match/i.test(s.innerText); }", timeout=30_000)
    _exercise(page)
    results = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => [e.getAttribute('href'), e.innerText])")
    assert not dialogs, f"searching {query!r} fired {dialogs}"
    assert not page.evaluate("document.querySelectorAll('#search-results img, #search-results script, #search-results b').length")
    if query.startswith("img"):
        # the title search (alltitles) finds the page, and its hostile title is displayed as literal text
        hit = [t for h, t in results if "seed_000" in h]
        assert hit and "<img src=x onerror=alert(6)>" in hit[0], results
    assert not errors, errors
    page.close()
