"""Rows of a long listing rendered one by one, each kept between builds with what it read.

A listing's row is a small template of its own, called from the listing's template as

    {{ rows("partials/doc_row.html", docs, show_column=true) }}

for each document of a list, or as {{ row("partials/doc_row.html", d, show_column=true) }} for one.

It sees the document `d`, `url` and `root` of the page, and the plain values (text, numbers, true or
false) passed after it: nothing else of the page. So a row is made from its template, its document,
those values and what it read through its own recorder (record.py), and a row kept from the page's
last rendering is good again whenever that record is current. The 文件库 and the 规范性文件 column list every
normative document: when one of them expires, the page is rendered again but 3,300 of its rows are not.

What a row read is also what the page read: a kept row's record goes into the page's (Recorder.parts)
as if the row had been rendered again, so a page never depends on less than it shows.
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Protocol

import jinja2
from markupsafe import Markup

from gongkai.output import record

#: pages with fewer rows than this keep none: rendering them again costs less than reading them back
LONG = record.EAGER
#: a row by its template, its object's identity (record.identity) and the plain values it was given
RowKey = tuple[str, tuple[str, str], tuple]


class Kept(Protocol):
    """The rows a page kept from its last rendering (incremental/listing_rows.py)."""

    def row(self, key: RowKey) -> Optional[tuple[str, Any]]:
        """The row's HTML and its record, when the record is current; else None."""


@dataclass
class PageRows:
    """The rows of the page being rendered: those it kept (`kept`), and every row it showed (`made`): its
    HTML, and its record when kept or the inputs it read when rendered now. `load`: the renderer's loading
    of a template, which records it as read."""

    kept: Optional[Kept]
    load: Callable[[str], jinja2.Template]
    made: dict[RowKey, tuple[str, Any, Optional[frozenset]]] = field(default_factory=dict)


_page: contextvars.ContextVar[Optional[PageRows]] = contextvars.ContextVar("rows", default=None)


def rendering(rows: Optional[PageRows]) -> contextvars.Token:
    return _page.set(rows)


def done(token: contextvars.Token) -> None:
    _page.reset(token)


@jinja2.pass_context
def row(context: jinja2.runtime.Context, name: str, item: Any, **values: Any) -> Markup:
    """The row `name` of `item` on the page being rendered: kept, or rendered now through a recorder of
    its own whose inputs are added to the page's."""
    return Markup(_Rows(context, name, values).one(record.unwrap(item)))


@jinja2.pass_context
def rows(context: jinja2.runtime.Context, name: str, items: Any, **values: Any) -> Markup:
    """The row `name` of each of `items`, one after another: a listing's loop in one call,

        {{ rows("partials/doc_row.html", docs, show_column=true) }}

    as `{% for d in docs %}{{ row(...) }}{% endfor %}` writes it, but without the template wrapping each
    document for the page, which reads nothing of it itself, and calling `row` for it: rendered again on the
    day a document expired, the 文件库 and the 规范性文件 column of 3,300 rows each spent 0.17 s in that loop."""
    each = _Rows(context, name, values)
    return Markup("".join(map(each.one, record.unwrapped(items))))


class _Rows:
    """Rows of one template and one set of values on the page being rendered."""

    def __init__(self, context: jinja2.runtime.Context, name: str, values: dict[str, Any]):
        self.context, self.name, self.values = context, name, values
        self.page, self.outer = _page.get(), record.current()
        self.plain = self.page is not None and all(type(v) in record.PLAIN for v in values.values())
        self.given = tuple(sorted(values.items()))

    def one(self, real: Any) -> str:
        page, outer = self.page, self.outer
        ident = record.identity(real)
        key = (self.name, ident, self.given) if self.plain and ident is not None else None
        kept = page.kept.row(key) if key is not None and page.kept is not None else None
        if kept is not None:
            html, was = kept
            page.made[key] = (html, was, None)
            if outer is not None:
                outer.parts.append(was)
            return html
        if outer is None and key is None:  # nothing records (a group's pages): the row as any include
            return _render(self.context, page, self.name, real, self.values)
        inner = record.Recorder()
        token = record.recording(inner)
        try:
            html = _render(self.context, page, self.name, inner.wrap(real), self.values)
        finally:
            record.stop(token)
        if key is not None:
            page.made[key] = (html, None, frozenset(inner.keys))
        if outer is not None:
            outer.keys.update(inner.keys)
        return html


def _render(context: jinja2.runtime.Context, page: Optional[PageRows], name: str, item: Any, values: dict) -> str:
    template = context.environment.get_template(name) if page is None else page.load(name)
    return template.render(d=item, url=context.get("url"), root=context.get("root"), **values)
