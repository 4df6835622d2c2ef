"""政府债务: 限额, 余额 and the year's bond issues, read from a data file and checked.

Amounts are kept as the editor wrote them and summed as decimals, so `40.15 + 58.90`
is exactly `99.05` and a derived total shows the same number of decimals as its parts.
A balance above its limit, or a written total that is not the sum of its parts, is an
error at the data file's line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.engine.doctype import DocType
from gongkai.engine.datafile import DataReader, not_a_number
from gongkai.engine.model import Document
from gongkai.problems import Report

PARTS = (("general", "一般债务"), ("special", "专项债务"))
KINDS = (("limit", "限额"), ("balance", "余额"))
#: each issue's keys, their labels, and whether they are amounts
ISSUE_FIELDS = (("name", "债券名称", False), ("kind", "品种", False), ("amount", "发行额", True),
                ("term", "期限", False), ("rate", "利率", False), ("repayment_plan", "偿还计划", False),
                ("repayment_source", "偿债资金来源", False))
KNOWN = {"unit", "limit", "balance", "issues"}


@dataclass
class Amount:
    text: str  # as written: "40.15"
    value: Decimal


@dataclass
class Split:
    general: Amount
    special: Amount
    total: Amount  # written, or derived from the parts


@dataclass
class Debt:
    unit: str
    limit: Split | None = None  #: 限额
    balance: Split | None = None  #: 余额
    issues: list[dict] = field(default_factory=list)  #: 债券发行: key -> text
    issued_total: Amount | None = None  #: 发行额合计


class _Reader(DataReader):
    code = "debt"

    def amount(self, data: dict, path: tuple, label: str) -> Amount | None:
        value = data.get(path[-1])
        if value is None:
            self.error(path, f"缺少{label}（{'.'.join(map(str, path))}），请写一个数字")
            return None
        if not_a_number(value):
            self.error(path, f"{label}（{'.'.join(map(str, path))}）写的是“{self.lines.texts.get(path, value)}”，"
                             "不是数字，请写一个非负数字")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.error(path, f"{label}（{'.'.join(map(str, path))}）应为非负数字，实为“{value}”")
            return None
        text = self.lines.texts.get(path, str(value))
        try:
            return Amount(text, Decimal(text))
        except InvalidOperation:
            return Amount(str(value), Decimal(str(value)))


def _sum(amounts: list[Amount]) -> Amount:
    total = sum((a.value for a in amounts), Decimal(0))
    places = max((len(a.text.split(".")[1]) if "." in a.text else 0) for a in amounts)
    return Amount(f"{total:.{places}f}", total)


def read(doc: Document, report: Report) -> Debt | None:
    if not isinstance(doc.data, dict):
        return None
    r = _Reader(doc, report)
    data = doc.data
    for key in data:
        if key not in KNOWN:
            r.warning((key,), f"未知的键“{key}”已忽略（可用：unit、limit、balance、issues）")
    unit = data.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        r.error(("unit",), "缺少单位 unit（如 亿元、万元）")
        unit = ""
    debt = Debt(unit.strip() if isinstance(unit, str) else "")
    for kind, label in KINDS:
        setattr(debt, kind, _split(data, kind, label, r))
    if debt.limit and debt.balance:
        for (part, name), limit, balance in zip(PARTS + (("total", "合计"),),
                                                (debt.limit.general, debt.limit.special, debt.limit.total),
                                                (debt.balance.general, debt.balance.special, debt.balance.total)):
            if balance.value > limit.value:
                r.error(("balance", part), f"{name}余额 {balance.text} {debt.unit}超过{name}限额 {limit.text} {debt.unit}，余额不得超过限额")
    debt.issues = _issues(data, r)
    amounts = [i["amount"] for i in debt.issues if isinstance(i.get("amount"), Amount)]
    debt.issued_total = _sum(amounts) if amounts else None
    return debt


def _split(data: dict, kind: str, label: str, r: _Reader) -> Split | None:
    value = data.get(kind)
    if not isinstance(value, dict):
        r.error((kind,), f"{'缺少' if value is None else ''}{label} {kind} 应写成 {{general: 一般债务, special: 专项债务}}")
        return None
    general = r.amount(value, (kind, "general"), f"一般债务{label}")
    special = r.amount(value, (kind, "special"), f"专项债务{label}")
    if general is None or special is None:
        return None
    derived = _sum([general, special])
    if "total" not in value:
        return Split(general, special, derived)
    total = r.amount(value, (kind, "total"), f"{label}合计")
    if total is not None and total.value != derived.value:
        r.error((kind, "total"), f"{label}合计（total）写的是 {total.text}，而一般债务 {general.text} + 专项债务 "
                                 f"{special.text} = {derived.text}，请改正或删去 total（会自动计算）")
    return Split(general, special, total or derived)


def _issues(data: dict, r: _Reader) -> list[dict]:
    items = data.get("issues", [])
    if not isinstance(items, list):
        r.error(("issues",), "issues 应为债券列表，每项写 name、kind、amount、term、rate、repayment_plan、repayment_source")
        return []
    result = []
    for n, item in enumerate(items):
        here = ("issues", n)
        if not isinstance(item, dict):
            r.error(here, f"第 {n + 1} 项债券应写成键值对（name、kind、amount……）")
            continue
        issue: dict = {}
        for key, label, is_amount in ISSUE_FIELDS:
            if is_amount:
                issue[key] = r.amount(item, here + (key,), f"第 {n + 1} 项债券的{label}")
            elif not r.shown(here + (key,), item.get(key), f"第 {n + 1} 项债券的{label}（{key}）"):
                continue
            elif isinstance(item.get(key), (dict, list, bool)) or item.get(key) in (None, ""):
                r.error(here + (key,), f"第 {n + 1} 项债券缺少{label}（{key}），请写文字")
            else:
                issue[key] = str(item[key])
        for key in item:
            if key not in {k for k, _, _ in ISSUE_FIELDS}:
                r.warning(here + (key,), f"第 {n + 1} 项债券中未知的键“{key}”已忽略")
        result.append(issue)
    return result


def skeleton() -> str:
    """The data file of a new debt document: limits and balances at zero, no bond issues yet."""
    return ("# 政府债务数据：金额按实际填写（单位见 unit）\n"
            "unit: 亿元\n"
            "limit: {general: 0, special: 0}     # 限额：一般债务、专项债务（合计自动计算）\n"
            "balance: {general: 0, special: 0}   # 余额\n"
            "issues: []                          # 债券发行：每项写 name、kind、amount、term、rate、"
            "repayment_plan、repayment_source\n")


TYPE = DocType("debt", "政府债务",
               column={"path": "zfzw", "name": "政府债务", "description": "地方政府债务限额、余额、发行和偿还情况"},
               required=("fiscal_year", "data"), read_figures=read, data_skeleton=skeleton, template="types/debt.html")
