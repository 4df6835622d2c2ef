"""The literals of an Excel 97-2003 or 95 formula, read from its tokens: a number in a formula is published with the
file whatever the cell shows (=IF(A1="","","身份证号…") shows nothing while A1 is filled)."""
from __future__ import annotations

import struct

from cfb_writer import compound
from gongkai.engine import biff_formula
from make_legacy_xls import ID, MOBILE
from test_biff_text import SHEET_NAME, name8, read, record, string8, workbook


def tstr(text: str, wide: bool = True) -> bytes:
    """A string token: its count, flags (16-bit characters or 8-bit) and characters."""
    return bytes([0x17, len(text), int(wide)]) + text.encode("utf-16-le" if wide else "latin-1")


REF, AREA, IF = b"\x44" + bytes(4), b"\x25" + bytes(8), b"\x42\x03\x01\x00"  # A1 (a value), A1:A1, IF()
CHOOSE = b"\x19\x04\x02\x00" + bytes(6)  # an attribute token of a CHOOSE of 2: its jump table after it


def literals(tokens: bytes, after: bytes = b"", biff8: bool = True) -> list[str]:
    texts, end = biff_formula.literals(memoryview(tokens + after), len(tokens), biff8, "gbk")
    assert end == len(tokens + after)
    return texts


def test_the_strings_among_the_tokens_are_read_each_whole():
    tokens = REF + tstr("") + b"\x0b" + tstr(f"ID {ID}", wide=False) + tstr("") + IF + CHOOSE \
        + tstr(f"张三 {MOBILE}") + AREA + b"\x1f" + struct.pack("<d", 13912345678.0) + b"\x1e\x31\x31"
    assert literals(tokens) == [f"ID {ID}", f"张三 {MOBILE}"]


def test_an_arrays_strings_are_read_after_the_tokens_and_an_area_in_memorys_ranges_passed():
    """{"张三…",1;"李四",TRUE}: its constants after every token, behind the ranges of an area in memory before it."""
    tokens = b"\x26" + bytes(4) + struct.pack("<H", 0) + b"\x60" + bytes(7)
    ranges = struct.pack("<H", 1) + bytes(8)
    array = bytes([1]) + struct.pack("<H", 1) + b"\x02" + string8(f"张三 {MOBILE}") + b"\x01" + bytes(8) \
        + b"\x02" + string8("李四") + b"\x04" + bytes(8)
    assert literals(tokens, ranges + array) == [f"张三 {MOBILE}", "李四"]


def test_past_a_token_not_known_every_run_of_characters_is_read():
    """A token of a later Excel (a table's reference, 0x18) and whatever it holds: the rest read as runs."""
    tokens = b"\x18\x19" + bytes(5) + tstr(f"张三 {MOBILE}")
    texts, end = biff_formula.literals(memoryview(tokens), len(tokens), True, "gbk")
    assert any(text.endswith(f"张三 {MOBILE}") for text in texts) and end == len(tokens)


def test_an_excel_95_formulas_strings_are_in_its_code_page_and_its_references_shorter():
    text = f"经办人{MOBILE}".encode("gbk")
    tokens = b"\x44" + bytes(3) + b"\x3a" + bytes(17) + bytes([0x17, len(text)]) + text
    assert literals(tokens, biff8=False) == [f"经办人{MOBILE}"]


def test_a_cells_a_shared_and_an_array_formula_and_a_names_are_read_where_they_are():
    """Each named by its cell or range (the cell's value an empty string), a name's by the name."""
    formula = struct.pack("<3H", 2, 1, 0) + bytes([3, 0, 0, 0, 0, 0, 0xFF, 0xFF]) + struct.pack("<HI", 0, 0)
    body = tstr(f"身份证号 {ID}") + IF
    cell = record(0x0006, formula + struct.pack("<H", len(body)) + body)
    shared = record(0x04BC, struct.pack("<HHBBBB", 3, 9, 1, 1, 0, 7) + struct.pack("<H", len(body)) + body)
    array = record(0x0221, struct.pack("<HHBB", 4, 4, 2, 2) + bytes(6) + struct.pack("<H", len(body)) + body)
    value = tstr(f"张三 {MOBILE}")
    name = record(0x0018, struct.pack("<HBBH", 0, 2, 2, len(value)) + bytes(8) + b"\x01" + "联系".encode("utf-16-le")
                  + value)
    data = workbook([(name8("表一"), cell + shared + array)], before=name)
    where = "工作表“表一”单元格 {} 的公式"
    assert read(compound({"Workbook": data})) == [
        ("定义的名称", "联系"), ("定义的名称“联系”", f"张三 {MOBILE}"), *SHEET_NAME,
        (where.format("B3"), f"身份证号 {ID}"), (where.format("B4:B10"), f"身份证号 {ID}"),
        (where.format("C5"), f"身份证号 {ID}")]
