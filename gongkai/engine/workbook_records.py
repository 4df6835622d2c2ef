"""The records of cell values a workbook keeps where no sheet shows them, published with the file all the same: a
shared workbook's revision log (修订记录: each changed cell's value before and after, kept after the cell is
changed again or its row deleted) with the names of the people who made the changes and shared it and of the
sheets and names they renamed, and the values of the other workbooks its formulas link to (外部链接), as cached
when the links were last updated, with those workbooks' sheet names and defined names. Each part is read as it
streams by (ooxml.ended): either may hold a whole sheet. Pivot caches are office_parts'. And where its data came
from: each data connection (数据连接: a database's connection and query, a file's or a web page's address, a query's
parameters) and what an add-in or macro keeps on a sheet (its custom properties, 自定义属性).
"""
from __future__ import annotations

import re
import zipfile
from xml.etree.ElementTree import Element

from gongkai.engine import ooxml
from gongkai.engine.ooxml import Pieces

_REVISIONS = re.compile(r"xl/revisions/[^/]+\.xml")
#: who a revision part names, in which attribute: the user of each saved revision (header), each user the workbook
#: is shared with (userInfo), the author of a changed comment (rcmt)
_USERS = {"header": ("userName", "修订作者"), "userInfo": ("name", "共享工作簿的用户"), "rcmt": ("author", "修订作者")}
#: a changed cell's old and new value (in rcc: a cell's change; inside rrc, the cells of a deleted row or column)
_CHANGED = {"oc": "原值", "nc": "新值"}
#: the sheets and names a revision renamed, inserted or redefined: their names then, and a name's formula then and now
_NAMED = {"rsnm": ("oldName", "newName"), "ris": ("name",), "rdn": ("name",)}
_EXTERNAL = re.compile(r"xl/externalLinks/[^/]+\.xml")
_CONNECTIONS = "xl/connections.xml"
#: a sheet's custom property's value: UTF-16 text in a part of its own
_CUSTOM_PROPERTY = re.compile(r"xl/customProperty\d*\.bin")
#: an external link's names of the linked workbook's sheets, its defined names and its cached cells
_CACHED = {"sheetName", "definedName", "cell"}


def revisions(book: zipfile.ZipFile) -> Pieces:
    """The people a shared workbook's revision headers, user list and log name, each changed cell's values in its
    log, and the names of the sheets and defined names it renamed, inserted or redefined (a name's formulas too)."""
    for name in filter(_REVISIONS.fullmatch, book.namelist()):
        for element, _ in ooxml.ended(book, name, {*_USERS, *_CHANGED, *_NAMED}):
            tag = ooxml.local(element.tag)
            if tag in _USERS:
                attribute, label = _USERS[tag]
                yield label, element.get(attribute, "")
            elif tag in _NAMED:
                yield from (("修订记录中的工作表或名称", element.get(key, "")) for key in _NAMED[tag])
                yield from (("修订记录中的工作表或名称", text) for text in element.itertext() if text.strip())
            else:
                yield f"修订记录中单元格 {element.get('r')} 的{_CHANGED[tag]}", _value(element)


def external_links(book: zipfile.ZipFile) -> Pieces:
    """Each cell an external link caches of the workbook it links to, named by its sheet; that workbook's sheet names
    and defined names (with what they refer to)."""
    for name in filter(_EXTERNAL.fullmatch, book.namelist()):
        sheets: list[str] = []
        for element, around in ooxml.ended(book, name, _CACHED):
            tag = ooxml.local(element.tag)
            if tag == "sheetName":
                sheets.append(element.get("val", ""))
                yield "外部链接的工作表名称", sheets[-1]
            elif tag == "definedName":
                yield "外部链接的名称", " ".join(filter(None, (element.get("name"), element.get("refersTo"))))
            else:
                yield f"外部链接缓存的{_sheet(sheets, around)}单元格 {element.get('r')}", _value(element)


def connections(book: zipfile.ZipFile) -> Pieces:
    """What each data connection keeps, named by it: every attribute of it and of what it holds (its database's
    connection string and command, a source file's path, a web query's address, its parameters' values)."""
    if _CONNECTIONS not in book.namelist():
        return
    for connection in ooxml.tree(book, _CONNECTIONS):
        where = f"数据连接“{connection.get('name', '')}”"
        for element in connection.iter():
            yield from ((where, value) for value in element.attrib.values() if value.strip())


def custom_properties(book: zipfile.ZipFile, owners: dict[str, str]) -> Pieces:
    """The value of each custom property of a sheet, named by the sheet that holds it (`owners`, by part)."""
    for name in filter(_CUSTOM_PROPERTY.fullmatch, book.namelist()):
        yield f"{owners.get(name, '工作表')}的自定义属性", book.read(name).decode("utf-16-le", "replace")


def _sheet(sheets: list[str], around: list[Element]) -> str:
    """工作表“…”, the sheet of a cached cell (its sheetData's sheetId is the sheet's index in the link's names), or
    nothing when the link does not name it."""
    ids = [element.get("sheetId", "") for element in around if ooxml.local(element.tag) == "sheetData"]
    index = int(ids[0]) if ids and ids[0].isdigit() else len(sheets)
    return f"工作表“{sheets[index]}”" if index < len(sheets) else ""


def _value(cell: Element) -> str:
    """A cell's value, formula and rich text, a line each; a rich text's runs one text."""
    return "\n".join("".join(child.itertext()) for child in cell)
