"""Which numbered paragraphs of a 公文 are headings.

公文 number their structure 一、 (黑体), （一） (楷体), 1. as typed text rather than Word heading
styles. A short numbered line is a heading; a numbered paragraph that opens with a short lead
sentence and goes on (“（一）加强组织领导。各单位要……”) keeps its text with the lead in bold.
办法 and 规定 attached to a 规范性文件 use 第一章 / 第一节 headings and 第一条 articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: the 公文 numbering levels, in order: 一、 → ##, （一） → ###, 1. → ####
_LEVELS = (
    re.compile(r"^[一二三四五六七八九十百]+、"),
    re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"),
    re.compile(r"^\d{1,2}[.．、](?!\d)"),
)
#: 规章 and 办法: 第一章 (a heading, as 一、), 第一节 (as （一）), 第一条 (the article number set bold)
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+([章节])")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条")
#: longest heading and longest bold lead sentence, in characters; longer lines are prose
MAX_HEADING = 40
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class Shape:
    level: int = 0  # 1–3 for a numbered heading, 0 for a paragraph
    lead: int = 0  # length of a bold lead sentence at the start, 0 for none


def _numbering_level(text: str) -> int:
    """1, 2 or 3 for a paragraph opening with 一、 or 第一章, （一） or 第一节, 1.; 0 otherwise."""
    chapter = _CHAPTER.match(text)
    if chapter:
        return 1 if chapter.group(1) == "章" else 2
    return next((i for i, pattern in enumerate(_LEVELS, 1) if pattern.match(text)), 0)


def shape(text: str) -> Shape:
    """How a paragraph's text is published: heading, paragraph with a bold lead, or plain paragraph."""
    article = _ARTICLE.match(text)
    if article:
        return Shape(lead=article.end())
    level = _numbering_level(text)
    if not level:
        return Shape()
    if "\n" in text:  # lines broken by Shift+Enter: no heading, but a lead sentence or line stays bold
        first = text.split("\n", 1)[0]
        lead = shape(first)
        return Shape(lead=lead.lead or (len(first) if lead.level else 0))
    ends = [i for i, ch in enumerate(text) if ch in _SENTENCE_END]
    if len(text) <= MAX_HEADING and (not ends or (ends == [len(text) - 1] and text[-1] != "；")):
        return Shape(level=level)
    if ends and ends[0] < len(text) - 1 and ends[0] < MAX_HEADING:
        return Shape(lead=ends[0] + 1)
    return Shape()
