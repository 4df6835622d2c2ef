"""The short run of the search measurement (tests/measure_search.py; a run at 100,000 documents: bench/README.md):
the sample site split into small shards, served by nginx and searched in Chromium, gives a row a query with
results and one without, with what the first visit fetched."""
from __future__ import annotations

from pathlib import Path

import pytest

import build
import measure_search
from conftest import AS_OF, ROOT
from web_server import NGINX

from gongkai.incremental.search_shards import SIZE_VARIABLE

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="tests/install.sh installs nginx")


def test_each_query_is_timed_with_the_shards_and_chunks_its_first_visit_fetched(tmp_path, capsys, monkeypatch):
    out = tmp_path / "public"
    monkeypatch.setenv(SIZE_VARIABLE, "4")  # dozens of shards, as a large site has
    assert build.main(["build", "--site", str(ROOT), "--out", str(out), "--as-of", AS_OF]) == 0
    capsys.readouterr()
    assert measure_search.main(["--public", str(out), "--query", "养老", "--query", "ZZQQXX",
                                "--work", str(tmp_path / "work")]) == 0
    header, *lines = capsys.readouterr().out.strip().splitlines()
    assert header.split("\t") == ["query", "found", "first s", "again s", "shards", "chunks", "KiB"]
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in lines}
    found, first, again, shards, chunks, kib = rows["养老"]
    assert int(found) > 0 and float(first) > 0 and float(again) > 0
    assert 1 < int(shards) < len(list((out / "pagefind").glob("*/pagefind-entry.json")))  # only those holding the word
    assert int(chunks) >= int(shards) and int(kib) > 0
    found, _, _, shards, chunks, _ = rows["ZZQQXX"]
    assert (found, shards, chunks) == ("0", "0", "0")  # a word no shard holds searches none
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == []  # the server's files are gone
    assert measure_search.main(["--public", str(out), "--query", "养老", "--latency", "200",
                                "--work", str(tmp_path / "work")]) == 0
    _, line = capsys.readouterr().out.strip().splitlines()
    found, first = line.split("\t")[1:3]
    # the page, its script, the list of shards, Pagefind's script and worker, an index's entry, metadata and
    # chunk come one after another: each 200 ms late, the first visit takes over a second however fast the machine
    assert found == rows["养老"][0] and float(first) > 1.4
