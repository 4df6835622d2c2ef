"""Site groups (站群): group.yaml, members inheriting from it, the group's own pages, and a group build
that rebuilds only the member that changed and publishes the whole tree or nothing."""
from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, make_site
from gongkai.engine.model import Document
from gongkai.group.build import build_group, build_member
from gongkai.group.executor import LocalExecutor

GROUP_YAML = """\
name: 测试县政府信息公开平台
base_path: /
site:
  domain: www.test.gov.cn
  site_id: "3400000099"
  organization: 测试县政务公开办
  icp: 皖ICP备00000001号
defaults:
  disclosure: 主动公开
columns:
  - path: zfxxgkzn
    name: 政府信息公开指南
  - path: qtxx
    name: 其他信息
members:
  - path: xzf
    name: 测试县人民政府
    kind: 本级
    org_code: 11340000MB0000000M
  - path: bm/fgw
    name: 测试县发展和改革委员会
    kind: 部门
    org_code: 11340000MB0000100B
  - path: bm/jyj
    name: 测试县教育局
    kind: 部门
    org_code: 11340000MB00002001
  - path: xz/cgz
    name: 测试县城关镇人民政府
    kind: 乡镇（街道）
    org_code: 11340000MB0000300N
"""
CODES = {"xzf": "11340000MB0000000M", "bm/fgw": "11340000MB0000100B", "bm/jyj": "11340000MB00002001",
         "xz/cgz": "11340000MB0000300N"}
GUIDE = "---\ntitle: 政府信息公开指南\ndate: 2024-01-02\n---\n本机关的政府信息公开指南。\n"


def notice(member: str, n: int, title: str, date: str = "2024-03-05") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nindex_no: \"{CODES[member]}/{date[:4]}-{n:05d}\"\n"
            f"topic: 综合政务\n---\n{title}的正文。\n")


def make_group(root: Path, group_yaml: str = GROUP_YAML, configs: dict | None = None) -> Path:
    """A group of four members, each with a guide and `n` notices (xzf 1, bm/fgw 2, bm/jyj 1, xz/cgz 1)."""
    root.mkdir(parents=True)
    (root / "group.yaml").write_text(group_yaml, encoding="utf-8")
    counts = {"xzf": 1, "bm/fgw": 2, "bm/jyj": 1, "xz/cgz": 1}
    for member, count in counts.items():
        files = {"content/zfxxgkzn/index.md": GUIDE}
        files.update({f"content/qtxx/n{n}.md": notice(member, n, f"{member}的第{n}号通知", f"2024-0{n + 2}-05")
                      for n in range(1, count + 1)})
        make_site(root / member, files, (configs or {}).get(member, "# 站群成员\n"))
    return root


@pytest.fixture
def group(tmp_path) -> Path:
    return make_group(tmp_path / "group")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_member_inherits_what_its_config_does_not_set(tmp_path, cli):
    own = "site:\n  icp: 皖ICP备99999999号\ndefaults:\n  topic: 科技、教育\n"
    root = make_group(tmp_path / "group", configs={"bm/jyj": own})
    assert cli("build", "--site", root).code == 0
    inherited = (root / "public/bm/fgw/qtxx/n1.html").read_text(encoding="utf-8")
    assert "网站标识码：3400000099" in inherited and "皖ICP备00000001号" in inherited
    assert "主办单位：测试县发展和改革委员会" in inherited  # the member itself, not the group's office
    assert '<meta name="Url" content="https://www.test.gov.cn/bm/fgw/qtxx/n1.html">' in inherited
    overridden = (root / "public/bm/jyj/qtxx/n1.html").read_text(encoding="utf-8")
    assert "皖ICP备99999999号" in overridden and "网站标识码：3400000099" in overridden


def test_a_member_builds_alone_exactly_as_inside_the_group(group, tmp_path, cli):
    assert cli("build", "--site", group).code == 0
    assert cli("build", "--site", group / "bm/fgw", "--out", tmp_path / "alone").code == 0
    assert tree(tmp_path / "alone") == tree(group / "public/bm/fgw")


def test_an_ordinary_site_shows_no_group_navigation(site, cli):
    root = site({"content/qtxx/a.md": notice("xzf", 1, "通知")})
    assert cli("build", "--site", root).code == 0
    assert "group-nav" not in (root / "public/qtxx/a.html").read_text(encoding="utf-8")


def test_every_member_page_links_to_the_group(tmp_path, cli):
    """By relative paths, as to the member's own pages: the links stay in whatever serves the tree."""
    root = make_group(tmp_path / "group", GROUP_YAML.replace("base_path: /", "base_path: /xxgk/"))
    assert cli("build", "--site", root).code == 0
    page = (root / "public/xz/cgz/qtxx/n1.html").read_text(encoding="utf-8")
    assert '<nav class="group-nav" aria-label="站群导航">' in page
    assert '<a href="../../../bmxxgk/index.html">部门信息公开</a>' in page
    assert '<a href="../index.html">测试县政府信息公开平台</a>' in (root / "public/xzf/index.html").read_text(
        encoding="utf-8")
    assert (root / "public/xz/cgz/qtxx/../../../bmxxgk/index.html").is_file()
    missing = (root / "public/bm/fgw/404.html").read_text(encoding="utf-8")  # served at any depth: absolute
    assert '<a href="/xxgk/gkml/index.html">主动公开基本目录</a>' in missing


def test_group_indexes_list_each_member_with_its_count_and_newest_date(group, cli):
    assert cli("build", "--site", group).code == 0
    departments = (group / "public/bmxxgk/index.html").read_text(encoding="utf-8")
    assert '<a href="../bm/fgw/index.html">测试县发展和改革委员会</a>' in departments
    assert '<a href="../bm/fgw/zfxxgkzn/index.html">信息公开指南</a>' in departments
    assert "<td>2 条</td>" in departments and '<time datetime="2024-04-05">' in departments
    assert "测试县教育局" in departments and "城关镇" not in departments
    towns = (group / "public/xzxxgk/index.html").read_text(encoding="utf-8")
    assert "测试县城关镇人民政府" in towns and "测试县教育局" not in towns


def test_group_directory_filters_by_member_and_its_catalog_has_every_member(group, cli):
    assert cli("build", "--site", group).code == 0
    directory = (group / "public/gkml/index.html").read_text(encoding="utf-8")
    assert '<label for="f-member">发布机构</label>' in directory
    for name in ("测试县人民政府", "测试县发展和改革委员会", "测试县教育局", "测试县城关镇人民政府"):
        assert f"<option>{name}</option>" in directory
    assert '<a href="../bm/fgw/qtxx/n2.html">bm/fgw的第2号通知</a>' in directory
    rows = json.loads((group / "public/catalog.json").read_text(encoding="utf-8"))
    assert sorted((r["member"], r["url"]) for r in rows) == sorted([
        ("测试县人民政府", "xzf/qtxx/n1.html"), ("测试县城关镇人民政府", "xz/cgz/qtxx/n1.html"),
        ("测试县发展和改革委员会", "bm/fgw/qtxx/n1.html"), ("测试县发展和改革委员会", "bm/fgw/qtxx/n2.html"),
        ("测试县教育局", "bm/jyj/qtxx/n1.html")])
    feed = (group / "public/feeds/all.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 5 and '<category term="bm/fgw" label="测试县发展和改革委员会"/>' in feed
    robots = (group / "public/robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://www.test.gov.cn/sitemap.xml\n" in robots
    assert "Sitemap: https://www.test.gov.cn/xz/cgz/sitemap.xml\n" in robots


def test_editing_one_member_rebuilds_that_member_and_the_group_pages_only(group):
    out, as_of = group / "public", dt.date.fromisoformat(AS_OF)
    first = build_group(group, as_of, out, executor=LocalExecutor(1))
    assert first.written and all(m.rendered for m in first.members)
    (group / "bm/fgw/content/qtxx/n1.md").write_text(notice("bm/fgw", 1, "改过标题的通知"), encoding="utf-8")
    second = build_group(group, as_of, out, executor=LocalExecutor(1))
    assert second.written
    assert {m.path: bool(m.rendered) for m in second.members} == {
        "xzf": False, "bm/fgw": True, "bm/jyj": False, "xz/cgz": False}
    assert "改过标题的通知" in (out / "gkml/index.html").read_text(encoding="utf-8")


def test_a_failing_member_leaves_the_published_group_as_it_was(group, cli):
    assert cli("build", "--site", group).code == 0
    before = tree(group / "public")
    (group / "bm/jyj/content/qtxx/n1.md").write_text("---\ntitle: 通知\ndate: 2024-13-45\n---\n正文\n", encoding="utf-8")
    (group / "xzf/content/qtxx/n2.md").write_text(notice("xzf", 2, "新通知"), encoding="utf-8")
    run = cli("build", "--site", group)
    assert run.code == 1
    assert any(p.startswith("bm/jyj/content/qtxx/n1.md:3: 错误：") for p in run.problems), run.err
    assert "有错误的成员：bm/jyj" in run.err
    assert tree(group / "public") == before
    (group / "bm/jyj/content/qtxx/n1.md").write_text(notice("bm/jyj", 1, "改好的通知"), encoding="utf-8")
    assert cli("build", "--site", group).code == 0
    assert "新通知" in (group / "public/xzf/qtxx/n2.html").read_text(encoding="utf-8")
    assert "改好的通知" in (group / "public/gkml/index.html").read_text(encoding="utf-8")


def test_a_group_with_nothing_changed_is_not_published_again(group, cli):
    assert cli("build", "--site", group).code == 0
    published = (group / "public").stat().st_ino
    assert cli("build", "--site", group).code == 0
    assert (group / "public").stat().st_ino == published
    (group / "xz/cgz/content/qtxx/n1.md").write_text(notice("xz/cgz", 1, "镇里的新标题"), encoding="utf-8")
    assert cli("build", "--site", group).code == 0
    assert "镇里的新标题" in (group / "public/gkml/index.html").read_text(encoding="utf-8")


def test_group_yaml_problems_are_reported_together_with_their_lines(group, cli):
    broken = GROUP_YAML.replace("name: 测试县政府信息公开平台\n", "name: 测试县政府信息公开平台\ntheme_colour: red\n")
    broken = broken.replace("    kind: 乡镇（街道）\n", "    kind: 街道\n").replace("base_path: /\n", "base_path: [1]\n")
    (group / "group.yaml").write_text(broken, encoding="utf-8")
    run = cli("build", "--site", group)
    assert run.code == 2
    assert "group.yaml:2: 警告：未知的配置项“theme_colour”" in run.err
    assert "group.yaml:3: 错误：配置项“base_path”应为文字" in run.err
    assert any(p.startswith("group.yaml:") and "members[].kind" in p and "街道" in p for p in run.problems), run.err
    assert not (group / "public").exists()


def test_a_member_without_its_folder_is_named(group, cli):
    (group / "group.yaml").write_text(GROUP_YAML + "  - path: bm/sjj\n    name: 测试县审计局\n    kind: 部门\n"
                                      "    org_code: 11340000MB0000400C\n", encoding="utf-8")
    run = cli("check", "--site", group)
    assert run.code == 2
    assert "group.yaml:32: 错误：成员“测试县审计局”的文件夹 bm/sjj/ 中没有 config.yaml" in run.err


def test_check_reports_member_problems_with_the_member_path(group, cli):
    (group / "bm/fgw/content/qtxx/n1.md").write_text("---\ntitle: 通知\ndate: 2024-03-05\n---\n正文\n", encoding="utf-8")
    run = cli("check", "--site", group)
    assert run.code == 1
    assert any(p.startswith("bm/fgw/content/qtxx/n1.md:") and "索引号" in p for p in run.problems), run.err


@pytest.mark.parametrize("as_of", [AS_OF, "2031-06-30"])
def test_the_sample_group_builds_clean(tmp_path, cli, as_of):
    run = cli("build", "--site", ROOT / "examples/group", "--out", tmp_path / "public", "--as-of", as_of)
    assert run.code == 0, run.err
    assert "0 个错误，0 个警告" in run.out and run.problems == []
    assert (tmp_path / "public/bm/fgw/index.html").is_file() and (tmp_path / "public/xzxxgk/index.html").is_file()


def test_check_as_json_names_the_member_in_each_path(group, cli):
    (group / "xz/cgz/content/qtxx/n1.md").write_text("---\ntitle: 通知\ndate: 2024-03-05\n---\n正文\n", encoding="utf-8")
    run = cli("check", "--site", group, "--format", "json")
    assert run.code == 1
    assert {p["path"] for p in json.loads(run.out) if p["severity"] == "error"} == {"xz/cgz/content/qtxx/n1.md"}


def test_a_blank_inherited_column_is_reported_at_its_group_yaml_line(group, cli):
    (group / "xz/cgz/content/qtxx/n1.md").unlink()
    run = cli("check", "--site", group)
    assert "group.yaml:13: 警告：成员 xz/cgz：栏目“其他信息”（qtxx）是空白栏目：没有任何已发布的文档" in run.err, run.err


def test_a_member_build_leaves_none_of_its_documents_behind(group, tmp_path):
    """A worker process builds member after member: what one member's build made is freed before the next
    begins, not left to a full collection that may never come (its documents and columns hold each
    other, which only a collection frees). Left behind, they took a worker to 530 MiB at 56 members."""
    def documents() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, Document))

    gc.collect()
    before = documents()
    done = build_member(group, "bm/fgw", dt.date.fromisoformat(AS_OF), tmp_path / "out")
    assert done.written and done.documents == 2
    assert documents() == before


OWN_COLUMNS = "columns:\n  - path: zfxxgkzn\n    name: 政府信息公开指南\n  - path: qtxx\n    name: 其他信息\n"


def test_a_document_in_a_column_group_yaml_keeps_closed_is_told_group_yaml_s_line(tmp_path, cli):
    """The member inherits its columns: the line to delete is group.yaml's, not a line of its config.yaml."""
    closed = GROUP_YAML.replace("    name: 其他信息\n", "    name: 其他信息\n    open: false\n")
    root = make_group(tmp_path / "group", closed, configs={"bm/jyj": OWN_COLUMNS})
    line = closed.splitlines().index("    open: false") + 1
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"删去 group.yaml 第 {line} 行的“open: false”" in run.err
    assert "config.yaml 第" not in run.err and "bm/jyj" not in run.err.splitlines()[-2]  # its own columns are open
    assert not (root / "public").exists()
    alone = cli("build", "--site", root / "xzf", "--out", tmp_path / "alone")
    assert alone.code == 1 and f"删去 group.yaml 第 {line} 行的“open: false”" in alone.err
