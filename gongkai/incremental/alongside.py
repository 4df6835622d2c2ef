"""Work done in a forked child beside the build: a large site's build walks its inputs there while it reads the
last build's cache, each on a core of its own (pipeline._cache_and_since), and the child goes on to list the
folder the build will write into.

Results come back pickled through a pipe, each with its length; where one cannot come (the child failed, or was
killed) the building process does the work itself, so the result or the error is always the one the work gives
there.
"""
from __future__ import annotations

import os
import pickle
import signal
from contextlib import contextmanager
from typing import Any, BinaryIO, Callable, Generic, Iterator, TypeVar

from gongkai.incremental.parallel import job_count, may_fork

T = TypeVar("T")
U = TypeVar("U")


class ChildWork(Generic[T, U]):
    """What a child forked `alongside` sends: its result (call it), then what it went on to do (`then`)."""

    def __init__(self, func: Callable[[], T], then: Callable[[T], U] | None, child: tuple[int, BinaryIO] | None):
        self._func, self._then, self._child = func, then, child
        self._first: tuple[T] | None = None

    def __call__(self) -> T:
        if self._first is None:
            sent = self._received()
            self._first = (sent if sent is not _NOTHING else self._func(),)
            if self._then is None:
                self._end()
        return self._first[0]

    def then(self) -> U:
        """What the child did next with the result, or this process where it could not."""
        first = self()
        sent = self._received()
        self._end()
        return sent if sent is not _NOTHING else self._then(first)

    def _received(self) -> Any:
        if self._child is None:
            return _NOTHING
        pipe = self._child[1]
        try:
            head = pipe.read(8)
            data = pipe.read(int.from_bytes(head, "little")) if len(head) == 8 else b""
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 (nothing, or half of it, came)
            self._end(kill=True)
            return _NOTHING

    def _end(self, kill: bool = False) -> None:
        if self._child is None:
            return
        pid, pipe = self._child
        self._child = None
        pipe.close()
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


_NOTHING = object()


@contextmanager
def alongside(func: Callable[[], T], then: Callable[[T], U] | None = None) -> Iterator[ChildWork[T, U]]:
    """func() in a forked child while this process goes on; the block is given what waits for its result.
    For work that visits every input while this process reads what the last build kept: the two take a core
    each. `then`: what the child goes on to do with that result once it has sent it, while this process goes
    on with it too (`ChildWork.then`). Results come back pickled; where one cannot come (the child failed, or was
    killed) this process does the work itself, so the result or the error is always the one func() gives
    here. With one core, or where no child can be forked safely, the work runs here when it is asked for."""
    later = ChildWork(func, then, _doing(func, then) if may_fork(job_count()) else None)
    try:
        yield later
    finally:
        later._end(kill=True)  # the block ended without asking (an error): the child's work is not wanted


def _doing(func: Callable[[], Any], then: Callable[[Any], Any] | None) -> tuple[int, BinaryIO] | None:
    """A forked child doing func() and sending its result pickled, then then(result), and the pipe they come
    on; None when there is no file descriptor or process to be had."""
    try:
        readable, writable = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(readable)
        os.close(writable)
        return None
    if pid == 0:  # the child: sends the results, or nothing, and ends without running what the parent set up
        os.close(readable)
        try:
            with os.fdopen(writable, "wb") as pipe:
                result = func()
                _send(pipe, result)
                if then is not None:
                    _send(pipe, then(result))
        except BaseException:  # noqa: BLE001 (the parent does the work again and meets the error itself)
            os._exit(1)
        os._exit(0)
    os.close(writable)
    return pid, os.fdopen(readable, "rb")


def _send(pipe: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(len(data).to_bytes(8, "little"))
    pipe.write(data)
    pipe.flush()
