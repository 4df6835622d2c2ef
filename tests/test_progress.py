"""The render counter: shown to a person at a terminal, never written into a captured stream.

A slow machine is simulated with a clock that jumps ten seconds at every reading, so the tests
do not depend on how fast this machine is.
"""
from __future__ import annotations

import itertools
import re
import sys

import pytest

from conftest import doc
from gongkai import pipeline


@pytest.fixture
def slow_clock(monkeypatch):
    ticks = itertools.count(0, 10)
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: float(next(ticks)))


def _site(site):
    return site({f"content/qtxx/{i}.md": doc(f"文件{i}", index=i) for i in range(1, 4)})


def test_a_slow_build_writes_no_counter_into_a_captured_stream(site, cli, slow_clock):
    run = cli("build", "--site", _site(site))
    assert run.code == 0
    assert "渲染页面" not in run.err


def test_a_slow_build_shows_the_counter_at_a_terminal(site, cli, slow_clock, monkeypatch):
    root = _site(site)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    run = cli("build", "--site", root)
    assert run.code == 0
    assert re.match(r"  渲染页面 (\d+)/\1\n", run.err), run.err
