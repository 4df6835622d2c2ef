"""A readable ASCII file name from a Chinese title: the initials of its words in pinyin.

Sites name documents `年份-拼音首字母` (2024-ljzl for 垃圾治理), which stays readable in an
address, survives every tool that mangles non-ASCII names, and needs no percent-encoding in
sitemap.xml or feeds. The formulae every title shares (关于印发…的通知, the county's own name)
are left out, so the letters stand for what the document is about.
"""
from __future__ import annotations

import re

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
