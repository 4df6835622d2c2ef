"""The site model from read documents: columns filled, references resolved, links made both ways.

Editors write one side of a relation (`replaces`, `interprets`, a type's own: engine/relations.py);
the model holds both, so pages can show 被替代, 修改了 and 相关解读 without editors repeating themselves.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from gongkai.engine import content_links, dated, fields, group_interprets, opening, schedule, sources
from gongkai.engine.build_date import BuildDate
from gongkai.engine.config import Config
from gongkai.engine.doctype import Types
from gongkai.engine.model import Document, Site
from gongkai.engine.relations import Relation
from gongkai.problems import Report


def assemble(config: Config, documents: list[Document], as_of: BuildDate, report: Report,
             drafts: bool = False, foreign: group_interprets.Foreign | None = None) -> Site:
    """The site as published on `as_of`; `drafts`: drafts are shown (serve); `foreign`: in a group, the
    other members' documents its interpretations explain and their interpretations of its documents."""
    by_column = {c.path: c for top in config.columns for c in top.walk()}
    published = []
    for doc in documents:
        column = by_column.get(doc.column_path)
        if column is None and doc.column_path in config.unopened:
            opening.placed(doc, config.unopened[doc.column_path], report)
            continue
        if column is None:
            folder = doc.column_path or "content/"
            report.error(doc.source, 1, f"文件夹“{folder}”不是 config.yaml 中的栏目，请移到栏目文件夹中"
                                        "或在 columns 中添加该栏目")
            continue
        doc.column = column
        doc.published = _published(doc)
        dated.decide(doc, "validity", as_of, config.types)
        if not doc.is_public:
            continue
        doc.held = schedule.held_reason(doc, as_of, drafts)
        schedule.note(doc, as_of, report)
        if doc.held:
            continue
        if doc.is_intro:
            column.intro = doc
        else:
            column.documents.append(doc)
            published.append(doc)
    published.sort(key=Document.sort_key)
    for column in by_column.values():
        column.documents.sort(key=Document.sort_key)
    across = _Across(config, foreign)
    _link(documents, config.site_dir, config.types, report, across)
    for doc in published:
        dated.decide(doc, "status", as_of, config.types)
    return Site(info=config.site, columns=config.columns, documents=published, by_column=by_column,
                as_of=as_of, topics=config.topics, page_size=config.page_size,
                application=config.application, consultation=config.consultation, foreign=across.shown)


def _published(doc: Document) -> dt.datetime | None:
    try:
        return fields.parse_datetime(doc.meta["date"]) if doc.meta["date"] else None
    except fields.FieldError:
        return None


class _Index:
    """Documents by 索引号 and by content path: the two ways a reference may name one."""

    def __init__(self, documents: list[Document], site_dir: Path, types: Types):
        self.site_dir, self.types = site_dir, types
        self.by_key: dict[str, Document] = {}
        for doc in documents:
            if doc.is_intro or doc.column is None:
                continue
            self.by_key.setdefault(doc.path, doc)
            if doc.meta["index_no"]:
                self.by_key.setdefault(doc.meta["index_no"], doc)

    def find(self, doc: Document, key: str, field: str, report: Report, line: int | None = None,
             accepts: Callable[[Document], bool] | None = None) -> Document | None:
        """The document `key` names; `accepts`: which documents the field may name (suggestions come only
        from those)."""
        path = key.removesuffix(".md").removeprefix("content/")
        target = self.by_key.get(path)
        line = line or doc.line(field)
        if target is None and content_links.unreadable(self.site_dir, path, set(self.by_key)):
            report.warning(doc.source, line, f"{self.types.label(field)}：“{key}”（content/{path}.md）有错误，没有生成页面；"
                                             "改正该文件后引用即可生效")
        elif target is None:
            report.error(doc.source, line, f"{self.types.label(field)}：找不到“{key}”，{self._meant(path, doc, accepts)}"
                                           "请写被引用文档的索引号或它在 content/ 中的路径（不带 .md）")
        elif not target.is_public and not target.meta["disclosure"]:  # its own error says why (reader)
            report.error(doc.source, line, f"{self.types.label(field)}：“{key}”的公开属性有误（见该文档的错误），"
                                           "不发布，不能引用")
            return None
        elif not target.is_public:
            report.error(doc.source, line, f"{self.types.label(field)}：“{key}”是{target.meta['disclosure']}文档，"
                                           "主动公开的文档不能引用它")
            return None
        elif target.held:
            report.error(doc.source, line, f"{self.types.label(field)}：“{key}”{target.held}，不能引用")
            return None
        elif target is doc:
            report.error(doc.source, line, f"{self.types.label(field)}：文档不能引用自己")
            return None
        elif accepts and not accepts(target):
            report.error(doc.source, line, f"{self.types.label(field)}：“{key}”是{self.types.get(target.meta['type']).label}，"
                                           f"不能写在这里；{self._meant(path, doc, accepts)}"
                                           "请写所指文档的索引号或它在 content/ 中的路径（不带 .md）")
            return None
        return target

    def _meant(self, key: str, doc: Document, accepts: Callable[[Document], bool] | None) -> str:
        """“是不是“fdzdgknr/gfxwj/x”？” naming a document of this site that the field may name, by its
        索引号 or its path, whichever the editor wrote; never a made-up example."""
        candidates = sorted(k for k, d in self.by_key.items()
                            if d is not doc and k != key and (accepts is None or accepts(d)))
        found = content_links.closest(key, candidates)
        return f"是不是“{found}”？" if found else ""


def _link(documents: list[Document], site_dir: Path, types: Types, report: Report, across: "_Across") -> None:
    """Each relation of the table resolved in turn, both sides given to the documents, in their order."""
    index = _Index(documents, site_dir, types)
    # a held document's relations would show it on the pages of the documents it names
    writing = [d for d in documents if d.is_public and not d.held and not d.is_intro and d.column is not None]
    for relation in types.relations:
        if relation.resolve:
            relation.resolve(documents, index.find, report)
        else:
            _resolve(relation, writing, index, types, report, across)
        if relation.across:
            across.interpreted(index.by_key, relation)
        relation.sort(documents)
        if relation.cycle:
            _report_cycles(relation, documents, report)


def _resolve(relation: Relation, writing: list[Document], index: _Index, types: Types, report: Report,
             across: "_Across") -> None:
    """The documents each one names under the relation's key: by 索引号 or content path, or, where the
    relation allows, another member's (/成员路径/内容路径.md)."""
    takes = relation.accepts
    accepts = None if takes is None else (lambda target: takes(types.get(target.meta["type"])))
    for doc in writing:
        value = doc.meta[relation.key]
        for key in ([value] if relation.single else value) if value else ():
            if relation.across and group_interprets.is_across(key):
                target = across.find(doc, key, relation.key, report)
            else:
                target = index.find(doc, key, relation.key, report, accepts=accepts)
            if target:
                relation.join(doc, target)


class _Across:
    """Interpretations across the members of a group: the other members' documents, as the group found them."""

    def __init__(self, config: Config, foreign: group_interprets.Foreign | None):
        self.site_dir, self.foreign, self.types = config.site_dir, foreign, config.types
        self.member_path, self.members = config.site.member_path, config.site.group_members
        self.shown: list[Document] = []

    def find(self, doc: Document, key: str, field: str, report: Report, line: int | None = None) -> Document | None:
        """`/bm/fgw/x.md`: the document another member publishes, as the group found it; an error when the
        group did not find it published, or when the member is built alone (nothing could check it)."""
        label, line = self.types.label(field), line or doc.line(field)
        named = group_interprets.split(key, tuple(m for m in self.members if m != self.member_path))
        if named is None:
            how = "站群其他成员的文档请写 /成员路径/内容路径.md" if self.members else "引用本站文档请写索引号或 content/ 中的路径"
            report.error(doc.source, line, f"{label}：“{key}”不是站群成员的文档；{how}", "dead-link")
            return None
        member, path = named
        if doc.column is None or not group_interprets.explains(self.types, doc.column.type):
            report.error(doc.source, line, f"{label}：解读其他成员的文件（“{key}”）须放在本成员的政策解读栏目中"
                                           "（config.yaml 中 type: interpretation 的栏目）", "dead-link")
            return None
        if self.foreign is None:
            report.error(doc.source, line, f"{label}：“{key}”是站群成员 {member} 的文档，单独生成本站时无法核对它"
                                           "是否已发布：请在站群文件夹中运行 build 或 check", "dead-link")
            return None
        found = self.foreign.targets.get(f"{member}/{path}")
        if found is None:
            group_dir = group_interprets.group_folder(self.site_dir, self.member_path)
            there = (group_dir / member / sources.CONTENT / f"{path}.md").is_file()
            report.error(doc.source, line, f"{label}：“{key}”" + (
                f"不是站群成员 {member} 发布的主动公开文档（草稿、未到发布日期、不予公开或有错误的文档不能引用）"
                if there else f"不存在：站群成员 {member} 的 content/ 中没有 {path}.md"), "dead-link")
            return None
        if found.uninterpretable:
            report.error(doc.source, line, f"{label}：“{key}”是{found.uninterpretable}，不能写在这里", "dead-link")
            return None
        return self._shown(found)

    def interpreted(self, by_key: dict[str, Document], relation: Relation) -> None:
        """The other members' interpretations listed on the pages of the documents they explain."""
        for path, found in self.foreign.interpretations if self.foreign else ():
            target = by_key.get(path)
            if target is not None and target.is_public and not target.held and target.column is not None:
                relation.add_back(target, self._shown(found))

    def _shown(self, found: group_interprets.ForeignDoc) -> Document:
        doc = group_interprets.as_document(found, self.member_path)
        self.shown.append(doc)
        return doc


def _report_cycles(relation: Relation, documents: list[Document], report: Report) -> None:
    """A document that (through others) names itself cannot be shown as a chain (of versions, for `replaces`)."""
    for start in documents:
        seen, todo = set(), relation.named(start)
        while todo:
            doc = todo.pop()
            if doc is start:
                report.error(start.source, start.line(relation.key), relation.cycle)
                break
            if id(doc) not in seen:
                seen.add(id(doc))
                todo.extend(relation.named(doc))
