"""Which pages the site has: the site model turned into a list of pages to render.

Pure and cheap: no templates, no I/O. Each page names its template and what it shows,
so rendering can run page by page (and later, only for the pages a change touches).
"""
from __future__ import annotations

from gongkai import doctypes
from gongkai.engine.model import Column, Site
from gongkai.engine.page import ColumnView, DocumentPage, Page, paginate

HOME, DIRECTORY, SEARCH, NOT_FOUND = "index.html", "gkml/index.html", "search/index.html", "404.html"
#: rows per directory page: the full list stays browsable without one enormous page
DIRECTORY_PAGE_SIZE = 500


def site_pages(site: Site) -> list[Page]:
    pages = [Page(HOME, "home.html", site.info.name, "home", documents=site.documents[:10])]
    for column in site.all_columns():
        views = typed_views(column, site)
        if views and views[0].kind == "column":
            pages.extend(views)
            continue
        for url, docs, pagination in paginate(column.url, column.all_documents(), site.page_size):
            pages.append(Page(url, "column.html", column.name, "column", column=column,
                              documents=docs, pagination=pagination, view=ColumnView(views=views)))
        pages.extend(views)
    for doc in site.documents:
        pages.append(DocumentPage.of(doc))
    for url, docs, pagination in paginate(DIRECTORY, site.documents, DIRECTORY_PAGE_SIZE):
        pages.append(Page(url, "directory.html", "主动公开基本目录", "directory", documents=docs,
                          pagination=pagination))
    pages.append(Page(SEARCH, "search.html", "站内搜索", "search"))
    pages.append(Page(NOT_FOUND, "404.html", "页面未找到", "not_found"))
    return pages


def typed_views(column: Column, site: Site) -> list[Page]:
    """The extra pages its document type gives a column (文件库, 历史规划, fiscal years …).

    Only the top column of a type gets them (a 废止和失效 child of 规范性文件 does not). When
    the first page is of kind "column" it replaces the plain paginated column listing.
    """
    if column.parent is not None and column.parent.type == column.type:
        return []
    views = doctypes.registry().get(column.type).column_views
    return views(column, site) if views else []
