"""`build.py serve`: build into the site's preview folder, serve it, rebuild on every change, reload the browser.

Written on tornado directly rather than on livereload's server, because each of these needs it:
- we bind every socket ourselves, so `--host ::` serves IPv6 *and* IPv4 (tornado's own listen
  sets IPV6_V6ONLY), and the default listens on both ::1 and 127.0.0.1;
- the browser script is our own and connects to `location.host`, which keeps the brackets of an
  IPv6 address (livereload.js cannot parse `[::1]:PORT`);
- our watcher rebuilds after every change, however quickly the next one follows.
The reload script and any build-error overlay are added to HTML only as it is served: the
output folder itself is byte-for-byte what `build` writes. The preview shows drafts, so it answers
only requests whose Host header names it (`hosts`), never a web page that has pointed its own name here.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import mimetypes
import re
import signal
import socket
import sys
from pathlib import Path

import tornado.escape
import tornado.httpserver
import tornado.netutil
import tornado.routing
import tornado.web
import tornado.websocket

from gongkai.problems import UsageError
from gongkai.tools.preview import CLIENT, Preview, Watcher

LOOPBACK = ("::1", "127.0.0.1")
#: the names of the loopback addresses as a Host header writes them, and `--host` values listening on every address
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
ANY_ADDRESS = ("::", "[::]", "0.0.0.0")
#: an IP address as a Host header writes it: no DNS name, so no other site can point it at the preview
_IP_ADDRESS = r"[0-9.]+|\[[0-9a-f:.]+\]"

_RELOAD_JS = """(function () {
  var me = document.currentScript, build = me.getAttribute("data-build");
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  function connect() {
    var ws = new WebSocket(scheme + location.host + "/_gongkai/events");
    ws.onmessage = function (event) { if (event.data !== build) { location.reload(); } };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
"""


def hosts(host: str | None) -> str:
    """The Host header values the preview answers (a pattern of the name, lower case, port removed): the
    loopback names, the `--host` given, and any IP address when it listens on all of them. A web page
    that points its own name at 127.0.0.1 (DNS rebinding) still sends that name, so it reads no draft."""
    names = [*LOOPBACK_NAMES, *([f"[{host.strip('[]')}]" if ":" in host else host] if host else [])]
    wildcard = [_IP_ADDRESS] if host in ANY_ADDRESS else []
    return "(?:" + "|".join([*(re.escape(n.lower()) for n in names), *wildcard]) + ")$"


class WrongHost(tornado.web.RequestHandler):
    """Every request naming another host (see `hosts`), the reload events included: refused, nothing read."""

    def get(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("403：预览只回答发往本机地址的请求（localhost、127.0.0.1、[::1] 或 --host 所写的地址）\n")

    def head(self) -> None:
        self.get()


class Files(tornado.web.RequestHandler):
    """The output folder, and nothing outside it; HTML gets the reload script."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def head(self) -> None:
        self.get()

    def get(self) -> None:
        base = self.preview.base_path
        try:
            path = tornado.escape.url_unescape(self.request.path.encode("latin-1"), encoding="utf-8", plus=False)
        except UnicodeError:
            raise tornado.web.HTTPError(400) from None
        if not path.startswith(base):
            return self._redirect_or_404(path, base)
        rel = path[len(base):]
        target = _inside(self.preview.out_dir, rel)
        if target is not None and target.is_dir():
            if rel and not rel.endswith("/"):
                return self.redirect(self.request.path + "/")
            target = target / "index.html"
        if target is None or not target.is_file():
            return self._not_found()
        self._send(target, 200)

    def _redirect_or_404(self, path: str, base: str) -> None:
        if path == "/":
            return self.redirect(base)
        self._not_found()

    def _not_found(self) -> None:
        page = self.preview.out_dir / "404.html"
        if page.is_file():
            return self._send(page, 404)
        self.set_status(404 if not self.preview.problems else 503)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(self.preview.decorate(b"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                                          b"<title>\xe9\xa2\x84\xe8\xa7\x88</title><body></body></html>"))

    def _send(self, target: Path, status: int) -> None:
        try:
            data = target.read_bytes()
        except OSError:  # replaced by a rebuild between the check and the read
            raise tornado.web.HTTPError(404) from None
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self.preview.decorate(data)
        if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.finish(data)


def _inside(root: Path, rel: str) -> Path | None:
    """`rel` under `root`, or None for anything that could leave it (.., absolute, NUL, symlinks out) or that
    a build never publishes (a hidden file or folder: .git/ in static/, say, left in the folder by hand)."""
    parts = rel.split("/")
    if "\0" in rel or "\\" in rel or any(p.startswith(".") for p in parts) or rel.startswith("/"):
        return None
    target = root.joinpath(*[p for p in parts if p])
    try:
        if not target.resolve().is_relative_to(root.resolve()):
            return None
    except (OSError, ValueError):
        return None
    return target


class Client(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_RELOAD_JS)


class Events(tornado.websocket.WebSocketHandler):
    """Tells each open page the current build; the page reloads when it differs from its own."""

    def initialize(self, preview: Preview, sockets: set) -> None:
        self.preview, self.sockets = preview, sockets

    def open(self) -> None:
        self.sockets.add(self)
        self.write_message(self.preview.build_id)

    def on_close(self) -> None:
        self.sockets.discard(self)


def listen_sockets(host: str | None, port: int) -> list[socket.socket]:
    """Sockets for the preview: loopback by default, every IPv6 and IPv4 address for "::"."""
    addresses = LOOPBACK if host is None else ("::", "0.0.0.0") if host in ("::", "[::]") else (host.strip("[]"),)
    sockets: list[socket.socket] = []
    for address in addresses:
        try:
            sockets += tornado.netutil.bind_sockets(port, address)
        except OSError as exc:
            if host is None and address == "::1" and not sockets:
                print(f"警告：本机不支持 IPv6（{exc.strerror}），只在 127.0.0.1 上预览", file=sys.stderr)
                continue
            for sock in sockets:
                sock.close()
            raise UsageError(f"无法监听 {address} 端口 {port}：{exc.strerror}；请换一个 --port") from None
        port = port or sockets[0].getsockname()[1]  # port 0: the same free port on every address
    return sockets


def _urls(sockets: list[socket.socket], base_path: str) -> list[str]:
    urls = []
    for sock in sockets:
        address, port = sock.getsockname()[:2]
        if address in ("::", "0.0.0.0"):
            address = "::1" if sock.family == socket.AF_INET6 else "127.0.0.1"
        shown = f"[{address}]" if ":" in address else address
        urls.append(f"http://{shown}:{port}{base_path}")
    return urls


def serve(site_dir: Path, host: str | None, port: int, as_of: dt.datetime | None,
          kind: type[Preview] = Preview) -> int:
    """Run the preview until interrupted (Ctrl+C or SIGTERM); `kind` builds what is shown (a site, a group)."""
    if not 0 <= port <= 65535:
        raise UsageError(f"端口 {port} 无效，应在 0 到 65535 之间")
    sockets = listen_sockets(host, port)
    preview = kind(site_dir, as_of)
    try:
        preview.rebuild()
        preview.keep()
        asyncio.run(_run(preview, sockets, hosts(host)))
    finally:
        preview.close()
    return 0


async def _run(preview: Preview, sockets: list[socket.socket], answered: str) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    clients: set[Events] = set()
    app = tornado.web.Application([
        (tornado.routing.HostMatches(answered), [
            (CLIENT + "reload.js", Client),
            (CLIENT + "events", Events, {"preview": preview, "sockets": clients}),
            (r"/.*", Files, {"preview": preview}),
        ]),
        (r"/.*", WrongHost),
    ], websocket_ping_interval=20)
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)

    def broadcast() -> None:
        for client in list(clients):
            try:
                client.write_message(preview.build_id)
            except tornado.websocket.WebSocketClosedError:
                clients.discard(client)

    watcher = Watcher(preview, lambda: loop.call_soon_threadsafe(broadcast))
    watcher.start()
    print("预览地址：" + " ".join(_urls(sockets, preview.base_path)) + "（按 Ctrl+C 结束）", flush=True)
    try:
        await stop.wait()
    finally:
        watcher.stopping.set()
        server.stop()
        for client in list(clients):
            client.close()
        watcher.join(timeout=5)
