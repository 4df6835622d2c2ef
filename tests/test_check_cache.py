"""`check` reads the cache of the site's own build (the one beside `public/`): a document that build read
and a page it rendered, from inputs unchanged since, stand for what the check would read and render again.
What it reports is what a check without that cache reports, and it writes nothing the build wrote."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import AS_OF, read_tree
from gongkai import pipeline
from gongkai.group.build import build_group
from gongkai.incremental.cache import BuildCache
from test_group import make_group
from test_incremental import CHANGES, FILES, edit

CACHE = ".gongkai-cache-public"
#: the build's own files of record: a check must leave them as the build wrote them
RECORDS = ("cache.pickle", "unchanged.json", "site.pickle", "site-keys.json")
EDITS = {
    **CHANGES,
    "a dead link": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文。见[丙](c.md)。"),
    "a link to a heading that is not there": lambda r: edit(r, "content/gfxwj/a.md", "(../qtxx/b.md)", "(../qtxx/b.md#无此节)"),
    "personal information": lambda r: edit(r, "content/qtxx/b.md", "正文。", "联系电话 13812345678。"),
    "an unknown topic": lambda r: edit(r, "content/qtxx/b.md", "topic: 综合政务", "topic: 不存在的主题"),
}


def check_without_the_cache(root, cli, tmp_path, *options):
    """`check` of a copy of the site (or group) without its output and caches."""
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    return cli("check", "--site", clean, *options)


@pytest.mark.parametrize("change", list(EDITS))
def test_a_check_after_a_build_reports_what_a_check_without_it_reports(change, site, cli, tmp_path):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    EDITS[change](root)
    run = cli("check", "--site", root)
    again = check_without_the_cache(root, cli, tmp_path)
    assert (run.code, run.err) == (again.code, again.err)


def test_a_check_after_a_build_renders_nothing_and_writes_nothing_the_build_wrote(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    published = read_tree(root / "public")
    records = {name: (root / CACHE / name).read_bytes() for name in RECORDS}
    result = pipeline.run(root, dt.date.fromisoformat(AS_OF), None, cache_dir=root / CACHE)
    assert result.pages > 0 and result.rendered == 0 and result.reused == result.pages
    edit(root, "content/qtxx/b.md", "正文。", "正文改了。")
    assert cli("check", "--site", root).code == 0
    assert read_tree(root / "public") == published
    assert {name: (root / CACHE / name).read_bytes() for name in RECORDS} == records


#: edits of one member each, by the member they are made in
GROUP_EDITS = {
    "a member's notice retitled": ("bm/fgw", lambda g: edit(g, "bm/fgw/content/qtxx/n1.md", "第1号通知", "第1号通知（改）")),
    "a dead link in a member": ("xz/cgz", lambda g: edit(g, "xz/cgz/content/qtxx/n1.md", "的正文。", "的正文。见[丙](c.md)。")),
    "a notice without its 索引号": ("bm/jyj", lambda g: edit(g, "bm/jyj/content/qtxx/n1.md", "index_no", "note")),
}


@pytest.mark.parametrize("change", list(GROUP_EDITS))
def test_a_group_check_after_a_group_build_reports_what_a_check_without_it_reports(change, tmp_path, cli,
                                                                                    monkeypatch):
    """A group's check reads each member's cache of the group's own build, as a site's check reads its build's:
    the members nothing changed in render nothing."""
    group = make_group(tmp_path / "group")
    assert cli("build", "--site", group).code == 0
    member, change_it = GROUP_EDITS[change]
    change_it(group)
    found, real = [], BuildCache.left_beside
    monkeypatch.setattr(BuildCache, "left_beside", lambda out: found.append(real(out)) or found[-1])
    run = cli("check", "--site", group)
    assert len(found) == 4 and None not in found  # each member's, found before the members are checked
    monkeypatch.undo()
    again = check_without_the_cache(group, cli, tmp_path)
    assert (run.code, run.err) == (again.code, again.err)
    checked = build_group(group, dt.date.fromisoformat(AS_OF), None, read_caches=True)
    others = [m for m in checked.members if m.path != member]
    assert len(others) == 3 and all(m.rendered == 0 and m.reused == m.pages > 0 for m in others), others


def test_a_group_report_after_a_group_build_reads_each_members_cache_and_reports_what_one_without_reports(
        tmp_path, cli, monkeypatch):
    group = make_group(tmp_path / "group")
    assert cli("build", "--site", group).code == 0
    edit(group, "bm/fgw/content/qtxx/n1.md", "第1号通知", "第1号通知（改）")
    found, real = [], BuildCache.left_beside
    monkeypatch.setattr(BuildCache, "left_beside", lambda out: found.append(real(out)) or found[-1])
    run = cli("check", "--site", group, "--report", tmp_path / "report")
    assert len(found) == 4 and None not in found
    monkeypatch.undo()
    again = check_without_the_cache(group, cli, tmp_path, "--report", tmp_path / "again")
    assert run.code == again.code and run.err.split("\n", 1)[1] == again.err.split("\n", 1)[1]  # after where it wrote
    assert read_tree(tmp_path / "report") == read_tree(tmp_path / "again")
