"""Personal information that must never be published: resident identity numbers and mobile numbers.

Scanned in the text as the editor wrote it (front matter, body and data files), so a
finding points at its own line. Only published documents are scanned; a number the
document lists under `public_contacts` (a published service line) is allowed.
Messages mask the number so the report itself does not spread it. Text is compared in
NFKC form, so numbers typed in full-width (１３９…, Ｘ) are found like ASCII ones, and as the page shows
it: character references (&#49;, &nbsp;) read, and what the page does not show between digits left out
(bold or italic markers, inline tags, zero-width characters), so 139**1234**5678 is the number it shows.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

from gongkai.problems import Report

#: 18 characters: 17 digits and a check character; not inside a longer run of letters or digits
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
#: 1[3-9] and nine more digits, optional +86 / 86, spaces or dashes between groups
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d{4}){2})(?![\d])")
#: what NFKC turns into the characters of a number: full-width digits, Ｘ, ＋ and －; a line without
#: them is scanned as it is (normalising every line of Chinese text would cost a tenth of a build)
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff38\uff58\uff0b\uff0d]")
#: what the page does not show between the digits of a number: Markdown's emphasis and code markers, a
#: backslash escape, inline tags, soft hyphens and zero-width characters
_UNSHOWN = re.compile(r"(?<=[\d\s-])(?:[*_~`\\\u00ad\u200b-\u200d\u2060\ufeff]|"
                      r"</?(?:b|strong|i|em|u|s|span|font|mark|small|big|code|del|ins|a)\b[^<>]*>)+(?=[\dXx\s-])")
#: a number the page shows whole but the source writes otherwise: a character reference, or a digit followed
#: by markup or a character the page does not show (an underscore between digits is none: it is shown)
_DISGUISED = re.compile(r"&#|\d(?:[*~`\\<&\u00ad\u200b-\u200d\u2060\ufeff]|_(?!\d))")
#: whatever may hold a number, in one pass over a whole text: what every match of _ID and _MOBILE holds
#: (without the lookarounds, which cost most of a pass), a full-width character or a disguised number; a
#: text with none has no number to look for line by line
_CANDIDATE = re.compile(r"[\uff10-\uff19\uff38\uff58\uff0b\uff0d]|&#|"
                        r"\d(?:\d{16}[0-9Xx]|(?<=1)[3-9]\d(?:[\s-]?\d{4}){2}|[*~`\\<&\u00ad\u200b-\u200d\u2060\ufeff]|_(?!\d))")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def valid_id_number(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character and a real birth date (credit codes fail one or the other)."""
    number = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    if _CHECK[total % 11] != number[17]:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year


def digits(value: str) -> str:
    """A phone number reduced to its digits without the +86 prefix, for comparing with public_contacts."""
    only = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(value)))
    return only[2:] if len(only) == 13 and only.startswith("86") else only


def mask(number: str) -> str:
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    return number[:3] + "****" + number[7:]


def findings(text: str, allowed: list[str]) -> list[tuple[int, str, str]]:
    """(line offset within `text`, message, code) for every identity or mobile number not in `allowed`."""
    if not _CANDIDATE.search(text):
        return []  # most texts: no line can hold a number
    return _by_line(text, allowed)


def _by_line(text: str, allowed: list[str]) -> list[tuple[int, str, str]]:
    permitted = {digits(v) for v in allowed} | {unicodedata.normalize("NFKC", str(v)).strip().upper() for v in allowed}
    found = []
    for offset, line in enumerate(text.split("\n")):
        if _DISGUISED.search(line):
            line = _UNSHOWN.sub("", html.unescape(line))
        if _FULL_WIDTH.search(line):
            line = unicodedata.normalize("NFKC", line)  # per line: line numbers stay those of the source
        for match in _ID.finditer(line):
            number = match.group(1).upper()
            if valid_id_number(number) and number not in permitted:
                found.append((offset, f"含有居民身份证号码 {mask(number)}，个人信息不得公开，请删除或隐去"
                                      "（如确需公开，请在公开联系方式 public_contacts 中列出）", "privacy-id"))
        for match in _MOBILE.finditer(line):
            number = digits(match.group(1))
            if number not in permitted:
                found.append((offset, f"含有手机号码 {mask(number)}，个人信息不得公开，请删除或隐去；"
                                      "公开的服务电话请列在公开联系方式（public_contacts）中", "privacy-mobile"))
    return found


def scan(text: str, path: str, allowed: list[str], report: Report, first_line: int = 1) -> None:
    """Report every identity or mobile number in `text`, whose first line is line `first_line` of `path`."""
    for offset, message, code in findings(text, allowed):
        report.error(path, first_line + offset, message, code)
