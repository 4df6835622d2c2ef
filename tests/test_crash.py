"""A build or deploy killed at any moment leaves the complete old site or the complete new one.

The build writes into a staging folder beside the output and swaps the two with
renameat2(RENAME_EXCHANGE) (gongkai/write.py); a deploy builds the same way in the site's
`.gongkai-cache-deploy/`, copies into a hidden release folder and renames the `current` link
over the old one (gongkai/deploy.py). Here each is killed with
SIGKILL at delays spread over its whole run, measured first, half of them over its writing
phase; after every kill what is published must hash to the old tree or the new one, and a
final run must succeed and leave nothing half-done behind.

    GONGKAI_KILLS=500 python3 -m pytest -q -s tests/test_crash.py     # the default is 50 each
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import AS_OF, ROOT

sys.path.insert(0, str(ROOT / "bench"))
gen_site = pytest.importorskip("gen_site")

from gongkai.incremental import write  # noqa: E402
from gongkai.incremental.cache import BuildCache  # noqa: E402
from gongkai.incremental.search_index import readers_view  # noqa: E402

pytestmark = pytest.mark.usefixtures("own_temp_folder")  # what a run leaves in TMPDIR is seen
KILLS = int(os.environ.get("GONGKAI_KILLS", "50"))
DOCUMENTS = 20  # about half a second of build on an idle machine


def tree_hash(folder: Path) -> str | None:
    """One hash over every path and file in `folder` as readers meet it, each search index by what its
    search finds (search_index.readers_view: an incremental build takes a page out of its shard's files,
    where a clean one indexes the shard again); None when it does not exist."""
    if not folder.is_dir():
        return None
    tree = {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file()
            else "folder" for path in sorted(folder.rglob("*"))}
    view = readers_view(folder, tree)
    return hashlib.sha256(json.dumps(view, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def command(*args) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *map(str, args), "--as-of", AS_OF]


def timed_run(args: list[str], writing: Callable[[], bool]) -> tuple[float, float]:
    """Run to the end; return (seconds it took, seconds until `writing()` first held)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    began = None
    while process.poll() is None:
        if began is None and writing():
            began = time.perf_counter() - started
        time.sleep(0.002)
    assert process.returncode == 0, process.stderr.read().decode()
    total = time.perf_counter() - started
    return total, began or total


def killed_run(args: list[str], delay: float) -> tuple[int, float, str]:
    """Start, SIGKILL after `delay` seconds; (exit status, -9 when the kill came first; seconds it ran;
    what it printed to stderr, to say why a run that was not killed failed)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, printed = process.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        _, printed = process.communicate()
    return process.wait(), time.perf_counter() - started, printed.decode(errors="replace")


def moments(writing: float, rng: random.Random):
    """Kill moments as fractions of a run: every other one spread evenly over the whole run, the others
    over its writing phase (which starts at the fraction `writing`)."""
    half = max(KILLS // 2, 1)
    i = 0
    while True:
        start = 0.0 if i % 2 else writing * 0.9
        yield start + (1 - start) * ((i // 2 % half) + rng.random()) / half
        i += 1


def folder_state(folder: Path) -> list:
    """Modification times of a folder and its subfolders: they change as soon as a file in them is replaced."""
    if not folder.is_dir():
        return []
    return [os.stat(folder).st_mtime_ns] + [os.stat(p).st_mtime_ns for p in sorted(folder.iterdir()) if p.is_dir()]


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


def kill_repeatedly(args: list[str], versions: Versions, trees: dict, published: Callable[[], str | None],
                    timing: tuple[float, float], label: str) -> str:
    """Kill `args` KILLS times, each run switching the site to the other version; after every kill
    `published()` must hash to the version published before or the one being built. Returns the last target."""
    duration, writing = timing
    state, killed, finished, while_writing = "A", 0, 0, 0
    for i, moment in zip(range(3 * KILLS), moments(writing / duration, random.Random(label))):
        if killed == KILLS:
            break
        target = "B" if state == "A" else "A"
        versions.switch(target)
        delay = moment * duration
        status, ran, printed = killed_run(args, delay)
        seen = published()
        assert seen in (trees[state], trees[target]), f"{label}: kill {i} after {delay:.3f} s left neither version"
        if status == -signal.SIGKILL:
            killed += 1
            while_writing += moment >= writing / timing[0]
        else:  # the machine got faster than measured: measure again
            finished += 1
            assert status == 0 and seen == trees[target], f"{label}: run {i} was not killed and failed:\n{printed}"
            duration = ran
        state = "A" if seen == trees["A"] else "B"
    print(f"\n{label}: {killed} killed ({while_writing} while writing), {finished} finished first; "
          f"a run takes {duration:.2f} s")
    assert killed == KILLS
    return target


@pytest.fixture
def two_versions(tmp_path) -> tuple[Path, Versions, dict]:
    """A generated site, its two versions, and the hash of each version's output (built twice: reproducible)."""
    site = tmp_path / "site"
    gen_site.generate(DOCUMENTS, str(site))
    (tmp_path / "aside").mkdir()
    versions = Versions(site, tmp_path / "aside")
    trees = {}
    for version in ("B", "A", "A"):
        versions.switch(version)
        out = tmp_path / f"reference-{version}"
        shutil.rmtree(out, ignore_errors=True)
        timed_run(command("build", "--site", site, "--out", out), lambda: False)
        assert trees.setdefault(version, tree_hash(out)) == tree_hash(out)  # so hashes identify a version
    assert trees["A"] != trees["B"]
    return site, versions, trees


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


def test_killed_builds_leave_the_old_or_the_new_site(two_versions, tmp_path):
    site, versions, trees = two_versions
    out = tmp_path / "public"
    args = command("build", "--site", site, "--out", out)
    versions.switch("B")
    timed_run(args, lambda: False)
    versions.switch("A")
    spare = BuildCache.spare_for(out)  # where the build writes before the swap (a fresh folder without renameat2)
    before = folder_state(spare)
    duration, writing = timed_run(args, lambda: bool(staging_folders(out)) or folder_state(spare) != before)

    target = kill_repeatedly(args, versions, trees, lambda: tree_hash(out), (duration, writing), "build")
    timed_run(args, lambda: False)  # the next build succeeds and cleans up after the killed ones
    assert tree_hash(out) == trees[target]
    assert staging_folders(out) == []


class Killed(BaseException):
    """The build stopped at once, as by SIGKILL: nothing after it runs, no handler sees it."""


def test_a_build_killed_while_removing_a_search_shard_leaves_no_half_of_it(two_versions, tmp_path, monkeypatch):
    """The build folder (the spare) keeps the search shards it holds under their names, each vouched for
    by its entry file. A build killed while deleting one of them once left some of its files under its
    name, and the next build published it so (or stopped on a missing file: seen by the test above)."""
    import datetime as dt

    from gongkai import pipeline

    site, versions, trees = two_versions
    out = tmp_path / "public"
    as_of = dt.date.fromisoformat(AS_OF)
    timed_run(command("build", "--site", site, "--out", out), lambda: False)  # A published, its spare linked
    versions.switch("B")  # a page gone: the shard that held it is indexed again, so first removed
    real = shutil.rmtree

    def killed_while_deleting(path, *args, **kwargs):
        fragments = Path(path) / "fragment"
        if fragments.is_dir() and any(fragments.iterdir()):
            next(fragments.iterdir()).unlink()  # the deletion under way…
            raise Killed  # …when the build is killed
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", killed_while_deleting)
    with pytest.raises(Killed):
        pipeline.run(site, as_of, out)
    monkeypatch.undo()
    versions.switch("A")
    timed_run(command("build", "--site", site, "--out", out), lambda: False)
    assert tree_hash(out) == trees["A"]
    assert not [p.name for p in (BuildCache.spare_for(out) / "pagefind").iterdir() if p.name.startswith(".")]


def test_a_pagefind_started_by_a_killed_build_ends_with_it(tmp_path):
    """A Pagefind started for one index (a shard of over 200 pages) left running by a killed build would go
    on writing into the build folder that the next build uses. Here it is one that would sleep a minute."""
    import multiprocessing

    from gongkai.incremental import pagefind_service

    if not pagefind_service._ends_with_us():
        pytest.skip("this system's setpriv cannot set a parent-death signal")
    pid_file = tmp_path / "pid"
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}.tmp && mv {pid_file}.tmp {pid_file}\nexec sleep 60\n")
    fake.chmod(0o755)
    build = multiprocessing.get_context("fork").Process(
        target=pagefind_service._run, args=(fake, tmp_path, tmp_path / "index", 120))
    build.start()
    deadline = time.monotonic() + 30
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = int(pid_file.read_text())
    os.kill(build.pid, signal.SIGKILL)
    build.join()

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False

    deadline = time.monotonic() + 10
    while running(started) and time.monotonic() < deadline:
        time.sleep(0.01)
    still = running(started)
    if still:
        os.kill(started, signal.SIGKILL)
    assert not still


def test_killed_deploys_leave_the_old_or_the_new_release_current(two_versions, tmp_path, own_temp_folder):
    site, versions, trees = two_versions
    target_dir = tmp_path / "srv"
    with open(site / "config.yaml", "a", encoding="utf-8") as config:
        config.write(f"deploy:\n  keep: 2\n  targets:\n    web:\n      type: folder\n      path: {target_dir}\n")
    args = command("deploy", "--site", site)
    releases = target_dir / "releases"

    def hidden() -> list[str]:
        return [p.name for p in releases.glob(".*")] + [p.name for p in target_dir.glob(".*")]

    def check_releases() -> None:
        """Every visible release is complete: a rollback can never reach a half-copied or half-deleted one."""
        for release in releases.iterdir():
            if not release.name.startswith("."):
                assert tree_hash(release) in trees.values(), f"incomplete release {release.name}"

    versions.switch("B")
    timed_run(args, lambda: False)
    versions.switch("A")
    duration, writing = timed_run(args, lambda: bool(hidden()))

    def published() -> str | None:
        check_releases()
        return tree_hash(target_dir / "current")

    target = kill_repeatedly(args, versions, trees, published, (duration, writing), "deploy")
    timed_run(args, lambda: False)  # the next deploy succeeds and removes what the killed ones left
    assert tree_hash(target_dir / "current") == trees[target]
    assert hidden() == [] and len(list(releases.iterdir())) == 2
    check_releases()
    assert list(own_temp_folder.iterdir()) == []  # the killed deploys built in the site's cache, not here
    assert staging_folders(site / ".gongkai-cache-deploy/site") == []


def test_a_build_never_probes_the_temporary_folder(two_versions, tmp_path, monkeypatch):
    """Python's first temporary file probes the temporary folder with a named file (then removes it): a
    build killed at that instant left it there, which the killed deploys above once found. A build makes
    no named file there at all."""
    import tempfile

    from gongkai import cli

    def probe() -> str:
        raise AssertionError("the build asked for the temporary folder")

    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(tempfile, "_get_default_tempdir", probe)
    site, _, _ = two_versions
    assert cli.main(["build", "--site", str(site), "--out", str(tmp_path / "out"), "--as-of", AS_OF]) == 0
    assert (tmp_path / "out" / "pagefind").is_dir()
