"""build, check and deploy's build on a group folder (one with group.yaml): the whole group in one run."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Iterator

from gongkai.group.build import GroupResult, build_group
from gongkai.group.dask_executor import SCHEDULER_ENV, ClusterError, DaskExecutor
from gongkai.group.executor import Executor
from gongkai import doctypes
from gongkai.engine.config import DeployTarget
from gongkai.engine.group_spec import load_group
from gongkai.problems import ERROR, EXIT_CONTENT, EXIT_OK, Report
from gongkai.incremental.write import output_dir


def _print(report: Report, failed: list[str]) -> None:
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if failed:
        print(f"有错误的成员：{'、'.join(failed)}", file=sys.stderr)


def _failed(result: GroupResult) -> list[str]:
    return [m.path for m in result.members if any(p.severity == ERROR for p in m.problems)]


def executor(scheduler: str | None) -> Executor | None:
    """Dask at --scheduler, or at GONGKAI_SCHEDULER when the option is not given; else local processes."""
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    return DaskExecutor(address) if address else None


def releases_here(scheduler: str | None, target: DeployTarget) -> None:
    """deploy --list, --rollback and --to on a group: the releases are on the target, which this machine
    writes (the cluster only builds members), so they never use the cluster; an administrator who named
    one is told so, not left to wonder whether the cluster switched anything."""
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    if address:
        named = "--scheduler" if scheduler else f"环境变量 {SCHEDULER_ENV}"
        print(f"提示：--list、--rollback 和 --to 不使用 Dask 集群（{named} {address}）：版本保存在部署目标 "
              f"{target.name}（{target.location}）上，由本机直接读取和切换", file=sys.stderr)


@contextlib.contextmanager
def unchanged_on_cluster_error(unchanged: str) -> Iterator[None]:
    """A cluster that cannot build or check the group ends the verb with one error, which says what was
    left as it was (`unchanged`)."""
    try:
        yield
    except ClusterError as exc:
        raise ClusterError(f"{exc.message}；{unchanged}") from None


def _build(group_dir: Path, as_of: dt.datetime, out_dir: Path, scheduler: str | None, unchanged: str,
           search: bool = True, fold_search: bool = False) -> GroupResult:
    """Build the group where --scheduler or GONGKAI_SCHEDULER says."""
    with unchanged_on_cluster_error(unchanged):
        return build_group(group_dir, as_of, out_dir, search, executor(scheduler), fold_search=fold_search)


def build(group_dir: Path, out: str | None, as_of: dt.datetime, search: bool = True, scheduler: str | None = None,
          fold_search: bool = False) -> int:
    group, _ = load_group(group_dir, doctypes.registry())
    out_dir = output_dir(group_dir, out, group.output)
    result = _build(group_dir, as_of, out_dir, scheduler, "站群未生成，原有输出未改动", search, fold_search)
    _print(result.report, _failed(result))
    if not result.written:
        print(f"站群生成失败，原有输出未改动：{result.report.summary()}", file=sys.stderr)
        return EXIT_CONTENT
    documents = sum(m.documents for m in result.members)
    rebuilt = [m.path for m in result.members if m.rendered]
    print(f"已生成站群 {out_dir}：{len(result.members)} 个成员，{documents} 篇文档；"
          f"重新生成的成员：{'、'.join(rebuilt) or '无'}；{result.report.summary()}，用时 {result.seconds:.2f} 秒")
    return EXIT_OK


def check(group_dir: Path, as_of: dt.datetime, strict: bool, fmt: str = "text", scheduler: str | None = None) -> int:
    result = build_group(group_dir, as_of, None, executor=executor(scheduler), read_caches=True)
    return conclude(result.report, len(result.members), _failed(result), strict, fmt)


def conclude(report: Report, members: int, failed: list[str], strict: bool, fmt: str,
             inspection_failed: bool = False) -> int:
    """Print a group check's problems (or JSON) and give its exit status; `inspection_failed`: the
    report found a finding that fails an inspection outright."""
    if fmt == "json":
        print(report.to_json())
    else:
        _print(report, failed)
        print(f"站群检查完成：{members} 个成员，{report.summary()}", file=sys.stderr)
    return EXIT_CONTENT if inspection_failed or report.errors or (strict and report.warnings) else EXIT_OK


def build_for_deploy(group_dir: Path, out_dir: Path, as_of: dt.datetime,
                     scheduler: str | None) -> tuple[bool, str, str]:
    """Build the whole group into `deploy`'s folder (on the cluster, as `build`), printing its problems:
    (written, what it holds, the problems' summary)."""
    # a release's index has no delta
    result = _build(group_dir, as_of, out_dir, scheduler, "未部署，线上网站未改动", fold_search=True)
    _print(result.report, _failed(result))
    documents = sum(m.documents for m in result.members)
    return result.written, f"{len(result.members)} 个成员，{documents} 篇文档", result.report.summary()

