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

import json
from itertools import accumulate
from pathlib import Path
from typing import Optional

from gongkai.incremental import pagefind_format
from gongkai.incremental.cache import digest
from gongkai.incremental.pagefind_format import UnknownIndexFormat
from gongkai.incremental.write import link_whole, remove_whole

#: the folder of buckets under pagefind/ (never a shard's name: those are years, "all" and "delta")
FOLDER = "words"
#: a word's bucket is its first character's code point modulo this (static/js/search.js computes the same)
BUCKETS = 256
#: an index's own words, kept in its folder
OWN = "words.json"
#: in the folder of buckets: what they were made from (_made_from)
MADE_FROM = "made-from.txt"


def chunk_words(chunk: Path) -> list[str]:
    """The words of one index chunk, read past their pages (a 1,000-page shard's chunks in about 0.15 s)."""
    data = pagefind_format.read(chunk)
    try:
        return [data[word.text:word.pages].decode("utf-8") for word in pagefind_format.words(data)]
    except (IndexError, UnicodeDecodeError, ValueError):
        raise UnknownIndexFormat(chunk) from None


def page_words(index: Path) -> dict[str, list[str]]:
    """The words each page of the index in `index` is found by, by its id (its fragment's name): what
    the word chunks say, whatever the fragments say."""
    meta = pagefind_format.read_meta(index).meta
    found: dict[str, list[str]] = {}
    for chunk in meta[2]:
        data = pagefind_format.read(pagefind_format.chunk_path(index, chunk))
        for word in pagefind_format.words(data):
            text = data[word.text:word.pages].decode("utf-8")
            for number in accumulate(pagefind_format.pages(data, word)[1]):
                found.setdefault(meta[1][number][0], []).append(text)
    return found


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


def write_buckets(folder: Path, names: list[str], published: Optional[Path] = None) -> None:
    """`folder/words/<n>.json` for the shards `names` (in folder, as shards.json lists them): each bucket
    {"indexes": names, "words": {word: [positions in names of the indexes holding it]}}, every bucket written,
    unless the buckets there were made from these very words, or hard-linked from the `published` index's
    when those were (the build folder is the output of the build before the last: the buckets written
    for the last build's change are the published ones). Never the delta's words: they change
    with every edit, and the search page reads them from the delta itself; the shards' change only when
    one is indexed again or loses a page (100,000 documents hold about a million words: reading and
    writing them all is seconds)."""
    made_from = _made_from(folder, names)
    if _made_from_of(folder / FOLDER) == made_from:
        return
    target = folder / FOLDER
    remove_whole(target)
    if published is not None and _made_from_of(published / FOLDER) == made_from \
            and link_whole(published / FOLDER, target):
        return
    holders: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        for word in own(folder / name):
            holders.setdefault(word, []).append(position)
    buckets: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
    for word in sorted(holders):  # Pagefind indexes no empty word
        buckets[ord(word[0]) % BUCKETS][word] = holders[word]
    target.mkdir()
    for number, words in enumerate(buckets):
        text = json.dumps({"indexes": names, "words": words}, ensure_ascii=False, separators=(",", ":"))
        (target / f"{number}.json").write_text(text + "\n", encoding="utf-8")
    (target / MADE_FROM).write_text(made_from, encoding="utf-8")  # last: buckets half written are made again


def _made_from_of(buckets: Path) -> Optional[str]:
    """What the buckets in `buckets` were made from; None when they are not whole (written last)."""
    try:
        return (buckets / MADE_FROM).read_text(encoding="utf-8")
    except OSError:
        return None


def _made_from(folder: Path, names: list[str]) -> str:
    """The shards and their words the buckets are made from, as a digest of the word files: hashing their
    bytes takes a fraction of what reading the words does, and the same index gives the same digest in
    any build, clean or not."""
    return digest(*(part for name in names for part in (name, _own_file(folder / name).read_bytes())))
