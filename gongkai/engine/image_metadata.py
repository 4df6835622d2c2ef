"""A picture's metadata taken out before it is published, without re-encoding a pixel: a picture imported from
Word (importing/docx_parts), and every picture the site copies from content/ and static/ (incremental/produce).

Cameras, phones and editing programs write who took or edited a picture, where and when (PNG text chunks,
JPEG Exif, XMP, IPTC, comments); the site's privacy check reads only text, so an ID number in a picture's
metadata would be published unseen. PNG, JPEG, GIF and WebP are copied chunk by chunk keeping only what is
needed to draw the picture as Word draws it (the Exif orientation of a JPEG or WebP is kept, rewritten alone: a
phone's photo taken sideways is stored sideways and turned upright by it); any other format is kept as it is. A
PNG, JPEG, GIF or WebP that cannot be read through is not published (None), rather than published with what it
may hold.
"""
from __future__ import annotations

import struct
from typing import Callable

#: the ancillary PNG chunks a picture is drawn with; every critical chunk (uppercase first letter) is kept too
_PNG_KEPT = {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD", b"cICP", b"mDCv", b"cLLi"}
#: the GIF application extensions an animation loops with; any other (XMP data …) is metadata
_GIF_APPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}
_APP0, _APP1, _APP2, _APP14, _APP15 = 0xE0, 0xE1, 0xE2, 0xEE, 0xEF
_COMMENT, _SCAN, _END = 0xFE, 0xDA, 0xD9
_EXIF = b"Exif\x00\x00"
#: the WebP chunks a picture is drawn with (VP8X its header, ICCP its colour profile, ANIM and ANMF its
#: animation, ALPH its transparency); EXIF, XMP and any other chunk are metadata
_WEBP_KEPT = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
#: the chunks a frame of an animated WebP (ANMF) is drawn with, after its 16-byte frame header
_WEBP_FRAME = {b"VP8 ", b"VP8L", b"ALPH"}
_WEBP_EXIF = 0x08  # VP8X: "has EXIF"
_WEBP_METADATA_FLAGS = _WEBP_EXIF | 0x04  # and "has XMP"
_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class _Damaged(Exception):
    """The picture's structure cannot be followed to its end."""


#: what an editor is told of a picture in content/ or static/ that `published` cannot read through
DAMAGED = ("图片无法完整读取（文件损坏，或内容与扩展名不符），不能去掉其中可能记有拍摄地点、作者等的元数据，未发布："
           "请用看图或修图软件重新导出后替换")


def is_picture(path: str) -> bool:
    """Whether a file is published as one of the pictures whose metadata is stripped (by its name's suffix)."""
    return path.lower().endswith(_SUFFIXES)


def published(path: str) -> bytes | None:
    """A picture file as the site publishes it: without its metadata (a phone's photo of a household visit holds
    where it was taken); None when it cannot be read through."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return stripped(data, path[path.rfind("."):])


def stripped(data: bytes, suffix: str = "") -> bytes | None:
    """The picture without its metadata; None for a PNG, JPEG, GIF or WebP (by its bytes, or else its file
    name's suffix) that cannot be read through; any other format unchanged."""
    for signatures, strip in _FORMATS:
        if data.startswith(signatures):
            try:
                return strip(data)
            except (_Damaged, struct.error, IndexError):
                return None
    return None if suffix.lower() in _SUFFIXES else data


def _png(data: bytes) -> bytes:
    out, at = [data[:8]], 8
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        end = at + 12 + length
        if end > len(data) or not kind.isalpha():
            raise _Damaged
        if kind[:1].isupper() or kind in _PNG_KEPT:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break  # what follows the end is no part of the picture
    return b"".join(out)


def _jpeg(data: bytes) -> bytes:
    out, at = [data[:2]], 2
    while at < len(data):
        if data[at] != 0xFF:
            raise _Damaged
        while data[at] == 0xFF:  # fill bytes before a marker
            at += 1
        marker, at = data[at], at + 1
        if marker == _END:
            out.append(b"\xff\xd9")
            break  # what follows the end (a camera's trailer, an appended file) is no part of the picture
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a segment
            out.append(bytes((0xFF, marker)))
            continue
        length = struct.unpack_from(">H", data, at)[0]
        if length < 2 or at + length > len(data):
            raise _Damaged
        payload, at = data[at + 2:at + length], at + length
        out.append(_jpeg_segment(marker, payload))
        if marker == _SCAN:
            end = _scan_end(data, at)
            out.append(data[at:end])
            at = end
    return b"".join(out)


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    """The segment as it is; b"" for metadata (Exif, XMP, IPTC, comments, any other application segment but
    JFIF, an ICC colour profile and Adobe's colour transform); Exif's orientation alone when it turns the picture."""
    if marker == _APP1:
        turn = _orientation(payload)
        if turn == 1:
            return b""
        payload = _EXIF + _turn_only(turn)
    elif marker == _COMMENT or (_APP0 <= marker <= _APP15 and marker not in (_APP0, _APP2, _APP14)):
        return b""
    elif marker == _APP2 and not payload.startswith(b"ICC_PROFILE\x00"):
        return b""
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _orientation(exif: bytes) -> int:
    """The Exif Orientation (1 to 8) browsers turn the picture by, in Exif data with or without the header a JPEG
    puts before it; 1 when there is none to read."""
    tiff = exif[len(_EXIF):] if exif.startswith(_EXIF) else exif
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return 1
    try:
        ifd = struct.unpack_from(order + "I", tiff, 4)[0]
        for n in range(struct.unpack_from(order + "H", tiff, ifd)[0]):
            tag, kind, _, value = struct.unpack_from(order + "HHIH", tiff, ifd + 2 + 12 * n)
            if tag == 0x0112 and kind == 3:
                return value if 1 <= value <= 8 else 1
    except struct.error:
        return 1
    return 1


def _turn_only(turn: int) -> bytes:
    """Exif data holding the Orientation alone: where the photo was taken, by whom, with what, all left out."""
    return b"MM\x00*\x00\x00\x00\x08\x00\x01" + struct.pack(">HHIHHI", 0x0112, 3, 1, turn, 0, 0)


def _scan_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data after a scan header ends: at the next marker that is not a restart
    (0xFF00 is a stuffed 0xFF); the end of the data for a file cut short in its scan."""
    found = data.find(b"\xff", at)
    while found != -1 and found + 1 < len(data):
        following = data[found + 1]
        if following == 0xFF:
            found += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            found = data.find(b"\xff", found + 2)
        else:
            return found
    return len(data)


def _gif(data: bytes) -> bytes:
    at = 13 + _colour_table(data[10])
    if at > len(data):
        raise _Damaged
    out = [data[:at]]
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # the trailer: what follows is no part of the picture
            out.append(b";")
            break
        if block == 0x21:
            end = _sub_blocks(data, at + 2)
            label, name = data[at + 1], data[at + 3:at + 14]
            keep = label != _COMMENT and (label != 0xFF or name in _GIF_APPS)
        elif block == 0x2C:
            end, keep = _sub_blocks(data, at + 11 + _colour_table(data[at + 9])), True
        else:
            raise _Damaged
        if keep:
            out.append(data[at:end])
        at = end
    return b"".join(out)


def _colour_table(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _sub_blocks(data: bytes, at: int) -> int:
    """The end of a chain of GIF data sub-blocks starting at `at`."""
    while True:
        size = data[at]
        at += 1 + size
        if at > len(data):
            raise _Damaged
        if size == 0:
            return at


def _webp(data: bytes) -> bytes:
    """The RIFF container with only the chunks the picture is drawn with and, when it has a VP8X header (without
    one no reader looks for Exif), its Exif orientation alone; the VP8X header announcing Exif only then and XMP
    never, the size counted again; what follows the RIFF's end is no part of the picture."""
    end = 8 + struct.unpack_from("<I", data, 4)[0]
    if data[8:12] != b"WEBP" or end > len(data):
        raise _Damaged  # a RIFF that is no WebP (a sound, a video) is not published as a picture either
    chunks = _riff_chunks(data, 12, end)
    exif = next((n for n, (kind, _) in enumerate(chunks) if kind == b"EXIF"), None)
    looked_for = exif is not None and any(kind == b"VP8X" for kind, _ in chunks)
    turn = _orientation(chunks[exif][1]) if looked_for else 1
    kept = [(kind, _turn_only(turn) if n == exif else payload) for n, (kind, payload) in enumerate(chunks)
            if kind in _WEBP_KEPT or (n == exif and turn != 1)]
    body = b"".join(_webp_chunk(kind, payload, turn != 1) for kind, payload in kept)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _webp_chunk(kind: bytes, payload: bytes, turned: bool = False) -> bytes:
    """One chunk as it is kept: a VP8X announcing Exif only when the orientation is `turned`, and never XMP; a
    frame without the chunks no frame is drawn with."""
    if kind == b"VP8X":
        if len(payload) < 10:
            raise _Damaged
        payload = bytes((payload[0] & ~_WEBP_METADATA_FLAGS | (_WEBP_EXIF if turned else 0),)) + payload[1:]
    elif kind == b"ANMF":
        if len(payload) < 16:
            raise _Damaged
        frame = [_webp_chunk(k, p) for k, p in _riff_chunks(payload, 16, len(payload)) if k in _WEBP_FRAME]
        payload = payload[:16] + b"".join(frame)
    return kind + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)


def _riff_chunks(data: bytes, at: int, end: int) -> list[tuple[bytes, bytes]]:
    """The (FourCC, payload) chunks from `at` to `end`, each padded to an even length."""
    chunks = []
    while at < end:
        kind, length = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        stop = at + 8 + length
        if stop > end or len(kind) < 4 or not all(32 <= c < 127 for c in kind):
            raise _Damaged
        chunks.append((kind, data[at + 8:stop]))
        at = stop + length % 2
    return chunks


_FORMATS: list[tuple[tuple[bytes, ...], Callable[[bytes], bytes]]] = [
    ((b"\x89PNG\r\n\x1a\n",), _png), ((b"\xff\xd8\xff",), _jpeg), ((b"GIF87a", b"GIF89a"), _gif),
    ((b"RIFF",), _webp)]
