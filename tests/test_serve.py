"""`build.py serve` as an editor uses it: a real server process on loopback, IPv6 and IPv4, and a real browser."""
from __future__ import annotations

import datetime as dt
import errno
import gzip
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browsing import chromium
from conftest import BASE_CONFIG, doc, read_tree
from serving import Server

from gongkai import pipeline
from gongkai.tools import serve
from gongkai.tools.preview import Preview, Watcher


@pytest.fixture
def serving_site(site):
    servers = []

    def start(files: dict, *extra: str, config: str = BASE_CONFIG) -> tuple[Path, Server]:
        root = site(files, config=config)
        servers.append(Server(root, *extra))
        return root, servers[-1]
    yield start
    for server in servers:
        server.stop()
        assert server.process.returncode == 0, "\n".join(server.lines)


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def raw(port: int, request: bytes, half_close: bool = False) -> bytes:
    """The server's whole answer to `request`. A complete request asking `Connection: close` is answered
    and closed by the server; closing our side first (`half_close`, for garbage that is no complete
    request) may make the server drop a connection it was about to answer. Garbage may also be refused
    before it is all sent: an oversized header is answered and the connection closed while it is still
    arriving."""
    with socket.create_connection(("::1", port), timeout=30) as sock:  # generous: CI machines are busy
        try:
            sock.sendall(request)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            if not half_close or exc.errno not in (errno.ENOTCONN, errno.EPIPE, errno.ECONNRESET):
                raise
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def test_serves_the_same_pages_over_ipv6_and_ipv4_with_the_reload_script_only_when_served(serving_site, cli, tmp_path):
    root, server = serving_site({"content/qtxx/a.md": doc("预览中的文件")})
    pages = {}
    for family in (socket.AF_INET6, socket.AF_INET):
        status, headers, body = fetch(server.url(family, "/qtxx/a.html"))
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        pages[family] = body
    assert pages[socket.AF_INET6] == pages[socket.AF_INET]
    assert "预览中的文件".encode() in pages[socket.AF_INET] and b'src="/_gongkai/reload.js"' in pages[socket.AF_INET]
    status, headers, script = fetch(server.url(socket.AF_INET6, "/_gongkai/reload.js"))
    assert status == 200 and b"location.host" in script

    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    assert not any(b"_gongkai" in data for data in read_tree(tmp_path / "out").values())


def test_serves_nothing_outside_the_output_and_survives_malformed_requests(serving_site):
    root, server = serving_site({"content/qtxx/a.md": doc()})
    (root / "secret.txt").write_text("绝密", encoding="utf-8")
    attacks = [b"/../secret.txt", b"/%2e%2e/secret.txt", b"/qtxx/%2e%2e/%2e%2e/secret.txt", b"/..%2fsecret.txt",
               b"//etc/passwd", b"/qtxx/..%5c..%5csecret.txt", b"/%00", b"/%ff%fe", str(root / "secret.txt").encode()]
    for path in attacks:
        answer = raw(server.port, b"GET " + path + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert answer.startswith((b"HTTP/1.1 404", b"HTTP/1.1 400")), (path, answer[:200])
        assert "绝密".encode() not in answer and b"root:" not in answer
    for garbage in (b"\x00\x01\x02 nonsense\r\n\r\n", b"GET / HTTP/1.1\r\n" + b"X: " + b"a" * 200000 + b"\r\n\r\n",
                    b"GET /qtxx/a.html HTTP/9.9\r\n\r\n", b"GET"):
        raw(server.port, garbage, half_close=True)
    status, _, body = fetch(server.url(socket.AF_INET, "/qtxx/a.html"))
    assert status == 200 and "测试文件".encode() in body
    status, _, body = fetch(server.url(socket.AF_INET6, "/no/such/page.html"))
    assert status == 404 and "页面未找到".encode() in body


def test_serves_under_base_path_with_the_404_page(serving_site):
    config = BASE_CONFIG.replace("  police_record:", "  base_path: /xxgk/\n  police_record:")
    root, server = serving_site({"content/qtxx/a.md": doc("子路径下的文件")}, config=config)
    status, _, body = fetch(server.url(socket.AF_INET6, "/"))
    assert status == 200 and "子路径下的文件".encode() in body  # redirected to /xxgk/
    status, _, body = fetch(server.url(socket.AF_INET, "/xxgk/qtxx/a.html"))
    assert status == 200 and "子路径下的文件".encode() in body
    status, _, body = fetch(server.url(socket.AF_INET, "/xxgk/qtxx/nope.html"))
    assert status == 404 and b'href="/xxgk/index.html"' in body
    status, _, body = fetch(server.url(socket.AF_INET, "/qtxx/a.html"))
    assert status == 404


def test_host_any_listens_on_ipv6_and_ipv4_alike():
    sockets = serve.listen_sockets("::", 0)  # closed at once: nothing ever accepts on them
    try:
        found = {(s.family, s.getsockname()[0], s.getsockname()[1]) for s in sockets}
        port = sockets[0].getsockname()[1]
        assert found == {(socket.AF_INET6, "::", port), (socket.AF_INET, "0.0.0.0", port)}
    finally:
        for sock in sockets:
            sock.close()


def test_default_listens_on_loopback_only(serving_site):
    _, server = serving_site({"content/qtxx/a.md": doc()})
    assert f"http://[::1]:{server.port}/ http://127.0.0.1:{server.port}/" in server.wait_for("预览地址")
    listening = Path("/proc/net/tcp6").read_text() + Path("/proc/net/tcp").read_text()
    port_hex = f":{server.port:04X} "
    local = [line.split()[1] for line in listening.splitlines()[1:] if port_hex in line.split()[1] + " "
             and line.split()[3] == "0A"]
    assert sorted(local) == sorted([f"0100007F:{server.port:04X}",
                                    f"00000000000000000000000001000000:{server.port:04X}"])


def test_browser_over_ipv6_reloads_on_every_save_and_shows_build_errors(serving_site):
    from playwright.sync_api import expect

    root, server = serving_site({"content/qtxx/a.md": doc("第一版标题")})
    source = root / "content/qtxx/a.md"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(server.url(socket.AF_INET6, "/qtxx/a.html"))
        expect(page.locator("h1")).to_have_text("第一版标题")
        page.wait_for_function("document.querySelector('script[data-build]') !== null")
        time.sleep(0.3)  # the page's socket is open

        saved = time.perf_counter()
        source.write_text(doc("第二版标题"), encoding="utf-8")
        expect(page.locator("h1")).to_have_text("第二版标题", timeout=15000)
        print(f"\nsave-to-reload: {time.perf_counter() - saved:.2f} s")

        time.sleep(0.5)  # a second save within a second of the reload is not dropped
        source.write_text(doc("第三版标题"), encoding="utf-8")
        expect(page.locator("h1")).to_have_text("第三版标题", timeout=15000)

        source.write_text(doc("第三版标题", date="2024-13-45"), encoding="utf-8")
        overlay = page.locator("#gongkai-build-error")
        expect(overlay).to_contain_text("content/qtxx/a.md:3:", timeout=15000)
        expect(page.locator("h1")).to_have_text("第三版标题")  # the last good site stays

        source.write_text(doc("修好后的标题"), encoding="utf-8")
        expect(page.locator("h1")).to_have_text("修好后的标题", timeout=15000)
        expect(overlay).to_have_count(0)


class Notified:
    """The watcher's `changed` callback, counting its calls, which a test can wait for."""

    def __init__(self, fail_first: bool = False):
        self.count, self.fail_first, self.condition = 0, fail_first, threading.Condition()

    def __call__(self) -> None:
        with self.condition:
            self.count += 1
            self.condition.notify_all()
        if self.fail_first and self.count == 1:
            raise RuntimeError("浏览器通知失败")

    def wait(self, count: int) -> None:
        with self.condition:
            assert self.condition.wait_for(lambda: self.count >= count, 30), "the watcher stopped"


@pytest.fixture
def previewed(site, own_temp_folder):
    """Previews of sites, built once in this process; their folders are kept inside the test's own."""
    made = []

    def start(files: dict) -> tuple[Path, Preview]:
        root = site(files)
        preview = Preview(root, dt.date(2026, 11, 20))
        made.append(preview)
        preview.rebuild()
        assert not preview.problems
        return root, preview
    yield start
    for preview in made:
        preview.close()


@pytest.fixture
def watched(previewed):
    """A preview of a one-document site with its watcher running, in this process."""
    watchers = []

    def start(notified: Notified) -> tuple[Path, Preview]:
        root, preview = previewed({"content/qtxx/a.md": doc("预览中的文件")})
        watcher = Watcher(preview, notified)
        watcher.start()
        watchers.append(watcher)
        return root, preview
    yield start
    for watcher in watchers:
        watcher.stopping.set()
        watcher.join(10)


def save(root: Path, title: str) -> None:
    (root / "content/qtxx/a.md").write_text(doc(title), encoding="utf-8")


def test_an_unexpected_error_in_a_rebuild_is_shown_and_watching_goes_on(watched, monkeypatch):
    notified = Notified()
    root, preview = watched(notified)
    real_run, calls = pipeline.run, []

    def run(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("磁盘出了意外")
        return real_run(*args, **kwargs)
    monkeypatch.setattr(pipeline, "run", run)
    save(root, "第一次修改")
    notified.wait(1)
    overlay = preview.decorate(b"<body></body>").decode("utf-8")
    assert 'id="gongkai-build-error"' in overlay
    assert "错误：预览出现意外的程序错误（RuntimeError: 磁盘出了意外）" in overlay
    save(root, "第二次修改")
    notified.wait(2)
    assert preview.problems == []
    assert "第二次修改" in (preview.out_dir / "qtxx/a.html").read_text(encoding="utf-8")


def test_an_unexpected_error_outside_the_build_is_shown_and_watching_goes_on(watched):
    notified = Notified(fail_first=True)
    root, preview = watched(notified)
    save(root, "第一次修改")
    notified.wait(2)  # the callback fails, and the failure is announced
    assert "RuntimeError: 浏览器通知失败" in preview.decorate(b"").decode("utf-8")
    save(root, "第二次修改")
    notified.wait(3)
    assert preview.problems == []
    assert "第二次修改" in (preview.out_dir / "qtxx/a.html").read_text(encoding="utf-8")


LINKED = {
    "content/qtxx/a.md": doc("甲信息", 1, body="见[乙](b.md)。\n\n第一段。"),
    "content/qtxx/b.md": doc("乙信息", 2),
    "content/zcjd/jd.md": doc("甲信息解读", 3, interprets="qtxx/a", form="文字"),
}


def test_a_body_edit_is_shown_at_once_exactly_as_the_build_then_writes_it(previewed):
    root, preview = previewed(LINKED)
    source, page = root / "content/qtxx/a.md", preview.out_dir / "qtxx/a.html"
    source.write_text(doc("甲信息", 1, body="新加一句。\n\n见[乙](b.md)。\n\n第一段。"), encoding="utf-8")
    build = preview.build_id
    assert preview.show_edit([source])
    assert preview.build_id != build  # the browser reloads now, before the build
    shown = page.read_bytes()
    assert "新加一句。".encode() in shown and "甲信息解读".encode() in shown  # relations kept
    preview.rebuild()
    assert page.read_bytes() == shown
    assert preview.build_id != build


@pytest.mark.parametrize("edit", [
    doc("甲信息（改）", 1, body="见[乙](b.md)。\n\n第一段。"),  # front matter: listings change too
    doc("甲信息", 1, body="见[丙](c.md)。\n\n第一段。"),  # a link the build must check
    doc("甲信息", 1, body="见[乙](b.md)。\n\n联系电话 13812345678。"),  # an error: personal information
])
def test_other_edits_wait_for_the_build(previewed, edit):
    root, preview = previewed(LINKED)
    source, page = root / "content/qtxx/a.md", preview.out_dir / "qtxx/a.html"
    before = page.read_bytes()
    source.write_text(edit, encoding="utf-8")
    assert not preview.show_edit([source])
    assert page.read_bytes() == before


def test_a_page_shown_first_is_taken_back_when_the_build_fails(previewed):
    """Another document saved with an error at the same time: the build fails, and the page shown first
    goes back to the last good site's."""
    root, preview = previewed(LINKED)
    source, page = root / "content/qtxx/a.md", preview.out_dir / "qtxx/a.html"
    before = page.read_bytes()
    source.write_text(doc("甲信息", 1, body="见[乙](b.md)。\n\n改过的第一段。"), encoding="utf-8")
    (root / "content/qtxx/b.md").write_text(doc("乙信息", 2, date="2024-02-30"), encoding="utf-8")
    assert preview.show_edit([source])
    assert "改过的第一段".encode() in page.read_bytes()
    preview.rebuild()
    assert preview.problems and all(p.startswith("content/qtxx/b.md:") for p in preview.problems), preview.problems
    assert page.read_bytes() == before


def test_the_next_preview_starts_from_the_last_ones_site(site, own_temp_folder, capsys):
    """A preview keeps its site and cache in the site's preview folder: the next one renders nothing anew."""
    root = site(LINKED)
    first = Preview(root, dt.date(2026, 11, 20))
    try:
        assert first.build().rendered > 0
        first.keep()  # as serve does once the browser reloads
    finally:
        first.close()
    shown = read_tree(first.out_dir)
    again = Preview(root, dt.date(2026, 11, 20))
    try:
        assert again.out_dir == first.out_dir == root / ".gongkai-cache-preview/site"
        assert again.build().rendered == 0 and read_tree(again.out_dir) == shown
        (root / "content/qtxx/b.md").write_text(doc("乙信息（改）", 2), encoding="utf-8")
        assert again.build().rendered > 0
        assert "乙信息（改）" in (again.out_dir / "qtxx/index.html").read_text(encoding="utf-8")
    finally:
        again.close()
    assert list(own_temp_folder.iterdir()) == [] and "临时文件夹" not in capsys.readouterr().err


def test_a_second_preview_of_a_site_builds_in_a_temporary_folder(site, own_temp_folder, capsys):
    root = site(LINKED)
    first, second = Preview(root, dt.date(2026, 11, 20)), None
    try:
        second = Preview(root, dt.date(2026, 11, 20))
        assert second.out_dir.is_relative_to(own_temp_folder) and "正被另一个预览使用" in capsys.readouterr().err
        assert second.build().written and first.build().written
        assert read_tree(second.out_dir) == read_tree(first.out_dir)
    finally:
        first.close()
        if second is not None:
            second.close()
    assert list(own_temp_folder.iterdir()) == [] and (root / ".gongkai-cache-preview/site/index.html").is_file()


def test_the_preview_never_searches_a_document_no_longer_published(previewed):
    """The preview's index is made once; a document withheld since takes the search down, not along."""
    root, preview = previewed({"content/qtxx/a.md": doc("预览中的文件"),
                               "content/qtxx/b.md": doc("即将撤下的文件", 2, body="撤下的正文 zqxwithdrawn。")})

    def holding(text: str) -> list[str]:  # the served files holding `text`, Pagefind's read unpacked
        files = {str(p): p.read_bytes() for p in preview.out_dir.rglob("*") if p.is_file()}
        return [path for path, data in files.items()
                if text.encode() in (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)]
    assert any("/pagefind/" in path for path in holding("zqxwithdrawn"))  # its page and its search entry
    source = root / "content/qtxx/b.md"
    withheld = source.read_text(encoding="utf-8").replace("topic:", "disclosure: 不予公开\nwithheld_reason: 内部\ntopic:")
    source.write_text(withheld, encoding="utf-8")
    preview.rebuild()
    assert not preview.problems
    assert holding("zqxwithdrawn") == []
    assert (preview.out_dir / "qtxx/a.html").is_file()
