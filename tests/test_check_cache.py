"""`check` reads the cache of the site's own build (the one beside `public/`): a document that build read
and a page it rendered, from inputs unchanged since, stand for what the check would read and render again.
What it reports is what a check without that cache reports, and it writes nothing the build wrote."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import AS_OF, read_tree
from gongkai import pipeline
from test_incremental import CHANGES, FILES, edit

CACHE = ".gongkai-cache-public"
#: the build's own files of record: a check must leave them as the build wrote them
RECORDS = ("cache.pickle", "unchanged.json", "site.pickle", "site-keys.json")
EDITS = {
    **CHANGES,
    "a dead link": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文。见[丙](c.md)。"),
    "a link to a heading that is not there": lambda r: edit(r, "content/gfxwj/a.md", "(../qtxx/b.md)", "(../qtxx/b.md#无此节)"),
    "personal information": lambda r: edit(r, "content/qtxx/b.md", "正文。", "联系电话 13812345678。"),
    "an unknown topic": lambda r: edit(r, "content/qtxx/b.md", "topic: 综合政务", "topic: 不存在的主题"),
}


def check_without_the_cache(root, cli, tmp_path):
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    return cli("check", "--site", clean)


@pytest.mark.parametrize("change", list(EDITS))
def test_a_check_after_a_build_reports_what_a_check_without_it_reports(change, site, cli, tmp_path):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    EDITS[change](root)
    run = cli("check", "--site", root)
    again = check_without_the_cache(root, cli, tmp_path)
    assert (run.code, run.err) == (again.code, again.err)


def test_a_check_after_a_build_renders_nothing_and_writes_nothing_the_build_wrote(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    published = read_tree(root / "public")
    records = {name: (root / CACHE / name).read_bytes() for name in RECORDS}
    result = pipeline.run(root, dt.date.fromisoformat(AS_OF), None, cache_dir=root / CACHE)
    assert result.pages > 0 and result.rendered == 0 and result.reused == result.pages
    edit(root, "content/qtxx/b.md", "正文。", "正文改了。")
    assert cli("check", "--site", root).code == 0
    assert read_tree(root / "public") == published
    assert {name: (root / CACHE / name).read_bytes() for name in RECORDS} == records
