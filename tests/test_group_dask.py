"""A group built through a real Dask cluster: a `dask scheduler` and two `dask worker` processes on
loopback TCP, each worker in its own working folder. The output equals a local build byte for byte; a
worker killed mid-build has its member built again by the other; a cluster that cannot build leaves
the published group as it was, with a clear error. check --report and deploy go through the cluster too,
with the same report and the same release as here."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import distributed
import pytest

from conftest import AS_OF, ROOT
from test_group import notice, tree
from test_group_deploy import deploy_group
from test_group_report import faulty_group
from gongkai.group import dask_executor
from gongkai.group.build import build_group
from gongkai.group.dask_executor import DaskExecutor

SAMPLE = ROOT / "examples/group"
STARTUP = 30  # seconds a cluster may take to have its workers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A scheduler and its workers as separate process groups (a worker is a nanny and its process)."""

    def __init__(self, root: Path):
        self.root = root
        self.address = f"tcp://127.0.0.1:{free_port()}"
        # the tool from this checkout on every process; Dask's scratch space inside the test's folder
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_TEMPORARY_DIRECTORY": str(root / "scratch")}
        self.scheduler = self._start(root, "scheduler", "--host", "127.0.0.1", "--port",
                                     self.address.rsplit(":", 1)[1], "--no-dashboard")
        self.workers: list[subprocess.Popen] = []
        try:
            self.client = distributed.Client(self.address, timeout=STARTUP, set_as_default=False)
        except OSError:
            _end(self.scheduler, signal.SIGKILL)
            raise

    def _start(self, folder: Path, *args: str) -> subprocess.Popen:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{args[0]}.log", "ab") as log:
            return subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
                                    cwd=folder, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)

    def add_worker(self) -> None:
        folder = self.root / f"worker{len(self.workers) + 1}"
        self.workers.append(self._start(folder, "worker", self.address, "--nworkers", "1", "--nthreads", "1",
                                        "--no-dashboard", "--local-directory", str(folder)))

    def ready(self, count: int = 2) -> None:
        """Until `count` workers are live, starting new ones for those that were killed."""
        for _ in range(count - sum(w.poll() is None for w in self.workers)):
            self.add_worker()
        deadline = time.monotonic() + STARTUP
        while len(self.client.nthreads()) < count:
            assert time.monotonic() < deadline, "the Dask workers did not start"
            time.sleep(0.1)

    def kill(self, worker: subprocess.Popen) -> None:
        """The whole worker at once, nanny and all, as when its machine goes down."""
        _end(worker, signal.SIGKILL)

    def busy_worker(self, timeout: float = 20) -> subprocess.Popen:
        """A worker the scheduler has given a member to, found as soon as it has one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = [address for address, tasks in self.client.processing().items() if tasks]
            if busy:
                pid = self.client.run(os.getpid, workers=busy[:1])[busy[0]]
                return next(w for w in self.workers if w.pid == os.getpgid(pid))
            time.sleep(0.01)
        raise AssertionError("no worker was given a member")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the scheduler may be gone
            self.client.close(timeout=5)
        for process in [*self.workers, self.scheduler]:
            _end(process, signal.SIGTERM)


def _end(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        started.ready(2)
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The sample group built locally: what every build through the cluster must equal."""
    out = tmp_path_factory.mktemp("local") / "public"
    assert build_group(SAMPLE, dt.date.fromisoformat(AS_OF), out).written
    return out


@pytest.fixture
def group(tmp_path) -> Path:
    """The sample group, copied so that a test may edit it or build it into its own folder."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "group", ignore=shutil.ignore_patterns("public", ".public.*")))


@pytest.fixture
def published(group, local) -> Path:
    """The group's output folder, holding the local build as the group published before."""
    return Path(shutil.copytree(local, group / "public"))


def test_a_group_built_through_dask_equals_the_local_build(group, tmp_path, cli, cluster, local):
    cluster.ready(2)
    run = cli("build", "--site", group, "--out", tmp_path / "dask", "--scheduler", cluster.address)
    assert run.code == 0, run.err
    assert "已生成站群" in run.out and "4 个成员，" in run.out
    assert tree(tmp_path / "dask") == tree(local)
    run = cli("check", "--site", group, "--scheduler", cluster.address, "--strict")
    assert run.code == 0 and "站群检查完成：4 个成员，0 个错误，0 个警告" in run.err, run.err


def test_a_worker_killed_mid_build_has_its_member_built_by_another(group, tmp_path, cluster, local):
    cluster.ready(2)
    done: list = []
    build = threading.Thread(target=lambda: done.append(build_group(
        group, dt.date.fromisoformat(AS_OF), tmp_path / "dask", executor=DaskExecutor(cluster.address))))
    build.start()
    cluster.kill(cluster.busy_worker())
    build.join(timeout=120)
    assert done and done[0].written, done and done[0].report.sorted()
    assert tree(tmp_path / "dask") == tree(local)


def test_a_cluster_losing_every_worker_leaves_the_group_as_it_was(group, published, cluster):
    cluster.ready(2)
    before = tree(published)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            build_group(group, dt.date.fromisoformat(AS_OF), published, executor=DaskExecutor(cluster.address, patience=1))
        except dask_executor.ClusterError as exc:
            failed.append(exc)

    build = threading.Thread(target=run)
    build.start()
    cluster.busy_worker()  # the build is under way
    for worker in cluster.workers:
        cluster.kill(worker)
    build.join(timeout=60)
    assert failed and "上已有 1 秒没有任何 worker" in failed[0].message
    assert tree(published) == before


def test_a_scheduler_lost_mid_build_leaves_the_group_as_it_was(group, published, tmp_path, cli):
    own = Cluster(tmp_path / "lost")
    try:
        own.ready(1)
        before = tree(published)
        done: list = []
        build = threading.Thread(target=lambda: done.append(cli("build", "--site", group, "--scheduler", own.address)))
        build.start()
        own.busy_worker()
        _end(own.scheduler, signal.SIGKILL)
        build.join(timeout=60)
    finally:
        own.close()
    assert done and done[0].code == 2
    assert f"错误：与 Dask 调度器 {own.address} 的连接中断；站群未生成，原有输出未改动" in done[0].err
    assert "Traceback" not in done[0].err
    assert tree(published) == before


def test_an_unreachable_scheduler_is_named_and_the_output_left_as_it_was(group, published, cli, monkeypatch):
    before = tree(published)
    monkeypatch.setattr(dask_executor, "CONNECT_SECONDS", 1)
    dead = f"tcp://127.0.0.1:{free_port()}"
    monkeypatch.setenv("GONGKAI_SCHEDULER", dead)  # the cluster named by the environment
    run = cli("build", "--site", group)
    assert run.code == 2
    assert f"错误：无法连接 Dask 调度器 {dead}（" in run.err and "站群未生成，原有输出未改动" in run.err
    assert "Traceback" not in run.err
    assert tree(published) == before
    run = cli("build", "--site", group, "--scheduler", "192.168.1.10")
    assert run.code == 2 and "Dask 调度器地址“192.168.1.10”无效" in run.err and "应写成 tcp://主机:端口" in run.err
    assert tree(published) == before


def test_without_distributed_installed_the_editor_is_told_what_to_install(group, cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails as when not installed
    run = cli("build", "--site", group, "--scheduler", "tcp://127.0.0.1:8786")
    assert run.code == 2
    assert "错误：要在 Dask 集群上生成站群，本机须安装 distributed：pip install -r requirements-dask.txt" in run.err
    assert not (group / "public").exists()


def test_a_single_site_is_not_sent_to_a_cluster(site, cli):
    one = site({})
    for verb in ("build", "check", "deploy"):
        run = cli(verb, "--site", one, "--scheduler", "tcp://127.0.0.1:8786")
        assert run.code == 2 and "--scheduler 只用于站群文件夹（含 group.yaml）：单个站点总在本机生成" in run.err, verb
    assert not (one / "public").exists() and not (one / ".gongkai-cache-deploy").exists()


def test_the_group_report_through_dask_equals_the_local_one(tmp_path, cli, cluster, monkeypatch):
    cluster.ready(2)
    root = faulty_group(tmp_path / "group")
    here = cli("check", "--site", root, "--report", tmp_path / "here")
    monkeypatch.setenv("GONGKAI_SCHEDULER", cluster.address)  # the cluster named by the environment
    there = cli("check", "--site", root, "--report", tmp_path / "there")
    assert (here.code, there.code) == (1, 1), there.err
    rows = json.loads((tmp_path / "there/report.json").read_text(encoding="utf-8"))["sites"]
    assert [(r["site_dir"], r["checked"], r["failing"]) for r in rows] == [
        ("xzf", True, []), ("bm/fgw", True, ["privacy"]), ("bm/jyj", True, []),
        ("xz/cgz", True, ["annual-report", "guide"])]
    assert tree(tmp_path / "there") == tree(tmp_path / "here")  # report.json and the page, byte for byte
    assert there.err.replace(str(tmp_path / "there"), str(tmp_path / "here")) == here.err
    monkeypatch.setenv("GONGKAI_SCHEDULER", "192.168.1.10")  # the environment is what it reads
    run = cli("check", "--site", root, "--report", tmp_path / "never")
    assert run.code == 2 and "Dask 调度器地址“192.168.1.10”无效" in run.err and run.err.endswith("；未写检查报告\n")
    assert not (tmp_path / "never").exists()


def test_a_group_deployed_through_dask_equals_a_local_deploy(tmp_path, cli, cluster):
    cluster.ready(2)
    (here, here_target), (there, there_target) = deploy_group(tmp_path / "here"), deploy_group(tmp_path / "there")
    assert cli("deploy", "--site", here).code == 0
    run = cli("deploy", "--site", there, "--scheduler", cluster.address)
    assert run.code == 0, run.err
    assert f"已部署到 web（{there_target}）：版本 " in run.out and "4 个成员，5 篇文档" in run.out
    assert tree(there_target / "current") == tree(here_target / "current")


def test_a_cluster_that_cannot_deploy_leaves_the_release_online(tmp_path, cli, monkeypatch):
    root, target = deploy_group(tmp_path)
    assert cli("deploy", "--site", root).code == 0
    online = os.readlink(target / "current")
    before = tree(target)
    edited = root / "bm/jyj/content/qtxx/n1.md"
    edited.write_text(notice("bm/jyj", 1, "改过的通知", "2024-03-05"), encoding="utf-8")
    monkeypatch.setattr(dask_executor, "CONNECT_SECONDS", 1)
    monkeypatch.setattr(dask_executor, "PATIENCE_SECONDS", 1)
    dead = f"tcp://127.0.0.1:{free_port()}"
    monkeypatch.setenv("GONGKAI_SCHEDULER", dead)
    run = cli("deploy", "--site", root)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err == f"错误：无法连接 Dask 调度器 {dead}（" + run.err.split("（", 1)[1]  # one line, this one
    assert run.err.rstrip().endswith("；未部署，线上网站未改动") and run.err.count("\n") == 1
    empty = Cluster(tmp_path / "empty")  # a scheduler with no worker
    try:
        run = cli("deploy", "--site", root, "--scheduler", empty.address)
    finally:
        empty.close()
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err == (f"错误：Dask 调度器 {empty.address} 上已有 1 秒没有任何 worker：请启动 worker（dask worker "
                       "调度器地址）后再生成；未部署，线上网站未改动\n")
    assert os.readlink(target / "current") == online and tree(target) == before
