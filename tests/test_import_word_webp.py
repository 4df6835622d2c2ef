"""build.py import and WebP pictures: the picture goes out as Word draws it, without the Exif (a GPS position, the
camera's owner) and XMP it carries; a WebP that cannot be read through is not published at all."""
from __future__ import annotations

import base64
import struct

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from gongkai.engine import image_metadata
from ooxml_docx import OoxmlDocx, inline_picture, p, r
from test_import_word_drawings import ID, imported

#: the smallest lossless WebP: one pixel, its VP8L bitstream
PIXEL = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")[12:]
ICC, ALPHA, EXIF, XMP, ANIMATED = 0x20, 0x10, 0x08, 0x04, 0x02
GPS = f"GPS 39.9042N 116.4074E owner zhangsan {ID}".encode()


def chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)


def riff(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def vp8x(flags: int) -> bytes:
    return chunk(b"VP8X", bytes((flags, 0, 0, 0)) + (0).to_bytes(3, "little") * 2)


def exif() -> bytes:
    return chunk(b"EXIF", b"II*\x00\x08\x00\x00\x00" + GPS)


def xmp() -> bytes:
    return chunk(b"XMP ", b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>' + GPS + b"</dc:creator></x:xmpmeta>")


def test_a_webp_loses_its_exif_and_xmp_and_keeps_what_it_is_drawn_with():
    icc, alpha = chunk(b"ICCP", b"\x00\x00\x02\x0cprofile"), chunk(b"ALPH", b"\x00\xff")
    webp = riff(vp8x(ICC | ALPHA | EXIF | XMP), icc, exif(), alpha, PIXEL, xmp(), chunk(b"ZZZZ", GPS)) + b"tail" + GPS
    assert image_metadata.stripped(webp, ".webp") == riff(vp8x(ICC | ALPHA), icc, alpha, PIXEL)


def camera_exif(orientation: int) -> bytes:
    """Exif as a phone writes it (little-endian TIFF): the make, a description, the orientation and a GPS IFD."""
    make, about = b"PhoneMaker\x00", GPS + b"\x00"
    entries = [(0x010E, 2, len(about), 62), (0x010F, 2, len(make), 62 + len(about)), (0x0112, 3, 1, orientation),
               (0x8825, 4, 1, 62 + len(about) + len(make))]
    ifd0 = struct.pack("<H", 4) + b"".join(struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", 0)
    gps_ifd = struct.pack("<HHHI4sI", 1, 0x0001, 2, 2, b"N\x00\x00\x00", 0)  # GPSLatitudeRef N
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + about + make + gps_ifd


def exif_seen(webp: bytes) -> dict[int, int]:
    """The tags of the first IFD a reader finds in a WebP (tag -> its value or offset): none unless its VP8X
    header announces Exif, as readers do."""
    chunks, at = {}, 12
    while at < len(webp):
        kind, length = webp[at:at + 4], struct.unpack_from("<I", webp, at + 4)[0]
        chunks.setdefault(kind, webp[at + 8:at + 8 + length])
        at += 8 + length + length % 2
    if not chunks.get(b"VP8X", b"\x00")[0] & EXIF or b"EXIF" not in chunks:
        return {}
    tiff = chunks[b"EXIF"]
    order = {b"II": "<", b"MM": ">"}[tiff[:2]]
    ifd = struct.unpack_from(order + "I", tiff, 4)[0]
    entries = [struct.unpack_from(order + "HHI4s", tiff, ifd + 2 + 12 * n)
               for n in range(struct.unpack_from(order + "H", tiff, ifd)[0])]
    return {tag: struct.unpack_from(order + ("H" if kind == 3 else "I"), value)[0] for tag, kind, _, value in entries}


def test_a_webp_keeps_the_orientation_of_its_exif_and_nothing_else():
    """A phone stores a photo taken sideways as it was taken, with Orientation 6 or 8 to turn it upright."""
    for orientation in (6, 8):
        webp = riff(vp8x(EXIF | XMP), PIXEL, chunk(b"EXIF", camera_exif(orientation)), xmp())
        assert set(exif_seen(webp)) == {0x010E, 0x010F, 0x0112, 0x8825}  # description, make, orientation, GPS
        published = image_metadata.stripped(webp, ".webp")
        assert exif_seen(published) == {0x0112: orientation} and b"PhoneMaker" not in published and GPS not in published
    upright = riff(vp8x(EXIF), PIXEL, chunk(b"EXIF", camera_exif(1)))
    assert image_metadata.stripped(upright) == riff(vp8x(0), PIXEL)
    simple = riff(PIXEL, chunk(b"EXIF", camera_exif(6)))  # no VP8X header: no reader looks for its Exif
    assert image_metadata.stripped(simple) == riff(PIXEL)


def test_an_animated_webp_keeps_its_frames_and_loses_the_metadata_in_them():
    header = b"\x00" * 6 + (0).to_bytes(3, "little") * 2 + b"\x64\x00\x00\x00"  # position, size, 100 ms, flags
    anim = chunk(b"ANIM", b"\xff\xff\xff\xff\x00\x00")
    frames = [chunk(b"ANMF", header + PIXEL + chunk(b"XMP ", GPS)), chunk(b"ANMF", header + PIXEL)]
    webp = riff(vp8x(ANIMATED | EXIF), anim, *frames, exif())
    assert image_metadata.stripped(webp) == riff(vp8x(ANIMATED), anim, chunk(b"ANMF", header + PIXEL), frames[1])


def test_a_damaged_webp_is_not_published_as_it_is():
    whole = riff(vp8x(EXIF), exif(), PIXEL)
    cut, oversized = whole[:-6], whole[:16] + b"\xff\xff\x00\x00" + whole[20:]  # the VP8X's size past the end
    unnamed = whole[:30] + b"\x00\x01\x02\x03" + whole[34:]  # the EXIF chunk's name no FourCC
    for damaged in (cut, oversized, unnamed, b"RIFF\x04\x00\x00\x00WAVE" + GPS):
        assert image_metadata.stripped(damaged, ".webp") is None
    assert image_metadata.stripped(b"not a picture " + GPS, ".webp") is None


def webp_part(doc: OoxmlDocx, data: bytes) -> str:
    """The r:id of a WebP picture in the package (python-docx adds only the formats it knows)."""
    part = Part(PackURI("/word/media/image9.webp"), "image/webp", data, doc.part.package)
    return doc.part.relate_to(part, RT.IMAGE)


def test_a_webp_picture_in_a_word_file_is_published_without_its_metadata(tmp_path, site, cli):
    doc = OoxmlDocx()
    good = webp_part(doc, riff(vp8x(EXIF | XMP), exif(), PIXEL, xmp()))
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("见下图。")),
                                       p(r(inner=inline_picture(good, "现场照片"))))
    assert "![现场照片](2024-qtxx-00001-fig1.webp)" in text
    assert images == {"2024-qtxx-00001-fig1.webp": riff(vp8x(0), PIXEL)}


def test_a_sideways_photo_in_a_word_file_is_published_upright_without_its_gps(tmp_path, site, cli):
    doc = OoxmlDocx()
    photo = webp_part(doc, riff(vp8x(EXIF), PIXEL, chunk(b"EXIF", camera_exif(6))))
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("见下图。")),
                                       p(r(inner=inline_picture(photo, "现场照片"))))
    [published] = images.values()
    assert exif_seen(published) == {0x0112: 6} and GPS not in published and b"PhoneMaker" not in published


def test_a_damaged_webp_in_a_word_file_is_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    bad = webp_part(doc, riff(vp8x(EXIF), exif(), PIXEL)[:-6])
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("见下图。")),
                                       p(r(inner=inline_picture(bad, "现场照片"))))
    assert not images and "图片“现场照片”只链接到 Word 文件之外或不是图片格式，未能导入" in run.err
