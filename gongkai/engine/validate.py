"""The content rules checked on the whole site model; each finding is a Problem.

Only what needs the whole site lives here; what one file can tell about itself is
reported by the reader, and each document type's own site-wide rules by its module.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from gongkai.engine import content_links, fields, opening
from gongkai.engine.doctype import Types
from gongkai.engine.model import WITHHELD, Column, Document, Site
from gongkai.engine.reads import unrecorded
from gongkai.problems import Problem, Report


def validate(site: Site, documents: list[Document], config, report: Report,
             targets: content_links.Targets | None = None) -> list[Document]:
    """`targets`: what links may point at, when the caller has it already (content_links.targets_of).
    Returns the documents whose own checks ran again (`_own`): the build cache keeps their new results."""
    rules = _rules(config, site.topics)
    targets = targets or content_links.targets_of(config.site_dir, documents, config.site.member_path)
    again = []
    for doc in documents:
        with unrecorded():  # made again for a document whose front matter changed (own_problems)
            if _own(doc, config.types, rules):
                again.append(doc)
            report.problems.extend(doc.checked[1])
        if doc.column is not None and doc.is_public:
            content_links.check(doc, targets, report)
    _unique_index_numbers(documents, report)
    for doctype in config.types:
        if doctype.check_site:
            doctype.check_site(site, report)
    _columns(site, config.types, report)
    return again


def check_dated(site: Site, types: Types, report: Report) -> None:
    """The site-wide rules over date-derived values (DocType.check_dated), for every build: what they read is
    not recorded, so the day a document expires takes up the site the build before made."""
    with unrecorded():
        for doctype in types:
            if doctype.check_dated:
                doctype.check_dated(site, report)


def own_problems(documents: list[Document], config,
                 topics: list[str]) -> tuple[dict[str, list[Problem]], list[Document]]:
    """What each of `documents` breaks on its own (_own), by path, for a build that takes up the site after
    their front matter changed; and those of them whose checks ran again, as `validate` returns them."""
    rules = _rules(config, topics)
    again = [doc for doc in documents if _own(doc, config.types, rules)]
    return {doc.path: doc.checked[1] for doc in documents}, again


def _rules(config, topics: list[str]) -> "_Rules":
    pattern, codes = config.index_no_pattern, (config.site.org_code, *config.site.other_org_codes)
    key = hashlib.blake2b(repr((tuple(topics), pattern, codes)).encode("utf-8"), digest_size=8).hexdigest()
    return _Rules(tuple(topics), re.compile(pattern), codes, key)


@dataclass(frozen=True)
class _Rules:
    """What a document's own checks read besides the document: the topics, and what a 索引号 must look like
    (the configured pattern, and the codes of the organs it may begin with)."""

    topics: tuple[str, ...]
    pattern: re.Pattern
    codes: tuple[str, ...]  # the site's own 统一社会信用代码 first
    #: a digest of them all, kept with each document's result (`Document.checked`) to tell whether they changed
    #: since: the topics and codes themselves were 915 of a document's 2,491 bytes in the body store, and each
    #: document read back from there held a copy of its own (3.4 KB)
    key: str


def _unique_index_numbers(documents: list[Document], report: Report) -> None:
    """索引号 are unique across the site, non-public documents included."""
    seen: dict[str, Document] = {}
    for doc in documents:
        number = doc.meta["index_no"]
        if not number or doc.is_intro:
            continue
        first = seen.get(number)
        if first:
            report.error(doc.source, doc.line("index_no"),
                         f"索引号（index_no）“{number}”与 {first.source}:{first.line('index_no')} 重复；"
                         "可用 python build.py new 获取下一个空闲索引号")
        else:
            seen[number] = doc


def _index_number(doc: Document, rules: _Rules, report: Report) -> None:
    """A document's 索引号 begins with the code of the site's own organ or of another organ the configuration
    names, in the configured form."""
    number = doc.meta["index_no"]
    if not number or doc.is_intro:
        return
    org_code = rules.codes[0]
    if not rules.pattern.fullmatch(number):
        report.error(doc.source, doc.line("index_no"),
                     f"索引号（index_no）“{number}”格式不对，应为“机构代码/年份-五位序号”，"
                     "例如 11340000MB0000000M/2021-00001")
    elif not _known_prefix(number, rules.codes):
        report.error(doc.source, doc.line("index_no"),
                     f"索引号（index_no）“{number}”的前缀不是本机关的统一社会信用代码（config.yaml 的 site.org_code）："
                     f"应写成 {org_code}/{number.partition('/')[2]}；若是另一发文机关的代码，请把它写进 config.yaml 的"
                     " site.other_org_codes")
    _index_year(doc, number, report)


#: the year in a 索引号 of the standard form 机构代码/年份-序号 (or 年份月份-序号)
_INDEX_YEAR = re.compile(r"^[0-9A-Za-z]{9,18}/(\d{4})(?:\d{2})?-\d{5}$")


def _index_year(doc: Document, number: str, report: Report) -> None:
    """A 索引号 carries the year of its document's publication date (发布日期), also when it is back-filled."""
    match, date = _INDEX_YEAR.match(number), doc.meta["date"]
    if not match or not isinstance(date, str) or not date[:4].isdigit() or match.group(1) == date[:4]:
        return
    report.warning(doc.source, doc.line("index_no"),
                   f"索引号（index_no）“{number}”的年份是 {match.group(1)}，而发布日期（date）是 {date[:4]} 年："
                   f"索引号的年份应为发布日期的年份；可用 python build.py new --date {date[:10]} 获取该年的下一个空闲索引号",
                   "index-year")


def _known_prefix(number: str, codes: tuple[str, ...]) -> bool:
    """The part before “/” is one of these 统一社会信用代码, or the 组织机构代码 inside one (its characters 9
    to 17), which older 索引号 carry; a number without “/” follows a site's own pattern."""
    prefix, slash, _ = number.partition("/")
    return not slash or any(prefix in (code, code[8:17]) for code in codes)


def _own(doc: Document, types: Types, rules: _Rules) -> bool:
    """What a document breaks on its own: its 索引号, and, when it is in a column, its front matter, into
    `doc.checked`; whether they were checked now. Kept with the document (cached with it): it reads the document
    as read, the types (part of the cache's key, like the reading itself), the topics and the 索引号 rules, so
    only a document read again, moved in or out of the columns, or new topics or rules check again."""
    key = (rules.key, doc.column is not None)
    known = doc.checked
    if known is not None and known[0] == key:
        return False
    report = Report()
    _index_number(doc, rules, report)
    if doc.column is not None:
        _required(doc, types, report)
        if doc.is_public:
            _values(doc, rules.topics, report)
    doc.checked = (key, report.problems)
    return True


def _required(doc: Document, types: Types, report: Report) -> None:
    meta = doc.meta
    for key in types.required_fields(meta["type"], doc.is_public, doc.is_intro):
        if meta[key] is None and f"{key}:invalid" not in doc.lines:
            report.error(doc.source, 1 if key not in doc.lines else doc.line(key),
                         f"缺少{types.label(key)}" + _type_hint(doc, key, types))
    if meta["disclosure"] == WITHHELD and not meta["withheld_reason"]:
        report.error(doc.source, doc.line("disclosure"), "不予公开的文档须写明不予公开理由（withheld_reason）")


def _type_hint(doc: Document, key: str, types: Types) -> str:
    if key in ("title", "date", "disclosure", "index_no"):
        return ""
    return f"（{types.get(doc.meta['type']).label}类文档必填）"


def _values(doc: Document, topics: tuple[str, ...], report: Report) -> None:
    meta = doc.meta
    if meta["topic"] and meta["topic"] not in topics:
        report.error(doc.source, doc.line("topic"), _unknown_topic(meta["topic"], topics))
    if meta["summary"] and len(meta["summary"]) > fields.MAX_SUMMARY:
        report.error(doc.source, doc.line("summary"),
                     f"内容概述（summary）有 {len(meta['summary'])} 个字，最多 {fields.MAX_SUMMARY} 个字")
    if meta["effective"] and meta["expires"] and meta["expires"] < meta["effective"]:
        report.error(doc.source, doc.line("expires"), "失效日期（expires）早于施行日期（effective）")
    if meta["written"] and meta["date"] and meta["written"] > meta["date"][:10]:
        report.error(doc.source, doc.line("written"), "成文日期（written）晚于发布日期（date）")


def _unknown_topic(topic: str, topics: tuple[str, ...]) -> str:
    """The topic most likely meant first, then every choice quoted: an entry such as “财政、金融、审计”
    has 、 inside it, so a list joined by 、 would seem to hold the rejected word."""
    containing = [t for t in topics if topic in t.split("、") or any(part and part in topic for part in t.split("、"))]
    meant = containing or difflib.get_close_matches(topic, topics, n=1, cutoff=0.5)
    hint = f"是不是“{meant[0]}”？" if meant else ""
    return (f"主题分类（topic）“{topic}”不在主题分类表中，{hint}请照抄表中的一项（整项，含其中的顿号）；"
            f"可选：{'，'.join(f'“{t}”' for t in topics)}")


def is_blank(column: Column, types: Types) -> bool:
    """空白栏目: nothing published, no introduction, and no page made from configuration."""
    return (not column.all_documents() and not any(c.intro for c in column.walk())
            and not types.get(column.type).generated)


def _columns(site: Site, types: Types, report: Report) -> None:
    """空白栏目 and columns not updated within their inspection period, as inspections count them."""
    for column_order, column in enumerate(site.all_columns()):
        if column.archived:
            continue
        docs = column.all_documents()
        if is_blank(column, types):
            report.warning("config.yaml", column.line,
                           f"栏目“{column.name}”（{column.path}）是空白栏目：没有任何已发布的文档"
                           + opening.blank_hint(column), "blank-column", rank=column_order)
        elif column.update_days and docs:
            newest = docs[0].published
            if newest and site.as_of.is_later_than(newest.date(), column.update_days):
                report.warning("config.yaml", column.line,
                               f"栏目“{column.name}”（{column.path}）最近一次更新是 {newest.date().isoformat()}，"
                               f"已超过更新周期 {column.update_days} 天", "stale-column", rank=column_order)
        elif column.update_days and not docs:
            report.warning("config.yaml", column.line,
                           f"栏目“{column.name}”（{column.path}）没有发布过文档，无法满足 {column.update_days} 天的更新周期",
                           "stale-column", rank=column_order)
