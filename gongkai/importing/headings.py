"""Which numbered paragraphs of a 公文 are headings.

公文 number their structure 一、 (黑体), （一） (楷体), 1. as typed text rather than Word heading
styles. A short numbered line is a heading; a numbered paragraph that opens with a short lead
sentence and goes on (“（一）加强组织领导。各单位要……”) keeps its text with the lead in bold.
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
#: longest heading and longest bold lead sentence, in characters; longer lines are prose
MAX_HEADING = 40
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class Shape:
    level: int = 0  # 1–3 for a numbered heading, 0 for a paragraph
    lead: int = 0  # length of a bold lead sentence at the start, 0 for none


def _numbering_level(text: str) -> int:
    """1, 2 or 3 for a paragraph opening with 一、, （一） or 1.; 0 otherwise."""
    return next((i for i, pattern in enumerate(_LEVELS, 1) if pattern.match(text)), 0)


def shape(text: str) -> Shape:
    """How a paragraph's text is published: heading, paragraph with a bold lead, or plain paragraph."""
    level = _numbering_level(text)
    if not level or "\n" in text:
        return Shape()
    ends = [i for i, ch in enumerate(text) if ch in _SENTENCE_END]
    if len(text) <= MAX_HEADING and (not ends or (ends == [len(text) - 1] and text[-1] != "；")):
        return Shape(level=level)
    if ends and ends[0] < len(text) - 1 and ends[0] < MAX_HEADING:
        return Shape(lead=ends[0] + 1)
    return Shape()
