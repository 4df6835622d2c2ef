"""Feeds and maps: an Atom feed per column and one for the whole column, sitemap.xml and robots.txt.

Readers subscribe to a column instead of revisiting it; search engines find every page from
the sitemap. All three need absolute URLs (https://domain + base_path). They list only
published documents, since they are built from the site model, which holds nothing else.
Output is deterministic: a feed's `updated` is its newest document's date, not the build time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page
from gongkai.output.pages import NOT_FOUND

FEEDS = "feeds"
ALL_FEED = f"{FEEDS}/all.xml"
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"
#: entries per feed: enough for a reader who checks monthly, small enough to fetch often
FEED_SIZE = 50
#: documents carry Beijing time without a zone; Atom wants one
TIMEZONE = "+08:00"


@dataclass
class Absolute:
    """What feeds, the sitemap and robots.txt show besides documents: absolute addresses need the base."""

    base: str  # https://domain + base_path
    updated: str = ""  # a feed's Atom time: its newest document's
    pages: list[Page] = field(default_factory=list)  # the sitemap's


def feed_path(column: Column | None) -> str:
    """feeds/all.xml for the whole column; feeds/fdzdgknr.gfxwj.xml for a column ('.' never occurs in a path)."""
    return ALL_FEED if column is None else f"{FEEDS}/{column.path.replace('/', '.')}.xml"


def has_feed(site: Site, column: Column | None) -> bool:
    """Only a feed with entries is written and advertised: a column of pages with no documents
    of its own (政府信息公开指南 with just its introduction) would offer an empty subscription."""
    return bool(site.documents) if column is None else any(c.documents for c in column.walk())


def base_url(site: Site) -> str:
    """Where the output root is served: feeds, sitemap and robots.txt need absolute URLs."""
    return f"https://{site.info.domain}{site.info.base_path}"


def atom_time(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S") + TIMEZONE


def _updated(site: Site, docs: list[Document]) -> str:
    newest = docs[0].published if docs else (site.documents[0].published if site.documents else None)
    return atom_time(newest or dt.datetime.combine(site.as_of.exactly(), dt.time()))


def _feed(site: Site, column: Column | None) -> Page:
    docs = (column.all_documents() if column else site.documents)[:FEED_SIZE]
    title = f"{site.info.name}政府信息公开" + (f" - {column.name}" if column else "")
    return Page(feed_path(column), "feed.xml", title, "feed", column=column, documents=docs,
                view=Absolute(base_url(site), updated=_updated(site, docs)))


def feed_pages(site: Site, pages: list[Page]) -> list[Page]:
    """The feeds, the sitemap (of the HTML `pages`) and robots.txt."""
    feeds = [_feed(site, column) for column in [None, *site.all_columns()] if has_feed(site, column)]
    listed = [p for p in pages if p.path.endswith(".html") and p.path != NOT_FOUND and p.kind != "search"]
    base = base_url(site)
    sitemap = Page(SITEMAP, "sitemap.xml", "sitemap", "sitemap", view=Absolute(base, pages=listed))
    return feeds + [sitemap, Page(ROBOTS, "robots.txt", "robots", "robots", view=Absolute(base))]
