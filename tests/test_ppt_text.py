"""The text of a PowerPoint 97-2003 presentation (.ppt) read place by place (ppt_text), so its personal information
is found like a .pptx's: from files LibreOffice wrote (tests/make_legacy_ppt.py), and from presentations written
here record by record, for what LibreOffice does not write: slides stored in another order than they are shown,
outline text, 8-bit text, hyperlinks, footers, shapes' names and alt text, an older save's slide, an encrypted
file, one of PowerPoint 95, a damaged one."""
from __future__ import annotations

import io
import struct
import zlib

import olefile
import pytest

from cfb_writer import compound
from gongkai.engine import ppt_text, privacy
from gongkai.engine.pieces import UNCHECKED
from make_legacy_ppt import ID, MOBILE, OUT as LEGACY, TEXTS

PARTS = LEGACY / "ppt97_parts.ppt"
ENCRYPTED, OLD = [(UNCHECKED, "文件已加密")], [(UNCHECKED, "PowerPoint 95 或更早版本的文件")]


def read(source) -> list[tuple[str, str]]:
    with olefile.OleFileIO(source) as ole:
        return list(ppt_text.read(ole))


def objects(source) -> list[tuple[int, bytes]]:
    with olefile.OleFileIO(source) as ole:
        return list(ppt_text.embedded(ole))


def found(pieces: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """(place, privacy-id or privacy-mobile) for each number privacy finds in the pieces."""
    return {(where, code) for where, text in pieces for _, _, code in privacy.findings(text, [])}


# Records written here: [MS-PPT]'s header (version and instance, type, size) and body


def record(kind: int, body: bytes = b"", instance: int = 0, version: int = 0) -> bytes:
    return struct.pack("<HHI", version | instance << 4, kind, len(body)) + body


def container(kind: int, *children: bytes, instance: int = 0) -> bytes:
    return record(kind, b"".join(children), instance, 0xF)


def chars(text: str) -> bytes:
    return record(0x0F9F, struct.pack("<I", 4)) + record(0x0FA0, text.encode("utf-16-le"))


def string(text: str, instance: int = 0) -> bytes:
    return record(0x0FBA, text.encode("utf-16-le"), instance)


def listed(persist: int, slide_id: int) -> bytes:
    """A SlidePersistAtom: the slide (or note) of persist id `persist`, whose id is `slide_id`."""
    return record(0x03F3, struct.pack("<5I", persist, 0, 0, slide_id, 0))


def shape(properties: list[tuple[int, bytes]], *text: bytes) -> bytes:
    """A shape whose OfficeArtFOPT holds complex `properties` (id, data; an array's size given without its header
    when its id is negative, as some writers give it), with text in its client text box."""
    table = b"".join(struct.pack("<HI", abs(key) | 0x8000, len(data) - 6 * (key < 0)) for key, data in properties)
    box = [container(0xF00D, *text)] if text else []
    return container(0xF004, record(0xF00B, table + b"".join(data for _, data in properties), len(properties), 3),
                     *box)


def drawing(*shapes: bytes) -> bytes:
    return container(0x040C, container(0xF002, container(0xF003, *shapes)))


def tagged(*records: bytes) -> bytes:
    """PowerPoint 2002's tag ("___PPT10"), whose binary data is records."""
    return container(0x1388, container(0x138A, string("___PPT10"), record(0x138B, b"".join(records))))


def wide(text: str) -> bytes:
    return (text + "\0").encode("utf-16-le")


def current_user(edit: int, name: bytes = b"", unicode_name: str = "", token: int = 0xE391C05F) -> bytes:
    return record(0x0FF6, struct.pack("<IIIHHBBH", 0x14, token, edit, len(name), 0x03F4, 3, 0, 0) + name
                  + struct.pack("<I", 8) + unicode_name.encode("utf-16-le"))


def saved(persists: dict[int, int], data: bytes, document: int = 1, encrypted: bool = False,
          last: int = 0) -> tuple[bytes, int]:
    """`data` with the persist directory of `persists` (id: offset) and a UserEditAtom after it, whose save
    follows the one whose UserEditAtom is at `last` (0: none); and where that is."""
    entries = b"".join(struct.pack("<II", 1 << 20 | key, at) for key, at in sorted(persists.items()))
    directory = record(0x1772, entries)
    edit = struct.pack("<IHBBIIIIHH", 0, 0, 0, 3, last, len(data), document, max(persists) + 1, 1, 0)
    return data + directory + record(0x0FF5, edit + b"\1\0\0\0" * encrypted), len(data) + len(directory)


def stream(parts: list[tuple[int, bytes]]) -> tuple[bytes, int]:
    """A PowerPoint Document stream of `parts` (persist id, or 0 for none; record) saved once, and where its
    UserEditAtom is."""
    data, persists = b"", {}
    for key, part in parts:
        if key:
            persists[key] = len(data)
        data += part
    return saved(persists, data)


def presentation(parts: list[tuple[int, bytes]], user: str = "", **streams: bytes) -> io.BytesIO:
    """A compound file of a PowerPoint Document stream of `parts` (as `stream`'s) and its Current User stream,
    with `streams` besides (None: left out)."""
    data, edit = stream(parts)
    files = {"PowerPoint Document": data, "Current User": current_user(edit, b"?" * len(user), user), **streams}
    return io.BytesIO(compound({name: value for name, value in files.items() if value is not None}))


def document(*children: bytes, notes_master: int = 0) -> bytes:
    atom = record(0x03E9, struct.pack("<8I2H4B", 0, 0, 0, 0, 0, 0, notes_master, 0, 1, 0, 0, 0, 0, 1))
    return container(0x03E8, atom, *children)


def slide(*children: bytes) -> bytes:
    return container(0x03EE, record(0x03EF, bytes(24), version=2), *children)


def notes(slide_id: int, *children: bytes) -> bytes:
    return container(0x03F0, record(0x03F1, struct.pack("<IHH", slide_id, 0, 0), version=1), *children)


#: slides stored in one order and shown in another: slide id 256 is stored first and shown second
SHOWN = [
    (1, document(container(0x0FF0, listed(3, 257), record(0x0F9F, struct.pack("<I", 0)),
                           record(0x0FA8, b"Title 13712345678"), listed(2, 256), chars(f"大纲身份证 {ID}")),
                 container(0x0FF0, listed(4, 1), instance=2),
                 container(0x0409, container(0x0FD7, record(0x0FD3, bytes(4)), string("tel:13612345678", 1))),
                 container(0x0FD9, record(0x0FDA, bytes(4)), string("页脚 13512345678", 2), instance=3),
                 tagged(container(0x2EE4, string("作者 13412345678"), string("Z", 1), record(0x2EE5, bytes(8)))),
                 notes_master=6)),
    (2, slide(drawing(shape([(-0x0145, struct.pack("<3H2I", 2, 2, 4, 1, 2)), (0x0380, wide("名称 13312345678")),
                             (0x0381, wide(f"替代文字 {ID}"))], chars("第二张 13212345678"))),
              tagged(container(0x2EE0, string("李四"), string("批注 13112345678", 1), string("L", 2),
                               record(0x2EE1, bytes(28)))))),
    (3, slide(drawing(shape([(0x00C0, wide("艺术字 13012345678")), (0x0145, struct.pack("<3H2I", 2, 2, 4, 1, 2))])))),
    (4, notes(256, drawing(shape([], chars(f"备注 {MOBILE}"))))),
    (0, slide(drawing(shape([], chars("旧版本 13912340000"))))),
    (6, notes(0, drawing(shape([], chars("备注母版 13912341111"))))),
]


def test_every_place_of_a_ppt_and_only_there():
    mobile, id_number = "privacy-mobile", "privacy-id"
    assert found(read(PARTS)) == {
        ("幻灯片母版", mobile), ("第 1 张幻灯片", mobile), ("第 1 张幻灯片", id_number), ("批注作者", id_number),
        ("第 1 张幻灯片的批注", mobile), ("第 2 张幻灯片", mobile), ("第 2 张幻灯片的备注", id_number)}


def test_each_place_holds_its_own_text():
    """Each text names its place (make_legacy_ppt): a text read in the wrong place would show it."""
    pieces = read(PARTS)
    for where, place in (("第 1 张幻灯片", "title"), ("第 1 张幻灯片", "box"), ("第 1 张幻灯片的批注", "comment"),
                         ("批注作者", "author"), ("第 2 张幻灯片", "cell"), ("第 2 张幻灯片的备注", "notes"),
                         ("幻灯片母版", "master")):
        assert (where, TEXTS[place]) in pieces
    assert ("最后修改者", "Current User") in pieces  # what LibreOffice writes as the name


def test_a_ppt_without_a_number_is_quiet():
    pieces = read(LEGACY / "clean.ppt")
    assert ("第 1 张幻灯片", "政策解读") in pieces and ("第 2 张幻灯片的备注", "讲解要点：按时完成") in pieces
    assert found(pieces) == set() and UNCHECKED not in dict(pieces)
    assert objects(LEGACY / "clean.ppt") == []


def test_an_embedded_workbook_is_given_unpacked_not_read():
    assert UNCHECKED not in dict(read(PARTS)) and TEXTS["object"] not in dict(read(PARTS)).values()
    [(number, storage)] = objects(PARTS)
    with olefile.OleFileIO(storage) as book:
        assert number == 1 and TEXTS["object"].encode("utf-16-le") in book.openstream("Workbook").read()


def test_slides_are_numbered_in_the_order_shown_not_stored():
    """The outline text of the document's list of slides (8-bit and 16-bit) and each slide's drawing by the
    list's order; a note by its slide's id; a slide an earlier save left, hyperlinks, footers, shapes' names,
    alt text and WordArt (an array's size given without its header before them), comments and their authors in
    PowerPoint 2002's tags, and who saved the file last."""
    assert read(presentation(SHOWN, user="张三 13912345678")) == [
        ("第 1 张幻灯片", "Title 13712345678"), ("第 2 张幻灯片", f"大纲身份证 {ID}"),
        ("演示文稿中的超链接", "tel:13612345678"), ("演示文稿的页眉页脚", "页脚 13512345678"),
        ("演示文稿中的其他文字", "___PPT10"), ("批注作者", "作者 13412345678"), ("批注作者", "Z"),
        ("第 2 张幻灯片中图形的名称", "名称 13312345678"), ("第 2 张幻灯片中图形的替代文字", f"替代文字 {ID}"),
        ("第 2 张幻灯片", "第二张 13212345678"), ("第 2 张幻灯片中的其他文字", "___PPT10"), ("批注作者", "李四"),
        ("第 2 张幻灯片的批注", "批注 13112345678"), ("批注作者", "L"),
        ("第 1 张幻灯片中的艺术字", "艺术字 13012345678"), ("第 2 张幻灯片的备注", f"备注 {MOBILE}"),
        ("演示文稿中的文字", "旧版本 13912340000"), ("备注母版", "备注母版 13912341111"),
        ("最后修改者", "张三 13912345678")]


def test_the_ansi_name_of_the_last_user_without_a_unicode_one():
    data, edit = saved({1: 0}, document())
    source = io.BytesIO(compound({"PowerPoint Document": data, "Current User": current_user(edit, MOBILE.encode())}))
    assert read(source) == [("最后修改者", MOBILE)]


def unnumbered(pieces: list[tuple[str, str]]) -> bool:
    """Whether the pieces are all of SHOWN's texts, no slide numbered."""
    return ("演示文稿中的文字", "Title 13712345678") in pieces and ("演示文稿中的文字", "第二张 13212345678") in pieces \
        and not any(where.startswith("第") for where, _ in pieces) and len(pieces) == 18


def test_without_a_current_user_stream_all_is_read_and_nothing_numbered():
    assert unnumbered(read(presentation(SHOWN, **{"Current User": None})))


def test_a_chain_of_saves_that_cannot_be_followed_reads_all_and_numbers_nothing():
    """The Current User's UserEditAtom past the stream or not one, or the last save following itself (a chain
    that loops): the text is all in the records still."""
    data, edit = stream(SHOWN)
    looped = data[:-28] + struct.pack("<IHBBI", 0, 0, 0, 3, edit) + data[-16:]
    for broken, user in ((data, len(data) + 100), (data, 0), (looped, edit)):
        source = io.BytesIO(compound({"PowerPoint Document": broken, "Current User": current_user(user)}))
        assert unnumbered(read(source))


def test_zeros_an_earlier_save_was_padded_with():
    """A save added after the zeros an earlier one was padded with (to 1,024 bytes here, which leaves less than a
    record header at their end), found where the later save says its records begin; a byte among them that is
    not zero, or zeros where no save says a record follows them, are a damaged file."""
    first, first_edit = saved({1: 0}, document())
    assert (1024 - len(first)) % 8
    later = document() + slide(drawing(shape([], chars(f"后来 {MOBILE}"))))
    data, edit = saved({1: 1024, 2: 1024 + len(document())}, first.ljust(1024, b"\0") + later, last=first_edit)
    source = io.BytesIO(compound({"PowerPoint Document": data, "Current User": current_user(edit)}))
    assert read(source) == [("演示文稿中的文字", f"后来 {MOBILE}")]
    for damaged, user in ((data[:1023] + b"\1" + data[1024:], edit), (data, 0)):
        with pytest.raises(ValueError, match="runs past"):
            read(io.BytesIO(compound({"PowerPoint Document": damaged, "Current User": current_user(user)})))


def test_round_trip_atoms_written_as_containers_are_atoms():
    """PowerPoint 2007's RoundTripCustomTableStyles12Atom, a zip, has a container's version: not records."""
    zipped = record(0x0428, b"PK\x03\x04" + bytes(40), version=0xF)
    pieces = read(presentation([(1, document(container(0x0FF0, listed(2, 256)), zipped)),
                                (2, slide(drawing(shape([], chars(f"表格 {MOBILE}")))))]))
    assert pieces == [("第 1 张幻灯片", f"表格 {MOBILE}")]


def test_an_embedded_object_compressed_or_not():
    book = compound({"Workbook": MOBILE.encode() * 400})
    source = presentation([(1, document()), (2, record(0x1011, struct.pack("<I", len(book)) + zlib.compress(book), 1)),
                           (3, record(0x1011, book))])
    assert read(source) == [] and objects(source) == [(1, book), (2, book)]


def test_an_embedded_object_too_large_to_unpack_is_unchecked():
    source = presentation([(1, document()), (2, record(0x1011, struct.pack("<I", 1 << 30) + zlib.compress(b"x"), 1))])
    assert read(source) == [(UNCHECKED, "第 1 个嵌入对象（解压后超过 64 MB）不能读取")] and objects(source) == []


@pytest.mark.parametrize("data, unpacked", [
    (struct.pack("<I", 9) + b"not zlib", b""), (struct.pack("<I", 9) + zlib.compress(b"x"), b"x"),
    (struct.pack("<I", 300) + zlib.compress(bytes(300))[:-4], bytes(300)), (b"\1", b""),
], ids=["damaged", "of-another-size", "cut-short", "no-size"])
def test_an_embedded_objects_damaged_data_is_given_as_far_as_it_unpacks(data, unpacked):
    """What zlib gives, whatever size the object says (writers cut its end off); nothing for data it cannot
    unpack, for the caller to say that object is not read."""
    assert objects(presentation([(1, document()), (2, record(0x1011, data, 1))])) == [(1, unpacked)]


def test_an_encrypted_ppt_is_unchecked():
    """Its summary stream, a CryptSession10Container, the Current User's token or the last save's reference to
    the encryption: the file says nothing else, nor gives its objects."""
    assert read(presentation(SHOWN, EncryptedSummary=b"\0" * 8)) == ENCRYPTED
    assert read(presentation([*SHOWN, (7, container(0x2F14, record(0x2F15, bytes(4))))])) == ENCRYPTED
    data, edit = saved({1: 0}, document())
    sealed, sealed_edit = saved({1: 0}, document(), encrypted=True)
    for stream, user in ((data, current_user(edit, token=0xF3D1C4DF)), (sealed, current_user(sealed_edit))):
        source = io.BytesIO(compound({"PowerPoint Document": stream, "Current User": user}))
        assert read(source) == ENCRYPTED and objects(source) == []


def test_a_powerpoint_95_file_is_unchecked():
    assert read(io.BytesIO(compound({"PP40": bytes(64), "Current User": bytes(64)}))) == OLD
    assert read(presentation(SHOWN, **{"Current User": struct.pack("<I", 8) + bytes(8)})) == OLD
    data, edit = saved({1: 0}, slide())  # the document's persist object is no DocumentContainer
    source = io.BytesIO(compound({"PowerPoint Document": data, "Current User": current_user(edit)}))
    assert read(source) == OLD


#: damaged streams: (the records of the PowerPoint Document, what the ValueError says)
DAMAGED = {
    "past-its-container": (container(0x03E8, record(0x03E9, bytes(40))[:-4]), "runs past"),
    "left-over-bytes": (container(0x03E8, record(0x03E9, bytes(40)), b"\0\0\0"), "left over"),
    "too-deep": (b"".join(struct.pack("<HHI", 0xF, 0x1001, 8 * (99 - n)) for n in range(100)), "too deep"),
}


@pytest.mark.parametrize("records, message", DAMAGED.values(), ids=list(DAMAGED))
def test_a_damaged_ppt_raises(records, message):
    data, edit = saved({1: 0}, document() + records)
    source = io.BytesIO(compound({"PowerPoint Document": data, "Current User": current_user(edit)}))
    with pytest.raises(ValueError, match=message):
        read(source)


def test_a_record_past_the_stream_raises():
    data, edit = saved({1: 0}, document())
    past = data + record(0x03EE, b"")[:4] + struct.pack("<I", 99)
    with pytest.raises(ValueError, match="runs past"):
        read(io.BytesIO(compound({"PowerPoint Document": past, "Current User": current_user(edit)})))


@pytest.mark.parametrize("name", ["PowerPoint Document", "Current User"])
def test_a_storage_where_a_stream_should_be_raises(name):
    data, edit = saved({1: 0}, document())
    streams = {"PowerPoint Document": data, "Current User": current_user(edit)}
    del streams[name]
    with pytest.raises(ValueError, match=f"no {name} stream"):
        read(io.BytesIO(compound({**streams, f"{name}/x": b"x"})))
