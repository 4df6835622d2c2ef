"""`build.py deploy`: releases switched in by one rename of `current`, pruned, rolled back, never half done."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, doc

from gongkai.tools.deploy import split_destination


def folder_config(target: Path, keep: int = 3) -> str:
    return BASE_CONFIG + f"deploy:\n  keep: {keep}\n  targets:\n    web:\n      type: folder\n      path: {target}\n"


def current(target: Path) -> str:
    return os.readlink(target / "current")


def releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def test_deploy_twice_switches_current_to_the_newest_release(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("第一版")}, config=folder_config(target))
    first = cli("deploy", "--site", root)
    assert first.code == 0, first.err
    (root / "content/qtxx/a.md").write_text(doc("第二版"), encoding="utf-8")
    second = cli("deploy", "--site", root)
    assert second.code == 0, second.err
    names = releases(target)
    assert len(names) == 2 and current(target) == f"releases/{names[1]}"
    assert "第二版" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")
    assert "第一版" in (target / "releases" / names[0] / "qtxx/a.html").read_text(encoding="utf-8")
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # no temporary link left behind


def test_keep_prunes_old_releases_and_rollback_switches_back(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("版本0")}, config=folder_config(target, keep=2))
    for n in range(4):
        (root / "content/qtxx/a.md").write_text(doc(f"版本{n}"), encoding="utf-8")
        assert cli("deploy", "--site", root).code == 0
    names = releases(target)
    assert len(names) == 2 and current(target) == f"releases/{names[1]}"
    back = cli("deploy", "--site", root, "--rollback")
    assert back.code == 0 and names[0] in back.out
    assert current(target) == f"releases/{names[0]}"
    assert "版本2" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")
    again = cli("deploy", "--site", root, "--rollback")
    assert again.code == 2 and "没有更早的版本" in again.err and current(target) == f"releases/{names[0]}"
    assert cli("deploy", "--site", root, "--keep", "1").code == 0
    assert len(releases(target)) == 1


def test_failing_build_refuses_to_deploy_and_leaves_current(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("好的版本")}, config=folder_config(target))
    assert cli("deploy", "--site", root).code == 0
    before = current(target)
    (root / "content/qtxx/a.md").write_text(doc("坏的版本", date="2024-13-45"), encoding="utf-8")
    run = cli("deploy", "--site", root)
    assert run.code == 1
    assert "content/qtxx/a.md:3: 错误：" in run.err and "未部署" in run.err
    assert current(target) == before and len(releases(target)) == 1
    assert "好的版本" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")


def test_dead_link_found_by_check_refuses_to_deploy(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc(body='<a href="http://192.0.2.1/x">旧地址</a>')},
                config=folder_config(target))
    run = cli("deploy", "--site", root)
    assert run.code == 1 and "IPv4" in run.err and not target.exists()


@pytest.mark.skipif(shutil.which("rsync") is None, reason="tests/install.sh installs rsync")
def test_rsync_target_uploads_switches_and_rolls_back(site, cli, tmp_path):
    target = tmp_path / "remote"
    config = BASE_CONFIG + f"deploy:\n  targets:\n    server:\n      type: rsync\n      destination: {target}\n      keep: 2\n"
    root = site({"content/qtxx/a.md": doc("远程一")}, config=config)
    for title in ("远程一", "远程二", "远程三"):
        (root / "content/qtxx/a.md").write_text(doc(title), encoding="utf-8")
        run = cli("deploy", "--site", root, "--target", "server")
        assert run.code == 0, run.err
    names = releases(target)
    assert len(names) == 2 and current(target) == f"releases/{names[1]}"
    assert "远程三" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")
    assert cli("deploy", "--site", root, "--rollback").code == 0
    assert "远程二" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")


def test_rsync_destination_names_host_and_path():
    assert split_destination("deploy@www.example.gov.cn:/srv/xxgk") == ("deploy@www.example.gov.cn", "/srv/xxgk")
    assert split_destination("/srv/xxgk") == (None, "/srv/xxgk")
    assert split_destination("./a:b/c") == (None, "./a:b/c")


AT = len(BASE_CONFIG.splitlines())  # the line before `deploy:`


@pytest.mark.parametrize("deploy, message", [
    ("deploy:\n  targets:\n    web:\n      type: ftp\n", f"config.yaml:{AT + 4}: 错误：配置项“deploy.targets.web.type”的值“ftp”有误"),
    ("deploy:\n  targets:\n    web:\n      type: folder\n", f"config.yaml:{AT + 3}: 错误：部署目标“web”（folder）缺少“path”"),
    ("deploy:\n  keep: 0\n  targets: {}\n", f"config.yaml:{AT + 2}: 错误：配置项“deploy.keep”的值“0”有误"),
    ("deploy:\n  targets:\n    web:\n      type: folder\n      paht: /srv\n",
     f"config.yaml:{AT + 5}: 警告：未知的配置项“deploy.targets.web.paht”"),
])
def test_deploy_schema_errors_name_the_line(site, cli, deploy, message):
    root = site({"content/qtxx/a.md": doc()}, config=BASE_CONFIG + deploy)
    run = cli("deploy", "--site", root)
    assert run.code == 2 and message in run.err


def test_unknown_target_is_a_usage_error(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc()}, config=folder_config(tmp_path / "srv"))
    run = cli("deploy", "--site", root, "--target", "nope")
    assert run.code == 2 and "没有名为“nope”的部署目标；可用：web" in run.err
    assert not (tmp_path / "srv").exists()
