"""The 版头 of a 公文: the 发文机关标志 and 发文字号 above the title, wherever the template put them.

Three layouts are common: lines (“某某人民政府办公室文件”, then the 发文字号); a table of one or two
rows holding the organ's name, the 发文字号 and perhaps the 签发人; and the 信函格式 of a 函, the
organ's name alone over a rule, with no 发文字号 or one set right under it. All of it is read as
metadata and none of it is published.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.importing import colophon, metadata
from gongkai.importing.docx_reader import Block, Paragraph

#: how far into the file the 版头 and 发文字号 may be (份号, 密级 and 紧急程度 come first)
HEAD_BLOCKS = 12
_HEAD_SUFFIX = "文件"


@dataclass
class Head:
    start: int = 0  # where the title may start
    lines: list[str] = field(default_factory=list)
    doc_number: str = ""
    warnings: list[str] = field(default_factory=list)


def _lines(block: Block) -> list[str]:
    return colophon.texts(block) if not isinstance(block, Paragraph) else ([block.text] if block.text else [])


def read(blocks: list[Block]) -> Head:
    """The 版头 lines and 发文字号 above the 主送机关 (a line ending in “：”), and where the title may start."""
    window = _window(blocks)
    for i, block in enumerate(window):
        for line in _lines(block):
            number = metadata.doc_number(line, opening=True)  # a title citing another number is no 发文字号
            if number:
                above = [t for b in blocks[:i] for t in _lines(b)]
                return Head(i + 1, above + [t for t in _lines(block) if t != line], number)
    for i, block in enumerate(window):
        for line in _lines(block):
            if line.endswith(_HEAD_SUFFIX) and len(line) <= 40 and (block.align == "center" if
                                                                     isinstance(block, Paragraph) else True):
                return Head(i + 1, _lines(block))
    return _letter(window)


def marks(blocks: list[Block]) -> list[str]:
    """The 密级 and 保密期限 marks (机密★1年, 内部资料) above the 主送机关, where GB/T 9704 sets them beside the
    份号 and 紧急程度: the 版头 is never published, and a document carrying one is not public."""
    found = []
    for block in _window(blocks):
        paragraphs = [p for row in block.rows for cell in row for p in cell] if not isinstance(block, Paragraph) \
            else [block]
        found += [mark for p in paragraphs for line in p.text.split("\n") if (mark := metadata.secrecy(line))]
    return list(dict.fromkeys(found))


def _window(blocks: list[Block]) -> list[Block]:
    """Where the 版头 may be: the first blocks, down to the 主送机关 (a line ending in “：”)."""
    window = blocks[:HEAD_BLOCKS]
    return window[:next((i for i, b in enumerate(window) if any(t.endswith(("：", ":")) for t in _lines(b))),
                        len(window))]


def _letter(window: list[Block]) -> Head:
    """信函格式: the organ's name on the first line, then a centred title; a lone organ name is only warned about."""
    filled = [i for i, b in enumerate(window) if isinstance(b, Paragraph) and b.text]
    if not filled or not metadata.is_organ(window[filled[0]].text):
        return Head()
    first = window[filled[0]]
    if first.align != "center" and first.heading not in (0, 1):
        return Head()  # not set as a title either: it stays in the text
    following = window[filled[1]] if len(filled) > 1 else None
    if following is not None and (following.align == "center" or following.heading in (0, 1)) \
            and not metadata.is_organ(following.text):
        return Head(filled[0] + 1, [first.text])
    return Head(warnings=[f"第一行“{first.text}”像是发文机关名称（信函格式的版头），已作为标题导入："
                          "请对照 Word 文件核对标题，必要时改正 title 并把正文中的真标题删去"])
