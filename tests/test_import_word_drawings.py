"""build.py import and the shapes, pictures and alternative content of a Word file: what Word hides stays out,
what Word shows is never silently lost, a redaction done with a shape or a crop holds the document back, and no
picture carries its metadata (an author's name, an ID number) onto the site."""
from __future__ import annotations

import io
import struct
import zlib

from gongkai.engine import image_metadata
from gongwen_docx import png
from ooxml_docx import OoxmlDocx, anchored_picture, field, inline_picture, p, r, text_box
from test_import_word import DATE

PAGE = "content/qtxx/2024-qtxx-00001.md"
TITLE = p(r("测试县人民政府办公室关于做好政务公开工作的通知"), ppr='<w:jc w:val="center"/>')
ADDRESSEE = p(r("各乡镇人民政府，县政府各部门："))
CLOSING = (p(r("测试县人民政府办公室"), ppr='<w:jc w:val="right"/>'), p(r("2021年6月30日"), ppr='<w:jc w:val="right"/>'),
           p(r("（此件公开发布）")))
ID = "110101199003074514"


def imported(tmp_path, site, cli, doc: OoxmlDocx, *body: str):
    """(site, import run, the document's text, its images by name) for a 公文 published by its 附注 (此件公开发布)."""
    root = site({})
    run = cli("import", doc.save(tmp_path / "a.docx", TITLE, ADDRESSEE, *body, *CLOSING), "--site", root,
              "--type", "page", "--date", DATE)
    assert run.code == 0, run.err
    images = {f.name: f.read_bytes() for f in (root / PAGE).parent.iterdir() if f.suffix != ".md"}
    return root, run, (root / PAGE).read_text(), images


def held(cli, root, text: str, run, reason: str) -> None:
    """The 公开属性 is left for the editor with `reason`, the import says so, and the build refuses the document."""
    assert f'\ndisclosure: ""  # 待填写：{reason}\n' in text, text
    assert f"a.docx: 警告：{reason}：已在 {PAGE} 中留空并标注“待填写”，填写前不会发布" in run.err, run.err
    built = cli("build", "--site", root)
    assert built.code == 1 and f"本文档不会发布：{reason}" in built.err


def published(text: str) -> bool:
    return "\ndisclosure: 主动公开\n" in text


def anchored(shape: str, name: str = "矩形 30", hidden: bool = False, extent: str = 'cx="2000000" cy="200000"') -> str:
    """A Word 2010 shape (wps) floating over the text, with `shape`'s XML inside."""
    hidden_attribute = ' hidden="1"' if hidden else ""
    return ('<w:drawing><wp:anchor behindDoc="0" simplePos="0" relativeHeight="3" locked="0" layoutInCell="1" '
            'allowOverlap="1" distT="0" distB="0" distL="0" distR="0"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="character"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="line"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            f'<wp:extent {extent}/><wp:wrapNone/><wp:docPr id="30" name="{name}"{hidden_attribute}/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp>{shape}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')


BLACK_RECT = ('<wps:spPr><a:prstGeom prst="rect"/><a:solidFill><a:srgbClr val="000000"/></a:solidFill></wps:spPr>')
VML_BLACK_RECT = '<w:pict><v:rect style="position:absolute;width:160pt;height:16pt" fillcolor="black" stroked="f"/></w:pict>'


def picture(rel_id: str, crop: str = "", alt: str = "办事指南截图") -> str:
    """An inline picture, cropped in Word when `crop` holds a:srcRect's attributes."""
    src_rect = f"<a:srcRect {crop}/>" if crop else ""
    return inline_picture(rel_id, alt).replace("<a:stretch>", f"{src_rect}<a:stretch>")


# 1. what Word does not show stays out

def test_shapes_and_pictures_hidden_in_word_are_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    rel_id = doc.image()
    hidden_box = text_box(p(r("隐藏的文本框zqleakA"))).replace('name="文本框 9"', 'name="文本框 9" hidden="1"').replace(
        'height:60pt"', 'height:60pt;visibility:hidden"')
    vml_box = ('<w:pict><v:shape style="position:absolute;width:400pt;height:60pt; visibility : hidden"><v:textbox>'
               f'<w:txbxContent>{p(r("隐藏的VML文本框zqleakB"))}</w:txbxContent></v:textbox></v:shape></w:pict>')
    hidden_picture = inline_picture(rel_id, "隐藏图片zqleakC").replace('descr="', 'hidden="1" descr="')
    root, run, text, images = imported(
        tmp_path, site, cli, doc, p(r("正文。"), r(inner=hidden_box)), p(r("正文二。"), r(inner=vml_box)),
        p(r(inner=hidden_picture)), p(r("正文三。"), r(inner=text_box(p(r("显示的文本框zqshowD"))))))
    assert "zqleak" not in text and not images
    assert "显示的文本框zqshowD" in text and published(text)


# 3. a redaction done in Word is not undone on the site

def test_a_filled_shape_drawn_over_text_holds_the_document_back(tmp_path, site, cli):
    doc = OoxmlDocx()
    root, run, text, _ = imported(tmp_path, site, cli, doc, p(r(inner=anchored(BLACK_RECT)), r("举报人：钱七，住址某某村。")))
    held(cli, root, text, run, "文件中有不含文字的图形“矩形 30”（可能是遮盖文字的色块），网站上会显示图形下面的文字："
         "请在 Word 中删去被遮盖的文字和该图形后重新导入，或确认可以公开后填写公开属性")


def test_a_vml_rectangle_and_a_shape_filled_by_its_style_hold_the_document_back(tmp_path, site, cli):
    styled = ('<wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:style><a:lnRef idx="2"><a:schemeClr val="accent1"/>'
              '</a:lnRef><a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0">'
              '<a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef>'
              '</wps:style>')
    root, run, text, _ = imported(tmp_path, site, cli, OoxmlDocx(), p(r(inner=VML_BLACK_RECT), r("联系人：赵六。")),
                                  p(r(inner=anchored(styled, name="矩形 31")), r("住址：某某村。")))
    assert "不含文字的图形（可能是遮盖文字的色块）" in text and "不含文字的图形“矩形 31”" in text
    assert not published(text)


def test_shapes_that_cover_no_text_leave_the_document_published(tmp_path, site, cli):
    no_fill = '<wps:spPr><a:prstGeom prst="rect"/><a:noFill/></wps:spPr>'
    rule = anchored(BLACK_RECT, extent='cx="5000000" cy="25400"')  # the red rule under the 版头, drawn 2 pt high
    line = '<w:pict><v:line style="position:absolute" from="0,0" to="400pt,0" strokecolor="red"/></w:pict>'
    hidden = anchored(BLACK_RECT, hidden=True)
    root, run, text, _ = imported(tmp_path, site, cli, OoxmlDocx(), p(r(inner=anchored(no_fill)), r(inner=rule),
                                                                      r(inner=line), r(inner=hidden), r("正文。")),
                                  p(r("正文二。"), r(inner=text_box(p(r("框中的文字。"))))))
    assert published(text) and "框中的文字。" in text and "警告" not in run.err


def test_a_picture_cropped_in_word_holds_the_document_back(tmp_path, site, cli):
    doc = OoxmlDocx()
    rel_id = doc.image()
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("见下图。")), p(r(inner=picture(rel_id, 'r="50000"'))))
    held(cli, root, text, run, "图片“办事指南截图”在 Word 中裁剪过，导入的是未裁剪的原图，网站上会显示裁去的部分："
         "请在 Word 中选中图片，点“图片格式 > 压缩图片”，勾选“删除图片的剪裁区域”后重新导入，或确认裁去的部分可以公开后填写公开属性")


def test_an_uncropped_picture_and_a_cropped_seal_leave_the_document_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    rel_id = doc.image()
    seal = anchored_picture(rel_id, "电子印章").replace("<a:stretch>", '<a:srcRect l="1000"/><a:stretch>')
    root, run, text, images = imported(
        tmp_path, site, cli, doc, p(r(inner=picture(rel_id, 'l="0" t="0" r="0" b="0"'))),
        p(r("测试县人民政府办公室"), r(inner=seal), ppr='<w:jc w:val="right"/>'))
    assert published(text) and len(images) == 1 and "裁剪" not in run.err


# 4. a picture's metadata is not published

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append((kind, data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def _png_with_text() -> bytes:
    raw = png(6, 5)
    return (raw[:33] + _chunk(b"tEXt", f"Author\x00zhangsan {ID}".encode())
            + _chunk(b"pHYs", struct.pack(">IIB", 3780, 3780, 1)) + _chunk(b"tIME", b"\x07\xe5\x06\x1e\x00\x00\x00")
            + raw[33:-12] + _chunk(b"iTXt", f"Comment\x00\x00\x00\x00\x00{ID}".encode()) + raw[-12:] + b"trailing " + ID.encode())


def _segment(marker: int, data: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data


def _exif(orientation: int | None = None) -> bytes:
    """An Exif APP1 holding the Artist (an ID number) and, when given, the Orientation."""
    artist = f"zhangsan {ID}\x00".encode()
    count = 2 if orientation else 1
    entries = [(0x013B, 2, len(artist), 8 + 2 + 12 * count + 4)] + ([(0x0112, 3, 1, orientation)] if orientation else [])
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", 0)
    return _segment(0xE1, b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd + artist)


SCAN = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\xff\x00\x34\xff\xd0\x56"  # scan data, stuffing, RST0


def _jpeg(*segments: bytes) -> bytes:
    jfif = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    frame = _segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
    return b"\xff\xd8" + jfif + b"".join(segments) + frame + SCAN + b"\xff\xd9"


def test_the_metadata_of_imported_pictures_is_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    png_data = _png_with_text()
    jpeg_data = _jpeg(_exif(), _segment(0xFE, ID.encode()), _segment(0xED, b"Photoshop 3.0\x00" + ID.encode()))
    ids = [doc.part.get_or_add_image(io.BytesIO(data))[0] for data in (png_data, jpeg_data)]
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("见下图。")),
                                       *(p(r(inner=inline_picture(i, "工作成效图"))) for i in ids))
    png_out, jpeg_out = images["2024-qtxx-00001-fig1.png"], images["2024-qtxx-00001-fig2.jpg"]
    assert ID.encode() not in png_out and ID.encode() not in jpeg_out
    assert png_out.startswith(b"\x89PNG\r\n\x1a\n") and jpeg_out.startswith(b"\xff\xd8\xff")
    kept = [k for k, _ in _png_chunks(png_out)]
    assert kept == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    assert [c for c in _png_chunks(png_out) if c[0] == b"IDAT"] == [c for c in _png_chunks(png_data) if c[0] == b"IDAT"]
    assert jpeg_out.endswith(SCAN + b"\xff\xd9") and b"JFIF" in jpeg_out and b"Exif" not in jpeg_out


def test_a_jpeg_keeps_its_orientation_colour_profile_and_adobe_segments():
    icc, adobe = _segment(0xE2, b"ICC_PROFILE\x00\x01\x01profile"), _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
    stripped = image_metadata.stripped(_jpeg(_exif(orientation=6), icc, adobe, _segment(0xEC, b"Ducky" + ID.encode())))
    assert ID.encode() not in stripped and icc in stripped and adobe in stripped
    exif = stripped[stripped.index(b"Exif\x00\x00"):]
    assert exif.startswith(b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06")


def test_a_gif_loses_its_comments_and_other_formats_are_kept_as_they_are():
    gif = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
           + b"\x21\xfe" + bytes([len(ID)]) + ID.encode() + b"\x00"
           + b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
           + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")
    stripped = image_metadata.stripped(gif)
    assert stripped == gif.replace(b"\x21\xfe" + bytes([len(ID)]) + ID.encode() + b"\x00", b"")
    bmp = b"BM" + ID.encode()
    assert image_metadata.stripped(bmp) == bmp


def test_a_damaged_png_or_jpeg_is_not_published_as_it_is(tmp_path, site, cli):
    assert image_metadata.stripped(png()[:40] + ID.encode()) is None
    assert image_metadata.stripped(b"\xff\xd8\xff\xe1\x00") is None
    doc = OoxmlDocx()
    rel_id, _ = doc.part.get_or_add_image(io.BytesIO(png()))
    doc.part.related_parts[rel_id]._blob = png()[:40] + ID.encode()
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r(inner=inline_picture(rel_id, "工作成效图"))))
    assert not images and "图片“工作成效图”" in run.err


# 10. what Word shows is never silently lost

WORD_ART = ('<w:pict><v:shape id="wa1" type="#_x0000_t136" style="width:300pt;height:50pt">'
            '<v:textpath style="font-family:&quot;宋体&quot;" string="艺术字zqshowA"/></v:shape></w:pict>')


def test_word_art_and_alternate_content_at_paragraph_and_body_level_are_read_once(tmp_path, site, cli):
    paragraph_level = p(r("段首，"), '<mc:AlternateContent><mc:Choice Requires="w14">' + r("段落级zqshowB")
                        + '</mc:Choice><mc:Fallback>' + r("段落级zqshowB") + '</mc:Fallback></mc:AlternateContent>')
    body_level = ('<mc:AlternateContent><mc:Choice Requires="w14">' + p(r("块级zqshowC")) + '</mc:Choice><mc:Fallback>'
                  + p(r("块级zqshowC")) + '</mc:Fallback></mc:AlternateContent>')
    unknown = ('<mc:AlternateContent xmlns:zz="urn:unknown"><mc:Choice Requires="zz">' + p(r("不认识的zqleakD"))
               + '</mc:Choice><mc:Fallback>' + p(r("替代内容zqshowE")) + '</mc:Fallback></mc:AlternateContent>')
    hidden_art = WORD_ART.replace("height:50pt", "height:50pt;visibility:hidden").replace("zqshowA", "zqleakF")
    root, run, text, _ = imported(tmp_path, site, cli, OoxmlDocx(), p(r("正文。")), p(r(inner=WORD_ART)),
                                  paragraph_level, body_level, unknown, p(r(inner=hidden_art)))
    body = text.split("---\n", 2)[2]
    for shown in ("艺术字zqshowA", "段首，段落级zqshowB", "块级zqshowC", "替代内容zqshowE"):
        assert body.count(shown) == 1, shown
    assert "zqleak" not in body


def test_text_typed_in_the_table_of_contents_control_after_the_toc_is_kept(tmp_path, site, cli):
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
           '</w:sdtPr><w:sdtContent>' + p(r("目录")) + p(field('TOC \\o "1-3" \\h \\z \\u', "一、总体要求zqleakG"))
           + p(r("在目录控件里继续输入的正文zqshowH。")) + '</w:sdtContent></w:sdt>')
    root, run, text, _ = imported(tmp_path, site, cli, OoxmlDocx(), toc, p(r("正文。")))
    body = text.split("---\n", 2)[2]
    assert "在目录控件里继续输入的正文zqshowH。" in body
    assert "zqleak" not in body and "目录" not in body.replace("目录控件", "")


def test_text_typed_in_a_manual_table_of_contents_is_kept_and_only_its_entries_dropped(tmp_path, site, cli):
    """Word's 手动目录: its control holds typed lines, no 目录 field."""
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           '<w:sdtContent>' + p(r("目　录")) + p(r("一、总体要求zqleakJ"), r(inner="<w:tab/>"), r("1"))
           + p(r("二、重点任务zqleakK……………………12")) + p(r("说明：页码以印发稿为准zqshowL。"))
           + p(r("联系电话：0551-12345678zqshowM")) + '</w:sdtContent></w:sdt>')
    root, run, text, _ = imported(tmp_path, site, cli, OoxmlDocx(), toc, p(r("正文。")))
    body = text.split("---\n", 2)[2]
    assert "说明：页码以印发稿为准zqshowL。\n\n联系电话：0551-12345678zqshowM\n\n正文。" in body
    assert "zqleak" not in body and "目" not in body


def test_a_picture_in_a_text_box_is_published_once(tmp_path, site, cli):
    doc = OoxmlDocx()
    rel_id = doc.image()
    box = text_box(p(r("框中的图："), r(inner=inline_picture(rel_id, "框中的图片"))))
    root, run, text, images = imported(tmp_path, site, cli, doc, p(r("正文。"), r(inner=box)))
    assert text.count("![框中的图片](2024-qtxx-00001-fig1.png)") == 1 and len(images) == 1
