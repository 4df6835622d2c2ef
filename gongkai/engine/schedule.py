"""Drafts and future-dated documents: read and checked like every other, published only when their time comes.

A draft (`draft: true`, 草稿) is shown by `serve` and never by `build` or `deploy`; a document
dated after the build date (`--as-of`) is held back until that day, as Hugo does with future
posts. A held document is left out of the site model, so no page, listing, catalog, feed,
sitemap or search index can show it; `check` notes each one.
"""
from __future__ import annotations

from gongkai.engine.build_date import BuildDate
from gongkai.engine.model import Document
from gongkai.problems import Report

DRAFT = "是草稿（draft: true），不发布"


def held_reason(doc: Document, as_of: BuildDate, drafts: bool) -> str:
    """Why a published document is not published yet ("" when it is): said after its name in messages."""
    if doc.meta.get("draft") and not drafts:
        return DRAFT
    if doc.published and as_of.is_before(doc.published.date()):
        return f"的发布日期 {doc.published.date().isoformat()} 还没到，到那天才发布"
    return ""


def note(doc: Document, as_of: BuildDate, report: Report) -> None:
    """The line `check` prints for a held document: the same on every day it is held."""
    if doc.meta.get("draft"):
        report.info(doc.source, doc.line("draft"), "草稿（draft: true）：build 和 deploy 不发布，serve 预览时显示")
    if doc.published and as_of.is_before(doc.published.date()):
        day = doc.published.date().isoformat()
        report.info(doc.source, doc.line("date"), f"发布日期 {day} 晚于生成日期，到那天才发布，"
                                                  "在此之前不出现在任何页面、列表、目录和订阅中")
