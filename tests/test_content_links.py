"""Links as editors really write them: full addresses of our own site, page addresses, raw HTML,
and links to a document that has errors of its own."""
from __future__ import annotations

import pytest

from conftest import BASE_CONFIG, doc, read_tree
from gongwen_docx import png

A = "content/qtxx/a.md"
OWN = "https://www.test.gov.cn/xxgk"
CONFIG = BASE_CONFIG.replace("  police_record: 皖公网安备34000000000001号\n",
                             "  police_record: 皖公网安备34000000000001号\n  base_path: /xxgk/\n")


@pytest.mark.parametrize("target, message", [
    ("content/gfxwj/bb.md", "不存在；是不是“../gfxwj/bb.md”？站内链接请写相对于本文件的 .md 路径"),
    ("content/gfxwj/b.md", "不是主动公开文档，不能链接"),
], ids=["missing", "non-public"])
def test_own_domain_url_to_a_missing_or_non_public_page_is_an_error(target, message, site, cli):
    body = f"第一段。\n\n见[办法]({OWN}/gfxwj/b.html)。"
    root = site({A: doc(body=body), target: doc("乙", 2, type="page", disclosure="依申请公开" if "/b.md" in target else None)},
                config=CONFIG)
    run = cli("check", "--site", root)
    assert run.code == 1
    assert (f"{A}:9: 错误：链接“{OWN}/gfxwj/b.html”是本站页面的完整地址，它对应的文档 content/gfxwj/b.md "
            + message) in run.problems, run.err


def test_own_domain_url_to_an_existing_page_becomes_a_relative_link(site, cli):
    body = f"见[办法]({OWN}/gfxwj/b.html#one)和[外站](https://www.gov.cn/xxgk/a.html)。"
    root = site({A: doc(body=body), "content/gfxwj/b.md": doc("乙", 2, type="page", body="## one\n\n正文")},
                config=CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/qtxx/a.html").read_text(encoding="utf-8")
    assert '<a href="../gfxwj/b.html#one">办法</a>' in html
    assert '<a href="https://www.gov.cn/xxgk/a.html">外站</a>' in html


def test_own_domain_url_of_a_file_the_build_writes(site, cli):
    body = f"订阅：[全部]({OWN}/feeds/all.xml)\n\n[附件]({OWN}/qtxx/files/gone.pdf)"
    run = cli("check", "--site", site({A: doc(body=body)}, config=CONFIG))
    assert [p for p in run.problems if p.startswith(A)] == [
        f"{A}:9: 错误：链接“{OWN}/qtxx/files/gone.pdf”是本站的完整地址，但本站没有文件 qtxx/files/gone.pdf"], run.err


def test_link_to_a_built_page_is_accepted_when_the_page_exists(site, cli):
    body = "见[乙](../gfxwj/b.html)和[目录](../gkml/index.html)。"
    root = site({A: doc(body=body), "content/gfxwj/b.md": doc("乙", 2, type="page")})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert '<a href="../gfxwj/b.html">乙</a>' in (root / "public/qtxx/a.html").read_text(encoding="utf-8")


def test_link_to_a_missing_built_page_names_the_md_to_link(site, cli):
    body = "第一段。\n\n见[乙](../gfxwj/2026-00066.html)。"
    root = site({A: doc(body=body), "content/gfxwj/2026-00065.md": doc("乙", 2, type="page")})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert (f"{A}:9: 错误：链接的页面 gfxwj/2026-00066.html 不存在（它应由 content/gfxwj/2026-00066.md 生成）"
            "；是不是“../gfxwj/2026-00065.md”？站内链接请写相对于本文件的 .md 路径") in run.problems, run.err


def test_raw_html_links_and_images_are_resolved_copied_and_checked_at_their_line(site, cli):
    body = ('第一段。\n\n<p><img src="img/tu.png" alt="示意图"></p>\n\n'
            '段落中 <a href="b.md">乙</a> 和 <a href="nosuch.md">丙</a>。\n\n<a href="gone.pdf">附件</a>')
    root = site({A: doc(body=body), "content/qtxx/b.md": doc("乙", 2), "content/qtxx/img/tu.png": png()})
    run = cli("check", "--site", root)
    assert f"{A}:11: 错误：链接的文档 content/qtxx/nosuch.md 不存在" in run.problems, run.err
    assert f"{A}:13: 错误：链接的文件 content/qtxx/gone.pdf 不存在" in run.problems, run.err
    assert not [p for p in run.problems if p.startswith(f"{A}:1:")], run.err
    (root / A).write_text(doc(body=body.replace(' 和 <a href="nosuch.md">丙</a>', "").replace(
        '\n\n<a href="gone.pdf">附件</a>', "")), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/qtxx/a.html").read_text(encoding="utf-8")
    assert '<img src="img/tu.png" alt="示意图">' in html and '<a href="b.html">乙</a>' in html
    assert (root / "public/qtxx/img/tu.png").read_bytes() == png()


def test_a_broken_linked_document_is_named_once_not_reported_missing(site, cli):
    body = "见[乙](b.md)。\n\n再见[乙](b.md#x)。"
    root = site({A: doc(body=body), "content/qtxx/b.md": "---\ntitle: [未闭合\n---\n",
                 "content/zcjd/c.md": doc("解读", 3, interprets="qtxx/b", form="文字")})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert not [p for p in run.problems if "不存在" in p or "找不到" in p], run.err
    named = [p for p in run.problems if p.startswith(A)]
    assert named == [f"{A}:7: 警告：链接的文档 content/qtxx/b.md 有错误，没有生成页面；改正该文件后链接即可使用"], run.err
    assert ("content/zcjd/c.md:6: 警告：解读文件（interprets）：“qtxx/b”（content/qtxx/b.md）有错误，没有生成页面；"
            "改正该文件后引用即可生效") in run.problems, run.err


def test_a_reference_not_found_suggests_a_path_of_this_site(site, cli):
    root = site({"content/zcjd/c.md": doc("解读", 3, interprets="gfxwj/2024-rjhj", form="文字"),
                 "content/gfxwj/fzsx/2024-rjhj.md": doc("乙", 2, type="page")})
    run = cli("check", "--site", root)
    assert ("content/zcjd/c.md:6: 错误：解读文件（interprets）：找不到“gfxwj/2024-rjhj”，是不是“gfxwj/fzsx/2024-rjhj”？"
            "请写被引用文档的索引号或它在 content/ 中的路径（不带 .md）") in run.problems, run.err


@pytest.mark.parametrize("held", ["disclosure: 不予公开\nwithheld_reason: 内部事务", "draft: true", "disclosure: 主动公开"],
                         ids=["withheld", "draft", "public"])
def test_an_attachment_that_is_a_documents_source_is_an_error_and_nothing_is_written(held, site, cli):
    """Attached, a document's .md would be copied as it is: its title, body and withheld_reason."""
    other = doc("乙SOURCEMARK", 2, type="page").replace("topic: 综合政务\n", f"topic: 综合政务\n{held}\n")
    root = site({A: doc(), "content/gfxwj/b.md": other})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / A).write_text(doc(attachments="[{file: ../gfxwj/b.md, title: 相关材料}]"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:6: 错误：附件“b.md”是文档 content/gfxwj/b.md 的源文件，不能作为附件（会公开它的全部原文）；"
            "要引用该文档，请在正文中链接它") in run.problems, run.err
    assert read_tree(root / "public") == before
    assert not (root / "public/gfxwj/b.md").exists()


HOLDERS = {
    "withheld": ("disclosure: 不予公开\nwithheld_reason: 内部事务", "不是主动公开文档"),
    "on request": ("disclosure: 依申请公开", "不是主动公开文档"),
    "draft": ("draft: true", "是草稿（draft: true），不发布"),
    "held until its date": ("date: 2027-01-05", "的发布日期 2027-01-05 还没到，到那天才发布"),
}
LINKS = {
    "markdown": "见[附件](../gfxwj/att.txt)。",
    "a href": '<a href="../gfxwj/att.txt">附件</a>',
    "track src": '<video controls><track src="../gfxwj/att.txt" kind="captions"></video>',
}


def holder(front: str) -> str:
    """A document of gfxwj that attaches att.txt, not published for the reason `front` gives."""
    text = doc("乙", 2, type="page", attachments="[{file: att.txt, title: 内部名单}]")
    if front.startswith("date:"):
        return text.replace("date: 2024-03-05", front).replace("/2024-00002", "/2027-00002")
    return text.replace("topic: 综合政务\n", f"topic: 综合政务\n{front}\n")


@pytest.mark.parametrize("kind", list(HOLDERS))
@pytest.mark.parametrize("link", list(LINKS))
def test_linking_the_attachment_of_a_document_not_published_is_an_error(kind, link, site, cli):
    front, why = HOLDERS[kind]
    root = site({A: doc(body=LINKS[link]), "content/gfxwj/b.md": holder(front),
                 "content/gfxwj/att.txt": "内部名单 SECRETMARK\n"})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:7: 错误：链接的文件 content/gfxwj/att.txt 是文档 content/gfxwj/b.md 的附件，该文档{why}，不能链接"
            in run.problems), run.err
    assert not (root / "public").exists()


@pytest.mark.parametrize("key, kind", [("data", "数据文件"), ("video", "视频文件")])
def test_linking_the_data_file_or_video_of_a_document_not_published_is_an_error(key, kind, site, cli):
    held = doc("乙", 2, type="page", disclosure="不予公开", withheld_reason="内部事务", **{key: "att.txt"})
    root = site({A: doc(body=LINKS["markdown"]), "content/gfxwj/b.md": held, "content/gfxwj/att.txt": "内部 SECRETMARK\n"})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:7: 错误：链接的文件 content/gfxwj/att.txt 是文档 content/gfxwj/b.md 的{kind}，该文档不是主动公开文档，"
            "不能链接") in run.problems, run.err
    assert not (root / "public").exists()


def test_a_file_a_published_document_attaches_too_may_be_linked(site, cli):
    """Published with that document's page anyway: another document not published attaching it holds nothing back."""
    root = site({A: doc(body=LINKS["markdown"]), "content/gfxwj/b.md": holder("draft: true"),
                 "content/gfxwj/c.md": doc("丙", 3, type="page", attachments="[{file: att.txt, title: 名单}]"),
                 "content/gfxwj/att.txt": "名单\n"})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/gfxwj/att.txt").read_text(encoding="utf-8") == "名单\n"


def test_a_document_made_not_public_makes_a_link_to_its_attachment_an_error(site, cli):
    root = site({A: doc(body=LINKS["markdown"]), "content/gfxwj/b.md": holder("disclosure: 主动公开"),
                 "content/gfxwj/att.txt": "名单\n"})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    assert before["gfxwj/att.txt"] == "名单\n".encode()
    (root / "content/gfxwj/b.md").write_text(holder("disclosure: 不予公开\nwithheld_reason: 内部事务"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"{A}:7: 错误：链接的文件 content/gfxwj/att.txt 是文档 content/gfxwj/b.md 的附件，该文档不是主动公开文档，"
            "不能链接") in run.problems, run.err
    assert read_tree(root / "public") == before


def test_a_link_to_a_markdown_source_written_in_capitals_is_an_error_not_a_copy(site, cli):
    """Where names are not told apart by case, b.MD is the document b.md itself, and would be copied as it is."""
    root = site({A: doc(body="见[乙](b.MD)。"), "content/qtxx/b.MD": "---\ntitle: 乙\n---\n"})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert f"{A}:7: 错误：链接的文件 content/qtxx/b.MD 是文档的源文件，不能作为文件链接；链接文档请写以 .md 结尾的路径" \
        in run.problems, run.err
