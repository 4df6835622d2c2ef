"""The text of a PowerPoint 97-2003 presentation (.ppt, [MS-PPT]), so that personal information in a legacy
presentation is found like a .pptx's: a 政策解读 saved by an old PowerPoint was published unread, with a warning.

The "PowerPoint Document" stream is a tree of records (ppt_records). Text is read wherever it is, in the order of
the stream: texts (TextCharsAtom, TextBytesAtom), strings (CString: comments and their authors, headers and
footers, links, names, tags), shapes' names, alt text and WordArt (OfficeArtFOPT), and who saved the file last
(Current User). Each is named by what holds it: a slide's number is its place in the document's list of slides,
the order it is shown in, not its place in the stream (a slide moved stays where it was), found through the
persist directory of the last save; a slide an earlier save left in the stream is 演示文稿中的文字, never a number
that may be wrong, and so is every text when the saves cannot be followed to the last one. Embedded objects
(ExOleObjStg) are not read here: `embedded` gives them. An encrypted file or one of PowerPoint 95 or earlier is
said unchecked; one whose records cannot be walked raises ValueError.
"""
from __future__ import annotations

import zlib
from typing import Iterator, NamedTuple

import olefile

from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED
from gongkai.engine.ppt_records import header, records
from gongkai.engine.structures import stream, unpack

#: record types ([MS-PPT] RecordType): the document, its DocumentAtom, its lists (SlideListWithText: of slides,
#: masters or notes by instance) and their SlidePersistAtoms; a note, its NotesAtom, a master, a handout master;
#: the records that find the last save (CurrentUserAtom, UserEditAtom, PersistDirectoryAtom)
_DOCUMENT, _DOCUMENT_ATOM, _SLIDE_LIST, _SLIDE_PERSIST = 0x03E8, 0x03E9, 0x0FF0, 0x03F3
_NOTES, _NOTES_ATOM, _MAIN_MASTER, _HANDOUT = 0x03F0, 0x03F1, 0x03F8, 0x0FC9
_CURRENT_USER, _USER_EDIT, _PERSIST_DIRECTORY = 0x0FF6, 0x0FF5, 0x1772
#: text: TextCharsAtom, TextBytesAtom, CString, and how each is encoded (8-bit: each the low byte of a UTF-16 unit)
_CHARS, _BYTES, _STRING = 0x0FA0, 0x0FA8, 0x0FBA
_CODECS = {_CHARS: "utf-16-le", _BYTES: "latin-1", _STRING: "utf-16-le"}
#: what holds a string: a comment (Comment10Container: author, text, initials by instance), an author of comments
#: (CommentIndex10Container), headers and footers (HeadersFootersContainer), a hyperlink
_COMMENT, _COMMENT_AUTHOR, _HEADERS_FOOTERS, _HYPERLINK = 0x2EE0, 0x2EE4, 0x0FD9, 0x0FD7
#: an encrypted file's CryptSession10Container; an embedded object's storage (ExOleObjStg, also a macro project's
#: or a control's), compressed when its instance is 1; a shape's properties ([MS-ODRAW] OfficeArtFOPT, secondary,
#: tertiary)
_CRYPT_SESSION, _OBJECT_STORAGE, _PROPERTIES = 0x2F14, 0x1011, (0xF00B, 0xF121, 0xF122)
#: the properties read: WordArt text (gtextUNICODE), a shape's name (wzName), its alt text (wzDescription)
_SHAPE_PLACES = {0x00C0: "{}中的艺术字", 0x0380: "{}中图形的名称", 0x0381: "{}中图形的替代文字"}
#: the strings named by what holds them; others are 其他文字 (names, tags, an object's program)
_STRING_PLACES = {_HEADERS_FOOTERS: "{}的页眉页脚", _HYPERLINK: "{}中的超链接"}
#: what holds a text no list names: the whole presentation, or a record known by its type
_WHOLE, _KINDS = "演示文稿", {_MAIN_MASTER: "幻灯片母版", _HANDOUT: "讲义母版", _NOTES: "备注"}
#: a CurrentUserAtom's header token of an encrypted file; the largest embedded object unpacked (bytes); the end
#: of a paragraph and a line break in one, as lines
_ENCRYPTED_TOKEN, _LARGEST, _LINES = 0xF3D1C4DF, 64 * 1024 * 1024, str.maketrans("\r\x0b", "\n\n")
_ENCRYPTED, _OLD = "文件已加密", "PowerPoint 95 或更早版本的文件"


class _Unchecked(Exception):
    """The presentation cannot be read, for the reason said."""


class _Stream(NamedTuple):
    """The PowerPoint Document stream and what the last save says of it: where its DocumentContainer is (-1:
    unknown, when nothing is numbered), the names of what it lists by where, where the saves say records begin
    (sorted), and who saved it last."""
    data: bytes
    document: int
    owners: dict[int, str]
    starts: list[int]
    user: str


def read(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Pieces:
    """Each text of the presentation at `root` in `ole` in the order of its stream, named by what holds it (第 N 张
    幻灯片, 第 N 张幻灯片的备注, 第 N 张幻灯片的批注, 批注作者, 幻灯片母版, …), then 最后修改者; (UNCHECKED, why) alone
    for an encrypted file or one of PowerPoint 95 or earlier, and for an embedded object too large to unpack."""
    try:
        stream = _open(ole, root)
    except _Unchecked as why:
        yield UNCHECKED, str(why)
        return
    yield from _texts(stream)
    if stream.user:
        yield "最后修改者", stream.user


def embedded(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Iterator[tuple[int, bytes]]:
    """(number, storage) of each object the presentation embeds, numbered from 1 in the order of the stream
    (第 N 个嵌入对象): the compound file it is, unpacked, for the caller to read as one; b"" for one whose
    compressed data cannot be unpacked, for the caller to say so. None of a presentation `read` says unchecked,
    nor one said over _LARGEST unpacked (`read` says so)."""
    try:
        stream = _open(ole, root)
    except _Unchecked:
        return
    stored = ((memoryview(stream.data)[pos + 8:pos + 8 + size], instance)
              for pos, kind, instance, size, _ in records(stream.data, starts=stream.starts) if kind == _OBJECT_STORAGE)
    for number, (body, instance) in enumerate(stored, 1):
        if _unpacked_size(body, instance) <= _LARGEST:
            yield number, _inflate(body) if instance == 1 else bytes(body)


def _open(ole: olefile.OleFileIO, root: tuple[str, ...]) -> _Stream:
    """The stream, its records walked; what its last save says of it, as far as the saves can be followed: when
    they cannot (a save's atoms missing, or their chain looping), nothing is numbered rather than the file called
    damaged, as the text is all in the records still."""
    if ole.exists([*root, "EncryptedSummary"]):
        raise _Unchecked(_ENCRYPTED)
    if not ole.exists([*root, "PowerPoint Document"]):
        raise _Unchecked(_OLD)
    data = stream(ole, [*root, "PowerPoint Document"])
    user, edit = _current_user(ole, root)
    found: set[int] = set()
    try:
        directory, document = _directory(data, edit, found) if edit >= 0 else ({}, -1)
        owners = _owners(data, directory, document) if document >= 0 else {}
    except ValueError:
        document, owners = -1, {}
    starts = sorted(found)
    if any(kind == _CRYPT_SESSION for _, kind, _, _, _ in records(data, starts=starts)):
        raise _Unchecked(_ENCRYPTED)
    return _Stream(data, document, owners, starts, user)


def _current_user(ole: olefile.OleFileIO, root: tuple[str, ...]) -> tuple[str, int]:
    """Who saved the file last (the name's Unicode copy, else the ANSI one, in the system's code page, read as
    Latin-1: a number's digits are the same in any) and where the last save's UserEditAtom is (-1: no stream)."""
    if not ole.exists([*root, "Current User"]):
        return "", -1
    data = stream(ole, [*root, "Current User"])
    if len(data) < 28 or unpack("<H", data, 2)[0] != _CURRENT_USER:
        raise _Unchecked(_OLD)  # PowerPoint 95 keeps a size and its own data here
    token, edit, length = unpack("<IIH", data, 12)
    if token == _ENCRYPTED_TOKEN:
        raise _Unchecked(_ENCRYPTED)
    wide = data[32 + length:32 + 3 * length]  # after the ANSI name and relVersion
    name = str(wide, "utf-16-le", "replace") if len(wide) == 2 * length else str(data[28:28 + length], "latin-1")
    return name.strip("\0 "), edit


def _directory(data: bytes, edit: int | None, starts: set[int]) -> tuple[dict[int, int], int]:
    """Where each persist object of the last save is ({persist id: offset}: the UserEditAtoms' chain followed
    back, a later save's PersistDirectoryAtom over an earlier's) and where its DocumentContainer is; where every
    save's atoms and objects are added to `starts` as they are found."""
    directory: dict[int, int] = {}
    seen: set[int] = set()
    document = -1
    while edit is not None:
        if edit in seen:
            raise ValueError(f"the saves' chain loops at {edit}")
        seen.add(edit)
        kind, _, size = header(data, edit)
        if kind != _USER_EDIT or size < 28:
            raise ValueError(f"no UserEditAtom at {edit}")
        starts.add(edit)
        last, persists, document_id = unpack("<III", data, edit + 16)
        if document < 0 and size >= 32:  # the last save's encryptSessionPersistIdRef: its objects are encrypted
            raise _Unchecked(_ENCRYPTED)
        document = document_id if document < 0 else document
        if persists not in seen:
            seen.add(persists)
            kind, _, size = header(data, persists)
            if kind != _PERSIST_DIRECTORY:
                raise ValueError(f"no PersistDirectoryAtom at {persists}")
            starts.add(persists)
            pos, end = persists + 8, persists + 8 + size
            while pos < end:  # entries: the first persist id and how many (20 and 12 bits), then their offsets
                entry, = unpack("<I", data, pos)
                first, count = entry & 0xFFFFF, entry >> 20
                if pos + 4 + 4 * count > end:
                    raise ValueError(f"persist directory entry at {pos} runs past its atom")
                for n, offset in enumerate(unpack(f"<{count}I", data, pos + 4)):
                    directory.setdefault(first + n, offset)
                    starts.add(offset)
                pos += 4 + 4 * count
        edit = last or None  # none before the first save
    if document not in directory:
        raise ValueError("no document in the persist directory")
    if header(data, directory[document])[0] != _DOCUMENT:
        raise _Unchecked(_OLD)
    return directory, directory[document]


def _owners(data: bytes, directory: dict[int, int], document: int) -> dict[int, str]:
    """The name of each slide, note and master the document lists, by where it is: a slide's number is its place
    in the list of slides, a note's its slide's (the NotesAtom's slideIdRef, a SlidePersistAtom's slideId)."""
    lists: dict[int, list[tuple[int, int]]] = {0: [], 1: [], 2: []}  # slides, masters, notes: (persist, id)
    for pos, kind, _, _, around in records(data, document, document + 8 + header(data, document)[2]):
        if kind == _SLIDE_PERSIST and len(around) == 2 and around[1][1] == _SLIDE_LIST:
            lists.setdefault(around[1][2], []).append(unpack("<I8xI", data, pos + 8))
    numbers = {slide_id: n for n, (_, slide_id) in enumerate(lists[0], 1)}
    owners = {directory[persist]: f"第 {n} 张幻灯片" for n, (persist, _) in enumerate(lists[0], 1)
              if persist in directory}
    owners.update((directory[persist], "幻灯片母版") for persist, _ in lists[1] if persist in directory)
    for persist, _ in lists[2]:
        at = directory.get(persist, -8)
        if at >= 0 and header(data, at)[0] == _NOTES and header(data, at + 8)[0] == _NOTES_ATOM:
            slide = numbers.get(unpack("<I", data, at + 16)[0])
            owners[at] = f"第 {slide} 张幻灯片的备注" if slide else "备注"
    if header(data, document + 8)[0] == _DOCUMENT_ATOM:  # the masters of notes and handouts by persist id
        notes_master, handout_master = unpack("<II", data, document + 40)
        masters = {notes_master: "备注母版", handout_master: "讲义母版"}
        owners.update((directory[persist], name) for persist, name in masters.items() if persist in directory)
    return owners


def _texts(stream: _Stream) -> Pieces:
    """Each text of the stream in its order, named by what holds it; objects too large to unpack said unchecked."""
    data, document, owners = stream.data, stream.document, stream.owners
    owner = outline = _WHOLE
    slides = objects = 0
    for pos, kind, instance, size, around in records(data, starts=stream.starts):
        if not around:
            owner = owners.get(pos) or _KINDS.get(kind, _WHOLE)
        listed = len(around) >= 2 and around[0][0] == document and around[1][1] == _SLIDE_LIST
        if kind == _SLIDE_LIST:
            slides, outline = 0, _WHOLE
        elif kind == _SLIDE_PERSIST and listed:  # the outline text that follows is this slide's, master's or note's
            slides += 1
            outline = {0: f"第 {slides} 张幻灯片", 1: "幻灯片母版", 2: "备注"}.get(around[1][2], _WHOLE)
        here = outline if listed else owner
        if kind in _PROPERTIES:
            yield from ((_SHAPE_PLACES[key].format(here), text)
                        for key, text in _shape_texts(data, pos, instance) if text.strip())
        elif kind == _OBJECT_STORAGE:
            objects += 1
            if _unpacked_size(memoryview(data)[pos + 8:pos + 8 + size], instance) > _LARGEST:
                yield UNCHECKED, f"第 {objects} 个嵌入对象（解压后超过 {_LARGEST >> 20} MB）不能读取"
        elif kind in _CODECS and (text := str(data[pos + 8:pos + 8 + size], _CODECS[kind], "replace")
                                  .translate(_LINES).strip("\0")).strip():
            parent = around[-1][1] if around else -1
            if kind != _STRING:
                yield here if here != _WHOLE else "演示文稿中的文字", text
            elif parent == _COMMENT and instance == 1:  # a comment's text; its author's name and initials else
                yield f"{here}的批注" if here != _WHOLE else "批注", text
            else:
                yield "批注作者" if parent in (_COMMENT, _COMMENT_AUTHOR) else _STRING_PLACES.get(
                    parent, "{}中的其他文字").format(here), text


def _shape_texts(data: bytes, pos: int, count: int) -> Iterator[tuple[int, str]]:
    """(property, text) of a shape's WordArt text, name and alt text: complex properties of an OfficeArtFOPT,
    whose data follows its table of `count` properties, in its order."""
    at, end = pos + 8 + 6 * count, pos + 8 + header(data, pos)[2]
    if at > end:
        raise ValueError(f"shape properties at {pos} run past their record")
    for n in range(count):
        key, length = unpack("<HI", data, pos + 8 + 6 * n)
        if not key & 0x8000:  # fComplex: the value is its data's size
            continue
        if key & 0x3FFF not in _SHAPE_PLACES and at + 6 <= end:
            elements, _, element_size = unpack("<HHH", data, at)  # an array, whose size some writers give
            if elements * (4 if element_size == 0xFFF0 else element_size) == length:  # without its header
                length += 6
        if at + length > end:
            raise ValueError(f"shape property {key & 0x3FFF:#06x} at {at} runs past its record")
        if key & 0x3FFF in _SHAPE_PLACES:
            yield key & 0x3FFF, str(data[at:at + length], "utf-16-le", "replace").strip("\0")
        at += length


def _unpacked_size(body: memoryview, instance: int) -> int:
    """The size of an object's storage: as its compressed data says it is once unpacked (its first 4 bytes)."""
    return int.from_bytes(body[:4], "little") if instance == 1 else len(body)


def _inflate(body: memoryview) -> bytes:
    """Compressed storage unpacked, as much of it as zlib gives (writers cut its end, or say another size), no
    more than _LARGEST; b"" for damaged data or more than that."""
    try:
        storage = zlib.decompressobj().decompress(body[4:], _LARGEST + 1)
    except zlib.error:
        return b""
    return storage if len(storage) <= _LARGEST else b""
