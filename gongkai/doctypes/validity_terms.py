"""施行日期 and 有效期 as a 规范性文件's own text states them, for the import and for the build's check.

“本办法自2021年8月1日起施行，有效期5年” gives effective 2021-08-01 and expires 2026-07-31:
`expires` is the last day in force (the build shows the document as 失效 after it). Only a sentence
whose subject is the document itself (本办法、本通知、本规定 …) counts, so a sentence citing another
document's 施行日期 (“《条例》自2019年5月15日起施行”) does not. 自印发之日起 counts from the
成文日期 (`written`), 自发布之日起 / 自公布之日起 from the publication date (`date`).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from gongkai.engine import chinese_dates

_NUMERAL = "0-9〇○零一二三四五六七八九十"
_DATE = rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})年[{_NUMERAL}]{{1,3}}月[{_NUMERAL}]{{1,3}}日"
#: a sentence about the document itself, after an article number (第三十条) if any
_SUBJECT = re.compile(r"^(?:第[一二三四五六七八九十百零〇]+条)?本[\u4e00-\u9fff]{1,8}?(?:自|有效期)")
_FROM_DATE = re.compile(rf"自({_DATE})起(?:施行|试行|实施|执行|生效)")
_FROM_EVENT = re.compile(r"自(印发|发布|公布|发文|下发)之日起(?:施行|试行|实施|执行|生效)")
_FOR_YEARS = re.compile(r"有效期(?:为)?([0-9一二两三四五六七八九十]{1,3})年")
_UNTIL = re.compile(rf"有效期(?:至|到|截至)({_DATE})")
_YEARS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: which front-matter date an event counts from
_EVENT_FIELD = {"印发": "written", "下发": "written", "发文": "written", "发布": "date", "公布": "date"}


@dataclass(frozen=True)
class Stated:
    key: str  # effective / expires
    value: dt.date | None  # None when the text does not say enough (有效期5年 without a 施行日期)
    clause: str  # as written, for messages
    line: int  # 0-based line of the text it was found on


def _years(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _YEARS.get(text)
    tens, _, ones = text.partition("十")
    return (_YEARS.get(tens, 1) if tens else 1) * 10 + (_YEARS.get(ones, 0) if ones else 0) if "十" in text else None


def last_day_of_term(start: dt.date, years: int) -> dt.date | None:
    """The last day of a period of `years` years beginning on `start`; None past the calendar's last year
    (自9999年1月1日起施行，有效期5年: the text then states no date)."""
    if start.year + years > dt.MAXYEAR:
        return None
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = dt.date(start.year + years, 3, 1)
    return end - dt.timedelta(days=1)


def _sentence(sentence: str, line: int, dates: dict[str, dt.date | None]) -> list[Stated]:
    found, effective = [], None
    match = _FROM_DATE.search(sentence) or _FROM_EVENT.search(sentence)
    if match:
        effective = (chinese_dates.parse(match.group(1)) if match.re is _FROM_DATE
                     else dates.get(_EVENT_FIELD[match.group(1)]))
        found.append(Stated("effective", effective, match.group(0), line))
    until = _UNTIL.search(sentence)
    years = _FOR_YEARS.search(sentence)
    if until:
        found.append(Stated("expires", chinese_dates.parse(until.group(1)), until.group(0), line))
    elif years and _years(years.group(1)):
        end = last_day_of_term(effective, _years(years.group(1))) if effective else None
        found.append(Stated("expires", end, years.group(0), line))
    return found


def read(text: str, dates: dict[str, dt.date | None]) -> list[Stated]:
    """What the text states about the document's own 施行日期 and 有效期; `dates` are its written and date."""
    found = []
    plain = unicodedata.normalize("NFKC", text).replace("*", "")
    for n, line in enumerate(plain.split("\n")):
        for sentence in re.split(r"[。；]", re.sub(r"[ \u3000\t]", "", line)):
            if _SUBJECT.match(sentence):
                found += _sentence(sentence, n, dates)
    return found
