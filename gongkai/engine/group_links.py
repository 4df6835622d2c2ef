"""Links from one member of a site group to another member's documents (`/bm/jyj/x.md`), and 政策解读 of
them: each member checks that the file is there; whether it is published only the group knows, from every member."""
from __future__ import annotations

from pathlib import Path

from gongkai.engine import group_interprets, sources
from gongkai.engine.model import Site
from gongkai.problems import ERROR, Problem

#: (source in the member, line, the other member's path, its document's content path without .md, what the
#: source does with it: 链接, 解读)
LinkAcross = tuple[str, int, str, str, str]


def check_across(group_dir: Path, links: dict[str, list[LinkAcross]], published: dict[str, set[str]]) -> list[Problem]:
    """An error at each link to a document of another member that member does not publish; `links` and
    `published` (content paths without .md) by member path."""
    problems = []
    for member, found in links.items():
        for source, line, other, target, verb in found:
            if target in published.get(other, set()):
                continue
            if (group_dir / other / sources.CONTENT / f"{target}.md").is_file():  # else the member reported it
                problems.append(Problem(f"{member}/{source}", line, ERROR,
                                        f"{verb}的文档 /{other}/{target}.md 不是站群成员 {other} 发布的主动公开文档"
                                        f"（草稿、未到发布日期、不予公开或有错误的文档不能{verb}）", "dead-link"))
    return problems


def links_across(site: Site) -> list[LinkAcross]:
    """A group member's links to other members' documents and its 政策解读 of them: (source, line, member,
    content path without .md, 链接 or 解读). A site of no group has none: its documents are not looked at."""
    if not site.info.member_path:
        return []
    links = [(doc.source, link.line, link.member, link.target[:-3], "链接") for doc in site.documents
             for link in doc.links if link.member]
    return links + [(doc.source, doc.line("interprets"), *group_interprets.member_of(doc.interprets_doc), "解读")
                    for doc in site.documents
                    if doc.interprets_doc is not None and group_interprets.member_of(doc.interprets_doc)]
