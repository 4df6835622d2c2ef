"""Read every document of content/: from the cache where nothing changed, in parallel otherwise.

Workers put the bodies they render straight into the body store, so the building process holds
the documents' metadata but not their HTML: memory follows the size of the site's metadata.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
import sqlite3
from typing import Sequence

from gongkai.engine import attachment_text, sources
from gongkai.incremental.bodies import BodyStore
from gongkai.engine.model import Document
from gongkai.engine.reader import ReadContext, read_document
from gongkai.incremental.cache import BuildCache, DocEntry, Stat, digest, file_stat, own_keys
from gongkai.incremental.parallel import fork_map
from gongkai.problems import Report

@dataclass(frozen=True)
class _Reading:
    """What every reading worker shares."""

    context: ReadContext
    store: BodyStore  # where workers put the bodies they render (without a folder: they return them)


def _deps(doc: Document | None, site_dir: Path) -> tuple:
    """The files a document names (found or not), with their state when it was read: its data file, its
    attachments and the files its body links to whose text reading it checks (attachment_text.linked)."""
    if doc is None:
        return ()
    named = [doc.meta["data"]] + [a["file"] for a in doc.meta["attachments"] or []]
    paths = [posixpath.normpath(posixpath.join(sources.CONTENT, doc.column_path, n)) for n in named if n]
    linked = (posixpath.join(sources.CONTENT, link.target) for link in attachment_text.linked(doc))
    paths += [p for p in dict.fromkeys(linked) if p not in paths]
    return tuple((p, file_stat(site_dir / p)) for p in paths)


def read_one(source: sources.SourceFile, context: ReadContext, renderer) -> DocEntry:
    report = Report()
    stat = file_stat(source.file)
    doc, sha = None, ""
    try:
        if source.path.is_symlink() and not sources.inside(context.site_dir, source.path):
            raise sources.SourceError("是指向 content/ 之外的符号链接，请把文件本身放进 content/")
        data = sources.read_bytes(source.path)
        sha = digest(data)
        doc = read_document(source, sources.decode(data), context, renderer, report)
        if doc is not None:  # files its body links to are copied beside its page: checked as its attachments are
            attachment_text.scan_linked(doc, context.site_dir, report)
    except sources.SourceError as exc:
        report.error(source.site_path, exc.line, exc.message)
    deps = _deps(doc, context.site_dir)
    body = None
    if doc is not None:
        doc.content_key = digest(sha, repr(deps))
        doc.meta_key = digest(repr(sorted(doc.meta.items())))
        body = (doc.body_html, doc.toc)
    return DocEntry(stat, sha, deps, doc, report.problems, body)


def _read_chunk(reading: _Reading, chunk: Sequence[sources.SourceFile]) -> list[DocEntry]:
    context = reading.context
    renderer = context.renderer()
    entries = [read_one(source, context, renderer) for source in chunk]
    if reading.store.path is not None:
        try:
            reading.store.put([e.doc for e in entries if e.doc is not None])
        except (sqlite3.Error, OSError):  # the store cannot take them: they travel with the documents
            return entries
        for entry in entries:
            entry.body = None
            if entry.doc is not None:
                entry.doc.body_html = entry.doc.toc = None
    return entries


def _still_valid(entry: DocEntry | None, source: sources.SourceFile, site_dir: str,
                 seen: dict[str, Stat | None]) -> bool:
    if entry is None or entry.stat != _stat(str(source.file), seen):
        return False
    return all(_stat(os.path.join(site_dir, path), seen) == stat for path, stat in entry.deps)


def _stat(path: str, seen: dict[str, Stat | None]) -> Stat | None:
    """The file's state as this build saw it already, else as it is now."""
    return seen[path] if path in seen else file_stat(path)


def read_all(ctx: ReadContext, cache: BuildCache, report: Report,
             seen: dict[str, Stat | None] | None = None) -> list[Document]:
    """Every document, in content order: from the cache where unchanged, read (in parallel) otherwise.
    `seen`: the state of content files as this build has just seen them, by path (unchanged.tree_digest): the
    files it lists are content/'s."""
    site_dir = os.fspath(ctx.site_dir)
    order = cache.doc_order.split("\0") if cache.doc_order else []
    todo = _against_cache(os.path.join(site_dir, sources.CONTENT), cache.docs, site_dir, seen) \
        if len(order) == len(cache.docs) and cache.docs.keys() == set(order) else None
    if todo is None:
        markdown = [s for s in sources.scan(ctx.site_dir) if s.rel.endswith(".md")]
        todo = [s for s in markdown if not _still_valid(cache.docs.get(s.rel), s, site_dir, seen or {})]
        order = [s.rel for s in markdown]
    again = {s.rel for s in todo}
    entries: dict[str, DocEntry] = {rel: cache.docs[rel] for rel in order if rel not in again}
    stale = [] if cache.bodies_whole() else cache.unstored(entries)
    for rel in stale:  # bodies or fields lost from the store: those documents read again rather than fail later
        del entries[rel]
    todo += [sources.SourceFile(rel, os.path.join(site_dir, sources.CONTENT, rel)) for rel in stale]
    for source, entry in zip(todo, fork_map(_read_chunk, _Reading(ctx, cache.bodies), todo)):
        entries[source.rel] = entry
        if entry.doc is not None:
            own_keys(entry.doc.__dict__)
        if entry.body is not None:  # no store to put it in: kept with the document
            entry.doc.body_html, entry.doc.toc = entry.body
            entry.body = None
            cache.fresh.append(entry.doc)
    if todo or cache.docs.keys() != entries.keys():
        cache.changed = True
        cache.stale_bodies += len(todo) + len(cache.docs.keys() - entries.keys())  # each leaves one body at most
    cache.docs = {rel: entries[rel] for rel in order}
    cache.doc_order = "\0".join(order)
    documents = []
    for entry in cache.docs.values():
        report.problems.extend(entry.problems)
        if entry.doc is not None:
            documents.append(entry.doc)
    return documents


def _against_cache(root: str, docs: dict[str, DocEntry], site_dir: str,
                   seen: dict[str, Stat | None] | None) -> list[sources.SourceFile] | None:
    """The documents to read again, found from the walk's states alone, when content/ (`root`) holds the very
    Markdown files the cache has (`docs`; the cache's record of their order is whole); None when one was added
    or is gone, or there was no walk. Listing the sources and checking each against its entry took 0.37 s of a
    title edit at 100,000 documents."""
    if seen is None:
        return None
    prefix = root + "/"
    start, found, todo = len(prefix), 0, []
    for path, stat in seen.items():
        if path.endswith(".md") and path.startswith(prefix):
            rel = path[start:]
            entry = docs.get(rel)
            if entry is None:
                if any(sources.is_ignored(part) for part in rel.split("/")):
                    continue  # not a document: a hidden file, or one in a hidden folder
                return None
            found += 1
            if entry.stat != stat or entry.deps and not _still_valid(entry, sources.SourceFile(rel, path), site_dir,
                                                                     seen):
                todo.append(sources.SourceFile(rel, path))
    return todo if found == len(docs) else None
