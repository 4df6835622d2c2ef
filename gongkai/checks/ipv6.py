"""IPv6 readiness: does every host the column depends on have an IPv6 address (AAAA record)?

The national rules require the column to be reachable over IPv6; a page whose own domain or
whose linked hosts have no AAAA record fails an inspector's IPv6 crawl. Looking names up
needs the network, so this runs only on `check --resolve`, and the resolver is injectable.
"""
from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from gongkai.engine import yamltext
from gongkai.engine.config import CONFIG_FILE
from gongkai.problems import Report

Resolver = Callable[[str], bool]


def has_aaaa(host: str) -> bool:
    """True when the system resolver finds an IPv6 address for `host`."""
    try:
        return bool(socket.getaddrinfo(host, None, socket.AF_INET6, socket.SOCK_STREAM))
    except (socket.gaierror, UnicodeError, OSError):
        return False


def check_aaaa(site_dir: Path, domain: str, hosts: dict[str, str], report: Report,
               resolver: Resolver | None = None) -> None:
    """Warn about the site's domain and each external host (with its first referring source) lacking AAAA."""
    resolver = resolver or has_aaaa
    wanted = {domain: CONFIG_FILE, **{h: origin for h, origin in hosts.items() if h}}
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = dict(zip(wanted, pool.map(resolver, wanted)))
    for host, origin in sorted(wanted.items()):
        if found[host]:
            continue
        if host == domain:
            report.warning(CONFIG_FILE, _domain_line(site_dir),
                           f"本站域名 {host} 没有 AAAA 记录，IPv6 用户无法访问；请联系域名解析和服务器管理员开通 IPv6",
                           "no-aaaa")
        else:
            report.warning(origin, 0, f"页面引用的外部主机 {host} 没有 AAAA 记录，IPv6 用户无法访问该内容；"
                                      "请改为本站托管或换用支持 IPv6 的地址", "no-aaaa")


def _domain_line(site_dir: Path) -> int:
    try:
        text = (site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig")
        return yamltext.load(text).line("site", "domain")
    except (OSError, UnicodeDecodeError, yamltext.YamlError):
        return 0
