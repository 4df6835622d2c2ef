"""The group's pass before its members build: which 政策解读 explain another member's document, and what
each side shows of the other (engine/group_interprets.py).

Only the files of each member's 政策解读 columns are opened, and only those whose front matter names
another member (`interprets: /…`) are read as documents, with the document they name: a group without
such interpretations costs one config.yaml and a listing of those columns per member. Whether a document
is published is decided as the member's own build decides it (主动公开, not a draft, its date reached);
the group checks afterwards against what each member did publish (group_links.check_across).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from gongkai import doctypes, pipeline
from gongkai.doctypes.interpretations import TYPE as INTERPRETATION
from gongkai.engine import fields, schedule, sources
from gongkai.engine.assemble import validity_on
from gongkai.engine.config import load_config
from gongkai.engine.group_interprets import Foreign, ForeignDoc, split
from gongkai.engine.model import Document
from gongkai.engine.reader import ReadContext, read_document, split_front_matter
from gongkai.problems import GongkaiError, Report

#: a front matter naming another member's document as the one it interprets
_ACROSS = re.compile(r"^interprets:\s*[\"']?/", re.M)


class _Member:
    """One member's site, read only as far as the pass needs: its 政策解读 columns and the documents named."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        try:
            config, _ = load_config(site_dir, doctypes.registry())
        except GongkaiError:  # its own build reports it
            self.context = None
            return
        self.context: ReadContext | None = pipeline.read_context(site_dir, config)
        self.renderer = None

    def interpretations(self) -> list[sources.SourceFile]:
        """The files of its 政策解读 columns whose front matter names another member's document."""
        if self.context is None:
            return []
        found = []
        for column, kind in sorted(self.context.column_types.items()):
            folder = self.site_dir / sources.CONTENT / column
            if kind != INTERPRETATION.name or not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.md")):
                if not sources.is_ignored(path.name) and _names_another(path):
                    found.append(sources.SourceFile(f"{column}/{path.name}" if column else path.name, path))
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
    except sources.SourceError:
        return False
    return bool(_ACROSS.search(head))


def _facts(member: str, doc: Document, as_of: dt.date) -> ForeignDoc | None:
    """What the other side shows of a document; None when its member does not publish it on `as_of`."""
    try:
        doc.published = fields.parse_datetime(doc.meta["date"]) if doc.meta["date"] else None
    except fields.FieldError:
        return None
    if not doc.is_public or doc.is_intro or schedule.held_reason(doc, as_of, False):
        return None
    return ForeignDoc(member, doc.path, doc.url, doc.meta["title"], str(doc.meta["date"]), doc.meta["index_no"] or "",
                      validity_on(doc, as_of), doc.published)


def foreign_facts(group_dir: Path, members: list[str], as_of: dt.date) -> dict[str, Foreign]:
    """For each member, the other members' documents its pages show: those its 政策解读 explain, and the
    政策解读 of its own documents."""
    sites = {m: _Member(group_dir / m) for m in members}
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
    return {m: Foreign(targets[m], tuple(interpretations[m])) for m in members}
