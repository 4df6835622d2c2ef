"""The front-matter keys every document has: each key, its Chinese alias and its kind, and how a
value of each kind is read. Each type adds the keys only it uses (`DocType.fields`); together they
are the schema `doctype.Types` hands to reading, validation and the importer, so they cannot disagree.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from gongkai.engine.model import DISCLOSURES, VALIDITIES


@dataclass(frozen=True)
class Field:
    key: str
    alias: str  # the Chinese key an editor may write instead
    kind: str  # text, date, datetime, list, bool, year, number, refs, ref, attachments, contents, choice
    label: str  # shown in messages and on pages
    choices: tuple = ()
    #: what `new` writes after the key when the type requires it or declares it ({today}, {year}: the document's
    #: date and year; {data}: the name of its data file)
    hint: str = ""


FIELDS: list[Field] = [
    Field("title", "标题", "text", "标题"),
    Field("date", "发布日期", "datetime", "发布日期"),
    Field("disclosure", "公开属性", "choice", "公开属性", DISCLOSURES),
    Field("withheld_reason", "不予公开理由", "text", "不予公开理由"),
    Field("index_no", "索引号", "text", "索引号"),
    Field("issuer", "发文机关", "text", "发文机关"),
    Field("doc_number", "发文字号", "text", "发文字号",
          hint='""            # 发文字号，如 示政发〔2026〕1号'),
    Field("written", "成文日期", "date", "成文日期",
          hint="{today}        # 成文日期"),
    Field("topic", "主题分类", "text", "主题分类"),
    Field("keywords", "关键词", "list", "关键词"),
    Field("type", "类型", "choice", "类型"),  # the choices: the names of the build's types
    Field("summary", "内容概述", "text", "内容概述"),
    Field("validity", "有效性", "choice", "有效性", VALIDITIES,
          hint="有效              # 有效 / 失效 / 废止 / 已修改"),
    Field("effective", "施行日期", "date", "施行日期"),
    Field("expires", "失效日期", "date", "失效日期"),
    Field("replaces", "替代", "refs", "替代"),
    Field("amended_by", "修改文件", "refs", "修改文件"),
    Field("interprets", "解读文件", "ref", "解读文件",
          hint='""            # 所解读文件的索引号'),
    Field("video", "视频文件", "text", "视频文件"),
    Field("needs_interpretation", "需解读", "bool", "需解读"),
    Field("public_contacts", "公开联系方式", "list", "公开联系方式"),
    Field("draft", "草稿", "bool", "草稿"),
    Field("fiscal_year", "年度", "year", "年度",
          hint="{year}"),
    Field("data", "数据", "text", "数据文件",
          hint="{data}         # 数据文件（与本文件放在同一文件夹）"),
    Field("attachments", "附件", "attachments", "附件"),
    Field("reviewed", "复核日期", "date", "复核日期"),  # 政府信息公开指南: last checked, unchanged
]

#: what every 主动公开 document needs, whatever its type
ALWAYS_REQUIRED = ("title", "date", "disclosure", "index_no")
#: what a non-public document needs: enough to list it in the 依申请公开 register, never published
NON_PUBLIC_REQUIRED = ("title", "date", "disclosure", "index_no")

MAX_SUMMARY = 100
#: the most digits a number (kind `number`) has
MAX_DIGITS = 9

#: the keys that decide whether and when a document is published: one of them written so that it is not
#: recognised (a misspelled key naming it, `written_as`) holds the document back
PUBLICATION = ("disclosure", "withheld_reason", "draft", "date")

#: traditional forms of the characters the keys' Chinese aliases use, each to its simplified form: an alias
#: written in traditional characters (公開屬性, 發佈日期) names the key it spells
_SIMPLIFIED = str.maketrans(
    "開屬發佈內會關決劃別辦號員復複錄徵據數機標電類係繫編網聯見規視議詞話讀談郵鍵門預頻題饋",
    "开属发布内会关决划别办号员复复录征据数机标电类系系编网联见规视议词话读谈邮键门预频题馈")
#: what separates the words of a key as an editor may write it: spaces (full-width ones too, after NFKC), _ and -
_SEPARATORS = re.compile(r"[\s_\-]+")


def spelling(name: object) -> str:
    """A key as it reads, whatever its spelling: compatibility forms folded (NFKC: full-width letters and
    spaces), case folded, spaces, “_”, “-” and invisible characters (zero-width spaces) removed, traditional
    characters simplified. Two keys that spell the same are meant as the same key."""
    text = unicodedata.normalize("NFKC", str(name)).casefold().translate(_SIMPLIFIED)
    return _SEPARATORS.sub("", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def written_as(name: object, fields: tuple[Field, ...] | list[Field]) -> Field | None:
    """The field an unknown key spells (`spelling`): `Disclosure`, `公開屬性`, `公开 属性` are 公开属性."""
    wanted = spelling(name)
    return next((f for f in fields if wanted in (spelling(f.key), spelling(f.alias))), None) if wanted else None


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")


class FieldError(ValueError):
    """A value of the wrong form; the message says what form is expected."""


#: the years a date may have: no document of the People's Republic is older, and 0001-01-01 or 2206-11-20 is a
#: slip no listing or deadline can place; only a 施行日期 or 失效日期 (FAR_KEYS) may lie as far as the calendar's
#: end (a 失效日期 of 9999-12-31 is how some write 长期有效)
FIRST_YEAR, LAST_YEAR = 1949, 2100
FAR_KEYS = ("effective", "expires")


def check_year(day: dt.date, value: Any, last: int = dt.MAXYEAR) -> None:
    """FieldError for a date before `FIRST_YEAR` or after `last`, as written (`value`)."""
    if day.year < FIRST_YEAR:
        raise FieldError(f"日期“{value}”早于 {FIRST_YEAR} 年，请检查年份")
    if day.year > last:
        raise FieldError(f"日期“{value}”晚于 {last} 年，请检查年份")


def parse_date(value: Any, last: int = dt.MAXYEAR) -> dt.date:
    match = _DATE.match(str(value).strip())
    if not match:
        raise FieldError(f"“{value}”不是日期，请写成 YYYY-MM-DD，例如 2021-03-05")
    try:
        day = dt.date(*map(int, match.groups()))
    except ValueError:
        raise FieldError(f"日期“{value}”不存在") from None
    check_year(day, value, last)
    return day


def parse_datetime(value: Any, last: int = dt.MAXYEAR) -> dt.datetime:
    match = _DATETIME.match(str(value).strip())
    if not match:
        raise FieldError(f"“{value}”不是日期，请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM")
    year, month, day, hour, minute = match.groups()
    try:
        moment = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        raise FieldError(f"日期“{value}”不存在") from None
    check_year(moment, value, last)
    return moment


def coerce(field_: Field, value: Any) -> Any:
    """The value in its model form, or FieldError saying what the editor should write."""
    kind = field_.kind
    if kind in ("text", "choice", "ref", "date", "datetime"):
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            raise FieldError("应为一个值，而不是列表或键值对")
        text = str(value).strip()
        if kind == "choice" and text not in field_.choices:
            raise FieldError(f"“{text}”不是可选值，可选：{'、'.join(field_.choices)}")
        last = dt.MAXYEAR if field_.key in FAR_KEYS else LAST_YEAR
        if kind == "date":
            parse_date(text, last)
        if kind == "datetime":
            parse_datetime(text, last)
        return text
    if kind == "year":
        if isinstance(value, bool) or not re.fullmatch(r"\d{4}", str(value).strip()):
            raise FieldError(f"“{value}”不是年份，请写四位数字，例如 2021")
        return int(str(value).strip())
    if kind == "number":
        if isinstance(value, bool) or not re.fullmatch(r"[1-9]\d*", str(value).strip()):
            raise FieldError(f"“{value}”不是正整数，请写数字，例如 3")
        digits = str(value).strip()
        if len(digits) > MAX_DIGITS:  # no count runs that high; Python refuses to read 4,300 digits and more
            raise FieldError(f"数字“{digits[:MAX_DIGITS]}……”过长（{len(digits)} 位），请检查")
        return int(digits)
    if kind == "bool":
        if not isinstance(value, bool):
            raise FieldError("应为 true 或 false")
        return value
    if kind in ("list", "refs"):
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, (dict, list)) or v is None for v in items):
            raise FieldError("应为一个文字列表，例如 [甲, 乙]")
        return [str(v).strip() for v in items]
    if kind == "attachments":
        return _attachments(value)
    if kind == "contents":
        return _contents(value)
    raise AssertionError(kind)


def _attachments(value: Any) -> list[dict]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            raise FieldError("每个附件应写成 {file: 文件名, title: 标题}")
        unknown = set(item) - {"file", "title"}
        if unknown:
            raise FieldError(f"附件中有未知的键：{'、'.join(sorted(unknown))}（只能用 file 和 title）")
        result.append({"file": item["file"].strip(), "title": str(item.get("title") or "").strip()})
    return result


def _contents(value: Any) -> list[dict]:
    """A gazette's 目录: each entry a reference to a document of the site, or an item only in the PDF."""
    result = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            item = {"ref": item}
        if not isinstance(item, dict) or not (item.get("ref") or item.get("title")) or set(item) - {"ref", "title", "page"}:
            raise FieldError("每一项应写被收录文档的索引号或内容路径，或 {title: 标题, page: 页码}")
        page = item.get("page")
        if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
            raise FieldError(f"页码“{page}”应为正整数")
        result.append({"ref": str(item.get("ref") or "").strip(), "title": str(item.get("title") or "").strip(),
                       "page": page})
    return result
