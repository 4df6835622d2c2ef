"""One page to render: its output path, its template and the typed objects the template shows.

Pages are plain data, made before any template runs, so rendering can happen page by page
and only for the pages a change touches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from gongkai.engine.model import Column, Document


@dataclass
class Pagination:
    number: int  # 1-based
    count: int
    urls: list[str]  # of every page, output-root relative

    @property
    def previous(self) -> Optional[str]:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Optional[str]:
        return self.urls[self.number] if self.number < self.count else None


@dataclass
class Page:
    path: str  # output path, relative to the output root
    template: str
    title: str
    kind: str  # home, column, document, directory, search, not_found, view; feed, sitemap, robots
    column: Optional[Column] = None
    doc: Optional[Document] = None
    documents: list[Document] = field(default_factory=list)
    pagination: Optional[Pagination] = None
    view: Any = None  # what the template shows besides documents: a ColumnView, Sections, Library …

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass
class ColumnView:
    """A column's listing: its documents in sections (in force / ended, plans by kind) and its extra pages."""

    sections: list[tuple[str, list[Document]]] = field(default_factory=list)
    views: list[Page] = field(default_factory=list)


@dataclass
class Sections:
    """A page of documents under headings, such as 历史规划 or a fiscal year."""

    sections: list[tuple[str, list[Document]]]
    intro: str = ""


def paged_urls(first: str, count: int) -> list[str]:
    """index.html, index_1.html, index_2.html … as Chinese government sites number them."""
    stem = first[: -len(".html")]
    return [first] + [f"{stem}_{n}.html" for n in range(1, count)]


def paginate(first: str, docs: list[Document], size: int) -> list[tuple[str, list[Document], Pagination]]:
    count = max(1, -(-len(docs) // size))
    urls = paged_urls(first, count)
    return [(urls[n], docs[n * size:(n + 1) * size], Pagination(n + 1, count, urls)) for n in range(count)]


def view_page(column: Column, name: str, title: str, template: str, view: Any) -> Page:
    """An extra page of a column, such as its 文件库, beside the column's own pages."""
    return Page(f"{column.path}/{name}", template, title, "view", column=column, view=view)


def sectioned_listing(column: Column, docs: list[Document], sections: list, views: list[Page]) -> Page:
    """A column page showing all its documents in sections, unpaginated, with links to its extra pages."""
    return Page(column.url, "column.html", column.name, "column", column=column, documents=docs,
                pagination=Pagination(1, 1, [column.url]), view=ColumnView(sections, views))
