"""The group's own pages, made from its members' catalog.json only (as listings.py keeps them): the home
page, the 部门 and 乡镇（街道） indexes, the group's 主动公开基本目录 (with 发布机构), its catalog.json and its
feed."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import jinja2

from gongkai.engine.model import SiteInfo
from gongkai.engine.group_spec import Group, Member
from gongkai.output.catalog import CATALOG, catalog_file
from gongkai.output.feeds import ALL_FEED, FEED_SIZE, ROBOTS, SITEMAP, Absolute, atom_time
from gongkai.engine.page import Page
from gongkai.group.listings import Listing
from gongkai.incremental.search_index import GROUP_LISTING
from gongkai.output.render import TemplateProblem, environment, render_template
from gongkai.problems import ConfigError, Report

#: the columns each member index links to when the member has them (the standard tree's paths)
MAIN_COLUMNS = (("信息公开指南", "zfxxgkzn"), ("信息公开制度", "zfxxgkzd"), ("信息公开年报", "zfxxgknb"))
KIND_PAGES = {"部门": "bmxxgk/index.html", "乡镇（街道）": "xzxxgk/index.html"}
LATEST = 10  # documents on the group home
DIRECTORY_ROWS = 100  # rows written into the directory page; the filter shows all from catalog.json


@dataclass
class Summary:
    """One member as the group pages show it."""

    member: Member
    listing: Listing  # its catalog.json rows
    columns: list[tuple[str, str]]  # (name, output path or "") for MAIN_COLUMNS
    count: int = 0
    newest: str = ""
    shards: list = field(default_factory=list)  # its search index's shards and delta (pagefind/shards.json)


@dataclass
class View:
    current: str  # which group navigation item is this page
    summaries: list[Summary] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


class Rows(Sequence):
    """The rows of every member, newest first, each parsed from its line only when a page reads it: the
    pages show a hundred of them; the rest are counted, and written to catalog.json as they are."""

    def __init__(self, lines: list[bytes]):
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [json.loads(line) for line in self.lines[index]]
        return json.loads(self.lines[index])


def summarise(member: Member, output: Path, listing: Listing) -> Summary:
    """A member as the group pages show it, from its built output and its listing."""
    columns = [(name, f"{member.path}/{path}/index.html" if (output / path / "index.html").is_file() else "")
               for name, path in MAIN_COLUMNS]
    shards = output / "pagefind" / "shards.json"
    return Summary(member, listing, columns, len(listing.dates), listing.dates[0][:10] if listing.dates else "",
                   json.loads(shards.read_text(encoding="utf-8")) if shards.is_file() else [])


def group_files(group: Group, summaries: list[Summary], compiled: Path | None = None) -> dict[str, bytes]:
    """Every file the group itself writes, by output path. `compiled`: where its compiled templates are kept
    between builds."""
    order = sorted(((date, line) for s in summaries for date, line in zip(s.listing.dates, s.listing.lines)),
                   key=itemgetter(0), reverse=True)  # as stable as sorting the rows: members in their order
    rows = Rows([line for _, line in order])
    info = SiteInfo(name=group.name, domain=group.site["domain"], site_id=group.site["site_id"],
                    organization=group.site["organization"], org_code="", icp=group.site.get("icp", ""),
                    police_record=group.site.get("police_record", ""), base_path=group.base_path)
    site = SimpleNamespace(info=info, columns=[], documents=rows)
    counts = {kind: sum(1 for s in summaries if s.member.kind == kind) for kind in KIND_PAGES}
    pages = [Page("index.html", "group/home.html", group.name, "home", documents=rows[:LATEST],
                  view=View("home", summaries, counts=counts)),
             Page("gkml/index.html", "group/directory.html", "主动公开基本目录", "directory",
                  documents=rows[:DIRECTORY_ROWS], view=View("directory", members=[s.member for s in summaries]))]
    pages += [Page(path, "group/members.html", f"{kind}信息公开", "view",
                   view=View(kind, [s for s in summaries if s.member.kind == kind])) for kind, path in KIND_PAGES.items()]
    pages.append(Page("search/index.html", "group/search.html", "全部搜索", "search",
                      view=View("search", members=[s.member for s in summaries])))
    pages.append(_feed(group, rows))
    pages += _maps(group, pages, summaries)
    files = _rendered(group.folder, environment(group.folder, compiled), site, pages)
    files[CATALOG] = catalog_file(rows.lines)  # in a member's catalog's form
    files[GROUP_LISTING] = json.dumps([{"path": s.member.path, "name": s.member.name, "shards": s.shards}
                                       for s in summaries if s.shards], ensure_ascii=False).encode("utf-8")
    return files


def _rendered(folder: Path, env: jinja2.Environment, site: SimpleNamespace, pages: list[Page]) -> dict[str, bytes]:
    """Every page, rendered as a site's are (render_template): a mistake in the group's templates is an error at
    its line, not a hole in the page; those of every page are raised together (ConfigError), before anything is
    written."""
    files, report = {}, Report()
    for page in pages:
        try:
            files[page.path] = _render(folder, env, site, page)
        except TemplateProblem as exc:
            report.error(exc.path, exc.line, f"{exc.message}（渲染 {page.path} 时）")
    if report.errors:
        raise ConfigError(report)
    return files


def _render(folder: Path, env: jinja2.Environment, site: SimpleNamespace, page: Page) -> bytes:
    root = "../" * page.depth

    def url(target: str) -> str:
        return root + target

    return render_template(env, folder, lambda: env.get_template(page.template), site=site, page=page, column=None,
                           doc=None, url=url, root=root).encode("utf-8")


def _feed(group: Group, rows: Sequence[dict]) -> Page:
    """The group's feed: the newest documents of all members, each under its member as category."""
    entries = [SimpleNamespace(**dict(row, url=unquote(row["url"]), published=dt.datetime.fromisoformat(row["date"]),
                                      column=SimpleNamespace(path=row["member_path"], name=row["member"])))
               for row in rows[:FEED_SIZE]]
    updated = atom_time(entries[0].published) if entries else ""
    return Page(ALL_FEED, "feed.xml", f"{group.name}政府信息公开", "feed", documents=entries,
                view=Absolute(group.url(), updated=updated))


def _maps(group: Group, pages: list[Page], summaries: list[Summary]) -> list[Page]:
    """The group's sitemap of its own pages, and the site root's robots.txt naming every member's sitemap too:
    crawlers read robots.txt only at the root, where the members' own ones are not."""
    listed = [p for p in pages if p.path.endswith(".html") and p.kind != "search"]
    return [Page(SITEMAP, "sitemap.xml", "sitemap", "sitemap", view=Absolute(group.url(), pages=listed)),
            Page(ROBOTS, "group/robots.txt", "robots", "robots",
                 view=SimpleNamespace(base=group.url(), summaries=summaries))]
