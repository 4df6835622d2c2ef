"""Publish a checked build to a target without a moment of half-published site.

Each deploy is a new folder `releases/<time>` under the target; the web server's root is the
`current` symlink, switched to the new release by one rename. A reader sees the old site or
the new one, never a mix, and a rollback (`switch_to` the `previous` release, or any kept
release, forward again too) is the same rename. Folder targets are handled here with
`os.replace`; rsync targets upload with rsync and switch with the same steps as a short POSIX
shell script run over SSH (or locally for a local path). The site is built for a deploy into
`.gongkai-cache-deploy/` in the site folder, through the build cache like any build, so nothing
is left in a temporary folder. One deploy of a site runs at a time (`exclusive`): two would
build into that one folder and each publish a mix.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shlex
import shutil
import subprocess
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from gongkai.engine.config import DeployTarget
from gongkai.incremental.cache import CACHE_PREFIX
from gongkai.incremental.write import CURRENT, RELEASES  # write.generated knows a target by them
from gongkai.output.catalog import CATALOG
from gongkai.problems import GongkaiError, UsageError
from gongkai.tools.unwritten import refused_writes

BUILD_FOLDER = f"{CACHE_PREFIX}deploy"  # in the site folder; its name is ignored like other caches
LOCK = "lock"  # in BUILD_FOLDER: holds the process id of the deploy running


class DeployError(GongkaiError):
    """The target cannot be written or switched (exit 2): nothing about the content is wrong."""


def choose(targets: list[DeployTarget], name: str | None, file: str = "config.yaml") -> DeployTarget:
    """The target named on the command line, or the first one in config.yaml (a group's: group.yaml)."""
    if not targets:
        raise UsageError(f"{file} 中没有部署目标，请在 deploy.targets 下配置（见 docs/admin.md“部署”）")
    if name is None:
        return targets[0]
    for target in targets:
        if target.name == name:
            return target
    raise UsageError(f"没有名为“{name}”的部署目标；可用：{'、'.join(t.name for t in targets)}")


def build_folder(site_dir: Path) -> Path:
    """Where a deploy builds the site: kept, so the next deploy renders only what changed."""
    return site_dir / BUILD_FOLDER / "site"


@contextmanager
def exclusive(site_dir: Path) -> Iterator[None]:
    """Hold the site's deploy lock while the body runs, or refuse at once with the holder's process id.
    The lock is the kernel's (flock): a deploy that is killed releases it."""
    folder = site_dir / BUILD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise DeployError(f"另一个 deploy（进程 {holder}）正在部署 {site_dir}，本次未生成也未发布；"
                              "请等它结束后再运行") from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def release_name(now: dt.datetime) -> str:
    """A folder name that sorts in time order, to the microsecond so quick deploys never clash."""
    return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def publish(built: Path, target: DeployTarget, site_dir: Path, now: dt.datetime) -> str:
    """Upload `built` as a new release, switch `current` to it and prune old releases. A folder target that cannot
    be written is a DeployError saying whether the new release went online; until it has, the target is as it was."""
    name = release_name(now)
    if target.type == "folder":
        root = folder(target, site_dir)
        with refused_writes(root, "未部署，线上网站未改动", DeployError):
            _release(built, root, name)
            try:
                _switch(root, name)
            except (OSError, DeployError):
                with suppress(OSError):
                    _delete(root, name)  # never online: the releases stay as they were
                raise
        with refused_writes(root, f"新版本 {name} 已上线，但旧版本未能删除：请处理后再部署一次", DeployError):
            _prune(root, target.keep)
    else:
        run(["rsync", "-a", "--delete", "--mkpath", f"{built}/", f"{target.location.rstrip('/')}/{RELEASES}/{name}/"])
        remote(target, _PUBLISH.format(name=shlex.quote(name), keep=target.keep))
    return name


def previous(target: DeployTarget, site_dir: Path) -> str:
    """The release before the current one, which `--rollback` switches to (after the caller has compared
    what it publishes with the current one's)."""
    if target.type == "folder":
        root = folder(target, site_dir)
        current = current_release(root)
        older = [n for n in release_names(root) if current is None or n < current]
        if not older:
            raise DeployError(f"{root} 没有更早的版本可以回退")
        return older[-1]
    return remote(target, _PREVIOUS).strip()


def current_of(target: DeployTarget, site_dir: Path) -> str | None:
    """The name of the release `current` points at, on any target; None when there is none."""
    if target.type == "folder":
        return current_release(folder(target, site_dir))
    return remote(target, _CURRENT).strip() or None


def catalog_of(target: DeployTarget, site_dir: Path, name: str) -> str | None:
    """The text of release `name`'s catalog.json; None when it cannot be read."""
    if target.type == "folder":
        try:
            return (folder(target, site_dir) / RELEASES / name / CATALOG).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None
    text = remote(target, f"cat releases/{shlex.quote(name)}/{CATALOG} 2>/dev/null || true")
    return text or None


def switch_to(target: DeployTarget, site_dir: Path, name: str) -> bool:
    """Point `current` at the kept release `name`, older or newer; returns whether it is the newest."""
    if target.type == "folder":
        kept(target, site_dir, name)
        root = folder(target, site_dir)
        with refused_writes(root, "线上网站未改动", DeployError):
            _switch(root, name)
        return name == release_names(root)[-1]
    newest = remote(target, _SWITCH_TO.format(name=shlex.quote(name))).strip()
    return newest == name


def kept(target: DeployTarget, site_dir: Path, name: str) -> None:
    """Raise DeployError, naming the kept releases, when the target has no release `name`."""
    if target.type != "folder":
        remote(target, _KEPT.format(name=shlex.quote(name)))
        return
    names = release_names(folder(target, site_dir))
    if name not in names:
        raise DeployError(f"没有版本 {name}；现有：{'、'.join(names) or '无'}（见 deploy --list）")


def split_destination(destination: str) -> tuple[str | None, str]:
    """`user@host:/srv/xxgk` -> ("user@host", "/srv/xxgk"); a local path has no host (as rsync reads it)."""
    head, sep, tail = destination.partition(":")
    if sep and "/" not in head:
        return head, tail
    return None, destination


def folder(target: DeployTarget, site_dir: Path) -> Path:
    return (site_dir / target.location).resolve()


def release_names(root: Path) -> list[str]:
    """The complete releases of a folder target, oldest first (hidden ones are half copied or deleted)."""
    found = root / RELEASES
    return sorted(p.name for p in found.iterdir() if p.is_dir() and not p.name.startswith(".")) if found.is_dir() else []


def current_release(root: Path) -> str | None:
    link = root / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _switch(root: Path, name: str) -> None:
    """Create the new link under a temporary name, then rename it over `current` in one step."""
    link = root / CURRENT
    if link.exists() and not link.is_symlink():
        raise DeployError(f"{link} 是普通文件夹而不是符号链接；请先把它移走，部署会创建指向当前版本的链接")
    temporary = root / f".{CURRENT}.{os.getpid()}"
    if temporary.is_symlink():
        temporary.unlink()
    os.symlink(f"{RELEASES}/{name}", temporary)
    try:
        os.replace(temporary, link)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _release(built: Path, root: Path, name: str) -> None:
    """Copy `built` to `releases/<name>`: under a hidden name, renamed once whole; a copy that fails is removed."""
    releases = root / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(root)
    partial = releases / f".{name}.partial"
    try:
        _copy(built, partial)
        os.rename(partial, releases / name)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _copy(source: Path, copy: Path) -> None:
    """`source` copied to `copy`, links as links (as copytree's symlinks=True), stopping at the first file that
    cannot be written: on a full disk copytree tries every other file, then raises one error for all of them
    without their causes."""
    def fail(exc: OSError) -> None:
        raise exc
    for here, folders, files in os.walk(source, onerror=fail):
        there = copy / os.path.relpath(here, source)
        there.mkdir()
        shutil.copymode(here, there)  # a folder the web server reads, as the build made it
        for name in folders + files:
            path = os.path.join(here, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), there / name)
            elif not os.path.isdir(path):
                shutil.copy2(path, there / name)


def _prune(root: Path, keep: int) -> None:
    current = current_release(root)
    for old in release_names(root)[:-keep]:
        if old != current:
            _delete(root, old)


def _delete(root: Path, name: str) -> None:
    """Remove a release: hidden first, so a deploy killed while deleting never leaves a half release to roll back to."""
    doomed = root / RELEASES / f".{name}.deleting"
    os.rename(root / RELEASES / name, doomed)
    shutil.rmtree(doomed)


def _remove_leftovers(root: Path) -> None:
    """What a killed deploy left: a half-copied or half-deleted release, a temporary link."""
    for path in (root / RELEASES).glob(".*"):
        if path.name.endswith((".partial", ".deleting")) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
    for path in root.glob(f".{CURRENT}.*"):
        if path.is_symlink():
            path.unlink()


# shell scripts run in the target folder; `link` switches `current` to the release in $v in one rename
_LINK = """ln -sfn "releases/$v" .current.new
mv -Tf .current.new current
"""
_PUBLISH = """v={name}
""" + _LINK + """ls -1 releases | sort | head -n -{keep} | while read -r old; do
  [ "releases/$old" = "$(readlink current)" ] || rm -rf "releases/$old"
done
"""
_CURRENT = """cur=$(readlink current || true)
echo "${cur#releases/}"
"""
_PREVIOUS = """cur=$(readlink current || true)
v=$(ls -1 releases | sort | awk -v c="${cur#releases/}" 'c == "" || $0 < c' | tail -n 1)
if [ -z "$v" ]; then echo "没有更早的版本可以回退" >&2; exit 3; fi
echo "$v"
"""
_KEPT = """v={name}
if [ ! -d "releases/$v" ]; then echo "没有版本 $v；现有：$(ls -1 releases | sort | awk 'NR > 1 {{ printf "、" }} {{ printf "%s", $0 }}')（见 deploy --list）" >&2; exit 3; fi
"""
_SWITCH_TO = _KEPT + _LINK + """ls -1 releases | sort | tail -n 1
"""


def remote(target: DeployTarget, script: str) -> str:
    """Run `script` in an rsync target's folder on its host (over SSH) or here; returns its output."""
    host, path = split_destination(target.location)
    return run(_shell(host, f"set -e\ncd {shlex.quote(path)}\n{script}"))


def _shell(host: str | None, script: str) -> list[str]:
    return ["ssh", host, "sh -c " + shlex.quote(script)] if host else ["sh", "-c", script]


def run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    except FileNotFoundError:
        raise DeployError(f"找不到命令 {command[0]}，请先安装它") from None
    if done.returncode != 0:
        raise DeployError(f"{shlex.join(command[:2])} … 失败（状态 {done.returncode}）：{done.stderr.strip()}")
    return done.stdout
