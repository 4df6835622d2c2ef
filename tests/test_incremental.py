"""An incremental build writes exactly what a clean build of the same input writes, after every kind of change."""
from __future__ import annotations

import pytest

from conftest import BASE_CONFIG, doc, incremental_and_clean, normative, read_tree

FILES = {
    "content/gfxwj/a.md": normative("甲办法", 1, body="见[乙](../qtxx/b.md)。"),
    "content/gfxwj/fzsx/old.md": normative("旧办法", 2, validity="废止"),
    "content/zcjd/jd.md": doc("甲办法解读", 3, interprets="gfxwj/a", form="文字"),
    "content/qtxx/b.md": doc("乙信息", 4, attachments="[{file: f/x.pdf, title: 附件}]", data="t.yaml"),
    "content/qtxx/f/x.pdf": b"%PDF-1.4 one",
    "content/qtxx/t.yaml": "tables:\n  - title: 表\n    columns: [项目, 金额]\n    rows:\n      - [甲, 1.00]\n      - [乙, 2.00]\n",
    "content/czyjs/c.md": doc("2024年预算", 5, fiscal_year=2024, budget_kind="预算"),
    "content/qtxx/index.md": "---\ntitle: 其他\n---\n介绍。\n",
}


def edit(root, rel, old, new):
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def rename(root, old, new, linking):
    (root / old).rename(root / new)
    edit(root, linking, old.removeprefix("content/qtxx/"), new.removeprefix("content/qtxx/"))


CHANGES = {
    "body edit": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文改了。"),
    "title edit": lambda r: edit(r, "content/gfxwj/a.md", "甲办法", "甲办法（修订）"),
    "validity edit": lambda r: edit(r, "content/gfxwj/a.md", "validity: 有效", "validity: 失效"),
    "data file": lambda r: edit(r, "content/qtxx/t.yaml", "2.00", "3.50"),
    "attachment": lambda r: (r / "content/qtxx/f/x.pdf").write_bytes(b"%PDF-1.4 a longer second version"),
    "template": lambda r: (r / "templates").mkdir() or (r / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>找不到</h1>{% endblock %}", encoding="utf-8"),
    "static file": lambda r: (r / "static").mkdir() or (r / "static/extra.txt").write_text("x", encoding="utf-8"),
    "config": lambda r: edit(r, "config.yaml", "name: 测试县人民政府\n", "name: 测试县政府\n"),
    "deletion": lambda r: (r / "content/zcjd/jd.md").unlink(),
    "rename": lambda r: rename(r, "content/qtxx/b.md", "content/qtxx/b2.md", "content/gfxwj/a.md"),
    "new document": lambda r: (r / "content/qtxx/new.md").write_text(doc("新信息", 6), encoding="utf-8"),
    "intro edit": lambda r: edit(r, "content/qtxx/index.md", "介绍。", "新的介绍。"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_clean_build(change, site, cli, tmp_path):
    incremental, clean = incremental_and_clean(site(FILES), CHANGES[change], cli, tmp_path / "clean")
    assert incremental == clean


def test_unchanged_rebuild_renders_nothing(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    run = cli("build", "--site", root)
    assert "（0 个重新生成，" in run.out


def test_body_edit_renders_only_its_page(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert "（1 个重新生成，" in run.out


def test_corrupt_cache_is_ignored(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    for path in (root / ".gongkai-cache-public").iterdir():
        if path.is_file():
            path.write_bytes(b"garbage")
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert "甲办法（修订）" in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")


def test_output_edited_by_hand_is_rewritten(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    page = root / "public/qtxx/b.html"
    original = page.read_bytes()
    page.write_bytes(b"defaced")
    cli("build", "--site", root)
    assert page.read_bytes() == original


def test_spare_never_writes_through_to_the_published_site(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    cli("build", "--site", root)  # pages of the spare are now hard links to the published ones
    published = root / "public/qtxx/b.html"
    before = published.read_bytes()
    CHANGES["body edit"](root)
    failing = root / "content/qtxx/bad.md"
    failing.write_text(doc("坏", 9, date="2024-02-30"), encoding="utf-8")
    assert cli("build", "--site", root).code == 1
    assert published.read_bytes() == before


def test_no_search_keeps_the_previous_index_and_a_full_build_renews_it(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root, "--no-search").code == 0
    assert not (root / "public/pagefind").exists()
    assert cli("build", "--site", root).code == 0
    index = {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")}
    edit(root, "content/qtxx/b.md", "正文。", "正文加入了检索词汇。")
    assert cli("build", "--site", root, "--no-search").code == 0
    after = {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")}
    assert sorted(after) == sorted(index)
    assert [p for p in index if index[p] != after[p]] == []
    assert cli("build", "--site", root).code == 0
    assert {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")} != index
