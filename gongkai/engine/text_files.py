"""The text of a file that is text: plain (.txt, .csv, .json), markup (.html, .xml), RTF, and a web page saved as
one file (.mht), from a path (an attachment) or a copy (a Word file's altChunk, attachment_text), piece by piece with
where each piece is, so its personal information is found like the body's. Each file is read whole, several times
(markup with and without its tags, RTF's substitutions): attachment_text limits their size.
"""
from __future__ import annotations

import email
import re
from pathlib import Path

from gongkai.engine import sanitize
from gongkai.engine.ooxml import Pieces, Source

#: an RTF group that holds no text: pictures, embedded objects, font and style tables
_RTF_SKIPPED = re.compile(r"\{\\\*?\\?(?:pict|object|objdata|bin|fonttbl|colortbl|stylesheet|themedata|datastore|"
                          r"latentstyles|colorschememapping)\b")
_RTF_BRACE = re.compile(r"\\[\\{}]|[{}]")
#: the transfer encodings of an MHT file's parts that are read (decoded by email): a part in another is no simple
#: web page, and an error
_ENCODINGS = ("7bit", "8bit", "binary", "quoted-printable", "base64")


def plain(source: Source) -> Pieces:
    yield from _lines(_decoded(_bytes(source)))


def markup(source: Source) -> Pieces:
    yield from _markup_lines(_decoded(_bytes(source)))


def rtf(source: Source) -> Pieces:
    """Roughly: groups without text dropped, \\'hh bytes read as GB18030 and \\uN as what they name, other
    control words dropped; a paragraph (\\par) a piece."""
    text = _rtf_groups_dropped(_decoded(_bytes(source)).replace("\r", "").replace("\n", ""))
    text = re.sub(r"(?:\\'[0-9a-fA-F]{2})+",
                  lambda m: bytes.fromhex(m.group(0).replace("\\'", "")).decode("gb18030", "replace"), text)
    text = re.sub(r"\\u(-?\d+) ?\??", lambda m: chr(int(m.group(1)) % 65536), text)
    text = re.sub(r"\\(?:par|line|row)\b ?", "\n", re.sub(r"\\(?:cell|tab)\b ?", " ", text))
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?|\\.|[{}]", "", text)
    for n, paragraph in enumerate(text.split("\n"), 1):
        yield f"第 {n} 段", paragraph


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


def _rtf_groups_dropped(text: str) -> str:
    """The text without the groups of _RTF_SKIPPED: a picture's hex digits would read as numbers."""
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
        at = end
    return "".join(kept) + text[at:]
