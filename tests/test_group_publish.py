"""Publishing a group: the previous tree, kept beside the output, is brought up to date and swapped in, so
an edit in one member links that member's files again and writes the group pages that changed, not the
whole tree; what is published always equals a clean build of the group."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, site_tree
from gongkai.group.build import build_group
from gongkai.incremental.write import members_folder
from gongkai.group.executor import LocalExecutor
from gongkai.incremental import write
from test_group import GROUP_YAML, make_group, notice, tree

#: a build of the group at `sys.argv[1]` into `sys.argv[2]`, killed (SIGKILL) as soon as the publish's
#: function `sys.argv[4]` returns: replace_file writes a group page into the tree being brought up to
#: date, swap_in puts that tree in place of the output
KILLED_WHILE_PUBLISHING = """
import datetime as dt, os, signal, sys
from pathlib import Path
from gongkai.group import publish
from gongkai.group.build import build_group
from gongkai.group.executor import LocalExecutor

real = getattr(publish, sys.argv[4])

def done_then_killed(*args, **kwargs):
    real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

setattr(publish, sys.argv[4], done_then_killed)
build_group(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[3]), Path(sys.argv[2]), executor=LocalExecutor(1))
"""


@pytest.fixture
def group(tmp_path) -> Path:
    return make_group(tmp_path / "group")


def build(group: Path, out: Path, search: bool = True) -> None:
    assert build_group(group, dt.date.fromisoformat(AS_OF), out, search, executor=LocalExecutor(1)).written


def clean_build(group: Path, out: Path, search: bool = True) -> dict[str, object]:
    """The group built from nothing into `out` (its own members folder beside it), as readers meet it."""
    build(group, out, search)
    return site_tree(out)


def links(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and status-change time: making or removing a hard link to a file changes the latter."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_ctime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_edit_links_again_only_the_edited_members_files(group, tmp_path):
    out = group / "public"
    build(group, out)
    unchanged, edited = links(out / "bm/jyj"), links(out / "bm/fgw")
    (group / "bm/fgw/content/qtxx/n1.md").write_text(notice("bm/fgw", 1, "改过标题的通知"), encoding="utf-8")
    build(group, out)
    assert links(out / "bm/jyj") == unchanged  # not one link made or removed: the same files, untouched
    assert links(out / "bm/jyj") == links(members_folder(out) / "bm/jyj")
    now = links(out / "bm/fgw")
    assert now["qtxx/n1.html"][0] != edited["qtxx/n1.html"][0]
    assert {path: ino for path, (ino, _) in now.items()} == \
        {path: ino for path, (ino, _) in links(members_folder(out) / "bm/fgw").items()}
    assert "改过标题的通知" in (out / "gkml/index.html").read_text(encoding="utf-8")
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_edits_in_turn_publish_what_a_clean_build_does(group, tmp_path):
    """Each publish brings up to date the tree of two builds before: what changed since then is in it."""
    out = group / "public"
    build(group, out)
    for n, member in enumerate(["xzf", "bm/fgw", "xzf", "xz/cgz"]):
        (group / member / "content/qtxx/n1.md").write_text(notice(member, 1, f"第{n}次改过的通知"), encoding="utf-8")
        build(group, out)
        assert site_tree(out) == clean_build(group, tmp_path / f"clean{n}")
    (group / "bm/fgw/content/qtxx/n2.md").unlink()
    build(group, out)
    assert not (out / "bm/fgw/qtxx/n2.html").exists()
    assert site_tree(out) == clean_build(group, tmp_path / "deleted")


def test_a_member_edited_twice_in_a_row_is_linked_again_both_times(group, tmp_path):
    """A member's output swaps between two folders, and (without a search index) an edit of a body alone
    changes no entry at its top: the tree of two builds before linked this very folder, as it was then."""
    out, page = group / "public", group / "xzf/content/qtxx/n1.md"
    build(group, out, search=False)
    for n in range(2):
        page.write_text(page.read_text(encoding="utf-8") + f"第{n}次补充的一句话。\n", encoding="utf-8")
        build(group, out, search=False)
        assert f"第{n}次补充的一句话。" in (out / "xzf/qtxx/n1.html").read_text(encoding="utf-8")
    assert site_tree(out) == clean_build(group, tmp_path / "clean", search=False)


def test_a_spare_left_inconsistent_without_its_record_is_built_again(group, tmp_path):
    """A publish killed while it brought the kept tree up to date leaves that tree half-done and its record
    gone: the next publish must not take any of it for current."""
    out = group / "public"
    build(group, out)
    (group / "xzf/content/qtxx/n1.md").write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")
    build(group, out)
    spare = out.parent / f".{out.name}.spare"
    (spare / "bm/jyj/qtxx/n1.html").unlink()
    (spare / "bm/jyj/qtxx/n1.html").write_bytes(b"half-written")
    (spare / "gkml/index.html").unlink()
    (spare / "stray.html").write_bytes(b"left by a killed build")
    (members_folder(out) / "spare.json").unlink()
    (group / "xz/cgz/content/qtxx/n1.md").write_text(notice("xz/cgz", 1, "镇里的新标题"), encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def killed_build(group: Path, out: Path, after: str) -> None:
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_PUBLISHING, group, out, AS_OF, after],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def test_a_publish_killed_midway_leaves_the_old_tree_and_the_next_one_publishes_the_new(group, tmp_path):
    out, page = group / "public", group / "xzf/content/qtxx/n1.md"
    build(group, out)
    before, original = tree(out), page.read_text(encoding="utf-8")
    page.write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")
    killed_build(group, out, "replace_file")
    assert tree(out) == before
    # the group page the killed publish wrote is the old one's again: kept, it would show the edited title
    page.write_text(original, encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")
    assert "改过标题的通知" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_publish_killed_after_its_swap_is_followed_by_ones_as_good_as_clean(group, tmp_path):
    """Killed before it recorded anything: the old tree's record names a folder no longer published, and
    the tree that is (the spare after the next swap) must not be taken for the one it describes."""
    out, page = group / "public", group / "xzf/content/qtxx/n1.md"
    build(group, out)
    original = page.read_text(encoding="utf-8")
    page.write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")
    killed_build(group, out, "swap_in")
    assert "改过标题的通知" in (out / "index.html").read_text(encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "edited")
    page.write_text(original, encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_a_member_taken_out_of_group_yaml_leaves_the_published_tree(group, tmp_path):
    out = group / "public"
    build(group, out)
    town = GROUP_YAML.index("  - path: xz/cgz\n")
    (group / "group.yaml").write_text(GROUP_YAML[:town], encoding="utf-8")
    build(group, out)
    assert not (out / "xz").exists()
    (group / "xzf/content/qtxx/n1.md").write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")
    build(group, out)  # into the tree of two builds before, which still held the member
    assert not (out / "xz").exists()
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_a_member_taken_out_of_group_yaml_leaves_nothing_in_the_members_folder(group, tmp_path):
    """Its output, cache and listing are its documents as last built: once the group is published without
    it, they go (its content stays); put back, it builds again from its content."""
    out = group / "public"
    build(group, out)
    kept = members_folder(out)
    assert (kept / "xz/cgz/index.html").is_file() and (kept / ".listings/xz/cgz.pickle").is_file()
    town = GROUP_YAML.index("  - path: xz/cgz\n")
    (group / "group.yaml").write_text(GROUP_YAML[:town], encoding="utf-8")
    (group / "bm/fgw/content/qtxx/n9.md").write_text(notice("bm/fgw", 9, "一个失败的成员", "2024-02-30"),
                                                     encoding="utf-8")
    assert not build_group(group, dt.date.fromisoformat(AS_OF), out, executor=LocalExecutor(1)).written
    assert (kept / "xz/cgz/index.html").is_file()  # nothing forgotten while the published group still has it
    (group / "bm/fgw/content/qtxx/n9.md").unlink()
    build(group, out)
    assert not (kept / "xz").exists() and not (kept / ".listings/xz").exists()
    assert sorted(p.name for p in (kept / "bm").iterdir()) == [".gongkai-cache-fgw", ".gongkai-cache-jyj", "fgw", "jyj"]
    assert (group / "xz/cgz/content/qtxx/n1.md").is_file()
    (group / "group.yaml").write_text(GROUP_YAML, encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


def test_without_folder_exchange_every_publish_stages_a_whole_tree(group, tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_LIBC", None)
    out = group / "public"
    build(group, out)
    (group / "bm/fgw/content/qtxx/n1.md").write_text(notice("bm/fgw", 1, "改过标题的通知"), encoding="utf-8")
    build(group, out)
    assert site_tree(out) == clean_build(group, tmp_path / "clean")
    assert sorted(p.name for p in group.glob(".public.*")) == [".public.members"]


def test_the_groups_own_template_edited_between_builds_is_the_one_rendered(group, tmp_path):
    """The group's templates are kept compiled between builds: an edited one is compiled again."""
    home = (ROOT / "templates/group/home.html").read_text(encoding="utf-8")
    own = group / "templates/group/home.html"
    own.parent.mkdir(parents=True)
    own.write_text(home.replace("最新公开", "最近公开的信息"), encoding="utf-8")
    out = group / "public"
    build(group, out)
    assert "最近公开的信息" in (out / "index.html").read_text(encoding="utf-8")
    own.write_text(home.replace("最新公开", "本周公开"), encoding="utf-8")
    build(group, out)
    shown = (out / "index.html").read_text(encoding="utf-8")
    assert "本周公开" in shown and "最近公开的信息" not in shown
    assert site_tree(out) == clean_build(group, tmp_path / "clean")


@pytest.mark.parametrize("line, message", [("{{ no_such_var }}", "模板运行错误：变量 no_such_var 没有定义"),
                                           ("{{ site.info.no_such }}", "模板运行错误：SiteInfo 没有 no_such")])
def test_an_undefined_name_in_a_group_template_is_an_error_at_its_line(group, cli, line, message):
    """As in a site's templates: not printed as nothing, and the published group stays as it was."""
    assert cli("build", "--site", group).code == 0
    before = site_tree(group / "public")
    own = group / "templates/group/home.html"
    own.parent.mkdir(parents=True)
    own.write_text((ROOT / "templates/group/home.html").read_text(encoding="utf-8").replace("<h1>", f"<h1>{line}", 1),
                   encoding="utf-8")
    run = cli("build", "--site", group)
    assert run.code == 1 and "Traceback" not in run.err
    assert f"templates/group/home.html:3: 错误：{message}（请检查拼写，或先用 “is defined” 判断）（渲染 index.html 时）" \
        in run.err, run.err
    assert site_tree(group / "public") == before
