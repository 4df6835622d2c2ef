"""The site as the last build assembled, checked and planned it, taken up again by a build whose only
change is what some documents' bodies or front matter say.

The model is made from the documents as read, the configuration, the build date and the files beside
the documents; of a document's body only its content key reaches it (the page reads the body through
that key, incremental/versions.py), and while it is made each document records which of its
front-matter keys were read (engine/reads.py). Of the date it knows only the answers to the questions it
asked (engine/build_date.py): they are the same on every day of its span, which the model keeps, but the
documents' date-derived values (engine/dated.py), each of which has a span of its own. So when
nothing but Markdown files and what templates say changed since the last build (the inputs' shape:
unchanged.tree_digest; which templates there are is part of it, what they say is read by pages alone), the
build date is within that span (the first edit of a day on which nothing is published or falls
due takes the site up as the edits of the day before did), the model was made from no date-derived value
whose span the build date is outside (those are decided again, and their documents count as changed: the
day a document expires is taken up like a title edit), and every document read again
equals its last reading in all but its body, and front-matter keys and lines the model was not made from
(same files, links and problems), the last build's model is this build's. Such a build takes it up instead of
assembling, checking and planning the site again, checks again what such a document breaks on its own
(the checks of it alone read its front matter unrecorded), makes its catalog row again, and renders the
pages whose records name the documents read again or a template that changed (versions.Records `only`).
Anything else is a build from the documents.

`site.pickle` holds the model with each document by its path: this build's documents, as the cache
holds them, stand in for them, and get back what the last build added to them (column, dates, validity,
relations). `site-keys.json` holds the content keys of the documents edited since the model was kept.
A build that took the model up and changed it (a value decided again for the day, front matter restated, a
question the date had not been asked) keeps what it changed beside it, in `site-delta.pickle`, and the
next build takes up the model with those changes (`Delta`): on a site where something expires every day,
the model is written whole only when what changed since grows past a tenth of its documents (and 100).
"""
from __future__ import annotations

import contextvars
import copyreg
import datetime as dt
import json
import os
import pickle
import secrets
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, is_not
from pathlib import Path
from typing import Any, Mapping, Optional

from gongkai.engine.build_date import Asker, span_holds
from gongkai.engine.content_links import Targets
from gongkai.engine.dated import DATED, decide
from gongkai.engine.doctype import Types
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.reads import ALL, LINE, WATCHED, ReadFront, ReadMeta
from gongkai.engine.page import Page
from gongkai.incremental.cache import DocEntry
from gongkai.incremental.claims import Output
from gongkai.incremental.search_shards import Plan
from gongkai.problems import Problem

MODEL = "site.pickle"
KEYS = "site-keys.json"
DELTA = "site-delta.pickle"
#: bump when what the model file holds changes shape (the cache's own format and the engine version are in the shape;
#: 8: its build date answers for moments, to the minute)
FORMAT = 8
#: the model is kept as what changed since it was written whole while that is at most DELTA_LEAST documents, or
#: 1/DELTA_SHARE of them
DELTA_LEAST, DELTA_SHARE = 100, 10
#: what a document read again may differ in from its last reading besides its front matter and the lines of its
#: keys, when the model was not made from it (reads.WATCHED): its body, what it was read from, where its body
#: starts, and the results of the checks of it alone, made again when they are wanted (Document.checked)
_AGAIN = frozenset(WATCHED) | {"meta", "lines"}
#: the watched attributes that differ between any two readings, and so must not have been read at all
_NEW_EACH_TIME = ("content_key", "meta_key", "checked", "body_html", "toc")
#: what the model must not have read of a document read again: any of those, or all its front matter
_UNREAD = frozenset({ALL, *("@" + name for name in _NEW_EACH_TIME)})


@dataclass
class Model:
    """One build's site, from its documents to its plan."""

    shape: str  # of its inputs, Markdown files' states left out
    site: Site  # its build date (site.as_of) answers as on every day of its span
    documents: list[Document]  # every document read, in content order
    targets: Targets
    pages: list[Page]
    origins: list[str]
    output: Output
    problems: list[Problem]  # found by assembling, checking and planning the site (not by reading it)
    #: what making it read of each document (engine/reads.py), by path
    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    #: of `problems`, what each document breaks on its own (validate.own_problems), by path
    own: dict[str, list[Problem]] = field(default_factory=dict)
    #: taken up: the documents read again since it was made, or whose date-derived values changed today, each
    #: path with the document's content key now (None: made by this build)
    fresh: Optional[Mapping[str, str]] = None
    #: taken up: of those, the ones whose front matter changed since it was made, or a date-derived value today
    restated: frozenset[str] = frozenset()
    #: taken up: the span of its answers as it was kept (BuildDate.span): narrowed or moved, it is kept anew
    span: tuple[str, str] = ("", "")
    #: kept: what the build added to each document, and the content key it had, by path
    built: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    #: taken up: what had changed in it since it was written whole (None: nothing), and the date-derived values
    #: this build decided again
    delta: Optional["Delta"] = None
    redone: tuple[Asker, ...] = ()
    #: which document pages each search shard holds, when it was indexed (the search step's plan is kept with it)
    shards: Optional[Plan] = None


@dataclass
class Delta:
    """What the builds that took a model up changed in it since it was written whole. At 100,000 documents,
    writing the model took 1.3 s of each day on which a document expires; this is what those days change."""

    token: str  # the one the keys file names: a delta it does not name is not this model's
    built: dict[str, dict[str, Any]]  # what the builds added to each document decided again or restated, by path
    own: dict[str, list[Problem]]  # what each of those documents breaks on its own now
    date: tuple  # what moved of the build date (BuildDate.since)
    files: dict[str, bytes]  # the files made whole (catalog.json), as the last build made them


def keep(folder: Path, model: Model) -> None:
    """After a successful build: the model it made, or the content keys of the one it took up, with what it
    changed in it (`Delta`) when front matter changed, its problems and catalog being this build's, when a
    value was decided again for the day, or when a page rendered again asked the date what no page had
    asked (the model then holds for fewer days)."""
    if model.fresh is None:
        save(folder, model)
    elif model.restated or model.redone or model.site.as_of.span() != model.span:
        if not _keep_delta(folder, model):
            save(folder, model)
    else:
        note_keys(folder, model)


def _keep_delta(folder: Path, model: Model) -> bool:
    """Keep what this build changed in the model taken up, with what had changed before; False when that is
    more than DELTA_LEAST documents and a tenth of them (the model is written whole instead)."""
    was = model.delta
    paths = {*(was.built if was else ()), *model.restated}
    if len(paths) > max(DELTA_LEAST, len(model.documents) // DELTA_SHARE):
        return False
    askers = {*(was.date[-1] if was else ()), *model.redone}
    documents = {d.path: d for d in model.documents if d.path in paths}
    delta = Delta(secrets.token_hex(8), {path: _added(documents[path]) for path in sorted(paths)},
                  {path: model.own.get(path, []) for path in sorted(paths)}, model.site.as_of.since(askers),
                  dict(model.output.pages))
    try:
        keys = json.loads((folder / KEYS).read_bytes())
        with _writing(folder / DELTA) as f:
            pickle.dump((FORMAT, keys["model"], delta.token), f, protocol=pickle.HIGHEST_PROTOCOL)
            _pickler(f, model, columns=True).dump(delta)
        keys["delta"] = delta.token
        keys["keys"].update(model.fresh)
        _replace(folder / KEYS, json.dumps(keys, ensure_ascii=False).encode())
        _writing(folder / MODEL).tmp.unlink(missing_ok=True)  # half a model, from a build killed writing it
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pickle.PicklingError, RecursionError):
        forget(folder)
    return True


def save(folder: Path, model: Model) -> None:
    """Keep `model` for the next build; a model that cannot be written is none (the next build makes its own)."""
    token = secrets.token_hex(8)
    model.built = {d.path: _added(d) for d in model.documents}
    model.keys = {d.path: d.content_key for d in model.documents}
    model.delta, model.redone = None, ()
    try:
        # no keys vouch for the old model
        _replace(folder / KEYS, json.dumps({"model": "", "delta": "", "keys": {}}).encode())
        (folder / DELTA).unlink(missing_ok=True)
        with _writing(folder / MODEL) as f:
            header = (FORMAT, token, model.shape, model.site.as_of.general_span())
            pickle.dump(header, f, protocol=pickle.HIGHEST_PROTOCOL)
            _pickler(f, model).dump(model)
        _replace(folder / KEYS, json.dumps({"model": token, "delta": "", "keys": {}}).encode())
    except (OSError, pickle.PicklingError, AttributeError, TypeError, RecursionError):  # a local object, a deep chain
        forget(folder)  # the build has published: keeping its site is only a saving for the next one
    finally:
        model.built, model.keys = {}, {}


def _pickler(f: Any, model: Model, columns: bool = False) -> pickle.Pickler:
    """A pickler writing the model's documents by path; `columns`: its columns too (what changed in it is read
    after the model, whose columns the documents decided again must get back, not copies of them)."""
    pickler = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, Document: _by_path({id(d) for d in model.documents}),
                              ReadMeta: _kept_while_recorded, ReadFront: _kept_while_recorded}
    if columns:
        pickler.dispatch_table[Column] = _column_by_path({id(c) for c in model.site.all_columns()})
    return pickler


def forget(folder: Path) -> None:
    for name in (KEYS, MODEL, DELTA):
        (folder / name).unlink(missing_ok=True)


def recall(folder: Path, shape: str, as_of: dt.datetime, before: Mapping[str, DocEntry], now: Mapping[str, DocEntry],
           documents: list[Document], types: Types) -> Optional[Model]:
    """The last build's model as this build's, when it is that (see above); None otherwise. `before`, `now`:
    the cache's documents before and after this build read the changed ones; `documents`: those it read,
    which become the model's; `types`: this build's document types, which decide date-derived values."""
    # in C where it visits every document (0.3 s of a one-edit build at 100,000 documents in Python's loops)
    again = list(compress(now, map(is_not, map(before.get, now), now.values())))
    if now.keys() != before.keys():
        return None
    changed = {}
    for rel in again:
        try:
            keys = _changed(before[rel], now[rel])
        except LookupError:  # its last reading's fields lost from the body store (cache.py): nothing to compare
            return None
        if keys is None:
            return None
        changed[now[rel].doc.path] = keys
    paths = list(map(_PATH, documents))
    by_path = dict(zip(paths, documents))
    kept = _load(folder, shape, as_of, by_path)
    if kept is None:
        return None
    model, known = kept
    redo = model.site.as_of.changing_on(as_of)  # the documents' values whose answers differ on this day
    if redo is None:  # nothing changed at all is taken up too: the output, not the site, differs from the last build's
        return None
    read = {before[rel].doc.path: before[rel].doc.content_key for rel in again}
    expected = dict(zip(paths, map(_CONTENT_KEY, documents)))  # the content key each had when last read
    expected.update(read)
    if model.documents != documents or known != expected:
        return None
    if any(model.reads.get(path, frozenset()) & (keys | _UNREAD) for path, keys in changed.items()):
        return None  # the model was made from what changed
    if any("@" + name in model.reads.get(path, ()) for path, name in redo):
        return None  # or from a value that changes today
    for doc, added in zip(documents, map(model.built.__getitem__, paths)):
        doc.__dict__.update(added)
    model.span = model.site.as_of.span()
    model.site.as_of.move(as_of, redo)
    model.redone = tuple(redo)
    order = list(DATED)
    redated = {path for path, name in sorted(redo, key=lambda asker: (asker[0], order.index(asker[1])))
               if decide(by_path[path], name, model.site.as_of, types)}
    model.fresh = {path: by_path[path].content_key for path in sorted({*read, *redated})}
    model.built, model.keys = {}, {}
    model.restated = frozenset(path for path, keys in changed.items() if keys) | redated
    return model


def restate(model: Model, own: dict[str, list[Problem]]) -> None:
    """The problems of a model taken up with what the documents whose front matter changed break on their
    own now (`own`, by path) in place of what they broke then."""
    then = {id(p) for path in own for p in model.own.get(path, ())}
    model.problems = [p for p in model.problems if id(p) not in then] + [p for found in own.values() for p in found]
    model.own.update(own)


def _load(folder: Path, shape: str, as_of: dt.datetime, by_path: dict[str, Document]) -> Optional[tuple[Model, dict]]:
    """The model kept for inputs of `shape`, made on a day whose answers `as_of` gives too, its documents
    `by_path`'s, and the content keys its documents had then, as edits since have left them; None when
    there is none, or not a whole one."""
    try:
        keys = json.loads((folder / KEYS).read_bytes())
        with open(folder / MODEL, "rb") as f:
            form, token, kept_shape, general = pickle.load(f)
            if (form, token, kept_shape) != (FORMAT, keys["model"], shape) or not span_holds(general, as_of):
                return None
            reading = _READING.set(by_path)
            try:
                model = pickle.load(f)
                columns = _COLUMNS.set({c.path: c for c in model.site.all_columns()})
                try:
                    delta = _delta(folder, token, keys["delta"])
                finally:
                    _COLUMNS.reset(columns)
            finally:
                _READING.reset(reading)
        if not isinstance(model, Model) or model.keys.keys() != by_path.keys() or delta is False:
            return None
        if delta is not None:
            model.built.update(delta.built)
            restate(model, delta.own)
            model.site.as_of.resume(delta.date)
            model.output.pages.update(delta.files)
            model.delta = delta
        return model, {**model.keys, **keys["keys"]}
    except (OSError, ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def _delta(folder: Path, token: str, named: str) -> "Delta | bool | None":
    """The delta of the model `token` that the keys file names (`named`; "": none), False when it is not there
    whole."""
    if not named:
        return None
    with open(folder / DELTA, "rb") as f:
        if pickle.load(f) != (FORMAT, token, named):
            return False
        delta = pickle.load(f)
    return delta if isinstance(delta, Delta) and delta.token == named else False


def note_keys(folder: Path, model: Model) -> None:
    """After a build from `model`: its documents' content keys as they are now, for the next one to take up."""
    try:
        keys = json.loads((folder / KEYS).read_bytes())
        keys["keys"].update(model.fresh)  # not from every document: touching 100,000 of them took 0.1 s
        _replace(folder / KEYS, json.dumps(keys, ensure_ascii=False).encode())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        forget(folder)


def _changed(before: DocEntry, now: DocEntry) -> Optional[frozenset[str]]:
    """What differs between two readings of a document, as the model records its reads (engine/reads.py): the
    front-matter keys whose values differ, the keys whose lines moved (and their lines as a whole), and where
    the body starts; none when its body alone changed. None when they differ in anything else but a watched
    attribute (reads.WATCHED): its links and reading problems name lines too, so a line added above them
    builds anew."""
    if before.doc is None or now.doc is None or before.problems != now.problems or before.deps != now.deps:
        return None
    if _as_read(before.doc) != _as_read(now.doc):
        return None
    was, doc = before.doc, now.doc
    moved = {LINE + key for key in _differing(was.lines, doc.lines)}
    return frozenset(_differing(was.meta, doc.meta) | moved | ({LINE + ALL} if moved else set())
                     | ({"@body_line"} if was.body_line != doc.body_line else set()))


def _differing(was: dict, now: dict) -> set:
    return {k for k in was.keys() | now.keys() if was.get(k, _MISSING) != now.get(k, _MISSING)}


_MISSING = object()
_PATH, _CONTENT_KEY = attrgetter("path"), attrgetter("content_key")


def _as_read(doc: Document) -> dict[str, Any]:
    return {k: v for k, v in doc.__getstate__().items() if k not in _AGAIN}


def _added(doc: Document) -> dict[str, Any]:
    """What the build added to a document (model.Document.STATE: its pickled form leaves that out); by name,
    not by comparing it with that form: at 100,000 documents that took 1.5 s of every build."""
    own = doc.__dict__
    return {k: own[k] for k in Document.STATE if k in own}


def _kept_while_recorded(meta: ReadMeta | ReadFront) -> tuple:
    """A document's front matter that the model kept hold of while its reads were recorded: what it holds
    would not follow the document's later readings, so the model is not kept."""
    raise pickle.PicklingError("the site model holds a document's front matter itself")


#: the documents of the build reading a model, by path
_READING: contextvars.ContextVar[Mapping[str, Document]] = contextvars.ContextVar("reading")


def _document(path: str) -> Document:
    return _READING.get()[path]


#: the columns of the model whose changes are being read, by path
_COLUMNS: contextvars.ContextVar[Mapping[str, Column]] = contextvars.ContextVar("columns")


def _column(path: str) -> Column:
    return _COLUMNS.get()[path]


def _column_by_path(own: set[int]):
    """A column of the model by its path; any other whole."""
    def reduce(column: Column) -> tuple:
        return (_column, (column.path,)) if id(column) in own else column.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    return reduce


def _by_path(own: set[int]):
    """A document of the build by its path; another member's (a group's interpretations) whole, but its body."""
    def reduce(doc: Document) -> tuple:
        if id(doc) in own:
            return _document, (doc.path,)
        state = {k: v for k, v in doc.__dict__.items() if not k.startswith("_")}
        state.update(body_html=None, toc=None)
        return copyreg.__newobj__, (Document,), state
    return reduce


class _writing:
    """A file written beside `path` under a name of its own and renamed over it once complete, as the unchanged
    record is: a killed build leaves the old file, and what it half wrote is written over by the next."""

    def __init__(self, path: Path):
        self.path, self.tmp = path, path.with_name(f".{path.name}.tmp")

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.tmp, "wb")
        return self.file

    def __exit__(self, kind, value, tb) -> None:
        self.file.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


def _replace(path: Path, data: bytes) -> None:
    with _writing(path) as f:
        f.write(data)
