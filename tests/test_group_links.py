"""Links from one member of a group to another member's documents: `/成员路径/内容路径.md`, resolved to
the page in the group's tree and checked (there, and published by that member) at the link's line."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import read_tree
from test_group import make_group, notice

LINK = "另见[教育局的通知](/bm/jyj/qtxx/n1.md#正文)。"


def linking_group(root: Path, link: str = LINK) -> Path:
    """The test group, bm/fgw's first notice linking to `link` on its line 8."""
    group = make_group(root)
    page = group / "bm/fgw/content/qtxx/n1.md"
    page.write_text(notice("bm/fgw", 1, "发改委的通知", "2024-03-05") + link + "\n", encoding="utf-8")
    return group


def test_a_link_to_another_members_document_leads_to_its_page(tmp_path, cli):
    root = linking_group(tmp_path / "group")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    page = (root / "public/bm/fgw/qtxx/n1.html").read_text(encoding="utf-8")
    assert '<a href="../../jyj/qtxx/n1.html#正文">教育局的通知</a>' in page
    assert (root / "public/bm/fgw/qtxx" / "../../jyj/qtxx/n1.html").resolve().is_file()
    assert cli("build", "--site", root / "bm/fgw", "--out", tmp_path / "alone").code == 0
    assert read_tree(tmp_path / "alone") == read_tree(root / "public/bm/fgw")  # the member alone: same bytes


def test_a_link_to_a_missing_document_is_an_error_at_its_line(tmp_path, cli):
    root = linking_group(tmp_path / "group", "见[通知](/bm/jyj/qtxx/n9.md)，[别处](/bm/sjj/qtxx/n1.md)。")
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert ("bm/fgw/content/qtxx/n1.md:8: 错误：链接的文档 /bm/jyj/qtxx/n9.md 不存在：站群成员 bm/jyj 的 content/ 中"
            "没有 qtxx/n9.md") in run.err
    assert ("bm/fgw/content/qtxx/n1.md:8: 错误：链接“/bm/sjj/qtxx/n1.md”是绝对路径，请写成相对于本文件的路径；"
            "链接站群其他成员的文档请写 /成员路径/内容路径.md") in run.err
    alone = cli("check", "--site", root / "bm/fgw")
    assert alone.code == 1 and "content/qtxx/n1.md:8: 错误：链接的文档 /bm/jyj/qtxx/n9.md 不存在" in alone.err


def test_a_target_its_member_stops_publishing_fails_the_group_though_the_linking_member_is_unchanged(tmp_path, cli):
    root = linking_group(tmp_path / "group")
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    target = root / "bm/jyj/content/qtxx/n1.md"
    published = target.read_text(encoding="utf-8")
    target.write_text(published.replace("topic: 综合政务\n", "topic: 综合政务\ndraft: true\n"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert ("bm/fgw/content/qtxx/n1.md:8: 错误：链接的文档 /bm/jyj/qtxx/n1.md 不是站群成员 bm/jyj 发布的主动公开文档"
            "（草稿、未到发布日期、不予公开或有错误的文档不能链接）") in run.err
    assert "有错误的成员：bm/fgw" in run.err
    assert read_tree(root / "public") == before  # the group online stays as it was
    target.write_text(published, encoding="utf-8")
    assert cli("build", "--site", root).code == 0


def test_the_group_report_counts_a_dead_link_across_members_for_the_linking_member(tmp_path, cli):
    root = linking_group(tmp_path / "group")
    target = root / "bm/jyj/content/qtxx/n1.md"
    target.write_text(target.read_text(encoding="utf-8").replace("date: 2024-03-05", "date: 2027-03-05"),
                      encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 1
    rows = {row["site_dir"]: row for row in json.loads((root / ".gongkai-report/report.json").read_text())["sites"]}
    assert [(f["kind"], f["path"], f["line"]) for f in rows["bm/fgw"]["findings"] if f["kind"] == "dead-link"] == [
        ("dead-link", "bm/fgw/content/qtxx/n1.md", 8)]
    assert "dead-link" in rows["bm/fgw"]["failing"] and "dead-link" not in rows["bm/jyj"]["failing"]
