"""The text of an OFD (.ofd, 开放版式文档, GB/T 33190) attachment, read with zipfile: each document the package's
OFD.xml names, page by page in its Document.xml's order (each text object's codes joined: a number drawn in pieces
is whole, each text object a line), its template pages (whose text shows on the pages that use them), its
annotations (注释: what each shows, its remark and parameters, who made it), its outline (大纲), its custom tags
(自定义标引) and the document information of OFD.xml (title, author, keywords, custom data…), and the files it
carries as attachments, read as an attachment of their type is (attachment_formats); the pages that show images
but no text (a scan) said unchecked, as a PDF's are; and the text of any part no document lists (an earlier
version's page). A package whose structure is not this is an error, which attachment_text says is an unreadable
file.
"""
from __future__ import annotations

import posixpath
import zipfile
from typing import Callable, Iterator
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from gongkai.engine import ooxml
from gongkai.engine.ooxml import Pieces, Source
from gongkai.engine.pieces import UNCHECKED, page_runs

#: the document information (DocInfo) read and how OFD readers name it; the other ones (DocID, dates, the cover's
#: picture, the version of the program) hold no text
_INFO_LABELS = {"Title": "标题", "Author": "作者", "Subject": "主题", "Abstract": "摘要", "Keywords": "关键词",
                "Creator": "创建者"}
_TEXT, _IMAGE = "TextObject", "ImageObject"
#: where the text of a part no document lists is, in a finding
UNLISTED = "未列入文档的页面内容（可能是早先的版本）"


def read(path: Source, inside: Callable[[zipfile.ZipFile, str], Pieces]) -> Pieces:
    """Each document of the package, named 第 N 个文档 when there are more than one; the pages that show images
    and no text said unchecked once a file. `inside`: how a file the package carries is read (attachment_formats)."""
    with zipfile.ZipFile(path) as book:
        root = ooxml.tree(book, "OFD.xml")
        if ooxml.local(root.tag) != "OFD":
            raise ValueError("not an OFD package")
        shown: set[str] = set()  # each line of text read from what the documents list
        for piece in _documents(book, root, inside):
            shown.update(piece[1].split("\n"))
            yield piece
        yield from _unlisted(book, shown)


def _documents(book: zipfile.ZipFile, root: Element, inside: Callable[[zipfile.ZipFile, str], Pieces]) -> Pieces:
    """What `read` says of each document the package's root lists."""
    bodies = _children(root, "DocBody")
    scanned: list[str] = []
    for n, body in enumerate(bodies, 1):
        document = f"第 {n} 个文档" if len(bodies) > 1 else ""
        for info in _children(body, "DocInfo"):
            yield from _info(info, document)
        for doc_root in _children(body, "DocRoot"):
            name = _loc(book, "OFD.xml", doc_root.text)
            pages: list[int] = []
            yield from _document(book, name, document, pages)
            for attachment, part in _attachments(book, name):
                yield f"{document}嵌入附件的名称", attachment.get("Name", "")
                yield from inside(book, part)
            if pages:
                scanned.append(f"{document}第 {page_runs(pages)} 页")
    if scanned:
        yield UNCHECKED, f"{'、'.join(scanned)}没有文字层（可能是扫描件）"


def _unlisted(book: zipfile.ZipFile, shown: set[str]) -> Pieces:
    """The text of each part of the package that draws text no document lists (a page of an earlier version, which
    the package may keep, ofd:Versions; a page left behind by the program that wrote it): its lines not read
    already (`shown`)."""
    for name in book.namelist():
        data = book.read(name) if name.lower().endswith(".xml") else b""
        if b"TextCode" in data:
            lines = [line for line in _drawn(ElementTree.fromstring(data))[0].split("\n") if line not in shown]
            if any(lines):
                yield UNLISTED, "\n".join(lines)


def _document(book: zipfile.ZipFile, name: str, document: str, scanned: list[int]) -> Pieces:
    """A document's pages (the numbers of those that show images but no text put in `scanned`), template pages,
    outline, annotations and custom tags."""
    root = ooxml.tree(book, name)
    numbers: dict[str, int] = {}
    for n, page in enumerate(_all(root, "Pages", "Page"), 1):
        numbers[page.get("ID", "")] = n
        text, images = _drawn(ooxml.tree(book, _loc(book, name, page.get("BaseLoc"))))
        if images and not text:
            scanned.append(n)
        yield f"{document}第 {n} 页", text
    for template in _all(root, "CommonData", "TemplatePage"):
        yield f"{document}模板页", _drawn(ooxml.tree(book, _loc(book, name, template.get("BaseLoc"))))[0]
    for outline in _children(root, "Outlines"):
        for element in outline.iter():
            if ooxml.local(element.tag) == "OutlineElem":
                yield f"{document}大纲", element.get("Title", "")
    for annots in _children(root, "Annotations"):
        listed = _loc(book, name, annots.text)
        for page in _children(ooxml.tree(book, listed), "Page"):
            n = numbers.get(page.get("PageID", ""))
            where = f"{document}第 {n} 页的注释" if n else f"{document}注释"
            for file in _children(page, "FileLoc"):
                yield from _annotations(ooxml.tree(book, _loc(book, listed, file.text, name)), where)
    for tags in _children(root, "CustomTags"):
        listed = _loc(book, name, tags.text)
        for file in _all(ooxml.tree(book, listed), "CustomTag", "FileLoc"):
            yield from _values(ooxml.tree(book, _loc(book, listed, file.text, name)), f"{document}自定义标引")


def _attachments(book: zipfile.ZipFile, name: str) -> Iterator[tuple[Element, str]]:
    """(its Attachment element, its part) of each file the document of part `name` carries as an attachment."""
    for attachments in _children(ooxml.tree(book, name), "Attachments"):
        listed = _loc(book, name, attachments.text)
        for attachment in _children(ooxml.tree(book, listed), "Attachment"):
            for file in _children(attachment, "FileLoc"):
                yield attachment, _loc(book, listed, file.text, name)


def _info(info: Element, document: str) -> Pieces:
    """The document information of a document: each custom datum named by its name."""
    for element in info:
        tag = ooxml.local(element.tag)
        if tag == "CustomDatas":
            for datum in element:
                yield f"{document}文档属性“{datum.get('Name', '')}”", "".join(datum.itertext())
        elif tag in _INFO_LABELS:
            yield f"{document}文档属性“{_INFO_LABELS[tag]}”", " ".join(element.itertext())


def _drawn(content: Element) -> tuple[str, bool]:
    """The text of a page's (or a template's, or an annotation's appearance's) text objects, one a line, each
    one's text codes joined; and whether it shows an image."""
    lines, images = [], False
    for element in content.iter():
        tag = ooxml.local(element.tag)
        if tag == _TEXT:
            line = "".join(code.text or "" for code in element.iter() if ooxml.local(code.tag) == "TextCode")
            if line.strip():
                lines.append(line)
        images = images or tag == _IMAGE
    return "\n".join(lines), images


def _annotations(root: Element, where: str) -> Pieces:
    """Each annotation of a page: who made it, its remark, its parameters, and the text its appearance shows."""
    for annot in root.iter():
        if ooxml.local(annot.tag) != "Annot":
            continue
        yield f"{where}作者", annot.get("Creator", "")
        for child in annot:
            tag = ooxml.local(child.tag)
            if tag == "Appearance":
                yield where, _drawn(child)[0]
            elif tag in ("Remark", "Parameters"):
                yield from ((where, text) for text in child.itertext())


def _values(root: Element, where: str) -> Pieces:
    """Each text and attribute value of a custom tag file, a piece each: they are values, not one text."""
    for element in root.iter():
        for value in (element.text, *element.attrib.values()):
            if value and value.strip():
                yield where, value


def _loc(book: zipfile.ZipFile, base: str, loc: str | None, document: str = "") -> str:
    """The part a location (ST_Loc) in part `base` names: from the package's root when it starts with /, else from
    `base`'s folder (or, as some programs write them, from `document`'s folder or the root). One the package does
    not hold is read as a damaged file's: ooxml.tree raises."""
    loc = (loc or "").strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    found = [posixpath.normpath(posixpath.join(posixpath.dirname(part), loc)) for part in (base, document) if part]
    found.append(posixpath.normpath(loc))
    return next((part for part in found if part in book.NameToInfo), found[0])


def _children(element: Element, tag: str) -> list[Element]:
    return [child for child in element if ooxml.local(child.tag) == tag]


def _all(element: Element, *path: str) -> Iterator[Element]:
    """The elements at `path` below `element`, each step a child of the last."""
    found = [element]
    for tag in path:
        found = [child for parent in found for child in _children(parent, tag)]
    yield from found
