"""Reading the parts of an Office Open XML package (.docx, .xlsx) with zipfile: a part's XML, the parts it relates
to, an element's name without its namespace; shared by the readers of the text a package holds (office_text,
office_parts), which is published with the file.
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO, Iterator
from xml.etree import ElementTree

Pieces = Iterator[tuple[str, str]]  # (where, as 页眉 or 工作表“名单”单元格 A2 的批注; text)
#: a package on disk, or a copy of one embedded in another (a workbook in a Word file)
Source = Path | IO[bytes]


def tree(book: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(book.read(name))


def related(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts `part` relates to whose relationship type ends with `kind`, that the file holds."""
    return [target for type_, target in relationships(book, part).values()
            if type_.endswith(kind) and target in book.namelist()]


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


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]
