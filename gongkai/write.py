"""Write a finished output atomically: build beside the old site, then swap the two in one step.

Readers of the output folder (a web server, a deploy) see the complete old site or the
complete new one, never a half-written mix; a failed or killed build leaves the old one.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from .output import Output

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


def write_tree(output: Output, folder: Path) -> None:
    made = set()
    for rel, data in output.pages.items():
        target = folder / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
    for rel, source in output.copies.items():
        target = folder / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        shutil.copyfile(source, target)


def stage(out_dir: Path) -> Path:
    """A fresh folder beside the output, on the same file system so the swap is a rename."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))


def publish(staged: Path, out_dir: Path) -> None:
    """Put `staged` in place of `out_dir`; the old output is removed only after the swap."""
    os.chmod(staged, 0o755)
    if not out_dir.exists():
        os.rename(staged, out_dir)
        return
    if exchange(staged, out_dir):
        shutil.rmtree(staged, ignore_errors=True)  # now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(old)
    os.rename(out_dir, old)
    os.rename(staged, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def clean_stale(out_dir: Path) -> None:
    """Remove staging folders left by a build that was killed."""
    if not out_dir.parent.is_dir():
        return
    for entry in out_dir.parent.iterdir():
        if entry.name.startswith((f".{out_dir.name}.new-", f".{out_dir.name}.old-")) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
