"""build.py import is safe by default: what the Word file does not state for certain is held back, never published.

公开属性 comes only from the 附注 and the 版记; a field marked 待填写 fails `build` and `check` at its
line, and the page is not written; the 版记 and typed page numbers never reach the page.
"""
from __future__ import annotations

import json
import struct
import zipfile

import docx

import pytest

from conftest import doc, read_tree
from gongkai.importing import metadata
from gongwen_docx import Gongwen, write
from test_import_word import DATE, DOC, front


def imported(tmp_path, site, cli, spec: Gongwen, *args, path: str = DOC):
    """(site, import run, the document's text) after importing `spec`."""
    root = site({})
    run = cli("import", write(tmp_path / "a.docx", spec), "--site", root, "--date", DATE, *args)
    assert run.code == 0, run.err
    return root, run, (root / path).read_text()


def refused(site, cli, source, message: str):
    """The site an import of `source` was refused into: the error line is `message` and nothing was written."""
    root = site({})
    run = cli("import", source, "--site", root, "--date", DATE)
    assert run.code == 1
    assert f"{source}: 错误：{message}" in run.err.splitlines(), run.err
    assert not list((root / "content").rglob("*.md"))
    return root


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def build_fails_at(cli, root, path: str, line: int, message: str) -> None:
    """The build fails with the message at path:line, the previous output stays as it was, and
    `check` reports the same."""
    before = read_tree(root / "public") if (root / "public").exists() else None
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{path}:{line}: 错误：{message}" in run.err.splitlines(), run.err
    if before is None:
        assert not (root / "public").exists()
    else:
        assert read_tree(root / "public") == before
    check = cli("check", "--site", root)
    assert check.code == 1 and f"{path}:{line}: 错误：{message}" in check.err


# 1. a sentence of the text never decides the 公开属性

def test_a_body_sentence_quoting_a_note_does_not_override_the_annotation(tmp_path, site, cli):
    spec = Gongwen(annotation="（此件不予公开）",
                   extra=("各单位公开文件时，应在附注处注明“（此件公开发布）”。",))
    root, run, text = imported(tmp_path, site, cli, spec)
    assert front(text)["disclosure"] == "不予公开"


def test_the_colophon_disclosure_line_is_read_and_dropped(tmp_path, site, cli):
    spec = Gongwen(annotation=None, colophon_lines=("公开方式：依申请公开", "抄送：县委办公室。",
                                                   "测试县人民政府办公室　　2021年7月1日印发"))
    text = imported(tmp_path, site, cli, spec)[2]
    assert front(text)["disclosure"] == "依申请公开"
    assert "公开方式" not in text and "抄送" not in text


def test_annotation_and_colophon_disagreeing_hold_the_document_back(tmp_path, site, cli):
    spec = Gongwen(annotation="（此件公开发布）", colophon_lines=("公开方式：不予公开", "测试县人民政府办公室　2021年7月1日印发"))
    root, run, text = imported(tmp_path, site, cli, spec)
    reason = "附注与版记的公开方式不一致（附注为“主动公开”，版记为“不予公开”）：请向发文单位核实后填写公开属性"
    assert f'\ndisclosure: ""  # 待填写：{reason}\n' in text
    assert f"a.docx: 警告：{reason}：已在 {DOC} 中留空并标注“待填写”，填写前不会发布" in run.err
    build_fails_at(cli, root, DOC, line_of(text, "disclosure:"),
                   f"公开属性（disclosure）标注了“待填写”，本文档不会发布：{reason}；填好后删去本行的“# 待填写”注释")


def held(cli, root, text: str, reason: str) -> None:
    """The import left 公开属性 blank for `reason`, and the build publishes nothing of the document."""
    assert f'\ndisclosure: ""  # 待填写：{reason}\n' in text
    build_fails_at(cli, root, DOC, line_of(text, "disclosure:"),
                   f"公开属性（disclosure）标注了“待填写”，本文档不会发布：{reason}；填好后删去本行的“# 待填写”注释")


@pytest.mark.parametrize("note", ["（此件不对外公开发布）", "（此件不向社会公开发布）", "（此件不作主动公开）",
                                  "（此件请勿公开发布）", "（此件不予以公开发布）", "（此件暂缓公开）", "（此件免予公开）"])
def test_a_note_saying_not_to_publish_is_never_read_as_published(tmp_path, site, cli, note):
    root, run, text = imported(tmp_path, site, cli, Gongwen(annotation=note))
    assert front(text)["disclosure"] == "不予公开"
    assert cli("build", "--site", root).code == 1  # until the editor writes why it is withheld
    assert not (root / "public").exists()


@pytest.mark.parametrize("note", ["（此件对外公开）", "（此件内部传阅）", "（此件可公开发布）"])
def test_a_note_about_publishing_that_says_no_value_for_certain_holds_the_document_back(tmp_path, site, cli, note):
    root, run, text = imported(tmp_path, site, cli, Gongwen(annotation=note))
    held(cli, root, text, f"附注“{note[1:-1]}”没有写明公开属性：请向发文单位核实后填写 主动公开 / 依申请公开 / 不予公开")


@pytest.mark.parametrize("spec, reason", [
    (Gongwen(annotation=("（此件公开发布）", "（此件不予公开）")),
     "附注的公开方式前后不一致（“主动公开”“不予公开”）：请向发文单位核实后填写公开属性"),
    (Gongwen(annotation=("（此件公开发布）", "（此件删减后公开）")),
     "附注的公开方式前后不一致（“主动公开”“删减后公开”）：请向发文单位核实后填写公开属性"),
    (Gongwen(annotation=None, colophon_lines=("公开方式：主动公开", "公开方式：不予公开", "抄送：县委办公室。",
                                               "测试县人民政府办公室　　2021年7月1日印发")),
     "版记的公开方式前后不一致（“主动公开”“不予公开”）：请向发文单位核实后填写公开属性"),
    (Gongwen(annotation=(("（此件不予公开）",),), colophon_lines=("公开方式：主动公开", "抄送：县委办公室。",
                                                              "测试县人民政府办公室　　2021年7月1日印发")),
     "附注与版记的公开方式不一致（附注为“不予公开”，版记为“主动公开”）：请向发文单位核实后填写公开属性"),
    (Gongwen(extra=("（此件不予公开）",)),
     "正文中另有一段“（此件不予公开）”，与附注或版记的公开方式（主动公开）不一致：请向发文单位核实后填写公开属性"),
], ids=["two notes", "published then redacted", "two colophon lines", "a note in a table cell", "one in the text"])
def test_every_statement_counts_and_any_two_that_differ_hold_the_document_back(tmp_path, site, cli, spec, reason):
    root, run, text = imported(tmp_path, site, cli, spec)
    held(cli, root, text, reason)
    assert f"a.docx: 警告：{reason}：已在 {DOC} 中留空并标注“待填写”，填写前不会发布" in run.err


@pytest.mark.parametrize("colon", ["∶", "﹕", ":"])
def test_the_colophon_is_read_and_dropped_whatever_colon_it_was_typed_with(tmp_path, site, cli, colon):
    spec = Gongwen(annotation=None, colophon_lines=(f"公开方式{colon}不予公开", f"抄送{colon}县委办公室，县气象局。",
                                                   "测试县人民政府办公室　　2021年7月1日印发"))
    text = imported(tmp_path, site, cli, spec)[2]
    assert front(text)["disclosure"] == "不予公开"
    assert "公开方式" not in text and "抄送" not in text and "县气象局" not in text


# 3. an unknown 公开属性 is never published as the site default

@pytest.mark.parametrize("note", ["（此件删减后公开）", "（此件删减后主动公开）"])
def test_a_redacted_release_is_held_back_until_the_editor_confirms(tmp_path, site, cli, note):
    root, run, text = imported(tmp_path, site, cli, Gongwen(annotation=note))
    reason = "附注为“此件删减后公开”：请按删减后的文本核对正文，确认后把公开属性改为 主动公开"
    assert f'\ndisclosure: ""  # 待填写：{reason}\n' in text
    assert f"a.docx: 警告：{reason}：已在 {DOC} 中留空并标注“待填写”，填写前不会发布" in run.err
    build_fails_at(cli, root, DOC, line_of(text, "disclosure:"),
                   f"公开属性（disclosure）标注了“待填写”，本文档不会发布：{reason}；填好后删去本行的“# 待填写”注释")


def test_a_request_without_annotation_is_held_back_not_published_as_the_default(tmp_path, site, cli):
    spec = Gongwen(annotation=None, title=["测试县财政局关于追加2021年政务公开经费的请示"])
    path = "content/qtxx/2021-qtxx-12.md"
    root, run, text = imported(tmp_path, site, cli, spec, "--column", "qtxx", path=path)
    build_fails_at(cli, root, path, line_of(text, "disclosure:"),
                   "公开属性（disclosure）标注了“待填写”，本文档不会发布：文档没有写明公开属性的附注"
                   "（如“（此件公开发布）”），请填写 主动公开 / 依申请公开 / 不予公开；填好后删去本行的“# 待填写”注释")


def test_any_marked_line_fails_even_once_a_value_is_written(tmp_path, site, cli):
    root, run, text = imported(tmp_path, site, cli, Gongwen(written=None))
    text = text.replace('written: ""  # 待填写', "written: 2021-06-30  # 待填写")
    (root / DOC).write_text(text)
    build_fails_at(cli, root, DOC, line_of(text, "written:"),
                   "成文日期（written）标注了“待填写”，本文档不会发布：未能从文档中识别成文日期；"
                   "填好后删去本行的“# 待填写”注释")
    fixed = text.replace("  # 待填写：未能从文档中识别成文日期", "")
    (root / DOC).write_text(fixed)
    assert cli("build", "--site", root).code == 0
    published = (root / "public/gfxwj/2021-gfxwj-12.html").read_text()
    (root / DOC).write_text(fixed.replace("disclosure: 主动公开", 'disclosure: ""  # 待填写：请确认'))
    build_fails_at(cli, root, DOC, line_of(text, "disclosure:"),
                   "公开属性（disclosure）标注了“待填写”，本文档不会发布：请确认；填好后删去本行的“# 待填写”注释")
    assert (root / "public/gfxwj/2021-gfxwj-12.html").read_text() == published  # the old page, untouched


def test_check_lists_every_held_back_document(tmp_path, site, cli):
    marked = doc("甲", 1, disclosure='""  # 待填写：请确认').replace("正文。", "正文甲。")
    root = site({"content/qtxx/a.md": marked, "content/qtxx/b.md": doc("乙", 2, topic='""  # 待填写')})
    run = cli("check", "--site", root, "--strict")
    assert run.code == 1
    assert ("content/qtxx/a.md:6: 错误：公开属性（disclosure）标注了“待填写”，本文档不会发布：请确认；"
            "填好后删去本行的“# 待填写”注释") in run.err
    assert "content/qtxx/b.md:5: 错误：主题分类（topic）标注了“待填写”，本文档不会发布；填好后删去本行的“# 待填写”注释" in run.err


def test_an_empty_disclosure_is_an_error_and_only_a_missing_one_takes_the_default(site, cli):
    root = site({"content/qtxx/a.md": doc("甲", 1, disclosure='""'), "content/qtxx/b.md": doc("乙", 2)})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert ("content/qtxx/a.md:6: 错误：公开属性（disclosure）是空的：请填写 主动公开、依申请公开 或 不予公开"
            "（不写这一行时才按 config.yaml 的 defaults.disclosure 处理）") in run.err
    assert not (root / "public").exists()
    (root / "content/qtxx/a.md").unlink()
    assert cli("build", "--site", root).code == 0
    assert (root / "public/qtxx/b.html").is_file()


def test_a_hash_inside_quotes_is_no_mark(site, cli):
    root = site({"content/qtxx/a.md": doc('"第#待填写号"', 1)})
    assert cli("build", "--site", root).code == 0


# 5. the 版记 and typed page numbers are never published

def test_colophon_wrapped_and_on_two_lines_and_page_numbers_are_dropped(tmp_path, site, cli):
    spec = Gongwen(extra=("— 2 —", "各单位要认真落实。"), closing=("－3－",), colophon_lines=(
        "抄送：县委办公室，县人大常委会办公室，", "县政协办公室，县法院，县检察院。",
        "测试县人民政府办公室", "2021年7月1日印发", "- 4 -"))
    text = imported(tmp_path, site, cli, spec)[2]
    body = text.split("---\n", 2)[2]
    for dropped in ("抄送", "县法院", "测试县人民政府办公室\n\n2021年7月1日", "印发\n", "2 —", "－3－", "- 4 -", "\\- 4"):
        assert dropped not in body, dropped
    assert "各单位要认真落实。" in body


def test_colophon_organ_and_date_in_a_table_row_are_dropped(tmp_path, site, cli):
    spec = Gongwen(colophon_lines=("抄送：县委办公室。", ("测试县人民政府办公室", "2021年7月1日印发")))
    body = imported(tmp_path, site, cli, spec)[2].split("---\n", 2)[2]
    assert "抄送" not in body and "2021年7月1日印发" not in body and "测试县人民政府办公室 |" not in body



@pytest.mark.parametrize("annotation", ["（此件公开发布）", None])
def test_an_issued_line_alone_takes_neither_the_note_nor_the_written_date_above_it(tmp_path, site, cli, annotation):
    spec = Gongwen(annotation=annotation, attachments=0, attachment_note=None,
                   colophon_lines=("测试县人民政府办公室　　　　2021年7月1日印发",))
    root, run, text = imported(tmp_path, site, cli, spec)
    body = text.split("---\n", 2)[2]
    assert "2021年6月30日" in body and front(text)["written"] == "2021-06-30" and "7月1日印发" not in body
    assert ("（此件公开发布）" in body) == bool(annotation)
    assert front(text)["disclosure"] == ("主动公开" if annotation else '""  # 待填写：' + metadata.NOT_STATED)


@pytest.mark.parametrize("lines", [
    ("抄送：县委办公室，县气象局。", "测试县人民政府办公室　　2021年7月1日印发", ("",)),  # a rule drawn as an empty table
    ("主题词：政务公开　通知", "抄送：县委办公室，县气象局。", "测试县人民政府办公室　　2021年7月1日印发"),
], ids=["a rule below", "主题词"])
def test_the_colophon_is_dropped_with_a_rule_below_it_or_a_subject_line(tmp_path, site, cli, lines):
    body = imported(tmp_path, site, cli, Gongwen(colophon_lines=lines))[2].split("---\n", 2)[2]
    for dropped in ("抄送", "县气象局", "7月1日印发", "主题词"):
        assert dropped not in body, dropped


def test_a_sentence_of_the_text_opening_like_a_colophon_entry_stays(tmp_path, site, cli):
    spec = Gongwen(extra=("报送：请于2021年7月1日前报送至县政府办公室。", "发送：各单位按要求发送材料。"))
    body = imported(tmp_path, site, cli, spec)[2].split("---\n", 2)[2]
    assert "报送：请于2021年7月1日前报送至县政府办公室。" in body and "发送：各单位按要求发送材料。" in body
    assert "抄送" not in body and "7月1日印发" not in body


def test_a_colophon_before_the_attachments_takes_none_of_them(tmp_path, site, cli):
    whole = imported(tmp_path, site, cli, Gongwen(colophon=None))[2].split("---\n", 2)[2]
    spec = Gongwen(colophon_first=True, colophon_lines=("抄送：县委办公室，县人大常委会办公室，", "县政协办公室，县气象局。",
                                                       "测试县人民政府办公室　　2021年7月1日印发"))
    body = imported(tmp_path, site, cli, spec, "--replace")[2].split("---\n", 2)[2]
    assert body == whole  # the attachment whole, nothing of the 版记


# 10. refusals and acceptances

def encrypted_office_file() -> bytes:
    """What Word saves for a .docx with an opening password: an OLE compound file holding
    EncryptionInfo and EncryptedPackage streams (header, then one directory sector)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:34] = struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9) + b"\x06\x00"
    directory = b""
    for name, kind in (("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2), ("", 0)):
        encoded = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
        directory += encoded.ljust(64, b"\x00") + struct.pack("<HB", len(encoded), kind) + bytes(61)
    return bytes(header) + directory + b"\x00" * 512


def test_a_password_protected_docx_is_told_it_has_a_password(tmp_path, site, cli):
    locked = tmp_path / "加密.docx"
    locked.write_bytes(encrypted_office_file())
    refused(site, cli, locked, "文件设置了打开密码，无法导入：请在 Word 或 WPS 中取消密码（文件→信息→保护文档）后再导入")


def test_a_package_holding_a_part_twice_is_refused(tmp_path, site, cli):
    """python-docx reads the last copy of word/document.xml; which one Word shows nobody can tell."""
    twice = write(tmp_path / "两份.docx", Gongwen())
    with zipfile.ZipFile(twice) as package:
        body = package.read("word/document.xml")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(twice, "a") as package:
        package.writestr("word/document.xml", body + b" ")
    refused(site, cli, twice, "文件中同一部件出现了两次（word/document.xml），无法确定 Word 显示的是哪一份，未导入："
                              "请在 Word 或 WPS 中打开，核对内容后“另存为 .docx”再导入")


def test_a_strict_open_xml_docx_is_told_how_to_save_it(tmp_path, site, cli):
    """Word's “Strict Open XML 文档” names its parts by ISO's URIs, which python-docx does not know."""
    transitional = write(tmp_path / "a.docx", Gongwen())
    strict = tmp_path / "严格.docx"
    with zipfile.ZipFile(transitional) as source, zipfile.ZipFile(strict, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".rels") or item.filename.endswith(".xml"):
                data = data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                    b"http://purl.oclc.org/ooxml/officeDocument/relationships")
                data = data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            target.writestr(item, data)
    refused(site, cli, strict, "这是“Strict Open XML 文档”格式的 .docx，无法导入：请在 Word 中打开，"
                               "“另存为”时保存类型选“Word 文档 (*.docx)”后再导入")


def test_an_empty_docx_is_refused(tmp_path, site, cli):
    docx.Document().save(tmp_path / "空白.docx")
    root = site({})
    run = cli("import", tmp_path / "空白.docx", "--site", root, "--column", "gfxwj", "--date", DATE)
    assert run.code == 1
    assert (f"{tmp_path / '空白.docx'}: 错误：Word 文件中没有任何文字，未导入：请确认选对了文件，"
            "或在 Word 中打开检查内容后再导入") in run.err.splitlines()
    assert not list((root / "content").rglob("*"))


def test_a_file_without_doc_number_is_not_imported_twice(tmp_path, site, cli):
    root = site({})
    spec = Gongwen(doc_number=None)
    first = cli("import", write(tmp_path / "a.docx", spec), "--site", root, "--date", DATE)
    path = "content/gfxwj/2024-gfxwj-00001.md"
    assert first.out.startswith(f"已导入 {path}")
    again = cli("import", write(tmp_path / "b.docx", spec), "--site", root, "--date", DATE)
    assert again.code == 1
    assert (f"{tmp_path / 'b.docx'}: 错误：标题和成文日期（“测试县人民政府办公室关于印发2021年政务公开工作要点的通知”，"
            f"2021-06-30）已有文档 {path}:2，未导入：要用此文件更新该文档，请加 --replace") in again.err.splitlines()
    assert cli("import", tmp_path / "b.docx", "--site", root, "--replace").out.startswith(f"已更新 {path}")
    assert sorted(p.name for p in (root / "content/gfxwj").glob("*.md")) == ["2024-gfxwj-00001.md"]


COLUMNS = "gfxwj（规范性文件）、gfxwj/fzsx（废止和失效文件）、zcjd（政策解读）、czyjs（财政预决算）、qtxx（其他信息）"


@pytest.mark.parametrize("title, message", [
    ("测试县财政局关于追加政务公开经费的请示", "未指定栏目，而标题的文种“请示”不是规范性文件：请用 --column 指定栏目，可选："),
    ("测试县人民政府办公室关于商请提供政务公开材料的函", "未指定栏目，而标题的文种“函”不是规范性文件：请用 --column 指定栏目，可选："),
    ("测试县人民政府办公室关于政务公开工作", "未指定栏目，且未能从标题末尾的文种（通知、意见、办法、请示、函等）判断是否规范性文件："
                                        "请用 --column 指定栏目，可选："),
])
def test_a_document_that_is_no_normative_kind_needs_a_column(tmp_path, site, cli, title, message):
    source = write(tmp_path / "a.docx", Gongwen(title=[title]))
    root = refused(site, cli, source, f"{message}{COLUMNS}")
    assert cli("import", source, "--site", root, "--column", "qtxx", "--date", DATE).code == 0


def test_a_normative_kind_without_column_goes_to_the_normative_column(tmp_path, site, cli):
    source = write(tmp_path / "a.docx", Gongwen(title=["测试县政务公开管理办法"], doc_number="测政发〔2021〕3号"))
    run = cli("import", source, "--site", site({}), "--date", DATE)
    assert run.out.startswith("已导入 content/gfxwj/2021-gfxwj-3.md")


# 11. file name and 索引号 agree

def test_without_doc_number_the_file_name_takes_the_index_numbers_year_and_serial(tmp_path, site, cli):
    root = site({})
    run = cli("import", write(tmp_path / "a.docx", Gongwen(doc_number=None)), "--site", root, "--date", DATE)
    assert run.out.startswith("已导入 content/gfxwj/2024-gfxwj-00001.md")
    text = (root / "content/gfxwj/2024-gfxwj-00001.md").read_text()
    assert front(text)["index_no"] == '"11340000MB0000000M/2024-00001"' and front(text)["written"] == "2021-06-30"


# 4. the 版头 set in a table or as a 信函 head is read, never published or taken for the title

@pytest.mark.parametrize("rows", [
    (("测试县人民政府办公室文件",), ("测政办发〔2021〕12号", "签发人：张三")),
    (("测试县人民政府办公室", "测政办发〔2021〕12号"),),
])
def test_a_head_in_a_table_gives_doc_number_and_issuer_and_is_dropped(tmp_path, site, cli, rows):
    text = imported(tmp_path, site, cli, Gongwen(head=None, doc_number=None, head_table=rows))[2]
    meta, body = front(text), text.split("---\n", 2)[2]
    assert meta["doc_number"] == '"测政办发〔2021〕12号"' and meta["issuer"] == '"测试县人民政府办公室"'
    assert meta["title"] == '"测试县人民政府办公室关于印发2021年政务公开工作要点的通知"'
    assert body.startswith("\n各乡镇人民政府，县政府各部门、各直属机构：")
    assert "签发人" not in body and "测政办发" not in body


@pytest.mark.parametrize("number", [None, "测政办函〔2021〕8号"])
def test_a_letter_head_is_the_issuer_and_the_title_below_it_the_title(tmp_path, site, cli, number):
    title = "测试县人民政府办公室关于商请提供政务公开材料的函"
    spec = Gongwen(head="测试县人民政府办公室", letterhead=True, doc_number=number, title=[title], signer=None)
    path = "content/qtxx/2021-qtxx-8.md" if number else "content/qtxx/2024-qtxx-00001.md"
    root, run, text = imported(tmp_path, site, cli, spec, "--column", "qtxx", path=path)
    meta, body = front(text), text.split("---\n", 2)[2]
    assert meta["title"] == f'"{title}"' and meta["issuer"] == '"测试县人民政府办公室"'
    assert title not in body and body.startswith("\n各乡镇人民政府")
    assert "像是发文机关名称" not in run.err


def test_an_organ_name_taken_for_the_title_is_warned_about(tmp_path, site, cli):
    spec = Gongwen(head="测试县人民政府办公室", letterhead=True, doc_number=None, title=[], signer=None)
    path = "content/qtxx/2024-qtxx-00001.md"
    root, run, text = imported(tmp_path, site, cli, spec, "--column", "qtxx", path=path)
    assert ("a.docx: 警告：第一行“测试县人民政府办公室”像是发文机关名称（信函格式的版头），已作为标题导入："
            "请对照 Word 文件核对标题，必要时改正 title 并把正文中的真标题删去") in run.err


# 9. 施行日期 and 有效期 stated in the text

def test_effective_date_and_period_are_read_and_the_page_shows_the_document_expired(tmp_path, site, cli):
    spec = Gongwen(extra=("本办法自2021年8月1日起施行，有效期5年。", "《中华人民共和国政府信息公开条例》自2019年5月15日起施行。"))
    root, run, text = imported(tmp_path, site, cli, spec)
    meta = front(text)
    assert (meta["effective"], meta["expires"]) == ("2021-08-01", "2026-07-31")
    assert cli("build", "--site", root).code == 0  # as of 2026-11-20
    catalog = json.loads((root / "public/catalog.json").read_text())
    assert next(d for d in catalog if d["doc_number"] == "测政办发〔2021〕12号")["validity"] == "失效"


def test_from_issue_counts_from_the_written_date_and_until_gives_the_last_day(tmp_path, site, cli):
    spec = Gongwen(extra=("本通知自印发之日起施行，有效期至2025年12月31日。",))
    meta = front(imported(tmp_path, site, cli, spec)[2])
    assert (meta["effective"], meta["expires"]) == ("2021-06-30", "2025-12-31")


def test_a_period_without_a_start_is_held_back(tmp_path, site, cli):
    root, run, text = imported(tmp_path, site, cli, Gongwen(extra=("本办法有效期为三年。",)))
    reason = "正文写明“有效期为三年”，未能确定起算日期：请填写失效日期（expires）"
    assert f'\nexpires: ""  # 待填写：{reason}\n' in text and "\neffective:" not in text
    build_fails_at(cli, root, DOC, line_of(text, "expires:"),
                   f"失效日期（expires）标注了“待填写”，本文档不会发布：{reason}；填好后删去本行的“# 待填写”注释")


def test_a_period_ending_past_the_calendar_is_held_back_and_a_build_of_it_reports(tmp_path, site, cli):
    """自9999年1月1日起施行，有效期5年 (a typing slip) stopped the import of every file, and every build, with a
    traceback."""
    root, run, text = imported(tmp_path, site, cli, Gongwen(extra=("本办法自9999年1月1日起施行，有效期5年。",)))
    assert "Traceback" not in run.err
    assert '\nexpires: ""  # 待填写：正文写明“有效期5年”' in text and "\neffective: 9999-01-01\n" in text
    (root / DOC).write_text(text.replace('expires: ""  # 待填写：', "# "), encoding="utf-8")
    built = cli("build", "--site", root)
    assert "Traceback" not in built.err and built.code == 0, built.err


def test_fields_changed_away_from_the_text_are_warned_about(tmp_path, site, cli):
    root, run, text = imported(tmp_path, site, cli, Gongwen(extra=("本办法自2021年8月1日起施行，有效期5年。",)))
    text = text.replace("expires: 2026-07-31", "expires: 2030-07-31").replace("effective: 2021-08-01\n", "")
    (root / DOC).write_text(text)
    run = cli("build", "--site", root)
    assert run.code == 0
    line = line_of(text, "本办法自2021年8月1日起施行")
    assert (f"{DOC}:{line}: 警告：正文写明“有效期5年”（即 2026-07-31），与 expires 不一致（2030-07-31）："
            "请核对后改正其一") in run.err.splitlines()
    assert (f"{DOC}:{line}: 警告：正文写明“自2021年8月1日起施行”（即 2021-08-01），与 effective 不一致（未填写）："
            "请核对后改正其一") in run.err.splitlines()


# 11. --replace names the images left behind

def test_replace_with_fewer_images_names_the_ones_left_behind(tmp_path, site, cli):
    root = site({})
    assert cli("import", write(tmp_path / "a.docx"), "--site", root, "--date", DATE).code == 0
    run = cli("import", write(tmp_path / "b.docx", Gongwen(images=("示意图",))), "--site", root, "--replace")
    assert run.code == 0, run.err
    assert (f"{tmp_path / 'b.docx'}: 警告：新文件的图片比原来少，2021-gfxwj-12-fig2.png 已不再被文档引用，未删除："
            "确认无用后请删除") in run.err.splitlines()
    assert (root / "content/gfxwj/2021-gfxwj-12-fig2.png").is_file()


def test_the_addressee_line_is_set_flush_left(tmp_path, site, cli):
    root, run, text = imported(tmp_path, site, cli, Gongwen())
    assert "\n各乡镇人民政府，县政府各部门、各直属机构：\n{: .addressee }\n" in text
    assert cli("build", "--site", root).code == 0
    html = (root / "public/gfxwj/2021-gfxwj-12.html").read_text()
    assert '<p class="addressee">各乡镇人民政府，县政府各部门、各直属机构：</p>' in html
    assert ".article-body p.addressee { text-indent: 0; }" in (root / "public/static/css/site.css").read_text()


def test_replacing_a_letter_needs_no_column_again(tmp_path, site, cli):
    root = site({})
    source = write(tmp_path / "a.docx", Gongwen(title=["测试县人民政府办公室关于商请提供政务公开材料的函"]))
    assert cli("import", source, "--site", root, "--column", "qtxx", "--date", DATE).code == 0
    run = cli("import", source, "--site", root, "--replace")
    assert run.out.startswith("已更新 content/qtxx/2021-qtxx-12.md"), run.err
