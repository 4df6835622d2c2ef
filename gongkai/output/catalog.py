"""catalog.json: the machine-readable directory of every published document, which the directory filters read."""
from __future__ import annotations

import json

from gongkai import doctypes
from gongkai.doctypes import gazette
from gongkai.engine.model import Document, Site


def catalog(site: Site) -> bytes:
    types = doctypes.registry()
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
        "status": d.status,  # 征集状态 as of the build date (征求意见), else null
        "effective": d.meta["effective"],
        "interprets": d.interprets_doc.meta["index_no"] if d.interprets_doc else None,
        "interpretations": [i.meta["index_no"] for i in d.interpretations],
        "attachments": [{"title": a.title, "url": a.url, "size": a.size} for a in d.attachments],
        "summary": d.meta["summary"],
        "keywords": d.meta["keywords"],
        "gazette": gazette.label(d.gazettes[0]) if d.gazettes else None,  # 刊登于政府公报的哪一期
        "questions": [q["question"] for q in d.meta["questions"]],  # 政策问答
        **(types.get(d.meta["type"]).catalog or _none)(d),
    } for d in site.documents]
    # one document a line, readable and diffable, encoded in one call of json's fast C path: between
    # rows `},{"index_no"` can stand only there, since a quote inside a string is escaped
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return (text.replace('},{"index_no"', '},\n{"index_no"').replace('[{', '[\n{', 1)[:-1] + "\n]\n").encode("utf-8") \
        if rows else b"[]\n"


def _none(doc: Document) -> dict:
    return {}
