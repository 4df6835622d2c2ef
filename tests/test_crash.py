"""A build killed at any moment leaves the complete old site or the complete new one.

The build writes into a staging folder beside the output and swaps the two with
renameat2(RENAME_EXCHANGE) (gongkai/write.py). Here the build of a generated site is
killed with SIGKILL at delays spread over its whole run, measured first; after every kill
the published folder must hash to the old tree or the new one, and a final build must
succeed and leave no staging folder behind.

    GONGKAI_KILLS=500 python3 -m pytest -q tests/test_crash.py     # the default is 50
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT

sys.path.insert(0, str(ROOT / "bench"))
gen_site = pytest.importorskip("gen_site")

from gongkai import write  # noqa: E402

KILLS = int(os.environ.get("GONGKAI_KILLS", "50"))
DOCUMENTS = 30  # about half a second of build on an idle machine


def tree_hash(folder: Path) -> str | None:
    """One hash over every path and file in `folder`; None when it does not exist."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def start_build(site: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site), "--out", str(out),
                             "--as-of", AS_OF], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def build(site: Path, out: Path) -> tuple[float, float]:
    """Build; return (seconds the build took, seconds until its staging folder appeared)."""
    started = time.perf_counter()
    process = start_build(site, out)
    staging = None
    while process.poll() is None:
        if staging is None and staging_folders(out):
            staging = time.perf_counter() - started
        time.sleep(0.002)
    assert process.returncode == 0, process.stderr.read().decode()
    total = time.perf_counter() - started
    return total, staging or total


class Versions:
    """The site in two versions: B drops one interpretation (no one refers to it) and retitles another document."""

    def __init__(self, site: Path, aside: Path):
        self.site, self.aside = site, aside
        interpretations = sorted((site / "content/interpretations").glob("*.md"))
        self.dropped, self.retitled = interpretations[0], interpretations[1]
        self.texts = {"A": self.retitled.read_text(encoding="utf-8")}
        self.texts["B"] = self.texts["A"].replace("title: \"", "title: \"（修订）", 1)

    def switch(self, version: str) -> None:
        self.retitled.write_text(self.texts[version], encoding="utf-8")
        if version == "B" and self.dropped.exists():
            shutil.move(self.dropped, self.aside / self.dropped.name)
        if version == "A" and not self.dropped.exists():
            shutil.move(self.aside / self.dropped.name, self.dropped)


def staging_folders(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] if out.parent.is_dir() else []


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    """The claim the crash safety rests on: on this system the swap is renameat2, not two renames."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/x").write_text("b")
    assert write.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a/x").read_text() == "b" and (tmp_path / "b/x").read_text() == "a"


def test_killed_builds_leave_the_old_or_the_new_site(tmp_path):
    site, out, aside = tmp_path / "site", tmp_path / "public", tmp_path / "aside"
    gen_site.generate(DOCUMENTS, str(site))
    aside.mkdir()
    versions = Versions(site, aside)
    trees, durations = {}, []
    for version in ("B", "A"):  # A last: the published output starts as A
        versions.switch(version)
        durations.append(build(site, out))
        trees[version] = tree_hash(out)
    assert trees["A"] != trees["B"]
    durations.append(build(site, tmp_path / "again"))
    assert tree_hash(tmp_path / "again") == trees["A"]  # builds are reproducible, so hashes identify them
    shutil.rmtree(tmp_path / "again")
    duration, writing = min(durations)

    rng = random.Random(7)
    published, killed, finished, while_writing = "A", 0, 0, 0
    for i in range(3 * KILLS):
        if killed == KILLS:
            break
        target = "B" if published == "A" else "A"
        versions.switch(target)
        # every other kill spread evenly over the whole build, the others over its writing phase
        start = 0.0 if i % 2 else writing * 0.9
        delay = start + (duration - start) * ((i // 2 % (KILLS // 2)) + rng.random()) / (KILLS // 2)
        process = start_build(site, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        seen = tree_hash(out)
        assert seen in (trees[published], trees[target]), f"kill {i} after {delay:.3f} s left a mixed output"
        if process.returncode == -signal.SIGKILL:
            killed += 1
            while_writing += bool(staging_folders(out))  # killed between staging and clean-up
        else:
            finished += 1
            assert process.returncode == 0 and seen == trees[target]
        published = "A" if seen == trees["A"] else "B"

    print(f"\n{killed} builds killed ({while_writing} while writing), {finished} finished first; "
          f"a build takes {duration:.2f} s")
    assert killed == KILLS
    build(site, out)  # the next build succeeds and cleans up after the killed ones
    assert tree_hash(out) == trees[target]
    assert staging_folders(out) == []
