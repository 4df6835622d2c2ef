"""The first hour of a county's administrator, played with the installed command and nothing of the checkout:
init, check --strict, a back-filled 2021 document, build, serve over IPv6, deploy and deploy --list.

The package is installed into a virtual environment (no network: the system's setuptools, no
dependencies fetched); every command runs from a folder outside the repository with HOME there too,
and an audit hook in the environment records any file of the repository the commands open or list.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from conftest import AS_OF, ROOT
from serving import Server
from test_package import SOURCE

#: loaded by the environment's Python at startup: every file opened or folder listed under the repository
GUARD = """import os, sys
def _guard(event, args, root={root!r}, log={log!r}):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path == root or path.startswith(root + os.sep):
            with open(log, "a", encoding="utf-8") as out:
                out.write(path + "\\n")
"""


def _install(tmp_path: Path, log: Path) -> Path:
    """A virtual environment with the package installed from a copy of the checkout; its bin folder."""
    source, venv = tmp_path / "source", tmp_path / "venv"
    for name in SOURCE:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                              "--no-build-isolation", str(source)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    shutil.rmtree(source)  # nothing but the environment is left to run from
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    (site_packages / "guard.py").write_text(GUARD.format(root=str(ROOT), log=str(log)), encoding="utf-8")
    (site_packages / "guard.pth").write_text("import guard, sys; sys.addaudithook(guard._guard)\n", encoding="utf-8")
    return venv / "bin"


def _without_line(text: str, after: str, wanted: str) -> str:
    """The text without the first line containing `wanted` that follows the line containing `after`."""
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if after in line)
    end = next(n for n in range(start, len(lines)) if wanted in lines[n])
    return "\n".join(lines[:end] + lines[end + 1:])


def test_first_hour_with_the_installed_command(tmp_path):
    log = tmp_path / "repository-files-read.txt"
    bin_dir = _install(tmp_path, log)
    home, work, temp, target = tmp_path / "home", tmp_path / "work", tmp_path / "tmp", tmp_path / "srv"
    for folder in (home, work, temp):
        folder.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(HOME=str(home), TMPDIR=str(temp), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")

    def gongkai(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["gongkai", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)

    where = subprocess.run(["python", "-c", "import gongkai, gongkai.pipeline as p; print(gongkai.__file__, p.THEME_DIR)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(bin_dir.parent) for p in where), where
    subprocess.run(["python", "-c", f"open({str(ROOT / 'README.md')!r})"], cwd=work, env=env, check=True)
    assert set(log.read_text(encoding="utf-8").split()) == {str(ROOT / "README.md")}  # the guard sees what is read
    log.unlink()

    init = gongkai("init", "fushun", "--name", "抚顺县人民政府", "--domain", "www.fushun.gov.cn",
                   "--org-code", "91210421MA0000000A", "--site-id", "2104210001", cwd=work)
    assert init.returncode == 0, init.stderr
    assert "运行 gongkai check --strict 检查，gongkai serve 预览，gongkai deploy 发布" in init.stdout
    site = work / "fushun"
    check = gongkai("check", "--strict", "--as-of", AS_OF, cwd=site)
    assert check.returncode == 0, check.stderr

    new = gongkai("new", "normative", "关于印发抚顺县档案管理办法的通知", "--date", "2021-06-15", cwd=site)
    assert new.returncode == 0, new.stderr
    assert "未开通：文档写好、删去 draft: true 后，还要删去 config.yaml 第" in new.stderr
    document = site / new.stdout.split()[1]
    assert document.parent == site / "content/fdzdgknr/gfxwj" and document.name.startswith("2021-")
    text = document.read_text(encoding="utf-8")
    assert '\nindex_no: "91210421MA0000000A/2021-00001"\n' in text
    text = re.sub(r"draft: true.*\n", "", text).replace('doc_number: ""', "doc_number: 抚政发〔2021〕3号")
    document.write_text(text.replace("正文。", "第一条　为了规范档案管理，制定本办法。"), encoding="utf-8")
    config = (site / "config.yaml").read_text(encoding="utf-8")
    for column in ("- path: fdzdgknr", "- path: gfxwj"):  # open the column and its parent
        config = _without_line(config, column, "open: false")
    config += f"deploy:\n  targets:\n    web:\n      type: folder\n      path: {target}\n"
    (site / "config.yaml").write_text(config, encoding="utf-8")
    assert gongkai("check", "--strict", "--as-of", AS_OF, cwd=site).returncode == 0

    build = gongkai("build", "--as-of", AS_OF, cwd=site)
    assert build.returncode == 0, build.stderr
    page = f"fdzdgknr/gfxwj/{document.stem}.html"
    built = (site / "public" / page).read_text(encoding="utf-8")
    assert "抚顺县档案管理办法" in built and "<span>91210421MA0000000A/</span><wbr><span>2021-00001" in built

    server = Server(site, command=["gongkai"], env=env)
    try:
        with urllib.request.urlopen(server.url(socket.AF_INET6, f"/{page}"), timeout=10) as response:
            assert response.status == 200 and "抚顺县档案管理办法" in response.read().decode()
    finally:
        server.stop()
    assert server.process.returncode == 0, "\n".join(server.lines)

    deploy = gongkai("deploy", "--as-of", AS_OF, cwd=site)
    assert deploy.returncode == 0, deploy.stderr
    assert "抚顺县档案管理办法" in (target / "current" / page).read_text(encoding="utf-8")
    listed = gongkai("deploy", "--list", cwd=site)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^\* \S+ .* 1 篇文档  页面：首个版本$", listed.stdout, re.M), listed.stdout
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert list(temp.iterdir()) == []  # serve removed its preview folder
