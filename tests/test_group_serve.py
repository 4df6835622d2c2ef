"""`build.py serve` on a group folder: the members and the group's pages in one preview over IPv6, a save
rebuilding the member it was made in and the group pages, a broken member shown in the overlay."""
from __future__ import annotations

import re
import socket
from urllib.parse import urljoin, urlsplit

from serving import Server
from test_group import make_group, notice
from test_serve import fetch


def page(server: Server, path: str) -> str:
    status, headers, body = fetch(server.url(socket.AF_INET6, path))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8", (path, status)
    return body.decode("utf-8")


def test_serve_previews_a_group_and_rebuilds_only_the_member_saved(tmp_path):
    root = make_group(tmp_path / "group")
    server = Server(root, startup=90)
    try:
        home = page(server, "/")
        assert "测试县政府信息公开平台" in home and 'src="/_gongkai/reload.js"' in home
        member = page(server, "/bm/fgw/qtxx/n1.html")
        assert "bm/fgw的第1号通知" in member
        assert "测试县教育局" in page(server, "/bmxxgk/index.html")
        # the group navigation of a member's page stays in the preview, as the member's own links do
        href = re.search(r'<nav class="group-nav".*?<a href="([^"]+)">部门信息公开</a>', member, re.S).group(1)
        clicked = urljoin(server.url(socket.AF_INET6, "/bm/fgw/qtxx/n1.html"), href)
        assert urlsplit(clicked).netloc == urlsplit(server.url(socket.AF_INET6)).netloc, clicked
        assert "测试县教育局" in page(server, urlsplit(clicked).path)

        after = len(server.lines)
        (root / "bm/fgw/content/qtxx/n1.md").write_text(notice("bm/fgw", 1, "改过标题的通知"), encoding="utf-8")
        line = server.wait_for("已重新生成", after, timeout=60)
        assert "重新生成的成员：bm/fgw，" in line, line
        assert "改过标题的通知" in page(server, "/bm/fgw/qtxx/n1.html")
        assert "改过标题的通知" in page(server, "/gkml/index.html")

        after = len(server.lines)
        (root / "xz/cgz/content/qtxx/n1.md").write_text("---\ntitle: 通知\ndate: 2024-13-45\n---\n正文\n",
                                                         encoding="utf-8")
        server.wait_for("生成失败，继续显示上一次成功的结果", after, timeout=60)
        shown = page(server, "/xz/cgz/qtxx/n1.html")
        assert 'id="gongkai-build-error"' in shown and "xz/cgz/content/qtxx/n1.md:3: 错误：" in shown
        assert "改过标题的通知" in page(server, "/gkml/index.html")  # the last good group, still shown
    finally:
        server.stop()
    assert server.process.returncode == 0, "\n".join(server.lines)
