"""The parts of a Word (.docx) or Excel (.xlsx) attachment that python-docx's paragraphs and tables and
openpyxl's read-only cells leave out, read with zipfile: a Word document's body whole (word_text: content
controls, text boxes, nested tables, tracked deletions, field codes), headers, footers, footnotes, endnotes,
comments (and their authors), building blocks, charts and SmartArt, and the people of its comments and tracked
changes; a workbook's threaded comments and replies (and the people who wrote them), text boxes, shapes, charts
and SmartArt; and the document properties (author, company, custom ones). What both keep in attributes and custom
XML, and a workbook's legacy text boxes and pivot caches, are office_parts'; a workbook's revision log and external
links' caches workbook_records'; what both keep in their markup (links' addresses, sheet names, formulas, document
variables, bookmarks) office_markup's. They are published with the file, so personal information in them is found
like the body's (attachment_text).
"""
from __future__ import annotations

import re
import zipfile
from typing import Callable
from xml.etree import ElementTree

from gongkai.engine import office_markup, office_parts, ooxml, word_text, workbook_records
from gongkai.engine.ooxml import Pieces, Source

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
_WORD_PART = re.compile(r"word/(header|footer|footnotes|endnotes|comments|glossary/document)\d*\.xml")
#: the glossary document holds the building blocks (文档部件: AutoText, Quick Parts) saved in the file
_WORD_LABELS = {"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注",
                "glossary/document": "文档部件"}
#: the people of a Word file's comments and tracked changes, kept after the changes are accepted
_WORD_PEOPLE = "word/people.xml"
#: a Word document's charts, the shapes drawn on them and its SmartArt (diagrams)
_WORD_DRAWN = re.compile(r"word/(charts|drawings|diagrams)/[^/]+\.xml")
#: the parts of a workbook besides its sheets and comments that hold text
_EXCEL_PART = re.compile(r"xl/(threadedComments|persons|drawings|charts|diagrams)/[^/]+\.xml")
#: what names a building block as Word's organiser shows it (its w:category's w:name aside)
_ENTRY_NAMES = (_W + "name", _W + "description")
_PROPERTIES = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
#: the package's relationships to its properties, wherever they are: a file written with .NET's System.IO.Packaging
#: (as many office systems export Word and Excel files) keeps its core ones in package/services/metadata/…psmdcp
_PROPERTY_KINDS = ("/metadata/core-properties", "/extended-properties", "/custom-properties")
_PROPERTY_LABELS = {"creator": "作者", "lastModifiedBy": "最后修改者", "title": "标题", "subject": "主题",
                    "description": "备注", "keywords": "关键词", "category": "类别", "Company": "单位", "Manager": "经理"}


def word_body(path: Source) -> Pieces:
    """The paragraphs and table cells of a .docx's main part, wherever they are (word_text); the alt text of its
    drawings and the authors of its tracked changes (office_parts)."""
    with zipfile.ZipFile(path) as book:
        root = ooxml.tree(book, next(iter(ooxml.related(book, "", "/officeDocument")), "word/document.xml"))
    if root.tag != _W + "document":
        raise ValueError("not a WordprocessingML document")  # Strict OOXML and the like: said unread, not passed
    yield from word_text.body(root)
    yield from office_parts.hidden_attributes(root, "")
    yield from office_markup.word_marks(root)


def word_parts(path: Source) -> Pieces:
    """A .docx's headers, footers, footnotes, endnotes, comments and building blocks (and their names), paragraph
    by paragraph as word_text reads the body (what tracked changes deleted, field codes and fallbacks too), the
    text of its charts and SmartArt, what each keeps in attributes (office_parts), the people of its comments and
    tracked changes, what each marks without showing (office_markup: bookmarks, form fields), the document
    variables, and its properties and links' addresses."""
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if part := _WORD_PART.fullmatch(name):
                root, label = ooxml.tree(book, name), _WORD_LABELS[part.group(1)]
                for comment in root.findall(_W + "comment"):
                    yield "批注作者", " ".join(filter(None, (comment.get(_W + "author"), comment.get(_W + "initials"))))
                for entry in root.findall(f"{_W}docParts/{_W}docPart/{_W}docPartPr"):
                    yield "文档部件的名称", " ".join(e.get(_W + "val", "") for e in entry if e.tag in _ENTRY_NAMES)
                yield from word_text.part(root, label)
                yield from office_markup.word_marks(root)
            elif drawn := _WORD_DRAWN.fullmatch(name):
                root, label = ooxml.tree(book, name), ""
                yield from DRAWN_READERS[drawn.group(1)](root, label)
            elif name == _WORD_PEOPLE:
                root, label = ooxml.tree(book, name), ""
                yield from _persons(root, "", "批注和修订作者")
            else:
                continue
            yield from office_parts.hidden_attributes(root, label)
        yield from office_markup.settings(book)
        yield from package(book)


def excel_parts(path: Source, shown: set[str]) -> Pieces:
    """An .xlsx's cell comments (and their authors), each sheet's print header and footer, formulas, data
    validations and hyperlinks (office_markup), its threaded comments and their replies (and the people who wrote
    them), the text of its text boxes, shapes, charts and SmartArt and what they keep in attributes, its legacy
    text boxes and form controls (and its header's pictures' names), its pivot caches (office_parts), its revision
    log, the cached values of its external links, its data connections and its sheets' custom properties
    (workbook_records), its sheet names and defined names, the shared strings no cell shows (`shown`: every cell's
    text), and its properties and links' addresses. A part no sheet names is read too, without a sheet's name."""
    with zipfile.ZipFile(path) as book:
        owners: dict[str, str] = {}
        for title, sheet in _sheets(book):
            yield from office_markup.sheet(book, sheet, f"工作表“{title}”")
            for comments in ooxml.related(book, sheet, "/comments"):
                root = ooxml.tree(book, comments)
                for author in root.iter(_S + "author"):
                    yield f"工作表“{title}”批注作者", author.text or ""
                for comment in root.iter(_S + "comment"):
                    text = "".join(t.text or "" for t in comment.iter(_S + "t"))
                    yield f"工作表“{title}”单元格 {comment.get('ref')} 的批注", text
            owners.update(_owned(book, sheet, f"工作表“{title}”"))
        for name in book.namelist():
            part = _EXCEL_PART.fullmatch(name)
            if part:
                root, owner = ooxml.tree(book, name), owners.get(name, "")
                yield from _EXCEL_READERS[part.group(1)](root, owner)
                yield from office_parts.hidden_attributes(root, owner)
        yield from office_parts.legacy_drawings(book, owners)
        yield from office_parts.pivot_caches(book)
        yield from workbook_records.revisions(book)
        yield from workbook_records.external_links(book)
        yield from workbook_records.connections(book)
        yield from workbook_records.custom_properties(book, owners)
        yield from office_markup.workbook(book)
        yield from office_markup.unshown_strings(book, shown)
        yield from package(book)


def _owned(book: zipfile.ZipFile, sheet: str, owner: str) -> dict[str, str]:
    """The threaded comments, drawings, legacy drawings, SmartArt and charts (with the shapes drawn on them) and
    custom properties of a sheet, named by it."""
    owned = dict.fromkeys(ooxml.related(book, sheet, "/threadedComment"), owner)
    owned.update(dict.fromkeys(ooxml.related(book, sheet, "/customProperty"), owner))
    owned.update(dict.fromkeys(ooxml.related(book, sheet, "/vmlDrawing"), owner))
    for drawing in ooxml.related(book, sheet, "/drawing"):
        owned[drawing] = owner
        owned.update(dict.fromkeys(ooxml.related(book, drawing, "/diagramData"), owner))
        for chart in ooxml.related(book, drawing, "/chart"):
            owned[chart] = owner
            owned.update(dict.fromkeys(ooxml.related(book, chart, "/chartUserShapes"), owner))
    return owned


def _threaded(root: ElementTree.Element, owner: str) -> Pieces:
    """Each threaded comment (Excel 365's 批注, which people reply to) and reply."""
    for comment in root.iter():
        if ooxml.local(comment.tag) == "threadedComment":
            text = "".join(t for child in comment if ooxml.local(child.tag) == "text" for t in child.itertext())
            yield f"{owner}单元格 {comment.get('ref')} 的批注{'回复' if comment.get('parentId') else ''}", text


def _persons(root: ElementTree.Element, owner: str, label: str = "批注作者") -> Pieces:
    """The people who wrote a workbook's threaded comments, or a Word file's comments and tracked changes (its
    person's w15:author, their w15:presenceInfo's w15:userId): their names and account ids."""
    for person in root.iter():
        if ooxml.local(person.tag) == "person":
            found = {ooxml.local(key): value for element in person.iter() for key, value in element.items()}
            name = found.get("displayName") or found.get("author")
            yield f"{owner}{label}", " ".join(filter(None, (name, found.get("userId"))))


def _drawn(label: str) -> Callable[[ElementTree.Element, str], Pieces]:
    """The reader of a drawing's, a chart's or a SmartArt's text: each text body (a shape's, a title's, a
    SmartArt node's) a piece, a paragraph a line, and each value a chart holds (its series' names and categories
    as the chart shows them)."""
    def read(root: ElementTree.Element, owner: str) -> Pieces:
        for element in root.iter():
            local = ooxml.local(element.tag)
            if local in ("txBody", "rich") or element.tag == _DGM + "t":
                yield f"{owner}的{label}", ooxml.drawn_text(element)
            elif local == "v":
                yield f"{owner}的{label}", element.text or ""
    return read


_CHART, _SMART_ART = _drawn("图表"), _drawn("SmartArt 图形")
_EXCEL_READERS = {"threadedComments": _threaded, "persons": _persons, "drawings": _drawn("文本框"),
                  "charts": _CHART, "diagrams": _SMART_ART}
#: a Word document's and a presentation's (slides_text): their drawings are the shapes drawn on their charts
DRAWN_READERS = {"charts": _CHART, "drawings": _CHART, "diagrams": _SMART_ART}


def package(book: zipfile.ZipFile) -> Pieces:
    """What a Word, Excel or PowerPoint file keeps beside its parts: each document property (core, app and custom,
    where they usually are and wherever the package relates to them), named as the programs show it; the custom XML
    data, where a document library keeps its own, and the ActiveX controls' properties (office_parts); the address
    of every link (office_markup)."""
    named = [name for name in _PROPERTIES if name in book.namelist()]
    related = [part for kind, part in ooxml.relationships(book, "").values()
               if kind.endswith(_PROPERTY_KINDS) and part in book.namelist()]
    for name in dict.fromkeys([*named, *related]):
        for element in ooxml.tree(book, name):
            label = element.get("name") or _PROPERTY_LABELS.get(ooxml.local(element.tag), ooxml.local(element.tag))
            yield f"文档属性“{label}”", " ".join(element.itertext())
    yield from office_parts.custom_xml(book)
    yield from office_parts.controls(book)
    yield from office_markup.links(book)


def _sheets(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part) of each sheet of a workbook that the file holds, in its order."""
    targets = {id_: part for id_, (_, part) in ooxml.relationships(book, "xl/workbook.xml").items()
               if part in book.namelist()}
    sheets = ooxml.tree(book, "xl/workbook.xml").iter(_S + "sheet")
    return [(s.get("name", ""), targets[s.get(_R + "id")]) for s in sheets if s.get(_R + "id") in targets]

