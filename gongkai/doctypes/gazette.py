"""政府公报: one document per issue, whose 目录 (contents) links the documents it printed.

The yearly work plans ask that every 规章 and 规范性文件 be printed in the gazette (应登尽登):
each issue lists what it printed, each printed document names its issue, and a site with a
gazette column is told which documents in force no issue has printed yet.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Optional

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.doctypes.normative import year as normative_year
from gongkai.engine.model import IN_FORCE, Column, Document, Site
from gongkai.engine.page import Page, sectioned_listing
from gongkai.engine.relations import Relation
from gongkai.problems import Report

NAME = "gazette"


@dataclass
class Entry:
    """One line of an issue's 目录: a document of the site, or an item that is only in the PDF."""

    title: str
    page: Optional[int]  # 页码 in the printed issue
    doc: Optional[Document] = None


def label(issue: Document) -> str:
    """“2021年第3期”."""
    return f"{issue.meta['fiscal_year']}年第{issue.meta['issue']}期"


def _number(issue: Document) -> tuple[int, int]:
    return issue.meta["fiscal_year"] or 0, issue.meta["issue"] or 0


def _issues(documents: list[Document]) -> list[Document]:
    return [d for d in documents if d.meta["type"] == NAME and d.is_public and not d.held and not d.is_intro]


def link(documents: list[Document], find: Callable, report: Report) -> None:
    """Each issue's 目录 resolved; each printed document learns the issues it appeared in."""
    for issue in _issues(documents):
        if issue.column is None:
            continue
        for n, item in enumerate(issue.meta["contents"] or []):
            if not item["ref"]:
                CONTENTS.add(issue, Entry(item["title"], item["page"]))
                continue
            target = find(issue, item["ref"], "contents", report, issue.line(f"contents.{n}"))
            if target is not None:
                CONTENTS.add(issue, Entry(target.meta["title"], item["page"], target))
                if issue not in target.gazettes:
                    CONTENTS.add_back(target, issue)


#: an issue's 目录 (`gazette_contents`: entries, references resolved) and the issues a document appeared in
#: (`gazettes`, by year and 期号), shown by the type's template and partials/gazette_note.html
CONTENTS = Relation("contents", "gazette_contents", "gazettes", order=_number, resolve=link)


def check(site: Site, report: Report) -> None:
    issues = _issues(site.of_type(NAME))
    _numbering(issues, report)
    for issue in issues:
        named = [a for a in issue.meta["attachments"] or [] if str(a.get("file", "")).lower().endswith(".pdf")]
        if not named and not any(a.extension == "PDF" for a in issue.attachments):  # a named but missing PDF: reported at its line
            report.error(issue.source, issue.line("attachments"),
                         "政府公报须附本期 PDF 文件：请在附件中写 attachments: [{file: 本期文件.pdf, title: 本期PDF版}]",
                         "gazette-pdf")


#: the most issues a gazette has in a year, one a day: a larger 期号 is a mistyped one (a date, a 总期号)
MAX_ISSUE = 366
#: the runs of missing 期号 a gap's warning names before it counts the rest
MAX_RUNS = 10


def _numbering(issues: list[Document], report: Report) -> None:
    """期号 are unique within a year and run from 1 without gaps; none is larger than a year holds."""
    by_year: dict[int, dict[int, Document]] = defaultdict(dict)
    for issue in sorted(issues, key=lambda d: (_number(d), d.meta["date"] or "", d.path)):  # the later one is the duplicate
        year, number = issue.meta["fiscal_year"], issue.meta["issue"]
        if not year or not number:
            continue
        if number > MAX_ISSUE:
            report.error(issue.source, issue.line("issue"),
                         f"期号（issue）“{number}”不可能：期号是本年第几期（从第1期起），一年最多 {MAX_ISSUE} 期；"
                         "请检查是否误写成了日期或总期号", "gazette-issue")
            continue
        first = by_year[year].get(number)
        if first is not None:
            report.error(issue.source, issue.line("issue"), f"期号（issue）重复：{year}年第{number}期已是 "
                                                            f"{first.source}:{first.line('issue')}", "gazette-issue")
        else:
            by_year[year][number] = issue
    for year, numbers in by_year.items():
        last = max(numbers)
        missing = _missing(sorted(numbers))
        if missing:
            report.warning(numbers[last].source, numbers[last].line("issue"),
                           f"{year}年的政府公报缺少{missing}：期号应从第1期起逐期连续", "gazette-gap")


def _missing(numbers: list[int]) -> str:
    """The 期号 missing below the largest of `numbers` (sorted), as the warning names them (“第2、3、5至9期”):
    each run of one or two by its numbers, a longer one as a range; past MAX_RUNS runs, how many are missing in
    all. As short whatever the numbers: it never counts one by one."""
    runs, count = [], 0
    for before, after in zip([0] + numbers, numbers):
        if after - before > 1:
            runs.append((before + 1, after - 1))
            count += after - before - 1
    named = [f"{a}至{b}" if b - a > 1 else "、".join(map(str, range(a, b + 1))) for a, b in runs[:MAX_RUNS]]
    if not named:
        return ""
    return f"第{'、'.join(named)}期" + (f"等，共 {count} 期" if len(runs) > MAX_RUNS else "")


def printed(site: Site, report: Report) -> None:
    """应登尽登: a normative document in force is printed in an issue of its year or a later one."""
    if not any(c.type == NAME for c in site.all_columns()):
        return
    for doc in site.of_type("normative"):
        if doc.validity != IN_FORCE:
            continue
        year = normative_year(doc)
        if not any((g.meta["fiscal_year"] or 0) >= int(year or 0) for g in doc.gazettes):
            report.warning(doc.source, doc.line("title"),
                           f"应登尽登：有效的规范性文件《{doc.meta['title']}》未刊登在{year}年或以后的政府公报中，"
                           f"请把它的索引号（{doc.meta['index_no']}）写进那一期公报的目录（contents）", "gazette-missing")


def column_pages(column: Column, site: Site) -> list[Page]:
    """The gazette column: its issues by year, newest year and issue first."""
    docs = column.all_documents()
    years: dict[int, list[Document]] = defaultdict(list)
    others = []
    for doc in docs:
        if doc.meta["type"] == NAME and doc.meta["fiscal_year"]:
            years[doc.meta["fiscal_year"]].append(doc)
        else:
            others.append(doc)
    sections = [(f"{year}年", sorted(years[year], key=_number, reverse=True)) for year in sorted(years, reverse=True)]
    if others:
        sections.append(("其他信息", others))
    return [sectioned_listing(column, docs, sections, [])]


TYPE = DocType(NAME, "政府公报",
               column={"path": "zfgb", "name": "政府公报", "column_type": "政府公报",
                       "description": "历年各期政府公报：每期目录、刊登的规章和规范性文件、PDF版"},
               required=("fiscal_year", "issue", "contents"), interpretable=False,
               fields=(Field("issue", "期号", "number", "期号", hint="1                 # 期号：本年第几期"),
                       Field("contents", "目录", "contents", "目录",
                             hint="[{{title: 刊登的文件标题, page: 1}}]   # 目录：站内文档写索引号，只在 PDF 中的写标题和页码")),
               relations=(CONTENTS,), check_site=check, check_dated=printed,
               column_views=column_pages, template="types/gazette.html")
