"""Debian's nginx serving a built site with the shipped server block (deploy/nginx.conf) on loopback, IPv6 and
IPv4: for the server tests and for measuring search in the browser as readers meet it."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from conftest import ROOT

NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    """A port free on both ::1 and 127.0.0.1."""
    for _ in range(20):
        with socket.socket(socket.AF_INET6) as six:
            six.bind(("::1", 0))
            port = six.getsockname()[1]
            with socket.socket(socket.AF_INET) as four:
                try:
                    four.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue
    raise RuntimeError("no free port")


def adapt(shipped: str, port: int, root: Path) -> str:
    """The shipped server block with only its ports (loopback) and root changed."""
    replaced = (shipped.replace("listen [::]:80;", f"listen [::1]:{port};")
                .replace("listen 80;", f"listen 127.0.0.1:{port};")
                .replace("root /srv/xxgk/current;", f"root {root};"))
    assert replaced.count(str(port)) == 2 and str(root) in replaced
    return replaced


@contextmanager
def serving(out: Path, prefix: Path) -> Iterator[int]:
    """Debian's nginx with the shipped server block serving `out` on a free loopback port, IPv6 and IPv4."""
    prefix.mkdir()
    port = free_port()
    (prefix / "site.conf").write_text(adapt((ROOT / "deploy/nginx.conf").read_text(encoding="utf-8"), port, out),
                                      encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"{kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"{user}error_log {prefix}/error.log;\nevents {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\n"
        f"default_type application/octet-stream;\naccess_log off;\n{temp}include {prefix}/site.conf;\n}}\n",
        encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                "-g", f"daemon off; pid {prefix}/nginx.pid;"], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("::1", port), timeout=1).close()
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read() + (prefix / "error.log").read_text(errors="replace"))
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
