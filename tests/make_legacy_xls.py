#!/usr/bin/env python3
"""Write the Excel 97-2003 workbooks (.xls) the tests read, into tests/legacy/: workbooks written with openpyxl,
converted by LibreOffice, which CI does not have, so the .xls files are kept in the repository. clean.xls is a
table with no number in it.

    python3 tests/make_legacy_xls.py

excel97_parts.xls holds a number in each place a .xls keeps text, each text naming its place: cells (a mobile
number as text and as a number), a hidden and a very hidden sheet (LibreOffice saves it hidden: made very hidden
in its record after), a note and its author, a print header and footer, a chart's title, and two text boxes (one
of 16-bit characters, one of 8-bit). The written file is checked record by record, so a LibreOffice that leaves
one out fails here, not in the tests.

excel97_markup.xls holds a number in each place a .xls keeps text outside its cells: a hidden sheet's name, a
defined name, a hyperlink's address, a data validation's list and input message, a formula's literal and a
shape's name.
"""
from __future__ import annotations

import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

import olefile
import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from libreoffice import convert

HERE = Path(__file__).resolve().parent
OUT = HERE / "legacy"
MOBILE = "13912345678"
ID = "11010519491231002X"  # GB 11643's example
NOTE_AUTHOR = f"批注人 {MOBILE}"
#: the text of each place, as the tests look for it
TEXTS = {"text cell": f"文本手机 {MOBILE}", "hidden": f"隐藏身份证 {ID}",
         "very hidden": f"深藏手机 {MOBILE}", "note": f"批注身份证 {ID}", "header": f"页眉电话 {MOBILE}",
         "footer": f"Footer ID {ID}", "chart": f"图表标题 {MOBILE}", "box": f"文本框身份证 {ID}",
         "ascii box": f"Box tel {MOBILE}"}
#: excel97_markup.xls's places outside the cells
MARKUP = {"sheet": f"张三{MOBILE}", "name": f"经办人{MOBILE}", "link": f"mailto:{MOBILE}@qq.com",
          "list": f"王五 {MOBILE}", "prompt": f"身份证号 {ID}", "formula": f"经办人 {MOBILE}",
          "shape": f"张三{MOBILE}"}
_DRAWING_A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "手机"])
    sheet.append(["张三", TEXTS["text cell"]])
    sheet.append(["李四", int(MOBILE), 2.5, True])
    sheet["B2"].comment = Comment(TEXTS["note"], NOTE_AUTHOR)
    sheet.oddHeader.center.text = TEXTS["header"]
    sheet.oddFooter.right.text = TEXTS["footer"]
    chart = BarChart()
    chart.title = TEXTS["chart"]
    chart.add_data(Reference(sheet, min_col=3, min_row=3, max_row=3))
    sheet.add_chart(chart, "G2")
    hidden = book.create_sheet("隐藏")
    hidden["A1"], hidden.sheet_state = TEXTS["hidden"], "hidden"
    very_hidden = book.create_sheet("深藏")
    very_hidden["C5"], very_hidden.sheet_state = TEXTS["very hidden"], "veryHidden"
    book.save(path)
    _add_text_boxes(path, [TEXTS["box"], TEXTS["ascii box"]])


def _add_text_boxes(path: Path, texts: list[str], name: str = "TextBox") -> None:
    """openpyxl writes no shapes: text boxes added to the drawing that holds the chart, each named `name` and a
    number."""
    anchors = "".join(
        f'<oneCellAnchor><from><col>1</col><colOff>0</colOff><row>{8 + 4 * n}</row><rowOff>0</rowOff></from>'
        f'<ext cx="2000000" cy="500000"/><sp macro="" textlink="" {_DRAWING_A}><nvSpPr>'
        f'<cNvPr id="{10 + n}" name="{name} {10 + n}"/><cNvSpPr txBox="1"/></nvSpPr><spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f'</a:prstGeom></spPr><txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></txBody>'
        f'</sp><clientData/></oneCellAnchor>' for n, text in enumerate(texts))
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts.items():
            if info.filename == "xl/drawings/drawing1.xml":
                data = data.replace(b"</wsDr>", anchors.encode() + b"</wsDr>")
            book.writestr(info, data)


def with_note_author(flat: Path) -> None:
    """LibreOffice drops a note's author from an .xlsx, not from its own flat ODF: the author put back there."""
    text = flat.read_text(encoding="utf-8")
    start = text.index("<office:annotation ")
    end = text.index(">", start) + 1
    flat.write_text(f"{text[:end]}<dc:creator>{NOTE_AUTHOR}</dc:creator>{text[end:]}", encoding="utf-8")


def records(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, data) of each record of a workbook stream."""
    pos = 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        yield pos, kind, data[pos + 4:pos + 4 + size]
        pos += 4 + size


def very_hidden(path: Path, name: str) -> None:
    """Make sheet `name` very hidden (Excel's 取消隐藏 does not list it), which LibreOffice cannot."""
    with olefile.OleFileIO(path, write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        for pos, kind, body in records(bytes(data)):
            if kind == 0x0085 and body[7:] == b"\x01" + name.encode("utf-16-le"):  # BOUNDSHEET: 16-bit name
                data[pos + 8] = 2
        ole.write_stream("Workbook", bytes(data))


def check(path: Path) -> None:
    """Each place written as a record of its own, its number in it (UTF-16 or 8-bit), not only in a cell."""
    with olefile.OleFileIO(path) as ole:
        found = [(kind, body) for _, kind, body in records(ole.openstream("Workbook").read())]

    def holds(kind: int, text: str) -> bool:
        return any(text.encode("utf-16-le") in data or text.encode("latin-1", "ignore") in data
                   for k, data in found if k == kind)
    wanted = {"header (HEADER)": (0x0014, MOBILE), "footer (FOOTER)": (0x0015, ID),
              "chart title (SERIESTEXT)": (0x100D, MOBILE), "note author (NOTE)": (0x001C, MOBILE),
              "text boxes' and note's text (CONTINUE)": (0x003C, ID)}
    missing = [name for name, (kind, number) in wanted.items() if not holds(kind, number)]
    missing += [] if any(k == 0x003C and data[:1] == b"\0" and TEXTS["ascii box"].encode() in data
                         for k, data in found) else ["8-bit text box (CONTINUE)"]
    missing += ["three text objects (TXO)"] if sum(k == 0x01B6 for k, _ in found) != 3 else []
    states = sorted(data[4] for k, data in found if k == 0x0085)  # BOUNDSHEET: visible, hidden, very hidden
    missing += ["hidden and very hidden sheets"] if states != [0, 1, 2] else []
    if missing:
        raise SystemExit(f"{path.name}: LibreOffice did not write {', '.join(missing)}")


def markup_workbook(path: Path) -> Path:
    """A sheet whose cells hold no number, and a number in its markup (MARKUP)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append(["联系我们", "经办人"])
    sheet["A3"] = f'=IF(A1="","{MARKUP["formula"]}","")'  # shows nothing: A1 is not empty
    sheet["A1"].hyperlink = MARKUP["link"]
    rule = DataValidation(type="list", formula1=f'"{MARKUP["list"]},李四"', prompt=MARKUP["prompt"],
                          showInputMessage=True)
    rule.add("B2:B9")
    sheet.add_data_validation(rule)
    book.create_sheet(MARKUP["sheet"]).sheet_state = "hidden"
    book.defined_names[MARKUP["name"]] = DefinedName(MARKUP["name"], attr_text="汇总!$A$1")
    chart = BarChart()  # the drawing a shape is added to
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=1))
    sheet.add_chart(chart, "D2")
    book.save(path)
    _add_text_boxes(path, ["说明"], MARKUP["shape"])  # a shape named by whoever drew it: its name is in the drawing
    return path


def check_markup(path: Path) -> None:
    """Each place of excel97_markup.xls a record of its own: HLINK, DV, NAME, FORMULA, MSODRAWING, BOUNDSHEET."""
    with olefile.OleFileIO(path) as ole:
        kinds = {kind for _, kind, _ in records(ole.openstream("Workbook").read())}
    missing = [name for name, kind in (("hyperlink (HLINK)", 0x01B8), ("validation (DV)", 0x01BE),
                                       ("defined name (NAME)", 0x0018), ("formula (FORMULA)", 0x0006),
                                       ("drawing (MSODRAWING)", 0x00EC))
               if kind not in kinds]
    if missing:
        raise SystemExit(f"{path.name}: LibreOffice did not write {', '.join(missing)}")


def clean_workbook(path: Path) -> Path:
    """A table with no number in it, for the tests that a .xls holding nothing to find is published quietly."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "汇总"
    for row in (("乡镇", "完成情况"), ("城关镇", "已完成")):
        sheet.append(row)
    book.properties.creator = "测试县政府办"
    book.save(path)
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clean = convert(clean_workbook(folder / "clean.xlsx"), "xls", folder)
        (OUT / clean.name).write_bytes(clean.read_bytes())
        workbook(folder / "excel97_parts.xlsx")
        flat = convert(folder / "excel97_parts.xlsx", "fods", folder)
        with_note_author(flat)
        written = convert(flat, "xls", folder)
        very_hidden(written, "深藏")
        check(written)
        (OUT / written.name).write_bytes(written.read_bytes())
        markup = convert(markup_workbook(folder / "excel97_markup.xlsx"), "xls", folder)
        check_markup(markup)
        (OUT / markup.name).write_bytes(markup.read_bytes())
    print(f"wrote {OUT / 'clean.xls'}, {OUT / 'excel97_parts.xls'} and {OUT / 'excel97_markup.xls'}")


if __name__ == "__main__":
    main()
