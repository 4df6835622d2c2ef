"""Word's 手动目录: a 目录 control holding typed lines and no 目录 field.

Its entries (a heading, a tab or a dot leader, a page number) and its 目录 heading stand for the site's own 目录
and are not published; anything else typed there is text of the document. An entry naming an attachment (附件2：名单
……5; 附件 2, alone or over its title; an item of a list begun 附件：1．……) may be the only place that attachment
is named, so it is read with what it names, and the recogniser drops it only when the file holds that attachment.
"""
from __future__ import annotations

import re
from typing import Iterable

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

_P, _TABS = qn("w:p"), {qn("w:tab"), qn("w:ptab")}
_TOC_CODE = re.compile(r"(?<![\w])TOC\b", re.I)
#: what ends an entry: a tab, spaces or a dot leader, then its page number (arabic or roman)
_PAGE = r"(?:[\t \u3000]|[.．·•…⋯・]{2,})[\s.．·•…⋯・]*(?:\d{1,3}|[ivxlcdm]{1,7})$"
_ENTRY, _PAGE_END = re.compile(r"^\S.*?" + _PAGE, re.I), re.compile(_PAGE, re.I)
_NUMBER = "[0-9０-９一二三四五六七八九十]"
_LABEL_ONLY = re.compile(rf"^附件\s*({_NUMBER}+)\s*[:：]?$")  # 附件 2: a label alone, its title on the next line
_LABEL = re.compile(rf"^附件(?=$|[\s:：]|{_NUMBER})\s*({_NUMBER}*)\s*[:：]?\s*")  # not 附件清单
_ITEM = re.compile(r"^[（(]?([0-9０-９]+)[.．、）)]\s*")  # 1． of a list of attachments
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def is_manual(sdt: Element) -> bool:
    """Word's 目录 control holding no 目录 field: a 手动目录, typed lines. (In one holding the field, the field's
    result and the 目录 heading are dropped as anywhere else, and text typed after the field is read.)"""
    properties = sdt.find(qn("w:sdtPr"))
    gallery = properties.iter(qn("w:docPartGallery")) if properties is not None else ()
    return any(g.get(qn("w:val"), "") == "Table of Contents" for g in gallery) and not _holds_toc_field(sdt)


def read(content: Iterable[Element]) -> tuple[list[Element], dict[Element, tuple[str, str]]]:
    """(what of a 手动目录's content is read: all but its entries and its 目录 heading, though an entry naming an
    attachment is read; each such entry -> the (附件N, title or "") it names)."""
    kept, named, before = [], {}, None  # before: the entry naming an attachment just read, and what it names
    for child in content:
        text = _text(child) if child.tag == _P else ""
        if not text or not ("".join(text.split()) in ("目录", "目次") or _ENTRY.match(text)):
            kept.append(child)
            before = None
            continue
        name = _named(text, before[1] if before else None)
        if name is not None:
            kept.append(child)
            named[child] = name
            if before and before[1][2] == "label" and before[1][0] == name[0]:
                named[before[0]] = name  # 附件 2, its title on the next line: one attachment
        before = (child, name) if name else None
    return kept, {child: name[:2] for child, name in named.items()}


def holds(named: tuple[str, str], attachments: Iterable[tuple[str, str]]) -> bool:
    """Whether the (label, title) of `attachments` hold the attachment an entry names: its label, and its title
    when the entry gives one."""
    label, title = (_squeezed(part) for part in named)
    return any(label == _squeezed(found) and title in ("", _squeezed(heading)) for found, heading in attachments)


def _named(text: str, before: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
    """(附件N, its title or "", "label" for a label alone (附件 2), "item" for an item of a list of attachments
    (附件：1．名单), else "") for an entry naming an attachment; None for any other. `before`: what the entry just
    before named, whose title (after a label alone) or next item (after an item) this entry may be."""
    bare = _LABEL_ONLY.match(text)
    if bare:
        return "附件" + bare.group(1), "", "label"
    heading = _PAGE_END.sub("", text).strip()
    label = _LABEL.match(heading)
    number, rest = (label.group(1), heading[label.end():]) if label else ("", heading)
    listing = label is not None or (before is not None and before[2] == "item")  # 附件：1．名单, then 2．表格
    item = _ITEM.match(rest) if listing and not number else None
    if item:
        return "附件" + item.group(1), rest[item.end():].strip(), "item"
    if label:
        return "附件" + number, rest.strip(), ""
    return (before[0], heading, "") if before and before[2] == "label" else None


def _squeezed(text: str) -> str:
    return "".join(text.split()).translate(_DIGITS)


def _text(p: Element) -> str:
    """A paragraph's typed text, a tab for each tab."""
    return "".join("\t" if c.tag in _TABS else c.text or "" for r in p.iter(qn("w:r")) for c in r
                   if c.tag in _TABS or c.tag == qn("w:t")).strip(" \u3000")


def _holds_toc_field(sdt: Element) -> bool:
    codes = "".join(i.text or "" for i in sdt.iter(qn("w:instrText")))
    codes += " ".join(f.get(qn("w:instr"), "") for f in sdt.iter(qn("w:fldSimple")))
    return bool(_TOC_CODE.search(codes))
