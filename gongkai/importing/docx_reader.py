"""A Word file (.docx) as a flat list of paragraphs and tables with the formatting an import needs.

Only what decides the published text is kept: text, bold and italic, links, images with their
alt text, footnotes, alignment, page starts, heading styles and list numbering.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from gongkai.importing.docx_parts import Image, Package
from gongkai.importing.ooxml import switch, val

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .doc / .wps container
_PASS_THROUGH = {qn("w:ins"), qn("w:smartTag"), qn("w:sdt"), qn("w:sdtContent"), qn("w:fldSimple"),
                 qn("w:customXml")}
_R_EMBED, _R_ID, _R_LINK = qn("r:embed"), qn("r:id"), qn("r:link")
_BLIP, _VML_IMAGE = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip", \
    "{urn:schemas-microsoft-com:vml}imagedata"
_PICTURES = {qn("w:drawing"), qn("w:pict"),
             "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


class UnreadableWord(Exception):
    """The file cannot be read as a .docx; the message tells the editor what to do."""


@dataclass
class Span:
    text: str = ""  # "\n" for a soft line break (Shift+Enter)
    bold: bool = False
    italic: bool = False
    link: str = ""
    image: Image | None = None
    footnote: str | None = None  # the footnote's text, at its reference mark


@dataclass
class Paragraph:
    spans: list[Span] = field(default_factory=list)
    align: str = ""  # Word's jc: center, right, both …
    heading: int = -1  # Word heading style level; 0 for the Title style
    list_kind: str = ""  # bullet / number
    list_level: int = 0
    page_start: bool = False  # begins a new page (after a page or section break)
    indent: int = 0  # leading full-width or ordinary spaces, as typed

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip(" \u3000\t")

    @property
    def images(self) -> list[Image]:
        return [s.image for s in self.spans if s.image]


@dataclass
class Table:
    rows: list[list[list[Paragraph]]]  # row -> cell -> paragraphs; a merged cell is the same list in each position


Block = Paragraph | Table


def read(path: Path) -> list[Block]:
    """The blocks of a .docx, or UnreadableWord saying why it cannot be read."""
    with open(path, "rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise UnreadableWord("这是旧版 Word（.doc）或 WPS 文件，只是扩展名写成了 .docx："
                                 "请在 Word 或 WPS 中打开，“另存为 .docx”后再导入")
    try:
        document = docx.Document(str(path))
        return _Reader(Package(document)).blocks(document.element.body)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        problem = type(exc).__name__
    except Exception as exc:  # noqa: BLE001 — a damaged package can fail anywhere inside python-docx
        problem = f"{type(exc).__name__}: {exc}"
    raise UnreadableWord(f"文件已损坏或不是 Word 文件，无法读取（{problem}）："
                         "请在 Word 或 WPS 中打开确认内容完整，“另存为 .docx”后再导入")


class _Reader:
    def __init__(self, package: Package):
        self.package = package
        self.new_page = False

    def blocks(self, container) -> list[Block]:
        out: list[Block] = []
        for child in container:
            if child.tag == qn("w:p"):
                out.append(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                out.append(self.table(child))
            elif child.tag in _PASS_THROUGH:
                out.extend(self.blocks(child))
        return out

    def paragraph(self, p) -> Paragraph:
        p_pr = p.find(qn("w:pPr"))
        style_id = val(p_pr, "w:pStyle")
        result = Paragraph(page_start=self.new_page, heading=self.package.heading_level(style_id))
        self.new_page = False
        if self.package.paragraph_property(p_pr, style_id, "w:pageBreakBefore") is not None:
            result.page_start = True
        align = self.package.paragraph_property(p_pr, style_id, "w:jc")
        result.align = align.get(qn("w:val"), "") if align is not None else ""
        label = self.numbered(result, self.package.paragraph_property(p_pr, style_id, "w:numPr"))
        self.inline(p, result, "", self.package.run_bold(style_id))
        if label:  # a 一、 Word numbers by itself: written into the text, read as if typed
            result.spans.insert(0, Span(label))
        _split_inner_breaks(result)
        section = p_pr.find(qn("w:sectPr")) if p_pr is not None else None
        if section is not None and val(section, "w:type") != "continuous":
            self.new_page = True  # a section break: the next section starts a page
        if result.spans and result.spans[-1].text == "\f":  # a page break ending the paragraph
            result.spans.pop()
            self.new_page = True
        if result.page_start and not result.text and not result.images:
            self.new_page = True  # an empty paragraph holding the break: the page opens with the next one
        first = "".join(s.text for s in result.spans)
        result.indent = len(first) - len(first.lstrip(" \u3000\t"))
        return result

    def numbered(self, paragraph: Paragraph, num_pr: etree._Element | None) -> str:
        """Sets the list kind and level of a paragraph Word numbers; returns its label when counted in Chinese."""
        if num_pr is None:
            return ""
        num_id, level = val(num_pr, "w:numId") or "", int(val(num_pr, "w:ilvl") or 0)
        kind = self.package.numbering.kind(num_id, level)
        label = self.package.numbering.label(num_id, level) if kind else ""
        paragraph.list_kind, paragraph.list_level = ("", 0) if label else (kind, level)
        return label

    def inline(self, element, paragraph: Paragraph, link: str, style_bold: bool) -> None:
        for child in element:
            if child.tag == qn("w:r"):
                self.run(child, paragraph, link, style_bold)
            elif child.tag == qn("w:hyperlink"):
                target = self.package.part.rels.get(child.get(_R_ID))
                url = target.target_ref if target is not None and target.is_external else ""
                self.inline(child, paragraph, url, style_bold)
            elif child.tag in _PASS_THROUGH:
                self.inline(child, paragraph, link, style_bold)

    def run(self, r, paragraph: Paragraph, link: str, style_bold: bool) -> None:
        r_pr = r.find(qn("w:rPr"))
        character_style = val(r_pr, "w:rStyle")
        bold = switch(r_pr, "w:b", style_bold or bool(character_style and self.package.run_bold(character_style)))
        italic = switch(r_pr, "w:i", False)
        for child in r:
            text = _run_text(child)
            if text == "\f" and "".join(s.text for s in paragraph.spans).strip(" \u3000\t"):
                paragraph.spans.append(Span("\f"))
            elif text == "\f":
                paragraph.page_start = True  # a break before any text: this paragraph opens the page
            elif text:
                paragraph.spans.append(Span(text, bold, italic, link))
            elif child.tag in _PICTURES:
                image = self.image(child)
                if image:
                    paragraph.spans.append(Span(image=image, link=link))
            elif child.tag == qn("w:footnoteReference"):
                note = self.package.footnotes.get(child.get(qn("w:id")))
                if note:
                    paragraph.spans.append(Span(footnote=note))

    def image(self, drawing) -> Image | None:
        doc_pr = next(drawing.iter(_DOC_PR), None)
        alt = ""
        if doc_pr is not None:
            alt = doc_pr.get("descr") or doc_pr.get("title") or ""
        for blip in drawing.iter(_BLIP, _VML_IMAGE):
            rel_id = blip.get(_R_EMBED) or blip.get(_R_ID) or blip.get(_R_LINK)
            if rel_id:
                alt = alt or (blip.getparent().get("alt") or "")
                return self.package.image(rel_id, alt)
        return None  # a shape or text box, not a picture

    def table(self, tbl) -> Table:
        rows, above = [], {}
        self.new_page = False  # a page break before the table is spent on it
        for tr in tbl.iter(qn("w:tr")):
            if tr.getparent() is not tbl:
                continue  # a row of a nested table: read with the cell holding it
            row, column = [], 0
            for tc in tr.findall(qn("w:tc")):
                tc_pr = tc.find(qn("w:tcPr"))
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


def _run_text(child) -> str:
    tag = child.tag
    if tag == qn("w:t"):
        return child.text or ""
    if tag == qn("w:tab"):
        return " "
    if tag in (qn("w:br"), qn("w:cr")):
        return "\f" if child.get(qn("w:type")) == "page" else "\n"
    if tag == qn("w:noBreakHyphen"):
        return "-"
    return ""
