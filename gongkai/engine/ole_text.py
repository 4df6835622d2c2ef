"""A legacy Office file read for its text: a compound file ([MS-CFB]) as Word, Excel and PowerPoint 97-2003 save
(.doc, .xls, .ppt), as WPS saves its own (.wps, .et, .dps, the same formats inside), and as a .docx or .xlsx
embeds an object (`oleObject1.bin`). Government departments still send these: a .xls 名单 was published unread,
with a warning.

Each storage is read by what it holds, not by the file's name: a Word document (word97_text), a workbook
(biff_text), a presentation (ppt_text, its embedded objects compound files of their own), an Office Open XML file
packed in it (an embedded .docx: `Package`), its properties (ole_properties), the custom XML data Word and Excel
2007 and later keep in it too (MsoDataStore), and the objects it embeds (a Word file's ObjectPool, a workbook's
MBD storages) as storages of their own, NESTED deep, and the streams whose records are not read here for the runs
of characters they hold (a Word file's form fields' data, WPS's extension data). Every other stream or storage is
said unchecked by name (a pivot cache, a shared workbook's revision log, macros, a packaged file), never passed
over: what is not read is a warning, as for any file no reader reads.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Callable
from xml.etree import ElementTree

import olefile

from gongkai.engine import biff_text, office_parts, ole_properties, ppt_text, word97_text
from gongkai.engine.ooxml import Pieces, Source
from gongkai.engine.pieces import NESTED, UNCHECKED
from gongkai.engine.structures import ascii_runs

#: a file packed in a storage, read by its extension as the caller reads embedded files: (name, bytes, depth)
Inside = Callable[[str, bytes, int], Pieces]
#: streams that hold no text anyone reads: the object's class and links, its picture for showing it, PowerPoint's
#: pictures, and those the readers below read (an encrypted presentation's summary: ppt_text says the file is
#: encrypted); names in a compound file are the same in any case (WORKBOOK is Workbook), so each table here is kept
#: in lower case
_PASSED = {name.lower() for name in (
    "\x01CompObj", "\x01Ole", "\x03ObjInfo", "\x03EPRINT", "\x03META", "\x03PIC", "\x02OlePres000", "0Table",
    "1Table", "WordDocument", "Workbook", "Book", "Package", "PowerPoint Document", "Current User", "Pictures",
    "EncryptedSummary", ole_properties.SUMMARY, ole_properties.DOCUMENT_SUMMARY)}
#: an object's pictures for showing it, one a view (\x02OlePres000, \x02OlePres001, …)
_PICTURE_CACHE = "\x02olepres"
#: what a storage or stream no reader reads holds, as the warning names it
_UNREAD = {name.lower(): what for name, what in {
    "_SX_DB_CUR": "数据透视表缓存", "_SX_DB": "数据透视表缓存", "Revision Log": "共享工作簿的修订记录",
    "User Names": "共享工作簿的用户名单", "_VBA_PROJECT_CUR": "宏", "Macros": "宏", "VBA": "宏", "_VBA_PROJECT": "宏",
    "PROJECT": "宏", "PROJECTwm": "宏", "Ctls": "控件", "\x01Ole10Native": "以文件包嵌入的文件",
    "CONTENTS": "其他程序的对象（如 PDF）", "Equation Native": "公式编辑器的公式"}.items()}
#: a presentation saved for PowerPoint 95 and 97 at once keeps the 97 copy in this storage, read instead of the 95
#: one at the top (its own streams, the same slides)
_DUAL = "pp97_dualstorage"
_POWERPOINT_95 = {_DUAL, "header", "persistentstorage directory", "text_content"}
#: how a compound file starts
MAGIC = olefile.MAGIC
#: streams read for the text they hold (runs of ASCII characters, 8-bit and UTF-16), their records' layout not
#: published or not read here: WPS Spreadsheets' extension data beside the workbook it saves as .xls or .et, the name
#: a linked object's item has in its source, and a Word 97-2003 document's form fields (every entry of a drop-down,
#: not only the one chosen, which the document's text shows; a text field's default and help texts) and pictures
_STRINGS_ONLY = {"etextdata": "WPS 表格的扩展数据", "\x01ole10itemname": "嵌入对象的名称",
                 "data": "窗体域和图片的数据"}
#: the main part of each Office Open XML file a `Package` stream may hold, and the extension read as
_PACKED = {"word/document.xml": ".docx", "xl/workbook.xml": ".xlsx", "ppt/presentation.xml": ".pptx"}


def read(source: Source, depth: int, inside: Inside) -> Pieces:
    """Every piece of text of the compound file `source`, `depth` files deep in the attachment."""
    with olefile.OleFileIO(source) as ole:
        yield from _storage(ole, (), depth, inside)


def _storage(ole: olefile.OleFileIO, root: tuple[str, ...], depth: int, inside: Inside) -> Pieces:
    children = {path[-1].lower(): (path[-1], ole.get_type(path)) for path in _below(ole, root)
                if len(path) == len(root) + 1}
    if "encryptedpackage" in children:  # a .docx or .xlsx with a password: its parts are all ciphertext
        yield UNCHECKED, "文件已加密"
        return
    yield from ole_properties.read(ole, root)
    if "worddocument" in children:
        yield from word97_text.read(ole, root)
    elif "workbook" in children or "book" in children:
        yield from biff_text.read(ole, root)
    elif children.get(_DUAL, ("", None))[1] == olefile.STGTY_STORAGE:
        yield from _storage(ole, (*root, children[_DUAL][0]), depth, inside)
    elif "powerpoint document" in children:
        yield from ppt_text.read(ole, root)
        for number, data in ppt_text.embedded(ole, root):
            yield from _object(data, f"第 {number} 个嵌入对象", depth, inside)
    if "package" in children:
        data = ole.openstream([*root, "Package"]).read()
        yield from inside(f"Package{packed_kind(BytesIO(data))}", data, depth)
    for folded, (name, kind) in sorted(children.items()):
        storage = kind == olefile.STGTY_STORAGE
        if folded == "objectpool" and storage:
            for object_name in sorted({path[len(root) + 1] for path in _below(ole, (*root, name))}):
                yield from _embedded(ole, (*root, name, object_name), depth, inside)
        elif folded.startswith("mbd") and storage:
            yield from _embedded(ole, (*root, name), depth, inside)
        elif folded == "msodatastore" and storage:
            yield from _data_store(ole, (*root, name))
        elif folded in _STRINGS_ONLY and not storage:
            yield _STRINGS_ONLY[folded], ascii_runs(ole.openstream([*root, name]).read())
        elif not (folded in _PASSED or folded.startswith(_PICTURE_CACHE)
                  or _DUAL in children and folded in _POWERPOINT_95):
            what = _UNREAD.get(folded, f"“{name.lstrip(chr(1) + chr(5))}”部分")
            yield UNCHECKED, f"{what}不能读取"


def _embedded(ole: olefile.OleFileIO, root: tuple[str, ...], depth: int, inside: Inside) -> Pieces:
    """An object the file embeds as a storage (a workbook pasted into a Word file), its places named inside it."""
    yield from _within(f"嵌入对象“{root[-1]}”", depth, lambda: _storage(ole, root, depth + 1, inside))


def _object(data: bytes, label: str, depth: int, inside: Inside) -> Pieces:
    """An object a presentation keeps as a compound file of its own (compressed in a record), read as one; another
    kind of object (a control's data) said unchecked."""
    if not data.startswith(MAGIC):
        yield UNCHECKED, f"{label}不能读取"
        return

    def pieces() -> Pieces:
        with olefile.OleFileIO(data) as inner:
            yield from _storage(inner, (), depth + 1, inside)
    yield from _within(label, depth, pieces)


def _within(label: str, depth: int, pieces: Callable[[], Pieces]) -> Pieces:
    """The pieces of an embedded object, each named inside it (嵌入对象“…”中的…); none past NESTED, and one that
    breaks off (a damaged object) said unchecked, the file around it read on."""
    if depth >= NESTED:
        yield UNCHECKED, f"{label}（嵌套过深）不能读取"
        return
    try:
        for where, text in pieces():
            yield (where, f"{label}中的{text}") if where == UNCHECKED else (f"{label}中的{where}", text)
    except Exception:  # noqa: BLE001 — as for a damaged attachment: what it gave is checked, the rest said unread
        yield UNCHECKED, f"{label}（文件损坏）不能读取"


def _data_store(ole: olefile.OleFileIO, root: tuple[str, ...]) -> Pieces:
    """The custom XML parts Word and Excel 2007 and later keep in a legacy file too (an item and its properties,
    each a stream of XML), read as a .docx's are; one that is not XML said unchecked."""
    for path in _below(ole, root):
        if ole.get_type(path) == olefile.STGTY_STREAM:
            try:
                yield from office_parts.custom_values(ElementTree.fromstring(ole.openstream(path).read()))
            except ElementTree.ParseError:
                yield UNCHECKED, "自定义 XML不能读取"


def _below(ole: olefile.OleFileIO, root: tuple[str, ...]) -> list[list[str]]:
    """The path of every stream and storage inside the storage at `root`, at any depth."""
    return [path for path in ole.listdir(streams=True, storages=True)
            if len(path) > len(root) and tuple(path[:len(root)]) == root]


def packed_kind(source: Source) -> str:
    """The extension of the Office Open XML file `source` is, by its main part ('' when it is none)."""
    try:
        with zipfile.ZipFile(source) as book:
            names = set(book.namelist())
    except zipfile.BadZipFile:
        return ""
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    return next((suffix for part, suffix in _PACKED.items() if part in names), "")
