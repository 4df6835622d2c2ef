"""Personal information in a PowerPoint (.pptx) attachment, a 政策解读 often is one: its slides (tables among them),
its speaker notes, comments and their authors, charts and SmartArt, alt text and picture names, slide master,
properties and embedded files; and in an OFD (.ofd, 开放版式文档) one: its pages, template pages, annotations, document
information and attachments. Each is an error at the document's `attachments` line naming the attachment and the
place, and nothing is published; an OFD's pages of images only (a scan) are a warning, as a PDF's are."""
from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.engine import ofd_text
from ooxml_package import CONTENT
from slides_ofd_writer import IMAGE, MODERN, P188, PRESENTATION, Presentation, body, ofd, shape, table, text_object
from test_attachment_hidden_parts import (CHART, ID, ID_MASKED, MOBILE, SMART_ART, attached, personal, refused,
                                          word_embedding, workbook)

PPTX = CONTENT + "presentationml.presentation"
XLSX = CONTENT + "spreadsheetml.sheet"


def unread(run, name: str) -> list[str]:
    return [problem for problem in run.problems if f"附件“{name}”" in problem]


# PowerPoint


def test_a_pptxs_slides_are_read_in_the_presentations_order_tables_among_them(site, cli, tmp_path):
    """The first slide shown is the file's slide2.xml; a number over two runs of a paragraph is whole."""
    deck = Presentation()
    deck.slide(shape("附件：联系人名单"), table([["姓名", "手机"], ["张三", MOBILE]]), name="ppt/slides/slide2.xml")
    deck.slide(shape("经办人身份证号", ["1101051949", "1231002X"]), name="ppt/slides/slide1.xml")
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [
        ("第 1 张幻灯片", "139****5678"), ("第 2 张幻灯片", ID_MASKED)])


def test_a_pptxs_speaker_notes(site, cli, tmp_path):
    deck = Presentation()
    deck.slide(shape("政策解读"))
    deck.notes(deck.slide(shape("二、主要内容")), "讲解要点：", f"如有疑问联系张三 {MOBILE}")
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [("第 2 张幻灯片的备注", "139****5678")])


def test_a_pptxs_comments_replies_and_their_authors(site, cli, tmp_path):
    """An old comment on slide 1 and its author; a modern comment on slide 2, a reply to it, and its author's
    account."""
    deck = Presentation()
    first, second = deck.slide(shape("一")), deck.slide(shape("二"))
    deck.add("ppt/comments/comment1.xml",
             '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="0" '
             'dt="2024-03-01T10:00:00.000" idx="1"><p:pos x="10" y="10"/><p:text>请核对 13712345678</p:text></p:cm>'
             "</p:cmLst>", PRESENTATION + "comments+xml", first, "comments")
    deck.add("ppt/commentAuthors.xml",
             '<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" '
             'name="张三 13612345678" initials="张" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>',
             PRESENTATION + "commentAuthors+xml", "ppt/presentation.xml", "commentAuthors")
    author = "{6C4A2E39-2D8B-4C51-9E1A-6A0F4B7C2D11}"
    marker = ('<pc:sldMkLst xmlns:pc="http://schemas.microsoft.com/office/powerpoint/2013/main/command"><pc:docMk/>'
              '<pc:sldMk cId="0" sldId="257"/></pc:sldMkLst>')
    reply = (f'<p188:reply id="{{0E5C2B71-3A64-4F0B-8D2C-1B9E7A6F5C42}}" authorId="{author}" '
             f'created="2024-03-02T09:00:00.000">{body("已改，经办人 13512345678", tag="p188:txBody")}</p188:reply>')
    deck.add("ppt/comments/modernComment_101_5E3A7C21.xml",
             f'<p188:cmLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p188="{P188}">'
             f'<p188:cm id="{{B1F5C8A2-7D3E-4A90-9C61-2E8F0D4B7A35}}" authorId="{author}" '
             f'created="2024-03-01T11:00:00.000">{marker}<p188:replyLst>{reply}</p188:replyLst>'
             f'{body("申请人身份证号", ["1101051949", "1231002X"], tag="p188:txBody")}</p188:cm></p188:cmLst>',
             "application/vnd.ms-powerpoint.comments+xml", second, MODERN + "comments")
    deck.add("ppt/authors.xml",
             f'<p188:authorLst xmlns:p188="{P188}"><p188:author id="{author}" name="李四" initials="LS" '
             'userId="13812345678@163.com" providerId="None"/></p188:authorLst>',
             "application/vnd.ms-powerpoint.authors+xml", "ppt/presentation.xml", MODERN + "authors")
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [
        ("第 1 张幻灯片的批注", "137****5678"), ("批注作者", "136****5678"), ("第 2 张幻灯片的批注", ID_MASKED),
        ("第 2 张幻灯片的批注回复", "135****5678"), ("批注作者", "138****5678")])


def test_a_pptxs_charts_and_smart_art(site, cli, tmp_path):
    """A chart's title and the categories it shows; a SmartArt node's text, over two runs."""
    deck = Presentation()
    deck.slide(shape("数据统计"))
    deck.slide(shape("办理情况"), lambda slide: deck.chart(slide, CHART),
               lambda slide: deck.smart_art(slide, SMART_ART))
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [
        ("第 2 张幻灯片的图表", "136****5678"), ("第 2 张幻灯片的图表", ID_MASKED),
        ("第 2 张幻灯片的SmartArt 图形", "135****5678")])


def test_a_pptxs_alt_text_picture_names_master_and_properties(site, cli, tmp_path):
    """A picture's 替代文字 and the name of one inserted from a file named after its subject; a text box on the
    slide master, which shows on every slide; the author in the file's properties."""
    deck = Presentation()
    deck.slide(shape("现场照片"), lambda slide: deck.picture(slide, f"张三{MOBILE}.jpg", f"张三身份证 {ID}"))
    deck.master_shapes.append(shape("联系人 13712345678", name="页脚"))
    deck.core("李四 13612345678")
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [
        ("第 1 张幻灯片中图形的替代文字", ID_MASKED), ("第 1 张幻灯片中图形的名称", "139****5678"),
        ("幻灯片母版", "137****5678"), ("文档属性“作者”", "136****5678")])


def test_a_workbook_embedded_in_a_pptx_and_a_pptx_embedded_in_a_docx(site, cli, tmp_path):
    book = workbook(tmp_path / "book.xlsx", {"A1": "姓名", "A2": "张三", "B2": MOBILE}).read_bytes()
    deck = Presentation()
    deck.slide(shape("名单见下表"), lambda slide: deck.embedded(slide, "Microsoft_Excel_Worksheet.xlsx", book, XLSX,
                                                                "Excel.Sheet.12"))
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [
        ("嵌入对象“Microsoft_Excel_Worksheet.xlsx”中的工作表“名单”单元格 B2 ", "139****5678")])
    inner = Presentation()
    inner.slide(shape(f"经办人身份证号 {ID}"))
    data = word_embedding(tmp_path / "y.docx", ("Microsoft_PowerPoint_Presentation.pptx",
                                                inner.save(tmp_path / "inner.pptx"), PPTX, "PowerPoint.Show.12"))
    refused(site, cli, "y.docx", data, [("嵌入对象“Microsoft_PowerPoint_Presentation.pptx”中的第 1 张幻灯片", ID_MASKED)])


# OFD


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "from-the-root"])
def test_an_ofds_pages_a_number_drawn_in_pieces_whole(site, cli, absolute):
    """A text object draws its text in codes, a run of glyphs each: a number drawn in pieces is whole, and so is
    one drawn a text object a glyph. Its pages are named from its document's folder, or from the package's root
    as some programs write them."""
    data = ofd([[text_object("申请人身份证号"), text_object("1101051949", "1231002X", top=30)],
                [text_object("联系电话："), text_object("1", "3", "9", "1234", "5678", top=30)],
                [text_object("经办人："), *(text_object(digit, top=40) for digit in "13712345678")]], absolute=absolute)
    refused(site, cli, "x.ofd", data, [("第 1 页", ID_MASKED), ("第 2 页", "139****5678"), ("第 3 页", "137****5678")])


def test_an_ofds_annotations(site, cli):
    """What an annotation shows (a stamp's text), its remark, and who made it."""
    annot = ('<ofd:Annot ID="{id}" Type="Stamp" Creator="张三 13612345678" LastModDate="2024-03-01">'
             '<ofd:Remark>核对人 13712345678</ofd:Remark><ofd:Appearance Boundary="120 240 60 20">'
             f'{text_object("经办人", "13812345678")}</ofd:Appearance></ofd:Annot>')
    data = ofd([[text_object("第一页")], [text_object("第二页")]], annotations={2: annot})
    refused(site, cli, "x.ofd", data, [("第 2 页的注释作者", "136****5678"), ("第 2 页的注释", "137****5678"),
                                       ("第 2 页的注释", "138****5678")])


def test_an_ofds_document_information(site, cli):
    info = (f"<ofd:Title>名单</ofd:Title><ofd:Author>王五 {MOBILE}</ofd:Author><ofd:Keywords><ofd:Keyword>名单"
            "</ofd:Keyword></ofd:Keywords><ofd:Creator>OFD Writer</ofd:Creator><ofd:CustomDatas>"
            f'<ofd:CustomData Name="经办人身份证号">{ID}</ofd:CustomData></ofd:CustomDatas>')
    refused(site, cli, "x.ofd", ofd([[text_object("正文")]], info=info), [
        ("文档属性“作者”", "139****5678"), ("文档属性“经办人身份证号”", ID_MASKED)])


def test_an_ofds_template_page_and_attached_workbook(site, cli, tmp_path):
    """Text on the template every page shows; a workbook the file carries as an attachment, read as one."""
    book = workbook(tmp_path / "book.xlsx", {"A1": "姓名", "A2": "张三", "B2": MOBILE}).read_bytes()
    data = ofd([[text_object("正文")]], template=[text_object("联系人 13712345678", top=280)],
               attachments={"名单.xlsx": book})
    refused(site, cli, "x.ofd", data, [("模板页", "137****5678"),
                                       ("嵌入附件“名单.xlsx”中的工作表“名单”单元格 B2 ", "139****5678")])


def test_an_ofds_pages_of_images_only_are_a_warning_and_the_build_succeeds(site, cli):
    """Pages 2, 3 and 5 show an image and no text (a scan); page 4 is blank, nothing on it to check; an attached
    PDF is not read."""
    data = ofd([[text_object("正文")], [IMAGE], [IMAGE], [], [IMAGE]], attachments={"原文.pdf": b"%PDF-1.4\n"})
    root = attached(site, "x.ofd", data)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/qtxx/x.ofd").exists()
    assert sorted(unread(run, "x.ofd")) == sorted(
        f"content/qtxx/a.md:6: 警告：附件“x.ofd”{what}，无法检查其中的个人信息，请人工核对后再公开"
        for what in ("第 2—3、5 页没有文字层（可能是扫描件）", "嵌入附件“原文.pdf”（.pdf 格式）不能读取")), run.err


# Either, without personal information or damaged


def test_an_ofds_page_no_document_lists_is_read(site, cli):
    """A page of an earlier version (ofd:Versions keeps its content, the current document lists another) drawing a
    number the current page no longer draws; what both draw is said once, at the page."""
    data = ofd([[text_object("联系人：王科长"), text_object("联系电话：见通知", top=30)]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        earlier = old.read("Doc_0/Pages/Page_0/Content.xml").decode().replace("见通知", "13912345678")
        new.writestr("Doc_0/Versions/Version_0/Pages/Page_0/Content.xml", earlier)
    refused(site, cli, "x.ofd", out.getvalue(), [(ofd_text.UNLISTED, "139****5678")])


def test_a_pptx_and_an_ofd_without_personal_information_are_published(site, cli, tmp_path):
    deck = Presentation()
    deck.notes(deck.slide(shape("政策解读", "咨询电话 0551-12345678"), table([["事项", "时限"], ["办理", "5 个工作日"]])),
               "讲解 10 分钟")
    deck.core("办公室")
    for name, data in (("x.pptx", deck.save(tmp_path / "x.pptx")),
                       ("x.ofd", ofd([[text_object("政策解读"), text_object("2024", "年", "3", "月", top=30)]],
                                     info="<ofd:Author>办公室</ofd:Author>"))):
        root = attached(site, name, data)
        run = cli("build", "--site", root)
        assert run.code == 0 and not unread(run, name) and not personal(run), run.err
        assert (root / "public/qtxx" / name).read_bytes() == data


@pytest.mark.parametrize("name", ["x.pptx", "x.ofd"])
def test_a_damaged_pptx_or_ofd_is_a_warning(site, cli, tmp_path, name):
    """A package without its presentation, an OFD whose page is missing: said unread, the build goes on."""
    if name == "x.pptx":
        deck = Presentation()
        deck.slide(shape("一"))
        data = _without(deck.save(tmp_path / name), "ppt/presentation.xml")
    else:
        data = _without(ofd([[text_object("一")]]), "Doc_0/Pages/Page_0/Content.xml")
    root = attached(site, name, data)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert unread(run, name) == [f"content/qtxx/a.md:6: 警告：附件“{name}”无法读出文字（文件损坏或不是 {name[1:]} 格式），"
                                 "没有检查其中的个人信息"], run.err


def _without(package: bytes, part: str) -> bytes:
    """`package` without `part`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info, old.read(info))
    return out.getvalue()
