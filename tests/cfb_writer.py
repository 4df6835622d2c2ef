"""A compound file ([MS-CFB], version 3) made from {path: bytes}, for tests of what a legacy Office file may hold
beyond what LibreOffice writes (a pivot cache's storage, macros, objects embedded in objects).

    compound({"WordDocument": b"...", "ObjectPool/_1/Workbook": b"..."})

Streams under 4,096 bytes go in the mini stream, as the format requires; storages are made for every folder of
a path. The directory is a chain of right siblings (all black), which readers accept as a tree.
"""
from __future__ import annotations

import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.start, self.id, self.right = END, 0, FREE


def compound(streams: dict[str, bytes]) -> bytes:
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        *folders, name = path.split("/")
        node = root
        for folder in folders:
            node = next((c for c in node.children if c.name == folder), None) or _add(node, _Entry(folder, 1))
        _add(node, _Entry(name, 2, data))
    entries = _flatten(root)
    fat: list[int] = []
    body = bytearray()

    def place(data: bytes, size: int) -> int:
        count = -(-len(data) // size) if data else 0
        if not count:
            return END
        first = len(body) // SECTOR
        body.extend(data.ljust(count * size, b"\0"))
        fat.extend(list(range(first + 1, first + count)) + [END])
        return first

    mini, minifat = bytearray(), []
    for entry in entries:
        if entry.kind == 2 and len(entry.data) < CUTOFF and entry.data:
            first = len(mini) // MINI
            count = -(-len(entry.data) // MINI)
            mini.extend(entry.data.ljust(count * MINI, b"\0"))
            minifat.extend(list(range(first + 1, first + count)) + [END])
            entry.start = first
    for entry in entries:
        if entry.kind == 2 and len(entry.data) >= CUTOFF:
            entry.start = place(entry.data, SECTOR)
    root.start, root.data = place(bytes(mini), SECTOR), bytes(mini)
    minifat_start = place(struct.pack(f"<{len(minifat)}I", *minifat), SECTOR) if minifat else END
    directory_start = place(b"".join(_directory(e) for e in entries), SECTOR)
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_first = len(fat)
    fat.extend([FAT_SECTOR] * fat_count)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))
    body.extend(struct.pack(f"<{len(fat)}I", *fat))
    difat = list(range(fat_first, fat_first + fat_count)) + [FREE] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", MAGIC, b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0,
                         fat_count, directory_start, 0, CUTOFF, minifat_start,
                         -(-len(minifat) * 4 // SECTOR), END, 0)
    return header + struct.pack("<109I", *difat) + bytes(body)


def _add(parent: _Entry, child: _Entry) -> _Entry:
    parent.children.append(child)
    return child


def _flatten(root: _Entry) -> list[_Entry]:
    """Every entry, numbered breadth first; each storage's children chained by their right siblings."""
    entries, queue = [], [root]
    while queue:
        entry = queue.pop(0)
        entry.id = len(entries)
        entries.append(entry)
        queue.extend(entry.children)
    for entry in entries:
        for child, after in zip(entry.children, entry.children[1:]):
            child.right = after.id
    return entries


def _directory(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    child = entry.children[0].id if entry.children else FREE
    stored = entry.kind != 1
    return struct.pack("<64sHBBIII16sIQQIQ", name.ljust(64, b"\0"), len(name), entry.kind, 1, FREE, entry.right,
                       child, b"\0" * 16, 0, 0, 0, entry.start if stored else 0, len(entry.data) if stored else 0)
