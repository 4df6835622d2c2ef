"""Shards merged into one index for readers (search_merge.py), read back as the search page and the tests
read an index: every page with its record and the words it is found by, nothing else."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import build
from conftest import AS_OF, ROOT

from gongkai.incremental import pagefind_format as fmt
from gongkai.incremental import search_delta, search_merge, search_words
from gongkai.incremental.search_shards import SIZE_VARIABLE


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The sample site's index in two-page shards, none merged: its pagefind/ folder."""
    out = tmp_path_factory.mktemp("shards") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SIZE_VARIABLE, "2")
        patch.setattr(search_merge, "groups", lambda names: {})
        assert build.main(["build", "--site", str(ROOT), "--out", str(out), "--as-of", AS_OF]) == 0
    return out / "pagefind"


@pytest.fixture
def shards(index, tmp_path) -> Path:
    """A copy of the shards to merge in."""
    folder = tmp_path / "pagefind"
    shutil.copytree(index, folder)
    return folder


def merging(folder: Path) -> dict[str, list[str]]:
    """The groups of the shards listed in `folder`, as search_merge.groups makes them."""
    return search_merge.groups(json.loads((folder / "shards.json").read_text(encoding="utf-8")))


def two_shards(folder: Path) -> list[str]:
    """Two shards of one year."""
    return next(iter(merging(folder).values()))[:2]


def read(folder: Path) -> tuple[dict, dict]:
    """Each page's record and its words, by id."""
    return search_delta.fragments(folder), {page: sorted(words) for page, words in search_words.page_words(folder).items()}


def test_merged_shards_hold_every_page_with_its_record_and_words(shards):
    name, parts = max(merging(shards).items(), key=lambda item: len(item[1]))
    assert len(parts) == search_merge.SHARDS
    assert search_merge.merge(shards, name, parts)
    records, words = {}, {}
    for part in parts:
        records.update(read(shards / part)[0])
        words.update(read(shards / part)[1])
    assert read(shards / name) == (records, words)
    assert sorted(search_words.own(shards / name)) == sorted({w for part in parts for w in search_words.own(shards / part)})
    meta = fmt.read_meta(shards / name)
    assert [page for page, _ in meta.meta[1]] == [page for part in parts for page, _ in fmt.read_meta(shards / part).meta[1]]
    assert not list(shards.glob(".*partial"))


def test_a_page_whose_id_an_earlier_shard_has_gets_another(shards):
    """Ids are short hashes, unique within one index: a copy of a shard stands for one whose pages share them."""
    shard = two_shards(shards)[0]
    shutil.copytree(shards / shard, shards / f"{shard}-copy", copy_function=shutil.copy)
    assert search_merge.merge(shards, "both", [shard, f"{shard}-copy"])
    records, words = read(shards / "both")
    own_records, own_words = read(shards / shard)
    assert len(records) == len(words) == 2 * len(own_records) > 0
    for page, record in own_records.items():
        assert records[page] == records[f"{page}-2"] == record
        assert words[page] == words[f"{page}-2"] == own_words[page]


def test_shards_it_cannot_merge_with_certainty_are_left_unmerged(shards):
    first, second = two_shards(shards)
    entry = json.loads((shards / second / fmt.ENTRY).read_text(encoding="utf-8"))
    entry["version"] = "0.9.0"  # another Pagefind's
    (shards / second / fmt.ENTRY).write_text(json.dumps(entry), encoding="utf-8")
    assert not search_merge.merge(shards, "both", [first, second])
    assert not (shards / "both").exists() and not list(shards.glob(".*partial"))


def test_a_folded_shard_holds_its_pages_but_those_left_out_and_those_taken_in(shards):
    """A delta grown past its limit is folded into a shard by merging: another shard stands for the delta."""
    names = [name for name in json.loads((shards / "shards.json").read_text(encoding="utf-8")) if isinstance(name, str)]
    shard = next(name for name in names if len(read(shards / name)[0]) == 2)
    delta = next(name for name in names if name != shard)
    (left, kept), taken = sorted(read(shards / shard)[0]), min(read(shards / delta)[0])
    records, words = {}, {}
    for name, page in ((shard, kept), (delta, taken)):
        records[page] = read(shards / name)[0][page]
        words[page] = read(shards / name)[1][page]
    assert search_merge.fold(shards, shard, delta, {left}, {taken})
    assert read(shards / shard) == (records, words)
    assert sorted(search_words.own(shards / shard)) == sorted({word for found in words.values() for word in found})
    assert not list(shards.glob(".*partial")) and not list(shards.glob(".*folded"))


def test_a_fold_it_cannot_make_with_certainty_leaves_the_shard_as_it_was(shards):
    shard, delta = two_shards(shards)
    before = read(shards / shard)
    assert not search_merge.fold(shards, shard, delta, set(), {"not-a-page"})
    assert read(shards / shard) == before and not list(shards.glob(".*partial"))
