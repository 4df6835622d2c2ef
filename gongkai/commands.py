"""The verbs behind build.py: each runs the pipeline and turns its result into output and an exit status."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from gongkai import doctypes, pipeline
from gongkai.checks import ipv6
from gongkai.engine import build_date, opening
from gongkai.engine.config import DeployTarget, load_config
from gongkai.group import verbs as group_verbs
from gongkai.engine.group_spec import GROUP_FILE, is_group, load_group
from gongkai.group import members
from gongkai.group.build import caches_of_build
from gongkai.group.executor import LocalExecutor
from gongkai.oversight import folder as oversight
from gongkai.oversight import group_report
from gongkai.problems import ERROR, EXIT_CONTENT, EXIT_OK, ConfigError, GongkaiError, Report, UsageError
from gongkai.tools import deploy as deploying
from gongkai.tools import new_site, releases, scaffold
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.write import output_dir


def _print_problems(report: Report) -> None:
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)


def print_failure(exc: GongkaiError) -> None:
    if isinstance(exc, ConfigError):
        _print_problems(exc.report)
        print(f"配置有误，未生成网站：{exc.report.summary()}", file=sys.stderr)
    else:
        print(exc.format(), file=sys.stderr)


def _moment(as_of: dt.datetime | None) -> dt.datetime:
    """The build moment: `--as-of`, else now (what is due by this minute is published)."""
    return as_of or build_date.now()


def build(site_dir: Path, out: str | None, as_of: dt.datetime | None, search: bool = True,
          scheduler: str | None = None, fold_search: bool = False) -> int:
    if is_group(site_dir):
        return group_verbs.build(site_dir, out, _moment(as_of), search, scheduler, fold_search)
    _one_machine(scheduler)
    config, _ = load_config(site_dir, doctypes.registry())
    out_dir = output_dir(site_dir, out, config.output)
    result = pipeline.run(site_dir, _moment(as_of), out_dir, search=search, fold_search=fold_search)
    _print_problems(result.report)
    if not result.written:
        print(f"生成失败，原有输出未改动：{result.report.summary()}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"已生成 {out_dir}：{result.documents} 篇文档，{result.pages} 个页面"
          f"（{result.rendered} 个重新生成，{result.reused} 个沿用），"
          f"{result.files} 个文件，{result.report.summary()}，用时 {result.seconds:.2f} 秒")
    return EXIT_OK


def _build_cache(site_dir: Path) -> Path | None:
    """The cache of the site's build into its own output folder, for `check` to read: what that build read
    and rendered stands for what did not change since, so a check costs what a build costs. None before
    the first build."""
    config, _ = load_config(site_dir, doctypes.registry())
    return BuildCache.left_beside((site_dir / config.output).resolve())


def check(site_dir: Path, as_of: dt.datetime | None, strict: bool, fmt: str, resolve: bool = False,
          report_to: str | None = None, scheduler: str | None = None) -> int:
    """`report_to`: write the inspection report there too ("" for the default folder); see oversight/."""
    moment = _moment(as_of)
    if is_group(site_dir):
        if report_to is None:
            return group_verbs.check(site_dir, moment, strict, fmt, scheduler)
        return _group_report(site_dir, moment, strict, fmt, report_to, scheduler)
    _one_machine(scheduler)
    folder = oversight.report_folder(site_dir, report_to) if report_to is not None else None
    result = pipeline.run(site_dir, moment, None, cache_dir=_build_cache(site_dir))
    report = result.report
    if resolve and result.site is not None:
        ipv6.check_aaaa(site_dir, result.site.info.domain, result.hosts, report)
    failed = folder is not None and oversight.write_report(site_dir, moment, result, folder)
    if fmt == "json":
        print(report.to_json())
    else:
        _print_problems(report)
        own = result.site.info.domain if result.site is not None else ""  # the site's own pages are not external
        hosts = sorted(h for h in result.hosts if h and h != own)
        print(f"输出引用的外部主机：{'、'.join(hosts) if hosts else '无'}", file=sys.stderr)
        print(f"检查完成：{report.summary()}", file=sys.stderr)
    if failed or report.errors or (strict and report.warnings):
        return EXIT_CONTENT
    return EXIT_OK


def _group_report(group_dir: Path, as_of: dt.datetime, strict: bool, fmt: str, report_to: str,
                  scheduler: str | None) -> int:
    """check --report on a group: its members checked where a build would build them (here, or on the
    Dask cluster of --scheduler or GONGKAI_SCHEDULER)."""
    folder = oversight.group_report_folder(group_dir, report_to)
    runner = group_verbs.executor(scheduler) or LocalExecutor()
    group, _ = load_group(group_dir, doctypes.registry())
    with group_verbs.unchanged_on_cluster_error("未写检查报告"):
        report, rows = group_report.check_group(group_dir, as_of, folder, runner, caches_of_build(group_dir, group))
    failed = [row.site_dir for row in rows if any(f.severity == ERROR for f in row.findings)]
    return group_verbs.conclude(report, len(rows), failed, strict, fmt, not all(r.passed() for r in rows))


def _one_machine(scheduler: str | None) -> None:
    """A single site is built on this machine: a cluster spreads a group's members, not one site's pages."""
    if scheduler:
        raise UsageError("--scheduler 只用于站群文件夹（含 group.yaml）：单个站点总在本机生成")


@dataclasses.dataclass
class MemberSpec:
    """`new member`'s options: where the member goes in the group, its kind and its 统一社会信用代码."""

    path: str | None = None
    kind: str | None = None
    org_code: str | None = None


MEMBER_TYPES = ("member", "成员")


def new(site_dir: Path, doc_type: str, title: str, column: str | None, date: dt.date | None,
        member: MemberSpec | None = None, doc_number: str = "") -> int:
    """`date`: the publication date of a document back-filled (its 索引号 takes its year, and so does its file
    name when it has no 发文字号); `doc_number`: its 发文字号, which names the file as `import` would;
    in a group folder, `new member` adds a member instead."""
    if is_group(site_dir) != (doc_type in MEMBER_TYPES):
        raise UsageError("new member 只能在站群文件夹（含 group.yaml）中使用；新建文档请对成员文件夹使用，"
                         "如 --site 站群文件夹/bm/fgw" if is_group(site_dir) else
                         f"{site_dir} 不是站群文件夹（没有 group.yaml），不能新建成员")
    if doc_type in MEMBER_TYPES:
        return _new_member(site_dir, title, member or MemberSpec())
    created = scaffold.new_document(site_dir, doc_type, title, column, date or dt.date.today(), doc_number=doc_number)
    print(f"已新建 {created.document.relative_to(site_dir).as_posix()}")
    if created.data:
        print(f"已新建 {created.data.relative_to(site_dir).as_posix()}（数据文件：数字都是 0，请按实际填写）")
    if created.column.unopened:
        print(f"注意：栏目“{created.column.name}”（{created.column.path}）未开通：文档写好、删去 draft: true 后，"
              f"还要删去 {opening.closing_lines(created.column)}，才会发布", file=sys.stderr)
    return EXIT_OK


def _new_member(group_dir: Path, name: str, spec: MemberSpec) -> int:
    missing = [option for option, value in (("--path", spec.path), ("--kind", spec.kind),
                                            ("--org-code", spec.org_code)) if not value]
    if missing:
        raise UsageError(f"new member 还需要 {'、'.join(missing)}，例如：new member 示例县审计局 --path bm/sjj "
                         "--kind 部门 --org-code 11340000MB0004000J")
    columns = members.add_member(group_dir, name, spec.path, spec.kind, spec.org_code)
    print(f"已新建成员 {name}：{spec.path}/config.yaml（配置从 group.yaml 继承），{len(columns)} 个栏目文件夹"
          f"（{spec.path}/content/……），并已加入 group.yaml 的 members")
    return EXIT_OK


def init(folder: Path, site: dict[str, str], command: str) -> int:
    """`site`: config.yaml's `site:` values; `command`: how the user runs the tool, for the next steps."""
    written = new_site.create(folder, new_site.SiteFields(**site), dt.date.today())
    print(f"已新建站点 {folder}：" + "、".join(p.relative_to(folder).as_posix() for p in written))
    print(new_site.next_steps(folder, command))
    return EXIT_OK


def import_word(site_dir: Path, files: list[Path], doc_type: str | None, column: str | None,
                date: dt.date | None, replace: bool) -> int:
    from gongkai.importing import importer  # python-docx is needed only here
    outcomes = importer.import_files(site_dir, files, doc_type, column, date, replace)
    for outcome in outcomes:
        if outcome.error:
            print(f"{outcome.source}: 错误：{outcome.error}", file=sys.stderr)
            continue
        print(f"已{'更新' if outcome.replaced else '导入'} {outcome.written}（来自 {outcome.source}）", flush=True)
        for warning in outcome.warnings:
            print(f"{outcome.source}: 警告：{warning}", file=sys.stderr)
    if not outcomes:
        raise UsageError("没有找到可导入的 Word 文件（.docx）")
    failed = sum(1 for o in outcomes if o.error)
    print(f"导入完成：{len(outcomes) - failed} 个文件已导入，{failed} 个失败", file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK


def serve(site_dir: Path, host: str | None, port: int, as_of: dt.datetime | None) -> int:
    from gongkai.tools import serve as serving  # tornado is needed only here
    if is_group(site_dir):
        from gongkai.group.preview import GroupPreview
        return serving.serve(site_dir, host, port, as_of, GroupPreview)
    return serving.serve(site_dir, host, port, as_of)


@dataclasses.dataclass
class DeployAction:
    """What `deploy` is asked to do besides publishing a new release (at most one of these)."""

    rollback: bool = False
    to: str | None = None  # a release name: switch to it, back or forward
    list: bool = False
    dry_run: bool = False
    allow_withdrawn: bool = False  # switch even to a release publishing documents the current one does not


def deploy(site_dir: Path, target_name: str | None, action: DeployAction, keep: int | None,
           as_of: dt.datetime | None, scheduler: str | None = None) -> int:
    """Deploy a site, or a whole group (its group.yaml's targets): the same releases, switch and rollback; a
    group's members built where `build` would build them."""
    group = is_group(site_dir)
    if group:
        target = deploying.choose(list(load_group(site_dir, doctypes.registry())[0].deploy), target_name, GROUP_FILE)
    else:
        _one_machine(scheduler)
        target = deploying.choose(load_config(site_dir, doctypes.registry())[0].deploy, target_name)
    if keep is not None:
        if keep < 1:
            raise UsageError("--keep 应为正整数（保留的版本数）")
        target = dataclasses.replace(target, keep=keep)
    if action.allow_withdrawn and not (action.rollback or action.to):
        raise UsageError("--allow-withdrawn 只用于 --rollback 或 --to（确认切换到的版本可以重新发布当前版本不发布的文档）")
    if group and (action.list or action.rollback or action.to):
        group_verbs.releases_here(scheduler, target)
    if action.list:
        return _list_releases(target, site_dir)
    with deploying.exclusive(site_dir):
        if action.rollback or action.to:
            return _switch(target, site_dir, action.to, action.allow_withdrawn)
        built = deploying.build_folder(site_dir)
        written, what, summary = _build_for_deploy(site_dir, built, _moment(as_of), scheduler)
        if not written:
            print(f"生成或检查有错误，未部署，线上网站未改动：{summary}", file=sys.stderr)
            return EXIT_CONTENT
        if action.dry_run:
            _print_pending(releases.pending(built, target, site_dir), target)
            return EXIT_OK
        name = deploying.publish(built, target, site_dir, dt.datetime.now(dt.timezone.utc))
    print(f"已部署到 {target.name}（{target.location}）：版本 {name}，{what}，{summary}")
    return EXIT_OK


def _build_for_deploy(site_dir: Path, built: Path, as_of: dt.datetime,
                      scheduler: str | None) -> tuple[bool, str, str]:
    """Build the site or group into the deploy folder and print its problems: (written, what it holds,
    the problems' summary)."""
    if is_group(site_dir):
        return group_verbs.build_for_deploy(site_dir, built, as_of, scheduler)
    result = pipeline.run(site_dir, as_of, built, fold_search=True)  # a release's index has no delta
    _print_problems(result.report)
    return (result.written, f"{result.documents} 篇文档，{result.pages} 个页面（{result.rendered} 个重新生成，"
            f"{result.reused} 个沿用）", result.report.summary())


def _switch(target: DeployTarget, site_dir: Path, to: str | None, allow_withdrawn: bool) -> int:
    """Switch `current` to release `to` (None: the previous one); one that would put documents back online
    which the current release does not publish (withdrawn, made 不予公开) only with --allow-withdrawn."""
    name = to or deploying.previous(target, site_dir)
    again = releases.republished(target, site_dir, name)
    if again and not allow_withdrawn:
        print(again.refusal(), file=sys.stderr)
        return EXIT_CONTENT
    newest = deploying.switch_to(target, site_dir, name)
    print(f"已把 {target.name}（{target.location}）切换到版本 {name}")
    if again:
        print(again.warning(), file=sys.stderr)
    if not newest:
        print("警告：content/ 中仍是回退前的内容，下次 deploy 会把它重新发布；如不想再发布，请先在 content/ 中"
              "撤回相应修改（deploy --to 版本名 可再切换到较新的版本）", file=sys.stderr)
    return EXIT_OK


def _list_releases(target: DeployTarget, site_dir: Path) -> int:
    found = releases.list_releases(target, site_dir)
    print(f"{target.name}（{target.location}）的版本，新的在前（* 为当前版本）：" if found
          else f"{target.name}（{target.location}）还没有部署过")
    for release in reversed(found):
        changes = release.changes.pages().counts() if release.changes else "首个版本"
        print(f"{'*' if release.current else ' '} {release.name}  {release.local_time()}  "
              f"{release.documents} 篇文档  页面：{changes}")
    return EXIT_OK


def _print_pending(changes: releases.Changes, target: DeployTarget) -> None:
    pages = changes.pages()
    for label, paths in (("新增", pages.added), ("修改", pages.changed), ("删除", pages.removed)):
        if paths:
            print(f"将{label} {len(paths)} 个页面：\n" + "".join(f"  {p}\n" for p in paths), end="")
    others = releases.Changes(*[[p for p in a if p not in b] for a, b in zip(
        (changes.added, changes.changed, changes.removed), (pages.added, pages.changed, pages.removed))])
    print(f"其他文件：{others.counts()}")
    print(f"以上是部署到 {target.name}（{target.location}）将发生的变化；未发布，线上网站未改动")
