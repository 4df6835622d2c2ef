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
    return json.dumps(rows, ensure_ascii=False, indent=0, separators=(",", ":")).encode("utf-8")
