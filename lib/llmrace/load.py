"""Read seed files: decode bytes, record the encoding, reject bad input with a clear reason."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Characters that are common in Chinese prose; used to choose between GB18030 and Big5 when both decode.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)


class SeedError(ValueError):
    """A seed file that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class Decoded:
    """A decoded seed file."""

    path: Path
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16-le (BOM)", "utf-16-le (no BOM)", …


def _plausibility(text: str) -> float:
    """Share of Han characters that are among the most common ones (higher = more plausible Chinese)."""
    from .convert import to_simplified

    han = [c for c in to_simplified(text[:20000]) if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(c in _COMMON for c in han) / len(han)


def _looks_binary(data: bytes) -> str | None:
    if b"\x00" in data:
        return "binary file (contains NUL bytes)"
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls / max(len(sample), 1) > 0.05:
        return f"binary file ({controls} control bytes in the first {len(sample)} bytes)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes of an even-length file sit mostly (80%) at odd (LE) or
    even (BE) offsets -- the high bytes of ASCII characters; a Han character such as 一 (U+4E00) adds the odd
    one at the other parity -- and it decodes as such to printable text: UTF-16 saved without a BOM."""
    if len(data) % 2 or b"\x00" not in data:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    enc = "utf-16-le" if odd >= 4 * even else "utf-16-be" if even >= 4 * odd else None
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return enc if printable / max(len(text), 1) > 0.95 else None


# Minimum Han characters before the plausibility check rejects a decoding, and the plausibility below
# which text is "not Chinese": real Chinese prose scores 0.74-0.77 (the five seeds), GB18030-decoded
# Shift-JIS / EUC-JP / EUC-KR text 0.01-0.13 (measured, tests/test_hostile.py).
WRONG_ENCODING_MIN_HAN = 20
WRONG_ENCODING_PLAUSIBILITY = 0.35


def _likely_encoding(data: bytes) -> str | None:
    """Name the encoding a non-Chinese legacy file probably uses (Japanese or Korean), if one fits."""
    checks = [("Shift-JIS (Japanese)", "shift_jis", r"[\u3040-\u30ff]"), ("EUC-JP (Japanese)", "euc_jp", r"[\u3040-\u30ff]"),
              ("EUC-KR (Korean)", "euc_kr", r"[\uac00-\ud7a3]")]
    best = None
    for name, codec, script in checks:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = len(re.findall(script, text)) / max(len(text), 1)
        if share > 0.1 and (best is None or share > best[1]):
            best = (name, share)
    return best[0] if best else None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> Decoded:
    """Decode seed bytes: UTF-16/UTF-32 with a BOM, UTF-8 (with or without BOM), UTF-16 without BOM
    (recognised by its NUL bytes), then GB18030 and Big5.

    When both GB18030 and Big5 decode without error, the one whose text uses more common
    Chinese characters wins; when neither reads as Chinese (e.g. Shift-JIS or EUC-KR bytes, which
    decode as GB18030 to Han mojibake) the file is rejected as a likely wrong encoding, naming the
    encoding it probably is. Raises SeedError for empty, binary or undecodable input.
    """
    path = Path(path)
    for bom, codec, name in ((b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le (BOM)"), (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be (BOM)"),
                             (b"\xff\xfe", "utf-16-le", "utf-16-le (BOM)"), (b"\xfe\xff", "utf-16-be", "utf-16-be (BOM)")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                raise SeedError(path, f"has a {codec.upper()} BOM but is not valid {codec.upper()} ({e.reason} at byte {e.start + len(bom)})") from e
            if not text.strip():
                raise SeedError(path, "empty file (no text)")
            return Decoded(path, text, name)
    if not data.strip():
        raise SeedError(path, "empty file (no text)" if data else "empty file (0 bytes)")
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16)
        if not text.strip():
            raise SeedError(path, "empty file (no text)")
        return Decoded(path, text, f"{utf16} (no BOM)")
    reason = _looks_binary(data)
    if reason:
        raise SeedError(path, reason)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(path, data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as e:
            raise SeedError(path, f"has a UTF-8 BOM but is not valid UTF-8 ({e.reason} at byte {e.start + 3})") from e
    try:
        return Decoded(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"{e.reason} at byte {e.start}"
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            candidates.append((enc, data.decode(enc)))
        except UnicodeDecodeError:
            pass
    if not candidates:
        likely = _likely_encoding(data)
        hint = f"; it looks like {likely}: re-save it as UTF-8" if likely else ""
        raise SeedError(path, f"undecodable: not UTF-8 ({utf8_error}), GB18030 or Big5{hint}")
    scored = [(enc, text, _plausibility(text)) for enc, text in candidates]
    enc, text, score = max(scored, key=lambda c: c[2])  # ties keep GB18030 (listed first)
    if score < 0.2 and sum(1 for c in text if unicodedata.category(c) == "Co") > 0:
        raise SeedError(path, f"undecodable: decodes as {enc} only to private-use characters")
    han = sum(1 for c in text[:20000] if "\u4e00" <= c <= "\u9fff")
    if han >= WRONG_ENCODING_MIN_HAN and score < WRONG_ENCODING_PLAUSIBILITY:
        likely = _likely_encoding(data)
        hint = f"it looks like {likely}" if likely else "the encoding is probably another one"
        raise SeedError(path, f"likely wrong encoding: not UTF-8 ({utf8_error}); it decodes as {enc} but does not read as "
                              f"Chinese (only {score:.0%} of its Han characters are common ones; Chinese text scores over 60%): "
                              f"{hint}. Not processed; re-save the file as UTF-8")
    return Decoded(path, text, enc)


def read_seed(path: Path | str, max_bytes: int | None = None) -> Decoded:
    """Read and decode one seed file (see decode_bytes).

    The file is opened without following a symbolic link (O_NOFOLLOW), must be a regular file, and may
    not be larger than `max_bytes` (default: llmrace.folder.max_bytes(), 64 MiB or $LLMRACE_MAX_BYTES).
    """
    from .folder import max_bytes as default_max

    path = Path(path)
    limit = default_max() if max_bytes is None else max_bytes
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise SeedError(path, "is a symbolic link: not read (seed files must be regular files in the folder)") from e
        raise SeedError(path, f"cannot be read ({e.strerror})") from e
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise SeedError(path, "is not a regular file: not read")
        if st.st_size > limit:
            raise SeedError(path, f"is {st.st_size:,} bytes, over the size limit of {limit:,} bytes "
                                  "(raise it with max_bytes= or $LLMRACE_MAX_BYTES)")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise SeedError(path, f"is over the size limit of {limit:,} bytes (raise it with max_bytes= or $LLMRACE_MAX_BYTES)")
    return decode_bytes(data, path)


_PLAIN_ID = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
MAX_ID_LEN = 40


def seed_id(path: Path | str) -> str:
    """Seed id from a file name: the part before the first underscore ('000_edec.txt' -> '000').

    When that part is empty, too long or has characters outside [0-9A-Za-z-] ('_x.txt', '1.2_x.txt',
    'a b_x.txt', '007"><img …>_x.txt'), the id is made safe and stable instead: the part (or, if empty, the
    whole name) with every other run of characters turned into '-', cut to 24 characters, plus '-' and six
    hex digits of the SHA-1 of the file name ('1.2_x.txt' -> '1-2-…'). Ids are then safe in sentence ids
    ('<seed>.p1.s1'), HTML ids and URLs, and differ for different file names.
    """
    name = Path(path).name
    stem = Path(name).stem
    raw = stem.split("_", 1)[0]
    if _PLAIN_ID.fullmatch(raw) and len(raw) <= MAX_ID_LEN:
        return raw
    base = re.sub(r"[^0-9A-Za-z]+", "-", raw).strip("-")[:24].strip("-")
    if not base:
        base = re.sub(r"[^0-9A-Za-z]+", "-", stem).strip("-")[:24].strip("-") or "seed"
    return f"{base}-{hashlib.sha1(name.encode('utf-8', 'surrogateescape')).hexdigest()[:6]}"


def raw_seed_id(path: Path | str) -> str:
    """The file-name part before the first underscore, as written (may be unsafe; see seed_id)."""
    return Path(Path(path).name).stem.split("_", 1)[0]


def list_seeds(seeds_dir: Path | str) -> list[Path]:
    """The seed files of a directory, sorted, by the folder contract (llmrace.folder.scan): regular files
    directly in the folder with a .txt or .md extension (any case); everything else skipped with the
    reason printed to stderr; duplicate seed ids, over-size files and a bad catalog are errors."""
    from .folder import scan

    result = scan(seeds_dir)
    result.print_warnings()
    return [f.path for f in result.files]
