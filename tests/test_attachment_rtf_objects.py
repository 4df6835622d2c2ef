"""The objects an RTF attachment embeds (a workbook pasted into a document saved as RTF) and links: published with
the file, read as files of their own. Before, an object's data was dropped with the pictures, unread and unsaid."""
from __future__ import annotations

import struct
from pathlib import Path

from cfb_writer import compound
from test_attachment_hidden_parts import MOBILE, attached, personal, refused
from test_biff_text import name8, number, workbook

MOBILE_MASKED = "139****5678"


def ole1(kind: int, class_name: str, topic: str = "", data: bytes = b"") -> bytes:
    """An OLE 1.0 object as RTF keeps it ([MS-OLEDS] 2.2.4): linked (1) or embedded (2), its data after its names."""
    def named(text: str) -> bytes:
        encoded = text.encode("gbk") + b"\0" if text else b""
        return struct.pack("<I", len(encoded)) + encoded
    head = struct.pack("<II", 0x0501, kind) + named(class_name) + named(topic) + named("")
    return head + (struct.pack("<I", len(data)) + data if kind == 2 else b"")


def rtf_with(obj: bytes, kind: str = "objemb") -> bytes:
    """A document saved as RTF: a paragraph, then the object as Word writes it, its data in hex lines of 128."""
    data = obj.hex()
    lines = "\r\n".join(data[n:n + 128] for n in range(0, len(data), 128))
    return ("{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0 SimSun;}}\\f0 \\'bc\\'fb\\'b8\\'bd\\'b1\\'ed\\par"
            f"{{\\object\\{kind}\\objw2000\\objh500{{\\*\\objclass Excel.Sheet.8}}{{\\*\\objdata {lines}}}"
            "{\\result{\\pict\\wmetafile8\\picw100\\pich100 010009000003}}}\\par}").encode("ascii")


def test_a_workbook_an_rtf_embeds_is_read_as_a_workbook(site, cli):
    book = compound({"Workbook": workbook([(name8("名单"), number(1, 1, float(MOBILE)))])})
    refused(site, cli, "x.rtf", rtf_with(ole1(2, "Excel.Sheet.8", data=book)),
            [("嵌入对象“Excel.Sheet.8”中的工作表“名单”单元格 B2 ", MOBILE_MASKED)])


def test_a_linked_objects_source_is_read(site, cli):
    """A linked object names its source: a path with a person's name and number in it."""
    source = f"D:\\\\名单\\\\张三{MOBILE}.xls"
    refused(site, cli, "x.rtf", rtf_with(ole1(1, "Excel.Sheet.8", topic=source), kind="objautlink"),
            [("链接的对象", MOBILE_MASKED)])


def test_an_object_that_cannot_be_read_is_said_unchecked_and_the_text_still_read(site, cli):
    """A packaged file (Package) is no Office file: said unchecked, the document's own text read all the same."""
    root = attached(site, "x.rtf", rtf_with(ole1(2, "Package", data=b"\x02\x00a.txt\x00" + MOBILE.encode())))
    run = cli("build", "--site", root)
    assert run.code == 0 and not personal(run), run.err
    assert any("附件“x.rtf”嵌入对象“Package”（以文件包嵌入的文件）不能读取" in problem
               and "无法检查其中的个人信息" in problem for problem in run.problems), run.err


def test_a_documents_text_after_an_object_is_read_and_the_objects_data_is_no_number(site, cli):
    """The object's hex digits are not text: a workbook without a number publishes the document."""
    book = compound({"Workbook": workbook([(name8("名单"), number(1, 1, 2.5))])})
    root = attached(site, "x.rtf", rtf_with(ole1(2, "Excel.Sheet.8", data=book)))
    run = cli("build", "--site", root)
    assert run.code == 0 and not personal(run), run.err
    assert Path(root / "public/qtxx/x.rtf").exists()
