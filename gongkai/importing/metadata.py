"""The front-matter values a 公文 states about itself: 发文字号, 发文机关, 公开属性."""
from __future__ import annotations

import re

from gongkai.engine.doc_numbers import doc_number
from gongkai.engine.model import ON_REQUEST, PUBLIC, WITHHELD

#: 公开方式 as the 附注 (“（此件公开发布）”) or the 版记 (“公开方式：主动公开”) state it -> 公开属性;
#: "" holds the document back: 删减后公开 means the published text is the redacted one, which the import cannot know
_DISCLOSURES = (
    (re.compile(r"删减后(?:主动)?公开"), ""),
    (re.compile(r"依申请公开"), ON_REQUEST),
    (re.compile(r"[不非][予宜得]?(?:主动)?公开|暂缓公开"), WITHHELD),
    (re.compile(r"公开发布|主动公开"), PUBLIC),
)
#: a 附注: a paragraph after the 成文日期 wholly in parentheses
_NOTE = re.compile(r"^[（(](.*)[）)]$")
_COLOPHON_LINE = re.compile(r"^(?:公开方式|公开属性)[:：](.*)$")
REDACTED = "附注为“此件删减后公开”：请按删减后的文本核对正文，确认后把公开属性改为 主动公开"
NOT_STATED = "文档没有写明公开属性的附注（如“（此件公开发布）”），请填写 主动公开 / 依申请公开 / 不予公开"
#: what ends a 版头 line naming the issuing organ: 某某人民政府办公室文件
_HEAD_SUFFIX = "文件"
#: what ends an organ's name: a 落款 line, or the 版头 of a 信函
ORGAN = re.compile(r"(?:政府|办公室|委员会|局|厅|部|委|院|办|中心|公司|协会|处|所|站|队|集团|小组)$")
_NO_ORGAN = re.compile(r"关于|[，。、；：！？,;:]")


def normalised(number: str) -> str:
    """A 发文字号 as written in a document's front matter, in the standard form for comparison."""
    return doc_number(number) or number.strip()


def is_organ(text: str) -> bool:
    """A line that is an organ's name (示例县人民政府办公室), not a title or a sentence."""
    compact = re.sub(r"[\s\u3000]", "", text)
    return 2 < len(compact) <= 30 and bool(ORGAN.search(compact)) and not _NO_ORGAN.search(compact)


def issuer(head: list[str], signer: list[str]) -> str:
    """发文机关: the 版头 without its trailing 文件 (or a 信函's organ line), else the 落款."""
    for line in head:
        compact = re.sub(r"[\s\u3000]", "", line)
        if compact.endswith(_HEAD_SUFFIX) and len(compact) > len(_HEAD_SUFFIX):
            return compact[: -len(_HEAD_SUFFIX)]
    for line in head:
        if is_organ(line):
            return re.sub(r"[\s\u3000]", "", line)
    return "、".join(re.sub(r"[\s\u3000]", "", line) for line in signer)


def _stated(text: str) -> str | None:
    """The 公开属性 a 附注 or 公开方式 states ("" for 删减后公开), None when it states none."""
    return next((value for pattern, value in _DISCLOSURES if pattern.search(text)), None)


def disclosure(notes: list[str], colophon: list[str]) -> tuple[str, str]:
    """(公开属性, "") or ("", why it is held back). Only the 附注 after the 成文日期 and the 版记's
    公开方式 line decide; a sentence of the text quoting “（此件公开发布）” never does."""
    found: dict[str, str] = {}  # where -> value
    for note in notes:
        match = _NOTE.match(note.strip(" \u3000"))
        value = _stated(match.group(1)) if match and re.search(r"[此本]件", match.group(1)) else None
        if value is not None:
            found.setdefault("附注", value)
    for line in colophon:
        match = _COLOPHON_LINE.match(re.sub(r"\s", "", line))
        value = _stated(match.group(1)) if match else None
        if value is not None:
            found.setdefault("版记", value)
    values = set(found.values())
    if len(values) > 1:
        said = "，".join(f"{where}为“{value or '删减后公开'}”" for where, value in found.items())
        return "", f"附注与版记的公开方式不一致（{said}）：请向发文单位核实后填写公开属性"
    if values == {""}:
        return "", REDACTED
    return (values.pop(), "") if values else ("", NOT_STATED)


#: 文种 (GB/T 9704, 党政机关公文处理工作条例) ending a title, and whether a document of it can be a 规范性文件
_KINDS = {
    **dict.fromkeys(("通知", "意见", "决定", "命令", "公告", "通告", "办法", "规定", "细则", "规则"), True),
    **dict.fromkeys(("请示", "函", "复函", "批复", "报告", "纪要", "通报", "议案", "公报", "决议"), False),
}


def kind(title: str) -> tuple[str, bool | None]:
    """(文种 ending the title, whether it can be a 规范性文件); ("", None) when the title names none."""
    for name in sorted(_KINDS, key=len, reverse=True):
        if title.rstrip("）)").endswith(name):
            return name, _KINDS[name]
    return "", None

