#!/usr/bin/env python3
"""Write the PowerPoint 97-2003 presentations (.ppt) test_ppt_text reads, into tests/legacy/: presentations written
as .pptx parts (slides_ofd_writer), converted by LibreOffice, which CI does not have, so the .ppt files are kept in
the repository.

    python3 tests/make_legacy_ppt.py

ppt97_parts.ppt holds a number in each place LibreOffice writes text in a .ppt, each text naming its place: slide
1's title and a text box, and a comment on it and the comment's author; slide 2's table cell and its speaker notes;
a text box on the slide master; and a workbook embedded on slide 1 (added to LibreOffice's own flat file of the
presentation, as a .pptx's embedded package is not kept). The written file is checked record by record, so a
LibreOffice that leaves one out fails here, not in the tests. clean.ppt holds a title, text, a table and notes
without any number.
"""
from __future__ import annotations

import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Iterator

import olefile

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cfb_writer import compound  # noqa: E402
from libreoffice import convert  # noqa: E402
from slides_ofd_writer import PRESENTATION, Presentation, body, esc, shape, table  # noqa: E402

OUT = HERE / "legacy"
MOBILE = "13912345678"
ID = "11010519491231002X"  # GB 11643's example
#: the summary information's property of a picture of the first slide (PIDSI_THUMBNAIL): LibreOffice's is 430 KB
THUMBNAIL = 0x11
#: the text of each place, as the tests look for it
TEXTS = {"title": f"标题手机 {MOBILE}", "box": f"文本框身份证 {ID}", "comment": f"批注手机 {MOBILE}",
         "author": f"批注人 {ID}", "cell": f"表格手机 {MOBILE}", "notes": f"备注身份证 {ID}",
         "master": f"母版电话 {MOBILE}", "object": f"嵌入手机 {MOBILE}"}
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def title(text: str) -> str:
    """A slide's title placeholder (a .ppt keeps its place on the slide as a title's)."""
    return ('<p:sp><p:nvSpPr><p:cNvPr id="900" name="标题 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            '<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="838200" y="365125"/>'
            f'<a:ext cx="10515600" cy="1325563"/></a:xfrm></p:spPr>{body(text)}</p:sp>')


def parts_pptx(path: Path) -> Path:
    deck = Presentation()
    first = deck.slide(title(TEXTS["title"]), shape(TEXTS["box"]))
    deck.add("ppt/comments/comment1.xml",
             f'<p:cmLst xmlns:p="{_P}"><p:cm authorId="0" dt="2024-03-01T10:00:00.000" idx="1"><p:pos x="10" y="10"/>'
             f'<p:text>{esc(TEXTS["comment"])}</p:text></p:cm></p:cmLst>', PRESENTATION + "comments+xml", first,
             "comments")
    deck.add("ppt/commentAuthors.xml",
             f'<p:cmAuthorLst xmlns:p="{_P}"><p:cmAuthor id="0" name="{esc(TEXTS["author"])}" initials="批" '
             'lastIdx="1" clrIdx="0"/></p:cmAuthorLst>', PRESENTATION + "commentAuthors+xml",
             "ppt/presentation.xml", "commentAuthors")
    second = deck.slide(title("名单"), table([["姓名", "手机"], ["张三", TEXTS["cell"]]]))
    deck.notes(second, TEXTS["notes"])
    deck.master_shapes.append(shape(TEXTS["master"], name="联系人"))
    deck.save(path)
    return path


def clean_pptx(path: Path) -> Path:
    deck = Presentation()
    deck.slide(title("政策解读"), shape("一、出台背景", "二、主要内容"))
    deck.notes(deck.slide(title("办理情况"), table([["乡镇", "完成情况"], ["城关镇", "已完成"]])), "讲解要点：按时完成")
    deck.save(path)
    return path


def with_workbook(flat: Path) -> None:
    """A workbook embedded on the first slide of LibreOffice's flat file of the presentation, which it saves in
    the .ppt as an Excel object."""
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{esc(text)}</text:p></table:table-cell>'
                    for text in ("张三", TEXTS["object"]))
    frame = ('<draw:frame draw:layer="layout" svg:width="10cm" svg:height="4cm" svg:x="2cm" svg:y="8cm"><draw:object>'
             '<office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet" office:version="1.3">'
             '<office:body><office:spreadsheet><table:table table:name="名单"><table:table-column '
             f'table:number-columns-repeated="2"/><table:table-row>{cells}</table:table-row></table:table>'
             '</office:spreadsheet></office:body></office:document></draw:object></draw:frame>')
    text = flat.read_text(encoding="utf-8")
    start = text.index("<draw:page ")
    end = text.index(">", start) + 1
    flat.write_text(text[:end] + frame + text[end:], encoding="utf-8")


def without_thumbnail(path: Path) -> None:
    """The file written again without the picture of its first slide in its summary information, every other
    stream as LibreOffice wrote it: a fixture of 20 KB, not 450 KB."""
    with olefile.OleFileIO(path) as ole:
        streams = {"/".join(name): ole.openstream(name).read() for name in ole.listdir()}
    summary = streams["\x05SummaryInformation"]
    start, = struct.unpack_from("<I", summary, 44)  # the one property set, after its FMTID
    size, count = struct.unpack_from("<II", summary, start)
    pairs = struct.unpack_from(f"<{2 * count}I", summary, start + 8)
    ends = dict(zip(sorted(pairs[1::2]), sorted(pairs[1::2])[1:] + [size]))  # each property runs to the next
    kept = [(key, summary[start + at:start + ends[at]]) for key, at in zip(pairs[::2], pairs[1::2]) if key != THUMBNAIL]
    table, values = b"", b""
    for key, value in kept:
        table += struct.pack("<II", key, 8 + 8 * len(kept) + len(values))
        values += value
    streams["\x05SummaryInformation"] = (summary[:start] + struct.pack("<II", 8 + len(table) + len(values), len(kept))
                                          + table + values)
    path.write_bytes(compound(streams))


def records(data: bytes, pos: int, end: int, holders: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...],
                                                                                             int, int, bytes]]:
    """(types of the records holding it, type, instance, data) of each record, in containers and in PowerPoint's
    own tags' binary data (BinaryTagDataBlob, records too)."""
    while pos + 8 <= end:
        head, kind, size = struct.unpack_from("<HHI", data, pos)
        yield holders, kind, head >> 4, data[pos + 8:pos + 8 + size]
        if head & 0xF == 0xF or kind == 0x138B:
            yield from records(data, pos + 8, pos + 8 + size, (*holders, kind))
        pos += 8 + size


def check(path: Path) -> None:
    """Each text in a record of its own where a .ppt keeps it, and the workbook in an embedded object."""
    with olefile.OleFileIO(path) as ole:
        data = ole.openstream("PowerPoint Document").read()
    found = list(records(data, 0, len(data)))

    def holds(holder: int, kind: int, text: str) -> bool:
        return any(holder in around and k == kind and body == text.encode("utf-16-le") for around, k, _, body in found)
    wanted = {"title": (0x03EE, 0x0FA0), "box": (0x03EE, 0x0FA0), "cell": (0x03EE, 0x0FA0),
              "notes": (0x03F0, 0x0FA0), "master": (0x03F8, 0x0FA0), "comment": (0x2EE0, 0x0FBA),
              "author": (0x2EE0, 0x0FBA)}
    missing = [place for place, (holder, kind) in wanted.items() if not holds(holder, kind, TEXTS[place])]
    objects = [zlib.decompress(body[4:]) for _, kind, instance, body in found if kind == 0x1011 and instance == 1]
    if len(objects) != 1 or not _holds_workbook(objects[0]):
        missing.append("object")
    if missing:
        raise SystemExit(f"{path.name}: LibreOffice did not write {', '.join(missing)}")


def _holds_workbook(storage: bytes) -> bool:
    """Whether an object's storage is a workbook holding its text."""
    with olefile.OleFileIO(storage) as book:
        return book.exists("Workbook") and TEXTS["object"].encode("utf-16-le") in book.openstream("Workbook").read()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clean = convert(clean_pptx(folder / "clean.pptx"), "ppt", folder)
        without_thumbnail(clean)
        (OUT / clean.name).write_bytes(clean.read_bytes())
        flat = convert(parts_pptx(folder / "ppt97_parts.pptx"), "fodp", folder)
        with_workbook(flat)
        written = convert(flat, "ppt", folder)
        without_thumbnail(written)
        check(written)
        (OUT / written.name).write_bytes(written.read_bytes())
    print(f"wrote {OUT / 'clean.ppt'} and {OUT / 'ppt97_parts.ppt'}")


if __name__ == "__main__":
    main()
