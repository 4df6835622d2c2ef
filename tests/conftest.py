"""Shared fixtures: tiny sites written inline, and the command line run in-process."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from gongkai import pipeline  # noqa: E402
from gongkai.incremental.search_index import readers_view  # noqa: E402

AS_OF = "2026-11-20"

#: Property tests draw the same examples on every run, so the suite fails only when the code changes;
#: GONGKAI_RANDOM=1 draws new ones (with GONGKAI_FUZZ / GONGKAI_LONG, the long random runs).
settings.register_profile("fixed", derandomize=True, database=None, print_blob=True)
settings.register_profile("random", derandomize=False, database=None, print_blob=True)  # also where CI is set
settings.load_profile("random" if os.environ.get("GONGKAI_RANDOM") else "fixed")

BASE_CONFIG = """\
site:
  name: 测试县人民政府
  domain: www.test.gov.cn
  site_id: "3400000099"
  organization: 测试县人民政府办公室
  org_code: "11340000MB0000000M"
  icp: 皖ICP备00000001号
  police_record: 皖公网安备34000000000001号
defaults:
  disclosure: 主动公开
columns:
  - path: gfxwj
    name: 规范性文件
    type: normative
    column_type: 政策文件
    children:
      - path: fzsx
        name: 废止和失效文件
  - path: zcjd
    name: 政策解读
    type: interpretation
    column_type: 政策解读
  - path: czyjs
    name: 财政预决算
    type: budget
  - path: qtxx
    name: 其他信息
"""


def doc(title: str = "测试文件", index: int = 1, year: int = 2024, body: str = "正文。", **fields) -> str:
    """A valid 主动公开 document of type page, with `fields` added or overriding; its 索引号 carries the year
    of its date, as the rule is."""
    dated = str(fields.get("date") or "")
    year_of_date = dated[:4] if dated[:4].isdigit() else year
    meta = {"title": title, "date": f"{year}-03-05", "index_no": f'"11340000MB0000000M/{year_of_date}-{index:05d}"',
            "topic": "综合政务"}
    meta.update(fields)
    lines = [f"{k}: {v}" for k, v in meta.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def normative(title: str = "关于印发测试办法的通知", index: int = 1, year: int = 2024, **fields) -> str:
    base = {"doc_number": f"测政发〔{year}〕{index}号", "written": f"{year}-03-01", "validity": "有效"}
    base.update(fields)
    return doc(title, index, year, **base)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        return [line for line in self.err.splitlines() if "：" in line and ": " in line and ":" in line.split(" ")[0]]


def make_site(root: Path, files: dict[str, str | bytes], config: str | None = BASE_CONFIG) -> Path:
    """Write a site: config.yaml plus `files` (paths relative to the site)."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "config.yaml").write_text(config, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data) if data.startswith("\n") else data, encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path):
    """make_site bound to a fresh folder: site({...}) -> site folder."""
    def factory(files: dict, config: str | None = BASE_CONFIG, name: str = "site") -> Path:
        return make_site(tmp_path / name, files, config)
    return factory


@pytest.fixture
def assembled(monkeypatch) -> list:
    """One entry for every build that assembled its site (one that took up the last build's did not)."""
    calls, real = [], pipeline.assemble
    monkeypatch.setattr(pipeline, "assemble", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.fixture
def forking(monkeypatch) -> None:
    """Two cores, and forking allowed: once the session's servers run (test_browser.py) their threads would keep
    work in the test process (parallel.safe_to_fork); they wait in select and waitpid, holding no lock a child
    takes. Only for work too small for forked workers (fork_map forks none below MIN_PARALLEL items)."""
    from gongkai.incremental import parallel

    monkeypatch.setenv("GONGKAI_JOBS", "2")
    monkeypatch.setattr(parallel, "safe_to_fork", lambda: True)


@pytest.fixture
def cli(capsys):
    """Run build.py in-process: cli("build", "--site", path) -> Run; the verbs that read the date get `AS_OF`."""
    def run(*args) -> Run:
        args = [str(a) for a in args]
        if args and args[0] in ("build", "check", "deploy") and "--as-of" not in args:
            args += ["--as-of", AS_OF]
        code = build.main(args)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    return run


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site_tree(folder: Path) -> dict[str, object]:
    """The output as readers meet it (search_index.readers_view): every file byte for byte, each search
    index by what its search finds."""
    return readers_view(folder, read_tree(folder))


def resave(root: Path) -> None:
    """Save a document again without changing it: the next build is a real one, reading from the cache
    (a build with nothing changed since the last one reads and writes nothing)."""
    path = sorted((root / "content").rglob("*.md"))[0]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def incremental_and_clean(root: Path, change, cli, clean: Path) -> tuple[dict[str, object], dict[str, object]]:
    """The output after `change` built incrementally (two builds before it, so the spare is brought up
    to date too) and the output of a clean build of the changed site copied to `clean` (see site_tree)."""
    assert cli("build", "--site", root).code == 0
    resave(root)
    assert cli("build", "--site", root).code == 0
    change(root)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", clean).code == 0
    return site_tree(root / "public"), site_tree(clean / "public")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site (this repository's config.yaml and content/) built once per session: its output folder."""
    out = tmp_path_factory.mktemp("sample") / "public"
    code = build.main(["build", "--site", str(ROOT), "--out", str(out), "--as-of", AS_OF])
    assert code == 0, "the sample site must build"
    return out


@pytest.fixture
def own_temp_folder(tmp_path, monkeypatch) -> Path:
    """TMPDIR inside tmp_path, for this process and the ones it starts: what a run leaves in the
    temporary folder is seen, and kept out of /tmp."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder
