"""The binary structures of a legacy Office file as its readers take them (word97_text, biff_text, ppt_text): a
stream whole, a structure unpacked, a run of characters, each missing or cut short a ValueError, the one way
those readers say a file is damaged (attachment_text warns that it was not checked); and the runs of characters
in data whose structure is not known (text_runs)."""
from __future__ import annotations

import re
import struct
from typing import Iterator

import olefile

#: a run of text in binary data: 16-bit characters (two or more) and 8-bit ones (four or more)
_WIDE_RUN = re.compile(r"[^\x00-\x1f\ufffd\ud800-\udfff]{2,}")
_NARROW_RUN = re.compile(rb"[\x20-\x7e]{4,}")
#: a run of printable ASCII characters, UTF-16 or 8-bit, four or more: what holds a number kept as text
_ASCII_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){4,}|[\x20-\x7e]{4,}")


def stream(ole: olefile.OleFileIO, path: list[str]) -> bytes:
    """A stream whole (olefile holds it whole in any case; no bigger than the file); a storage of its name, or
    none, a damaged file."""
    try:
        with ole.openstream(path) as opened:
            return opened.read()
    except OSError as error:
        raise ValueError(f"no {path[-1]} stream") from error


def unpack(layout: str, data: bytes | memoryview, at: int) -> tuple[int, ...]:
    """struct.unpack_from, a short structure a ValueError like any other damage."""
    try:
        return struct.unpack_from(layout, data, at)
    except struct.error as error:
        raise ValueError(f"structure cut short at {at}") from error


def chars(data: bytes | memoryview, at: int, count: int, width: int, encoding: str) -> str:
    """`count` characters of `width` bytes each at `at`; a structure cut short is a damaged file, not a shorter
    text. No character is no string, wherever it would start (an empty one may end a record)."""
    if count and at + count * width > len(data):
        raise ValueError(f"a string runs past the end of its structure at {at}")
    return bytes(data[at:at + count * width]).decode(encoding, "replace")


def text_runs(data: bytes | memoryview) -> Iterator[str]:
    """Each run of characters in binary data whose structure varies or is not known (a hyperlink's, the rest of a
    formula past a token not known): 16-bit ones, at an even or an odd offset, and 8-bit ones."""
    data = bytes(data)
    for start in (0, 1):
        wide = data[start:start + (len(data) - start) // 2 * 2].decode("utf-16-le", "replace")
        yield from (run for run in _WIDE_RUN.findall(wide) if _readable(run))
    yield from (run.decode("ascii") for run in _NARROW_RUN.findall(data))


def _readable(run: str) -> bool:
    """Text, not ASCII read a byte out of step (each character an ASCII byte and a zero byte: 洀愀椀氀 for "mail")."""
    return sum(ord(c) & 0xFF == 0 for c in run) * 2 < len(run)


def ascii_runs(data: bytes) -> str:
    """The runs of printable ASCII characters in records of a layout not read (WPS's, Word's form fields and
    drawings), 8-bit and UTF-16, a line each: what holds a number kept as text, in either encoding."""
    return "\n".join(run.decode("utf-16-le" if run[1:2] == b"\0" else "latin-1") for run in _ASCII_RUN.findall(data))
