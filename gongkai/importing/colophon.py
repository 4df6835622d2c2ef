"""The 版记 of a 公文 (抄送, 印发机关和印发日期, 公开方式) and page numbers typed by hand.

None of it is published: the 版记 is for the paper copy, and its 公开方式 line is read
for the 公开属性. The 版记 is laid out many ways: 抄送 wrapped onto a second line with Enter,
印发机关 and 印发日期 on two lines or in two cells of a table row, at the end or before the pages of
the attachments, a rule set as an empty table below it. It is found by its entries wherever they
are, and only what belongs to an entry is taken with it: a line of the text or of an attachment
never is. Page numbers typed as text (“— 2 —”) appear wherever the author's page ended; they are
dropped everywhere.
"""
from __future__ import annotations

import re

from gongkai.importing.docx_reader import Block, Paragraph, Table

#: the colons Word and input methods type: full-width, ASCII, ratio (∶) and small (﹕, ︰)
COLONS = re.compile(r"[:：∶﹕︰]")

#: an entry a list of organs continues on the lines below it (抄送 wrapped with Enter)
_LISTING = re.compile(r"^(?:抄送|抄报|分送|发送|报送|主题词)：")
#: a line that opens a 版记 entry, or the 印发日期 line closing it
_MARKER = re.compile(r"^(?:抄送|抄报|分送|发送|报送|公开方式|公开属性|主题词)：|日印发$")
#: an entry no text opens a paragraph with: a 版记 wherever it is (报送：, 发送： may open a sentence of the
#: text, and are taken only beside such an entry or closing the document)
_ONLY_VERSO = re.compile(r"^(?:抄送|抄报|公开方式|公开属性|主题词)：|日印发$")
#: an 印发日期 on its line alone, the 印发机关 on the line above
_ISSUED_ALONE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年[^年]{1,6}日印发$")
#: one organ of a list: no sentence's punctuation or words, no year
_NAME = re.compile(r"^(?!.*\d{4}年)[^，。、：；！？.的要应将为了和]{2,30}$")
#: an organ's name on a line alone (the 印发机关): no punctuation, no parentheses (a 附注), no date
_ORGAN_LINE = re.compile(r"^(?!.*(?:\d{4}|[〇○零一二三四五六七八九]{4})年)[^，。、：；！？（）()]{2,40}$")
_PAGE_NUMBER = re.compile(r"^[-－—–―]{1,2}\s*[0-9０-９]{1,4}\s*[-－—–―]{1,2}$")


def texts(block: Block) -> list[str]:
    """A paragraph's text, or every paragraph of a table, cell by cell; spaces removed, and every colon
    one: 抄送∶ typed with the ratio sign an input method offers is a 抄送 line too."""
    if isinstance(block, Table):
        cells = {id(cell): cell for row in block.rows for cell in row}.values()
        return [COLONS.sub("：", re.sub(r"\s", "", p.text)) for cell in cells for p in cell if p.text.strip()]
    return [COLONS.sub("：", re.sub(r"\s", "", block.text))] if block.text.strip() else []


def footnotes(block: Block) -> list[str]:
    """The footnotes and endnotes of a paragraph, or of every paragraph of a table: texts leaves them out."""
    paragraphs = [p for row in block.rows for cell in row for p in cell] if isinstance(block, Table) else [block]
    notes = [s.footnote for p in {id(p): p for p in paragraphs}.values() for s in p.spans if s.footnote]
    return [COLONS.sub("：", re.sub(r"\s", "", note)) for note in notes]


def is_page_number(block: Block) -> bool:
    """A page number typed as text: — 2 —, －2－, - 2 -."""
    return isinstance(block, Paragraph) and not block.images and bool(_PAGE_NUMBER.match(block.text.strip()))


def _empty(block: Block) -> bool:
    """A blank line, or a table with nothing in it (a rule drawn as a table's border)."""
    paragraphs = [p for row in block.rows for cell in row for p in cell] if isinstance(block, Table) else [block]
    return all(not p.text and not p.images for p in paragraphs)


def _listed(text: str) -> bool:
    """A line of organs, as a 抄送 entry continues: 县政协办公室，县法院，县检察院。"""
    names = [name for name in re.split(r"[、，,；;]", text.rstrip("。.")) if name]
    return bool(names) and all(_NAME.match(name) for name in names)


def _entry(block: Block) -> bool:
    """A block holding a 版记 entry: a paragraph opening one, or a table of nothing else (its rows the
    entries, 印发机关 and 印发日期 in two cells)."""
    lines = texts(block)
    if isinstance(block, Table):
        return any(_MARKER.search(t) for t in lines) and all(
            _MARKER.search(t) or _listed(t) or _ORGAN_LINE.match(t) for t in lines)
    return bool(lines) and bool(_MARKER.search(lines[0]))


def split(blocks: list[Block], first: int) -> tuple[list[Block], list[str]]:
    """The blocks without the 版记, and the 版记's lines. An entry is looked for from `first` on;
    with it go the organs its 抄送 continues on, the 印发机关 above an 印发日期 alone, and the blank
    lines between them."""
    taken: set[int] = set()
    for i in range(first, len(blocks)):
        if i not in taken and _entry(blocks[i]):
            run = _run(blocks, i, first)
            if any(_ONLY_VERSO.search(t) for j in run for t in texts(blocks[j])) or \
                    all(_empty(block) for block in blocks[run[-1] + 1:]):
                taken.update(run)
    kept = [block for i, block in enumerate(blocks) if i not in taken]
    return kept, [line for i in sorted(taken) for line in texts(blocks[i])]


def _run(blocks: list[Block], i: int, first: int) -> list[int]:
    """The 版记 from the entry at `i` down to the last line that belongs to it."""
    run = [i]
    above = _above(blocks, i, first)
    if above is not None and _ISSUED_ALONE.match(texts(blocks[i])[0]):
        run.insert(0, above)
    listing = _continues(blocks[i])
    j, blank = i + 1, []
    while j < len(blocks):
        block = blocks[j]
        lines = texts(block)
        if _empty(block):
            blank.append(j)
        elif _entry(block):
            run += blank + [j]
            blank, listing = [], _continues(block)
        elif listing and isinstance(block, Paragraph) and len(lines) == 1 and _listed(lines[0]):
            run += blank + [j]
            blank = []
        elif len(lines) == 1 and _ORGAN_LINE.match(lines[0]) and _issued_below(blocks, j):
            run += blank + [j]
            blank, listing = [], False
        else:
            break
        j += 1
    return run


def _continues(block: Block) -> bool:
    """Whether an entry's list of organs may go on below it: a 抄送 line, not an 印发 or 公开方式 one."""
    lines = texts(block)
    return isinstance(block, Paragraph) and bool(_LISTING.match(lines[0])) and not lines[0].endswith("印发")


def _above(blocks: list[Block], i: int, first: int) -> int | None:
    """The line above `i` when it is an organ's name alone (the 印发机关 over its 印发日期)."""
    j = i - 1
    while j >= first and _empty(blocks[j]):
        j -= 1
    lines = texts(blocks[j]) if j >= first else []
    return j if len(lines) == 1 and isinstance(blocks[j], Paragraph) and _ORGAN_LINE.match(lines[0]) else None


def _issued_below(blocks: list[Block], j: int) -> bool:
    """Whether the next line that is not blank is an 印发日期 alone."""
    k = j + 1
    while k < len(blocks) and _empty(blocks[k]):
        k += 1
    lines = texts(blocks[k]) if k < len(blocks) else []
    return bool(lines) and bool(_ISSUED_ALONE.match(lines[0]))
