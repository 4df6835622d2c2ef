"""The bytes of a Pagefind 1.5 index that this generator reads and writes itself: its word chunks
(`index/*.pf_index`) and its metadata (`pagefind.*.pf_meta`), each gzip'd: a signature, then CBOR.

A chunk is [[[word, [[page, [locations], [meta locations]]…], [[variant, pages]…]]…]], its pages in
order, each page number written as the difference from the one before it; the metadata is
[version, [[fragment id, word count]…], [[from, to, chunk id]…], filters, sorts, meta fields], and a
page's number is its place in that list. Only arrays, texts and unsigned or negative integers occur.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from os.path import commonprefix
from pathlib import Path
from typing import Iterator, NamedTuple, Union

from gongkai.problems import GongkaiError

#: the file Pagefind writes anew for every index, naming its metadata: an index is known again by its inode
ENTRY = "pagefind-entry.json"
#: the Pagefind whose indexes these functions know (requirements.txt pins it)
VERSION = "1.5.2"
SIGNATURE = b"pagefind_dcd"
#: one CBOR integer, unsigned or negative
INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39]..|[\x1a\x3a]....)"
#: the head of one CBOR array
ARRAY = rb"(?:[\x80-\x97]|\x98.|\x99..|\x9a....)"
#: a word's pages: an array of [page, [locations], [meta locations]]. Locations are integers, so the runs stop
#: where the next array starts, and never give back what they took (possessive: a tenth faster)
PAGES = re.compile(ARRAY + rb"(?:\x83" + INT + ARRAY + INT + b"*+" + ARRAY + INT + rb"*+)*+", re.S)
#: one page of a word, caught whole and its page number's step
PAGE = re.compile(rb"(\x83(" + INT + rb")" + ARRAY + INT + b"*+" + ARRAY + INT + b"*+)", re.S)
EMPTY_ARRAY = 0x80

Item = Union[int, str, list]


class UnknownIndexFormat(GongkaiError):
    """An index file this module cannot read: another Pagefind than the one requirements.txt names."""

    def __init__(self, path: Path):
        super().__init__(f"生成全文搜索索引失败，原有输出未改动：读不出 {path} 中的词语，"
                         "请安装 requirements.txt 所列版本的 Pagefind")


class Word(NamedTuple):
    """Where the parts of one word of a chunk start."""

    start: int  # its entry, [word, pages, variants]
    text: int
    pages: int
    variants: int
    end: int


class Meta(NamedTuple):
    """An index's metadata, and what names it."""

    entry: dict  # the entry file, as JSON
    language: str
    path: Path
    meta: list  # [version, pages, chunks, filters, sorts, meta fields]


def read_meta(folder: Path) -> Meta:
    """The metadata of the index in `folder` (one language, as the generator's pages have)."""
    entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    (language, about), = entry["languages"].items()
    path = folder / f"pagefind.{about['hash']}.pf_meta"
    data = read(path)
    meta, end = decode(data)
    if end != len(data) or not isinstance(meta, list) or len(meta) != 6:
        raise UnknownIndexFormat(path)
    return Meta(entry, language, path, meta)


def chunk_path(folder: Path, chunk: list) -> Path:
    """The file of a chunk the metadata lists as [from, to, id]."""
    return folder / "index" / f"{chunk[2]}.pf_index"


def words(data: bytes) -> Iterator[Word]:
    """The words of a chunk, read past their pages without decoding them."""
    _, at = head(data, 0)  # the chunk: an array of its one field
    count, at = head(data, at)
    for _ in range(count):
        if data[at] != 0x83 or data[at + 1] >> 5 != 3:  # [word (a text), pages, variants]
            raise ValueError("not a word of a Pagefind index")
        length, text = head(data, at + 1)
        pages = text + length
        variants = PAGES.match(data, pages).end()
        end = variants + 1 if data[variants] == EMPTY_ARRAY else skip(data, variants)
        yield Word(at, text, pages, variants, end)
        at = end
    if at != len(data):
        raise ValueError("more than the words of a Pagefind index")


def pages(data: bytes, word: Word) -> tuple[tuple[bytes, ...], list[int]]:
    """A word's pages, each entry's bytes and its page number's step from the one before (the first's
    from 0)."""
    count, first = head(data, word.pages)
    caught = PAGE.findall(data, first, word.variants)
    if len(caught) != count:
        raise ValueError("pages not read as counted")
    if not caught:
        return (), []
    entries, steps = zip(*caught)
    return entries, list(map(_STEPS.__getitem__, steps))


def restep(entry: bytes, step: int, new: int) -> bytes:
    """A page's entry of a word (see `pages`), its step `step` written as `new`."""
    return b"\x83" + header(0, new) + entry[1 + len(header(0, step)):]


class _Steps(dict):
    """Page steps by their bytes: an index holds few different ones."""

    def __missing__(self, caught: bytes) -> int:
        value = head(caught, 0)[0]
        if caught[0] >= 0x20 or header(0, value) != caught:
            raise ValueError("a page number Pagefind does not write")
        self[caught] = value
        return value


_STEPS = _Steps()


def read(path: Path) -> bytes:
    """A chunk's or the metadata's CBOR, after the signature."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownIndexFormat(path)
    return data[len(SIGNATURE):]


def packed(cbor: bytes) -> bytes:
    """The file's bytes for `cbor`: Pagefind's browser code reads any gzip."""
    return gzip.compress(SIGNATURE + cbor, compresslevel=6, mtime=0)


def head(data: bytes, at: int) -> tuple[int, int]:
    """A CBOR item's count (or value) and where what follows it starts."""
    small = data[at] & 31
    if small < 24:
        return small, at + 1
    size = 1 << (small - 24)
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def skip(data: bytes, at: int) -> int:
    """Where the CBOR item at `at` ends: integers, texts and arrays of them."""
    kind = data[at] >> 5
    if kind > 4 or data[at] & 31 > 27:
        raise ValueError("not an item of a Pagefind index")
    value, at = head(data, at)
    if kind < 2:
        return at
    if kind < 4:
        return at + value
    for _ in range(value):
        at = skip(data, at)
    return at


def decode(data: bytes, at: int = 0) -> tuple[Item, int]:
    """The item at `at` as Python values (the metadata: a few thousand items), and where it ends."""
    kind = data[at] >> 5
    if kind > 4 or data[at] & 31 > 27:
        raise ValueError("not an item of a Pagefind index")
    value, at = head(data, at)
    if kind == 0:
        return value, at
    if kind == 1:
        return -1 - value, at
    if kind == 2:
        raise ValueError("bytes in a Pagefind index")
    if kind == 3:
        return data[at:at + value].decode("utf-8"), at + value
    items = []
    for _ in range(value):
        item, at = decode(data, at)
        items.append(item)
    return items, at


def encode(item: Item) -> bytes:
    """`item` as the shortest CBOR, as Pagefind writes it."""
    if isinstance(item, list):
        return header(4, len(item)) + b"".join(encode(i) for i in item)
    if isinstance(item, str):
        text = item.encode("utf-8")
        return header(3, len(text)) + text
    return header(0, item) if item >= 0 else header(1, -1 - item)


def header(kind: int, value: int) -> bytes:
    """The head of an item of major type `kind` with count or value `value`."""
    if value < 24:
        return bytes([kind << 5 | value])
    for small, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([kind << 5 | small]) + value.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def bounds(chunks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words between which each chunk is looked up, made as Pagefind makes them (chunk_meta): each
    chunk's first and last word (`chunks`), cut to one character past what they share with the neighbour's."""
    made = [[first, last] for first, last in chunks]
    for before, after in zip(made, made[1:]):
        shared = len(commonprefix([before[1], after[0]]))
        if before[1][:shared + 1] >= before[0]:
            before[1] = before[1][:shared + 1]
        after[0] = after[0][:shared + 1]
    return [(low, high) for low, high in made]


def write_new(folder: Path, pattern: str, language: str, data: bytes, length: int) -> str:
    """Write `data` to a new file named as Pagefind names its files, by the language and a hash of
    the bytes (longer when taken); returns the name put into `pattern`."""
    digest = hashlib.sha256(data).hexdigest()
    while True:
        name = f"{language}_{digest[:length]}"
        try:
            with open(folder / pattern.format(name), "xb") as out:
                out.write(data)
            return name
        except FileExistsError:
            length += 1
