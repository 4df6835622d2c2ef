"""规划信息: a plan's period read as years, so current plans and the historical archive (历史规划) sort themselves.

Editors write periods as they appear on plans: `十四五（2021—2025年）`, `2021—2035年`, or
just `十三五`. A plan whose period ended before the build year belongs to the archive.
"""
from __future__ import annotations

import re

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page, Sections, sectioned_listing, view_page
from gongkai.problems import Report

KINDS = ("总体规划", "专项规划", "区域规划", "国土空间规划")
_YEARS = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—–\-~～至到]+\s*((?:19|20)\d{2})")
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
_NUMBERS = "一二三四五六七八九"


def period_years(period: str) -> tuple[int, int] | None:
    """(first year, last year) of a period such as 十四五（2021—2025年）, or None."""
    match = _YEARS.search(period)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _FIVE_YEAR.search(period)
    if match:  # 十一五 = 2006—2010, each plan five years on
        start = 2006 + 5 * _NUMBERS.index(match.group(1))
        return start, start + 4
    return None


def is_past(doc: Document, year: int) -> bool:
    years = period_years(doc.meta["period"] or "")
    return bool(years) and years[1] < year


def check(site: Site, report: Report) -> None:
    for doc in site.documents:
        period = doc.meta["period"]
        if doc.meta["type"] == "plan" and period and period_years(period) is None:
            report.error(doc.source, doc.line("period"),
                         f"规划期（period）“{period}”看不出起止年份，请写成“十四五（2021—2025年）”或“2021—2035年”",
                         "plan-period")
        elif period and (years := period_years(period)) and years[0] > years[1]:
            report.error(doc.source, doc.line("period"), f"规划期（period）“{period}”的起始年份晚于结束年份",
                         "plan-period")


def current_by_kind(docs: list[Document], year: int) -> list[tuple[str, list[Document]]]:
    """Plans in force, grouped by 规划类型 in the order of the list; others last under 其他信息."""
    current = [d for d in docs if not (d.meta["type"] == "plan" and is_past(d, year))]
    groups = [(kind, [d for d in current if d.meta["plan_kind"] == kind]) for kind in KINDS]
    groups.append(("其他信息", [d for d in current if d.meta["plan_kind"] not in KINDS]))
    return [(kind, docs) for kind, docs in groups if docs]


def archive_by_period(docs: list[Document], year: int) -> list[tuple[str, list[Document]]]:
    """Past plans grouped by period, the most recent period first."""
    past = [d for d in docs if d.meta["type"] == "plan" and is_past(d, year)]
    periods = sorted({period_years(d.meta["period"]) for d in past}, reverse=True)
    result = []
    for years in periods:
        members = [d for d in past if period_years(d.meta["period"]) == years]
        result.append((_period_name(members[0].meta["period"], years), members))
    return result


def _period_name(period: str, years: tuple[int, int]) -> str:
    five = _FIVE_YEAR.search(period)
    return f"{five.group(0)}（{years[0]}—{years[1]}年）" if five else f"{years[0]}—{years[1]}年"


def column_pages(column: Column, site: Site) -> list[Page]:
    """Current plans by kind, and the 历史规划 archive (`lsgh.html`)."""
    docs, year = column.all_documents(), site.as_of.year()
    archive = view_page(column, "lsgh.html", "历史规划", "sections.html",
                        Sections(archive_by_period(docs, year), "规划期已结束的规划，作为历史资料保存。"))
    return [sectioned_listing(column, docs, current_by_kind(docs, year), [archive]), archive]


TYPE = DocType("plan", "规划",
               column={"path": "ghxx", "name": "规划信息", "column_type": "政策文件",
                       "description": "国民经济和社会发展规划、专项规划、区域规划及相关政策"},
               required=("plan_kind", "period"),
               fields=(Field("plan_kind", "规划类型", "choice", "规划类型", KINDS,
                             hint="专项规划          # 总体规划 / 专项规划 / 区域规划 / 国土空间规划"),
                       Field("period", "规划期", "text", "规划期", hint="十四五（2021—2025年）")),
               check_site=check, column_views=column_pages)
