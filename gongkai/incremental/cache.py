"""The build cache: what the last build read and wrote, so unchanged documents are neither parsed nor
rendered again.

It lives in a folder beside the output and is safe to delete. Everything in it is keyed by
content hashes (and, as a shortcut to them, file size and modification time); a cache written
by another engine version, for another configuration, or that cannot be read is ignored.
`cache.pickle` is its index; the entries are in buckets (store.py) and bodies, with the rows of long
listings and the documents' fields, in an SQLite store (bodies.py), so saving after an edit writes what the
edit changed, and a build reads the fields of the documents it uses alone.
"""
from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
import os
import pickle
import sqlite3
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, Optional

from gongkai import __version__
from gongkai.engine.model import FRONT, KEYED_FIELDS, Document
from gongkai.incremental.bodies import BodyStore, fields_key
from gongkai.incremental.store import EntryStore
from gongkai.problems import Problem

log = logging.getLogger("gongkai")
CACHE_FILE = "cache.pickle"
#: what the folders the generator keeps for itself are named with: a build's cache beside its output
#: (`folder_for`), the deploy build and the preview in the site folder
CACHE_PREFIX = ".gongkai-cache-"
#: bump when what the cache stores changes shape
FORMAT = 56

#: (size, mtime_ns, ctime_ns) of a source: a file written again with its old size and modification time put
#: back (cp -p onto it, an archive unpacked over it, touch -r) has another status-change time, which nothing
#: sets back; (size, mtime_ns, inode) of an output file
Stat = tuple
#: bodies no document has are dropped once documents read again or gone since number more than
#: STALE_BODIES_LEAST and 1/STALE_BODIES_SHARE of the documents
STALE_BODIES_LEAST, STALE_BODIES_SHARE = 100, 100


def file_stat(path: str | Path, with_inode: bool = False) -> Optional[Stat]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino) if with_inode else (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def digest(*parts: bytes | str) -> str:
    """A key of `parts`; a file name that is not UTF-8 (its bytes escaped by Python) is hashed as its bytes, so
    the walk over the inputs gets past it and listing the sources reports it."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class DocEntry:
    """One document as read: valid while its source and every file it named are unchanged."""

    stat: Stat
    sha: str  # of the Markdown file
    deps: tuple  # ((path, stat), ...) data file and attachments
    doc: Optional[Document]
    problems: list[Problem]
    body: Optional[tuple] = None  # (html, toc) on its way from a reader process; kept in the body store


#: what a document just read from its bucket holds
_STUB_KEYS = frozenset({"path", "content_key", "_front", "_deferred", "_sort_key", *Document._BUILT})


class _Deferring:
    """Pickles a document's entry for its bucket: its path, content key and a few front-matter values (FRONT);
    its other fields wait in the body store (bodies.py), read when a build first wants them (Document.complete).
    A build takes up the last build's site with every document in it, but renders and checks a few: reading
    every field of 10,000 documents was a sixth of a one-edit build, and at 100,000 documents the fields were
    276 MB of buckets read by every build (0.43 s). A document whose fields changed since they were read (a
    document read now, its own checks' results kept with it) has them put in the store, a thousand at a time."""

    BATCH = 1000

    def __init__(self, store: BodyStore):
        self.store, self.pending = store, []

    def __call__(self, entry: DocEntry) -> tuple:
        doc = entry.doc
        form = None
        if doc is not None:
            deferred = doc.__dict__.get("_deferred")
            if deferred is not None and doc.__dict__.keys() <= _STUB_KEYS | Document.RELATED.keys():
                form = doc.path, doc.content_key, doc.__dict__["_front"]  # nothing it was read as set since
            else:
                state = doc.__getstate__()
                self.pending.append((fields_key(doc.path, doc.content_key),
                                     pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)))
                if len(self.pending) >= self.BATCH:
                    self.flush()
                form = doc.path, doc.content_key, tuple(state["meta"].get(key) for key in FRONT)
        return _entry, (entry.stat, entry.sha, entry.deps, form, entry.problems, entry.body)

    def flush(self) -> None:
        self.store.put_fields(self.pending)
        self.pending = []


#: the body store of the cache whose buckets are being read: where its documents' fields wait
_LOADING: contextvars.ContextVar[BodyStore] = contextvars.ContextVar("loading")


def _entry(stat: Stat, sha: str, deps: tuple, form: Optional[tuple], problems: list[Problem],
           body: Optional[tuple]) -> DocEntry:
    doc = None
    if form is not None:
        path, content_key, front = form
        doc = object.__new__(Document)
        doc.__dict__.update(Document._BUILT, path=path, content_key=content_key, _front=front,
                            _deferred=functools.partial(_fields, _LOADING.get(), fields_key(path, content_key)))
    return DocEntry(stat, sha, deps, doc, problems, body)


def _fields(store: BodyStore, key: str) -> dict[str, Any]:
    """A document's fields from the body store, its front-matter keys the process's own strings (own_keys)."""
    state = pickle.loads(store.fields(key))
    own_keys(state)
    return state


def stored_fields(doc: Document) -> Optional[str]:
    """The key of the document's fields in the body store while it waits for them there; None otherwise."""
    deferred = doc.__dict__.get("_deferred")
    return deferred.args[-1] if deferred is not None else None


def own_keys(fields: dict[str, Any]) -> None:
    """A document's front-matter keys (`fields`: its fields, by name) as this process's own strings. A document
    read by a worker, or from its bucket, comes with copies of its own: at 10,000 documents 100,000 strings,
    which the cache pickled again, a fifth of the documents' buckets."""
    for name, kind in KEYED_FIELDS.items():
        fields[name] = kind((sys.intern(k), v) for k, v in fields[name].items())


class OutputEntry(NamedTuple):
    """One rendered page as written, which scan of it the link check takes, and what it was made from. A tuple:
    a build reads one for each page and file of the output and its spare (at 100,000 documents 225,000 of them),
    and a tuple is read back in half the time an object with a dict of its own takes."""

    fingerprint: Optional[str]  # a page's: digest of its bytes; a copy's: its source and the source's stat
    stat: Optional[Stat]  # of the written file, to notice a file changed behind the generator's back
    scan: Optional[str]  # the key of what the scan of it found (links.key, BuildCache.scans); None: not scanned
    #: a page's inputs (output/record.py) with their versions (versions.Records), `packed`
    record: Optional[tuple] = None
    search: Optional[str] = None  # a document page's: what Pagefind reads of it (search_print.py)


def packed(record: tuple[dict, dict, dict]) -> tuple[dict, bytes]:
    """A page's record (shared, own, docs) as the cache keeps it, and produce as soon as it is made: its part shared
    with pages like it, and the rest pickled, read only for a page that may have read something that changed
    (versions.Records.current). Loading the pages' records as dicts was nearly all of loading the pages' entries:
    0.54 of 0.58 s at 100,000 documents."""
    shared, own, docs = record
    return shared, pickle.dumps((own, docs), protocol=pickle.HIGHEST_PROTOCOL)


def unpacked(record: tuple) -> tuple[dict, dict, dict]:
    """A record (shared, own, docs), read from its packed form when it is in it: a page's is, the rows' a listing
    keeps are whole (listing_rows.py)."""
    if len(record) == 3:
        return record
    shared, rest = record
    own, docs = pickle.loads(rest)
    return shared, own, docs


@dataclass
class BuildCache:
    context: str  # engine version + configuration: a mismatch empties the cache
    docs: dict[str, DocEntry] = field(default_factory=dict)
    outputs: dict[str, OutputEntry] = field(default_factory=dict)  # the published output's pages
    spare: dict[str, OutputEntry] = field(default_factory=dict)  # the spare folder's pages
    # the published output's files not rendered from templates: copied ones and catalog.json
    copies: dict[str, OutputEntry] = field(default_factory=dict)
    spare_copies: dict[str, OutputEntry] = field(default_factory=dict)
    # catalog.json's rows as last made, each with what it was made from (output/catalog.py)
    rows: dict[str, tuple] = field(default_factory=dict)
    # what the scans of the pages found, by key (OutputEntry.scan), and what the last link check found in them:
    # (problems, external hosts), and a digest of everything that check read, see incremental/link_check.py
    scans: dict[str, Any] = field(default_factory=dict)
    links_found: Optional[tuple] = None
    links_read: str = ""
    # the pages whose rows the store keeps (listing_rows.py)
    listings: set[str] = field(default_factory=set)
    # the body store's file as this cache was saved beside it, holding every document's body and fields
    bodies_stat: Optional[Stat] = None
    # documents read again or gone since the bodies no document has were last dropped (_drop_unused_bodies)
    stale_bodies: int = 0
    # the documents' paths in content order, joined by NUL: their buckets hold them in another (readall.py)
    doc_order: str = ""
    # for this run only, never saved:
    folder: Optional[Path] = field(default=None, compare=False)
    bodies: BodyStore = field(default_factory=lambda: BodyStore(None), compare=False)
    entries: Optional[EntryStore] = field(default=None, compare=False)
    fresh: list = field(default_factory=list, compare=False)  # documents read in this run
    changed: bool = field(default=False, compare=False)
    _unread: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)  # kind -> its buckets
    _files: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)  # kind -> its buckets' files

    _RUNTIME = ("folder", "bodies", "entries", "fresh", "changed", "_unread", "_files")
    #: kept in buckets of their own, in this order: the spares are read after what they share with
    _BUCKETED = ("docs", "outputs", "spare", "copies", "spare_copies", "rows", "scans")
    _SHARES = {"spare": "outputs", "spare_copies": "copies"}
    #: read when first asked for: a build that takes up the last build's site (snapshot.py) makes no catalog
    #: row, and catalog.json's rows are an eighth of the cache (13 MiB of memory at 10,000 documents); nor
    #: does it read the scans when the pages it renders scan as they did (link_check.py)
    _ON_DEMAND = ("rows", "scans")

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._RUNTIME + self._BUCKETED}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, folder=None, bodies=BodyStore(None), entries=None, fresh=[], changed=False,
                             _unread={}, _files={})
        self.__dict__.update({name: {} for name in self._BUCKETED})

    def __getattr__(self, name: str) -> Any:
        """A kind of entries read on demand (_ON_DEMAND), read from its buckets when first asked for; none
        when they cannot be read (as for a cache that cannot be read: what they held is made again)."""
        unread = self.__dict__.get("_unread")
        if not unread or name not in unread:
            raise AttributeError(name)
        try:
            entries = self.entries.read(unread.pop(name))
        except Exception as exc:  # noqa: BLE001 (as load: a corrupt cache is never trusted)
            log.info("ignoring unreadable build cache entries %s: %s", name, exc)
            entries, self.changed = {}, True
        setattr(self, name, entries)
        return entries

    @staticmethod
    def folder_for(out_dir: Path) -> Path:
        return out_dir.parent / f"{CACHE_PREFIX}{out_dir.name}"

    @classmethod
    def left_beside(cls, out_dir: Path) -> Optional[Path]:
        """The cache a build left beside `out_dir`, for a check to read; None when there is none."""
        folder = cls.folder_for(out_dir)
        return folder if (folder / CACHE_FILE).is_file() else None

    @staticmethod
    def spare_for(out_dir: Path) -> Path:
        """Where the previous output waits to become the next (see write.py)."""
        return BuildCache.folder_for(out_dir) / "spare"

    def written(self) -> dict[str, Stat]:
        """The stat of each page and copied file of the output as this build wrote or checked it."""
        return {rel: entry.stat for entries in (self.outputs, self.copies) for rel, entry in entries.items()
                if entry.stat is not None}

    def templates_folder(self) -> Optional[Path]:
        """Where compiled templates are kept between builds."""
        return self.folder / "templates" if self.folder else None

    @staticmethod
    def versioned(context: str) -> str:
        """The context a cache for `context` records: engine and cache format included."""
        return digest(str(FORMAT), __version__, context)

    @classmethod
    def load(cls, folder: Optional[Path], context: str) -> "BuildCache":
        context = cls.versioned(context)
        cache, bodies = None, BodyStore(folder)
        if folder is not None:
            try:
                with open(folder / CACHE_FILE, "rb") as f:
                    cache, buckets = pickle.load(f)
                if not isinstance(cache, cls) or cache.context != context:
                    cache = None
                else:
                    loading = _LOADING.set(bodies)
                    try:
                        cache._read_entries(EntryStore(folder), buckets)
                    finally:
                        _LOADING.reset(loading)
            except FileNotFoundError:
                pass
            except Exception as exc:  # a corrupt cache is never trusted: start afresh
                log.info("ignoring unreadable build cache %s: %s", folder, exc)
                cache = None
        cache = cache or cls(context, changed=True)
        cache.folder, cache.bodies = folder, bodies
        cache.entries = cache.entries or (EntryStore(folder) if folder is not None else None)
        return cache

    def _read_entries(self, store: EntryStore, buckets: dict[str, list[str]]) -> None:
        self._files = buckets
        for name in self._BUCKETED:
            if name in self._ON_DEMAND:
                del self.__dict__[name]
                self._unread[name] = buckets[name]
                continue
            shares = self._SHARES.get(name)
            setattr(self, name, store.read(buckets[name], getattr(self, shares) if shares else None))
        self.entries = store

    def rewind(self) -> None:
        """Documents back as read, for another build from this cache in memory (serve)."""
        for entry in self.docs.values():
            if entry.doc is not None:
                entry.doc.as_read()

    def bodies_whole(self) -> bool:
        """Whether the body store is the very file this cache was saved with, so it holds every document's
        body and fields: asking it for their keys took 0.14 s of each build at 100,000 documents."""
        return self.bodies_stat is not None and self.bodies.path is not None \
            and file_stat(self.bodies.path, with_inode=True) == self.bodies_stat

    def unstored(self, entries: dict[str, DocEntry]) -> list[str]:
        """The documents of `entries` (by path) whose body, or whose fields waiting there, the body store lacks."""
        docs = {rel: (e.doc.content_key, stored_fields(e.doc)) for rel, e in entries.items() if e.doc is not None}
        bodies = self.bodies.missing({body for body, _ in docs.values()})
        fields = self.bodies.missing({key for _, key in docs.values() if key}, "fields")
        return [rel for rel, (body, key) in docs.items() if body in bodies or key in fields]

    def keep_checks(self, documents: list[Document]) -> None:
        """Documents whose own checks ran again (`Document.checked`) without their being read again (new topics,
        organ codes): their entries are saved again with the new results. Else the body store kept the old ones,
        and every later build that checks the whole site checked every such document again."""
        for doc in documents:
            rel = doc.source.partition("/")[2]
            entry = self.docs.get(rel)
            if entry is not None and entry.doc is doc:
                self.docs[rel] = replace(entry)  # another object: its bucket is written again
                self.changed = True

    def keep_bodies(self) -> None:
        """Put the bodies of documents read in this process into the store (a cache kept in memory)."""
        if self.fresh:
            self.bodies.put(self.fresh)
            self.fresh = []

    def save(self) -> None:
        """Bodies first, then the index, renamed into place: a killed build leaves an old index or none.

        A cache that cannot be written is dropped (the next build starts afresh), never half-kept."""
        if self.folder is None or not self.changed:
            return
        try:
            self._save(self.folder)
        except (OSError, sqlite3.Error, pickle.PicklingError) as exc:
            log.warning("build cache not saved (%s); the next build starts afresh", exc)
            (self.folder / CACHE_FILE).unlink(missing_ok=True)
            if isinstance(exc, sqlite3.Error):
                self.bodies.discard_if_malformed()  # else no later build could keep its cache (bodies.py)

    def _drop_unused_bodies(self) -> None:
        """Drop the bodies no document has, so that the store does not grow without end; once a hundredth of
        the documents (and 100) may have left one: asking the store for every key and gathering every
        document's took 0.14 s of each save at 100,000 documents. A body no document has is only room."""
        if self.stale_bodies > max(STALE_BODIES_LEAST, len(self.docs) // STALE_BODIES_SHARE):
            docs = [e.doc for e in self.docs.values() if e.doc is not None]
            self.bodies.keep_only({doc.content_key for doc in docs}, {fields_key(d.path, d.content_key) for d in docs})
            self.stale_bodies = 0

    def _save(self, folder: Path) -> None:
        self.keep_bodies()
        folder.mkdir(parents=True, exist_ok=True)
        store, deferring = self.entries or EntryStore(folder), _Deferring(self.bodies)
        buckets = {name: self._unread[name] if name in self._unread else
                   store.write(getattr(self, name), {DocEntry: deferring} if name == "docs" else None,
                               self._files.get(name, ()))
                   for name in self._BUCKETED}
        deferring.flush()
        self._drop_unused_bodies()
        self.bodies_stat = file_stat(self.bodies.path, with_inode=True) if self.bodies.path is not None else None
        tmp = folder / f".{CACHE_FILE}.tmp"  # what a killed build half wrote is written over, never left to pile up
        try:
            with open(tmp, "wb") as f:
                pickle.dump((self, buckets), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / CACHE_FILE)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        store.keep_only({file for files in buckets.values() for file in files})
        self._files = buckets
