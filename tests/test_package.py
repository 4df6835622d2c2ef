"""`pip install .` gives a `gongkai` command that builds any site folder with the default theme it carries."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT, read_tree
from refresh_golden import AS_OF, GOLDEN, SKIPPED

SOURCE = ("gongkai", "templates", "static", "setup.py", "pyproject.toml", "requirements.txt", "requirements-dask.txt",
          "README.md")


def test_installed_command_builds_a_site_folder_as_the_checkout_does(tmp_path):
    source, target, site = tmp_path / "source", tmp_path / "installed", tmp_path / "site"
    for name in SOURCE:  # a copy, so that building the package leaves nothing in the repository
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, source / name)
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                              "--target", str(target), str(source)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    assert (target / "bin" / "gongkai").is_file()
    shutil.copytree(ROOT / "content", site / "content")  # a site folder with no theme of its own
    shutil.copy(ROOT / "config.yaml", site / "config.yaml")
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-m", "gongkai", "build", "--out", str(tmp_path / "out"), "--as-of", AS_OF],
                         cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    built = {p: d for p, d in read_tree(tmp_path / "out").items() if p.split("/")[0] not in SKIPPED}
    assert built == read_tree(GOLDEN)
    assert (target / "gongkai" / "oversight" / "report.html").is_file()  # check --report's page
