"""catalog.json: the machine-readable directory of every published document, which the directory filters read.

Each row is made from the document as read and from what the build added to it (`_added`: its column,
validity, status and the documents it names); a row whose document and additions are those of the last
build is taken as that build wrote it, so an incremental build makes only the rows that changed
(making all 10,000 costs 0.1 s). A build that takes up the last build's site changes the front matter or
the date-derived values of a few documents only, and its file is the last one with their rows made again
(`with_rows_of`): at 100,000 documents, reading the rows and making the file took 0.7 s of such a build.
"""
from __future__ import annotations

import json
from typing import Collection, Optional

from gongkai import doctypes
from gongkai.doctypes import gazette
from gongkai.engine.doctype import Types
from gongkai.engine.model import Document, Site
from gongkai.output.render import escape_path

#: each document's row as JSON by document path, with what it was made from (content_key, _added)
Rows = dict[str, tuple[tuple, str]]
#: the file every output holds: a folder with one is a site this tool wrote
CATALOG = "catalog.json"


def catalog(site: Site, made: Rows | None = None) -> bytes:
    """The file's bytes. `made`: the rows of the last build; left holding this build's."""
    made = {} if made is None else made
    types = doctypes.registry()
    rows, now = [], {}
    for d in site.documents:
        key = (d.content_key, _added(d))
        row = made.get(d.path)
        if row is None or row[0] != key:  # else the very tuple: the cache writes only buckets that changed
            row = (key, _json(d, key[1], types))
        now[d.path] = row
        rows.append(row[1])
    made.clear()
    made.update(now)
    return catalog_file([row.encode("utf-8") for row in rows])


def with_rows_of(made: bytes, site: Site, paths: Collection[str]) -> Optional[bytes]:
    """The file `made` (of `site` as the last build made it) with the rows of the documents `paths` made
    again; None when it does not hold a line for each of the site's documents. Every other row is the one it
    holds: a row is made from its document's front matter and from what the build added to it, and a build
    that takes up the last build's site (incremental/snapshot.py) changes them for its documents read again
    and its date-derived values decided again alone (all else it would build anew: the site is made from
    every 索引号, 政府公报 issue number and relation that rows show)."""
    documents = site.documents
    whole = made.startswith(_OPEN) and made.endswith(_CLOSE)
    lines = made[len(_OPEN):-len(_CLOSE)].split(_BETWEEN) if whole else []  # a row never holds a line end
    if not documents or len(lines) != len(documents):
        return None
    types = doctypes.registry()
    for i, d in enumerate(documents):
        if d.path in paths:
            lines[i] = _json(d, _added(d), types).encode("utf-8")
    return catalog_file(lines)


def _json(d: Document, added: tuple, types: Types) -> str:
    return json.dumps(_row(d, added, types), ensure_ascii=False, separators=(",", ":"))


#: how catalog_file writes its rows: one a line, between the array's brackets
_OPEN, _BETWEEN, _CLOSE = b"[\n", b",\n", b"\n]\n"


def catalog_file(lines: list[bytes]) -> bytes:
    """catalog.json of rows already written as JSON: one document a line, readable and diffable."""
    return _OPEN + _BETWEEN.join(lines) + _CLOSE if lines else b"[]\n"


def _added(d: Document) -> tuple:
    """What the build added to the document that its row shows, other documents' values included."""
    return (d.column.path, d.validity, d.status, d.interprets_doc.front("index_no") if d.interprets_doc else None,
            tuple(i.front("index_no") for i in d.interpretations), gazette.label(d.gazettes[0]) if d.gazettes else None)


def _row(d: Document, added: tuple, types: Types) -> dict:
    """One row: of the document itself only what it was read with (its content_key stands for it), the rest
    from `added`."""
    column, validity, status, interprets, interpretations, issue = added
    return {
        "index_no": d.meta["index_no"],
        "title": d.meta["title"],
        "url": escape_path(d.url),  # as the pages link it
        "column": column,
        "type": d.meta["type"],
        "issuer": d.meta["issuer"],
        "doc_number": d.meta["doc_number"],
        "written": d.meta["written"],
        "date": d.meta["date"],
        "topic": d.meta["topic"],
        "validity": validity,
        "status": status,  # 征集状态 as of the build date (征求意见), else null
        "effective": d.meta["effective"],
        "interprets": interprets,
        "interpretations": list(interpretations),
        "attachments": [{"title": a.title, "url": escape_path(a.url), "size": a.size} for a in d.attachments],
        "summary": d.meta["summary"],
        "keywords": d.meta["keywords"],
        "gazette": issue,  # 刊登于政府公报的哪一期
        "questions": [q["question"] for q in d.meta["questions"]],  # 政策问答
        **(types.get(d.meta["type"]).catalog or _none)(d),
    }


def _none(doc: Document) -> dict:
    return {}
