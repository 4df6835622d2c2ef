"""What a deploy target holds and what a deploy would change: for `deploy --list` and `--dry-run`.

Nothing is recorded at deploy time: the releases on the target are compared themselves, so the
list is right whoever deployed them and from wherever. Folder targets are read here; on an
rsync target a shell script lists the releases and rsync compares them (`--dry-run --checksum
--itemize-changes`), on the server for two releases, from here for a new build.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import json
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


@dataclass
class Republished:
    """What switching to an older (or any other) release would put back online that the current release
    does not publish: a document withdrawn, made 不予公开 or deleted since, or one a rollback took down; an
    attachment taken off a document, or replaced (another size: a list with its ID numbers taken out)."""

    name: str
    current: str | None
    documents: list[str]  # 标题（address）, in the release's catalog order
    unknown: str = ""  # why it cannot be told: a catalog.json not read
    attachments: list[str] = field(default_factory=list)  # 标题的附件“附件标题”（address）, as documents

    def __bool__(self) -> bool:
        """Whether the switch needs the administrator's --allow-withdrawn."""
        return bool(self.documents or self.attachments or self.unknown)

    def refusal(self) -> str:
        if self.unknown:
            return (f"错误：{self.unknown}，无法确认切换到版本 {self.name} 是否会重新发布已撤回的文档；未切换，线上网站未改动。"
                    "确认可以切换后，加 --allow-withdrawn 再运行")
        return (f"错误：版本 {self.name} 发布了当前版本（{self.current or '无'}）不发布的{self._counted()}"
                "（已撤回、改为不予公开或依申请公开、已删除、已替换，或回退时撤下的）：\n" + self._listed() +
                "未切换，线上网站未改动。确认这些内容可以重新公开后，加 --allow-withdrawn 再运行")

    def warning(self) -> str:
        if self.unknown:
            return f"警告：{self.unknown}，按 --allow-withdrawn 切换，未核对是否重新发布了已撤回的文档"
        return f"警告：按 --allow-withdrawn 重新发布了当前版本不发布的{self._counted()}：\n" + self._listed().rstrip("\n")

    def _counted(self) -> str:
        counts = [f"{len(self.documents)} 篇文档" if self.documents else "",
                  f"{len(self.attachments)} 个附件" if self.attachments else ""]
        return " " + "和".join(filter(None, counts))

    def _listed(self) -> str:
        return "".join(f"  {line}\n" for line in self.documents + self.attachments)


def _catalog(target: DeployTarget, site_dir: Path, name: str) -> list[dict] | None:
    """Release `name`'s catalog.json rows; None for one that is not there or not a list of rows: unknown."""
    text = deploy.catalog_of(target, site_dir, name)
    try:
        rows = json.loads(text) if text is not None else None
    except ValueError:
        return None
    return rows if isinstance(rows, list) and all(isinstance(row, dict) for row in rows) else None


def republished(target: DeployTarget, site_dir: Path, name: str) -> Republished:
    """The documents release `name` publishes that the current release does not, by address in their
    catalog.json; unknown when either catalog cannot be read (whether it withdrew any cannot be told)."""
    deploy.kept(target, site_dir, name)
    current = deploy.current_of(target, site_dir)
    found = Republished(name, current, [])
    if current == name:
        return found
    now = _catalog(target, site_dir, current) if current else []
    then = _catalog(target, site_dir, name)
    if now is None or then is None:
        found.unknown = f"读不到版本 {name if then is None else current} 的 catalog.json"
        return found
    online = {row.get("url") for row in now}
    found.documents = [f"{row.get('title')}（{row.get('url')}）" for row in then if row.get("url") not in online]
    files = {a.get("url"): a.get("size") for row in now for a in _attachments(row)}
    found.attachments = [f"{row.get('title')}的附件“{a.get('title')}”（{a.get('url')}"
                         f"{'' if a.get('url') not in files else '，与当前版本的不同'}）"
                         for row in then if row.get("url") in online for a in _attachments(row)
                         if files.get(a.get("url"), ...) != a.get("size")]
    return found


def _attachments(row: dict) -> list[dict]:
    """A catalog row's attachments ({title, url, size}); none when it lists them in no such form."""
    listed = row.get("attachments")
    return [a for a in listed if isinstance(a, dict)] if isinstance(listed, list) else []


def pending(built: Path, target: DeployTarget, site_dir: Path) -> Changes:
    """What publishing `built` would change on the target, relative to its current release."""
    if target.type == "folder":
        return compare(deploy.folder(target, site_dir) / deploy.CURRENT, built)
    current = f"{target.location.rstrip('/')}/{deploy.CURRENT}/"
    found = deploy.remote(target, '[ -d current ] && echo yes || true').strip()
    if not found:
        return compare(None, built)
    return parse_itemized(deploy.run(["rsync", "-rcn", "--delete", "-i", f"{built}/", current]))
