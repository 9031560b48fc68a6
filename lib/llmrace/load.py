"""Read seed files: decode bytes, record the encoding, reject bad input with a clear reason."""
from __future__ import annotations

import re
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
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" or "big5"


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


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> Decoded:
    """Decode seed bytes: UTF-8 (with or without BOM) first, then GB18030 and Big5.

    When both GB18030 and Big5 decode without error, the one whose text uses more common
    Chinese characters wins. Raises SeedError for empty, binary or undecodable input.
    """
    path = Path(path)
    if not data.strip():
        raise SeedError(path, "empty file (no text)" if data else "empty file (0 bytes)")
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
        raise SeedError(path, f"undecodable: not UTF-8 ({utf8_error}), GB18030 or Big5")
    enc, text = max(candidates, key=lambda c: _plausibility(c[1]))  # ties keep GB18030 (listed first)
    if _plausibility(text) < 0.2 and sum(1 for c in text if unicodedata.category(c) == "Co") > 0:
        raise SeedError(path, f"undecodable: decodes as {enc} only to private-use characters")
    return Decoded(path, text, enc)


def read_seed(path: Path | str) -> Decoded:
    """Read and decode one seed file (see decode_bytes)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SeedError(path, f"cannot be read ({e.strerror})") from e
    return decode_bytes(data, path)


_ID = re.compile(r"^([^_]+)")


def seed_id(path: Path | str) -> str:
    """Seed id from a file name: the part before the first underscore ('000_edec.txt' -> '000')."""
    return _ID.match(Path(path).stem).group(1)


def list_seeds(seeds_dir: Path | str) -> list[Path]:
    """The seed files (*.txt) of a directory, sorted; duplicate seed ids are an error."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise SeedError(seeds_dir, "seeds directory does not exist")
    files = sorted(p for p in seeds_dir.glob("*.txt") if p.is_file())
    if not files:
        raise SeedError(seeds_dir, "no seed files (*.txt) in directory")
    seen: dict[str, Path] = {}
    for p in files:
        sid = seed_id(p)
        if sid in seen:
            raise SeedError(p, f"duplicate seed id {sid!r} (also {seen[sid].name})")
        seen[sid] = p
    return files
