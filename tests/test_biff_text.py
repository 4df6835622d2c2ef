"""The text of an Excel 97-2003 workbook (.xls) read place by place (biff_text), so its personal information is
found like an .xlsx's: from a file LibreOffice wrote (tests/make_legacy_xls.py), from copies of it edited here
(encrypted, garbled), and from record streams written here for what LibreOffice does not write: an Excel 95
workbook, text over several records, a chart's cached values, a sheet of macros, streams that do not hold
together."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path
from typing import Callable

import olefile
import pytest
import xlrd

from cfb_writer import compound
from gongkai.engine import biff_text, privacy
from gongkai.engine.office_markup import UNSHOWN
from gongkai.engine.pieces import UNCHECKED
from make_legacy_xls import ID, MOBILE, NOTE_AUTHOR, TEXTS

PARTS = Path(__file__).resolve().parent / "legacy" / "excel97_parts.xls"
LIST = "工作表“名单”"  # the fixture's first sheet, as its places are named
BOF, EOF, CONTINUE, BOUNDSHEET, TXO = 0x0809, 0x000A, 0x003C, 0x0085, 0x01B6


def read(path: Path | bytes, root: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    with olefile.OleFileIO(path) as ole:
        return list(biff_text.read(ole, root))


def found(pieces: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(place, privacy-id or privacy-mobile) for each number privacy finds in the pieces."""
    return {(where, code) for where, text in pieces for _, _, code in privacy.findings(text, [])}


def test_every_place_of_the_workbook_is_read_and_its_numbers_found():
    pieces = read(PARTS)
    hidden, very_hidden = "工作表“隐藏”单元格 A1 ", "工作表“深藏”单元格 C5 "
    for piece in [(f"{LIST}单元格 B2 ", TEXTS["text cell"]), (hidden, TEXTS["hidden"]),
                  (very_hidden, TEXTS["very hidden"]), (f"{LIST}页眉", TEXTS["header"]),
                  (f"{LIST}页脚", TEXTS["footer"]), (f"{LIST}单元格 B2 的批注", TEXTS["note"]),
                  (f"{LIST}批注作者", NOTE_AUTHOR), (f"{LIST}图表中的文字", TEXTS["chart"]),
                  (f"{LIST}的文本框或批注", TEXTS["box"]), (f"{LIST}的文本框或批注", TEXTS["ascii box"]),
                  (f"{LIST}的文本框或批注", TEXTS["note"])]:
        assert piece in pieces
    mobile, id_ = "privacy-mobile", "privacy-id"
    assert found(pieces) >= {(f"{LIST}单元格 B2 ", mobile), (f"{LIST}单元格 B3 ", mobile), (hidden, id_),
                             (very_hidden, mobile), (f"{LIST}页眉", mobile), (f"{LIST}页脚", id_),
                             (f"{LIST}单元格 B2 的批注", id_), (f"{LIST}批注作者", mobile),
                             (f"{LIST}图表中的文字", mobile), (f"{LIST}的文本框或批注", id_)}
    assert UNCHECKED not in dict(pieces)


def test_a_number_is_read_as_typed_and_every_sheet_however_hidden():
    pieces = dict(read(PARTS))
    assert pieces[f"{LIST}单元格 B3 "] == MOBILE  # a float in the file: 13912345678.0
    assert pieces[f"{LIST}单元格 C3 "] == "2.5"
    assert pieces[f"{LIST}单元格 D3 "] == "TRUE"
    with olefile.OleFileIO(PARTS) as ole:
        book = xlrd.open_workbook(file_contents=ole.openstream("Workbook").read())
    assert [book.sheet_by_name(name).visibility for name in ("名单", "隐藏", "深藏")] == [0, 1, 2]


def edited(tmp_path: Path, edit: Callable[[bytearray], None]) -> Path:
    """A copy of the fixture with its workbook stream edited in place (olefile rewrites a stream of the same size
    only)."""
    copy = tmp_path / PARTS.name
    shutil.copyfile(PARTS, copy)
    with olefile.OleFileIO(copy, write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        edit(data)
        ole.write_stream("Workbook", bytes(data))
    return copy


def test_an_encrypted_workbook_is_said_unchecked_and_nothing_else(tmp_path):
    def encrypt(data: bytearray) -> None:  # the record after the BOF made a FILEPASS, as Excel puts one
        first = 4 + struct.unpack_from("<H", data, 2)[0]
        struct.pack_into("<H", data, first, 0x002F)
    copy = edited(tmp_path, encrypt)
    with olefile.OleFileIO(copy) as ole, pytest.raises(xlrd.XLRDError, match="encrypted"):
        xlrd.open_workbook(file_contents=ole.openstream("Workbook").read())
    assert read(copy) == [(UNCHECKED, "文件已加密")]


def test_a_garbled_stream_raises(tmp_path):
    def garble(data: bytearray) -> None:  # a kilobyte amid the first sheet's records: a record's length in it
        middle = len(data) // 2
        data[middle:middle + 1024] = b"\xff" * 1024
    with pytest.raises(ValueError):
        read(edited(tmp_path, garble))


def record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def bof(kind: int, biff8: bool = True) -> bytes:
    return record(BOF, struct.pack("<HHHH", 0x0600 if biff8 else 0x0500, kind, 0x0DBB, 0x07CC)
                  + (bytes(8) if biff8 else b""))


def workbook(sheets: list[tuple[bytes, bytes]], biff8: bool = True, before: bytes = b"",
             offsets: Callable[[list[int]], list[int]] = lambda found: found) -> bytes:
    """A workbook stream: its globals (`before` the sheets' BOUNDSHEETs), then each sheet (its BOUNDSHEET's
    encoded name and kind byte; its records, between its BOF and EOF); `offsets` edits where the BOUNDSHEETs say
    the sheets are."""
    def listing(at: list[int]) -> bytes:
        return b"".join(record(BOUNDSHEET, struct.pack("<IB", pos, 0) + name)
                        for pos, (name, _) in zip(at, sheets))
    head = bof(0x0005, biff8) + before
    start = len(head) + len(listing([0] * len(sheets))) + 4
    bodies = [bof(0x0010, biff8) + records + record(EOF) for _, records in sheets]
    at = [start + sum(map(len, bodies[:n])) for n in range(len(sheets))]
    return head + listing(offsets(at)) + record(EOF) + b"".join(bodies)


def name8(name: str, kind: int = 0) -> bytes:
    """A BIFF8 BOUNDSHEET's sheet kind and name (16-bit characters)."""
    return bytes([kind, len(name), 1]) + name.encode("utf-16-le")


def string8(text: str, length_size: int = 2) -> bytes:
    """A BIFF8 string of 16-bit characters."""
    return len(text).to_bytes(length_size, "little") + b"\x01" + text.encode("utf-16-le")


def number(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def note(after: bytes = b"") -> bytes:
    """A NOTE record (its author's name), with bytes after it that xlrd does not expect when there are 2 or more."""
    return record(0x001C, struct.pack("<4H", 0, 0, 0, 1) + string8("作者") + after)


def test_text_over_several_records_first_pages_headers_and_a_chart_s_cached_values():
    box = f"文本框 {ID}"
    characters = record(CONTINUE, b"\x01" + box[:4].encode("utf-16-le")) \
        + record(CONTINUE, b"\x00" + box[4:].encode("latin-1")) + record(CONTINUE, bytes(16))  # then formatting
    text_box = record(0x005D, struct.pack("<5H", 0x15, 0x12, 6, 1, 0) + bytes(16)) \
        + record(TXO, bytes(10) + struct.pack("<HH", len(box), 16) + bytes(4)) + characters  # OBJ, TXO, CONTINUEs
    first_page = f"&C首页 {MOBILE}"
    header_footer = record(0x089C, bytes(30) + struct.pack("<4H", 0, 0, len(first_page), 0) + string8(first_page))
    chart = bof(0x0020) + record(0x100D, b"\0\0" + string8(f"标题 {MOBILE}", 1)) + number(0, 0, float(MOBILE)) \
        + record(0x0204, struct.pack("<HHH", 1, 0, 0) + string8(f"类别 {ID}")) + record(EOF)
    data = workbook([(name8("表一"), number(0, 0, 2.5) + text_box + header_footer + chart)])
    pieces = read(compound({"MBD0001/Workbook": data}), ("MBD0001",))  # a workbook embedded in another file
    assert ("工作表“表一”的文本框或批注", box) in pieces
    assert ("工作表“表一”页眉", f"首页 {MOBILE}") in pieces  # &C (centred) dropped
    assert ("工作表“表一”图表中的文字", f"标题 {MOBILE}") in pieces
    assert ("工作表“表一”图表中的文字", MOBILE) in pieces  # a cached number, without .0
    assert ("工作表“表一”图表中的文字", f"类别 {ID}") in pieces
    assert ("工作表“表一”单元格 A1 ", "2.5") in pieces


def test_an_excel_95_workbook_in_its_code_page():
    def gbk(kind: int, head: bytes, text: str, length_size: int = 2) -> bytes:
        encoded = text.encode("gbk")
        return record(kind, head + len(encoded).to_bytes(length_size, "little") + encoded)
    text_box = record(0x005D, struct.pack("<IHH", 1, 6, 1) + bytes(62))  # OBJ: a text box, its text in it
    sheet = gbk(0x0014, b"", f"页眉 {MOBILE}", 1) + gbk(0x0204, struct.pack("<3H", 1, 1, 0), f"身份证 {ID}") \
        + number(2, 0, float(MOBILE)) + gbk(0x001C, struct.pack("<HH", 1, 1), f"批注 {MOBILE}") + text_box * 2
    name = "名单".encode("gbk")
    data = workbook([(bytes([0, len(name)]) + name, sheet)], biff8=False,
                    before=record(0x0042, struct.pack("<H", 936)))  # CODEPAGE: GBK
    pieces = read(compound({"Book": data}))
    assert ("工作表“名单”页眉", f"页眉 {MOBILE}") in pieces
    assert ("工作表“名单”单元格 B2 ", f"身份证 {ID}") in pieces
    assert ("工作表“名单”单元格 A3 ", MOBILE) in pieces
    assert ("工作表“名单”单元格 B2 的批注", f"批注 {MOBILE}") in pieces
    assert [text for where, text in pieces if where == UNCHECKED] == [
        "工作表“名单”的文本框或按钮（Excel 5.0/95 格式）不能读取"]  # once a sheet


def test_what_cannot_be_read_is_said_so(monkeypatch):
    macros = workbook([(name8("表一"), number(0, 0, 1)), (name8("宏1", kind=1), b"")])
    assert (UNCHECKED, "宏表“宏1”不能读取") in read(compound({"Workbook": macros}))
    excel4 = record(0x0409, struct.pack("<HHH", 0, 0x0010, 0)) + record(EOF)
    assert read(compound({"Workbook": excel4})) == [(UNCHECKED, "Excel 5.0 以前版本的工作簿不能读取")]
    graph = record(BOF, struct.pack("<4H", 0x0580, 0x0005, 0x0C8C, 0x07CA)) + record(EOF)  # Microsoft Graph 5.0's
    assert read(compound({"Book": graph})) == [(UNCHECKED, "Microsoft Graph 图表不能读取")]
    monkeypatch.setattr(biff_text, "LIMIT", 100)
    [(where, text)] = read(compound({"Workbook": macros}))
    assert where == UNCHECKED and text.startswith("工作簿（超过")


ONE_SHEET = (name8("表一"), number(0, 0, 1))


@pytest.mark.parametrize("data", [
    workbook([ONE_SHEET, ONE_SHEET], offsets=lambda at: [at[0], at[0]]),  # xlrd would read the one sheet twice
    workbook([ONE_SHEET], offsets=lambda at: [at[0] + 4]),
    workbook([ONE_SHEET])[:-10],
    workbook([(name8("表一"), bof(0x0020) + bof(0x0020) + record(EOF) + record(EOF))]),
    workbook([(name8("表一"), record(TXO, bytes(10) + struct.pack("<H", 5) + bytes(6)))]),
    record(BOF, b"\x00\x06\x05\x00") + b"\xff" * 60,
    workbook([ONE_SHEET], before=record(0x00FC, struct.pack("<II", 1 << 30, 1 << 30) + string8("", 2))),
    workbook([(name8("表一"), record(TXO, bytes(4)))]),
    workbook([(name8("表一"), record(0x00FD, struct.pack("<HHHI", 0, 0, 0, 5)) + note(b"\0\0\0"))]),
], ids=["two sheets at one place", "a sheet where none begins", "cut short", "substreams nested too deep",
        "a text box without its text", "no records", "more shared strings than the stream holds",
        "a record too short for its kind", "a shared string not in the table"])
def test_a_stream_that_does_not_hold_together_raises(data):
    with pytest.raises(ValueError):
        read(compound({"Workbook": data}))


def cells() -> bytes:
    """A sheet's cells of every kind read from the records when xlrd cannot read them: a shared string (A1), a
    LABEL (A2), a NUMBER (A3), an RK (A4), a MULRK (B4, C4), a formula's number (A5) and string (A6), an RSTRING
    (A7: a LABEL with formatting runs)."""
    formula = struct.pack("<HHH", 4, 0, 0) + struct.pack("<d", float(MOBILE)) + bytes(8)
    text = struct.pack("<HHH", 5, 0, 0) + b"\0\0\0\0\0\0\xff\xff" + bytes(8)  # a string: in the STRING after it
    return record(0x00FD, struct.pack("<HHHI", 0, 0, 0, 1)) + record(0x0204, struct.pack("<HHH", 1, 0, 0)
                                                                       + string8(f"身份证 {ID}")) \
        + number(2, 0, 2.5) + record(0x027E, struct.pack("<HHHI", 3, 0, 0, 12345 << 2 | 2)) \
        + record(0x00BD, struct.pack("<HHHIHIH", 3, 1, 0, 678 << 2 | 2, 0, 910 << 2 | 3, 2)) \
        + record(0x0006, formula) + record(0x0006, text) + record(0x0207, string8(f"公式 {MOBILE}")) \
        + record(0x00D6, struct.pack("<HHH", 6, 0, 0) + string8(f"富文本 {ID}") + struct.pack("<H", 0))


CELLS = [("单元格 A1 ", f"张三 {MOBILE}"), ("单元格 A2 ", f"身份证 {ID}"), ("单元格 A3 ", "2.5"),
         ("单元格 A4 ", "12345"), ("单元格 B4 ", "678"), ("单元格 C4 ", "9.1"), ("单元格 A5 ", MOBILE),
         ("单元格 A6 ", f"公式 {MOBILE}"), ("单元格 A7 ", f"富文本 {ID}")]
#: the shared strings: "" and a string whose 16-bit characters go on in a CONTINUE record, which begins with a
#: flags byte of its own
SHARED = record(0x00FC, struct.pack("<IIHB", 2, 2, 0, 1) + struct.pack("<HB", 14, 1) + "张三".encode("utf-16-le")) \
    + record(CONTINUE, b"\x01" + f" {MOBILE}".encode("utf-16-le"))


#: a name's formula xlrd refuses (AreaN, as Excel writes some)
AREA_NAME = record(0x0018, struct.pack("<HBBHHH4B", 0, 0, 1, 11, 0, 0, 0, 0, 0, 0) + b"\x00X" + b"\x2d" + bytes(10))


#: what the workbook's globals say of one sheet named 表一 (its name is text too)
SHEET_NAME = [("工作表名称", "表一")]


@pytest.mark.parametrize("before, sheet, names, expected", [
    (SHARED + AREA_NAME, cells(), [("定义的名称", "X"), *SHEET_NAME], CELLS),
    (record(0x00FC, struct.pack("<II", 0, 20)), number(0, 0, float(MOBILE)), SHEET_NAME, [("单元格 A1 ", MOBILE)]),
], ids=["a name's formula", "a count of shared strings it does not hold"])
def test_the_cells_of_a_workbook_xlrd_cannot_open_are_read_from_its_records(before, sheet, names, expected):
    """Every cell read as xlrd would; the shared strings as it unpacks them, none when it cannot (a count of
    them that a writer got wrong, with none there)."""
    data = workbook([(name8("表一"), sheet)], before=before)
    with pytest.raises(Exception):
        xlrd.open_workbook(file_contents=data)
    assert read(compound({"Workbook": data})) == names + [(f"工作表“表一”{where}", text) for where, text in expected]


def test_the_cells_of_a_sheet_xlrd_cannot_read_are_read_from_its_records():
    """A note of bytes xlrd does not expect in the first sheet: it and the sheets after it read from the records
    (its note's text box by texts(), as ever)."""
    data = workbook([(name8("表一"), cells() + note(b"\0\0\0")), (name8("表二"), number(0, 0, float(MOBILE)))],
                    before=SHARED)
    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    with pytest.raises(AssertionError):
        book.sheet_by_index(0)
    assert read(compound({"Workbook": data})) == [*SHEET_NAME, ("工作表名称", "表二")] + [
        (f"工作表“表一”{where}", text) for where, text in CELLS] + [("工作表“表二”单元格 A1 ", MOBILE)]


def test_a_sheet_the_workbook_does_not_list_is_read():
    """Its cells, which xlrd does not read, and its text (a real file has one, after the sheets it lists)."""
    data = workbook([ONE_SHEET], before=SHARED) + bof(0x0010) + cells() + record(0x0015, string8(f"页脚 {ID}")) \
        + record(EOF)
    pieces = read(compound({"Workbook": data}))
    assert ("工作表“表一”单元格 A1 ", "1") in pieces and ("工作表（未列出）页脚", f"页脚 {ID}") in pieces
    assert [(f"工作表（未列出）{where}", text) for where, text in CELLS] == pieces[-len(CELLS):]


def test_a_shared_string_no_cell_shows_is_read_once():
    """What a cell emptied or deleted left in the shared strings (SST), read after the cells; the one a cell shows
    is found at the cell alone, whether xlrd or the records read it."""
    table = struct.pack("<II", 3, 3) + string8(f"张三 {MOBILE}") + string8(f"身份证号 {ID}") + string8("")
    label = record(0x00FD, struct.pack("<HHHI", 0, 0, 0, 0))
    for sheet in (label, label + note(b"\0\0\0")):  # xlrd reads the cell; it fails on the note after it
        data = workbook([(name8("表一"), sheet)], before=record(0x00FC, table))
        assert read(compound({"Workbook": data}))[-2:] == [("工作表“表一”单元格 A1 ", f"张三 {MOBILE}"),
                                                          (UNSHOWN, f"身份证号 {ID}")]


def test_what_a_writer_left_after_the_last_sheet_is_not_read():
    """The rest of a longer stream after every sheet's EOF, as an embedded workbook has it: a record of its data
    cut short by the stream's end."""
    data = workbook([(name8("表一"), number(0, 0, float(MOBILE)))]) + struct.pack("<HH", 0, 768) + bytes(100)
    assert read(compound({"Workbook": data})) == [*SHEET_NAME, ("工作表“表一”单元格 A1 ", MOBILE)]


def test_an_empty_footer_without_its_flags_byte():
    """A footer of no characters ends its record before its flags byte, as some writers save it."""
    data = workbook([(name8("表一"), record(0x0015, b"\0\0") + number(0, 0, float(MOBILE)))])
    assert read(compound({"Workbook": data})) == [*SHEET_NAME, ("工作表“表一”页脚", ""), ("工作表“表一”单元格 A1 ", MOBILE)]
