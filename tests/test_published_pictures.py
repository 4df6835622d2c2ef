"""Pictures an editor puts in content/ or static/ are published without their metadata, as imported ones are: a
phone's photo of a household visit holds where it was taken, a camera's the owner's name."""
from __future__ import annotations

from conftest import doc, read_tree
from test_import_word_drawings import ID, _exif, _jpeg, _png_with_text, _segment

GPS = b"GPSLatitude 39.9042N"


def test_pictures_in_content_and_static_are_published_without_metadata(site, cli):
    photo = _jpeg(_exif(orientation=6), _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + GPS), _segment(0xFE, ID.encode()))
    root = site({"content/qtxx/a.md": doc(body="走访照片：\n\n![走访照片](zoufang.jpg)\n"),
                 "content/qtxx/b.md": doc("附件页", 2, attachments='\n  - file: tu.png\n    title: 统计图'),
                 "content/qtxx/zoufang.jpg": photo, "content/qtxx/tu.png": _png_with_text(),
                 "static/img/banner.jpg": photo})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    published = read_tree(root / "public")
    pictures = {path: data for path, data in published.items() if path.endswith((".jpg", ".png"))}
    assert set(pictures) == {"qtxx/zoufang.jpg", "qtxx/tu.png", "static/img/banner.jpg"}
    for path, data in pictures.items():
        assert ID.encode() not in data and GPS not in data and b"zhangsan" not in data, path
    turned = pictures["qtxx/zoufang.jpg"]
    assert turned.startswith(b"\xff\xd8") and b"Exif\x00\x00MM" in turned  # its orientation alone is kept
    assert (root / "content/qtxx/zoufang.jpg").read_bytes() == photo  # the editor's file is left as it is


def test_a_picture_edited_after_a_build_is_published_without_metadata(site, cli):
    root = site({"content/qtxx/a.md": doc(body="![图](tu.png)\n"), "content/qtxx/tu.png": _jpeg()})
    assert cli("build", "--site", root).code == 0
    (root / "content/qtxx/tu.png").write_bytes(_png_with_text())
    assert cli("build", "--site", root).code == 0
    assert ID.encode() not in (root / "public/qtxx/tu.png").read_bytes()


def test_a_picture_that_cannot_be_read_through_is_an_error_and_nothing_is_published(site, cli):
    root = site({"content/qtxx/a.md": doc(body="![图](tu.jpg)\n"), "content/qtxx/tu.jpg": _jpeg()})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / "content/qtxx/tu.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00" + ID.encode())  # cut short in its Exif
    run = cli("build", "--site", root)
    assert run.code == 1
    assert "content/qtxx/tu.jpg:1: 错误：图片无法完整读取（文件损坏，或内容与扩展名不符），不能去掉其中可能记有拍摄地点、作者等的元数据，未发布" in run.err
    assert read_tree(root / "public") == before
