"""Drafts and future-dated documents: read and checked like every other, published only when their time comes.

A draft (`draft: true`, 草稿) is shown by `serve` and never by `build` or `deploy`; a document
dated after the build moment (`--as-of`) is held back until then, as Hugo does with future posts:
one dated to a day until that day, one dated to a time (`date: 2026-12-08 18:00`) until that minute,
so that no build publishes an embargoed release early. A held document is left out of the site model,
so no page, listing, catalog, feed, sitemap or search index can show it; `check` notes each one.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from gongkai.engine.build_date import BuildDate
from gongkai.engine.model import Document
from gongkai.problems import Report

DRAFT = "是草稿（draft: true），不发布"
#: what a held document's messages say of when it is due (its held_reason, the start of check's note): for a
#: 发布日期 that is a day, and for one with a time of day
BY_DAY = ("的发布日期 {} 还没到，到那天才发布", "发布日期 {} 晚于生成日期，到那天才发布")
BY_TIME = ("的发布时间 {} 还没到，到时才发布", "发布时间 {} 晚于生成时间，到时后再次生成才发布")


def held_reason(doc: Document, as_of: BuildDate, drafts: bool) -> str:
    """Why a published document is not published yet ("" when it is): said after its name in messages."""
    if doc.meta.get("draft") and not drafts:
        return DRAFT
    due = _due(doc, as_of)
    return due[0] if due else ""


def note(doc: Document, as_of: BuildDate, report: Report) -> None:
    """The line `check` prints for a held document: the same at every moment it is held."""
    if doc.meta.get("draft"):
        report.info(doc.source, doc.line("draft"), "草稿（draft: true）：build 和 deploy 不发布，serve 预览时显示")
    due = _due(doc, as_of)
    if due:
        report.info(doc.source, doc.line("date"), f"{due[1]}，在此之前不出现在任何页面、列表、目录和订阅中")


def _due(doc: Document, as_of: BuildDate) -> Optional[tuple[str, ...]]:
    """The messages of a document whose 发布日期 (to the minute, when it gives a time) the build moment is
    before; None when it is due."""
    published = doc.published
    if not published or not as_of.is_before_moment(published):
        return None
    if published.time() == dt.time():  # 00:00 is the day's start, as the day alone
        return tuple(said.format(published.date().isoformat()) for said in BY_DAY)
    return tuple(said.format(published.strftime("%Y-%m-%d %H:%M")) for said in BY_TIME)
