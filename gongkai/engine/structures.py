"""The binary structures of a legacy Office file as its readers take them (word97_text, biff_text, ppt_text): a
stream whole, a structure unpacked, a run of characters, each missing or cut short a ValueError, the one way
those readers say a file is damaged (attachment_text warns that it was not checked)."""
from __future__ import annotations

import struct

import olefile


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
