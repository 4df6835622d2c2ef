"""The search index's delta (增量索引): document pages edited or added since their shard was indexed
are indexed into one small Pagefind index, `pagefind/delta/`, instead of their whole shard.

Pagefind cannot change an index, only make one, and its time grows with the pages it reads: one
edited page used to cost its whole shard (up to 1,000 pages, 1.2–1.5 s at 10,000 documents), the
delta costs Pagefind's start-up and the few pages in it. `shards.json` then ends with
`{"name": "delta", "hides": [...]}`: the ids Pagefind gave the pages' old versions in their shards
(a result's id is its fragment's name), which the search page drops from its results.

A page a shard lost (deleted, withdrawn, no longer public, moved to another year) is taken out of
the shard's files at once (search_cut.py), never hidden: no text of a page that is no longer
published stays in the index. The old version of an edited page that no longer shows some of the text
it did (a name taken out, a line that should never have been published) is narrowed: a hidden result
is still in the index files, so it leaves every word its new version does not have, and its record is
the new version's, under an id of its own that stays hidden. Where that cannot be done with certainty
it is taken out, or the shard is indexed again. The
delta is folded back into the shards (it empties) when it would hold more than `delta_limit()` pages:
its pages are indexed together once more and each of their shards is merged with its part of that
index (search_index._fold_in), not indexed again; and whenever a build asks for a folded index
(deploy does): then every shard with pages in the delta, or changed since Pagefind made it, is
indexed again, so a release's index is a clean build's. A clean build has none. Each shard's pages as
indexed (path -> fingerprint, and id once read) are kept in the build cache, `search/<shard>.json`,
tied to the shard by its entry file's stat.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Iterable, Mapping, Optional

from gongkai.engine import sanitize
from gongkai.incremental.cache import Stat, digest
from gongkai.incremental.search_shards import Shard

#: the delta's folder under pagefind/ (never a shard's name: those are years and "all")
DELTA = "delta"
#: environment variable overriding the most pages the delta may hold before it is folded
LIMIT_VARIABLE = "GONGKAI_SEARCH_DELTA"
#: every build that changes the delta indexes all of it again: Pagefind takes about 0.2 s for one page and
#: 0.4 s for 125 on a shared 2-core machine, against 1.5–3 s for a shard of 500–1,000. At 100 pages the
#: delta still costs an edit well under half a shard, its ids to hide are about 1.5 KB of shards.json,
#: and a fold comes after a hundred edited documents at the earliest
DEFAULT_LIMIT = 100
#: the build cache's folder of each shard's pages as indexed
RECORDS = "search"
#: a narrowed page's fingerprint in its shard's pages as indexed: no page's (those are hexadecimal digests)
NARROWED = "narrowed"
#: where a page's text is cut into passages that an edit keeps or takes out: sentences, lines, and the
#: "." Pagefind writes after each of a page's blocks (its heading, first paragraph, …), the last one's at
#: the end of the text: a 公文 ending in its date has no stop there, and a sentence written on after the
#: date leaves that "." behind it
_PASSAGES = re.compile(r"(?:[。！？；\n]|\.(?:[\s\u200b]|$))+")
_SPACES = re.compile(r"[\s\u200b]+")
#: a page record's head, its URL a whole JSON string: as Pagefind writes its fields, in order
_URL_FIRST = re.compile(rb'pagefind_dcd\{"url":("(?:[^"\\\x00-\x1f]|\\.)*")[,}]')
#: bytes of a record unpacked to find its URL: a page's path is far shorter (the whole record when it is not)
_HEAD = 512


def delta_limit() -> int:
    wanted = os.environ.get(LIMIT_VARIABLE, "")
    return int(wanted) if wanted.isdigit() else DEFAULT_LIMIT


@dataclass
class Base:
    """A shard's pages as its published index was made: path -> (fingerprint, Pagefind's id)."""

    entry: Stat  # of the index's entry file, as the cache records it
    pages: dict[str, tuple[Optional[str], Optional[str]]]  # None: not known (an id not read yet)


@dataclass
class Plan:
    fold: list[str]  # shards with a base that are indexed again all the same
    delta: Optional[Shard]  # the delta's pages; None when there is none
    supersedes: dict[str, str]  # page in the delta (or overflowing) -> id of its old version in its shard
    #: shards whose pages would have gone into a delta grown past its limit -> those pages: each is made again
    #: with their new versions in place of the old (search_index.py, search_merge.fold), or indexed again
    overflow: dict[str, list[str]] = field(default_factory=dict)


def fragments(index: Path) -> dict[str, dict]:
    """Pagefind's page records of one index by id."""
    return {entry.name.removesuffix(".pf_fragment"): _record(Path(entry.path)) for entry in os.scandir(index / "fragment")}


def _record(fragment: Path) -> dict:
    """One page's record (a fragment is gzip'd: a signature, then JSON)."""
    data = gzip.decompress(fragment.read_bytes())
    return json.loads(data[data.index(b"{"):])


def _keeps_all(old: dict, new: dict) -> bool:
    """Every passage of the old version's text and every value of its fields is still in the new version,
    as it was or with text put inside it: a longer title breaks the passage that shows it when nothing
    stands between them (Pagefind writes no stop after a heading ending in a bracket, and a page names the
    documents related to it followed by their dates), though it takes nothing out."""
    new_meta = [str(v) for v in new.get("meta", {}).values()]
    text = _plain("\n".join([new["content"], *new_meta]))
    shown = [_plain(p) for p in [*_PASSAGES.split(new["content"]), *new_meta]]
    return all(p in text or any(_inserted_into(p, q) for q in shown) for p in _passages(old))


def _passages(record: dict) -> list[str]:
    """A page record's passages, each without Pagefind's spaces: its text cut as _PASSAGES cuts it, and the value
    of each of its fields."""
    return [_plain(p) for p in [*_PASSAGES.split(record["content"]), *map(str, record.get("meta", {}).values())]]


def still_shown(index: Path, pages: Iterable[str], output: Path) -> bool:
    """Whether each of `pages`, as rendered in `output`, still shows every passage of its record in `index`
    (its text, and its fields' values, which may stand in an attribute): a kept index then holds nothing they
    no longer show. Their markup is taken out of the pages, so a passage broken by a tag is found whole."""
    try:
        ids = page_ids(index)
        for page in pages:
            if page not in ids:
                return False
            html = (output / page).read_text(encoding="utf-8")
            text, source = _plain(sanitize.shown_text(html)), _plain(unescape(html))
            old = _record(index / "fragment" / f"{ids[page]}.pf_fragment")
            if not all(p in text or p in source for p in _passages(old)):
                return False
    except (OSError, ValueError, EOFError, zlib.error, KeyError, TypeError):  # unreadable: not known to be kept
        return False
    return True


def _inserted_into(old: str, new: str) -> bool:
    """Whether `new` is `old` with one run of text put inside it: it shows every character of `old`, in
    order, with nothing taken out."""
    if len(new) < len(old):
        return False
    head = 0
    while head < len(old) and old[head] == new[head]:
        head += 1
    return old[head:] == new[len(new) - (len(old) - head):]


def _plain(text: str) -> str:
    """Text without the spaces Pagefind puts between Chinese words, which depend on their neighbours."""
    return _SPACES.sub("", text)


def losing_text(index: Path, planned: Plan, bases: Mapping[str, Base], ids: Mapping[str, str],
                judged: Mapping[str, Optional[str]], shown: Mapping[str, Optional[str]]) -> dict[str, set[str]]:
    """The delta's edited pages that no longer show some of their old text, by shard: their old versions
    leave their shards' files. A page the last delta held as it is now (`judged`) was let in then,
    against the same version in its shard: a day's 失效 that broke a line stays let in when someone
    edits another page."""
    losing: dict[str, set[str]] = {}
    for name, base in bases.items():
        for path in planned.supersedes.keys() & base.pages.keys():
            if judged.get(path, False) != shown[path] and not _keeps_all(
                    _record(index / name / "fragment" / f"{planned.supersedes[path]}.pf_fragment"),
                    _record(index / DELTA / "fragment" / f"{ids[path]}.pf_fragment")):
                losing.setdefault(name, set()).add(path)
    return losing


def keep_judged(records: Optional[Path], delta: Shard, shown: Mapping[str, Optional[str]]) -> None:
    """The pages of the delta just made, as it holds them: each was let in against its shard."""
    if records is not None:
        records.mkdir(parents=True, exist_ok=True)
        tmp = records / f".{DELTA}.json.tmp"
        tmp.write_text(json.dumps({"key": delta.key, "pages": {path: shown[path] for path in delta.pages}}),
                       encoding="utf-8")
        os.replace(tmp, records / f"{DELTA}.json")


def read_judged(records: Optional[Path], recorded: Optional[tuple]) -> dict[str, Optional[str]]:
    """The pages of the published delta as it was made (`recorded`: the cache's record of it); {} when unknown."""
    if records is None or recorded is None:
        return {}
    try:
        data = json.loads((records / f"{DELTA}.json").read_text(encoding="utf-8"))
        return dict(data["pages"]) if data["key"] == recorded[0] else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def page_ids(index: Path) -> dict[str, str]:
    """Output path -> Pagefind's id of the page, in one index."""
    return {_url(entry.path).lstrip("/"): entry.name.removesuffix(".pf_fragment")
            for entry in os.scandir(index / "fragment")}


def _url(fragment: str) -> str:
    """A page's URL, the first field of its record: only the head of the record is unpacked (a shard's first
    edit reads a thousand of them: 0.045 s whole, 0.014 s so); the whole record when the head does not
    start so."""
    with open(fragment, "rb") as f:
        head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(f.read(), _HEAD)
    found = _URL_FIRST.match(head)
    return json.loads(found[1]) if found else _record(Path(fragment))["url"]


def read_base(records: Optional[Path], name: str, recorded: Optional[tuple]) -> Optional[Base]:
    """The pages of the shard `name` as indexed, when they describe the index the cache records."""
    if records is None or recorded is None:
        return None
    try:
        data = json.loads((records / f"{name}.json").read_text(encoding="utf-8"))
        base = Base(tuple(data["entry"]), {path: tuple(page) for path, page in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return base if base.entry == recorded[1] else None


def write_base(records: Optional[Path], name: str, pages: Mapping[str, Optional[str]], entry: Optional[Stat]) -> None:
    """Keep the pages `name` was just indexed from (path -> fingerprint); their ids are read when first
    needed (`with_ids`: reading them costs about 0.1 s a shard, and most shards are never edited)."""
    if records is not None and entry is not None:
        _save(records, name, Base(entry, {path: (fp, None) for path, fp in pages.items()}))


def with_ids(records: Path, name: str, base: Base, index: Path) -> Base:
    """`base` with the id of each page in the shard's index `index`, kept for the next builds."""
    if any(page_id is None for _, page_id in base.pages.values()):
        ids = page_ids(index)
        base.pages = {path: (fp, ids.get(path)) for path, (fp, _) in base.pages.items()}
        _save(records, name, base)
    return base


def altered(records: Optional[Path], name: str, base: Base, entry: Stat, gone: Iterable[str] = (),
            renamed: Mapping[str, str] = {}) -> None:
    """`base` once its pages `gone` were taken out of the shard's index and its pages `renamed` narrowed (path
    -> new id: search_cut.narrow), the index's entry file now `entry`. A narrowed page is never current in
    its shard again, whatever it shows (edited back to what Pagefind read, it would be found by fewer words):
    it stays in the delta until the shard is made again."""
    for path in gone:
        del base.pages[path]
    for path, page_id in renamed.items():
        base.pages[path] = (NARROWED, page_id)
    base.entry = entry
    if records is not None:
        _save(records, name, base)


def _save(records: Path, name: str, base: Base) -> None:
    records.mkdir(parents=True, exist_ok=True)
    tmp = records / f".{name}.json.tmp"
    tmp.write_text(json.dumps({"entry": list(base.entry), "pages": base.pages}), encoding="utf-8")
    os.replace(tmp, records / f"{name}.json")


def adopt_twins(planned: Plan, bases: Mapping[str, Base], ids: Mapping[str, str], shown: Mapping[str, Optional[str]],
                records: Optional[Path]) -> bool:
    """Pages of the delta that Pagefind read as their shard holds them (the same id: the same text, title
    and fields; only what it does not index changed) need no delta: their shard's record takes their new
    fingerprint. Whether there were any (the delta is then made again without them)."""
    twins = {path for path, old in planned.supersedes.items() if ids.get(path) == old}
    for name, base in bases.items():
        mine = twins & base.pages.keys()
        for path in mine:
            base.pages[path] = (shown[path], base.pages[path][1])
        if mine and records is not None:
            _save(records, name, base)
    return bool(twins)


def keep_bases(records: Optional[Path], names: Iterable[str]) -> None:
    """Forget the pages of shards the index no longer has."""
    if records is not None and records.is_dir():
        wanted = {f"{name}.json" for name in names}
        for entry in os.scandir(records):
            if entry.name not in wanted:
                os.unlink(entry.path)


def plan(changed: list[Shard], bases: Mapping[str, Base], shown: Mapping[str, Optional[str]], fold: bool,
         forced: frozenset[str] = frozenset()) -> Plan:
    """Which of the `changed` shards, each with a base, go into the delta, which are indexed again (all with
    `fold`, and those `forced`) and which overflow (the delta would grow past its limit)."""
    folded, pages = [], {}
    for shard in changed:
        base = bases[shard.name]
        if fold or shard.name in forced or shard.key is None or not base.pages.keys() <= set(shard.pages) \
                or any(page_id is None for _, page_id in base.pages.values()):
            folded.append(shard.name)  # it lost a page not taken out, or a page's state or id is not known
            continue
        pages[shard.name] = [path for path in shard.pages if path not in base.pages or base.pages[path][0] != shown[path]]
    supersedes = {path: bases[name].pages[path][1] for name, names in pages.items() for path in names
                  if path in bases[name].pages}
    if sum(len(paths) for paths in pages.values()) > delta_limit():
        return Plan(folded, None, supersedes, pages)
    paths = sorted(path for names in pages.values() for path in names)
    if not paths:
        return Plan(folded, None, {})
    return Plan(folded, Shard(DELTA, paths, digest(*(f"{path}\n{shown[path]}" for path in paths))), supersedes)


def ambiguous(index: Path, names: Iterable[str], hidden: Iterable[str]) -> bool:
    """Whether an id to hide names pages in two indexes: Pagefind's ids are short hashes, unique within
    one index only, and hiding it would hide a page that is current (rare: a build then folds)."""
    wanted, seen = set(hidden), set()
    for name in names:
        for entry in os.scandir(index / name / "fragment"):
            page_id = entry.name.removesuffix(".pf_fragment")
            if page_id in wanted:
                if page_id in seen:
                    return True
                seen.add(page_id)
    return False


def listing(names: list[str], hidden: Optional[list[str]]) -> list:
    """What shards.json holds: the shards, then the delta with the ids it hides."""
    return names + ([{"name": DELTA, "hides": hidden}] if hidden is not None else [])


def folders(listing_: object, valid_name) -> Optional[list[str]]:
    """The index folders a shards.json names, or None when it is not one this generator writes."""
    if not isinstance(listing_, list):
        return None
    names = []
    for position, entry in enumerate(listing_):
        if isinstance(entry, dict) and position == len(listing_) - 1 and entry.get("name") == DELTA \
                and isinstance(entry.get("hides"), list) and all(isinstance(h, str) for h in entry["hides"]):
            entry = DELTA
        if not isinstance(entry, str) or not valid_name(entry):
            return None
        names.append(entry)
    return names
