"""Writes Word files laid out as 公文 (GB/T 9704) for the import tests and the import benchmark.

python-docx writes everything except footnotes; the footnotes part is built with lxml and
attached to the package the way Word does it.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from lxml import etree

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
INDENT = "\u3000\u3000"  # 公文 paragraphs start with two full-width spaces


@dataclass
class Gongwen:
    """What one test document holds; every part can be changed or left out (None / False)."""

    head: str | None = "测试县人民政府办公室文件"  # 版头
    doc_number: str | None = "测政办发〔2021〕12号"  # 发文字号
    title: list[str] = field(default_factory=lambda: ["测试县人民政府办公室关于印发", "2021年政务公开工作要点的通知"])
    title_soft_break: bool = True  # the title's lines in one paragraph, split by a soft line break
    addressee: str = "各乡镇人民政府，县政府各部门、各直属机构："  # 主送机关
    body: bool = True  # headings, bold lead sentences, a list, a footnote
    table: bool = True  # with a merged cell
    images: tuple = ("2020年政务公开工作成效图", "")  # alt text of each image; "" for none
    attachment_note: str | None = "附件：2021年政务公开工作要点"  # 附件说明, a line per attachment
    signer: str | None = "测试县人民政府办公室"  # 落款
    written: str | None = "2021年6月30日"  # 成文日期
    annotation: str | tuple | None = "（此件公开发布）"  # 附注; several, each a paragraph or (a tuple) a table row
    attachments: int = 1  # 附件 on the following pages: 工作要点
    measures: bool = False  # the attachment is a 办法 in chapters and articles instead
    attachment_date: str | None = None  # a date closing the attachment (its own 落款)
    colophon: str | None = "paragraphs"  # 版记: "paragraphs", "table" or None
    colophon_lines: tuple = ()  # the 版记's lines instead of the usual two; a tuple of strings is one table row
    colophon_first: bool = False  # the 版记 before the pages of the attachments instead of at the end
    extra: tuple = ()  # more paragraphs of the text, after the body (a sentence, a typed page number …)
    head_table: tuple = ()  # the 版头 and 发文字号 set in a table instead: its rows, each a tuple of cells
    letterhead: bool = False  # 信函格式: the organ's name over a rule instead of the 版头
    closing: tuple = ()  # paragraphs after the attachments, before the 版记 (a typed page number …)


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid grey PNG, made without an image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write(path: Path, spec: Gongwen | None = None) -> Path:
    spec = spec or Gongwen()
    document = docx.Document()
    _head(document, spec)
    _title(document, spec)
    if spec.addressee:
        document.add_paragraph(spec.addressee)
    if spec.body:
        _body(document, spec.table)
    for text in spec.extra:
        document.add_paragraph(text)
    for number, alt in enumerate(spec.images, 1):
        _image(document, path.parent, number, alt)
    for line in (spec.attachment_note or "").split("\n"):
        if line:
            document.add_paragraph(INDENT + line)
    for text in (spec.signer, spec.written):
        if text:
            document.add_paragraph(text).alignment = RIGHT
    for note in (spec.annotation,) if isinstance(spec.annotation, str) else spec.annotation or ():
        if isinstance(note, tuple):
            _table_rows(document, [note])
        else:
            document.add_paragraph(INDENT + note)
    if spec.colophon and spec.colophon_first:
        _colophon(document, spec.colophon == "table", spec.colophon_lines)
    for number in range(1, spec.attachments + 1):
        _attachment(document, spec.measures, "附件" if spec.attachments == 1 else f"附件{number}")
    if spec.attachment_date:
        document.add_paragraph(spec.attachment_date).alignment = RIGHT
    for text in spec.closing:
        document.add_paragraph(text)
    if spec.colophon and not spec.colophon_first:
        _colophon(document, spec.colophon == "table", spec.colophon_lines)
    document.save(path)
    return path


def _colophon(document, as_table: bool, lines: tuple) -> None:
    """The 版记: as paragraphs, or (as many templates set it, between rules) as a one-column table."""
    lines = lines or ("抄送：县委办公室，县人大常委会办公室，县政协办公室。",
                      "测试县人民政府办公室" + "\u3000" * 6 + "2021年7月1日印发")
    if not as_table:
        for line in lines:
            if isinstance(line, tuple):
                _table_rows(document, [line])
            else:
                document.add_paragraph(line)
        return
    table = document.add_table(rows=2, cols=1)
    for row, line in zip(table.rows, lines):
        row.cells[0].text = line


def _table_rows(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def _head(document, spec: Gongwen) -> None:
    if spec.head_table:
        _table_rows(document, spec.head_table)
    if spec.letterhead:
        paragraph = document.add_paragraph(spec.head or "")
        paragraph.alignment = CENTER
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="double" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'))
        if spec.doc_number:
            document.add_paragraph(spec.doc_number).alignment = RIGHT
        return
    if spec.head:
        paragraph = document.add_paragraph()
        paragraph.alignment = CENTER
        run = paragraph.add_run(spec.head)
        run.font.color.rgb, run.font.size = RGBColor(0xFF, 0, 0), Pt(36)
    if spec.doc_number:
        document.add_paragraph(spec.doc_number).alignment = CENTER
    rule = document.add_paragraph()  # the red rule: a paragraph border
    rule._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'))


def _title(document, spec: Gongwen) -> None:
    if spec.title_soft_break:
        paragraph = document.add_paragraph()
        paragraph.alignment = CENTER
        for i, line in enumerate(spec.title):
            run = paragraph.add_run(line)
            if i < len(spec.title) - 1:
                run.add_break()
    else:
        for line in spec.title:
            document.add_paragraph(line).alignment = CENTER


def _body(document, table: bool) -> None:
    document.add_paragraph(INDENT + "为深入贯彻落实《中华人民共和国政府信息公开条例》，现将有关事项通知如下。")
    document.add_paragraph(INDENT + "一、总体要求")
    lead = document.add_paragraph(INDENT)
    lead.add_run("坚持以公开为常态。").bold = True
    lead.add_run("各单位要把政务公开贯穿政务运行全过程，")
    _footnote(document, lead.add_run("依法依规做好公开工作"), "见《中华人民共和国政府信息公开条例》第五条。")
    lead.add_run("。")
    document.add_paragraph(INDENT + "二、重点任务")
    document.add_paragraph(INDENT + "（一）推进决策公开")
    document.add_paragraph(INDENT + "1.完善目录")
    document.add_paragraph(INDENT + "（二）加强政策解读。各单位起草政策文件时要同步组织解读材料，"
                           "解读材料应当与文件同步审签、同步发布，并在政府网站集中展示。")
    document.add_paragraph("主动公开的政策文件", style="List Bullet")
    document.add_paragraph("依申请公开的办理结果", style="List Bullet")
    if table:
        _table(document)


def _table(document) -> None:
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["类别", "内容", "责任单位"], ["重点领域", "财政预决算", "县财政局"],
                             ["重点领域", "重大建设项目", "县发展改革委"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # one 类别 cell over two rows
    table.cell(1, 0).text = "重点领域"


def _image(document, folder: Path, number: int, alt: str) -> None:
    picture = folder / f".image{number}.png"
    picture.write_bytes(png())
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.add_run().add_picture(str(picture))
    picture.unlink()
    doc_pr = paragraph._p.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", alt)


def _footnote(document, run, text: str) -> None:
    """Adds a footnote after `run`, creating the footnotes part on first use."""
    part = next((p for p in document.part.package.parts if p.partname == "/word/footnotes.xml"), None)
    if part is None:
        xml = (f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
               f'</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               f'<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    root = parse_xml(part.blob)
    number = len(root.findall(qn("w:footnote"))) - 1
    root.append(parse_xml(f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>'
                          f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    reference = OxmlElement("w:r")
    reference.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>'))
    run._r.addnext(reference)


def _attachment(document, measures: bool, label: str) -> None:
    document.add_page_break()
    document.add_paragraph(label)
    if measures:
        document.add_paragraph("测试县政务公开管理办法").alignment = CENTER
        document.add_paragraph("第一章　总则").alignment = CENTER
        document.add_paragraph(INDENT + "第一条　为规范政务公开工作，制定本办法。")
        document.add_paragraph(INDENT + "第二条　本办法适用于县政府各部门。")
        return
    document.add_paragraph("2021年政务公开工作要点").alignment = CENTER
    document.add_paragraph(INDENT + "一、加强政策发布解读")
    document.add_paragraph(INDENT + "（一）规范政策文件发布。各单位制发的政策文件，除依法不予公开的外，"
                           "应当在印发之日起20个工作日内在政府网站公开。")
    document.add_paragraph(INDENT + "二、强化平台建设")
    document.add_paragraph(INDENT + "加快政府网站集约化建设，提升政务新媒体服务水平。")
