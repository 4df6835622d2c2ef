"""The Pagefind index: document pages only, never a non-public document, and never published half-built."""
from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, doc, read_tree

from gongkai.incremental import pagefind_service, search_index, search_words

ZERO_WIDTH = "\u200b"  # Pagefind separates the Chinese words it segmented with these


def fragments(out) -> list[dict]:
    """The page records of every shard of the index, as the browser reads them (gzip, a signature, then JSON)."""
    records = []
    for path in sorted((out / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).decode("utf-8")
        records.append(json.loads(data[data.index("{"):].replace(ZERO_WIDTH, "")))
    return records


def non_public_texts() -> list[str]:
    """Title and body lines of every 依申请公开 / 不予公开 document in the sample content."""
    texts = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^(disclosure|公开属性): *(依申请公开|不予公开)", text, re.M):
            texts.append(re.search(r"^title: *(.+)$", text, re.M).group(1))
            body = text.split("---", 2)[2]
            texts += [line[:20] for line in body.splitlines() if len(line) > 20 and not line.startswith("|")]
    return texts


def test_the_sample_index_holds_every_document_page_and_nothing_else(sample_site):
    catalog = json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))
    indexed = sorted(record["url"].lstrip("/") for record in fragments(sample_site))
    assert indexed == sorted(d["url"] for d in catalog)
    newest = next(r for r in fragments(sample_site) if r["url"] == "/" + catalog[0]["url"])
    assert newest["meta"]["title"] == catalog[0]["title"]
    assert newest["meta"]["date"] == catalog[0]["date"][:10]
    assert newest["meta"]["column"] == "其他法定主动公开信息"


def test_no_text_of_a_non_public_document_is_in_the_index(sample_site):
    texts = non_public_texts()
    assert len(texts) >= 8  # the sample has four such documents; the check must look at something
    index = "\n".join(record["content"] + json.dumps(record["meta"], ensure_ascii=False)
                      for record in fragments(sample_site))
    assert "生活垃圾" in index
    assert [t for t in texts if t in index] == []


def test_a_failed_index_leaves_the_previous_site_untouched(site, cli, monkeypatch, tmp_path):
    root = site({"content/qtxx/2024-a.md": doc("第一篇")})
    out = tmp_path / "public"
    assert cli("build", "--site", root, "--out", out).code == 0
    before = read_tree(out)
    (root / "content/qtxx/2024-b.md").write_text(doc("第二篇", 2), encoding="utf-8")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: out of disk space' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search_index, "executable", lambda: broken)

    run = cli("build", "--site", root, "--out", out)
    assert run.code == 2
    assert "错误：生成全文搜索索引失败，原有输出未改动：Error: out of disk space" in run.err
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


def anywhere(folder: Path, text: str) -> list[str]:
    """The files holding `text`, Pagefind's compressed ones read unpacked and without the zero-width spaces it
    puts between Chinese words."""
    found = []
    for path, data in read_tree(folder).items():
        unpacked = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        if text.encode() in unpacked.replace("\u200b".encode(), b""):
            found.append(path)
    return found


@pytest.mark.parametrize("change", ["disclosure: 不予公开\nwithheld_reason: 涉及内部事项", "draft: true"])
def test_a_no_search_build_drops_an_index_holding_a_page_no_longer_published(site, cli, change):
    """Out of date is all a kept index may be: one still holding a page that left is not published."""
    root = site({"content/qtxx/2024-a.md": doc("第一篇"), "content/qtxx/2024-b.md": doc("秘而不宣的通知", 2,
                                                                                      body="正文含秘而不宣。")})
    assert cli("build", "--site", root).code == 0
    assert anywhere(root / "public", "秘而不宣")
    text = (root / "content/qtxx/2024-b.md").read_text(encoding="utf-8")
    (root / "content/qtxx/2024-b.md").write_text(text.replace("topic:", f"{change}\ntopic:"), encoding="utf-8")
    assert cli("build", "--site", root, "--no-search").code == 0
    assert not (root / "public/pagefind").exists()
    assert not anywhere(root / "public", "秘而不宣")
    assert cli("build", "--site", root).code == 0  # a build with the index makes it again, without the page
    assert (root / "public/pagefind/shards.json").is_file()
    assert not anywhere(root / "public", "秘而不宣")


@pytest.mark.parametrize("was, now, name", [
    ("正文。经办人李四光，内部意见：不同意。", "正文。", "李四光"),  # a sentence taken out of the body
    ("张三丰反映问题的答复", "群众反映问题的答复", "张三丰"),  # a name taken out of a title, which the other page lists too
], ids=["body", "title"])
def test_a_no_search_build_drops_an_index_holding_text_a_page_no_longer_shows(site, cli, was, now, name):
    """An editor takes a name out of a page and builds with --no-search: the kept index would still find the
    page by the name, and its fragment would show it."""
    root = site({"content/qtxx/2024-a.md": doc("张三丰反映问题的答复", body="正文。经办人李四光，内部意见：不同意。"),
                 "content/qtxx/2024-b.md": doc("第二篇", 2, body="参见[答复](2024-a.md)。")})
    assert cli("build", "--site", root).code == 0
    assert anywhere(root / "public/pagefind", name)
    source = root / "content/qtxx/2024-a.md"
    source.write_text(source.read_text(encoding="utf-8").replace(was, now), encoding="utf-8")
    assert cli("build", "--site", root, "--no-search").code == 0
    assert not (root / "public/pagefind").exists()
    assert not anywhere(root / "public", name)
    assert cli("build", "--site", root).code == 0  # a build with the index makes it again
    assert (root / "public/pagefind/shards.json").is_file() and not anywhere(root / "public", name)


def test_a_no_search_build_keeps_the_published_index_and_touches_nothing_a_hand_edited_list_names(site, cli):
    root = site({"content/qtxx/2024-a.md": doc("第一篇")})
    assert cli("build", "--site", root).code == 0
    index = {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")}
    (root / "content/qtxx/2024-a.md").write_text(doc("第一篇", body="改了。"), encoding="utf-8")
    assert cli("build", "--site", root, "--no-search").code == 0
    assert {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")} == index

    shard = root / "public/pagefind" / json.loads((root / "public/pagefind/shards.json").read_text(encoding="utf-8"))[0]
    for folder in (root / "public", root / ".gongkai-cache-public/spare"):  # a shard the list names is gone
        shutil.rmtree(folder / "pagefind" / shard.name, ignore_errors=True)
    (root / "content/qtxx/2024-a.md").write_text(doc("第一篇", body="再改。"), encoding="utf-8")
    run = cli("build", "--site", root, "--no-search")
    assert run.code == 0, run.err
    assert not (root / "public/pagefind").exists()
    assert cli("build", "--site", root).code == 0  # a build with the index makes it again
    (root / "public/pagefind/shards.json").write_text('["../../content"]', encoding="utf-8")
    (root / "content/qtxx/2024-a.md").write_text(doc("第一篇", body="又改了。"), encoding="utf-8")
    assert cli("build", "--site", root, "--no-search").code == 0
    assert (root / "content/qtxx/2024-a.md").is_file()
    assert not (root / "public/pagefind").exists()  # an index this generator did not write is not published


def test_an_index_made_after_another_in_the_same_process_is_the_one_pagefind_makes_alone(site, cli, tmp_path):
    """Pagefind keeps running between indexes (pagefind_service.py): the second site's index must be the
    very files a Pagefind started for it alone writes."""
    first = site({"content/qtxx/2024-a.md": doc("森林防火工作通知", body="森林防火。")}, name="first")
    second = site({"content/qtxx/2024-b.md": doc("城区桥梁维修计划", body="桥梁维修。")}, name="second")
    assert cli("build", "--site", first).code == 0
    assert cli("build", "--site", second).code == 0

    pages = tmp_path / "pages"
    (pages / "qtxx").mkdir(parents=True)
    shutil.copyfile(second / "public/qtxx/2024-b.html", pages / "qtxx/2024-b.html")
    alone = tmp_path / "alone"
    subprocess.run([str(search_index.executable()), "--site", str(pages), "--output-path", str(alone), "--silent"],
                   check=True)
    for name in search_index.UNUSED:
        (alone / name).unlink()
    search_words.keep(alone)  # as the build does to every index it makes
    assert read_tree(second / "public/pagefind/all") == read_tree(alone)


def test_an_index_of_more_pages_than_a_kept_pagefind_takes_is_made_alike_by_one_started_for_it(site, cli, monkeypatch):
    files = {f"content/qtxx/2024-{i}.md": doc(f"第{i}篇信息", i, body=f"第{i}项工作情况。") for i in range(1, 4)}
    kept = site(files, name="kept")
    assert cli("build", "--site", kept).code == 0
    monkeypatch.setattr(pagefind_service, "SERVICE_PAGES", 2)
    alone = site(files, name="alone")
    assert cli("build", "--site", alone).code == 0
    assert read_tree(alone / "public/pagefind/all") == read_tree(kept / "public/pagefind/all")


def test_a_kept_pagefind_is_stopped_once_it_has_indexed_its_pages_in_all(tmp_path, monkeypatch):
    """It grows a little with each index: after SERVICE_LIFETIME_PAGES another one takes the next."""
    monkeypatch.setattr(pagefind_service, "SERVICE_LIFETIME_PAGES", 2)
    pagefind_service.stop_all()
    pages = tmp_path / "pages"
    (pages / "qtxx").mkdir(parents=True)
    (pages / "qtxx/a.html").write_text('<html lang="zh-CN"><body><main><h1>森林防火</h1></main></body></html>',
                                       encoding="utf-8")
    pagefind_service.index(search_index.executable(), pages, 1, tmp_path / "one", 60)
    [kept] = pagefind_service._idle
    pagefind_service.index(search_index.executable(), pages, 1, tmp_path / "two", 60)
    assert kept.process.poll() is not None and pagefind_service._idle == []
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")


def test_a_kept_pagefind_has_written_every_file_of_an_index_when_it_returns(tmp_path):
    """The build keeps the stat of each shard's entry file to trust the shard in later builds: a file
    still being written when the index returns would make the next build index the shard again. Two
    threads index at once, as a build's do, while two processes keep both cores busy."""
    pages = tmp_path / "pages"
    (pages / "qtxx").mkdir(parents=True)
    (pages / "qtxx/a.html").write_text('<html lang="zh-CN"><body><main><h1>森林防火</h1><p>森林防火工作情况。</p>'
                                       "</main></body></html>", encoding="utf-8")
    outs = [tmp_path / f"index{i}" for i in range(60)]

    def index(out: Path) -> dict[str, bytes]:
        pagefind_service.index(search_index.executable(), pages, 1, out, 60)
        return read_tree(out)

    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            seen = dict(zip(outs, pool.map(index, outs)))
    finally:
        for process in busy:
            process.kill()
            process.wait()
        pagefind_service.stop_all()
    for out, files in seen.items():
        assert json.loads(files["pagefind-entry.json"])["languages"] and all(files.values()), out.name
        assert read_tree(out) == files, out.name


def test_a_pagefind_started_early_makes_the_index_one_started_for_it_alone_makes(tmp_path):
    """An incremental build starts Pagefind before it reads anything, so that its dictionary is loaded by
    the time the index is made (pagefind_service.warm): what it loaded then leaves no trace in the index."""
    pages = tmp_path / "pages"
    (pages / "qtxx").mkdir(parents=True)
    (pages / "qtxx/a.html").write_text('<html lang="zh-CN"><body><main><h1>森林防火</h1><p>森林防火工作情况。</p>'
                                       "</main></body></html>", encoding="utf-8")
    executable = search_index.executable()
    alone = tmp_path / "alone"
    subprocess.run([str(executable), "--site", str(pages), "--output-path", str(alone), "--silent"], check=True)
    try:
        pagefind_service.stop_all()
        pagefind_service.warm(executable)
        pagefind_service.warm(executable)  # one is kept: the second finds it idle
        assert len(pagefind_service._idle) == 1
        pagefind_service.index(executable, pages, 1, tmp_path / "warmed", 60)
    finally:
        pagefind_service.stop_all()
    assert read_tree(tmp_path / "warmed") == read_tree(alone)
