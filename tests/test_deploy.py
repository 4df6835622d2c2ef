"""`build.py deploy`: releases switched in by one rename of `current`, pruned, rolled back, never half done."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, doc

from gongkai.tools.deploy import split_destination


pytestmark = pytest.mark.usefixtures("own_temp_folder")  # what a run leaves in TMPDIR is seen


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


def deployed(cli, root, *extra) -> str:
    run = cli("deploy", "--site", root, *extra)
    assert run.code == 0, run.err
    return run.out


def test_deploy_builds_through_the_cache_and_leaves_nothing_in_the_temporary_folder(site, cli, tmp_path,
                                                                                  own_temp_folder):
    root = site({"content/qtxx/a.md": doc("第一版"), "content/qtxx/b.md": doc("另一篇", 2)},
                config=folder_config(tmp_path / "srv"))
    assert re.search(r"（\d+ 个重新生成，0 个沿用）", deployed(cli, root))
    (root / "content/qtxx/a.md").write_text(doc("第一版", body="正文改了。"), encoding="utf-8")
    assert re.search(r"（1 个重新生成，\d+ 个沿用）", deployed(cli, root))
    assert list(own_temp_folder.iterdir()) == []
    assert "正文改了" in (tmp_path / "srv/current/qtxx/a.html").read_text(encoding="utf-8")


def local_time(name: str) -> str:
    utc = dt.datetime.strptime(name, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return utc.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def four_releases(site, cli, config: str, *target: str) -> tuple[Path, list[str]]:
    """Deployed: one document; its body edited; a second added; the first removed."""
    root = site({"content/qtxx/a.md": doc("甲")}, config=config)
    deployed(cli, root, *target)
    (root / "content/qtxx/a.md").write_text(doc("甲", body="正文改了。"), encoding="utf-8")
    deployed(cli, root, *target)
    (root / "content/qtxx/b.md").write_text(doc("乙", 2), encoding="utf-8")
    deployed(cli, root, *target)
    (root / "content/qtxx/a.md").unlink()
    out = deployed(cli, root, *target)
    return root, [re.search(r"版本 (\S+)，", out).group(1)]


def check_list(listing: str, target: Path) -> None:
    names = sorted(p.name for p in (target / "releases").iterdir())
    lines = listing.splitlines()
    rows = [line for line in lines if re.match(r"\s*[*] |\s+\d{8}T", line)]
    assert [re.search(r"\d{8}T\S+", row).group() for row in rows] == names[::-1]  # newest first
    for row, name in zip(rows, names[::-1]):
        assert local_time(name) in row
    assert rows[0].lstrip().startswith("*")  # the current release
    assert "1 篇文档" in rows[3] and "首个版本" in rows[3]
    assert "1 篇文档" in rows[2] and "页面：新增 0，修改 1，删除 0" in rows[2]
    assert "2 篇文档" in rows[1] and re.search(r"页面：新增 1，修改 \d+，删除 0", rows[1])
    assert "1 篇文档" in rows[0] and re.search(r"页面：新增 0，修改 \d+，删除 1", rows[0])


def test_list_shows_each_release_with_its_time_documents_and_changes(site, cli, tmp_path):
    target = tmp_path / "srv"
    root, _ = four_releases(site, cli, folder_config(target, keep=5))
    check_list(deployed(cli, root, "--list"), target)


def test_dry_run_lists_what_would_change_and_publishes_nothing(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("甲"), "content/qtxx/b.md": doc("乙", 2)}, config=folder_config(target))
    first = deployed(cli, root, "--dry-run")
    assert re.search(r"将新增 \d+ 个页面", first) and "  qtxx/a.html\n" in first and not target.exists()
    deployed(cli, root)
    before = releases(target), current(target)
    (root / "content/qtxx/a.md").write_text(doc("甲", body="正文改了。"), encoding="utf-8")
    (root / "content/qtxx/b.md").unlink()
    (root / "content/qtxx/c.md").write_text(doc("丙", 3), encoding="utf-8")
    out = deployed(cli, root, "--dry-run")
    assert (releases(target), current(target)) == before
    assert re.search(r"将新增 1 个页面：\n  qtxx/c\.html\n", out)
    assert re.search(r"将删除 1 个页面：\n  qtxx/b\.html\n", out)
    assert re.search(r"将修改 \d+ 个页面：\n(  .*\n)*  qtxx/a\.html\n", out)
    assert "未发布" in out


def test_rollback_warns_that_content_still_holds_the_newer_version_and_to_goes_forward(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("第一版")}, config=folder_config(target))
    deployed(cli, root)
    (root / "content/qtxx/a.md").write_text(doc("第二版"), encoding="utf-8")
    deployed(cli, root)
    first, second = releases(target)
    back = cli("deploy", "--site", root, "--rollback")
    assert back.code == 0 and current(target) == f"releases/{first}"
    assert "警告：content/ 中仍是回退前的内容，下次 deploy 会把它重新发布" in back.err
    forward = cli("deploy", "--site", root, "--to", second)
    assert forward.code == 0 and current(target) == f"releases/{second}" and "警告" not in forward.err
    assert "第二版" in (target / "current/qtxx/a.html").read_text(encoding="utf-8")
    back_to = cli("deploy", "--site", root, "--to", first)
    assert back_to.code == 0 and "警告：content/ 中仍是回退前的内容" in back_to.err
    wrong = cli("deploy", "--site", root, "--to", "20000101T000000.000000Z")
    assert wrong.code == 2 and f"没有版本 20000101T000000.000000Z；现有：{first}、{second}" in wrong.err
    assert current(target) == f"releases/{first}"


@pytest.mark.skipif(shutil.which("rsync") is None, reason="tests/install.sh installs rsync")
def test_rsync_target_lists_dry_runs_and_goes_forward(site, cli, tmp_path):
    target = tmp_path / "remote"
    config = BASE_CONFIG + f"deploy:\n  targets:\n    server:\n      type: rsync\n      destination: {target}\n"
    root, _ = four_releases(site, cli, config)
    check_list(deployed(cli, root, "--list"), target)
    (root / "content/qtxx/b.md").write_text(doc("乙", 2, body="正文改了。"), encoding="utf-8")
    out = deployed(cli, root, "--dry-run")
    assert re.search(r"将修改 1 个页面：\n  qtxx/b\.html\n", out) and "将新增" not in out
    names = releases(target)
    assert "警告：content/ 中仍是回退前的内容" in cli("deploy", "--site", root, "--rollback", "--allow-withdrawn").err
    assert cli("deploy", "--site", root, "--to", names[-1]).code == 0
    assert current(target) == f"releases/{names[-1]}"
    wrong = cli("deploy", "--site", root, "--to", "x")
    assert wrong.code == 2 and f"没有版本 x；现有：{'、'.join(names)}" in wrong.err and "Traceback" not in wrong.err


def test_a_second_deploy_of_a_site_is_refused_naming_the_one_running(site, cli, tmp_path):
    """Two deploys of one site would build into the same .gongkai-cache-deploy/ and publish a mix."""
    import subprocess
    import sys
    target = tmp_path / "srv"
    root = site({"content/qtxx/a.md": doc("第一版")}, config=folder_config(target))
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
                               "from gongkai.tools.deploy import exclusive; from pathlib import Path\n"
                               "with exclusive(Path(sys.argv[2])):\n print('held', flush=True); time.sleep(60)",
                               str(Path(__file__).resolve().parent.parent), str(root)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in ((), ("--rollback",)):
            run = cli("deploy", "--site", root, *args)
            assert run.code == 2 and f"另一个 deploy（进程 {holder.pid}）正在部署" in run.err and "请等它结束后再运行" in run.err
        assert not target.exists() and not (root / ".gongkai-cache-deploy/site").exists()
    finally:
        holder.kill()
        holder.wait()
    assert cli("deploy", "--site", root).code == 0  # a killed deploy's lock goes with it
