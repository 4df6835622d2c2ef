"""Whether a site's own templates show documents other than those a page's fingerprint covers.

The fingerprint rules (fingerprint.py) are written for the default theme: a page is rendered
again when its own document, its listed documents or the configuration change. A site's own
template may show more — a 最新信息 box in base.html over `site.documents`, a column's
documents beside every document page. Such a template is found by reading its syntax tree:
documents other than the page's own are reached only through the attributes below, so a
template that names none of them (as an attribute, an item or a string such as
`map(attribute='documents')`) shows nothing the rules miss. Any other template makes every
page depend on what it may show of every document: the fields of a listing, or (reaching a
body, attachments or relations) everything (see fingerprint.fingerprints).
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta, nodes

#: attributes that lead from any object to documents: a column's, the site's, an introduction
REACHING = frozenset({"documents", "all_documents", "intro"})
#: what a document holds beyond the fields of a listing (fingerprint.summary): its body and
#: files, and the documents it relates to; covered only for the page's own document
OWN_ONLY = frozenset({"body_html", "toc", "attachments", "tables", "data", "figures", "links", "content_key",
                      "interprets_doc", "interpretations", "replaces_docs", "replaced_by", "amended_by_docs",
                      "amends"})
#: the lists a page's rule covers: its listed documents
COVERED = {("page", "documents")}
#: how far templates reach beyond what the page rules cover
NOTHING, LISTINGS, CONTENTS = 0, 1, 2


def _is_own_document(node: nodes.Node) -> bool:
    """`doc` or `page.doc`: the page's own document."""
    if isinstance(node, nodes.Name):
        return node.name == "doc"
    return isinstance(node, nodes.Getattr) and node.attr == "doc" and isinstance(node.node, nodes.Name) \
        and node.node.name == "page"


def _reach(node: nodes.Getattr) -> int:
    if node.attr in REACHING:
        return NOTHING if isinstance(node.node, nodes.Name) and (node.node.name, node.attr) in COVERED else LISTINGS
    return CONTENTS if node.attr in OWN_ONLY and not _is_own_document(node.node) else NOTHING


def _name_reach(value: object) -> int:
    return CONTENTS if value in OWN_ONLY else LISTINGS if value in REACHING else NOTHING


def reach(tree: nodes.Template) -> int:
    """How much of documents other than the page's own a template may show (NOTHING … CONTENTS)."""
    found = [_reach(n) for n in tree.find_all(nodes.Getattr)]
    found += [_name_reach(n.value) for n in tree.find_all(nodes.Const) if isinstance(n.value, str)]
    return max(found, default=NOTHING)


def site_templates_reach(env: jinja2.Environment, own: Path) -> int:
    """The reach of the templates in the site's own folder and of every template they extend,
    include or import. A template named at render time (`include "types/" ~ …`) could be any
    template, so it counts as reaching everything."""
    if not own.is_dir():
        return NOTHING
    todo = [p.relative_to(own).as_posix() for p in sorted(own.rglob("*")) if p.is_file()]
    seen: set[str] = set()
    result = NOTHING
    while todo and result < CONTENTS:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            tree = env.parse(env.loader.get_source(env, name)[0], name)
        except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound, UnicodeDecodeError):
            continue  # rendering reports it at its line
        referenced = list(meta.find_referenced_templates(tree))
        result = max(result, reach(tree), CONTENTS if None in referenced else NOTHING)
        todo += referenced
    return result
