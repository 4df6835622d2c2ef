"""Checks of the rendered output, as an inspector's crawler would see it.

Every internal link and anchor must resolve inside the output; IPv4-literal URLs are
errors (they break IPv6 access); resources from other hosts are warnings, since the page
then depends on that host's availability and IPv6 support.
"""
from __future__ import annotations

import ipaddress
import posixpath
import re
from urllib.parse import unquote, urlsplit

from .output import Output
from .problems import Report

_ATTR = re.compile(rb"""<(a|link|script|img|source|video|audio|track|iframe|form)\b[^>]*?\s(href|src|action|poster)\s*=\s*["']([^"']*)["']""", re.I)
_ID = re.compile(rb"""\sid\s*=\s*["']([^"']+)["']""")
_RESOURCE_TAGS = {b"link", b"script", b"img", b"source", b"video", b"audio", b"track", b"iframe"}


def _ipv4_host(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def postcheck(output: Output, base_path: str, report: Report) -> dict[str, str]:
    """Check every rendered HTML page; returns the external hosts the output refers to, each with
    the source of the first page that refers to it."""
    existing = output.paths()
    ids: dict[str, set[str]] = {}
    hosts: dict[str, str] = {}
    for page, html in sorted(output.pages.items()):
        if not page.endswith(".html"):
            continue
        origin = output.origins.get(page, page)
        for tag, attr, raw in _ATTR.findall(html):
            url = raw.decode("utf-8", "replace").replace("&amp;", "&")
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                host = parts.hostname or ""
                hosts.setdefault(host, origin)
                if _ipv4_host(host):
                    report.error(origin, 0, f"页面 {page} 使用了 IPv4 地址链接“{url}”，IPv6 用户无法访问，请改用域名",
                                 "ipv4-literal")
                elif tag.lower() in _RESOURCE_TAGS:
                    report.warning(origin, 0, f"页面 {page} 引用了第三方资源“{url}”，请改为本站托管"
                                              "（第三方主机可能不支持 IPv6）", "third-party")
                continue
            target = _target(page, parts.path, base_path)
            if target is None:
                continue
            if target not in existing:
                report.error(origin, 0, f"页面 {page} 中的链接“{url}”指向不存在的文件 {target}", "dead-link")
            elif parts.fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = {m.decode("utf-8", "replace") for m in _ID.findall(output.pages.get(target, b""))}
                if unquote(parts.fragment) not in ids[target]:
                    report.error(origin, 0, f"页面 {page} 中的链接“{url}”指向不存在的锚点", "dead-anchor")
    return hosts


def _target(page: str, path: str, base_path: str) -> str | None:
    """The output path a link points to, or None for a link to the page itself."""
    path = unquote(path)
    if not path:
        return page
    if path.startswith("/"):
        if not path.startswith(base_path):
            return path.lstrip("/")
        joined = path[len(base_path):]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined) if joined else "index.html"
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target
