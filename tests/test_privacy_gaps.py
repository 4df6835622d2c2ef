"""Personal information the checks used to miss: in a file's name, in the parts of an attachment no reader
read (or a format none reads, now a warning), across a line break inside a paragraph (a quoted one too), and
in numbers written in groups; and the ordinary figures that stay no finding."""
from __future__ import annotations

import zipfile

import docx
import openpyxl
import pytest
from hypothesis import example, given, settings, strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

from conftest import BASE_CONFIG, doc
from gongkai.engine import attachment_formats, privacy
from ooxml_docx import OoxmlDocx, p, r, text_box

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


def test_a_docxs_text_boxes_content_controls_and_nested_tables(site, cli, tmp_path):
    """What python-docx's paragraphs and tables never yield; a text box's VML fallback is not a second finding."""
    word = OoxmlDocx()
    control = f'<w:sdt><w:sdtPr/><w:sdtContent>{p(r(f"申请人身份证号 {ID}"))}</w:sdtContent></w:sdt>'
    inner = f'<w:tbl><w:tr><w:tc>{p(r("联系电话 13712345678"))}</w:tc></w:tr></w:tbl>'
    table = f'<w:tbl><w:tr><w:tc>{p(r("名单"))}</w:tc><w:tc>{p(r("见下表"))}{inner}</w:tc></w:tr></w:tbl>'
    vml = (f'<w:pict><v:shape><v:textbox><w:txbxContent>{p(r("经办人 13612345678"))}</w:txbxContent></v:textbox>'
           '</v:shape></w:pict>')
    word.save(tmp_path / "x.docx", p(r("正文没有个人信息。")), p(r("联系人见右侧。"), r(inner=text_box(p(r(f"联系人{MOBILE}"))))),
              control, table, p(r(inner=vml)))
    root = attached(site, "x.docx", (tmp_path / "x.docx").read_bytes())
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    shown = [("第 2 段的文本框", "139****5678"), ("第 3 段", ID_MASKED),
             ("表格 1 第 1 行第 2 列内表格 1 第 1 行第 1 列", "137****5678"), ("第 4 段的文本框", "136****5678")]
    assert len(personal(run)) == len(shown), run.err
    for where, number in shown:
        assert any(problem.startswith(f"content/qtxx/a.md:6: 错误：附件“x.docx”{where}含有") and number in problem
                   for problem in personal(run)), (where, run.err)


def xlsx_with_parts(path) -> bytes:
    """A workbook whose sheet 名单 has a chart titled with a number, a text box holding an ID number over two
    paragraphs, a threaded comment with a reply; the people who wrote them are listed in the workbook."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "人数"])
    sheet.append(["张三", 3])
    chart = BarChart()
    chart.title = "联系人13612345678"
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    sheet.add_chart(chart, "D2")
    book.save(path)
    a, office = "http://schemas.openxmlformats.org/drawingml/2006/main", "http://schemas.microsoft.com/office"
    box = ('<oneCellAnchor><from><col>0</col><colOff>0</colOff><row>4</row><rowOff>0</rowOff></from>'
           '<ext cx="2000000" cy="500000"/><sp macro="" textlink=""><nvSpPr><cNvPr id="2" name="文本框 1"/>'
           f'<cNvSpPr txBox="1"/></nvSpPr><spPr/><txBody xmlns:a="{a}"><a:bodyPr/><a:p><a:r><a:t>身份证号110105</a:t>'
           '</a:r></a:p><a:p><a:r><a:t>19491231002X</a:t></a:r></a:p></txBody></sp><clientData/></oneCellAnchor>')
    threads = (f'<ThreadedComments xmlns="{office}/spreadsheetml/2018/threadedcomments">'
               '<threadedComment ref="A2" personId="{P1}" id="{C1}"><text>请核对</text></threadedComment>'
               '<threadedComment ref="A2" personId="{P1}" id="{C2}" parentId="{C1}"><text>已核对，电话'
               f'{MOBILE}</text></threadedComment></ThreadedComments>')
    persons = (f'<personList xmlns="{office}/spreadsheetml/2018/threadedcomments"><person displayName="张三13712345678" '
               'id="{P1}" userId="zhangsan" providerId="None"/></personList>')
    relationship = f'<Relationship Type="{office}/2017/10/relationships/{{}}" Target="{{}}" Id="rId9"/></Relationships>'
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    parts["xl/drawings/drawing1.xml"] = parts["xl/drawings/drawing1.xml"].replace(b"</wsDr>", box.encode() + b"</wsDr>")
    for rels, kind, target in [("xl/worksheets/_rels/sheet1.xml.rels", "threadedComment",
                                "../threadedComments/threadedComment1.xml"),
                               ("xl/_rels/workbook.xml.rels", "person", "persons/person.xml")]:
        parts[rels] = parts[rels].replace(b"</Relationships>", relationship.format(kind, target).encode())
    parts["xl/threadedComments/threadedComment1.xml"] = threads.encode()
    parts["xl/persons/person.xml"] = persons.encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path.read_bytes()


def test_an_xlsxs_threaded_comments_text_boxes_and_charts(site, cli, tmp_path):
    root = attached(site, "x.xlsx", xlsx_with_parts(tmp_path / "x.xlsx"))
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    for where, shown in [("工作表“名单”单元格 A2 的批注回复", "139****5678"), ("批注作者", "137****5678"),
                         ("工作表“名单”的文本框", ID_MASKED), ("工作表“名单”的图表", "136****5678")]:
        assert any(problem.startswith(f"content/qtxx/a.md:6: 错误：附件“x.xlsx”{where}含有") and shown in problem
                   for problem in run.problems), (where, run.err)


@pytest.mark.parametrize("name", ["x.rar", "x.7z"])
def test_a_format_no_reader_reads_is_a_warning_that_it_was_not_checked(site, cli, name):
    run = cli("build", "--site", attached(site, name, f"姓名,手机\n张三,{MOBILE}\n"))
    assert run.code == 0, run.err
    assert (f"content/qtxx/a.md:6: 警告：附件“{name}”无法读出文字（.{name[2:]} 格式的文件不能读取），"
            "没有检查其中的个人信息，请人工核对") in run.problems, run.err


def test_images_are_exempt(site, cli):
    assert not [p for p in cli("check", "--site", attached(site, "x.png", b"\x89PNG")).problems if "附件" in p]


def test_a_text_file_too_big_to_read_is_a_warning(site, cli, monkeypatch):
    monkeypatch.setattr(attachment_formats, "TEXT_LIMIT", 1024 * 1024)
    run = cli("check", "--site", attached(site, "x.html", "<p>名单</p>\n" * 100_000))
    assert ("content/qtxx/a.md:6: 警告：附件“x.html”无法读出文字（超过 1 MB），没有检查其中的个人信息，请人工核对"
            in run.problems), run.err


def test_files_linked_from_the_body_are_read_or_warned_about_at_their_line(site, cli):
    root = site({"content/qtxx/a.md": doc(body="[名单](mingdan.rar)\n\n[名单](mingdan.html)\n\n![图](a.png)"),
                 "content/qtxx/mingdan.rar": "张三\n", "content/qtxx/mingdan.html": f"<td>{MOBILE}</td>",
                 "content/qtxx/a.png": b"\x89PNG"})
    run = cli("check", "--site", root)
    assert ("content/qtxx/a.md:7: 警告：附件“mingdan.rar”无法读出文字（.rar 格式的文件不能读取），"
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


def test_a_number_across_quoted_lines_is_found_at_the_line_it_starts(site, cli):
    """Block-quote markers (at any depth, on every line or only the first: lazy continuation) and a list item's
    indent are not shown; a line quoted deeper than the one before starts a paragraph of its own."""
    body = ("第一段。\n\n"
            "> 申请人张三，身份证号11010519491231\n> 002X，联系电话139 1234\n5678。\n\n"
            ">> 李四电话138 1234\n> 5678；\n\n"
            "> - 王五电话137 1234\n>   5678\n\n"
            "- 赵六电话135 1234\n  5678\n\n"
            "> 共计 136 1234\n> > 5678 份。")
    root = site({"content/qtxx/a.md": doc(body=body)})
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert found(run, f"content/qtxx/a.md:9: 错误：含有居民身份证号码 {ID_MASKED}{DELETED}"), run.err
    for line, shown in [(10, "139****5678"), (13, "138****5678"), (16, "137****5678"), (19, "135****5678")]:
        assert found(run, f"content/qtxx/a.md:{line}: 错误：含有手机号码 {shown}{DELETED}"), (line, run.err)
    assert len(personal(run)) == 5, run.err


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
          "1101 0519 4912 3100 2X", "110105-", "19491231", "002X", "13812345678", "**", "&#49;", ">", "> ", "\n> ",
          "\n>> ", "\n  > > "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.booleans())
@example("> 139 1234\n> 5678", True)
@example("> > 110105\n  > 19491231002X", True)
def test_the_pass_over_the_whole_text_misses_nothing_the_line_scan_finds(text, joined):
    assert privacy.findings(text, [], joined) == privacy._by_line(text, [], joined)
