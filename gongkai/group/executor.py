"""Where member builds run: a small interface, so that an engine spreading them over several machines
(dask_executor.py) can take the place of the local processes."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence, TypeVar

from gongkai.incremental.parallel import job_count

R = TypeVar("R")


@dataclass(frozen=True)
class Failure:
    """A call that ran nowhere to the end (its worker lost, the task not loadable there): why, for the editor."""

    message: str


class Executor(Protocol):
    def map(self, task: Callable[..., R], calls: Sequence[tuple]) -> list[R | Failure]:
        """task(*call) for every call, results in the order of `calls`."""


class LocalExecutor:
    """Member builds in this machine's processes, at most GONGKAI_JOBS at once (default: every core)."""

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs or job_count()

    def map(self, task: Callable[..., R], calls: Sequence[tuple]) -> list[R | Failure]:
        workers = min(self.jobs, len(calls))
        if workers <= 1:
            return [task(*call) for call in calls]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=share_cores, initargs=(max(1, self.jobs // workers),)) as pool:
            return list(pool.map(task, *zip(*calls)))


def share_cores(jobs: int) -> None:
    """Each member build's own workers share the cores with the other member builds running beside it."""
    os.environ["GONGKAI_JOBS"] = str(jobs)
