"""财政预决算 by fiscal year and by department: the views readers use to find one budget among hundreds.

A fiscal-year page lists that year's 预算 and 决算 (and the year's 政府债务); the matrix
has a row per department and, for each year, links to its 预算 and 决算.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page, Sections, view_page

KINDS = ("预算", "决算")


@dataclass
class MatrixRow:
    department: str
    cells: dict = field(default_factory=dict)  # (year, 预算|决算) -> [Document]


@dataclass
class Matrix:
    """部门预决算一览表: a row per department, a 预算 and a 决算 cell per fiscal year."""

    years: list[int]
    rows: list[MatrixRow]


def by_year(docs: list[Document]) -> dict[int, list[Document]]:
    """The documents with a fiscal_year, by it, newest year first, each year's in the order given: grouped in
    one pass (a pass a year over every document was a second of a 100,000-document build)."""
    grouped: dict[int, list[Document]] = {}
    for doc in docs:
        if doc.meta["fiscal_year"]:
            grouped.setdefault(doc.meta["fiscal_year"], []).append(doc)
    return {year: grouped[year] for year in sorted(grouped, reverse=True)}


def year_page(year: int) -> str:
    """File name of a fiscal-year page: `nd2024.html` (年度), unlike any document's name in practice."""
    return f"nd{year}.html"


def of_year(mine: list[Document]) -> list[tuple[str, list[Document]]]:
    """A year's documents: 预算, 决算, then the rest (政府债务 and others with that fiscal_year)."""
    groups: dict[str, list[Document]] = {kind: [] for kind in KINDS}
    rest: list[Document] = []
    for doc in mine:
        kind = doc.meta["budget_kind"]
        (groups[kind] if kind in KINDS else rest).append(doc)
    return [(name, group) for name, group in [*groups.items(), ("政府债务及其他", rest)] if group]


def matrix(docs: list[Document]) -> Matrix:
    """Departments × fiscal years of 预算 and 决算 documents."""
    budgets = [d for d in docs if d.meta["type"] == "budget" and d.meta["fiscal_year"] and d.meta["budget_kind"]]
    rows: dict[str, MatrixRow] = {}
    for doc in sorted(budgets, key=lambda d: d.path):
        name = doc.meta["department"] or doc.meta["issuer"] or ""
        row = rows.setdefault(name, MatrixRow(name))
        row.cells.setdefault((doc.meta["fiscal_year"], doc.meta["budget_kind"]), []).append(doc)
    return Matrix(list(by_year(budgets)), [rows[name] for name in sorted(rows)])


def column_pages(column: Column, site: Site) -> list[Page]:
    """The department matrix (`yjsb.html`) and a page per fiscal year (`nd2024.html`)."""
    docs = column.all_documents()
    pages = [view_page(column, "yjsb.html", "部门预决算一览表", "budget_matrix.html", matrix(docs))]
    for year, mine in by_year(docs).items():
        pages.append(view_page(column, year_page(year), f"{year}年度财政预决算", "sections.html",
                               Sections(of_year(mine))))
    return pages


def derive(meta: dict) -> None:
    """A budget belongs to its 部门, by default the 发文机关."""
    meta["department"] = meta["department"] or meta["issuer"]


TYPE = DocType("budget", "预决算",
               column={"path": "czyjs", "name": "财政预决算", "column_type": "数据发布", "description": "财政预算、决算信息",
                       "keywords": ["财政预算", "财政决算", "三公经费"]},
               required=("fiscal_year", "budget_kind"),
               fields=(Field("budget_kind", "预决算", "choice", "预决算", KINDS, hint="预算              # 预算 / 决算"),
                       Field("department", "部门", "text", "部门")),
               derive=derive, column_views=column_pages)
