"""A build spread over several processes reports a template error just as a single process does."""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import threading

import pytest

from conftest import AS_OF, ROOT, doc, make_site, read_tree

MANY = 300  # above the size at which rendering is spread over processes


def _site(root, template: str):
    files = {f"content/qtxx/d{i:03d}.md": doc(f"文件{i}", i + 1) for i in range(MANY)}
    return make_site(root, {**files, "templates/document.html": template})


def _build(root, jobs: str = "2", *options: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GONGKAI_JOBS=jobs)
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(root), "--as-of", AS_OF,
                           *options], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


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


#: run in a fresh interpreter: forking is decided by the threads alive, and a test process may carry
#: threads other modules' libraries left behind (a Dask client's IO loop)
UNSENDABLE = """
import signal, sys
sys.path.insert(0, sys.argv[1])
from gongkai.incremental.parallel import fork_map


class Unsendable(Exception):
    \"\"\"An error whose arguments do not rebuild it: unpickling it fails.\"\"\"

    def __init__(self, what, where):
        super().__init__(f"{what} at {where}")


def fail(shared, part):
    raise Unsendable("broken", len(part))


def too_long(*_):
    sys.exit("fork_map did not return")


signal.signal(signal.SIGALRM, too_long)
signal.alarm(30)
try:
    list(fork_map(fail, None, list(range(400)), jobs=2))
except RuntimeError as exc:
    print(str(exc).splitlines()[-1])
"""


def test_an_error_a_worker_cannot_send_back_still_ends_the_run():
    run = subprocess.run([sys.executable, "-c", UNSENDABLE, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Unsendable: broken at 50", run.stdout


def _pids(shared, part):
    return [os.getpid()] * len(part)


def test_work_stays_in_this_process_while_a_foreign_thread_runs():
    """Forking beside a thread that may hold a lock can leave a worker waiting for ever."""
    from gongkai.incremental.parallel import fork_map

    release = threading.Event()
    foreign = threading.Thread(target=release.wait, name="a library's loop")
    foreign.start()
    try:
        assert set(fork_map(_pids, None, list(range(400)), jobs=2)) == {os.getpid()}
    finally:
        release.set()
        foreign.join()


#: run in a fresh interpreter, as UNSENDABLE
RENEWED = """
import collections, json, os, sys
sys.path.insert(0, sys.argv[1])
from gongkai.incremental.parallel import fork_map


def pids(shared, part):
    return [(os.getpid(), item) for item in part]


done = []
results = list(fork_map(pids, None, list(range(1000)), jobs=2, progress=done.append, renew=300))
by_worker = collections.Counter(pid for pid, _ in results)
print(json.dumps({"items": [item for _, item in results], "workers": len(by_worker), "most": max(by_worker.values()),
                  "here": os.getpid() in by_worker, "progress": done}))
"""


def test_workers_are_forked_anew_after_the_items_asked_and_the_results_keep_their_order():
    """A worker copies the building process's memory as it works: rendering 100,000 pages, two workers
    held 2.5 GB of their own by the end. Forked anew every few thousand pages, none holds much."""
    run = subprocess.run([sys.executable, "-c", RENEWED, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["items"] == list(range(1000))
    assert not found["here"]
    assert found["workers"] >= 4  # four waves of 250 items, each to workers of its own
    assert found["most"] <= 250
    assert found["progress"] == sorted(found["progress"]) and found["progress"][-1] == 1000


#: run in a fresh interpreter, as UNSENDABLE
APART = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from gongkai.incremental.parallel import fork_map


def pids(shared, part):
    if shared in part:
        raise ValueError(f"broken at {shared}")
    time.sleep(0.001 * len(part) if part[0] < 850 else 0)  # the workers' items take longer than those here
    return [(os.getpid(), item) for item in part]


def slow_here(shared, part):
    time.sleep(0.05 if part[0] >= 1 else 0)
    return [(os.getpid(), item) for item in part]


done = []
results = list(fork_map(pids, None, list(range(1000)), jobs=2, progress=done.append, renew=300, apart=150))
workers = {pid for pid, item in results if item < 850}
try:
    list(fork_map(pids, 900, list(range(1000)), jobs=2, renew=300, apart=150))
    failed = None
except ValueError as exc:
    failed = str(exc)
left = list(fork_map(slow_here, None, list(range(200)), jobs=2, renew=300, apart=199))
print(json.dumps({"items": [item for _, item in results], "progress": done, "failed": failed, "workers": len(workers),
                  "left": sorted(item for _, item in left),
                  "left to workers": any(pid != os.getpid() for pid, item in left if item),
                  "apart here": all(pid == os.getpid() for pid, item in results if item >= 850),
                  "rest in workers": all(pid != os.getpid() for pid, item in results if item < 850)}))
"""


def test_the_items_apart_are_done_in_this_process_and_the_results_keep_their_order():
    """Listings of every document read most of the site: each worker rendering them copied it (the two held
    1.7 GB between them at 100,000 documents). This process renders them while the workers render the rest."""
    run = subprocess.run([sys.executable, "-c", APART, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert sorted(found["items"]) == list(range(1000))
    # each in order among its own: the workers' as they were given, those done here as they come
    assert [i for i in found["items"] if i < 850] == list(range(850))
    assert [i for i in found["items"] if i >= 850] == list(range(850, 1000))
    assert found["apart here"] and found["rest in workers"]
    assert found["workers"] >= 3  # renewed: three waves of about 283 items
    assert found["progress"] == sorted(found["progress"]) and found["progress"][-1] == 1000
    assert found["failed"] == "broken at 900"
    # the workers done with their one item, what this process has not come to goes to them
    assert found["left"] == list(range(200)) and found["left to workers"]


#: a build whose render workers are killed as the kernel kills a process for want of memory
KILLED = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from gongkai import cli
from gongkai.incremental import parallel, produce

parallel.MIN_PARALLEL = 1
building, render = os.getpid(), produce._render_chunk


def killed(job, part):
    if os.getpid() != building:
        os.kill(os.getpid(), signal.SIGKILL)
    return render(job, part)


produce._render_chunk = killed
signal.alarm(60)  # its default action ends the process: the test never waits for ever
sys.exit(cli.main(["build", "--site", sys.argv[2], "--as-of", sys.argv[3]]))
"""


def test_a_worker_killed_mid_build_ends_the_run_with_a_message_and_leaves_the_site_as_it_was(tmp_path,
                                                                                         own_temp_folder):
    root = _site(tmp_path / "site", (ROOT / "templates/document.html").read_text(encoding="utf-8"))
    assert _build(root).returncode == 0
    before = read_tree(root / "public")
    page = root / "content/qtxx/d007.md"
    page.write_text(page.read_text(encoding="utf-8").replace("文件7", "文件7（更正）"), encoding="utf-8")

    run = subprocess.run([sys.executable, "-c", KILLED, str(ROOT), str(root), AS_OF], capture_output=True, text=True,
                         encoding="utf-8", env=dict(os.environ, GONGKAI_JOBS="2"), timeout=120)
    assert run.returncode == 1, run.stderr[-2000:]
    assert "工作进程意外退出" in run.stderr and "原有输出保持不变" in run.stderr
    assert "Traceback" not in run.stderr
    assert read_tree(root / "public") == before


def _children() -> set[str]:
    """This process's child processes, running or not waited for."""
    with open(f"/proc/self/task/{os.getpid()}/children", encoding="ascii") as f:
        return set(f.read().split())


def test_work_done_alongside_comes_from_a_forked_child(forking):
    from gongkai.incremental.alongside import alongside

    with alongside(lambda: (os.getpid(), os.getppid())) as later:
        child, parent = later()
    assert child != os.getpid() and parent == os.getpid()


def test_a_child_that_dies_leaves_the_work_to_this_process(forking):
    from gongkai.incremental.alongside import alongside

    here = os.getpid()

    def work():
        if os.getpid() != here:
            os.kill(os.getpid(), 9)  # killed, as for want of memory, before it says anything
        return "done here"
    before = _children()
    with alongside(work) as later:
        assert later() == "done here"
    assert _children() == before  # nothing left behind, not even unwaited for


def test_an_error_of_the_work_alongside_is_raised_here_as_it_is(forking):
    from gongkai.incremental.alongside import alongside

    def work():
        raise LookupError(f"raised by {os.getpid()}")
    with pytest.raises(LookupError, match=f"raised by {os.getpid()}$"), alongside(work) as later:
        later()


def test_a_block_that_ends_without_asking_does_not_wait_for_the_work(forking):
    from gongkai.incremental.alongside import alongside

    before = _children()
    with pytest.raises(KeyError), alongside(lambda: threading.Event().wait(60)):
        raise KeyError("the block failed")
    assert _children() == before  # the child was ended and waited for, not left running


def test_the_child_goes_on_with_its_result_while_this_process_goes_on_with_it_too(forking):
    from gongkai.incremental.alongside import alongside

    with alongside(os.getpid, lambda first: (first, os.getpid())) as later:
        child = later()
        assert child != os.getpid()
        assert later.then() == (child, child)  # the same child, after it sent the first result


def test_a_child_that_dies_before_its_second_result_leaves_that_work_to_this_process(forking):
    from gongkai.incremental.alongside import alongside

    here = os.getpid()

    def then(first):
        if os.getpid() != here:
            os.kill(os.getpid(), 9)
        return f"{first} done here"
    before = _children()
    with alongside(lambda: "sent", then) as later:
        assert later() == "sent" and later.then() == "sent done here"
    assert _children() == before


def test_a_block_that_ends_without_asking_for_the_second_result_ends_the_child(forking):
    from gongkai.incremental.alongside import alongside

    before = _children()
    with alongside(lambda: "sent", lambda _: threading.Event().wait(60)) as later:
        assert later() == "sent"
    assert _children() == before


def test_with_no_process_to_be_had_the_work_alongside_is_done_here(forking, monkeypatch):
    from gongkai.incremental.alongside import alongside

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", no_fork)
    before, open_files = _children(), os.listdir("/proc/self/fd")
    with alongside(os.getpid) as later:
        assert later() == os.getpid()
    assert _children() == before and os.listdir("/proc/self/fd") == open_files


def test_with_one_core_the_work_alongside_is_done_here_when_asked(monkeypatch):
    from gongkai.incremental.alongside import alongside

    monkeypatch.setenv("GONGKAI_JOBS", "1")
    done = []
    with alongside(lambda: done.append(os.getpid()) or "result") as later:
        assert done == []
        assert later() == "result"
    assert done == [os.getpid()]


def test_a_build_on_one_core_frees_what_rendering_each_page_left(tmp_path, monkeypatch):
    """Rendering a page leaves reference cycles (its recorder and the proxies it handed out, Jinja's contexts),
    and the building process collects nothing while it builds: on one core (or GONGKAI_JOBS=1, which the
    message of a worker lost for want of memory advises), where every page is rendered in it, they were freed
    only once the build had ended, and a site of 10,000 documents took 578 MB instead of 206."""
    from gongkai import pipeline
    from gongkai.output.record import Recorder

    monkeypatch.setenv("GONGKAI_JOBS", "1")
    root = make_site(tmp_path / "site", {f"content/qtxx/d{i:03d}.md": doc(f"文件{i}", i + 1) for i in range(MANY)})
    gc.collect()  # what earlier tests left
    result = pipeline.run(root, dt.date.fromisoformat(AS_OF), root / "public", search=False)
    assert result.written and result.rendered > MANY
    assert not [o for o in gc.get_objects() if type(o) is Recorder]


def test_one_process_writes_what_workers_write(tmp_path):
    """On one core every document is read and every page rendered in the building process, which collects what
    each slice leaves as it goes: the site is the one forked workers make, byte for byte."""
    files = {f"content/qtxx/d{i:03d}.md": doc(f"文件{i}", i + 1) for i in range(MANY)}
    outputs = []
    for jobs in ("1", "2"):
        root = make_site(tmp_path / f"jobs{jobs}", files)
        run = _build(root, jobs, "--no-search")
        assert run.returncode == 0, run.stderr
        outputs.append(read_tree(root / "public"))
    assert outputs[0] == outputs[1] and len(outputs[0]) > MANY


#: run in a fresh interpreter, as UNSENDABLE
FROZEN = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
from gongkai.incremental.parallel import fork_map


def square(shared, part):
    return [item * item for item in part]


kept = [[n] for n in range(1000)]
gc.freeze()
before = gc.get_freeze_count()
counts = []
for jobs in (2, 1):
    assert list(fork_map(square, None, list(range(400)), jobs=jobs)) == [n * n for n in range(400)]
    counts.append(gc.get_freeze_count())
gc.unfreeze()
list(fork_map(square, None, list(range(400)), jobs=2))
print(json.dumps({"before": before, "after": counts, "own": gc.get_freeze_count()}))
"""


def test_objects_another_caller_froze_stay_frozen():
    """A process that froze what it loaded for the collector (a server, before serving) finds it frozen after
    a build; a build's own freezes are undone when it ends."""
    run = subprocess.run([sys.executable, "-c", FROZEN, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["before"] > 1000
    assert all(count >= found["before"] for count in found["after"])
    assert found["own"] == 0
