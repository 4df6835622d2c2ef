"""成文日期 as 公文 write it: 2021年6月30日, or in Chinese numerals 二〇二一年六月三十日."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "〇○零OＯ一二三四五六七八九十"
_DATE = re.compile(rf"^([0-9{_NUMERAL}]{{4}})年([0-9{_NUMERAL}]{{1,3}})月([0-9{_NUMERAL}]{{1,3}})日$")


def _number(text: str) -> int | None:
    """An Arabic number, a digit-by-digit year (二〇二一) or a month/day in tens (三十一)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        digits = [_DIGITS.get(ch) for ch in text]
        return None if None in digits else int("".join(map(str, digits)))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def parse(text: str) -> dt.date | None:
    """The date a line states on its own (spaces ignored), or None when the line is not just a date."""
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))
    match = _DATE.match(compact)
    if not match:
        return None
    parts = [_number(part) for part in match.groups()]
    if None in parts:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None
