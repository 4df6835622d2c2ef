"""Review marks left in a Word file that speak of publishing it: tracked changes and 批注.

The import reads the text as Word shows it with every revision accepted, which is right for the wording
but not for the 公开属性: a pending change of （此件不予公开） into （此件公开发布）, a deleted or inserted
附注, or a 批注 “此件不予公开” means nobody has decided yet. Such a document is held until the editor has asked;
the 批注 are never imported as text.
"""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from gongkai.importing import metadata

_DELETED = (qn("w:del"), qn("w:moveFrom"))
_INSERTED = (qn("w:ins"), qn("w:moveTo"))
_TEXT = (qn("w:t"), qn("w:delText"))
#: the document speaking of itself
_SELF = re.compile(r"[此本]件|本文件|公开方式|公开属性")
_ASK = "请向发文单位核实，接受或拒绝修订、删除批注后重新导入，或填写公开属性"


def held(document_part: Part, body: etree._Element) -> list[str]:
    """Why pending revisions or 批注 hold the document back: each naming what it says."""
    reasons = []
    for before, after, gone, added in _revised(body):
        if _states(before) or _states(after) or metadata.secrecy(gone) or metadata.secrecy(added):
            changes = [f"{verb}“{_short(text)}”" for verb, text in (("删除了", gone), ("插入了", added)) if text]
            was = f"（修订前为“{_short(before)}”）" if before and before not in (gone, after) else ""
            reasons.append(f"修订中{'、'.join(changes)}{was}，修订尚未接受或拒绝：{_ASK}")
    for text in _comments(document_part):
        if metadata.secrecy(text) or metadata.publishing(text) is not None:
            reasons.append(f"批注“{_short(text)}”说到公开或密级：{_ASK}")
    return list(dict.fromkeys(reasons))


def _states(text: str) -> bool:
    """A paragraph stating this document's 公开属性: a 附注 or 公开方式 line, or a sentence of 此件 (本文件)
    that speaks of publishing; a sentence of the text about 政务公开 work is none."""
    return (metadata.is_statement(text) or bool(_SELF.search(text))) and metadata.publishing(text) is not None


def _revised(body: etree._Element) -> list[tuple[str, str, str, str]]:
    """(the paragraph before the revisions, after them, the text deleted or moved away, the text inserted) for
    each paragraph with a tracked change."""
    found = []
    for p in body.iter(qn("w:p")):
        texts: dict[str, list[str]] = {"before": [], "after": [], "gone": [], "added": []}
        for t in p.iter(*_TEXT):
            if next(t.iterancestors(qn("w:p"))) is not p:
                continue  # a text box's paragraph: counted on its own
            marks = {a.tag for a in t.iterancestors() if a.tag in _DELETED + _INSERTED}
            deleted, inserted = bool(marks & set(_DELETED)), bool(marks & set(_INSERTED))
            states = {"before": not inserted, "after": not deleted, "gone": deleted, "added": inserted}
            for key in [key for key, counts in states.items() if counts]:
                texts[key].append(t.text or "")
        joined = {key: "".join(parts).strip() for key, parts in texts.items()}
        if joined["gone"] or joined["added"]:
            found.append((joined["before"], joined["after"], joined["gone"], joined["added"]))
    return found


def _comments(document_part: Part) -> list[str]:
    """Each 批注's text (its paragraphs joined)."""
    try:
        part = document_part.part_related_by(RT.COMMENTS)
    except KeyError:
        return []
    root = etree.fromstring(part.blob)
    return ["".join(t.text or "" for t in comment.iter(qn("w:t"))).strip() for comment in root.iter(qn("w:comment"))]


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "……"
