"""Write a finished output atomically: build beside the old site, then swap the two in one step.

Readers of the output folder (a web server, a deploy) see the complete old site or the
complete new one, never a half-written mix; a failed or killed build leaves the old one.
Where the system can exchange two folders atomically (Linux), the previous output is kept as a
spare and the next build brings it up to date, so an edit costs the files it changes, not a copy
of the whole site. Files in the spare are replaced, never written through: they may be hard links
shared with the published output.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from gongkai import doctypes
from gongkai.engine import group_spec, sources
from gongkai.incremental.cache import CACHE_PREFIX, BuildCache
from gongkai.output.catalog import CATALOG
from gongkai.output.render import TEMPLATES
from gongkai.problems import UsageError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc if hasattr(libc, "renameat2") else None
    except OSError:
        return None


_LIBC = _libc()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where the system cannot."""
    if _LIBC is None:
        return False
    result = _LIBC.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def stage(out_dir: Path, spare: Path) -> Path:
    """The folder to build in, on the output's file system: the spare where folders can be exchanged
    (it may hold an older output, to be brought up to date), a fresh folder otherwise."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if _LIBC is not None:
        spare.mkdir(parents=True, exist_ok=True)
        return spare
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))


def keeps_spare(staged: Path, spare: Path) -> bool:
    return staged == spare


def discard(staged: Path, spare: Path) -> None:
    """After a failed build: a fresh folder goes; the spare stays for the next build."""
    if not keeps_spare(staged, spare):
        shutil.rmtree(staged, ignore_errors=True)


def replace_file(target: Path, data: bytes | None = None, source: Path | None = None) -> None:
    """Write a new file at `target` (a new inode: an existing hard link is never written through)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copyfile(source, target)
    else:
        with open(target, "wb") as f:
            f.write(data)


def swap_in(staged: Path, out_dir: Path) -> bool:
    """Put `staged` in place of `out_dir`; True when `staged` then holds the old output, False when it is gone."""
    os.chmod(staged, 0o755)
    if not out_dir.exists():
        os.rename(staged, out_dir)
        return False
    if exchange(staged, out_dir):
        return True  # `staged` (the spare) now holds the old output, for the next build to bring up to date
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(old)
    os.rename(out_dir, old)
    os.rename(staged, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return False


def link_over(source: str, target: str) -> bool:
    """Put a hard link to the file `source` in place of `target` (removed first, never written through: it may
    be a link to a published file); False when it cannot be linked."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def link_tree(source: Path, target: Path) -> bool:
    """Hard-link every file under `source` to the same place under `target`; False if one cannot be."""
    for folder, _, files in os.walk(source):  # strings, one mkdir a folder: a group links every member's output
        here = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(here, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(folder, name), os.path.join(here, name))
            except OSError:
                return False
    return True


def link_whole(source: Path, target: Path) -> bool:
    """Hard links to the folder `source` at `target` (which must not exist), whole or not at all: linked
    under a hidden name and renamed once complete, as a folder's own name holds only what is whole."""
    if not source.is_dir():
        return False
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)  # left by a killed build
    if link_tree(source, partial):
        os.rename(partial, target)
        return True
    shutil.rmtree(partial, ignore_errors=True)
    return False


def remove_whole(folder: Path) -> None:
    """A folder removed, first from under its name (to a hidden one beside it, whose leftovers an older
    build's go first): what a folder's own name holds is whole, and a build killed while deleting its
    files must not leave some of them under it. A hidden folder is removed as it is."""
    if not folder.name.startswith("."):
        aside = folder.with_name(f".{folder.name}.removed")
        shutil.rmtree(aside, ignore_errors=True)
        try:
            os.rename(folder, aside)
        except FileNotFoundError:
            return
        folder = aside
    shutil.rmtree(folder, ignore_errors=True)


def relink_tree(source: Path, target: Path) -> bool:
    """Make `target`, an older tree of hard links to `source`, the same tree as `source` now: a file is
    linked again only where it is not already a link to the very file (a file is replaced, never written
    through, so the same inode is the same bytes), and what `source` no longer has is removed. Inodes
    come from the folder listings, so an unchanged file costs no system call. False if one cannot be linked."""
    folders = [""]
    while folders:
        rel = folders.pop()
        here = os.path.join(target, rel)
        os.makedirs(here, exist_ok=True)
        old = {entry.name: entry for entry in os.scandir(here)}
        for entry in os.scandir(os.path.join(source, rel)):
            was, path = old.pop(entry.name, None), os.path.join(here, entry.name)
            if entry.is_dir(follow_symlinks=False):
                folders.append(os.path.join(rel, entry.name))
                if was is not None and not was.is_dir(follow_symlinks=False):
                    os.unlink(path)
            elif was is None or was.is_dir(follow_symlinks=False) or was.inode() != entry.inode():
                _remove_entry(was)
                try:
                    os.link(entry.path, path)
                except OSError:
                    return False
        for was in old.values():
            _remove_entry(was)
    return True


def _remove_entry(entry: os.DirEntry | None) -> None:
    if entry is None:
        return
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def seed_spare(out_dir: Path, spare: Path) -> bool:
    """After a first build, a spare of hard links to the new output, so that the next build writes
    only what changes instead of linking every file then; False (and no spare) where it cannot."""
    if link_tree(out_dir, spare):
        return True
    shutil.rmtree(spare, ignore_errors=True)
    return False


def renew_spare(out_dir: Path, spare: Path, cache: BuildCache) -> None:
    """After a swap the spare holds the output this build replaced: each file this build wrote anew is linked
    into it from the new output at once, so that the next build finds the spare current, and the build that
    wrote the new files deletes the old ones. After an edit of a template every page reads, the next build (an
    edit's) spent 11.6 of its 16.3 s at 100,000 documents doing it file by file, and read the spare's entries
    apart from the output's (cache.load 1.6 s, 0.65 s otherwise). Files the new output no longer has are left
    for the next build to remove (produce._remove_others); where a file cannot be linked, the whole spare is."""
    relinked = False
    for now, then in ((cache.outputs, cache.spare), (cache.copies, cache.spare_copies)):
        for rel, entry in now.items():
            last = then.get(rel)
            if last is entry or last is not None and last.stat == entry.stat:
                continue  # the very file: a link to it was published already
            if not link_over(os.path.join(out_dir, rel), os.path.join(spare, rel)):
                cache.spare, cache.spare_copies, cache.changed = {}, {}, True
                return
            relinked = True
    cache.spare, cache.spare_copies = dict(cache.outputs), dict(cache.copies)
    cache.changed |= relinked


def clean_stale(out_dir: Path) -> None:
    """Remove staging folders left by a build that was killed."""
    if not out_dir.parent.is_dir():
        return
    for entry in out_dir.parent.iterdir():
        if entry.name.startswith((f".{out_dir.name}.new-", f".{out_dir.name}.old-")) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def staging(out_dir: Path | None, cache: BuildCache) -> tuple[Path | None, Path | None]:
    """The folder the new output is written into (the spare, brought up to date), and the spare's place."""
    if out_dir is None:
        return None, None
    clean_stale(out_dir)
    spare = BuildCache.spare_for(out_dir)
    staged = stage(out_dir, spare)
    if not keeps_spare(staged, spare):
        cache.spare, cache.spare_copies = {}, {}
    return staged, spare


def output_dir(site_dir: Path, out: str | None, config_output: str) -> Path:
    """The output folder, refusing folders whose replacement would destroy the site or other files, and those whose
    files would be published again: in what a build reads (a group member's too), or in a published folder."""
    out_dir = (Path(out) if out else site_dir / config_output).resolve()
    site = site_dir.resolve()
    if out_dir == site or site.is_relative_to(out_dir):
        raise UsageError(f"输出文件夹 {out_dir} 不能是站点文件夹或它的上级")
    if (inside := generated(out_dir.parent)) is not None:
        raise UsageError(f"输出文件夹 {out_dir} 不能在 {inside} 之内：那是本工具生成或部署的网站，生成缓存（含未公开的文档）"
                         "写在输出文件夹旁，会随它发布")
    members = group_spec.load_group(site, doctypes.registry())[0].members if group_spec.is_group(site) else ()
    for folder, member in [(site, ""), *(((site / m.path).resolve(), m.path) for m in members)]:
        for protected in (sources.CONTENT, TEMPLATES, sources.STATIC):
            if out_dir.is_relative_to(folder / protected):
                raise UsageError(f"输出文件夹 {out_dir} 不能在 {member}{'/' if member else ''}{protected}/ 之内")
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / CATALOG).exists())):
        raise UsageError(f"输出文件夹 {out_dir} 已存在且不是本工具生成的站点；为防止误删，请换一个文件夹或先清空它")
    return out_dir


#: what a group's output keeps beside it: each member's own output (and, beside it, its cache) between group
#: builds, and the previous tree (`.<output>.members`, `.<output>.spare`); a deploy target's releases and the
#: link to the one online (tools/deploy.py)
MEMBERS, SPARE = ".members", ".spare"
RELEASES, CURRENT = "releases", "current"


def members_folder(out_dir: Path) -> Path:
    """Where each member's own output (and, beside it, its cache) is kept between group builds."""
    return out_dir.parent / f".{out_dir.name}{MEMBERS}"


def spare_for(out_dir: Path) -> Path:
    """The previous tree's place: hidden beside the output, on its file system, and no staging folder
    that clean_stale removes."""
    return out_dir.parent / f".{out_dir.name}{SPARE}"


def group_output_of(place: Path) -> Path | None:
    """The group output whose members folder or spare tree `place` is named as; None for any other name."""
    name = place.name
    for suffix in (MEMBERS, SPARE):
        if name.startswith(".") and name.endswith(suffix) and len(name) > len(suffix) + 1:
            return place.parent / name[1:-len(suffix)]
    return None


def generated(path: Path) -> Path | None:
    """The nearest of `path` and the folders above it the generator built or deploys to, by what it leaves there
    (catalog.json, its folders and their names, a deploy target's `current` and `releases/`); else None."""
    for place in (path, *path.parents):
        beside = (place, group_output_of(place) or place)  # an output, or its members folder or spare tree
        if place.name and (place.name.startswith(CACHE_PREFIX) or (place / CATALOG).is_file()
                           or BuildCache.folder_for(place).is_dir() or any(members_folder(p).is_dir() for p in beside)
                           or ((place / CURRENT).is_symlink() and (place / RELEASES).is_dir())):
            return place
    return None
