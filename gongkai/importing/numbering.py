"""Word's automatic list numbering (numbering.xml), counted as Word counts it.

A label Word generates is not in the paragraph's text; for lists numbered in Chinese the import
writes it into the text, so the paragraph is read as the heading the reader sees in Word. Every
numbered paragraph gets the number Word shows, so a list interrupted by typed paragraphs (a
work plan's 一、 headings between items of one （一）…（十九） list) runs on as in Word.

Word counts per list: w:num instances sharing an abstractNum are one list unless the num
restarts it (w:lvlOverride/w:startOverride). A level restarts when a higher level of the same
list occurs (or only the levels w:lvlRestart names); typed text between items restarts nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docx.oxml.ns import qn

from gongkai.importing.ooxml import val

#: numFmt values counting 一、二、三 …
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
                    "taiwaneseCountingThousand", "ideographDigital"}
_DIGITS = "〇一二三四五六七八九"
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    fmt: str  # numFmt: bullet, decimal, chineseCounting …
    text: str  # lvlText: "%1、", "（%2）", "%3."
    start: int
    restart: int | None = None  # lvlRestart: restarts after levels above this 1-based level; 0 never; None: any higher
    legal: bool = False  # isLgl: every number of the label in Arabic digits
    style: str = ""  # the paragraph style this level is linked to (w:pStyle)


def chinese_number(n: int) -> str:
    """一 … 九十九 as counted in 公文 (十, 十一, 二十)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "") if n < 100 else str(n)


class Numbering:
    """The numbers of one document's lists, counted in reading order."""

    def __init__(self, part):
        self.lists: dict[str, tuple[str, dict[int, Level]]] = _lists(part)  # numId -> (counter key, levels)
        self.counters: dict[str, dict[int, int]] = {}

    def kind(self, num_id: str, level: int) -> str:
        """'bullet' or 'number' for a numbered paragraph, '' when numId 0 (or an unknown one) switches numbering off."""
        if num_id not in self.lists:
            return ""
        found = self.lists[num_id][1].get(level)
        return "bullet" if found and found.fmt == "bullet" else "number"

    def style_level(self, num_id: str, style_id: str | None) -> int | None:
        """The level of the list linked to a paragraph style (a heading style numbered 一、), if any."""
        levels = self.lists.get(num_id, ("", {}))[1]
        return next((n for n, lvl in levels.items() if style_id and lvl.style == style_id), None)

    def count(self, num_id: str, level: int) -> int:
        """Counts one more paragraph of the list at `level`; returns the number Word shows for it."""
        key, levels = self.lists[num_id]
        counters = self.counters.setdefault(key, {})
        found = levels.get(level)
        counters[level] = counters[level] + 1 if level in counters else (found.start if found else 1)
        for deeper in [k for k in counters if k > level]:
            restart = levels[deeper].restart if deeper in levels else None
            if level < (deeper if restart is None else restart):
                del counters[deeper]
        return counters[level]

    def label(self, num_id: str, level: int) -> str:
        """The label of the paragraph just counted, for lists counted in Chinese; "" for other lists."""
        key, levels = self.lists[num_id]
        found = levels.get(level)
        if not found or not any(lvl.fmt in _CHINESE_FORMATS for lvl in levels.values()):
            return ""
        counters = self.counters.get(key, {})

        def shown(match: re.Match) -> str:
            n = int(match.group(1)) - 1
            spec = levels.get(n)
            value = counters.get(n, spec.start if spec else 1)
            chinese = spec is not None and spec.fmt in _CHINESE_FORMATS and not found.legal
            return chinese_number(value) if chinese else str(value)
        return _PLACEHOLDER.sub(shown, found.text)


def _level(lvl) -> Level:
    restart = val(lvl, "w:lvlRestart")
    legal = lvl.find(qn("w:isLgl"))
    return Level(val(lvl, "w:numFmt") or "decimal", val(lvl, "w:lvlText") or "", int(val(lvl, "w:start") or 1),
                 int(restart) if restart is not None else None,
                 legal is not None and legal.get(qn("w:val"), "1") not in ("0", "false"), val(lvl, "w:pStyle") or "")


def _lists(part) -> dict[str, tuple[str, dict[int, Level]]]:
    """numId -> (the key its numbers are counted under, its levels with the num's overrides applied)."""
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for item in numbering.findall(qn("w:abstractNum")):
        levels = abstract.setdefault(item.get(qn("w:abstractNumId")), {})
        for lvl in item.findall(qn("w:lvl")):
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = _level(lvl)
    found = {}
    for num in numbering.findall(qn("w:num")):
        num_id, abstract_id = num.get(qn("w:numId")), val(num, "w:abstractNumId") or ""
        if num_id in (None, "0"):
            continue
        levels, key = dict(abstract.get(abstract_id, {})), f"abstract {abstract_id}"
        for override in num.findall(qn("w:lvlOverride")):
            n = int(override.get(qn("w:ilvl"), "0"))
            lvl, start = override.find(qn("w:lvl")), val(override, "w:startOverride")
            if lvl is not None:
                levels[n] = _level(lvl)
            if start is not None:
                levels[n] = replace(levels.get(n, Level("decimal", "", 1)), start=int(start))
                key = f"num {num_id}"  # a restarted list: counted on its own
        found[num_id] = (key, levels)
    return found
