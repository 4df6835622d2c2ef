"""Debian's nginx serving a built site with the shipped server block (deploy/nginx.conf) on loopback, IPv6 and
IPv4: for the server tests and for measuring search in the browser as readers meet it."""
from __future__ import annotations

import os
import re
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


#: the pair of lines the shipped server block's comment gives for HTTPS: `listen [::]:443 ssl http2;`
_TLS_PAIR = re.compile(r"`listen \[::\]:443 ([a-z0-9 ]+);` and `listen 443 \1;`")


def adapt(shipped: str, port: int, root: Path, tls: Path | None = None) -> str:
    """The shipped server block with only its ports (loopback) and root changed; with `tls` (a folder holding
    cert.pem and key.pem), on the 443 pair its comment gives instead of port 80's."""
    how = ""
    if tls is not None:
        how = " " + _TLS_PAIR.search(shipped).group(1)
        shipped = shipped.replace("root /srv/xxgk/current;", f"root /srv/xxgk/current;\n    ssl_certificate {tls}/cert.pem;"
                                                                f"\n    ssl_certificate_key {tls}/key.pem;")
    replaced = (shipped.replace("listen [::]:80;", f"listen [::1]:{port}{how};")
                .replace("listen 80;", f"listen 127.0.0.1:{port}{how};")
                .replace("root /srv/xxgk/current;", f"root {root};"))
    assert replaced.count(f"{port}{how};") == 2 and str(root) in replaced
    return replaced


def certificate(folder: Path) -> Path:
    """A self-signed certificate for localhost, 127.0.0.1 and ::1 (Debian's openssl), in `folder`."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    return folder


@contextmanager
def serving(out: Path, prefix: Path, tls: bool = False) -> Iterator[int]:
    """Debian's nginx with the shipped server block serving `out` on a free loopback port, IPv6 and IPv4;
    `tls`: over HTTPS and HTTP/2, as the block's comment says to serve port 443."""
    prefix.mkdir()
    port = free_port()
    shipped = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    (prefix / "site.conf").write_text(adapt(shipped, port, out, certificate(prefix) if tls else None), encoding="utf-8")
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
