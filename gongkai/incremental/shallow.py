"""Values as a page's record versions them (versions.py): documents, columns and pages cut to their identity, since
their own fields are inputs of their own, and a short digest of what is left."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import marshal
import operator
from typing import Any, Iterable

from gongkai.engine.build_date import BuildDate
from gongkai.engine.model import Column, Document
from gongkai.engine.page import DocumentPage, Page

#: types that are their own shallow value: checked first, as most values are of them
_PLAIN = frozenset({str, int, float, bool, type(None)})
#: a list of documents alone is a tuple of its own (shallow): shallow() makes every other list or tuple a list
_DOCUMENT, _PATH = {Document}, operator.attrgetter("path")
#: each dataclass's field names, looked up once a run (dataclasses.fields is slow for a type's every instance)
_FIELDS: dict[type, tuple[str, ...]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def shallow(value: Any) -> Any:
    """A value with documents, columns and pages cut to their identity, ready for repr()."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind in (list, tuple):  # a listing's documents: thousands on a column's page, so no call for each
        if value and set(map(type, value)) == _DOCUMENT:  # their paths alone, in C: 30,000 took 4 ms, now 1.5
            return ("DL", list(map(_PATH, value)))
        return [("D", v.path) if type(v) is Document else shallow(v) for v in value]
    if kind is dict:
        return [(shallow(k), shallow(v)) for k, v in value.items()]
    if kind is Document:
        return ("D", value.path)
    if kind is Column:
        return ("C", value.path)
    if kind is Page or kind is DocumentPage:
        return ("P", value.path)
    if kind in (set, frozenset):
        return sorted(repr(shallow(v)) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if kind is BuildDate:  # a page that shows the build date is made for that day only
        return value.exactly().isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (kind.__name__, [shallow(getattr(value, name)) for name in field_names(kind)])
    return repr(value)


def shallow_all(values: Iterable[Any]) -> list:
    """shallow() of each value, the plain ones and empty lists (most of a document's or a page's) without a
    call: each is computed for every document and page of a build."""
    return [v if type(v) in _PLAIN or (type(v) is list and not v) else ("D", v.path) if type(v) is Document
            else shallow(v) for v in values]


def digest_of(value: Any) -> bytes:
    """A digest of a value shallow() made: of its marshal bytes (format 0, which writes every string as it
    is, interned or not), a third of the time of its repr; of its repr should marshal refuse a type."""
    try:
        data = b"m" + marshal.dumps(value, 0)
    except ValueError:
        data = b"r" + repr(value).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, digest_size=12).digest()
