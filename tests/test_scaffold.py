"""`new`: a draft named readably after its title, Chinese type names, column paths suggested; one h1 a page."""
from __future__ import annotations

import datetime as dt

from conftest import BASE_CONFIG, ROOT, doc

YEAR = dt.date.today().year
NESTED = BASE_CONFIG[:BASE_CONFIG.index("columns:")] + """columns:
  - path: fdzdgknr
    name: 法定主动公开内容
    children:
      - path: gfxwj
        name: 规范性文件
        type: normative
"""


def test_new_names_the_file_after_the_title_and_writes_a_draft(site, cli):
    root = site({"content/qtxx/a.md": doc()})
    run = cli("new", "normative", "关于印发测试县农村生活垃圾治理实施办法的通知", "--site", root)
    assert run.code == 0, run.err
    path = root / f"content/gfxwj/{YEAR}-ncshljzl.md"
    assert run.out == f"已新建 content/gfxwj/{YEAR}-ncshljzl.md\n"
    text = path.read_text(encoding="utf-8")
    assert "\ndraft: true" in text and '\ntitle: "关于印发测试县农村生活垃圾治理实施办法的通知"\n' in text
    again = cli("new", "normative", "关于印发测试县农村生活垃圾治理实施办法的通知", "--site", root)
    assert again.out == f"已新建 content/gfxwj/{YEAR}-ncshljzl-2.md\n"


def test_new_accepts_chinese_type_names(site, cli):
    root = site({"content/qtxx/a.md": doc()})
    run = cli("new", "规范性文件", "关于加强档案管理的通知", "--site", root)
    assert run.code == 0, run.err
    assert run.out == f"已新建 content/gfxwj/{YEAR}-jqdagl.md\n"
    assert cli("new", "政策解读", "《档案管理办法》解读", "--site", root).out.startswith(f"已新建 content/zcjd/{YEAR}-")


def test_unknown_type_lists_keys_and_chinese_names(site, cli):
    run = cli("new", "通知", "甲", "--site", site({}))
    assert run.code == 2
    assert "错误：未知的文档类型“通知”，可选：normative（规范性文件）、plan（规划）" in run.err


def test_column_given_by_its_last_segment_is_suggested(site, cli):
    run = cli("new", "normative", "甲", "--site", site({}, config=NESTED), "--column", "gfxwj")
    assert run.code == 2
    assert "错误：没有路径为“gfxwj”的栏目，是不是“fdzdgknr/gfxwj”？（--column 写栏目的完整路径）" in run.err


def test_new_draft_builds_nothing_and_check_notes_it(site, cli):
    root = site({"content/qtxx/a.md": doc()})
    assert cli("new", "page", "测试信息", "--site", root, "--column", "qtxx").code == 0
    run = cli("check", "--site", root)
    assert run.code == 0, run.err
    assert f"content/qtxx/{YEAR}-csxx.md:" in run.err and "提示：草稿（draft: true）" in run.err


def test_a_second_h1_in_the_body_is_a_warning_at_its_line(site, cli):
    body = "导语。\n\n# 一、总体要求\n\n正文。\n\n```\n# 代码中的不是标题\n```\n\n另一个一级标题\n======="
    run = cli("check", "--site", site({"content/qtxx/a.md": doc(body=body)}))
    h1 = [p for p in run.problems if "一级标题" in p]
    assert h1 == [
        "content/qtxx/a.md:9: 警告：正文中的一级标题“一、总体要求”：页面已用文档标题作一级标题，正文的标题请从“## ”（二级）开始",
        "content/qtxx/a.md:17: 警告：正文中的一级标题“另一个一级标题”：页面已用文档标题作一级标题，正文的标题请从“## ”（二级）开始",
    ], run.err


def test_the_sample_has_no_h1_in_bodies(cli):
    run = cli("check", "--site", ROOT)
    assert "一级标题" not in run.err
