"""Personal information in a legacy Office attachment: a Word 97-2003 document (.doc), an Excel 97-2003 workbook
(.xls), a PowerPoint 97-2003 presentation (.ppt), and WPS's own .wps, .et and .dps, which are those formats
inside. Each is read by what it holds, not by its name: a compound file's document, workbook, presentation,
properties and embedded objects; a "Word" or "Excel" file some system exported as a web page, an RTF or text under
that name, as what it is. A number found is an error at the document's `attachments` line and nothing is
published; what a compound file holds that no reader reads (a pivot cache, macros) is a warning naming it.
Before, each of these files was published unread with a warning."""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from docx.opc.constants import CONTENT_TYPE as CT

from cfb_writer import compound
from test_attachment_hidden_parts import ID, ID_MASKED, MOBILE, attached, personal, refused, word_embedding

LEGACY = Path(__file__).parent / "legacy"
DOC, XLS, PPT = LEGACY / "word97_parts.doc", LEGACY / "excel97_parts.xls", LEGACY / "ppt97_parts.ppt"
#: a notice, a table and a presentation with no number in them
CLEAN_DOC, CLEAN_XLS, CLEAN_PPT = LEGACY / "clean.doc", LEGACY / "clean.xls", LEGACY / "clean.ppt"
MOBILE_MASKED = "139****5678"


def streams(path: Path) -> dict[str, bytes]:
    """Every stream of a compound file, by its path."""
    with olefile.OleFileIO(str(path)) as ole:
        return {"/".join(name): ole.openstream(name).read() for name in ole.listdir()}


def built(site, cli, name: str, data: bytes):
    root = attached(site, name, data)
    return root, cli("build", "--site", root)


def warned(run, name: str) -> list[str]:
    return [p for p in run.problems if f"附件“{name}”" in p and "警告" in p]


# Word 97-2003 and Excel 97-2003 files as their programs save them


def test_a_doc_attachments_text_is_read_and_a_number_in_it_is_an_error(site, cli):
    root, run = built(site, cli, "x.doc", DOC.read_bytes())
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.doc”第 ") and MOBILE_MASKED in p
               for p in personal(run)), run.err


def test_an_xls_attachments_cells_are_read_and_a_number_in_it_is_an_error(site, cli):
    root, run = built(site, cli, "x.xls", XLS.read_bytes())
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.xls”工作表“") and MOBILE_MASKED in p
               for p in personal(run)), run.err


def test_a_ppt_attachments_slides_and_the_workbook_it_embeds_are_read(site, cli):
    root, run = built(site, cli, "x.ppt", PPT.read_bytes())
    assert run.code == 1 and not (root / "public").exists(), run.err
    for where, number in (("第 1 张幻灯片", MOBILE_MASKED), ("第 2 张幻灯片的备注", ID_MASKED),
                          ("第 1 个嵌入对象中的工作表“名单”单元格 B1 ", MOBILE_MASKED)):
        assert any(p.startswith(f"content/qtxx/a.md:6: 错误：附件“x.ppt”{where}含有") and number in p
                   for p in personal(run)), (where, run.err)


@pytest.mark.parametrize("name, source", [("x.wps", DOC), ("x.et", XLS), ("x.dps", PPT), ("x.dot", DOC),
                                          ("x.xlt", XLS), ("x.pps", PPT)])
def test_wps_files_and_templates_are_read_as_the_format_inside_them(site, cli, name, source):
    root, run = built(site, cli, name, source.read_bytes())
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(f"附件“{name}”" in p and MOBILE_MASKED in p for p in personal(run)), run.err


@pytest.mark.parametrize("name, source", [("x.doc", CLEAN_DOC), ("x.xls", CLEAN_XLS), ("x.ppt", CLEAN_PPT)])
def test_a_doc_xls_or_ppt_without_numbers_is_published_without_a_warning(site, cli, name, source):
    root, run = built(site, cli, name, source.read_bytes())
    assert run.code == 0, run.err
    assert (root / f"public/qtxx/{name}").read_bytes() == source.read_bytes() and not warned(run, name), run.err


# Exported under an Office name: what the file is, not what it is called


@pytest.mark.parametrize("name, data, where", [
    ("x.xls", f"姓名\t手机\n张三\t{MOBILE}\n".encode("gb18030"), "第 2 行"),
    ("x.xls", f'<html><body><table><tr><td>张三</td><td>{MOBILE}</td></tr></table></body></html>'.encode(),
     "第 1 行"),
    ("x.doc", ("{\\rtf1\\ansi {\\fonttbl{\\f0 SimSun;}}\\f0 联系电话 " + MOBILE + "\\par}").encode(), "第 1 段"),
    ("x.doc", f"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<p>{MOBILE}</p>\n".encode(), "第 "),
])
def test_a_web_page_rtf_or_text_named_as_an_office_file_is_read_as_what_it_is(site, cli, name, data, where):
    root, run = built(site, cli, name, data)
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith(f"content/qtxx/a.md:6: 错误：附件“{name}”{where}") and MOBILE_MASKED in p
               for p in personal(run)), run.err


def test_a_docx_named_doc_is_read_as_a_docx(site, cli, tmp_path):
    data = word_embedding(tmp_path / "x.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("见下表。".encode(), f"联系电话{MOBILE}".encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for name, part in parts.items():
            book.writestr(name, part)
    refused(site, cli, "x.doc", out.getvalue(), [("第 1 段", MOBILE_MASKED)])


def test_a_damaged_doc_is_a_warning_that_it_was_not_checked(site, cli):
    root, run = built(site, cli, "x.doc", DOC.read_bytes()[:1536])
    assert run.code == 0 and (root / "public/qtxx/x.doc").exists(), run.err
    assert warned(run, "x.doc") == ["content/qtxx/a.md:6: 警告：附件“x.doc”无法读出文字（文件损坏或不是 .doc 格式），"
                                    "没有检查其中的个人信息"], run.err


# Properties, embedded objects and what no reader reads


def property_set(*sections: dict[int, str | list[str]], names: dict[int, str] | None = None) -> bytes:
    """A property stream ([MS-OLEPS]) of sections of text properties in code page 936 (a Chinese system's), a list
    a vector of strings; the last section is named by `names` (a dictionary, as custom properties are)."""
    bodies = []
    for n, values in enumerate(sections):
        props = [(1, struct.pack("<HHh", 2, 0, 936) + b"\0\0")]
        if names and n == len(sections) - 1:
            entries = b"".join(struct.pack("<II", pid, len(name.encode("gbk")) + 1) + name.encode("gbk") + b"\0"
                               for pid, name in names.items())
            props.append((0, _padded(struct.pack("<I", len(names)) + entries)))
        for pid, text in values.items():
            if isinstance(text, list):  # a vector of strings, one after another as Office writes them
                raws = [t.encode("gbk") + b"\0" for t in text]
                props.append((pid, _padded(struct.pack("<HHI", 0x101E, 0, len(raws)) + b"".join(
                    struct.pack("<I", len(raw)) + raw for raw in raws))))
                continue
            raw = text.encode("gbk") + b"\0"
            props.append((pid, _padded(struct.pack("<HHI", 0x1E, 0, len(raw)) + raw)))
        offset, table, values_bytes = 8 + 8 * len(props), b"", b""
        for pid, value in props:
            table += struct.pack("<II", pid, offset + len(values_bytes))
            values_bytes += value
        bodies.append(struct.pack("<II", 8 + len(table) + len(values_bytes), len(props)) + table + values_bytes)
    head = struct.pack("<HHI16sI", 0xFFFE, 0, 0, b"\0" * 16, len(bodies))
    at = len(head) + 20 * len(bodies)
    for body in bodies:
        head += b"\x11" * 16 + struct.pack("<I", at)
        at += len(body)
    return head + b"".join(bodies)


def _padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def test_a_docs_properties_custom_ones_included_are_read(site, cli):
    document = {k: v for k, v in streams(CLEAN_DOC).items() if not k.startswith("\x05")}
    data = compound({**document, "\x05SummaryInformation": property_set({4: f"张三 {MOBILE}"}),
                     "\x05DocumentSummaryInformation": property_set({15: "测试县"}, {2: ID},
                                                                    names={2: "经办人身份证号"})})
    refused(site, cli, "x.doc", data, [("文档属性“作者”", MOBILE_MASKED), ("文档属性“经办人身份证号”", ID_MASKED)])


def test_a_vector_of_strings_as_excel_writes_it_is_read_and_what_follows_it_too(site, cli):
    """Excel writes the names of a workbook's parts (its sheets) one after another, not each padded to four bytes
    as the format has it: read as written, and the property after them read too."""
    summary = property_set({13: ["名单", f"联系人{MOBILE}", "汇总"], 15: f"经办人{ID}"})
    refused(site, cli, "x.xls", compound({**streams(CLEAN_XLS), "\x05DocumentSummaryInformation": summary}),
            [("文档属性“各部分的标题”", MOBILE_MASKED), ("文档属性“单位”", ID_MASKED)])


def test_a_workbook_embedded_in_a_doc_is_read_with_its_place(site, cli):
    document = streams(CLEAN_DOC)
    embedded = {f"ObjectPool/_1234/{k}": v for k, v in streams(XLS).items()}
    root, run = built(site, cli, "x.doc", compound({**document, **embedded}))
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert personal(run) and all(p.startswith("content/qtxx/a.md:6: 错误：附件“x.doc”嵌入对象“_1234”中的")
                                 for p in personal(run)), run.err


def test_a_legacy_workbook_embedded_in_a_docx_is_read(site, cli, tmp_path):
    data = word_embedding(tmp_path / "x.docx", ("oleObject1.bin", XLS.read_bytes(), CT.OFC_OLE_OBJECT,
                                                "Excel.Sheet.8"))
    root, run = built(site, cli, "x.docx", data)
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.docx”嵌入对象“oleObject1.bin”中的工作表“")
               and MOBILE_MASKED in p for p in personal(run)), run.err


def test_a_docx_packed_in_an_embedded_object_is_read(site, cli, tmp_path):
    inner = word_embedding(tmp_path / "inner.docx")
    inner = _replaced(inner, "见下表。", f"经办人{MOBILE}")
    document = streams(CLEAN_DOC)
    data = compound({**document, "ObjectPool/_7/Package": inner, "ObjectPool/_7/\x01CompObj": b"\0" * 8})
    refused(site, cli, "x.doc", data, [("嵌入对象“_7”中的第 1 段", MOBILE_MASKED)])


def _replaced(docx: bytes, old: str, new: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for name, part in parts.items():
            book.writestr(name, part)
    return out.getvalue()


def test_what_no_reader_reads_in_a_compound_file_is_a_warning_naming_it(site, cli):
    """A pivot cache, macros, a packaged file and a part of unknown kind: each said unchecked, the rest read and
    the file published; WPS's extension data is read for the text in it."""
    workbook = streams(CLEAN_XLS)
    data = compound({**workbook, "_SX_DB_CUR/0001": b"\0" * 200, "_VBA_PROJECT_CUR/VBA/dir": b"\0" * 100,
                     "MBD0001/\x01Ole10Native": b"\0" * 300, "Extra": b"\1" * 50, "\x02OlePres001": b"\0" * 60,
                     "ETExtData": b"\x09\x08\x10\0" + b"\0" * 40 + "WPS".encode("utf-16-le") + b"\0" * 30})
    root, run = built(site, cli, "x.xls", data)
    assert run.code == 0 and (root / "public/qtxx/x.xls").exists(), run.err
    said = "，无法检查其中的个人信息，请人工核对后再公开"
    assert sorted(warned(run, "x.xls")) == sorted(f"content/qtxx/a.md:6: 警告：附件“x.xls”{what}不能读取{said}" for what in (
        "数据透视表缓存", "宏", "嵌入对象“MBD0001”中的以文件包嵌入的文件", "“Extra”部分")), run.err


def test_objects_nested_deeper_than_the_limit_are_a_warning(site, cli):
    """Three objects deep are read (a workbook in a document in a document in the file), as in a .docx; the fourth
    is not."""
    workbook = {f"ObjectPool/_1/ObjectPool/_2/ObjectPool/_3/ObjectPool/_4/{k}": v for k, v in streams(XLS).items()}
    document = streams(CLEAN_DOC)
    root, run = built(site, cli, "x.doc", compound({**document, **workbook}))
    assert run.code == 0, run.err
    assert warned(run, "x.doc") == ["content/qtxx/a.md:6: 警告：附件“x.doc”嵌入对象“_1”中的嵌入对象“_2”中的"
                                    "嵌入对象“_3”中的嵌入对象“_4”（嵌套过深）不能读取，无法检查其中的个人信息，请人工核对后再公开"], run.err


def test_another_programs_object_embedded_in_a_docx_is_a_warning_naming_it(site, cli, tmp_path):
    """An object whose program keeps its data as one stream of its own (Acrobat's PDF: CONTENTS): named as such."""
    pdf_object = compound({"\x01CompObj": b"\0" * 40, "CONTENTS": b"%PDF-1.4\n" + b"\0" * 100})
    data = word_embedding(tmp_path / "x.docx", ("oleObject1.bin", pdf_object, CT.OFC_OLE_OBJECT, "AcroExch.Document"))
    root, run = built(site, cli, "x.docx", data)
    assert run.code == 0 and (root / "public/qtxx/x.docx").exists(), run.err
    assert warned(run, "x.docx") == ["content/qtxx/a.md:6: 警告：附件“x.docx”嵌入对象“oleObject1.bin”中的其他程序的对象"
                                     "（如 PDF）不能读取，无法检查其中的个人信息，请人工核对后再公开"], run.err


def test_the_custom_xml_a_modern_word_keeps_in_a_doc_is_read(site, cli):
    """Word 2007 and later save a document's custom XML data (a template's fields, a document library's columns)
    in a .doc too: read as a .docx's, and one item that is not XML said unchecked."""
    item = f'<fields xmlns="urn:x-county:form"><contact phone="{MOBILE}">张三</contact></fields>'.encode()
    data = compound({**streams(CLEAN_DOC), "MsoDataStore/QWERTY==/Item": item,
                     "MsoDataStore/QWERTY==/Properties": b'<ds:datastoreItem xmlns:ds="urn:x"/>',
                     "MsoDataStore/ASDFGH==/Item": b"\xff\xfe not xml"})
    root, run = built(site, cli, "x.doc", data)
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert [p for p in personal(run)] == [f"content/qtxx/a.md:6: 错误：附件“x.doc”自定义 XML含有手机号码 {MOBILE_MASKED}"
                                          f"，个人信息不得公开，请删除或隐去；公开的服务电话请列在公开联系方式（public_contacts）中"], run.err
    assert warned(run, "x.doc") == ["content/qtxx/a.md:6: 警告：附件“x.doc”自定义 XML不能读取，无法检查其中的个人信息，"
                                    "请人工核对后再公开"], run.err


def test_a_password_protected_office_file_under_a_legacy_name_is_a_warning(site, cli):
    """Word and Excel keep a file with a password as a compound file of its ciphertext, whatever its name."""
    data = compound({"EncryptionInfo": b"\4\0\4\0" + b"\0" * 200, "EncryptedPackage": b"\0" * 5000,
                     "\x06DataSpaces/Version": b"\0" * 76})
    root, run = built(site, cli, "x.doc", data)
    assert run.code == 0 and (root / "public/qtxx/x.doc").exists(), run.err
    assert warned(run, "x.doc") == ["content/qtxx/a.md:6: 警告：附件“x.doc”文件已加密，无法检查其中的个人信息，"
                                    "请人工核对后再公开"], run.err


def test_wps_spreadsheets_extension_data_is_read_for_numbers_kept_as_text(site, cli):
    """WPS saves records of its own beside the workbook (ETExtData): a number kept in them as text, 8-bit or
    UTF-16, is found."""
    extension = b"\x09\x08\x10\0" + b"\0" * 20 + MOBILE.encode("utf-16-le") + b"\xff" * 8 + ID.encode() + b"\0" * 9
    refused(site, cli, "x.et", compound({**streams(CLEAN_XLS), "ETExtData": extension}),
            [("WPS 表格的扩展数据", MOBILE_MASKED), ("WPS 表格的扩展数据", ID_MASKED)])


def test_an_encrypted_presentation_is_one_warning(site, cli):
    presentation = streams(CLEAN_PPT)
    root, run = built(site, cli, "x.ppt", compound({**presentation, "EncryptedSummary": b"\0" * 64}))
    assert run.code == 0 and (root / "public/qtxx/x.ppt").exists(), run.err
    assert warned(run, "x.ppt") == ["content/qtxx/a.md:6: 警告：附件“x.ppt”文件已加密，无法检查其中的个人信息，"
                                    "请人工核对后再公开"], run.err


def test_a_compound_files_names_are_read_in_any_case(site, cli):
    """Some programs write WORKBOOK or worddocument: a compound file's names are the same in any case."""
    workbook = {name.upper(): data for name, data in streams(XLS).items()}
    root, run = built(site, cli, "x.xls", compound(workbook))
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.xls”工作表“名单”单元格 B3 含有") for p in personal(run)), run.err
    assert not warned(run, "x.xls"), run.err


def test_a_damaged_embedded_object_is_a_warning_and_the_document_around_it_is_read(site, cli):
    data = compound({**streams(DOC), "ObjectPool/_9/WordDocument": b"\0" * 600, "ObjectPool/_9/1Table": b"\0" * 80})
    root, run = built(site, cli, "x.doc", data)
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.doc”第 1 段含有") for p in personal(run)), run.err
    assert warned(run, "x.doc") == ["content/qtxx/a.md:6: 警告：附件“x.doc”嵌入对象“_9”（文件损坏）不能读取，"
                                    "无法检查其中的个人信息，请人工核对后再公开"], run.err


def test_an_empty_property_stream_is_no_warning(site, cli):
    root, run = built(site, cli, "x.doc", compound({**streams(CLEAN_DOC), "\x05SummaryInformation": b""}))
    assert run.code == 0 and not warned(run, "x.doc"), run.err


def test_a_presentation_saved_for_powerpoint_95_and_97_is_read_from_its_97_copy(site, cli):
    """PowerPoint's "95 & 97" format keeps a PowerPoint 95 presentation at the top and the same slides in the 97
    format in PP97_DUALSTORAGE: the 97 copy is read, the 95 one is not said unread."""
    old = {"PowerPoint Document": b"\0" * 200, "Header": b"\0" * 40, "PersistentStorage Directory": b"\0" * 40,
           "Text_Content": b"\0" * 40}
    copy = {f"PP97_DUALSTORAGE/{name}": data for name, data in streams(PPT).items()}
    root, run = built(site, cli, "x.ppt", compound({**old, **copy}))
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert any(p.startswith("content/qtxx/a.md:6: 错误：附件“x.ppt”第 1 张幻灯片含有") for p in personal(run)), run.err
    assert not warned(run, "x.ppt"), run.err
