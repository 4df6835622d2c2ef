"""group.yaml: the group's name, where it is served, what its members inherit, and the members.

Read with the same schema reader as config.yaml, so messages look the same (`group.yaml:LINE: 错误：…`),
unknown keys warn and every problem of the file is reported in one run.
"""
from __future__ import annotations

import functools
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from gongkai.engine import config as site_config
from gongkai.engine import site_codes, sources, yamltext
from gongkai.engine.config import DeployTarget
from gongkai.engine.config_schema import Key
from gongkai.engine.doctype import Types
from gongkai.problems import ERROR, ConfigError, Problem, Report

GROUP_FILE = "group.yaml"
#: kinds of member (成员类别): the government itself, its departments, its townships and streets
KINDS = ("本级", "部门", "乡镇（街道）")
#: first path segments the group's own pages use
RESERVED = {"static", "gkml", "feeds", "bmxxgk", "xzxxgk", "search", "pagefind"}
#: keys a member inherits when its own config.yaml does not set them
INHERITED = ("defaults", "columns", "topics", "markdown", "page_size", "report")


def _member_path(value: str) -> Optional[str]:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*", value):
        return "成员路径只能用小写字母、数字、“-”、“_”和“/”，例如 bm/fgw"
    return "是站群页面使用的路径，请换一个" if value.split("/")[0] in RESERVED else None


GROUP_SCHEMA = {
    "name": Key(str, True), "base_path": site_config.SITE_SCHEMA["base_path"],
    "output": Key(str, default="public"), "site": Key(dict, True), "members": Key(list, True),
    "defaults": Key(dict), "columns": Key(list), "topics": Key(list), "markdown": Key(dict),
    "page_size": site_config.TOP_SCHEMA["page_size"], "report": Key(dict), "deploy": Key(dict),
}
#: the 网站标识码, 备案 and 主办单位 (the platform's 政务公开办) every member's footer shows
GROUP_SITE_SCHEMA = {name: site_config.SITE_SCHEMA[name]
                     for name in ("domain", "site_id", "organization", "icp", "police_record")}
MEMBER_SCHEMA = {
    "path": Key(str, True, check=_member_path), "name": Key(str, True),
    "kind": Key(str, True, check=lambda v: None if v in KINDS else f"可选：{'、'.join(KINDS)}"),
    "org_code": Key(str, True, check=site_codes.credit_code_problem),
    "organization": Key(str),
}


@dataclass(frozen=True)
class Member:
    path: str  # its folder in the group, and its output folder: bm/fgw
    name: str  # 发布机构, shown as the member's site name
    kind: str  # 本级, 部门 or 乡镇（街道）
    org_code: str  # 统一社会信用代码, the first part of its 索引号
    organization: str  # 主办单位; empty: the group's
    line: int


@dataclass(frozen=True)
class Group:
    folder: Path
    name: str
    base_path: str
    output: str
    site: dict  # group.yaml's site: as written
    inherited: dict  # the INHERITED keys group.yaml sets, as written
    members: tuple[Member, ...]
    text: str  # group.yaml as read, for cache keys
    column_lines: dict  # group.yaml's lines of its columns, by key path: problems at an inherited column point there
    deploy: tuple[DeployTarget, ...] = ()  # where `deploy` publishes the whole group (not inherited)

    def url(self) -> str:
        """The group home's absolute address, for what is read away from the site: its feed, sitemap, robots.txt."""
        return f"https://{self.site['domain']}{self.base_path}"


def is_group(folder: Path) -> bool:
    return (folder / GROUP_FILE).is_file()


def load_group(folder: Path, types: Types) -> tuple[Group, Report]:
    """Read and check group.yaml; raise ConfigError with every problem when the group cannot be built."""
    report = Report()
    try:
        text = sources.decode(sources.read_bytes(folder / GROUP_FILE))
        group, problems = _read(folder, text, types)
    except (sources.SourceError, yamltext.YamlError) as exc:
        report.error(GROUP_FILE, exc.line, exc.message)
        raise ConfigError(report) from None
    report.problems.extend(problems)
    for member in group.members:  # on disk, so asked every time
        linked = _linked(folder, member.path)
        if linked:
            where = "是" if linked == member.path else f"所在的 {linked}/ 是"
            report.error(GROUP_FILE, member.line, f"成员“{member.name}”的文件夹 {member.path}/ {where}符号链接：经符号链接"
                         "读到的文件夹不被当作站群成员（不继承 group.yaml）；成员文件夹须是站群文件夹中的普通文件夹，"
                         "请把文件夹本身移进来")
        elif not (folder / member.path / site_config.CONFIG_FILE).is_file():
            report.error(GROUP_FILE, member.line,
                         f"成员“{member.name}”的文件夹 {member.path}/ 中没有 config.yaml")
    if report.errors:
        raise ConfigError(report)
    return group, report


def _linked(folder: Path, member_path: str) -> str | None:
    """The first folder on the member's path (bm, then bm/fgw) that is a symbolic link, or None. A member
    read through one is not inside the group folder, so it reads as a site of its own, not as a member."""
    parts = member_path.split("/")
    return next(("/".join(parts[:n]) for n in range(1, len(parts) + 1)
                 if (folder / "/".join(parts[:n])).is_symlink()), None)


@functools.lru_cache(maxsize=8)
def _read(folder: Path, text: str, types: Types) -> tuple[Group, tuple[Problem, ...]]:
    """group.yaml's text read and checked once a process for each text it had: every member's
    configuration reads it, twice for each member in a group build (members built in processes forked
    from the one that read it first find it read). What was read is only ever read, never changed."""
    report = Report()
    doc = yamltext.load(text)
    reader = site_config.SchemaReader(doc, report, types, file=GROUP_FILE)
    top = reader.mapping(doc.value if isinstance(doc.value, dict) else {}, (), GROUP_SCHEMA, "")
    site = reader.mapping(top["site"] or {}, ("site",), GROUP_SITE_SCHEMA, "site.")
    _check_inherited(reader, top)
    deploy = reader.deploy(top["deploy"])
    members = _members(reader, top["members"] or [])
    written = doc.value if isinstance(doc.value, dict) else {}
    inherited = {key: written[key] for key in INHERITED if written.get(key) is not None}
    return Group(folder, top["name"], top["base_path"], top["output"], {k: v for k, v in site.items() if v},
                 inherited, tuple(members), text, {k: v for k, v in doc.lines.items() if k[:1] == ("columns",)},
                 tuple(deploy)), tuple(report.problems)


def _check_inherited(reader: Any, top: dict) -> None:
    """Wrong types in what members inherit are group.yaml's errors, not each member's."""
    reader.mapping(top["defaults"] or {}, ("defaults",), site_config.DEFAULTS_SCHEMA, "defaults.")
    reader.mapping(top["markdown"] or {}, ("markdown",), site_config.MARKDOWN_SCHEMA, "markdown.")
    reader.strings(top["topics"], ("topics",), "topics")
    reader.report_settings(top["report"])
    if top["columns"] is not None:
        reader.columns(top["columns"], ("columns",), None)


def _members(reader: Any, items: list) -> list[Member]:
    members, seen = [], {}
    for i, item in enumerate(items):
        spec = reader.mapping(item, ("members", i), MEMBER_SCHEMA, "members[].")
        path, line = spec["path"], reader.doc.line("members", i)
        if not path or not spec["name"]:
            continue
        if path in seen:
            reader.report.error(GROUP_FILE, line, f"成员路径“{path}”重复（第 {seen[path]} 行已有）")
            continue
        clash = next((p for p in seen if p.startswith(path + "/") or path.startswith(p + "/")), None)
        if clash:
            reader.report.error(GROUP_FILE, line, f"成员路径“{path}”与“{clash}”相互包含，输出会重叠，请换一个")
        seen[path] = line
        members.append(Member(path, spec["name"], spec["kind"] or "", spec["org_code"] or "",
                              spec["organization"] or "", line))
    if not members and not reader.report.errors:
        reader.report.error(GROUP_FILE, reader.doc.line("members"), "members 至少要有一个成员")
    return members


def not_seen_here(group_dir: Path, member_path: str) -> Optional[Problem]:
    """The error of a member's task on a machine that does not see the group folder (a cluster's worker
    without the shared file system), or None when it sees it."""
    if (group_dir / GROUP_FILE).is_file():
        return None
    return Problem(GROUP_FILE, 0, ERROR, f"成员 {member_path}：在 {socket.gethostname()} 上找不到站群文件夹 {group_dir}；"
                   "在多台机器上生成或检查时，每台机器都须以同一路径读写站群文件夹和输出文件夹（共享文件系统）")


def unfinished(member: Member, building: bool, why: str) -> Problem:
    """A member whose task ran nowhere to its end (its worker lost, the cluster gone), at its line of
    group.yaml: one wording for build (未能生成) and for check and check --report (未能检查)."""
    return Problem(GROUP_FILE, member.line, ERROR, f"成员 {member.path} 未能{'生成' if building else '检查'}：{why}")
