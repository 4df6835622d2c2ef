"""The report as an accessible page (`index.html`: tables, with charts beside them) and as data
(`report.json`), written to a folder of their own that no build or deploy publishes."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jinja2
from markupsafe import Markup

from gongkai.engine import finding_kinds as kinds
from gongkai.engine.tables import Cell, Table
from gongkai.output.charts import bar_chart
from gongkai.oversight.collect import SiteFindings

PAGE, DATA = "index.html", "report.json"
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True,
                                trim_blocks=True, lstrip_blocks=True)


def render(rows: list[SiteFindings], out: Path) -> None:
    """Write the report for `rows` (one per site, or per member of a group) into the folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / DATA).write_text(json.dumps(to_data(rows), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    page = _TEMPLATES.get_template("report.html").render(
        rows=rows, kinds=kinds.KINDS, labels={k.key: k.label for k in kinds.KINDS}, charts=_charts(rows),
        passed=not any(row.failing() for row in rows))
    (out / PAGE).write_text(page, encoding="utf-8")


def to_data(rows: list[SiteFindings]) -> dict:
    """report.json: every row with its verdict and counts by kind (fields: docs/admin.md)."""
    return {"passed": not any(row.failing() for row in rows),
            "sites": [dict(asdict(row), passed=not row.failing(), failing=row.failing(),
                           kinds=[{"key": k.key, "label": k.label, "fails": k.key in row.fail_on,
                                   "allowed": row.allowed.get(k.key, 0), "count": row.count(k.key)}
                                  for k in kinds.KINDS],
                           monthly=[{"month": m, "documents": n} for m, n in row.monthly])
                      for row in rows]}


def _charts(rows: list[SiteFindings]) -> list[tuple[str, Markup]]:
    """The charts with something to show, each with its caption: findings by kind, late columns (or
    members), updates per month. The tables below give the same numbers."""
    names = [row.name for row in rows]
    if len(rows) == 1:
        late = _table("超过更新周期的栏目", "天", ["栏目", "未更新天数", "更新周期"],
                      [[c.name, c.days or 0, c.update_days] for c in rows[0].columns if c.late])
    else:
        late = _table("各成员的超期栏目和空白栏目", "个", ["成员", "超期栏目", "空白栏目"],
                      [[r.name, sum(c.late for c in r.columns), sum(c.blank for c in r.columns)] for r in rows])
    by_kind = _table("各检查项发现的问题", "个", ["检查项", *names],
                     [[k.label, *(r.count(k.key) for r in rows)] for k in kinds.KINDS])
    monthly = _table("近12个月每月发布的文档", "篇", ["月份", *names],
                     [[m, *(dict(r.monthly).get(m, 0) for r in rows)] for m, _ in rows[0].monthly])
    charts = [(table.title, bar_chart(table, f"chart-{n}")) for n, table in enumerate((by_kind, late, monthly))]
    return [(title, svg) for title, svg in charts if svg]


def _table(title: str, unit: str, columns: list[str], rows: list[list]) -> Table:
    cells = [[Cell(str(v), None if n == 0 else float(v)) for n, v in enumerate(row)] for row in rows]
    return Table(title, unit, columns, cells, [False] + [True] * (len(columns) - 1))
