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
import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from gongkai.incremental.cache import BuildCache
# where an output may go (placement.py), imported from here too by the modules that write one
from gongkai.incremental.placement import CURRENT, RELEASES, members_folder, output_dir, spare_for  # noqa: F401
from gongkai.problems import GongkaiError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
#: the causes of a failed write the user can remove, by errno, as `failed_writes` names them
CAUSES = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "只读文件系统",
          errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EFBIG: "文件超过文件系统允许的大小",
          errno.ENAMETOOLONG: "文件名超过文件系统的上限", errno.EIO: "磁盘读写出错"}


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


@contextmanager
def failed_writes(out_dir: Path | None, cache_dir: Path | None = None) -> Iterator[None]:
    """A build whose writing fails for a cause the user can remove (a full disk, a read-only file system, a quota)
    ends with one error naming the file and the cause, and saying whether the output changed, instead of a
    traceback. The error reaches here once the build has discarded its staging folder; the output changes only in
    the swap, after which the build writes no more than its cache and records."""
    before = _identity(out_dir)
    try:
        yield
    except OSError as exc:
        if out_dir is None or exc.errno not in CAUSES or not _writing(exc, out_dir, cache_dir):
            raise
        kept = "原有输出未改动" if _identity(out_dir) == before else \
            f"新的输出已写入 {out_dir}，但生成缓存未能保存完整：请处理后再生成一次"
        raise GongkaiError(refusal(exc.filename or out_dir, exc, kept)) from None


def refusal(path: str | Path, exc: OSError, kept: str) -> str:
    """What a write the file system refused for one of CAUSES says: the path, the reason and what was kept."""
    return f"无法写入 {path}：{exc.strerror}（{CAUSES[exc.errno]}），{kept}"


def _writing(exc: OSError, out_dir: Path, cache_dir: Path | None) -> bool:
    """Whether `exc` came from what the build writes: an open file (no name: a full disk), the output, the folders
    leading to it, a staging folder or the spare beside it, the cache; not from a file it reads."""
    if exc.filename is None:
        return True
    path = Path(os.path.abspath(os.fsdecode(exc.filename)))
    if out_dir.is_relative_to(path) or any(path.is_relative_to(place) for place in
                                           (out_dir, cache_dir or BuildCache.folder_for(out_dir))):
        return True
    return path.is_relative_to(out_dir.parent) and path.relative_to(out_dir.parent).parts[0].startswith(
        f".{out_dir.name}.")


def _identity(folder: Path | None) -> tuple[int, int] | None:
    """Which folder is at `folder` (the swap puts another there); None when none is."""
    if folder is None:
        return None
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino
