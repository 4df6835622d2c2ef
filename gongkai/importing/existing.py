"""Which document of the site a Word file is already imported as: by 发文字号, else by title and 成文日期.

A 公文 without a 发文字号 (函, 纪要, many 部门 documents) imported twice would otherwise become two
pages, and the second import of an updated file would go unnoticed.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from gongkai.importing import metadata
from gongkai.tools import scaffold

#: (front-matter key, its Chinese alias)
_NUMBER, _TITLE, _WRITTEN = ("doc_number", "发文字号"), ("title", "标题"), ("written", "成文日期")


def key(doc_number: str, title: str, written: dt.date | str | None) -> str:
    """The identity of a document: its 发文字号, else its title and 成文日期; "" when it has neither."""
    if doc_number:
        return "number:" + metadata.normalised(doc_number)
    if title and written:
        return f"title:{title.strip()}|{str(written)[:10]}"
    return ""


def describe(identity: str) -> str:
    """How a message names the identity: 发文字号“…” or 标题和成文日期（…，…）."""
    kind, _, value = identity.partition(":")
    if kind == "number":
        return f"发文字号“{value}”"
    title, _, written = value.partition("|")
    return f"标题和成文日期（“{title}”，{written}）"


def _get(value: dict, names: tuple[str, str]) -> tuple[str, object]:
    name = names[0] if names[0] in value else names[1]
    return name, value.get(name)


def known(site_dir: Path) -> dict[str, tuple[str, int]]:
    """Every document's identity (public or not), with the line that states it."""
    found = {}
    for source, front in scaffold.front_matters(site_dir):
        number_key, number = _get(front.value, _NUMBER)
        title_key, title = _get(front.value, _TITLE)
        identity = key(str(number or ""), str(title or ""), str(_get(front.value, _WRITTEN)[1] or "") or None)
        if identity:
            found[identity] = (source.site_path, front.line(number_key if number else title_key))
    return found
