"""File names no page can carry, a disk that cannot be written, and folders that are not the tool's: each is one
clear error (`path:line: message`, or one line), never a traceback; the previous output stays byte for byte,
and a folder of the user's keeps every file."""
from __future__ import annotations

import errno
import json
import os
import shutil

import pytest

from conftest import doc, normative, read_tree

from gongkai.engine import sources
from gongkai.incremental import produce, unchanged

LONG = "很" * 84  # 252 bytes in UTF-8: "….md" is 255, the longest name a file may have, and "….html" 257


def built(site, cli, tmp_path, files: dict | None = None):
    """A site built once into tmp_path/out: (site folder, output folder, the output's files)."""
    root = site({"content/qtxx/a.md": doc(), **(files or {})})
    out = tmp_path / "out"
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 0, run.err
    return root, out, read_tree(out)


# -- file names ------------------------------------------------------------------------------------------

def test_a_document_whose_page_name_would_be_too_long_is_an_error_at_the_file(site, cli, tmp_path):
    root, out, before = built(site, cli, tmp_path)
    (root / f"content/qtxx/{LONG}.md").write_text(doc("另一篇", index=2), encoding="utf-8")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "Traceback" not in run.err
    assert f"content/qtxx/{LONG}.md:1: 错误：文件名太长（255 字节），生成的页面文件名会超过文件系统的上限 255 字节：" \
           "请改短文件名" in run.err
    assert read_tree(out) == before


def test_a_name_longer_than_the_output_file_system_allows_is_an_error(site, cli, tmp_path, monkeypatch):
    """A file system whose names are shorter (os.pathconf tells it): a static file copied under its own name."""
    root, out, before = built(site, cli, tmp_path)
    (root / "static").mkdir()
    (root / "static/very-long-name-of-a-picture.png").write_bytes(b"PNG")
    monkeypatch.setattr(sources, "NAME_MAX", 20)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "Traceback" not in run.err
    assert "static/very-long-name-of-a-picture.png:1: 错误：文件名太长（31 字节），超过文件系统的上限 20 字节，无法发布：" \
           "请改短文件名" in run.err
    assert read_tree(out) == before


def test_a_document_name_that_is_not_utf8_is_an_error_not_read(site, cli, tmp_path):
    """A name copied from a GBK system: shown with its bytes escaped, in text and in JSON."""
    root, out, before = built(site, cli, tmp_path)
    with open(os.fsencode(root / "content/qtxx") + b"/\xff\xfe.md", "w", encoding="utf-8") as f:
        f.write(doc("另一篇", index=2))
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "Traceback" not in run.err
    assert "content/qtxx/\\xff\\xfe.md:1: 错误：文件名不是 UTF-8 编码：\\xff\\xfe.md" in run.err
    assert "请重命名" in run.err and read_tree(out) == before
    run = cli("check", "--site", root, "--format", "json")
    assert run.code == 1 and "Traceback" not in run.err
    assert any(p["path"] == "content/qtxx/\\xff\\xfe.md" for p in json.loads(run.out))


def test_a_static_file_name_that_is_not_utf8_is_an_error(site, cli, tmp_path):
    root, out, before = built(site, cli, tmp_path, {"static/css/site.css": "body {}\n"})
    with open(os.fsencode(root / "static/css") + b"/\xc4\xe3.css", "w") as f:
        f.write("p {}\n")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "Traceback" not in run.err
    assert "static/css/\\xc4\\xe3.css:1: 错误：文件名不是 UTF-8 编码：\\xc4\\xe3.css" in run.err
    assert read_tree(out) == before


def test_an_attached_or_linked_file_whose_name_is_too_long_is_an_error_at_the_line_naming_it(site, cli, tmp_path,
                                                                                             monkeypatch):
    """Copying it would fail on the output's file system: told where the editor wrote its name."""
    name, linked = "very-long-name-of-an-attachment.txt", "very-long-name-of-a-linked-file.txt"
    root, out, before = built(site, cli, tmp_path, {"content/qtxx/b.txt": "附件一\n", f"content/qtxx/{name}": "附件二\n",
                                                    f"content/qtxx/{linked}": "名单\n"})
    (root / "content/qtxx/a.md").write_text(doc(attachments=f"\n  - file: b.txt\n  - file: {name}\n    title: 附件二",
                                                body=f"见[名单]({linked})。"), encoding="utf-8")
    monkeypatch.setattr(sources, "NAME_MAX", 20)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1 and "Traceback" not in run.err
    assert run.problems[-2:] == [
        f"content/qtxx/a.md:8: 错误：附件“{name}”文件名太长（35 字节），超过文件系统的上限 20 字节，无法发布：请改短文件名",
        f"content/qtxx/a.md:11: 错误：链接的文件 content/qtxx/{linked} 文件名太长（35 字节），超过文件系统的上限 20 字节，"
        "无法发布：请改短文件名"], run.err
    assert read_tree(out) == before


@pytest.mark.parametrize("published", [True, False], ids=["published-before", "new"])
def test_a_folder_of_content_that_cannot_be_read_is_an_error_naming_it(site, cli, tmp_path, monkeypatch, published):
    """chmod 000 does not stop root, who runs the tests: the file system's refusal to list it is simulated. Its
    documents, published before or new, would be missing from the site without a word."""
    root, out, _ = built(site, cli, tmp_path, {"content/gfxwj/b.md": normative(index=2)} if published else None)
    folder = root / "content/gfxwj"
    if not published:
        folder.mkdir()
        (folder / "b.md").write_text(normative(index=2), encoding="utf-8")
    before, real = read_tree(out), os.scandir

    def refuse(path=".", *args, **kwargs):
        if not isinstance(path, int) and os.path.realpath(os.fsdecode(path)) == os.path.realpath(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(os, "scandir", refuse)
    for verb in ("build", "check"):
        run = cli(verb, "--site", root, *(["--out", out] if verb == "build" else []))
        assert run.code == 2 and "Traceback" not in run.err
        assert "content/gfxwj:1: 错误：无法读取这个文件夹：Permission denied；其中的文件都不会发布，为防止发布缺少它们的" \
               "网站，未生成：请检查文件夹的权限" in run.err, run.err
    assert read_tree(out) == before


# -- a disk that cannot be written -------------------------------------------------------------------------

def no_room(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_one_error_and_the_output_is_kept(site, cli, tmp_path, monkeypatch):
    """The disk fills after a few pages are written: the next build, with room again, makes the whole site."""
    root, out, before = built(site, cli, tmp_path)
    (root / "content/qtxx/b.md").write_text(doc("另一篇", index=2), encoding="utf-8")
    written, real = [], produce.replace_file

    def filling(*args, **kwargs):
        if len(written) == 2:
            no_room()
        written.append(real(*args, **kwargs))
    monkeypatch.setattr(produce, "replace_file", filling)
    monkeypatch.setenv("GONGKAI_JOBS", "1")  # the pages written counted in this process
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"错误：无法写入 {out}：No space left on device（磁盘已满），原有输出未改动" in run.err
    assert read_tree(out) == before and len(written) == 2
    assert not list(tmp_path.glob(".out.new-*")) and not list(tmp_path.glob(".out.old-*"))
    monkeypatch.undo()
    assert cli("build", "--site", root, "--out", out).code == 0
    assert cli("build", "--site", root, "--out", tmp_path / "fresh").code == 0
    pages = {rel: data for rel, data in read_tree(out).items() if not rel.startswith("pagefind/")}
    assert pages == {rel: data for rel, data in read_tree(tmp_path / "fresh").items() if not rel.startswith("pagefind/")}


def test_a_read_only_file_system_is_one_error(site, cli, tmp_path, monkeypatch):
    root, out, before = built(site, cli, tmp_path)
    (root / "content/qtxx/a.md").write_text(doc(body="改过的正文。"), encoding="utf-8")
    record = tmp_path / ".gongkai-cache-out/unchanged.json"

    def read_only(cache_dir):
        raise OSError(errno.EROFS, "Read-only file system", str(record))
    monkeypatch.setattr(unchanged, "forget", read_only)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"错误：无法写入 {record}：Read-only file system（只读文件系统），原有输出未改动" in run.err
    assert read_tree(out) == before


def test_a_write_that_fails_after_the_swap_says_the_new_output_is_in_place(site, cli, tmp_path, monkeypatch):
    """Only the build's records were left to write: the output is the new one, and the message says so."""
    root, out, _ = built(site, cli, tmp_path)
    (root / "content/qtxx/a.md").write_text(doc(body="改过的正文。"), encoding="utf-8")
    monkeypatch.setattr(unchanged, "remember", no_room)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"新的输出已写入 {out}，但生成缓存未能保存完整" in run.err and "原有输出未改动" not in run.err
    assert "改过的正文".encode() in read_tree(out)["qtxx/a.html"]


# -- folders that are not the tool's ---------------------------------------------------------------------

@pytest.mark.parametrize("catalog", ["[]", "[\n{\"index_no\":\"x\",\"title\":\"t\",\"url\":\"a.html\"}\n]\n"])
def test_an_out_folder_with_a_catalog_json_alone_is_refused(site, cli, tmp_path, catalog):
    """Even a catalog.json in the tool's own form: nothing else says a build wrote the folder."""
    root = site({"content/qtxx/a.md": doc()})
    mine = tmp_path / "data-exports"
    mine.mkdir()
    (mine / "catalog.json").write_text(catalog, encoding="utf-8")
    (mine / "precious.xlsx").write_bytes(b"keep me")
    before = read_tree(mine)
    run = cli("build", "--site", root, "--out", mine)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"错误：输出文件夹 {mine} 已存在且不是本工具生成的站点；为防止误删，请换一个文件夹或先清空它" in run.err
    assert read_tree(mine) == before


def test_an_out_folder_with_the_pages_but_a_foreign_catalog_is_refused(site, cli, tmp_path):
    root, out, _ = built(site, cli, tmp_path)
    (out / "catalog.json").write_text('{"rows": []}', encoding="utf-8")
    shutil.rmtree(tmp_path / ".gongkai-cache-out")
    before = read_tree(out)
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 2 and "已存在且不是本工具生成的站点" in run.err and read_tree(out) == before


@pytest.mark.parametrize("search", [True, False])
def test_an_output_without_its_cache_is_still_the_tools(site, cli, tmp_path, search):
    """A deployed copy, or an output whose cache was deleted: replaced, with or without a search index."""
    root = site({"content/qtxx/a.md": doc()})
    out = tmp_path / "out"
    assert cli("build", "--site", root, "--out", out, *([] if search else ["--no-search"])).code == 0
    shutil.copytree(out, tmp_path / "copy")
    shutil.rmtree(tmp_path / ".gongkai-cache-out")
    for folder in (out, tmp_path / "copy"):
        run = cli("build", "--site", root, "--out", folder)
        assert run.code == 0, run.err


def test_a_report_folder_of_the_users_is_refused(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc()})
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "index.html").write_text("<h1>my own page</h1>\n", encoding="utf-8")
    (mine / "report.json").write_text("{}", encoding="utf-8")
    before = read_tree(mine)
    run = cli("check", "--site", root, "--report", mine)
    assert run.code == 2 and "Traceback" not in run.err
    assert f"错误：检查报告文件夹 {mine} 已存在且不是本工具写的检查报告；为防止覆盖其中的文件，请换一个文件夹或先清空它" \
        in run.err
    assert read_tree(mine) == before


def test_an_earlier_report_is_written_over(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc()})
    folder = tmp_path / "report"
    for _ in range(2):  # written (status 1: this small site fails the inspection), then written over
        run = cli("check", "--site", root, "--report", folder)
        assert run.code == 1 and f"检查报告：{folder / 'index.html'}" in run.err, run.err
    (folder / ".DS_Store").write_bytes(b"\0")  # a file manager's: left alone
    assert f"检查报告：{folder / 'index.html'}" in cli("check", "--site", root, "--report", folder).err
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    run = cli("check", "--site", root, "--report", folder)
    assert run.code == 2 and "已存在且不是本工具写的检查报告" in run.err
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
