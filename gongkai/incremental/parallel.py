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
from typing import Any, Callable, Iterator, Sequence

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
             progress: Callable[[int], None] | None = None, renew: int | None = None) -> Iterator[Any]:
    """func(shared, slice) over slices of `items`, their results one by one in order; in-process when
    small or single-core. Forked workers inherit `shared` (the whole site, say) instead of receiving it
    pickled. Results come as each slice is done, not all at once: the caller keeps what it needs of
    one slice (a page's record, made compact) before the next arrives, so a large site's results as
    sent are never all held together.

    `progress`, when given, is called with the number of items done after each slice.

    `renew`: the workers are forked anew after about this many items. A forked worker shares the
    building process's memory only until either writes to it, and a worker writes all over it: each
    object it reads changes its count of references, each block it allocates fills a gap in a page the
    two shared. Rendering 100,000 pages, each worker had made its own copy of most of the 1 GB site
    within seconds, and the build held 3.7 GB; a worker that renders a few thousand pages and ends
    never copies that much.
    """
    jobs = jobs or job_count()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods() \
            or not _safe_to_fork():
        parts = chunked(items, max(1, len(items) // 500)) if progress else [items]
        yield from _collect((func(shared, part) for part in parts), parts, progress)
        return
    waves = chunked(items, -(-len(items) // renew)) if renew else [items]
    done = 0
    try:
        for wave in waves:
            # what the workers inherit is never collected there, so it is never copied by collecting: made
            # frozen again before each wave, else a worker's first collection walks (and so copies) every
            # result the waves before it sent back
            gc.freeze()
            # many slices per worker even out documents of different sizes, let progress show, and keep
            # a worker from waiting long for the other's last slice before the next wave
            parts = chunked(wave, max(jobs * 4, len(wave) // 250 if renew else len(wave) // 500))
            yield from _collect(_in_workers(func, shared, parts, jobs), parts,
                                progress and (lambda n, before=done: progress(before + n)))
            done += len(wave)
    finally:
        gc.unfreeze()


def _in_workers(func: Callable[[Any, Sequence], list], shared: Any, parts: list[Sequence], jobs: int) -> Iterator[list]:
    """Each part's result in order, from `jobs` workers forked for them and ended after them."""
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_receive,
                               initargs=(shared,))
    try:
        pending = deque(pool.submit(_sendable_errors, func, part) for part in parts)
        yield from _taken(pending)
    except BrokenProcessPool:
        raise WorkerLost() from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _taken(pending: deque) -> Iterator[list]:
    """Each slice's result in order, let go of once taken."""
    while pending:
        yield pending.popleft().result()


def _safe_to_fork() -> bool:
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


def _collect(results, parts: list[Sequence], progress) -> Iterator[Any]:
    done = 0
    for part, result in zip(parts, results):
        yield from result
        done += len(part)
        if progress:
            progress(done)
