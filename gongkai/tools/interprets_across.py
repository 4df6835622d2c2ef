"""The group's pass before its members build: which 政策解读 explain another member's document, and what
each side shows of the other (engine/group_interprets.py).

Only the files of each member's 政策解读 columns are opened, and only those whose front matter names
another member (`interprets: /…`) are read as documents, with the document they name. What a file's front
matter says and which folders are a member's 政策解读 columns are kept between builds (`Scan`), by the files'
size and time: a group without such interpretations costs a few stats per member once it was built.
Whether a document is published is decided as the member's own build decides it (主动公开, not a draft,
its date reached); the group checks afterwards against what each member did publish (group_links.check_across).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from pathlib import Path

from gongkai import doctypes
from gongkai.engine import fields, schedule, sources
from gongkai.engine.dated import validity_on
from gongkai.engine.build_date import BuildDate
from gongkai.engine.config import CONFIG_FILE, load_config
from gongkai.engine.group_spec import GROUP_FILE
from gongkai.engine.group_interprets import Foreign, ForeignDoc, explains, split
from gongkai.engine.model import Document
from gongkai.engine.reader import ReadContext, read_document, split_front_matter
from gongkai.problems import GongkaiError, Report

#: a front matter naming another member's document as the one it interprets
_ACROSS = re.compile(r"^interprets:\s*[\"']?/", re.M)


def _stamp(path: Path) -> list:
    try:
        return _state(path.stat())
    except OSError:
        return []


def _state(found: os.stat_result) -> list:
    """A file as a scan knows it: size and times (its status-change time changes even when a copy puts
    the others back: cache.Stat)."""
    return [found.st_size, found.st_mtime_ns, found.st_ctime_ns]


class Scan:
    """What the last pass found, by file size and time: each member's 政策解读 folders (by its config.yaml
    and group.yaml) and whether each of their files names another member. None: nothing kept (check)."""

    def __init__(self, path: Path | None):
        self.path, self.kept, self.now = path, {}, {}
        if path is not None and path.is_file():
            try:
                self.kept = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.kept = {}

    def get(self, key: str, stamp: list, compute):
        kept = self.kept.get(key)
        value = kept[1] if kept is not None and kept[0] == stamp else compute()
        self.now[key] = [stamp, value]
        return value

    def save(self) -> None:
        if self.path is not None and self.now != self.kept:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.now, ensure_ascii=False), encoding="utf-8")


class _Member:
    """One member's site, read only as far as the pass needs: its 政策解读 columns and the documents named."""

    def __init__(self, group_dir: Path, member: str, scan: Scan):
        self.site_dir, self.member, self.scan = group_dir / member, member, scan
        self.group_file = group_dir / GROUP_FILE
        self._context: ReadContext | None | bool = False  # not loaded yet
        self.renderer = None

    @property
    def context(self) -> ReadContext | None:
        if self._context is False:
            try:
                config, _ = load_config(self.site_dir, doctypes.registry())
                self._context = ReadContext.of(config, self.site_dir)
            except GongkaiError:  # its own build reports it
                self._context = None
        return self._context

    def _folders(self) -> list[str]:
        context = self.context
        return [] if context is None else sorted(column for column, kind in context.column_types.items()
                                                 if explains(context.types, kind))

    def interpretations(self) -> list[sources.SourceFile]:
        """The files of its 政策解读 columns whose front matter names another member's document."""
        found = []
        stamp = _stamp(self.site_dir / CONFIG_FILE) + _stamp(self.group_file)
        for column in self.scan.get(f"columns:{self.member}", stamp, self._folders):
            folder = os.path.join(self.site_dir, sources.CONTENT, column)
            try:
                entries = sorted((e for e in os.scandir(folder) if e.name.endswith(".md")), key=lambda e: e.name)
            except OSError:  # no such folder: nothing in it
                continue
            for entry in entries:
                state = _state(entry.stat())  # os.stat as _stamp, without a Path for each of many files
                if not sources.is_ignored(entry.name) and self.scan.get(
                        f"file:{self.member}/{column}/{entry.name}", state, lambda: _names_another(Path(entry.path))):
                    rel = f"{column}/{entry.name}" if column else entry.name
                    found.append(sources.SourceFile(rel, Path(entry.path)))
        return found

    def read(self, source: sources.SourceFile) -> Document | None:
        """The document, or None when it has errors or is missing (its own build reports those)."""
        if self.context is None or not source.path.is_file() or not sources.inside(self.site_dir, source.path):
            return None
        self.renderer = self.renderer or self.context.renderer()
        report = Report()
        try:
            doc = read_document(source, sources.decode(sources.read_bytes(source.path)), self.context,
                                self.renderer, report)
        except sources.SourceError:
            return None
        return doc if doc is not None and not report.errors else None


def _names_another(path: Path) -> bool:
    try:
        head, _, _ = split_front_matter(sources.decode(sources.read_bytes(path)))
    except (sources.SourceError, OSError):
        return False
    return bool(_ACROSS.search(head))


def _facts(member: str, doc: Document, as_of: dt.datetime) -> ForeignDoc | None:
    """What the other side shows of a document; None when its member does not publish it at `as_of`."""
    try:
        doc.published = fields.parse_datetime(doc.meta["date"]) if doc.meta["date"] else None
    except fields.FieldError:
        return None
    on = BuildDate(as_of)  # what it decides reaches the member as values, in its Foreign's key
    if not doc.is_public or doc.is_intro or schedule.held_reason(doc, on, False):
        return None
    return ForeignDoc(member, doc.path, doc.url, doc.meta["title"], str(doc.meta["date"]), doc.meta["index_no"] or "",
                      validity_on(doc, on), doc.published)


def foreign_facts(group_dir: Path, members: list[str], as_of: dt.datetime,
                  kept: Path | None = None) -> dict[str, Foreign]:
    """For each member, the other members' documents its pages show: those its 政策解读 explain, and the
    政策解读 of its own documents. `kept`: where the scan is kept between builds (None: not kept)."""
    scan = Scan(kept)
    sites = {m: _Member(group_dir, m, scan) for m in members}
    targets: dict[str, dict[str, ForeignDoc]] = {m: {} for m in members}
    interpretations: dict[str, list[tuple[str, ForeignDoc]]] = {m: [] for m in members}
    for member in members:
        for source in sites[member].interpretations():
            doc = sites[member].read(source)
            named = split(doc.meta["interprets"], tuple(m for m in members if m != member)) if doc else None
            shown = _facts(member, doc, as_of) if named else None
            if shown is None:
                continue
            other, path = named
            target = sites[other].read(sources.SourceFile(f"{path}.md", group_dir / other / sources.CONTENT / f"{path}.md"))
            found = _facts(other, target, as_of) if target is not None else None
            doctype = sites[other].context.types.get(target.meta["type"]) if found is not None else None
            if doctype is not None and not doctype.interpretable:
                found = dataclasses.replace(found, uninterpretable=doctype.label)
            if found is not None:
                targets[member][f"{other}/{path}"] = found  # with why it may not be named, if it may not
            if found is not None and not found.uninterpretable:
                interpretations[other].append((path, shown))
    scan.save()
    return {m: Foreign(targets[m], tuple(interpretations[m])) for m in members}
