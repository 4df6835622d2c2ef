"""The document properties of a legacy Office file ([MS-OLEPS]: 标题, 作者, 单位 and the custom ones), every section
of both property streams: olefile's own reader reads the first section only, and the second of
DocumentSummaryInformation holds the custom properties (自定义属性) a department's template may fill with a
contact's name and number. A property that is text, or a list holding text, is a piece; numbers, dates and
pictures are left alone.
"""
from __future__ import annotations

import struct
from typing import Iterator

import olefile

from gongkai.engine.ooxml import Pieces
from gongkai.engine.pieces import UNCHECKED

SUMMARY, DOCUMENT_SUMMARY = "\x05SummaryInformation", "\x05DocumentSummaryInformation"
#: the properties named as Word and Excel show them, by stream and id ([MS-OLEPS] 2.25.1, 2.25.3)
_LABELS = {SUMMARY: {2: "标题", 3: "主题", 4: "作者", 5: "关键词", 6: "备注", 7: "模板", 8: "最后修改者", 9: "修订号",
                     18: "创建程序"},
           DOCUMENT_SUMMARY: {2: "类别", 12: "标题分组", 13: "各部分的标题", 14: "经理", 15: "单位", 26: "内容类型", 27: "内容状态", 28: "语言",
                              29: "版本"}}
_CODEPAGE, _DICTIONARY = 1, 0
_VT_I2, _VT_I4, _VT_BSTR, _VT_LPSTR, _VT_LPWSTR, _VT_VARIANT, _VT_VECTOR = 0x02, 0x03, 0x08, 0x1E, 0x1F, 0x0C, 0x1000
#: the most values one vector is read for: a property is a few names, not millions
_MOST = 10_000


def read(ole: olefile.OleFileIO, root: tuple[str, ...] = ()) -> Pieces:
    """Each text property of the file (or of the object at `root` in it), labelled `文档属性“作者”`; a stream that
    does not hold together said unchecked, the rest of the file read on."""
    for stream in (SUMMARY, DOCUMENT_SUMMARY):
        path = [*root, stream]
        if ole.exists(path) and ole.get_type(path) == olefile.STGTY_STREAM:
            data = ole.openstream(path).read()
            if not data:  # an empty stream holds no property
                continue
            try:
                found = list(_sections(data, _LABELS[stream]))
            except (struct.error, ValueError):
                yield UNCHECKED, "文档属性不能读取"
                continue
            for label, text in found:
                yield f"文档属性“{label}”", text


def _sections(data: bytes, labels: dict[int, str]) -> Iterator[tuple[str, str]]:
    """(label, text) of every section: the first named by `labels`, a later one (custom properties) by its own
    dictionary of names."""
    count = struct.unpack_from("<I", data, 24)[0]
    for n in range(min(count, 16)):
        offset = struct.unpack_from("<I", data, 28 + 20 * n + 16)[0]
        properties = dict(_properties(data, offset))
        codepage = properties.get(_CODEPAGE, 1252)
        codepage = codepage + 65536 if isinstance(codepage, int) and codepage < 0 else codepage
        names = _dictionary(data, offset, codepage) if n else {}
        for pid, value in properties.items():
            if pid == _CODEPAGE or not isinstance(value, tuple):
                continue
            text = " ".join(_texts(data, *value, codepage))
            if text.strip():
                yield names.get(pid) or labels.get(pid) or f"属性 {pid}", text


def _properties(data: bytes, offset: int) -> Iterator[tuple[int, object]]:
    """(id, (type, where its value starts)) of a section's properties; the code page as its number."""
    _, count = struct.unpack_from("<II", data, offset)
    for n in range(min(count, _MOST)):
        pid, at = struct.unpack_from("<II", data, offset + 8 + 8 * n)
        kind = struct.unpack_from("<I", data, offset + at)[0] & 0xFFFF
        if pid == _CODEPAGE and kind == _VT_I2:
            yield pid, struct.unpack_from("<h", data, offset + at + 4)[0]
        elif pid != _DICTIONARY:
            yield pid, (kind, offset + at + 4)


def _dictionary(data: bytes, offset: int, codepage: int) -> dict[int, str]:
    """The names of a section's properties (its property 0), as the custom ones are named."""
    _, count = struct.unpack_from("<II", data, offset)
    for n in range(min(count, _MOST)):
        pid, at = struct.unpack_from("<II", data, offset + 8 + 8 * n)
        if pid == _DICTIONARY:
            break
    else:
        return {}
    names, at = {}, offset + at
    entries = struct.unpack_from("<I", data, at)[0]
    at += 4
    for _ in range(min(entries, _MOST)):
        pid, length = struct.unpack_from("<II", data, at)
        at += 8
        if codepage == 1200:  # UTF-16 names are counted in characters and padded to four bytes
            names[pid] = data[at:at + 2 * length].decode("utf-16-le", "replace").rstrip("\0")
            at += (2 * length + 3) // 4 * 4
        else:
            names[pid] = _decode(data[at:at + length], codepage)
            at += length
    return names


def _texts(data: bytes, kind: int, at: int, codepage: int) -> Iterator[str]:
    """The text of one typed value: a string, or each string of a vector (of strings or of variants)."""
    if kind in (_VT_LPSTR, _VT_BSTR):
        length = struct.unpack_from("<I", data, at)[0]
        yield _decode(data[at + 4:at + 4 + length], codepage)
    elif kind == _VT_LPWSTR:
        length = struct.unpack_from("<I", data, at)[0]
        yield data[at + 4:at + 4 + 2 * length].decode("utf-16-le", "replace").rstrip("\0")
    elif kind & _VT_VECTOR and kind & 0xFFF in (_VT_LPSTR, _VT_BSTR, _VT_LPWSTR, _VT_VARIANT):
        try:  # Office writes a vector's strings one after another; the format would pad each to four bytes
            yield from _vector(data, kind & 0xFFF, at, codepage, padded=False)
        except (struct.error, ValueError):
            yield from _vector(data, kind & 0xFFF, at, codepage, padded=True)


def _vector(data: bytes, inner: int, at: int, codepage: int, padded: bool) -> list[str]:
    """The strings of a vector of strings or of variants (a heading pair's count among them), its elements
    padded to four bytes or not; ValueError when they do not follow one another so."""
    count, at, texts = struct.unpack_from("<I", data, at)[0], at + 4, []
    for _ in range(min(count, _MOST)):
        kind = inner
        if inner == _VT_VARIANT:
            kind, at = struct.unpack_from("<I", data, at)[0] & 0xFFFF, at + 4
        if kind == _VT_I4:  # a heading pair's count of parts
            at += 4
            continue
        if kind not in (_VT_LPSTR, _VT_BSTR, _VT_LPWSTR):
            raise ValueError(f"a vector's element of type {kind:#x}")
        length = struct.unpack_from("<I", data, at)[0] * (2 if kind == _VT_LPWSTR else 1)
        if at + 4 + length > len(data):
            raise ValueError("a vector's string past its stream")
        texts.extend(_texts(data, kind, at, codepage))
        at += 4 + length
        at = (at + 3) // 4 * 4 if padded else at
    return texts


def _decode(raw: bytes, codepage: int) -> str:
    """8-bit text in the section's code page (936 on Chinese systems); one Python does not know as GB18030."""
    try:
        return raw.decode(f"cp{codepage}", "replace").rstrip("\0")
    except LookupError:
        return raw.decode("gb18030", "replace").rstrip("\0")
