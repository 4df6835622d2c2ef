"""The text of a Word 97-2003 document (.doc, [MS-DOC]), so that personal information in a legacy Word file is
found like a .docx's: a .doc 名单 with identity numbers is published as readily as any other attachment.

All the text of a .doc is one run of characters in the WordDocument stream, found through the piece table (Clx)
of the table stream: the body, then the footnotes, the headers and footers, the comments, the endnotes and the
text boxes (FibRgLw97 counts each one's characters). Each is read paragraph by paragraph, a table's cells and
rows ending as paragraphs do, so each cell with text counts as a paragraph of its own; paragraphs without text
are not counted. Hidden text and field codes (a HYPERLINK "tel:…" holds a number) are read in their paragraph,
as Word keeps them. So is text deleted by a tracked change, which a .doc keeps among the rest, marked only by
its formatting; where that is a run's (a Chpx's sprmCFRMarkDel, as Word and LibreOffice save), it is a piece
of its own after its paragraph's (word_text.DELETED), so that a number deleted and the one typed in its place
are not read as one (a fast save's formatting of pieces, a Pcd's Prm, is not read for it). The names the table
stream keeps of the people who commented or revised, the strings associated with the document (its template,
title, author: SttbfAssoc), the bookmarks' names and the document variables (StwUser) are read too.

A file whose text cannot be read for certain is never passed as read: one that is encrypted or from Word 95 or
earlier (another format) is said unchecked; a damaged one raises ValueError.
"""
from __future__ import annotations

import re

import olefile

from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED
from gongkai.engine.structures import ascii_runs, chars, stream, unpack
from gongkai.engine.word_text import DELETED

#: how the FIB (the document's header) starts: Word 97 and later, and Word 6 and 95
_WORD97, _WORD6 = 0xA5EC, 0xA5DC
#: the FIB's version (nFib) of Word 97: older files are of another format; those of Word 6 and 95, which mark a
#: file of theirs whatever its wIdent (one of Word 95 with Chinese fonts has 0xA699)
_NFIB_WORD97, _NFIB_WORD6 = 0x00C1, range(0x0065, 0x006A)
#: the code page of 8-bit strings by the FIB's language (lid): Chinese, Japanese, Korean; Western else
_CODE_PAGES = {0x0804: "cp936", 0x1004: "cp936", 0x0404: "cp950", 0x0C04: "cp950", 0x0411: "cp932", 0x0412: "cp949"}
#: FibBase's flags: the file is encrypted (or obfuscated), the table stream is 1Table
_ENCRYPTED, _TABLE_1 = 0x0100, 0x0200
#: the index of a structure in FibRgFcLcb97, whose (offset, size) in the table stream the FIB holds
_CHARACTER_RUNS, _BOOKMARKS, _ASSOCIATED, _PIECE_TABLE, _COMMENT_AUTHORS, _REVISION_AUTHORS = 12, 21, 32, 33, 36, 51
#: the drawings of the document and its headers (OfficeArtContent: each shape's properties, a WordArt's or a
#: watermark's text, a shape's name, description and hyperlink among them), read as runs of characters
_DRAWINGS = 50
#: the document variables (StwUser)
_VARIABLES = 60
#: FibRgFcLcb97's number of (offset, size) pairs, which a Word 97 FIB has at least
_WORD97_PAIRS = 0x5D
#: the parts of the text in the order of their characters (FibRgLw97's ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn,
#: ccpEdn, ccpTxbx, ccpHdrTxbx), as a place's name begins; the macro part is empty in every Word 97 file
_PARTS = ("", "脚注", "页眉页脚", "宏", "批注", "尾注", "文本框", "页眉页脚的文本框")
#: a piece's offset in the WordDocument stream, and its flag for 8-bit characters
_OFFSET, _COMPRESSED = 0x3FFFFFFF, 0x40000000
#: the 8-bit characters that are not the Unicode character of their value ([MS-DOC] FcCompressed)
_EIGHT_BIT = str.maketrans({
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020", 0x87: "\u2021",
    0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152", 0x91: "\u2018",
    0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178"})
#: a page of runs of character formatting (ChpxFkp), and the most runs one holds
_PAGE, _MOST_RUNS = 512, 0x65
#: the formatting that marks text deleted by a tracked change (sprmCFRMarkDel), and its values that do: on, and
#: the opposite of the style's (which is off)
_DELETION, _TURNED_ON = 0x0800, (0x01, 0x81)
#: the size of a formatting's operand by the top three bits of its sprm; None: its first byte tells
_OPERAND_SIZES = (1, 1, 2, 4, 2, 2, None, 3)
#: between two deletions of a paragraph: a blank line, across which no number is joined
_CUT = "\n\n"
#: the end of a paragraph, and of a table's cell or row (段落标记, 单元格标记)
_PARAGRAPH_END = re.compile("[\r\x07]")
#: Word's special characters as the text shows them: a line, page, section or column break as a line break, a
#: non-breaking hyphen as a hyphen, an optional hyphen as the soft hyphen it is (shown only at the end of a line,
#: which privacy reads through); every other one (a field's begin, separator and end, a picture, a note's or a
#: comment's mark, a drawing's anchor) as a space, so that no number is made of the text on either side of it
_SHOWN = str.maketrans({**{code: " " for code in range(0x20) if code != 0x09},
                        0x0A: "\n", 0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x1E: "-", 0x1F: "\u00ad"})


def read(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Pieces:
    """Each paragraph of the document stored at `root` in `ole` (第 N 段, 脚注第 N 段, 页眉页脚第 N 段,
    批注第 N 段, 尾注第 N 段, 文本框第 N 段, 页眉页脚的文本框第 N 段; what a tracked change deleted from it
    after, at its place and word_text.DELETED), then each comment author (批注作者), revision author (修订作者),
    associated string (关联信息), bookmark name (书签名称) and document variable (文档变量“名称”), and what its
    drawings hold (图形的数据: a watermark's text, as runs of characters); (UNCHECKED, why) alone for an
    encrypted file or one of Word 95 or earlier."""
    word = stream(ole, [*root, "WordDocument"])
    ident, version, _, language, _, flags = unpack("<6H", word, 0)
    if ident not in (_WORD97, _WORD6) and version not in _NFIB_WORD6:
        raise ValueError("not a Word document")
    if ident != _WORD97 or version < _NFIB_WORD97:
        yield UNCHECKED, "文件是 Word 95 或更早版本的格式"
        return
    if flags & _ENCRYPTED:
        yield UNCHECKED, "文件已加密"
        return
    counts, places = _fib(word)
    table = stream(ole, [*root, "1Table" if flags & _TABLE_1 else "0Table"])
    pieces = _pieces(_block(table, places, _PIECE_TABLE), sum(counts))
    text = "".join(_piece(word, place, length) for place, length in pieces)
    marks = _deleted(word, _block(table, places, _CHARACTER_RUNS), pieces)
    start = 0
    for part, count in zip(_PARTS, counts):
        yield from _paragraphs(text[start:start + count], marks[start:start + count], part)
        start += count
    code_page = _CODE_PAGES.get(language, "cp1252")
    for where, strings in (("批注作者", _xsts(_block(table, places, _COMMENT_AUTHORS))),
                           ("修订作者", _sttb(_block(table, places, _REVISION_AUTHORS), code_page)[0]),
                           ("关联信息", _sttb(_block(table, places, _ASSOCIATED), code_page)[0]),
                           ("书签名称", _sttb(_block(table, places, _BOOKMARKS), code_page)[0])):
        yield from ((where, string) for string in strings if string.strip())
    yield from _variables(_block(table, places, _VARIABLES), code_page)
    drawn = ascii_runs(_block(table, places, _DRAWINGS))
    if drawn:
        yield "图形的数据", drawn


def _fib(word: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The number of characters of each part of the text (FibRgLw97), which together are no more than the stream
    could hold, and the (offset, size) pairs of the table stream's structures (FibRgFcLcb97)."""
    words, = unpack("<H", word, 32)  # csw: FibRgW97's 16-bit values
    at = 34 + 2 * words
    longs, = unpack("<H", word, at)  # cslw: FibRgLw97's 32-bit values, ccpText the fourth
    if longs < 3 + len(_PARTS):
        raise ValueError("FIB without the character counts")
    counts = unpack(f"<{len(_PARTS)}i", word, at + 2 + 12)
    at += 2 + 4 * longs
    pairs, = unpack("<H", word, at)  # cbRgFcLcb
    if pairs < _WORD97_PAIRS:
        raise ValueError("FIB without the table stream's structures")
    if min(counts) < 0 or sum(counts) > len(word):
        raise ValueError("more characters than the WordDocument stream holds")
    return counts, unpack(f"<{2 * pairs}I", word, at + 2)


def _block(table: bytes, places: tuple[int, ...], index: int) -> bytes:
    """The structure `index` of FibRgFcLcb97 from the table stream, empty when the file has none."""
    start, size = places[2 * index], places[2 * index + 1]
    if start + size > len(table):
        raise ValueError(f"structure {index} beyond the table stream")
    return table[start:start + size]


def _pieces(clx: bytes, total: int) -> list[tuple[int, int]]:
    """Where the first `total` characters of the document are, from the pieces of its piece table (PlcPcd):
    each piece's place (FcCompressed) and number of characters, in the order of the text, wherever in the
    stream they are."""
    pieces = _piece_table(clx)
    count = (len(pieces) - 4) // 12
    if count < 1 or (len(pieces) - 4) % 12:
        raise ValueError("piece table of no whole number of pieces")
    positions = unpack(f"<{count + 1}i", pieces, 0)
    if positions[0] != 0 or positions[-1] < total or any(a >= b for a, b in zip(positions, positions[1:])):
        raise ValueError("piece table out of order or short of the text")
    found = []
    for n in range(count):
        if positions[n] >= total:
            break
        _, place, _ = unpack("<HIH", pieces, 4 * (count + 1) + 8 * n)  # a Pcd: flags, its FcCompressed, a Prm
        found.append((place, min(positions[n + 1], total) - positions[n]))
    return found


def _piece_table(clx: bytes) -> bytes:
    """The PlcPcd of a Clx, after the formatting of pieces (Prc) that may come before it."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:
        size, = unpack("<h", clx, at + 1)
        if size < 0:
            raise ValueError("formatting of a negative size in the piece table")
        at += 3 + size
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no piece table")
    size, = unpack("<I", clx, at + 1)
    if at + 5 + size > len(clx):
        raise ValueError("piece table beyond its Clx")
    return clx[at + 5:at + 5 + size]


def _bytes(place: int, length: int) -> tuple[slice, int]:
    """The bytes of a piece's `length` characters in the WordDocument stream, and the size of one: 8-bit at half
    its offset when compressed, else UTF-16LE at its offset."""
    offset = place & _OFFSET
    if place & _COMPRESSED:
        return slice(offset // 2, offset // 2 + length), 1
    return slice(offset, offset + 2 * length), 2


def _piece(word: bytes, place: int, length: int) -> str:
    """A piece's characters."""
    where, size = _bytes(place, length)
    data = word[where]
    if len(data) != size * length:
        raise ValueError("piece beyond the WordDocument stream")
    return data.decode("latin-1").translate(_EIGHT_BIT) if size == 1 else data.decode("utf-16-le", "replace")


def _deleted(word: bytes, runs: bytes, pieces: list[tuple[int, int]]) -> bytes:
    """A byte for each character of the text, 1 where a tracked change deleted it: the runs of character
    formatting (PlcBteChpx, each page of them once) that say so marked byte by byte over the stream (each byte
    once however the runs overlap), then read through the pieces as their characters are."""
    marked = bytearray(len(word))
    covered = 0
    for start, end in sorted(_deleted_runs(word, runs)):
        start, end = max(start, covered), min(end, len(marked))
        if start < end:
            marked[start:end] = b"\x01" * (end - start)
            covered = end
    return b"".join(marked[where][::size] for where, size in (_bytes(*piece) for piece in pieces))


def _deleted_runs(word: bytes, runs: bytes) -> list[tuple[int, int]]:
    """The stream's byte ranges whose character formatting (a ChpxFkp page's Chpx) marks them deleted."""
    count = (len(runs) - 4) // 8
    pages = {number & 0x3FFFFF for number in unpack(f"<{max(count, 0)}I", runs, 4 * (count + 1))}
    found = []
    for number in sorted(pages):
        page = word[number * _PAGE:(number + 1) * _PAGE]
        if len(page) != _PAGE or not 1 <= page[-1] <= _MOST_RUNS:
            raise ValueError("page of character formatting beyond the stream or damaged")
        bounds = unpack(f"<{page[-1] + 1}I", page, 0)
        for n in range(page[-1]):
            at = 2 * page[4 * len(bounds) + n]  # 0: no formatting of its own
            if at and _deletes(page[at + 1:at + 1 + page[at]]):
                found.append((bounds[n], bounds[n + 1]))
    return found


def _deletes(properties: bytes) -> bool:
    """Whether a run's character formatting (a Chpx's grpprl) marks it deleted by a tracked change."""
    at = 0
    while at + 2 < len(properties):
        sprm = properties[at] | properties[at + 1] << 8
        if sprm == _DELETION:
            return properties[at + 2] in _TURNED_ON
        at += 2 + (_OPERAND_SIZES[sprm >> 13] or 1 + properties[at + 2])
    return False


def _paragraphs(text: str, marks: bytes, part: str) -> Pieces:
    """The paragraphs of one part of the text that hold any, counted from 1 (第 N 段 after the part's name), what
    a tracked change deleted from each a piece of its own after it."""
    n = start = 0
    for paragraph in _PARAGRAPH_END.split(text):
        shown, deleted = _sides(paragraph, marks[start:start + len(paragraph)])
        start += len(paragraph) + 1
        if shown.strip() or deleted.strip():
            n += 1
            yield from ((f"{part}第 {n} 段{kind}", side) for kind, side in (("", shown), (DELETED, deleted))
                        if side.strip())


def _sides(paragraph: str, marks: bytes) -> tuple[str, str]:
    """A paragraph's text as Word shows it with the revisions accepted, and what they deleted, each deletion
    apart; the special characters as _SHOWN says."""
    if 1 not in marks:
        return paragraph.translate(_SHOWN), ""
    shown, deleted, at = [], [], 0
    for run in re.finditer(b"\x01+", marks):
        shown.append(paragraph[at:run.start()])
        deleted.append(paragraph[run.start():run.end()])
        at = run.end()
    shown.append(paragraph[at:])
    return "".join(shown).translate(_SHOWN), _CUT.join(deleted).translate(_SHOWN)


def _xsts(data: bytes) -> list[str]:
    """The strings of a GrpXstAtnOwners: each its count of UTF-16 characters, then them."""
    strings, at = [], 0
    while at < len(data):
        length, = unpack("<H", data, at)
        strings.append(chars(data, at + 2, length, 2, "utf-16-le"))
        at += 2 + 2 * length
    return strings


def _variables(data: bytes, code_page: str) -> Pieces:
    """The document variables (StwUser: what a template or an add-in stored in the file, never shown): an STTB of
    their names, then each one's value, its count of UTF-16 characters and them."""
    names, at = _sttb(data, code_page)
    for name in names:
        length, = unpack("<H", data, at)
        yield f"文档变量“{name}”", chars(data, at + 2, length, 2, "utf-16-le")
        at += 2 + 2 * length


def _sttb(data: bytes, code_page: str) -> tuple[list[str], int]:
    """The strings of an STTB, and where it ends: each its count of characters, then them and the extra bytes
    every string of it has; UTF-16 after fExtend (as Word 97 and later write SttbfRMark and SttbfAssoc), else
    8-bit in `code_page`, as some writers still save them."""
    if not data:
        return [], 0
    wide = data[:2] == b"\xff\xff"
    count, extra = unpack("<HH", data, 2 if wide else 0)
    strings, at, size = [], 6 if wide else 4, 2 if wide else 1  # the size of a count and of a character
    for _ in range(count):
        length, = unpack("<H" if wide else "<B", data, at)
        strings.append(chars(data, at + size, length, size, "utf-16-le" if wide else code_page))
        at += size * (1 + length) + extra
    return strings, at
