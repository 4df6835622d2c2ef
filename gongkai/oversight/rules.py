"""The two inspection rules that only the calendar triggers: last year's 年报 after 1月31日, and a
政府信息公开指南 reviewed within a year.

They run with `check --report` only: a build must not start warning because a day passed (the
same reason a column's update period is checked only when config.yaml gives one).
"""
from __future__ import annotations

import datetime as dt

from gongkai.engine.config import CONFIG_FILE
from gongkai.engine.model import Column, Document, Site
from gongkai.problems import Report

REPORT_TYPE = "report"  # 政府信息公开工作年度报告 (doctypes/annual_report)
REPORT_DUE = (1, 31)  # 条例第五十条: last year's report is published by 1月31日
REVIEW_DAYS = 365


def check_calendar(site: Site, report: Report) -> None:
    """Add the 年报 and 指南 findings for `site.as_of` to `report`."""
    _annual_report(site, report)
    _guide(site, report)


def _annual_report(site: Site, report: Report) -> None:
    due = dt.date(site.as_of.year(), *REPORT_DUE)
    year = due.year - 1
    if not site.as_of.is_after(due) or any(d.meta["type"] == REPORT_TYPE and d.meta["fiscal_year"] == year
                                for d in site.documents):
        return
    column = _first(site, lambda c: c.type == REPORT_TYPE)
    report.warning(CONFIG_FILE, column.line if column else 1,
                   f"没有 {year} 年政府信息公开工作年度报告：应于 {due.isoformat()} 前发布"
                   f"（类型 report，fiscal_year: {year}）", "annual-report-missing")


def _guide(site: Site, report: Report) -> None:
    column = site.guide_column()
    guides = [d for d in (column.all_documents() + [c.intro for c in column.walk() if c.intro])
              if d.meta["date"]] if column else []
    if not guides:
        report.warning(CONFIG_FILE, column.line if column else 1,
                       "没有政府信息公开指南：请在栏目类型（column_type）为“信息公开指南”的栏目中发布指南",
                       "guide-missing")
        return
    newest = max(guides, key=_reviewed)
    if site.as_of.is_later_than(_reviewed(newest), REVIEW_DAYS):
        report.warning(newest.source, newest.lines.get("reviewed") or newest.line("date"),
                       f"政府信息公开指南最近一次更新或复核是 {_reviewed(newest).isoformat()}，已超过一年；"
                       "请核对后更新，内容不变时写上复核日期（reviewed: YYYY-MM-DD）", "guide-unreviewed")


def _reviewed(doc: Document) -> dt.date:
    """The later of its date and its 复核日期 (reviewed)."""
    dates = [doc.meta["date"][:10], doc.meta["reviewed"] or ""]
    return dt.date.fromisoformat(max(dates))


def _first(site: Site, wanted) -> Column | None:
    return next((c for c in site.all_columns() if wanted(c) and not c.archived), None)
