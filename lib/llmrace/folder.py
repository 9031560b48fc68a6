"""The folder contract: which files of a seeds folder are read, which are skipped and why, and the catalog.

Used by `load.list_seeds` (and so `Corpus`, the CLI, the notebooks and the book's source pages), so every
entry point reads the same files:

- Only regular files directly in the folder are read. Symbolic links are never followed (a link to
  /etc/passwd, or to another seed, is skipped with the reason), subfolders are not descended into,
  devices, named pipes and sockets are not opened, hidden files (.name) are ignored.
- Extensions read: .txt and .md, in any case (.TXT, .Md). Any other file is skipped with the reason.
- `catalog.csv` (exactly that name) is the catalog, never a seed; it must be UTF-8 CSV with the columns
  `id` and `title`, unique ids, and every row must match a seed file (by its `file` column when present,
  else by seed id); a file with no row is a warning (its page is titled by the file name).
- Each file may be at most `max_bytes` (default 64 MiB, $LLMRACE_MAX_BYTES, or the argument).
- Seed ids come from the file name (see load.seed_id); they are unique, also ignoring case.

Every skip and warning is in `FolderScan.warnings` (printed by `print_warnings`); every error names the
file, and for the catalog the CSV line, and all of them are reported at once (FolderError).

    from llmrace import folder
    s = folder.scan("seeds")            # raises FolderError on any error
    s.files, s.skipped, s.catalog, s.warnings
"""
from __future__ import annotations

import csv
import io
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .html import safe_url
from .load import SeedError, raw_seed_id, seed_id

EXTENSIONS = (".txt", ".md")
CATALOG = "catalog.csv"
REQUIRED_COLUMNS = ("id", "title")
STANDARD_COLUMNS = ["id", "file", "title", "title_en", "outlet", "author", "pub_date", "date_precision",
                    "date_evidence", "script", "url", "note"]
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_CATALOG_BYTES = 16 * 1024 * 1024
ENV_MAX_BYTES = "LLMRACE_MAX_BYTES"


class FolderError(SeedError):
    """One or more problems with a seeds folder; `problems` lists them, each naming its file (and line)."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.problems = list(problems)
        reason = self.problems[0] if len(self.problems) == 1 else (
            f"{len(self.problems)} problems:\n" + "\n".join(f"  - {p}" for p in self.problems))
        super().__init__(path, reason)


def max_bytes() -> int:
    """The per-file size limit: $LLMRACE_MAX_BYTES if set (bytes, an integer), else 64 MiB."""
    value = os.environ.get(ENV_MAX_BYTES, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        n = int(value)
    except ValueError:
        n = 0
        problem = "is not a whole number of bytes"
    else:
        problem = "must be positive"
    if n <= 0:  # a SeedError (so a ValueError): the CLIs print it and exit 2
        raise FolderError(f"${ENV_MAX_BYTES}", [f"{value!r} {problem}"])
    return n


@dataclass(frozen=True)
class SeedFile:
    """A file that will be read: its path, seed id, the id as written in the name, and its size."""

    path: Path
    name: str
    id: str
    raw_id: str
    size: int
    note: str = ""  # why `id` differs from `raw_id`, if it does


@dataclass(frozen=True)
class Skipped:
    """A folder entry that is not read, and why."""

    name: str
    reason: str


@dataclass
class Catalog:
    """A validated catalog.csv: `rows` maps seed id -> row (strings); `frame` has the standard columns,
    `id` = the matched seed id and `catalog_id` = the id as written; `line` maps seed id -> CSV line."""

    path: Path
    rows: dict[str, dict[str, str]]
    frame: pd.DataFrame
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FolderScan:
    dir: Path
    files: list[SeedFile]
    skipped: list[Skipped]
    catalog: Catalog | None
    warnings: list[str]
    errors: list[str]

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.files]

    def entry(self, sid: str) -> dict[str, str]:
        """The catalog row of a seed ({} if none)."""
        return dict(self.catalog.rows.get(sid, {})) if self.catalog else {}

    def report(self) -> str:
        """One line per file read, skipped file, warning and error."""
        out = [f"{self.dir}: {len(self.files)} seed files read, {len(self.skipped)} skipped"]
        out += [f"  read    {f.name} -> seed {f.id}" + (f" ({f.note})" if f.note else "") for f in self.files]
        out += [f"  warning {w}" for w in self.warnings]
        out += [f"  error   {e}" for e in self.errors]
        return "\n".join(out)

    def print_warnings(self, file=None) -> None:
        """Print each warning (skips, renamed ids, catalog gaps) to stderr, once per process."""
        file = file or sys.stderr
        for w in self.warnings:
            key = (str(self.dir), w)
            if key not in _PRINTED:
                _PRINTED.add(key)
                print(f"llmrace: {self.dir}: {w}", file=file)


_PRINTED: set[tuple[str, str]] = set()


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def scan(path: Path | str, *, max_bytes: int | None = None, strict: bool = True) -> FolderScan:
    """Apply the folder contract to `path` (see the module docstring). With strict (the default) any error
    raises FolderError listing all of them; otherwise they are returned in `.errors`."""
    d = Path(path)
    if not d.exists():
        raise FolderError(d, ["seeds directory does not exist"])
    if not d.is_dir():
        raise FolderError(d, ["is not a directory (give the folder that holds the seed files)"])
    limit = _max_bytes_default() if max_bytes is None else int(max_bytes)
    files: list[SeedFile] = []
    skipped: list[Skipped] = []
    errors: list[str] = []
    catalog_path: Path | None = None
    with os.scandir(d) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        name = e.name
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if shown != name:  # undecodable bytes in the name: it could not be written into a page or a CSV
            skipped.append(Skipped(shown, "file name is not valid UTF-8: not read (rename the file)"))
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError as err:
            errors.append(f"{name}: cannot be examined ({err.strerror})")
            continue
        if stat.S_ISLNK(st.st_mode):
            try:
                target = os.readlink(e.path)
            except OSError:
                target = "?"
            what = "catalog" if name == CATALOG else "file"
            reason = f"symbolic link (-> {target}): links are never followed, only regular files in the folder are read"
            if name == CATALOG:
                errors.append(f"{name}: the {what} is a {reason}")
            else:
                skipped.append(Skipped(name, reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            skipped.append(Skipped(name, "subfolder: not read (seed files must be directly in the folder)"))
            continue
        if not stat.S_ISREG(st.st_mode):
            skipped.append(Skipped(name, f"{_kind(st.st_mode)}: not opened"))
            continue
        if name == CATALOG:
            catalog_path = Path(e.path)
            continue
        if name.startswith("."):
            skipped.append(Skipped(name, "hidden file: not read"))
            continue
        suffix = Path(name).suffix
        if name.lower() == CATALOG:
            skipped.append(Skipped(name, f"not read: the catalog must be named exactly {CATALOG}"))
            continue
        if suffix.lower() not in EXTENSIONS:
            skipped.append(Skipped(name, f"extension {suffix or '(none)'} is not read (only .txt and .md, any case)"))
            continue
        if st.st_size > limit:
            errors.append(f"{name}: is {st.st_size:,} bytes, over the size limit of {limit:,} bytes "
                          f"(raise it with max_bytes= or ${ENV_MAX_BYTES})")
        raw, sid = raw_seed_id(name), seed_id(name)
        note = "" if sid == raw else f"file-name id {raw!r} is not a safe id ([0-9A-Za-z-], at most 40 characters): assigned {sid!r}"
        files.append(SeedFile(Path(e.path), name, sid, raw, st.st_size, note))
    seen: dict[str, SeedFile] = {}
    for f in files:
        key = f.id.lower()
        if key in seen:
            other = seen[key]
            same = "" if other.id == f.id else f" (ids differ only in case: {other.id!r} and {f.id!r})"
            errors.append(f"{f.name}: duplicate seed id {f.id!r} (also {other.name}){same}")
        else:
            seen[key] = f
    if not files and not errors:
        errors.append("no seed files (*.txt, *.md) in directory"
                      + (f"; skipped: {', '.join(s.name for s in skipped)}" if skipped else ""))
    warnings = [f"skipped {s.name}: {s.reason}" for s in skipped]
    warnings += [f"{f.name}: {f.note}" for f in files if f.note]
    catalog = None
    if catalog_path is not None:
        catalog, cat_errors = _read_catalog(catalog_path, files)
        errors += cat_errors
        warnings += catalog.warnings
    result = FolderScan(d, files, skipped, catalog, warnings, errors)
    if strict and errors:
        raise FolderError(d, errors)
    return result


def _max_bytes_default() -> int:
    return max_bytes()


def _read_bytes_nofollow(path: Path, limit: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError("not a regular file")
        return f.read(limit + 1)


def empty_catalog_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=STANDARD_COLUMNS + ["catalog_id"])


def _read_catalog(path: Path, files: list[SeedFile]) -> tuple[Catalog, list[str]]:
    name = path.name
    empty = Catalog(path, {}, empty_catalog_frame())
    try:
        data = _read_bytes_nofollow(path, MAX_CATALOG_BYTES)
    except OSError as e:
        return empty, [f"{name}: cannot be read ({e.strerror or e})"]
    if len(data) > MAX_CATALOG_BYTES:
        return empty, [f"{name}: over the catalog size limit of {MAX_CATALOG_BYTES:,} bytes"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        return empty, [f"{name} line {line}: not UTF-8 ({e.reason} at byte {e.start}); save the catalog as UTF-8"]
    if "\x00" in text:
        return empty, [f"{name}: contains NUL bytes (not a text CSV file)"]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        header = None
        for row in reader:
            if header is None:
                header = [h.strip() for h in row]
                continue
            if not any(c.strip() for c in row):
                continue
            records.append((reader.line_num, row))
    except csv.Error as e:
        return empty, [f"{name} line {reader.line_num}: malformed CSV ({e})"]
    if not header or not any(header):
        return empty, [f"{name}: empty catalog (no header row; required columns: {', '.join(REQUIRED_COLUMNS)})"]
    errors: list[str] = []
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        errors.append(f"{name} line 1: column(s) {', '.join(map(repr, dupes))} appear more than once")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        errors.append(f"{name} line 1: missing required column(s) {', '.join(map(repr, missing))} "
                      f"(columns found: {', '.join(map(repr, header))})")
    if errors:
        return empty, errors
    by_name = {f.name: f for f in files}
    by_id: dict[str, SeedFile] = {}
    for f in files:
        by_id.setdefault(f.id, f)
        by_id.setdefault(f.raw_id, f)
    rows: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    warnings: list[str] = []
    seen_ids: dict[str, int] = {}
    for line, row in records:
        where = f"{name} line {line}"
        if len(row) != len(header):
            errors.append(f"{where}: {len(row)} fields, the header has {len(header)}")
            continue
        rec = {h: v for h, v in zip(header, row)}
        cid = rec["id"].strip()
        if not cid:
            errors.append(f"{where}: empty id")
            continue
        if cid in seen_ids:
            errors.append(f"{where}: duplicate id {cid!r} (also line {seen_ids[cid]}); each seed has one row")
            continue
        seen_ids[cid] = line
        fname = rec.get("file", "").strip()
        if fname:
            f = by_name.get(fname)
            if f is None:
                errors.append(f"{where}: file {fname!r} (id {cid!r}) is not a seed file in the folder")
                continue
            if cid not in (f.id, f.raw_id):
                errors.append(f"{where}: id {cid!r} does not match the seed id {f.id!r} of its file {fname}")
                continue
        else:
            f = by_id.get(cid)
            if f is None:
                hint = ""
                if cid.isdigit():
                    near = [g for g in files if g.raw_id.isdigit() and int(g.raw_id) == int(cid)]
                    if near:
                        hint = f"; did you mean {near[0].raw_id!r} ({near[0].name})? ids are compared as text"
                errors.append(f"{where}: id {cid!r} matches no seed file in the folder{hint}")
                continue
        if f.id in rows:
            errors.append(f"{where}: a second row for {f.name} (also line {lines[f.id]})")
            continue
        url = rec.get("url", "").strip()
        if url and safe_url(url) is None:
            warnings.append(f"{where}: url {url!r} is not an http(s) URL: shown as text, never as a link")
        rec = {**{c: "" for c in STANDARD_COLUMNS}, **rec, "catalog_id": cid, "id": f.id}
        rows[f.id] = rec
        lines[f.id] = line
    for f in files:
        if f.id not in rows:
            warnings.append(f"{f.name}: no row in {name} (its page is titled by the file name)")
    columns = list(dict.fromkeys(["id", *header, *STANDARD_COLUMNS, "catalog_id"]))
    frame = pd.DataFrame([rows[k] for k in rows], columns=columns).fillna("").astype(str) if rows else pd.DataFrame(columns=columns)
    return Catalog(path, rows, frame, lines, warnings), errors


def read_catalog(path: Path | str) -> pd.DataFrame:
    """The validated catalog of a seeds folder as a DataFrame (strings; standard columns always present;
    `id` = the seed id of the matched file, `catalog_id` = the id as written). Empty if there is none.
    Raises FolderError for a bad folder or catalog (see scan)."""
    s = scan(path)
    s.print_warnings()
    return s.catalog.frame.copy() if s.catalog is not None else empty_catalog_frame()
