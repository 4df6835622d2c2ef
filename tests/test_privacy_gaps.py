"""Personal information the checks used to miss: in a file's name, in the parts of an attachment no reader
read (or a format none reads, now a warning), across a line break inside a paragraph, and in numbers written
in groups; and the ordinary figures that stay no finding."""
from __future__ import annotations

import docx
import openpyxl
import pytest
from hypothesis import given, settings, strategies as st
from openpyxl.comments import Comment

from conftest import BASE_CONFIG, doc
from gongkai.engine import attachment_text, privacy

ID, ID_MASKED = "11010519491231002X", "110105********002X"  # GB 11643's example number
MOBILE = "13912345678"
RENAMED = "，个人信息不得公开，请重命名文件，去掉其中的号码"
DELETED = "，个人信息不得公开，请删除或隐去"


def found(run, prefix: str) -> bool:
    return any(p.startswith(prefix) for p in run.problems)


def personal(run) -> list[str]:
    return [p for p in run.problems if "个人信息" in p]


# A document's file name, and a linked file's name the text does not show as it is


def test_a_number_in_a_documents_file_name_is_an_error_at_its_line_1(site, cli):
    root = site({f"content/qtxx/zhangsan-{MOBILE}.md": doc(), f"content/qtxx/lisi-{ID}.md": doc("李四", 2)})
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert (f"content/qtxx/zhangsan-{MOBILE}.md:1: 错误：文件名含有手机号码 139****5678{RENAMED}；"
            "公开的服务电话请列在公开联系方式（public_contacts）中") in run.problems, run.err
    assert (f"content/qtxx/lisi-{ID}.md:1: 错误：文件名含有居民身份证号码 {ID_MASKED}{RENAMED}"
            "（如确需公开，请在公开联系方式 public_contacts 中列出）") in run.problems, run.err


def test_a_documents_name_that_is_not_published_is_not_checked(site, cli):
    root = site({f"content/qtxx/{MOBILE}.md": doc(disclosure="依申请公开"), "content/qtxx/b.md": doc("公开", 2)})
    assert not personal(cli("check", "--site", root))


def test_an_images_name_the_text_escapes_is_an_error_at_its_link(site, cli):
    escaped = "".join(f"%{ord(c):02X}" for c in MOBILE)
    root = site({"content/qtxx/a.md": doc(body=f"第一段。\n\n![照片]({escaped}.png)"),
                 f"content/qtxx/{MOBILE}.png": b"\x89PNG\r\n\x1a\n"})
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert found(run, f"content/qtxx/a.md:9: 错误：链接的文件名含有手机号码 139****5678{RENAMED}"), run.err


def test_a_linked_name_the_text_holds_is_reported_once_as_text(site, cli):
    root = site({"content/qtxx/a.md": doc(body=f"![照片]({MOBILE}.png)"), f"content/qtxx/{MOBILE}.png": b"\x89PNG"})
    assert [p.split(" ")[0] for p in personal(cli("check", "--site", root))] == ["content/qtxx/a.md:7:"]


# Attachments: the formats read as text, the parts of .docx and .xlsx, the formats that cannot be read


def attached(site, name: str, data: bytes | str, **fields):
    return site({"content/qtxx/a.md": doc(attachments=f"[{{file: {name}, title: 附件}}]", **fields),
                 f"content/qtxx/{name}": data})


@pytest.mark.parametrize("name, data, where", [
    ("x.html", f"<table>\n<tr><td>张三</td><td>139</td><td>1234</td><td>5678</td></tr>\n</table>", "第 2 行"),
    ("x.htm", f'<p>联系 <a href="tel:{MOBILE}">张三</a></p>', "第 1 行"),
    ("x.json", f'{{\n  "name": "张三",\n  "phone": "{MOBILE}"\n}}', "第 3 行"),
    ("x.xml", f"<list>\n<person><phone>{MOBILE}</phone></person>\n</list>", "第 2 行"),
    ("x.rtf", "{\\rtf1\\ansi{\\fonttbl{\\f0 \\'cb\\'ce\\'cc\\'e5;}}\\f0\\fs24 \\'d5\\'c5\\'c8\\'fd\\par "
              f"\\b0 {MOBILE}\\par}}", "第 2 段"),
], ids=["html cells", "htm attribute", "json", "xml", "rtf"])
def test_text_formats_are_read(site, cli, name, data, where):
    run = cli("build", "--site", attached(site, name, data))
    assert run.code == 1, run.err
    assert found(run, f"content/qtxx/a.md:6: 错误：附件“{name}”{where}含有手机号码 139****5678{DELETED}"), run.err
    assert len(personal(run)) == 1, run.err


def test_a_docxs_header_footer_comment_and_properties(site, cli, tmp_path):
    document = docx.Document()
    document.add_paragraph("正文没有个人信息。")
    document.sections[0].header.paragraphs[0].text = f"联系人 {MOBILE}"
    document.sections[0].footer.paragraphs[0].text = f"身份证 {ID}"
    document.add_comment(document.paragraphs[0].runs[0], text="审核人手机 13812345678", author="审核")
    document.core_properties.author = "张三 13712345678"
    document.save(tmp_path / "x.docx")
    run = cli("check", "--site", attached(site, "x.docx", (tmp_path / "x.docx").read_bytes()))
    assert run.code == 1
    for where, shown in [("页眉", "139****5678"), ("页脚", ID_MASKED), ("批注", "138****5678"),
                         ("文档属性“作者”", "137****5678")]:
        assert any(p.startswith(f"content/qtxx/a.md:6: 错误：附件“x.docx”{where}含有") and shown in p
                   for p in run.problems), (where, run.err)


def test_an_xlsxs_comment_header_and_creator(site, cli, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet["A1"], sheet["A2"] = "姓名", "张三"
    sheet["A2"].comment = Comment(f"电话{MOBILE}", "经办")
    sheet.oddFooter.center.text = f"身份证{ID}"
    book.properties.creator = "张三13712345678"
    book.save(tmp_path / "x.xlsx")
    run = cli("check", "--site", attached(site, "x.xlsx", (tmp_path / "x.xlsx").read_bytes()))
    for where, shown in [("工作表“名单”单元格 A2 的批注", "139****5678"), ("工作表“名单”页脚", ID_MASKED),
                         ("文档属性“作者”", "137****5678")]:
        assert any(p.startswith(f"content/qtxx/a.md:6: 错误：附件“x.xlsx”{where}含有") and shown in p
                   for p in run.problems), (where, run.err)


@pytest.mark.parametrize("name", ["x.xls", "x.doc", "x.wps", "x.zip"])
def test_a_format_no_reader_reads_is_a_warning_that_it_was_not_checked(site, cli, name):
    run = cli("build", "--site", attached(site, name, f"姓名,手机\n张三,{MOBILE}\n"))
    assert run.code == 0, run.err
    assert (f"content/qtxx/a.md:6: 警告：附件“{name}”无法读出文字（.{name[2:]} 格式的文件不能读取），"
            "没有检查其中的个人信息，请人工核对") in run.problems, run.err


def test_images_are_exempt(site, cli):
    assert not [p for p in cli("check", "--site", attached(site, "x.png", b"\x89PNG")).problems if "附件" in p]


def test_a_text_file_too_big_to_read_is_a_warning(site, cli, monkeypatch):
    monkeypatch.setattr(attachment_text, "TEXT_LIMIT", 1024 * 1024)
    run = cli("check", "--site", attached(site, "x.html", "<p>名单</p>\n" * 100_000))
    assert ("content/qtxx/a.md:6: 警告：附件“x.html”无法读出文字（超过 1 MB），没有检查其中的个人信息，请人工核对"
            in run.problems), run.err


def test_files_linked_from_the_body_are_read_or_warned_about_at_their_line(site, cli):
    root = site({"content/qtxx/a.md": doc(body="[名单](mingdan.xls)\n\n[名单](mingdan.html)\n\n![图](a.png)"),
                 "content/qtxx/mingdan.xls": "张三\n", "content/qtxx/mingdan.html": f"<td>{MOBILE}</td>",
                 "content/qtxx/a.png": b"\x89PNG"})
    run = cli("check", "--site", root)
    assert ("content/qtxx/a.md:7: 警告：附件“mingdan.xls”无法读出文字（.xls 格式的文件不能读取），"
            "没有检查其中的个人信息，请人工核对") in run.problems, run.err
    assert found(run, "content/qtxx/a.md:9: 错误：附件“mingdan.html”第 1 行含有手机号码 139****5678"), run.err
    assert not [p for p in run.problems if "a.png" in p]


# A number across a soft line break


def test_a_number_across_a_line_break_in_a_paragraph_is_found_at_the_line_it_starts(site, cli):
    body = "申请人张三，联系电话139 1234\n5678，身份证号码110105\n19491231002X。"
    root = site({"content/qtxx/a.md": doc(body=body)})
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert found(run, f"content/qtxx/a.md:7: 错误：含有手机号码 139****5678{DELETED}"), run.err
    assert found(run, f"content/qtxx/a.md:8: 错误：含有居民身份证号码 {ID_MASKED}{DELETED}"), run.err


def test_lines_that_are_paragraphs_of_their_own_are_not_joined(site, cli):
    body = "联系电话139 1234\n\n5678 份。"
    assert not personal(cli("check", "--site", site({"content/qtxx/a.md": doc(body=body)}, name="blank")))
    config = BASE_CONFIG + "markdown:\n  paragraph_per_line: true\n"
    root = site({"content/qtxx/a.md": doc(body="联系电话139 1234\n5678 份。")}, config=config, name="per_line")
    assert not personal(cli("check", "--site", root))


# Numbers written in groups, and figures that are none


@pytest.mark.parametrize("written, shown", [
    ("110105 19491231 002X", ID_MASKED), ("110105-19491231-002X", ID_MASKED), ("1101 0519 4912 3100 2X", ID_MASKED),
    ("139.1234.5678", "139****5678"), ("(139)1234-5678", "139****5678"), ("139/1234/5678", "139****5678"),
    ("（139）1234 5678", "139****5678"),
])
def test_numbers_written_in_groups_are_found(site, cli, written, shown):
    run = cli("build", "--site", site({"content/qtxx/a.md": doc(body=f"第一段。\n\n张三 {written}")}))
    assert run.code == 1
    assert any(p.startswith("content/qtxx/a.md:9: 错误：含有") and shown in p for p in run.problems), run.err


def test_dates_document_numbers_amounts_and_figures_are_no_finding(site, cli):
    body = ("2026.12.07 印发，测政发〔2026〕139号，索引号 11340000MB0000000M/2024-00013。\n\n"
            "金额 1,391,234.5678 万元，139.12345678 吨，增长 13.9%，版本 1.139.1234.5678，编号 139.1234.5678.9。\n\n"
            "| 项目 | 一 | 二 | 三 |\n|---|---|---|---|\n| 人数 | 139 | 1234 | 5678 |\n\n"
            "统计 1391 2345 6789 0123 45，序列 123456 20240101 1234，服务电话 (139)1234-5678。\n\n"
            "共计 2024\n年度。")
    root = site({"content/qtxx/a.md": doc(body=body, public_contacts="['13912345678']")})
    run = cli("check", "--site", root)
    assert not personal(run), run.err


PIECES = ["1", "3", "9", "0", "X", " ", "-", ".", "/", "(", ")", "（", "）", "\n", "\n\n", "  \n", "１", "文",
          "139", "1234", "5678", "139.1234.5678", "(139)1234-5678", "139/1234/", "110105 19491231 002X",
          "1101 0519 4912 3100 2X", "110105-", "19491231", "002X", "13812345678", "**", "&#49;"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.booleans())
def test_the_pass_over_the_whole_text_misses_nothing_the_line_scan_finds(text, joined):
    assert privacy.findings(text, [], joined) == privacy._by_line(text, [], joined)
