"""The front matter of an imported document: what the 公文 states, and marked blanks for what it does not.

A value the import could not find for certain is written empty with a `# 待填写：` comment: the editor
sees it in the file, and `build` and `check` refuse the document until the comment is gone
(`engine/placeholders`). Replacing a
document keeps the lines the editor added (索引号, 主题分类, 内容概述 …) that the Word file does not state.
"""
from __future__ import annotations

import json
import re

from gongkai import doctypes
from gongkai.engine.placeholders import MARK
#: keys whose values are written bare (dates and choices read best unquoted)
_BARE = {"date", "written", "disclosure", "validity", "type", "effective", "expires"}
_TOP_KEY = re.compile(r"^([^\s#:'\"-][^:]*):(?:\s|$)")


def line(key: str, value: str) -> str:
    return f"{key}: {value if key in _BARE else json.dumps(value, ensure_ascii=False)}"


def blank(key: str, reason: str) -> str:
    return f'{key}: ""  # {MARK}：{reason}'


def render(values: dict[str, str], missing: dict[str, str], kept: dict[str, str] | None = None) -> str:
    """Front matter in the order of the field table; `kept` are whole lines of an earlier version, by key."""
    kept = kept or {}
    out = ["---"]
    schema = doctypes.registry()
    for key in [f.key for f in schema.fields] + [k for k in kept if k not in schema.by_key]:
        if key in values:
            out.append(line(key, values[key]))
        elif key in kept:
            out.append(kept[key])
        elif key in missing:
            out.append(blank(key, missing[key]))
    out.append("---")
    return "\n".join(out) + "\n"


def chunks(head: str) -> dict[str, str]:
    """The front matter's top-level entries as written (with their indented lines), by English key."""
    result: dict[str, str] = {}
    key = None
    for text in head.split("\n"):
        match = _TOP_KEY.match(text)
        if match:
            name = match.group(1).strip()
            key = field.key if (field := doctypes.registry().by_alias.get(name)) else name
            result[key] = text
        elif key is not None and text.strip():
            result[key] += "\n" + text
    return result
