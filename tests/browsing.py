"""Real components for the browser tests: the built sample site on a loopback HTTP server, and Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from serving import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early is not a failure of the site


@contextmanager
def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium():
    """Debian's Chromium through Playwright. What Playwright's driver and the browser put in the temporary
    folder (the driver's artifacts, the browser's profile, Chromium's own folder) goes into one made for them
    and removed afterwards: a browser that ends without removing its own leaves nothing in /tmp."""
    from playwright.sync_api import sync_playwright
    scratch = tempfile.mkdtemp(prefix="chromium-")
    try:  # the driver starts with TMPDIR, and the browser inherits it from the driver
        with mock.patch.dict(os.environ, TMPDIR=scratch), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
