"""`deploy` on a site group: the whole group published as one release, switched in by one rename, listed
and rolled back like a site's; a failing member publishes nothing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from test_group import GROUP_YAML, make_group, notice
from gongkai.tools.deploy import exclusive

pytestmark = pytest.mark.usefixtures("own_temp_folder")


def deploy_group(tmp_path: Path) -> tuple[Path, Path]:
    """The test group with a folder target: (group folder, target folder)."""
    target = tmp_path / "srv"
    yaml = GROUP_YAML.replace("members:", f"deploy:\n  keep: 3\n  targets:\n    web:\n      type: folder\n"
                                          f"      path: {target}\nmembers:")
    return make_group(tmp_path / "group", yaml), target


def releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def test_a_group_deploys_as_one_release_and_rolls_back(tmp_path, cli):
    root, target = deploy_group(tmp_path)
    first = cli("deploy", "--site", root)
    assert first.code == 0, first.err
    assert "4 个成员，5 篇文档" in first.out
    page = root / "bm/jyj/content/qtxx/n1.md"
    page.write_text(notice("bm/jyj", 1, "改过的通知", "2024-03-05"), encoding="utf-8")
    assert cli("deploy", "--site", root).code == 0
    old, new = releases(target)
    assert os.readlink(target / "current") == f"releases/{new}"
    live = target / "current"
    assert "改过的通知" in (live / "bm/jyj/qtxx/n1.html").read_text(encoding="utf-8")
    assert "改过的通知" in (live / "gkml/index.html").read_text(encoding="utf-8")  # the group's pages too
    assert (live / "xzf/qtxx/n1.html").is_file() and (live / "bmxxgk/index.html").is_file()
    listing = cli("deploy", "--site", root, "--list")
    assert listing.code == 0 and f"* {new}" in listing.out and "5 篇文档" in listing.out
    assert "页面：新增 0，修改" in listing.out
    back = cli("deploy", "--site", root, "--rollback")
    assert back.code == 0 and old in back.out and os.readlink(target / "current") == f"releases/{old}"
    assert "改过的通知" not in (target / "current/gkml/index.html").read_text(encoding="utf-8")


def test_a_failing_member_deploys_nothing(tmp_path, cli):
    root, target = deploy_group(tmp_path)
    assert cli("deploy", "--site", root).code == 0
    published = releases(target)
    (root / "xz/cgz/content/qtxx/n1.md").write_text("---\ntitle: 没有日期\n---\n正文。\n", encoding="utf-8")
    run = cli("deploy", "--site", root)
    assert run.code == 1 and "xz/cgz/content/qtxx/n1.md:" in run.err
    assert "有错误的成员：xz/cgz" in run.err and "未部署，线上网站未改动" in run.err
    assert releases(target) == published and os.readlink(target / "current") == f"releases/{published[0]}"


def test_a_group_without_targets_says_where_to_write_them(tmp_path, cli):
    root = make_group(tmp_path / "group")
    run = cli("deploy", "--site", root)
    assert run.code == 2 and "group.yaml 中没有部署目标，请在 deploy.targets 下配置" in run.err


def test_a_second_deploy_of_the_group_is_refused_while_one_runs(tmp_path, cli):
    root, target = deploy_group(tmp_path)
    with exclusive(root):
        run = cli("deploy", "--site", root)
        assert run.code == 2 and f"另一个 deploy（进程 {os.getpid()}）正在部署" in run.err
        assert not target.exists() and not (root / ".gongkai-cache-deploy/site").exists()
    assert cli("deploy", "--site", root).code == 0


def test_list_and_rollback_say_they_do_not_use_the_cluster(tmp_path, cli, monkeypatch):
    """The releases are on the target, which the machine running deploy writes; the cluster only builds
    members. A scheduler nobody listens at shows that nothing is sent to it."""
    root, target = deploy_group(tmp_path)
    assert cli("deploy", "--site", root).code == 0
    (root / "bm/jyj/content/qtxx/n1.md").write_text(notice("bm/jyj", 1, "改过的通知"), encoding="utf-8")
    assert cli("deploy", "--site", root).code == 0
    old, new = releases(target)
    nobody = "tcp://127.0.0.1:9"
    listing = cli("deploy", "--site", root, "--list", "--scheduler", nobody)
    assert listing.code == 0 and f"* {new}" in listing.out
    assert (f"提示：--list、--rollback 和 --to 不使用 Dask 集群（--scheduler {nobody}）：版本保存在部署目标 "
            f"web（{target}）上，由本机直接读取和切换") in listing.err
    monkeypatch.setenv("GONGKAI_SCHEDULER", nobody)
    back = cli("deploy", "--site", root, "--rollback")
    assert back.code == 0 and os.readlink(target / "current") == f"releases/{old}"
    assert f"不使用 Dask 集群（环境变量 GONGKAI_SCHEDULER {nobody}）" in back.err
    forward = cli("deploy", "--site", root, "--to", new)
    assert forward.code == 0 and os.readlink(target / "current") == f"releases/{new}"
    assert "不使用 Dask 集群" in forward.err
    monkeypatch.delenv("GONGKAI_SCHEDULER")
    assert "Dask" not in cli("deploy", "--site", root, "--list").err
