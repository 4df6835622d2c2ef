"""政策解读 across the members of a site group: an interpretation in one member (`interprets:
/bm/fgw/fdzdgknr/gfxwj/x.md`) of a document another member publishes.

A member cannot see the other members' documents, so the group hands each member, before it builds,
the few facts it shows of them (`Foreign`): to the interpreting member the document it explains, to
the other member the interpretations of its documents. They stand in the member's model as documents
of their own (path `/成员路径/内容路径`), so a page that shows them records them as inputs like any
other document, and an edit in one member renders again only the pages of the other that show it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.engine.doctype import Types
from gongkai.engine.model import PUBLIC, Document, FrontMatter

#: the form of a reference to another member's document, as in links: /成员路径/内容路径.md
PREFIX = "/"
#: the key of a foreign document's meta naming its member
MEMBER = "member"


def explains(types: Types, column_type: str) -> bool:
    """Whether a column holds 政策解读, the documents that may explain another member's: its type requires
    `interprets` (doctypes/interpretations.py)."""
    return "interprets" in types.get(column_type).required


def group_folder(site_dir: Path, member_path: str) -> Path:
    """The group folder of a member at `member_path` (bm/fgw: two folders up)."""
    return site_dir.resolve().parents[member_path.count("/")]


@dataclass(frozen=True)
class ForeignDoc:
    """What a member shows of another member's document: enough for a list entry and the 三同步 rule."""

    member: str  # its member's path: bm/fgw
    path: str  # content path without .md
    url: str  # page, relative to its member's output
    title: str
    date: str
    index_no: str
    validity: str | None
    published: dt.datetime | None
    uninterpretable: str = ""  # its type's name (年度报告) when it is of a type no 政策解读 may explain


@dataclass(frozen=True)
class Foreign:
    """The facts from other members one member's build needs; None for a site built alone."""

    targets: dict[str, ForeignDoc] = field(default_factory=dict)  # "bm/fgw/x" -> a document it interprets
    interpretations: tuple[tuple[str, ForeignDoc], ...] = ()  # (its own content path, an interpretation of it)

    def key(self) -> str:
        """What the member's pages may show of other members, for telling whether anything changed."""
        facts = (sorted(self.targets.items()), sorted(self.interpretations, key=lambda i: (i[0], i[1].member, i[1].path)))
        return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()


def member_of(doc: Document) -> tuple[str, str] | None:
    """(member path, content path) of another member's document; None for one of this site."""
    member = doc.meta.get(MEMBER)
    return (member, doc.path[len(member) + 2:]) if member else None


def split(key: str, members: tuple) -> tuple[str, str] | None:
    """`/bm/fgw/x.md` -> ("bm/fgw", "x"); None when it names no other member's document."""
    member = next((m for m in members if key.startswith(f"{PREFIX}{m}/")), None)
    target = posixpath.normpath(key[len(member) + 2:]) if member else ""
    if member is None or not target.endswith(".md") or target.startswith("../"):
        return None
    return member, target[:-3]


def is_across(key: str) -> bool:
    return key.startswith(PREFIX)


def as_document(found: ForeignDoc, member_path: str) -> Document:
    """The other member's document in this member's model: its link leads to the other member's page."""
    meta = FrontMatter({"title": found.title, "date": found.date, "index_no": found.index_no, "disclosure": PUBLIC,
                        "type": "", "validity": found.validity, MEMBER: found.member})
    doc = Document(source=f"{found.member}/{found.path}.md", path=f"{PREFIX}{found.member}/{found.path}",
                   url=posixpath.relpath(f"{found.member}/{found.url}", member_path), column_path="",
                   is_intro=False, meta=meta, lines={}, body_html="", body_line=1)
    doc.published, doc.validity = found.published, found.validity
    doc.content_key = hashlib.sha256(repr(found).encode("utf-8")).hexdigest()
    return doc
