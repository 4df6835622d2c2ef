"""Work spread over the machine's cores with forked processes.

Forking shares the fully read site with every worker without pickling it; results come
back in the order of the input, so a parallel build writes exactly what a serial one does.

The workers are a `concurrent.futures` process pool, not `multiprocessing.Pool`: on an error the
latter kills workers that may be sending a result, and then waits for ever on the lock such a worker
held (CPython issues 78178 and 96995); nor does it notice a worker killed for want of memory. The
executor lets running slices end and cancels the rest, and fails the run when a worker dies.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence

from gongkai.problems import EXIT_CONTENT, GongkaiError

#: below this many items a single process is faster than starting workers
MIN_PARALLEL = 200


class WorkerLost(GongkaiError):
    """A worker process ended without sending its result back: killed, most often for want of memory."""

    exit_code = EXIT_CONTENT

    def __init__(self, message: str = "生成中途有一个工作进程意外退出（常见原因是内存不足），本次未生成网站，"
                                      "原有输出保持不变；可设置环境变量 GONGKAI_JOBS=1 减少同时运行的进程后重试",
                 path: str = "", line: int = 0):
        super().__init__(message, path, line)


def job_count() -> int:
    wanted = os.environ.get("GONGKAI_JOBS")
    if wanted and wanted.isdigit():
        return max(1, int(wanted))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def chunked(items: Sequence, parts: int) -> list[Sequence]:
    """`parts` slices of nearly equal size, in order."""
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        chunks.append(items[start:end])
        start = end
    return [c for c in chunks if len(c)]


def fork_map(func: Callable[[Any, Sequence], list], shared: Any, items: Sequence, jobs: int | None = None,
             progress: Callable[[int], None] | None = None, renew: int | None = None,
             apart: int = 0) -> Iterator[Any]:
    """func(shared, slice) over slices of `items`, their results one by one in order; in-process when
    small or single-core (then collecting what each slice leaves: `_collecting`). Forked workers inherit
    `shared` (the whole site, say) instead of receiving it pickled. Results come as each slice is done,
    not all at once: the caller keeps what it needs of one slice (a page's record, made compact) before
    the next arrives, so a large site's results as sent are never all held together.

    `progress`, when given, is called with the number of items done after each slice.

    `renew`: the workers are forked anew after about this many items. A forked worker shares the
    building process's memory only until either writes to it, and a worker writes all over it: each
    object it reads changes its count of references, each block it allocates fills a gap in a page the
    two shared. Rendering 100,000 pages, each worker had made its own copy of most of the 1 GB site
    within seconds, and the build held 3.7 GB; a worker that renders a few thousand pages and ends
    never copies that much.

    `apart`: the last this many items are done in this process, one at a time while it waits for the
    workers (as many as without them: a core left to this process stood idle whenever it finished before
    the wave), and their results come as they are done, among the others': the caller tells them apart by
    what they hold. Those it has not come to when the others are done go to workers after all. They are
    items that read much of `shared`, such as listings of every document: a worker doing them copies most
    of it, this process copies nothing. At 100,000 documents all processes held 2,859 MiB while two
    workers rendered the listings, at most 2,151 MiB with this process rendering them.
    """
    jobs = jobs or job_count()
    forks = may_fork(jobs)
    if len(items) < MIN_PARALLEL or not forks:
        parts = chunked(items, max(1, len(items) // 500))
        if forks:  # few items: what they leave is little, and collecting it took 0.1 s of an expiry day's build
            yield from _collect(((part, func(shared, part)) for part in parts), progress)
            return
        with _frozen():  # all of them, here: made before, not walked by the collections after each slice
            gc.freeze()
            yield from _collect(((part, _collecting(func, shared, part)) for part in parts), progress)
        return
    rest, separate = (items[:-apart], items[-apart:]) if 0 < apart < len(items) else (items, ())
    here = _Here(func, shared, separate)
    with _frozen():
        yield from _collect(_waves(func, shared, rest, jobs, renew, here), progress)


@contextmanager
def _frozen() -> Iterator[None]:
    """A block that freezes what it made for the collector (gc.freeze), thawed at its end, unless objects were
    frozen before it: another caller's freeze (a server freezing what it loaded at start) is not undone, and what
    the block froze stays frozen with it."""
    before = gc.get_freeze_count()
    try:
        yield
    finally:
        if not before:
            gc.unfreeze()


def _waves(func: Callable[[Any, Sequence], list], shared: Any, items: Sequence, jobs: int, renew: int | None,
           here: _Here) -> Iterator[tuple[Sequence, list]]:
    """Each slice with its result: the workers' in order, those done `here` among them."""
    for wave in chunked(items, -(-len(items) // renew)) if renew else [items]:
        # what the workers inherit is never collected there, so it is never copied by collecting: made
        # frozen again before each wave, else a worker's first collection walks (and so copies) every
        # result the waves before it sent back
        gc.freeze()
        # many slices per worker even out documents of different sizes, let progress show, and keep
        # a worker from waiting long for the other's last slice before the next wave
        parts = chunked(wave, max(jobs * 4, len(wave) // 250 if renew else len(wave) // 500))
        yield from _in_workers(func, shared, parts, jobs, here.one)
    if here.items:  # not come to while the workers had others (few were left to them): theirs now
        gc.freeze()
        yield from _in_workers(func, shared, chunked(here.taken(), jobs * 4), jobs, lambda: None)


class _Here:
    """The items fork_map does in this process (`apart`), one at a time while it waits for the workers."""

    def __init__(self, func: Callable[[Any, Sequence], list], shared: Any, items: Sequence):
        self.func, self.shared, self.items = func, shared, deque(items)

    def taken(self) -> list:
        """The items left, taken from here."""
        left = list(self.items)
        self.items.clear()
        return left

    def one(self) -> tuple[Sequence, list] | None:
        """The next item as a slice of its own, with its result; None when none is left."""
        if not self.items:
            return None
        part = [self.items.popleft()]
        return part, _collecting(self.func, self.shared, part)


def _collecting(func: Callable[[Any, Sequence], list], shared: Any, part: Sequence) -> list:
    """func(shared, part) in this process, its garbage collected after it, as a worker collects its own
    (_receive): the building process collects none while it builds, and rendering leaves cycles (a page's
    recorder and its proxies, Jinja's contexts and macros). Those of the listings of 10,000 documents held
    46 MB; on one core (or GONGKAI_JOBS=1), where every page is rendered here, those of 10,000 documents'
    pages made the building process 578 MB instead of 206. Only the youngest generation is walked: what this
    process made before is frozen (fork_map), the rest is what func made."""
    result = func(shared, part)
    gc.collect(0)
    return result


def _in_workers(func: Callable[[Any, Sequence], list], shared: Any, parts: list[Sequence], jobs: int,
                meanwhile: Callable[[], tuple[Sequence, list] | None]) -> Iterator[tuple[Sequence, list]]:
    """Each part with its result in order, from `jobs` workers forked for them and ended after them; while
    the next is not there, what `meanwhile` does, until it returns None."""
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_receive,
                               initargs=(shared,))
    try:
        pending = deque((part, pool.submit(_sendable_errors, func, part)) for part in parts)
        while pending:
            while not pending[0][1].done() and (done := meanwhile()) is not None:
                yield done
            part, future = pending.popleft()  # let go of once taken
            yield part, future.result()
    except BrokenProcessPool:
        raise WorkerLost() from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def may_fork(jobs: int) -> bool:
    """Whether work for `jobs` processes goes to processes forked from this one: more than one, and forking
    is there and safe (`safe_to_fork`)."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods() and safe_to_fork()


def safe_to_fork() -> bool:
    """A forked child has only the thread that forked: a lock another thread held at that moment stays
    held there for ever, and a worker that needs it never answers. The main thread and the calling one
    (serve builds from its watcher while the main thread serves pages) are known; any other thread alive
    (a Dask client's IO loop after a lost scheduler, a library's own) makes the work run here instead."""
    known = (threading.main_thread(), threading.current_thread())
    return all(thread in known for thread in threading.enumerate())


_received: Any = None  # in a worker: the `shared` of the fork_map that started it


def _receive(shared: Any) -> None:
    """Runs first in each forked worker; the object arrives by the fork itself, never pickled."""
    global _received
    _received = shared
    gc.enable()  # the worker's own garbage (the builder turns collection off, see pipeline.run)


def _sendable_errors(func: Callable[[Any, Sequence], list], part: Sequence) -> list:
    """func(shared, part) in a worker; an error the pool could not rebuild here (it would take the
    whole pool for broken) is replaced by one that carries its text and traceback."""
    try:
        return func(_received, part)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise RuntimeError("".join(traceback.format_exception(exc))) from None
        raise


def _collect(done_parts: Iterable[tuple[Sequence, list]], progress: Callable[[int], None] | None) -> Iterator[Any]:
    done = 0
    for part, result in done_parts:
        yield from result
        done += len(part)
        if progress:
            progress(done)
