"""The literals of an Excel 97-2003 or 5.0/95 formula ([MS-XLS] 2.5.198): the strings among its tokens (tStr, as in
IF(A1="","","…")) and the constants of its arrays, kept after the tokens ({"张三","李四"}). A number a formula
holds is published with the file whatever value the cell shows. Read token by token; from a token not known here on,
each run of characters of the rest (structures.text_runs), so that nothing after it goes unread.
"""
from __future__ import annotations

from typing import Iterator

from gongkai.engine.structures import chars, text_runs, unpack

#: the bytes after a token's first, by its type without its class bits, in Excel 97 and later (BIFF8)
_SIZES_8 = {0x01: 4, 0x02: 4, **dict.fromkeys(range(0x03, 0x17), 0), 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8,
            0x20: 7, 0x21: 2, 0x22: 3, 0x23: 4, 0x24: 4, 0x25: 8, 0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2A: 4,
            0x2B: 8, 0x2C: 4, 0x2D: 8, 0x39: 6, 0x3A: 6, 0x3B: 10, 0x3C: 6, 0x3D: 10}
#: and in Excel 5.0 and 95 (BIFF5), whose references and names are longer
_SIZES_5 = {**_SIZES_8, 0x23: 14, 0x24: 3, 0x25: 6, 0x2A: 3, 0x2B: 6, 0x2C: 3, 0x2D: 6, 0x39: 24, 0x3A: 17,
            0x3B: 20, 0x3C: 17, 0x3D: 20}
_STRING, _ATTRIBUTE, _ARRAY, _AREA_IN_MEMORY = 0x17, 0x19, 0x20, 0x26
#: an attribute token's flag of a CHOOSE, whose jump table follows it
_CHOOSE = 0x04
#: an array constant's kinds: empty, a number, a string, a boolean, an error (each but a string 8 bytes)
_EMPTY, _NUMBER, _TEXT, _BOOLEAN, _ERROR = 0x00, 0x01, 0x02, 0x04, 0x10


def literals(data: memoryview, size: int, biff8: bool, codec: str) -> tuple[list[str], int]:
    """The strings of the formula whose tokens are the first `size` bytes of `data`, and where what it keeps after
    them ends (the constants of its arrays, the ranges its areas in memory cover): the end of `data` when a token
    is not known here, its rest then read as runs of characters."""
    texts: list[str] = []
    extras: list[int] = []  # the tokens whose data is kept after the tokens, in their order
    sizes, pos = _SIZES_8 if biff8 else _SIZES_5, 0
    while pos < size:
        token = data[pos]
        kind = token if token < 0x20 else token & 0x1F | 0x20
        if kind == _STRING:
            text, pos = _string(data, pos + 1, 1, biff8, codec)
            texts += [text] if text else []
        elif kind == _ATTRIBUTE:
            flags, count = unpack("<BH", data, pos + 1)
            pos += 4 + (2 * (count + 1) if flags & _CHOOSE else 0)
        elif kind in sizes:
            extras += [kind] if kind in (_ARRAY, _AREA_IN_MEMORY) else []
            pos += 1 + sizes[kind]
        else:
            return texts + list(text_runs(data[pos:])), len(data)
    for kind in extras:
        if kind == _AREA_IN_MEMORY:  # the count of its ranges, 8 bytes each (6 in BIFF5)
            pos += 2 + unpack("<H", data, pos)[0] * (8 if biff8 else 6)
            continue
        columns, rows = unpack("<BH", data, pos)
        pos += 3
        for _ in range((columns + 1) * (rows + 1)):
            found = _constant(data, pos, biff8, codec)
            if found is None:
                return texts + list(text_runs(data[pos:])), len(data)
            text, pos = found
            texts += [text] if text else []
    return texts, pos


def _constant(data: memoryview, pos: int, biff8: bool, codec: str) -> tuple[str | None, int] | None:
    """An array's constant at `pos` (its text, or None when it is not a string) and where it ends; None when its
    kind is not known here."""
    kind = data[pos] if pos < len(data) else -1
    if kind == _TEXT:
        return _string(data, pos + 1, 2 if biff8 else 1, biff8, codec)
    return (None, pos + 9) if kind in (_EMPTY, _NUMBER, _BOOLEAN, _ERROR) else None


def _string(data: memoryview, pos: int, length_size: int, biff8: bool, codec: str) -> tuple[str, int]:
    """A string whose count of characters takes `length_size` bytes, then (BIFF8) its flags byte: 16-bit
    characters or 8-bit ones; BIFF5's in the workbook's code page."""
    count = int.from_bytes(bytes(data[pos:pos + length_size]), "little")
    pos += length_size
    if not biff8:
        return chars(data, pos, count, 1, codec), pos + count
    width = 2 if unpack("<B", data, pos)[0] & 0x01 else 1
    return chars(data, pos + 1, count, width, "utf-16-le" if width == 2 else "latin-1"), pos + 1 + count * width


def strings(data: memoryview, size: int, biff8: bool, codec: str) -> Iterator[str]:
    """The strings of the formula whose tokens are the first `size` bytes of `data`, and the runs of characters of
    what follows what it keeps (a name's description and help texts)."""
    texts, end = literals(data, size, biff8, codec)
    yield from texts
    yield from text_runs(data[end:])


def in_order(data: memoryview, biff8: bool, codec: str) -> Iterator[str]:
    """The strings of a formula kept as its token count (2 bytes) and its tokens, and of what follows them."""
    yield from strings(data[2:], unpack("<H", data, 0)[0], biff8, codec)
