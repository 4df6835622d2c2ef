"""build.py import is safe by default: what the Word file does not state for certain is held back, never published.

公开属性 comes only from the 附注 and the 版记; a field marked 待填写 fails `build` and `check` at its
line, and the page is not written; the 版记 and typed page numbers never reach the page.
"""
from __future__ import annotations

import re

import pytest

from conftest import doc
from gongwen_docx import Gongwen, write
from test_import_word import DATE, DOC, front


def imported(tmp_path, site, cli, spec: Gongwen, *args, path: str = DOC):
    """(site, import run, the document's text) after importing `spec`."""
    root = site({})
    run = cli("import", write(tmp_path / "a.docx", spec), "--site", root, "--date", DATE, *args)
    assert run.code == 0, run.err
    return root, run, (root / path).read_text()


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def build_fails_at(cli, root, path: str, line: int, message: str) -> None:
    """The build fails with the message at path:line, and the document's page is not written."""
    before = sorted(p.name for p in (root / "public").rglob("*")) if (root / "public").exists() else None
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{path}:{line}: 错误：{message}" in run.err.splitlines(), run.err
    assert not (root / "public" / path.removeprefix("content/").replace(".md", ".html")).exists()
    if before is not None:
        assert sorted(p.name for p in (root / "public").rglob("*")) == before
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
    (root / DOC).write_text(text.replace("  # 待填写：未能从文档中识别成文日期", ""))
    assert cli("build", "--site", root).code == 0


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
