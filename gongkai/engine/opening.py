"""未开通 columns: declared in config.yaml with `open: false`, kept out of the site until they are opened.

A county sets up its column tree before it has a document for every column. An empty column that
is published is a fault inspections count (空白栏目), so a column without content yet is declared
not opened: it has no page, is in no navigation, directory or catalog, and is not warned about.
A document that would be published in it is an error, never dropped silently; a draft may wait
there until the column is opened.
"""
from __future__ import annotations

from gongkai.engine.model import Column, Document
from gongkai.problems import Report


def split(columns: list[Column]) -> tuple[list[Column], dict[str, Column]]:
    """The tree without its 未开通 columns, and those columns (descendants included) by path."""
    unopened: dict[str, Column] = {}

    def keep(items: list[Column]) -> list[Column]:
        kept = []
        for column in items:
            if column.unopened:
                unopened.update((c.path, c) for c in column.walk())
            else:
                column.children = keep(column.children)
                kept.append(column)
        return kept

    return keep(columns), unopened


def closing_lines(column: Column) -> str:
    """config.yaml 第 12、15 行的“open: false”: every line that keeps the column closed (group.yaml's, for a
    column a group member inherits)."""
    return f"{column.source} 第 {'、'.join(str(n) for n in column.unopened)} 行的“open: false”"


def placed(doc: Document, column: Column, report: Report) -> None:
    """A document in a 未开通 column: an error unless it is a draft, which waits there unpublished."""
    where = f"栏目“{column.name}”（{column.path}）未开通"
    if doc.meta.get("draft"):
        report.info(doc.source, doc.line("draft"), f"{where}：这篇草稿开通前不出现在任何页面，serve 预览也不显示")
    else:
        report.error(doc.source, 1, f"{where}，其中的文档不会发布；要开通，删去 {closing_lines(column)}（或把文档移到已开通的栏目）")


def blank_hint(column: Column) -> str:
    """What to do about a blank column that cannot have content yet."""
    if column.line:
        return "；暂时没有内容的栏目可在这一栏目下写“open: false”（未开通，不发布）"
    return ("；本站用的是默认栏目（config.yaml 没有 columns:）：要暂不开通，在 config.yaml 中写出 columns:"
            "（init 命令新建的 config.yaml 写有全部默认栏目）并在这一栏目下写“open: false”")
