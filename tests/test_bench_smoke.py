"""The benchmark's short run: clean, unchanged, next-day and one-edit builds of a small generated corpus succeed,
and the incremental output equals a clean build byte for byte (the full run: bench/README.md)."""
from __future__ import annotations

import importlib
import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--smoke", "--work", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    kinds = ("next-day", "expiry-day", "one-edit", "word-edit", "title-edit", "template-edit", "new-version")
    assert all(f"ours {kind}" in run.stdout for kind in kinds)
    assert "OK" in run.stdout
    clean = next(line.split() for line in run.stdout.splitlines() if "ours clean" in line)
    cpu, largest, whole_tree = float(clean[4]), float(clean[5]), float(clean[6])
    assert 0 < largest <= whole_tree, "the whole process tree holds at least its largest process"
    assert cpu > 0


def test_benchmark_group_run_through_dask_equals_the_local_build(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--group", "--sizes", "60", "--departments", "1",
                          "--towns", "1", "--reps", "1", "--dask", "1", "--work", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    rows = {" ".join(line.split()[1:3]): line for line in run.stdout.splitlines()[1:]}
    assert {"group clean", "group one-edit", "dask1 clean", "dask1 one-edit", "site clean"} <= rows.keys(), run.stdout
    assert rows["dask1 one-edit"].endswith("OK")
    cpu = {name: float(rows[name].split()[4]) for name in ("group clean", "site clean")}
    # three members each build as a site does, in processes the build starts: their time is counted
    assert cpu["group clean"] > cpu["site clean"], run.stdout


def test_the_word_edit_corrects_a_figure_found_once_so_text_leaves_the_page(tmp_path, monkeypatch):
    """The word-edit row measures an edit that takes text out of the search index: the figure it corrects
    stood nowhere else in the document's file, and stands nowhere in it afterwards."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    bench = importlib.import_module("run")
    importlib.import_module("gen_site").generate(200, str(tmp_path / "site"))
    files = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site/content").rglob("*.md")}
    for rep in range(3):
        doc = bench.reword_one(tmp_path / "site")
        now = doc.read_text(encoding="utf-8")
        changed = [i for i, (a, b) in enumerate(zip(files[doc], now)) if a != b]
        assert len(now) == len(files[doc]) and 1 <= len(changed) <= 2 and changed[-1] - changed[0] <= 1, rep
        figure = next(m.group() for m in bench.FIGURE.finditer(files[doc]) if m.start() <= changed[0] < m.end())
        assert files[doc].count(figure) == 1 and figure not in now
        assert all(p.read_text(encoding="utf-8") == text for p, text in files.items() if p != doc)
        files[doc] = now


def test_the_memory_of_a_process_counts_what_its_threads_started(tmp_path, monkeypatch):
    """The search index's Pagefind processes are started from threads: their memory is the build's too."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    run = importlib.import_module("run")
    holder = "import sys; b = bytearray(64 << 20); b[::4096] = b'x' * len(b[::4096]); print(1, flush=True); sys.stdin.read()"
    # the thread waits with its child, as a pool's thread waits for Pagefind (a thread's children go to
    # another thread once it ends)
    starter = ("import subprocess, sys, threading\n"
               "def start():\n"
               f"    child = subprocess.Popen([sys.executable, '-c', {holder!r}], stdin=sys.stdin,"
               " stdout=subprocess.PIPE, text=True); print(child.stdout.readline(), end='', flush=True); child.wait()\n"
               "threading.Thread(target=start).start()\n")
    parent = subprocess.Popen([sys.executable, "-c", starter], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert parent.stdout.readline() == "1\n"
        assert run.tree_pss_kib(parent.pid) > 64 * 1024
    finally:
        parent.stdin.close()
        parent.wait(timeout=10)


def test_memory_read_while_a_process_started_is_read_again(monkeypatch):
    """A worker forked while its parent's memory was being read shares pages counted whole in the parent: that
    sample would count them twice, so it is read again."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    run = importlib.import_module("run")
    trees = iter([[1], [1, 2], [1, 2], [1, 2]])  # the worker is forked while the first sample is read
    monkeypatch.setattr(run, "_tree", lambda pid: next(trees))
    pss = {1: 1000, 2: 500}  # the parent as read before the fork, the worker after it
    monkeypatch.setattr(run, "_pss_kib", lambda pid: pss[pid])
    assert run.tree_pss_kib(1) == 1500
    assert next(trees, None) is None  # each listing was taken
