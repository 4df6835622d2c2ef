"""What an Excel 97-2003 workbook keeps outside its cells, read from its records as office_markup reads an .xlsx's:
each defined name (NAME) with what it refers to, each cell's formula (FORMULA, and the formulas cells share: SHRFMLA,
ARRAY), each hyperlink's address, text and place (HLINK), each data validation's messages and list (DV); the sheet
names are biff_text's (BOUNDSHEET).

Of a formula, its literals are read (biff_formula): a number it holds is published with the file whatever the
cell shows. Of a hyperlink, each run of characters of its data: its structure varies with its kind, its texts do not.
"""
from __future__ import annotations

import struct
from typing import Callable

from xlrd import cellname

from gongkai.engine import biff_formula
from gongkai.engine.ooxml import Pieces
from gongkai.engine.structures import chars, text_runs

#: the record types ([MS-XLS] 2.3) read here
NAME, HYPERLINK, VALIDATION, FORMULA, SHARED_FORMULA, ARRAY = 0x0018, 0x01B8, 0x01BE, 0x0006, 0x04BC, 0x0221
#: a NAME record's flag of a built-in name (Print_Area and the like: a one-byte code, not text)
_BUILT_IN = 0x0020
#: where a hyperlink's own data starts: the cells it covers (8 bytes) and its class id (16)
_LINK_DATA = 24
#: a formula's token of a string literal (tStr): a validation's list of choices is one
_STRING_TOKEN = 0x17
#: the string reader of the stream being read (biff_text._Stream.string)
Strings = Callable[[memoryview, int, int], tuple[str, int]]


def name(body: memoryview, biff8: bool, codec: str) -> Pieces:
    """A defined name (定义的名称), unless it is one of Excel's own, and what it refers to: its formula, and the
    texts after it (a macro's menu text, description, help)."""
    options, count = struct.unpack_from("<H", body)[0], body[3]
    if options & _BUILT_IN:
        return
    width = (2 if body[14] & 0x01 else 1) if biff8 else 1  # BIFF8: the name's flags byte, then its characters
    start = 15 if biff8 else 14
    text = chars(body, start, count, width, ("utf-16-le" if width == 2 else "latin-1") if biff8 else codec)
    yield "定义的名称", text
    where, size = f"定义的名称“{text}”", struct.unpack_from("<H", body, 4)[0]
    yield from ((where, text) for text in biff_formula.strings(body[start + count * width:], size, biff8, codec))


def hyperlink(owner: str, body: memoryview, strings: Strings) -> Pieces:
    """The texts a hyperlink holds (its address, the text shown, its tooltip's, a file's path), each run of
    characters a piece: the link's structure varies with its kind (a web address, a file, a place in the file),
    its texts do not. (`strings`: as validation's, for SHEET_RECORDS.)"""
    row, _, column, _ = struct.unpack_from("<4H", body)
    where = f"{owner}单元格 {cellname(row, column)} 的超链接"
    yield from ((where, text) for text in text_runs(body[_LINK_DATA:]))


def formula(owner: str, body: memoryview, biff8: bool, codec: str) -> Pieces:
    """The literals of a cell's formula (its value is the cell's: biff_text)."""
    row, column = struct.unpack_from("<HH", body)
    where = f"{owner}单元格 {cellname(row, column)} 的公式"
    yield from ((where, text) for text in biff_formula.in_order(body[20:], biff8, codec))


def shared_formula(owner: str, body: memoryview, biff8: bool, codec: str) -> Pieces:
    """The literals of a formula the cells of a range share (SHRFMLA), named by the range."""
    top, bottom, left, right = struct.unpack_from("<HHBB", body)
    where = f"{owner}单元格 {_span(top, bottom, left, right)} 的公式"
    yield from ((where, text) for text in biff_formula.in_order(body[8:], biff8, codec))


def array_formula(owner: str, body: memoryview, biff8: bool, codec: str) -> Pieces:
    """The literals of an array formula (ARRAY), named by its range."""
    top, bottom, left, right = struct.unpack_from("<HHBB", body)
    where = f"{owner}单元格 {_span(top, bottom, left, right)} 的公式"
    yield from ((where, text) for text in biff_formula.in_order(body[12:], biff8, codec))


def _span(top: int, bottom: int, left: int, right: int) -> str:
    """A range of cells as Excel names it: B2:B9, or B2 alone."""
    first = cellname(top, left)
    return first if (top, left) == (bottom, right) else f"{first}:{cellname(bottom, right)}"


def validation(owner: str, body: memoryview, strings: Strings) -> Pieces:
    """A data validation's (数据验证) input message and error message with their titles, and its list of choices
    (a list typed into the rule is its first formula's one string), named by the cells it covers."""
    pos, texts = 4, []
    for _ in range(4):  # the prompt's title, the error's, the prompt, the error: "\0" when there is none
        text, pos = strings(body, pos, 2)
        texts += [text] if text.strip("\0") else []
    first = struct.unpack_from("<H", body, pos)[0]
    formula = body[pos + 4:pos + 4 + first]
    if first and formula[0] == _STRING_TOKEN:
        texts.append(strings(formula, 1, 1)[0].replace("\0", ","))
    pos += 4 + first
    pos += 4 + struct.unpack_from("<H", body, pos)[0]  # the second formula (a bound)
    count = struct.unpack_from("<H", body, pos)[0]
    spans = [struct.unpack_from("<4H", body, pos + 2 + 8 * n) for n in range(count)]
    where = " ".join(_span(*span) for span in spans)
    yield from ((f"{owner}单元格 {where} 的数据验证", text) for text in texts)


#: the readers of a sheet's records read here, by type: of Excel 97 and later's records, and of the formulas Excel
#: 5.0 and 95 keep alike
SHEET_RECORDS = {HYPERLINK: hyperlink, VALIDATION: validation}
FORMULA_RECORDS = {FORMULA: formula, SHARED_FORMULA: shared_formula, ARRAY: array_formula}
