"""The text of a Word document's body as Word shows it, from its WordprocessingML (office_text reads it from
the file): every paragraph, wherever it is, once. python-docx's paragraphs and tables leave out content
controls (w:sdt), text boxes (w:txbxContent, in a drawing or VML), tables in a table's cells and what
mc:AlternateContent holds; all of them are published with the file, so personal information in them is found
like the body's. One pass over the tree: each element is visited once.
"""
from __future__ import annotations

from typing import Iterator
from xml.etree import ElementTree

Pieces = Iterator[tuple[str, str]]  # (where, as 第 2 段 or 表格 1 第 2 行第 3 列; text)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: what Word shows for a run's tab, line break and non-breaking hyphen
_SHOWN_AS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
#: a paragraph's and a run's properties: no text, but tab stops that are no tab
_NO_TEXT = {_W + "pPr", _W + "rPr"}


def body(root: ElementTree.Element) -> Pieces:
    """Each paragraph of a document (w:document) as 第 N 段, its text boxes after it; each cell of its tables as
    表格 N 第 R 行第 C 列, its paragraphs one piece (a line each, as the cell shows them). An
    mc:AlternateContent is read once, as its first choice: its fallback holds the same text for older readers."""
    yield from _blocks(root, {"段": 0, "表格": 0})


def _blocks(element: ElementTree.Element, count: dict[str, int]) -> Pieces:
    """The body's paragraphs and tables, through the content controls and other elements around them."""
    for child in _children(element):
        if child.tag == _W + "p":
            count["段"] += 1
            where = f"第 {count['段']} 段"
            text, boxes = _paragraph(child)
            yield where, text
            for box in boxes:
                yield from _cell(box, f"{where}的文本框")
        elif child.tag == _W + "tbl":
            count["表格"] += 1
            yield from _table(child, f"表格 {count['表格']} ")
        else:
            yield from _blocks(child, count)


def _table(table: ElementTree.Element, where: str) -> Pieces:
    """Each cell of a table, at its row and its first grid column (a merged cell spans several)."""
    for r, row in enumerate(_outermost(table, _W + "tr"), 1):
        column = 1 + _number(row.find(f"{_W}trPr/{_W}gridBefore"))
        for cell in _outermost(row, _W + "tc"):
            yield from _cell(cell, f"{where}第 {r} 行第 {column} 列")
            column += _number(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)


def _cell(element: ElementTree.Element, where: str) -> Pieces:
    """A table cell's or a text box's paragraphs as one piece, a line each; then its tables and text boxes."""
    lines: list[str] = []
    inner: list[ElementTree.Element] = []
    _gather(element, lines, inner)
    yield where, "\n".join(lines)
    tables = 0
    for child in inner:
        if child.tag == _W + "tbl":
            tables += 1
            yield from _table(child, f"{where}内表格 {tables} ")
        else:
            yield from _cell(child, f"{where}的文本框")


def _gather(element: ElementTree.Element, lines: list[str], inner: list[ElementTree.Element]) -> None:
    """The text of each paragraph in `element`, and the tables and text boxes in it, in document order."""
    for child in _children(element):
        if child.tag == _W + "p":
            text, boxes = _paragraph(child)
            lines.append(text)
            inner += boxes
        elif child.tag == _W + "tbl":
            inner.append(child)
        else:
            _gather(child, lines, inner)


def _paragraph(element: ElementTree.Element) -> tuple[str, list[ElementTree.Element]]:
    """A paragraph's text as Word shows it (inserted text, links, fields and content controls in it), and the
    text boxes anchored in it, whose text is their own."""
    text: list[str] = []
    boxes: list[ElementTree.Element] = []
    _runs(element, text, boxes)
    return "".join(text), boxes


def _runs(element: ElementTree.Element, text: list[str], boxes: list[ElementTree.Element]) -> None:
    """Into `text`, what `element` shows, through whatever holds its runs; into `boxes`, its text boxes."""
    for child in _children(element):
        if child.tag == _W + "t":
            text.append(child.text or "")
        elif child.tag in _SHOWN_AS:
            text.append(_SHOWN_AS[child.tag])
        elif child.tag == _W + "txbxContent":
            boxes.append(child)
        elif child.tag not in _NO_TEXT:
            _runs(child, text, boxes)


def _children(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The children of `element`, an mc:AlternateContent's replaced by those of its first choice (or of its
    fallback when it has none)."""
    for child in element:
        if child.tag != _MC + "AlternateContent":
            yield child
            continue
        chosen = child.find(_MC + "Choice")
        if chosen is None:
            chosen = child.find(_MC + "Fallback")
        if chosen is not None:
            yield from _children(chosen)


def _outermost(element: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    """The elements `tag` in `element` not inside another (a table's rows through content controls around them,
    not those of a table in a cell)."""
    for child in _children(element):
        if child.tag == tag:
            yield child
        elif child.tag != _W + "tbl":
            yield from _outermost(child, tag)


def _number(element: ElementTree.Element | None, default: int = 0) -> int:
    """A w:val count (gridSpan, gridBefore), `default` when there is none or it is no number."""
    value = element.get(_W + "val", "") if element is not None else ""
    return int(value) if value.isdigit() else default
