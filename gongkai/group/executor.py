"""Where member builds run: a small interface, so that an engine spreading them over several machines
(dask_executor.py) can take the place of the local processes."""
from __future__ import annotations

import functools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Callable, Protocol, Sequence, TypeVar

from gongkai.incremental.parallel import job_count

R = TypeVar("R")


@dataclass(frozen=True)
class Failure:
    """A call that ran nowhere to the end (its worker lost, the task not loadable there): why, for the editor."""

    message: str


class Executor(Protocol):
    def map(self, task: Callable[..., R], calls: Sequence[tuple],
            first: Callable[..., R | None] | None = None) -> list[R | Failure]:
        """task(*call) for every call, results in the order of `calls`. `first`: a cheaper way to the same
        result, tried before `task` where that saves something; None from it means `task` is needed."""


class LocalExecutor:
    """Member builds in this machine's processes, at most GONGKAI_JOBS at once (default: every core).

    Each member builds in a process of its own: one that built member after member kept what Python's
    allocator and Pagefind had grown to for the largest of them, and more (221 MiB where the largest
    member alone needs 123 at 56 members; 632 MiB at 100), while a fresh one holds its own member's
    needs and nothing else. A member whose process is lost is that member's failure alone."""

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs or job_count()

    def map(self, task: Callable[..., R], calls: Sequence[tuple],
            first: Callable[..., R | None] | None = None) -> list[R | Failure]:
        """`first` runs in the worker itself: a member with nothing to build costs no process of its own
        (forking one for each of 56 members made a group build with nothing changed 0.5 s slower)."""
        workers = min(self.jobs, len(calls))
        one = functools.partial(first_else, first, functools.partial(_alone, task))
        if workers <= 1:
            return [one(*call) for call in calls]
        with ProcessPoolExecutor(workers, mp_context=_FORK, initializer=share_cores,
                                 initargs=(max(1, self.jobs // workers),)) as pool:
            return list(pool.map(one, *zip(*calls)))


_FORK = multiprocessing.get_context("fork")
#: why a member has no result when the process building it ended before sending one
LOST = "构建它的进程中途意外退出（常见原因是内存不足）；可设置环境变量 GONGKAI_JOBS=1 减少同时运行的进程后重试"


def first_else(first: Callable[..., R | None] | None, task: Callable[..., R], *call: Any) -> R:
    """first(*call) when it has the answer, else task(*call)."""
    done = first(*call) if first is not None else None
    return done if done is not None else task(*call)


def _alone(task: Callable[..., R], *call: Any) -> R | Failure:
    """task(*call) in a process forked for it alone, which ends with it; what it raised is raised here."""
    receive, send = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_answer, args=(send, task, call))
    child.start()
    send.close()
    try:
        ok, value = receive.recv()
    except EOFError:  # ended without answering: killed
        ok, value = True, Failure(LOST)
    finally:
        receive.close()
        child.join()
    if not ok:
        raise value
    return value


def _answer(send: Connection, task: Callable[..., R], call: tuple) -> None:
    try:
        answer = (True, task(*call))
    except BaseException as exc:  # noqa: BLE001 — raised again in the process that asked
        answer = (False, exc)
    try:
        send.send(answer)
    except Exception as exc:  # an exception that does not pickle: its words, not a lost process
        send.send((False, RuntimeError(f"{answer[1]!r} ({exc})")))
    send.close()


def share_cores(jobs: int) -> None:
    """Each member build's own workers share the cores with the other member builds running beside it."""
    os.environ["GONGKAI_JOBS"] = str(jobs)
