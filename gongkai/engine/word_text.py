"""The text of a Word document's body as Word shows it, from its WordprocessingML (office_text reads it from
the file): every paragraph, wherever it is, once. python-docx's paragraphs and tables leave out content
controls (w:sdt), text boxes (w:txbxContent, in a drawing or VML), tables in a table's cells and what
mc:AlternateContent holds; all of them are published with the file, so personal information in them is found
like the body's. So is what the file holds but Word shows only when asked: text deleted or moved away by a
tracked change (w:delText, w:moveFrom: shown when revisions are), field codes (w:instrText, a simple field's
w:instr: shown by Alt+F9) and an mc:Fallback's text where it differs from the choice Word reads (what other
programs show), each a piece of its own (DELETED, CODES, FALLBACK after the place's name), so that a finding
says where to look and deleted text is never joined with what is shown. One pass over the tree: each
element is visited once.
"""
from __future__ import annotations

from typing import Iterator
from xml.etree import ElementTree

Pieces = Iterator[tuple[str, str]]  # (where, as 第 2 段 or 表格 1 第 2 行第 3 列; text)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: what Word shows for a run's tab, line break and non-breaking hyphen
_SHOWN_AS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
#: a paragraph's and a run's properties: no text, but tab stops that are no tab
_NO_TEXT = {_W + "pPr", _W + "rPr"}
#: what a tracked change took away: deleted, or moved from here to another place
_TAKEN = {_W + "del", _W + "moveFrom"}
#: the kinds of text a place holds besides what Word shows, named as a finding's place ends
SHOWN, DELETED, CODES, FALLBACK = "", "修订删除的文字", "的域代码", "的替代内容（其他软件打开时显示）"
#: a break between two pieces of one kind that are not one text (two deletions with shown text between):
#: a blank line, across which no number is joined
_CUT = "\n\n"


class _Text:
    """What a paragraph (or the paragraphs of a cell or a text box, a line each) holds, kind by kind, and the
    text boxes anchored in it, whose text is their own."""

    def __init__(self) -> None:
        self.kinds: dict[str, list[str]] = {SHOWN: [], DELETED: [], CODES: [], FALLBACK: []}
        self.boxes: list[ElementTree.Element] = []

    def add(self, kind: str, text: str) -> None:
        """`text` of a kind; shown text between two deletions parts them."""
        if kind == SHOWN and text:
            self.cut(DELETED)
        self.kinds[kind].append(text)

    def cut(self, kind: str) -> None:
        """What comes next of `kind` is not one text with what came before it."""
        parts = self.kinds[kind]
        if parts and parts[-1] != _CUT:
            parts.append(_CUT)

    def end_line(self) -> None:
        """The end of a paragraph of a cell or a text box: each kind goes on on a line of its own."""
        for parts in self.kinds.values():
            parts.append("\n")

    def pieces(self, where: str) -> Pieces:
        """The shown text at `where` (even empty: a place is counted), then each other kind that holds any."""
        for kind, parts in self.kinds.items():
            text = "".join(parts)
            if kind == SHOWN or text.strip():
                yield where + kind, text


def body(root: ElementTree.Element) -> Pieces:
    """Each paragraph of a document (w:document) as 第 N 段, its text boxes after it; each cell of its tables as
    表格 N 第 R 行第 C 列, its paragraphs one piece (a line each, as the cell shows them)."""
    yield from _blocks(root, {"段": 0, "表格": 0})


def part(root: ElementTree.Element, where: str) -> Pieces:
    """Each paragraph of another part (a header, the footnotes, the comments) as `where`, its tables' cells as
    `where`表格 N 第 R 行第 C 列."""
    yield from _blocks(root, {"段": 0, "表格": 0}, where)


def _blocks(element: ElementTree.Element, count: dict[str, int], part_name: str = "") -> Pieces:
    """The paragraphs and tables of a part, through the content controls and other elements around them."""
    for child in _children(element):
        if child.tag == _W + "p":
            count["段"] += 1
            where = part_name or f"第 {count['段']} 段"
            text = _Text()
            _runs(child, text, SHOWN)
            yield from text.pieces(where)
            for box in text.boxes:
                yield from _cell(box, f"{where}的文本框")
        elif child.tag == _W + "tbl":
            count["表格"] += 1
            yield from _table(child, f"{part_name}表格 {count['表格']} ")
        else:
            yield from _blocks(child, count, part_name)


def _table(table: ElementTree.Element, where: str) -> Pieces:
    """Each cell of a table, at its row and its first grid column (a merged cell spans several)."""
    for r, row in enumerate(_outermost(table, _W + "tr"), 1):
        column = 1 + _number(row.find(f"{_W}trPr/{_W}gridBefore"))
        for cell in _outermost(row, _W + "tc"):
            yield from _cell(cell, f"{where}第 {r} 行第 {column} 列")
            column += _number(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)


def _cell(element: ElementTree.Element, where: str) -> Pieces:
    """A table cell's or a text box's paragraphs as one piece, a line each; then its tables and text boxes."""
    text = _Text()
    inner: list[ElementTree.Element] = []
    _gather(element, text, inner)
    yield from text.pieces(where)
    tables = 0
    for child in inner:
        if child.tag == _W + "tbl":
            tables += 1
            yield from _table(child, f"{where}内表格 {tables} ")
        else:
            yield from _cell(child, f"{where}的文本框")


def _gather(element: ElementTree.Element, text: _Text, inner: list[ElementTree.Element]) -> None:
    """Into `text`, each paragraph in `element` a line; into `inner`, the tables and text boxes in it, in
    document order."""
    for child in _children(element):
        if child.tag == _W + "p":
            _runs(child, text, SHOWN)
            text.end_line()
            inner += text.boxes
            text.boxes.clear()
        elif child.tag == _W + "tbl":
            inner.append(child)
        else:
            _gather(child, text, inner)


def _runs(element: ElementTree.Element, text: _Text, kind: str) -> None:
    """Into `text`, what `element` holds (through whatever holds its runs) as `kind`: SHOWN, or DELETED inside
    a tracked deletion; its field codes as CODES, its text boxes aside."""
    for child in element:
        tag = child.tag
        if tag == _W + "t":
            text.add(kind, child.text or "")
        elif tag in _SHOWN_AS:
            text.add(kind, _SHOWN_AS[tag])
        elif tag == _W + "delText" or tag == _W + "delInstrText":
            text.add(DELETED, child.text or "")
        elif tag == _W + "instrText":
            text.add(CODES if kind == SHOWN else kind, child.text or "")
        elif tag == _W + "fldChar" and child.get(_W + "fldCharType") == "begin":
            text.cut(CODES)
        elif tag == _W + "fldSimple":
            text.cut(CODES)
            text.add(CODES, child.get(_W + "instr", ""))
            text.cut(CODES)
            _runs(child, text, kind)
        elif tag == _W + "txbxContent":
            text.boxes.append(child)
        elif tag == _MC + "AlternateContent":
            _alternatives(child, text, kind)
        elif tag not in _NO_TEXT:
            _runs(child, text, DELETED if tag in _TAKEN else kind)


def _alternatives(element: ElementTree.Element, text: _Text, kind: str) -> None:
    """An mc:AlternateContent read as Word reads it, its first choice (or its fallback when it has none); its
    fallback, for programs that do not know the choice, read too: its text where it differs, its text boxes
    (the same place: a finding in both is reported once), what it deletes and its field codes."""
    choice, fallback = element.find(_MC + "Choice"), element.find(_MC + "Fallback")
    if choice is None:
        choice, fallback = fallback, None
    start = len(text.kinds[kind])
    if choice is not None:
        _runs(choice, text, kind)
    if fallback is None:
        return
    other = _Text()
    _runs(fallback, other, kind)
    text.boxes += other.boxes
    shown = "".join(other.kinds.pop(kind))
    if shown.strip() and shown != "".join(text.kinds[kind][start:]):
        text.cut(FALLBACK)
        text.add(FALLBACK, shown)
    for name, parts in other.kinds.items():
        if "".join(parts).strip():
            text.cut(name)
            text.kinds[name] += parts


def _children(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The children of `element`, an mc:AlternateContent's replaced by those of its first choice (or of its
    fallback when it has none): between paragraphs and tables, where Word writes none; in a paragraph,
    _alternatives reads both."""
    for child in element:
        if child.tag != _MC + "AlternateContent":
            yield child
            continue
        chosen = child.find(_MC + "Choice")
        if chosen is None:
            chosen = child.find(_MC + "Fallback")
        if chosen is not None:
            yield from _children(chosen)


def _outermost(element: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    """The elements `tag` in `element` not inside another (a table's rows through content controls around them,
    not those of a table in a cell)."""
    for child in _children(element):
        if child.tag == tag:
            yield child
        elif child.tag != _W + "tbl":
            yield from _outermost(child, tag)


def _number(element: ElementTree.Element | None, default: int = 0) -> int:
    """A w:val count (gridSpan, gridBefore), `default` when there is none or it is no number."""
    value = element.get(_W + "val", "") if element is not None else ""
    return int(value) if value.isdigit() else default
