"""catalog.json: the machine-readable directory of every published document (content-format.md, Output)."""
from __future__ import annotations

import json

from .model import Site


def catalog(site: Site) -> bytes:
    rows = [{
        "index_no": d.meta["index_no"],
        "title": d.meta["title"],
        "url": d.url,
        "column": d.column.path,
        "type": d.meta["type"],
        "issuer": d.meta["issuer"],
        "doc_number": d.meta["doc_number"],
        "written": d.meta["written"],
        "date": d.meta["date"],
        "topic": d.meta["topic"],
        "validity": d.validity,
        "interprets": d.interprets_doc.meta["index_no"] if d.interprets_doc else None,
        "interpretations": [i.meta["index_no"] for i in d.interpretations],
        "attachments": [{"title": a.title, "url": a.url, "size": a.size} for a in d.attachments],
        "summary": d.meta["summary"],
        "keywords": d.meta["keywords"],
    } for d in site.documents]
    # one document a line: readable, diffable, and encoded by json's fast C path
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    return f"[\n{lines}\n]\n".encode("utf-8")
