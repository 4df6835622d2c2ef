"""The parts of a 公文 (GB/T 9704) in a Word file's blocks.

版头 and 发文字号, then the title, the text (主送机关 … 附件说明), the 落款 with the 成文日期,
the 附注, attachments on the following pages, and the 版记 (抄送, 印发) at the end. Government
sites publish the text, 落款, 附注 and attachments; the 版头, 发文字号, title and 版记 become
metadata or are dropped.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gongkai.engine import chinese_dates
from gongkai.importing import colophon, headings, letterhead, manual_toc, marked_text, metadata
from gongkai.importing.docx_reader import Block, Blocks, Paragraph, Span

_ATTACHMENT_MARK = re.compile(r"^附件\s*([0-9０-９一二三四五六七八九十]*)\s*[:：]?$")
_CLAUSE_PUNCTUATION = re.compile(r"[。，；：！？,;:]")
_NOTE = re.compile(r"^[（(].*[）)]$")
_NUMBERED = re.compile(r"^[（(]?[0-9０-９一二三四五六七八九十]+[.．、）)]")
#: a character a raised or lowered passage of a 成文日期 may be part of the date with (not a note mark: ¹ is one)
_DATE_CHARACTER = re.compile(rf"[0-9０-９{chinese_dates.NUMERALS}年月日]")
_FILL_DATE = "无法确定成文日期：请对照 Word 文件填写成文日期"
_UNLISTED = ("手动目录中的{}所指的附件不在这个 Word 文件中，已作为正文保留："
             "请对照 Word 文件核对，不需要的在正文中删去")


@dataclass
class Attachment:
    label: str  # 附件 / 附件1
    title: str
    blocks: list[Block]
    title_spans: list[Span] = field(default_factory=list)  # the title with its marks (struck, raised, lowered)


@dataclass
class Parts:
    head: list[str] = field(default_factory=list)  # 版头 lines
    doc_number: str = ""  # 发文字号, standard form
    title: str = ""  # raised and lowered numbers as Unicode characters (10⁴)
    title_spans: list[Span] = field(default_factory=list)  # the title with its marks (struck, raised, lowered)
    title_held: str = ""  # why `title` cannot stand for the title Word shows (struck text …), "" when it can
    main: list[Block] = field(default_factory=list)  # 主送机关, text, 附件说明
    signer: list[str] = field(default_factory=list)  # 落款, raised and lowered characters as Unicode ones (CO₂)
    written: dt.date | None = None  # 成文日期, None when `written_held`
    written_held: str = ""  # why the 成文日期 is left to the editor (struck text in it …), "" when it is not
    written_text: str = ""  # as written
    signature: list[list[Span]] = field(default_factory=list)  # 落款 and 成文日期 lines with their marks
    signer_struck: str = ""  # struck-through text of the 落款 (not the 成文日期), named for a message
    signer_unwritten: str = ""  # raised or lowered text of the 落款 with no Unicode form (a raised 筹), named
    notes: list[Block] = field(default_factory=list)  # 附注, and anything else between 落款 and attachments
    attachments: list[Attachment] = field(default_factory=list)
    addressee: int | None = None  # index in `main` of the 主送机关 line, which the theme sets flush left
    colophon: list[str] = field(default_factory=list)  # 版记 lines: never published, read for 公开方式 and 印发日期
    colophon_notes: list[str] = field(default_factory=list)  # footnotes on the 版记's lines, read with its 公开方式
    warnings: list[str] = field(default_factory=list)  # what the editor should check about the recognition

    @property
    def has_any_text(self) -> bool:
        """Anything at all was read: an empty file is refused, not imported as blanks."""
        return bool(self.title or self.head or self.doc_number or self.signer or self.written_text or self.notes
                    or self.colophon or self.has_text)

    @property
    def issuer(self) -> tuple[str, str]:
        """(发文机关, "") or ("", why it is left to the editor), as metadata.issuer reads the 版头 and 落款."""
        return metadata.issuer(self.head, self.signer, self.signer_struck, self.signer_unwritten)

    @property
    def has_text(self) -> bool:
        return bool(self.attachments) or any(not _blank(b) for b in self.main)


def _text(block: Block) -> str:
    return block.text if isinstance(block, Paragraph) else ""


def _listed(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.listed is not None


def _blank(block: Block) -> bool:
    return isinstance(block, Paragraph) and not block.text and not block.images


def recognise(blocks: list[Block]) -> Parts:
    """The parts of the 公文; a 密级 in its 版头 is added to `blocks.held`: it holds the document whatever
    the 附注 says. A 手动目录's entry naming an attachment is dropped when the file holds that attachment, and
    otherwise kept in the text with a warning: it may be the only place that attachment is named."""
    if isinstance(blocks, Blocks):
        blocks.held += [metadata.secrecy_reason("文件", mark) for mark in letterhead.marks(blocks)]
    blocks = [b for b in blocks if not colophon.is_page_number(b)]
    listed = [b for b in blocks if _listed(b)]
    parts = _parts([b for b in blocks if not _listed(b)])
    found = [(a.label, a.title) for a in parts.attachments]
    kept = {id(b) for b in listed if not manual_toc.holds(b.listed, found)}
    if kept:  # recognised again with them, text of the document now
        parts = _parts([b for b in blocks if not _listed(b) or id(b) in kept])
        parts.warnings.append(_UNLISTED.format("".join(f"“{b.text}”" for b in listed if id(b) in kept)))
    return parts


def _parts(blocks: list[Block]) -> Parts:
    """The parts of the 公文 in `blocks`, which hold no page number."""
    parts = Parts()
    start = _head(blocks, parts)
    start = _title(blocks, start, parts)
    kept, parts.colophon = colophon.split(blocks, start)
    left = {id(b) for b in kept}
    parts.colophon_notes = [note for b in blocks if id(b) not in left for note in colophon.footnotes(b)]
    blocks = kept
    end = len(blocks)
    first_page_mark = next((i for i in range(start, end) if _is_attachment_mark(blocks[i], page_only=True)), end)
    signature = _signature(blocks, start, first_page_mark, parts)  # an attachment's own 落款 is not the document's
    if signature:
        sig_start, after = signature
        parts.main = blocks[start:sig_start]
        _after_signature(blocks[after:end], parts)
    else:
        notes = first_page_mark
        while notes > start and (_blank(blocks[notes - 1]) or _NOTE.match(_text(blocks[notes - 1]))):
            notes -= 1  # without a 成文日期 the 附注 are the parenthesised lines closing the text
        parts.main = blocks[start:notes]
        _after_signature(blocks[notes:end], parts)
    parts.addressee = _addressee(parts.main)
    return parts


def _addressee(main: list[Block]) -> int | None:
    """The 主送机关: the text's first line, a list of organs ending in “：” (各乡镇人民政府，县政府各部门：)."""
    first = next((i for i, b in enumerate(main) if not _blank(b)), None)
    block = main[first] if first is not None else None
    if not isinstance(block, Paragraph) or block.list_kind or block.heading >= 0:
        return None
    text = block.text
    if text.endswith(("：", ":")) and len(text) <= 200 and "\n" not in text and not re.search(r"[。！？；]", text):
        return first
    return None


def _head(blocks: list[Block], parts: Parts) -> int:
    """Reads the 版头 and 发文字号 (lines, a table, or a 信函 head); returns where the title may start."""
    head = letterhead.read(blocks)
    parts.head, parts.doc_number = head.lines, head.doc_number
    parts.warnings += head.warnings
    return head.start


def _title(blocks: list[Block], start: int, parts: Parts) -> int:
    """The title: consecutive centred (or Title/Heading 1 styled) lines after the head."""
    i = start
    while i < len(blocks) and _blank(blocks[i]):
        i += 1
    lines, style = [], None
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and len(lines) < 4:
        block = blocks[i]
        text = block.text
        if not text or text.endswith(("：", ":")) or style not in (None, block.heading):
            break  # the 主送机关, or a heading after the title
        if not (block.align == "center" or (style is None and block.heading in (0, 1))) or headings.shape(text).level:
            break  # not set as a title, or a centred 第一章 under it
        style = block.heading
        lines += marked_text.lines(block.spans)
        i += 1
    if not lines:
        return start
    parts.title_spans = [span for line in lines for span in line]
    parts.title, parts.title_held = marked_text.plain(parts.title_spans)
    return i


def _signature(blocks: list[Block], start: int, end: int, parts: Parts) -> tuple[int, int] | None:
    """Finds the 落款 and 成文日期: (index of the first 落款 line, index after the date)."""
    for i in range(start, end):
        block = blocks[i]
        if not isinstance(block, Paragraph) or not block.text:
            continue
        lines = marked_text.lines(block.spans)
        date, held = _date(lines[-1])
        if date is None:
            continue
        parts.written, parts.written_held = None if held else date, held
        parts.written_text = marked_text.text(lines[-1])
        signer = [line for line in lines[:-1] if line]
        first = i
        j = i - 1
        while j >= start and len(signer) < 3:
            if _blank(blocks[j]):
                j -= 1
                continue
            if not _is_signer(blocks[j]):
                break
            signer[:0] = [line for line in marked_text.lines(blocks[j].spans) if line]
            first = j
            j -= 1
        parts.signature = [*signer, lines[-1]]
        parts.signer = [marked_text.unicode(line)[0] for line in signer]
        named = [span for line in signer for span in line]  # not the date
        parts.signer_struck, parts.signer_unwritten = marked_text.struck(named), marked_text.unicode(named)[1]
        return first, i + 1
    return None


def _date(line: list[Span]) -> tuple[dt.date | None, str]:
    """(the 成文日期 a line states, why it is left to the editor, "" when it is not): read with its marks, or
    without a note mark raised after it (2021年6月30日¹). Struck text (6月~~30~~29日), or a raised or lowered
    passage that may be part of the date, leaves the date Word shows uncertain."""
    date = chinese_dates.parse(marked_text.text(line)) or chinese_dates.parse(marked_text.unmarked(line))
    if date is None:
        return None, ""
    crossed = marked_text.struck(line)
    if crossed:
        return date, f"成文日期中的“{crossed}”在 Word 中带删除线，{_FILL_DATE}"
    raised = [passage for passage in marked_text.scripted(line) if _DATE_CHARACTER.search(passage)]
    if raised:
        return date, f"成文日期中的“{marked_text.brief(raised)}”在 Word 中是上标或下标，{_FILL_DATE}"
    return date, ""


def _is_signer(block: Block) -> bool:
    """A 落款 line: a short organ name, set right or far indented, without sentence punctuation."""
    if not isinstance(block, Paragraph) or block.list_kind:
        return False
    text = block.text
    if len(text) > 40 or "\n" in text or _CLAUSE_PUNCTUATION.search(text) or _NUMBERED.match(text) \
            or text.startswith("附件"):
        return False  # a sentence, or an item of the 附件说明
    return block.align == "right" or block.indent >= 4 or bool(metadata.ORGAN.search(text))


def _is_attachment_mark(block: Block, page_only: bool) -> bool:
    if not isinstance(block, Paragraph) or _listed(block) or not _ATTACHMENT_MARK.match(block.text):
        return False  # a 手动目录's 附件 2 is no attachment's first line
    return block.page_start or not page_only


def _after_signature(blocks: list[Block], parts: Parts) -> None:
    """附注 first, then each attachment from its 附件 line to the next."""
    marks = [i for i, block in enumerate(blocks) if _is_attachment_mark(block, page_only=False)]
    parts.notes = blocks[: marks[0] if marks else len(blocks)]
    for n, mark in enumerate(marks):
        stop = marks[n + 1] if n + 1 < len(marks) else len(blocks)
        label = re.sub(r"[\s:：]", "", blocks[mark].text)
        title_parts = Parts()
        body_start = _title(blocks[:stop], mark + 1, title_parts)
        parts.attachments.append(Attachment(label, title_parts.title, blocks[body_start:stop], title_parts.title_spans))
