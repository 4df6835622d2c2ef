"""The search index in shards: built incrementally to an index that finds what a clean build's finds,
no shard indexed again for an edit, no indexer run over more pages than a shard holds, and the shards
merged into one search in real Chromium."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from browsing import chromium, serve
from conftest import doc, incremental_and_clean, resave, site_tree

from gongkai.incremental import pagefind_service, search_delta, search_index, search_shards
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.search_shards import SIZE_VARIABLE, assign
from gongkai.output.render import THEME_DIR

SHARD_SIZE = 2
#: six documents over three years: with two pages a shard, 2023 and 2025 are one shard each, 2024 is split
FILES = {
    "content/qtxx/a.md": doc("甲信息", 1, 2023, body="本年度森林防火工作情况。"),
    "content/qtxx/b.md": doc("乙信息", 2, 2023, body="城区桥梁维修计划。"),
    "content/qtxx/c.md": doc("丙信息", 3, 2024, body="农村饮水安全工程。"),
    "content/qtxx/d.md": doc("丁信息", 4, 2024, body="中小学校舍改造。"),
    "content/qtxx/e.md": doc("戊信息", 5, 2024, body="养老服务补贴发放。"),
    "content/qtxx/f.md": doc("己信息", 6, 2025, body="湿地保护修复方案。"),
}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


CHANGES = {
    "body edit": lambda r: edit(r, "content/qtxx/c.md", "饮水安全", "饮水安全和地震应急"),
    "title edit": lambda r: edit(r, "content/qtxx/d.md", "丁信息", "丁信息（更正）"),
    "new document": lambda r: (r / "content/qtxx/g.md").write_text(doc("庚信息", 7, 2024), encoding="utf-8"),
    "deleted document": lambda r: (r / "content/qtxx/b.md").unlink(),
    "deleted last document of a shard": lambda r: (r / "content/qtxx/f.md").unlink(),
    "renamed document": lambda r: (r / "content/qtxx/e.md").rename(r / "content/qtxx/e2.md"),
}


@pytest.fixture(autouse=True)
def small_shards(monkeypatch):
    monkeypatch.setenv(SIZE_VARIABLE, str(SHARD_SIZE))


def listing(out: Path) -> list:
    """pagefind/shards.json: the shards' names, then the delta's entry if there is one."""
    return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))


def shard_names(out: Path) -> list[str]:
    return [entry for entry in listing(out) if isinstance(entry, str)]


def shards_made(out: Path) -> list[str]:
    """The shards Pagefind made, the merged indexes left out (search_merge.py)."""
    return sorted(p.name for p in (out / "pagefind").iterdir() if p.name[0].isdigit() and "to" not in p.name)


def shard_files(out: Path, name: str) -> dict[str, int]:
    """Every file of one shard and its inode."""
    folder = out / "pagefind" / name
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_index_equals_a_clean_one(change, site, cli, tmp_path):
    root = site(FILES)
    incremental, clean = incremental_and_clean(root, CHANGES[change], cli, tmp_path / "clean")
    assert len(shards_made(tmp_path / "clean/public")) >= 3
    assert incremental == clean


def test_an_edit_indexes_no_shard_and_a_deletion_only_its_own(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    cli("build", "--site", root)
    out = root / "public"
    names = shard_names(out)
    before = {name: shard_files(out, name) for name in names}
    assert names == ["2023", *[n for n in names if n.startswith("2024-")], "2025"]

    edit(root, "content/qtxx/a.md", "森林防火工作情况。", "森林防火工作情况。秸秆禁烧工作情况。")  # text added
    assert cli("build", "--site", root).code == 0
    assert listing(out)[:-1] == names and listing(out)[-1]["name"] == "delta"
    # every shard's files are the published ones, hard-linked: the same inodes; the edit is in the delta
    assert {name: shard_files(out, name) for name in names} == before

    (root / "content/qtxx/f.md").unlink()
    (root / "content/qtxx/b.md").unlink()
    assert cli("build", "--site", root).code == 0
    # b taken out of 2023's files (search_cut), the edited a still in the delta; 2025 gone with its only page
    assert listing(out)[:-1] == [n for n in names if n != "2025"] and listing(out)[-1]["name"] == "delta"
    after = {name: shard_files(out, name) for name in shard_names(out)}
    assert [n for n in names if after.get(n) != before[n]] == ["2023", "2025"]


def test_a_merged_index_whose_shard_lost_text_is_listed_as_its_shards_until_a_fold(site, cli):
    """Readers search a year's shards merged (search_merge.py); a page's text taken out of a shard leaves
    with the merged index at once, and the next folding build merges them again."""
    root = site(FILES)
    out = root / "public"
    assert cli("build", "--site", root).code == 0
    year = [n for n in shard_names(out) if n.startswith("2024")]
    assert len(year) == 1 and "to" in year[0]  # 2024's shards, merged
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村工程。")  # text taken out: cut from its shard
    assert cli("build", "--site", root).code == 0
    assert [n for n in shard_names(out) if n.startswith("2024")] == [n for n in shards_made(out) if n.startswith("2024")]
    assert not (out / "pagefind" / year[0]).exists()
    assert "饮水" not in json.dumps(search_index.found(out), ensure_ascii=False)
    assert cli("build", "--site", root, "--fold-search").code == 0
    assert [n for n in shard_names(out) if n.startswith("2024")] == year
    assert "饮水" not in json.dumps(search_index.found(out), ensure_ascii=False)


def test_unchanged_shards_already_in_the_build_folder_are_not_linked_again(site, cli, monkeypatch):
    root = site(FILES)
    cli("build", "--site", root)
    resave(root)
    cli("build", "--site", root)  # the build folder (the spare) now holds every shard of the published index
    linked = []
    real = search_index.link_tree
    monkeypatch.setattr(search_index, "link_tree", lambda source, target: linked.append(source.name) or real(source, target))
    edit(root, "content/qtxx/a.md", "森林防火", "森林防火和秸秆禁烧")
    assert cli("build", "--site", root).code == 0
    assert linked == []  # the edit went into the delta; every shard was already in place
    incremental = site_tree(root / "public")
    clean = root.parent / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", clean).code == 0
    assert incremental == site_tree(clean / "public")


@pytest.fixture
def indexer_runs(monkeypatch):
    """The pages each Pagefind index reads (a spy around the real one): indexer_runs() -> runs since the last call."""
    seen: list[list[str]] = []
    real = pagefind_service.index

    def spy(executable: Path, pages: Path, count: int, output: Path, timeout: float) -> None:
        seen.append(sorted(f"./{p.relative_to(pages).as_posix()}" for p in pages.rglob("*.html")))
        real(executable, pages, count, output, timeout)
    monkeypatch.setattr(pagefind_service, "index", spy)

    def taken() -> list[list[str]]:
        """The runs since the last call."""
        runs = sorted(seen)
        seen.clear()
        return runs
    return taken


def test_a_build_that_takes_the_site_up_takes_its_shards_too_unless_their_size_changed(site, cli, monkeypatch,
                                                                                     tmp_path):
    """Which pages each shard holds is kept with the site: a body edit does not hash every page's path again,
    but a new shard size splits the index anew, as a clean build with that size does."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    resave(root)
    assert cli("build", "--site", root).code == 0
    names = shard_names(root / "public")
    planned = []
    monkeypatch.setattr(search_shards, "assign", lambda *args: planned.append(args) or assign(*args))
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and "（1 个重新生成" in run.out, run.out
    assert planned == [] and shard_names(root / "public") == names

    monkeypatch.setenv(SIZE_VARIABLE, "3")
    edit(root, "content/qtxx/c.md", "地震应急", "地震应急演练")
    assert cli("build", "--site", root).code == 0
    assert len(planned) == 1 and shard_names(root / "public") != names
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_no_indexer_run_sees_more_pages_than_a_shard_holds(site, cli, indexer_runs):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0

    runs = indexer_runs()
    assert len(runs) == len(shards_made(root / "public"))
    assert max(len(pages) for pages in runs) <= SHARD_SIZE
    indexed = sorted(page.removeprefix("./") for pages in runs for page in pages)
    catalog = json.loads((root / "public/catalog.json").read_text(encoding="utf-8"))
    assert indexed == sorted(d["url"] for d in catalog)


def body_note(root: Path) -> None:
    """A line added to the searched part of every document page (the site's own document.html)."""
    page = (THEME_DIR / "document.html").read_text(encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/document.html").write_text(page.replace("<h1>{{ doc.title }}</h1>",
                                                              "<h1>{{ doc.title }}</h1><p>本页模板已更新。</p>", 1),
                                                 encoding="utf-8")


def test_a_template_edit_that_changes_every_page_indexes_each_shard_on_its_own(site, cli, indexer_runs, monkeypatch,
                                                                               tmp_path):
    """Every page changes after an edit of the part of a template that Pagefind reads on every page, past what
    the delta holds: each shard is indexed again on its own, as a clean build indexes it, never every page in
    one run to be folded into the shards (a run's memory follows its pages: the 10,000 pages of a site took one
    Pagefind 2.8 GB)."""
    monkeypatch.setenv(search_delta.LIMIT_VARIABLE, "0")  # the delta takes no page: every edit overflows it
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    made = indexer_runs()
    incremental, clean = incremental_and_clean(root, body_note, cli, tmp_path / "clean")
    runs = indexer_runs()
    assert runs == sorted(made + made)  # the change's build indexed the shards as the clean build did
    assert incremental == clean


def test_a_build_that_indexes_every_shard_anew_leaves_the_spares_index_current(site, cli, indexer_runs, monkeypatch,
                                                                                 tmp_path):
    """The index a build replaces is brought up to date by that build, as its pages are: the spare holds the
    published shards and merged indexes themselves, so the next build, an edit's, links none of them again."""
    monkeypatch.setenv(search_delta.LIMIT_VARIABLE, "0")
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    resave(root)
    assert cli("build", "--site", root).code == 0
    body_note(root)
    assert cli("build", "--site", root).code == 0
    assert len(indexer_runs()) == 8  # the clean build's shards, then each again
    published, spare = root / "public/pagefind", BuildCache.spare_for(root / "public") / "pagefind"
    entries = sorted(published.glob(f"*/{search_index.ENTRY}"))
    assert len(entries) == 5  # four shards and a year's two merged
    assert all((spare / e.relative_to(published)).stat().st_ino == e.stat().st_ino for e in entries)
    edit(root, "content/qtxx/c.md", "农村饮水安全工程。", "农村饮水安全工程。农村道路硬化工程。")
    assert cli("build", "--site", root).code == 0
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", clean).code == 0
    assert site_tree(root / "public") == site_tree(clean / "public")


def test_no_kept_pagefind_waits_beside_the_runs_of_shards_too_large_for_it(site, cli, monkeypatch):
    """A build after an edit warms a kept Pagefind for the small index it expects (pagefind_service.warm); when
    every page changed and each shard is indexed by a Pagefind of its own, the kept one is stopped first instead
    of holding its memory beside them."""
    monkeypatch.setenv(search_delta.LIMIT_VARIABLE, "0")
    monkeypatch.setattr(pagefind_service, "SERVICE_PAGES", 0)  # every shard of the site is a large one
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    idle_beside: list[int] = []
    real = pagefind_service._run

    def run(executable: Path, pages: Path, output: Path, timeout: float) -> None:
        idle_beside.append(sum(s.process.poll() is None for s in pagefind_service._idle))
        real(executable, pages, output, timeout)
    monkeypatch.setattr(pagefind_service, "_run", run)
    body_note(root)
    assert cli("build", "--site", root).code == 0
    assert idle_beside and not any(idle_beside), idle_beside


def test_a_new_document_moves_no_page_of_another_shard():
    pages = [(f"col{i % 3}/{year}-{i}.html", str(year)) for year in (2022, 2023, 2024) for i in range(700)]
    before = assign(pages, 500)
    after = assign(pages + [("col0/2024-new.html", "2024")], 500)
    assert max(len(paths) for paths in before.values()) <= 500
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert len(changed) == 1 and changed < set(after) and changed.pop().startswith("2024-")
    assert assign(pages[:400], 500) == {"all": sorted(path for path, _ in pages[:400])}


def document_pages(per_year: dict[int, int]) -> list[SimpleNamespace]:
    """Document pages as search_shards.plan reads them: a path, and the year the document was published."""
    return [SimpleNamespace(kind="document", path=f"qtxx/{year}-{i}.html", doc=SimpleNamespace(published=date(year, 1, 1)))
            for year, count in per_year.items() for i in range(count)]


def test_a_site_of_a_thousand_pages_has_one_shard_and_a_larger_ones_shards_stay_smaller(monkeypatch):
    """One shard is readers' fastest search; a larger site's shards are indexed two at once, so each holds
    at most 750 pages (Pagefind's memory grows with the pages it holds); the variable sets both limits."""
    monkeypatch.delenv(SIZE_VARIABLE)
    assert list(search_shards.plan(document_pages({2023: 500, 2024: 500})).shards) == ["all"]

    plan = search_shards.plan(document_pages({2023: 500, 2024: 900}))
    assert sorted(plan.shards) == ["2023", "2024-1of2", "2024-2of2"]
    assert max(len(paths) for paths in plan.shards.values()) <= 750

    monkeypatch.setenv(SIZE_VARIABLE, "400")
    plan = search_shards.plan(document_pages({2023: 300, 2024: 300}), kept=plan)
    assert sorted(plan.shards) == ["2023", "2024"]


def found_titles(page, base: str, word: str) -> list[str]:
    page.goto(base + "search/index.html?q=" + quote(word))
    # done when it says nothing was found, or once the results it found are listed
    page.wait_for_function("""() => {
        const status = document.getElementById('search-status').textContent;
        return status.startsWith('没有') || (status.startsWith('找到') && document.querySelector('.search-result'));
    }""")
    return page.locator(".search-result .result-title").all_inner_texts()


def test_the_browser_searches_every_shard_and_sees_edits_and_deletions(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    assert shard_names(out)[0] == "2023"  # the shard the search page loads first; 己信息 is in 2025
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        assert found_titles(page, base, "湿地保护") == ["己信息"]
        assert found_titles(page, base, "桥梁维修") == ["乙信息"]
        assert "栏目：其他信息" in page.inner_text(".search-result")
        assert "发布日期：2023-03-05" in page.inner_text(".search-result")

        edit(root, "content/qtxx/e.md", "养老服务", "养老服务和地震应急")
        (root / "content/qtxx/b.md").unlink()
        assert cli("build", "--site", root).code == 0
        assert found_titles(page, base, "地震应急") == ["戊信息"]
        assert found_titles(page, base, "桥梁维修") == []
        assert "没有找到" in page.inner_text("#search-status")
        assert found_titles(page, base, "湿地保护") == ["己信息"]

        page.goto((out / "search" / "index.html").as_uri() + "?q=" + quote("湿地保护"))
        page.wait_for_function("() => !document.getElementById('search-status').textContent.startsWith('正在')")
        assert "从本地磁盘打开时浏览器不允许加载搜索索引" in page.inner_text("#search-status")
