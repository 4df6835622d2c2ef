"""Which pages the site has: the site model turned into a list of pages to render.

Pure and cheap: no templates, no I/O. Each page names its template and what it shows,
so rendering can run page by page (and later, only for the pages a change touches).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from gongkai.doctypes import budgets
from gongkai.doctypes import normative
from gongkai.doctypes import plans
from gongkai.engine.model import Column, Document, Site

HOME, DIRECTORY, SEARCH, NOT_FOUND = "index.html", "gkml/index.html", "search/index.html", "404.html"
#: rows per directory page: the full list stays browsable without one enormous page
DIRECTORY_PAGE_SIZE = 500


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
    kind: str  # home, column, document, directory, search, not_found; feed, sitemap, robots
    column: Optional[Column] = None
    doc: Optional[Document] = None
    documents: list[Document] = field(default_factory=list)
    pagination: Optional[Pagination] = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        return self.path.count("/")


def paged_urls(first: str, count: int) -> list[str]:
    """index.html, index_1.html, index_2.html … as Chinese government sites number them."""
    stem = first[: -len(".html")]
    return [first] + [f"{stem}_{n}.html" for n in range(1, count)]


def paginate(first: str, docs: list[Document], size: int) -> list[tuple[str, list[Document], Pagination]]:
    count = max(1, -(-len(docs) // size))
    urls = paged_urls(first, count)
    return [(urls[n], docs[n * size:(n + 1) * size], Pagination(n + 1, count, urls)) for n in range(count)]


def site_pages(site: Site) -> list[Page]:
    pages = [Page(HOME, "home.html", site.info.name, "home", documents=site.documents[:10])]
    for column in site.all_columns():
        views = typed_views(column, site)
        if views and views[0].kind == "column":
            pages.extend(views)
            continue
        for url, docs, pagination in paginate(column.url, column.all_documents(), site.page_size):
            pages.append(Page(url, "column.html", column.name, "column", column=column,
                              documents=docs, pagination=pagination, extra={"views": views}))
        pages.extend(views)
    for doc in site.documents:
        pages.append(Page(doc.url, "document.html", doc.meta["title"], "document", column=doc.column, doc=doc))
    for url, docs, pagination in paginate(DIRECTORY, site.documents, DIRECTORY_PAGE_SIZE):
        pages.append(Page(url, "directory.html", "主动公开基本目录", "directory", documents=docs,
                          pagination=pagination))
    pages.append(Page(SEARCH, "search.html", "站内搜索", "search"))
    pages.append(Page(NOT_FOUND, "404.html", "页面未找到", "not_found"))
    return pages


def _page(column: Column, name: str, title: str, template: str, **extra) -> Page:
    return Page(f"{column.path}/{name}", template, title, "view", column=column, extra=extra)


def typed_views(column: Column, site: Site) -> list[Page]:
    """The extra pages of a normative, plan or budget column: 文件库, 历史规划, fiscal years, matrix.

    Only the top column of a type gets them (a 废止和失效 child of 规范性文件 does not). When
    the first page is of kind "column" it replaces the plain paginated column listing.
    """
    if column.parent is not None and column.parent.type == column.type:
        return []
    docs = column.all_documents()
    if column.type == "normative":
        library = _page(column, "wjk.html", f"{column.name}文件库", "library.html", library=normative.library(docs))
        listing = Page(column.url, "column.html", column.name, "column", column=column, documents=docs,
                       pagination=Pagination(1, 1, [column.url]),
                       extra={"sections": normative.sections(docs), "views": [library]})
        return [listing, library]
    if column.type == "plan":
        archive = _page(column, "lsgh.html", "历史规划", "sections.html",
                        sections=plans.archive_by_period(docs, site.as_of.year),
                        intro="规划期已结束的规划，作为历史资料保存。")
        listing = Page(column.url, "column.html", column.name, "column", column=column, documents=docs,
                       pagination=Pagination(1, 1, [column.url]),
                       extra={"sections": plans.current_by_kind(docs, site.as_of.year), "views": [archive]})
        return [listing, archive]
    if column.type == "budget":
        years, rows = budgets.matrix(docs)
        pages = [_page(column, "yjsb.html", "部门预决算一览表", "budget_matrix.html", years=years, rows=rows)]
        for year in budgets.years(docs):
            pages.append(_page(column, budgets.year_page(year), f"{year}年度财政预决算", "sections.html",
                               sections=budgets.of_year(docs, year)))
        return pages
    return []
