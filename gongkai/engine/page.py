"""One page to render: its output path, its template and the typed objects the template shows.

Pages are plain data, made before any template runs, so rendering can happen page by page
and only for the pages a change touches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from gongkai.engine.derived import Later
from gongkai.engine.model import Column, Document


#: page numbers the pager links on each side of the current one, besides the first and the last
PAGER_REACH = 2


@dataclass
class Pagination:
    """Where a page stands among its listing's pages. Only the first page's url is kept: the others follow
    from it, so each of a 1,500-page listing's pages does not carry 1,500 urls (nor link them all)."""

    number: int  # 1-based
    count: int
    first: str  # output-root relative: index.html, then index_1.html, index_2.html …

    def url(self, number: int) -> str:
        return self.first if number == 1 else f"{self.first[: -len('.html')]}_{number - 1}.html"

    @property
    def previous(self) -> Optional[str]:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> Optional[str]:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def shown(self) -> list[Optional[int]]:
        """The page numbers the pager links: the first, the last and those near this one; None for a gap."""
        near = range(max(1, self.number - PAGER_REACH), min(self.count, self.number + PAGER_REACH) + 1)
        numbers = sorted({1, self.count, *near})
        shown: list[Optional[int]] = []
        for n in numbers:
            if shown and n - shown[-1] == 2:  # a gap of one page: its number, not an ellipsis
                shown.append(n - 1)
            elif shown and n - shown[-1] > 2:
                shown.append(None)
            shown.append(n)
        return shown


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


class DocumentPage(Page):
    """A document's page, titled with its document's title as it is when the page is read: the site's plan
    never reads it (engine/reads.py), so a build after a corrected title can take up the planned site."""

    title = property(lambda self: self.doc.front("title"), lambda self, value: None)  # type: ignore[assignment]

    @classmethod
    def of(cls, doc: Document) -> "DocumentPage":
        return cls(doc.url, "document.html", "", "document", column=doc.column, doc=doc)


@dataclass
class ColumnView:
    """A column's listing: its documents in sections (in force / ended, plans by kind) and its extra pages."""

    #: a Later where they follow the build date (in force / ended), computed when the page renders (engine/derived.py)
    sections: list[tuple[str, list[Document]]] | Later = field(default_factory=list)
    views: list[Page] = field(default_factory=list)


@dataclass
class Sections:
    """A page of documents under headings, such as 历史规划 or a fiscal year."""

    sections: list[tuple[str, list[Document]]]
    intro: str = ""


def paginate(first: str, docs: list[Document], size: int) -> list[tuple[str, list[Document], Pagination]]:
    """index.html, index_1.html, index_2.html … as Chinese government sites number them."""
    count = max(1, -(-len(docs) // size))
    pages = [Pagination(n + 1, count, first) for n in range(count)]
    return [(p.url(p.number), docs[n * size:(n + 1) * size], p) for n, p in enumerate(pages)]


def view_page(column: Column, name: str, title: str, template: str, view: Any) -> Page:
    """An extra page of a column, such as its 文件库, beside the column's own pages."""
    return Page(f"{column.path}/{name}", template, title, "view", column=column, view=view)


def sectioned_listing(column: Column, docs: list[Document], sections: list | Later, views: list[Page]) -> Page:
    """A column page showing all its documents in sections, unpaginated, with links to its extra pages."""
    return Page(column.url, "column.html", column.name, "column", column=column, documents=docs,
                pagination=Pagination(1, 1, [column.url]), view=ColumnView(sections, views))
