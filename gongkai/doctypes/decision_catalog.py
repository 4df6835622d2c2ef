"""重大行政决策事项目录: the year's major decisions, each with its 承办单位 and 计划完成时间, linked to the
consultation that put it out for comment and the document that decided it.

The items are a data file (`items:`), written with English or Chinese keys. An item's final document is
the one it names (`decision`), else the one its consultation led to (a document naming the consultation),
so an item completes itself on the day its decision is published. An item past its planned date without a
final document, and not taken out of the catalog (已调出), is a warning at its line.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Optional

from gongkai.engine.datafile import DataReader
from gongkai.engine.doctype import DocType
from gongkai.engine.model import Document, Site
from gongkai.engine.relations import Relation
from gongkai.problems import Report

NAME = "decision_catalog"
#: each item's keys and their Chinese names
KEYS = {"matter": "事项", "unit": "承办单位", "due": "计划完成时间", "status": "状态", "consultation": "征求意见",
        "decision": "决策文件"}
#: 状态 an editor writes; 已完成 is also what an item with its final document shows
STATES = ("未启动", "推进中", "已完成", "已调出")
DONE, DROPPED = "已完成", "已调出"
_DUE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass
class Item:
    """One item as written, with the line it starts on in the data file."""

    matter: str
    unit: str
    due: Optional[dt.date]  # the last day it is planned for: a month alone means its last day
    due_text: str
    status: str
    consultation: str  # references as written
    decision: str
    line: int


@dataclass
class Entry:
    """An item with its references resolved: what the catalog page shows."""

    item: Item
    consultation: Optional[Document] = None
    decision: Optional[Document] = None

    @property
    def status(self) -> str:
        return DONE if self.decision else self.item.status


def _due(text: str) -> Optional[dt.date]:
    match = _DUE.match(text)
    if not match:
        return None
    year, month, day_ = int(match.group(1)), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12:  # month 13 would roll over into the next year
        return None
    try:
        if day_:
            return dt.date(year, month, int(day_))
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    except ValueError:
        return None


class _Reader(DataReader):
    code = "decision-catalog"

    def item(self, n: int, raw: dict) -> Optional[Item]:
        here = ("items", n)
        values, lines, wrong = {}, {}, set()  # wrong: written, but not as a value to show (said so at its line)
        for key, value in raw.items():
            name = next((k for k, alias in KEYS.items() if key in (k, alias)), None)
            if name is None:
                self.warning(here + (key,), f"第 {n + 1} 项中未知的键“{key}”已忽略（可用：{'、'.join(f'{k}（{a}）' for k, a in KEYS.items())}）")
            elif not self.shown(here + (key,), value, f"第 {n + 1} 项的{KEYS[name]}（{name}）"):
                wrong.add(name)
            elif isinstance(value, (dict, list)):
                self.error(here + (key,), f"第 {n + 1} 项的{KEYS[name]}（{name}）应为一个值")
                wrong.add(name)
            elif value is not None:
                values[name], lines[name] = str(value).strip(), key
        for name in ("matter", "unit", "due"):
            if not values.get(name) and name not in wrong:
                self.error(here, f"第 {n + 1} 项缺少{KEYS[name]}（{name}）")
        due = _due(values.get("due", ""))
        if values.get("due") and due is None:
            match = _DUE.match(values["due"])
            wrong = ("不是有效的日期" if match.group(3) else "不是有效的年月") if match else "请写成 YYYY-MM-DD 或 YYYY-MM"
            self.error(here + (lines["due"],), f"第 {n + 1} 项的计划完成时间“{values['due']}”{wrong}")
        status = values.get("status") or "推进中"
        if status not in STATES:
            self.error(here + (lines["status"],), f"第 {n + 1} 项的状态“{status}”不是可选值，可选：{'、'.join(STATES)}")
        if not values.get("matter"):
            return None
        return Item(values["matter"], values.get("unit", ""), due, values.get("due", ""), status,
                    values.get("consultation", ""), values.get("decision", ""), self.lines.line(*here))


def read(doc: Document, report: Report) -> list[Item]:
    if not isinstance(doc.data, dict):
        return []
    reader = _Reader(doc, report)
    items = doc.data.get("items")
    if not isinstance(items, list):
        reader.error(("items",) if "items" in doc.data else (), "数据文件应有 items：事项列表，每项写 matter（事项）、unit（承办单位）、"
                                                               "due（计划完成时间）、status（状态）、consultation（征求意见）、decision（决策文件）")
        return []
    found = []
    for n, raw in enumerate(items):
        if not isinstance(raw, dict):
            reader.error(("items", n), f"第 {n + 1} 项应写成键值对（matter、unit、due……）")
            continue
        item = reader.item(n, raw)
        if item:
            found.append(item)
    return found


def link(documents: list[Document], find: Callable, report: Report) -> None:
    """Each item's consultation and final document; runs after the consultations' own links (registry order)."""
    for catalog in documents:
        if catalog.meta["type"] != NAME or not catalog.is_public or catalog.held or catalog.column is None:
            continue
        where = catalog.meta.get("data_source") or catalog.source
        for item in catalog.figures or []:
            found = Report()  # a reference's problem belongs to the data file's line
            consultation = find(catalog, item.consultation, "consultation", found, item.line) if item.consultation else None
            decision = find(catalog, item.decision, "decision", found, item.line) if item.decision else None
            if decision is None and consultation is not None and consultation.decisions:
                decision = consultation.decisions[0]
            report.problems.extend(dataclasses.replace(p, path=where) for p in found.problems)
            ITEMS.add(catalog, Entry(item, consultation, decision))


#: a 事项目录's items (`decision_items`), each with its consultation and final document resolved
ITEMS = Relation("data", "decision_items", resolve=link)


def check(site: Site, report: Report) -> None:
    for catalog in site.of_type(NAME):
        where = catalog.meta.get("data_source") or catalog.source
        for entry in catalog.decision_items:
            item = entry.item
            if item.due and site.as_of.is_after(item.due) and not entry.decision and item.status != DROPPED:
                report.warning(where, item.line,
                               f"重大行政决策事项“{item.matter}”计划于 {item.due_text} 完成，已逾期仍没有决策文件："
                               "请在 decision（决策文件）中写决策文件的索引号，或把状态改为 已调出 并在目录说明中写明理由",
                               "decision-overdue")


TYPE = DocType(NAME, "重大行政决策事项目录",
               column={"path": "zdxzjc", "name": "重大行政决策", "column_type": "信息公开目录",
                       "description": "年度重大行政决策事项目录、决策草案征求意见、意见采纳情况反馈和决策结果",
                       "keywords": ["重大行政决策", "决策预公开", "事项目录"]},
               required=("fiscal_year", "data"), read_figures=read, relations=(ITEMS,), check_site=check,
               interpretable=False, template="types/decision_catalog.html")
