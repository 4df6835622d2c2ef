"""The codes that identify a site and its publisher: the 统一社会信用代码 (GB 32100-2015), the
网站标识码 and the domain. Each check returns what to write instead, or None when the value is right,
so config.yaml and group.yaml say the same thing about the same mistake."""
from __future__ import annotations

import re
from typing import Optional

#: GB 32100: the 31 characters a 统一社会信用代码 may use (no I, O, S, V, Z), in the order of their values
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: the weight of each of the first 17 characters (3^i mod 31)
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")


def check_character(first17: str) -> str:
    """The 18th character (校验码) a 统一社会信用代码 must end with, given its first 17."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> Optional[str]:
    """What is wrong with a 统一社会信用代码, said as what to write; None when it is valid."""
    if len(value) != 18:
        return f"统一社会信用代码应为 18 位（这里是 {len(value)} 位），请照营业执照或事业单位法人证书上的代码填写"
    wrong = sorted({c for c in value if c not in CREDIT_CODE_CHARS})
    if wrong:
        return (f"统一社会信用代码不能含“{'”“'.join(wrong)}”：只用数字和大写字母（不用 I、O、S、V、Z），"
                "请照证书上的代码填写")
    expected = check_character(value[:17])
    if value[17] != expected:
        return (f"统一社会信用代码的最后一位（校验码）应为“{expected}”，不是“{value[17]}”：前 17 位或校验码有抄错，"
                "请照证书上的代码核对")
    return None


def credit_codes_problem(values: list) -> Optional[str]:
    """A list of 统一社会信用代码, each checked as one is."""
    for value in values:
        problem = credit_code_problem(value) if isinstance(value, str) else "每一项应是一个统一社会信用代码（写在引号中）"
        if problem:
            return f"“{value}”：{problem}"
    return None


def site_id_problem(value: str) -> Optional[str]:
    """网站标识码: ten digits, as the national register of government websites assigns it."""
    if re.fullmatch(r"\d{10}", value):
        return None
    return f"网站标识码应为 10 位数字（这里是 {len(value)} 位），例如 \"3400000001\"，见全国政府网站信息报送系统"


def domain_problem(value: str) -> Optional[str]:
    """domain: the host name alone, which the build puts after https:// and before the page's path."""
    if _HOST.fullmatch(value):
        return None
    host = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", value.strip()).split("/")[0].split("?")[0].lower()
    example = host if _HOST.fullmatch(host) else "www.example.gov.cn"
    return f"只写域名，不带 https://、“/”和路径：domain: {example}"
