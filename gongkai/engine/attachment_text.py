"""The personal information in an attachment found like the body's: each piece of its text, as the reader of its
format gives it (attachment_formats), checked where it is, and what cannot be read a warning that says so
(`attachment-unreadable`).

A file the body links to (`附件：[名单](mingdan.csv)`, `<a href>`) is copied beside the page like an
attachment, and checked like one (`scan_linked`), at the line of its first link.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from gongkai.engine import office_markup, pdf_text, privacy, sources, word_text
from gongkai.engine.attachment_formats import EXEMPT, READERS, reader
from gongkai.engine.model import Attachment, Document, Link
from gongkai.engine.pieces import UNCHECKED
from gongkai.problems import Report

#: what to do about a number in what a file keeps but does not show, or only when asked
_FIXES = {word_text.DELETED: "修订删除的文字仍保存在文件中，在 Word 中显示修订即可看到：请接受或拒绝全部修订"
                             "（审阅 > 接受 > 接受所有修订）后再附上",
          word_text.CODES: "域代码在 Word 中按 Alt+F9 即可看到：请删除或隐去其中的号码",
          office_markup.UNSHOWN: "这是删除或清空的单元格留在文件中的文字，在 Excel 中看不到：请把要公开的单元格复制到"
                                 "新建的工作簿，另存后再附上",
          pdf_text.EARLIER: "这是 PDF 以增量方式保存时留在文件中的早先版本，PDF 阅读器可以恢复：请用“另存为”保存成"
                            "新文件（或打印为 PDF），再附上"}


def scan(doc: Document, attachment: Attachment, disk: Path, report: Report) -> None:
    """Report each identity or mobile number in the attachment at the document's `attachments` line."""
    _scan_file(doc.source, attachment.line, Path(attachment.file).name, disk, doc.meta["public_contacts"], report)


def linked(doc: Document) -> list[Link]:
    """The links of a document to files of content/ whose text is checked, or said not to be (all but
    EXEMPT): copied beside its page when they are files (content_links.Targets.kind), documents and other
    members' aside."""
    return [link for link in doc.links if not link.is_document and not link.member
            and posixpath.splitext(link.target)[1].lower() not in EXEMPT]


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
    suffix = disk.suffix.lower()
    if suffix in EXEMPT:
        return
    read, why = reader(suffix, READERS, lambda: disk.stat().st_size)
    if read is None:
        why += "的文件不能读取" if suffix else "，不知道是什么格式"
    if why:
        report.warning(path, line, f"附件“{name}”无法读出文字（{why}），没有检查其中的个人信息，请人工核对",
                       "attachment-unreadable")
        return
    seen = set()  # a place read two ways (markup with and without its tags, a Word fallback) reported once
    try:
        for where, text in read(disk):
            if where == UNCHECKED:  # what is not read is named by its place, which may be a number's too
                report.warning(path, line, f"附件“{name}”{privacy.masked(text)}，无法检查其中的个人信息，"
                                           "请人工核对后再公开", "attachment-unreadable")
                continue
            fix = next((fix for kind, fix in _FIXES.items() if where.endswith(kind)), privacy.DELETE)
            place = where.removesuffix(word_text.FALLBACK)
            for _, message, code in privacy.findings(text, allowed, fix=fix):
                if (place, message) not in seen:
                    seen.add((place, message))
                    report.error(path, line, f"附件“{name}”{privacy.masked(where)}{message}", code)
    except Exception:  # noqa: BLE001 — any failure of a third-party parser on an editor's file is the same to them
        report.warning(path, line, f"附件“{name}”无法读出文字（文件损坏或不是 {suffix} 格式），"
                                   "没有检查其中的个人信息", "attachment-unreadable")
