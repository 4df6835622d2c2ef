"""A document type from an installed package: one module, one template, one entry point.

Nothing is installed: a fake distribution's metadata on sys.path declares the entry point, as
`pip install` of a package with `[project.entry-points."gongkai.doctypes"]` would."""
from __future__ import annotations

import re
import sys
import textwrap

import pytest

from conftest import AS_OF, BASE_CONFIG, doc, incremental_and_clean, normative
from gongkai import doctypes
from gongkai.engine.config import load_config
from gongkai.engine.doctype import DocType, Types
from gongkai.engine.fields import Field
from gongkai.engine.relations import Relation
from test_snapshot import NEXT_DAY, same_as_clean

PLUGIN = '''
from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.relations import Relation

def basis_in_force(site, report):
    """A rule made from date-derived values as a site-wide check (not check_dated): the site is made from them."""
    for notice in site.of_type("notice"):
        if notice.basis_doc is not None and notice.basis_doc.validity != "有效":
            report.warning(notice.source, notice.line("basis"), "依据文件已不再有效：请核对通知是否仍然适用")


TYPE = DocType("notice", "通知公告", column={"path": "tzgg", "name": "通知公告", "description": "通知和公告"},
               required=("deadline",),
               fields=(Field("deadline", "截止日期", "date", "截止日期"), Field("basis", "依据文件", "ref", "依据文件")),
               relations=(Relation("basis", "basis_doc", "notices", heading="依据文件", back_heading="相关通知", single=True,
                                   accepts=lambda doctype: doctype.name == "normative"),),
               check_site=basis_in_force, template="types/notice.html")
'''

CONFIG = BASE_CONFIG + """\
  - path: tzgg
    name: 通知公告
    type: notice
"""


@pytest.fixture
def notice_installed(tmp_path, monkeypatch):
    """The `notice` type of a package `gongkai-notice`, found through its entry point only."""
    folder = tmp_path / "installed"
    (folder / "gongkai_notice-1.0.dist-info").mkdir(parents=True)
    (folder / "gongkai_notice.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (folder / "gongkai_notice-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: gongkai-notice\nVersion: 1.0\n", encoding="utf-8")
    (folder / "gongkai_notice-1.0.dist-info" / "entry_points.txt").write_text(
        "[gongkai.doctypes]\nnotice = gongkai_notice:TYPE\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    doctypes.registry.cache_clear()
    yield
    doctypes.registry.cache_clear()


def test_a_type_from_an_entry_point_builds_its_pages(notice_installed, site, cli):
    assert "notice" in doctypes.registry()
    root = site({
        "content/tzgg/baoming.md": doc("关于报名的通知", 1, 截止日期="2024-04-01"),
        "templates/types/notice.html": '<p class="deadline">报名截止：{{ doc.deadline }}</p>\n',
    }, CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    page = (root / "public" / "tzgg" / "baoming.html").read_text(encoding="utf-8")
    assert '<p class="deadline">报名截止：2024-04-01</p>' in page
    assert "关于报名的通知" in (root / "public" / "tzgg" / "index.html").read_text(encoding="utf-8")


def test_a_type_from_an_entry_point_has_its_rules(notice_installed, site, cli):
    root = site({"content/tzgg/baoming.md": doc("关于报名的通知", 1)}, CONFIG)
    run = cli("check", "--site", root)
    assert run.code == 1
    assert "content/tzgg/baoming.md:1: 错误：缺少截止日期（deadline）（通知公告类文档必填）" in run.problems


def test_a_type_from_an_entry_point_has_its_column_in_the_standard_tree(notice_installed, site):
    root = site({}, BASE_CONFIG.split("columns:")[0])
    config, _ = load_config(root, doctypes.registry())
    paths = [column.path for column in config.columns]
    assert paths[-2:] == ["tzgg", "lszt"]  # before the archive of closed columns
    assert config.columns[-2].type == "notice" and config.columns[-2].name == "通知公告"


def test_without_the_package_the_type_is_unknown(site, cli):
    doctypes.registry.cache_clear()
    root = site({"content/tzgg/baoming.md": doc("关于报名的通知", 1)}, CONFIG)
    run = cli("check", "--site", root)
    assert run.code == 2
    assert any("columns[].type" in line and "notice" in line for line in run.err.splitlines())


def test_a_relation_a_type_from_an_entry_point_declares_is_shown_both_ways_and_followed(notice_installed, site, cli,
                                                                                        tmp_path):
    """The notice names the policy it follows (依据文件); the policy's page lists the notice (相关通知); when
    the policy's title changes, the notice's page shows the new one, as a clean build does."""
    root = site({
        "content/gfxwj/a.md": normative("甲办法", 1),
        "content/tzgg/baoming.md": doc("关于报名的通知", 2, 截止日期="2024-04-01", 依据文件="gfxwj/a"),
        "templates/types/notice.html": '<p class="deadline">报名截止：{{ doc.deadline }}</p>\n',
    }, CONFIG)

    def retitle(changed):
        (changed / "content/gfxwj/a.md").write_text(normative("甲办法（修订）", 1), encoding="utf-8")

    incremental, clean = incremental_and_clean(root, retitle, cli, tmp_path / "clean")
    notice, policy = clean["tzgg/baoming.html"].decode(), clean["gfxwj/a.html"].decode()
    assert re.search(r'<h3>依据文件</h3>\s*<ul class="doc-list">\s*<li>\s*<a href="../gfxwj/a.html">甲办法（修订）</a>', notice)
    assert re.search(r'<h3>相关通知</h3>\s*<ul class="doc-list">\s*<li>\s*<a href="../tzgg/baoming.html">关于报名的通知</a>',
                     policy)
    assert incremental == clean


def test_a_site_made_from_a_documents_validity_is_made_anew_the_day_it_changes(notice_installed, site, cli, tmp_path,
                                                                              assembled):
    """The package's site-wide check reads whether the notice's 依据文件 is in force: the site is made from
    that value (engine/reads.py), so on the day it expires the build makes the site again and warns, as a
    clean build does; a site not made from it takes it up (test_snapshot)."""
    root = site({
        "content/gfxwj/a.md": normative("甲办法", 1, expires=AS_OF),
        "content/tzgg/baoming.md": doc("关于报名的通知", 2, 截止日期="2024-04-01", 依据文件="gfxwj/a"),
        "templates/types/notice.html": '<p class="deadline">报名截止：{{ doc.deadline }}</p>\n',
    }, CONFIG)
    first = cli("build", "--site", root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and len(assembled) == 2
    assert set(run.problems) - set(first.problems) == {"content/tzgg/baoming.md:7: 警告：依据文件已不再有效：请核对通知是否仍然适用"}
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


def test_a_relation_of_a_type_from_an_entry_point_refuses_what_it_does_not_accept(notice_installed, site, cli):
    root = site({
        "content/qtxx/x.md": doc("其他信息", 1),
        "content/tzgg/baoming.md": doc("关于报名的通知", 2, 截止日期="2024-04-01", 依据文件="qtxx/x"),
    }, CONFIG)
    run = cli("check", "--site", root)
    assert run.code == 1
    assert ("content/tzgg/baoming.md:7: 错误：依据文件（basis）：“qtxx/x”是信息，不能写在这里；"
            "请写所指文档的索引号或它在 content/ 中的路径（不带 .md）") in run.problems


@pytest.mark.parametrize("relation, refused", [
    (Relation("basis", "title"), "title is a front-matter key"),  # doc.title would no longer be the title
    (Relation("basis", "column"), "column is a front-matter key or a document's own attribute"),
    (Relation("basis", "interprets_doc"), "interprets_doc declared both as one document and as a list"),
    (Relation("follows", "follows_doc", single=True), "relations of keys no type declares: follows"),
])
def test_a_package_relation_that_would_shadow_a_name_is_refused_when_the_types_are_made(relation, refused):
    own = DocType("notice", "通知公告", fields=(Field("basis", "依据文件", "refs", "依据文件"),), relations=(relation,))
    with pytest.raises(ValueError, match=refused):
        Types(doctypes.BUILT_IN + (own,), doctypes.PAGE)


@pytest.mark.parametrize("module, told", [
    (PLUGIN.replace('Field("deadline", "截止日期"', 'Field("title", "截止日期"').replace('"deadline"', '"title"'),
     "已安装的文档类型扩展（notice）与其他文档类型冲突：front-matter keys declared twice: title"),
    ("import gongkai_missing_dependency\n", "无法载入已安装的文档类型扩展 notice（gongkai_notice:TYPE）："
                                            "No module named 'gongkai_missing_dependency'"),
], ids=["clash", "broken"])
def test_a_package_type_that_cannot_be_used_stops_the_build_with_its_name(notice_installed, module, told, tmp_path,
                                                                          site, cli, monkeypatch):
    monkeypatch.delitem(sys.modules, "gongkai_notice", raising=False)  # imported by an earlier test
    (tmp_path / "installed/gongkai_notice.py").write_text(textwrap.dedent(module), encoding="utf-8")
    root = site({"content/qtxx/a.md": doc("信息", 1)})
    run = cli("build", "--site", root)
    sys.modules.pop("gongkai_notice", None)  # the clashing one, for no later test to import
    assert run.code == 2 and told in run.err and "Traceback" not in run.err
    assert not (root / "public").exists()
