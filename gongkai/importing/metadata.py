"""The front-matter values a 公文 states about itself: 发文字号, 发文机关, 公开属性."""
from __future__ import annotations

import re

from gongkai.engine.doc_numbers import doc_number
from gongkai.engine.model import ON_REQUEST, PUBLIC, WITHHELD

#: 公开方式 as the 附注 (“（此件公开发布）”) or the 版记 (“公开方式：主动公开”) state it -> 公开属性, first match
#: deciding: "" holds the document back (删减后公开: the published text is the redacted one, which the import
#: cannot know); any negation (不对外公开发布, 请勿公开, 不作主动公开) is 不予公开, whatever follows it
_DISCLOSURES = (
    (re.compile(r"删减后(?:主动)?公开"), ""),
    (re.compile(r"[不非勿未禁免]|暂缓"), WITHHELD),
    (re.compile(r"依申请公开"), ON_REQUEST),
    (re.compile(r"^(?:此件|本件)?(?:(?:主动)?公开发布|主动公开)$"), PUBLIC),
)
#: a statement about publishing the import cannot read for certain (此件对外公开, 此件内部传阅): held back
_UNCLEAR = "unclear"
_ABOUT_PUBLISHING = re.compile(r"公开|发布|内部|传阅|涉密|秘密|机密|印发至")
#: a 附注: a paragraph after the 成文日期 wholly in parentheses
_NOTE = re.compile(r"^[（(](.*)[）)]$")
#: a paragraph anywhere wholly a statement of this document's 公开方式, as a 附注 is written
_STATEMENT = re.compile(r"^[（(]\s*[此本]件.*[）)]$")
_COLOPHON_LINE = re.compile(r"^(?:公开方式|公开属性)：(.*)$")
#: a 密级 and 保密期限 (GB/T 9704: 秘密★1年, 机密★长期, 绝密★启用前) or a mark keeping a paper internal
#: (内部资料, 注意保存), as one token: the 份号 before it and the 紧急程度 after it may run on without a space
_SECRECY = re.compile(r"(?:份号[：:]?)?\d{0,8}[【\[（(]?((?:密级[：:]?)?(?:绝密|机密|秘密)(?:[★☆*＊][^\s，。；]{1,8}?)?"
                      r"|工作秘密|内部(?:资料|文件|传阅|刊物|材料|明电)|注意保存)[】\]）)]?(?:特急|加急|特提|平急)?")
_TOKENS = re.compile(r"[\s\u3000，。、；;,]+")
REDACTED = "附注为“此件删减后公开”：请按删减后的文本核对正文，确认后把公开属性改为 主动公开"
NOT_STATED = "文档没有写明公开属性的附注（如“（此件公开发布）”），请填写 主动公开 / 依申请公开 / 不予公开"
#: what ends a 版头 line naming the issuing organ: 某某人民政府办公室文件
_HEAD_SUFFIX = "文件"
#: what ends an organ's name: a 落款 line, or the 版头 of a 信函
ORGAN = re.compile(r"(?:政府|办公室|委员会|局|厅|部|委|院|办|中心|公司|协会|处|所|站|队|集团|小组)$")
_NO_ORGAN = re.compile(r"关于|[，。、；：！？,;:]")
_FILL_ISSUER = "请对照 Word 文件填写发文机关（留空则为本站主办单位）"


def normalised(number: str) -> str:
    """A 发文字号 as written in a document's front matter, in the standard form for comparison."""
    return doc_number(number) or number.strip()


def is_organ(text: str) -> bool:
    """A line that is an organ's name (示例县人民政府办公室), not a title or a sentence."""
    compact = re.sub(r"[\s\u3000]", "", text)
    return 2 < len(compact) <= 30 and bool(ORGAN.search(compact)) and not _NO_ORGAN.search(compact)


def issuer(head: list[str], signer: list[str], struck: str = "", unwritten: str = "") -> tuple[str, str]:
    """(发文机关, "") or ("", why it is left to the editor): the 版头 without its trailing 文件 (or a 信函's organ
    line), else the 落款; a 落款 with struck-through text (`struck`: the passages) names no organ for certain, nor
    one with raised or lowered text no Unicode character writes (`unwritten`: the passages)."""
    for line in head:
        compact = re.sub(r"[\s\u3000]", "", line)
        if compact.endswith(_HEAD_SUFFIX) and len(compact) > len(_HEAD_SUFFIX):
            return compact[: -len(_HEAD_SUFFIX)], ""
    for line in head:
        if is_organ(line):
            return re.sub(r"[\s\u3000]", "", line), ""
    if struck:
        return "", f"落款中的“{struck}”在 Word 中带删除线，无法确定发文机关：{_FILL_ISSUER}"
    if unwritten:
        return "", f"落款中的“{unwritten}”在 Word 中是上标或下标，无法照样写入发文机关：{_FILL_ISSUER}"
    return "、".join(re.sub(r"[\s\u3000]", "", line) for line in signer), ""


def _stated(text: str) -> str | None:
    """The 公开属性 a 附注 or 公开方式 states ("" for 删减后公开, _UNCLEAR for a statement about publishing
    that says none of them for certain), None when it says nothing about publishing."""
    text = re.sub(r"[\s\u3000，。,.、；;]", "", text)
    value = next((value for pattern, value in _DISCLOSURES if pattern.search(text)), None)
    if value is None and _ABOUT_PUBLISHING.search(text):
        return _UNCLEAR
    return value


def publishing(text: str) -> str | None:
    """What a line that is no 附注 (a 页眉, a 批注, a deleted 附注) says about publishing, as _stated reads it
    (a 公开属性, "" or "unclear"); None when it does not speak of publishing (未经许可不得转载 does not)."""
    return _stated(text) if _ABOUT_PUBLISHING.search(text) else None


def is_statement(text: str) -> bool:
    """A line written as a 附注 (（此件不予公开）) or the 版记's 公开方式 line, whatever it says."""
    text = re.sub(r"[\s\u3000]", "", text)
    return bool(_STATEMENT.match(text) or _COLOPHON_LINE.match(re.sub(r"[:∶﹕︰]", "：", text)))


def secrecy(text: str) -> str:
    """The 密级 (or 内部资料) mark a 版头 line, a 页眉 or a 水印 carries, "" for none. Only a mark standing
    alone counts: 国家秘密 in a sentence is no mark, 000123 机密★1年 特急 is."""
    for token in _TOKENS.split(text):
        match = _SECRECY.fullmatch(token)
        if match:
            return match.group(1)
    return ""


def secrecy_reason(where: str, mark: str) -> str:
    """Why a document carrying a 密级 or 内部 mark is held: it may not be published unless declassified."""
    if "密" in mark:
        return f"{where}标有密级“{mark}”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）"
    return f"{where}标有“{mark}”：内部文件不得公开，请向发文单位核实（可以公开的，请填写公开属性）"


def disclosure(notes: list[str], colophon: list[str], elsewhere: list[str] = (),
               attached: list[str] = ()) -> tuple[str, str]:
    """(公开属性, "") or ("", why it is held back). Only the 附注 after the 成文日期 and the 版记's
    公开方式 line decide; a sentence of the text quoting “（此件公开发布）” never does. Every statement
    counts, not the first: two that differ hold the document back, and so does a paragraph anywhere else
    (`elsewhere`: the text, its tables, the attachments, their footnotes) written wholly as a 附注 that says
    otherwise, and a footnote on the 附注 or 版记 (`attached`) saying anything else about publishing. Each
    line as colophon.texts gives it: without spaces, its colons one."""
    found: list[tuple[str, str, str]] = []  # (where, what it says, value)
    for note in notes:
        match = _NOTE.match(note)
        if match and re.search(r"[此本]件", match.group(1)):
            found.append(("附注", match.group(1), _stated(match.group(1))))
    for line in colophon:
        match = _COLOPHON_LINE.match(line)
        if match:
            found.append(("版记", match.group(1), _stated(match.group(1))))
    found = [(where, said, value) for where, said, value in found if value is not None]
    unclear = next(((where, said) for where, said, value in found if value == _UNCLEAR), None)
    if unclear:
        return "", f"{unclear[0]}“{unclear[1]}”没有写明公开属性：请向发文单位核实后填写 主动公开 / 依申请公开 / 不予公开"
    values = {value for _, _, value in found}
    if len(values) > 1:
        return "", _disagreeing(found)
    if values == {""}:
        return "", REDACTED
    if not values:
        return "", NOT_STATED
    value = values.pop()
    other = next((text for text in elsewhere if _STATEMENT.match(text) and _stated(text[1:-1]) not in (None, value)),
                 None)
    if other:
        return "", f"正文中另有一段“{other}”，与附注或版记的公开方式（{value}）不一致：请向发文单位核实后填写公开属性"
    note = next((text for text in attached if publishing(text) not in (None, value)), None)
    if note:
        return "", f"附注或版记的脚注“{note}”说到公开，与公开方式（{value}）不一致：请向发文单位核实后填写公开属性"
    return value, ""


def _disagreeing(found: list[tuple[str, str, str]]) -> str:
    """Why statements that differ hold the document back: each place with what it says, once."""
    said: dict[str, list[str]] = {}
    for where, _, value in found:
        shown = value or "删减后公开"
        if shown not in said.setdefault(where, []):
            said[where].append(shown)
    if len(said) > 1:
        return "附注与版记的公开方式不一致（" + "，".join(f"{where}为“{'”“'.join(values)}”" for where, values in said.items()) \
            + "）：请向发文单位核实后填写公开属性"
    where, values = next(iter(said.items()))
    return f"{where}的公开方式前后不一致（“{'”“'.join(values)}”）：请向发文单位核实后填写公开属性"


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

