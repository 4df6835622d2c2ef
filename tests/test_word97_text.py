"""The text of a Word 97-2003 file (.doc) read place by place (word97_text), so its personal information is found
like a .docx's: from files LibreOffice wrote (tests/make_legacy_doc.py), and from copies edited here, stream by
stream, into what LibreOffice does not write: an encrypted file, a Word 95 one, a damaged one, 8-bit text."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path
from typing import Callable, Optional

import olefile
import pytest

from gongkai.engine import privacy, word97_text
from gongkai.engine.pieces import UNCHECKED
from gongkai.engine.word_text import DELETED

LEGACY = Path(__file__).resolve().parent / "legacy"
PARTS, ASCII = "word97_parts.doc", "word97_ascii.doc"
MOBILE, ID = "13912345678", "11010519491231002X"
#: where the FIB keeps the flags, the character counts (ccpText the first) and the table stream's structures
FLAGS, COUNTS, STRUCTURES = 10, 64 + 12, 154
#: the structures of FibRgFcLcb97 the tests edit: the piece table (Clx), SttbfAssoc and PlcBteChpx
CLX, ASSOCIATED, CHARACTER_RUNS = 33, 32, 12
#: SttbfBkmk and StwUser: the bookmarks' names and the document variables
BOOKMARKS, VARIABLES = 21, 60
Edit = Callable[[bytearray], None]


def read(path: Path) -> list[tuple[str, str]]:
    with olefile.OleFileIO(path) as ole:
        return list(word97_text.read(ole))


def found(pieces: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(place, privacy-id or privacy-mobile) for each number privacy finds in the pieces."""
    return {(where, code) for where, text in pieces for _, _, code in privacy.findings(text, [])}


def edited(tmp_path: Path, name: str, word: Optional[Edit] = None, table: Optional[Edit] = None) -> Path:
    """A copy of a fixture with its WordDocument and table streams edited in place (olefile rewrites a stream of
    the same size only)."""
    path = tmp_path / name
    shutil.copyfile(LEGACY / name, path)
    with olefile.OleFileIO(path, write_mode=True) as ole:
        for stream, edit in (("WordDocument", word), ("1Table", table)):
            if edit:
                data = bytearray(ole.openstream(stream).read())
                edit(data)
                ole.write_stream(stream, bytes(data))
    return path


def put(layout: str, at: int, *values: int) -> Edit:
    return lambda data: struct.pack_into(layout, data, at, *values)


def both(*edits: Edit) -> Edit:
    def edit(data: bytearray) -> None:
        for one in edits:
            one(data)
    return edit


def moved(index: int, size: int) -> Edit:
    """The FIB's structure `index` at the start of the table stream (over the style sheet, which is not read)."""
    return put("<II", STRUCTURES + 8 * index, 0, size)


def test_every_place_of_a_doc_and_only_there():
    mobile, id_number = "privacy-mobile", "privacy-id"
    assert found(read(LEGACY / PARTS)) == {
        ("第 1 段", mobile), ("第 2 段", id_number), ("第 4 段", mobile), ("第 5 段" + DELETED, mobile),
        ("脚注第 1 段", mobile), ("页眉页脚第 1 段", mobile), ("页眉页脚第 2 段", id_number), ("批注第 1 段", id_number),
        ("尾注第 1 段", id_number), ("文本框第 1 段", mobile), ("页眉页脚的文本框第 1 段", id_number),
        ("批注作者", mobile), ("修订作者", id_number)}


def test_each_place_holds_its_own_text():
    """Each text names its place (make_legacy_doc): a part read from the wrong characters would show it."""
    pieces = dict(read(LEGACY / PARTS))
    assert pieces["第 1 段"] == f"正文电话 {MOBILE}"
    assert pieces["页眉页脚第 1 段"] == f"页眉电话 {MOBILE}" and pieces["页眉页脚第 2 段"] == f"页脚身份证 {ID}"
    assert pieces["文本框第 1 段"] == f"文本框电话 {MOBILE}"
    assert pieces["页眉页脚的文本框第 1 段"] == f"页眉文本框 {ID}"
    for place, text in (("脚注", f"脚注电话 {MOBILE}"), ("尾注", f"尾注身份证 {ID}"), ("批注", f"批注身份证 {ID}")):
        assert pieces[f"{place}第 1 段"].strip() == text  # after the note's or comment's mark, a space
    assert pieces["批注作者"] == f"批注人 {MOBILE}"


def test_table_cells_are_paragraphs():
    pieces = dict(read(LEGACY / PARTS))
    assert (pieces["第 2 段"], pieces["第 3 段"]) == (f"表格身份证 {ID}", "第二格")


def test_a_field_code_is_read_without_its_marks():
    """HYPERLINK "tel:…": the code and the result Word shows, the field's marks spaces; no control character
    is left in any text."""
    pieces = read(LEGACY / PARTS)
    field = dict(pieces)["第 4 段"]
    assert field.split() == ["域代码", "HYPERLINK", f'"tel:{MOBILE}"', "拨打电话"]
    assert not [text for _, text in pieces if any(ord(c) < 0x20 and c not in "\t\n" for c in text)]


def test_a_number_deleted_by_a_tracked_change_is_apart_from_the_one_typed_after_it():
    """Read as one, 13912345678010-12345678 would hold no number."""
    pieces = dict(read(LEGACY / PARTS))
    assert pieces["第 5 段"] == "修订电话 010-12345678。"
    assert pieces["第 5 段" + DELETED] == MOBILE


def test_8_bit_and_utf16_pieces_out_of_order(tmp_path):
    """The ASCII file's text, one UTF-16 piece as LibreOffice writes it, rewritten as two split inside a number:
    the first 8-bit (compressed, with the curly quotes 0x93 and 0x94 of its own code page), stored after the
    second, in UTF-16."""
    text = f"Tel {MOBILE}\rID {ID}\r"
    assert read(LEGACY / ASCII) == [("第 1 段", f"Tel {MOBILE}"), ("第 2 段", f"ID {ID}")]
    first, rest = b"\x93T\x94 13912", text[9:]
    start, after = 0x800, 0x800 + 2 * len(rest)  # where LibreOffice writes the text, and after the second piece
    clx = struct.pack("<BI3i", 2, 28, 0, len(first), len(text))  # a Pcdt of 3 CPs, 2 Pcds
    clx += struct.pack("<HIHHIH", 0, after * 2 | 0x40000000, 0, 0, start, 0)

    def pieces(data: bytearray) -> None:
        assert data[start:start + 2 * len(text)] == text.encode("utf-16-le")
        data[start:after + len(first)] = rest.encode("utf-16-le") + first
    path = edited(tmp_path, ASCII, both(pieces, moved(CLX, len(clx))), put(f"<{len(clx)}s", 0, clx))
    assert read(path) == [("第 1 段", f"\u201cT\u201d {MOBILE}"), ("第 2 段", f"ID {ID}")]


def test_associated_strings(tmp_path):
    """SttbfAssoc (the template, the title, the author…), which LibreOffice leaves empty: one written here."""
    author = f"张三 {MOBILE}"
    sttb = struct.pack("<HHHHH", 0xFFFF, 2, 0, 0, len(author)) + author.encode("utf-16-le")  # "" and the author
    path = edited(tmp_path, PARTS, moved(ASSOCIATED, len(sttb)), put(f"<{len(sttb)}s", 0, sttb))
    assert ("关联信息", author) in read(path)


def test_bookmark_names(tmp_path):
    """SttbfBkmk: a bookmark's name, which Word shows only in 插入 > 书签."""
    sttb = struct.pack("<HHHH", 0xFFFF, 2, 0, 7) + "_GoBack".encode("utf-16-le") \
        + struct.pack("<H", 13) + f"王五{MOBILE}".encode("utf-16-le")
    path = edited(tmp_path, PARTS, moved(BOOKMARKS, len(sttb)), put(f"<{len(sttb)}s", 0, sttb))
    assert [piece for piece in read(path) if piece[0] == "书签名称"] == [("书签名称", "_GoBack"), ("书签名称", f"王五{MOBILE}")]


def test_document_variables(tmp_path):
    """StwUser: the variables' names (an STTB whose strings each have 4 bytes more), then each one's value."""
    names = [("申请人", f"身份证号 {ID}"), ("经办", f"电话 {MOBILE}")]
    sttb = struct.pack("<HHH", 0xFFFF, len(names), 4) + b"".join(
        struct.pack("<H", len(name)) + name.encode("utf-16-le") + bytes(4) for name, _ in names) + b"".join(
        struct.pack("<H", len(value)) + value.encode("utf-16-le") for _, value in names)
    path = edited(tmp_path, PARTS, moved(VARIABLES, len(sttb)), put(f"<{len(sttb)}s", 0, sttb))
    assert [piece for piece in read(path) if piece[0].startswith("文档变量")] == [
        (f"文档变量“{name}”", value) for name, value in names]
    assert found(read(path)) >= {("文档变量“申请人”", "privacy-id"), ("文档变量“经办”", "privacy-mobile")}


@pytest.mark.parametrize("language, name", [(0x0804, f"张三 {MOBILE}"), (0x0409, f"\u201cO'Brien\u201d {MOBILE}")],
                         ids=["Chinese", "Western"])
def test_associated_strings_of_8_bits_in_the_documents_code_page(tmp_path, language, name):
    """An STTB without fExtend, as some writers save SttbfAssoc: its strings in the code page of the FIB's
    language (GBK for Chinese, Windows-1252 else)."""
    encoded = name.encode("gbk" if language == 0x0804 else "cp1252")
    sttb = struct.pack("<HHBB", 2, 0, 0, len(encoded)) + encoded  # "" and the author
    path = edited(tmp_path, PARTS, both(moved(ASSOCIATED, len(sttb)), put("<H", 6, language)),
                  put(f"<{len(sttb)}s", 0, sttb))
    assert ("关联信息", name) in read(path)


def test_an_encrypted_doc_is_unchecked(tmp_path):
    path = edited(tmp_path, PARTS, lambda data: data.__setitem__(FLAGS + 1, data[FLAGS + 1] | 0x01))  # fEncrypted
    assert read(path) == [(UNCHECKED, "文件已加密")]


@pytest.mark.parametrize("edit", [put("<H", 2, 0x68), put("<HH", 0, 0xA5DC, 0x65), put("<HH", 0, 0xA699, 0x68)],
                         ids=["Word 95", "Word 6", "Word 95 of another wIdent"])
def test_a_word_95_doc_is_unchecked(tmp_path, edit):
    assert read(edited(tmp_path, PARTS, edit)) == [(UNCHECKED, "文件是 Word 95 或更早版本的格式")]


def in_structure(index: int, offset: Callable[[int], int], layout: str, value: int) -> Edit:
    """An edit of the table stream's structure `index` of PARTS, at `offset(its size)` in it."""
    def edit(table: bytearray) -> None:
        with olefile.OleFileIO(LEGACY / PARTS) as ole:
            start, size = struct.unpack_from("<II", ole.openstream("WordDocument").read(), STRUCTURES + 8 * index)
        struct.pack_into(layout, table, start + offset(size), value)
    return edit


def first_place(size: int) -> int:
    """Where a Clx of `size` bytes (a Pcdt alone) holds its first piece's FcCompressed: after the Pcdt's 5 bytes,
    the CPs and the Pcd's flags."""
    return 5 + 4 * ((size - 9) // 12 + 1) + 2


#: a damaged file: (its WordDocument's edit, its table stream's, what the ValueError says)
DAMAGED = {
    "not a Word file": (put("<H", 0, 0x1234), None, "not a Word document"),
    "no such table stream": (lambda data: data.__setitem__(FLAGS + 1, data[FLAGS + 1] & ~0x02), None, "no 0Table"),
    "piece table beyond the table stream": (put("<I", STRUCTURES + 8 * CLX + 4, 10 ** 6), None, "beyond the table"),
    "no piece table": (None, lambda data: data.__setitem__(slice(None), bytes(len(data))), "no piece table"),
    "more text than the stream holds": (put("<i", COUNTS, 10 ** 6), None, "more characters"),
    "a negative count": (put("<i", COUNTS + 4, -1), None, "more characters"),
    "more text than the pieces": (put("<i", COUNTS, 4000), None, "short of the text"),
    "a piece beyond the stream": (None, in_structure(CLX, first_place, "<I", 10 ** 7), "piece beyond"),
    # the first page number of PlcBteChpx, after its two FCs
    "formatting beyond the stream": (None, in_structure(CHARACTER_RUNS, lambda size: 8, "<I", 10 ** 5),
                                     "character formatting"),
}


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_doc_raises(tmp_path, damage):
    word, table, message = DAMAGED[damage]
    with pytest.raises(ValueError, match=message):
        read(edited(tmp_path, PARTS, word, table))
