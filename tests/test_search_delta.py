"""The search index's delta: an edit is indexed on its own, the search finds the edited page once and
never by its old text, a deleted page's text leaves the index at once, and the delta is folded back
into the shards past its limit, on request and at deploy."""
from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from browsing import chromium, serve
from conftest import BASE_CONFIG, ROOT, doc, normative, read_tree, site_tree
from test_search_index import fragments
from test_search_shards import FILES, edit, found_titles, indexer_runs, listing, shard_names  # noqa: F401 (a fixture)

from gongkai.incremental import cache, search_delta, search_index, search_record, search_words
from gongkai.incremental.search_delta import LIMIT_VARIABLE
from gongkai.incremental.search_shards import SIZE_VARIABLE


@pytest.fixture(autouse=True)
def small_shards(monkeypatch):
    monkeypatch.setenv(SIZE_VARIABLE, "2")


def clean_build(root: Path, cli, *as_of: str) -> Path:
    """A copy of the site built from nothing (`as_of`: "--as-of", the date, as the builds compared used)."""
    clean = root.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", clean, *as_of).code == 0
    return clean / "public"


def index_bytes(out: Path) -> dict[str, bytes]:
    return {p: d for p, d in read_tree(out).items() if p.startswith("pagefind/")}


def texts(out: Path) -> str:
    """Every page record of every index folder, hidden or not, as one text."""
    return json.dumps(fragments(out), ensure_ascii=False)


def index_words(out: Path) -> set[str]:
    """Every word any file of the index holds: each chunk's, each index's own list and the buckets."""
    words = {word for chunk in out.glob("pagefind/*/index/*.pf_index") for word in search_words.chunk_words(chunk)}
    words |= {word for own in out.glob(f"pagefind/*/{search_words.OWN}")
              for word in json.loads(own.read_text(encoding="utf-8"))}
    return words | {word for bucket in out.glob(f"pagefind/{search_words.FOLDER}/*.json")
                    for word in json.loads(bucket.read_text(encoding="utf-8"))["words"]}


def test_an_edit_is_indexed_alone_and_found_once_with_its_new_text(site, cli, indexer_runs):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    assert len(indexer_runs()) == 4  # a clean build: every shard, no delta
    assert all(isinstance(entry, str) for entry in listing(root / "public"))

    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。农村道路硬化工程。")
    edit(root, "content/qtxx/f.md", "己信息", "己信息（修订）")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/c.html", "./qtxx/f.html"]]  # the delta, and no shard
    delta = listing(root / "public")[-1]
    assert delta["name"] == "delta" and len(delta["hides"]) == 2
    found = search_index.found(root / "public")
    assert [r[1]["title"] for r in found["/qtxx/f.html"]] == ["己信息（修订）"]
    assert "道路硬化" in found["/qtxx/c.html"][0][0].replace("\u200b", "")
    assert len(found["/qtxx/c.html"]) == 1  # its old version hidden
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_deleted_page_leaves_every_file_of_the_index_at_once(site, cli, indexer_runs):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    edit(root, "content/qtxx/d.md", "中小学校舍改造。", "中小学校舍改造。中小学食堂改造。")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/d.html"]]

    (root / "content/qtxx/b.md").unlink()  # withdrawn: its text must not stay published
    edit(root, "content/qtxx/d.md", "topic: 综合政务", "topic: 综合政务\ndraft: true")
    assert cli("build", "--site", root).code == 0
    assert "桥梁维修" not in texts(root / "public")
    assert "食堂" not in texts(root / "public") and "校舍" not in texts(root / "public")
    assert "桥梁" not in index_words(root / "public") and "食堂" not in index_words(root / "public")
    # b taken out of 2023's files, no indexer run; 2024, small enough again for one shard, without d (a new
    # shard: indexed); 2025 untouched; d was the delta's only page
    assert indexer_runs() == [["./qtxx/c.html", "./qtxx/e.html"]]
    assert listing(root / "public") == ["2023", "2024", "2025"]
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_an_edit_that_takes_text_out_narrows_the_old_page_to_its_new_words(site, cli, indexer_runs):
    """A hidden result is still in the index files: a name or a line taken out of a page leaves them at
    once. Its old version stays in its shard only in the words its new version has, hidden, with the new
    version's record, without indexing the shard again."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村供水工程。")
    edit(root, "content/qtxx/f.md", "湿地保护修复方案。", "湿地保护修复方案。草原保护修复方案。")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/c.html", "./qtxx/f.html"]]  # the delta alone
    out = root / "public"
    assert "饮水安全" not in texts(out) and "饮水" not in index_words(out)
    hides = listing(out)[-1]["hides"]
    assert len(hides) == 2  # c's narrowed version and f's old one
    (shard, c_id), = {(index, page_id) for index in out.glob("pagefind/[0-9]*")
                      for page_id, record in search_delta.fragments(index).items() if record["url"] == "/qtxx/c.html"}
    assert c_id in hides and "供水" in search_delta.fragments(shard)[c_id]["content"]  # the new version's record
    c_words = search_words.page_words(shard)[c_id]
    new_words = {word for words in search_words.page_words(out / "pagefind/delta").values() for word in words}
    assert c_words and set(c_words) <= new_words and "供水" not in c_words  # in the delta alone
    assert site_tree(out) == site_tree(clean_build(root, cli))


def test_a_narrowed_page_edited_back_or_deleted_is_found_as_a_clean_build_finds_it(site, cli, indexer_runs):
    """The page narrowed in its shard never passes for what Pagefind made: edited back to its first text, it
    is found by every word again; deleted, it leaves every file."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村供水工程。")
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/c.md", "农村供水工程。", "农村饮水安全工程。")
    indexer_runs()
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/c.html"]]  # the delta again: its old version is not Pagefind's
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))

    (root / "content/qtxx/c.md").unlink()
    assert cli("build", "--site", root).code == 0
    assert "农村" not in texts(root / "public") and "农村" not in index_words(root / "public")
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_change_pagefind_does_not_index_leaves_no_delta(site, cli, indexer_runs):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    before = index_bytes(root / "public")
    indexer_runs()
    (root / "templates").mkdir()
    (root / "templates/base.html").write_text((ROOT / "templates/base.html").read_text(encoding="utf-8")
                                              .replace("</main>", "<p>页脚说明</p></main>"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0 and "（0 个重新生成" not in run.out
    assert indexer_runs() == []  # every page changed outside what Pagefind reads of it: none is indexed again
    assert index_bytes(root / "public") == before
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))
    indexer_runs()
    assert cli("build", "--site", root, "--fold-search").code == 0  # nothing left to fold: nothing indexed
    assert indexer_runs() == []


def test_a_cache_started_afresh_takes_over_the_published_index(site, cli, monkeypatch, indexer_runs):
    """A new version of the generator starts its cache afresh; the index published is taken over, shard by shard
    where its pages show what they showed, an edit made meanwhile going into the delta as after any edit."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    monkeypatch.setattr(cache, "__version__", "the next version")
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。农村道路硬化工程。")
    run = cli("build", "--site", root)
    assert run.code == 0 and "0 个沿用）" in run.out  # every page rendered again: the cache knew none
    assert indexer_runs() == [["./qtxx/c.html"]]  # the delta alone
    assert listing(root / "public")[-1]["name"] == "delta"
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


@pytest.mark.parametrize("changed, indexed", [("search_index.py", 4), ("cache.py", 0)])
def test_a_cache_started_afresh_by_new_code_takes_the_index_over_unless_the_index_is_made_otherwise(
        changed, indexed, site, cli, monkeypatch, tmp_path, indexer_runs):
    """New code for the cache (a new format) takes the published index over; new code for the index makes it
    again, shard by shard, as a clean build does."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    other = tmp_path / "package"
    shutil.copytree(Path(search_record.__file__).parent, other, ignore=shutil.ignore_patterns("__pycache__"))
    (other / changed).write_text((other / changed).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(search_record, "_PACKAGE", other)
    monkeypatch.setattr(cache, "__version__", "the next version")
    assert cli("build", "--site", root).code == 0
    assert len(indexer_runs()) == indexed
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_pagefind_installed_anew_makes_every_shard_again(site, cli, monkeypatch, tmp_path, indexer_runs):
    """Pagefind warns that merging indexes of another version may fail: with the cache as it was, a Pagefind whose
    executable is another file indexes the whole site again, leaving no shard of the one before."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    installed = tmp_path / "pagefind_extended"
    shutil.copy2(search_index.executable(), installed)
    monkeypatch.setattr(search_record, "executable", lambda: installed)
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。农村道路硬化工程。")
    assert cli("build", "--site", root).code == 0
    assert len(indexer_runs()) == 4 and all(isinstance(entry, str) for entry in listing(root / "public"))
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_record_of_the_index_that_is_not_the_published_one_takes_over_nothing(site, cli, monkeypatch,
                                                                                 indexer_runs):
    """A record of another index than the one published (put back from an old copy, or written by a build killed
    before its swap) names entry files the published shards do not have: those shards are made again, the
    others taken over."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    kept = (root / ".gongkai-cache-public" / search_record.FILE).read_bytes()
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。农村道路硬化工程。")
    assert cli("build", "--site", root, "--fold-search").code == 0  # c's shard made again
    (root / ".gongkai-cache-public" / search_record.FILE).write_bytes(kept)  # the record of the index before
    monkeypatch.setattr(cache, "__version__", "the next version")
    indexer_runs()
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/c.html", "./qtxx/e.html"]]  # its shard: not the one the record names
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_the_delta_is_folded_past_its_limit_and_on_request(site, cli, monkeypatch, indexer_runs):
    monkeypatch.setenv(LIMIT_VARIABLE, "2")
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/a.md", "森林防火工作情况。", "森林防火工作情况。秸秆禁烧工作情况。")
    edit(root, "content/qtxx/f.md", "湿地保护修复方案。", "湿地保护修复方案。草原保护修复方案。")
    assert cli("build", "--site", root).code == 0
    assert listing(root / "public")[-1]["name"] == "delta"
    indexer_runs()

    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。地震应急工程。")  # a third page: past the limit
    assert cli("build", "--site", root).code == 0
    assert listing(root / "public") == shard_names(root / "public")
    runs = indexer_runs()  # a and c indexed once, together, and merged into their shards of two pages each; f's
    assert runs == [["./qtxx/a.html", "./qtxx/c.html"], ["./qtxx/f.html"]]  # shard, all of it changed, made again
    assert not (root / "public/pagefind" / search_index.FOLD).exists()
    assert search_index.found(root / "public") == search_index.found(clean_build(root, cli))
    for page, added in (("qtxx/a.html", "秸秆禁烧"), ("qtxx/c.html", "地震应急"), ("qtxx/f.html", "草原保护")):
        versions = [r["content"] for r in fragments(root / "public") if r["url"].endswith(page)]
        assert versions and all(added in text for text in versions)  # the old version left every index folder

    edit(root, "content/qtxx/e.md", "养老服务补贴发放。", "养老服务补贴发放。托育服务补贴发放。")
    assert cli("build", "--site", root).code == 0
    assert listing(root / "public")[-1]["name"] == "delta"
    indexer_runs()
    assert cli("build", "--site", root, "--fold-search").code == 0  # nothing changed, but a fold was asked for
    assert listing(root / "public") == shard_names(root / "public")
    runs = indexer_runs()  # the shards the delta was merged into, e's among them, each indexed afresh (f's was made
    assert runs == [["./qtxx/a.html", "./qtxx/b.html"], ["./qtxx/c.html", "./qtxx/e.html"]]  # afresh, not merged)
    assert index_bytes(root / "public") == index_bytes(clean_build(root, cli))


def test_a_fold_asked_for_right_after_a_merge_indexes_the_merged_shards_afresh(site, cli, monkeypatch, indexer_runs):
    """The shards a grown delta was merged into find what a clean build finds, but a release (deploy folds)
    publishes the very index a clean build makes."""
    monkeypatch.setenv(LIMIT_VARIABLE, "1")
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/a.md", "森林防火工作情况。", "森林防火工作情况。秸秆禁烧工作情况。")
    edit(root, "content/qtxx/f.md", "湿地保护修复方案。", "湿地保护修复方案。草原保护修复方案。")
    indexer_runs()
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/a.html"], ["./qtxx/f.html"]]  # a merged into 2023; 2025, f alone, made again
    assert listing(root / "public") == shard_names(root / "public")
    assert cli("build", "--site", root, "--fold-search").code == 0
    assert indexer_runs() == [["./qtxx/a.html", "./qtxx/b.html"]]
    assert index_bytes(root / "public") == index_bytes(clean_build(root, cli))


def test_a_fold_asked_for_after_a_page_was_taken_out_indexes_its_shard_afresh(site, cli, indexer_runs):
    """A shard pages were taken out of finds what a clean build finds; a release publishes the clean one."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    (root / "content/qtxx/b.md").unlink()
    assert cli("build", "--site", root).code == 0
    assert listing(root / "public") == shard_names(root / "public")  # taken out of 2023's files, no delta
    indexer_runs()
    assert cli("build", "--site", root, "--fold-search").code == 0
    assert indexer_runs() == [["./qtxx/a.html"]]
    assert index_bytes(root / "public") == index_bytes(clean_build(root, cli))


def test_an_id_that_names_two_pages_is_never_hidden(site, cli, monkeypatch):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    monkeypatch.setattr(search_delta, "ambiguous", lambda index, names, hidden: bool(hidden))
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。地震应急工程。")
    assert cli("build", "--site", root).code == 0
    assert listing(root / "public") == shard_names(root / "public")  # that build folds instead
    assert index_bytes(root / "public") == index_bytes(clean_build(root, cli))


def test_a_no_search_build_keeps_the_delta_as_published(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。地震应急工程。")
    assert cli("build", "--site", root).code == 0
    index = index_bytes(root / "public")
    assert listing(root / "public")[-1]["name"] == "delta"
    edit(root, "content/qtxx/a.md", "森林防火工作情况。", "森林防火工作情况。秸秆禁烧工作情况。")
    assert cli("build", "--site", root, "--no-search").code == 0
    assert index_bytes(root / "public") == index


def test_deploy_publishes_a_folded_index(site, cli, tmp_path):
    target = tmp_path / "srv"
    root = site(FILES, config=BASE_CONFIG + f"deploy:\n  targets:\n    web:\n      type: folder\n      path: {target}\n")
    assert cli("deploy", "--site", root).code == 0
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。地震应急工程。")
    assert cli("deploy", "--site", root).code == 0
    current = target / "current"
    assert listing(current) == shard_names(current)
    assert index_bytes(current) == index_bytes(clean_build(root, cli))


@contextmanager
def searching(site, cli) -> Iterator[tuple[Path, Path, object, str]]:
    """The shards' site built and served, and a Chromium page that found 丙信息 in it: (root, output, page, URL)."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        assert found_titles(page, base, "饮水安全") == ["丙信息"]
        yield root, out, page, base


def test_the_browser_finds_the_edit_in_the_delta_and_never_the_old_text(site, cli):
    with searching(site, cli) as (root, out, page, base):
        assert found_titles(page, base, "湿地保护") == ["己信息"]

        edit(root, "content/qtxx/f.md", "湿地保护修复方案", "荒漠化防治方案")
        edit(root, "content/qtxx/c.md", "丙信息", "丙信息（修订）")
        assert cli("build", "--site", root).code == 0
        assert listing(out)[-1]["name"] == "delta"
        assert found_titles(page, base, "荒漠化防治") == ["己信息"]
        assert found_titles(page, base, "湿地保护") == []
        assert found_titles(page, base, "饮水安全") == ["丙信息（修订）"]  # once, with its new title

        (root / "content/qtxx/b.md").unlink()
        assert cli("build", "--site", root).code == 0
        assert listing(out)[-1]["name"] == "delta"  # the edits stay in the delta
        assert found_titles(page, base, "桥梁维修") == []
        assert found_titles(page, base, "森林防火") == ["甲信息"]
        assert found_titles(page, base, "荒漠化防治") == ["己信息"]


def test_the_browser_reads_the_lists_anew_when_a_build_left_their_times_as_they_were(site, cli):
    """The shard list and the word lists keep their names from build to build. A server that tells a file's
    version by its modification time in whole seconds (Last-Modified) answers "not modified" for one written
    again within the second the browser last read it; the search page must read the new one all the same."""
    with searching(site, cli) as (root, out, page, base):
        kept = {path: path.stat().st_mtime_ns for path in (out / "pagefind").rglob("*.json")}
        edit(root, "content/qtxx/c.md", "丙信息", "丙信息（修订）")
        assert cli("build", "--site", root).code == 0
        assert listing(out)[-1]["name"] == "delta"  # the list changed: it names the delta now
        for path, mtime in kept.items():  # as if written within the same second
            if path.exists():
                os.utime(path, ns=(mtime, mtime))
        assert found_titles(page, base, "饮水安全") == ["丙信息（修订）"]


def test_a_group_search_finds_a_members_edit_in_its_delta(tmp_path, cli):
    group, out = tmp_path / "group", tmp_path / "public"
    shutil.copytree(ROOT / "examples/group", group)
    assert cli("build", "--site", group, "--out", out).code == 0
    edit(group, "bm/jyj/content/fdzdgknr/jgzn/jgzn.md", "示例县文昌路8号", "示例县文昌路8号。另设明德路16号窗口")
    assert cli("build", "--site", group, "--out", out).code == 0
    members = json.loads((out / "search/shards.json").read_text(encoding="utf-8"))
    assert [m["shards"][-1]["name"] for m in members if m["path"] == "bm/jyj"] == ["delta"]
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        assert found_titles(page, base, "明德") == ["示例县教育局机构职能"]
        assert found_titles(page, base, "文昌") == ["示例县教育局机构职能"]  # once: the old version hidden
        assert len(found_titles(page, base, "机构职能")) == 4  # every member's, the edited one once


def expiring_and_explained(site):
    """A 规范性文件 expiring on 2026-12-10 and its 解读, whose page shows it with its validity."""
    return site({"content/gfxwj/a.md": normative("关于印发测试办法的通知", 1, expires="2026-12-10"),
                 "content/zcjd/b.md": doc("《测试办法》解读", 2, body="解读正文。", interprets="gfxwj/a", form="文字")})


def test_a_day_that_only_changes_what_the_date_decides_stays_in_the_delta(site, cli, indexer_runs):
    """失效 put inside the line that names the explained document breaks that line's old text, though
    nobody took anything out: with no input changed since the last build, its shard is not indexed again."""
    root = expiring_and_explained(site)
    assert cli("build", "--site", root, "--as-of", "2026-12-05").code == 0
    indexer_runs()
    assert cli("build", "--site", root, "--as-of", "2026-12-11").code == 0
    assert indexer_runs() == [["./gfxwj/a.html", "./zcjd/b.html"]]  # the delta alone
    assert "失效" in (root / "public/zcjd/b.html").read_text(encoding="utf-8")
    assert search_index.found(root / "public") == search_index.found(clean_build(root, cli, "--as-of", "2026-12-11"))


def test_on_such_a_day_an_edit_that_takes_text_out_still_indexes_its_shard_again(site, cli):
    root = expiring_and_explained(site)
    assert cli("build", "--site", root, "--as-of", "2026-12-05").code == 0
    edit(root, "content/zcjd/b.md", "解读正文。", "新的解读。")
    assert cli("build", "--site", root, "--as-of", "2026-12-11").code == 0
    assert "解读正文" not in texts(root / "public")


def test_a_page_let_into_the_delta_by_its_day_stays_there_when_another_is_edited(site, cli, indexer_runs):
    """The 解读 whose line 失效 broke was let into the delta on the day it expired; an edit of another page
    afterwards adds that page to the delta and indexes no shard again."""
    root = expiring_and_explained(site)
    (root / "content/qtxx").mkdir()
    (root / "content/qtxx/c.md").write_text(doc("丙信息", 3, body="丙信息正文。"), encoding="utf-8")
    assert cli("build", "--site", root, "--as-of", "2026-12-05").code == 0
    assert cli("build", "--site", root, "--as-of", "2026-12-11").code == 0
    indexer_runs()
    edit(root, "content/qtxx/c.md", "丙信息正文。", "丙信息正文。补充说明。")
    assert cli("build", "--site", root, "--as-of", "2026-12-11").code == 0
    assert indexer_runs() == [["./gfxwj/a.html", "./qtxx/c.html", "./zcjd/b.html"]]  # the delta alone
    assert search_index.found(root / "public") == search_index.found(clean_build(root, cli, "--as-of", "2026-12-11"))


BODY_WITH_CONTENTS = "## 一、起草背景\n\n湿地公园建设。\n\n## 二、主要依据\n\n依据条例。\n\n## 三、主要内容\n\n保护修复。"


def test_a_longer_title_over_a_table_of_contents_stays_in_the_delta(site, cli, indexer_runs):
    """A title ending in a bracket runs, over the table of contents the index leaves out, into the first
    heading without a stop: that passage, with text put inside it, is still shown."""
    root = site({**FILES, "content/qtxx/g.md": doc("庚信息（试行）", 7, 2025, body=BODY_WITH_CONTENTS)})
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    edit(root, "content/qtxx/g.md", "庚信息（试行）", "庚信息（试行）（第1次修订）")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/g.html"]]  # the delta alone
    assert [r[1]["title"] for r in search_index.found(root / "public")["/qtxx/g.html"]] == ["庚信息（试行）（第1次修订）"]
    edit(root, "content/qtxx/g.md", "庚信息（试行）（第1次修订）", "庚（修订）")  # the old title taken out
    assert cli("build", "--site", root).code == 0
    assert "庚信息" not in texts(root / "public")
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_sentence_added_to_a_last_line_without_a_stop_stays_in_the_delta(site, cli, indexer_runs):
    """A 公文 ends with its date, no stop after it: Pagefind ends the page's text with "." there, which a
    sentence written on after the date leaves behind it. Nothing was taken out."""
    root = site({**FILES, "content/qtxx/g.md": doc("庚信息", 7, 2025, body="湿地保护条例。\n\n2025年3月1日")})
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    edit(root, "content/qtxx/g.md", "2025年3月1日", "2025年3月1日\n另附说明一则。")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/g.html"]]  # the delta alone, not the shard of 2025
    assert "另附说明" in search_index.found(root / "public")["/qtxx/g.html"][0][0].replace("\u200b", "")
    edit(root, "content/qtxx/g.md", "2025年3月1日\n另附说明一则。", "另附说明一则。")  # the date taken out
    assert cli("build", "--site", root).code == 0
    assert "2025年3月1日" not in texts(root / "public").replace("\u200b", "").replace(" ", "")
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


def test_a_longer_title_of_a_解读_leaves_the_page_it_explains_in_the_delta(site, cli, indexer_runs):
    """The explained document's page names its 解读 followed by the date: a longer title put text inside
    that passage and took nothing out."""
    root = site({"content/gfxwj/a.md": normative("关于印发测试办法的通知", 1),
                 "content/zcjd/b.md": doc("《测试办法》解读", 2, body="解读正文。", interprets="gfxwj/a", form="文字")})
    assert cli("build", "--site", root).code == 0
    indexer_runs()
    edit(root, "content/zcjd/b.md", "《测试办法》解读", "《测试办法》解读（第1次修订）")
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./gfxwj/a.html", "./zcjd/b.html"]]  # the delta alone
    assert site_tree(root / "public") == site_tree(clean_build(root, cli))


@pytest.mark.parametrize("record", [
    {"url": "/gfxwj/a.html", "content": "正文", "word_count": 1},
    {"url": "/zcjd/\u89e3\u8bfb \"b\".html", "content": "正文"},  # escapes in the URL
    {"content": "正文", "url": "/gfxwj/b.html"},  # fields in another order: the whole record is read
    {"url": "/" + "长" * 400 + ".html", "content": "正文"},  # a URL longer than the head unpacked
])
def test_a_pages_id_is_read_from_its_record_however_it_is_written(tmp_path, record):
    """A shard's first edit reads only the head of each page record for its URL: every record still gives
    the page its id, as reading it whole does."""
    import gzip
    (tmp_path / "fragment").mkdir()
    data = b"pagefind_dcd" + json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    (tmp_path / "fragment" / "zh_abc123.pf_fragment").write_bytes(gzip.compress(data))
    (tmp_path / "fragment" / "zh_def456.pf_fragment").write_bytes(
        gzip.compress(b'pagefind_dcd{"url":"/other.html","content":""}'))
    assert search_delta.page_ids(tmp_path) == {record["url"].lstrip("/"): "zh_abc123", "other.html": "zh_def456"}
