"""Front-matter lines an editor still has to fill in: `key: ""  # 待填写：…`.

The import writes this mark where the Word file did not say a value for certain (公开属性,
发文字号 …). A marked line is an error in `build` and `check` whatever the value, so a document
whose disclosure nobody has confirmed is never published; the editor fills the value in and
deletes the comment.
"""
from __future__ import annotations

import re

MARK = "待填写"
_TOP_KEY = re.compile(r"""^([^\s#:'"-][^:]*):(?:\s|$)""")


def comment(line: str) -> str:
    """The `# …` comment of a YAML line (a `#` inside quotes is text, not a comment), "" when none."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1:].strip()
    return ""


def marked(head: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, top-level key as written, reason) of every front-matter line carrying the 待填写 mark."""
    found, key = [], ""
    for n, text in enumerate(head.split("\n"), first_line):
        match = _TOP_KEY.match(text)
        if match:
            key = match.group(1).strip()
        note = comment(text)
        if key and note.startswith(MARK):
            found.append((n, key, note[len(MARK):].lstrip("：: ")))
    return found


def message(label: str, reason: str) -> str:
    """What `build` and `check` say about a marked line."""
    because = f"：{reason.rstrip('。；;')}" if reason else ""
    return f"{label}标注了“{MARK}”，本文档不会发布{because}；填好后删去本行的“# {MARK}”注释"
