"""The page of a document whose body was edited, rendered at once against the last build's site.

`serve` writes it and reloads the browser before the build that brings everything else up to date,
so an editor sees a save in a fraction of a second at any size of site. It is exactly the page that
build writes when the edit changed nothing but the body: the front matter (so every listing, link
and relation stays), the files it names and its links are as they were, and it reads without an
error. Any other change waits for the build.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from gongkai.engine import sources
from gongkai.engine.model import Document
from gongkai.engine.reader import ReadContext
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.readall import read_one
from gongkai.incremental.write import replace_file
from gongkai.engine.page import Page
from gongkai.output.render import Renderer, TemplateProblem
from gongkai.problems import ERROR


@dataclass
class Built:
    """What a successful build leaves for rendering one page again: its reading context, its
    document pages by source, its renderer and where it wrote."""

    context: ReadContext
    pages: dict[str, Page]  # document source (content/…) -> its page
    renderer: Renderer
    out_dir: Path


@dataclass
class Edited:
    path: Path  # the page written
    before: bytes  # what it held, to put back if the build that follows fails


def _links(doc: Document) -> tuple:
    """What the build checks of a body's links: where they lead, wherever they are written."""
    return [(link.target, link.is_document, link.page, link.written, link.member) for link in doc.links], sorted(doc.url_lines)


def render_edited(built: Built, cache: BuildCache, changed: Path) -> Optional[Edited]:
    """Write the page of the document at `changed` when only its body changed; None otherwise."""
    try:
        rel = changed.relative_to(built.context.site_dir / sources.CONTENT).as_posix()
    except ValueError:
        return None
    page, entry = built.pages.get(f"{sources.CONTENT}/{rel}"), cache.docs.get(rel)
    if page is None or entry is None or entry.doc is None:
        return None
    context = built.context
    read = read_one(sources.SourceFile(rel, changed), context, context.renderer())
    edited = read.doc
    if (edited is None or any(p.severity == ERROR for p in read.problems) or edited.meta_key != entry.doc.meta_key
            or read.deps != entry.deps or _links(edited) != _links(page.doc)):
        return None
    try:
        html = built.renderer.render(dataclasses.replace(page, doc=page.doc.with_body_of(edited)))
    except TemplateProblem:
        return None
    target = built.out_dir / page.path
    edited_page = Edited(target, target.read_bytes())
    replace_file(target, html)
    return edited_page
