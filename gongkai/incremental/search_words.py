"""The words of the whole search index, so that a search over many shards finds what one index would.

Pagefind matches a query word by the indexed words it starts, or, when there is none, by the longest
indexed word it starts with, and each index decides that on its own: a shard without 生活垃圾 answers
生活垃圾 with its pages of 生活, which one index of the whole site never lists. So every index keeps its
words (`words.json` beside its files, made once when it is made), and `pagefind/words/` holds the
words of all of them, bucketed by their first character: the search page reads the buckets of the
query's words, decides each word as one index would (and, as it does, leaves out a word it has nothing
for, unless it has nothing for any), and searches only the indexes one of whose shards holds a word so
chosen for every word left (a page is in one shard). In each of those Pagefind then decides as one index
would. The buckets name shards, not the indexes merged from them (search_merge.py), so merging a year or
listing its shards again instead changes no bucket.
"""
from __future__ import annotations

import json
import os
import shutil
from itertools import accumulate
from pathlib import Path
from typing import Optional

from gongkai.incremental import pagefind_format
from gongkai.incremental.cache import digest
from gongkai.incremental.pagefind_format import UnknownIndexFormat
from gongkai.incremental.write import link_tree, link_whole, remove_whole, replace_file

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
    """`folder/words/<n>.json` for the shards `names` (in folder): each bucket
    {"indexes": names, "words": {word: [positions in names of the shards holding it]}}, every bucket written,
    unless the buckets there were made from these very words, or hard-linked from the `published` index's
    when those were (the build folder is the output of the build before the last: the buckets written
    for the last build's change are the published ones), or the published ones with the words that came
    and went written into theirs (_patched). Never the delta's words: they change
    with every edit, and the search page reads them from the delta itself; the shards' change only when
    one is indexed again or loses a page (100,000 documents hold about a million words: reading and
    writing them all is seconds)."""
    made_from = _made_from(folder, names)
    if _made_from_of(folder / FOLDER) == made_from:
        return
    target = folder / FOLDER
    remove_whole(target)
    if published is not None and (_made_from_of(published / FOLDER) == made_from
                                  and link_whole(published / FOLDER, target)
                                  or _patched(published, folder, names, made_from)):
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
        (target / f"{number}.json").write_bytes(_bucket_text(names, words))
    (target / MADE_FROM).write_text(made_from, encoding="utf-8")  # last: buckets half written are made again


def _patched(published: Path, folder: Path, names: list[str], made_from: str) -> bool:
    """The published buckets with the words some shards gained or lost since they were made, written to
    `folder`: only the buckets those words fall in are written, the others are hard links. A correction
    takes a few words out of one shard, and writing all 256 buckets again cost 0.15 s at 10,000 documents
    and 1.5 s at 100,000. Only when the published buckets were made from the same shards, in the same
    order, as their words files in `published` say; False otherwise (every bucket is written)."""
    source = published / FOLDER
    try:
        before = {name: (published / name / OWN).read_bytes() for name in names}
    except OSError:
        return False
    if _made_from_of(source) != digest(*(part for name in names for part in (name, before[name]))):
        return False
    changes: dict[int, dict[str, tuple[set[int], set[int]]]] = {}  # bucket -> word -> (positions gone, come)
    for position, name in enumerate(names):
        now = (folder / name / OWN).read_bytes()
        if now == before[name]:
            continue
        old, new = set(json.loads(before[name])), set(json.loads(now))
        for word, side in [*((w, 0) for w in old - new), *((w, 1) for w in new - old)]:
            changes.setdefault(ord(word[0]) % BUCKETS, {}).setdefault(word, (set(), set()))[side].add(position)
    partial = folder / f".{FOLDER}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    if not link_tree(source, partial):
        shutil.rmtree(partial, ignore_errors=True)
        return False
    for number, changed in changes.items():
        bucket = json.loads((partial / f"{number}.json").read_text(encoding="utf-8"))
        words = bucket["words"]
        for word, (gone, come) in changed.items():
            held = sorted((set(words.get(word, ())) - gone) | come)
            if held:
                words[word] = held
            else:
                words.pop(word, None)
        replace_file(partial / f"{number}.json", _bucket_text(names, dict(sorted(words.items()))))
    replace_file(partial / MADE_FROM, made_from.encode("utf-8"))
    os.rename(partial, folder / FOLDER)
    return True


def _bucket_text(names: list[str], words: dict[str, list[int]]) -> bytes:
    return (json.dumps({"indexes": names, "words": words}, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def misplaced(index: Path, names: list[str]) -> dict[str, list]:
    """Each word whose bucket in `index` does not name exactly the shards whose chunks hold it: the word,
    the positions in `names` of those shards, and those its bucket names. Empty when the buckets are right."""
    holders: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        chunks = pagefind_format.read_meta(index / name).meta[2]
        for word in sorted({w for c in chunks for w in chunk_words(pagefind_format.chunk_path(index / name, c))}):
            holders.setdefault(word, []).append(position)
    listed: dict[str, list[int]] = {}
    for bucket in sorted((index / FOLDER).glob("*.json")):
        data = json.loads(bucket.read_text(encoding="utf-8"))
        listed.update((word, held if data["indexes"] == names else ["other shards"])
                      for word, held in data["words"].items())
    return {word: [holders.get(word), listed.get(word)] for word in sorted(holders.keys() | listed.keys())
            if holders.get(word) != listed.get(word)}


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
