"""Headings of a body: the page shows the document's title as its one h1, so a body's own h1 is a warning.

Editors often start a pasted text with its title as `# 标题`; the page then has two h1s, which
screen readers announce as two pages' worth of structure (GB/T 37668 asks for one).
"""
from __future__ import annotations

import re

from gongkai.engine.sanitize import without_code
from gongkai.problems import Report

_ATX_H1 = re.compile(r"^ {0,3}#(?!#)(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
#: a line either could match, found in one pass over the whole body
_ANY_H1 = re.compile(r"^ {0,3}(?:#(?!#)|=+[ \t]*$)", re.M)


def h1_lines(body: str) -> list[tuple[int, str]]:
    """(line within the body, heading text) of each level-1 heading, code blocks left out."""
    return _by_line(body) if _ANY_H1.search(body) else []  # most bodies: no line that could be one


def _by_line(body: str) -> list[tuple[int, str]]:
    found = []
    previous = ""
    for n, line in enumerate(without_code(body).split("\n")):
        atx = _ATX_H1.match(line)
        if atx:
            found.append((n, (atx.group(1) or "").strip()))
        elif _SETEXT_H1.match(line) and previous.strip() and not previous.lstrip().startswith(("-", "*", "|", ">")):
            found.append((n - 1, previous.strip()))
        previous = line
    return found


def scan(body: str, path: str, first_line: int, report: Report) -> None:
    for n, text in h1_lines(body):
        report.warning(path, first_line + n, f"正文中的一级标题“{text}”：页面已用文档标题作一级标题，"
                                             "正文的标题请从“## ”（二级）开始", "body-h1")
