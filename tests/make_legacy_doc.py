#!/usr/bin/env python3
"""Write the Word 97-2003 files (.doc) test_word97_text reads, into tests/legacy/: Word files written as
WordprocessingML, converted by LibreOffice, which CI does not have, so the .doc files are kept in the repository.

    python3 tests/make_legacy_doc.py

word97_parts.doc holds a number in each place a .doc keeps text: the body, a table cell, a field code, a number
replaced with tracked changes (the deleted number right before the new one), a header and a footer, a footnote, an
endnote, a comment and its author, a revision's author, a text box in the body and one in the header, each text
naming its place. word97_ascii.doc holds only ASCII text, which LibreOffice saves as UTF-16 all the same: the test
rewrites a copy's text as an 8-bit (compressed) piece and a UTF-16 one. clean.doc holds text, a table and a
header without any number, which is published without a warning. word97_form.doc holds a drop-down form field
showing 请选择, one of whose other entries holds a number: the entries are in the Data stream alone.
word97_watermark.doc holds a watermark (WordArt in the header) with a number: its text is in the drawings alone.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from libreoffice import convert  # noqa: E402
from ooxml_docx import NS, OoxmlDocx, esc, field, p, r, text_box  # noqa: E402

MOBILE = "13912345678"
ID = "11010519491231002X"  # GB 11643's example
OUT = HERE / "legacy"
#: who wrote the comment and who deleted text, as the file keeps them
COMMENT_AUTHOR = f"批注人 {MOBILE}"
REVISION_AUTHOR = f"修订人 {ID}"


def parts_docx(path: Path) -> Path:
    """Every place, each text naming it, so that a test tells a number read in the wrong place."""
    doc = OoxmlDocx()
    section = doc.document.sections[0]
    section.header.paragraphs[0].text = f"页眉电话 {MOBILE}"
    section.header.add_paragraph()._p.append(parse_xml(f'<w:r {NS}>{text_box(p(r(f"页眉文本框 {ID}")))}</w:r>'))
    section.footer.paragraphs[0].text = f"页脚身份证 {ID}"
    doc.footnotes((1, p(r(f"脚注电话 {MOBILE}"))))
    doc.endnotes((1, p(r(f"尾注身份证 {ID}"))))
    comments = (f'<w:comments {NS}><w:comment w:id="0" w:author="{esc(COMMENT_AUTHOR)}" w:initials="P">'
                f'{p(r(f"批注身份证 {ID}"))}</w:comment></w:comments>')
    doc.part.relate_to(Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS, comments.encode(), doc.part.package),
                       RT.COMMENTS)
    revision = f'w:author="{esc(REVISION_AUTHOR)}" w:date="2021-06-01T00:00:00Z"'
    replaced = (f'<w:del w:id="5" {revision}><w:r><w:delText>{MOBILE}</w:delText></w:r></w:del>'
                f'<w:ins w:id="6" {revision}>{r("010-12345678")}</w:ins>')
    cell = f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{p(r(f"表格身份证 {ID}"))}</w:tc>'
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/>'
             f'<w:gridCol w:w="3000"/></w:tblGrid><w:tr>{cell}<w:tc>{p(r("第二格"))}</w:tc></w:tr></w:tbl>')
    return doc.save(path,
                    p(r(f"正文电话 {MOBILE}")),
                    table,
                    p(r("域代码 "), field(f'HYPERLINK "tel:{MOBILE}"', "拨打电话")),
                    p(r("修订电话 "), replaced, r("。")),
                    p(r("脚注在此"), r(inner='<w:footnoteReference w:id="1"/>'),
                      r("尾注在此"), r(inner='<w:endnoteReference w:id="1"/>')),
                    p('<w:commentRangeStart w:id="0"/>', r("批注在此"), '<w:commentRangeEnd w:id="0"/>',
                      r(inner='<w:commentReference w:id="0"/>')),
                    p(r(inner=text_box(p(r(f"文本框电话 {MOBILE}"))))),
                    p(r("结尾")))


def ascii_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(f"Tel {MOBILE}")
    document.add_paragraph(f"ID {ID}")
    document.save(path)
    return path


def clean_docx(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "某某县人民政府办公室"
    document.add_paragraph("关于公布第一批名单的通知")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("姓名", "单位", "张三", "某某县财政局")):
        cell.text = text
    document.save(path)
    return path


def form_docx(path: Path) -> Path:
    """A form whose drop-down (a legacy form field, FORMDROPDOWN) lists a person with a number, not chosen."""
    entries = "".join(f'<w:listEntry w:val="{esc(entry)}"/>' for entry in ("请选择", f"张三{MOBILE}", "李四"))
    begin = (f'<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="经办人"/><w:enabled/>'
             f'<w:calcOnExit w:val="0"/><w:ddList>{entries}</w:ddList></w:ffData></w:fldChar>')
    document = docx.Document()
    document.add_paragraph("依申请公开申请表")
    paragraph = document.add_paragraph("经办人：")
    for run in (r(inner=begin), r(inner='<w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText>'),
                r(inner='<w:fldChar w:fldCharType="separate"/>'), r("请选择"),
                r(inner='<w:fldChar w:fldCharType="end"/>')):
        paragraph._p.append(parse_xml(f"<w:wrap {NS}>{run}</w:wrap>")[0])
    document.save(path)
    return path


#: a watermark as Word draws one: WordArt (a text path) behind the text of the header
WATERMARK = ('<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" '
             'path="m@7,l@8,m@5,21600l@6,21600e"><v:textpath on="t" fitshape="t"/></v:shapetype>'
             '<v:shape id="PowerPlusWaterMarkObject" type="#_x0000_t136" fillcolor="silver" stroked="f" '
             'style="position:absolute;width:400pt;height:100pt;z-index:-1">'
             f'<v:textpath style="font-family:&quot;宋体&quot;" string="内部资料 王五{MOBILE}"/></v:shape></w:pict>')


def watermark_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("关于做好有关工作的通知")
    document.sections[0].header.paragraphs[0]._p.append(parse_xml(f"<w:r {NS}>{WATERMARK}</w:r>"))
    document.save(path)
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = [parts_docx(work / "word97_parts.docx"), ascii_docx(work / "word97_ascii.docx"),
                   clean_docx(work / "clean.docx"), form_docx(work / "word97_form.docx"),
                   watermark_docx(work / "word97_watermark.docx")]
        for source in sources:
            written = convert(source, "doc", work)
            shutil.copyfile(written, OUT / written.name)
            print(OUT / written.name)

if __name__ == "__main__":
    main()
