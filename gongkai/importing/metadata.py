"""The front-matter values a 公文 states about itself: 发文字号, 发文机关, 公开属性."""
from __future__ import annotations

import re
import unicodedata

from gongkai.engine.model import PUBLIC

#: 发文字号: 机关代字 + 〔年份〕 + 序号 + 号; [2021] and （2021） are common typing slips for 〔2021〕
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,20}?)\s*[〔\[【(]\s*(\d{4})\s*[〕\]】)]\s*第?\s*(\d{1,5})\s*号")
#: 附注 wording -> 公开属性
_DISCLOSURES = (
    (re.compile(r"此件(?:公开发布|主动公开)"), PUBLIC),
    (re.compile(r"此件依申请公开"), "依申请公开"),
    (re.compile(r"此件(?:不予公开|不公开)"), "不予公开"),
)
#: what ends a 版头 line naming the issuing organ: 某某人民政府办公室文件
_HEAD_SUFFIX = "文件"


def doc_number(text: str, opening: bool = False) -> str:
    """The 发文字号 in a line (at its start when `opening`), in the standard form 示政发〔2021〕3号; "" if none."""
    plain = unicodedata.normalize("NFKC", text).replace("〔", "[").replace("〕", "]").strip()
    match = (_DOC_NUMBER.match if opening else _DOC_NUMBER.search)(plain)
    if not match:
        return ""
    prefix, year, serial = match.groups()
    return f"{prefix}〔{year}〕{int(serial)}号"


def normalised(number: str) -> str:
    """A 发文字号 as written in a document's front matter, in the standard form for comparison."""
    return doc_number(number) or number.strip()


def issuer(head: list[str], signer: list[str]) -> str:
    """发文机关: the 版头 without its trailing 文件, else the 落款."""
    for line in head:
        compact = re.sub(r"[\s\u3000]", "", line)
        if compact.endswith(_HEAD_SUFFIX) and len(compact) > len(_HEAD_SUFFIX):
            return compact[: -len(_HEAD_SUFFIX)]
    return "、".join(re.sub(r"[\s\u3000]", "", line) for line in signer)


def disclosure(notes: list[str]) -> str:
    """公开属性 from the 附注 (（此件公开发布） …), or "" when no 附注 states it."""
    for note in notes:
        for pattern, value in _DISCLOSURES:
            if pattern.search(note):
                return value
    return ""
