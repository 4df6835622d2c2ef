"""The text of a legacy Excel workbook (Excel 97-2003 .xls, BIFF8; Excel 5.0/95, BIFF5), so its personal
information is found like an .xlsx's: a 补贴名单 saved as .xls is as public as one saved as .xlsx.

xlrd reads the cells of every sheet (hidden ones too) and the notes (批注) with their authors; the rest is read
from the record stream itself: the sheets' names, each sheet's print header and footer, the text of its text boxes,
shapes, buttons and notes (TXO records), what its drawings keep (shapes' names, pictures' paths: as runs of
characters), its charts' titles, labels and cached values, its formulas' literals, its hyperlinks and data
validations and the defined names (biff_markup), the cells of a sheet xlrd fails on or the workbook does not list,
and the shared strings no cell shows. An encrypted workbook, one older than Excel 5.0, Microsoft Graph's, a sheet of
Excel 4.0 macros and Excel 95's text boxes are said unchecked; a stream whose records do not hold together raises.
"""
from __future__ import annotations

import os
import struct
from contextlib import suppress
from functools import cached_property
from typing import Iterator

import olefile
import xlrd
from xlrd.biffh import encoding_from_codepage
from xlrd.book import unpack_SST_table
from xlrd.sheet import unpack_RK

from gongkai.engine import biff_markup
from gongkai.engine.office_markup import HEADER_CODES, UNSHOWN  # &C, &"宋体,常规", &12: stripped as in an .xlsx
from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED
from gongkai.engine.structures import ascii_runs, chars

#: record types ([MS-XLS] 2.3)
_BOF, _EOF, _CONTINUE, _FILEPASS, _CODEPAGE, _BOUNDSHEET = 0x0809, 0x000A, 0x003C, 0x002F, 0x0042, 0x0085
_HEADER, _FOOTER, _HEADER_FOOTER, _TXO, _OBJ, _SST = 0x0014, 0x0015, 0x089C, 0x01B6, 0x005D, 0x00FC
_SERIES_TEXT, _NUMBER, _LABEL, _LABEL_SST, _RK, _MULTIPLE_RK = 0x100D, 0x0203, 0x0204, 0x00FD, 0x027E, 0x00BD
_RICH_LABEL, _FORMULA, _STRING = 0x00D6, 0x0006, 0x0207
#: a sheet's drawings (MSODRAWING: OfficeArt records, each shape's name, description and picture's path among them)
_DRAWING = 0x00EC
#: the BOF of Excel 4.0 and earlier (BIFF2-4), whose files xlrd reads as one sheet and this does not
_OLD_BOFS = (0x0009, 0x0209, 0x0409)
#: a BOF's version in Microsoft Graph's own workbook stream (5.0 and 97: [MS-OGRAPH]), a chart and its data sheet
_GRAPH_VERSIONS = (0x0580, 0x0680)
#: a substream's kind, in its BOF: the workbook's globals, a chart (a chart sheet or one on a sheet)
_GLOBALS, _CHART = 0x0005, 0x0020
#: a BOUNDSHEET's kind of sheet: of cells (as xlrd lists them), of Excel 4.0 macros (宏表), which none here reads
_WORKSHEET, _MACRO_SHEET = 0, 1
#: a sheet holds charts, and no substream is deeper than a chart on a sheet
_DEEPEST = 2
#: Excel 95's drawing objects that hold text in their OBJ record (text box, button, check box, option button,
#: edit box, label, group box), which Excel 97 keeps in TXO records instead
_OLD_TEXT_OBJECTS = {6, 7, 11, 12, 13, 14, 19}
#: a workbook stream bigger than this (bytes) is said unchecked rather than held in memory with its cells
LIMIT = 256 * 1024 * 1024
_SIDES = {_HEADER: "页眉", _FOOTER: "页脚"}


def read(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Pieces:
    """Each piece of text of the workbook in storage `root` of `ole`, where it is as the .xlsx reader names it."""
    path = next((p for p in ([*root, "Workbook"], [*root, "Book"]) if ole.exists(p)), None)
    if path is None:
        raise ValueError("no workbook stream")
    if ole.get_size(path) > LIMIT:
        yield UNCHECKED, f"工作簿（超过 {LIMIT >> 20} MB）不能读取"
        return
    data = ole.openstream(path).read()
    kind, size, version = struct.unpack_from("<3H", data) if len(data) >= 6 else (0, 0, 0)
    if kind in _OLD_BOFS or kind == _BOF and version in _GRAPH_VERSIONS:
        yield UNCHECKED, "Excel 5.0 以前版本的工作簿不能读取" if kind in _OLD_BOFS else "Microsoft Graph 图表不能读取"
        return
    if kind != _BOF or version not in (0x0500, 0x0600) or 4 + size > len(data):
        raise ValueError("not a BIFF5 or BIFF8 workbook stream")
    stream = _Stream(data, version == 0x0600)
    try:
        yield from stream.texts()
        if stream.encrypted:
            yield UNCHECKED, "文件已加密"
        else:
            shown: set[str] = set()
            for place, text in _cells(data, stream):
                shown.add(text)
                yield place, text
            yield from ((UNSHOWN, text) for text in stream.strings if text and text not in shown)
    except (struct.error, IndexError) as error:
        raise ValueError("a record does not hold what its kind does") from error


def _cells(data: bytes, stream: _Stream) -> Pieces:
    """Each cell's value and each note of every sheet, a sheet at a time (xlrd), its messages kept quiet; from
    the one xlrd fails on (a name's formula, a note, a count), and of unlisted sheets, the cells' own records."""
    done = 0  # the sheets xlrd read; past its limits (the records hold together, as texts() found) the rest
    with open(os.devnull, "w", encoding="utf-8") as quiet, suppress(Exception):
        book = xlrd.open_workbook(file_contents=data, logfile=quiet, on_demand=True, ragged_rows=True)
        try:
            for index in range(book.nsheets):
                yield from _sheet(book.sheet_by_index(index))  # which reads the sheet whole first
                book.unload_sheet(index)
                done += 1
        finally:
            book.release_resources()
    for sheet in stream.worksheets[done:]:
        yield from stream.cells(*sheet)


def _sheet(sheet: xlrd.sheet.Sheet) -> Pieces:
    """Each cell's text and each note of a sheet, named as the .xlsx reader names them."""
    owner = f"工作表“{sheet.name}”"
    for row in range(sheet.nrows):
        values = sheet.row_values(row)
        for column, kind in enumerate(sheet.row_types(row)):
            if kind and (text := _value(kind, values[column])):  # 0: no cell, the gaps of a row
                yield f"{owner}单元格 {xlrd.cellname(row, column)} ", text
    for (row, column), note in sheet.cell_note_map.items():
        if note.author:
            yield f"{owner}批注作者", note.author
        yield f"{owner}单元格 {xlrd.cellname(row, column)} 的批注", note.text


def _value(kind: int, value: object) -> str:
    """A cell's value as text ('' for a blank or an error): a number typed into a cell as it was typed."""
    if kind == xlrd.XL_CELL_TEXT:
        return str(value)
    if kind in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):  # a date is a number too: a phone formatted as one
        return _number(float(value))  # type: ignore[arg-type]
    return ("TRUE" if value else "FALSE") if kind == xlrd.XL_CELL_BOOLEAN else ""


def _number(value: float) -> str:
    """13912345678, not the float's 13912345678.0: a phone number typed as a number is found as one."""
    return str(int(value)) if value.is_integer() else repr(value)


class _Stream:
    """A workbook's record stream: a record is its type, its length and its data, each sheet a substream from
    its BOF to its EOF (with a chart's inside it); what xlrd does not read is read from it in one pass."""

    def __init__(self, data: bytes, biff8: bool):
        self.data, self.biff8 = memoryview(data), biff8
        self.codec, self.encrypted = "latin-1", False  # BIFF5's strings are in the code page its CODEPAGE names
        self.sheets: dict[int, tuple[str, int]] = {}  # where a sheet's BOF is -> its name and kind (BOUNDSHEET)
        self.worksheets: list[tuple[str, int]] = []  # (name, BOF) of each sheet of cells xlrd lists, then others
        self.old_drawings: set[str] = set()  # the sheets whose Excel 95 text boxes are said unchecked, once each

    def records(self, pos: int = 0) -> Iterator[tuple[int, int, memoryview]]:
        """(offset, type, data) of each whole record from `pos`; one cut short ends them (a longer stream's rest)."""
        end = len(self.data)
        while pos + 4 <= end:
            kind, size = struct.unpack_from("<HH", self.data, pos)
            if pos + 4 + size > end:
                return
            yield pos, kind, self.data[pos + 4:pos + 4 + size]
            pos += 4 + size

    def texts(self) -> Pieces:
        """Each piece of text the records hold besides the cells, by sheet; the structure checked as it goes, so
        xlrd, which then reads each sheet from where its BOUNDSHEET says, reads each record once at most."""
        stack: list[tuple[str, int]] = []  # (owner, kind) of each substream the record is in, outermost first
        box: _Box | None = None  # a text box (or a note) whose characters are in the records that follow
        for pos, kind, body in self.records():
            if box:
                if kind != _CONTINUE:
                    raise ValueError(f"the text of a text box is missing at {pos}")
                if box.add(body):
                    yield f"{box.owner}的文本框或批注", "".join(box.parts)
                    box = None
            elif kind == _BOF:
                yield from self._begin(pos, body, stack)
            elif not stack:
                continue  # what a writer leaves between substreams (padding) is no record of Excel's
            elif kind == _EOF:
                stack.pop()
            elif kind == _FILEPASS:
                self.encrypted = True  # the rest of each record is encrypted: nothing more can be read
                return
            elif kind == _TXO and self.biff8:  # Excel 95 keeps a text box's text in its OBJ record
                box = _Box(stack[-1][0], count) if (count := struct.unpack_from("<H", body, 10)[0]) else None
            elif stack[-1][1] == _GLOBALS:
                yield from self._globals(kind, body)
            else:
                yield from self._sheet_record(stack[-1], kind, body)
        if stack or box or self.sheets:
            raise ValueError("the stream ends inside a sheet, or a sheet is not where the workbook says")

    def _begin(self, pos: int, body: memoryview, stack: list[tuple[str, int]]) -> Pieces:
        """A substream begins: the globals, a sheet listed at this offset or not (xlrd does not read it), a chart."""
        kind = struct.unpack_from("<H", body, 2)[0]
        if stack:
            if len(stack) >= _DEEPEST:
                raise ValueError(f"substreams nested too deep at {pos}")
            stack.append((stack[-1][0], kind))
        elif pos == 0:
            stack.append(("", _GLOBALS))
        elif pos in self.sheets:
            name, sheet_kind = self.sheets.pop(pos)
            stack.append((f"工作表“{name}”", kind))
            if sheet_kind == _MACRO_SHEET:
                yield UNCHECKED, f"宏表“{name}”不能读取"
        else:
            stack.append(("工作表（未列出）", kind))
            if kind != _CHART:
                self.worksheets.append(("工作表（未列出）", pos))

    def _globals(self, kind: int, body: memoryview) -> Pieces:
        """The code page of a BIFF5 workbook's strings, where each sheet is and its name (text too, a hidden sheet's
        as any), a count of shared strings no stream could hold (3 bytes each at least: xlrd would read on and on),
        the defined names."""
        if kind == _SST and struct.unpack_from("<I", body, 4)[0] > len(self.data) // 3:
            raise ValueError("more shared strings than the stream can hold")
        if kind == _CODEPAGE and not self.biff8:
            page = struct.unpack_from("<H", body)[0]
            self.codec = encoding_from_codepage.get(page, f"cp{page}")
        elif kind == _BOUNDSHEET:
            offset, sheet_kind = struct.unpack_from("<I1xB", body)
            if offset in self.sheets or offset == 0:
                raise ValueError(f"two sheets at {offset}")
            name = self.string(body, 6, 1)[0]
            yield "工作表名称", name
            self.sheets[offset] = name, sheet_kind
            if sheet_kind == _WORKSHEET:
                self.worksheets.append((f"工作表“{name}”", offset))
        elif kind == biff_markup.NAME:
            yield from biff_markup.name(body, self.biff8, self.codec)

    def _sheet_record(self, where: tuple[str, int], kind: int, body: memoryview) -> Pieces:
        """The text of a sheet's or a chart's record: a header or footer, a chart's, an Excel 95 drawing's, a
        hyperlink's, a data validation's (biff_markup)."""
        owner, substream = where
        if kind in _SIDES and body:
            yield f"{owner}{_SIDES[kind]}", HEADER_CODES.sub("", self.string(body, 0, 2 if self.biff8 else 1)[0])
        elif kind == _HEADER_FOOTER and self.biff8:  # Excel 2007's even and first pages' (偶数页、首页)
            counts, pos = struct.unpack_from("<4H", body, 30), 38
            for side, count in zip(("页眉", "页脚", "页眉", "页脚"), counts):
                if count:
                    text, pos = self.string(body, pos, 2)
                    yield f"{owner}{side}", HEADER_CODES.sub("", text)
        elif kind in biff_markup.SHEET_RECORDS and self.biff8:
            yield from biff_markup.SHEET_RECORDS[kind](owner, body, self.string)
        elif kind in biff_markup.FORMULA_RECORDS and substream != _CHART:
            yield from biff_markup.FORMULA_RECORDS[kind](owner, body, self.biff8, self.codec)
        elif kind == _DRAWING and (drawn := ascii_runs(body)):
            yield f"{owner}的图形数据", drawn
        elif kind == _SERIES_TEXT:
            yield f"{owner}图表中的文字", self.string(body, 2, 1)[0]
        elif kind in (_LABEL, _NUMBER) and substream == _CHART:
            yield from ((f"{owner}图表中的文字", text) for text in self._cell(kind, body))
        elif kind == _OBJ and not self.biff8 and struct.unpack_from("<H", body, 4)[0] in _OLD_TEXT_OBJECTS:
            if owner not in self.old_drawings:
                self.old_drawings.add(owner)
                yield UNCHECKED, f"{owner}的文本框或按钮（Excel 5.0/95 格式）不能读取"

    def cells(self, owner: str, pos: int) -> Pieces:
        """The strings and numbers of the cells of the sheet whose BOF is at `pos`, not its charts' (texts())."""
        depth = row = column = 0
        for _, kind, body in self.records(pos):
            depth += (kind == _BOF) - (kind == _EOF)
            if not depth:
                return
            if depth == 1 and kind in (_LABEL, _RICH_LABEL, _LABEL_SST, _NUMBER, _RK, _MULTIPLE_RK, _FORMULA, _STRING):
                row, column = struct.unpack_from("<HH", body) if kind != _STRING else (row, column)  # its formula's
                yield from ((f"{owner}单元格 {xlrd.cellname(row, column + n)} ", text)
                            for n, text in enumerate(self._cell(kind, body)) if text)

    def _cell(self, kind: int, body: memoryview) -> list[str]:
        """The text of a LABEL or RSTRING, a LABELSST (one not in the table a damaged file), a NUMBER, a FORMULA's
        number (a string it gives is in the STRING after it), an RK, or a MULRK's."""
        if kind in (_LABEL, _RICH_LABEL, _STRING):
            return [self.string(body, 0 if kind == _STRING else 6, 2)[0]]
        if kind == _LABEL_SST:
            return [self.strings[struct.unpack_from("<I", body, 6)[0]]]
        if kind in (_NUMBER, _FORMULA):  # a value not a number (a string, TRUE, an error) ends in 0xFFFF
            return [_number(struct.unpack_from("<d", body, 6)[0])] if body[12:14] != b"\xff\xff" else []
        return [_number(unpack_RK(bytes(body[at:at + 4])))  # an RK's number, or each of a MULRK's
                for at in range(6, len(body) - 2 if kind == _MULTIPLE_RK else 7, 6)]

    @cached_property
    def strings(self) -> list[str]:
        """The shared strings as xlrd unpacks them; none when it cannot (a count some writers give wrong)."""
        parts: list[bytes] = []  # the SST's data and its CONTINUE records'
        for _, kind, body in self.records():
            if kind == _SST or parts and kind == _CONTINUE:
                parts.append(bytes(body))
            elif parts:
                break
        try:
            return unpack_SST_table(parts, struct.unpack_from("<i", parts[0], 4)[0])[0]
        except Exception:  # noqa: BLE001 — xlrd's unpacking: of no string more than the records hold
            return []

    def string(self, body: memoryview, pos: int, length_size: int) -> tuple[str, int]:
        """The string at `pos` whose length takes `length_size` bytes, and where it ends: BIFF8's with its flags
        (16-bit characters or 8-bit ones, rich text and phonetic sizes before them), BIFF5's in its code page."""
        count = int.from_bytes(body[pos:pos + length_size], "little")
        pos += length_size
        if not self.biff8:
            return chars(body, pos, count, 1, self.codec), pos + count
        flags = body[pos] if pos < len(body) else 0  # an empty string may end its record without its flags
        pos += 1 + (2 if flags & 0x08 else 0) + (4 if flags & 0x04 else 0)
        width = 2 if flags & 0x01 else 1
        return chars(body, pos, count, width, "utf-16-le" if width == 2 else "latin-1"), pos + count * width


class _Box:
    """The characters of a text box, a shape or a note (a TXO record's), which follow it in CONTINUE records,
    each a flags byte (16-bit characters or 8-bit) and characters; the formatting after them is not text."""

    def __init__(self, owner: str, count: int):
        self.owner, self.left, self.parts = owner, count, []

    def add(self, body: memoryview) -> bool:
        """Take the characters of a CONTINUE record; whether they are all there now."""
        width = 2 if body and body[0] & 0x01 else 1
        count = min(self.left, max(0, len(body) - 1) // width)
        self.parts.append(chars(body, 1, count, width, "utf-16-le" if width == 2 else "latin-1"))
        self.left -= count
        return not self.left
