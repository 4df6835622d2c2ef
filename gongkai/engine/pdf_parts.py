"""What a PDF attachment keeps besides its pages' text layer, published with it all the same and shown by any PDF
reader: its document properties (Author, Title… and XMP metadata), each page's comments and their authors and the
addresses of its links (a `tel:` or `mailto:` with a person's number), its form fields' values (a filled-in 申请表:
what a field holds is not in the page's text layer), its bookmarks, and the files it embeds (a 名单 attached as an
.xlsx), each read as a file of its own (`Embedded`). A part that cannot be read is said unchecked, the rest read on.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator
from xml.etree import ElementTree

from gongkai.engine import sanitize
from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED

if TYPE_CHECKING:
    import pypdf

#: how a file a PDF embeds is read: by its name (its extension says its format) and its bytes
Embedded = Callable[[str, bytes], Pieces]
#: the document information's keys, as PDF readers name them (others by their own name)
_PROPERTY_LABELS = {"/Author": "作者", "/Title": "标题", "/Subject": "主题", "/Keywords": "关键词",
                    "/Creator": "创建程序", "/Producer": "生成程序"}
#: what a comment (a markup annotation) says: its text, its rich text (XHTML), its subject, its author
_COMMENT_KEYS = ("/Contents", "/RC", "/Subj", "/T")
#: what a form field holds: its value, its default, its tooltip (its options are read apart)
_FIELD_KEYS = ("/V", "/DV", "/TU")


def read(reader: pypdf.PdfReader, embedded: Embedded) -> Pieces:
    """Each of those parts, in that order: properties, each page's comments and links, fields, bookmarks, files."""
    for what, part in (("文档属性", _properties), ("批注和链接", _annotations), ("表单域", _fields),
                       ("书签", _bookmarks)):
        yield from _guarded(what, lambda: part(reader))
    yield from _guarded("嵌入的附件", lambda: _files(reader, embedded))


def _guarded(what: str, pieces: Callable[[], Pieces]) -> Pieces:
    """`pieces`, or what it gave before it failed and that `what` could not be read: the rest of the file is read."""
    try:
        yield from pieces()
    except Exception:  # noqa: BLE001 — pypdf's errors on a damaged part are of many kinds
        yield UNCHECKED, f"{what}不能读取"


def _properties(reader: pypdf.PdfReader) -> Pieces:
    for key, value in (reader.metadata or {}).items():
        yield f"文档属性“{_PROPERTY_LABELS.get(key, key.lstrip('/'))}”", str(value)
    xmp = reader.xmp_metadata
    if xmp is not None:
        texts = ElementTree.fromstring(xmp.stream.get_data()).itertext()
        yield "文档属性（XMP 元数据）", "\n".join(text.strip() for text in texts if text.strip())


def _annotations(reader: pypdf.PdfReader) -> Pieces:
    """Each page's comments (what they say and who wrote them) and its links' addresses; a file attached to a page
    is one of the files it embeds (_files)."""
    for n, page in enumerate(reader.pages, 1):
        for annotation in _resolved(page.get("/Annots")):
            action = _resolved_one(annotation.get("/A"))
            if action is not None and action.get("/URI") is not None:
                yield f"第 {n} 页的链接地址", str(action["/URI"])
            for key in _COMMENT_KEYS:
                value = annotation.get(key)
                if value is not None and annotation.get("/Subtype") != "/Widget":  # a field's: _fields
                    text = str(value.get_object())
                    yield f"第 {n} 页的批注", sanitize.shown_text(text) if key == "/RC" else text


def _fields(reader: pypdf.PdfReader) -> Pieces:
    """Each form field's value, default, tooltip and options (a list's every entry, not only the one chosen)."""
    for name, field in (reader.get_fields() or {}).items():
        where = f"表单域“{name}”"
        for key in _FIELD_KEYS:
            value = _resolved_one(field.get(key))
            if value is not None and not isinstance(value, dict):  # a signature's value: no text
                yield where, _text(value)
        for option in _resolved(field.get("/Opt")):
            yield where, " ".join(map(_text, option)) if isinstance(option, list) else _text(option)


def _bookmarks(reader: pypdf.PdfReader) -> Pieces:
    def titles(items: list) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield str(item.title)
    yield from (("书签", title) for title in titles(reader.outline))


def _files(reader: pypdf.PdfReader, embedded: Embedded) -> Pieces:
    """Each file the document embeds (its EmbeddedFiles) and each one attached to a page (a FileAttachment)."""
    for name, copies in reader.attachments.items():
        for data in copies:
            yield from embedded(name, data)
    for page in reader.pages:
        for annotation in _resolved(page.get("/Annots")):
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation["/FS"].get_object()
                name = str(spec.get("/UF") or spec.get("/F") or "")
                yield from embedded(name, spec["/EF"].get_object()["/F"].get_object().get_data())


def _text(value: Any) -> str:
    """A PDF value as text: a string, a name without its slash, a number."""
    return str(_resolved_one(value)).lstrip("/")


def _resolved(value: Any) -> list:
    """An array, its items resolved; none for no value."""
    value = _resolved_one(value)
    return [item.get_object() if hasattr(item, "get_object") else item for item in value] if value else []


def _resolved_one(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value
