"""Bytes to text: byte-order marks, UTF-16 without one, UTF-8, then cp1252; binary refused.

Guessing is the enemy here: a cp1252 file read as UTF-8 raises, a UTF-8 file read as cp1252 turns
every quote into mojibake. So UTF-8 is tried strictly first, cp1252 only when the bytes are not
UTF-8 at all, and a file that is neither (or is UTF-8 with a few broken bytes) is reported.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from timeline.errors import InputError

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Magic numbers of the binary files most likely to be dropped into an input folder by mistake.
MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\x7fELF", "an executable"),
]

# C0 controls other than tab, newline, carriage return and form feed: text never has many.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A well-formed UTF-8 multi-byte sequence: its presence in undecodable bytes means "UTF-8, damaged".
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Bytes cp1252 leaves undefined; in a Western text they mean the file is not cp1252 either.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a BOM shows as NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _first_bad_byte(data: bytes, encoding: str) -> str:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    return "unknown position"


def refuse_binary(data: bytes) -> None:
    """Raise InputError if data is empty or plainly not text."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("empty file")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text")


def decode(data: bytes) -> Decoded:
    """Decode an input file's bytes, or raise InputError naming why it is not text."""
    refuse_binary(data)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_declared(data[len(bom) :], encoding)
    if encoding := _utf16_without_bom(data):
        return _decode_declared(data, encoding)
    sample = data[:65536]
    if b"\x00" in sample or len(CONTROL_BYTES.findall(sample)) > max(8, len(sample) // 100):
        raise InputError("binary file (control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad_runs = len(re.findall("\ufffd+", replaced))
    if len(UTF8_MULTIBYTE.findall(data)) >= 2 * bad_runs:
        # Mostly UTF-8 with some damaged bytes: cp1252 would turn every accent into mojibake.
        # (cp1252 prose rarely holds valid UTF-8 sequences: they need two non-ASCII bytes in a row.)
        where = _first_bad_byte(data, "utf-8")
        bad = replaced.count("\ufffd")
        return Decoded(
            replaced,
            "utf-8",
            [f"undecodable bytes: {bad} invalid UTF-8 sequence(s), first {where}; replaced"],
        )
    high = sum(b >= 0x80 for b in data[:65536])
    if (
        high >= 20
        and high > NON_LATIN_SHARE * min(len(data), 65536)
        and (found := _detect_other_script(data))
    ):
        return found
    if not CP1252_UNDEFINED.search(data):
        return Decoded(data.decode("cp1252"), "cp1252")
    where = _first_bad_byte(data, "cp1252")
    raise InputError(f"undecodable bytes: neither UTF-8, UTF-16 nor cp1252/Latin-1 ({where})")


# Western prose in cp1252 has a few accented letters among ASCII ones; a text of mostly high bytes
# is another script (Cyrillic cp1251, Greek, Shift-JIS...) that cp1252 would turn into mojibake.
NON_LATIN_SHARE = 0.2


def _detect_other_script(data: bytes) -> Decoded | None:
    """The encoding charset-normalizer finds, if it decodes cleanly to a mostly non-Latin text;
    for Latin text cp1252 stays the answer (cp1250 or mac_roman would be guesses)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    text = str(best)
    letters = [c for c in text if c.isalpha()]
    non_latin = sum(ord(c) > 0x24F for c in letters)
    if not letters or non_latin < 0.5 * len(letters):
        return None
    return Decoded(text, best.encoding)


def _decode_declared(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        where = _first_bad_byte(data, encoding)
        return Decoded(
            data.decode(encoding, errors="replace"),
            encoding,
            [f"undecodable bytes: invalid {encoding} {where}; replaced"],
        )
