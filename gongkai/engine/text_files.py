"""The text of a file that is text: plain (.txt, .csv, .json), markup (.html, .xml), RTF, and a web page saved as
one file (.mht), from a path (an attachment) or a copy (a Word file's altChunk, attachment_formats), piece by piece with
where each piece is, so its personal information is found like the body's. Each file is read whole, several times
(markup with and without its tags, RTF's substitutions): attachment_text limits their size.
"""
from __future__ import annotations

import email
import re
import struct
from pathlib import Path
from typing import Callable

from gongkai.engine import sanitize
from gongkai.engine.ooxml import Pieces, Source

#: an RTF group that holds no text: pictures, an embedded object's data (read as a file of its own: `Embedded`),
#: font and style tables
_RTF_SKIPPED = re.compile(r"\{\\\*?\\?(?:pict|objdata|bin|fonttbl|colortbl|stylesheet|themedata|datastore|"
                          r"latentstyles|colorschememapping)(?![a-zA-Z])")
_RTF_OBJECT_DATA = "\\objdata"
#: how an RTF file's embedded object is read: by its class name (Excel.Sheet.8) and its data (the file it is)
Embedded = Callable[[str, bytes], Pieces]
#: an OLE 1.0 object's kinds ([MS-OLEDS] 2.2.4): linked (its source's path in its names), embedded (its data after)
_LINKED, _EMBEDDED = 1, 2
_RTF_BRACE = re.compile(r"\\[\\{}]|[{}]")
#: the transfer encodings of an MHT file's parts that are read (decoded by email): a part in another is no simple
#: web page, and an error
_ENCODINGS = ("7bit", "8bit", "binary", "quoted-printable", "base64")


def plain(source: Source) -> Pieces:
    yield from _lines(_decoded(_bytes(source)))


def markup(source: Source) -> Pieces:
    yield from _markup_lines(_decoded(_bytes(source)))


def rtf(source: Source, embedded: Embedded) -> Pieces:
    """Roughly: groups without text dropped, \\'hh bytes read as GB18030 and \\uN as what they name, other
    control words dropped; a paragraph (\\par) a piece. Each embedded object (a workbook pasted into the document)
    read by `embedded`, after the text; a linked one's names (its source's path) as text."""
    objects: list[str] = []
    text = _rtf_groups_dropped(_decoded(_bytes(source)).replace("\r", "").replace("\n", ""), objects)
    text = re.sub(r"(?:\\'[0-9a-fA-F]{2})+",
                  lambda m: bytes.fromhex(m.group(0).replace("\\'", "")).decode("gb18030", "replace"), text)
    text = re.sub(r"\\u(-?\d+) ?\??", lambda m: chr(int(m.group(1)) % 65536), text)
    text = re.sub(r"\\(?:par|line|row)\b ?", "\n", re.sub(r"\\(?:cell|tab)\b ?", " ", text))
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?|\\.|[{}]", "", text)
    for n, paragraph in enumerate(text.split("\n"), 1):
        yield f"第 {n} 段", paragraph
    for data in objects:
        yield from _object(bytes.fromhex(re.sub(r"[^0-9a-fA-F]", "", data)), embedded)


def _object(data: bytes, embedded: Embedded) -> Pieces:
    """An OLE 1.0 object as RTF keeps it ([MS-OLEDS] 2.2.4 ObjectHeader): its class, topic and item names (a linked
    object's source), then an embedded one's data, read by `embedded`; a picture alone (static) holds no text."""
    _, kind = struct.unpack_from("<II", data)
    pos, names = 8, []
    for _ in range(3):
        size = struct.unpack_from("<I", data, pos)[0]
        names.append(data[pos + 4:pos + 4 + size].rstrip(b"\0").decode("gb18030", "replace"))
        pos += 4 + size
    if kind == _LINKED:
        yield "链接的对象", " ".join(filter(None, names))
    elif kind == _EMBEDDED:
        size = struct.unpack_from("<I", data, pos)[0]
        if pos + 4 + size > len(data):
            raise ValueError("an embedded object's data runs past its end")
        yield from embedded(names[0], data[pos + 4:pos + 4 + size])


def mht(source: Source) -> Pieces:
    """A web page saved as one file (单个文件网页: MIME HTML, as programs that write Word files from web pages put
    it in an altChunk): each text part (the page, its frames) decoded from quoted-printable or base64 and read as
    markup, its pictures left as an attachment's are; a file without a text part, or with one in another encoding,
    is no simple web page, and an error (said unread)."""
    parts = [part for part in email.message_from_bytes(_bytes(source)).walk() if part.get_content_maintype() == "text"]
    if not parts:
        raise ValueError("no text in the MHT file")
    for part in parts:
        if part.get("Content-Transfer-Encoding", "7bit").strip().lower() not in _ENCODINGS:
            raise ValueError("an MHT part in an encoding not read")
        yield from _markup_lines(_decoded(part.get_payload(decode=True), part.get_content_charset()))


def _bytes(source: Source) -> bytes:
    return source.read_bytes() if isinstance(source, Path) else source.read()


def _decoded(data: bytes, charset: str | None = None) -> str:
    """The text of `data` in `charset` when it says one, else UTF-8, or GB18030 as Chinese systems save text."""
    for encoding in filter(None, (charset, "utf-8-sig", "gb18030")):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ValueError("not text")


def _lines(text: str) -> Pieces:
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        yield f"第 {n} 行", line


def _markup_lines(text: str) -> Pieces:
    """Each line as written (attributes: href="tel:…") and as shown, its tags removed (<td>139</td>…)."""
    for where, line in _lines(text):
        yield where, line
        shown = sanitize.shown_text(line)
        if shown != line:
            yield where, shown


def _rtf_groups_dropped(text: str, objects: list[str]) -> str:
    """The text without the groups of _RTF_SKIPPED: a picture's hex digits would read as numbers; the data of each
    embedded object (objdata) put in `objects`."""
    kept, at = [], 0
    for group in _RTF_SKIPPED.finditer(text):
        if group.start() < at:
            continue  # inside a group already dropped
        depth, end = 0, len(text)
        for brace in _RTF_BRACE.finditer(text, group.start()):
            depth += {"{": 1, "}": -1}.get(brace.group(0), 0)
            if depth == 0:
                end = brace.end()
                break
        kept.append(text[at:group.start()])
        if _RTF_OBJECT_DATA in group.group(0):
            objects.append(text[group.end():end - 1])
        at = end
    return "".join(kept) + text[at:]
