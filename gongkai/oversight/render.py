"""The report as an accessible page (`index.html`: tables, with charts beside them) and as data
(`report.json`), written to a folder of their own that no build or deploy publishes."""
from __future__ import annotations

import json
import os
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path

import jinja2
from markupsafe import Markup

from gongkai.engine import finding_kinds as kinds
from gongkai.engine.tables import Cell, Table
from gongkai.output.charts import bar_chart
from gongkai.oversight.collect import SiteFindings
from gongkai.tools.unwritten import refused_writes

PAGE, DATA = "index.html", "report.json"
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True,
                                trim_blocks=True, lstrip_blocks=True)


def render(rows: list[SiteFindings], out: Path, group: str = "") -> None:
    """Write the report for `rows` (one per site, or per member of the group named `group`) into the
    folder `out`; a folder that cannot be written is one error, and the report there before is kept."""
    data = json.dumps(to_data(rows, group), ensure_ascii=False, indent=1) + "\n"
    page = _TEMPLATES.get_template("report.html").render(
        rows=rows, kinds=kinds.KINDS, labels={k.key: k.label for k in kinds.KINDS}, charts=_charts(rows),
        group=group, totals=by_kind_totals(rows), passed=all(row.passed() for row in rows))
    with refused_writes(out, "检查报告未写入，原有的报告未改动"):
        out.mkdir(parents=True, exist_ok=True)
        _replace_together(out, {DATA: data, PAGE: page})


def _replace_together(out: Path, texts: dict[str, str]) -> None:
    """Every file written whole under a hidden name (which the report folder's check ignores) before any is put in
    place: a write that fails (a full disk) leaves the earlier report, not half of it or a page without its data."""
    partials = {name: out / f".{name}.partial" for name in texts}
    try:
        for name, text in texts.items():
            partials[name].write_text(text, encoding="utf-8")
        for name, partial in partials.items():
            os.replace(partial, out / name)
    finally:
        for partial in partials.values():
            with suppress(OSError):
                partial.unlink(missing_ok=True)


def to_data(rows: list[SiteFindings], group: str = "") -> dict:
    """report.json: every row with its verdict and counts by kind (fields: docs/admin.md); for a group
    also its name and the counts by kind over all members."""
    totals = {"group": group, "totals": [{"key": k.key, "label": k.label, "count": count, "members": members}
                                         for k, count, members in by_kind_totals(rows)]} if group else {}
    return {**totals, "passed": all(row.passed() for row in rows),
            "sites": [dict(asdict(row), checked=row.checked, passed=row.passed(), failing=row.failing(),
                           kinds=[{"key": k.key, "label": k.label, "fails": k.key in row.fail_on,
                                   "allowed": row.allowed.get(k.key, 0), "count": row.count(k.key)}
                                  for k in kinds.KINDS],
                           monthly=[{"month": m, "documents": n} for m, n in row.monthly])
                      for row in rows]}


def by_kind_totals(rows: list[SiteFindings]) -> list[tuple[kinds.Kind, int, int]]:
    """Each kind with its findings over all rows and the number of rows (members) that have one."""
    return [(k, sum(r.count(k.key) for r in rows), sum(1 for r in rows if r.count(k.key))) for k in kinds.KINDS]


def _charts(rows: list[SiteFindings]) -> list[tuple[str, Markup]]:
    """The charts with something to show, each with its caption: findings by kind, late columns (or
    members), updates per month. The tables below give the same numbers."""
    if len(rows) == 1:
        row = rows[0]
        late = _table("超过更新周期的栏目", "天", ["栏目", "未更新天数", "更新周期"],
                      [[c.name, c.days or 0, c.update_days] for c in row.columns if c.late])
        by_kind = _table("各检查项发现的问题", "个", ["检查项", row.name],
                         [[k.label, row.count(k.key)] for k in kinds.KINDS])
        monthly = _table("近12个月每月发布的文档", "篇", ["月份", row.name], [list(m) for m in row.monthly])
    else:  # a group: totals over its members, so the charts stay readable with fifty of them
        late = _table("各成员的超期栏目和空白栏目", "个", ["成员", "超期栏目", "空白栏目"],
                      [[r.name, r.late_columns(), r.blank_columns()] for r in rows])
        by_kind = _table("各检查项发现的问题", "个", ["检查项", "问题数", "涉及成员数"],
                         [[k.label, total, members] for k, total, members in by_kind_totals(rows)])
        months = next((r.monthly for r in rows if r.monthly), [])
        monthly = _table("近12个月每月发布的文档（全部成员）", "篇", ["月份", "文档数"],
                         [[m, sum(dict(r.monthly).get(m, 0) for r in rows)] for m, _ in months])
    charts = [(table.title, bar_chart(table, f"chart-{n}")) for n, table in enumerate((by_kind, late, monthly))]
    return [(title, svg) for title, svg in charts if svg]


def _table(title: str, unit: str, columns: list[str], rows: list[list]) -> Table:
    cells = [[Cell(str(v), None if n == 0 else float(v)) for n, v in enumerate(row)] for row in rows]
    return Table(title, unit, columns, cells, [False] + [True] * (len(columns) - 1))
