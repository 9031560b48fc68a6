"""The built pages load nothing from the network, and the web font covers every Chinese character they show.

Rendered pages reference exactly one remote URL, never fetched on page load: sphinx-thebe's
`const THEBE_JS_URL = "https://unpkg.com/thebe@…"` (inline script), used only if a reader starts a live
kernel, which this book does not offer. Links (<a href>) to outside sites are navigation, not loads."""
import re
from html.parser import HTMLParser


ALLOWED_INLINE = re.compile(r"https://unpkg\.com/thebe@[\d.]+/lib/index\.js")


class _Loads(HTMLParser):
    """Every URL the page itself loads: script src, link href (stylesheets, icons), img/source/iframe src."""

    def __init__(self):
        super().__init__()
        self.urls, self.inline = [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in a
        for key in {"script": ["src"], "link": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"],
                    "iframe": ["src"], "video": ["src", "poster"], "audio": ["src"], "embed": ["src"],
                    "object": ["data"]}.get(tag, []):
            if a.get(key):
                self.urls.append(a[key])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline.extend(re.findall(r"https?://[^\s\"'`]+", data))


def _pages(built):
    return sorted(built.rglob("*.html"))


def test_pages_load_no_remote_resources(built):
    remote = {}
    for page in _pages(built):
        p = _Loads()
        p.feed(page.read_text(encoding="utf-8"))
        bad = [u for u in p.urls if re.match(r"(https?:)?//", u)]
        bad += [u for u in p.inline if not ALLOWED_INLINE.fullmatch(u)]
        if bad:
            remote[str(page.relative_to(built))] = sorted(set(bad))
    assert not remote, f"pages that load remote resources: {remote}"


def test_css_loads_no_remote_resources(built):
    bad = {}
    for css in sorted((built / "_static").rglob("*.css")):
        urls = [u for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace"))
                if re.match(r"(https?:)?//", u)]
        urls += re.findall(r"@import\s+['\"](https?://[^'\"]+)", css.read_text(encoding="utf-8", errors="replace"))
        if urls:
            bad[css.name] = urls
    assert not bad, bad


def test_web_font_shipped_and_linked(built):
    font = built / "_static" / "fonts" / "llmrace-cjk.woff2"
    assert font.is_file() and font.read_bytes()[:4] == b"wOF2"
    assert 100_000 < font.stat().st_size < 3_000_000, font.stat().st_size
    css = (built / "_static" / "llmrace.css").read_text(encoding="utf-8")
    assert 'url("fonts/llmrace-cjk.woff2")' in css
    assert "_static/llmrace.css" in (built / "notebooks" / "index.html").read_text(encoding="utf-8")


def test_web_font_covers_every_cjk_character(built):
    from fontTools.ttLib import TTFont

    cmap = set(TTFont(str(built / "_static" / "fonts" / "llmrace-cjk.woff2")).getBestCmap())
    cjk = re.compile(r"[\u2e80-\u2fff\u3000-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef]")
    missing = {}
    for page in _pages(built):
        text = re.sub(r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        chars = {c for c in cjk.findall(re.sub(r"<[^>]+>", "", text)) if ord(c) not in cmap}
        if chars:
            missing[str(page.relative_to(built))] = "".join(sorted(chars))
    assert not missing, f"characters the web font lacks (re-run tools/make_webfont.py): {missing}"
