"""A Word file (.docx) as a flat list of paragraphs and tables with the formatting an import needs.

Only what decides the published text is kept: text, bold and italic, links, images with their
alt text, footnotes, alignment, page starts, heading styles and list numbering. The text is what
Word shows with all tracked changes accepted and hidden text not shown (docx_runs says what is
left out); a paragraph whose mark is deleted runs on into the next, as Word joins them.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from gongkai.importing import docx_margins, manual_toc, review_marks
from gongkai.importing import docx_runs as runs
from gongkai.importing.docx_blocks import Block, Blocks, Paragraph, Span, Table
from gongkai.importing.docx_inline import Context, InlineReader
from gongkai.importing.docx_parts import Image, Package
from gongkai.importing.ooxml import switch, val

__all__ = ["Block", "Blocks", "Image", "Paragraph", "Span", "Table", "UnreadableWord", "read"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .doc / .wps container
_BLOCK_PASS = {qn(t) for t in ("w:ins", "w:moveTo", "w:smartTag", "w:sdt", "w:sdtContent", "w:customXml")}
_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
_GONE = (qn("w:del"), qn("w:moveFrom"))
_ALT_CHUNK = qn("w:altChunk")
_ALT_CHUNK_WARNING = ("文件中有一段以其他格式嵌入的内容（altChunk，多由其他软件生成），无法导入："
                      "请在 Word 中打开，“另存为 .docx”后再导入")
_ALT_CHUNK_MARKER = "【此处是以其他格式嵌入的内容（altChunk），未能导入】"
#: what is in an altChunk is unknown, a 附注 （此件不予公开） perhaps: the 公开属性 cannot be decided
_ALT_CHUNK_HELD = ("文件中有以其他格式嵌入的内容（altChunk）未能导入，其中可能写有公开属性："
                   "请在 Word 中打开，“另存为 .docx”后重新导入，或核对后填写公开属性")
#: what a paragraph never starts with: it is the rest of the one before, split by Enter pressed at a page end
_CONTINUING = tuple("，。、；：？！）》」』〕”’,;:)")
_SPACES = " \u3000\t"
_OPEN_FIELD = ("文件中有一个域（目录、页码等）没有结束标记，其后的文字可能未导入："
               "请对照 Word 文件核对导入的内容，必要时在 Word 中删去该目录或域后重新导入")


class UnreadableWord(Exception):
    """The file cannot be read as a .docx; the message tells the editor what to do."""


def read(path: Path) -> Blocks:
    """The blocks of a .docx with the reader's warnings, or UnreadableWord saying why it cannot be read."""
    with open(path, "rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise UnreadableWord("这是旧版 Word（.doc）或 WPS 文件，只是扩展名写成了 .docx："
                                 "请在 Word 或 WPS 中打开，“另存为 .docx”后再导入")
    try:
        document = docx.Document(str(path))
        reader = _Reader(Package(document))
        blocks = Blocks(reader.blocks(document.element.body), reader.warnings)
        if not reader.shown():  # a field never ended: the text after it was taken for its code or 目录
            blocks.warnings.append(_OPEN_FIELD)
        blocks.held += reader.held + ([_ALT_CHUNK_HELD] if _ALT_CHUNK_WARNING in reader.warnings else []) \
            + docx_margins.held(document.part) + review_marks.held(document.part, document.element.body)
        return blocks
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        problem = type(exc).__name__
    except Exception as exc:  # noqa: BLE001 — a damaged package can fail anywhere inside python-docx
        problem = f"{type(exc).__name__}: {exc}"
    if _strict(path):
        raise UnreadableWord(STRICT)
    raise UnreadableWord(f"文件已损坏或不是 Word 文件，无法读取（{problem}）："
                         "请在 Word 或 WPS 中打开确认内容完整，“另存为 .docx”后再导入")


STRICT = ("这是“Strict Open XML 文档”格式的 .docx，无法导入："
          "请在 Word 中打开，“另存为”时保存类型选“Word 文档 (*.docx)”后再导入")


def _strict(path: Path) -> bool:
    """A package in ISO/IEC 29500 Strict (Word's “Strict Open XML 文档”): its relationships name the
    purl.oclc.org types, which python-docx does not know, so it finds no document in it."""
    try:
        with zipfile.ZipFile(path) as package:
            return b"http://purl.oclc.org/ooxml/" in package.read("_rels/.rels")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


class _Reader(InlineReader):
    def __init__(self, package: Package):
        super().__init__(package)
        #: the entries of a 手动目录 naming an attachment -> (附件N, its title or ""): see manual_toc
        self.listed: dict[etree._Element, tuple[str, str]] = {}

    def blocks(self, container: Iterable[etree._Element]) -> list[Block]:
        out: list[Block] = []
        carry: list[Span] = []  # the text of paragraphs whose mark is deleted, going on in the next
        for child in container:
            if child.tag == _P:
                boxes, self.boxes = self.boxes, []
                paragraph, joined = self.paragraph(child, carry)
                boxes, self.boxes = self.boxes, boxes
                out.extend(boxes)  # a text box's paragraphs, where it is anchored
                carry = paragraph.spans if joined else []
                if paragraph is not None and not joined:
                    _append(out, paragraph)
                elif paragraph is None and self.in_dropped_field and out and _is_toc_title(out[-1]):
                    out.pop()  # the 目录 heading typed above the 目录 field goes with it
            elif child.tag == _TBL:
                if carry:
                    out.append(Paragraph(carry))
                    carry = []
                out.append(self.table(child))
            elif child.tag == runs.ALTERNATE:  # around paragraphs or tables: the part Word shows, read once
                part = runs.shown(child)
                out.extend(self.blocks(part) if part is not None else [])
            elif child.tag == _SDT and manual_toc.is_manual(child):  # its entries go, as a 目录 field's result goes
                content = child.find(qn("w:sdtContent"))
                kept, listed = manual_toc.read(content if content is not None else ())
                self.listed.update(listed)
                out.extend(self.blocks(kept))
            elif child.tag in _BLOCK_PASS and not (child.tag == _SDT and runs.sdt_hidden(child)):
                out.extend(self.blocks(child))
            elif child.tag == _ALT_CHUNK:
                self.warnings.append(_ALT_CHUNK_WARNING)
                _append(out, Paragraph([Span(_ALT_CHUNK_MARKER)]))  # where the content is missing, as for an object
        if carry:
            out.append(Paragraph(carry))
        return out

    def paragraph(self, p: etree._Element, carry: list[Span]) -> tuple[Paragraph | None, bool]:
        """(the paragraph, or None when Word shows nothing of it; True when its mark is deleted)."""
        p_pr = p.find(qn("w:pPr"))
        style_id = val(p_pr, "w:pStyle")
        mark = p_pr.find(qn("w:rPr")) if p_pr is not None else None
        result = Paragraph(page_start=self.new_page, heading=self.package.heading_level(style_id),
                           listed=self.listed.get(p))
        self.new_page, self.in_dropped_field = False, False
        if self.package.paragraph_property(p_pr, style_id, "w:pageBreakBefore") is not None:
            result.page_start = True
        align = self.package.paragraph_property(p_pr, style_id, "w:jc")
        result.align = align.get(qn("w:val"), "") if align is not None else ""
        context = Context("", self.package.run_bold(style_id), self.package.run_switch(style_id, "w:vanish"))
        self.inline(p, result, context)
        if mark is not None and any(mark.find(tag) is not None for tag in _GONE):
            self.new_page = result.page_start
            return Paragraph(carry + result.spans), True
        shows = result.text or result.images or any(s.footnote is not None for s in result.spans)
        if not shows and not carry and (switch(mark, "w:vanish", context.hidden) or self.in_dropped_field):
            return None, False  # hidden, or a line of the 目录
        self.drop_seals(result)
        label = self.numbered(result, p_pr, style_id)
        result.spans[:0] = ([Span(label)] if label else []) + carry
        self.page_end(result, p_pr)
        first = "".join(s.text for s in result.spans)
        result.indent = len(first) - len(first.lstrip(_SPACES))
        return result, False

    def page_end(self, result: Paragraph, p_pr: etree._Element | None) -> None:
        """Notes a section or page break that ends the paragraph: the next paragraph starts a page."""
        _split_inner_breaks(result)
        section = p_pr.find(qn("w:sectPr")) if p_pr is not None else None
        if section is not None and val(section, "w:type") != "continuous":
            self.new_page = True  # a section break: the next section starts a page
        if result.spans and result.spans[-1].text == "\f":  # a page break ending the paragraph
            result.spans.pop()
            self.new_page = True
        if result.page_start and not result.text and not result.images:
            self.new_page = True  # an empty paragraph holding the break: the page opens with the next one

    def drop_seals(self, result: Paragraph) -> None:
        """A picture floating in the 落款 or 成文日期 line is the seal: not published."""
        if not any(s.floating for s in result.spans) or not runs.is_signature(result.text, result.align):
            return
        for span in [s for s in result.spans if s.floating]:
            result.spans.remove(span)
            name = span.image.alt if span.image else ""
            self.warnings.append(runs.seal_warning(name))

    def numbered(self, paragraph: Paragraph, p_pr: etree._Element | None, style_id: str | None) -> str:
        """Counts a paragraph Word numbers (directly or through its style); returns its label when counted in Chinese."""
        own = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        styled = self.package.paragraph_property(None, style_id, "w:numPr")
        if own is None and styled is None:
            return ""
        numbering = self.package.numbering
        num_id = val(own, "w:numId") or val(styled, "w:numId") or ""
        ilvl = val(own, "w:ilvl") or val(styled, "w:ilvl")
        level = int(ilvl) if ilvl is not None else (numbering.style_level(num_id, style_id) or 0)
        kind = numbering.kind(num_id, level)
        if not kind:
            return ""
        paragraph.list_number = numbering.count(num_id, level)
        label = numbering.label(num_id, level)
        paragraph.list_kind, paragraph.list_level = ("", 0) if label else (kind, level)
        return label

    def table(self, tbl: etree._Element) -> Table:
        rows, above = [], {}
        self.new_page = False  # a page break before the table is spent on it
        for tr in _children(tbl, qn("w:tr")):
            tr_pr = tr.find(qn("w:trPr"))
            if tr_pr is not None and (tr_pr.find(qn("w:del")) is not None or switch(tr_pr, "w:hidden", False)):
                continue  # a deleted or hidden row
            row, column = [], 0
            for tc in _children(tr, qn("w:tc")):
                tc_pr = tc.find(qn("w:tcPr"))
                if tc_pr is not None and tc_pr.find(qn("w:cellDel")) is not None:
                    continue
                span = int(val(tc_pr, "w:gridSpan") or 1)
                v_merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
                cell = above.get(column, []) if continued else _paragraphs(self.blocks(tc))
                for offset in range(span):
                    above[column + offset] = cell
                    row.append(cell)
                column += span
            rows.append(row)
        self.new_page = False
        return Table(rows)


def _append(out: list[Block], paragraph: Paragraph) -> None:
    """Adds a paragraph, joining it to the one before when Enter split a sentence at a page end (“，……”)."""
    if paragraph.text.startswith(_CONTINUING) and not paragraph.list_number and paragraph.heading < 0:
        j = len(out)
        while j and isinstance(out[j - 1], Paragraph) and not out[j - 1].text and not out[j - 1].images:
            j -= 1
        before = out[j - 1] if j else None
        if isinstance(before, Paragraph) and before.text and before.heading < 0 and before.listed is None:
            del out[j:]
            spans = [s for s in before.spans]
            while spans and not spans[-1].image and spans[-1].footnote is None and not spans[-1].text.strip(_SPACES):
                spans.pop()
            if spans and spans[-1].text:
                spans[-1] = Span(**{**vars(spans[-1]), "text": spans[-1].text.rstrip(_SPACES)})
            rest = list(paragraph.spans)
            while rest and rest[0].text and not rest[0].text.strip(_SPACES):
                rest.pop(0)
            if rest and rest[0].text:
                rest[0] = Span(**{**vars(rest[0]), "text": rest[0].text.lstrip(_SPACES)})
            before.spans = spans + rest
            return
    out.append(paragraph)


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    """The rows of a table (or cells of a row), those inside content controls and tracked insertions included;
    not those of a table nested in a cell, nor those of an unfilled content control."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _BLOCK_PASS and not (child.tag == _SDT and runs.sdt_hidden(child)):
            found.extend(_children(child, tag))
    return found


def _is_toc_title(block: Block) -> bool:
    return isinstance(block, Paragraph) and "".join(block.text.split()) in ("目录", "目次")


def _paragraphs(blocks: list[Block]) -> list[Paragraph]:
    """A cell's paragraphs, those of a table nested in it included, cell by cell."""
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            continue
        for row in block.rows:
            for cell in {id(cell): cell for cell in row}.values():
                out.extend(cell)
    return out


def _split_inner_breaks(paragraph: Paragraph) -> None:
    """Keep only a page break that ends the paragraph; one in the middle reads as a line break."""
    for i, span in enumerate(paragraph.spans[:-1]):
        if span.text == "\f":
            paragraph.spans[i] = Span("\n")
