"""Personal information inside attachments (.docx, .xlsx, .csv, .txt, .pdf with a text layer) is found like
in the body, named by attachment and place, and reported at the document's `attachments` line; a PDF's pages
that are scans, with no text to check, are a warning."""
from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest

from conftest import AS_OF, doc, read_tree
from gongkai import pipeline
from pdf_writer import text_pdf

AS_OF_DATE = dt.date.fromisoformat(AS_OF)

ID = "11010519491231002X"
PRIVACY = "，个人信息不得公开，请删除或隐去"


def attached(site, name: str, data: bytes | str, **fields):
    files = {"content/qtxx/a.md": doc(attachments=f"[{{file: {name}, title: 附件}}]", **fields),
             f"content/qtxx/{name}": data}
    return site(files)


def test_docx_paragraph_and_table_cell(site, cli, tmp_path):
    document = docx.Document()
    document.add_paragraph("申请人名单如下。")
    document.add_paragraph(f"张三，身份证号 {ID}。")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "13912345678"
    document.save(tmp_path / "x.docx")
    run = cli("check", "--site", attached(site, "x.docx", (tmp_path / "x.docx").read_bytes()))
    assert run.code == 1
    assert f"content/qtxx/a.md:6: 错误：附件“x.docx”第 2 段含有居民身份证号码 110105********002X{PRIVACY}" \
           "（如确需公开，请在公开联系方式 public_contacts 中列出）" in run.problems, run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.docx”表格 1 第 2 行第 2 列含有手机号码 139****5678")
               for p in run.problems), run.err
    assert ID not in run.err


def test_xlsx_sheet_and_cell(site, cli, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "手机"])
    sheet.append(["李四", 13812345678])
    book.save(tmp_path / "x.xlsx")
    run = cli("check", "--site", attached(site, "x.xlsx", (tmp_path / "x.xlsx").read_bytes()))
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.xlsx”工作表“名单”单元格 B2 含有手机号码 138****5678")
               for p in run.problems), run.err


def test_csv_and_txt_lines(site, cli):
    run = cli("check", "--site", attached(site, "x.csv", "姓名,手机\n王五,139-1234-5678\n"))
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.csv”第 2 行含有手机号码 139****5678") for p in run.problems)
    run = cli("check", "--site", attached(site, "y.txt", "第一行\n\n身份证：１１０１０５１９４９１２３１００２Ｘ\n"))
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“y.txt”第 3 行含有居民身份证号码") for p in run.problems)


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40"><title>走访户张三</title>\n'
       '<desc>户主身份证 11010519491231002X</desc>\n<text x="0" y="20">联系电话 13912345678</text></svg>\n')


def test_an_svg_picture_is_read_as_text_its_hidden_description_too(site, cli):
    """An SVG is text: what it draws and its title, description and metadata, which readers never see, are
    published with it; other pictures are checked by eye."""
    root = site({"content/qtxx/a.md": doc(body="走访图：\n\n![走访图](zoufang.svg)\n"), "content/qtxx/zoufang.svg": SVG})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert any(p.startswith("content/qtxx/a.md:9: 错误：附件“zoufang.svg”第 2 行含有居民身份证号码 110105********002X")
               for p in run.problems), run.problems
    assert any(p.startswith("content/qtxx/a.md:9: 错误：附件“zoufang.svg”第 3 行含有手机号码 139****5678")
               for p in run.problems), run.problems
    run = cli("check", "--site", attached(site, "tu.svg", SVG, public_contacts='["13912345678"]'))
    assert [p for p in run.problems if "tu.svg" in p and "手机" in p] == []
    assert any("content/qtxx/a.md:6: 错误：附件“tu.svg”第 2 行含有居民身份证号码" in p for p in run.problems)


def test_pdf_text_layer_page(site, cli):
    run = cli("check", "--site", attached(site, "x.pdf", text_pdf([["Notice"], ["Contact 13912345678"]])))
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.pdf”第 2 页含有手机号码 139****5678") for p in run.problems), \
        run.err


def test_pdf_pages_without_a_text_layer_that_show_images_are_one_warning_for_the_file(site, cli):
    """Pages 1, 3 and 4 are scans; page 2 has a text layer over its image; page 5 is blank, no image: nothing to
    check."""
    data = text_pdf([[], ["Notice of the county government"], [], [], []], images=frozenset({0, 1, 2, 3}))
    run = cli("build", "--site", attached(site, "x.pdf", data))
    assert run.code == 0, run.err
    assert [p for p in run.problems if "x.pdf" in p] == [
        "content/qtxx/a.md:6: 警告：附件“x.pdf”第 1、3—4 页没有文字层（可能是扫描件），无法检查其中的个人信息，"
        "请人工核对后再公开"], run.err
    blank = site({"content/qtxx/a.md": doc(attachments="[{file: y.pdf, title: 附件}]"),
                  "content/qtxx/y.pdf": text_pdf([[], ["Notice"]])}, name="blank")
    assert not [p for p in cli("check", "--site", blank).problems if "y.pdf" in p]


def test_public_contacts_exempt_attachments_too(site, cli):
    root = attached(site, "x.csv", "服务电话,13900005501\n", public_contacts="['13900005501']")
    run = cli("check", "--site", root)
    assert not [p for p in run.problems if "个人信息" in p], run.err


def test_non_public_documents_attachments_are_not_scanned(site, cli):
    root = attached(site, "x.csv", "13912345678\n", disclosure="依申请公开")
    run = cli("check", "--site", root)
    assert not [p for p in run.problems if "个人信息" in p], run.err


def test_an_unreadable_attachment_is_a_warning_not_a_crash(site, cli):
    run = cli("check", "--site", attached(site, "x.docx", b"PK\x03\x04 not really a zip"))
    assert "content/qtxx/a.md:6: 警告：附件“x.docx”无法读出文字（文件损坏或不是 .docx 格式），没有检查其中的个人信息" \
        in run.problems, run.err
    assert "Traceback" not in run.err


MINGDAN = "姓名,身份证号,手机\n张三,110101199003071233,13912345678\n"
ID_FOUND = f"错误：附件“mingdan.csv”第 2 行含有居民身份证号码 110101********1233{PRIVACY}"


def linked(site, body: str, data: bytes | str = MINGDAN, name: str = "site", **fields):
    return site({"content/qtxx/a.md": doc(body=body, **fields), "content/qtxx/mingdan.csv": data}, name=name)


@pytest.mark.parametrize("body", ["附件：[补贴名单](mingdan.csv)", '<a href="mingdan.csv">补贴名单</a>',
                                  "附件：[补贴名单](https://www.test.gov.cn/qtxx/mingdan.csv)"],
                         ids=["markdown", "a href", "own full address"])
def test_a_file_linked_from_the_body_is_checked_like_an_attachment_at_its_line(body, site, cli):
    root = linked(site, "第一段。\n\n" + body)
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"content/qtxx/a.md:9: {ID_FOUND}（如确需公开，请在公开联系方式 public_contacts 中列出）" in run.problems, run.err
    assert any(p.startswith("content/qtxx/a.md:9: 错误：附件“mingdan.csv”第 2 行含有手机号码 139****5678")
               for p in run.problems), run.err
    assert "110101199003071233" not in run.err
    assert not (root / "public").exists()


def test_public_contacts_exempt_a_linked_file_too(site, cli):
    root = linked(site, "[服务电话](mingdan.csv)", "服务电话,13900005501\n", public_contacts="['13900005501']")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/qtxx/mingdan.csv").exists()


def test_a_linked_file_is_reported_once_and_an_attached_one_at_its_attachments_line(site, cli):
    root = linked(site, "[名单](mingdan.csv)\n\n[名单](mingdan.csv)\n\n<a href='mingdan.csv'>名单</a>",
                  attachments="[{file: mingdan.csv, title: 名单}]")
    run = cli("check", "--site", root)
    assert [p for p in run.problems if "mingdan.csv" in p and "身份证" in p] == [
        f"content/qtxx/a.md:6: {ID_FOUND}（如确需公开，请在公开联系方式 public_contacts 中列出）"], run.err
    root = linked(site, "[名单](mingdan.csv)\n\n[名单](mingdan.csv)", name="two")
    run = cli("check", "--site", root)
    assert [p.split(": ")[0] for p in run.problems if "身份证" in p] == ["content/qtxx/a.md:7"], run.err


def test_an_unreadable_linked_file_is_a_warning_at_its_line(site, cli):
    root = site({"content/qtxx/a.md": doc(body="[名单](x.docx)"), "content/qtxx/x.docx": b"PK\x03\x04 not a zip"})
    run = cli("check", "--site", root)
    assert "content/qtxx/a.md:7: 警告：附件“x.docx”无法读出文字（文件损坏或不是 .docx 格式），没有检查其中的个人信息" \
        in run.problems, run.err
    assert "Traceback" not in run.err


def test_a_linked_file_edited_to_hold_an_id_number_fails_the_next_build(site, cli):
    """The linked file is read by the reading of its document: an edit of it alone reads the document again."""
    root = linked(site, "附件：[补贴名单](mingdan.csv)", "姓名,人数\n张三,3\n")
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / "content/qtxx/mingdan.csv").write_text(MINGDAN, encoding="utf-8")
    for verb in ("check", "build"):
        run = cli(verb, "--site", root)
        assert run.code == 1, (verb, run.err)
        assert f"content/qtxx/a.md:7: {ID_FOUND}（如确需公开，请在公开联系方式 public_contacts 中列出）" in run.problems
    assert read_tree(root / "public") == before
    assert b"110101199003071233" not in b"".join(before.values())
    (root / "content/qtxx/mingdan.csv").write_text("姓名,人数\n张三,4\n", encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    assert (root / "public/qtxx/mingdan.csv").read_text(encoding="utf-8") == "姓名,人数\n张三,4\n"


def test_a_preview_session_sees_a_linked_file_edited_to_hold_an_id_number(site, tmp_path):
    root = linked(site, "附件：[补贴名单](mingdan.csv)", "姓名,人数\n张三,3\n")
    session, out = pipeline.Session(), tmp_path / "preview"
    assert not pipeline.run(root, AS_OF_DATE, out, search=False, drafts=True, session=session).report.errors
    (root / "content/qtxx/mingdan.csv").write_text(MINGDAN, encoding="utf-8")
    result = pipeline.run(root, AS_OF_DATE, out, search=False, drafts=True, session=session)
    assert any(p.message.startswith("附件“mingdan.csv”第 2 行含有居民身份证号码") for p in result.report.errors)
    assert not result.written
    assert b"110101199003071233" not in (out / "qtxx/mingdan.csv").read_bytes()
