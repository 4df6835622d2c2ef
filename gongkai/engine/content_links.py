"""Links from a document body into content/, checked against the whole site.

Each message says what to write instead: the relative `.md` link of the document most
likely meant. A document that exists but could not be read is named as having errors of
its own, not reported missing, and only once per linking document.

A file is copied beside the page of the published document that links to or attaches it, as it is: a
document's source (.md) is never one, and a file only documents not published attach (not published:
not 主动公开, a draft, held until its date, in a column not opened) may not be linked, as they may not be.
What is copied is the file a symlink leads to, so the same holds of that file (`linked_to`): a link
`x.txt -> ../qtxx/secret.md`, or to such a document's attachment, is an error as that file would be.
"""
from __future__ import annotations

import difflib
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.engine import group_interprets, sources
from gongkai.engine.model import Attachment, Document, Link
from gongkai.problems import Report

_HOW = "站内链接请写相对于本文件的 .md 路径"


def closest(key: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    """The candidate most likely meant by `key`: the most similar file name (a shared folder proves
    nothing), the whole path breaking ties; None when no name is `cutoff` close."""
    name = posixpath.basename(key)
    scored = [(difflib.SequenceMatcher(None, name, posixpath.basename(c)).ratio(),
               difflib.SequenceMatcher(None, key, c).ratio(), c) for c in candidates]
    best = max(scored, default=None)
    return best[2] if best and best[0] >= cutoff else None


def unreadable(site_dir: Path, key: str, paths: set[str]) -> bool:
    """True when content/<key>.md exists but was not read (it has errors of its own)."""
    return key not in paths and (site_dir / sources.CONTENT / f"{key}.md").is_file()


@dataclass
class Targets:
    """What a link may point at: every document read, and those that are published."""

    site_dir: Path
    paths: set[str]  # content paths without ".md", of every document read
    public: set[str]
    held: dict[str, str]  # content path -> why it is not published yet (schedule.held_reason)
    group_dir: Path | None = None  # a group member's group folder: links to other members' documents
    #: content path of a file only documents not published name (attach, or read as their data file or video)
    #: -> (the first such document's content path, what the file is to it, why it is not published, as said
    #: after “该文档”)
    attached: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def hint(self, key: str, doc: Document) -> str:
        """“；是不是“../x.md”？”: the published document most likely meant, as the link to write; "" if none."""
        found = closest(key, sorted(self.public - self.held.keys() - {doc.path}))
        return f"；是不是“{posixpath.relpath(found + '.md', doc.column_path or '.')}”？" if found else ""

    def kind(self, link: Link) -> str:
        """document, file (copied beside the page) or page (a page the build writes, known only after planning)."""
        if link.is_document:
            return "document"
        if not link.page or (self.site_dir / sources.CONTENT / link.target).is_file():
            return "file"
        key = link.target[:-5]
        is_document = key in self.paths or unreadable(self.site_dir, key, self.paths)
        return "document" if link.target.endswith(".html") and is_document else "page"


def targets_of(site_dir: Path, documents: list[Document], member_path: str = "") -> Targets:
    """`member_path`: the site's path in its group, if it is a member. After assembling: which documents
    are published is known then."""
    group_dir = group_interprets.group_folder(site_dir, member_path) if member_path else None
    return Targets(site_dir, {d.path for d in documents}, {d.path for d in documents if d.is_public},
                   {d.path: d.held for d in documents if d.held}, group_dir, _attached_unpublished(documents))


def _attached_unpublished(documents: list[Document]) -> dict[str, tuple[str, str, str]]:
    """The files documents not published name (as written: such a document's are not resolved), but those a
    published document names too, which are published with it."""
    published: set[str] = set()
    held: dict[str, tuple[str, str, str]] = {}
    for doc in documents:
        if doc.is_public and doc.column is not None and not doc.held:
            published.update(rel for rel, _ in _named(doc))
            continue
        for rel, kind in _named(doc):
            held.setdefault(rel, (doc.path, kind, _not_published(doc)))
    return {rel: held[rel] for rel in held.keys() - published}


def _named(doc: Document) -> list[tuple[str, str]]:
    """(content path, what it is to the document) of each file beside it the document names as written:
    its attachments, its data file and its video."""
    named = [(item["file"], "附件") for item in doc.meta["attachments"] or []
             if isinstance(item, dict) and isinstance(item.get("file"), str)]
    named += [(value, kind) for value, kind in ((doc.meta["data"], "数据文件"), (doc.meta["video"], "视频文件"))
              if isinstance(value, str) and value]
    return [(posixpath.normpath(posixpath.join(doc.column_path, name)), kind) for name, kind in named]


def _not_published(doc: Document) -> str:
    if not doc.is_public:
        return "不是主动公开文档"
    return doc.held or "所在的栏目未开通，不发布"


def check(doc: Document, targets: Targets, report: Report) -> None:
    """The links of one published document to documents and files of content/."""
    named_broken: set[str] = set()
    for link in doc.links:
        kind = targets.kind(link)
        if link.member:
            _other_member(doc, link, targets.group_dir, report)
        elif kind == "document":
            _document(doc, link, targets, named_broken, report)
        elif kind == "file":
            _file(doc, link, targets, report)
    for attachment in doc.attachments:
        _attachment(doc, attachment, targets, report)
    data = doc.meta["data"]  # read into the page: its tables are published with it
    if isinstance(data, str) and data:
        led = linked_to(targets, posixpath.normpath(posixpath.join(doc.column_path, data)))
        if led:
            report.error(doc.source, doc.line("data"), f"数据文件“{data}”{led}，不能作为数据文件")


def _document(doc: Document, link: Link, targets: Targets, named_broken: set, report: Report) -> None:
    key = link.target[:-5] if link.page else link.target[:-3]
    if unreadable(targets.site_dir, key, targets.paths):
        if key not in named_broken:
            named_broken.add(key)
            report.warning(doc.source, link.line, f"链接的文档 content/{key}.md 有错误，没有生成页面；改正该文件后链接即可使用")
    elif key not in targets.paths:
        report.error(doc.source, link.line, _missing(doc, link, key, targets), "dead-link")
    elif key not in targets.public:
        report.error(doc.source, link.line, f"{_what(link, key)} 不是主动公开文档，不能链接")
    elif key in targets.held:
        report.error(doc.source, link.line, f"{_what(link, key)} {targets.held[key]}，不能链接")


def _other_member(doc: Document, link: Link, group_dir: Path | None, report: Report) -> None:
    """That the file is there; whether it is published the group build checks, knowing every member."""
    if group_dir is not None and not (group_dir / link.member / sources.CONTENT / link.target).is_file():
        report.error(doc.source, link.line, f"链接的文档 /{link.member}/{link.target} 不存在：站群成员 {link.member} 的 "
                                            f"content/ 中没有 {link.target}", "dead-link")


def _what(link: Link, key: str) -> str:
    if link.written:
        return f"链接“{link.written}”是本站页面的完整地址，它对应的文档 content/{key}.md"
    return f"链接的文档 content/{key}.md"


def _missing(doc: Document, link: Link, key: str, targets: Targets) -> str:
    if link.page and not link.target.endswith(".html"):  # a full URL of the site naming a file (feeds/x.xml)
        return f"链接“{link.written}”是本站的完整地址，但本站没有文件 {link.target}"
    hint = targets.hint(key, doc)
    if not link.written and not link.page:
        return f"链接的文档 content/{key}.md 不存在{hint}"
    what = _what(link, key) if link.written else f"链接的页面 {link.target} 不存在（它应由 content/{key}.md 生成）"
    return f"{what}{' 不存在' if link.written else ''}{hint or '；'}{_HOW}"


def _file(doc: Document, link: Link, targets: Targets, report: Report) -> None:
    disk, where = targets.site_dir / sources.CONTENT / link.target, link.source or doc.source
    if not disk.is_file():
        report.error(where, link.line, f"链接的文件 content/{link.target} 不存在", "dead-link")
    elif not sources.inside(targets.site_dir, disk):
        report.error(where, link.line, f"链接的文件 content/{link.target} 是指向 content/ 之外的符号链接")
    elif problem := sources.name_problem(disk, disk.name):  # copying it would fail
        report.error(where, link.line, f"链接的文件 content/{link.target} {problem}")
    elif is_source(link.target):  # written .MD: a document's source, where names are not told apart by case
        report.error(where, link.line, f"链接的文件 content/{link.target} 是文档的源文件，不能作为文件链接；"
                                       "链接文档请写以 .md 结尾的路径")
    elif link.target in targets.attached:
        report.error(where, link.line, f"链接的文件 content/{link.target} {_named_by(targets, link.target)}，不能链接")
    elif led := linked_to(targets, link.target):
        report.error(where, link.line, f"链接的文件 content/{link.target} {led}，不能链接")


def is_source(rel: str) -> bool:
    """A document's source file (.md, however its case is written), never copied into the output."""
    return rel.lower().endswith(".md")


def _attachment(doc: Document, attachment: Attachment, targets: Targets, report: Report) -> None:
    name = posixpath.basename(attachment.file)
    if is_source(attachment.file):
        report.error(doc.source, attachment.line,
                     f"附件“{name}”是文档 content/{attachment.file} 的源文件，"
                     "不能作为附件（会公开它的全部原文）；要引用该文档，请在正文中链接它")
    elif led := linked_to(targets, attachment.file):
        report.error(doc.source, attachment.line, f"附件“{name}”{led}，不能作为附件")


def real_path(site_dir: Path, rel: str) -> str | None:
    """The content path of the file content/<rel> really is when it is a symlink to another file of content/;
    None when it is itself, leads out of content/ or is not there (errors of their own), as when a folder on
    its way is the link (an error of its own: sources.linked_folders): one lstat for a file that is no link."""
    if not os.path.islink(site_dir / sources.CONTENT / rel):
        return None
    root = os.path.realpath(site_dir / sources.CONTENT)
    real = os.path.realpath(os.path.join(root, rel))
    if not real.startswith(root + os.sep) or not os.path.isfile(real):
        return None
    found = os.path.relpath(real, root).replace(os.sep, "/")
    return None if found == posixpath.normpath(rel) else found


def linked_to(targets: Targets, rel: str) -> str:
    """“是指向……的符号链接……”: what content/<rel> is a symlink to, when that file may not be published through
    it: a document's source, or a file only documents not published name (`attached`: one a published document
    names too is published with it); "" when it may, or is no link."""
    real = real_path(targets.site_dir, rel)
    if real is None:
        return ""
    if is_source(real):
        return f"是指向文档源文件 content/{real} 的符号链接（会公开该文档的全部原文）"
    if real in targets.attached:
        return f"是指向 content/{real} 的符号链接，该文件{_named_by(targets, real)}"
    return ""


def _named_by(targets: Targets, rel: str) -> str:
    """“是文档 content/x.md 的附件，该文档不是主动公开文档”: which unpublished document names the file, and why."""
    key, kind, why = targets.attached[rel]
    return f"是文档 content/{key}.md 的{kind}，该文档{why}"


def check_pages(documents: list[Document], targets: Targets, output_paths: set[str], report: Report) -> None:
    """Page addresses (x.html) that are neither a document's page nor a file must be pages the build
    writes (a column, the directory); otherwise the message names the .md to link."""
    for doc in documents:
        for link in doc.links:
            if link.page and link.target not in output_paths and targets.kind(link) == "page":
                report.error(doc.source, link.line, _missing(doc, link, link.target[:-5], targets), "dead-link")
