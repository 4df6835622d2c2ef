"""The text of a PowerPoint (.pptx) attachment, read with zipfile: each slide's (the text of its shapes, tables
among them), in the presentation's order; its speaker notes (备注, which the audience does not see but the file
carries), its comments and their replies (old and modern) and the people who wrote them, the text of its charts
and SmartArt (office_text's readers), its slide masters and layouts (whose text shows on the slides that use them),
what its drawings keep in attributes (alt text, names: office_parts), its tags (what WPS and add-ins store on
slides and shapes), the people who edited it together (their names and accounts) and its document properties
(office_text).
The files it embeds are read as a Word file's are (attachment_formats).
"""
from __future__ import annotations

import re
import zipfile
from typing import Callable
from xml.etree.ElementTree import Element

from gongkai.engine import office_parts, office_text, ooxml
from gongkai.engine.ooxml import Pieces, Source

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
#: the parts besides slides whose shapes hold text
_SHAPES = re.compile(r"ppt/(notesSlides|slideMasters|slideLayouts|notesMasters|handoutMasters)/[^/]+\.xml")
_SHAPE_LABELS = {"notesSlides": "备注", "slideMasters": "幻灯片母版", "slideLayouts": "幻灯片版式",
                 "notesMasters": "备注母版", "handoutMasters": "讲义母版"}
#: a slide's comments: PowerPoint's old ones (comment1.xml) and modern ones (modernComment_….xml)
_COMMENTS = re.compile(r"ppt/comments/[^/]+\.xml")
#: the people of the old comments and of the modern ones
_AUTHORS = ("ppt/commentAuthors.xml", "ppt/authors.xml")
#: charts, the shapes drawn on them, SmartArt
_DRAWN = re.compile(r"ppt/(charts|drawings|diagrams)/[^/]+\.xml")
#: the tags a program keeps on slides, shapes and the presentation (p:tagLst: WPS's and add-ins' own data)
_TAGS = re.compile(r"ppt/tags/[^/]+\.xml")
#: the changes the people who edited the presentation together made (共同编辑): each named by who made it
_CHANGES = re.compile(r"ppt/changesInfos/[^/]+\.xml")
#: what a slide relates to that is its own: its notes, comments, charts and SmartArt
_OWNED = ("/notesSlide", "/comments", "/chart", "/diagramData", "/diagramDrawing")


def presentation(path: Source) -> Pieces:
    """Each slide's text, then its notes', comments', masters', charts' and SmartArt's, each named by the slide it
    belongs to where one relates to it, what each keeps in attributes, the comments' authors, the tags and the
    properties."""
    with zipfile.ZipFile(path) as book:
        main = next(iter(ooxml.related(book, "", "/officeDocument")), "ppt/presentation.xml")
        root = ooxml.tree(book, main)
        if root.tag != _P + "presentation":
            raise ValueError("not a PresentationML presentation")  # Strict OOXML and the like: said unread
        slides = _slides(book, main, root)
        owners = _owners(book, slides)
        for slide in slides:
            yield from _part(book, slide, owners[slide], _texts)
        for name in book.namelist():
            label = owners.get(name, "")
            if shapes := _SHAPES.fullmatch(name):
                kind = _SHAPE_LABELS[shapes.group(1)]
                yield from _part(book, name, f"{label}的{kind}" if label else kind, _texts)
            elif _COMMENTS.fullmatch(name):
                yield from _part(book, name, f"{label}的批注" if label else "批注", _comments)
            elif drawn := _DRAWN.fullmatch(name):
                yield from _part(book, name, label, office_text.DRAWN_READERS[drawn.group(1)])
            elif name in _AUTHORS:
                yield from _authors(ooxml.tree(book, name))
            elif _TAGS.fullmatch(name):
                yield from _tags(ooxml.tree(book, name))
            elif _CHANGES.fullmatch(name):
                yield from _editors(book, name)
        yield from office_text.package(book)


def _slides(book: zipfile.ZipFile, main: str, root: Element) -> list[str]:
    """The slides in the presentation's order (its list of slides), then any the file holds that it does not
    list, by their number."""
    targets = ooxml.relationships(book, main)
    names = set(book.namelist())
    listed = [targets[s.get(_R + "id", "")][1] for s in root.iter(_P + "sldId") if s.get(_R + "id") in targets]
    slides = [part for part in dict.fromkeys(listed) if part in names]
    rest = [(int(found.group(1)), found.group(0)) for found in map(_SLIDE.fullmatch, names) if found]
    return slides + [part for _, part in sorted(rest) if part not in slides]


def _owners(book: zipfile.ZipFile, slides: list[str]) -> dict[str, str]:
    """第 N 张幻灯片 of each slide, and of the notes, comments, charts (and the shapes drawn on them) and SmartArt
    it relates to."""
    owners: dict[str, str] = {}
    for n, slide in enumerate(slides, 1):
        owner = owners[slide] = f"第 {n} 张幻灯片"
        for kind in _OWNED:
            for part in ooxml.related(book, slide, kind):
                owners.setdefault(part, owner)
                owners.update(dict.fromkeys(ooxml.related(book, part, "/chartUserShapes"), owner))
    return owners


def _part(book: zipfile.ZipFile, name: str, where: str, read: Callable[[Element, str], Pieces]) -> Pieces:
    """A part's text as `read` reads it, at `where`, and what its drawings keep in attributes."""
    root = ooxml.tree(book, name)
    yield from read(root, where)
    yield from office_parts.hidden_attributes(root, where)


def _texts(root: Element, where: str) -> Pieces:
    """Each text body of a part's shapes and table cells, a paragraph a line."""
    for element in root.iter():
        if ooxml.local(element.tag) == "txBody":
            yield where, ooxml.drawn_text(element)


def _comments(root: Element, where: str) -> Pieces:
    """Each comment (an old one's p:text, a modern one's text body) and each reply to a modern one."""
    for comment in root.iter():
        kind = ooxml.local(comment.tag)
        if kind in ("cm", "reply"):
            text = "\n".join(ooxml.drawn_text(child) if ooxml.local(child.tag) == "txBody"
                             else "".join(child.itertext())
                             for child in comment if ooxml.local(child.tag) in ("text", "txBody"))
            yield f"{where}回复" if kind == "reply" else where, text


def _tags(root: Element) -> Pieces:
    """Each tag's value, named by its name (标记“名称”): what WPS or an add-in stored, never shown."""
    for tag in root.iter(_P + "tag"):
        yield f"标记“{tag.get('name', '')}”", tag.get("val", "")


def _editors(book: zipfile.ZipFile, name: str) -> Pieces:
    """The name and account of each person the record of changes names (pc:chgData), once each: the record lists
    every change, and may be long."""
    seen: set[str] = set()
    for element, _ in ooxml.ended(book, name, {"chgData"}):
        person = " ".join(filter(None, (element.get("name"), element.get("userId"))))
        if person not in seen:
            seen.add(person)
            yield "共同编辑的修改人", person


def _authors(root: Element) -> Pieces:
    """The name, initials and account of each person who wrote a comment (p:cmAuthor, p188:author)."""
    for person in root.iter():
        if ooxml.local(person.tag) in ("cmAuthor", "author"):
            yield "批注作者", " ".join(filter(None, (person.get(key) for key in ("name", "initials", "userId"))))

