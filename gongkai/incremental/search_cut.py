"""Pages taken out of a shard's search index without indexing the shard again (剔除).

A page must leave its shard's index files at once when it is no longer published (deleted, withdrawn,
moved to another year) and when an edit took text out of it (a name, a line that should never have
been published): the search page can hide an old result, but the index files would still hold its
words. Pagefind can only make an index, not change one, and making a shard of 1,000 pages again takes
2–3 s, most of a correction's build. So the pages are taken out of the index's files here: their
fragments go, their entries leave every word chunk (a word no other page has goes with them) and the
metadata names the chunks written anew. Their numbers stay in the metadata, used by no word, so no
other page's number changes: about 0.3 s for a shard of 1,000 pages.

Only what is known for certain is done: an index of another Pagefind than requirements.txt's, with
filters or sorts, with a word's variants (diacritics), with a page id two pages share (identical
pages), or where a chunk would be left without words, is left as it was, and the caller indexes the
shard again. The metadata's bounds of the chunks, cut from their first and last words, are made again
as Pagefind makes them, so a word that left names no bound.

An edited page's old version is narrowed instead (`narrow`, 收窄): it leaves only the words its new version
(in the delta) does not have, and its record gives way to the new version's under an id of its own, which
the delta hides. What stays of it in the files is then text the page still publishes, and the words it
shares with its new version, most of the shard's bytes (a common word is on most pages), are copied
without being read: about half the time of taking it out.
"""
from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_left
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate
from pathlib import Path
from typing import Collection, Mapping, NamedTuple, Optional

from gongkai.incremental import pagefind_format as fmt
from gongkai.incremental import search_words
from gongkai.incremental.write import replace_file


class _Unsure(Exception):
    """What the index holds is not something this module changes with certainty."""


def cut(folder: Path, ids: Collection[str]) -> bool:
    """Take the pages `ids` (Pagefind's ids, their fragments' names) out of the index in `folder`, a copy of
    hard links: every file changed is written anew, never through a link. False when that cannot be
    done with certainty; `folder` is then half changed and must be thrown away."""
    return _certainly(folder, {page_id: None for page_id in ids}) is not None


def narrow(folder: Path, pages: Mapping[str, tuple[Collection[str], bytes]]) -> Optional[dict[str, str]]:
    """Narrow the pages `pages` (id -> the words of their new versions, and its fragment file's bytes) in the
    index in `folder`, as `cut` takes pages out: each leaves every word but those, and its record is the new
    version's under a new id. Returns each page's new id; None when that cannot be done with certainty."""
    return _certainly(folder, {page_id: (frozenset(w.encode("utf-8") for w in words), fragment)
                               for page_id, (words, fragment) in pages.items()})


def narrowed_id(language: str, fragment: bytes) -> str:
    """An id for a narrowed page's record, which Pagefind never gives (its are the language and hexadecimal
    digits): no other index's page, nor the page's own in the delta, is ever hidden with it."""
    return f"{language}_n{hashlib.sha256(fragment).hexdigest()[:12]}"


_Change = Optional[tuple[frozenset, bytes]]  # None: the page is taken out; else the words it keeps, its new record


def _certainly(folder: Path, pages: dict[str, _Change]) -> Optional[dict[str, str]]:
    try:
        return _cut(folder, pages)
    except (_Unsure, fmt.UnknownIndexFormat, OSError, ValueError, KeyError, IndexError, TypeError,
            UnicodeDecodeError):
        return None


def _cut(folder: Path, pages: dict[str, _Change]) -> dict[str, str]:
    index = fmt.read_meta(folder)
    version, listed, chunks, filters, sorts, _ = index.meta
    kept = {number: frozenset() if pages[page_id] is None else pages[page_id][0]
            for number, (page_id, _) in enumerate(listed) if page_id in pages}
    if index.entry["version"] != fmt.VERSION or version != fmt.VERSION or filters or sorts or len(kept) != len(pages):
        raise _Unsure  # another Pagefind, or an id missing, or two identical pages sharing one
    gone: set[str] = set()
    with ThreadPoolExecutor(max_workers=1) as pool:  # gzip on the other core while the next chunk is read
        packing, left = [], []
        for chunk in chunks:
            path = fmt.chunk_path(folder, chunk)
            left.append(_without(fmt.read(path), kept, gone))
            if left[-1].made is not None:
                packing.append((chunk, path, pool.submit(fmt.packed, left[-1].made)))
        for chunk, path, packed in packing:
            chunk[2] = fmt.write_new(folder / "index", "{}.pf_index", index.language, packed.result(), 7)
            os.unlink(path)
    for chunk, (low, high) in zip(chunks, fmt.bounds([(c.first, c.last) for c in left])):
        chunk[0], chunk[1] = low, high
    renamed = {}
    for number in kept:
        page_id = listed[number][0]
        if pages[page_id] is not None:
            fragment = pages[page_id][1]
            renamed[page_id] = listed[number][0] = narrowed_id(index.language, fragment)
            with open(folder / "fragment" / f"{renamed[page_id]}.pf_fragment", "xb") as out:
                out.write(fragment)
        os.unlink(folder / "fragment" / f"{page_id}.pf_fragment")
    name = fmt.write_new(folder, "pagefind.{}.pf_meta", index.language, fmt.packed(fmt.encode(index.meta)), 13)
    os.unlink(index.path)
    index.entry["languages"][index.language]["hash"] = name
    replace_file(folder / fmt.ENTRY, json.dumps(index.entry, ensure_ascii=False, separators=(",", ":")).encode())
    words = [word for word in search_words.own(folder) if word not in gone]
    replace_file(folder / search_words.OWN, (json.dumps(words, ensure_ascii=False) + "\n").encode())
    return renamed


class _Chunk(NamedTuple):
    made: Optional[bytes]  # the chunk anew; None: it held none of the pages
    first: str  # its first and last words left, which the metadata's bounds are made from
    last: str


def _without(data: bytes, kept: Mapping[int, frozenset], gone: set[str]) -> _Chunk:
    """The chunk `data` without the pages `kept` (number -> the words it stays in); adds to `gone` the words
    that leave it with them."""
    body, left, copied = [], [], None
    everywhere = frozenset.intersection(*kept.values())  # words every page here stays in: not read
    for word in fmt.words(data):
        if data[word.variants] != fmt.EMPTY_ARRAY:
            raise _Unsure  # variants: where their pages stand is not certain
        copied = word.start if copied is None else copied
        text = data[word.text:word.pages]
        if text in everywhere:
            left.append(text)
            continue
        taken = entries_without(data, word, {number for number, words in kept.items() if text not in words})
        entries = None if taken is None else taken[0]
        if entries is not None:
            body.append(data[copied:word.start])
            if entries:
                body.append(data[word.start:word.pages] + fmt.header(4, len(entries)) + b"".join(entries)
                            + data[word.variants:word.end])
            else:
                gone.add(text.decode("utf-8"))
            copied = word.end
        if entries is None or entries:
            left.append(text)
    if not left:
        raise _Unsure  # a chunk left empty: Pagefind never writes one
    start = fmt.head(data, 0)[1]  # where the chunk's array of words starts
    made = None if not body else data[:start] + fmt.header(4, len(left)) + b"".join(body) + data[copied:]
    return _Chunk(made, left[0].decode("utf-8"), left[-1].decode("utf-8"))


def entries_without(data: bytes, word: fmt.Word, numbers: set[int]) -> Optional[tuple[list[bytes], list[int]]]:
    """A word's pages without `numbers`, each entry's bytes and its step from the one before; None when it has
    none of them. A common word has a page in most of the shard's pages: read at once, and only the page
    after each one taken out written anew; most words are on a few pages, and one whose first page comes
    after all of `numbers`, or whose only page is none of them, is not read further."""
    count, first = fmt.head(data, word.pages)
    if not count or not numbers:
        return None
    if data[first] != 0x83 or data[first + 1] >= 0x20:
        raise ValueError("not a page of a Pagefind index")
    lowest = fmt.head(data, first + 1)[0]  # the first page's number: its step from 0
    if lowest > max(numbers) or (count == 1 and lowest not in numbers):
        return None
    entries, steps = fmt.pages(data, word)
    numbered = list(accumulate(steps))
    hits = [at for at, number in ((bisect_left(numbered, number), number) for number in sorted(numbers))
            if at < len(numbered) and numbered[at] == number]
    if not hits:
        return None
    kept = list(entries)
    for at in reversed(hits):  # the entry after one taken out carries its step
        if at + 1 < len(kept):
            kept[at + 1] = fmt.restep(kept[at + 1], steps[at + 1], steps[at + 1] + steps[at])
            steps[at + 1] += steps[at]
        del kept[at], steps[at]
    return kept, steps
