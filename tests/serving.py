"""`build.py serve` in a subprocess, for the tests and for measuring the time from save to reload."""
from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import AS_OF, ROOT

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class Server:
    """`build.py serve --port 0` in a subprocess; its output lines are collected as they come."""

    def __init__(self, site: Path, *extra: str, startup: float = 20, command: list[str] | None = None,
                 env: dict | None = None):
        """`startup`: seconds the first build may take; `command`: the one to run instead of the checkout's
        build.py (an installed `gongkai`), in the site folder with `env`."""
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [*(command or [sys.executable, str(ROOT / "build.py")]), "serve", "--site", str(site), "--port", "0",
             "--as-of", AS_OF, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", cwd=site, env=env)
        threading.Thread(target=self._drain, daemon=True).start()
        line = self.wait_for("预览地址", timeout=startup)
        self.port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if text in line:
                    return line
            if self.process.poll() is not None and not any(text in l for l in self.lines[after:]):
                break
            time.sleep(0.02)
        raise AssertionError(f"serve never printed “{text}”:\n" + "\n".join(self.lines))

    def url(self, family: int, path: str = "/") -> str:
        host = "[::1]" if family == socket.AF_INET6 else "127.0.0.1"
        return f"http://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
