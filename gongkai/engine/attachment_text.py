"""The text of an attachment, piece by piece with where each piece is, so its personal information is
found like the body's.

One well-kept reader a format: python-docx (.docx), openpyxl in read-only mode (.xlsx), pypdf
(the text layer of a .pdf; a scan without one has no text to check), and the text itself for
.txt and .csv (UTF-8, or GB18030 as Excel saves CSV on Chinese systems). Each is imported only
when a document has such an attachment. Other formats are not read.

A file the body links to (`附件：[名单](mingdan.csv)`, `<a href>`) is copied beside the page like an
attachment, and checked like one (`scan_linked`), at the line of its first link.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Callable, Iterator

from gongkai.engine import privacy, sources
from gongkai.engine.model import Attachment, Document, Link
from gongkai.problems import Report

Pieces = Iterator[tuple[str, str]]  # (where, as 第 2 段 or 工作表“名单”单元格 B2; text)


def _plain(path: Path) -> Pieces:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("not text")
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        yield f"第 {n} 行", line


def _docx(path: Path) -> Pieces:
    import docx  # python-docx
    document = docx.Document(str(path))
    for n, paragraph in enumerate(document.paragraphs, 1):
        yield f"第 {n} 段", paragraph.text
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row.cells, 1):
                yield f"表格 {t} 第 {r} 行第 {c} 列", cell.text


def _xlsx(path: Path) -> Pieces:
    import openpyxl
    from openpyxl.utils import get_column_letter
    book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), 1):  # values only: a tenth faster
                for c, value in enumerate(row, 1):
                    if value is not None:
                        yield f"工作表“{sheet.title}”单元格 {get_column_letter(c)}{r} ", str(value)
    finally:
        book.close()


def _pdf(path: Path) -> Pieces:
    import pypdf
    for n, page in enumerate(pypdf.PdfReader(str(path)).pages, 1):
        yield f"第 {n} 页", page.extract_text() or ""


READERS: dict[str, Callable[[Path], Pieces]] = {
    ".txt": _plain, ".csv": _plain, ".docx": _docx, ".xlsx": _xlsx, ".pdf": _pdf,
}


def scan(doc: Document, attachment: Attachment, disk: Path, report: Report) -> None:
    """Report each identity or mobile number in the attachment at the document's `attachments` line."""
    _scan_file(doc.source, attachment.line, Path(attachment.file).name, disk, doc.meta["public_contacts"], report)


def linked(doc: Document) -> list[Link]:
    """The links of a document to files of content/ whose text is checked (a format of READERS): copied
    beside its page when they are files (content_links.Targets.kind), documents and other members' aside."""
    return [link for link in doc.links if not link.is_document and not link.member
            and posixpath.splitext(link.target)[1].lower() in READERS]


def scan_linked(doc: Document, site_dir: Path, report: Report) -> None:
    """Check the files a document links to as its attachments are checked (same messages, its
    `public_contacts`), each once, at the line of its first link; a file it lists under `attachments` is
    checked there, and one that is missing or leads out of content/ is content_links' to report."""
    done = {a.file for a in doc.attachments}
    for link in linked(doc):
        if link.target in done:
            continue
        done.add(link.target)
        disk = site_dir / sources.CONTENT / link.target
        try:
            found = disk.is_file() and sources.inside(site_dir, disk)
        except OSError:  # a folder on its way that cannot be entered: as missing
            found = False
        if found:
            _scan_file(link.source or doc.source, link.line, posixpath.basename(link.target), disk,
                       doc.meta["public_contacts"], report)


def _scan_file(path: str, line: int, name: str, disk: Path, allowed: list[str], report: Report) -> None:
    read = READERS.get(disk.suffix.lower())
    if read is None:
        return
    try:
        for where, text in read(disk):
            for _, message, code in privacy.findings(text, allowed):
                report.error(path, line, f"附件“{name}”{where}{message}", code)
    except Exception:  # noqa: BLE001 — any failure of a third-party parser on an editor's file is the same to them
        report.warning(path, line, f"附件“{name}”无法读出文字（文件损坏或不是 {disk.suffix.lower()} 格式），"
                                   "没有检查其中的个人信息", "attachment-unreadable")
