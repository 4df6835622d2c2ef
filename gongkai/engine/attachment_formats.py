"""How each format of attachment is read, piece by piece with where each piece is (attachment_text checks the
pieces): one well-kept reader a format.

The WordprocessingML of a .docx, every part of it (office_text: its body wherever a paragraph is, headers, footers,
comments, charts, properties; what tracked changes deleted, field codes and fallbacks, each said as such:
word_text; alt text, revision authors: office_parts), openpyxl in read-only mode (.xlsx) with what it leaves out
(office_text and office_parts again: pivot caches among it), a .pptx's slides, notes and comments (slides_text), a
legacy Office file's document, workbook, properties and embedded objects (ole_text: .doc, .xls and WPS's .wps and
.et, by what they hold; one that is a web page, an RTF or text under that name read as what it is), an OFD's pages,
annotations and document information (ofd_text, its pages of images said unchecked as a PDF's are), the files any of
them embeds read as attachments of their type are (a workbook in a Word file) or, when they cannot be (a packaged
file, a PowerPoint 97 object), said unchecked, and so a Word file's altChunks (content another program put in it,
which Word shows as its own: a web page, an RTF or a text file, another Word file), pypdf (the text layer of a .pdf;
pages without one that show images, a scan, and pages with a line or two of text on images of most of the page, are
a warning that they were not checked; its properties, comments, links, form fields and bookmarks, and the files it
embeds read as attachments), and the text itself (text_files) for .txt, .csv and .json (UTF-8, or GB18030 as Excel
saves CSV on Chinese systems), .html, .htm, .xml and .svg (with and without their tags), .mht (a web page saved as
one file, its text parts decoded) and .rtf (roughly: its control words dropped; the objects it embeds read as files
of their own), those up to TEXT_LIMIT; and each file of a .zip, as what it is. Each is imported only when a document
has such an attachment. Other images, audio and video are published for what they show, which no text reader
finds (EXEMPT); any other file has no reader.
"""
from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path
from typing import IO, Callable, Iterator, Optional

from gongkai.engine import office_text, ofd_text, ooxml, pdf_text, slides_text, text_files
from gongkai.engine.ooxml import Source
from gongkai.engine.pieces import NESTED, UNCHECKED

Pieces = Iterator[tuple[str, str]]  # (where, as 第 2 段 or 工作表“名单”单元格 B2; text)
#: a reader of a file embedded in another, which reads it as `depth` files deep
Reader = Callable[[Source, int], Pieces]


#: images, audio and video: what they show no text reader finds (a scan of a list is for the eye to check); an SVG
#: picture is text, its words and its hidden title, description and metadata read as markup
EXEMPT = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff",
          ".mp3", ".wav", ".ogg", ".m4a", ".mp4", ".webm", ".ogv", ".mov", ".avi")
#: the largest file read as markup, RTF or MHT (bytes; an attachment or an altChunk): a bigger one is a warning,
#: not a wait
TEXT_LIMIT = 20 * 1024 * 1024
#: the files a .docx, an .xlsx or a .pptx embeds (OLE objects, packages)
_EMBEDDED = re.compile(r"(?:word|xl|ppt)/embeddings/[^/]+")
#: what an object an RTF file embeds is read as: a compound file or a package, found by what it holds (_legacy)
_OBJECT, _PACKAGE = "object.bin", "package"
#: a file of a .zip bigger than this unpacked (bytes) is said unchecked, not unpacked: a zip's files may be far bigger
#: than the zip; a zip's flags of an encrypted file and of a name in UTF-8
ZIP_MEMBER_LIMIT = 256 * 1024 * 1024
_ENCRYPTED_MEMBER, _UTF8_NAME = 0x1, 0x800
#: an embedded file bigger than this (bytes) is copied to a temporary file to be read, not held in memory
_IN_MEMORY = 16 * 1024 * 1024


def _docx(path: Source, depth: int = 0) -> Pieces:
    yield from office_text.word_body(path)
    yield from office_text.word_parts(path)
    yield from _embedded(path, depth)


def _xlsx(path: Source, depth: int = 0) -> Pieces:
    import openpyxl
    from openpyxl.utils import get_column_letter
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    shown: set[str] = set()  # the text cells show: the table of shared strings may hold more (office_markup)
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), 1):  # values only: a tenth faster
                for c, value in enumerate(row, 1):
                    if value is not None:
                        if type(value) is str:
                            shown.add(value)
                        yield f"工作表“{sheet.title}”单元格 {get_column_letter(c)}{r} ", str(value)
    finally:
        book.close()
    yield from office_text.excel_parts(path, shown)
    yield from _embedded(path, depth)


def _pptx(path: Source, depth: int = 0) -> Pieces:
    yield from slides_text.presentation(path)
    yield from _embedded(path, depth)


def _pdf(source: Source, depth: int = 0) -> Pieces:
    """A PDF's text layer and what it keeps besides, each file it embeds read as an attachment of its type is, its
    places named inside it (嵌入的附件“名单.xlsx”中的…)."""
    yield from pdf_text.read(source, lambda name, data: _copy_read(
        f"嵌入的附件“{name}”", name, _ATTACHED, depth, lambda: len(data), lambda: BytesIO(data)))


def _rtf(source: Source, depth: int = 0) -> Pieces:
    """An RTF file's text, and each object it embeds read as a file of its own is (a compound file or an Office
    Open XML one: a workbook pasted into the document), its places named inside it; a file packaged as an object
    (Package) said unchecked."""
    def embedded(name: str, data: bytes) -> Pieces:
        if name.lower() == _PACKAGE:
            yield UNCHECKED, f"嵌入对象“{name}”（以文件包嵌入的文件）不能读取"
        else:
            yield from _copy_read(f"嵌入对象“{name}”", _OBJECT, _PACKAGES, depth, lambda: len(data),
                                  lambda: BytesIO(data))
    yield from text_files.rtf(source, embedded)


def _zip(source: Source, depth: int = 0) -> Pieces:
    """Each file of a .zip read as an attachment of its type is (Office, PDF, OFD, RTF, text, web page, another
    .zip), its places named inside it (压缩包中的“名单.xlsx”中的…); one of another format, one encrypted or one too
    big to unpack (ZIP_MEMBER_LIMIT) said unchecked. A name the zip does not mark as UTF-8 is read as GBK, as Windows
    in Chinese writes it."""
    with zipfile.ZipFile(source) as book:
        for info in book.infolist():
            if info.is_dir():
                continue
            name = info.filename if info.flag_bits & _UTF8_NAME else _gbk(info.filename)
            label = f"压缩包中的“{name}”"
            if info.flag_bits & _ENCRYPTED_MEMBER or info.file_size > ZIP_MEMBER_LIMIT:
                why = "已加密" if info.flag_bits & _ENCRYPTED_MEMBER else f"超过 {ZIP_MEMBER_LIMIT >> 20} MB"
                yield UNCHECKED, f"{label}（{why}）不能读取"
                continue
            yield from _copy_read(label, posixpath.basename(name), _ATTACHED, depth, lambda: info.file_size,
                                  lambda: book.open(info))


def _gbk(name: str) -> str:
    """A member's name zipfile read as CP437, as GBK bytes (中文.xlsx from a zip made on Windows in Chinese)."""
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _ofd(path: Source, depth: int = 0) -> Pieces:
    yield from ofd_text.read(path, lambda book, part: _inside(book, part, "嵌入附件", _PACKAGES, depth))


def _embedded(package: Source, depth: int) -> Pieces:
    """Each file a .docx, .xlsx or .pptx embeds (a workbook pasted into a Word file, a chart's own workbook) read as
    an attachment of its type is, its places named inside it (嵌入对象“…”中的…), and each altChunk of a Word file
    (嵌入内容: a web page, an RTF or a text file, another Word file, which Word shows as part of the document) as
    its format is, each from a copy (in memory while small); one that cannot be read (an OLE object: a legacy
    Office file, a PDF, any other program's; one damaged, or nested deeper than NESTED) said unchecked,
    the rest of the file read on."""
    with zipfile.ZipFile(package) as book:
        chunks = ooxml.targets(book, "/aFChunk")
        objects = [name for name in book.namelist() if _EMBEDDED.fullmatch(name) and name not in chunks]
        for label, names, readers in (("嵌入对象", objects, _PACKAGES), ("嵌入内容", chunks, _CHUNKS)):
            for name in names:
                yield from _inside(book, name, label, readers, depth)


def _inside(book: zipfile.ZipFile, name: str, label: str, readers: dict[str, Reader], depth: int) -> Pieces:
    """A file embedded in `book`, read by the reader of its extension in `readers`, its places named inside it."""
    base = posixpath.basename(name)
    yield from _copy_read(f"{label}“{base}”", base, readers, depth, lambda: book.getinfo(name).file_size,
                          lambda: book.open(name))


def _packed(name: str, data: bytes, depth: int) -> Pieces:
    """A file a compound file packs (an embedded .docx's `Package` stream), read as its extension says: ole_text has
    named the object holding it."""
    yield from _copy_read("", name, _PACKAGES, depth, lambda: len(data), lambda: BytesIO(data))


def _copy_read(label: str, base: str, readers: dict[str, Reader], depth: int, size: Callable[[], int],
               opened: Callable[[], IO[bytes]]) -> Pieces:
    """An embedded file read from a copy (in memory while small), its places named inside `label` (none: its
    container's label stands for it)."""
    suffix = posixpath.splitext(base)[1].lower()
    if suffix in EXEMPT:
        return
    read, why = reader(suffix, readers, size)
    why = "嵌套过深" if read is not None and depth >= NESTED else why
    named = label or "嵌入的文件"
    if why:
        yield UNCHECKED, f"{named}（{why}）不能读取"
        return
    inside = f"{label}中的" if label else ""
    try:
        with tempfile.SpooledTemporaryFile(_IN_MEMORY) as copy:
            with opened() as part:
                shutil.copyfileobj(part, copy)
            copy.seek(0)
            for where, text in read(copy, depth + 1):
                yield (where, inside + text) if where == UNCHECKED else (inside + where, text)
    except Exception:  # noqa: BLE001 — as for a damaged attachment
        yield UNCHECKED, f"{named}（文件损坏）不能读取"


def _legacy(source: Source, depth: int = 0) -> Pieces:
    """A .doc, .xls, .wps or .et: a compound file, read by what it holds (ole_text); one that is a newer Office file,
    an RTF, a web page or text under that name, as many systems export their "Word" and "Excel" files, read as what
    it is."""
    from gongkai.engine import ole_text  # imported by a build that has such a file to read, not by every build
    start = _start(source)
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    packed = ole_text.packed_kind(source) if start.startswith(b"PK\x03\x04") else ""
    if start.startswith(ole_text.MAGIC):
        yield from ole_text.read(source, depth, _packed)
    elif packed in _PACKAGES:
        yield from _PACKAGES[packed](source, depth)
    elif text.startswith(b"{\\rtf"):
        yield from _rtf(source, depth)
    elif text.startswith(b"mime-version"):
        yield from text_files.mht(source)
    elif text.startswith(b"<"):
        yield from text_files.markup(source)
    elif b"\0" not in start:  # text, as systems export a table "to Excel" (CSV, tabs); one not UTF-8 nor GB18030 raises
        yield from text_files.plain(source)
    else:
        raise ValueError("neither a compound file nor a format named otherwise")


def _start(source: Source) -> bytes:
    """The first bytes of a file, which tell its format, the file left where it was."""
    if isinstance(source, Path):
        with open(source, "rb") as file:
            return file.read(64)
    start = source.read(64)
    source.seek(0)
    return start


def reader(suffix: str, readers: dict[str, Callable[..., Pieces]], size: Callable[[], int]
            ) -> tuple[Optional[Callable[..., Pieces]], str]:
    """The reader of a file by its extension in `readers`, and why it is not read ('' when it is): no reader (what
    its extension is, or that it has none), or more than TEXT_LIMIT for one reading it whole several times."""
    read = readers.get(suffix)
    if read is None:
        return None, f"{suffix} 格式" if suffix else "没有扩展名"
    return read, f"超过 {TEXT_LIMIT // 1024 // 1024} MB" if suffix in _LIMITED and size() > TEXT_LIMIT else ""


def _alone(read: Callable[[Source], Pieces]) -> Reader:
    """The reader of a format that holds no other file, called as _inside calls one."""
    return lambda source, depth: read(source)


#: the embedded files read, as what they are: .docm, .xlsm and .pptm are a .docx, an .xlsx and a .pptx with macros
#: legacy Office files as Word, Excel, PowerPoint and WPS name them (WPS's .wps, .et and .dps are their formats inside)
_LEGACY = (".doc", ".dot", ".xls", ".xlt", ".wps", ".wpt", ".et", ".ett", ".ppt", ".pps", ".pot", ".dps", ".dpt")
_PACKAGES: dict[str, Reader] = {".docx": _docx, ".docm": _docx, ".xlsx": _xlsx, ".xlsm": _xlsx, ".pptx": _pptx,
                                ".pptm": _pptx,
                                **dict.fromkeys((*_LEGACY, ".bin"), _legacy)}  # .bin: an object a .docx embeds
#: the altChunks read, by the extension of their part (as the programs that write them name it): another Word file
#: (a template too), a web page (saved as one file: .mht), an RTF or a text file
_CHUNKS: dict[str, Reader] = {
    **dict.fromkeys((".docx", ".docm", ".dotx", ".dotm"), _docx),
    **dict.fromkeys((".htm", ".html", ".xhtml", ".xml"), _alone(text_files.markup)),
    **dict.fromkeys((".mht", ".mhtml"), _alone(text_files.mht)), ".rtf": _rtf,
    ".txt": _alone(text_files.plain)}
READERS: dict[str, Callable[[Path], Pieces]] = {
    ".txt": text_files.plain, ".csv": text_files.plain, ".json": text_files.plain, ".html": text_files.markup,
    ".htm": text_files.markup, ".xml": text_files.markup, ".svg": text_files.markup, ".mht": text_files.mht,
    ".mhtml": text_files.mht, ".rtf": _rtf,
    ".docx": _docx, ".xlsx": _xlsx, ".pdf": _pdf, ".pptx": _pptx, ".ofd": _ofd, ".zip": _zip,
    **dict.fromkeys(_LEGACY, _legacy),
}
#: the files a PDF embeds or a .zip holds that are read, as what their extensions say: Office files, PDFs, OFD, RTF,
#: text, web pages, zips
_ATTACHED: dict[str, Reader] = {
    **_PACKAGES, ".pdf": _pdf, ".ofd": _ofd, ".rtf": _rtf, ".zip": _zip,
    **{suffix: _alone(read) for suffix, read in (
        (".txt", text_files.plain), (".csv", text_files.plain), (".json", text_files.plain),
        (".html", text_files.markup), (".htm", text_files.markup), (".xml", text_files.markup))}}
#: the files read whole several times (text_files: markup with and without tags, RTF's substitutions)
_LIMITED = (".html", ".htm", ".xhtml", ".xml", ".svg", ".rtf", ".mht", ".mhtml")
