"""Where a group's members are built on this machine: each in a process of its own, so that no process
holds more than its own member needs, and a member whose process is lost fails alone."""
from __future__ import annotations

import os
import signal

import pytest

from gongkai.group import build as group_build
from gongkai.group.executor import LOST, Failure, LocalExecutor
from test_group import make_group, notice, tree


def where_built(name: str) -> tuple[str, int, str]:
    """What a member's build would see: its process and its share of the cores."""
    return name, os.getpid(), os.environ.get("GONGKAI_JOBS", "")


def killed_if(name: str, doomed: str) -> str:
    if name == doomed:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does to a process when memory runs out
    return name


def refused_if(name: str, faulty: str) -> str:
    if name == faulty:
        raise ValueError(f"{name}: a programming error")
    return name


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_member_is_built_in_a_process_of_its_own(jobs):
    calls = [(f"m{i}",) for i in range(6)]
    done = LocalExecutor(jobs).map(where_built, calls)
    assert [d[0] for d in done] == [c[0] for c in calls]  # results in the order of the members
    assert len({d[1] for d in done}) == len(calls)  # a process for each member, none reused
    assert os.getpid() not in {d[1] for d in done}
    if jobs == 2:
        assert {d[2] for d in done} == {"1"}  # two at once share the two cores


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_member_whose_process_is_killed_fails_alone(jobs):
    done = LocalExecutor(jobs).map(killed_if, [("a", "b"), ("b", "b"), ("c", "b")])
    assert done == ["a", Failure(LOST), "c"]


def test_a_programming_error_in_a_member_build_is_raised_to_the_builder():
    with pytest.raises(ValueError, match="b: a programming error"):
        LocalExecutor(2).map(refused_if, [("a", "b"), ("b", "b")])


BUILD_MEMBER = group_build.build_member


def killed_in_fgw(group_dir, member_path, *rest):
    """A member build that the system kills in bm/fgw: what becomes of one that runs out of memory."""
    if member_path == "bm/fgw":
        os.kill(os.getpid(), signal.SIGKILL)
    return BUILD_MEMBER(group_dir, member_path, *rest)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_member_killed_mid_build_is_named_and_the_published_group_stays(tmp_path, cli, monkeypatch, jobs):
    group = make_group(tmp_path / "group")
    assert cli("build", "--site", group).code == 0
    before = tree(group / "public")
    (group / "bm/fgw/content/qtxx/n1.md").write_text(notice("bm/fgw", 1, "改过的通知"), encoding="utf-8")
    monkeypatch.setattr(group_build, "build_member", killed_in_fgw)
    monkeypatch.setenv("GONGKAI_JOBS", jobs)
    run = cli("build", "--site", group)
    assert run.code == 1
    assert f"成员 bm/fgw 未能生成：{LOST}" in run.err
    assert tree(group / "public") == before
    monkeypatch.undo()
    assert cli("build", "--site", group).code == 0
    assert "改过的通知" in (group / "public/bm/fgw/qtxx/n1.html").read_text(encoding="utf-8")


class Recording(LocalExecutor):
    """The local executor, noting the order in which the members are asked."""

    def __init__(self):
        super().__init__(1)
        self.asked: list[str] = []

    def map(self, task, calls, first=None):
        self.asked += [call[1] for call in calls]
        return super().map(task, calls, first)


def test_the_largest_member_is_built_first_and_reported_in_its_place(tmp_path):
    """A long build started last would keep one core busy alone at the end of a clean build."""
    group = make_group(tmp_path / "group")
    for n in range(3, 6):
        (group / "xz/cgz/content/qtxx" / f"n{n}.md").write_text(notice("xz/cgz", n, f"第{n}号通知", "2024-05-05"),
                                                                 encoding="utf-8")
    executor = Recording()
    done = group_build.build_group(group, group_build.dt.date(2026, 11, 20), group / "public", executor=executor)
    assert done.written
    assert executor.asked == ["xz/cgz", "bm/fgw", "xzf", "bm/jyj"]  # by size; equal ones in group.yaml's order
    assert [m.path for m in done.members] == ["xzf", "bm/fgw", "bm/jyj", "xz/cgz"]
    assert [m.documents for m in done.members] == [1, 2, 1, 4]
