"""Python-Markdown kept linear on any body, and a body nested too deep for it reported at its line.

Some of its steps redo work over the rest of the text for each thing they find, so a body of a few tens of
kilobytes could keep a build busy for minutes: each "[" scanned to the end of the paragraph for the "]"
closing it (10,000 "[" in a row took 10-17 s), every block was taken off and put back at the front of a
list (200,000 one-line paragraphs, 14 s), each definition of a definition list put the rest of its block
back to be tested again by every block rule (12,000 definitions, 20 s), and the table rule's test cut each
such rest into all its rows. Each is replaced here by a step that does the same in one pass; the output is
unchanged (tests/test_bad_markdown_and_templates.py compares it with stock Python-Markdown's). Lists nested
hundreds deep exhaust Python's stack instead: an error at the line, found before Python-Markdown starts.
"""
from __future__ import annotations

import collections
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import LinkInlineProcessor

#: levels of lists (and definitions) inside each other a body may have: real documents have two or three
MAX_DEPTH = 50
#: the link patterns that look for the "]" closing a "[" (Python-Markdown's names)
_LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref")
_BRACKET = re.compile(r"[\[\]]")
#: a line's indentation and the list, definition and quote markers it starts with
_MARKERS = re.compile(r"[ ]*((?:(?:[-*+]|\d{1,9}[.)]|:)[ ]+|>[ ]*)*)")
_LIST_MARKER = re.compile(r"[-*+:]|\d+")
#: a line that may be nested that deep: each level takes a character at least (a tab, a marker, a digit)
_DEEP = re.compile(r"^[ \t>*+:.)\d-]{%d,}" % (MAX_DEPTH + 1), re.M)
_RULE = re.compile(r"[ ]{0,3}(?:(?:-[ ]*)+|(?:\*[ ]*)+|(?:_[ ]*)+)")  # "- - -": a rule, not a list
_DEFINITION = re.compile(r"[ ]{0,3}:[ ]{1,3}")
#: what lets a block rule tried before definitions take the rest of a block: its first line starting a list or
#: a stashed HTML block or holding a table's "|", its second a heading's underline (a heading or a rule on any
#: line of the block would have taken all of it before it came to definitions)
_OTHER_START = re.compile(r"[ ]{0,3}(?:[-*+]|\d+[.)])(?:[ ]|$)|\x02|.*\|")
_UNDERLINE = re.compile(r"[=-]+[ ]*")
_PIPE_IN_FIRST_LINE = re.compile(r"[^\n]*\|")
DEPTH_MESSAGE = "列表嵌套过深（超过 {limit} 层），无法生成：请检查这一行开头的缩进和“- ”“1. ”等列表标记"
RECURSION_MESSAGE = "正文的列表、引用或 HTML 嵌套过深，无法生成：请减少嵌套的层数"


def install(md: markdown.Markdown) -> None:
    """Put the linear steps in place of Python-Markdown's own."""
    for name in _LINK_PATTERNS:
        old = md.inlinePatterns[name]
        priority = md.inlinePatterns._priority[md.inlinePatterns.get_index_for_name(name)].priority
        md.inlinePatterns.register(_linear(type(old))(old.pattern, md), name, priority)
    md.parser.blockprocessors.register(Definitions(md.parser), "deflist", 25)
    md.parser.blockprocessors.register(Tables(md.parser, md.parser.blockprocessors["table"].config), "table", 75)
    parser = md.parser
    parser.parseChunk = lambda parent, text: parser.parseBlocks(parent, Blocks(text.split("\n\n")))


def convert(md: markdown.Markdown, text: str, first_line: int) -> tuple[str, list[tuple[int, str, str]]]:
    """The body as HTML, or "" and the error at the line nested too deep for Python-Markdown."""
    for start in (m.start() for m in _DEEP.finditer(text)):
        end = text.find("\n", start)
        if _depth(text[start:end if end >= 0 else None]) > MAX_DEPTH:
            return "", [(first_line + text.count("\n", 0, start), "error", DEPTH_MESSAGE.format(limit=MAX_DEPTH))]
    try:
        return md.convert(text), []
    except RecursionError:  # nested some other way (HTML blocks, lazy definitions): the body as a whole
        return "", [(first_line, "error", RECURSION_MESSAGE)]


def _depth(line: str) -> int:
    """How deep the line's list item is nested: a level for each 4 spaces of indentation and each marker."""
    line = line.expandtabs(4)
    marks = _MARKERS.match(line)
    if not marks.group(1) or _RULE.fullmatch(line):
        return 0
    return marks.start(1) // 4 + len(_LIST_MARKER.findall(marks.group(1)))


class _Closing:
    """Where each "[" of a text is closed, found in one pass and kept for the texts made from it: matching a
    link puts a placeholder in place of what it matched and goes on after it, so the rest is as it was."""

    def __init__(self) -> None:
        self.text, self.start, self.ends = "", 0, {}  # ends: "[" -> its "]", each counted from the text's end

    def find(self, text: str, at: int) -> int | None:
        """Where the "]" closing the "[" at `at` is, or None."""
        size = len(text) - at
        if not (text is self.text and at >= self.start):
            kept = len(self.text) - self.start
            if size > kept or text[at:] != self.text[len(self.text) - size:]:
                self._scan(text, at)
            self.text, self.start = text, at
        end = self.ends.get(size)
        return None if end is None else len(text) - end

    def _scan(self, text: str, at: int) -> None:
        self.ends, opened = {}, []
        for bracket in _BRACKET.finditer(text, at):
            if bracket.group() == "[":
                opened.append(len(text) - bracket.start())
            elif opened:
                self.ends[opened.pop()] = len(text) - bracket.start()


_LINEAR: dict[type, type] = {}


def _linear(kind: type) -> type:
    """Python-Markdown's link pattern `kind`, finding the closing "]" in a table made once per text."""
    if kind not in _LINEAR:
        def get_text(self: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
            """As Python-Markdown's getText, whose pattern matched the "[" just before `index`."""
            if "_closing" not in self.__dict__:
                self._closing = _Closing()
            close = self._closing.find(data, index - 1)
            return ("", len(data), False) if close is None else (data[index:close], close + 1, True)
        _LINEAR[kind] = type(kind.__name__, (kind,), {"getText": get_text})
    return _LINEAR[kind]


class Blocks(collections.deque):
    """The blocks of a body, taken from and put back at the front in constant time (a list moves all the
    others each time); the block rules use pop(0), insert(0, …), [0] and truth alone."""

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        return self.popleft() if index == 0 else super().pop()


class Tables(TableProcessor):
    """Python-Markdown's tables, whose test cut every block it was asked about into rows, all of them: a block
    with no "|" in its first line is no table, and the rest of a block put back after each heading, rule or
    definition is asked about again (12,000 headings in one block took 10 s)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_PIPE_IN_FIRST_LINE.match(block)) and super().test(parent, block)


class Definitions(DefListProcessor):
    """Python-Markdown's definition lists, a block of many definitions read a definition at a time: the rest of
    the block it puts back after each was tried by every other block rule again, each reading all of it. A rest
    another rule would take (_OTHER_START, _UNDERLINE) is put back as before."""

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        lines = blocks[0].split("\n")
        starts = _starts(lines)
        if len(starts) < 2:
            return super().run(parent, blocks)
        whole, blocks[0] = blocks[0], "\n".join(lines[:starts[1]])
        if super().run(parent, blocks) is False:  # no terms: not a definition list, the block as it was
            blocks[0] = whole
            return False
        for start, end in zip(starts[1:], starts[2:] + [len(lines)]):
            piece = "\n".join(lines[start:end])
            second = lines[start + 1] if start + 1 < len(lines) else ""
            if _OTHER_START.match(lines[start]) or _UNDERLINE.fullmatch(second) or not self.RE.search(piece):
                blocks.insert(0, "\n".join(lines[start:]))  # the rest, as Python-Markdown puts it back
                break
            super().run(parent, [piece])
        return None


def _starts(lines: list[str]) -> list[int]:
    """The first line of each piece DefListProcessor cuts a block into: a definition and the indented lines
    after it end one (a definition followed by an unindented line takes all the rest)."""
    starts, at = [0], 0
    while at < len(lines):
        while at < len(lines) and not _DEFINITION.match(lines[at]):
            at += 1
        at += 1
        if at < len(lines) and DefListProcessor.NO_INDENT_RE.match(lines[at]):
            break
        while at < len(lines) and (lines[at].startswith("    ") or not lines[at].strip()):
            at += 1
        if at < len(lines):
            starts.append(at)
    return starts
