"""What a deploy target holds and what a deploy would change: for `deploy --list` and `--dry-run`.

Nothing is recorded at deploy time: the releases on the target are compared themselves, so the
list is right whoever deployed them and from wherever. Folder targets are read here; on an
rsync target a shell script lists the releases and rsync compares them (`--dry-run --checksum
--itemize-changes`), on the server for two releases, from here for a new build.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.engine.config import DeployTarget
from gongkai.tools import deploy

PAGE = ".html"
#: catalog.json holds one published document a line (output/catalog.py)
DOCUMENT_LINE = '{"index_no"'


@dataclass
class Changes:
    """Files of one release relative to another: added, changed (other bytes) and removed."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def pages(self) -> "Changes":
        return Changes(*[[p for p in paths if p.endswith(PAGE)] for paths in (self.added, self.changed, self.removed)])

    def counts(self) -> str:
        return f"新增 {len(self.added)}，修改 {len(self.changed)}，删除 {len(self.removed)}"


@dataclass
class Release:
    name: str
    documents: int
    changes: Changes | None  # from the release before it; None for the oldest kept
    current: bool = False

    def local_time(self) -> str:
        """When it was deployed, in this computer's time zone (names are UTC, see deploy.release_name)."""
        utc = dt.datetime.strptime(self.name, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=dt.timezone.utc)
        return utc.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _files(root: Path) -> dict[str, Path]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path
    return found


def compare(old: Path | None, new: Path) -> Changes:
    """What `new` adds, changes and removes relative to `old` (None or missing: everything is added)."""
    before = _files(old) if old is not None and old.is_dir() else {}
    after = _files(new)
    return Changes(sorted(set(after) - set(before)),
                   sorted(p for p in set(after) & set(before) if not filecmp.cmp(before[p], after[p], shallow=False)),
                   sorted(set(before) - set(after)))


def _documents(release: Path) -> int:
    try:
        with open(release / "catalog.json", encoding="utf-8") as catalog:
            return sum(line.startswith(DOCUMENT_LINE) for line in catalog)
    except OSError:
        return 0


_ITEM = re.compile(r"^(\*deleting|[<>ch.]f\S*)\s+(.+)$")


def parse_itemized(text: str) -> Changes:
    """rsync's --itemize-changes lines (files only) as Changes."""
    changes = Changes()
    for line in text.splitlines():
        match = _ITEM.match(line.strip())
        if match and not match.group(2).endswith("/"):  # a folder's files are listed one by one
            item, path = match.groups()
            kind = changes.removed if item == "*deleting" else changes.added if "+++" in item else changes.changed
            kind.append(path)
    return changes


_LIST = """cur=$(readlink current || true)
echo "current ${cur#releases/}"
prev=
for r in $(ls -1 releases | sort); do
  n=$(grep -c '^{"index_no"' "releases/$r/catalog.json" 2>/dev/null || true)
  echo "release $r ${n:-0}"
  if [ -n "$prev" ]; then rsync -rcn --delete -i "releases/$r/" "releases/$prev/"; fi
  prev=$r
done
"""


def _listed_remotely(text: str) -> list[Release]:
    found: list[Release] = []
    current, lines = "", []
    for line in text.splitlines() + ["release - 0"]:
        if line.startswith("current "):
            current = line[len("current "):].strip()
        elif line.startswith("release "):
            if found:
                found[-1].changes = parse_itemized("\n".join(lines)) if len(found) > 1 else None
            _, name, count = line.split(" ")
            found.append(Release(name, int(count), None, name == current))
            lines = []
        else:
            lines.append(line)
    return found[:-1]


def list_releases(target: DeployTarget, site_dir: Path) -> list[Release]:
    """The target's releases, oldest first, each with what changed from the one before."""
    if target.type != "folder":
        return _listed_remotely(deploy.remote(target, _LIST))
    root = deploy.folder(target, site_dir)
    current, found, before = deploy.current_release(root), [], None
    for name in deploy.release_names(root):
        release = root / deploy.RELEASES / name
        found.append(Release(name, _documents(release), compare(before, release) if before else None, name == current))
        before = release
    return found


def pending(built: Path, target: DeployTarget, site_dir: Path) -> Changes:
    """What publishing `built` would change on the target, relative to its current release."""
    if target.type == "folder":
        return compare(deploy.folder(target, site_dir) / deploy.CURRENT, built)
    current = f"{target.location.rstrip('/')}/{deploy.CURRENT}/"
    found = deploy.remote(target, '[ -d current ] && echo yes || true').strip()
    if not found:
        return compare(None, built)
    return parse_itemized(deploy.run(["rsync", "-rcn", "--delete", "-i", f"{built}/", current]))
