"""What an inspection would fault on one site, gathered into a `SiteFindings`: one row of the report.

`findings(site_dir, as_of)` checks a site on its own; `gather` reuses a check that already ran
(`check --report`). A site group calls `findings` once per member and passes the rows to `render`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import doctypes, pipeline
from gongkai.engine import finding_kinds as kinds
from gongkai.engine.config import load_config
from gongkai.engine.doctype import Types
from gongkai.engine.model import Column, Site
from gongkai.engine.validate import is_blank
from gongkai.oversight.rules import check_calendar
from gongkai.problems import INFO, Problem

MONTHS = 12  # the updates chart covers the last twelve months


@dataclass
class Finding:
    kind: str  # kinds.Kind.key
    path: str
    line: int
    severity: str
    message: str
    code: str


@dataclass
class ColumnState:
    """One column as an inspector looks at it: when it was last updated, against its period."""

    path: str
    name: str
    documents: int
    newest: str | None  # 最新发布日期, YYYY-MM-DD
    days: int | None  # days since then, on as_of
    update_days: int | None  # 更新周期
    blank: bool  # 空白栏目
    late: bool  # past its update period, or never updated though it has one


@dataclass
class SiteFindings:
    """One row of the report: a site, or one member of a site group."""

    name: str
    site_dir: str
    as_of: str
    fail_on: list[str]  # report.fail_on
    allowed: dict[str, int] = field(default_factory=dict)  # report.allowed: findings tolerated per kind
    findings: list[Finding] = field(default_factory=list)
    columns: list[ColumnState] = field(default_factory=list)
    monthly: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM, documents published)
    kind: str = ""  # a group member's kind (本级, 部门 or 乡镇（街道）); empty for a site on its own
    #: why nothing of it could be checked (配置有误: its config.yaml could not be read; or its task was lost
    #: on the cluster); empty when it was checked
    unchecked: str = ""

    @property
    def checked(self) -> bool:
        return not self.unchecked

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    def failing(self) -> list[str]:
        """The kinds found that fail an inspection outright (单项否决) under this site's report.fail_on."""
        return [k.key for k in kinds.KINDS
                if k.key in self.fail_on and self.count(k.key) > self.allowed.get(k.key, 0)]

    def late_columns(self) -> int:
        return sum(c.late for c in self.columns)

    def blank_columns(self) -> int:
        return sum(c.blank for c in self.columns)

    def passed(self) -> bool:
        """A site that could not be checked has not passed: nothing is known about it."""
        return self.checked and not self.failing()


def findings(site_dir: Path, as_of: dt.datetime) -> SiteFindings:
    """Check `site_dir` as of `as_of` without writing anything, and gather what an inspection faults."""
    return gather(site_dir, as_of, pipeline.run(site_dir, as_of, None))


def gather(site_dir: Path, as_of: dt.datetime, result: pipeline.Result) -> SiteFindings:
    """The row for a check already run at the moment `as_of`, counted in days; the calendar rules' problems
    are added to `result.report`."""
    config, _ = load_config(site_dir, doctypes.registry())
    day = as_of.date()
    row = SiteFindings(config.site.name, str(site_dir), day.isoformat(), list(config.report.fail_on),
                       dict(config.report.allowed))
    if result.site is not None:
        check_calendar(result.site, result.report)
        row.columns = [_column(c, day, config.types) for c in result.site.all_columns() if not c.archived]
        row.monthly = _monthly(result.site, day)
    row.findings = as_findings(result.report.sorted())
    return row


def as_findings(problems: list[Problem]) -> list[Finding]:
    """Each problem under the heading an inspection counts it in; notes (INFO) are not findings."""
    return [Finding(kinds.kind_of(p.code).key, p.path, p.line, p.severity, p.message, p.code)
            for p in problems if p.severity != INFO]


def _column(column: Column, as_of: dt.date, types: Types) -> ColumnState:
    docs = column.all_documents()
    newest = docs[0].published.date() if docs and docs[0].published else None
    days = (as_of - newest).days if newest else None
    late = bool(column.update_days) and (days is None or days > column.update_days)
    return ColumnState(column.path, column.name, len(docs), newest.isoformat() if newest else None, days,
                       column.update_days, is_blank(column, types), late)


def _monthly(site: Site, as_of: dt.date) -> list[tuple[str, int]]:
    """Documents published in each of the last twelve months, oldest month first."""
    months = []
    year, month = as_of.year, as_of.month
    for _ in range(MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    counts = dict.fromkeys(reversed(months), 0)
    for doc in site.documents:
        key = doc.published.strftime("%Y-%m") if doc.published else ""
        if key in counts:
            counts[key] += 1
    return list(counts.items())
