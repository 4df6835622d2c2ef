"""Invalid sites, one defect each: the exact `path:line: message`, the exit status, no traceback,
and the previous output left exactly as it was."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, ROOT, doc, normative, read_tree

GOOD = {"content/qtxx/ok.md": doc("正常文件", 90)}
A = "content/qtxx/a.md"
G = "content/gfxwj/a.md"
T = "content/qtxx/t.yaml"


class Link(str):
    """A symbolic link to write instead of a file; `{out}` is a folder outside the site."""


FIFO = object()  # a named pipe instead of a file
OUTSIDE = {"secret.md": doc("站外文件", 77), "s.yaml": "tables: []\n", "s.pdf": "secret"}

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
        "content/qtxx/b.md:4: 错误：索引号（index_no）“11340000MB0000000M/2024-00005”与 content/qtxx/a.md:4 重复；"
        "可用 python build.py new 获取下一个空闲索引号"),
    "malformed index number": (
        {A: doc(index_no="2024-5")},
        f"{A}:4: 错误：索引号（index_no）“2024-5”格式不对，应为“机构代码/年份-五位序号”，例如 11340000MB0000000M/2021-00001"),
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
        f"{G}:9: 错误：替代（replaces）：找不到“gfxwj/nothing”，请写被引用文档的索引号或它在 content/ 中的路径（不带 .md）"),
    "reference to a non-public document": (
        {G: normative(amended_by='"11340000MB0000000M/2024-00002"'),
         "content/gfxwj/b.md": normative("内部修改", 2, disclosure="依申请公开")},
        f"{G}:9: 错误：修改文件（amended_by）：“11340000MB0000000M/2024-00002”是依申请公开文档，主动公开的文档不能引用它"),
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
        {A: doc(topic="杂项")}, f"{A}:5: 错误：主题分类（topic）“杂项”不在主题分类表中，请照抄表中的一项（整项，含其中的顿号）；可选：“综合政务”，"),
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
    "number too long to be one": (
        {A: doc(issue='"' + "1" * 5000 + '"')}, f"{A}:6: 错误：期号（issue）：数字“111111111……”过长（5000 位），请检查"),
    "fiscal year that is not a year": (
        {"content/czyjs/a.md": doc(fiscal_year="二〇二四", budget_kind="预算")},
        "content/czyjs/a.md:6: 错误：年度（fiscal_year）：“二〇二四”不是年份，请写四位数字，例如 2021"),
    "front matter that is a list": (
        {A: "---\n- 标题\n- 日期\n---\n"}, f"{A}:2: 错误：front matter 应为“键: 值”的形式，例如“title: 关于……的通知”"),
    "front matter with nothing in it": ({A: "---\n---\n正文\n"}, f"{A}:1: 错误：缺少标题（title）"),
    "unclosed quote": ({A: '---\ntitle: "未闭合\ndate: 2024-01-01\n---\n'}, f"{A}:2: 错误：YAML 语法错误：引号或括号没有闭合"),
    "colon inside a value": (
        {A: "---\ntitle: 通知: 关于测试\n---\n"}, f"{A}:2: 错误：YAML 语法错误：冒号后的值含有“: ”，请给整个值加英文引号"),
    "English and Chinese key for one field": (
        {A: doc(标题="又一个标题")}, f"{A}:6: 错误：标题（title）写了两次（中文键和英文键只能写一个）"),
    "deeply nested brackets": (
        {A: "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n"},
        f"{A}:2: 错误：YAML 嵌套层数过多（最多 32 层），请检查括号和缩进"),
    "nesting beyond the limit": (
        {A: "---\ntitle: t\nkeywords: " + "[" * 40 + "]" * 40 + "\n---\n"},
        f"{A}:3: 错误：YAML 嵌套层数过多（最多 32 层），请检查括号和缩进"),
    "anchor and alias": (
        {A: "---\ntitle: &t 标题\nsummary: *t\n---\n"}, f"{A}:2: 错误：不支持 YAML 锚点和别名（& 和 *），请直接写出各项"),
    "a billion aliases": (
        {A: "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
            + "---\n"},
        f"{A}:2: 错误：不支持 YAML 锚点和别名（& 和 *），请直接写出各项"),
    "merge key": (
        {A: "---\n<<: {title: 合并}\n---\n"}, f"{A}:2: 错误：不支持 YAML 合并键“<<”，请直接写出各项"),
    "python name tag": (
        {A: "---\ntitle: t\nsummary: !!python/name:os.system\n---\n"},
        f"{A}:3: 错误：不允许使用 YAML 标签“!!python/name:os.system”，请只写普通的文字、数字和列表"),
    "custom tag on a list": (
        {A: "---\ntitle: t\nkeywords: !set [a]\n---\n"}, f"{A}:3: 错误：不允许使用 YAML 标签“!set”，请只写普通的文字、数字和列表"),
    "escaped lone surrogate": (
        {A: doc(title='"\\ud800"')}, f"{A}:2: 错误：含有不可显示的控制字符（或“\\x07”“\\ud800”这样的转义），请删去"),
    "escaped control character": (
        {A: doc(summary='"响铃\\x07"')}, f"{A}:6: 错误：含有不可显示的控制字符（或“\\x07”“\\ud800”这样的转义），请删去"),
    "number with thousands of digits": (
        {A: doc(summary="9" * 5000)}, f"{A}:6: 错误：数字过长（5000 位），请检查；编号等文字请加英文引号"),
    "control character written as itself": (
        {A: doc(summary="响铃\x07")}, f"{A}:6: 错误：含有不可显示的控制字符（或“\\x07”“\\ud800”这样的转义），请删去"),
    "NUL byte": ({A: doc(body="正文" + "x" * 300 + "\x00")}, f"{A}:1: 错误：文件含有空字符（NUL），不是文本文件"),
    "NUL byte near the start": ({A: "---\x00\n"}, f"{A}:1: 错误：文件含有空字符（NUL），不是文本文件"),
    "UTF-16 without a BOM": (
        {A: doc().encode("utf-16-le")}, f"{A}:1: 错误：文件是 UTF-16 编码，请另存为 UTF-8（记事本：另存为 → 编码选“UTF-8”）"),
    "bytes that are no known encoding": (
        {A: doc().encode() + b"\xff\xfe\xfd"}, f"{A}:8: 错误：文件不是 UTF-8 编码，请另存为 UTF-8"),
    "GBK data file": (
        {A: doc(data="t.yaml"), T: "tables:\n  - title: 收入表\n".encode("gbk")},
        f"{T}:2: 错误：文件不是 UTF-8 编码（看起来是 GBK/GB18030），请另存为 UTF-8"),
    "date in a month that does not exist": (
        {G: normative(written="2024-13-01")}, f"{G}:7: 错误：成文日期（written）：日期“2024-13-01”不存在"),
    "time that does not exist": (
        {A: doc(date='"2024-03-05 25:00"')}, f"{A}:3: 错误：发布日期（date）：日期“2024-03-05 25:00”不存在"),
    "yes-no field with a word": (
        {A: doc(needs_interpretation="是")}, f"{A}:6: 错误：需解读（needs_interpretation）：应为 true 或 false"),
    "attachments as a number": (
        {A: doc(attachments="5")}, f"{A}:6: 错误：附件（attachments）：每个附件应写成 {{file: 文件名, title: 标题}}"),
    "title as a list": ({A: doc(title="[甲, 乙]")}, f"{A}:2: 错误：标题（title）：应为一个值，而不是列表或键值对"),
    "reference to itself": (
        {G: normative(replaces="gfxwj/a")}, f"{G}:9: 错误：替代（replaces）：文档不能引用自己"),
    "reference to a withheld document": (
        {"content/zcjd/a.md": doc("解读", 1, interprets="gfxwj/b", form="文字"),
         "content/gfxwj/b.md": normative("内部", 2, disclosure="不予公开", withheld_reason="涉及国家秘密")},
        "content/zcjd/a.md:6: 错误：解读文件（interprets）：“gfxwj/b”是不予公开文档，主动公开的文档不能引用它"),
    "link to a missing document": (
        {A: doc(body="见[另一篇](none.md)")}, f"{A}:7: 错误：链接的文档 content/qtxx/none.md 不存在"),
    "absolute link": ({A: doc(body="[密码](/etc/passwd)")}, f"{A}:7: 错误：链接“/etc/passwd”是绝对路径，请写成相对于本文件的路径"),
    "link outside content, percent-encoded": (
        {A: doc(body="[配置](%2e%2e/%2e%2e/config.yaml)")},
        f"{A}:7: 错误：链接“%2e%2e/%2e%2e/config.yaml”指向 content/ 之外，只能链接站点内的文件"),
    "data file with an absolute path": ({A: doc(data="/etc/passwd")}, f"{A}:6: 错误：数据文件“/etc/passwd”应是相对于本文件的路径"),
    "data file that is a list": (
        {A: doc(data="t.yaml"), T: "- 甲\n- 乙\n"}, f"{T}:1: 错误：数据文件应为键值对，例如以“tables:”开始"),
    "empty data file": ({A: doc(data="t.yaml"), T: ""}, f"{T}:1: 错误：数据文件应为键值对，例如以“tables:”开始"),
    "two YAML documents in a data file": (
        {A: doc(data="t.yaml"), T: "tables: []\n---\ntables: []\n"},
        f"{T}:2: 错误：YAML 语法错误：文件中只能有一组内容，请删去多余的“---”行"),
    "tag in a data file": (
        {A: doc(data="t.yaml"), T: "tables: !!python/object:os.system {}\n"},
        f"{T}:1: 错误：不允许使用 YAML 标签“!!python/object:os.system”，请只写普通的文字、数字和列表"),
    "tables that are not a list": (
        {A: doc(data="t.yaml"), T: "tables: 收入表\n"}, f"{T}:1: 错误：tables 应为表格列表，每个表格有 title、columns、rows"),
    "symlinked document leading out": (
        {"content/qtxx/x.md": Link("{out}/secret.md")},
        "content/qtxx/x.md:1: 错误：是指向 content/ 之外的符号链接，请把文件本身放进 content/"),
    "symlinked folder leading out": (
        {"content/qtxx/ext": Link("{out}")},
        "content/qtxx/ext:1: 错误：是指向 content/ 之外的文件夹符号链接，请把文件夹本身放进 content/"),
    "data file through a symlinked folder": (
        {A: doc(data="ext/s.yaml"), "content/qtxx/ext": Link("{out}")},
        f"{A}:6: 错误：数据文件“ext/s.yaml”是指向 content/ 之外的符号链接"),
    "symlinked data file leading out": (
        {A: doc(data="s.yaml"), "content/qtxx/s.yaml": Link("{out}/s.yaml")},
        f"{A}:6: 错误：数据文件“s.yaml”是指向 content/ 之外的符号链接"),
    "symlinked attachment leading out": (
        {A: doc(attachments="[{file: s.pdf, title: 文件}]"), "content/qtxx/s.pdf": Link("{out}/s.pdf")},
        f"{A}:6: 错误：附件“s.pdf”是指向 content/ 之外的符号链接"),
    "symlinked link target leading out": (
        {A: doc(body="[下载](s.pdf)"), "content/qtxx/s.pdf": Link("{out}/s.pdf")},
        f"{A}:7: 错误：链接的文件 content/qtxx/s.pdf 是指向 content/ 之外的符号链接"),
    "symlinked static file leading out": (
        {"static/s.pdf": Link("{out}/s.pdf")}, "static/s.pdf:1: 错误：是指向站点之外的符号链接，请把文件本身放进 static/"),
    "symlink loop": (
        {A: Link("b.md"), "content/qtxx/b.md": Link("a.md")}, f"{A}:1: 错误：符号链接形成了循环，无法读取"),
    "named pipe instead of a document": (
        {A: FIFO}, f"{A}:1: 错误：不是普通文件（而是文件夹、管道或设备），请换成普通文件"),
}


def write_files(root, files: dict, outside) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            os.symlink(data.format(out=outside), path)
        elif data is FIFO:
            os.mkfifo(path)
        else:
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


@pytest.fixture
def outside(tmp_path):
    """A folder beside the site with files a link could lead to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    for name, text in OUTSIDE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_invalid_content(name, site, cli, outside):
    files, expected = CASES[name]
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    write_files(root, files, outside)
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


def test_unreadable_file_is_reported(site, cli, monkeypatch):
    """chmod 000 does not stop root, who runs the tests: the file system's refusal is simulated instead."""
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / A).write_text(doc(), encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(path):
        if path.name == "a.md":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{A}:1: 错误：没有读取这个文件的权限，请检查文件权限" in run.err and "Traceback" not in run.err
    assert read_tree(root / "public") == before


@pytest.mark.parametrize("name", ["a b.md", "通知 文件（2024）.md", "%23x.md", "a#b?.md"])
def test_unusual_file_names_build(name, site, cli):
    root = site({f"content/qtxx/{name}": doc("文件名特殊", body="正文。")})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    page = root / "public/qtxx" / name.replace(".md", ".html")
    assert "<h1>文件名特殊</h1>" in page.read_text(encoding="utf-8")
    assert cli("check", "--site", root).code == 0


def test_number_as_a_key_is_an_unknown_key(site, cli):
    root = site({A: doc(**{"2024": "x"})})
    run = cli("build", "--site", root)
    assert run.code == 0
    assert f"{A}:6: 警告：未知的键“2024”已忽略，请检查拼写" in run.err


def test_unknown_key_is_a_warning_with_a_suggestion(site, cli):
    root = site({A: doc(titel="拼错")})
    run = cli("build", "--site", root)
    assert run.code == 0
    assert f"{A}:6: 警告：未知的键“titel”已忽略，是不是“title”？" in run.err
    assert cli("check", "--site", root).code == 0
    assert cli("check", "--site", root, "--strict").code == 1


def own(run) -> list[str]:
    """The problems of the content files (the tiny site's other columns are blank)."""
    return [p for p in run.problems if p.startswith("content/")]


#: a key written otherwise than the schema spells it (traditional characters, capitals, a space, full-width letters)
#: and the two ways it should be written, the form of the key written first
WRITTEN_OTHERWISE = {
    "公開屬性": ("不予公開", "公开属性", "disclosure"),
    "Disclosure": ("不予公开", "disclosure", "公开属性"),
    "公开 属性": ("不予公开", "公开属性", "disclosure"),
    "公开\u3000属性": ("依申请公开", "公开属性", "disclosure"),
    "Draft": ("true", "draft", "草稿"),
    "ＤＲＡＦＴ": ("true", "draft", "草稿"),
    "Withheld Reason": ("涉及国家秘密", "withheld_reason", "不予公开理由"),
    "發佈日期": ("2027-01-01", "发布日期", "date"),
    "Title": ("另一个标题", "title", "标题"),
}


@pytest.mark.parametrize("key", list(WRITTEN_OTHERWISE))
def test_a_known_key_written_otherwise_is_an_error_naming_the_key_meant(key, site, cli):
    value, first, second = WRITTEN_OTHERWISE[key]
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / A).write_text(doc("拼写不同的键", 2, **{key: value}), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert own(run) == [f"{A}:6: 错误：键“{key}”写法不对，应写作“{first}”或“{second}”："
                            "键须用简体字、英文小写，中间不加空格，写法不同的键不被识别"], run.err
    assert "Traceback" not in run.err and "生成失败，原有输出未改动" in run.err
    assert read_tree(root / "public") == before
    assert cli("check", "--site", root).code == 1


def test_a_document_whose_disclosure_key_is_written_otherwise_is_not_public(site, cli):
    """Not published whatever `defaults.disclosure` says: a public document naming it is told so, and the correct
    key written beside the misspelled one does not publish it either."""
    root = site({A: doc("拼写不同的键", 1, Disclosure="不予公开"),
                 "content/qtxx/b.md": doc("乙", 2, disclosure="主动公开", 草稿="false", Draft="true"),
                 "content/gfxwj/c.md": normative("丙", 3, replaces="qtxx/a", amended_by="qtxx/b")})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert ("content/gfxwj/c.md:9: 错误：替代（replaces）：“qtxx/a”的公开属性有误（见该文档的错误），不发布，不能引用"
            in run.problems), run.err
    assert ("content/gfxwj/c.md:10: 错误：修改文件（amended_by）：“qtxx/b”的公开属性有误（见该文档的错误），不发布，不能引用"
            in run.problems), run.err
    assert not [p for p in run.problems if "缺少" in p or "不予公开理由" in p]


def test_an_unknown_key_holding_a_non_public_disclosure_is_an_error(site, cli):
    root = site({A: doc(**{"原公开属性": "不予公开"}), "content/qtxx/b.md": doc("乙", 2, disclosur="依申请公开")})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert own(run) == [
        f"{A}:6: 错误：未知的键“原公开属性”写的是“不予公开”：公开属性须写在“公开属性”或“disclosure”键下，写在别的键下不被识别；请改正键名",
        "content/qtxx/b.md:6: 错误：未知的键“disclosur”写的是“依申请公开”：公开属性须写在“公开属性”或“disclosure”键下，"
        "写在别的键下不被识别；请改正键名",
    ]
    assert not (root / "public").exists()


def test_every_key_is_spelled_unlike_every_other():
    """No two keys of the built-in types read alike once case, spaces and traditional characters are folded, so
    a key written otherwise names one key."""
    from gongkai.doctypes import registry
    from gongkai.engine.fields import spelling

    spelled = [spelling(name) for f in registry().fields for name in {f.key, f.alias}]
    assert len(spelled) == len(set(spelled))


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


CONFIG_CASES = {
    "missing site name": (BASE_CONFIG.replace("  name: 测试县人民政府\n", ""), "config.yaml:1: 错误：缺少必填配置项“site.name”"),
    "wrong type": (BASE_CONFIG + "page_size: many\n", "config.yaml:28: 错误：配置项“page_size”应为整数"),
    "yaml error": (BASE_CONFIG + "columns: [\n", "config.yaml:28: 错误：YAML 语法错误：引号或括号没有闭合"),
    "bad column path": (BASE_CONFIG.replace("path: qtxx", "path: 其他"),
                        "config.yaml:26: 错误：配置项“columns[].path”的值“其他”有误：栏目路径只能用小写字母、数字、“-”和“_”，例如 gfxwj"),
    "duplicate column path": (BASE_CONFIG.replace("path: qtxx", "path: zcjd"), "config.yaml:26: 错误：栏目路径“zcjd”重复（第 19 行已有）"),
    "reserved column path": (BASE_CONFIG.replace("path: qtxx", "path: static"),
                             "config.yaml:26: 错误：栏目路径“static”已被系统页面占用，请换一个"),
    "empty file": ("", "config.yaml:1: 错误：config.yaml 应为键值对，至少包含 site:"),
    "a list instead of keys": ("- site\n", "config.yaml:1: 错误：config.yaml 应为键值对，至少包含 site:"),
    "columns that are not a list": (BASE_CONFIG.split("columns:")[0] + "columns: 全部\n",
                                    "config.yaml:11: 错误：配置项“columns”应为列表"),
    "duplicate key": (BASE_CONFIG + "output: a\noutput: b\n", "config.yaml:29: 错误：键“output”重复出现"),
    "tab indentation": (BASE_CONFIG.replace("  domain:", "\tdomain:"), "config.yaml:3: 错误：YAML 中不能用制表符（Tab）缩进，请改用空格"),
    "YAML tag": (BASE_CONFIG + "output: !!python/object/apply:os.getcwd []\n",
                 "config.yaml:28: 错误：不允许使用 YAML 标签“!!python/object/apply:os.getcwd”，请只写普通的文字、数字和列表"),
    "GBK": (BASE_CONFIG.encode("gbk"), "config.yaml:2: 错误：文件不是 UTF-8 编码（看起来是 GBK/GB18030），请另存为 UTF-8"),
    "UTF-16": (BASE_CONFIG.encode("utf-16"), "config.yaml:1: 错误：文件是 UTF-16 编码，请另存为 UTF-8"),
    "a folder named config.yaml": (None, "config.yaml:1: 错误：不是普通文件（而是文件夹、管道或设备），请换成普通文件"),
    "a key written otherwise": (BASE_CONFIG.replace("    name: 其他信息\n", "    name: 其他信息\n    Open: false\n"),
                                "config.yaml:28: 错误：配置项“columns[].Open”写法不对，应写作“columns[].open”："
                                "配置项须用英文小写，中间不加空格，写法不同的不被识别"),
}


@pytest.mark.parametrize("name", list(CONFIG_CASES))
def test_invalid_config_exits_2(name, site, cli):
    config, expected = CONFIG_CASES[name]
    root = site(GOOD)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    path = root / "config.yaml"
    if config is None:
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(config if isinstance(config, bytes) else config.encode("utf-8"))
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


def test_unclosed_expression_in_an_overriding_base_template(site, cli):
    base = (ROOT / "templates/base.html").read_text(encoding="utf-8").split("\n")
    base.insert(4, "{% if %}")
    root = site({**GOOD, "templates/base.html": "\n".join(base)})
    run = cli("build", "--site", root)
    assert run.code == 2
    assert "templates/base.html:5: 错误：模板语法错误：" in run.err and "Traceback" not in run.err


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
