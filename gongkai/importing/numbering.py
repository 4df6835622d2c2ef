"""Word's automatic list numbering (numbering.xml): which paragraphs are lists, and the 一、/（一） labels
that 公文 templates generate instead of typing them.

A label Word generates is not in the paragraph's text; for lists numbered in Chinese the import
writes it into the text, so the paragraph is read as the heading the reader sees in Word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


def chinese_number(n: int) -> str:
    """一 … 九十九 as counted in 公文 (十, 十一, 二十)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "") if n < 100 else str(n)


class Numbering:
    """The numbers of one document's lists, counted in reading order."""

    def __init__(self, part):
        self.levels = _levels(part)
        self.counters: dict[str, dict[int, int]] = {}

    def kind(self, num_id: str, level: int) -> str:
        """'bullet' or 'number' for a numbered paragraph, '' when numId 0 switches numbering off."""
        if num_id in ("", "0"):
            return ""
        found = self.levels.get((num_id, level))
        return "bullet" if found and found.fmt == "bullet" else "number"

    def label(self, num_id: str, level: int) -> str:
        """The next number of the list as Word shows it, for lists counted in Chinese; "" for other lists."""
        counters = self.counters.setdefault(num_id, {})
        found = self.levels.get((num_id, level))
        counters[level] = counters.get(level, (found.start if found else 1) - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        own = [lvl for (num, _), lvl in self.levels.items() if num == num_id]
        if not found or not any(lvl.fmt in _CHINESE_FORMATS for lvl in own):
            return ""
        return _PLACEHOLDER.sub(lambda m: self._shown(num_id, int(m.group(1)) - 1), found.text)

    def _shown(self, num_id: str, level: int) -> str:
        value = self.counters[num_id].get(level, 1)
        found = self.levels.get((num_id, level))
        return chinese_number(value) if found and found.fmt in _CHINESE_FORMATS else str(value)


def _levels(part) -> dict[tuple[str, int], Level]:
    """(numId, ilvl) -> its Level, through the abstract numbering each numId refers to."""
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for item in numbering.findall(qn("w:abstractNum")):
        levels = abstract.setdefault(item.get(qn("w:abstractNumId")), {})
        for lvl in item.findall(qn("w:lvl")):
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
                val(lvl, "w:numFmt") or "decimal", val(lvl, "w:lvlText") or "", int(val(lvl, "w:start") or 1))
    found = {}
    for num in numbering.findall(qn("w:num")):
        for level, spec in abstract.get(val(num, "w:abstractNumId") or "", {}).items():
            found[(num.get(qn("w:numId")), level)] = spec
    return found
