"""A .zip attachment (申报材料.zip: a 名单 and its forms) read file by file, each as an attachment of its type is; what
cannot be read in it said unchecked. Before, every .zip was a warning that it was not checked."""
from __future__ import annotations

import io
import zipfile

import openpyxl

from gongkai.engine import attachment_formats
from test_attachment_hidden_parts import ID, ID_MASKED, MOBILE, attached, personal, refused

MOBILE_MASKED = "139****5678"


def zipped(files: dict[str, bytes], utf8_names: bool = False) -> bytes:
    """A zip of `files`, their names in GBK and not marked UTF-8, as Windows in Chinese writes them (zipfile marks
    any name not ASCII as UTF-8: each is written as ASCII of its GBK length, then its GBK bytes put in its place), or
    in UTF-8."""
    out, placed = io.BytesIO(), {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for n, (name, data) in enumerate(files.items()):
            if not utf8_names:
                gbk = name.encode("gbk")
                name = f"~{n:03d}".ljust(len(gbk), "~")
                placed[name.encode()] = gbk
            book.writestr(name, data)
    data = out.getvalue()
    for ascii_name, gbk in placed.items():
        data = data.replace(ascii_name, gbk)
    return data


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "手机"])
    book.active.append(["张三", MOBILE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_each_file_of_a_zip_is_read_as_what_it_is_its_chinese_name_as_windows_wrote_it(site, cli):
    data = zipped({"申报材料/名单.xlsx": workbook(), "申报材料/说明.txt": f"联系人身份证号 {ID}\n".encode(),
                   "申报材料/照片.jpg": b"\xff\xd8\xff"})
    refused(site, cli, "x.zip", data, [("压缩包中的“申报材料/名单.xlsx”中的工作表“名单”单元格 B2 ", MOBILE_MASKED),
                                       ("压缩包中的“申报材料/说明.txt”中的第 1 行", ID_MASKED)])


def test_a_zip_in_a_zip_and_a_utf8_name_are_read(site, cli):
    inner = zipped({"名单.csv": f"张三,{MOBILE}\n".encode()}, utf8_names=True)
    refused(site, cli, "x.zip", zipped({"附件.zip": inner}),
            [("压缩包中的“附件.zip”中的压缩包中的“名单.csv”中的第 1 行", MOBILE_MASKED)])


def test_what_cannot_be_read_in_a_zip_is_said_unchecked_the_rest_read(site, cli, monkeypatch):
    """A file of a format no reader reads, an encrypted one, one too big to unpack: each a warning naming it."""
    monkeypatch.setattr(attachment_formats, "ZIP_MEMBER_LIMIT", 1024)
    data = bytearray(zipped({"名单.rar": b"Rar!", "密码.txt": b"secret", "大表.csv": b"x" * 2048,
                             "说明.txt": "无个人信息\n".encode()}))
    name = "密码.txt".encode("gbk")  # its flags in its local header and in the central directory: encrypted
    local, central = data.index(name), data.rindex(name)
    data[data.rfind(b"PK\x03\x04", 0, local) + 6] |= 0x1
    data[data.rfind(b"PK\x01\x02", 0, central) + 8] |= 0x1
    run = cli("build", "--site", attached(site, "x.zip", bytes(data)))
    assert run.code == 0 and not personal(run), run.err
    for why in ("压缩包中的“名单.rar”（.rar 格式）不能读取", "压缩包中的“密码.txt”（已加密）不能读取",
                "压缩包中的“大表.csv”（超过 0 MB）不能读取"):
        assert any(f"附件“x.zip”{why}" in problem for problem in run.problems), (why, run.err)


def test_a_file_named_zip_that_is_none_is_a_warning_that_it_is_damaged(site, cli):
    run = cli("build", "--site", attached(site, "x.zip", f"张三,{MOBILE}\n"))
    assert run.code == 0 and any("附件“x.zip”无法读出文字（文件损坏或不是 .zip 格式）" in p for p in run.problems), run.err
