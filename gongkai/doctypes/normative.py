"""规范性文件 as real sites show them: documents in force apart from 废止、失效 and 已修改 ones,
and a 文件库 whose rows carry validity, issuer and year for filtering.

Which documents are in force changes with the build date, so the sections and the 文件库's choice of
validities are computed when their pages render (engine/derived.py), not when the site is planned: the
day a document expires re-renders those pages and leaves the planned site as it was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.doctypes import validity_terms
from gongkai.engine.derived import Later, later, register
from gongkai.engine.doctype import DocType
from gongkai.engine.model import AMENDED, EXPIRED, IN_FORCE, NOT_YET_IN_FORCE, REPEALED, Column, Document, Site
from gongkai.engine.page import Page, sectioned_listing, view_page

if TYPE_CHECKING:
    from gongkai.problems import Report

IN_FORCE_HEADING = "现行有效文件"
NOT_YET_HEADING = "尚未施行文件"
ENDED_HEADING = "废止、失效和已修改文件"


def sections(column: Column) -> list[tuple[str, list[Document]]]:
    """In force first, then those whose 施行日期 is still to come, then everything no longer (or not wholly)
    in force; validity as of the build date."""
    docs = column.all_documents()
    in_force = [d for d in docs if d.validity in (IN_FORCE, None)]
    not_yet = [d for d in docs if d.validity == NOT_YET_IN_FORCE]
    ended = [d for d in docs if d.validity in (REPEALED, EXPIRED, AMENDED)]
    return [(heading, group) for heading, group in ((IN_FORCE_HEADING, in_force), (NOT_YET_HEADING, not_yet),
                                                    (ENDED_HEADING, ended)) if group]


@dataclass
class Library:
    """The 文件库: every normative document of a column tree, and the values its filters offer."""

    documents: list[Document]
    validities: Later  # of those present, in a fixed order (validities)
    issuers: list[str]
    years: list[str]


def _library_documents(column: Column) -> list[Document]:
    return [d for d in column.all_documents() if d.front("type") == "normative"]


def validities(column: Column) -> list[str]:
    """The validities the 文件库's filter offers: those its documents have on the build date."""
    docs = _library_documents(column)
    return [v for v in (IN_FORCE, NOT_YET_IN_FORCE, AMENDED, EXPIRED, REPEALED) if any(d.validity == v for d in docs)]


def library(column: Column) -> Library:
    docs = _library_documents(column)
    issuers = sorted({d.meta["issuer"] for d in docs if d.meta["issuer"]})
    years = sorted({year(d) for d in docs}, reverse=True)
    return Library(docs, later("normative.validities", column), issuers, years)


register("normative.sections", sections)
register("normative.validities", validities)


def year(doc: Document) -> str:
    """The year a normative document is filed under: 成文日期, else 发布日期."""
    return (doc.meta["written"] or doc.meta["date"] or "")[:4]


def column_pages(column: Column, site: Site) -> list[Page]:
    """The column in two sections, and its 文件库 (`wjk.html`)."""
    library_page = view_page(column, "wjk.html", f"{column.name}文件库", "library.html", library(column))
    return [sectioned_listing(column, column.all_documents(), later("normative.sections", column), [library_page]),
            library_page]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def check_terms(doc: Document, body: str, report: "Report") -> None:
    """The 施行日期 and 有效期 the text states agree with `effective` and `expires`, or the page would
    show a document as 现行有效 after the text says it ended (a warning: the editor decides which is right)."""
    if doc.meta["validity"] not in (IN_FORCE, None):
        return  # 废止、失效 or 已修改 as written: the dates no longer decide what the page shows
    dates = {"written": _date(doc.meta["written"]), "date": _date(doc.meta["date"])}
    by_key: dict[str, list[validity_terms.Stated]] = {}
    for found in validity_terms.read(body, dates):
        by_key.setdefault(found.key, []).append(found)
    for key, found in by_key.items():
        value = doc.meta[key]
        if value and (any(f.value is None for f in found) or value in {f.value.isoformat() for f in found}):
            continue  # matches one of them, or the text does not say enough to compare
        for f in found:
            said = f"“{f.clause}”（即 {f.value.isoformat()}）" if f.value else f"“{f.clause}”"
            report.warning(doc.source, doc.body_line + f.line,
                           f"正文写明{said}，与 {key} 不一致（{value or '未填写'}）：请核对后改正其一")


TYPE = DocType("normative", "规范性文件",
               column={"path": "gfxwj", "name": "规章和规范性文件", "column_type": "政策文件",
                       "description": "本机关制发的现行有效和已失效规范性文件", "keywords": ["规范性文件", "政策文件"]},
               required=("doc_number", "written", "validity"), column_views=column_pages,
               check_body=check_terms)
