"""The page counter of a long build."""
from __future__ import annotations

import sys
import time


class Progress:
    """A counter for builds that run longer than two seconds, shown only to a person at a terminal:
    a captured stream (a log, a script, a test) gets the same output however fast the machine is."""

    def __init__(self, started: float):
        self.started, self.last, self.shown = started, 0.0, sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.shown and now - self.started > 2 and (now - self.last > 1 or done == total):
            self.last = now
            print(f"  渲染页面 {done}/{total}", end="\n" if done == total else "\r", file=sys.stderr, flush=True)
