"""What a document type declares, and the set of types one build knows.

The types themselves live above the engine (`gongkai.doctypes` and installed packages): the
engine sees them only through the `Types` it is handed, so reading, assembling and validating
never import a type.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

from gongkai.engine import fields, model, relations
from gongkai.engine.fields import Field
from gongkai.engine.relations import Relation

if TYPE_CHECKING:
    from gongkai.engine.build_date import BuildDate
    from gongkai.engine.model import Column, Document, Site
    from gongkai.engine.page import Page
    from gongkai.problems import Report


@dataclass(frozen=True)
class DocType:
    name: str  # the value of the `type` key
    label: str  # 类型, shown in messages and on pages
    #: its column in the standard tree (默认栏目) a site gets without `columns:` (path, name, column_type,
    #: description, keywords), placed where the tree names the type, else at its top level
    column: Optional[dict] = field(default=None, compare=False)
    #: front-matter keys a 主动公开 document of this type must have, besides the ones every document has
    required: tuple[str, ...] = ()
    #: front-matter keys only this type uses (key, Chinese alias, kind); every document may write them
    fields: tuple[Field, ...] = ()
    #: what `new` writes for a key where this type differs from the key's own hint (an annual report's
    #: 年度 is the year before its publication)
    hints: dict = field(default_factory=dict, compare=False)
    #: values derived from the others when the document is read (a budget's 部门 from its 发文机关)
    derive: Optional[Callable[[dict], None]] = None
    #: the document's data file turned into typed figures (debt, annual report), problems reported
    read_figures: Optional[Callable[["Document", "Report"], Any]] = None
    #: its relations to other documents, resolved once every document is read: the keys its documents
    #: write naming others and the attributes both sides get (a feedback's 征求意见, a gazette's 目录)
    relations: tuple[Relation, ...] = ()
    #: its state on the build date, once references are resolved (a consultation's 征集中 / 已结束 / 已反馈):
    #: `Document.status`, shown wherever the document appears and re-rendered on the day it changes;
    #: it compares the build date through the `BuildDate` it is handed (engine/build_date.py)
    status: Optional[Callable[["Document", "BuildDate"], Optional[str]]] = None
    #: the rendered body reshaped when the document is read (a package's type marking up its own blocks)
    shape_body: Optional[Callable[["Document"], None]] = None
    #: rules over a public document's own Markdown text, run when it is read: (document, body, report)
    check_body: Optional[Callable[["Document", str, "Report"], None]] = None
    #: rules that need the whole site (三同步, 期号 …), run once a build
    check_site: Optional[Callable[["Site", "Report"], None]] = None
    #: rules that need the whole site and read date-derived values (应登尽登 asks which documents are in
    #: force): run by every build, the kept site's included, and never kept with it (incremental/snapshot.py)
    check_dated: Optional[Callable[["Site", "Report"], None]] = None
    #: the listing and extra pages of the top column of this type (文件库, 历史规划, fiscal years …)
    column_views: Optional[Callable[["Column", "Site"], list["Page"]]] = None
    #: a 政策解读 may interpret a document of this type (`interprets`): a policy, not a gazette issue,
    #: a report or another interpretation
    interpretable: bool = True
    #: its own keys in the document's row of catalog.json (a register's accounts)
    catalog: Optional[Callable[["Document"], dict]] = None
    #: its column's page is made from the configuration, so the column is never blank (依申请公开)
    generated: bool = False
    #: the data file `new` writes beside a new document of this type: every key, numbers at zero, so it
    #: passes `check` and shows the editor what to fill in
    data_skeleton: Optional[Callable[[], str]] = None
    #: templates shown above and below the body of its document pages
    lead_template: str = ""
    template: str = ""
    #: a template showing the body itself, in place of the plain body (the annual report's tables in its sections)
    body_template: str = ""


class Types:
    """The document types of a build, in the order editors see them, and the front-matter schema
    they make together: the keys every document has (`fields.FIELDS`) and each type's own."""

    def __init__(self, types: Sequence[DocType], fallback: DocType):
        self.fallback = fallback
        self._types = {t.name: t for t in types}
        names = tuple(self._types)
        self.fields: tuple[Field, ...] = tuple(
            dataclasses.replace(f, choices=names) if f.key == "type" else f for f in fields.FIELDS
        ) + tuple(f for t in types for f in t.fields)
        twice = [n for n, count in Counter(n for f in self.fields for n in {f.key, f.alias}).items() if count > 1]
        if twice:  # a package's type must not take over a key another type or every document has
            raise ValueError(f"front-matter keys declared twice: {'、'.join(sorted(twice))}")
        self.by_key = {f.key: f for f in self.fields}
        self.by_alias = {f.alias: f for f in self.fields}
        model.declare_front_matter(set(self.by_key))
        #: every relation, the common ones first, then each type's in the order of the types
        self.relations = relations.Relations(relations.COMMON + tuple(r for t in types for r in t.relations),
                                             set(self.by_key))

    def __repr__(self) -> str:
        """What a document's reading depends on, for the build cache's key."""
        return f"Types({', '.join(self._types)}; {', '.join(f.key for f in self.fields)})"

    def __iter__(self) -> Iterator[DocType]:
        return iter(self._types.values())

    def __contains__(self, name: object) -> bool:
        return name in self._types

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._types)

    def get(self, name: str) -> DocType:
        """The type of that name; unknown names (already reported by the reader) behave as plain pages."""
        return self._types.get(name, self.fallback)

    def field(self, name: str) -> Optional[Field]:
        """The field an editor's key names, in English or Chinese."""
        return self.by_key.get(name) or self.by_alias.get(name)

    def label(self, key: str) -> str:
        """How messages name a key: its label and the key itself."""
        f = self.by_key.get(key)
        return f"{f.label}（{key}）" if f else key

    def required_fields(self, doc_type: str, public: bool, is_intro: bool) -> list[str]:
        """The keys a document must have, in the order of the schema."""
        if is_intro:
            return ["title"]
        if not public:
            return list(fields.NON_PUBLIC_REQUIRED)
        required = self._types[doc_type].required if doc_type in self._types else ()
        return list(fields.ALWAYS_REQUIRED) + [f.key for f in self.fields if f.key in required]
