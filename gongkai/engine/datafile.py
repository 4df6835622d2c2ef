"""A document's YAML data file as read by a typed reader (debt, annual report): problems at the value's own line."""
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


def not_a_number(value: object) -> bool:
    """`.nan` and `.inf`: YAML reads them as numbers, but no page can show them and no sum or comparison can use them."""
    return isinstance(value, float) and not math.isfinite(value)
