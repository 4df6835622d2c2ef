"""What each input a page read is worth in this build: a page is rendered again when one of them changed.

A version is a short digest of the value as a template saw it, computed from the site model of
this build: documents, columns and pages it leads to stand for themselves by identity, since
their own fields are inputs of their own (output/record.py). Date-derived values (a document's
validity, whether it is held back, the feeds' dates) are values of the model like any other:
on a new date only those whose outcome differs change version.
"""
from __future__ import annotations

import ast
import secrets
import sys
from typing import Any, Collection, Iterable, Optional

import jinja2

from gongkai.engine.derived import DERIVED
from gongkai.engine.model import Document, Site
from gongkai.incremental.cache import unpacked
from gongkai.incremental.shallow import digest_of, field_names, shallow, shallow_all
from gongkai.output.record import SEP, VOLATILE
from gongkai.engine.page import Page

#: what a document's body is worth: the hash of everything it was read from (the body store's key)
BODY = frozenset({"body_html", "toc"})
#: the value of an input that is not there (a field a document lacks): unlike any value shallow() makes
MISSING = ("missing",)
#: a string this short is its own version: most fields are, and comparing them costs less than hashing
SHORT = 64
Version = bytes | str


class Versions:
    """Versions of inputs by key, each computed once a build."""

    def __init__(self, site: Site, documents: Iterable[Document], pages: Iterable[Page],
                 env: Optional[jinja2.Environment]):
        self.site, self.env = site, env
        self.documents = {d.path: d for d in documents}
        self.pages = {p.path: p for p in pages}
        self._known: dict[str, Version] = {}
        self._states: dict[str, Version] = {}

    def __call__(self, name: str) -> Version:
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = self._version(*name.split(SEP, 2))
        return known

    def _version(self, kind: str, ident: str, attr: str) -> Version:
        if kind == "volatile":
            return secrets.token_bytes(12)
        if kind == "template":
            return digest_of(self._template(ident))
        if kind == "call":  # a function no longer registered (its package uninstalled) is a value that changed
            func = DERIVED.get(ident)
            return digest_of(shallow(func(*[self._object(*i) for i in ast.literal_eval(attr)])) if func else MISSING)
        if kind == "page" and not attr:  # the page rendered: all of it, as its template shows nearly all
            page = self.pages.get(ident)
            return digest_of(shallow_all(getattr(page, name) for name in field_names(Page)) if page else MISSING)
        value = self._value(self._object(kind, ident), attr)
        return value if type(value) is str and len(value) <= SHORT else digest_of(value)

    def state(self, path: str) -> Version:
        """Everything a document's fields are made of: what it was read from (the cache context holds
        how it was read) and what the build added to it (model.Document._BUILT). Unchanged, every
        field is unchanged; changed, a page that read it compares the fields it read."""
        known = self._states.get(path)
        if known is None:
            doc = self.documents.get(path)
            built = [] if doc is None else shallow_all(map(doc.__dict__.get, Document.STATE))
            known = self._states[path] = digest_of((doc.content_key, built) if doc is not None else MISSING)
        return known

    def _object(self, kind: str, ident: str) -> Any:
        if kind == "doc":
            return self.documents.get(ident)
        if kind == "column":
            return self.site.by_column.get(ident)
        if kind == "info":
            return self.site.info
        if kind == "site":
            return self.site
        if kind == "value":
            return ast.literal_eval(ident)
        if kind == "page":
            return self.pages.get(ident)
        return None  # "none"

    @staticmethod
    def _value(obj: Any, attr: str) -> Any:
        if obj is None:
            return MISSING
        if attr in BODY:
            return getattr(obj, "content_key", MISSING)
        try:
            if attr.endswith(")"):
                name, args = attr.split("(", 1)
                return shallow(getattr(obj, name)(*ast.literal_eval("(" + args)))
            return shallow(getattr(obj, attr))
        except AttributeError:
            return MISSING

    def _template(self, name: str) -> Any:
        """Which file a template name loads and what it holds: a site's own template overriding the
        theme's is a new version, a template no page loads is no page's input."""
        if self.env is None:
            return MISSING
        try:
            source, filename, _ = self.env.loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return MISSING
        except jinja2.TemplateSyntaxError:  # unreadable (not UTF-8): never current, so rendering reports it
            return secrets.token_bytes(12)
        return filename, source


#: a record's part shared with pages like it, its own other inputs, and of each document it read, by the
#: document's path: the document's state when it was read (Versions.state), the names of the fields read
#: and one digest of their versions; of the page's own document only the state (its page shows nearly all
#: of it: any change renders it). One digest, not a version a field: a listing's record held every title it
#: showed, and loading the records was half of loading the cache.
Record = tuple[dict, dict, dict]
#: a build that takes up the last build's site with at most this many documents changed looks for their paths in
#: each packed record (Records.current): a record is 200-2,000 bytes, one search of it a fraction of a microsecond
SOUGHT_MOST = 16
_DOC, _PAGE = "doc" + SEP, "page" + SEP
#: the inputs of a shared part computed anew from what the model holds (a derived value), never the same, or
#: read from a file the kept model was not made from (a template: which templates there are, it was)
_COMPUTED = ("call" + SEP, VOLATILE, "template" + SEP)


def _computed(shared: dict) -> dict:
    """Of a shared part, what a build from the last build's model (`only`) may find changed: every other
    input of it is the configuration or the model as they were."""
    return {k: v for k, v in shared.items() if k.startswith(_COMPUTED)}


class Records:
    """Page records made and checked against this build's versions. The part of a record that many
    pages share (navigation, configuration, templates) is one object, checked once a build; the fields
    of a document whose state is unchanged are not looked at."""

    def __init__(self, versions: Versions, only: Optional[Collection[str]] = None):
        """`only`: the documents that may have changed since the last build (one that takes up its site,
        snapshot.py). Every other input is as that build found it, so of a record only the derived values,
        volatile reads and templates of its shared part, and what it read of those documents, are checked."""
        self.versions, self.only = versions, only
        # the documents of `only` as a packed record holds their paths (cache.packed): a record none of them is in
        # read none of them, found without reading the record; for a few only, else every record is read
        self._sought = [path.encode("utf-8", "surrogatepass") for path in only] \
            if only is not None and len(only) <= SOUGHT_MOST else None
        self._shared: dict[tuple, dict] = {}
        self._checked: dict[int, bool] = {}
        self._held: list[dict] = []
        self._names: dict[tuple, tuple] = {}  # one tuple for each set of field names: pickled once a bucket

    def make(self, keys: Iterable[str], page: str, doc: Optional[str], before: Optional[Record] = None,
             parts: Iterable[Record] = ()) -> Record:
        """The record of the page `page` that read `keys`, and showed the rows whose records are `parts` (kept
        from an earlier rendering and current, output/rows.py: each stands for the keys it was made from);
        `doc`: the path of the page's own document. `before`: the page's record from an earlier build. The
        fields a page read of a document whose state is what it was then are what they were then (the premise
        of `current`), so their digest is taken from it: a listing rendered again for one document's change
        looks up that document's fields, not those of every document it shows."""
        shared: dict[str, Version] = {}
        own: dict[str, Version] = {}
        fields: dict[str, list[str]] = {}
        itself = f"{_PAGE}{page}{SEP}"
        for name in sorted(keys):
            if name.startswith(_DOC):
                _, path, attr = name.split(SEP, 2)
                fields.setdefault(path, []).append(attr)
            elif name.startswith(_PAGE):
                name = itself if name.startswith(itself) else name  # its own fields: one input
                own[sys.intern(name)] = self.versions(name)
            else:
                shared[sys.intern(name)] = self.versions(name)
        docs = self._rows(parts, shared, own, fields, doc)
        earlier = unpacked(before)[2] if before is not None else {}
        for path, read in fields.items():
            read = sorted(set(read))  # as the keys' order gives them, with a row's
            names = None if path == doc else self._names.setdefault(tuple(read), tuple(read))
            state, then = self.versions.state(path), earlier.get(path)
            if names is None:
                digest = None
            elif then is not None and then[0] == state and then[1] == names:
                digest = then[2]
            else:
                digest = self._fields(path, names)
            docs[sys.intern(path)] = (state, names, digest)
        if parts:  # in the order the keys alone give, so that pages alike share one part
            shared, own = dict(sorted(shared.items())), dict(sorted(own.items()))
        return self._shared.setdefault(tuple(shared.items()), shared), own, docs

    @staticmethod
    def _rows(parts: Iterable[Record], shared: dict, own: dict, fields: dict[str, list[str]],
              doc: Optional[str]) -> dict[str, tuple]:
        """What the kept rows `parts` read, into the page's parts: a document only rows read is taken as its
        row recorded it; one the page read too, or rows read differently, goes to `fields` to be digested."""
        docs: dict[str, tuple] = {}
        for part_shared, part_own, part_docs in parts:
            shared.update(part_shared)  # a kept row is current: its versions are this build's
            own.update(part_own)
            for path, entry in part_docs.items():
                if path in fields or path == doc:
                    fields.setdefault(path, []).extend(entry[1] or ())
                elif docs.setdefault(path, entry) != entry:
                    fields[path] = [*docs.pop(path)[1], *entry[1]]
        return docs

    def current(self, record: Optional[Record]) -> bool:
        """Whether every input of `record` has the version it had when the page was rendered."""
        if record is None:
            return False
        shared = record[0]
        done = self._checked.get(id(shared))
        if done is None:
            done = self._checked[id(shared)] = self._alike(shared)
        if not done:
            return False
        # a page's record is packed, a row's whole; a loop, not any(): called for every page of a build
        if self._sought is not None and len(record) == 2:
            rest = record[1]
            for path in self._sought:
                if path in rest:
                    break
            else:
                return True
        _, own, docs = unpacked(record)
        state = self.versions.state
        if self.only is not None:  # the only documents whose state may differ: most records read none of them
            return docs.keys().isdisjoint(self.only) or all(
                path not in docs or state(path) == docs[path][0] or (docs[path][1] is not None and
                self._fields(path, docs[path][1]) == docs[path][2]) for path in self.only)
        if not self._same(own):
            return False
        for path, (was, names, fields) in docs.items():  # a loop, not all(): called for every page of a build
            if state(path) != was and (names is None or self._fields(path, names) != fields):
                return False
        return True

    def _alike(self, shared: dict) -> bool:
        """Whether a shared part is current, checked once for all parts alike: the cache's buckets are read apart,
        so each holds its own copy of a part (535 at 100,000 documents, of a few kinds)."""
        alike = self._shared.setdefault(tuple(shared.items()), shared)
        self._held.append(shared)  # kept alive: its id is not reused
        done = self._checked.get(id(alike)) if alike is not shared else None
        if done is None:
            done = self._same(shared if self.only is None else _computed(shared))
        return done

    def _same(self, part: dict) -> bool:
        versions = self.versions
        for k, v in part.items():
            if versions(k) != v:
                return False
        return True

    def _fields(self, path: str, names: tuple[str, ...]) -> bytes:
        """One digest of the versions of a document's fields `names`."""
        prefix = f"{_DOC}{path}{SEP}"
        return digest_of([self.versions(prefix + attr) for attr in names])
