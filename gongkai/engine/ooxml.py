"""Reading the parts of an Office Open XML package (.docx, .xlsx) with zipfile: a part's XML (whole, or element by
element as it streams by), the parts it relates to (or any part does), an element's name without its namespace;
shared by the readers of the text a package holds (office_text, office_parts, workbook_records), which is published
with the file.
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO, Iterator
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

Pieces = Iterator[tuple[str, str]]  # (where, as 页眉 or 工作表“名单”单元格 A2 的批注; text)
#: a package on disk, or a copy of one embedded in another (a workbook in a Word file)
Source = Path | IO[bytes]


def tree(book: zipfile.ZipFile, name: str) -> Element:
    return ElementTree.fromstring(book.read(name))


def related(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts `part` relates to whose relationship type ends with `kind`, that the file holds."""
    return [target for type_, target in relationships(book, part).values()
            if type_.endswith(kind) and target in book.namelist()]


def targets(book: zipfile.ZipFile, kind: str) -> list[str]:
    """The parts any part relates to by a relationship whose type ends with `kind`, that the file holds, each once
    (a Word file's altChunks: its body's, its headers', its footnotes'); only the relationships parts that name
    `kind` at all are parsed."""
    found: dict[str, None] = {}
    for name, source in relationship_parts(book):
        if kind.encode() in book.read(name):
            found.update(dict.fromkeys(related(book, source, kind)))
    return list(found)


def relationship_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, source) of each relationships part of the package: `source` the part whose relationships it holds,
    "" for the package's own (_rels/.rels)."""
    found = []
    for name in book.namelist():
        folder, rels = posixpath.split(name)
        if posixpath.basename(folder) == "_rels" and rels.endswith(".rels"):
            found.append((name, posixpath.join(posixpath.dirname(folder), rels[:-5])))
    return found


def relationships(book: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part it names) of `part`; none when it has no relationships part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in book.namelist():
        return {}
    found = {}
    for rel in tree(book, rels):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def ended(book: zipfile.ZipFile, name: str, tags: set[str]) -> Iterator[tuple[Element, list[Element]]]:
    """Each element of a part whose name (without its namespace) is one of `tags`, whole, as it ends, with the
    elements it is in (outermost first: their attributes are there, not all their children); the part parsed as it
    streams by, each element dropped once read unless inside one of `tags`: a revision log or a link's cache may
    hold a sheet of a million cells."""
    around: list[Element] = []
    inside = 0  # how many of `tags` are open
    with book.open(name) as part:
        for event, element in ElementTree.iterparse(part, ("start", "end")):
            wanted = local(element.tag) in tags
            if event == "start":
                around.append(element)
                inside += wanted
                continue
            around.pop()
            if wanted:
                inside -= 1
                yield element, around
            if around and not inside:
                around[-1].remove(element)


#: DrawingML: the text of shapes, text boxes, charts and SmartArt in Word, Excel and PowerPoint alike
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def drawn_text(body: Element) -> str:
    """A DrawingML text body's text (a shape's, a title's, a SmartArt node's): a paragraph a line."""
    return "\n".join("".join(t.text or "" for t in p.iter(DRAWING + "t")) for p in body.iter(DRAWING + "p"))


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]
