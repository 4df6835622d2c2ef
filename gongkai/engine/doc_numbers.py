"""发文字号 (示政发〔2021〕3号): found in a line and written in its standard form, whoever typed it.

Both `import` (from a 公文's 版头) and `new --number` read them, and both name the document's file
after the number's year and serial, so the two agree.
"""
from __future__ import annotations

import re
import unicodedata

#: 发文字号: 机关代字 + 〔年份〕 + 序号 + 号; [2021] and （2021） are common typing slips for 〔2021〕
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,20}?)\s*[〔\[【(]\s*(\d{4})\s*[〕\]】)]\s*第?\s*(\d{1,5})\s*号")
_STANDARD = re.compile(r"〔(\d{4})〕(\d+)号")


def doc_number(text: str, opening: bool = False) -> str:
    """The 发文字号 in a line (at its start when `opening`), in the standard form 示政发〔2021〕3号; "" if none."""
    plain = unicodedata.normalize("NFKC", text).replace("〔", "[").replace("〕", "]").strip()
    match = (_DOC_NUMBER.match if opening else _DOC_NUMBER.search)(plain)
    if not match:
        return ""
    prefix, year, serial = match.groups()
    return f"{prefix}〔{year}〕{int(serial)}号"


def year_and_serial(number: str) -> tuple[str, str] | None:
    """("2021", "3") for 示政发〔2021〕3号 in its standard form; None when it has no year and serial."""
    match = _STANDARD.search(number)
    return (match.group(1), match.group(2)) if match else None
