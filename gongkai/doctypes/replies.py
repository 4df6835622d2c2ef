"""人大代表建议和政协委员提案办理结果: each reply (答复) to a 建议 or 提案, and a yearly summary of the
replies by 答复类别 on its column.

The work plans ask that replies be published and that each be given within three months of the
motion being assigned (交办); the 答复类别 says what came of it: A 已解决或基本解决, B 正在解决或列入
计划, C 因条件限制留作参考. A reply given later than that is a warning.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page
from gongkai.problems import Report

NAME = "reply"
KINDS = ("建议", "提案")  # 人大代表建议, 政协委员提案
HANDLING = ("主办", "会办")
#: 答复类别 and what each means
CATEGORIES = {"A": "已解决或基本解决", "B": "正在解决或列入计划", "C": "因条件限制留作参考"}
#: replies are due within this many months of 交办
MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (11-30 + 3 = 02-28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def describe(meta: dict) -> None:
    """答复类别 as pages show it: “A 类（已解决或基本解决）”."""
    category = meta["reply_category"]
    meta["reply_category_text"] = f"{category} 类（{CATEGORIES[category]}）" if category in CATEGORIES else ""


def _dates(doc: Document) -> tuple[dt.date, dt.date] | None:
    assigned, replied = doc.meta["assigned"], doc.meta["replied"]
    return (dt.date.fromisoformat(assigned), dt.date.fromisoformat(replied)) if assigned and replied else None


def check(site: Site, report: Report) -> None:
    """A reply comes after its motion was assigned, and within three months of it."""
    for doc in site.of_type(NAME):
        if not _dates(doc):
            continue
        assigned, replied = _dates(doc)
        due = add_months(assigned, MONTHS)
        if replied < assigned:
            report.error(doc.source, doc.line("replied"), f"答复日期（replied）{replied} 早于交办日期（assigned）{assigned}",
                         "reply-date")
        elif replied > due:
            report.warning(doc.source, doc.line("replied"),
                           f"{doc.meta['motion_kind'] or '建议提案'}{doc.meta['motion_no'] or ''}于 {assigned} 交办，"
                           f"{replied} 才答复，超过 {MONTHS} 个月的办理期限（应在 {due} 前答复）", "reply-late")


@dataclass
class Year:
    """One year's replies (by the year they were assigned) and their counts by kind and 答复类别."""

    year: int
    replies: list[Document]

    def count(self, kind: str = "", category: str = "") -> int:
        return sum(1 for d in self.replies if (not kind or d.meta["motion_kind"] == kind)
                   and (not category or d.meta["reply_category"] == category))


@dataclass
class Summary:
    years: list[Year]
    kinds: tuple = KINDS
    categories: tuple = tuple(CATEGORIES.items())


def column_pages(column: Column, site: Site) -> list[Page]:
    """The column: each year's summary table and its replies, newest year first, numbered in order."""
    docs = column.all_documents()
    years: dict[int, list[Document]] = defaultdict(list)
    for doc in docs:
        if doc.meta["type"] == NAME and doc.meta["assigned"]:
            years[int(doc.meta["assigned"][:4])].append(doc)
    summary = [Year(year, sorted(years[year], key=lambda d: (d.meta["motion_kind"] or "", _number(d), d.path)))
               for year in sorted(years, reverse=True)]
    return [Page(column.url, "replies.html", column.name, "column", column=column, documents=docs,
                 view=Summary(summary))]


def _number(doc: Document) -> tuple:
    """第12号 before 第101号: the digits of the number as a number."""
    digits = "".join(c for c in doc.meta["motion_no"] or "" if c.isdigit())
    return int(digits or 0), doc.meta["motion_no"] or ""


def catalog(doc: Document) -> dict:
    return {"motion": {key: doc.meta[key] for key in ("motion_kind", "motion_no", "motion_title", "proposer",
                                                       "handling", "reply_category", "assigned", "replied")}}


TYPE = DocType(NAME, "建议提案办理结果",
               column={"path": "jytabl", "name": "建议提案办理结果", "column_type": "信息公开目录",
                       "description": "人大代表建议和政协委员提案的办理答复及各年度办理情况"},
               required=("motion_kind", "motion_no", "motion_title", "proposer", "handling", "reply_category",
                         "assigned", "replied"),
               fields=(Field("motion_kind", "建议提案", "choice", "建议提案", KINDS,
                             hint="建议              # 建议（人大代表）/ 提案（政协委员）"),
                       Field("motion_no", "建议提案编号", "text", "建议提案编号",
                             hint='""            # 如 第12号'),
                       Field("motion_title", "建议提案标题", "text", "建议提案标题",
                             hint='""            # 建议或提案的标题'),
                       Field("proposer", "代表委员", "text", "代表委员",
                             hint='""            # 提出建议的代表或提出提案的委员（多人写领衔者等）'),
                       Field("handling", "办理类型", "choice", "办理类型", HANDLING,
                             hint="主办              # 主办 / 会办"),
                       Field("reply_category", "答复类别", "choice", "答复类别", tuple(CATEGORIES),
                             hint="A                 # A 已解决或基本解决 / B 正在解决或列入计划 / C 因条件限制留作参考"),
                       Field("assigned", "交办日期", "date", "交办日期", hint="{today}        # 交办日期"),
                       Field("replied", "答复日期", "date", "答复日期", hint="{today}        # 答复日期")),
               derive=describe, check_site=check, column_views=column_pages, catalog=catalog, interpretable=False,
               lead_template="types/reply_lead.html")
