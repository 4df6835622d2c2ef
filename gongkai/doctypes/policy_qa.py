"""政策问答库: the questions and answers of every document, gathered on one page people can filter
by 主题分类 and search, each linking to the question on its source document's page.

A question is written in any document's body as a `### 问：……` heading (`engine/qa`), so an
interpretation, a normative document or a 简明问答 document of this type each show theirs on their
own page; this type's column is the library of them all.
"""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.engine.doctype import DocType
from gongkai.engine.model import Column, Document, Site
from gongkai.engine.page import Page
from gongkai.problems import Report

NAME = "policy_qa"


@dataclass
class Library:
    """The 政策问答 page: (document, question) in the order of the documents, newest first."""

    entries: list[tuple[Document, dict]]

    @property
    def topics(self) -> list[str]:
        """The 主题分类 that have questions, in order of appearance: the choices of the filter."""
        return list(dict.fromkeys(doc.meta["topic"] for doc, _ in self.entries if doc.meta["topic"]))


def library(site: Site) -> Library:
    return Library([(doc, q) for doc in site.documents for q in doc.meta["questions"]])


def column_pages(column: Column, site: Site) -> list[Page]:
    """The 政策问答 page replaces the column listing; the column's own documents are listed below it."""
    return [Page(column.url, "policy_qa.html", column.name, "column", column=column,
                 documents=column.all_documents(), view=library(site))]


def check(site: Site, report: Report) -> None:
    """A 政策问答 column with no question anywhere on the site would be an empty page."""
    if any(doc.meta["questions"] for doc in site.documents):
        return
    for column in site.all_columns():
        if column.type == NAME and not column.archived:
            report.warning("config.yaml", column.line,
                           f"栏目“{column.name}”（{column.path}）还没有问答：在政策解读或其他文档的正文中把每个问题"
                           "写成“### 问：……”标题，答案写在其下", "blank-column")


TYPE = DocType(NAME, "政策问答",
               column={"path": "zcwd", "name": "政策问答", "column_type": "政策解读",
                       "description": "政策文件和政策解读中的问答，可按主题分类筛选和搜索"},
               check_site=check, column_views=column_pages, generated=True, interpretable=False)
