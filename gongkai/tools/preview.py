"""What `serve` shows: the site built into a temporary folder, rebuilt after every change.

The watcher polls the sources instead of trusting file-system events and never throttles, so a
second save right after a reload is built too. A failed rebuild keeps the last good site and
puts its problems (`path:line`) in an overlay on every served page until a rebuild succeeds.
An unexpected error (a defect, not bad input) is shown the same way and the watcher goes on:
a preview that silently stopped rebuilding would show an editor stale pages as current.
"""
from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from gongkai import pipeline
from gongkai.engine.config import CONFIG_FILE, load_config
from gongkai.problems import ConfigError, GongkaiError

CLIENT = "/_gongkai/"  # the preview's own URLs; no column or output file can start with "_"
WATCHED = ("content", "templates", "static", CONFIG_FILE)
POLL, QUIET = 0.1, 0.05  # seconds between scans; a change must be this old before a rebuild
_OVERLAY = ('<div id="gongkai-build-error" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
            'max-height:70vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#900;'
            'border-bottom:3px solid #c00;font:15px/1.5 monospace;white-space:pre-wrap">'
            '<strong>生成失败，下面显示的是上一次成功生成的网站。请修改后保存：</strong>\n{problems}</div>')



class Preview:
    """The built site in a temporary folder, the last build's problems, and the build's identity."""

    def __init__(self, site_dir: Path, as_of: dt.date | None):
        self.site_dir, self.as_of = site_dir, as_of
        self.folder = Path(tempfile.mkdtemp(prefix="gongkai-serve-"))
        self.out_dir = self.folder / "site"
        self.base_path = "/"
        self.problems: list[str] = []  # errors of the last build; empty when it succeeded
        self.build_id = ""
        self._ids = itertools.count(1)
        self._stamp = f"{os.getpid()}.{time.time_ns()}"
        self.indexed = False  # the first good build makes the search index

    def rebuild(self) -> float:
        """Build once, reading config.yaml afresh; keep the last good site when it fails."""
        started = time.perf_counter()
        try:
            config, _ = load_config(self.site_dir)
            self.base_path = config.site.base_path
            # the search index is made on the first build; later ones keep it, even when out of date
            result = pipeline.run(self.site_dir, self.as_of or dt.date.today(), self.out_dir,
                                  search=not self.indexed, drafts=True)
            self.indexed = self.indexed or result.written
            report = result.report
            self.problems = [] if result.written else [p.format() for p in report.sorted() if p.severity == "error"]
            summary = report.summary()
        except ConfigError as exc:
            self.problems = [p.format() for p in exc.report.sorted()]
            summary = exc.report.summary()
        except GongkaiError as exc:
            self.problems = [exc.format()]
            summary = exc.message
        except Exception as exc:
            summary = self.failed(exc)
        seconds = time.perf_counter() - started
        self.announce(summary, seconds)
        return seconds

    def failed(self, exc: Exception) -> str:
        """An unexpected error: shown in the overlay, its traceback in the terminal; returns a summary."""
        traceback.print_exception(exc, file=sys.stderr)
        self.problems = [f"错误：预览出现意外的程序错误（{type(exc).__name__}: {exc}），详细信息见终端；"
                         "修改并保存任何文件后会再次生成"]
        return "意外的程序错误"

    def announce(self, summary: str, seconds: float) -> None:
        """A new build identity (pages reload), and one line on the terminal."""
        self.build_id = f"{self._stamp}.{next(self._ids)}"
        state = "生成失败，继续显示上一次成功的结果" if self.problems else "已重新生成"
        print(f"{time.strftime('%H:%M:%S')} {state}：{summary}，用时 {seconds:.2f} 秒", flush=True)
        for line in self.problems:
            print(line, file=sys.stderr, flush=True)

    def decorate(self, page: bytes) -> bytes:
        """The HTML as served: the reload script, and the error overlay while the build is broken."""
        tag = f'<script src="{CLIENT}reload.js" data-build="{self.build_id}"></script>'
        if self.problems:
            tag += _OVERLAY.format(problems=html.escape("\n".join(self.problems)))
        data = tag.encode("utf-8")
        at = page.rfind(b"</body>")
        return page[:at] + data + page[at:] if at >= 0 else page + data

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Watcher(threading.Thread):
    """Polls the site's sources and rebuilds after each change: no change is ever dropped or throttled."""

    def __init__(self, preview: Preview, changed):
        super().__init__(daemon=True, name="gongkai-watcher")
        self.preview, self.changed = preview, changed
        self.stopping = threading.Event()
        self.seen = self.snapshot()  # a change from here on is rebuilt, even before start()

    def snapshot(self) -> dict[str, tuple[int, int, int]]:
        state = {}
        for name in WATCHED:
            top = self.preview.site_dir / name
            paths = [top] if top.is_file() else top.rglob("*") if top.is_dir() else []
            for path in paths:
                try:
                    st = path.stat()
                except OSError:
                    continue
                state[str(path)] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return state

    def run(self) -> None:
        failure = ""  # the last unexpected error, reported once however often it recurs
        while True:
            try:
                self._step()
                failure = ""
            except Exception as exc:  # keep watching: the next save may be the fix
                if repr(exc) != failure:
                    failure = repr(exc)
                    self.preview.announce(self.preview.failed(exc), 0.0)
                    try:
                        self.changed()
                    except Exception as again:  # pages show the overlay when next loaded
                        traceback.print_exception(again, file=sys.stderr)
            if self.stopping.wait(POLL):
                return

    def _step(self) -> None:
        """One scan: rebuild when anything changed since the last."""
        if self.snapshot() == self.seen:
            return
        self.stopping.wait(QUIET)  # let an editor's save (write, rename) finish
        self.seen = self.snapshot()  # changes from here on are caught by the next scan
        self.preview.rebuild()
        self.changed()
