"""What a page read while it rendered: every input reached through the objects its templates were given.

Templates and the functions they call get the site model through thin proxies: reading a
document's field or relation, a column's listing, the site's configuration, or loading a template
adds an input to the page's record. A record is a set of keys, each naming one input:

    doc␟<path>␟<attribute>       a document's field, relation or date-derived value (validity)
    column␟<path>␟<attribute>    a column's configuration or listing; `all_documents()` for a call
    info␟␟<attribute>            a site key of config.yaml
    site␟␟<attribute>            the site as a whole: its columns, documents, build date
    page␟<path>␟<attribute>      a page's field: another page's (a sitemap lists every page's path); the
                                 page rendered records its own as one input, page␟<path>␟ (versions.py)
    template␟<name>␟             a template loaded (extends, include, import, the default theme)
    call␟<name>␟<arguments>      a derived value computed from the model (has_feed; engine/derived.py)
    volatile␟␟                   a read that cannot be told again: the page is always rendered

What a value is worth is decided in incremental/versions.py; whatever reaches a template without passing
through a proxy is not recorded, so nothing of the model may be handed to templates unwrapped.
"""
from __future__ import annotations

import collections.abc
import contextvars
import dataclasses
import datetime as dt
from typing import Any, Callable, Optional

from gongkai.engine.build_date import BuildDate
from gongkai.engine.derived import Later, register
from gongkai.engine.model import Column, Document, Site, SiteInfo
from gongkai.engine.page import DocumentPage, Page

SEP = "\x1f"
#: lists longer than this are wrapped item by item as they are read, not all at once
EAGER = 64
_current: contextvars.ContextVar[Optional["Recorder"]] = contextvars.ContextVar("recorder", default=None)
PLAIN = frozenset({str, int, float, bool, bytes, dt.date, dt.datetime, type(None)})
#: a read whose value cannot be told again (a method called with objects): never the same twice
VOLATILE = f"volatile{SEP}{SEP}"


def key(kind: str, ident: str, attr: str = "") -> str:
    return f"{kind}{SEP}{ident}{SEP}{attr}"


def identity(obj: Any) -> Optional[tuple[str, str]]:
    """(kind, id) of an object of the model whose reads are recorded; None for any other."""
    kind = type(obj)
    if kind is Document:
        return "doc", obj.path
    if kind is Column:
        return "column", obj.path
    if kind is Page or kind is DocumentPage:
        return "page", obj.path
    if kind is SiteInfo:
        return "info", ""
    if kind is Site:
        return "site", ""
    return None


class Recorder:
    """The keys one page read, and the proxies it was given (one per object, so `is sameas` holds); and the
    records of the rows it showed as they were kept (rows.py), each standing for the keys it was made from."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.parts: list[Any] = []
        self._proxies: dict[int, Any] = {}

    def read(self, name: str) -> None:
        self.keys.add(name)

    def wrap(self, value: Any) -> Any:
        kind = type(value)
        if kind in PLAIN:
            return value
        if kind is BuildDate:  # templates see the date; its version narrows the build's span (versions.py)
            return value.exactly()
        if kind is Later:  # computed now, from the model as it is: one input, checked by every build
            self.read(call_key(value.name, value.args))
            return self.wrap(value.value())
        if kind is list:
            return [self.wrap(v) for v in value] if len(value) <= EAGER else _Seq(value, self)
        if kind is tuple:
            return tuple(self.wrap(v) for v in value)
        if kind is dict:
            return {k: self.wrap(v) for k, v in value.items()}
        if isinstance(value, collections.abc.Iterator):
            return [self.wrap(v) for v in value]
        proxy = self._proxies.get(id(value))
        if proxy is None:
            ident = identity(value)
            if ident is not None:
                proxy = _Tracked(value, self, *ident)
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                proxy = _Plain(value, self)
            else:
                return value
            self._proxies[id(value)] = (proxy, value)  # the object kept alive: its id is not reused
            return proxy
        return proxy[0]


def unwrap(value: Any) -> Any:
    return value._real if isinstance(value, _Plain) else value


def unwrapped(values: Any) -> list:
    """The items of a list a template was given, as they are in the model: what a function given the list
    passes to a recorder of its own (rows.py)."""
    if isinstance(values, (_Seq, _Plain)):
        values = values._real
    return [unwrap(v) for v in values]


class _Plain:
    """A value of the model read as a whole (an attachment, a table, a page's view): what it leads
    to is wrapped, nothing of it is recorded (the read that reached it was)."""

    __slots__ = ("_real", "_recorder")

    def __init__(self, real: Any, recorder: Recorder):
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        if callable(value):
            return self._method(name, value)
        return self._recorder.wrap(value)

    def _method(self, name: str, method: Callable) -> Callable:
        return lambda *args, **kwargs: self._recorder.wrap(method(*map(unwrap, args), **kwargs))

    def __getitem__(self, item: Any) -> Any:
        return self._recorder.wrap(self._real[item])

    def __iter__(self):
        return map(self._recorder.wrap, self._real)  # iter() of what cannot be iterated fails here, as it would

    def __len__(self) -> int:
        return len(self._real)

    def __bool__(self) -> bool:
        return bool(self._real)

    def __str__(self) -> str:
        return str(self._real)


class _Tracked(_Plain):
    """A document, column, page, or the site and its configuration: every read is recorded."""

    __slots__ = ("_prefix",)

    def __init__(self, real: Any, recorder: Recorder, kind: str, ident: str):
        super().__init__(real, recorder)
        object.__setattr__(self, "_prefix", key(kind, ident))  # each key it records is this and a name

    def __getattr__(self, name: str) -> Any:
        # run for every field a listing shows (a 文件库 of 3,000 documents reads 25,000): kept short
        read = name[:2] != "__"  # `__html__` and the like are asked of every value printed
        try:
            value = getattr(self._real, name)
        except AttributeError:
            if read:  # a field a document lacks is an input too: adding it changes the page
                self._recorder.keys.add(self._prefix + name)
            raise
        if callable(value):
            return self._method(name, value)  # the call is the input, recorded with its arguments
        if read:
            self._recorder.keys.add(self._prefix + name)
        return value if type(value) is str else self._recorder.wrap(value)

    def _method(self, name: str, method: Callable) -> Callable:
        def call(*args: Any) -> Any:
            plain = all(type(a) in PLAIN for a in args)
            self._recorder.read(self._prefix + f"{name}{args!r}" if plain else VOLATILE)
            return self._recorder.wrap(method(*map(unwrap, args)))
        return call


class _Seq(collections.abc.Sequence):
    """A long list (every document of the site) wrapped item by item as a template reads it."""

    def __init__(self, real: list, recorder: Recorder):
        self._real, self._recorder = real, recorder

    def __getitem__(self, index: Any) -> Any:
        return self._recorder.wrap(self._real[index])

    def __len__(self) -> int:
        return len(self._real)


def recording(recorder: Optional[Recorder]) -> contextvars.Token:
    return _current.set(recorder)


def stop(token: contextvars.Token) -> None:
    _current.reset(token)


def current() -> Optional[Recorder]:
    """The recorder of the page being rendered, if any."""
    return _current.get()


def read(name: str) -> None:
    """Note a read by code that is not reached through a proxy (the templates loaded)."""
    recorder = _current.get()
    if recorder is not None:
        recorder.read(name)


def call_key(name: str, args: Any) -> str:
    """The input a derived value is: its name and its arguments, objects of the model by identity."""
    ids = [(identity(a) or ("value", repr(a))) if a is not None else ("none", "") for a in args]
    return key("call", name, repr(ids))


def derived(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` for templates: its value is one input (its arguments, objects of the model, by identity),
    so a page that asks whether the site has a feed does not depend on every document of the site."""
    register(name, func)

    def call(*args: Any) -> Any:
        real = [unwrap(a) for a in args]
        if _current.get() is not None:  # else nothing records: a group's pages pass all members' rows, whose repr
            read(call_key(name, real))  # took 2.3 s of a group build of 20,000 documents
        return func(*real)
    return call
