"""Drafts (draft: true / 草稿) and future dates: checked like every document, published only when their time comes."""
from __future__ import annotations

import datetime as dt
import json

from conftest import BASE_CONFIG, doc, normative
from gongkai.tools.preview import Preview
from test_leaks import output_bytes

DRAFT_MARK = "草稿标记QX7"
FUTURE_MARK = "未来标记QX8"


ONE_COLUMN = BASE_CONFIG[:BASE_CONFIG.index("columns:")] + "columns:\n  - path: qtxx\n    name: 其他信息\n"


def scheduled_site(site, draft_key: str = "draft"):
    return site(config=ONE_COLUMN, files={
        "content/qtxx/a.md": doc("已发布的文件", 1),
        "content/qtxx/d.md": doc(f"文件{DRAFT_MARK}", 2, **{draft_key: "true"}),
        "content/qtxx/f.md": doc(f"文件{FUTURE_MARK}", 3, date="2026-12-01"),
    })


def test_drafts_and_future_documents_are_never_published_by_build(site, cli):
    root = scheduled_site(site)
    run = cli("build", "--site", root, "--as-of", "2026-11-20")
    assert run.code == 0, run.err
    output = output_bytes(root / "public")
    assert any(p.startswith("pagefind/") and p.endswith("/pagefind-entry.json") for p in output)  # the index is looked at
    leaks = [name for name, data in output.items() if DRAFT_MARK.encode() in data or FUTURE_MARK.encode() in data]
    assert leaks == []
    assert not (root / "public/qtxx/d.html").exists() and not (root / "public/qtxx/f.html").exists()
    assert [e["title"] for e in json.loads((root / "public/catalog.json").read_text(encoding="utf-8"))] == ["已发布的文件"]


def test_check_lists_each_draft_and_when_a_future_document_will_be_published(site, cli):
    root = scheduled_site(site, draft_key="草稿")
    run = cli("check", "--site", root, "--as-of", "2026-11-20", "--strict")
    assert run.code == 0, run.err  # a note, not a warning: --strict passes
    assert "content/qtxx/d.md:6: 提示：草稿（draft: true）：build 和 deploy 不发布，serve 预览时显示" in run.problems
    assert ("content/qtxx/f.md:3: 提示：发布日期 2026-12-01 晚于生成日期，到那天才发布，"
            "在此之前不出现在任何页面、列表、目录和订阅中") in run.problems
    assert "检查完成：0 个错误，0 个警告，2 个提示" in run.err


def test_future_document_is_published_on_its_date(site, cli):
    root = scheduled_site(site)
    assert cli("build", "--site", root, "--as-of", "2026-12-01").code == 0
    assert FUTURE_MARK in (root / "public/qtxx/index.html").read_text(encoding="utf-8")


def test_linking_a_draft_from_a_published_document_is_an_error(site, cli):
    root = site({"content/qtxx/a.md": doc("甲", 1, body="见[草稿](d.md)。"),
                 "content/qtxx/d.md": doc("乙", 2, draft="true"),
                 "content/zcjd/j.md": doc("解读", 3, interprets="qtxx/d", form="文字")})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert "content/qtxx/a.md:7: 错误：链接的文档 content/qtxx/d.md 是草稿（draft: true），不发布，不能链接" in run.problems
    assert "content/zcjd/j.md:6: 错误：解读文件（interprets）：“qtxx/d”是草稿（draft: true），不发布，不能引用" in run.problems


def test_serve_shows_drafts_marked_as_such(site, capsys):
    root = scheduled_site(site)
    preview = Preview(root, dt.date(2026, 11, 20))
    try:
        preview.rebuild()
        assert preview.problems == []
        page = (preview.out_dir / "qtxx/d.html").read_text(encoding="utf-8")
        assert '<p class="notice">草稿：本文档不会发布，只在本机预览（serve）中显示。</p>' in page
        assert DRAFT_MARK in (preview.out_dir / "qtxx/index.html").read_text(encoding="utf-8")
        assert not (preview.out_dir / "qtxx/f.html").exists()
    finally:
        preview.close()


def test_a_draft_relating_to_a_published_document_does_not_show_on_its_page(site, cli):
    root = site({"content/gfxwj/a.md": normative("关于印发测试办法的通知", 1),
                 "content/zcjd/j.md": doc(f"解读{DRAFT_MARK}", 2, interprets="gfxwj/a", form="文字", draft="true"),
                 "content/gfxwj/n.md": normative(f"新办法{FUTURE_MARK}", 3, date="2026-12-01", replaces="gfxwj/a")})
    run = cli("build", "--site", root, "--as-of", "2026-11-20")
    assert run.code == 0, run.err
    page = (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    assert DRAFT_MARK not in page and FUTURE_MARK not in page and "相关链接" not in page
