"""What assembling, checking and planning the site read of each document, recorded while they run.

The site model is made from the documents as read, the configuration and the build date. A later build
whose only change is that some documents' front matter changed (a title corrected, keywords added) would
make the same model, if what the model was made from did not include what changed: the relations, the
columns' order, the held-back documents, the 索引号 checks and the pages planned all come out as they did.
So while the model is made, every document's front matter records which of its keys were read (`meta`
becomes a `ReadMeta` for the while), so do the lines of its keys (`lines`: a line added moves the keys
below it, and the site reads a key's line only for a message about it), and its class records which of
the attributes that may differ between two readings were read (`_Watched`); the build that takes up the
model checks the changed keys and lines against them (incremental/snapshot.py). A key read through any
path counts, including a whole-dict operation (`ALL`): there is no list of fields someone has to keep. What a document's checks of it alone
read is not recorded (`unrecorded`): a build that takes up the model checks such a document again.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterable, Iterator, Optional

from gongkai.engine.dated import DATED
from gongkai.engine.model import KEYED_FIELDS, Document, FrontMatter

#: read as a whole (iterated, copied, compared, changed): any change of the front matter counts
ALL = "*"
#: the line of a front-matter key, recorded as this and the key ("#date"; LINE + ALL: the lines read as a
#: whole): a line added above a key moves it, and only a message the site made from it names it
LINE = "#"
#: the attributes that two readings of a document may differ in besides its front matter and its lines, each
#: recorded under "@" and its name when read (body_line moves with every line added to the front matter)
WATCHED = ("content_key", "meta_key", "checked", "body_html", "toc", "body_line")


#: while a model is made: the watched attributes read, by document path (None: no model is being made).
#: Context variables, not module globals: a Dask worker may run builds in threads side by side.
_ATTRIBUTES: ContextVar[Optional[dict[str, set[str]]]] = ContextVar("watched reads", default=None)
#: above 0 inside `unrecorded`: reads are not noted
_PAUSED: ContextVar[int] = ContextVar("reads unrecorded", default=0)
_paused = _PAUSED.get
_get_item, _get, _contains = dict.__getitem__, dict.get, dict.__contains__


class ReadMeta(dict):
    """A document's front matter, or the lines of its keys, that notes each key read while the model is made
    (`_seen`)."""

    __slots__ = ("_seen",)

    def __getitem__(self, key: Any) -> Any:
        if not _paused():
            self._seen.add(key)
        return _get_item(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        if not _paused():
            self._seen.add(key)
        return _get(self, key, default)

    def __contains__(self, key: Any) -> bool:
        if not _paused():
            self._seen.add(key)
        return _contains(self, key)


class ReadFront(ReadMeta, FrontMatter):
    """Front matter that notes each key read; one it lacks reads as None, as in any front matter."""

    __slots__ = ()


#: what each of a document's keyed fields (model.KEYED_FIELDS) is while the model is made
_NOTING = {"meta": ReadFront, "lines": ReadMeta}


def _reading_all(name: str):
    method = getattr(dict, name)

    def whole(self: ReadMeta, *args: Any, **kwargs: Any) -> Any:
        if not _paused():
            self._seen.add(ALL)
        return method(self, *args, **kwargs)
    whole.__name__ = name
    return whole


for _name in ("__iter__", "__len__", "__eq__", "__ne__", "__repr__", "__or__", "__ror__", "__ior__", "__reversed__",
              "__reduce_ex__", "__setitem__", "__delitem__", "keys", "values", "items", "copy", "setdefault", "pop",
              "popitem", "update", "clear"):
    setattr(ReadMeta, _name, _reading_all(_name))


def _watched(name: str) -> property:
    def read(doc: Document) -> Any:
        attributes = _ATTRIBUTES.get()
        if attributes is not None and not _paused():
            attributes.setdefault(doc.path, set()).add("@" + name)
        return doc.__dict__[name]

    def write(doc: Document, value: Any) -> None:
        doc.__dict__[name] = value
    return property(read, write)


class _Watched(Document):
    """A document while the model is made: the watched attributes note their reads (its front matter,
    a ReadMeta, notes the keys read through Document.__getattr__ too)."""


#: and a document's date-derived values (engine/dated.py), noted the same way: a site made from one of them
#: is not another day's when it changes there (incremental/snapshot.py)
for _name in (*WATCHED, *DATED):
    setattr(_Watched, _name, _watched(_name))


@contextmanager
def recording(documents: Iterable[Document]) -> Iterator[Optional[dict[str, set[str]]]]:
    """Record what is read of `documents` inside the block: the dict it gives holds it when the block ends,
    by document path. Afterwards each document is as it was, its keyed fields their own kinds again. None
    when a document is being recorded already (never in one build): its reads here cannot be told apart."""
    documents = list(documents)
    if any(type(d) is _Watched for d in documents):
        yield None
        return
    reads: dict[str, set[str]] = {}
    attributes: dict[str, set[str]] = {}
    recording = _ATTRIBUTES.set(attributes)
    for doc in documents:
        doc.complete()
        for name, noting_kind in _NOTING.items():
            noting = doc.__dict__[name] = noting_kind(doc.__dict__[name])
            noting._seen = set()
        doc.__class__ = _Watched
    try:
        yield reads
    finally:
        for doc in documents:
            meta, lines = doc.__dict__["meta"], doc.__dict__["lines"]
            seen = meta._seen | {LINE + key for key in lines._seen} | attributes.get(doc.path, set())
            if seen:
                reads[doc.path] = seen
            doc.__class__ = Document
            for name in _NOTING:  # not made from the noting dict itself: that reads it through its methods
                doc.__dict__[name] = KEYED_FIELDS[name](dict.items(doc.__dict__[name]))
        _ATTRIBUTES.reset(recording)


@contextmanager
def unrecorded() -> Iterator[None]:
    """What is read inside the block is not recorded: a document's checks of it alone, made again for a
    document whose front matter changed; the catalog's rows, made again for every changed document."""
    pausing = _PAUSED.set(_PAUSED.get() + 1)
    try:
        yield
    finally:
        _PAUSED.reset(pausing)
