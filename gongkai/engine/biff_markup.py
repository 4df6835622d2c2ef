"""What an Excel 97-2003 workbook keeps outside its cells, read from its records as office_markup reads an .xlsx's:
each defined name (NAME), each hyperlink's address, text and place (HLINK), each data validation's messages and
list (DV); the sheet names are biff_text's (BOUNDSHEET).
"""
from __future__ import annotations

import re
import struct
from typing import Callable

from xlrd import cellname

from gongkai.engine.ooxml import Pieces
from gongkai.engine.structures import chars

#: the record types ([MS-XLS] 2.3) read here
NAME, HYPERLINK, VALIDATION = 0x0018, 0x01B8, 0x01BE
#: a NAME record's flag of a built-in name (Print_Area and the like: a one-byte code, not text)
_BUILT_IN = 0x0020
#: where a hyperlink's own data starts: the cells it covers (8 bytes) and its class id (16)
_LINK_DATA = 24
#: a formula's token of a string literal (tStr): a validation's list of choices is one
_STRING_TOKEN = 0x17
#: a run of text in a hyperlink's data: 16-bit characters (the address, the text shown, the place in the file)
#: and 8-bit ones (a file's short path)
_WIDE_RUN = re.compile(r"[^\x00-\x1f\ufffd\ud800-\udfff]{2,}")
_NARROW_RUN = re.compile(rb"[\x20-\x7e]{4,}")
#: the string reader of the stream being read (biff_text._Stream.string)
Strings = Callable[[memoryview, int, int], tuple[str, int]]


def name(body: memoryview, biff8: bool, codec: str) -> Pieces:
    """A defined name (定义的名称), unless it is one of Excel's own."""
    options, count = struct.unpack_from("<H", body)[0], body[3]
    if options & _BUILT_IN:
        return
    if biff8:  # the name's flags byte, then its characters
        width = 2 if body[14] & 0x01 else 1
        yield "定义的名称", chars(body, 15, count, width, "utf-16-le" if width == 2 else "latin-1")
    else:
        yield "定义的名称", chars(body, 14, count, 1, codec)


def hyperlink(owner: str, body: memoryview, strings: Strings) -> Pieces:
    """The texts a hyperlink holds (its address, the text shown, its tooltip's, a file's path), each run of
    characters a piece: the link's structure varies with its kind (a web address, a file, a place in the file),
    its texts do not. (`strings`: as validation's, for SHEET_RECORDS.)"""
    row, _, column, _ = struct.unpack_from("<4H", body)
    where = f"{owner}单元格 {cellname(row, column)} 的超链接"
    data = bytes(body[_LINK_DATA:])
    for start in (0, 1):  # 16-bit characters start at an even or an odd offset of the record
        wide = data[start:start + (len(data) - start) // 2 * 2].decode("utf-16-le", "replace")
        yield from ((where, run) for run in _WIDE_RUN.findall(wide) if _readable(run))
    yield from ((where, run.decode("ascii")) for run in _NARROW_RUN.findall(data))


def _readable(run: str) -> bool:
    """Text, not ASCII read a byte out of step (each character an ASCII byte and a zero byte: 洀愀椀氀 for "mail")."""
    return sum(ord(c) & 0xFF == 0 for c in run) * 2 < len(run)


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
    where = " ".join(cellname(top, left) if (top, left) == (bottom, right)
                     else f"{cellname(top, left)}:{cellname(bottom, right)}" for top, bottom, left, right in spans)
    yield from ((f"{owner}单元格 {where} 的数据验证", text) for text in texts)


#: the readers of a sheet's records read here, by type
SHEET_RECORDS = {HYPERLINK: hyperlink, VALIDATION: validation}
