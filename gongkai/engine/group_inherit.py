"""What a member site inherits from its group: read whenever the member's config.yaml is, so a member
builds the same alone (`build --site bm/fgw`) as inside the group build."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from gongkai.engine import sources, yamltext
from gongkai.engine.config import CONFIG_FILE
from gongkai.engine.doctype import Types
from gongkai.engine.group_spec import GROUP_FILE, Group, Member, is_group, load_group
from gongkai.problems import ConfigError, Problem

#: how far above a member's folder its group.yaml may be (bm/fgw is two levels down)
MAX_DEPTH = 4


@dataclass(frozen=True)
class Inheritance:
    group: Group
    member: Member

    @property
    def text(self) -> str:
        """Part of the member's cache key: a change to group.yaml rebuilds every member."""
        return self.group.text

    def merge(self, own: Optional[dict]) -> dict:
        """The member's config with the group's values under its own; a mapping merges key by key,
        anything else the member sets replaces the group's. The base path is always the group's
        base path followed by the member's path, where the group build puts its output."""
        group, member = self.group, self.member
        # 主办单位 and the default 发文机关: the member itself, unless group.yaml names another
        site = dict(group.site, name=member.name, org_code=member.org_code,
                    organization=member.organization or member.name)
        merged: dict[str, Any] = dict(group.inherited, site=site)
        for key, value in (own or {}).items():
            below = merged.get(key)
            merged[key] = {**below, **value} if isinstance(below, dict) and isinstance(value, dict) else value
        if isinstance(merged["site"], dict):
            merged["site"] = dict(merged["site"], base_path=f"{group.base_path}{member.path}/")
        return merged

    def inherits_columns(self, own_value: Optional[dict]) -> bool:
        """Whether the member's columns are group.yaml's: its config.yaml lists none."""
        return not (own_value or {}).get("columns") and "columns" in self.group.inherited

    def lines(self, own: dict, own_value: Optional[dict]) -> dict:
        """The member's line numbers, with group.yaml's for the columns it inherits."""
        return {**self.group.column_lines, **own} if self.inherits_columns(own_value) else own

    def site_links(self) -> dict:
        """What the member's pages show of the group (its name and where its pages are: the group
        navigation), and where the member and the others are, for links to their documents. The group's
        pages are reached by a relative path, as the member's own are, so the navigation stays in
        whatever serves the whole tree: the live site, a copy of a release, `serve`'s preview."""
        return {"group_name": self.group.name, "group_root": "../" * (self.member.path.count("/") + 1),
                "member_path": self.member.path, "group_members": tuple(m.path for m in self.group.members)}


def for_site(site_dir: Path, types: Types) -> Optional[Inheritance]:
    """The group `site_dir` is a member of, if any. A broken group.yaml is the group build's to report:
    here the member then reads as a site of its own."""
    here = site_dir.resolve()
    for folder in list(here.parents)[:MAX_DEPTH]:
        if not is_group(folder):
            continue
        try:
            group, _ = load_group(folder, types)
        except ConfigError:
            return None
        rel = here.relative_to(folder).as_posix()
        member = next((m for m in group.members if m.path == rel), None)
        return Inheritance(group, member) if member else None
    return None


def own_columns(site_dir: Path) -> bool:
    """Whether the member's config.yaml lists its own columns; if not, a column's line is in group.yaml."""
    try:
        own = yamltext.load(sources.decode(sources.read_bytes(site_dir / CONFIG_FILE))).value
    except (sources.SourceError, yamltext.YamlError):
        return True  # its config's own problems are reported against it
    return isinstance(own, dict) and own.get("columns") is not None


#: problems a site reports at a column's line of config.yaml; for inherited columns that line is group.yaml's
COLUMN_CODES = {"blank-column", "stale-column", "application-missing", "annual-report-missing", "guide-missing"}


def in_group(group_dir: Path, member_path: str, problems: list[Problem]) -> list[Problem]:
    """A member's problems with paths from the group folder (bm/fgw/content/…); those at a column it
    inherits point at group.yaml, naming the member."""
    at_columns = [p.code in COLUMN_CODES and p.path == CONFIG_FILE for p in problems]
    inherited = any(at_columns) and not own_columns(group_dir / member_path)  # its config read only then
    return [Problem(GROUP_FILE, p.line, p.severity, f"成员 {member_path}：{p.message}", p.code)
            if inherited and at_column
            else Problem(f"{member_path}/{p.path}", p.line, p.severity, p.message, p.code)
            for p, at_column in zip(problems, at_columns)]
