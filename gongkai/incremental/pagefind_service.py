"""Pagefind over a folder of pages: small indexes by a Pagefind kept running, so that its Chinese
dictionary is loaded once a process, larger ones by a Pagefind started for them alone.

The extended build spends about 0.3 s loading the dictionary each time it starts, more than indexing
a small site takes: a site group indexes every member. Pagefind's service mode (`--service`: base64
JSON messages on stdin and stdout, each ended by a comma) makes the same files as `pagefind --site …
--output-path …`, sent in its answer and written here, and keeps running, so a process keeps an idle
one for its next index, one for each thread indexing at the same time. The process ends them and
waits for them when it exits, a worker process of `multiprocessing` too (so that they count in its
resource use as a command run and waited for does). A forked child never uses its parent's.

The service indexes more slowly than the command, keeps the memory its largest index took (about
70 MiB after 50 pages, 200 MiB after 500) and grows a little with each index, most in its first few: it
takes only small indexes, and is stopped once it has indexed SERVICE_LIFETIME_PAGES pages in all.
"""
from __future__ import annotations

import base64
import functools
import multiprocessing.util
import json
import os
import select
import subprocess
import tempfile
import threading
import time
from pathlib import Path, PurePosixPath
from typing import BinaryIO


class PagefindFailed(Exception):
    """Pagefind answered an error or stopped: its message, or the last line it printed."""


def _scratch() -> BinaryIO:
    """A file with no name for what Pagefind prints, never a pipe: one nobody reads could fill and stop it.
    In memory where the system allows: Python's first temporary file probes the temporary folder with a
    named file, which a build killed at that instant leaves there."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("pagefind-printed", os.MFD_CLOEXEC), "w+b")
    return tempfile.TemporaryFile()


class _Service:
    """One `pagefind --service` process, asked by one thread at a time."""

    def __init__(self, executable: Path):
        self.executable, self.sent, self.pending, self.indexed = executable, 0, b"", 0
        self.unanswered = 0  # messages sent without waiting (warm), answered before the next is asked
        self.printed = _scratch()
        try:
            self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.printed)
        except OSError as exc:
            self.printed.close()
            raise PagefindFailed(str(exc)) from None

    def ask(self, payload: dict, deadline: float) -> dict:
        while self.unanswered:  # a warm-up's answers, whatever they say: it only loaded the dictionary
            self._answer(deadline)
            self.unanswered -= 1
        self.send(payload)
        try:
            answer = json.loads(base64.b64decode(self._answer(deadline)))["payload"]
        except (ValueError, KeyError, TypeError):  # not a message of the service's
            raise PagefindFailed("Pagefind 的回复无法读取") from None
        if answer.get("type") == "Error":
            raise PagefindFailed(answer.get("message") or json.dumps(answer, ensure_ascii=False))
        return answer

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")  # base64 never holds a comma
            self.process.stdin.flush()
        except BrokenPipeError:
            raise PagefindFailed(self._last_words()) from None

    def warm(self) -> None:
        """Have it load its Chinese dictionary now, without waiting: it indexes a page of Chinese text
        into an index of its own (the first of a new service) and deletes it. Its answers are read
        before the next question."""
        page = '<html lang="zh-CN"><body><main>政府信息公开</main></body></html>'
        for payload in ({"type": "NewIndex", "config": None},
                        {"type": "AddFile", "index_id": 0, "file_path": "warm.html", "file_contents": page},
                        {"type": "DeleteIndex", "index_id": 0}):
            self.send(payload)
            self.unanswered += 1

    def _answer(self, deadline: float) -> bytes:
        out = self.process.stdout.fileno()
        while b"," not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                raise PagefindFailed("超时未完成")
            chunk = os.read(out, 1 << 16)
            if not chunk:
                raise PagefindFailed(self._last_words())
            self.pending += chunk
        answer, _, self.pending = self.pending.partition(b",")
        return answer

    def _last_words(self) -> str:
        code = self.process.wait()
        self.printed.seek(0)
        lines = self.printed.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"退出状态 {code}"

    def stop(self) -> None:
        """Its stdin closed, which ends it; killed if it does not end soon."""
        self.close_pipes()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self.printed):
            try:
                stream.close()
            except OSError:  # a write that failed stays in the buffer and fails again on close
                pass


#: at most this many pages go to a kept service in one index. Measured on 2 cores, a kept service against
#: the command: 30 pages 0.04 s against 0.31 s, 100 pages 0.31 against 0.54, 200 about even, 300 pages
#: 1.27 against 1.04
SERVICE_PAGES = 200
#: and in all, then it is stopped. Its memory over indexes of 35 pages: 74 MiB after the first, 81.6 after
#: 6 (200 pages), 83.3 after 29 (1,015 pages), 83.6 after 36; each new service loads its dictionary again
#: (0.3 s), which a group of 56 such members paid ten times with a budget of 200 pages, twice with this
SERVICE_LIFETIME_PAGES = 1000

_lock = threading.Lock()
_idle: list[_Service] = []
_started: list[_Service] = []  # this process's, idle or busy


def kept_takes(count: int) -> bool:
    """Whether an index of `count` pages goes to a kept Pagefind (`index`), not to one started for it alone."""
    return count <= SERVICE_PAGES


def index(executable: Path, pages: Path, count: int, output: Path, timeout: float) -> None:
    """Index the `count` HTML pages under `pages` into `output`, as `pagefind --site pages --output-path output`."""
    if not kept_takes(count):
        _run(executable, pages, output, timeout)
        return
    deadline = time.monotonic() + timeout
    service = _borrow(executable)
    try:
        made = service.ask({"type": "NewIndex", "config": None}, deadline)["index_id"]
        service.ask({"type": "AddDir", "index_id": made, "path": str(pages)}, deadline)
        files = service.ask({"type": "GetFiles", "index_id": made}, deadline).get("files")
        service.ask({"type": "DeleteIndex", "index_id": made}, deadline)
        _write(files, output)
    except BaseException:
        _drop(service)
        raise
    service.indexed += count
    if service.indexed >= SERVICE_LIFETIME_PAGES:
        _drop(service)
        return
    with _lock:
        _idle.append(service)


def warm(executable: Path) -> None:
    """A kept Pagefind started now, loading its dictionary while the build reads and renders (0.3 s of a
    build after one edit, on the machine's other core), unless an idle one is kept already. Without
    Pagefind nothing is started: the index reports that itself when it is made."""
    with _lock:
        if any(s.executable == executable and s.process.poll() is None for s in _idle):
            return
    try:
        service = _Service(executable)
    except PagefindFailed:
        return
    try:
        service.warm()
    except PagefindFailed:
        service.stop()
        return
    service.indexed += 1
    with _lock:
        _stop_at_exit()
        _started.append(service)
        _idle.append(service)


def _write(files: list, output: Path) -> None:
    """The index's files, as the service sent them. Its own writes (WriteFiles) may still be under way
    when it answers, since Pagefind leaves its files to be flushed in the background: an entry file
    read at once could be empty, and its stat, kept to trust the shard later, would be wrong."""
    try:
        made = [(PurePosixPath(file["path"]), base64.b64decode(file["content"], validate=True)) for file in files]
    except (KeyError, TypeError, ValueError):
        raise PagefindFailed("Pagefind 的回复无法读取") from None
    for rel, data in made:
        if rel.is_absolute() or ".." in rel.parts:
            raise PagefindFailed(f"Pagefind 给出的文件不在索引目录内：{rel}")
        target = output / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _run(executable: Path, pages: Path, output: Path, timeout: float) -> None:
    """A Pagefind started for this index alone, ended with the process that started it."""
    command = [*_ends_with_us(), str(executable), "--site", str(pages), "--output-path", str(output), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindFailed(str(exc)) from None
    if done.returncode != 0:
        printed = (done.stderr or done.stdout).strip().splitlines()
        raise PagefindFailed(printed[-1] if printed else f"退出状态 {done.returncode}")


@functools.cache
def _ends_with_us() -> tuple[str, ...]:
    """What to start a Pagefind through so that it is killed when the build that started it is: one a
    killed build left running would go on writing into the build folder that the next build uses. A kept
    service needs none: it ends when its input closes, as it does with the build. Through util-linux's
    `setpriv` where it can (2.33 and later); nothing otherwise."""
    ask = ["setpriv", "--pdeathsig", "KILL", "--"]
    try:
        usable = subprocess.run([*ask, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        usable = False
    return tuple(ask) if usable else ()


def _borrow(executable: Path) -> _Service:
    """An idle service of `executable`, or a new one; idle ones of another executable are stopped."""
    with _lock:
        others = [s for s in _idle if s.executable != executable or s.process.poll() is not None]
        _idle[:] = [s for s in _idle if s not in others]
        service = _idle.pop() if _idle else None
    for old in others:
        _drop(old)
    if service is None:
        service = _Service(executable)
        with _lock:
            _stop_at_exit()
            _started.append(service)
    return service


def _drop(service: _Service) -> None:
    service.stop()
    with _lock:
        if service in _started:
            _started.remove(service)


_stopping_in = 0  # the process whose exit is set to stop its services


def _stop_at_exit() -> None:
    """multiprocessing's exit hooks run in the main process (at exit) and in its worker processes, which
    end without running `atexit`'s."""
    global _stopping_in
    if _stopping_in != os.getpid():
        _stopping_in = os.getpid()
        multiprocessing.util.Finalize(None, stop_all, exitpriority=0)


def stop_all() -> None:
    """End every idle service of this process (a busy one ends when the process does)."""
    with _lock:
        idle = list(_idle)
        _idle.clear()
    for service in idle:
        _drop(service)


def _forget_inherited() -> None:
    """In a forked child: the parent's services are the parent's. Their pipes are closed here, so that
    the child holding them open cannot keep one running after the parent lets it go."""
    global _lock
    _lock = threading.Lock()
    for service in _started:
        service.close_pipes()
    _started.clear()
    _idle.clear()


os.register_at_fork(after_in_child=_forget_inherited)
