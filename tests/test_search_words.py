"""The words of the search index that the search page chooses shards by: every index's own, all of them
in pagefind/words/ by first character, kept as the index changes, and a build that cannot read them stops."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import doc
from test_search_shards import FILES  # six documents in three years, 2024 split in two pages a shard

from gongkai.incremental import pagefind_service, search_delta, search_index, search_merge, search_words
from gongkai.incremental.search_shards import SIZE_VARIABLE


@pytest.fixture(autouse=True)
def small_shards(monkeypatch):
    monkeypatch.setenv(SIZE_VARIABLE, "2")


def buckets(out: Path) -> list[Path]:
    return sorted(p for p in (out / "pagefind/words").iterdir() if p.stem.isdigit())


def listed(out: Path) -> list[str]:
    """The indexes shards.json lists, the delta left out."""
    return [e for e in json.loads((out / "pagefind/shards.json").read_text(encoding="utf-8")) if isinstance(e, str)]


def shards(out: Path) -> list[str]:
    """The shards the listed indexes hold (a merged index's own), sorted by name."""
    return sorted(shard for name in listed(out) for shard in search_merge.held(out / "pagefind", name))


def holders(out: Path) -> dict[str, list[str]]:
    """Each word of pagefind/words/ -> the names of the shards holding it, checking each is in its bucket."""
    found: dict[str, list[str]] = {}
    for bucket in buckets(out):
        read = json.loads(bucket.read_text(encoding="utf-8"))
        assert read["indexes"] == shards(out)  # the shards, not the delta
        for word, positions in read["words"].items():
            assert f"{ord(word[0]) % search_words.BUCKETS}.json" == bucket.name
            found[word] = [read["indexes"][p] for p in positions]
    return found


def test_the_buckets_hold_every_word_of_every_shard_and_where_it_is(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    names = shards(out)
    assert listed(out) == ["2023", "2024-1to2of2", "2025"] and names == ["2023", "2024-1of2", "2024-2of2", "2025"]
    assert len(buckets(out)) == search_words.BUCKETS
    own = {name: json.loads((out / "pagefind" / name / search_words.OWN).read_text(encoding="utf-8")) for name in names}
    words = holders(out)
    assert words == {w: [n for n in names if w in own[n]] for w in sorted({w for ws in own.values() for w in ws})}
    assert words["湿地"] == ["2025"] and words["森林"] == ["2023"]
    assert "信息" in words and len(words["信息"]) == len(names)  # in every title


def test_an_edit_in_the_delta_keeps_its_words_there_and_a_deletion_takes_them_out(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    page = root / "content/qtxx/a.md"
    page.write_text(page.read_text(encoding="utf-8").replace("森林防火工作情况。", "森林防火工作情况。秸秆禁烧。"),
                    encoding="utf-8")
    before = {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(root / "public")}
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    assert "秸秆" in search_words.own(out / "pagefind/delta") and "秸秆" not in holders(out)  # the page reads the delta's
    assert {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(out)} == before  # not even written again
    page.unlink()
    assert cli("build", "--site", root).code == 0
    words = holders(out)
    assert "秸秆" not in words and "森林" not in words


def test_a_correction_in_a_merged_year_lists_its_shards_and_writes_only_the_buckets_of_words_that_left(site, cli):
    """Taking text out of a page of a merged year lists the year's shards again instead of the merged index (until
    a fold): the buckets name shards, so they stay as they were but those of the words no shard holds any more."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    before = {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(out)}
    page = root / "content/qtxx/d.md"
    page.write_text(page.read_text(encoding="utf-8").replace("中小学校舍改造。", "中小学改造。"), encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    assert listed(out) == ["2023", "2024-1of2", "2024-2of2", "2025"] and "校舍" not in holders(out)
    after = {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(out)}
    assert {name for name in before if after[name] != before[name]} == {f"{ord('校') % search_words.BUCKETS}.json"}
    assert "(word buckets)" not in search_index.found(out)
    assert cli("build", "--site", root, "--fold-search").code == 0
    assert listed(out) == ["2023", "2024-1to2of2", "2025"] and "(word buckets)" not in search_index.found(out)


def apart(out: Path, merged: str) -> bool:
    """Whether the shards of the merged index `merged` stand apart among all shards in name order."""
    every, own = shards(out), search_merge.held(out / "pagefind", merged)
    first = every.index(own[0])
    return every[first:first + len(own)] != own


def test_a_correction_in_a_year_of_many_shards_writes_only_the_buckets_of_words_that_left(site, cli):
    """Shards.json lists a year's indexes by name, a merged index where its first shard would be (2024-5to8of64
    after 2024-59of64, its shards 2024-5of64 ... 2024-8of64 apart from each other once listed again): the buckets
    name the shards in one order however they are listed, so a correction in a merged group writes no bucket but
    those of the words that left."""
    crafts = ["剪纸", "刺绣", "陶瓷", "漆器", "木雕", "竹编", "石刻", "年画", "皮影", "泥塑", "草编", "扎染"]
    root = site({f"content/qtxx/p{n:02d}.md": doc(f"第{n}号信息", n, 2024, body=f"本年度{crafts[n // 2]}技艺传承第{n}期情况。")
                 for n in range(24)})
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    spread = [name for name in listed(out) if search_merge.NAME.fullmatch(name) and apart(out, name)]
    assert spread  # a merged index whose shards, listed again, stand apart
    shard = search_merge.held(out / "pagefind", spread[0])[0]
    before = {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(out)}
    record = next(iter(search_delta.fragments(out / "pagefind" / shard).values()))
    page = root / "content/qtxx" / Path(record["url"]).with_suffix(".md").name
    craft = next(c for c in crafts if c in page.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8").replace(f"本年度{craft}技艺", "本年度技艺"), encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    assert spread[0] not in listed(out) and shard in listed(out)  # listed as its shards until a fold
    after = {p.name: (p.read_bytes(), p.stat().st_ino) for p in buckets(out)}
    assert {name for name in before if after[name] != before[name]} <= {f"{ord(craft[0]) % search_words.BUCKETS}.json"}
    assert "(word buckets)" not in search_index.found(out)


def test_a_chunk_another_pagefind_wrote_stops_the_build_and_names_it(site, cli, monkeypatch):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    before = {p: p.read_bytes() for p in sorted((root / "public").rglob("*")) if p.is_file()}
    real = pagefind_service.index

    def other_format(executable: Path, pages: Path, count: int, output: Path, timeout: float) -> None:
        real(executable, pages, count, output, timeout)
        for chunk in (output / "index").iterdir():  # a format this generator does not know
            chunk.write_bytes(gzip.compress(gzip.decompress(chunk.read_bytes()) + b"\x00"))
    monkeypatch.setattr(pagefind_service, "index", other_format)
    page = root / "content/qtxx/f.md"
    page.write_text(page.read_text(encoding="utf-8").replace("湿地保护", "森林保护"), encoding="utf-8")  # takes text out
    run = cli("build", "--site", root)
    assert run.code != 0
    assert "生成全文搜索索引失败，原有输出未改动" in run.err and ".pf_index" in run.err and "requirements.txt" in run.err
    assert {p: p.read_bytes() for p in sorted((root / "public").rglob("*")) if p.is_file()} == before


def test_an_index_made_before_indexes_kept_their_words_is_read_from_its_chunks(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    shard = root / "public/pagefind/2023"
    kept = json.loads((shard / search_words.OWN).read_text(encoding="utf-8"))
    (shard / search_words.OWN).unlink()
    assert search_words.own(shard) == kept and "森林" in kept
    assert json.loads((shard / search_words.OWN).read_text(encoding="utf-8")) == kept  # read once


def test_words_written_with_diacritics_are_read_past_their_variants(site, cli):
    root = site({**FILES, "content/qtxx/g.md": doc("庚信息", 7, 2025, body="Café 与 Zhōngguó 的 résumé，cafe 也是。")})
    assert cli("build", "--site", root).code == 0
    words = holders(root / "public")
    assert {"cafe", "zhongguo", "resume"} <= set(words) and words["湿地"] == ["2025"]


def test_a_bucket_that_names_the_wrong_shards_is_found_out(site, cli):
    """What every comparison of an incremental build with a clean one relies on to see a wrong bucket:
    the index as found lists each word whose bucket does not name the shards holding it."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    assert "(word buckets)" not in search_index.found(out)
    bucket = out / "pagefind/words" / f"{ord('森') % search_words.BUCKETS}.json"
    read = json.loads(bucket.read_text(encoding="utf-8"))
    del read["words"]["森林"]
    bucket.write_text(json.dumps(read, ensure_ascii=False), encoding="utf-8")
    assert search_index.found(out)["(word buckets)"] == [{"森林": [[read["indexes"].index("2023")], None]}]
