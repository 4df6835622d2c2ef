"""Which of a table style's conditional formats (w:tblStylePr: the header row's, the banded rows' …) Word applies to
each cell, as the table's w:tblLook turns them on.

A header row's format can hide its text or paint it over, as the style's own properties can: read only the style's
own, such text would go out as ordinary text.
"""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

from gongkai.importing.ooxml import switch, val

_TBL, _TR, _TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
#: w:tblLook's switches as its older form (w:val, hexadecimal) sets them
_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100, "noHBand": 0x200,
         "noVBand": 0x400}
_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class TableLook:
    """The conditional formats a table turns on. Without a w:tblLook Word bands rows and columns and sets off
    no first or last row or column."""

    first_row: bool = False
    last_row: bool = False
    first_col: bool = False
    last_col: bool = False
    row_bands: bool = True
    col_bands: bool = True


def table_look(tbl: Element) -> TableLook:
    """The table's w:tblLook: its attributes, else the bits of its w:val."""
    look = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    if look is None:
        return TableLook()
    try:
        bits = int(look.get(qn("w:val")) or "0", 16)
    except ValueError:
        bits = 0

    def on(name: str) -> bool:
        given = look.get(qn(f"w:{name}"))
        return given not in _OFF if given is not None else bool(bits & _BITS[name])
    return TableLook(on("firstRow"), on("lastRow"), on("firstColumn"), on("lastColumn"), not on("noHBand"),
                     not on("noVBand"))


def cell_kinds(tbl: Element, row_band: int, col_band: int) -> dict[Element, tuple[str, ...]]:
    """Each cell of the table -> the w:type of each conditional format Word applies to it, weakest first, in the order
    Office applies them (MS-OI29500 2.1.252): the whole table, banded rows, banded columns, the first or last
    column, the first or last row, the corner cells. `row_band`, `col_band`: rows (columns) in each band."""
    look, rows = table_look(tbl), _rows(tbl)
    header = 0
    while header < len(rows) and (header == 0 or _header_row(rows[header])):
        header += 1  # the first row, and the rows repeated with it as the table's header on each page
    kinds: dict[Element, tuple[str, ...]] = {}
    for i, tr in enumerate(rows):
        first, last = look.first_row and i < header, look.last_row and i == len(rows) - 1
        banded = i - (header if look.first_row else 0)
        row_kinds = "" if first or last or not look.row_bands else ("band1Horz", "band2Horz")[banded // row_band % 2]
        cells, column = _cells(tr), int(val(tr.find(qn("w:trPr")), "w:gridBefore") or 0)
        for j, tc in enumerate(cells):
            left, right = look.first_col and j == 0, look.last_col and j == len(cells) - 1
            across = column - (1 if look.first_col else 0)
            band = "" if left or right or not look.col_bands else ("band1Vert", "band2Vert")[across // col_band % 2]
            corner = f"{'n' if first else 's'}{'w' if left else 'e'}Cell" if (first or last) and (left or right) else ""
            found = ("wholeTable", row_kinds, band, "firstCol" if left else "", "lastCol" if right else "",
                     "firstRow" if first else "", "lastRow" if last else "", corner)
            kinds[tc] = tuple(kind for kind in found if kind)
            column += int(val(tc.find(qn("w:tcPr")), "w:gridSpan") or 1)
    return kinds


def _header_row(tr: Element) -> bool:
    return switch(tr.find(qn("w:trPr")), "w:tblHeader", False)


def _rows(tbl: Element) -> list[Element]:
    """The table's rows as the reader reads them: not those deleted as a tracked change or hidden, nor those of a
    table nested in a cell."""
    rows = [tr for tr in tbl.iter(_TR) if _nearest(tr, _TBL) is tbl]
    properties = [tr.find(qn("w:trPr")) for tr in rows]
    return [tr for tr, tr_pr in zip(rows, properties)
            if tr_pr is None or (tr_pr.find(qn("w:del")) is None and not switch(tr_pr, "w:hidden", False))]


def _cells(tr: Element) -> list[Element]:
    """The row's cells Word shows: not those deleted as a tracked change."""
    return [tc for tc in tr.iter(_TC) if _nearest(tc, _TR) is tr
            and tc.find(f"{qn('w:tcPr')}/{qn('w:cellDel')}") is None]


def _nearest(element: Element, tag: str) -> Element | None:
    return next(element.iterancestors(tag), None)
