"""施行日期 (`effective`) and 失效日期 (`expires`) of an imported 规范性文件, from its own text.

Without them a 办法 “有效期5年” stays 现行有效 on the site for ever. What the text states
ambiguously (two different 施行日期, or 有效期5年 with nothing to count from) is marked 待填写.
"""
from __future__ import annotations

import datetime as dt
import re

from gongkai import doctypes
from gongkai.doctypes import validity_terms
from gongkai.importing.docx_reader import Paragraph
from gongkai.importing.gongwen import Parts


def _text(parts: Parts) -> str:
    blocks = parts.main + parts.notes + [b for a in parts.attachments for b in a.blocks]
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


def _date(line: str | None) -> dt.date | None:
    match = re.search(r"\d{4}-\d{2}-\d{2}", line or "")
    return dt.date.fromisoformat(match.group(0)) if match else None


def stated(parts: Parts, published: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """({key: ISO date} stated by the text, {key: why it is marked 待填写}); `published` is the date line or value."""
    dates = {"written": parts.written, "date": _date(published)}
    by_key: dict[str, list[validity_terms.Stated]] = {}
    for found in validity_terms.read(_text(parts), dates):
        by_key.setdefault(found.key, []).append(found)
    values, missing = {}, {}
    for key, found in by_key.items():
        distinct = {f.value for f in found}
        clauses = "”“".join(dict.fromkeys(f.clause for f in found))
        if len(distinct) > 1:
            missing[key] = f"正文中{doctypes.registry().label(key)}有不同的写法（“{clauses}”）：请核对后填写"
        elif None in distinct:
            missing[key] = f"正文写明“{clauses}”，未能确定起算日期：请填写{doctypes.registry().label(key)}"
        else:
            values[key] = distinct.pop().isoformat()
    return values, missing
