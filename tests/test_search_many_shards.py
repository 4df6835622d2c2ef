"""The sample site's search index in many small shards, searched in real Chromium: a reader finds the
same documents as in the one index a small site has, on every page of results, and never a non-public one,
whether each year's shards are merged into one index (search_merge.py) or searched one by one (a year whose
shards cannot be merged)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

import build
from browsing import chromium, serve
from conftest import AS_OF, ROOT

from gongkai.incremental import search_merge
from gongkai.incremental.search_shards import SIZE_VARIABLE


def built(folder: Path, shard_size: int, merged: bool = True) -> Path:
    """The sample site built into `folder` with at most `shard_size` pages a shard, each year's shards merged
    or not: its output folder."""
    out = folder / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SIZE_VARIABLE, str(shard_size))
        if not merged:
            patch.setattr(search_merge, "groups", lambda names: {})
        assert build.main(["build", "--site", str(ROOT), "--out", str(out), "--as-of", AS_OF]) == 0
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The sample site in one shard, and in dozens of two-page shards merged by year and not."""
    return {"one": built(tmp_path_factory.mktemp("one"), 1000), "many": built(tmp_path_factory.mktemp("many"), 2),
            "unmerged": built(tmp_path_factory.mktemp("unmerged"), 2, merged=False)}


def listed(out: Path) -> list[str]:
    """The indexes the search page searches."""
    return json.loads((out / "pagefind/shards.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def every_result(page, base: str, query: str) -> tuple[str, list[str]]:
    """The status line and the titles of every result, after pressing 显示更多结果 until all are listed."""
    page.goto(base + "search/index.html?q=" + quote(query))
    page.wait_for_function("""() => { const status = document.getElementById('search-status').textContent;
        return status.startsWith('没有') || (status.startsWith('找到') && document.querySelector('.search-result')); }""")
    while page.is_visible("#search-more"):
        listed = page.locator(".search-result").count()
        page.click("#search-more")
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {listed}")
    return page.inner_text("#search-status"), page.locator(".search-result .result-title").all_inner_texts()


def searched(browser, sites: dict[str, Path], query: str) -> dict[str, tuple[str, list[str]]]:
    """What each build's search page shows for `query`."""
    shown = {}
    for name, out in sites.items():
        with serve(out) as base:
            page = browser.new_page()
            shown[name] = every_result(page, base, query)
            page.close()
    return shown


def test_the_many_shard_sites_have_dozens_of_shards_searched_four_in_one_or_one_by_one(sites):
    assert listed(sites["one"]) == ["all"]
    shards = [p.name for p in (sites["many"] / "pagefind").iterdir() if p.name[0].isdigit() and "to" not in p.name]
    assert len(shards) >= 40
    merged = search_merge.groups(shards)
    assert merged and all(2 <= len(parts) <= search_merge.SHARDS for parts in merged.values())
    assert sorted(listed(sites["many"])) == sorted(search_merge.listed(shards, merged))
    assert len(merged) >= 5 and len(listed(sites["many"])) < len(shards)
    assert len(listed(sites["unmerged"])) == len(shards)
    assert len(listed(sites["unmerged"])) >= 40


@pytest.mark.parametrize("query", ["财政预算", "教育", "招生"])
def test_many_shards_find_what_one_index_finds(browser, sites, query):
    shown = searched(browser, sites, query)
    for many in ("many", "unmerged"):
        status, titles = shown[many]
        assert status == shown["one"][0]
        assert sorted(titles) == sorted(shown["one"][1])
        assert len(titles) == len(set(titles))  # every document once, though its shard is one of dozens


def test_many_shards_never_show_a_non_public_document(browser, sites):
    for query in ("重要目标防护部署方案", "内部绩效考核评分细则"):
        for _, titles in searched(browser, {"many": sites["many"], "unmerged": sites["unmerged"]}, query).values():
            assert not any("防护部署方案" in t or "考核评分细则" in t for t in titles)


#: words some shards lack, so Pagefind in them would fall back to a shorter word they hold (生活, 养老服务…);
#: a query of several words, and one with a space; a word that only starts indexed words (垃圾分 → 垃圾分类);
#: one with a word no index holds, which one index leaves out
FALLING_BACK = ["生活垃圾", "养老服务补贴管理办法", "农村生活垃圾治理", "垃圾 分类", "垃圾分", "养老服务补贴 发放",
                "龘靐 生活垃圾"]


@pytest.mark.parametrize("query", FALLING_BACK)
def test_many_shards_find_what_one_index_finds_for_a_word_some_shards_lack(browser, sites, query):
    shown = searched(browser, sites, query)
    assert shown["one"][0].startswith("找到")
    for many in ("many", "unmerged"):
        assert shown[many][0] == shown["one"][0]  # the same 找到 N 条
        assert sorted(shown[many][1]) == sorted(shown["one"][1])


@pytest.mark.parametrize("query", ["龘靐齉", "。，"])
def test_a_word_no_index_holds_finds_nothing_in_either(browser, sites, query):
    shown = searched(browser, sites, query)
    assert shown["many"] == shown["unmerged"] == shown["one"]
    assert shown["many"][0].startswith("没有找到") and shown["many"][1] == []


def searched_with_cores(browser, out: Path, query: str, cores: int) -> tuple[str, list[str]]:
    """What the search page shows for `query` on a reader's computer of `cores` cores."""
    with serve(out) as base:
        context = browser.new_context()
        context.add_init_script(f"Object.defineProperty(navigator, 'hardwareConcurrency', {{get: () => {cores}}})")
        try:
            return every_result(context.new_page(), base, query)
        finally:
            context.close()


@pytest.mark.parametrize("query", ["财政预算", "教育"])
def test_shards_searched_in_groups_at_once_list_what_one_search_of_them_all_lists(browser, sites, query):
    """With more cores, the shards are searched in groups, each by a Pagefind of its own, at once: the same
    results in the same order as one Pagefind that merged every shard."""
    alone = searched_with_cores(browser, sites["unmerged"], query, 1)
    assert len(alone[1]) > 10  # results from dozens of shards, over more than one page of 10
    assert searched_with_cores(browser, sites["unmerged"], query, 4) == alone
