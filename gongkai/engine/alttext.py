"""Images without a text alternative: readers using screen readers (and 图解 readers) get nothing from them.

Checked in the Markdown as written, so the error points at the image's own line.
"""
from __future__ import annotations

import re

from gongkai.problems import Report

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_ANY_IMAGE = re.compile(r"!\[|<img\b", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
MESSAGE = ("图片缺少替代文字（alt）：请写成 ![图片内容的文字说明](图片文件)，"
           "图解要写出图中的要点，让使用读屏软件的读者也能了解")
#: how an alt text left for the editor begins (build.py import writes it for images Word holds none for)
PLACEHOLDER = "待填写"
PLACEHOLDER_MESSAGE = "图片的替代文字还是“待填写”标记：请写出图片内容的文字说明"


def scan(body: str, path: str, first_line: int, report: Report) -> None:
    """Report each image in `body` (whose first line is `first_line`) that has no alt text."""
    if _ANY_IMAGE.search(body):  # most bodies: no image, nothing to look at line by line
        _by_line(body, path, first_line, report)


def _by_line(body: str, path: str, first_line: int, report: Report) -> None:
    for offset, line in enumerate(body.split("\n")):
        alts = [m.group(1).strip() for m in _MD_IMAGE.finditer(line)]
        if any(alt.startswith(PLACEHOLDER) for alt in alts):
            report.warning(path, first_line + offset, PLACEHOLDER_MESSAGE, "image-alt-placeholder")
        missing = not all(alts)
        for tag in _HTML_IMAGE.finditer(line):
            alt = _ALT.search(tag.group(0))
            missing = missing or not alt or not (alt.group(1) or alt.group(2) or "").strip()
        if missing:
            report.error(path, first_line + offset, MESSAGE, "image-alt")
