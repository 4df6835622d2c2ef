"""基层政务公开标准目录: one area's (领域) catalogue of disclosure items, read from a data file.

The State Council's 26 areas each publish a 标准目录: 一级事项 holding 二级事项, and for each
二级事项 what is disclosed, on what basis, how soon, by whom, where, to whom and at which level.
A row may name the columns of this site that hold its documents, so the page links them with
their count and newest date, and a document of them published later than the row's 公开时限 after
its 成文日期 is a warning.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gongkai.engine import chinese_dates, content_links
from gongkai.engine.doctype import DocType
from gongkai.doctypes.interpretations import working_days_between
from gongkai.engine.datafile import DataReader
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page
from gongkai.problems import Report

NAME = "catalog_area"
#: 公开对象, 公开方式
AUDIENCES = ("全社会", "特定群众")
MODES = ("主动", "依申请公开")
#: a row's text fields: key, label
TEXTS = (("name", "二级事项"), ("content", "公开内容（要素）"), ("basis", "公开依据"), ("deadline", "公开时限"),
         ("body", "公开主体"))
ROW_KEYS = {"no", "columns", "channels", "audience", "mode", "level"} | {k for k, _ in TEXTS}
#: “20个工作日内”, “二十个工作日内”, “15日内”: a 公开时限 that can be checked against each document's 成文日期
_LIMIT = re.compile(rf"([0-9{chinese_dates.NUMERALS}]+)\s*个?(工作日|自然日|日|天)内")


@dataclass
class Item:
    """One row of the catalogue: a 二级事项 under its 一级事项."""

    no: str  # 序号
    category: str  # 一级事项
    name: str  # 二级事项
    content: str  # 公开内容（要素）
    basis: str  # 公开依据
    deadline: str  # 公开时限
    body: str  # 公开主体
    channels: list[str]  # 公开渠道和载体
    audience: str  # 公开对象
    mode: str  # 公开方式
    levels: list[str]  # 公开层级
    columns: list[str]  # paths of this site's columns holding its documents
    where: tuple  # its place in the data file, for line numbers

    @property
    def bodies(self) -> list[str]:
        """Each 公开主体 of a row written as “县发展改革委、项目单位”, for the filter."""
        return [b.strip() for b in self.body.split("、") if b.strip()]

    @property
    def label(self) -> str:
        return f"{self.category}—{self.name}"


@dataclass
class AreaCatalog:
    area: str  # 领域
    levels: list[str]  # 公开层级 offered in this area
    items: list[Item] = field(default_factory=list)

    def rows(self) -> list[tuple[None, Item]]:
        """Its rows as the table shows them: no 领域 column on the area's own page."""
        return [(None, item) for item in self.items]

    def values(self, key: str) -> list[str]:
        """Distinct values of a row field, in order of appearance: the choices of the page's filter."""
        seen: dict[str, None] = {}
        for item in self.items:
            for value in (getattr(item, key) if isinstance(getattr(item, key), list) else [getattr(item, key)]):
                seen.setdefault(value, None)
        return list(seen)


class _Reader(DataReader):
    code = "standard-catalog"

    def text(self, data: dict, path: tuple, key: str, label: str) -> str:
        value = data.get(key)
        if not self.shown(path + (key,), value, f"{label}（{key}）"):
            return ""
        if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
            self.error(path + (key,), f"缺少{label}（{key}），请写文字")
            return ""
        return str(value).strip()

    def texts(self, data: dict, path: tuple, key: str, label: str, required: bool = True) -> list[str]:
        value = data.get(key)
        if value is None and not required:
            return []
        items = value if isinstance(value, list) else [value]
        at = [path + (key, n) for n in range(len(items))] if isinstance(value, list) else [path + (key,)]
        if not all([self.shown(place, v, f"{label}（{key}）") for place, v in zip(at, items)]):
            return []
        if not items or any(v is None or isinstance(v, (dict, list, bool)) or not str(v).strip() for v in items):
            self.error(path + (key,), f"{label}（{key}）应为文字列表，例如 [政府网站, 公开栏]")
            return []
        return [str(v).strip() for v in items]

    def choice(self, data: dict, path: tuple, key: str, label: str, choices: tuple) -> str:
        value = str(data.get(key) or "").strip()
        if value not in choices:
            self.error(path + (key,), f"{label}（{key}）应为 {' / '.join(choices)}，实为“{value}”")
        return value


def read(doc: Document, report: Report) -> AreaCatalog | None:
    if not isinstance(doc.data, dict):
        return None
    r, data = _Reader(doc, report), doc.data
    for key in data:
        if key not in ("area", "levels", "items"):
            r.warning((key,), f"未知的键“{key}”已忽略（可用：area、levels、items）")
    catalog = AreaCatalog(r.text(data, (), "area", "领域"), r.texts(data, (), "levels", "公开层级"))
    groups = data.get("items")
    if not isinstance(groups, list) or not groups:
        r.error(("items",), "items 应为一级事项列表，每项写 name（一级事项）和 items（二级事项列表）")
        return catalog
    for g, group in enumerate(groups):
        if not isinstance(group, dict):
            r.error(("items", g), f"第 {g + 1} 个一级事项应写成 {{name: 一级事项, items: [二级事项……]}}")
            continue
        category = r.text(group, ("items", g), "name", "一级事项")
        rows = group.get("items")
        if not isinstance(rows, list) or not rows:
            r.error(("items", g, "items"), f"一级事项“{category}”的 items 应为二级事项列表")
            continue
        for n, row in enumerate(rows):
            item = _item(row, ("items", g, "items", n), category, catalog, r)
            if item is not None:
                catalog.items.append(item)
    return catalog


def _item(row: object, where: tuple, category: str, catalog: AreaCatalog, r: _Reader) -> Item | None:
    if not isinstance(row, dict):
        r.error(where, f"一级事项“{category}”下第 {where[-1] + 1} 个二级事项应写成键值对（name、content……）")
        return None
    for key in row:
        if key not in ROW_KEYS:
            r.warning(where + (key,), f"二级事项中未知的键“{key}”已忽略")
    texts = {key: r.text(row, where, key, label) for key, label in TEXTS}
    levels = r.texts(row, where, "level", "公开层级")
    for level in levels:
        if catalog.levels and level not in catalog.levels:
            r.error(where + ("level",), f"公开层级“{level}”不在本领域的公开层级（levels：{'、'.join(catalog.levels)}）中")
    no = row.get("no")
    no = str(no) if no is not None and r.shown(where + ("no",), no, "序号（no）") else str(len(catalog.items) + 1)
    return Item(no, category, channels=r.texts(row, where, "channels", "公开渠道和载体"),
                audience=r.choice(row, where, "audience", "公开对象", AUDIENCES),
                mode=r.choice(row, where, "mode", "公开方式", MODES), levels=levels,
                columns=r.texts(row, where, "columns", "栏目", required=False), where=where, **texts)


def check(site: Site, report: Report) -> None:
    """Each row's columns exist, and their documents were published within the row's 公开时限."""
    for doc in site.of_type(NAME):
        if doc.figures is None:
            continue
        r = _Reader(doc, report)
        for item in doc.figures.items:
            columns = []
            for k, path in enumerate(item.columns):
                column = site.by_column.get(path)
                if column is None:
                    meant = content_links.closest(path, sorted(site.by_column), cutoff=0.7)  # short names: 0.6 is a guess
                    hint = f"是不是“{meant}”？" if meant else ""
                    r.error(item.where + ("columns", k), f"标准目录事项“{item.label}”的栏目“{path}”不存在：{hint}"
                                                         "请写 config.yaml 中栏目的完整路径")
                else:
                    columns.append(column)
            if columns:
                _timely(item, columns, site, r)


def _timely(item: Item, columns: list[Column], site: Site, r: _Reader) -> None:
    """A 公开时限 counts from when the information was formed (the 成文日期) to its publication: a column
    with nothing new is not late, a document published after the limit is."""
    match = _LIMIT.search(item.deadline)
    limit = chinese_dates.number(match.group(1)) if match else None
    if limit is None:
        return
    unit = "个工作日" if match.group(2) == "工作日" else "天"
    names = "、".join(f"“{c.name}”" for c in columns)
    docs = [d for c in columns for d in c.all_documents() if d.published]
    if not docs:
        r.warning(item.where + ("deadline",), f"标准目录事项“{item.label}”的公开时限是“{item.deadline}”，"
                                              f"但栏目{names}还没有发布任何文档")
        return
    for doc in sorted(docs, key=lambda d: d.source):
        if not doc.meta.get("written"):
            continue
        written, published = dt.date.fromisoformat(doc.meta["written"]), doc.published.date()  # YYYY-MM-DD, as read
        elapsed = working_days_between(written, published) if unit == "个工作日" else (published - written).days
        if elapsed > limit:
            r.warning(item.where + ("deadline",), f"标准目录事项“{item.label}”的公开时限是“{item.deadline}”，"
                                                  f"但 {doc.source} 成文于 {written}，发布于 {published}，"
                                                  f"已过 {elapsed} {unit}")


@dataclass
class Index:
    """The 标准目录 column: every area, and every row of every area for the element search."""

    areas: list[Document]
    rows: list[tuple[Document, Item]]

    def values(self, key: str) -> list[str]:
        merged = AreaCatalog("", [], [item for _, item in self.rows])
        return merged.values(key)


def column_pages(column: Column, site: Site) -> list[Page]:
    """The index of areas, with one table of all their rows to filter by 领域, 事项, 公开主体 and 公开层级."""
    docs = column.all_documents()
    areas = sorted((d for d in docs if d.meta["type"] == NAME and d.figures), key=lambda d: d.figures.area)
    rows = [(d, item) for d in areas for item in d.figures.items]
    return [Page(column.url, "standard_catalog.html", column.name, "column", column=column, documents=docs,
                 view=Index(areas, rows))]


def skeleton() -> str:
    """The data file of a new area: one 一级事项 with one 二级事项 whose every field says what to write."""
    return """# 基层政务公开标准目录：一个领域的一级事项和二级事项（每个二级事项一项，写法见编辑指南）
area: 领域名称                    # 如 财政预决算
levels: [县级, 乡级]              # 本领域的公开层级
items:
  - name: 一级事项名称
    items:
      - name: 二级事项名称
        content: 公开内容（要素）
        basis: 公开依据
        deadline: 信息形成或者变更之日起20个工作日内
        body: 公开主体
        channels: [政府网站]
        audience: 全社会            # 全社会 / 特定群众
        mode: 主动                  # 主动 / 依申请公开
        level: [县级]
        # columns: [fdzdgknr/zdjsxm]  # 本站存放这一事项文档的栏目（完整路径）
"""


TYPE = DocType(NAME, "基层政务公开标准目录",
               column={"path": "bzml", "name": "基层政务公开标准目录", "column_type": "信息公开目录",
                       "description": "各领域基层政务公开标准目录：公开事项、内容、依据、时限、主体、渠道、对象、方式和层级"},
               required=("data",), read_figures=read, check_site=check, data_skeleton=skeleton, interpretable=False,
               column_views=column_pages, template="types/standard_catalog.html")
