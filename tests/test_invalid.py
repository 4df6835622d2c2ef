"""Invalid sites, one defect each: the exact `path:line: message`, the exit status, no traceback,
and the previous output left exactly as it was."""
from __future__ import annotations

import os

import pytest

from conftest import BASE_CONFIG, doc, normative, read_tree

GOOD = {"content/qtxx/ok.md": doc("正常文件", 90)}
A = "content/qtxx/a.md"
G = "content/gfxwj/a.md"

CASES = {
    "no front matter": (
        {A: "标题：没有front matter\n"},
        f"{A}:1: 错误：文档应以一行“---”开始，其后是标题、发布日期等信息（front matter），再以一行“---”结束"),
    "front matter not closed": (
        {A: "---\ntitle: 未结束\ndate: 2024-01-01\n正文\n"},
        f"{A}:1: 错误：front matter 没有结束：请在最后一个键之后加一行“---”"),
    "empty file": (
        {A: ""}, f"{A}:1: 错误：文件是空的：文档应以“---”行开始，写明标题等信息，再以“---”行结束"),
    "yaml syntax": (
        {A: "---\ntitle: 测试\ndate: [2024-01-01\n---\n"},
        f"{A}:3: 错误：YAML 语法错误：引号或括号没有闭合"),
    "tab indentation": (
        {A: "---\ntitle: 测试\nkeywords:\n\t- 甲\n---\n"},
        f"{A}:4: 错误：YAML 中不能用制表符（Tab）缩进，请改用空格"),
    "duplicate key": (
        {A: "---\ntitle: 测试\ntitle: 又一个\n---\n"}, f"{A}:3: 错误：键“title”重复出现"),
    "python tag": (
        {A: "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n"},
        f"{A}:2: 错误：不允许使用 YAML 标签“!!python/object/apply:os.system”，请只写普通的文字、数字和列表"),
    "date that does not exist": (
        {A: doc(date="2023-02-30")}, f"{A}:3: 错误：发布日期（date）：日期“2023-02-30”不存在"),
    "date in wrong form": (
        {A: doc(date="2023年3月5日")},
        f"{A}:3: 错误：发布日期（date）：“2023年3月5日”不是日期，请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"),
    "GBK file": (
        {A: doc("国标编码文件").encode("gbk")}, f"{A}:2: 错误：文件不是 UTF-8 编码（看起来是 GBK/GB18030），请另存为 UTF-8"),
    "UTF-16 file": (
        {A: doc().encode("utf-16")}, f"{A}:1: 错误：文件是 UTF-16 编码，请另存为 UTF-8（记事本：另存为 → 编码选“UTF-8”）"),
    "duplicate index number": (
        {A: doc("甲", 5), "content/qtxx/b.md": doc("乙", 5)},
        "content/qtxx/b.md:4: 错误：索引号（index_no）“11340000MB0000000X/2024-00005”与 content/qtxx/a.md:4 重复；"
        "可用 python build.py new 获取下一个空闲索引号"),
    "malformed index number": (
        {A: doc(index_no="2024-5")},
        f"{A}:4: 错误：索引号（index_no）“2024-5”格式不对，应为“机构代码/年份-五位序号”，例如 11340000MB0000000X/2021-00001"),
    "normative without document number": (
        {G: normative(doc_number=None)}, f"{G}:1: 错误：缺少发文字号（doc_number）（规范性文件类文档必填）"),
    "missing title": (
        {A: doc(title=None)}, f"{A}:1: 错误：缺少标题（title）"),
    "invalid disclosure": (
        {A: doc(disclosure="公开")}, f"{A}:6: 错误：公开属性（disclosure）：“公开”不是可选值，可选：主动公开、依申请公开、不予公开"),
    "withheld without reason": (
        {A: doc(disclosure="不予公开")}, f"{A}:6: 错误：不予公开的文档须写明不予公开理由（withheld_reason）"),
    "reference to a missing document": (
        {G: normative(replaces="gfxwj/nothing")},
        f"{G}:9: 错误：替代（replaces）：找不到“gfxwj/nothing”，请写被引用文档的索引号或内容路径（如 gfxwj/2021-03）"),
    "reference to a non-public document": (
        {G: normative(amended_by='"11340000MB0000000X/2024-00002"'),
         "content/gfxwj/b.md": normative("内部修改", 2, disclosure="依申请公开")},
        f"{G}:9: 错误：修改文件（amended_by）：“11340000MB0000000X/2024-00002”是依申请公开文档，主动公开的文档不能引用它"),
    "reference cycle": (
        {G: normative("甲", 1, replaces="gfxwj/b"), "content/gfxwj/b.md": normative("乙", 2, replaces="gfxwj/a")},
        f"{G}:9: 错误：替代（replaces）形成了循环：文档经过一串替代关系又替代了自己"),
    "link to a non-public document": (
        {A: doc(body="见[内部](b.md)"), "content/qtxx/b.md": doc("内部", 2, disclosure="依申请公开")},
        f"{A}:7: 错误：链接的文档 content/qtxx/b.md 不是主动公开文档，不能链接"),
    "link to a missing file": (
        {A: doc(body="第一行\n\n下载[表格](files/none.xlsx)")},
        f"{A}:9: 错误：链接的文件 content/qtxx/files/none.xlsx 不存在"),
    "link outside content": (
        {A: doc(body="[配置](../../config.yaml)")},
        f"{A}:7: 错误：链接“../../config.yaml”指向 content/ 之外，只能链接站点内的文件"),
    "attachment outside content": (
        {A: doc(attachments="[{file: ../../config.yaml, title: 配置}]")},
        f"{A}:6: 错误：附件“../../config.yaml”指向 content/ 之外，只能使用站点内的文件"),
    "absolute attachment path": (
        {A: doc(attachments="[/etc/passwd]")}, f"{A}:6: 错误：附件“/etc/passwd”应是相对于本文件的路径"),
    "missing attachment": (
        {A: doc(attachments="[{file: x.pdf, title: 附件}]")},
        f"{A}:6: 错误：附件找不到文件“x.pdf”（应在 content/qtxx/x.pdf）"),
    "empty attachment": (
        {A: doc(attachments="[{file: x.pdf, title: 附件}]"), "content/qtxx/x.pdf": b""},
        f"{A}:6: 错误：附件“x.pdf”是空文件，无法下载"),
    "data file outside content": (
        {A: doc(data="../../config.yaml")}, f"{A}:6: 错误：数据文件“../../config.yaml”指向 content/ 之外，只能使用站点内的文件"),
    "data file with a YAML error": (
        {A: doc(data="t.yaml"), "content/qtxx/t.yaml": "tables:\n  - title: 表\n    rows: [1, 2\n"},
        "content/qtxx/t.yaml:3: 错误：YAML 语法错误：引号或括号没有闭合"),
    "table row of the wrong width": (
        {A: doc(data="t.yaml"), "content/qtxx/t.yaml": "tables:\n  - title: 表\n    columns: [项目, 金额]\n"
                                                       "    rows:\n      - [甲, 1.00]\n      - [乙]\n"},
        "content/qtxx/t.yaml:6: 错误：第 2 行有 1 个值，表头有 2 列"),
    "topic not in the list": (
        {A: doc(topic="杂项")}, f"{A}:5: 错误：主题分类（topic）“杂项”不在主题分类表中，可选："),
    "summary too long": (
        {A: doc(summary="长" * 101)}, f"{A}:6: 错误：内容概述（summary）有 101 个字，最多 100 个字"),
    "folder that is not a column": (
        {"content/nosuch/a.md": doc()},
        "content/nosuch/a.md:1: 错误：文件夹“nosuch”不是 config.yaml 中的栏目，请移到栏目文件夹中或在 columns 中添加该栏目"),
    "two sources for one output path": (
        {A: doc(), "content/qtxx/b.md": doc("乙", 2, attachments="[a.html]"), "content/qtxx/a.html": "<p>x</p>"},
        "content/qtxx/a.html:1: 错误：content/qtxx/a.html 与 content/qtxx/a.md 都要写入 qtxx/a.html，请给其中一个改名"),
    "wrong type of value": (
        {A: doc(keywords="{a: 1}")}, f"{A}:6: 错误：关键词（keywords）：应为一个文字列表，例如 [甲, 乙]"),
    "fiscal year that is not a year": (
        {"content/czyjs/a.md": doc(fiscal_year="二〇二四", budget_kind="预算")},
        "content/czyjs/a.md:6: 错误：年度（fiscal_year）：“二〇二四”不是年份，请写四位数字，例如 2021"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_invalid_content(name, site, cli):
    files, expected = CASES[name]
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    run = cli("build", "--site", root)
    assert run.code == 1
    assert expected in run.err, run.err
    assert "Traceback" not in run.err
    assert "生成失败，原有输出未改动" in run.err
    assert read_tree(root / "public") == before
    assert cli("check", "--site", root).code == 1


def test_all_problems_are_reported_in_one_run(site, cli):
    root = site({A: doc(date="2023-02-30"), "content/qtxx/b.md": doc("乙", 2, topic="杂项"),
                 "content/qtxx/c.md": "no front matter"})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert "content/qtxx/a.md:3:" in run.err and "content/qtxx/b.md:5:" in run.err and "content/qtxx/c.md:1:" in run.err
    assert "3 个错误" in run.err


def test_bom_and_crlf_are_accepted(site, cli):
    text = "\ufeff" + doc("带BOM的文件", body="第一段\n\n第二段").replace("\n", "\r\n")
    root = site({A: text.encode("utf-8")})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/qtxx/a.html").read_text()
    assert "<h1>带BOM的文件</h1>" in html and "\r" not in html


def test_unknown_key_is_a_warning_with_a_suggestion(site, cli):
    root = site({A: doc(titel="拼错")})
    run = cli("build", "--site", root)
    assert run.code == 0
    assert f"{A}:6: 警告：未知的键“titel”已忽略，是不是“title”？" in run.err
    assert cli("check", "--site", root).code == 0
    assert cli("check", "--site", root, "--strict").code == 1


def test_python_tag_is_never_executed(site, cli, tmp_path):
    marker = tmp_path / "pwned"
    root = site({A: f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n"})
    cli("build", "--site", root)
    assert not marker.exists()


def test_oversized_file_is_refused(site, cli):
    root = site(GOOD)
    with open(root / A, "wb") as f:
        f.write(doc().encode())
        f.truncate(50 * 1024 * 1024)
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{A}:1: 错误：文件过大（50.0 MB），文档和数据文件最大 5 MB；大文件请作为附件" in run.err


def test_symlink_leading_out_of_the_site_is_refused(site, cli, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"secret")
    root = site({A: doc(attachments="[{file: s.pdf, title: 文件}]")})
    os.symlink(secret, root / "content/qtxx/s.pdf")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{A}:6: 错误：附件“s.pdf”是指向 content/ 之外的符号链接" in run.err


CONFIG_CASES = {
    "missing site name": (BASE_CONFIG.replace("  name: 测试县人民政府\n", ""), "config.yaml:1: 错误：缺少必填配置项“site.name”"),
    "wrong type": (BASE_CONFIG + "page_size: many\n", "config.yaml:28: 错误：配置项“page_size”应为整数"),
    "yaml error": (BASE_CONFIG + "columns: [\n", "config.yaml:28: 错误：YAML 语法错误：引号或括号没有闭合"),
    "bad column path": (BASE_CONFIG.replace("path: qtxx", "path: 其他"),
                        "config.yaml:26: 错误：配置项“columns[].path”的值“其他”有误：栏目路径只能用小写字母、数字、“-”和“_”，例如 gfxwj"),
    "duplicate column path": (BASE_CONFIG.replace("path: qtxx", "path: zcjd"), "config.yaml:26: 错误：栏目路径“zcjd”重复（第 19 行已有）"),
    "reserved column path": (BASE_CONFIG.replace("path: qtxx", "path: static"),
                             "config.yaml:26: 错误：栏目路径“static”已被系统页面占用，请换一个"),
}


@pytest.mark.parametrize("name", list(CONFIG_CASES))
def test_invalid_config_exits_2(name, site, cli):
    config, expected = CONFIG_CASES[name]
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / "config.yaml").write_text(config, encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 2
    assert expected in run.err, run.err
    assert "Traceback" not in run.err
    assert read_tree(root / "public") == before


def test_unknown_config_key_is_a_warning(site, cli):
    root = site(GOOD, BASE_CONFIG.replace("  icp:", "  icpp: x\n  icp:"))
    run = cli("build", "--site", root)
    assert run.code == 0
    assert "config.yaml:7: 警告：未知的配置项“site.icpp”，已忽略" in run.err


def test_template_syntax_error_is_reported_at_its_line(site, cli):
    root = site({**GOOD, "templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"})
    run = cli("build", "--site", root)
    assert run.code == 2
    assert "templates/404.html:3: 错误：模板语法错误：" in run.err


def test_template_runtime_error_is_reported_at_its_line(site, cli):
    root = site({**GOOD, "templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n"})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert "templates/404.html:3: 错误：模板运行错误：" in run.err


@pytest.mark.parametrize("out", ["content/out", ".", ".."])
def test_output_folder_may_not_destroy_the_site(out, site, cli):
    root = site(GOOD)
    run = cli("build", "--site", root, "--out", root / out)
    assert run.code == 2
    assert (root / "content/qtxx/ok.md").exists()


def test_output_folder_with_foreign_files_is_not_replaced(site, cli, tmp_path):
    root = site(GOOD)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.docx").write_bytes(b"x")
    run = cli("build", "--site", root, "--out", foreign)
    assert run.code == 2 and "不是本工具生成的站点" in run.err
    assert (foreign / "report.docx").exists()
