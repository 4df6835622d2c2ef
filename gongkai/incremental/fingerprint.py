"""Fingerprints of pages: a page whose fingerprint is unchanged since the last build is not rendered again.

A fingerprint covers everything the page's template shows: the configuration, the templates and
the build date (all in `base`), and the documents on the page. Page kinds without a rule here
get no fingerprint and are always rendered, so a new page kind is never served stale.
Templates may read the page's own objects and configuration; a default template that shows
anything else must extend the rule for its page kind. A site's own templates are read instead
(template_reach.py): when they may show other documents, every page's fingerprint covers them all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from gongkai import doctypes
from gongkai.engine.model import Column, Document
from gongkai.incremental.cache import digest
from gongkai.incremental.template_reach import CONTENTS, NOTHING, site_templates_reach
from gongkai.output.page import Page
from gongkai.output.render import TEMPLATES, THEME_DIR, environment


def templates_digest(folders: list[Path]) -> str:
    parts = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def templates_reach(site_dir: Path) -> int:
    """How far the site's own templates reach beyond the page rules (template_reach.py)."""
    own = site_dir / TEMPLATES
    if not own.is_dir() or own.resolve() == THEME_DIR:
        return NOTHING
    return site_templates_reach(environment(site_dir), own)


def summary(doc: Document) -> str:
    """What a listing shows of a document: any change to its fields or place changes it."""
    key = doc.__dict__.get("_summary")
    if key is None:
        key = digest(doc.url, doc.column_path, doc.meta_key, str(doc.validity), str(doc.published))
        doc.__dict__["_summary"] = key
    return key


def _related(doc: Document) -> list[Document]:
    return ([doc.interprets_doc] if doc.interprets_doc else []) + doc.interpretations + doc.replaces_docs \
        + doc.replaced_by + doc.amends + doc.amended_by_docs + doc.gazettes \
        + [entry.doc for entry in doc.gazette_contents if entry.doc]


def _counts(columns: list[Column]) -> str:
    """Each column's document count and newest date."""
    return repr([(c.path, len(docs), docs[0].date if docs else None)
                 for top in columns for c in top.walk() for docs in [c.all_documents()]])


def _watched(page: Page, counts: Callable[[], str]) -> list[str]:
    """What pages of a type that shows other columns (标准目录) depend on besides their own documents:
    every column's count and newest date, and the data files of the documents shown."""
    kind = page.doc.meta["type"] if page.doc else page.column.type if page.column else ""
    if not doctypes.get(kind).watches_columns:
        return []
    return [counts()] + [d.content_key for d in ([page.doc] if page.doc else page.documents)]


def _document(page: Page, counts: Callable[[], str]) -> str:
    doc = page.doc
    return digest(doc.content_key, summary(doc), *[summary(r) for r in _related(doc)], *_watched(page, counts))


def _listing(page: Page, counts: Callable[[], str]) -> str:
    pagination = page.pagination
    parts = [summary(d) for d in page.documents] + _watched(page, counts)
    if pagination:
        parts.append(repr((pagination.number, pagination.count)))
    if page.column is not None:
        column = page.column
        parts.append(repr([(c.path, len(c.all_documents())) for c in column.children]))
        if column.intro:
            parts += [column.intro.content_key, summary(column.intro)]
    else:
        parts.append(counts())  # home and directory show the whole tree, the directory with counts
    return digest(*parts)


def _view(page: Page, counts: Callable[[], str]) -> str:
    """Views of a column (文件库, 历史规划, fiscal years) are derived from all its documents."""
    return digest(*[summary(d) for d in page.column.all_documents()])


RULES: dict[str, Callable[[Page, Callable[[], str]], str]] = {
    "view": _view,
    "document": _document,
    "column": _listing,
    "home": _listing,
    "directory": _listing,
    "not_found": lambda page, counts: "",
    "search": lambda page, counts: "",
    "robots": lambda page, counts: "",
    "feed": lambda page, counts: digest(page.view.updated, *[summary(d) for d in page.documents]),
    "sitemap": lambda page, counts: digest(*[p.path + (p.doc.date if p.doc else "") for p in page.view.pages]),
}


def _every_document(columns: list[Column], reach: int) -> str:
    """Every document and introduction as far as templates reach: listing fields, or everything."""
    parts = []
    for column in (c for top in columns for c in top.walk()):
        for doc in ([column.intro] if column.intro else []) + column.documents:
            parts += [summary(doc), doc.content_key if reach >= CONTENTS else ""]
    return digest(*parts)


def fingerprints(pages: list[Page], base: str, columns: list[Column], reach: int = NOTHING) -> list[Optional[str]]:
    """One fingerprint per page (None: always render); `reach` is templates_reach() of the site."""
    cached: list[str] = []

    def counts() -> str:
        if not cached:
            cached.append(_counts(columns))
        return cached[0]

    # every page advertises the site's feed only while the site has a document (feeds.has_feed)
    base = digest(base, repr(any(c.documents for top in columns for c in top.walk())))
    if reach > NOTHING:
        base = digest(base, _every_document(columns, reach))
    result = []
    for page in pages:
        rule = RULES.get(page.kind)
        result.append(digest(base, page.path, page.template, page.kind, rule(page, counts)) if rule else None)
    return result
