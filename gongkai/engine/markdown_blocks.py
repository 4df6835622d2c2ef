"""Two block rules for text as Chinese offices write it, added to Python-Markdown.

Official text has one paragraph a line, and text pasted from Word keeps single line breaks
between paragraphs, which Markdown would join into one paragraph. With the site setting
`markdown.paragraph_per_line`, each line of ordinary text is its own paragraph; lists,
tables, code, HTML, quotes and definition lists are left as Markdown reads them.

Numbered items pasted from a longer text ("3. … 5. …") keep their numbers: Markdown would
renumber them 3, 4.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions.sane_lists import SaneOListProcessor
from markdown.preprocessors import Preprocessor

#: a line that starts a block Markdown reads as a whole: list item, quote, HTML (or a stashed HTML or
#: code block), indented code, footnote or reference definition
_BLOCK_START = re.compile(r"^(?: {0,3}(?:[-*+][ \t]|\d+[.)][ \t]|>|<|\[[^\]]*\]:)|\x02| {4}|\t)")
#: a line that belongs to the line before it: setext underline, attribute list, definition, hard break
_CONTINUES = re.compile(r"^ {0,3}(?:=+|-+|\{:.*|:[ \t].*)[ \t]*$")
_TABLE_RULE = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")


class ParagraphPerLine(Preprocessor):
    """Puts a blank line between two lines of ordinary text, making each a paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for block in _blocks(lines):
            out.extend(block if any("|" in line and _TABLE_RULE.match(line) for line in block) else _split(block))
        return out


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, each blank line a run of its own."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.strip() and blocks and blocks[-1][-1].strip():
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _split(block: list[str]) -> list[str]:
    out, whole = [block[0]], bool(_BLOCK_START.match(block[0]))
    for line in block[1:]:
        previous = out[-1]
        if not whole and not _CONTINUES.match(line) and not previous.endswith(("  ", "\\")):
            out.append("")
        whole = whole or bool(_BLOCK_START.match(line))
        out.append(line)
    return out


class NumberedList(SaneOListProcessor):
    """An ordered list that keeps the numbers written: an item out of sequence gets its own `value`."""

    def get_items(self, block: str) -> list[str]:
        self.numbers = [int(m.group(1)[:-1]) for m in map(self.CHILD_RE.match, block.split("\n")) if m]
        return super().get_items(block)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        super().run(parent, blocks)
        lst = self.lastChild(parent)
        if lst is None or lst.tag != "ol":
            lst = parent
        items = [li for li in lst if li.tag == "li"]
        added = len(self.numbers)
        expected = _number_after(lst, items[:len(items) - added])
        for li, number in zip(items[len(items) - added:], self.numbers):
            if number != expected:
                li.set("value", str(number))
            expected = number + 1


def _number_after(lst: etree.Element, items: list[etree.Element]) -> int:
    """The number the next item would show."""
    number = int(lst.get("start", "1")) - 1
    for li in items:
        number = int(li.get("value", number + 1))
    return number + 1
