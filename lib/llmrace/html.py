"""The one place that renders untrusted text (seed text, file names, catalog fields) into HTML.

Everything that puts seed- or catalog-derived text into a page goes through these functions:
`text`/`attr` escape (so no markup survives), `safe_id`/`UniqueIds` make HTML ids from a safe alphabet,
and `safe_url`/`safe_href`/`link` let a URL become a link only when its scheme is on the allow-list
(http, https) or, for links inside the book, when it is relative. A `javascript:` (or `data:`, `vbscript:`,
…) URL is never rendered as a link: the label is shown as escaped text instead.
"""
from __future__ import annotations

import html as _html
import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"'`\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ID_CHARS = re.compile(r"[^A-Za-z0-9-]+")


def text(value: object) -> str:
    """HTML-escape text for element content or an attribute: & < > " ' and the backtick (which could close
    a Markdown/MyST code fence around a raw-HTML block)."""
    return _html.escape(str(value), quote=True).replace("`", "&#96;")


def attr(value: object) -> str:
    """Escape an attribute value (always written inside double quotes)."""
    return text(value)


def safe_url(url: object) -> str | None:
    """`url` (stripped) if it is an absolute http(s) URL with a host and no control, space, quote or
    invisible characters; otherwise None. Browsers drop tabs and newlines inside a scheme
    ('java\\tscript:'), so any such character makes the URL unsafe rather than being cleaned."""
    if url is None:
        return None
    u = str(url).strip()
    if not u or _UNSAFE_URL_CHARS.search(u):
        return None
    m = _SCHEME.match(u)
    if not m or m.group(1).lower() not in ALLOWED_SCHEMES:
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if not parts.netloc or not parts.hostname:
        return None
    return u


def safe_href(url: object, *, relative: bool = True) -> str | None:
    """A URL fit for href="…": an allowed absolute URL (see safe_url) or, when `relative`, a relative
    reference inside the site (no scheme, not protocol-relative '//host', no backslashes or controls)."""
    absolute = safe_url(url)
    if absolute is not None:
        return absolute
    if not relative or url is None:
        return None
    u = str(url).strip()
    if not u or _UNSAFE_URL_CHARS.search(u) or _SCHEME.match(u) or u.startswith("//"):
        return None
    # A colon before the first '/', '?' or '#' would be read as a scheme by some parsers.
    first = re.split(r"[/?#]", u, maxsplit=1)[0]
    if ":" in first:
        return None
    return u


def link(label: object, url: object, *, relative: bool = False, cls: str | None = None) -> str:
    """<a href="url">label</a> when the URL is allowed (safe_href), else just the escaped label."""
    href = safe_href(url, relative=relative)
    if href is None:
        return text(label)
    c = f' class="{attr(cls)}"' if cls else ""
    return f'<a{c} href="{attr(href)}">{text(label)}</a>'


def safe_id(value: object, prefix: str = "x") -> str:
    """An HTML id from [A-Za-z0-9-] only, starting with a letter: runs of other characters become '-'
    ('007"><img' -> 'x007-img'); an empty result is `prefix`."""
    s = _ID_CHARS.sub("-", str(value)).strip("-")
    if not s:
        return prefix
    return s if s[0].isalpha() else f"{prefix}{s}"


class UniqueIds:
    """Hands out safe ids, each once: a repeated base gets '-2', '-3', … appended."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def add(self, base: object) -> str:
        sid = safe_id(base)
        out, n = sid, 1
        while out in self.used:
            n += 1
            out = f"{sid}-{n}"
        self.used.add(out)
        return out
