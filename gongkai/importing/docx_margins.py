"""What a Word file's 页眉, 页脚 and 水印 say about it: a 密级, a 公开 statement, a draft mark.

They are not imported (a page number, the organ's name), but a 页眉 “内部资料 此件不予公开”, a 页脚
（此件不予公开） or a watermark 机密 / 征求意见稿 says the document must not go out whatever its 附注
says; the import holds it until the editor has looked. Every header and footer part is read (first page,
even pages, default; every section), and a watermark is the VML WordArt (v:textpath) in a header.
"""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from gongkai.engine.model import PUBLIC
from gongkai.importing import metadata, ooxml

_PLACES = {RT.HEADER: "页眉", RT.FOOTER: "页脚"}
_TEXTPATH = ooxml.VML + "textpath"
#: a draft's mark, standing alone: not yet the document as issued (征求意见稿, 送审稿)
_DRAFT = re.compile(r"[【\[（(]?(?:征求意见稿|送审稿|讨论稿|草稿|草案|初稿|修改稿|审议稿|未定稿)[】\]）)]?")
_TOKENS = re.compile(r"[\s\u3000，。、；;,]+")


def held(document_part: Part) -> list[str]:
    """Why the 页眉, 页脚 or 水印 hold the document back: one reason for each line saying something."""
    reasons = []
    for place, root in margins(document_part):
        marks = [mark.get("string", "") for mark in root.iter(_TEXTPATH)]
        reasons += [r for line in _texts(root) if (r := _reason(place, line))]
        reasons += [r for line in marks if (r := _reason("水印", line))]
    return list(dict.fromkeys(reasons))


def margins(document_part: Part) -> list[tuple[str, etree._Element]]:
    """(页眉 or 页脚, its XML) for every header and footer part of every section."""
    return [(_PLACES[rel.reltype], etree.fromstring(rel.target_part.blob)) for rel in document_part.rels.values()
            if not rel.is_external and rel.reltype in _PLACES]


def speaks(text: str) -> bool:
    """A 页眉 or 页脚 line marking the document secret or internal, or saying it is published otherwise than
    主动公开 (an organ's name is no such line)."""
    return bool(metadata.secrecy(text)) or (not metadata.is_organ(text)
                                            and metadata.publishing(text) not in (None, PUBLIC))


def _texts(root: etree._Element) -> list[str]:
    """Each paragraph's text (a text box's paragraph on its own), as typed."""
    found: dict[etree._Element | None, list[str]] = {}  # keyed by the element: an lxml proxy's id may be reused
    for t in root.iter(qn("w:t")):
        found.setdefault(next(t.iterancestors(qn("w:p")), None), []).append(t.text or "")
    return ["".join(parts).strip() for parts in found.values() if "".join(parts).strip()]


def _reason(where: str, text: str) -> str:
    """Why `text` in a 页眉, 页脚 or 水印 holds the document, "" when it says nothing that would."""
    mark = metadata.secrecy(text)
    if mark:
        return metadata.secrecy_reason(where, mark)
    if any(_DRAFT.fullmatch(token) for token in _TOKENS.split(text)):
        return f"{where}写有“{text}”：这是草稿，不是印发的文件，请向发文单位核实后填写公开属性"
    if speaks(text):
        return f"{where}写有“{text}”：页眉、页脚和水印不导入，其中的公开方式无法与附注核对，请向发文单位核实后填写公开属性"
    return ""
