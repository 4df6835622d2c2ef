"""What an Office Open XML file keeps in its markup besides the text its program shows, published with the file all
the same: the address of every link (超链接: a `mailto:` or `tel:` with a person's number, a template's path), a
workbook's sheet names (hidden sheets' too), defined names, each cell's formula (its literals: a number looked up
by a formula is not in the cell's value), data-validation lists and messages, and hyperlinks' texts and tooltips; a
Word file's document variables and mail-merge settings (what a template filled in), bookmark names, form fields'
list entries, defaults and help texts, and content controls' list items, titles and tags; and the strings of a
workbook's shared table that no cell shows (what a cell emptied or deleted left there).
"""
from __future__ import annotations

import html
import re
import zipfile
from typing import Iterator
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from gongkai.engine import ooxml
from gongkai.engine.ooxml import Pieces

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKBOOK = "xl/workbook.xml"
#: the content type of a workbook's table of shared strings, by which openpyxl finds the one its cells' text is in
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_CONTENT_TYPES, _TYPES = "[Content_Types].xml", "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: where a shared string no cell shows is, in a finding (.xls and .et too: biff_text)
UNSHOWN = "共享字符串表中没有单元格显示的文字"
#: Excel's header and footer codes: &C (centre), &"宋体,常规", &K and a colour, &12 (font size), &P (page)
HEADER_CODES = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|\d{1,3}|.)')
#: what a sheet keeps outside its cells' values, each found as the sheet streams by: a print header or footer, a
#: cell's formula (a shared formula's first cell holds its text), a data validation, a hyperlink
_SHEET_MARKUP = re.compile(
    rb"<(?:\w+:)?(?P<side>odd|even|first)(?P<kind>Header|Footer)>(?P<header>[^<]*)<"
    rb"|<(?:\w+:)?c\s(?P<cell>[^>]*)>\s*<(?:\w+:)?f\b[^>]*>(?P<formula>[^<]*)</"
    rb"|<(?:\w+:)?dataValidation\s(?P<rule>[^>]*?)(?:/>|>(?P<lists>.*?)</(?:\w+:)?dataValidation>)"
    rb"|<(?:\w+:)?hyperlink\s(?P<link>[^>]*)>", re.S)
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: a validation's list or bounds: formula1 and formula2, Excel 2010's (x14) with the formula in an xm:f
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?(?:formula\d?|f)>([^<]*)<")
#: what a data validation and a hyperlink say in their attributes, as Excel names them
_VALIDATION_TEXTS = ("promptTitle", "prompt", "errorTitle", "error")
_LINK_TEXTS = ("display", "tooltip", "location")
#: bytes of a sheet read at a time, and the last of them read again with the next: a formula is 8,192 characters
#: at most, a header a few hundred, so an element cut between two reads is whole in the next
_CHUNK, _OVERLAP = 1 << 20, 64 * 1024
#: a Word form field's texts (w:ffData): its help texts, a text field's default, a drop-down's entries
_FORM_FIELD = {_W + name for name in ("helpText", "statusText", "default", "listEntry")}
#: a content control's title and tag (w:sdtPr), which Word shows only when asked
_CONTROL_NAMES = {_W + "alias": "内容控件的标题", _W + "tag": "内容控件的标记"}


def links(book: zipfile.ZipFile) -> Pieces:
    """The address of every link out of the package, from every part's relationships: hyperlinks, linked pictures
    and files, a document's template (its path names the folder it was made in), percent-escapes decoded."""
    for name, _ in ooxml.relationship_parts(book):
        for rel in ooxml.tree(book, name).iter(f"{{{_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                yield "链接地址", unquote(rel.get("Target", ""))


def workbook(book: zipfile.ZipFile) -> Pieces:
    """A workbook's sheet names, hidden sheets' too, and each defined name with what it refers to."""
    if _WORKBOOK not in book.namelist():
        return
    for element in ooxml.tree(book, _WORKBOOK).iter():
        if element.tag == _S + "sheet":
            yield "工作表名称", element.get("name", "")
        elif element.tag == _S + "definedName":
            yield "定义的名称", element.get("name", "")
            yield f"定义的名称“{element.get('name', '')}”", element.text or ""


def unshown_strings(book: zipfile.ZipFile, shown: set[str]) -> Pieces:
    """The strings of the workbook's shared table that no cell shows (`shown`: the text of every cell, as openpyxl
    reads it): Excel and other writers may keep the text of a cell emptied or deleted there, and it is published
    with the file, found by any program that reads the file's text. Read as openpyxl reads the table, so that a
    string a cell shows is the very string."""
    from openpyxl.reader.strings import read_string_table

    for part in _string_tables(book):
        with book.open(part) as table:
            yield from ((UNSHOWN, text) for text in read_string_table(table)
                        if text and text not in shown)


def _string_tables(book: zipfile.ZipFile) -> list[str]:
    """The workbook's tables of shared strings: the one its content types name (openpyxl's), and any its workbook
    part relates to."""
    types = ooxml.tree(book, _CONTENT_TYPES).iter(_TYPES + "Override") if _CONTENT_TYPES in book.namelist() else ()
    named = [part.get("PartName", "").lstrip("/") for part in types if part.get("ContentType") == _SHARED_STRINGS]
    found = dict.fromkeys(name for name in named if name in book.namelist())
    found.update(dict.fromkeys(ooxml.related(book, _WORKBOOK, "/sharedStrings")))
    return list(found)


def sheet(book: zipfile.ZipFile, part: str, owner: str) -> Pieces:
    """What sheet `part` (named `owner`: 工作表“名单”) keeps outside its cells' values: its print headers and
    footers (codes taken out), each formula, each data validation's list and messages, each hyperlink's text,
    tooltip and place; read a megabyte at a time as openpyxl's read-only mode reads the cells, a sheet may be far
    bigger than a check should hold."""
    for found in _streamed(book, part):
        if found["kind"]:
            side = "页眉" if found["kind"] == b"Header" else "页脚"
            yield f"{owner}{side}", HEADER_CODES.sub("", _text(found["header"]))
        elif found["cell"] is not None:
            yield f"{owner}单元格 {_attributes(found['cell']).get('r', '')} 的公式", _text(found["formula"])
        elif found["rule"] is not None:
            attributes = _attributes(found["rule"])
            where = f"{owner}单元格 {attributes.get('sqref', '')} 的数据验证"
            yield from ((where, attributes[name]) for name in _VALIDATION_TEXTS if name in attributes)
            yield from ((where, _text(text)) for text in _FORMULA_TEXT.findall(found["lists"] or b""))
        else:
            attributes = _attributes(found["link"])
            where = f"{owner}单元格 {attributes.get('ref', '')} 的超链接"
            yield from ((where, attributes[name]) for name in _LINK_TEXTS if name in attributes)


def _streamed(book: zipfile.ZipFile, part: str) -> Iterator[re.Match]:
    """Each match of _SHEET_MARKUP in a part, read _CHUNK bytes at a time; a match within the bytes read again
    was found in the read before."""
    with book.open(part) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            yield from (m for m in _SHEET_MARKUP.finditer(data) if m.end() > len(tail))
            tail = data[-_OVERLAP:]


def _attributes(markup: bytes) -> dict[str, str]:
    """An element's attributes by their local names, entities decoded."""
    return {name.decode("ascii", "replace").rpartition(":")[2]: _text(double if double is not None else single)
            for name, double, single in _ATTRIBUTE.findall(markup)}


def _text(markup: bytes) -> str:
    return html.unescape(markup.decode("utf-8", "replace"))


def settings(book: zipfile.ZipFile) -> Pieces:
    """A Word file's document variables (文档变量: what a template or an add-in stored in the file, never shown) and
    its mail-merge settings (the data source's path and query)."""
    if "word/settings.xml" not in book.namelist():
        return
    root = ooxml.tree(book, "word/settings.xml")
    for variable in root.iter(_W + "docVar"):
        yield f"文档变量“{variable.get(_W + 'name', '')}”", variable.get(_W + "val", "")
    for merge in root.iter(_W + "mailMerge"):
        for element in merge.iter():
            if element.get(_W + "val"):
                yield "邮件合并设置", element.get(_W + "val", "")


def word_marks(root: Element) -> Pieces:
    """What a Word part marks without showing: bookmark names, form fields' help texts, defaults and drop-down
    entries (all of them, not only the one chosen), content controls' titles, tags and list items, hyperlinks'
    tooltips (a drawing's are office_parts')."""
    for element in root.iter():
        tag = element.tag
        if tag == _W + "bookmarkStart":
            yield "书签名称", element.get(_W + "name", "")
        elif tag in _FORM_FIELD:
            yield "窗体域", element.get(_W + "val", "")
        elif tag in _CONTROL_NAMES:
            yield _CONTROL_NAMES[tag], element.get(_W + "val", "")
        elif tag == _W + "hyperlink" and element.get(_W + "tooltip"):
            yield "超链接的屏幕提示", element.get(_W + "tooltip", "")
        elif tag == _W + "listItem":
            shown, value = element.get(_W + "displayText"), element.get(_W + "value")
            yield "内容控件的列表项", " ".join(filter(None, (shown, value)))
