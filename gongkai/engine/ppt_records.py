"""The records of a PowerPoint 97-2003 "PowerPoint Document" stream ([MS-PPT] 2.3.1), walked for ppt_text: each
an 8-byte header (version and instance, type, size) and its data, a container's data records of its own. Real
files hold more than the format says, and the walk takes it rather than call them damaged: PowerPoint 2007's
round-trip atoms written with a container's version, a tag's binary data that is records, and the zeros an
earlier save was padded with before a later one was added after them.
"""
from __future__ import annotations

import bisect
import struct
from typing import Iterator, Sequence

from gongkai.engine.structures import unpack

#: a tag's binary data (BinaryTagDataBlob: records in PowerPoint's own tags, "___PPT10")
_TAG_DATA = 0x138B
#: PowerPoint 2007's round-trip atoms (RoundTrip…12Atom: a theme, a color map, text or table styles, zipped as in a
#: .pptx, and ids), which it writes with a container's version though their data are no records
_ROUND_TRIP = frozenset((0x040E, 0x040F, 0x041C, 0x041D, 0x041E, 0x041F, 0x0420, 0x0422, 0x0423, 0x0424, 0x0425,
                         0x0426, 0x0427, 0x0428))
#: the most containers a record is in; the most zeros looked through for padding before a record (PowerPoint pads
#: a save to a multiple of 4,096 bytes: zeros before are walked as records of type 0, 8 bytes each)
_DEEPEST, _PADDING = 64, 4096

#: a record: its offset, type, instance, size and its containers' (offset, type, instance), outermost first
Record = tuple[int, int, int, int, list[tuple[int, ...]]]


def records(data: bytes, start: int = 0, stop: int = -1, starts: Sequence[int] = ()) -> Iterator[Record]:
    """Each record from `start` to `stop` (the end of the stream) in the stream's order, its containers a list
    shared from one to the next; a record running past its container or the stream, bytes left over in a
    container, containers nested deeper than _DEEPEST are a damaged file (fewer than 8 bytes after the last
    record are no record). Outside any container, a record of type 0 (no record's) whose zeros go on to the next
    of `starts` (sorted: where the saves say records begin) is padding, walked over to it."""
    around: list[tuple[int, ...]] = []
    ends: list[int] = []
    pos, stop = start, len(data) if stop < 0 else stop
    while True:
        while ends and pos == ends[-1]:
            del ends[-1], around[-1]
        end = ends[-1] if ends else stop
        if pos + 8 > end:
            if ends:
                raise ValueError(f"bytes at {pos} left over in a container")
            return
        head, kind, size = struct.unpack_from("<HHI", data, pos)
        if not ends and not kind and (resumed := _padded(data, pos, starts)) > pos:
            pos = resumed
            continue
        after = pos + 8 + size
        if after > end:
            raise ValueError(f"record {kind:#06x} at {pos} runs past its container or the stream")
        yield pos, kind, head >> 4, size, around
        if head & 0xF == 0xF and kind not in _ROUND_TRIP or kind == _TAG_DATA and _chained(data, pos + 8, after):
            if len(ends) >= _DEEPEST:
                raise ValueError(f"records nested too deep at {pos}")
            around.append((pos, kind, head >> 4))
            ends.append(after)
            pos += 8
        else:
            pos = after


def _padded(data: bytes, pos: int, starts: Sequence[int]) -> int:
    """Where the record after padding at `pos` begins: the next of `starts`, if no more than _PADDING bytes and
    all zeros are before it; else `pos` itself."""
    index = bisect.bisect_right(starts, pos)
    after = starts[index] if index < len(starts) else pos
    return after if after - pos <= _PADDING and data.count(b"\0", pos, after) == after - pos else pos


def _chained(data: bytes, pos: int, end: int) -> bool:
    """Whether bytes are records filling them exactly: a tag's binary data that is (PowerPoint's own tags')."""
    while pos + 8 <= end:
        pos += 8 + struct.unpack_from("<I", data, pos + 4)[0]
    return pos == end


def header(data: bytes, at: int) -> tuple[int, int, int]:
    """(type, instance, size) of the record at `at`, which is all in the stream."""
    head, kind, size = unpack("<HHI", data, at)
    if at + 8 + size > len(data):
        raise ValueError(f"record {kind:#06x} at {at} runs past the end of the stream")
    return kind, head >> 4, size
