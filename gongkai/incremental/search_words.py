"""The words of the whole search index, so that a search over many shards finds what one index would.

Pagefind matches a query word by the indexed words it starts, or, when there is none, by the longest
indexed word it starts with, and each index decides that on its own: a shard without 生活垃圾 answers
生活垃圾 with its pages of 生活, which one index of the whole site never lists. So every index keeps its
words (`words.json` beside its files, made once when it is made), and `pagefind/words/` holds the
words of all of them, bucketed by their first character: the search page reads the buckets of the
query's words, decides each word as one index would (and, as it does, leaves out a word it has nothing
for, unless it has nothing for any), and searches only the indexes that hold a word so chosen for every
word left. In each of those Pagefind then decides as one index would.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from gongkai.incremental.cache import digest
from gongkai.problems import GongkaiError

#: the folder of buckets under pagefind/ (never a shard's name: those are years, "all" and "delta")
FOLDER = "words"
#: a word's bucket is its first character's code point modulo this (static/js/search.js computes the same)
BUCKETS = 256
#: an index's own words, kept in its folder
OWN = "words.json"
#: in the folder of buckets: what they were made from (_made_from)
MADE_FROM = "made-from.txt"

#: Pagefind 1.5's index chunk: a signature, then CBOR [[[word, [[page, [locations], [meta locations]]…],
#: [[variant (the word with its diacritics), pages]…]]…]]; locations are integers, so a word's pages end
#: where its variants start, mostly an empty array
_SIGNATURE = b"pagefind_dcd"
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39]..|[\x1a\x3a]....)"
_ARRAY = rb"(?:[\x80-\x97]|\x98.|\x99..|\x9a....)"
_PAGES = re.compile(_ARRAY + rb"(?:\x83" + _INT + _ARRAY + _INT + b"*" + _ARRAY + _INT + rb"*)*", re.S)
_EMPTY = 0x80


class UnknownIndexFormat(GongkaiError):
    """An index chunk this module cannot read: another Pagefind than the one requirements.txt names."""

    def __init__(self, chunk: Path):
        super().__init__(f"生成全文搜索索引失败，原有输出未改动：读不出 {chunk} 中的词语，"
                         "请安装 requirements.txt 所列版本的 Pagefind")


def _head(data: bytes, at: int) -> tuple[int, int]:
    """A CBOR item's count (or value) and where what follows it starts."""
    small = data[at] & 31
    if small < 24:
        return small, at + 1
    size = 1 << (small - 24)
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _skip(data: bytes, at: int) -> int:
    """Where the CBOR item at `at` ends: integers, texts and arrays of them (a word's few variants)."""
    kind = data[at] >> 5
    if kind > 4 or data[at] & 31 > 27:
        raise ValueError("not an item of an index chunk")
    value, at = _head(data, at)
    if kind < 2:
        return at
    if kind < 4:
        return at + value
    for _ in range(value):
        at = _skip(data, at)
    return at


def chunk_words(chunk: Path) -> list[str]:
    """The words of one index chunk, read past their pages without decoding them (a 1,000-page shard's
    chunks in about 0.15 s)."""
    data = gzip.decompress(chunk.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise UnknownIndexFormat(chunk)
    try:
        _, at = _head(data, len(_SIGNATURE))
        count, at = _head(data, at)
        words = []
        for _ in range(count):
            if data[at] != 0x83 or data[at + 1] >> 5 != 3:  # [word (a text), pages, variants]
                raise UnknownIndexFormat(chunk)
            length, at = _head(data, at + 1)
            words.append(data[at:at + length].decode("utf-8"))
            at = _PAGES.match(data, at + length).end()
            at = at + 1 if data[at] == _EMPTY else _skip(data, at)
    except (IndexError, UnicodeDecodeError, ValueError):
        raise UnknownIndexFormat(chunk) from None
    if at != len(data):
        raise UnknownIndexFormat(chunk)
    return words


def keep(index: Path) -> None:
    """Write the words of the index in `index` beside it, once, as it is made."""
    words = sorted({word for chunk in sorted((index / "index").glob("*.pf_index")) for word in chunk_words(chunk)})
    (index / OWN).write_text(json.dumps(words, ensure_ascii=False) + "\n", encoding="utf-8")


def own(index: Path) -> list[str]:
    """The words of the index in `index`."""
    return json.loads(_own_file(index).read_text(encoding="utf-8"))


def _own_file(index: Path) -> Path:
    """The file of the index's own words; one made before indexes kept their words gets it now, so they
    are read from its chunks once, not at every build that reuses it."""
    if not (index / OWN).is_file():
        keep(index)
    return index / OWN


def write_buckets(folder: Path, names: list[str]) -> None:
    """`folder/words/<n>.json` for the shards `names` (in folder, as shards.json lists them): each bucket
    {"indexes": names, "words": {word: [positions in names of the indexes holding it]}}, every bucket written,
    unless the buckets there were made from these very words. Never the delta's words: they change
    with every edit, and the search page reads them from the delta itself; the shards' change only when
    one is indexed again (100,000 documents hold about a million words: reading and writing them all is
    seconds)."""
    made_from = _made_from(folder, names)
    try:
        if (folder / FOLDER / MADE_FROM).read_text(encoding="utf-8") == made_from:
            return
    except OSError:
        pass
    holders: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        for word in own(folder / name):
            holders.setdefault(word, []).append(position)
    buckets: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
    for word in sorted(holders):  # Pagefind indexes no empty word
        buckets[ord(word[0]) % BUCKETS][word] = holders[word]
    target = folder / FOLDER
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for number, words in enumerate(buckets):
        text = json.dumps({"indexes": names, "words": words}, ensure_ascii=False, separators=(",", ":"))
        (target / f"{number}.json").write_text(text + "\n", encoding="utf-8")
    (target / MADE_FROM).write_text(made_from, encoding="utf-8")  # last: buckets half written are made again


def _made_from(folder: Path, names: list[str]) -> str:
    """The shards and their words the buckets are made from, as a digest of the word files: hashing their
    bytes takes a fraction of what reading the words does, and the same index gives the same digest in
    any build, clean or not."""
    return digest(*(part for name in names for part in (name, _own_file(folder / name).read_bytes())))
