"""A write the file system refuses (a full disk, a read-only file system, no permission, a quota) while `deploy`
or `check --report` writes its own files: one error naming the path and saying what was left as it was, never a
traceback. A build's output has its own (incremental/write.failed_writes), which knows its spare and cache."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# the causes a user can remove, by errno, named as a build names them
from gongkai.incremental.write import CAUSES, refusal
from gongkai.problems import GongkaiError


@contextmanager
def refused_writes(place: Path, kept: str, error: type[GongkaiError] = GongkaiError) -> Iterator[None]:
    """Inside, a write under `place` that fails for a cause the user can remove raises `error`: “无法写入 <path>：
    <reason>（<cause>），<kept>”. The path is the one the system names (the target of a rename or a link, as that
    is what is written; `place` for a write to an open file, which has none). Any other failure, such as reading
    what is copied, passes unchanged."""
    try:
        yield
    except OSError as exc:
        named = exc.filename2 if exc.filename2 is not None else exc.filename
        path = place if named is None or isinstance(named, int) else Path(os.path.abspath(os.fsdecode(named)))
        if exc.errno not in CAUSES or not path.is_relative_to(place):
            raise
        raise error(refusal(path, exc, kept)) from None
