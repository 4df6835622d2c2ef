"""The text of an attachment, piece by piece with where each piece is, so its personal information is
found like the body's.

One well-kept reader a format: python-docx (.docx), openpyxl in read-only mode (.xlsx), pypdf
(the text layer of a .pdf; a scan without one has no text to check), and the text itself for
.txt and .csv (UTF-8, or GB18030 as Excel saves CSV on Chinese systems). Each is imported only
when a document has such an attachment. Other formats are not read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from gongkai.engine import privacy
from gongkai.engine.model import Attachment, Document
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
    read = READERS.get(disk.suffix.lower())
    if read is None:
        return
    name = Path(attachment.file).name
    allowed = doc.meta["public_contacts"]
    try:
        for where, text in read(disk):
            for _, message, code in privacy.findings(text, allowed):
                report.error(doc.source, attachment.line, f"附件“{name}”{where}{message}", code)
    except Exception:  # noqa: BLE001 — any failure of a third-party parser on an editor's file is the same to them
        report.warning(doc.source, attachment.line, f"附件“{name}”无法读出文字（文件损坏或不是 {disk.suffix.lower()} 格式），"
                                                    "没有检查其中的个人信息", "attachment-unreadable")
