"""The group's pages from its members' catalog.json as kept between builds (group/listings.py): what the
group shows of a member, and what it checks links to that member against, is what the member's
catalog.json holds now, exactly as a clean build shows it."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import AS_OF, site_tree
from gongkai.group.build import build_group
from gongkai.group.executor import LocalExecutor
from gongkai.group.listings import FOLDER
from gongkai.incremental.write import members_folder
from test_group import GROUP_YAML, make_group, notice
from test_group_publish import build, clean_build


@pytest.fixture
def group(tmp_path) -> Path:
    return make_group(tmp_path / "group")


def rows(out: Path) -> list[dict]:
    return json.loads((out / "catalog.json").read_text(encoding="utf-8"))


def test_an_edited_row_is_in_the_catalog_and_the_directory_as_a_clean_build_shows_it(group, tmp_path):
    """Every member's first notice has the same date: the edited one keeps its place among them."""
    out = group / "public"
    build(group, out)
    (group / "bm/jyj/content/qtxx/n1.md").write_text(notice("bm/jyj", 1, "教育局改过标题的通知"), encoding="utf-8")
    build(group, out)
    edited = [r for r in rows(out) if r["url"] == "bm/jyj/qtxx/n1.html"]
    assert [(r["title"], r["member"], r["member_path"]) for r in edited] == [("教育局改过标题的通知", "测试县教育局", "bm/jyj")]
    assert [r["member_path"] for r in rows(out) if r["date"] == "2024-03-05"] == ["xzf", "bm/fgw", "bm/jyj", "xz/cgz"]
    directory = (out / "gkml/index.html").read_text(encoding="utf-8")
    assert "教育局改过标题的通知" in directory and "bm/jyj的第1号通知" not in directory
    clean = clean_build(group, tmp_path / "clean")
    assert site_tree(out)["catalog.json"] == clean["catalog.json"]
    assert site_tree(out)["gkml/index.html"] == clean["gkml/index.html"]
    assert site_tree(out) == clean


def test_a_member_rebuilt_while_the_group_was_not_published_shows_its_new_rows(group, tmp_path):
    """A group build that fails leaves the members that did build with their new output: the next build
    finds them unchanged, and must show what their catalog.json now holds, not what the group last showed."""
    out = group / "public"
    build(group, out)
    (group / "bm/jyj/content/qtxx/n1.md").write_text(notice("bm/jyj", 1, "教育局的新标题"), encoding="utf-8")
    broken = group / "xz/cgz/content/qtxx/n1.md"
    original = broken.read_text(encoding="utf-8")
    broken.write_text("---\ntitle: 没有日期的通知\n---\n正文。\n", encoding="utf-8")
    failed = build_group(group, dt.date.fromisoformat(AS_OF), out, executor=LocalExecutor(1))
    assert not failed.written and "教育局的新标题" not in (out / "catalog.json").read_text(encoding="utf-8")
    broken.write_text(original, encoding="utf-8")
    again = build_group(group, dt.date.fromisoformat(AS_OF), out, executor=LocalExecutor(1))
    assert again.written and not next(m for m in again.members if m.path == "bm/jyj").rendered  # found unchanged
    assert "教育局的新标题" in [r["title"] for r in rows(out)]
    assert "教育局的新标题" in (out / "gkml/index.html").read_text(encoding="utf-8")
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_a_member_renamed_in_group_yaml_is_the_publisher_of_its_rows(group, tmp_path):
    """Its documents name their issuer: the member's own catalog.json is the same before and after."""
    for page in (group / "bm/jyj/content/qtxx").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("topic:", "issuer: 测试县教育局\ntopic:"),
                        encoding="utf-8")
    out = group / "public"
    build(group, out)
    own = (members_folder(out) / "bm/jyj/catalog.json").read_bytes()
    (group / "group.yaml").write_text(GROUP_YAML.replace("测试县教育局", "测试县教育和体育局"), encoding="utf-8")
    build(group, out)
    assert (members_folder(out) / "bm/jyj/catalog.json").read_bytes() == own
    assert {r["member"] for r in rows(out) if r["member_path"] == "bm/jyj"} == {"测试县教育和体育局"}
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_a_damaged_kept_listing_is_made_again(group, tmp_path):
    out = group / "public"
    build(group, out)
    kept = members_folder(out) / FOLDER / "bm/jyj.pickle"
    assert kept.is_file()
    kept.write_bytes(b"not a listing")
    (group / "xzf/content/qtxx/n1.md").write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_a_link_to_an_unchanged_member_is_checked_against_what_it_publishes(tmp_path, cli):
    """The linking member is rebuilt, the members it links to are not: their documents come from their catalogs."""
    root = make_group(tmp_path / "group")
    target = root / "bm/jyj/content/qtxx/n1.md"
    target.write_text(target.read_text(encoding="utf-8").replace("topic: 综合政务\n", "topic: 综合政务\ndraft: true\n"),
                      encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    page = root / "bm/fgw/content/qtxx/n1.md"
    page.write_text(notice("bm/fgw", 1, "发改委的通知") + "另见[教育局的通知](/bm/jyj/qtxx/n1.md)。\n", encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert "bm/fgw/content/qtxx/n1.md:8: 错误：链接的文档 /bm/jyj/qtxx/n1.md 不是站群成员 bm/jyj 发布的主动公开文档" in run.err
    page.write_text(notice("bm/fgw", 1, "发改委的通知") + "另见[县政府的通知](/xzf/qtxx/n1.md)。\n", encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert '<a href="../../../xzf/qtxx/n1.html">县政府的通知</a>' in (root / "public/bm/fgw/qtxx/n1.html").read_text(
        encoding="utf-8")
