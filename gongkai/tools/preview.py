"""What `serve` shows: the site built into a temporary folder, rebuilt after every change.

The build cache stays in memory between builds (incremental/session.py). A save that changed only a
document's body shows that document's page first, then the build brings the rest up to date
(edited_page.py): an editor sees the edit in a fraction of a second at any size of site.

The site is built into the site's own preview folder (`.gongkai-cache-preview/`, named as the build caches
are, so the sites' .gitignore leaves it out), and its cache is saved there after every build, once the
browser was told to reload: the next `serve` starts from it, and a site of 10,000 documents shows in
seconds instead of the half minute of a first build. A second preview of the same site, which finds the
folder locked, builds in a temporary one.

The watcher polls the sources instead of trusting file-system events and never throttles, so a
second save right after a reload is built too. A failed rebuild keeps the last good site and
puts its problems (`path:line`) in an overlay on every served page until a rebuild succeeds.
An unexpected error (a defect, not bad input) is shown the same way and the watcher goes on:
a preview that silently stopped rebuilding would show an editor stale pages as current.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import html
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from gongkai import doctypes, pipeline
from gongkai.engine import build_date
from gongkai.engine.config import CONFIG_FILE, load_config
from gongkai.incremental.cache import CACHE_PREFIX
from gongkai.incremental.edited_page import Edited, render_edited
from gongkai.incremental.write import replace_file
from gongkai.problems import ConfigError, GongkaiError, Report

CLIENT = "/_gongkai/"  # the preview's own URLs; no column or output file can start with "_"
#: the site's preview folder, kept between previews (see above)
FOLDER = f"{CACHE_PREFIX}preview"
WATCHED = ("content", "templates", "static", CONFIG_FILE)
POLL, QUIET = 0.1, 0.05  # seconds between scans; a change must be this old before a rebuild
_OVERLAY = ('<div id="gongkai-build-error" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
            'max-height:70vh;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#900;'
            'border-bottom:3px solid #c00;font:15px/1.5 monospace;white-space:pre-wrap">'
            '<strong>生成失败，下面显示的是上一次成功生成的网站。请修改后保存：</strong>\n{problems}</div>')



@dataclass
class Built:
    """What one preview build tells the preview: whether it wrote, its problems, how many pages it rendered."""

    written: bool
    report: Report
    rendered: int
    note: str = ""  # added to the terminal's line after the report's summary


class Preview:
    """The built site in the site's preview folder, the last build's problems, and the build's identity."""

    def __init__(self, site_dir: Path, as_of: dt.datetime | None):
        self.site_dir, self.as_of = site_dir, as_of
        self.folder, self._lock = _folder(site_dir)
        self.out_dir = self.folder / "site"
        self.base_path = "/"
        self.problems: list[str] = []  # errors of the last build; empty when it succeeded
        self.build_id = ""
        self._ids = itertools.count(1)
        self._stamp = f"{os.getpid()}.{time.time_ns()}"
        self.indexed = False  # the first good build makes the search index
        self.session = pipeline.Session()  # the build cache, kept in memory between builds
        self.edited: Edited | None = None  # the page show_edit wrote before the build now running

    def show_edit(self, changed: list[Path]) -> bool:
        """When the one file changed is a document whose body alone was edited, write its page now,
        against the last build (edited_page.py); True when the browser should reload."""
        self.edited = None
        if len(changed) != 1 or self.session.built is None or self.session.cache is None or self.problems:
            return False
        try:
            self.edited = render_edited(self.session.built, self.session.cache, changed[0])
        except Exception as exc:  # the build that follows says what is wrong, if anything is
            print(f"{time.strftime('%H:%M:%S')} 先行刷新未成功（{type(exc).__name__}），等待完整生成", file=sys.stderr)
        if self.edited is None:
            return False
        self._new_build_id()
        return True

    def rebuild(self) -> float:
        """Build once, reading config.yaml afresh; keep the last good site when it fails."""
        started = time.perf_counter()
        reload = True
        try:
            built = self.build()
            self.indexed = self.indexed or built.written
            report = built.report
            self.problems = [] if built.written else [p.format() for p in report.sorted() if p.severity == "error"]
            summary = report.summary() + built.note
            # the page shown first is all that changed: the browser already shows this build
            reload = not (self.edited is not None and built.written and built.rendered == 1)
        except ConfigError as exc:
            self.problems = [p.format() for p in exc.report.sorted()]
            summary = exc.report.summary()
        except GongkaiError as exc:
            self.problems = [exc.format()]
            summary = exc.message
        except Exception as exc:
            summary = self.failed(exc)
        if self.problems and self.edited is not None:  # the last good site, as the overlay says
            replace_file(self.edited.path, self.edited.before)
        self.edited = None
        seconds = time.perf_counter() - started
        self.announce(summary, seconds, reload)
        return seconds

    def keep(self) -> None:
        """Save the build cache for the next preview, after the browser was told to reload."""
        self.session.save()

    def moment(self) -> dt.datetime:
        """The moment a rebuild is made for: `--as-of`, else now, so each rebuild shows what is due by then."""
        return self.as_of or build_date.now()

    def build(self) -> Built:
        """One build of the site into the preview's folder, reading config.yaml afresh."""
        config, _ = load_config(self.site_dir, doctypes.registry())
        self.base_path = config.site.base_path
        # the search index is made on the first build; later ones keep it, even when out of date
        result = pipeline.run(self.site_dir, self.moment(), self.out_dir,
                              search=not self.indexed, drafts=True, session=self.session)
        return Built(result.written, result.report, result.rendered)

    def watched(self) -> list[str]:
        """The files and folders whose changes are rebuilt."""
        return [os.path.join(self.site_dir, name) for name in WATCHED]

    def failed(self, exc: Exception) -> str:
        """An unexpected error: shown in the overlay, its traceback in the terminal; returns a summary."""
        traceback.print_exception(exc, file=sys.stderr)
        self.problems = [f"错误：预览出现意外的程序错误（{type(exc).__name__}: {exc}），详细信息见终端；"
                         "修改并保存任何文件后会再次生成"]
        return "意外的程序错误"

    def announce(self, summary: str, seconds: float, reload: bool = True) -> None:
        """A new build identity (pages reload), and one line on the terminal."""
        if reload:
            self._new_build_id()
        state = "生成失败，继续显示上一次成功的结果" if self.problems else "已重新生成"
        print(f"{time.strftime('%H:%M:%S')} {state}：{summary}，用时 {seconds:.2f} 秒", flush=True)
        for line in self.problems:
            print(line, file=sys.stderr, flush=True)

    def _new_build_id(self) -> None:
        """Pages showing another build id reload."""
        self.build_id = f"{self._stamp}.{next(self._ids)}"

    def decorate(self, page: bytes) -> bytes:
        """The HTML as served: the reload script, and the error overlay while the build is broken."""
        tag = f'<script src="{CLIENT}reload.js" data-build="{self.build_id}"></script>'
        if self.problems:
            tag += _OVERLAY.format(problems=html.escape("\n".join(self.problems)))
        data = tag.encode("utf-8")
        at = page.rfind(b"</body>")
        return page[:at] + data + page[at:] if at >= 0 else page + data

    def close(self) -> None:
        """The site's preview folder kept for the next preview (unlocked); a temporary one removed."""
        if self._lock is None:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            self._lock.close()


def _folder(site_dir: Path) -> tuple[Path, IO | None]:
    """The site's preview folder, locked for this preview, and its lock; a temporary folder and None when
    another preview of the site holds it or the site folder cannot take it (read-only)."""
    folder, lock = site_dir / FOLDER, None
    try:
        folder.mkdir(exist_ok=True)
        lock = open(folder / "lock", "ab")
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return folder, lock
    except OSError:
        if lock is not None:
            lock.close()
        print(f"{folder} 正被另一个预览使用或无法写入，本次预览生成在临时文件夹中", file=sys.stderr)
        return Path(tempfile.mkdtemp(prefix="gongkai-serve-")), None


class Watcher(threading.Thread):
    """Polls the site's sources and rebuilds after each change: no change is ever dropped or throttled."""

    def __init__(self, preview: Preview, changed):
        super().__init__(daemon=True, name="gongkai-watcher")
        self.preview, self.changed = preview, changed
        self.stopping = threading.Event()
        self.seen = self.snapshot()  # a change from here on is rebuilt, even before start()

    def snapshot(self) -> dict[str, tuple[int, int, int, int]]:
        """Every watched file and folder by path (os.scandir: three times as fast as Path.rglob at
        10,000 files, and the watcher takes one every tenth of a second)."""
        state: dict[str, tuple[int, int, int, int]] = {}
        for top in self.preview.watched():
            if os.path.isfile(top):
                _record(state, top)
            elif os.path.isdir(top):
                _scan(top, state)
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
        """One scan: rebuild when anything changed since the last; a body edit is shown first."""
        now = self.snapshot()
        if now == self.seen:
            return
        self.stopping.wait(QUIET)  # let an editor's save (write, rename) finish
        changed = [p for p in self.seen.keys() | now.keys() if self.seen.get(p) != now.get(p)]
        for path in changed:  # as they are now; anything else changed meanwhile is caught by the next scan
            now.pop(path, None)
            _record(now, path)
        self.seen = now
        if self.preview.show_edit([Path(p) for p in changed]):
            self.changed()
        self.preview.rebuild()
        self.changed()
        self.preview.keep()


def _record(state: dict[str, tuple[int, int, int, int]], path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    state[path] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def _scan(folder: str, state: dict[str, tuple[int, int, int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        state[entry.path] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        if entry.is_dir(follow_symlinks=False):  # a linked folder is watched as an entry, never entered
            _scan(entry.path, state)
