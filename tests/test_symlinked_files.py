"""Symlinks inside the site that would publish what may not be: a file in static/ or a file a document attaches,
links to or reads as its data, that is a link to a document's source or to a file only documents not published
name. What is copied is the file the link leads to, so that file is what is checked."""
from __future__ import annotations

import os

import pytest

from conftest import doc, read_tree
from gongwen_docx import png

A = "content/qtxx/a.md"
#: a 不予公开 document of qtxx and the file it attaches, each carrying a marker no output may hold
WITHHELD = {"content/qtxx/b.md": doc("乙SECRETMARK", 2, disclosure="不予公开", withheld_reason="内部事务",
                                     attachments="[{file: att.txt, title: 内部名单}]", body="正文SECRETMARK。"),
            "content/qtxx/att.txt": "内部名单 SECRETMARK\n"}


def link(root, rel: str, to: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(to, path)


def leaked(folder) -> list[str]:
    return [path for path, data in read_tree(folder).items() if b"SECRETMARK" in data]


@pytest.mark.parametrize("name, to, led", [
    ("source.md", "../../content/qtxx/b.md", "content/qtxx/b.md"),
    ("att.txt", "../../content/qtxx/att.txt", "content/qtxx/att.txt"),
    ("a.html", "../../content/qtxx/a.md", "content/qtxx/a.md"),  # a published document's source: still no copy
], ids=["withheld source", "withheld attachment", "published source"])
def test_a_symlink_in_static_into_content_is_an_error_and_nothing_is_written(name, to, led, site, cli):
    root = site({A: doc(), **WITHHELD})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    link(root, f"static/files/{name}", to)
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"static/files/{name}:1: 错误：是指向 {led} 的符号链接：content/ 中的文件只随引用它的公开文档发布，"
            "不能经 static/ 发布；请把文件本身放进 static/") in run.problems, run.err
    assert read_tree(root / "public") == before and not leaked(root / "public")


def test_a_symlink_in_static_into_a_hidden_folder_is_an_error(site, cli):
    """The build cache and the inspection report are kept in the site's hidden folders; neither is published."""
    root = site({A: doc()})
    cli("check", "--site", root, "--report")  # fails the inspection (blank columns): written all the same
    assert (root / ".gongkai-report/report.json").is_file()
    link(root, "static/r.json", "../.gongkai-report/report.json")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert ("static/r.json:1: 错误：是指向隐藏文件夹中的文件 .gongkai-report/report.json 的符号链接（生成缓存、检查报告等"
            "不发布的文件在那里）；请把文件本身放进 static/") in run.problems, run.err
    assert not (root / "public").exists()


def test_a_symlink_in_static_to_another_file_of_static_or_of_the_site_is_copied(site, cli):
    root = site({A: doc(), "static/css/site.css": "body{}\n", "assets/logo.png": png()})
    link(root, "static/css/copy.css", "site.css")
    link(root, "static/img/logo.png", "../../assets/logo.png")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/static/css/copy.css").read_bytes() == b"body{}\n"
    assert (root / "public/static/img/logo.png").read_bytes() == png()


def test_a_symlinked_folder_in_static_is_an_error_not_silently_left_out(site, cli, tmp_path):
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "x.css").write_text("a{}\n", encoding="utf-8")
    root = site({A: doc(), "assets/y.css": "b{}\n"})
    link(root, "static/shared", str(outside))
    link(root, "static/assets", "../assets")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert "static/shared:1: 错误：是指向站点之外的文件夹符号链接，请把文件夹本身放进 static/" in run.problems, run.err
    assert "static/assets:1: 错误：是文件夹符号链接，其中的文件不会发布；请把文件夹本身放进 static/" in run.problems, run.err
    assert not (root / "public").exists()


SOURCE = "是指向文档源文件 content/qtxx/b.md 的符号链接（会公开该文档的全部原文）"
ATTACHED = "是指向 content/qtxx/att.txt 的符号链接，该文件是文档 content/qtxx/b.md 的附件，该文档不是主动公开文档"


@pytest.mark.parametrize("to, led", [("b.md", SOURCE), ("att.txt", ATTACHED)], ids=["source", "withheld attachment"])
@pytest.mark.parametrize("how, front, body, message", [
    ("attachment", {"attachments": "[{file: x.txt, title: 材料}]"}, "正文。", A + ":6: 错误：附件“x.txt”{led}，不能作为附件"),
    ("body link", {}, "见[材料](x.txt)。", A + ":7: 错误：链接的文件 content/qtxx/x.txt {led}，不能链接"),
], ids=["attachment", "body link"])
def test_a_file_named_otherwise_that_links_to_what_may_not_be_published_is_an_error(to, led, how, front, body, message,
                                                                                     site, cli):
    root = site({A: doc(body=body, **front), **WITHHELD})
    link(root, "content/qtxx/x.txt", to)
    run = cli("build", "--site", root)
    assert run.code == 1
    assert message.format(led=led) in run.problems, run.err
    assert not (root / "public").exists()


def test_a_data_file_that_links_to_a_withheld_documents_data_is_an_error(site, cli):
    held = doc("乙", 2, disclosure="不予公开", withheld_reason="内部事务", data="t.yaml")
    root = site({A: doc(data="x.yaml"), "content/qtxx/b.md": held, "content/qtxx/t.yaml": "tables: []\n"})
    link(root, "content/qtxx/x.yaml", "t.yaml")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:6: 错误：数据文件“x.yaml”是指向 content/qtxx/t.yaml 的符号链接，该文件是文档 content/qtxx/b.md 的数据文件，"
            "该文档不是主动公开文档，不能作为数据文件") in run.problems, run.err


def test_a_symlink_to_a_file_published_anyway_is_copied(site, cli):
    """A file a published document attaches, or one no document names, is published through a link to it too."""
    root = site({A: doc(attachments="[{file: x.txt, title: 材料}]", body="见[名单](y.txt)。"),
                 "content/qtxx/c.md": doc("丙", 3, attachments="[{file: pub.txt, title: 名单}]"),
                 "content/qtxx/pub.txt": "名单\n", "content/qtxx/free.txt": "说明\n"})
    link(root, "content/qtxx/x.txt", "pub.txt")
    link(root, "content/qtxx/y.txt", "free.txt")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/qtxx/x.txt").read_text(encoding="utf-8") == "名单\n"
    assert (root / "public/qtxx/y.txt").read_text(encoding="utf-8") == "说明\n"


def test_a_link_pointed_at_a_withheld_file_after_a_build_is_an_error_and_the_output_kept(site, cli):
    """The next build (incremental, from the cache) sees the file the link leads to now."""
    root = site({A: doc(attachments="[{file: x.txt, title: 材料}]"), "content/qtxx/pub.txt": "公开材料\n",
                 **WITHHELD})
    link(root, "content/qtxx/x.txt", "pub.txt")
    assert cli("build", "--site", root).code == 0
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    for to, led in (("b.md", SOURCE), ("att.txt", ATTACHED)):
        (root / "content/qtxx/x.txt").unlink()
        link(root, "content/qtxx/x.txt", to)
        run = cli("build", "--site", root)
        assert run.code == 1
        assert f"{A}:6: 错误：附件“x.txt”{led}，不能作为附件" in run.problems, run.err
        assert read_tree(root / "public") == before and not leaked(root / "public")
