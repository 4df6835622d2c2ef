"""`build.py new`: a new draft with the next free 索引号, its date (today, or `--date` when back-filling)
and the fields its type requires, in a file named after its 发文字号 when it is given (年份-栏目-序号, as
`import` names it), else after its title (年份-拼音首字母, see slug.py), with the data file its type reads
beside it.

The 索引号 carries the year of the publication date (发布日期), as the file name and `fiscal_year` do (an annual report's is the year before):
a 2021 document back-filled in 2026 gets a 2021 索引号."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from gongkai import doctypes
from gongkai.engine import doc_numbers, fields, sources
from gongkai.engine import yamltext
from gongkai.engine.config import Config, load_config
from gongkai.engine.model import Column
from gongkai.tools import slug
from gongkai.engine.reader import split_front_matter
from gongkai.problems import UsageError


def front_matters(site_dir: Path) -> Iterator[tuple[sources.SourceFile, yamltext.YamlDoc]]:
    """Every content/ document's front matter, read leniently: a broken file elsewhere must not stop `new` or `import`."""
    for source in sources.scan(site_dir):
        if not source.rel.endswith(".md"):
            continue
        try:
            head, _, _ = split_front_matter(sources.decode(sources.read_bytes(source.path)))
            found = yamltext.load(head, first_line=2)
        except (sources.SourceError, yamltext.YamlError, OSError):
            continue
        if isinstance(found.value, dict):
            yield source, found


def used_index_numbers(site_dir: Path) -> set[str]:
    """Every 索引号 in content/."""
    found = set()
    for _, front in front_matters(site_dir):
        number = front.value.get("index_no") or front.value.get("索引号")
        if number:
            found.add(str(number))
    return found


def next_index_no(org_code: str, year: int, used: set[str]) -> str:
    prefix = f"{org_code}/{year}-"
    serials = [int(n[len(prefix):]) for n in used if n.startswith(prefix) and n[len(prefix):].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


def type_choices() -> str:
    """Every type of the build, installed packages' included: normative（规范性文件）、plan（规划）…"""
    return "、".join(f"{doctype.name}（{doctype.label}）" for doctype in doctypes.registry())


def type_key(name: str) -> str:
    """normative for normative or 规范性文件: the type as a key, whichever way it was named."""
    types = doctypes.registry()
    by_label = {doctype.label: doctype.name for doctype in types}
    key = name if name in types else by_label.get(name)
    if key is None:
        raise UsageError(f"未知的文档类型“{name}”，可选：{type_choices()}")
    return key


def choose_column(config: Config, doc_type: str | None, column_path: str | None) -> Column:
    """The column named by `--column` (its full path), else the first column of the type that is not
    archived, an opened one before one 未开通 (a draft may wait there until it opens)."""
    columns = [c for top in config.columns for c in top.walk()] + list(config.unopened.values())
    if column_path:
        wanted = column_path.strip("/")
        column = next((c for c in columns if c.path == wanted), None)
        if column is None:
            ending = [c.path for c in columns if c.path.endswith("/" + wanted)]
            hint = f"，是不是“{'”或“'.join(ending)}”？（--column 写栏目的完整路径）" if ending else ""
            raise UsageError(f"没有路径为“{column_path}”的栏目{hint}")
        return column
    column = next((c for c in columns if c.type == doc_type and not c.archived), None)
    if column is None:
        raise UsageError(f"没有类型为 {doc_type} 的栏目，请用 --column 指定栏目路径")
    return column


def _free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """folder/stem.md, or stem-2.md, stem-3.md … when taken."""
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


@dataclass(frozen=True)
class Created:
    """What `new` wrote: the document, the data file beside it (None when its type reads none), and its
    column (which may be 未开通)."""

    document: Path
    data: Path | None
    column: Column


def new_document(site_dir: Path, doc_type: str, title: str, column_path: str | None, date: dt.date,
                 body: str = "正文。\n", name: str = "", doc_number: str = "") -> Created:
    """A draft dated `date`, whose 索引号, file name and 年度 all carry that date's year; `name`: the file
    name after the year (default: the 发文字号's year and serial, else the title's initials); `doc_number`:
    the 发文字号 as typed (示政发[2026]3号 is written 示政发〔2026〕3号)."""
    try:  # a date the build would refuse: no file written, as for any other wrong argument
        fields.check_year(date, date.isoformat(), fields.LAST_YEAR)
    except fields.FieldError as exc:
        raise UsageError(f"--date：{exc}") from None
    doc_type = type_key(doc_type)
    types = doctypes.registry()
    config, _ = load_config(site_dir, types)
    column = choose_column(config, doc_type, column_path)
    index_no = next_index_no(config.site.org_code, date.year, used_index_numbers(site_dir))
    doc_number = doc_numbers.doc_number(doc_number) or doc_number.strip()
    folder = site_dir / sources.CONTENT / column.path
    folder.mkdir(parents=True, exist_ok=True)
    numbered = "" if name else slug.from_doc_number(doc_number, column.path)
    path = _free_path(folder, numbered or
                      f"{date.year}-{name or slug.initials(title, config.site.name) or index_no.rsplit('-', 1)[1]}")
    skeleton = types.get(doc_type).data_skeleton
    data = _free_path(folder, path.stem, ".yaml") if skeleton else None
    if data:
        data.write_text(skeleton(), encoding="utf-8")
    path.write_text(_front_matter(doc_type, column.type, title, index_no, date, data.name if data else "", doc_number)
                    + "\n" + body, encoding="utf-8")
    return Created(path, data, column)


def _front_matter(doc_type: str, column_type: str, title: str, index_no: str, today: dt.date, data: str,
                  doc_number: str) -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {today.isoformat()}",
             "draft: true              # 草稿：写好后删去这一行才会发布",
             "disclosure: 主动公开      # 主动公开 / 依申请公开 / 不予公开", f'index_no: "{index_no}"']
    if doc_type != column_type:
        lines.append(f"type: {doc_type}")
    types = doctypes.registry()
    required = types.required_fields(doc_type, True, False)
    own = [f.key for f in types.get(doc_type).fields if f.hint and f.key not in required]  # one of several ways (渠道)
    if doc_number:
        lines.append(f"doc_number: {json.dumps(doc_number, ensure_ascii=False)}")
    hints = {key: types.by_key[key].hint for key in required + own} | types.get(doc_type).hints
    for key in required + own:
        if hints[key] and not (key == "doc_number" and doc_number):
            lines.append(f"{key}: " + hints[key].format(today=today.isoformat(), year=today.year,
                                                        last_year=today.year - 1, data=data or "data.yaml"))
    lines += ["summary: \"\"       # 内容概述，不超过 100 字", "keywords: []", "---", ""]
    return "\n".join(lines)
