"""The site model: plain dataclasses with no I/O, built once and handed to checks and templates."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, ClassVar, Optional

from gongkai.engine.build_date import BuildDate

#: 公开属性 — only the first is ever published
PUBLIC, ON_REQUEST, WITHHELD = "主动公开", "依申请公开", "不予公开"
DISCLOSURES = (PUBLIC, ON_REQUEST, WITHHELD)

#: 有效性
IN_FORCE, EXPIRED, REPEALED, AMENDED = "有效", "失效", "废止", "已修改"
VALIDITIES = (IN_FORCE, EXPIRED, REPEALED, AMENDED)
#: 尚未施行: shown for an 有效 document until its 施行日期 (never written by editors)
NOT_YET_IN_FORCE = "尚未施行"


@dataclass
class SiteInfo:
    name: str  # SiteName
    domain: str  # SiteDomain
    site_id: str  # 网站标识码 SiteIDCode
    organization: str  # 主办单位
    org_code: str  # 统一社会信用代码
    other_org_codes: tuple = ()  # 统一社会信用代码 of the other organs whose 索引号 its documents may carry
    icp: str = ""  # ICP备案号
    police_record: str = ""  # 公安备案号
    base_path: str = "/"
    gazette_name: str = ""  # 政府公报的名称; empty: the site name followed by 公报
    group_name: str = ""  # 站群: the group this site is a member of (group.yaml), shown in its navigation
    group_root: str = ""  # the group's root from this member's root (../../ for bm/fgw): the tree it is served in
    member_path: str = ""  # its own path in the group (bm/fgw)
    group_members: tuple = ()  # every member's path, its own included

    @property
    def gazette(self) -> str:
        return self.gazette_name or f"{self.name}公报"


@dataclass(frozen=True)
class Application:
    """How to apply for government information (依申请公开), from config.yaml's `application:`."""

    office: str  # 受理机构
    in_person: Optional[dict]  # 当面申请: address, hours
    post: Optional[dict]  # 邮寄申请: address, postcode, recipient
    online: str  # 网上申请: the URL of the office's own application system
    phone: str  # 咨询电话
    form: str  # 申请表, a file under static/


@dataclass(eq=False)
class Column:
    path: str  # full URL path and content folder, e.g. "fdzdgknr/gfxwj"
    name: str  # ColumnName
    type: str  # default type of its documents
    column_type: str  # ColumnType
    description: str  # ColumnDescription
    keywords: list[str]  # ColumnKeywords
    update_days: Optional[int]  # inspection period
    archived: bool  # 历史专题
    line: int  # its entry in config.yaml
    source: str = "config.yaml"  # the file of that entry: group.yaml for the columns a group member inherits
    parent: Optional["Column"] = None
    #: 未开通: the config.yaml lines of the `open: false` that keep it unpublished (its own and its
    #: ancestors'); empty for an open column
    unopened: tuple[int, ...] = ()
    children: list["Column"] = field(default_factory=list)
    intro: Optional["Document"] = None  # index.md
    documents: list["Document"] = field(default_factory=list)  # its own, newest first

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1

    @property
    def url(self) -> str:
        return f"{self.path}/index.html"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_documents(self) -> list["Document"]:
        """Its own documents and its descendants', newest first. Sorted once while none of their lists grows
        (assemble fills them): listings, checks, feeds and the version of the listing ask again and again, and
        at 100,000 documents each sort took a tenth of a second."""
        columns = list(self.walk())
        shape = tuple((id(c.documents), len(c.documents)) for c in columns)
        known = self.__dict__.get("_sorted")
        if known is None or known[0] != shape:
            known = self.__dict__["_sorted"] = (shape, sorted([d for c in columns for d in c.documents],
                                                              key=Document.sort_key))
        return list(known[1])

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_sorted"}  # ids mean nothing in another process

    def ancestors(self) -> list["Column"]:
        chain, col = [], self.parent
        while col:
            chain.insert(0, col)
            col = col.parent
        return chain


@dataclass
class Attachment:
    file: str  # content path relative to content/, '/' separated
    title: str
    url: str  # relative to the output root
    size: int  # bytes
    line: int

    @property
    def extension(self) -> str:
        return self.file.rsplit(".", 1)[-1].upper() if "." in self.file else ""


@dataclass
class Link:
    """A link or image in a document body that points inside content/."""

    target: str  # content path relative to content/, '/' separated
    line: int
    is_document: bool
    page: bool = False  # written as a page address (x.html): a document's page, a system page or a file
    written: str = ""  # the full URL as written, when it named this site's own domain
    member: str = ""  # another member of the site's group whose document `target` is (/bm/jyj/x.md)
    source: str = ""  # the file it is written in, when not the document itself (a data file)


#: the front-matter keys a build cache gives a document with, beside its path and content key: the types'
#: listings ask every document of a column its type, catalog.json's rows name related documents by 索引号, and
#: a document's page is titled with its title (the building process asks every page rendered for it)
FRONT = ("type", "index_no", "title")


def _none() -> None:
    return None


class FrontMatter(dict):
    """A document's front matter, normalised, by English key: the keys written with a value, and any other reads
    as None, as a key written empty does. Holding every key of every type (about fifty, most of them None) took
    a kilobyte of memory for each document: a dict of fifty keys is 1,584 bytes, one of fifteen 464."""

    __slots__ = ()
    #: every front-matter key of the types loaded in this process (`declare_front_matter`): what a document
    #: answers as an attribute (`Document.__getattr__`)
    KEYS: ClassVar[frozenset[str]] = frozenset()

    def __missing__(self, key: str) -> None:
        return None


#: a document's fields indexed by front-matter key, each with the kind of dict it is: its front matter, and the line
#: of each key written (what reads.recording and the cache make back after they hold them otherwise)
KEYED_FIELDS: dict[str, type[dict]] = {"meta": FrontMatter, "lines": dict}


def declare_front_matter(keys: set[str]) -> None:
    """The front-matter keys of a table of types (engine/doctype.py `Types`): a document's attribute of each."""
    FrontMatter.KEYS = FrontMatter.KEYS | keys


@dataclass(eq=False)
class Document:
    source: str  # path relative to the site: "content/gfxwj/2021-03.md"
    path: str  # reference key: content path without ".md", "gfxwj/2021-03"
    url: str  # output path relative to the output root
    column_path: str
    is_intro: bool
    meta: FrontMatter  # normalised front matter, English keys
    lines: dict[str, int]  # front-matter key -> line
    body_html: Optional[str]  # None while it waits in the build cache's body store
    body_line: int  # line where the body starts
    toc: Optional[list] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    url_lines: dict[str, int] = field(default_factory=dict)  # each body URL as on the page -> its line
    # no field holding what a document was read as has a plain default: a class attribute would answer for a
    # document whose fields the build cache has not read yet (`complete`)
    data: Any = field(default_factory=_none)  # parsed data file
    data_lines: Any = field(default_factory=_none)  # its YamlDoc, for line numbers
    attachments: list[Attachment] = field(default_factory=list)
    tables: list = field(default_factory=list)  # tables.Table from the data file
    content_key: str = ""  # hash of everything it was read from: its source, data file, attachments
    meta_key: str = field(default_factory=str)  # hash of its front matter, as read
    figures: Any = field(default_factory=_none)  # debt.Debt or annual_report.AnnualReport from the data file
    #: (what they read, problems) of validate's checks of it alone, kept with it
    checked: Optional[tuple] = field(default_factory=_none)
    # filled by assemble
    column: Optional[Column] = None
    published: Optional[dt.datetime] = None
    validity: Optional[str] = None  # effective validity, after `expires`
    held: str = ""  # why a 主动公开 document is not published yet (a draft, a later date); "" when it is
    status: Optional[str] = None  # its type's state as of the build date, shown wherever it appears (征集中)
    # and its relations to other documents (doc.replaced_by, doc.gazettes): attributes the relations the
    # types declare give every document (`relate`), set on a document when it has any

    #: what the build adds to a read document; never pickled, so a cached document is as read
    _BUILT = {"column": None, "published": None, "validity": None, "held": "", "body_html": None, "toc": None,
              "status": None}
    #: the attributes relations give documents, and what each holds on a document that has none of it
    RELATED: ClassVar[dict[str, Any]] = {}
    #: what the build adds that its fields are made of, besides what it was read from (its content_key):
    #: the relations' attributes are added by `relate`
    STATE = tuple(k for k in _BUILT if k not in ("body_html", "toc"))

    def __getstate__(self) -> dict:
        self.complete()
        related = self.RELATED
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_") and k not in related}
        state.update(self._BUILT)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def with_body_of(self, edited: "Document") -> "Document":
        """This built document with everything `edited` read anew: the same document after an edit
        that left its front matter and files as they were (serve shows such an edit at once)."""
        doc = object.__new__(Document)  # not copy.copy: it would go through __getstate__
        doc.__dict__.update(edited.__dict__)
        for key in self._BUILT.keys() - {"body_html", "toc"}:
            doc.__dict__[key] = self.__dict__[key]
        for key in self.RELATED.keys() & self.__dict__.keys():
            doc.__dict__[key] = self.__dict__[key]
        return doc

    def complete(self) -> None:
        """Read the fields the build cache left for later: it gives a document with its path, content key, a few
        front-matter values (FRONT) and what the build added alone (incremental/cache.py). What was set on the
        document since stays."""
        deferred = self.__dict__.pop("_deferred", None)
        self.__dict__.pop("_front", None)
        if deferred is not None:
            own = self.__dict__
            for key, value in deferred().items():
                own.setdefault(key, value)

    def front(self, key: str) -> Any:
        """A front-matter value of `FRONT`, known without reading the document's other fields (`complete`)."""
        kept = self.__dict__.get("_front")
        return kept[FRONT.index(key)] if kept is not None else self.meta[key]

    def as_read(self) -> None:
        """Back to the document as read, as if from the cache: for a build that reuses the object (serve)."""
        self.__dict__ = self.__getstate__()

    def __getattr__(self, name: str) -> Any:
        if "_deferred" in self.__dict__:
            self.complete()
            return getattr(self, name)
        # front-matter fields read as attributes in templates: doc.title, doc.index_no
        meta = self.__dict__.get("meta")
        if meta is not None and (name in meta or name in FrontMatter.KEYS):
            return meta.get(name)
        raise AttributeError(name)

    @property
    def is_public(self) -> bool:
        return self.meta.get("disclosure") == PUBLIC

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def sort_key(self) -> tuple:
        """Newest first, undated last, ties by path so every order is stable (computed once a build); not by
        timestamp: that is local time, out of range for some dates (0001-01-01 east of Greenwich)."""
        key = self.__dict__.get("_sort_key")
        if key is None or key[0] is not self.published:
            key = (self.published, (dt.datetime.max - (self.published or dt.datetime.min), self.path))
            self.__dict__["_sort_key"] = key
        return key[1]


def relate(empty: dict[str, Any]) -> None:
    """Give documents the attributes of the relations a build declares (engine/relations.py), each holding
    `empty[name]` (None or ()) until the build sets a document's own; a page's record names them like
    fields, and a document's state (`Document.STATE`) holds them."""
    for name, value in empty.items():
        setattr(Document, name, value)
        Document.RELATED[name] = value
    Document.STATE = tuple(k for k in Document.STATE if k not in empty) + tuple(empty)


GUIDE_COLUMN_TYPE = "信息公开指南"  # ColumnType of 政府信息公开指南 in the standard column tree


@dataclass
class Site:
    info: SiteInfo
    columns: list[Column]  # top level
    documents: list[Document]  # published, newest first (column intros excluded)
    by_column: dict[str, Column]
    as_of: BuildDate  # ask it, never read it: what it answers narrows the dates this build holds for
    topics: list[str]
    page_size: int
    application: Optional[Application] = None  # config.yaml `application:`, None when absent
    consultation: dict = field(default_factory=dict)  # config.yaml `consultation:` (意见征集的天数), defaults filled
    foreign: list[Document] = field(default_factory=list)  # other members' documents shown (a group's 政策解读)

    def all_columns(self) -> list[Column]:
        return [c for top in self.columns for c in top.walk()]

    def of_type(self, name: str) -> list[Document]:
        """The published documents of one type, newest first: a type's site-wide check reads its own
        documents, not every document of the site once for each type."""
        return self._by_type.get(name, [])

    @functools.cached_property
    def _by_type(self) -> dict[str, list[Document]]:
        by_type: dict[str, list[Document]] = {}
        for doc in self.documents:
            by_type.setdefault(doc.meta["type"], []).append(doc)
        return by_type

    def guide_column(self) -> Optional[Column]:
        """The open column of the 政府信息公开指南 (ColumnType 信息公开指南), where applicants learn how to apply."""
        return next((c for c in self.all_columns() if c.column_type == GUIDE_COLUMN_TYPE and not c.archived), None)
