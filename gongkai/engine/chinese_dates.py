"""成文日期 as 公文 write it: 2021年6月30日, or in Chinese numerals 二〇二一年六月三十日."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
#: the characters a number may be written with in Chinese (besides Arabic digits)
NUMERALS = "〇○零OＯ一二两三四五六七八九十百"
_DATE = re.compile(rf"^([0-9{NUMERALS}]{{4}})年([0-9{NUMERALS}]{{1,3}})月([0-9{NUMERALS}]{{1,3}})日$")


def number(text: str) -> int | None:
    """An Arabic number, a digit-by-digit year (二〇二一) or a count in tens and hundreds (二十, 三十一,
    一百零五); None when the text is not one of these."""
    if text.isdigit():
        return int(text)
    if "十" not in text and "百" not in text:
        digits = [_DIGITS.get(ch) for ch in text]
        return None if not digits or None in digits else int("".join(map(str, digits)))
    value, rest = 0, text
    if "百" in rest:
        hundreds, _, rest = rest.partition("百")
        if not _DIGITS.get(hundreds):
            return None
        if rest and "十" not in rest and not rest.startswith("零"):
            return None  # 一百五 is said for 150: too loose to count a time limit by
        value, rest = _DIGITS[hundreds] * 100, rest.removeprefix("零")
    if "十" in rest:
        tens, _, ones = rest.partition("十")
        if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
            return None
        return value + (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    if len(rest) > 1 or (rest and rest not in _DIGITS):
        return None
    return value + (_DIGITS[rest] if rest else 0)


def parse(text: str) -> dt.date | None:
    """The date a line states on its own (spaces ignored), or None when the line is not just a date."""
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))
    match = _DATE.match(compact)
    if not match:
        return None
    parts = [number(part) for part in match.groups()]
    if None in parts:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None
