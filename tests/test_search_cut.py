"""Pages taken out of a shard's search index without indexing it again (incremental/search_cut.py): a
deleted page or a page an edit took text out of leaves every file of the index at once, its words,
its fragment and any bound of a chunk made from them; what is left finds what a clean build's index
finds, word by word, in Pagefind's own search in Chromium; and an index the cut is not certain of is
indexed again."""
from __future__ import annotations

import shutil
from pathlib import Path

from browsing import chromium, serve
from conftest import doc, site_tree
from test_search_delta import clean_build, index_words
from test_search_shards import edit, found_titles, indexer_runs, listing  # noqa: F401 (a fixture)

from gongkai.incremental import pagefind_format, search_cut, search_delta, search_words

#: enough locations in one shard for Pagefind to write its words in several chunks (20,000 locations each),
#: most of them of words of one page alone, so that such words bound chunks
DOCUMENTS = 90
SENTENCES = ["本机关依法公开政府信息，接受社会监督。", "进一步规范行政权力运行，提高行政效能。"]


def code(number: int, word: int) -> str:
    """A word of one page alone, in letters (Pagefind's segmenter splits digits from letters)."""
    return "q" + "".join("abcdefghij"[int(d)] for d in f"{number:02d}{word:02d}")


def body(number: int) -> str:
    own = " ".join(code(number, word) for word in range(12))
    return "\n\n".join([" ".join(SENTENCES), *[f"编号 {own}。"] * 40, f"第{number}号事项办理情况。"])


def files() -> dict[str, str]:
    return {f"content/qtxx/{n:02d}.md": doc(f"事项办理情况{n:02d}", n, 2024, body=body(n)) for n in range(DOCUMENTS)}


def shard(out: Path) -> Path:
    (name,) = [entry for entry in listing(out) if isinstance(entry, str)]
    return out / "pagefind" / name


def bounds(index: Path) -> list[tuple[str, str]]:
    return [(low, high) for low, high, _ in pagefind_format.read_meta(index).meta[2]]


def alone_at_a_bound(out: Path) -> tuple[str, str, str]:
    """A word of one page alone that Pagefind made a chunk's bound from, the page's output path, and a
    word of another page beside it in the same chunk."""
    index = shard(out)
    holders: dict[str, list[str]] = {}
    urls = {page_id: record["url"] for page_id, record in search_delta.fragments(index).items()}
    for page_id, words in search_words.page_words(index).items():
        for word in words:
            holders.setdefault(word, []).append(urls[page_id])
    chunks = [search_words.chunk_words(pagefind_format.chunk_path(index, c)) for c in pagefind_format.read_meta(index).meta[2]]
    assert len(chunks) >= 3
    for words in chunks[1:]:
        first = words[0]
        if len(holders[first]) == 1:
            neighbour = next(w for w in words[1:] if len(holders[w]) == 1 and holders[w] != holders[first])
            return first, holders[first][0].lstrip("/"), neighbour
    raise AssertionError("no chunk starts with a word of one page alone")


def test_a_deleted_page_leaves_its_words_and_the_bound_made_from_one(site, cli, indexer_runs):
    root = site(files())
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    word, path, neighbour = alone_at_a_bound(out)
    before = bounds(shard(out))
    assert any(low == word[:len(low)] and low for low, _ in before[1:])
    indexer_runs()

    (root / "content/qtxx" / Path(path).with_suffix(".md").name).unlink()
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == []  # taken out of its shard's files: nothing indexed
    assert word not in index_words(out) and neighbour in index_words(out)
    held = index_words(out)
    # every bound is cut from a word the index still holds, as Pagefind cuts them
    for low, high in bounds(shard(out)):
        assert any(w.startswith(low) for w in held) and any(w.startswith(high) for w in held)
    assert bounds(shard(out)) != before
    assert site_tree(out) == site_tree(clean_build(root, cli))  # found by the same words, page by page


def test_taking_a_page_out_keeps_the_bounds_pagefind_made_when_none_leaves(site, cli, indexer_runs):
    root = site(files())
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    before = bounds(shard(out))
    indexer_runs()
    edit(root, "content/qtxx/05.md", "第5号事项办理情况。", "第5号事项。")  # text out, no word of its own gone
    assert cli("build", "--site", root).code == 0
    assert indexer_runs() == [["./qtxx/05.html"]]  # the delta alone
    assert bounds(shard(out)) == before
    assert site_tree(out) == site_tree(clean_build(root, cli))


def test_a_narrowed_page_stays_in_the_words_given_alone_under_a_new_id(site, cli, tmp_path):
    """search_cut.narrow: the page leaves every word but those given (its new version's), the words only it
    had leave the index's own list, its record is the one given under an id Pagefind never gives, and no other
    page changes."""
    root = site(files())
    assert cli("build", "--site", root).code == 0
    index = tmp_path / "shard"
    shutil.copytree(shard(root / "public"), index)
    ids = {record["url"]: page_id for page_id, record in search_delta.fragments(index).items()}
    before = search_words.page_words(index)
    own_before = search_words.own(index)
    old, other = ids["/qtxx/07.html"], ids["/qtxx/08.html"]
    had = before[old]
    kept = set(had[::2]) | {"qzzzz"}  # half its words, and one the index does not have
    record = (index / "fragment" / f"{other}.pf_fragment").read_bytes()

    renamed = search_cut.narrow(index, {old: (kept, record)})
    assert renamed is not None and set(renamed) == {old}
    new = renamed[old]
    assert new != old and new.startswith("zh-cn_") and not all(c in "0123456789abcdef" for c in new[6:])
    assert not (index / "fragment" / f"{old}.pf_fragment").exists()
    assert (index / "fragment" / f"{new}.pf_fragment").read_bytes() == record
    after = search_words.page_words(index)
    assert sorted(after.pop(new)) == sorted(kept & set(had))
    assert after == {page_id: words for page_id, words in before.items() if page_id != old}
    holders = {word for page_id, words in after.items() for word in words}
    assert search_words.own(index) == [w for w in own_before if w in holders or w in kept]
    assert search_cut.narrow(index, {old: (kept, record)}) is None  # no page has that id any more


def test_the_browser_searches_a_shard_pages_were_taken_out_of(site, cli):
    root = site(files())
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    word, path, neighbour = alone_at_a_bound(out)
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        assert found_titles(page, base, word) != []
        (root / "content/qtxx" / Path(path).with_suffix(".md").name).unlink()
        edit(root, "content/qtxx/07.md", code(7, 3), "qzzzz")
        assert cli("build", "--site", root).code == 0
        assert found_titles(page, base, word) == []
        assert found_titles(page, base, code(7, 3)) == []
        assert found_titles(page, base, "qzzzz") == ["事项办理情况07"]
        assert len(found_titles(page, base, neighbour)) == 1
        found_titles(page, base, "行政效能")  # every page left, each once
        assert page.inner_text("#search-status").startswith(f"找到 {DOCUMENTS - 1} 条")


def test_an_index_with_a_word_in_two_spellings_is_indexed_again(site, cli, indexer_runs):
    """Pagefind keeps a word written with diacritics as a variant of the word without them; where the
    variants' pages stand is not taken apart, so such a shard is indexed again."""
    root = site({**files(), "content/qtxx/90.md": doc("咖啡馆", 90, 2024, body="Café 经营许可。")})
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    indexer_runs()
    edit(root, "content/qtxx/03.md", "第3号事项办理情况。", "第3号事项。")
    assert cli("build", "--site", root).code == 0
    runs = indexer_runs()
    assert len(runs) == 2 and len(max(runs, key=len)) == DOCUMENTS + 1  # the delta, and the shard again
    assert all(isinstance(entry, str) for entry in listing(out))  # 03 indexed with its shard: no delta
    assert site_tree(out) == site_tree(clean_build(root, cli))


def test_the_words_written_for_a_page_taken_out_are_linked_by_the_next_build(site, cli):
    """The build folder holds the output of the build before the last: the words of every shard
    (`pagefind/words/`), written again for the build that took a page out, are the published ones for
    the build after it, which links them instead of writing them again."""
    root = site(files())
    assert cli("build", "--site", root).code == 0
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    (root / "content/qtxx/03.md").unlink()  # its words leave the index
    assert cli("build", "--site", root).code == 0
    written = {p.name: p.stat().st_ino for p in (out / "pagefind" / search_words.FOLDER).iterdir()}
    edit(root, "content/qtxx/05.md", "第5号事项办理情况。", "第5号事项办理情况。已办结。")
    assert cli("build", "--site", root).code == 0
    assert {p.name: p.stat().st_ino for p in (out / "pagefind" / search_words.FOLDER).iterdir()} == written
    assert site_tree(out) == site_tree(clean_build(root, cli))


def test_a_page_taken_out_writes_only_the_buckets_its_words_were_in(site, cli):
    """The published buckets with the words that left taken out of theirs: only the buckets of those words
    are written, every other is a hard link to the published one, and the buckets are byte for byte what a
    clean build writes."""
    root = site(files())
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    folder = out / "pagefind" / search_words.FOLDER
    published = {p.name: p.stat().st_ino for p in folder.iterdir()}
    had = set(search_words.own(shard(out)))
    (root / "content/qtxx/03.md").unlink()
    assert cli("build", "--site", root).code == 0
    gone = had - set(search_words.own(shard(out)))
    assert {code(3, word) for word in range(12)} <= gone
    after = {p.name: p.stat().st_ino for p in folder.iterdir()}
    written = {name for name in after if after[name] != published.get(name)}
    assert written == {f"{ord(word[0]) % search_words.BUCKETS}.json" for word in gone} | {search_words.MADE_FROM}
    assert len(written) < 10
    assert code(3, 0) not in (folder / f"{ord('q') % search_words.BUCKETS}.json").read_text(encoding="utf-8")
    fresh = clean_build(root, cli) / "pagefind" / search_words.FOLDER
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {p.name: p.read_bytes() for p in fresh.iterdir()}
