"""The text layer of a PDF attachment, page by page (pypdf), and the pages no text reader can check: those that
show images but have no text (a scan), and those with a line or two of text on images of most of the page (a scan
with a typed header or a stamp), measured by pdf_images; then what the file keeps besides (pdf_parts: properties,
comments, links, form fields, bookmarks, embedded files); and what the file as each earlier save left it holds that
it no longer shows (pdf_revisions).
"""
from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING

from gongkai.engine import pdf_images, pdf_parts, pdf_revisions
from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED, page_runs

if TYPE_CHECKING:
    import pypdf

#: what is found in an earlier save of the file and no longer shown is named so (attachment_text says how to be
#: rid of it)
EARLIER = "（早先保存的版本）"
#: a PDF page with fewer characters than this whose images cover at least MOSTLY of it is a scan with a
#: typed line on it (a header, a stamp's text), whose picture is not checked
FEW_CHARACTERS, MOSTLY = 20, 0.5


def read(path: Path | IO[bytes], embedded: pdf_parts.Embedded) -> Pieces:
    """The file as it is (`version`), then what each earlier save left in it that it no longer shows (pdf_revisions),
    named as such; an earlier save that cannot be read said unchecked."""
    data = path.read_bytes() if isinstance(path, Path) else path.read()
    reader = _opened(data)
    if reader is None:
        yield UNCHECKED, "文件已加密，需要密码才能打开"
        return
    shown, files = set(), set()

    def once(name: str, data: bytes) -> Pieces:
        """A file embedded in each save is read in the first that holds it, not again in every earlier one."""
        key = name, hashlib.sha256(data).digest()
        if key not in files:
            files.add(key)
            yield from embedded(name, data)
    for piece in version(reader, once):
        shown.add(piece)
        yield piece
    for earlier in pdf_revisions.earlier(data):
        try:
            opened = _opened(earlier)
            pieces = list(version(opened, once)) if opened is not None else None
        except Exception:  # noqa: BLE001 — as for a damaged file: what it held is said unread
            pieces = None
        if pieces is None:
            yield UNCHECKED, "早先保存的版本不能读取"
            continue
        yield from ((where, f"早先保存的版本中{text}") if where == UNCHECKED else (where + EARLIER, text)
                    for where, text in pieces if (where, text) not in shown)


def _opened(data: bytes) -> pypdf.PdfReader | None:
    """The PDF read as any reader shows it: one whose password only restricts printing or copying (an owner
    password, as many published files have) opened with the empty password; None when opening it needs one."""
    import pypdf  # imported by a build that has a PDF to read, not by every build
    reader = pypdf.PdfReader(BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        return None
    return reader


def version(reader: pypdf.PdfReader, embedded: pdf_parts.Embedded) -> Pieces:
    """Each page's text layer; the pages that have none but show images (a scan), and those with a line or two
    of text on a picture of most of the page (a scan with a typed header or a stamp), said unchecked, once a
    file each; then the file's other parts, the files it embeds read by `embedded`."""
    scanned, mostly_images = [], []
    for n, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        shown = len("".join(text.split()))
        if not shown and _has_images(page):
            scanned.append(n)
        elif shown < FEW_CHARACTERS and _covered(page) >= MOSTLY:
            mostly_images.append(n)
        yield f"第 {n} 页", text
    if scanned:
        yield UNCHECKED, f"第 {page_runs(scanned)} 页没有文字层（可能是扫描件）"
    if mostly_images:
        yield UNCHECKED, f"第 {page_runs(mostly_images)} 页大部分是图片、文字很少（可能是加了文字页眉或印章的扫描件）"
    yield from pdf_parts.read(reader, embedded)


def _covered(page: pypdf.PageObject) -> float:
    """How much of a page its images cover (pdf_images); all of it when that cannot be told: the page is
    checked by eye rather than passed."""
    try:
        return pdf_images.cover(page)
    except Exception:  # noqa: BLE001 — a content stream pypdf reads but this cannot follow
        return 1.0


def _has_images(page: pypdf.PageObject) -> bool:
    """Whether a page shows an image (its own or a form's, or one inline in its content): a page without
    text and without images is blank, nothing on it to check."""
    try:
        return len(page.images) > 0
    except Exception:  # noqa: BLE001 — images pypdf cannot list may be a scan all the same
        return True
