"""Title and publication date of an article inferred from its own text, with evidence and precision.

Used when a folder of articles has no `catalog.csv` (the user's book). Nothing is guessed from the
body's events: the date comes only from front matter (`date:` / `published:`) or from a byline-like
line near the top or at the very end of the file (a line of at most 40 characters, or one with a
byline cue such as 发布/来源/作者/编辑/published, so that a lead sentence's event date is not taken) (`2023年08月11日`, `2023/05/30`, `2023-06-13`,
`2023.06.13`, `2023年8月`), and the record says which line it came from and how precise it is.
An article with no such line gets no date (precision ``none``): its month-day dates stay unresolved.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

HEAD_LINES = 12  # lines from the top searched for a byline date (after front matter)
TAIL_LINES = 4  # lines from the end searched for a "published on" footer
MAX_TITLE = 80  # characters; a longer first line is body text, not a headline

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FM_FIELD = re.compile(r"^([A-Za-z_]+)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_Y = r"((?:19|20)\d{2})"
_M = r"(1[0-2]|0?[1-9])"
_D = r"(3[01]|[12]\d|0?[1-9])"
DATE_PATTERNS = [  # (regex, precision); the first that matches a line wins
    (re.compile(_Y + r"\s*年\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]"), "day"),
    (re.compile(r"(?<!\d)" + _Y + r"[/.\-]" + _M + r"[/.\-]" + _D + r"(?!\d)"), "day"),
    (re.compile(_Y + r"\s*年\s*" + _M + r"\s*月(?!\s*\d)"), "month"),
    (re.compile(r"(?<!\d)" + _Y + r"[/\-]" + _M + r"(?![\d/.\-])"), "month"),
]
BYLINE_CUE = re.compile(r"发布|發布|发表|發表|来源|來源|作者|编辑|編輯|记者|記者|日期|时间|時間|更新|published|posted|updated|date", re.I)
BYLINE_MAX = 40  # characters: a short line with a date is a byline; a longer one needs a byline cue
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_NOISE = re.compile(r"[*_`]+|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    title_evidence: str
    pub_date: str  # ISO: YYYY-MM-DD, YYYY-MM or ""
    date_precision: str  # day | month | none
    date_evidence: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML-like `key: value` pairs of a leading `---` block, and the number of lines it spans (0 if none)."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    fields = {k.lower(): v.strip().strip("'\"") for k, v in _FM_FIELD.findall(m.group(1))}
    return fields, m.group(0).count("\n") + (0 if m.group(0).endswith("\n") else 1)


def find_date(line: str) -> tuple[str, str] | None:
    """(ISO date, precision) of the first date pattern in a line, or None."""
    for rx, precision in DATE_PATTERNS:
        m = rx.search(line)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if precision == "day":
                return f"{y:04d}-{mo:02d}-{int(m.group(3)):02d}", "day"
            return f"{y:04d}-{mo:02d}", "month"
    return None


def _clean_title(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_NOISE.sub(lambda m: m.group(1) or "", line)
    return " ".join(line.split()).strip()


def infer_metadata(text: str, fallback_title: str = "", skip_lines: frozenset[int] | set[int] = frozenset(),
                   headline: tuple[int, str] | None = None) -> ArticleMeta:
    """Infer the headline and the publication date of one decoded article (see the module docstring).

    `skip_lines`: 1-based line numbers the cleaner removed as boilerplate (never taken as the headline).
    `headline`: (line, text) of the first cleaned paragraph (pinyin annotations removed), preferred to the
    raw first line when given.
    """
    fields, fm_lines = front_matter(text)
    lines = text.splitlines()
    body = [(i + 1, l) for i, l in enumerate(lines) if i >= fm_lines]
    nonempty = [(n, l.strip()) for n, l in body if l.strip()]
    headline_lines = [(n, l) for n, l in nonempty if n not in skip_lines]
    # title
    if fields.get("title"):
        title, t_ev = _clean_title(fields["title"]), "front matter field 'title'"
    else:
        first = headline or next(((n, l) for n, l in headline_lines if _clean_title(l)), None)
        if first and len(_clean_title(first[1])) <= MAX_TITLE:
            kind = "markdown heading" if _MD_HEADING.match(first[1]) else "first non-empty line"
            title, t_ev = _clean_title(first[1]), f"{kind} (line {first[0]})"
        elif first:
            title = fallback_title
            t_ev = f"no headline: the first line (line {first[0]}) has {len(_clean_title(first[1]))} characters; file name used"
        else:
            title, t_ev = fallback_title, "no text; file name used"
    # date
    for key in ("date", "published", "pub_date", "publish_date", "time"):
        found = find_date(fields.get(key, ""))
        if found:
            return ArticleMeta(title, t_ev, found[0], found[1], f"front matter field '{key}': {fields[key]}")
    candidates = nonempty[:HEAD_LINES] + [x for x in nonempty[-TAIL_LINES:] if x not in nonempty[:HEAD_LINES]]
    for n, line in candidates:
        found = find_date(line)
        if found and (len(line) <= BYLINE_MAX or BYLINE_CUE.search(line)):
            where = "near the top" if (n, line) in nonempty[:HEAD_LINES] else "at the end"
            snippet = line if len(line) <= 60 else line[:57] + "…"
            return ArticleMeta(title, t_ev, found[0], found[1], f"line {n} ({where}): {snippet}")
    return ArticleMeta(title, t_ev, "", "none",
                       f"no date in front matter, in the first {HEAD_LINES} or the last {TAIL_LINES} non-empty lines")
