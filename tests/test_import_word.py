"""build.py import: Word 公文 become documents that build, and bad files are refused with a clear message."""
from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from conftest import normative
from gongwen_docx import Gongwen, write

DATE = "2024-05-06"  # publication date given to every import (before the tests' as-of date)
DOC = "content/gfxwj/2021-gfxwj-12.md"


def import_page(site, cli, source: Path, build: bool = True):
    """(the Markdown written, the import run, the page's HTML or "", the site) for the Word file `source` imported
    as a page into a new site, built unless `build` is False."""
    root = site({})
    run = cli("import", source, "--site", root, "--type", "page", "--date", DATE)
    assert run.code == 0, run.err
    [written] = (root / "content/qtxx").glob("*.md")
    page = ""
    if build:
        built = cli("build", "--site", root)
        assert built.code == 0, built.err
        page = (root / "public/qtxx" / written.name).with_suffix(".html").read_text()
    return written.read_text(), run, page, root


def front(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.strip().split("\n"))


@pytest.fixture
def imported(tmp_path, site, cli):
    """A site with the standard 公文 imported: (site folder, import run)."""
    root = site({})
    run = cli("import", write(tmp_path / "通知.docx"), "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    return root, run


def test_front_matter_comes_from_the_document(imported):
    root, run = imported
    assert run.out.startswith(f"已导入 {DOC}（来自 ")
    assert front((root / DOC).read_text()) == {
        "title": '"测试县人民政府办公室关于印发2021年政务公开工作要点的通知"',
        "date": DATE,
        "disclosure": "主动公开",
        "index_no": '"11340000MB0000000M/2024-00001"',
        "issuer": '"测试县人民政府办公室"',
        "doc_number": '"测政办发〔2021〕12号"',
        "written": "2021-06-30",
        "validity": "有效",
    }


def test_body_keeps_the_text_and_drops_head_title_and_colophon(imported):
    body = (imported[0] / DOC).read_text().split("---\n", 2)[2]
    for dropped in ("办公室文件", "测政办发", "关于印发", "抄送", "印发\n", "\u3000"):
        assert dropped not in body, dropped
    expected = [
        "各乡镇人民政府，县政府各部门、各直属机构：",
        "## 一、总体要求",
        "**坚持以公开为常态。**各单位要把政务公开贯穿政务运行全过程，依法依规做好公开工作[^1]。",
        "### （一）推进决策公开",
        "#### 1.完善目录",
        "**（二）加强政策解读。**各单位起草政策文件时要同步组织解读材料，",
        "- 主动公开的政策文件\n- 依申请公开的办理结果",
        "| 类别 | 内容 | 责任单位 |\n|---|---|---|\n| 重点领域 | 财政预决算 | 县财政局 |\n| 重点领域 | 重大建设项目 | 县发展改革委 |",
        "![2020年政务公开工作成效图](2021-gfxwj-12-fig1.png)",
        "![待填写：图2的文字说明](2021-gfxwj-12-fig2.png)",
        "附件：2021年政务公开工作要点",
        '<div class="signature">\n<p>测试县人民政府办公室</p>\n<p>2021年6月30日</p>\n</div>',
        "（此件公开发布）",
        "## 附件：2021年政务公开工作要点",
        "### 一、加强政策发布解读",
        "**（一）规范政策文件发布。**各单位制发的政策文件",
        "### 二、强化平台建设",
        "[^1]: 见《中华人民共和国政府信息公开条例》第五条。",
    ]
    positions = [body.index(piece) for piece in expected]
    assert positions == sorted(positions)  # all there, in reading order


def test_warnings_name_the_file_merged_table_and_missing_alt_text(imported):
    err = imported[1].err
    assert re.search(r"通知\.docx: 警告：表格1有合并单元格，已在合并的每一格重复其内容", err)
    assert re.search(r"通知\.docx: 警告：图2（2021-gfxwj-12-fig2\.png）在 Word 中没有替代文字", err)
    assert (imported[0] / "content/gfxwj/2021-gfxwj-12-fig1.png").read_bytes().startswith(b"\x89PNG")


def test_imported_document_builds_with_table_images_toc_and_directory_entry(imported, cli):
    root = imported[0]
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    line = next(n for n, text in enumerate((root / DOC).read_text().split("\n"), 1) if "待填写：图2" in text)
    assert f"{DOC}:{line}: 警告：图片的替代文字还是“待填写”标记：请写出图片内容的文字说明" in run.err
    out = root / "public"
    html = (out / "gfxwj/2021-gfxwj-12.html").read_text()
    assert "<table>" in html and "<td>县发展改革委</td>" in html
    assert '<img alt="2020年政务公开工作成效图" src="2021-gfxwj-12-fig1.png">' in html
    assert (out / "gfxwj/2021-gfxwj-12-fig1.png").is_file()
    toc = html[html.index('<nav class="toc"'):html.index("</nav>", html.index('<nav class="toc"'))]
    for heading in ("一、总体要求", "（一）推进决策公开", "附件：2021年政务公开工作要点", "一、加强政策发布解读"):
        assert heading in toc, heading
    assert '<div class="signature">' in html and 'class="footnote-ref"' in html
    assert ".signature { text-align: right;" in (out / "static/css/site.css").read_text()
    catalog = json.loads((out / "catalog.json").read_text())
    entry = next(d for d in catalog if d["doc_number"] == "测政办发〔2021〕12号")
    assert entry["url"] == "gfxwj/2021-gfxwj-12.html" and entry["written"] == "2021-06-30"
    assert "测试县人民政府办公室关于印发2021年政务公开工作要点的通知" in (out / "gkml/index.html").read_text()


@pytest.mark.parametrize("note, disclosure", [
    ("（此件公开发布）", "主动公开"), ("（此件主动公开）", "主动公开"),
    ("（此件依申请公开）", "依申请公开"), ("（此件不予公开）", "不予公开"),
])
def test_disclosure_comes_from_the_annotation(tmp_path, site, cli, note, disclosure):
    root = site({})
    run = cli("import", write(tmp_path / "a.docx", Gongwen(annotation=note)), "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    text = (root / DOC).read_text()
    assert f"\ndisclosure: {disclosure}\n" in text
    if disclosure == "不予公开":
        assert '\nwithheld_reason: ""  # 待填写：附注为“此件不予公开”，请写明不予公开理由\n' in text
        assert "不予公开的文档须写明不予公开理由" in cli("build", "--site", root).err


def test_no_annotation_leaves_disclosure_marked(tmp_path, site, cli):
    root = site({})
    run = cli("import", write(tmp_path / "a.docx", Gongwen(annotation=None)), "--site", root, "--date", DATE)
    assert '\ndisclosure: ""  # 待填写：文档没有写明公开属性的附注' in (root / DOC).read_text()
    assert "a.docx: 警告：文档没有写明公开属性的附注（如“（此件公开发布）”）" in run.err


def test_chinese_numeral_date_two_paragraph_title_and_issuer_from_signature(tmp_path, site, cli):
    root = site({})
    spec = Gongwen(head=None, written="二〇二一年六月三十日", title_soft_break=False, signer="测试县财政局")
    run = cli("import", write(tmp_path / "a.docx", spec), "--site", root, "--date", DATE)
    meta = front((root / DOC).read_text())
    assert run.code == 0, run.err
    assert meta["written"] == "2021-06-30" and meta["issuer"] == '"测试县财政局"'
    assert meta["title"] == '"测试县人民政府办公室关于印发2021年政务公开工作要点的通知"'
    assert "<p>二〇二一年六月三十日</p>" in (root / DOC).read_text()


def test_missing_written_date_is_marked_and_fails_only_where_required(tmp_path, site, cli):
    root = site({})
    source = write(tmp_path / "a.docx", Gongwen(written=None))
    run = cli("import", source, "--site", root, "--date", DATE)
    assert run.code == 0
    assert '\nwritten: ""  # 待填写：未能从文档中识别成文日期\n' in (root / DOC).read_text()
    assert f"{source}: 警告：未能从文档中识别成文日期：已在 {DOC} 中留空并标注“待填写”" in run.err
    assert "成文日期（written）" in cli("build", "--site", root).err
    page = site({}, name="other")
    assert cli("import", source, "--site", page, "--type", "page", "--date", DATE).code == 0
    assert cli("build", "--site", page).code == 0
    assert "\ndisclosure: 主动公开\n" in (page / "content/qtxx/2021-qtxx-12.md").read_text()


def test_fields_a_type_requires_that_no_word_file_states_are_marked(tmp_path, site, cli):
    root = site({})
    run = cli("import", write(tmp_path / "a.docx"), "--site", root, "--type", "budget", "--date", DATE)
    text = (root / "content/czyjs/2021-czyjs-12.md").read_text()
    assert '\nfiscal_year: ""  # 待填写：年度（fiscal_year）须由编辑填写\n' in text
    assert '\nbudget_kind: ""  # 待填写：预决算（budget_kind）须由编辑填写\n' in text
    assert "validity" not in text and "\ntype:" not in text
    assert "a.docx: 警告：年度（fiscal_year）须由编辑填写：已在 content/czyjs/2021-czyjs-12.md 中留空" in run.err
    assert "年度（fiscal_year）" in cli("build", "--site", root).err


@pytest.mark.parametrize("name, data, message", [
    ("旧文件.doc", b"\xd0\xcf\x11\xe0old", "这是旧版 Word 文件（.doc），无法导入：请在 Word 或 WPS 中打开，“另存为 .docx”后再导入"),
    ("文件.wps", b"\xd0\xcf\x11\xe0wps", "这是 WPS 文字文件（.wps），无法导入：请在 WPS 中打开，“另存为 .docx”后再导入"),
    ("说明.txt", b"text", "不是 Word 文件（.docx），无法导入：Word 或 WPS 文档请先“另存为 .docx”再导入"),
    ("改名.docx", "纯文本改了扩展名".encode(), "文件已损坏或不是 Word 文件，无法读取（PackageNotFoundError）："
                                      "请在 Word 或 WPS 中打开确认内容完整，“另存为 .docx”后再导入"),
    ("旧格式.docx", b"\xd0\xcf\x11\xe0\xa1\xb1", "这是旧版 Word（.doc）或 WPS 文件，只是扩展名写成了 .docx："
                                             "请在 Word 或 WPS 中打开，“另存为 .docx”后再导入"),
])
def test_files_that_are_not_docx_are_refused_and_the_others_still_import(tmp_path, site, cli, name, data, message):
    root = site({})
    bad = tmp_path / name
    bad.write_bytes(data)
    good = write(tmp_path / "good.docx")
    run = cli("import", bad, good, "--site", root, "--date", DATE)
    assert run.code == 1
    assert f"{bad}: 错误：{message}" in run.err.splitlines()
    assert sorted(p.name for p in (root / "content/gfxwj").iterdir()) == [
        "2021-gfxwj-12-fig1.png", "2021-gfxwj-12-fig2.png", "2021-gfxwj-12.md"]


def test_a_doc_number_already_in_the_site_is_refused_naming_the_document(tmp_path, site, cli):
    root = site({"content/gfxwj/old.md": normative("旧通知", 3, 2021, doc_number="测政办发[2021]12号",
                                                   disclosure="依申请公开")})
    before = (root / "content/gfxwj/old.md").read_text()
    run = cli("import", write(tmp_path / "a.docx"), "--site", root, "--date", DATE)
    assert run.code == 1
    assert (f"{tmp_path / 'a.docx'}: 错误：发文字号“测政办发〔2021〕12号”已有文档 content/gfxwj/old.md:6，"
            f"未导入：要用此文件更新该文档，请加 --replace") in run.err
    assert sorted(p.name for p in (root / "content/gfxwj").iterdir()) == ["old.md"]
    assert (root / "content/gfxwj/old.md").read_text() == before


def test_replace_updates_in_place_keeping_index_no_name_and_editor_fields(tmp_path, site, cli):
    root = site({"content/gfxwj/old.md": normative("旧标题", 3, 2021, doc_number='"测政办发〔2021〕12号"',
                                                   keywords="[政务公开, 工作要点]")})
    run = cli("import", write(tmp_path / "a.docx"), "--site", root, "--replace")
    assert run.code == 0, run.err
    assert run.out.startswith("已更新 content/gfxwj/old.md")
    meta = front((root / "content/gfxwj/old.md").read_text())
    assert meta["index_no"] == '"11340000MB0000000M/2021-00003"' and meta["date"] == "2021-03-05"
    assert meta["title"] == '"测试县人民政府办公室关于印发2021年政务公开工作要点的通知"'
    assert meta["keywords"] == "[政务公开, 工作要点]" and meta["topic"] == "综合政务"
    assert (root / "content/gfxwj/old-fig1.png").is_file()
    assert sorted(p.name for p in (root / "content/gfxwj").iterdir()) == ["old-fig1.png", "old-fig2.png", "old.md"]


def test_replace_reads_chinese_keys_and_writes_each_field_once(tmp_path, site, cli):
    old = ("---\n标题: 旧标题\n发布日期: 2021-07-02\n索引号: \"11340000MB0000000M/2021-00009\"\n"
           "发文字号: 测政办发〔2021〕12号\n关键词:\n  - 政务公开\n  - 工作要点\n---\n旧正文。\n")
    root = site({"content/gfxwj/old.md": old})
    assert cli("import", write(tmp_path / "a.docx"), "--site", root, "--replace").code == 0
    text = (root / "content/gfxwj/old.md").read_text()
    head = text.split("---\n")[1]
    assert "发文字号" not in head and "标题" not in head and head.count("doc_number:") == 1
    assert '索引号: "11340000MB0000000M/2021-00009"\n' in head and "关键词:\n  - 政务公开\n  - 工作要点\n" in head
    assert "旧正文" not in text
    assert cli("build", "--site", root).code == 0


def test_a_folder_imports_its_docx_in_name_order_with_consecutive_index_numbers(tmp_path, site, cli):
    root = site({"content/gfxwj/a.md": normative("已有文件", 4, 2024)})
    folder = tmp_path / "收文"
    folder.mkdir()
    write(folder / "b.docx", Gongwen(doc_number="测政发〔2021〕12号"))
    write(folder / "a.docx", Gongwen(doc_number="测政办发〔2021〕12号", images=()))
    run = cli("import", folder, "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    assert [line.split()[1].split("（")[0] for line in run.out.splitlines()] == [DOC, "content/gfxwj/2021-gfxwj-12-2.md"]
    assert front((root / DOC).read_text())["index_no"] == '"11340000MB0000000M/2024-00005"'
    second = (root / "content/gfxwj/2021-gfxwj-12-2.md").read_text()
    assert front(second)["index_no"] == '"11340000MB0000000M/2024-00006"'
    assert "](2021-gfxwj-12-2-fig1.png)" in second


def test_a_folder_lists_its_doc_files_as_errors_and_ignores_word_lock_files(tmp_path, site, cli):
    root = site({})
    folder = tmp_path / "收文"
    folder.mkdir()
    write(folder / "b.docx")
    (folder / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "~$b.docx").write_bytes(b"lock")
    (folder / "说明.txt").write_text("备注")
    run = cli("import", folder, "--site", root, "--date", DATE)
    assert run.code == 1
    assert [line.split(": ")[0] for line in run.err.splitlines() if "错误" in line] == [str(folder / "a.doc")]
    assert run.out.startswith(f"已导入 {DOC}")
    empty = tmp_path / "空"
    empty.mkdir()
    run = cli("import", empty, "--site", root)
    assert run.code == 2 and "错误：没有找到可导入的 Word 文件（.docx）" in run.err


def test_column_without_type_takes_the_column_type(tmp_path, site, cli):
    root = site({})
    run = cli("import", write(tmp_path / "a.docx"), "--site", root, "--column", "zcjd", "--date", DATE)
    assert run.out.startswith("已导入 content/zcjd/2021-zcjd-12.md")
    text = (root / "content/zcjd/2021-zcjd-12.md").read_text()
    assert "\ntype:" not in text and "validity" not in text
    assert '\ninterprets: ""  # 待填写：解读文件（interprets）须由编辑填写\n' in text


def test_unknown_type_is_a_usage_error(tmp_path, site, cli):
    run = cli("import", write(tmp_path / "a.docx"), "--site", site({}), "--type", "notice")
    assert run.code == 2 and "未知的文档类型“notice”" in run.err


def test_a_word_file_stating_nothing_imports_with_every_field_marked(tmp_path, site, cli):
    document = docx.Document()
    document.add_paragraph("请各单位按时报送材料。")
    document.save(tmp_path / "空白.docx")
    root = site({})
    run = cli("import", tmp_path / "空白.docx", "--site", root, "--column", "gfxwj", "--date", DATE)
    assert run.code == 0, run.err
    text = (root / "content/gfxwj/2024-gfxwj-00001.md").read_text()
    for key in ("title", "doc_number", "written", "issuer", "disclosure"):
        assert f'\n{key}: ""  # 待填写：' in text, key


def test_a_picture_linked_from_outside_the_file_is_named_in_a_warning(tmp_path, site, cli):
    source = write(tmp_path / "a.docx", Gongwen(images=("全县政务公开示意图",)))
    document = docx.Document(source)
    blip = document.element.body.xpath(".//a:blip")[0]
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), document.part.relate_to("file:///C:/图片/示意图.png", RT.IMAGE, is_external=True))
    document.save(source)
    root = site({})
    run = cli("import", source, "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    assert "a.docx: 警告：图片“全县政务公开示意图”只链接到 Word 文件之外或不是图片格式，未能导入" in run.err
    assert "![" not in (root / DOC).read_text()
    assert not list((root / "content/gfxwj").glob("*.png"))
