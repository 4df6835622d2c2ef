"""check --report on a site group: one row per member, each checked as it builds (with what it inherits),
its findings at paths from the group folder, in one report for the 政务公开办 that runs the platform.

Which kinds fail an inspection is each member's `report:` as config.yaml reads it: group.yaml's
`report:` for every member, which a member's own `report:` replaces key by key (docs/admin.md).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Callable, Protocol, Sequence

from gongkai import doctypes, pipeline
from gongkai.engine.group_inherit import in_group
from gongkai.engine.group_spec import load_group
from gongkai.engine.finding_kinds import BY_KEY
from gongkai.oversight.collect import SiteFindings, as_findings, gather
from gongkai.oversight.render import PAGE, render
from gongkai.problems import GongkaiError, Problem, Report


class Runner(Protocol):
    """Where the members are checked (the group build's executor): task(*call) for every call, in order."""

    def map(self, task: Callable, calls: Sequence[tuple]) -> list: ...


def member_row(group_dir: Path, member_path: str, name: str, kind: str,
               as_of: dt.date) -> tuple[SiteFindings, list[Problem]]:
    """Check one member: its report row and its problems, both at paths from the group folder. A pure
    task, like a member's build: its arguments and result pickle."""
    try:
        result = pipeline.run(group_dir / member_path, as_of, None)
    except GongkaiError as exc:  # its config.yaml: reported, and the member marked as not checked
        problems = in_group(group_dir, member_path, exc.problems())
        return SiteFindings(name, member_path, as_of.isoformat(), [], kind=kind, checked=False,
                            findings=as_findings(problems)), problems
    row = gather(group_dir / member_path, as_of, result)
    problems = in_group(group_dir, member_path, result.report.sorted())
    row.name, row.site_dir, row.kind, row.findings = name, member_path, kind, as_findings(problems)
    return row, problems


def check_group(group_dir: Path, as_of: dt.date, folder: Path, runner: Runner) -> tuple[Report, list[SiteFindings]]:
    """Check every member, write the report into `folder`; the problems of the group and of every member."""
    group, report = load_group(group_dir, doctypes.registry())
    done = runner.map(member_row, [(group_dir, m.path, m.name, m.kind, as_of) for m in group.members])
    rows = [row for row, _ in done]
    for _, problems in done:
        report.problems.extend(problems)
    render(rows, folder, group.name)
    failing = [f"{row.site_dir}（{'、'.join(BY_KEY[k].label for k in row.failing()) or '未能检查'}）"
               for row in rows if not row.passed()]
    print(f"检查报告：{folder / PAGE}（另有 report.json）；" +
          (f"单项否决的成员：{'；'.join(failing)}" if failing else "没有单项否决的问题"), file=sys.stderr)
    return report, rows
