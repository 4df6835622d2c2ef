"""政策解读 across the members of a group: `interprets: /成员路径/内容路径.md` resolved and checked at its line,
shown on both members' pages, clearing 三同步, and built incrementally as it builds clean."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import AS_OF, site_tree
from gongkai.group.build import build_group
from gongkai.group.executor import LocalExecutor
from gongkai.tools import interprets_across
from test_group import CODES, make_group

COLUMNS = """\
columns:
  - path: zfxxgkzn
    name: 政府信息公开指南
  - path: qtxx
    name: 其他信息
  - path: {path}
    name: {name}
    type: {type}
"""
CONFIGS = {"xzf": COLUMNS.format(path="zcjd", name="政策解读", type="interpretation"),
           "bm/fgw": COLUMNS.format(path="gfxwj", name="规范性文件", type="normative")}
NORMATIVE = f"""\
---
title: 测试县发展和改革委员会关于印发政府投资项目管理办法的通知
date: 2024-03-11
index_no: "{CODES['bm/fgw']}/2024-00009"
topic: 综合政务
doc_number: 测发改〔2024〕9号
written: 2024-03-06
validity: 有效
needs_interpretation: true
---
现将《测试县政府投资项目管理办法》印发给你们，请认真贯彻执行。
"""
INTERPRETS = "/bm/fgw/gfxwj/tzxm.md"


def interpretation(title: str = "《测试县政府投资项目管理办法》政策解读", interprets: str = INTERPRETS,
                   date: str = "2024-03-12") -> str:
    """The county government's 政策解读 of the department's 规范性文件; `interprets:` on line 7."""
    return (f"---\ntitle: {title}\ndate: {date}\nindex_no: \"{CODES['xzf']}/2024-00003\"\ntopic: 综合政务\n"
            f"form: 文字\ninterprets: {interprets}\n---\n办法明确了政府投资项目的审批程序。\n")


def interpreting_group(root: Path, **kwargs) -> Path:
    group = make_group(root, configs=CONFIGS)
    (group / "bm/fgw/content/gfxwj").mkdir()
    (group / "bm/fgw/content/gfxwj/tzxm.md").write_text(NORMATIVE, encoding="utf-8")
    (group / "xzf/content/zcjd").mkdir()
    (group / "xzf/content/zcjd/jd1.md").write_text(interpretation(**kwargs), encoding="utf-8")
    return group


def test_each_side_links_to_the_other_members_page_and_three_sync_is_met(tmp_path, cli):
    root = interpreting_group(tmp_path / "group")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert "interpretation-missing" not in run.err and "还没有政策解读" not in run.err
    explained = (root / "public/xzf/zcjd/jd1.html").read_text(encoding="utf-8")
    assert ('<h3>相关文件</h3>\n    <ul class="doc-list">\n  <li>\n    <a href="../../bm/fgw/gfxwj/tzxm.html">'
            '测试县发展和改革委员会关于印发政府投资项目管理办法的通知</a>') in explained
    listed = (root / "public/bm/fgw/gfxwj/tzxm.html").read_text(encoding="utf-8")
    assert ('<h3>相关解读</h3>\n    <ul class="doc-list">\n  <li>\n    <a href="../../../xzf/zcjd/jd1.html">'
            '《测试县政府投资项目管理办法》政策解读</a>') in listed
    assert (root / "public/bm/fgw/gfxwj" / "../../../xzf/zcjd/jd1.html").resolve().is_file()
    assert (root / "public/xzf/zcjd" / "../../bm/fgw/gfxwj/tzxm.html").resolve().is_file()


def test_a_late_interpretation_from_another_member_is_warned_as_within_one_site(tmp_path, cli):
    root = interpreting_group(tmp_path / "group", date="2024-03-20")
    run = cli("check", "--site", root)
    assert ("xzf/content/zcjd/jd1.md:3: 警告：政策解读在所解读文件发布（2024-03-11）后第 7 个工作日才发布，"
            "三同步要求最迟 3 个工作日内发布") in run.err


def test_a_dead_reference_is_an_error_at_its_line_and_the_group_is_not_published(tmp_path, cli):
    root = interpreting_group(tmp_path / "group", interprets="/bm/fgw/gfxwj/nothere.md")
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert ("xzf/content/zcjd/jd1.md:7: 错误：解读文件（interprets）：“/bm/fgw/gfxwj/nothere.md”不存在：站群成员 bm/fgw 的 "
            "content/ 中没有 gfxwj/nothere.md") in run.err
    assert "bm/fgw/content/gfxwj/tzxm.md:9: 警告：需解读（needs_interpretation）的文件还没有政策解读" in run.err
    report = cli("check", "--site", root, "--report", tmp_path / "report")
    assert report.code == 1 and "xzf/content/zcjd/jd1.md:7: 错误：解读文件（interprets）：“/bm/fgw/gfxwj/nothere.md”不存在" in report.err


def test_a_target_its_member_does_not_publish_is_an_error(tmp_path, cli):
    root = interpreting_group(tmp_path / "group")
    target = root / "bm/fgw/content/gfxwj/tzxm.md"
    target.write_text(NORMATIVE.replace("validity: 有效\n", "validity: 有效\ndraft: true\n"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert ("xzf/content/zcjd/jd1.md:7: 错误：解读文件（interprets）：“/bm/fgw/gfxwj/tzxm.md”不是站群成员 bm/fgw 发布的主动公开文档"
            "（草稿、未到发布日期、不予公开或有错误的文档不能引用）") in run.err


def test_a_member_built_alone_cannot_check_it_and_publishes_nothing(tmp_path, cli):
    root = interpreting_group(tmp_path / "group")
    run = cli("build", "--site", root / "xzf", "--out", tmp_path / "alone")
    assert run.code == 1 and not (tmp_path / "alone").exists()
    assert ("content/zcjd/jd1.md:7: 错误：解读文件（interprets）：“/bm/fgw/gfxwj/tzxm.md”是站群成员 bm/fgw 的文档，单独生成本站时"
            "无法核对它是否已发布：请在站群文件夹中运行 build 或 check") in run.err
    other = cli("build", "--site", root / "bm/fgw", "--out", tmp_path / "fgw")
    assert other.code == 0 and "还没有政策解读" in other.err  # alone, it cannot see the interpretation


def test_an_edited_title_renders_the_other_members_page_again_as_a_clean_build(tmp_path):
    root = interpreting_group(tmp_path / "group")
    out, as_of = root / "public", dt.date.fromisoformat(AS_OF)
    assert build_group(root, as_of, out, executor=LocalExecutor(1)).written
    (root / "xzf/content/zcjd/jd1.md").write_text(interpretation("改过标题的政策解读"), encoding="utf-8")
    again = build_group(root, as_of, out, executor=LocalExecutor(1))
    assert again.written
    rendered = {m.path: m.rendered for m in again.members}
    assert rendered["bm/jyj"] == rendered["xz/cgz"] == 0
    assert rendered["bm/fgw"] == 1  # the interpreted document's page, and no other of its pages
    assert "改过标题的政策解读" in (out / "bm/fgw/gfxwj/tzxm.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert build_group(root, as_of, clean, executor=LocalExecutor(1)).written
    assert site_tree(clean) == site_tree(out)


def test_an_interpretation_names_only_a_document_of_a_type_that_may_be_explained(tmp_path, cli):
    root = interpreting_group(tmp_path / "group")
    (root / "bm/fgw/content/qtxx/jd.md").write_text(interpretation("发改委自己的解读", "gfxwj/tzxm").replace(
        CODES["xzf"], CODES["bm/fgw"]).replace("form:", "type: interpretation\nform:").replace("2024-00003", "2024-00007"), encoding="utf-8")
    (root / "xzf/content/zcjd/jd1.md").write_text(interpretation(interprets="/bm/fgw/qtxx/jd.md"), encoding="utf-8")
    run = cli("check", "--site", root)
    assert run.code == 1 and "xzf/content/zcjd/jd1.md:7: 错误：解读文件（interprets）：“/bm/fgw/qtxx/jd.md”是政策解读，不能写在这里" in run.err


def test_the_scan_kept_between_builds_reads_only_files_that_changed(tmp_path, monkeypatch):
    root = interpreting_group(tmp_path / "group", interprets="qtxx/n1")  # its own member's notice
    out, as_of = root / "public", dt.date.fromisoformat(AS_OF)
    assert build_group(root, as_of, out, executor=LocalExecutor(1)).written
    read = []
    original = interprets_across._names_another
    monkeypatch.setattr(interprets_across, "_names_another", lambda path: read.append(path.name) or original(path))
    assert build_group(root, as_of, out, executor=LocalExecutor(1)).written and read == []
    (root / "xzf/content/zcjd/jd1.md").write_text(interpretation(), encoding="utf-8")  # now of bm/fgw's document
    assert build_group(root, as_of, out, executor=LocalExecutor(1)).written and read == ["jd1.md"]
    assert "《测试县政府投资项目管理办法》政策解读" in (out / "bm/fgw/gfxwj/tzxm.html").read_text(encoding="utf-8")


def test_an_interpretation_of_another_member_outside_the_interpretation_column_is_named(tmp_path, cli):
    root = interpreting_group(tmp_path / "group")
    (root / "xzf/content/qtxx/jd2.md").write_text(interpretation().replace("form: 文字\n", "type: interpretation\nform: 文字\n")
                                                  .replace("2024-00003", "2024-00004"), encoding="utf-8")
    run = cli("check", "--site", root)
    assert run.code == 1
    assert ("xzf/content/qtxx/jd2.md:8: 错误：解读文件（interprets）：解读其他成员的文件（“/bm/fgw/gfxwj/tzxm.md”）"
            "须放在本成员的政策解读栏目中（config.yaml 中 type: interpretation 的栏目）") in run.err
