"""README.md starts with the two commands users run, and CI runs exactly the second."""
from __future__ import annotations

import re

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_build_and_test_commands():
    build_cmd, test_cmd = readme_commands()
    assert "requirements.txt" in build_cmd and "build.py" in build_cmd
    assert "pytest" in test_cmd and "tests/install.sh" in test_cmd


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
