"""A build spread over several processes reports a template error just as a single process does."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from conftest import AS_OF, ROOT, doc, make_site

MANY = 300  # above the size at which rendering is spread over processes


def _site(root, template: str):
    files = {f"content/qtxx/d{i:03d}.md": doc(f"文件{i}", i + 1) for i in range(MANY)}
    return make_site(root, {**files, "templates/document.html": template})


def _build(root) -> subprocess.CompletedProcess:
    env = dict(os.environ, GONGKAI_JOBS="2")
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(root), "--as-of", AS_OF],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)


@pytest.mark.parametrize("template, code, message", [
    ("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n", 2,
     "templates/document.html:3: 错误：模板语法错误："),
    ("{% extends 'base.html' %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n", 1,
     "templates/document.html:3: 错误：模板运行错误："),
], ids=["syntax", "runtime"])
def test_template_error_in_a_parallel_build_is_reported(template, code, message, tmp_path, own_temp_folder):
    root = _site(tmp_path / "site", template)
    run = _build(root)
    assert run.returncode == code, run.stderr[-2000:]
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert not (root / "public").exists()


class Unsendable(Exception):
    """An error whose arguments do not rebuild it: unpickling it fails."""

    def __init__(self, what: str, where: int):
        super().__init__(f"{what} at {where}")


def _fail(shared, part):
    raise Unsendable("broken", len(part))


def test_an_error_a_worker_cannot_send_back_still_ends_the_run():
    from gongkai.incremental.parallel import fork_map

    def too_long(*_):
        raise TimeoutError("fork_map did not return")
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(30)
    try:
        with pytest.raises(RuntimeError, match="Unsendable: broken at"):
            fork_map(_fail, None, list(range(400)), jobs=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
