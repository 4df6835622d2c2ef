"""A readable ASCII file name from a Chinese title: the initials of its words in pinyin.

A document with a 发文字号 is named after it instead (`numbered`): 年份-栏目-序号, 2021-gfxwj-12 for
示政发〔2021〕12号 in 规范性文件, by `new` and `import` alike; a long title's initials say little.

Sites name documents `年份-拼音首字母` (2024-ljzl for 垃圾治理), which stays readable in an
address, survives every tool that mangles non-ASCII names, and needs no percent-encoding in
sitemap.xml or feeds. The formulae every title shares (关于印发…的通知, the county's own name)
are left out, so the letters stand for what the document is about.
"""
from __future__ import annotations

import re

from gongkai.engine import doc_numbers

#: letters kept: enough to tell documents apart, short enough to read
MAX_LETTERS = 8
_OPENING = re.compile(r"^(关于)?(印发|转发|公布|发布|做好|进一步)?")
_CLOSING = re.compile(r"的?(通知|通告|公告|意见|决定|决议|批复|函|报告|请示|命令|通报|纪要)$")
_REGION = re.compile(r"^.+?[省市县区州盟旗]")


def core(title: str, site_name: str = "") -> str:
    """The title without its formulae: 关于印发示例县某某办法的通知 -> 某某办法."""
    text = re.sub(r"[《》〈〉“”\"'（）()〔〕\[\]【】、，。：；\s]", "", title)
    text = _CLOSING.sub("", _OPENING.sub("", text))
    region = _REGION.match(site_name)
    if region and text.startswith(region.group(0)) and len(text) > len(region.group(0)):
        text = text[len(region.group(0)):]
    return text


def initials(title: str, site_name: str = "") -> str:
    """`ncshljzl` for 农村生活垃圾治理…: one letter a Chinese character, ASCII letters and digits kept."""
    from pypinyin import Style, lazy_pinyin  # its phrase dictionary takes 0.3 s and 50 MB: only `new` pays
    letters = "".join(lazy_pinyin(core(title, site_name), style=Style.FIRST_LETTER, errors=lambda kept: [kept]))
    return re.sub(r"[^a-z0-9]", "", letters.lower())[:MAX_LETTERS]


def numbered(year: str, serial: str, column_path: str) -> str:
    """2021-gfxwj-12: a year and serial (of the 发文字号, else of the 索引号) in the column's last folder."""
    return f"{year}-{column_path.rsplit('/', 1)[-1]}-{serial}"


def from_doc_number(number: str, column_path: str) -> str:
    """The file name (without .md) a document with this 发文字号 gets; "" when it has no year and serial."""
    found = doc_numbers.year_and_serial(number)
    return numbered(*found, column_path) if found else ""
