"""The 版记 at the end of a 公文 (抄送, 印发机关和印发日期, 公开方式) and page numbers typed by hand.

None of it is published: the 版记 is for the paper copy, and its 公开方式 line is read
for the 公开属性. The 版记 is laid out many ways: 抄送 wrapped onto a second line with Enter,
印发机关 and 印发日期 on two lines or in two cells of a table row. Page numbers typed as text
(“— 2 —”) appear wherever the author's page ended; they are dropped everywhere.
"""
from __future__ import annotations

import re

from gongkai.importing.docx_reader import Block, Paragraph, Table
from gongkai.importing.metadata import COLONS

#: a line that opens a 版记 entry, or the 印发日期 line closing it
_MARKER = re.compile(r"^(?:抄送|抄报|分送|发送|报送|公开方式|公开属性)[:：]|日印发$")
#: the lines a 抄送 entry continues on: the organs it lists
_CONTINUES = re.compile(r"^[^。！？]*[、，,]|^[^。！？：:]{2,40}[。.]?$")
_ORGAN_LINE = re.compile(r"^[^，。、：:；;！？]{2,30}$")
_ISSUED = re.compile(r"((?:\d{4}|[〇○零一二三四五六七八九]{4})年[^年]{1,6}日)印发$")
_PAGE_NUMBER = re.compile(r"^[-－—–―]{1,2}\s*[0-9０-９]{1,4}\s*[-－—–―]{1,2}$")
#: how many lines from the end the 版记 may reach
_MAX_LINES = 10


def texts(block: Block) -> list[str]:
    """A paragraph's text, or every paragraph of a table, cell by cell; spaces removed, and every colon
    one: 抄送∶ typed with the ratio sign an input method offers is a 抄送 line too."""
    if isinstance(block, Table):
        cells = {id(cell): cell for row in block.rows for cell in row}.values()
        return [COLONS.sub("：", re.sub(r"\s", "", p.text)) for cell in cells for p in cell if p.text.strip()]
    return [COLONS.sub("：", re.sub(r"\s", "", block.text))] if block.text.strip() else []


def is_page_number(block: Block) -> bool:
    """A page number typed as text: — 2 —, －2－, - 2 -."""
    return isinstance(block, Paragraph) and not block.images and bool(_PAGE_NUMBER.match(block.text.strip()))


def _blank(block: Block) -> bool:
    return isinstance(block, Paragraph) and not block.text and not block.images


def start(blocks: list[Block], first: int) -> int:
    """Where the 版记 begins (len(blocks) when there is none): the earliest of the last lines that is a
    版记 entry, a 抄送 line's continuation, or the 印发机关 above an 印发日期."""
    lines = [i for i in range(len(blocks) - 1, first - 1, -1) if not _blank(blocks[i])][:_MAX_LINES]
    found, below = len(blocks), ""
    for i in lines:
        block_texts = texts(blocks[i])
        if any(_MARKER.search(t) for t in block_texts):
            found = i  # what lies between this entry and the end is 版记 too (a wrapped 抄送 line)
        elif _ISSUED.search(below) and len(block_texts) == 1 and _ORGAN_LINE.match(block_texts[0]):
            found = i  # 印发机关 on its own line above the 印发日期
        elif not (isinstance(blocks[i], Paragraph) and block_texts and _CONTINUES.match(block_texts[0])):
            break  # a line of the text or a picture: a continuation line above it would be no 抄送's
        below = block_texts[0] if block_texts else ""
    return found

