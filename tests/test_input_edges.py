"""Input at the edges of what the tool can place: a preview asked for by another host name, own-site links
written as a browser also reads them, dates outside the calendar of documents, file names that URLs must
escape or that differ only in case, an empty 草稿. Each is held back with its line, or refused."""
from __future__ import annotations

import datetime as dt
import json
import re
import socket
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

from conftest import BASE_CONFIG, doc, normative, read_tree
from serving import Server

from gongkai.engine.model import Document
from gongkai.tools import serve
from gongkai.tools.preview import CLIENT

A = "content/qtxx/a.md"
DRAFT_BODY = "尚未审定的草稿正文DRAFTMARK"
UPGRADE = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n")


def answer(address: str, port: int, path: str, host: str, extra: str = "") -> tuple[int, bytes]:
    """The status and whatever of the answer arrives (a websocket accepted stays open: its headers only)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra or 'Connection: close' + chr(13) + chr(10)}\r\n"
    with socket.create_connection((address, port), timeout=30) as sock:
        sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data or not extra:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.fixture
def preview(site):
    started = []

    def start(*extra: str) -> Server:
        root = site({"content/qtxx/dr.md": doc("草稿", draft="true", body=DRAFT_BODY)})
        started.append(Server(root, *extra))
        return started[-1]
    yield start
    for server in started:
        server.stop()
        assert server.process.returncode == 0, "\n".join(server.lines)


def test_serve_refuses_a_host_name_another_site_points_at_it(preview):
    server = preview()
    for path in ("/qtxx/dr.html", "/catalog.json", CLIENT + "reload.js"):
        status, data = answer("127.0.0.1", server.port, path, f"attacker.example:{server.port}")
        assert status == 403 and "DRAFTMARK".encode() not in data and "草稿".encode() not in data, data
        assert "预览只回答发往本机地址的请求".encode() in data
    status, data = answer("::1", server.port, CLIENT + "events", f"attacker.example:{server.port}", UPGRADE)
    assert status == 403, data
    status, _ = answer("127.0.0.1", server.port, "/qtxx/dr.html", "localhost.attacker.example")
    assert status == 403


def test_serve_answers_the_loopback_names_with_or_without_port_over_ipv6_and_ipv4(preview):
    server = preview()
    for address in ("::1", "127.0.0.1"):
        for host in ("localhost", f"LocalHost:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port}",
                     "[::1]", f"[::1]:{server.port}"):
            status, data = answer(address, server.port, "/qtxx/dr.html", host)
            assert status == 200 and "DRAFTMARK".encode() in data, (address, host, data[:200])
    status, data = answer("::1", server.port, CLIENT + "events", f"[::1]:{server.port}", UPGRADE)
    assert status == 101, data


def test_serve_answers_the_host_it_was_told_to_listen_on(preview):
    server = preview("--host", "127.0.0.1")
    assert answer("127.0.0.1", server.port, "/qtxx/dr.html", f"127.0.0.1:{server.port}")[0] == 200
    assert answer("127.0.0.1", server.port, "/qtxx/dr.html", "attacker.example")[0] == 403


@pytest.mark.parametrize("host, name, answered", [
    (None, "192.168.1.5", False), ("::", "192.168.1.5", True), ("0.0.0.0", "[fe80::1]", True),
    ("::", "attacker.example", False), ("192.168.1.5", "192.168.1.5", True), ("::1", "[::1]", True),
    ("fe80::1", "[fe80::1]", True), ("Preview.Local", "preview.local", True), (None, "localhost.", False),
])
def test_serve_hosts_on_every_address_are_ip_addresses_and_names_given(host, name, answered):
    """Listening on every address, it is asked for by the machine's addresses: no name points there unasked."""
    assert bool(re.match(serve.hosts(host), name)) is answered


CONFIG = BASE_CONFIG.replace("  police_record: 皖公网安备34000000000001号\n",
                             "  police_record: 皖公网安备34000000000001号\n  base_path: /xxgk/\n")


@pytest.mark.parametrize("url", [
    "//www.test.gov.cn/xxgk/gfxwj/b.html", "https://www.test.gov.cn./xxgk/gfxwj/b.html",
    "HTTPS://WWW.Test.GOV.cn:443/xxgk/gfxwj/b.html", "http://www.test.gov.cn:80/xxgk/gfxwj/b.html",
    "https://www%2Etest.gov.cn/xxgk/gfxwj/b.html", "<a href='https:\\\\www.test.gov.cn\\xxgk\\gfxwj\\b.html'>",
], ids=["protocol-relative", "root-dot", "case-and-port", "http-port", "escaped-dot", "html-backslashes"])
def test_own_page_written_as_a_browser_also_reads_it_is_checked(url, site, cli):
    """In raw HTML, where Markdown leaves “\\” as it is, a browser reads https:\\\\domain\\ as https://domain/."""
    body = f"第一段。\n\n<p>见{url}办法</a>。</p>" if url.startswith("<") else f"第一段。\n\n见[办法]({url})。"
    url = url[9:-2] if url.startswith("<") else url
    root = site({A: doc(body=body), "content/gfxwj/b.md": doc("乙", 2, disclosure="依申请公开")}, config=CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert (f"{A}:9: 错误：链接“{url}”是本站页面的完整地址，它对应的文档 content/gfxwj/b.md "
            "不是主动公开文档，不能链接") in run.problems, run.err


def test_protocol_relative_links_resolve_to_own_pages_and_leave_other_sites_alone(site, cli):
    body = "见[办法](//www.test.gov.cn/xxgk/zcjd/b.html)和[外站](//www.gov.cn/xxgk/a.html)。"
    root = site({A: doc(body=body), "content/zcjd/b.md": doc("乙", 2, type="page")}, config=CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/qtxx/a.html").read_text(encoding="utf-8")
    assert '<a href="../zcjd/b.html">办法</a>' in html and '<a href="//www.gov.cn/xxgk/a.html">外站</a>' in html


def test_a_date_before_1949_is_an_error_at_its_line_and_the_output_is_kept(site, cli):
    root = site({A: doc()})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / "content/qtxx/old.md").write_text(doc("旧文件", 2, date="0001-01-01"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1 and "Traceback" not in run.err
    assert "content/qtxx/old.md:3: 错误：发布日期（date）：日期“0001-01-01”早于 1949 年，请检查年份" in run.problems
    assert read_tree(root / "public") == before


@pytest.mark.parametrize("field, value", [("written", "1948-12-31"), ("effective", "0001-01-01"),
                                          ("date", "1900-05-04 09:30")])
def test_every_date_field_refuses_a_year_before_1949(field, value, site, cli):
    run = cli("check", "--site", site({A: normative(**{field: value})}))
    label = {"written": "成文日期", "effective": "施行日期", "date": "发布日期"}[field]
    assert run.code == 1 and "Traceback" not in run.err
    assert any(p.startswith(A) and f"错误：{label}（{field}）：日期“{value}”早于 1949 年，请检查年份" in p
               for p in run.problems), run.err


def test_an_expiry_of_9999_12_31_for_long_term_validity_is_accepted(site, cli):
    root = site({"content/gfxwj/a.md": normative(written="1949-10-01", expires="9999-12-31", effective="9999-01-01")})
    run = cli("build", "--site", root)
    assert run.code == 0 and "Traceback" not in run.err, run.err


@pytest.mark.parametrize("field, value, label", [("date", "2206-11-20", "发布日期"), ("reviewed", "9999-12-31", "复核日期")])
def test_other_dates_after_2100_are_an_error(field, value, label, site, cli):
    run = cli("check", "--site", site({A: doc(**{field: value})}))
    assert run.code == 1 and "Traceback" not in run.err
    assert any(p.startswith(A) and f"错误：{label}（{field}）：日期“{value}”晚于 2100 年，请检查年份" in p
               for p in run.problems), run.err


def test_a_consultation_closing_in_9999_is_an_error_not_a_crash(site, cli):
    """Its feedback is due some days after it closes: past the calendar's end, which stopped every build."""
    text = doc("征求意见", type="consultation", opens="2026-11-01", closes="9999-12-31",
               comment_email="yj@test.gov.cn", body="征求意见稿正文。")
    run = cli("build", "--site", site({A: text}))
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{A}:8: 错误：征求意见截止日期（closes）：日期“9999-12-31”晚于 2100 年，请检查年份" in run.problems, run.err


def test_sorting_by_time_places_every_date_of_the_calendar():
    docs = [SimpleNamespace(published=day, path=path) for day, path in
            ((dt.datetime(1, 1, 1), "a"), (dt.datetime.max, "b"), (None, "c"), (dt.datetime(2026, 3, 5), "d"))]
    assert [d.path for d in sorted(docs, key=Document.sort_key)] == ["b", "d", "a", "c"]


@pytest.mark.parametrize("day, message", [("0001-01-01", "早于 1949 年"), ("9999-01-01", "晚于 2100 年")])
def test_new_refuses_a_date_the_build_would_refuse(day, message, site, cli):
    root = site({})
    run = cli("new", "page", "补录文件", "--site", root, "--date", day)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"--date：日期“{day}”{message}，请检查年份" in run.err
    assert not [p for p in (root / "content").rglob("*") if p.is_file()]


def test_sitemap_feeds_and_catalog_escape_file_names_as_pages_link_them(site, cli):
    root = site({"content/qtxx/a b.md": doc("空格"), "content/qtxx/pct%20.md": doc("百分号", 2)})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    out = root / "public"
    column = (out / "qtxx/index.html").read_text(encoding="utf-8")
    assert 'href="../qtxx/a%20b.html"' in column and 'href="../qtxx/pct%2520.html"' in column
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://www.test.gov.cn/qtxx/a%20b.html</loc>" in sitemap
    assert "<loc>https://www.test.gov.cn/qtxx/pct%2520.html</loc>" in sitemap and "a b.html" not in sitemap
    feed = (out / "feeds/all.xml").read_text(encoding="utf-8")
    assert "<id>https://www.test.gov.cn/qtxx/a%20b.html</id>" in feed
    assert 'href="https://www.test.gov.cn/qtxx/pct%2520.html"' in feed and "a b.html" not in feed
    urls = {row["title"]: row["url"] for row in json.loads((out / "catalog.json").read_text(encoding="utf-8"))}
    assert urls["空格"] == "qtxx/a%20b.html" and urls["百分号"] == "qtxx/pct%2520.html"


@pytest.mark.parametrize("files, message", [
    ({"content/qtxx/INDEX.md": doc()},
     "content/qtxx/INDEX.md:1: 错误：content/qtxx/INDEX.md 要写入的 qtxx/INDEX.html 与 config.yaml 要写入的 "
     "qtxx/index.html 只有大小写不同，在不区分大小写的服务器上是同一个文件，请给其中一个改名"),
    ({"content/qtxx/Tz.md": doc(), "content/qtxx/tZ.md": doc("乙", 2)},
     "content/qtxx/tZ.md:1: 错误：content/qtxx/tZ.md 要写入的 qtxx/tZ.html 与 content/qtxx/Tz.md 要写入的 "
     "qtxx/Tz.html 只有大小写不同，在不区分大小写的服务器上是同一个文件，请给其中一个改名"),
], ids=["column-page", "two-documents"])
def test_output_paths_differing_only_in_case_are_an_error_naming_both(files, message, site, cli):
    root = site(files)
    run = cli("build", "--site", root)
    assert run.code == 1 and message in run.problems, run.err
    assert not (root / "public").exists()


@pytest.mark.parametrize("written", ["draft:", 'draft: ""', "draft: ~", "草稿: ''"])
def test_an_empty_draft_is_an_error_and_the_document_is_not_published(written, site, cli):
    text = doc("草稿EMPTYDRAFT").replace("topic: 综合政务\n", f"topic: 综合政务\n{written}\n")
    root = site({A: text, "content/qtxx/b.md": doc("乙", 2)})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:6: 错误：草稿（draft）是空的：请写 true（是草稿，不发布）或 false（发布），或删去这一行"
            in run.problems), run.err
    assert not (root / "public").exists()


def test_a_group_lists_and_links_a_members_file_name_with_a_space_as_the_member_does(tmp_path, cli):
    """catalog.json's URLs are escaped: the group's feed escapes them once, and a link from another member finds
    the document in the member's kept listing on every build."""
    from test_group import make_group, notice
    root = make_group(tmp_path / "group")
    (root / "bm/jyj/content/qtxx/a b.md").write_text(notice("bm/jyj", 7, "带空格的通知"), encoding="utf-8")
    (root / "xzf/content/qtxx/see.md").write_text(
        notice("xzf", 8, "参见") + "\n见[通知](</bm/jyj/qtxx/a b.md>)。\n", encoding="utf-8")
    for _ in range(2):  # the second build takes bm/jyj's listing as kept
        run = cli("build", "--site", root)
        assert run.code == 0, run.err
    feed = (root / "public/feeds/all.xml").read_text(encoding="utf-8")
    assert "bm/jyj/qtxx/a%20b.html" in feed and "%2520" not in feed
    links = re.findall(r'见<a href="([^"]+)"', (root / "public/xzf/qtxx/see.html").read_text(encoding="utf-8"))
    assert [unquote(link) for link in links] == ["../../bm/jyj/qtxx/a b.html"]


def test_a_link_no_browser_can_follow_is_an_error_at_its_line_not_a_traceback(site, cli):
    """https://[::1/x (a bracket left open) made Python's URL parser raise, and the build stopped."""
    root = site({"content/qtxx/a.md": doc(body="正文。\n\n见[地址](https://[::1/x)和<a href=\"http://[fe80::1/y\">这里</a>。")})
    run = cli("build", "--site", root)
    assert run.code == 1 and "Traceback" not in run.err
    assert "content/qtxx/a.md:9: 错误：链接“https://[::1/x”不是有效的网址（方括号没有配对），请改正" in run.err
    assert "链接“http://[fe80::1/y”不是有效的网址" in run.err
    assert not (root / "public").exists()
