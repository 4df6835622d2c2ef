"""config.yaml: one declarative schema, read with line numbers.

Unknown keys are warnings (a typo is never dropped silently); a missing or wrongly typed
key is a configuration error naming the key and its line, and stops the run (exit 2).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from gongkai.engine import finding_kinds as kinds
from gongkai.engine import fields, opening, sources, yamltext
from gongkai.engine.config_schema import (APPLICATION_SCHEMA, COLUMN_SCHEMA, CONSULTATION_SCHEMA, DEFAULTS_SCHEMA,
                                          DEPLOY_SCHEMA, DEPLOY_TYPES, IN_PERSON_SCHEMA, MARKDOWN_SCHEMA, POST_SCHEMA,
                                          REPORT_SCHEMA, SITE_SCHEMA, TARGET_SCHEMA, TOP_SCHEMA, TYPE_NAMES)
from gongkai.engine.doctype import Types
from gongkai.engine.model import Application, Column, SiteInfo
from gongkai.engine.standard_tree import STANDARD_INDEX_NO, STANDARD_TOPICS, standard_columns
from gongkai.problems import ConfigError, Report

CONFIG_FILE = "config.yaml"

#: top-level output folders the generator writes itself
RESERVED_PATHS = {"static", "gkml", "search", "feeds", "pagefind"}


@dataclass(frozen=True)
class DeployTarget:
    """Where `deploy` publishes the site: a local or mounted folder, or an rsync-over-SSH destination."""

    name: str
    type: str  #: folder（本机或挂载的文件夹）or rsync（远程服务器）
    location: str  #: 部署位置: a folder path, or user@host:/path for rsync
    keep: int  #: 保留的版本数
    line: int  # config.yaml line of the target


@dataclass
class Config:
    site: SiteInfo
    output: str
    defaults: dict
    columns: list[Column]  # the open ones (未开通 columns are left out of the site)
    topics: list[str]
    index_no_pattern: str
    page_size: int
    deploy: list[DeployTarget]
    application: Optional[Application] = None
    paragraph_per_line: bool = False  # markdown.paragraph_per_line
    report: kinds.Settings = field(default_factory=kinds.Settings)  # report: (check --report)
    consultation: dict = field(default_factory=dict)  # consultation: (意见征集)
    site_dir: Path = Path(".")
    text: str = field(repr=False, default="")  # the file as read, for cache keys
    types: Optional[Types] = field(repr=False, default=None)  # the document types the columns were checked against
    unopened: dict[str, Column] = field(default_factory=dict)  # 未开通 columns by path, descendants included


def load_config(site_dir: Path, types: Types) -> tuple[Config, Report]:
    """Read and check config.yaml against the build's document types; raise ConfigError if the site
    cannot be built from it."""
    report = Report()
    path = site_dir / CONFIG_FILE
    if not path.exists():
        report.error(CONFIG_FILE, 0, f"找不到 {CONFIG_FILE}：站点文件夹 {site_dir} 中应有站点配置文件")
        raise ConfigError(report)
    try:  # the same rules as content files: UTF-8 (BOM, CRLF accepted), other encodings named
        text = sources.decode(sources.read_bytes(path))
    except sources.SourceError as exc:
        report.error(CONFIG_FILE, exc.line, exc.message)
        raise ConfigError(report) from None
    try:
        doc = yamltext.load(text)
    except yamltext.YamlError as exc:
        report.error(CONFIG_FILE, exc.line, exc.message)
        raise ConfigError(report) from None
    from gongkai.engine import group_inherit as inherit  # imported here: the group reads its own file with this module's schema
    joined = inherit.for_site(site_dir, types)
    columns_file = CONFIG_FILE
    if joined and (doc.value is None or isinstance(doc.value, dict)):
        columns_file = inherit.GROUP_FILE if joined.inherits_columns(doc.value) else CONFIG_FILE
        doc = dataclasses.replace(doc, value=joined.merge(doc.value), lines=joined.lines(doc.lines, doc.value))
        text = joined.text + text
    if not isinstance(doc.value, dict):
        report.error(CONFIG_FILE, 1, "config.yaml 应为键值对，至少包含 site:")
        raise ConfigError(report)
    reader = SchemaReader(doc, report, types, columns_file=columns_file)
    top = reader.mapping(doc.value, (), TOP_SCHEMA, "")
    site = reader.mapping(top.get("site") or {}, ("site",), SITE_SCHEMA, "site.")
    defaults = reader.mapping(top.get("defaults") or {}, ("defaults",), DEFAULTS_SCHEMA, "defaults.")
    raw_columns = top.get("columns")
    if raw_columns is None:
        columns = reader.columns(standard_columns(types), None, None, standard=True)
    else:
        columns = reader.columns(raw_columns, ("columns",), None)
    topics = reader.strings(top.get("topics"), ("topics",), "topics") or list(STANDARD_TOPICS)
    deploy = reader.deploy(top.get("deploy"))
    application = reader.application(top.get("application"))
    markdown = reader.mapping(top.get("markdown") or {}, ("markdown",), MARKDOWN_SCHEMA, "markdown.")
    report_settings = reader.report_settings(top.get("report"))
    consultation = reader.mapping(top.get("consultation") or {}, ("consultation",), CONSULTATION_SCHEMA, "consultation.")
    if report.errors:
        raise ConfigError(report)
    columns, unopened = opening.split(columns)
    config = Config(
        site=SiteInfo(**site, **(joined.site_links() if joined else {})), output=top["output"], defaults=defaults, columns=columns,
        topics=topics, index_no_pattern=top.get("index_no_pattern") or STANDARD_INDEX_NO,
        page_size=top["page_size"], deploy=deploy, application=application,
        paragraph_per_line=markdown["paragraph_per_line"], report=report_settings, site_dir=site_dir, text=text,
        types=types, unopened=unopened, consultation=consultation,
    )
    return config, report


class SchemaReader:
    """Reads a mapping against a schema; `file` names the file in messages (config.yaml, or a group.yaml);
    `types` are the build's document types, which columns are checked against (none for a group.yaml)."""

    def __init__(self, doc: yamltext.YamlDoc, report: Report, types: Types | None = None, file: str = CONFIG_FILE,
                 columns_file: str = CONFIG_FILE):
        self.doc, self.report, self.types, self.file = doc, report, types, file
        self.columns_file = columns_file  # where the columns' lines are: a member's inherited ones are group.yaml's

    def _error(self, path: tuple, message: str) -> None:
        self.report.error(self.file, self.doc.line(*path), message)

    def mapping(self, value: Any, path: tuple, schema: dict, prefix: str) -> dict:
        if not isinstance(value, dict):
            self._error(path, f"{prefix.rstrip('.')} 应为键值对")
            return {k: key.default for k, key in schema.items()}
        result = {}
        for name in (name for name in value if name not in schema):
            meant = next((k for k in schema if fields.spelling(k) == fields.spelling(name)), None)
            if meant is not None:  # `Open: false` ignored would open the column
                self._error(path + (name,), f"配置项“{prefix}{name}”写法不对，应写作“{prefix}{meant}”："
                                            "配置项须用英文小写，中间不加空格，写法不同的不被识别")
            else:
                self.report.warning(self.file, self.doc.line(*path, name),
                                    f"未知的配置项“{prefix}{name}”，已忽略；可用：{'、'.join(schema)}")
        for name, key in schema.items():
            if name in value and value[name] is None and key.empty_is_error:
                self._error(path + (name,), f"配置项“{prefix}{name}”是空的：请写 {TYPE_NAMES[key.type]}，或删去这一行")
                result[name] = None
                continue
            if name not in value or value[name] is None:
                if key.required:
                    self._error(path, f"缺少必填配置项“{prefix}{name}”")
                result[name] = key.default
                continue
            item = value[name]
            if key.type is str and key.number_as_text and isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)  # site_id: 3400000001 written without quotes
            if not isinstance(item, key.type) or (key.type is int and isinstance(item, bool)):
                self._error(path + (name,), f"配置项“{prefix}{name}”应为{TYPE_NAMES[key.type]}")
                result[name] = key.default
                continue
            message = key.check(item) if key.check else None
            if message:
                self._error(path + (name,), f"配置项“{prefix}{name}”的值“{item}”有误：{message}")
            result[name] = item
        return result

    def deploy(self, value: Any) -> list[DeployTarget]:
        if value is None:
            return []
        spec = self.mapping(value, ("deploy",), DEPLOY_SCHEMA, "deploy.")
        targets = []
        for name, item in (spec["targets"] or {}).items():
            path = ("deploy", "targets", name)
            target = self.mapping(item, path, TARGET_SCHEMA, f"deploy.targets.{name}.")
            where = DEPLOY_TYPES.get(target["type"] or "")
            if where and not target[where]:
                self._error(path, f"部署目标“{name}”（{target['type']}）缺少“{where}”")
            elif where:
                targets.append(DeployTarget(str(name), target["type"], target[where],
                                            target["keep"] or spec["keep"], self.doc.line(*path)))
        return targets

    def application(self, value: Any) -> Optional[Application]:
        if value is None:
            return None
        spec = self.mapping(value, ("application",), APPLICATION_SCHEMA, "application.")
        ways = {name: self.mapping(spec[name], ("application", name), schema, f"application.{name}.")
                for name, schema in (("in_person", IN_PERSON_SCHEMA), ("post", POST_SCHEMA)) if spec[name] is not None}
        if not ways and not spec["online"]:
            self._error(("application",), "application 至少要写一种申请渠道：in_person（当面）、post（邮寄）或 online（网上）")
        return Application(spec["office"] or "", ways.get("in_person"), ways.get("post"), spec["online"] or "",
                           spec["phone"] or "", spec["form"])

    def report_settings(self, value: Any) -> kinds.Settings:
        spec = {} if value is None else self.mapping(value, ("report",), REPORT_SCHEMA, "report.")
        return kinds.settings(spec, lambda path, message: self._error(("report", *path), message))

    def strings(self, value: Any, path: tuple, name: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self._error(path, f"配置项“{name}”应为文字列表")
            return []
        return [str(v) for v in value]

    def columns(self, items: Any, path: Optional[tuple], parent: Optional[Column],
                standard: bool = False) -> list[Column]:
        if not isinstance(items, list):
            self._error(path or (), "columns 应为栏目列表")
            return []
        result, seen = [], {}
        for i, item in enumerate(items):
            here = path + (i,) if path else None
            line = self.doc.line(*here) if here else 0
            spec = self.mapping(item, here or (), COLUMN_SCHEMA, "columns[].") if not standard else dict(
                {k: key.default for k, key in COLUMN_SCHEMA.items()}, **item)
            if not standard and spec["type"] and spec["type"] not in self.types:
                self._error(here + ("type",), f"配置项“columns[].type”的值“{spec['type']}”有误："
                                              f"可选：{'、'.join(self.types.names)}")
            segment = spec.get("path") or ""
            if not segment:
                continue
            if parent is None and segment in RESERVED_PATHS:
                self._error(here or (), f"栏目路径“{segment}”已被系统页面占用，请换一个（保留：{'、'.join(sorted(RESERVED_PATHS))}）")
                continue
            if segment in seen:
                self._error(here or (), f"栏目路径“{segment}”重复（第 {seen[segment]} 行已有）")
                continue
            seen[segment] = line
            column = Column(
                path=f"{parent.path}/{segment}" if parent else segment,
                name=spec["name"] or segment,
                type=spec["type"] or (parent.type if parent else "page"),
                column_type=spec["column_type"] or (parent.column_type if parent else "信息公开目录"),
                description=spec["description"] or spec["name"] or segment,
                keywords=[str(k) for k in spec["keywords"] or []] or [spec["name"] or segment],
                update_days=spec["update_days"],
                archived=bool(spec["archived"]) or bool(parent and parent.archived),
                line=line, source=self.columns_file, parent=parent,
                unopened=(parent.unopened if parent else ()) + (() if spec["open"] else (self.doc.line(*here, "open"),)),
            )
            column.children = self.columns(spec["children"] or [], here + ("children",) if here else None,
                                           column, standard)
            result.append(column)
        return result
