"""Checks of the rendered output, as an inspector's crawler would see it.

Every internal link and anchor must resolve inside the output; IPv4-literal URLs are errors
(they break IPv6 access); resources from other hosts are warnings, since the page then depends
on that host's availability and IPv6 support. Each page is scanned once when it is rendered
(`scan`); the site-wide part (`check_links`) runs on what the scans found, cached or fresh.
"""
from __future__ import annotations

import hashlib
import ipaddress
import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from gongkai.engine import browser_urls
from gongkai.problems import ERROR, WARNING, Report

_ATTR = re.compile(rb"""<(a|link|script|img|source|video|audio|track|iframe|form)\b[^>]*?\s(href|src|action|poster)\s*=\s*["']([^"']*)["']""", re.I)
_ID = re.compile(rb"""\sid\s*=\s*["']([^"']+)["']""")
_RESOURCE_TAGS = {b"link", b"script", b"img", b"source", b"video", b"audio", b"track", b"iframe"}


@dataclass
class Scan:
    links: tuple  # (target, url) for every internal link
    anchors: tuple  # (target, fragment, url) for internal links with a fragment
    ids: frozenset  # ids on the page itself
    hosts: tuple  # external hosts
    problems: tuple  # (severity, message, code, url): IPv4 literals and third-party resources


def key(found: Scan) -> str:
    """What the scan found, as a short digest: two scans with the same key give the link check the same
    findings, at most in another order (check_links reads a page's links, anchors, hosts and problems one
    by one, each on its own; an editor is shown them sorted). In sorted order, so that a listing whose
    documents moved between its sections (a document expired) scans as before."""
    text = repr((sorted(found.links), sorted(found.anchors), sorted(found.ids), sorted(found.hosts),
                 sorted(found.problems)))
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def shared(found: Scan, held: dict) -> Scan:
    """The scan with links every page has (the navigation) held once in `held`, one build's pool of
    them, and each address once however many pages link to it: the cache stays small and quick to
    load, and a build of 100,000 pages holds every page's scan until the link check."""
    links = tuple(_held(link, held) for link in found.links)
    anchors = tuple(_held(anchor, held) for anchor in found.anchors)
    return Scan(held.setdefault(links, links), held.setdefault(anchors, anchors),
                held.setdefault(found.ids, found.ids), held.setdefault(found.hosts, found.hosts), found.problems)


def _held(strings: tuple, held: dict) -> tuple:
    """`strings` (a link's target and URL, an anchor's) as held in `held`, each string in it held too."""
    known = held.get(strings)
    if known is None:
        known = held[strings] = tuple(held.setdefault(s, s) for s in strings)
    return known


def _ipv4_host(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def scan(page: str, html: bytes, origin: str, base_path: str) -> Scan:
    """What one rendered page links to, and what is wrong with it on its own."""
    links, anchors, hosts, problems = {}, [], set(), []
    folders: dict[str, str] = {}  # a plain link's folder, as the output path it names from this page
    for tag, _attr, raw in _ATTR.findall(html):
        url = raw.decode("utf-8", "replace").replace("&amp;", "&")
        if _PLAIN.fullmatch(url) and not url.endswith(("/.", "/..")) and url not in (".", ".."):
            links.setdefault(_plain_target(page, url, folders), url)
            continue
        parts = browser_urls.split(url)
        if parts is None or parts.scheme in ("mailto", "tel", "data", "javascript"):
            continue  # one no browser goes to (a bracket left open) leads nowhere to check
        if parts.scheme or parts.netloc:
            host = parts.hostname or ""
            hosts.add(host)
            if _ipv4_host(host):
                problems.append((ERROR, f"页面 {page} 使用了 IPv4 地址链接“{url}”，IPv6 用户无法访问，请改用域名",
                                 "ipv4-literal", url))
            elif tag.lower() in _RESOURCE_TAGS:
                problems.append((WARNING, f"页面 {page} 引用了第三方资源“{url}”，请改为本站托管"
                                          "（第三方主机可能不支持 IPv6）", "third-party", url))
            continue
        target = _target(page, parts.path, base_path)
        links.setdefault(target, url)
        if parts.fragment and target.endswith(".html"):
            anchors.append((target, unquote(parts.fragment), url))
    ids = frozenset(m.decode("utf-8", "replace") for m in _ID.findall(html))
    return Scan(tuple(links.items()), tuple(anchors), ids, tuple(sorted(hosts)), tuple(problems))


def check_links(scans: dict[str, tuple[str, Scan]], existing: set[str], report: Report,
                line_of: Callable[[str, str], int] = lambda origin, url: 0, in_group: bool = False) -> dict[str, str]:
    """Dead links and anchors across the site. `scans`: page -> (origin, scan); `line_of(origin, url)`:
    the line of the origin that wrote the URL (0 when a template did). `in_group`: the site is a group
    member, whose links to other members leave its own output (the group build checks those).

    Returns every external host with the source of the first page that refers to it."""
    hosts: dict[str, str] = {}
    for page in sorted(scans):
        origin, found = scans[page]
        for host in found.hosts:
            hosts.setdefault(host, origin)
        for severity, message, code, url in found.problems:
            (report.error if severity == ERROR else report.warning)(origin, line_of(origin, url), message, code)
        for target, url in found.links:
            if target not in existing and not (in_group and target.startswith("../")):
                report.error(origin, line_of(origin, url), f"页面 {page} 中的链接“{url}”指向不存在的文件 {target}",
                             "dead-link")
        for target, fragment, url in found.anchors:
            if target in scans and target in existing and fragment not in scans[target][1].ids:
                report.error(origin, line_of(origin, url), f"页面 {page} 中的链接“{url}”指向不存在的锚点", "dead-anchor")
    return hosts


#: a relative link with nothing to decode or split off (most links of a page, all but a few of a listing's):
#: names of letters, digits and . - _ ~ joined by single slashes
_PLAIN = re.compile(r"[\w.~-]+(?:/[\w.~-]+)*")


def _plain_target(page: str, url: str, folders: dict[str, str]) -> str:
    """_target of a _PLAIN link whose last name is a file's: its folder resolved once a page (`folders`), as
    a listing's thousands of links name a few folders."""
    head, _, name = url.rpartition("/")
    folder = folders.get(head)
    if folder is None:
        joined = posixpath.join(posixpath.dirname(page), head)
        folder = folders[head] = posixpath.normpath(joined) if joined else "."
    return name if folder == "." else f"{folder}/{name}"


def _target(page: str, path: str, base_path: str) -> str:
    """The output path a link points to (the page itself for a bare fragment)."""
    path = unquote(path)
    if not path:
        return page
    if path.startswith("/"):
        if not path.startswith(base_path):  # above the site's root: ../ from it, as a relative link would be
            return posixpath.relpath(path, base_path)
        joined = path[len(base_path):]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined) if joined else "index.html"
    if target == ".":
        return "index.html"
    if path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target
