"""Data tables (budgets, final accounts, any document): checked, and shown as the editor wrote them.

Numbers keep their written form (`64.00` stays `64.00`) because a final account that
prints `64` where the approved table says `64.00` looks altered.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.engine.datafile import unshown
from gongkai.engine.model import Document
from gongkai.problems import Report


@dataclass
class Cell:
    text: str
    number: float | None  # set when the cell is numeric


@dataclass
class Table:
    title: str
    unit: str
    columns: list[str]
    rows: list[list[Cell]]
    numeric: list[bool] = field(default_factory=list)  # per column: all cells numeric

    def chartable(self) -> list[int]:
        """Indexes of numeric columns worth a bar chart (a label column first, 2–30 rows)."""
        if not self.rows or len(self.rows) > 30 or len(self.rows) < 2 or self.numeric[:1] != [False]:
            return []
        return [i for i, numeric in enumerate(self.numeric) if numeric]


def read_tables(doc: Document, report: Report) -> list[Table]:
    data = doc.data or {}
    if "tables" not in data:
        return []
    where, lines = doc.meta.get("data_source") or doc.source, doc.data_lines
    items = data["tables"]
    if not isinstance(items, list):
        report.error(where, lines.line("tables"), "tables 应为表格列表，每个表格有 title、columns、rows")
        return []
    tables = []
    for t, item in enumerate(items):
        here = ("tables", t)
        if not isinstance(item, dict):
            report.error(where, lines.line(*here), "每个表格应写成键值对：title、unit、columns、rows")
            continue
        columns, rows = item.get("columns"), item.get("rows")
        if not isinstance(columns, list) or not columns:
            report.error(where, lines.line(*here, "columns"), "表格缺少 columns（表头列表）")
            continue
        if not isinstance(rows, list):
            report.error(where, lines.line(*here, "rows"), "表格缺少 rows（数据行列表）")
            continue
        named = [(here + (key,), item.get(key), what)
                 for key, what in (("title", "表格标题（title）"), ("unit", "单位（unit）"))]
        named += [(here + ("columns", c), value, f"表头第 {c + 1} 列") for c, value in enumerate(columns)]
        if [path for path, value, what in named if _unshowable(value, path, what, doc, report)]:
            continue
        table = Table(str(item.get("title") or ""), str(item.get("unit") or ""), [str(c) for c in columns], [])
        for r, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                count = len(row) if isinstance(row, list) else 1
                report.error(where, lines.line(*here, "rows", r),
                             f"第 {r + 1} 行有 {count} 个值，表头有 {len(columns)} 列")
                continue
            if [c for c, value in enumerate(row)
                    if _unshowable(value, here + ("rows", r, c), f"第 {r + 1} 行第 {c + 1} 列的单元格", doc, report)]:
                continue
            table.rows.append([_cell(value, lines.texts.get(here + ("rows", r, c))) for c, value in enumerate(row)])
        table.numeric = [bool(table.rows) and all(row[c].number is not None or row[c].text in ("", "-", "—")
                                                  for row in table.rows)
                         and any(row[c].number is not None for row in table.rows)
                         for c in range(len(columns))]
        tables.append(table)
    return tables


def _unshowable(value: object, path: tuple, what: str, doc: Document, report: Report) -> bool:
    """Whether a value no page can show as written, reported at its line: a list or mapping would appear as
    Python's text of it (“['事业收入']”), `yes` as “True”, `.nan` and `.inf` as “nan” and “inf” (unshown)."""
    lines = doc.data_lines
    if isinstance(value, (list, dict)):
        message = f"{what}应为文字或数字，不能是列表或键值对（文字中有 [ ] {{ }} 时，请给它加英文引号）"
    elif why := unshown(value, lines.texts.get(path, value)):
        message = what + why
    else:
        return False
    report.error(doc.meta.get("data_source") or doc.source, lines.line(*path), message)
    return True


def _cell(value, written: str | None) -> Cell:
    if isinstance(value, bool) or value is None:
        return Cell("" if value is None else str(value), None)
    if isinstance(value, (int, float)):
        return Cell(written or str(value), float(value))
    return Cell(str(value), None)
