"""What a document type declares, in one place: the registry in `gongkai.doctypes` holds one per type."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    from gongkai.engine.model import Column, Document, Site
    from gongkai.engine.page import Page
    from gongkai.problems import Report


@dataclass(frozen=True)
class DocType:
    name: str  # the value of the `type` key
    label: str  # 类型, shown in messages and on pages
    #: front-matter keys a 主动公开 document of this type must have, besides the ones every document has
    required: tuple[str, ...] = ()
    #: values derived from the others when the document is read (a budget's 部门 from its 发文机关)
    derive: Optional[Callable[[dict], None]] = None
    #: the document's data file turned into typed figures (debt, annual report), problems reported
    read_figures: Optional[Callable[["Document", "Report"], Any]] = None
    #: references to other documents resolved once every document is read (a gazette's 目录);
    #: called with every document and `find(doc, key, field, report, line)`
    link: Optional[Callable[[list["Document"], Callable, "Report"], None]] = None
    #: rules over a public document's own Markdown text, run when it is read: (document, body, report)
    check_body: Optional[Callable[["Document", str, "Report"], None]] = None
    #: rules that need the whole site (三同步, 应登尽登 …), run once a build
    check_site: Optional[Callable[["Site", "Report"], None]] = None
    #: the listing and extra pages of the top column of this type (文件库, 历史规划, fiscal years …)
    column_views: Optional[Callable[["Column", "Site"], list["Page"]]] = None
    #: its column's page is made from the configuration, so the column is never blank (依申请公开)
    generated: bool = False
    #: templates shown above and below the body of its document pages
    lead_template: str = ""
    template: str = ""
