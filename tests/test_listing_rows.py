"""Rows of long listings kept between builds (output/rows.py, incremental/listing_rows.py): a listing
rendered again renders only the rows whose inputs changed, and the page is a clean build's all the same."""
from __future__ import annotations

import pickle
import sqlite3

import pytest

from conftest import AS_OF, normative
from gongkai.output import record, rows
from gongkai.output.render import THEME_DIR
from test_incremental import FILES, edit
from test_snapshot import CACHE, NEXT_DAY, same_as_clean

#: the 规范性文件 column with six documents, the first of which expires on the build date
LISTED = {**FILES, "content/gfxwj/a.md": normative("甲办法", 1, body="见[乙](../qtxx/b.md)。", expires=AS_OF),
          **{f"content/gfxwj/n{i}.md": normative(f"第{i}号办法", 10 + i) for i in range(5)}}
NORMATIVE = {"gfxwj/a", "gfxwj/fzsx/old", *(f"gfxwj/n{i}" for i in range(5))}
#: the listings every normative document is shown in
LISTINGS = ("gfxwj/index.html", "gfxwj/wjk.html")


@pytest.fixture
def rendered(monkeypatch) -> list[tuple[str, str]]:
    """Every row rendered, as (row template, path of its document); every listing keeps its rows, so
    the small site here stands for a large one."""
    monkeypatch.setattr(rows, "LONG", 1)
    calls, real = [], rows._render

    def spy(context, page, name, item, values):
        calls.append((name, record.unwrap(item).path))
        return real(context, page, name, item, values)
    monkeypatch.setattr(rows, "_render", spy)
    return calls


def stored(root, page: str) -> tuple[str, dict] | None:
    """The rows the store keeps for `page` and the page's fingerprint they were made with."""
    with sqlite3.connect(root / CACHE / "bodies.sqlite") as db:
        found = db.execute("SELECT data FROM listing WHERE page = ?", (page,)).fetchone()
    return pickle.loads(found[0]) if found else None


def store(root, page: str, kept: tuple[str, dict]) -> None:
    with sqlite3.connect(root / CACHE / "bodies.sqlite") as db:
        db.execute("UPDATE listing SET data = ? WHERE page = ?", (pickle.dumps(kept), page))


def test_the_day_a_document_expires_renders_its_rows_and_no_other(site, cli, tmp_path, rendered):
    root = site(LISTED)
    assert cli("build", "--site", root).code == 0
    assert {path for _, path in rendered} >= NORMATIVE
    rendered.clear()
    run = cli("build", "--site", root, "--as-of", NEXT_DAY)
    assert run.code == 0
    assert rendered and {path for _, path in rendered} == {"gfxwj/a"}
    assert {"partials/doc_row.html", "partials/library_row.html"} <= {name for name, _ in rendered}
    column, library = ((root / "public" / page).read_text(encoding="utf-8") for page in LISTINGS)
    assert "废止、失效和已修改文件（2）" in column and "现行有效文件（5）" in column
    assert library.count('data-validity="失效"') == 1 and library.count('data-validity="有效"') == 5
    assert same_as_clean(root, run, cli, tmp_path, "--as-of", NEXT_DAY)


def test_a_title_edit_renders_that_documents_rows_alone(site, cli, tmp_path, rendered):
    root = site(LISTED)
    assert cli("build", "--site", root).code == 0
    rendered.clear()
    edit(root, "content/gfxwj/n3.md", "第3号办法", "第3号办法（修订）")
    run = cli("build", "--site", root)
    assert run.code == 0 and {path for _, path in rendered} == {"gfxwj/n3"}
    assert all("第3号办法（修订）" in (root / "public" / page).read_text(encoding="utf-8") for page in LISTINGS)
    assert same_as_clean(root, run, cli, tmp_path)


def test_a_row_template_of_the_sites_own_renders_every_row_of_it_anew(site, cli, tmp_path, rendered):
    root = site(LISTED)
    assert cli("build", "--site", root).code == 0
    rendered.clear()
    theme = (THEME_DIR / "partials/library_row.html").read_text(encoding="utf-8")
    (root / "templates/partials").mkdir(parents=True)
    (root / "templates/partials/library_row.html").write_text(
        theme.replace("<td>{{ written }}</td>", "<td>{{ written }}（成文）</td>"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0
    assert {path for name, path in rendered if name == "partials/library_row.html"} == NORMATIVE
    assert "partials/doc_row.html" not in {name for name, _ in rendered}
    assert (root / "public/gfxwj/wjk.html").read_text(encoding="utf-8").count("（成文）") == len(NORMATIVE)
    assert same_as_clean(root, run, cli, tmp_path)


@pytest.mark.parametrize("made_with", ["the published page", "another rendering"])
def test_rows_are_taken_up_only_with_the_page_they_were_made_with(made_with, site, cli, rendered):
    """Rows the store holds for another rendering of the page than the one published (a build that
    failed, a page brought back from the spare) are not taken up, whatever their records say."""
    root = site(LISTED)
    assert cli("build", "--site", root).code == 0
    fingerprint, kept = stored(root, "gfxwj/wjk.html")
    kept = {key: (html.replace("第2号办法", "不应出现的标题"), was) for key, (html, was) in kept.items()}
    store(root, "gfxwj/wjk.html", (fingerprint if made_with == "the published page" else "another", kept))
    assert cli("build", "--site", root, "--as-of", NEXT_DAY).code == 0
    library = (root / "public/gfxwj/wjk.html").read_text(encoding="utf-8")
    assert ("不应出现的标题" in library) == (made_with == "the published page")


def test_a_listing_that_becomes_short_keeps_no_rows(site, cli, rendered, monkeypatch):
    monkeypatch.setattr(rows, "LONG", 3)  # the 文件库 lists the 6 of LISTED, then 甲办法 and 旧办法
    root = site(LISTED)
    assert cli("build", "--site", root).code == 0
    assert stored(root, "gfxwj/wjk.html") is not None
    for i in range(5):
        (root / f"content/gfxwj/n{i}.md").unlink()
    assert cli("build", "--site", root).code == 0
    assert stored(root, "gfxwj/wjk.html") is None
    assert "第1号办法" not in (root / "public/gfxwj/wjk.html").read_text(encoding="utf-8")
