"""A disk that fills, a file system that turns read-only, a quota, a folder the tool may not write, while a group is
published, a release deployed or an inspection report written: one error naming the path (status 2), never a
traceback, and what was online before (or the earlier report) stays as it was. The file system's refusal is
simulated, as in test_names_and_disks.py: the tests run as root, whom permissions do not stop."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from conftest import doc, read_tree
from gongkai.group import publish
from test_deploy import current, folder_config
from test_group import make_group, notice, tree

pytestmark = pytest.mark.usefixtures("own_temp_folder")  # what a run leaves in TMPDIR is seen

CAUSES = {errno.ENOSPC: "磁盘已满", errno.EROFS: "只读文件系统", errno.EACCES: "没有写入权限", errno.EDQUOT: "超出磁盘配额"}


def refused(code: int, path: Path | None = None, dest: Path | None = None) -> OSError:
    """The error the system raises for `code`, naming the paths as it does (none: a write to an open file)."""
    return OSError(code, os.strerror(code), path and str(path), None, dest and str(dest))


def said(code: int, path: Path, kept: str) -> str:
    return f"错误：无法写入 {path}：{os.strerror(code)}（{CAUSES[code]}），{kept}"


# -- a group's publish --------------------------------------------------------------------------------------

@pytest.mark.parametrize("step, code", [("replace_file", errno.ENOSPC), ("swap_in", errno.EROFS)])
def test_a_group_publish_that_cannot_write_keeps_the_published_group(tmp_path, cli, monkeypatch, step, code):
    """replace_file writes a group page into the tree being brought up to date; swap_in puts it in place."""
    group = make_group(tmp_path / "group")
    out = group / "public"
    assert cli("build", "--site", group).code == 0
    before = tree(out)
    (group / "xzf/content/qtxx/n1.md").write_text(notice("xzf", 1, "改过标题的通知"), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise refused(code)
    monkeypatch.setattr(publish, step, refuse)
    run = cli("build", "--site", group)
    assert run.code == 2 and "Traceback" not in run.err
    assert said(code, out, "原有输出未改动") in run.err, run.err
    assert tree(out) == before
    monkeypatch.undo()
    assert cli("build", "--site", group).code == 0
    assert "改过标题的通知" in (out / "gkml/index.html").read_text(encoding="utf-8")


# -- deploy ---------------------------------------------------------------------------------------------------

def deployed_once(site, cli, tmp_path: Path, keep: int = 3) -> tuple[Path, Path, str]:
    """A site deployed once to a folder target, then edited: (site, target, the release online)."""
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("第一版")}, config=folder_config(target, keep))
    assert cli("deploy", "--site", root).code == 0
    (root / "content/qtxx/a.md").write_text(doc("第二版"), encoding="utf-8")
    return root, target, current(target)


def test_a_release_that_cannot_be_copied_whole_is_not_deployed(site, cli, tmp_path, monkeypatch):
    """The disk fills after two files of the new release: what was copied goes, the site online stays."""
    root, target, online = deployed_once(site, cli, tmp_path)
    before = read_tree(target / "releases")
    real, copied = shutil.copy2, []

    def filling(source, dest, *args, **kwargs):
        if Path(dest).is_relative_to(target):
            if len(copied) == 2:
                raise refused(errno.ENOSPC, source, dest)
            copied.append(dest)
        return real(source, dest, *args, **kwargs)
    monkeypatch.setattr(shutil, "copy2", filling)
    run = cli("deploy", "--site", root)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"错误：无法写入 {target}/releases/." in run.err and "：No space left on device（磁盘已满），未部署，线上网站未改动" \
        in run.err, run.err
    assert current(target) == online and read_tree(target / "releases") == before
    assert sorted(os.listdir(target)) == ["current", "releases"]
    monkeypatch.undo()
    assert cli("deploy", "--site", root).code == 0
    assert "第二版" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")


def test_a_current_link_that_cannot_be_switched_leaves_the_site_online(site, cli, tmp_path, monkeypatch):
    """The new release was copied whole but never went online: it goes, and so does the link made for it."""
    root, target, online = deployed_once(site, cli, tmp_path)
    before = read_tree(target / "releases")
    real = os.replace

    def read_only(source, dest, *args, **kwargs):
        if Path(dest) == target / "current":
            raise refused(errno.EROFS, source, dest)
        return real(source, dest, *args, **kwargs)
    monkeypatch.setattr(os, "replace", read_only)
    run = cli("deploy", "--site", root)
    assert run.code == 2 and "Traceback" not in run.err
    assert said(errno.EROFS, target / "current", "未部署，线上网站未改动") in run.err, run.err
    assert current(target) == online and read_tree(target / "releases") == before
    assert sorted(os.listdir(target)) == ["current", "releases"]


def test_an_old_release_that_cannot_be_removed_is_an_error_after_the_switch(site, cli, tmp_path, monkeypatch):
    """The new release is online; the message says so, and which file could not be removed."""
    root, target, online = deployed_once(site, cli, tmp_path, keep=1)
    locked = target / online / "index.html"
    real = shutil.rmtree

    def refuse(path, *args, **kwargs):
        if Path(path).is_relative_to(target / "releases") and not kwargs.get("ignore_errors"):
            raise refused(errno.EACCES, locked)
        return real(path, *args, **kwargs)
    monkeypatch.setattr(shutil, "rmtree", refuse)
    run = cli("deploy", "--site", root)
    assert run.code == 2 and "Traceback" not in run.err
    new = current(target)
    assert new != online and "第二版" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")
    assert said(errno.EACCES, locked, f"新版本 {Path(new).name} 已上线，但旧版本未能删除：请处理后再部署一次") in run.err, \
        run.err
    monkeypatch.undo()
    assert cli("deploy", "--site", root).code == 0
    assert sorted(os.listdir(target / "releases")) == [Path(current(target)).name]


# -- check --report --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_report_that_cannot_be_written_leaves_the_earlier_one(site, cli, tmp_path, monkeypatch, code):
    """report.json is written, then the page cannot be: the earlier report stays, both files of it."""
    root = site({"content/qtxx/a.md": doc()})
    folder = tmp_path / "report"
    assert cli("check", "--site", root, "--report", folder).code == 1  # this small site fails the inspection
    before = read_tree(folder)
    (root / "content/qtxx/b.md").write_text(doc("另一篇", index=2, year=2025), encoding="utf-8")
    real = Path.write_text

    def filling(self, *args, **kwargs):
        if self.parent == folder and "index.html" in self.name:
            raise refused(code)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "write_text", filling)
    run = cli("check", "--site", root, "--report", folder)
    assert run.code == 2 and "Traceback" not in run.err
    assert said(code, folder, "检查报告未写入，原有的报告未改动") in run.err, run.err
    assert read_tree(folder) == before
    monkeypatch.undo()
    assert cli("check", "--site", root, "--report", folder).code == 1
    assert read_tree(folder) != before and sorted(os.listdir(folder)) == ["index.html", "report.json"]
