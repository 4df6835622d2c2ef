"""What a PDF attachment keeps besides its pages' text layer, shown by any PDF reader: its properties, comments,
links, form fields (a filled-in 申请表), bookmarks and the files it embeds. Each is an error at the document's
`attachments` line naming the place, nothing published. Before, only the pages' text layer was read."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link, Text
from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject,
                           TextStringObject)

from gongkai.engine import pdf_revisions, pdf_text
from pdf_writer import text_pdf
from test_attachment_hidden_parts import ID, ID_MASKED, MOBILE, attached, personal, refused

MOBILE_MASKED = "139****5678"


def writer(pages: list[list[str]] | None = None) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(pages or [["Notice"], ["Annex"]]))))


def written(pdf: PdfWriter) -> bytes:
    out = io.BytesIO()
    pdf.write(out)
    return out.getvalue()


def field(pdf: PdfWriter, kind: str, name: str, **entries: object) -> None:
    """A form field on the first page (a widget of its own), listed in the document's form."""
    widget = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
                               NameObject("/FT"): NameObject(kind), NameObject("/T"): TextStringObject(name),
                               NameObject("/Rect"): ArrayObject(map(NumberObject, (72, 600, 300, 620))),
                               NameObject("/P"): pdf.pages[0].indirect_reference})
    for key, value in entries.items():
        widget[NameObject(f"/{key}")] = value
    reference = pdf._add_object(widget)
    pdf.pages[0].setdefault(NameObject("/Annots"), ArrayObject()).append(reference)
    form = pdf._root_object.setdefault(NameObject("/AcroForm"), DictionaryObject({NameObject("/Fields"): ArrayObject()}))
    form["/Fields"].append(reference)


def test_properties_and_xmp_metadata_are_read(site, cli):
    pdf = writer()
    pdf.add_metadata({"/Author": f"经办人 {MOBILE}", "/Title": "关于公布名单的通知"})
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq>'
           f'<rdf:li>身份证号 {ID}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    metadata = StreamObject()
    metadata.set_data(xmp.encode())
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    pdf._root_object[NameObject("/Metadata")] = pdf._add_object(metadata)
    refused(site, cli, "x.pdf", written(pdf), [("文档属性“作者”", MOBILE_MASKED), ("文档属性（XMP 元数据）", ID_MASKED)])


def test_a_pages_comment_its_author_and_a_links_address_are_read(site, cli):
    pdf = writer()
    pdf.add_annotation(0, Text(text=f"请核对身份证号 {ID}", rect=(72, 700, 100, 720)))
    pdf.pages[0]["/Annots"][0].get_object()[NameObject("/T")] = TextStringObject(f"王科长 {MOBILE}")
    pdf.add_annotation(1, Link(rect=(72, 700, 200, 720), url=f"tel:{MOBILE}"))
    refused(site, cli, "x.pdf", written(pdf), [("第 1 页的批注", ID_MASKED), ("第 1 页的批注", MOBILE_MASKED),
                                               ("第 2 页的链接地址", MOBILE_MASKED)])


def test_a_filled_in_forms_values_and_every_option_of_a_list_are_read(site, cli):
    """A text field's value is drawn by its widget, not in the page's text layer; a list's options are all in the
    file, not only the one chosen."""
    pdf = writer([["Application form"]])
    field(pdf, "/Tx", "申请人身份证号", V=TextStringObject(ID))
    field(pdf, "/Ch", "经办人", V=TextStringObject("请选择"),
          Opt=ArrayObject([TextStringObject("请选择"), TextStringObject(f"张三 {MOBILE}")]))
    assert ID not in (PdfReader(io.BytesIO(written(pdf))).pages[0].extract_text() or "")
    refused(site, cli, "x.pdf", written(pdf), [("表单域“申请人身份证号”", ID_MASKED), ("表单域“经办人”", MOBILE_MASKED)])


def test_bookmarks_and_an_embedded_workbook_are_read(site, cli, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "手机"])
    book.active.append(["张三", MOBILE])
    book.save(tmp_path / "mingdan.xlsx")
    pdf = writer()
    pdf.add_outline_item(title=f"附件：身份证号 {ID}", page_number=1)
    pdf.add_attachment("名单.xlsx", (tmp_path / "mingdan.xlsx").read_bytes())
    refused(site, cli, "x.pdf", written(pdf), [("书签", ID_MASKED),
                                               ("嵌入的附件“名单.xlsx”中的工作表“名单”单元格 B2 ", MOBILE_MASKED)])


def test_an_embedded_file_of_a_format_not_read_is_said_unchecked(site, cli):
    pdf = writer()
    pdf.add_attachment("名单.rar", b"Rar!\x1a\x07\x00")
    run = cli("build", "--site", attached(site, "x.pdf", written(pdf)))
    assert run.code == 0 and not personal(run), run.err
    assert any("附件“x.pdf”嵌入的附件“名单.rar”（.rar 格式）不能读取" in problem for problem in run.problems), run.err


def test_a_pdf_with_ordinary_properties_comments_and_bookmarks_publishes(site, cli):
    pdf = writer()
    pdf.add_metadata({"/Author": "示例县人民政府办公室", "/Title": "关于公布名单的通知"})
    pdf.add_annotation(0, Text(text="请以正式文件为准", rect=(72, 700, 100, 720)))
    pdf.add_outline_item(title="附件", page_number=1)
    root = attached(site, "x.pdf", written(pdf))
    run = cli("build", "--site", root)
    assert run.code == 0 and not [p for p in run.problems if "附件“x.pdf”" in p], run.err
    assert Path(root / "public/qtxx/x.pdf").exists()


# What earlier saves left in the file


def updated(data: bytes, edit) -> bytes:
    """`data` saved again as an update (incremental save), after `edit` on a writer of it: what it held stays."""
    pdf = PdfWriter(io.BytesIO(data), incremental=True)
    edit(pdf)
    out = written(pdf)
    assert out.startswith(data)
    return out


def page_text(pdf: PdfWriter, page: int, line: str) -> None:
    content = StreamObject()
    content.set_data(f"BT /F1 14 Tf 72 770 Td ({line}) Tj ET".encode("ascii"))
    pdf.pages[page][NameObject("/Contents")] = pdf._add_object(content)


def test_text_an_update_removed_is_read_from_the_earlier_save(site, cli):
    """A page whose number was replaced and saved as an update: the page shows the new text, the file keeps the old
    one, which any PDF reader can restore. Said with how to be rid of it."""
    data = updated(text_pdf([["Notice"], [f"Contact {MOBILE}"]]), lambda pdf: page_text(pdf, 1, "Contact the office"))
    assert MOBILE not in PdfReader(io.BytesIO(data)).pages[1].extract_text()
    refused(site, cli, "x.pdf", data, [("第 2 页（早先保存的版本）", MOBILE_MASKED)])
    hint = next(p for p in personal(cli("build", "--site", attached(site, "x.pdf", data))) if "早先保存" in p)
    assert "PDF 阅读器可以恢复：请用“另存为”保存成新文件（或打印为 PDF），再附上" in hint, hint


def test_a_form_fields_value_cleared_in_an_update_is_read_from_the_earlier_save(site, cli):
    first = writer([["Application form"]])
    field(first, "/Tx", "申请人身份证号", V=TextStringObject(ID))
    data = written(first)

    def cleared(pdf: PdfWriter) -> None:
        widget = pdf.pages[0]["/Annots"][0].get_object()
        widget[NameObject("/V")] = TextStringObject("")
        pdf._objects[widget.indirect_reference.idnum - 1] = widget
    refused(site, cli, "x.pdf", updated(data, cleared), [("表单域“申请人身份证号”（早先保存的版本）", ID_MASKED)])


def test_an_update_that_removes_nothing_publishes():
    """What every earlier save held is still shown: nothing is said of it."""
    data = updated(text_pdf([["Notice"], ["Annex"]]), lambda pdf: pdf.add_metadata({"/Title": "Notice"}))
    assert len(pdf_revisions.earlier(data)) == 1
    pieces = list(pdf_text.read(io.BytesIO(data), lambda name, data: iter(())))
    assert [where for where, _ in pieces] == ["第 1 页", "第 2 页", "文档属性“标题”"]


def test_a_linearized_files_first_part_is_no_earlier_save():
    """A file for fast web view ends its first page's part with an end of its own; a file's last end is itself; a
    stream's "%%EOF" (a CMap's) ends no save."""
    saves = (b"%PDF-1.4\n1 0 obj << /Linearized 1 >> endobj\nstartxref\n0\n%%EOF\n2 0 obj\n%%EOF\nendobj\n"
             b"startxref 9\n%%EOF\r\n3 0 obj\nstartxref\n99\n%%EOF\n")
    assert pdf_revisions.earlier(saves) == [saves[:saves.index(b"3 0 obj")]]
    plain = saves.replace(b"/Linearized 1", b"/Type /X")
    assert pdf_revisions.earlier(plain) == [plain[:plain.index(b"2 0 obj")], plain[:plain.index(b"3 0 obj")]]


# Passwords


def encrypted(user_password: str) -> bytes:
    pdf = writer([["Notice"], [f"Contact {MOBILE}"]])
    pdf.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    return written(pdf)


def test_a_pdf_that_only_restricts_printing_or_copying_is_read_as_any_reader_opens_it(site, cli):
    """An owner password alone (AES, as Acrobat sets it): anyone opens the file, so it is read."""
    refused(site, cli, "x.pdf", encrypted(""), [("第 2 页", MOBILE_MASKED)])


def test_a_pdf_that_needs_a_password_to_open_is_said_unchecked(site, cli):
    run = cli("build", "--site", attached(site, "x.pdf", encrypted("secret")))
    assert run.code == 0 and not personal(run), run.err
    assert any("附件“x.pdf”文件已加密，需要密码才能打开，无法检查其中的个人信息" in p for p in run.problems), run.err
