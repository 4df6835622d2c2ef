"""`new`: a draft named readably after its title, Chinese type names, column paths suggested; one h1 a page."""
from __future__ import annotations

import datetime as dt

import pytest

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


def test_new_with_date_back_fills_an_older_document_in_its_own_year(site, cli):
    root = site({"content/qtxx/a.md": doc(year=2024)})
    run = cli("new", "normative", "关于印发测试县档案管理办法的通知", "--site", root, "--date", "2021-06-15")
    assert run.code == 0, run.err
    assert run.out == "已新建 content/gfxwj/2021-daglbf.md\n"
    text = (root / "content/gfxwj/2021-daglbf.md").read_text(encoding="utf-8")
    assert "\ndate: 2021-06-15\n" in text and '\nindex_no: "11340000MB0000000M/2021-00001"\n' in text
    assert "\nwritten: 2021-06-15 " in text
    budget = cli("new", "budget", "测试县2021年预算", "--site", root, "--date", "2021-02-01")
    path = root / budget.out.split()[1]
    assert path.name.startswith("2021-") and "\nfiscal_year: 2021\n" in path.read_text(encoding="utf-8")
    assert '"11340000MB0000000M/2021-00002"' in path.read_text(encoding="utf-8")


def test_a_date_that_is_not_a_date_is_refused(site, cli):
    run = cli("new", "page", "甲", "--site", site({}), "--date", "2021-13-01")
    assert run.code == 2 and "“2021-13-01”不是日期，请写成 YYYY-MM-DD" in run.err


def test_an_index_number_of_another_year_than_the_date_is_a_warning_at_its_line(site, cli):
    root = site({"content/qtxx/a.md": doc(index_no='"11340000MB0000000M/2026-00001"', year=2021)})
    run = cli("check", "--site", root)
    assert "content/qtxx/a.md:4: 警告：索引号（index_no）“11340000MB0000000M/2026-00001”的年份是 2026，而发布日期（date）" \
           "是 2021 年：索引号的年份应为发布日期的年份；可用 python build.py new --date 2021-03-05 获取该年的下一个空闲索引号" \
        in run.problems


def _published(path):
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")


def test_new_writes_a_data_file_that_passes_check_with_a_name_of_its_own(site, cli):
    root = site({"content/qtxx/a.md": doc()})
    for doc_type, title in (("report", "测试县2025年政府信息公开工作年度报告"), ("report", "测试县2024年政府信息公开工作年度报告"),
                            ("catalog_area", "测试县重大建设项目领域基层政务公开标准目录"), ("debt", "测试县政府债务情况")):
        run = cli("new", doc_type, title, "--site", root, "--column", "qtxx", "--date", "2026-01-20")
        assert run.code == 0, run.err
        made, data = (line.split()[1].split("（")[0] for line in run.out.splitlines())
        assert data == made.replace(".md", ".yaml")
        assert f"\ndata: {data.rsplit('/', 1)[1]} " in (root / made).read_text(encoding="utf-8")
        _published(root / made)
    names = sorted(p.name for p in (root / "content/qtxx").glob("*.yaml"))
    assert len(names) == 4, names
    run = cli("check", "--site", root)
    assert run.code == 0, run.err
    assert not [p for p in run.problems if p.startswith("content/") and "错误" in p], run.err
    built = cli("build", "--site", root, "--out", root / "out")
    assert built.code == 0, built.err
    page = (root / "out/qtxx" / names[0].replace(".yaml", ".html")).read_text(encoding="utf-8")
    assert "本年新收政府信息公开申请数量" in page


def test_new_annual_report_reports_on_the_year_before(site, cli):
    """年度报告 are published by 1月31日 about the year before: a report written in January 2026 is 2025's."""
    root = site({"content/qtxx/a.md": doc()})
    run = cli("new", "report", "测试县2025年政府信息公开工作年度报告", "--site", root, "--column", "qtxx",
              "--date", "2026-01-20")
    assert run.code == 0, run.err
    made = run.out.splitlines()[0].split()[1].split("（")[0]
    text = (root / made).read_text(encoding="utf-8")
    assert "\nfiscal_year: 2025 " in text and "\ndate: 2026-01-20\n" in text, text


@pytest.mark.parametrize("label, folder, keys", [
    ("政策问答", "zcjd/zcwd", []),
    ("政务新媒体", "zwxmt", ["data: "]),
    ("建议提案办理结果", "jytabl", ["motion_kind: 建议", 'motion_no: ""', 'motion_title: ""', 'proposer: ""',
                                "handling: 主办", "reply_category: A", "assigned: ", "replied: "]),
])
def test_new_scaffolds_the_participation_types_in_their_standard_columns(site, cli, label, folder, keys):
    root = site({}, config=BASE_CONFIG[:BASE_CONFIG.index("columns:")])
    run = cli("new", label, "测试", "--site", root)
    assert run.code == 0, run.err
    path = root / run.out.split()[1]
    assert path.parent == root / "content" / folder
    text = path.read_text(encoding="utf-8")
    assert all(f"\n{key}" in text for key in keys), text
