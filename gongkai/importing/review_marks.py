"""Review marks left in a Word file that speak of publishing it: tracked changes and 批注.

The import reads the text as Word shows it with every revision accepted, which is right for the wording
but not for the 公开属性: a pending change of （此件不予公开） into （此件公开发布）, a deleted or inserted
附注, or a 批注 “此件不予公开” means nobody has decided yet. So does a pending deletion anywhere Word keeps text
(the body, a footnote or endnote, a 页眉 or 页脚) of a statement that the document is not, or not simply, to be
published: accepted, it would vanish unseen. Such a document is held until the editor has asked; the 批注 are
never imported as text.
"""
from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from gongkai.engine.model import ON_REQUEST, WITHHELD
from gongkai.importing import docx_margins, docx_runs, metadata, ooxml

_DELETED = (qn("w:del"), qn("w:moveFrom"))
_INSERTED = (qn("w:ins"), qn("w:moveTo"))
_TEXT = (qn("w:t"), qn("w:delText"))
_CHOICE, _FALLBACK = ooxml.MC + "Choice", ooxml.MC + "Fallback"
#: the document speaking of itself
_SELF = re.compile(r"[此本]件|本文件|公开方式|公开属性")
#: a sentence naming the document itself: 此件, 本文件, 本通知 …
_NAMED = re.compile(r"[此本](?:件|文件?|通知|意见|决定|命令|公告|通告|办法|规定|细则|规则|复函|函|批复|报告|纪要|通报|方案|"
                    r"计划|请示|材料)")
_SENTENCES, _CLAUSES = re.compile(r"[。！？；;!?\n]"), re.compile(r"[，,、：:]")
#: a line standing alone as a statement: wholly in brackets (（依申请公开）), or a few characters (内部, 不公开)
_BRACKETED, _SHORT = re.compile(r"^[（(【\[].*[）)】\]]$"), 6
_INTERNAL = re.compile(r"内部|传阅|涉密")
_ASK = "请向发文单位核实，接受或拒绝修订、删除批注后重新导入，或填写公开属性"
_DELETED_STATEMENT = ("{where}有一处尚未接受或拒绝的修订删除了说到公开的文字“{gone}”{was}：请先在 Word 中接受或拒绝这处修订后"
                      "重新导入，或向发文单位核实后填写公开属性")
_PLACES = {RT.FOOTNOTES: "脚注中", RT.ENDNOTES: "尾注中"}


def held(document_part: Part, body: etree._Element) -> list[str]:
    """Why pending revisions or 批注 hold the document back: each naming what it says."""
    reasons = []
    for before, after, gone, added in _revised(body):
        if _states(before) or _states(after) or metadata.secrecy(gone) or metadata.secrecy(added):
            changes = [f"{verb}“{_short(text)}”" for verb, text in (("删除了", gone), ("插入了", added)) if text]
            reasons.append(f"修订中{'、'.join(changes)}{_was(before, gone, after)}，修订尚未接受或拒绝：{_ASK}")
        elif gone and _statements(before) - _statements(after):
            reasons.append(_deleted("文件中", before, gone, after))
    for where, root in _notes(document_part):
        reasons += [_deleted(where, before, gone, after) for before, after, gone, _ in _revised(root)
                    if gone and _statements(before) - _statements(after)]
    for where, root in docx_margins.margins(document_part):
        reasons += [_deleted(f"{where}中", before, gone, after) for before, after, gone, _ in _revised(root)
                    if gone and (docx_margins.speaks(gone) or docx_margins.speaks(before))]
    for text in _comments(document_part):
        if metadata.secrecy(text) or metadata.publishing(text) is not None:
            reasons.append(f"批注“{_short(text)}”说到公开或密级：{_ASK}")
    return list(dict.fromkeys(reasons))


def _deleted(where: str, before: str, gone: str, after: str) -> str:
    return _DELETED_STATEMENT.format(where=where, gone=_short(gone), was=_was(before, gone, after))


def _was(before: str, gone: str, after: str) -> str:
    """The paragraph before the revision, when the deleted text alone does not show it."""
    return f"（修订前为“{_short(before)}”）" if before and before not in (gone, after) else ""


def _statements(text: str) -> set[str]:
    """The statements in `text` that the document is not, or not simply, to be published: each sentence naming the
    document itself with a clause saying so (本通知不予公开), and the whole text when it stands alone as one
    (（依申请公开）, 内部). A sentence of the text about 政务公开 work is none."""
    found = {s.strip() for s in _SENTENCES.split(text)
             if _NAMED.search(s) and any(_withholds(clause) for clause in _CLAUSES.split(s))}
    line = re.sub(r"[\s\u3000]", "", text)
    if line and (_BRACKETED.match(line) or len(line) <= _SHORT) and _withholds(line):
        found.add(line)
    return found


def _withholds(text: str) -> bool:
    """Marked secret or internal, or saying 不予公开, 依申请公开 or 删减后公开; not 公开发布, nor 发布 alone."""
    said = metadata.publishing(text)
    return bool(metadata.secrecy(text)) or said in (WITHHELD, ON_REQUEST, "") or (
        said is not None and bool(_INTERNAL.search(text)))


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
            if next(t.iterancestors(qn("w:p"))) is not p or _unshown(t):
                continue  # a text box's paragraph: counted on its own; the other copy of alternative content
            marks = {a.tag for a in t.iterancestors() if a.tag in _DELETED + _INSERTED}
            deleted, inserted = bool(marks & set(_DELETED)), bool(marks & set(_INSERTED))
            states = {"before": not inserted, "after": not deleted, "gone": deleted, "added": inserted}
            for key in [key for key, counts in states.items() if counts]:
                texts[key].append(t.text or "")
        joined = {key: "".join(parts).strip() for key, parts in texts.items()}
        if joined["gone"] or joined["added"]:
            found.append((joined["before"], joined["after"], joined["gone"], joined["added"]))
    return found


def _unshown(t: etree._Element) -> bool:
    """Text in a part of mc:AlternateContent other than the one read (the copy kept for other versions of Word):
    the same words are counted once, as the reader reads them."""
    return any(part is not docx_runs.shown(part.getparent()) for part in t.iterancestors(_CHOICE, _FALLBACK))


def _notes(document_part: Part) -> list[tuple[str, etree._Element]]:
    """(脚注中 or 尾注中, the XML of the part holding them)."""
    found = []
    for relationship, where in _PLACES.items():
        try:
            found.append((where, etree.fromstring(document_part.part_related_by(relationship).blob)))
        except KeyError:
            continue
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
