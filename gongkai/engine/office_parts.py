"""What a Word or Excel attachment holds besides the text office_text reads, published with the file all the
same: the alt text, titles and names of its pictures and shapes (替代文字, which a screen reader reads aloud;
a picture's name is often the file it was inserted from, and so is a legacy (VML) picture's title: a picture in
an Excel header's), the authors of a Word file's tracked changes (修订作者), its custom XML data (自定义 XML: a document
library's columns, a template's fields, the sources of citations), the text of an Excel workbook's legacy (VML)
text boxes and form controls, and its pivot caches (数据透视表缓存), a full copy of a pivot table's source data
kept even after the source sheet is deleted; and what the ActiveX controls of all three keep (a text box's text).
"""
from __future__ import annotations

import html
import re
import zipfile
from typing import Iterator
from xml.etree import ElementTree
from xml.parsers import expat

from gongkai.engine import ooxml, sanitize
from gongkai.engine.ooxml import Pieces
from gongkai.engine.structures import ascii_runs

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
#: the attributes of a drawing's properties (wp:docPr, xdr:cNvPr, pic:cNvPr) that name or describe it
_DRAWING_LABELS = {"descr": "替代文字", "title": "标题", "name": "名称"}
#: those of a legacy (VML) shape or picture (v:shape alt, v:imagedata o:title), whatever the prefix
_VML_LABELS = {"alt": "替代文字", "title": "标题"}
_CUSTOM_XML = re.compile(r"customXml/item\d+\.xml")
#: an ActiveX control's properties (a text box's text, a button's caption, a player's file), a bag of them in XML,
#: or its own binary state
_CONTROL = re.compile(r"(?:word|xl|ppt)/activeX/[^/]+\.(xml|bin)")
_PIVOT_CACHE = re.compile(r"xl/pivotCache/pivotCache(Definition|Records)\d*\.xml")
#: a cached value: a string or a number (a record's <x> is the index of one of its field's shared items, which
#: are read from the definition)
_CACHED = ("s", "n")
_LEGACY_DRAWING = re.compile(r"xl/drawings/[^/]+\.vml")
#: a VML shape, whatever prefix the file gives it; shapes do not hold one another
_VML_SHAPE = re.compile(r"<((?:\w+:)?(?:shape|rect|roundrect|oval|line|polyline|arc|curve))\b.*?</\1\s*>", re.S)
_VML_TEXTBOX = re.compile(r"<(?:\w+:)?textbox\b[^>]*>(.*?)</(?:\w+:)?textbox\s*>", re.S)
#: a cell comment's box, whose text is the comment's (read from the comments part)
_NOTE = re.compile(r"""ObjectType\s*=\s*["']Note["']""")
_VML_NAMED = re.compile(r"""\s(?:\w+:)?(alt|title)\s*=\s*(["'])(.*?)\2""", re.S)
_LINE_END = re.compile(r"<br\b[^>]*>|</(?:div|p)\s*>", re.I)


def hidden_attributes(root: ElementTree.Element, owner: str) -> Pieces:
    """The alt text, title and name of each picture, shape and chart a part draws (in `owner`: 页眉, a sheet),
    DrawingML's or VML's, the tooltip of each DrawingML hyperlink (a shape's, a run's in a text box), and each
    author of its tracked changes once (w:ins, w:del, w:rPrChange… all name theirs in w:author; a comment's own
    author is read with the comments, as 批注作者)."""
    authors: dict[str, None] = {}
    for element in root.iter():
        if ooxml.local(element.tag) in ("docPr", "cNvPr"):
            for attribute, label in _DRAWING_LABELS.items():
                if element.get(attribute):
                    yield _drawn_in(owner, label), element.get(attribute, "")
        elif element.tag.startswith(_V):
            for attribute, value in element.items():
                if ooxml.local(attribute) in _VML_LABELS and value:
                    yield _drawn_in(owner, _VML_LABELS[ooxml.local(attribute)]), value
        elif ooxml.local(element.tag) in ("hlinkClick", "hlinkHover") and element.get("tooltip"):
            yield f"{owner}中超链接的屏幕提示" if owner else "超链接的屏幕提示", element.get("tooltip", "")
        elif element.get(_W + "author") and element.tag != _W + "comment":
            authors[element.get(_W + "author", "")] = None
    for author in authors:
        yield "修订作者", author


def _drawn_in(owner: str, label: str) -> str:
    """图形的替代文字 (a `label` of a picture or shape), in `owner` when it has one (工作表“名单”中图形的…)."""
    return f"{owner}中图形的{label}" if owner else f"图形的{label}"


def pivot_caches(book: zipfile.ZipFile) -> Pieces:
    """Each string and number a workbook's pivot caches hold, named by its field: each field's shared items
    (in the cache's definition), then the values each record holds itself, read as the parts stream by: a cache
    may hold a sheet of a million rows."""
    fields_of: dict[str, list[str]] = {}
    parts = [(match.group(1), match.group(0)) for match in map(_PIVOT_CACHE.fullmatch, book.namelist()) if match]
    for kind, name in sorted(parts):  # definitions first: they name the fields of their records
        if kind == "Definition":
            fields: list[str] = []
            yield from _shared_items(book, name, fields)
            fields_of.update(dict.fromkeys(ooxml.related(book, name, "/pivotCacheRecords"), fields))
        else:
            yield from _records(book, name, fields_of.get(name, []))


def _shared_items(book: zipfile.ZipFile, name: str, fields: list[str]) -> Pieces:
    """The values of each field of a cache's definition, the names of its fields put in `fields`."""
    for _, tag, attributes in _starts(book, name):
        if tag == "cacheField":
            fields.append(attributes.get("name", ""))
        elif tag in _CACHED:
            yield _cached(fields[-1] if fields else ""), attributes.get("v", "")


def _records(book: zipfile.ZipFile, name: str, fields: list[str]) -> Pieces:
    """The values of each record of a cache (r), one a field in the order of `fields`."""
    column = 0
    for depth, tag, attributes in _starts(book, name):
        if depth == 2:  # a record
            column = 0
        elif depth == 3:  # a value of it
            column += 1
            if tag in _CACHED:
                yield _cached(fields[column - 1] if column <= len(fields) else ""), attributes.get("v", "")


def _cached(field: str) -> str:
    return f"数据透视表缓存字段“{field}”" if field else "数据透视表缓存"


def _starts(book: zipfile.ZipFile, name: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(depth, local name, attributes) of each element of a part as it starts, the part parsed a megabyte at a
    time without building its tree."""
    found: list[tuple[int, str, dict[str, str]]] = []
    depth = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        found.append((depth, ooxml.local(tag), attributes))

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    with book.open(name) as part:
        while True:
            chunk = part.read(1 << 20)
            parser.Parse(chunk, not chunk)
            yield from found
            found.clear()
            if not chunk:
                return


def legacy_drawings(book: zipfile.ZipFile, owners: dict[str, str]) -> Pieces:
    """The text of each text box and form control (a button's, a label's caption) of a workbook's legacy VML
    drawings, as shown: tags taken out, a line break or a paragraph a line; and the alt text and title of each
    shape and picture (a header's or footer's picture is titled by the file it was inserted from). VML is the loose
    markup of old Office, not always XML, so it is read as text."""
    for name in book.namelist():
        if not _LEGACY_DRAWING.fullmatch(name):
            continue
        markup = book.read(name).decode("utf-8", "replace")
        owner = owners.get(name, "")
        for named in _VML_NAMED.finditer(markup):
            if named.group(3):
                yield _drawn_in(owner, _VML_LABELS[named.group(1)]), html.unescape(named.group(3))
        for shape in _VML_SHAPE.finditer(markup):
            if not _NOTE.search(shape.group(0)):
                for box in _VML_TEXTBOX.finditer(shape.group(0)):
                    text = sanitize.shown_text(_LINE_END.sub("\n", box.group(1)))
                    yield f"{owner}的控件或文本框", text


def custom_xml(book: zipfile.ZipFile) -> Pieces:
    """Each text and attribute value of the custom XML data parts (small: a document library's columns, a
    template's fields, the sources of citations), a piece each: they are values, not one text."""
    for name in filter(_CUSTOM_XML.fullmatch, book.namelist()):
        yield from custom_values(ooxml.tree(book, name))


def controls(book: zipfile.ZipFile) -> Pieces:
    """Each property an ActiveX control keeps (ax:ocxPr: a text box's Value, a caption, a file's path), named by
    the property; a control kept in its own binary form, as runs of characters."""
    for name in book.namelist():
        found = _CONTROL.fullmatch(name)
        if found and found.group(1) == "xml":
            for element in ooxml.tree(book, name).iter():
                if ooxml.local(element.tag) == "ocxPr":
                    values = {ooxml.local(key): value for key, value in element.items()}
                    yield f"ActiveX 控件的属性“{values.get('name', '')}”", values.get("value", "")
        elif found and (drawn := ascii_runs(book.read(name))):
            yield "ActiveX 控件的数据", drawn


def custom_values(root: ElementTree.Element) -> Pieces:
    """Each text and attribute value of one custom XML part (a .docx's, or a legacy file's data store item)."""
    for element in root.iter():
        for value in (element.text, element.tail, *element.attrib.values()):
            if value and value.strip():
                yield "自定义 XML", value
