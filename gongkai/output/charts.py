"""Inline SVG bar charts for numeric table columns: no JavaScript, no library, readable without colour.

The chart is decoration for sighted readers; its <title> and <desc> carry the same numbers
as text, and the table beside it stays the full accessible version. Bars are horizontal
with the row's label above them, so long Chinese item names are never cut off.
"""
from __future__ import annotations

from html import escape

from markupsafe import Markup

from gongkai.engine.tables import Table

WIDTH, LABEL_H, BAR_H, GAP, LEGEND_H = 640, 18, 14, 10, 22
#: series colours, each with ≥ 4.5:1 contrast on white; series also differ by position and legend text
#: sum rows would dwarf every other bar
TOTAL_ROWS = ("合计", "总计")
COLOURS = ("#1f4e79", "#a0410d", "#38601f", "#6b2c7a")


def bar_chart(table: Table, key: str) -> Markup:
    """An SVG chart of `table`'s numeric columns, or empty markup when the table does not suit one."""
    series = table.chartable()
    if not series:
        return Markup("")
    rows = [row for row in table.rows
            if any(row[c].number is not None for c in series) and not row[0].text.startswith(TOTAL_ROWS)]
    if len(rows) < 2:
        return Markup("")
    top = max((row[c].number or 0 for row in rows for c in series), default=0) or 1
    legend = LEGEND_H if len(series) > 1 else 0
    group = LABEL_H + BAR_H * len(series) + GAP
    height = legend + group * len(rows)
    title = f"{table.title}（单位：{table.unit}）条形图" if table.unit else f"{table.title}条形图"
    desc = "；".join(f"{row[0].text}：" + "，".join(f"{table.columns[c]} {row[c].text or '无'}" for c in series)
                    for row in rows)
    parts = [f'<svg class="bar-chart" role="img" aria-labelledby="{key}-t {key}-d" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>']
    if legend:
        for n, c in enumerate(series):
            x = n * 160
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[n % len(COLOURS)]}"/>'
                         f'<text x="{x + 16}" y="15" font-size="13">{escape(table.columns[c])}</text>')
    usable = WIDTH - 90
    for r, row in enumerate(rows):
        y = legend + r * group
        parts.append(f'<text x="0" y="{y + 13}" font-size="13">{escape(row[0].text)}</text>')
        for n, c in enumerate(series):
            value = max(row[c].number or 0, 0)
            bar_y = y + LABEL_H + n * BAR_H
            width = round(usable * value / top, 1)
            parts.append(f'<rect x="0" y="{bar_y}" width="{width}" height="{BAR_H - 3}" '
                         f'fill="{COLOURS[n % len(COLOURS)]}"/>'
                         f'<text x="{width + 4}" y="{bar_y + 10}" font-size="11">{escape(row[c].text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
