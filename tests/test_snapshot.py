"""A build whose only change is what documents' bodies say takes up the last build's site instead of
assembling, checking and planning it again (incremental/snapshot.py); any other change builds it anew.
Either way the output and the messages are a clean build's."""
from __future__ import annotations

import datetime as dt
import pickle
import shutil

import pytest

from conftest import AS_OF, doc, normative, resave, site_tree
from gongkai import pipeline
from gongkai.incremental import link_check, snapshot, versions
from gongkai.output.catalog import catalog, with_rows_of
from gongkai.output.render import THEME_DIR
from test_incremental import CHANGES, FILES, edit, preview, same_as_clean_preview

CACHE = ".gongkai-cache-public"
NEXT_DAY = (dt.date.fromisoformat(AS_OF) + dt.timedelta(days=1)).isoformat()


def kept_file(root, name: str = snapshot.MODEL) -> tuple[int, int] | None:
    """The kept site's file (or the file of what changed in it since, `snapshot.DELTA`) as the file system knows
    it: a file written anew is another file."""
    path = root / CACHE / name
    if not path.exists():
        return None
    found = path.stat()
    return found.st_ino, found.st_mtime_ns


def same_as_clean(root, run, cli, tmp_path, *options) -> bool:
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    again = cli("build", "--site", clean, *options)
    return site_tree(root / "public") == site_tree(clean / "public") and run.problems == again.problems


BODY_EDITS = {
    "body edit": CHANGES["body edit"],
    "intro edit": CHANGES["intro edit"],
    "two bodies": lambda r: (CHANGES["body edit"](r), edit(r, "content/gfxwj/a.md", "见[乙]", "另见[乙]")),
    "a heading added": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文。\n\n## 说明\n\n补充。\n"),
}
#: front matter the site was not made from (engine/reads.py): the build takes it up
FRONT_MATTER_EDITS = {
    "title edit": CHANGES["title edit"],
    "an interpretation's title": lambda r: edit(r, "content/zcjd/jd.md", "title: 甲办法解读", "title: 甲办法政策解读"),
    "a topic changed": lambda r: edit(r, "content/qtxx/b.md", "topic: 综合政务", "topic: 财政、金融、审计"),
    "a title and a body": lambda r: (CHANGES["title edit"](r), CHANGES["body edit"](r)),
    # lines added: the keys below them and the body move, and the site read none of their lines
    "keywords added at the end": lambda r: edit(r, "content/czyjs/c.md", "\n---\n", "\nkeywords: [预算, 年度]\n---\n"),
    "a summary added (the lines below it move)": lambda r: edit(r, "content/czyjs/c.md", "topic: 综合政务",
                                                                 "topic: 综合政务\nsummary: 年度预算的概述"),
    "a line taken out": lambda r: edit(r, "content/czyjs/c.md", "topic: 综合政务\n", ""),
}
OTHER_EDITS = {
    **{name: CHANGES[name] for name in ("validity edit", "data file", "attachment", "template",
                                        "static file", "config", "deletion", "new document")},
    # the site read where `interprets` is (a reference is resolved with its line at hand)
    "a line added above a line the site read": lambda r: edit(r, "content/zcjd/jd.md", "topic: 综合政务",
                                                               "topic: 综合政务\nsummary: 解读的概述"),
    # reading found a problem in the document below the line: it names a line that moved
    "a line added above a problem": lambda r: edit(r, "content/qtxx/b.md", "topic: 综合政务",
                                                   "topic: 综合政务\nsummary: 乙的概述"),
    "date edit": lambda r: edit(r, "content/qtxx/b.md", "date: 2024-03-05", "date: 2024-03-06"),
    "no longer published": lambda r: edit(r, "content/czyjs/c.md", "topic: 综合政务", "disclosure: 依申请公开"),
    "link added to a body": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文。见[甲](../gfxwj/a.md)。"),
    "link taken out of a body": lambda r: edit(r, "content/gfxwj/a.md", "见[乙](../qtxx/b.md)。", "见乙。"),
}


@pytest.mark.parametrize("change", list(BODY_EDITS))
def test_a_body_edit_takes_up_the_last_builds_site(change, site, cli, tmp_path, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0 and assembled == [1]
    BODY_EDITS[change](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1]
    assert "（1 个重新生成" in run.out or change == "two bodies" and "（2 个重新生成" in run.out
    assert same_as_clean(root, run, cli, tmp_path)


@pytest.mark.parametrize("change", list(FRONT_MATTER_EDITS))
def test_a_front_matter_edit_the_site_was_not_made_from_takes_it_up(change, site, cli, tmp_path, assembled):
    """A corrected title is shown by the document's page, the listings and catalog.json, which are made again;
    the site's relations, order and plan did not read it, so the build takes them up."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    FRONT_MATTER_EDITS[change](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1], run.err
    assert same_as_clean(root, run, cli, tmp_path / "taken up")
    CHANGES["body edit"](root)  # the site kept by the build that took it up is this one's
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2  # and the clean build's
    assert same_as_clean(root, run, cli, tmp_path / "after")


def test_a_title_edit_renders_the_pages_showing_the_title_and_writes_its_catalog_row(site, cli, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1]
    out = root / "public"
    for page in ("gfxwj/a.html", "gfxwj/index.html", "index.html", "zcjd/jd.html", "gkml/index.html"):
        assert "甲办法（修订）" in (out / page).read_text(encoding="utf-8"), page
    assert "甲办法（修订）" in (out / "catalog.json").read_text(encoding="utf-8")
    assert "（1 个重新生成" not in run.out and "0 个沿用" not in run.out


@pytest.mark.parametrize("edited", [1, versions.SOUGHT_MOST + 2])
def test_titles_edited_at_once_render_the_pages_showing_them_and_no_other(edited, site, cli, tmp_path, assembled):
    """A page is kept when none of the documents changed since is among those it read: for a few, found by their
    paths in its record as the cache keeps it, for more by reading every record. Both render the same pages."""
    files = {**FILES, **{f"content/qtxx/n{i:02d}.md": doc(f"信息{i:02d}", 10 + i) for i in range(edited + 2)}}
    root = site(files)
    assert cli("build", "--site", root).code == 0
    resave(root)
    unchanged = cli("build", "--site", root)
    assert "（0 个重新生成" in unchanged.out
    for i in range(edited):
        edit(root, f"content/qtxx/n{i:02d}.md", f"title: 信息{i:02d}", f"title: 信息{i:02d}（更正）")
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1], run.err
    # each edited document's page, and the listings, feeds and directory pages showing titles
    showing = {page for page in site_tree(root / "public") if page.endswith((".html", ".xml"))
               and "信息00（更正）" in (root / "public" / page).read_text(encoding="utf-8")}
    assert f"（{edited - 1 + len(showing)} 个重新生成" in run.out, run.out
    assert same_as_clean(root, run, cli, tmp_path)


def test_a_front_matter_error_is_found_as_a_build_anew_finds_it(site, cli, tmp_path, assembled):
    """What a document breaks on its own is checked again when its front matter changed: an unknown topic
    stops the build with the clean build's message, and once it is put right the build takes the site up."""
    root = site(FILES)
    first = cli("build", "--site", root)
    assert first.code == 0
    before = site_tree(root / "public")
    edit(root, "content/qtxx/b.md", "topic: 综合政务", "topic: 综合")
    run = cli("build", "--site", root)
    assert run.code != 0 and assembled == [1]
    assert any(line.startswith("content/qtxx/b.md:") and "主题分类（topic）“综合”不在主题分类表中" in line
               for line in run.problems), run.err
    assert site_tree(root / "public") == before
    shutil.copytree(root, tmp_path / "anew", ignore=shutil.ignore_patterns("public", ".*"))
    assert run.problems == cli("build", "--site", tmp_path / "anew").problems
    edit(root, "content/qtxx/b.md", "topic: 综合", "topic: 综合政务")
    run = cli("build", "--site", root)
    assert run.code == 0 and run.problems == first.problems and len(assembled) == 2  # the copy's build
    assert site_tree(root / "public") == before


@pytest.mark.parametrize("change", list(OTHER_EDITS))
def test_any_other_edit_builds_the_site_anew(change, site, cli, tmp_path, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    OTHER_EDITS[change](root)
    run = cli("build", "--site", root)
    assert len(assembled) == 2
    assert same_as_clean(root, run, cli, tmp_path)


def site_template(root, name: str, mark: str) -> None:
    """The site's own copy of the theme's template `name`, with `mark` shown before its first closing tag."""
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME_DIR / name).read_text(encoding="utf-8")
    cut = text.index("</", text.index("<") + 1)
    path.write_text(f"{text[:cut]}<i>{mark}</i>{text[cut:]}", encoding="utf-8")


@pytest.mark.parametrize("name", ["base.html", "partials/doc_row.html"])
def test_an_edit_of_a_site_template_takes_up_the_site_and_renders_the_pages_that_read_it(name, site, cli, tmp_path,
                                                                                        assembled):
    """Which templates a site has is part of what its site was made from (a template added builds it anew);
    what a template says is not: the pages that read it are rendered again, by their records."""
    root = site(FILES)
    site_template(root, name, "第一版")
    assert cli("build", "--site", root).code == 0
    site_template(root, name, "第二版")
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1], run.err
    pages = {path: path.read_text(encoding="utf-8") for path in (root / "public").rglob("*.html")}
    showing = [path for path, text in pages.items() if "第二版" in text]
    assert showing and not [path for path, text in pages.items() if "第一版" in text]
    assert f"（{len(showing)} 个重新生成" in run.out, run.out
    assert same_as_clean(root, run, cli, tmp_path)


def rows_buckets(root) -> list:
    """The files of the cache holding catalog.json's rows as the last build made them."""
    with open(root / CACHE / "cache.pickle", "rb") as f:
        _, buckets = pickle.load(f)
    return [root / CACHE / "entries" / name for name in buckets["rows"]]


def test_the_catalog_of_a_site_taken_up_is_the_kept_one_with_the_changed_documents_rows_made_again(site):
    loaded = pipeline.load(site(FILES), dt.date.fromisoformat(AS_OF))
    made = catalog(loaded.site)
    first, last = loaded.site.documents[0], loaded.site.documents[-1]
    first.validity, last.validity = "失效", "废止"  # as a build deciding them again for its day
    again = with_rows_of(made, loaded.site, {first.path, last.path})
    assert again == catalog(loaded.site) != made  # as made from every row
    assert with_rows_of(made, loaded.site, set()) == made
    assert with_rows_of(made.replace(b",\n", b",", 1), loaded.site, {first.path}) is None  # a line short: not whole


@pytest.mark.parametrize("change", ["body edit", "title edit"])
def test_a_taken_up_site_does_without_the_catalogs_rows_and_a_build_anew_makes_them_again(change, site, cli, tmp_path,
                                                                                         assembled):
    """A taken-up site keeps its catalog.json, with the rows of the documents whose front matter changed made
    again, so its rows, an eighth of the cache, are not read; a build that needs them and finds them unreadable
    makes each row again, never a wrong catalog."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    for bucket in rows_buckets(root):
        bucket.write_bytes(b"not a pickle")
    CHANGES[change](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1]
    assert ("甲办法（修订）" in (root / "public/catalog.json").read_text(encoding="utf-8")) == (change == "title edit")
    assert same_as_clean(root, run, cli, tmp_path / "taken up")
    for bucket in rows_buckets(root):  # what the taken-up build saved names the very files it did not read
        assert bucket.read_bytes() == b"not a pickle"
    CHANGES["validity edit"](root)
    built = len(assembled)  # the clean build of the copy assembled one too
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == built + 1
    assert same_as_clean(root, run, cli, tmp_path / "anew")
    assert all(bucket.read_bytes() != b"not a pickle" for bucket in rows_buckets(root))


def scans_buckets(root) -> list:
    """The files of the cache holding what the scans of the pages found."""
    with open(root / CACHE / "cache.pickle", "rb") as f:
        _, buckets = pickle.load(f)
    return [root / CACHE / "entries" / name for name in buckets["scans"]]


THIRD_PARTY = "content/qtxx/g.md:7: 警告：页面 qtxx/g.html 引用了第三方资源“https://cdn.example.com/logo.png”，" \
              "请改为本站托管（第三方主机可能不支持 IPv6）"


def test_a_body_edit_finds_what_the_last_link_check_found_without_reading_a_scan(site, cli, tmp_path, assembled):
    """The pages it renders scan as they did, so the link check's findings are the last build's: the
    scans, a third of the cache, are not read."""
    root = site({**FILES, "content/qtxx/g.md": doc("丙信息", 6, body="![县徽](https://cdn.example.com/logo.png)")})
    assert THIRD_PARTY in cli("build", "--site", root).problems
    for bucket in scans_buckets(root):
        bucket.write_bytes(b"not a pickle")
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1] and "（1 个重新生成" in run.out
    assert THIRD_PARTY in run.problems
    assert same_as_clean(root, run, cli, tmp_path)
    assert all(bucket.read_bytes() == b"not a pickle" for bucket in scans_buckets(root))


def test_a_build_anew_whose_pages_scan_as_before_finds_what_the_last_link_check_found(site, cli, tmp_path,
                                                                                     monkeypatch, assembled):
    """A validity edit builds the site anew, but its pages, the paths they may link to and the documents'
    URLs are what the last check read: its findings are taken without reading a scan. A new page is not."""
    checks, real = [], link_check.check_links
    monkeypatch.setattr(link_check, "check_links", lambda *a, **k: checks.append(1) or real(*a, **k))
    root = site({**FILES, "content/qtxx/g.md": doc("丙信息", 6, body="![县徽](https://cdn.example.com/logo.png)"),
                 "content/gfxwj/c.md": normative("丙办法", 8)})  # the listing's section in force stays
    assert THIRD_PARTY in cli("build", "--site", root).problems and checks == [1]
    for bucket in scans_buckets(root):
        bucket.write_bytes(b"not a pickle")
    CHANGES["validity edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2 and checks == [1]
    assert THIRD_PARTY in run.problems
    assert all(bucket.read_bytes() == b"not a pickle" for bucket in scans_buckets(root))
    assert same_as_clean(root, run, cli, tmp_path / "validity")
    (root / "content/qtxx/h.md").write_text(doc("丁信息", 7, body="见[丙](g.md)。"), encoding="utf-8")
    checked = len(checks)  # the clean build's too
    run = cli("build", "--site", root)
    assert run.code == 0 and len(checks) == checked + 1 and THIRD_PARTY in run.problems
    assert same_as_clean(root, run, cli, tmp_path / "new page")


@pytest.mark.parametrize("scans", ["kept", "lost"])
def test_a_heading_renamed_under_a_link_to_it_is_a_dead_anchor_at_once(scans, site, cli, tmp_path, assembled):
    """The renamed heading's page scans otherwise: every page is checked again, from the cache's scans or,
    where those are lost, from the pages as written."""
    root = site({**FILES, "content/qtxx/h.md": doc("丁信息", 7, body="## 第一条\n\n内容。"),
                 "content/qtxx/k.md": doc("戊信息", 8, body="见[第一条](h.md#第一条)。")})
    assert cli("build", "--site", root).code == 0
    if scans == "lost":
        for bucket in scans_buckets(root):
            bucket.unlink()
    edit(root, "content/qtxx/h.md", "## 第一条", "## 第二条")
    run = cli("build", "--site", root)
    assert assembled == [1]  # taken up: only a body changed
    assert run.code == 1
    assert "content/qtxx/k.md:7: 错误：页面 qtxx/k.html 中的链接“h.html#第一条”指向不存在的锚点" in run.problems
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", clean).problems == run.problems
    edit(root, "content/qtxx/h.md", "## 第二条", "## 第一条")
    assert cli("build", "--site", root).code == 0


def test_bodies_edited_one_build_after_another_are_each_taken_up(site, cli, tmp_path, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    for rel, old, text in [("content/qtxx/b.md", "正文。", "第一次。"), ("content/gfxwj/a.md", "。", "第二次。"),
                           ("content/qtxx/b.md", "正文。", "第三次。")]:
        edit(root, rel, old, f"{old}{text}")
        assert cli("build", "--site", root).code == 0
    assert assembled == [1]
    assert "第三次。第一次。" in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    assert "第二次。" in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    assert same_as_clean(root, cli("build", "--site", root), cli, tmp_path)


def published_without_search(root, cli) -> None:
    assert cli("build", "--site", root, "--no-search").code == 0


def page_overwritten(root, cli) -> None:
    assert cli("build", "--site", root).code == 0
    (root / "public/qtxx/b.html").write_text("改过的页面", encoding="utf-8")


def output_deleted(root, cli) -> None:
    assert cli("build", "--site", root).code == 0
    shutil.rmtree(root / "public")


@pytest.mark.parametrize("since", [published_without_search, page_overwritten, output_deleted])
def test_a_build_with_no_input_changed_whose_output_differs_takes_up_the_site(since, site, cli, tmp_path, assembled):
    """The last build's result does not stand (its search index left out, a page written over by hand, the
    output deleted), but nothing it was made from changed: the site is taken up, only what differs is made
    again, and the output is a clean build's. Assembling the site again cost seconds at 10,000 documents."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    CHANGES["body edit"](root)
    since(root, cli)  # the body edit built first
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1], run.err
    # a page written over is made again; those of a deleted output are still in the spare, linked from there
    assert "（0 个重新生成" not in run.out or since is not page_overwritten
    assert same_as_clean(root, run, cli, tmp_path)


def test_a_site_of_more_documents_than_one_bucket_holds_is_read_in_content_order(site, cli, tmp_path, assembled):
    """The cache keeps its documents in buckets, in another order than content/'s; a build that finds the very
    documents the cache has takes their order from what the cache recorded of content/, and takes up the site
    (a title edit too: its catalog.json row replaced among 155)."""
    files = {**FILES, **{f"content/qtxx/{name}.md": doc(f"信息{name}", 10 + i, date=f"2024-0{1 + i % 9}-1{i % 10}")
                         for i, name in enumerate(sorted(f"{chr(0x61 + i % 26)}{i:03d}" for i in range(150)))}}
    root = site(files)
    assert cli("build", "--site", root).code == 0
    assert len(list((root / CACHE / "entries").iterdir())) > 8  # the documents in more than one bucket
    for number, (rel, old, new) in enumerate([("content/qtxx/b.md", "正文。", "第一次。"),
                                              ("content/qtxx/m012.md", "正文。", "第二次。"),
                                              ("content/qtxx/m012.md", "title: 信息m012", "title: 信息m012（更正）")]):
        assert old in (root / rel).read_text(encoding="utf-8")
        edit(root, rel, old, new)
        before = len(assembled)
        run = cli("build", "--site", root)
        assert run.code == 0 and len(assembled) == before, run.err  # taken up
        assert same_as_clean(root, run, cli, tmp_path / str(number))  # (a clean build assembles its site)


def test_a_site_named_by_another_path_is_the_same_site(site, cli, tmp_path, assembled, monkeypatch):
    """`build` run in the site's folder, then by a script naming its full path: nothing to do, and an edit
    is taken up, as when both named it alike."""
    root = site(FILES)
    monkeypatch.chdir(root)
    assert cli("build", "--site", ".").code == 0 and assembled == [1]
    assert "（0 个重新生成" in cli("build", "--site", root).out and assembled == [1]
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1] and "（1 个重新生成" in run.out
    assert same_as_clean(root, run, cli, tmp_path)


def test_personal_information_added_to_a_body_is_held_back(site, cli, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/b.md", "正文。", "联系人身份证号 110101199003074514。")
    run = cli("build", "--site", root)
    assert run.code == 1 and len(assembled) == 2
    assert "content/qtxx/b.md:9: 错误：含有居民身份证号码 110101********4514" in run.err
    assert "110101" not in (root / "public/qtxx/b.html").read_text(encoding="utf-8")


def test_a_body_edit_on_a_later_day_on_which_nothing_dated_changes_takes_up_the_site(site, cli, tmp_path, assembled):
    """The first edit of a day: the site's answers about the date are the day before's (nothing expires,
    is published or falls due), so it is that day's site."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    kept = kept_file(root)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and assembled == [1] and "（1 个重新生成" in run.out
    assert kept_file(root) == kept  # it holds for this day as it is: not written again
    assert kept_file(root, snapshot.DELTA) is None  # nor changed
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


EXPIRING = {**FILES, "content/gfxwj/a.md": normative("甲办法", 1, body="见[乙](../qtxx/b.md)。", expires=AS_OF)}


def test_a_body_edit_on_the_day_a_document_expires_takes_up_the_site(site, cli, tmp_path, assembled):
    """Nothing of the site was made from the document's validity (its column's sections and 文件库 compute
    it when they render): it is decided again for the new day, and the site is kept anew with it."""
    root = site(EXPIRING)
    assert cli("build", "--site", root).code == 0
    kept = kept_file(root)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and assembled == [1]
    assert "本文件失效" in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    column = (root / "public/gfxwj/index.html").read_text(encoding="utf-8")
    assert "现行有效文件" not in column and "废止、失效和已修改文件（2）" in column
    assert kept_file(root) == kept and kept_file(root, snapshot.DELTA)  # what changed is kept beside it
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


def test_the_day_a_document_expires_renders_the_pages_that_show_its_validity_and_no_other(site, cli, tmp_path,
                                                                                        assembled):
    root = site(EXPIRING)
    assert cli("build", "--site", root, "--out", tmp_path / "before").code == 0
    assert cli("build", "--site", root).code == 0
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and assembled == [1, 1]
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)
    before, after = site_tree(tmp_path / "before"), site_tree(root / "public")
    changed = {p for p in after if p.endswith(".html") and before.get(p) != after[p]}
    assert {"gfxwj/a.html", "gfxwj/index.html", "gfxwj/wjk.html", "zcjd/jd.html"} <= changed
    assert f"（{len(changed)} 个重新生成" in run.out
    CHANGES["body edit"](root)  # the site kept anew holds for that day: the next edit renders its page alone
    made = len(assembled)  # the clean build's too
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and len(assembled) == made and "（1 个重新生成" in run.out


DAY_AFTER = (dt.date.fromisoformat(NEXT_DAY) + dt.timedelta(days=1)).isoformat()
#: one document expires each day: a site kept the first day, then what changed in it day after day
EXPIRING_EACH_DAY = {**EXPIRING, "content/gfxwj/e.md": normative("丁办法", 7, expires=NEXT_DAY)}


def test_what_each_day_changed_is_kept_beside_the_site_and_taken_up_with_it(site, cli, tmp_path, assembled):
    root = site(EXPIRING_EACH_DAY)
    assert cli("build", "--site", root).code == 0
    kept = kept_file(root)
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0  # 甲办法 expires
    CHANGES["title edit"](root)
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0
    CHANGES["body edit"](root)
    run = cli("build", "--site", root, "--as-of", DAY_AFTER)  # 丁办法 expires
    assert run.code == 0 and assembled == [1] and kept_file(root) == kept
    library = (root / "public/gfxwj/wjk.html").read_text(encoding="utf-8")
    assert "甲办法（修订）" in library and library.count("失效") >= 2
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", DAY_AFTER)
    edit(root, "content/qtxx/b.md", "正文改了。", "正文又改了。")  # what the day after kept holds
    made = len(assembled)  # the clean build's too
    run = cli("build", "--site", root, "--as-of", DAY_AFTER)
    assert run.code == 0 and len(assembled) == made and "（1 个重新生成" in run.out


def test_what_changed_in_the_site_grown_past_its_limit_is_written_with_the_site(site, cli, tmp_path, assembled,
                                                                                monkeypatch):
    monkeypatch.setattr(snapshot, "DELTA_LEAST", 0)
    root = site(EXPIRING)
    assert cli("build", "--site", root).code == 0
    kept = kept_file(root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and assembled == [1]
    assert kept_file(root) != kept and kept_file(root, snapshot.DELTA) is None
    CHANGES["body edit"](root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and assembled == [1] and "（1 个重新生成" in run.out
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


@pytest.mark.parametrize("spoil", [
    lambda cache: (cache / snapshot.DELTA).write_bytes(b"not a pickle"),
    lambda cache: (cache / snapshot.DELTA).unlink(),
    lambda cache: (cache / snapshot.DELTA).write_bytes(older(cache / snapshot.DELTA)),
    lambda cache: edit(cache, snapshot.KEYS, '"delta": "', '"delta": "x'),
], ids=["corrupt", "gone", "older format", "keys naming another"])
def test_what_changed_in_the_site_not_there_whole_builds_it_anew(spoil, site, cli, tmp_path, assembled):
    """Without what changed since, the site kept would be the day before's: its 甲办法 still 有效."""
    root = site(EXPIRING)
    assert cli("build", "--site", root).code == 0
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0 and kept_file(root, snapshot.DELTA)
    spoil(root / CACHE)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0 and len(assembled) == 2
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


def test_a_page_that_comes_to_show_the_date_keeps_the_site_to_that_day(site, cli, tmp_path, assembled):
    """The next day's edit makes its page show the build date, which no page showed before: taken up, the
    site answers for the new day, and now holds for that day alone; the edit of the day after builds it
    anew, that page with its new date."""
    panel = (THEME_DIR / "partials/meta_panel.html").read_text(encoding="utf-8")
    shown = '{% if "今日" in doc.body_html %}<p class="today">{{ site.as_of }}</p>{% endif %}\n'
    root = site({**FILES, "templates/partials/meta_panel.html": panel + shown})
    assert cli("build", "--site", root).code == 0
    kept = kept_file(root)
    edit(root, "content/qtxx/b.md", "正文。", "今日正文。")
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0 and assembled == [1]
    assert kept_file(root) == kept and kept_file(root, snapshot.DELTA)  # what changed: it holds for that day alone
    assert f'<p class="today">{NEXT_DAY}</p>' in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    edit(root, "content/gfxwj/a.md", "见[乙]", "另见[乙]")
    run = cli("build", "--site", root, "--as-of", DAY_AFTER)
    assert run.code == 0 and len(assembled) == 2
    assert f'<p class="today">{DAY_AFTER}</p>' in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", DAY_AFTER)


def older(path) -> bytes:
    """The model file as an engine that kept it in another shape wrote it: the same, but its format number."""
    with open(path, "rb") as f:
        form, *header = pickle.load(f)
        rest = f.read()
    return pickle.dumps((form - 1, *header)) + rest


@pytest.mark.parametrize("spoil", [
    lambda cache: (cache / snapshot.MODEL).write_bytes(b"not a pickle"),
    lambda cache: (cache / snapshot.MODEL).unlink(),
    lambda cache: (cache / snapshot.KEYS).unlink(),
    lambda cache: (cache / snapshot.KEYS).write_text('{"model": "someone else", "keys": {}}', encoding="utf-8"),
    lambda cache: (cache / snapshot.MODEL).write_bytes(older(cache / snapshot.MODEL)),
], ids=["corrupt", "model gone", "keys gone", "keys of another model", "older format"])
def test_a_kept_site_that_is_not_whole_is_not_taken_up(spoil, site, cli, tmp_path, assembled):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    spoil(root / CACHE)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2
    assert same_as_clean(root, run, cli, tmp_path)


def test_a_build_of_the_body_edit_that_failed_leaves_the_kept_site_to_the_next(site, cli, tmp_path, assembled,
                                                                                 monkeypatch):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    CHANGES["body edit"](root)
    monkeypatch.setattr(pipeline, "swap_in", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        cli("build", "--site", root)
    monkeypatch.undo()
    assert "正文改了。" not in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0 and "正文改了。" in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    assert same_as_clean(root, run, cli, tmp_path)


def test_a_site_left_by_a_build_killed_before_keeping_its_own_is_not_taken_up(site, cli, tmp_path, assembled,
                                                                              monkeypatch):
    """The kept site names the content key each document had when it was made. A build killed after saving its
    cache, before keeping its site, leaves the cache with a document's new date and the site with the old one."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    OTHER_EDITS["date edit"](root)  # of qtxx/b.md
    keep_model = pipeline._keep_model
    monkeypatch.setattr(pipeline, "_keep_model", lambda *args: None)
    assert cli("build", "--site", root).code == 0
    monkeypatch.setattr(pipeline, "_keep_model", keep_model)
    edit(root, "content/gfxwj/a.md", "见[乙]", "另见[乙]")  # the body of another document
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 3
    assert same_as_clean(root, run, cli, tmp_path)


@pytest.mark.parametrize("half", [".site.pickle.tmp", ".site-delta.pickle.tmp"])
def test_a_build_killed_while_keeping_its_site_leaves_no_file_behind(half, site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    (root / CACHE / half).write_bytes(b"half a site")  # as a build killed while writing leaves it
    CHANGES["title edit"](root)
    assert cli("build", "--site", root).code == 0
    assert not list((root / CACHE).glob(".site*"))


def a_local_function(monkeypatch) -> None:
    """Something in the site that pickle cannot write."""
    real = pipeline.assemble

    def assembling(*args, **kwargs):
        built = real(*args, **kwargs)
        built.consultation["made by"] = lambda: None
        return built
    monkeypatch.setattr(pipeline, "assemble", assembling)


def a_front_matter_itself(monkeypatch) -> None:
    """What the site holds of a document's front matter is recorded key by key as it is read; a site that
    kept the front matter itself would show it as it was after a later edit."""
    real = pipeline.site_pages

    def planning(site_model):
        pages = real(site_model)
        pages[0].view = site_model.documents[0].meta  # the home page holds one document's front matter
        return pages
    monkeypatch.setattr(pipeline, "site_pages", planning)


@pytest.mark.parametrize("holding", [a_local_function, a_front_matter_itself])
def test_a_site_that_cannot_be_kept_is_built_anew_next_time(holding, site, cli, monkeypatch, assembled):
    holding(monkeypatch)
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    assert not (root / CACHE / snapshot.MODEL).exists()
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2
    assert "甲办法（修订）" in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edited", [("disclosure: 主动公开", "disclosure: 依申请公开"), ("draft: false", "draft: true")])
def test_a_key_the_site_was_made_from_changed_in_place_builds_it_anew(edited, site, cli, tmp_path, assembled):
    """公开属性 and 草稿 decide what is published; the site reads them (`.get`), so a document whose line
    changes in place, the rest of it as it was, is no longer published after a build anew."""
    root = site({**FILES, "content/qtxx/d.md": doc("丙信息", 6, disclosure="主动公开", draft="false")})
    assert cli("build", "--site", root).code == 0 and (root / "public/qtxx/d.html").exists()
    edit(root, "content/qtxx/d.md", *edited)
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2
    assert not (root / "public/qtxx/d.html").exists()
    assert same_as_clean(root, run, cli, tmp_path)


@pytest.mark.parametrize("change", ["body edit", *FRONT_MATTER_EDITS])
def test_a_preview_takes_up_its_last_site_as_a_build_does(change, site, tmp_path, assembled):
    """An editor correcting a title in serve sees it in every listing without the site assembled again."""
    root, out = site(FILES), tmp_path / "preview"
    build = preview(root, out)
    assert build().written and assembled == [1]
    {**BODY_EDITS, **FRONT_MATTER_EDITS}[change](root)
    result = build()
    assert result.written and assembled == [1], [p.format() for p in result.report.problems]
    assert same_as_clean_preview(root, out, result, tmp_path)
    edit(root, "content/gfxwj/a.md", "见[乙]", "另见[乙]")  # the site it kept is this one's
    result = build()
    assert result.written and result.rendered == 1 and assembled[:2] == [1, 1]
    assert same_as_clean_preview(root, out, result, tmp_path / "after")


@pytest.mark.parametrize("change", ["validity edit", "config", "template", "data file", "deletion", "new document",
                                    "no longer published"])
def test_a_preview_builds_its_site_anew_after_any_other_edit(change, site, tmp_path, assembled):
    root, out = site(FILES), tmp_path / "preview"
    build = preview(root, out)
    assert build().written
    OTHER_EDITS[change](root)
    result = build()
    assert result.written and len(assembled) == 2
    assert same_as_clean_preview(root, out, result, tmp_path)


@pytest.mark.parametrize("edited", [("disclosure: 主动公开", "disclosure: 依申请公开"), ("draft: false", "draft: true"),
                                    ("draft: true", "draft: false")])
def test_a_preview_after_publication_changed_in_place_is_a_clean_previews(edited, site, tmp_path):
    """The preview shows drafts, marked as such: whichever way it builds, it shows what a clean preview shows."""
    draft = "true" if edited[0] == "draft: true" else "false"
    root, out = site({**FILES, "content/qtxx/d.md": doc("丙信息", 6, disclosure="主动公开", draft=draft)}), tmp_path / "preview"
    build = preview(root, out)
    assert build().written
    edit(root, "content/qtxx/d.md", *edited)
    result = build()
    assert result.written and same_as_clean_preview(root, out, result, tmp_path)
    assert (out / "qtxx/d.html").exists() == (edited[1] != "disclosure: 依申请公开")


def test_a_line_added_above_a_line_a_warning_names_builds_anew_and_names_the_new_line(site, cli, assembled):
    """The 三同步 warning names the line of the interpretation's date: with a line added above it, the build
    that tells the editor where to look must say the line it is on now."""
    late = doc("甲办法解读（迟发）", 7, date="2024-03-20", interprets="gfxwj/a", form="文字")
    root = site({**FILES, "content/zcjd/late.md": late})
    first = cli("build", "--site", root)
    assert first.code == 0 and any(p.startswith("content/zcjd/late.md:3: 警告：政策解读") for p in first.problems)
    edit(root, "content/zcjd/late.md", "title: 甲办法解读（迟发）", "title: 甲办法解读（迟发）\nkeywords: [解读]")
    run = cli("build", "--site", root)
    assert run.code == 0 and len(assembled) == 2
    assert any(p.startswith("content/zcjd/late.md:4: 警告：政策解读") for p in run.problems), run.problems


def test_a_document_decided_again_for_the_day_is_in_the_sites_own_column_when_taken_up_again(site, cli, assembled):
    """What changed in a kept site is kept beside it: a document that expired gets back the very column of the
    site, not a copy of the column's tree made when what changed was read."""
    root = site(EXPIRING_EACH_DAY)
    assert cli("build", "--site", root).code == 0
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0  # 甲办法 expires: kept beside the site
    assert kept_file(root, snapshot.DELTA) is not None
    CHANGES["body edit"](root)
    result = pipeline.run(root, dt.date.fromisoformat(NEXT_DAY), root / "public")
    assert not result.report.errors and assembled == [1]
    columns = {id(column) for column in result.site.all_columns()}
    assert all(id(doc.column) in columns for doc in result.site.documents)
