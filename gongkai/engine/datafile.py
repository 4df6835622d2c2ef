"""A document's YAML data file as read by a typed reader (debt, annual report): problems at the value's own line;
and the values YAML reads as something else than what the editor wrote, which no page may show (`unshown`)."""
from __future__ import annotations

import math

from gongkai.engine.model import Document
from gongkai.problems import Report


class DataReader:
    """Reports each problem of one data file at the line of the value concerned, with a stable code."""

    code = "data"

    def __init__(self, doc: Document, report: Report):
        self.where = doc.meta.get("data_source") or doc.source
        self.lines, self.report, self.data = doc.data_lines, report, doc.data

    def error(self, path: tuple, message: str) -> None:
        self.report.error(self.where, self.lines.line(*path), message, self.code)

    def warning(self, path: tuple, message: str) -> None:
        self.report.warning(self.where, self.lines.line(*path), message, self.code)

    def shown(self, path: tuple, value: object, what: str) -> bool:
        """Whether `value`, at `path`, is shown as written; if not (`unshown`), an error at its line."""
        why = unshown(value, self.lines.texts.get(path, value))
        if why:
            self.error(path, what + why)
        return not why


def not_a_number(value: object) -> bool:
    """`.nan` and `.inf`: YAML reads them as numbers, but no page can show them and no sum or comparison can use them."""
    return isinstance(value, float) and not math.isfinite(value)


def unshown(value: object, written: object) -> str | None:
    """Why a value would not be shown as the editor wrote it, or None: YAML reads `yes`, `no`, `on`, `off`
    (`true`, `false`) as a yes-or-no, which a page shows as True or False, and `.nan`, `.inf` as numbers that
    are none, shown as nan and inf. Quoted, each is the text written."""
    if isinstance(value, bool):
        return f"“{written}”会被 YAML 读成是非值（页面上显示为 {value}）：请写成“是”或“否”，或加英文引号写成 \"{written}\""
    if not_a_number(value):
        return f"“{written}”会被 YAML 读成非数字（页面上显示为 {value}）：是文字的请加英文引号写成 \"{written}\"，没有数值的写“-”"
    return None
