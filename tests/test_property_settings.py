"""Property tests are reproducible: the same examples on every run unless new ones are asked for."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

HERE = Path(__file__).resolve().parent


def test_examples_are_drawn_the_same_way_on_every_run():
    if os.environ.get("GONGKAI_RANDOM"):
        pytest.skip("GONGKAI_RANDOM asks for new examples")
    assert settings.default.derandomize


def _drawn(tmp_path: Path, env: dict[str, str]) -> str:
    """The examples a small property test draws in a fresh pytest process."""
    (tmp_path / "test_draw.py").write_text(
        "from hypothesis import given, settings, strategies as st\n"
        "@settings(max_examples=5, database=None)\n"
        "@given(st.integers())\n"
        "def test_draw(n):\n"
        "    print('drawn', n)\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-p", "conftest",
                          "test_draw.py"],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(HERE), **env},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return "\n".join(line for line in run.stdout.splitlines() if line.startswith("drawn"))


def test_two_runs_draw_the_same_examples_and_a_random_run_others(tmp_path):
    fixed = [_drawn(tmp_path, {"GONGKAI_RANDOM": ""}) for _ in range(2)]
    assert fixed[0] == fixed[1] and fixed[0]
    randomised = {_drawn(tmp_path, {"GONGKAI_RANDOM": "1"}) for _ in range(2)}
    assert randomised != {fixed[0]}
