"""The text of a legacy Excel workbook (Excel 97-2003 .xls, BIFF8; Excel 5.0/95, BIFF5), so its personal
information is found like an .xlsx's: a 补贴名单 saved as .xls is as public as one saved as .xlsx.

xlrd reads the cells of every sheet (hidden ones too) and the notes (批注) with their authors; the rest is read
from the record stream itself: each sheet's print header and footer, the text of its text boxes, shapes, buttons
and notes (TXO records), and its charts' titles, labels and cached values. An encrypted workbook, one older than
Excel 5.0, a sheet of Excel 4.0 macros and Excel 95's text boxes are said unchecked; a stream whose records do
not hold together raises, as a damaged file.
"""
from __future__ import annotations

import os
import struct
from typing import Iterator

import olefile
import xlrd
from xlrd.biffh import encoding_from_codepage

from gongkai.engine.office_text import HEADER_CODES  # &C, &"宋体,常规", &12: stripped as in an .xlsx
from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED

#: record types ([MS-XLS] 2.3)
_BOF, _EOF, _CONTINUE, _FILEPASS, _CODEPAGE, _BOUNDSHEET = 0x0809, 0x000A, 0x003C, 0x002F, 0x0042, 0x0085
_HEADER, _FOOTER, _HEADER_FOOTER, _TXO, _OBJ, _SST = 0x0014, 0x0015, 0x089C, 0x01B6, 0x005D, 0x00FC
_SERIES_TEXT, _NUMBER, _LABEL = 0x100D, 0x0203, 0x0204
#: the BOF of Excel 4.0 and earlier (BIFF2-4), whose files xlrd reads as one sheet and this does not
_OLD_BOFS = (0x0009, 0x0209, 0x0409)
#: a substream's kind, in its BOF: the workbook's globals, a chart (a chart sheet or one on a sheet)
_GLOBALS, _CHART = 0x0005, 0x0020
#: a BOUNDSHEET's kind of sheet: Excel 4.0 macros (宏表), which no reader here reads
_MACRO_SHEET = 1
#: a sheet holds charts, and no substream is deeper than a chart on a sheet
_DEEPEST = 2
#: Excel 95's drawing objects that hold text in their OBJ record (text box, button, check box, option button,
#: edit box, label, group box), which Excel 97 keeps in TXO records instead
_OLD_TEXT_OBJECTS = {6, 7, 11, 12, 13, 14, 19}
#: a workbook stream bigger than this (bytes) is said unchecked rather than held in memory with its cells
LIMIT = 256 * 1024 * 1024
_SIDES = {_HEADER: "页眉", _FOOTER: "页脚"}


def read(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Pieces:
    """Each piece of text of the workbook in storage `root` of `ole` (the file itself: ()), where it is as
    the .xlsx reader names it."""
    path = next((p for p in ([*root, "Workbook"], [*root, "Book"]) if ole.exists(p)), None)
    if path is None:
        raise ValueError("no workbook stream")
    if ole.get_size(path) > LIMIT:
        yield UNCHECKED, f"工作簿（超过 {LIMIT >> 20} MB）不能读取"
        return
    data = ole.openstream(path).read()
    kind, version = struct.unpack_from("<H2xH", data) if len(data) >= 6 else (0, 0)
    if kind in _OLD_BOFS:
        yield UNCHECKED, "Excel 5.0 以前版本的工作簿不能读取"
        return
    if kind != _BOF or version not in (0x0500, 0x0600):
        raise ValueError("not a BIFF5 or BIFF8 workbook stream")
    stream = _Stream(data, version == 0x0600)
    yield from stream.texts()
    if stream.encrypted:
        yield UNCHECKED, "文件已加密"
        return
    yield from _cells(data)


def _cells(data: bytes) -> Pieces:
    """Each cell's value and each note of every sheet, a sheet at a time (xlrd), its messages kept quiet."""
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        book = xlrd.open_workbook(file_contents=data, logfile=quiet, on_demand=True, ragged_rows=True)
        try:
            for index in range(book.nsheets):
                yield from _sheet(book.sheet_by_index(index))
                book.unload_sheet(index)
        finally:
            book.release_resources()


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
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    return ""


def _number(value: float) -> str:
    """13912345678, not the float's 13912345678.0: a phone number typed as a number is found as one."""
    return str(int(value)) if value.is_integer() else repr(value)


class _Stream:
    """A workbook's record stream: a record is its type, its length and its data, each sheet a substream from
    its BOF to its EOF (with a chart's inside it); what xlrd does not read is read from it in one pass."""

    def __init__(self, data: bytes, biff8: bool):
        self.data, self.biff8 = memoryview(data), biff8
        self.codec = "latin-1"  # BIFF5's strings are in the workbook's code page, named by its CODEPAGE
        self.sheets: dict[int, tuple[str, int]] = {}  # where a sheet's BOF is -> its name and kind (BOUNDSHEET)
        self.encrypted = False
        self.old_drawings: set[str] = set()  # the sheets whose Excel 95 text boxes are said unchecked, once each

    def records(self) -> Iterator[tuple[int, int, memoryview]]:
        """(offset, type, data) of each record; its data whole, or the stream ends."""
        pos, end = 0, len(self.data)
        while pos + 4 <= end:
            kind, size = struct.unpack_from("<HH", self.data, pos)
            if pos + 4 + size > end:
                raise ValueError(f"record {kind:#06x} at {pos} runs past the end of the stream")
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
                count = struct.unpack_from("<H", body, 10)[0]
                box = _Box(stack[-1][0], count) if count else None
            elif stack[-1][1] == _GLOBALS:
                self._globals(kind, body)
            else:
                yield from self._sheet_record(stack[-1], kind, body)
        if stack or box or self.sheets:
            raise ValueError("the stream ends inside a sheet, or a sheet is not where the workbook says")

    def _begin(self, pos: int, body: memoryview, stack: list[tuple[str, int]]) -> Pieces:
        """A substream begins: the globals, a sheet the workbook lists at this offset, or a chart in a sheet."""
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
            raise ValueError(f"a sheet at {pos} that the workbook does not list")

    def _globals(self, kind: int, body: memoryview) -> None:
        """The code page of a BIFF5 workbook's strings, and where each sheet is and what it is named; a count of
        shared strings no stream could hold (of 3 bytes at least each), which xlrd would read on and on."""
        if kind == _SST and struct.unpack_from("<I", body, 4)[0] > len(self.data) // 3:
            raise ValueError("more shared strings than the stream can hold")
        if kind == _CODEPAGE and not self.biff8:
            page = struct.unpack_from("<H", body)[0]
            self.codec = encoding_from_codepage.get(page, f"cp{page}")
        elif kind == _BOUNDSHEET:
            offset, sheet_kind = struct.unpack_from("<I1xB", body)
            if offset in self.sheets or offset == 0:
                raise ValueError(f"two sheets at {offset}")
            self.sheets[offset] = self.string(body, 6, 1)[0], sheet_kind

    def _sheet_record(self, where: tuple[str, int], kind: int, body: memoryview) -> Pieces:
        """The text of a record of a sheet or a chart: a header or footer, a chart's text or cached value, an
        Excel 95 drawing object's (said unchecked)."""
        owner, substream = where
        if kind in _SIDES and body:
            yield f"{owner}{_SIDES[kind]}", HEADER_CODES.sub("", self.string(body, 0, 2 if self.biff8 else 1)[0])
        elif kind == _HEADER_FOOTER and self.biff8:  # Excel 2007's even and first pages' (偶数页、首页)
            counts, pos = struct.unpack_from("<4H", body, 30), 38
            for side, count in zip(("页眉", "页脚", "页眉", "页脚"), counts):
                if count:
                    text, pos = self.string(body, pos, 2)
                    yield f"{owner}{side}", HEADER_CODES.sub("", text)
        elif kind == _SERIES_TEXT:
            yield f"{owner}图表中的文字", self.string(body, 2, 1)[0]
        elif kind == _LABEL and substream == _CHART:
            yield f"{owner}图表中的文字", self.string(body, 6, 2)[0]
        elif kind == _NUMBER and substream == _CHART:
            yield f"{owner}图表中的文字", _number(struct.unpack_from("<d", body, 6)[0])
        elif kind == _OBJ and not self.biff8 and struct.unpack_from("<H", body, 4)[0] in _OLD_TEXT_OBJECTS:
            if owner not in self.old_drawings:
                self.old_drawings.add(owner)
                yield UNCHECKED, f"{owner}的文本框或按钮（Excel 5.0/95 格式）不能读取"

    def string(self, body: memoryview, pos: int, length_size: int) -> tuple[str, int]:
        """The string at `pos` whose length takes `length_size` bytes, and where it ends: BIFF8's with its flags
        (16-bit characters or 8-bit ones, rich text and phonetic sizes before them), BIFF5's in its code page."""
        count = int.from_bytes(body[pos:pos + length_size], "little")
        pos += length_size
        if not self.biff8:
            return _chars(body[pos:], count, 1, self.codec), pos + count
        flags = body[pos]
        pos += 1 + (2 if flags & 0x08 else 0) + (4 if flags & 0x04 else 0)
        width = 2 if flags & 0x01 else 1
        return _chars(body[pos:], count, width, "utf-16-le" if width == 2 else "latin-1"), pos + count * width


class _Box:
    """The characters of a text box, a shape or a note (a TXO record's), which follow it in CONTINUE records,
    each a flags byte (16-bit characters or 8-bit) and characters; the formatting after them is not text."""

    def __init__(self, owner: str, count: int):
        self.owner, self.left, self.parts = owner, count, []

    def add(self, body: memoryview) -> bool:
        """Take the characters of a CONTINUE record; whether they are all there now."""
        width = 2 if body and body[0] & 0x01 else 1
        count = min(self.left, max(0, len(body) - 1) // width)
        self.parts.append(_chars(body[1:], count, width, "utf-16-le" if width == 2 else "latin-1"))
        self.left -= count
        return not self.left


def _chars(data: memoryview, count: int, width: int, encoding: str) -> str:
    """`count` characters of `width` bytes each; the record cut short is a damaged file, not a shorter text."""
    if len(data) < count * width:
        raise ValueError("a string runs past the end of its record")
    return str(data[:count * width], encoding, "replace")
