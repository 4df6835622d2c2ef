"""config.yaml's schema: each key's type, whether it is required, its default and its value check."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from gongkai.engine import site_codes
from gongkai.engine.model import DISCLOSURES


@dataclass(frozen=True)
class Key:
    """One key of the schema: its type, whether it is required, its default and a value check."""

    type: type | tuple
    required: bool = False
    default: Any = None
    check: Optional[Callable[[Any], Optional[str]]] = None  # returns a message when the value is bad
    #: written with no value is an error, not the default: a default that publishes (`open`) must be meant
    empty_is_error: bool = False
    #: a number written for text is taken as its digits (`site_id: 3400000001`); not for a pattern
    number_as_text: bool = True


def _segment(value: str) -> Optional[str]:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        return "栏目路径只能用小写字母、数字、“-”和“_”，例如 gfxwj"
    return None


def _regex(value: str) -> Optional[str]:
    try:
        re.compile(value)
    except re.error as exc:
        return f"不是有效的正则表达式：{exc}"
    return None


def _base_path(value: str) -> Optional[str]:
    return None if value.startswith("/") and value.endswith("/") else "应以“/”开头和结尾，例如 /xxgk/"


def _days(value: int) -> Optional[str]:
    return None if value > 0 else "应为正整数（天数）"


SITE_SCHEMA = {
    "name": Key(str, True), "domain": Key(str, True, check=site_codes.domain_problem),
    "site_id": Key(str, True, check=site_codes.site_id_problem),  # 网站标识码
    "organization": Key(str, True), "org_code": Key(str, True, check=site_codes.credit_code_problem),  # 统一社会信用代码
    # the other organs whose documents the column publishes under their own 索引号 (e.g. 县人民政府's)
    "other_org_codes": Key(list, default=[], check=site_codes.credit_codes_problem),
    "icp": Key(str, default=""), "police_record": Key(str, default=""),
    "base_path": Key(str, default="/", check=_base_path),
    "gazette_name": Key(str, default=""),
}
DEFAULTS_SCHEMA = {
    "disclosure": Key(str, check=lambda v: None if v in DISCLOSURES else f"可选：{'、'.join(DISCLOSURES)}"),
    "issuer": Key(str), "topic": Key(str),
}
COLUMN_SCHEMA = {
    "path": Key(str, True, check=_segment), "name": Key(str, True),
    "type": Key(str),  # one of the build's types, checked by SchemaReader.columns
    "column_type": Key(str), "description": Key(str), "keywords": Key(list),
    "update_days": Key(int, check=_days),
    "archived": Key(bool, default=False), "open": Key(bool, default=True, empty_is_error=True), "children": Key(list),
}
TOP_SCHEMA = {
    "site": Key(dict, True), "output": Key(str, default="public"), "defaults": Key(dict),
    "columns": Key(list), "topics": Key(list), "index_no_pattern": Key(str, check=_regex, number_as_text=False),
    "page_size": Key(int, default=20, check=lambda v: None if 1 <= v <= 1000 else "应在 1 到 1000 之间"),
    "deploy": Key(dict), "application": Key(dict), "markdown": Key(dict), "report": Key(dict),
    "consultation": Key(dict),
}
MARKDOWN_SCHEMA = {
    "paragraph_per_line": Key(bool, default=False),  # 正文每一行是一个段落（从 Word 粘贴的公文）
}
#: the 申请表 offered when application.form names none: the default theme's, beside the 依申请公开 page
DEFAULT_FORM = "yssqgk/zfxxgksqb.docx"
#: application: 依申请公开 — the channels an applicant may use, and the 申请表 the site offers
APPLICATION_SCHEMA = {
    "office": Key(str, True), "in_person": Key(dict), "post": Key(dict),
    "online": Key(str, check=lambda v: None if re.match(r"https?://[^/\s]+", v) else "应为以 https:// 开头的网址"),
    "phone": Key(str), "form": Key(str, default=DEFAULT_FORM),
}
#: consultation: 意见征集 — the shortest comment period, and how soon after it the 意见采纳情况反馈 is due
CONSULTATION_SCHEMA = {"min_days": Key(int, default=30, check=_days), "feedback_days": Key(int, default=30, check=_days)}
REPORT_SCHEMA = {"fail_on": Key(list), "allowed": Key(dict)}  # check --report: what fails an inspection (单项否决)
IN_PERSON_SCHEMA = {"address": Key(str, True), "hours": Key(str, True)}
POST_SCHEMA = {"address": Key(str, True), "recipient": Key(str, True),
               "postcode": Key(str, True, check=lambda v: None if re.fullmatch(r"\d{6}", v) else "应为六位数字")}
DEPLOY_SCHEMA = {
    "keep": Key(int, default=5, check=lambda v: None if v >= 1 else "应为正整数（保留的版本数）"),
    "targets": Key(dict, True),
}
DEPLOY_TYPES = {"folder": "path", "rsync": "destination"}  # target type -> the key naming where it goes
TARGET_SCHEMA = {
    "type": Key(str, True, check=lambda v: None if v in DEPLOY_TYPES else f"可选：{'、'.join(DEPLOY_TYPES)}"),
    "path": Key(str), "destination": Key(str),
    "keep": Key(int, check=lambda v: None if v >= 1 else "应为正整数（保留的版本数）"),
}
#: how a message names the type a key should have
TYPE_NAMES = {str: "文字", int: "整数", bool: "true 或 false", list: "列表", dict: "键值对"}
