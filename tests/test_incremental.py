"""An incremental build writes exactly what a clean build of the same input writes, after every kind of change."""
from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
from contextlib import contextmanager

import pytest

from conftest import AS_OF, ROOT, doc, incremental_and_clean, normative, read_tree, resave, site_tree
from gongkai import pipeline
from gongkai.incremental import cache, pagefind_service

AS_OF_DATE = dt.date.fromisoformat(AS_OF)
FILES = {
    "content/gfxwj/a.md": normative("甲办法", 1, body="见[乙](../qtxx/b.md)。"),
    "content/gfxwj/fzsx/old.md": normative("旧办法", 2, validity="废止"),
    "content/zcjd/jd.md": doc("甲办法解读", 3, interprets="gfxwj/a", form="文字"),
    "content/qtxx/b.md": doc("乙信息", 4, attachments="[{file: f/x.pdf, title: 附件}]", data="t.yaml"),
    "content/qtxx/f/x.pdf": b"%PDF-1.4 one",
    "content/qtxx/t.yaml": "tables:\n  - title: 表\n    columns: [项目, 金额]\n    rows:\n      - [甲, 1.00]\n      - [乙, 2.00]\n",
    "content/czyjs/c.md": doc("2024年预算", 5, fiscal_year=2024, budget_kind="预算"),
    "content/qtxx/index.md": "---\ntitle: 其他\n---\n介绍。\n",
}


def edit(root, rel, old, new):
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def rename(root, old, new, linking):
    (root / old).rename(root / new)
    edit(root, linking, old.removeprefix("content/qtxx/"), new.removeprefix("content/qtxx/"))


CHANGES = {
    "body edit": lambda r: edit(r, "content/qtxx/b.md", "正文。", "正文改了。"),
    "title edit": lambda r: edit(r, "content/gfxwj/a.md", "甲办法", "甲办法（修订）"),
    "validity edit": lambda r: edit(r, "content/gfxwj/a.md", "validity: 有效", "validity: 失效"),
    # shown in the interpreted document's catalog.json row, which is not read again
    "interpretation's index number": lambda r: edit(r, "content/zcjd/jd.md", "2024-00003", "2024-00033"),
    "data file": lambda r: edit(r, "content/qtxx/t.yaml", "2.00", "3.50"),
    "attachment": lambda r: (r / "content/qtxx/f/x.pdf").write_bytes(b"%PDF-1.4 a longer second version"),
    "template": lambda r: (r / "templates").mkdir() or (r / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>找不到</h1>{% endblock %}", encoding="utf-8"),
    "static file": lambda r: (r / "static").mkdir() or (r / "static/extra.txt").write_text("x", encoding="utf-8"),
    "config": lambda r: edit(r, "config.yaml", "name: 测试县人民政府\n", "name: 测试县政府\n"),
    "deletion": lambda r: (r / "content/zcjd/jd.md").unlink(),
    "rename": lambda r: rename(r, "content/qtxx/b.md", "content/qtxx/b2.md", "content/gfxwj/a.md"),
    "new document": lambda r: (r / "content/qtxx/new.md").write_text(doc("新信息", 6), encoding="utf-8"),
    "intro edit": lambda r: edit(r, "content/qtxx/index.md", "介绍。", "新的介绍。"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_clean_build(change, site, cli, tmp_path):
    incremental, clean = incremental_and_clean(site(FILES), CHANGES[change], cli, tmp_path / "clean")
    assert incremental == clean


def preview(root, out):
    """Builds as serve makes them: drafts shown, the cache kept in memory between them."""
    session = pipeline.Session()
    return lambda: pipeline.run(root, AS_OF_DATE, out, search=False, drafts=True, session=session)


def same_as_clean_preview(root, out, result, tmp_path) -> bool:
    """A preview's output in `out` and the problems of its build `result` are a clean preview's."""
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    again = preview(clean, tmp_path / "clean-out")()
    return read_tree(out) == read_tree(tmp_path / "clean-out") and result.report.problems == again.report.problems


@pytest.mark.parametrize("change", list(CHANGES) + ["failed build in between"])
def test_a_preview_session_builds_what_a_clean_build_writes(change, site, tmp_path):
    """serve keeps its cache in memory between builds: every build from it equals a clean one."""
    root, out = site(FILES), tmp_path / "preview"
    build = preview(root, out)
    assert build().written
    CHANGES["body edit"](root)
    assert build().written
    if change == "failed build in between":
        bad = root / "content/qtxx/bad.md"
        bad.write_text(doc("坏", 9, date="2024-02-30"), encoding="utf-8")
        assert not build().written
        bad.unlink()
        CHANGES["title edit"](root)
    else:
        CHANGES[change](root)
    result = build()
    assert result.written, [p.format() for p in result.report.problems]
    assert same_as_clean_preview(root, out, result, tmp_path)


def theme_base(insert: str) -> str:
    """The default base.html with `insert` just before the end of <main>, as a site would override it."""
    return (ROOT / "templates/base.html").read_text(encoding="utf-8").replace("</main>", insert + "</main>")


#: site templates that show documents other than the page's own
READING_TEMPLATES = {
    "latest box": {"templates/base.html": theme_base(
        '<aside>最新：{% for d in site.documents[:5] %}<a href="{{ url(d.url) }}">{{ d.title }}</a>{% endfor %}</aside>')},
    "column count by attribute filter": {"templates/document.html": (
        "{% extends 'base.html' %}{% block main %}<h1>{{ doc.title }}</h1>"
        "{{ site.all_columns() | map(attribute='documents') | map('length') | join(',') }}{% endblock %}")},
}


@pytest.mark.parametrize("change", ["new document", "title edit", "deletion", "validity edit"])
@pytest.mark.parametrize("templates", list(READING_TEMPLATES))
def test_site_templates_reading_other_documents_stay_current(templates, change, site, cli, tmp_path):
    root = site({**FILES, **READING_TEMPLATES[templates]})
    incremental, clean = incremental_and_clean(root, CHANGES[change], cli, tmp_path / "clean")
    assert incremental == clean


@pytest.mark.parametrize("template, changed", [
    (theme_base("<p>{{ site.info.name }}：{{ page.title }}</p>"), 1),
    (READING_TEMPLATES["latest box"]["templates/base.html"], 1),  # titles, not bodies
    (theme_base('{% include "x/" ~ page.kind ~ ".html" ignore missing %}'), 1),  # the names it loaded
], ids=["page only", "other titles", "template named at render time"])
def test_a_body_edit_renders_what_the_site_templates_may_show_of_it(template, changed, site, cli):
    root = site({**FILES, "templates/base.html": template})
    cli("build", "--site", root)
    assert "（0 个重新生成，" in cli("build", "--site", root).out
    CHANGES["body edit"](root)
    pages, rendered = map(int, re.search(r"(\d+) 个页面（(\d+) 个重新生成", cli("build", "--site", root).out).groups())
    assert rendered == (pages if changed == "all" else changed)


@pytest.fixture
def walked_alongside(monkeypatch, forking) -> list:
    """Every build with a cache reads it while a forked child walks the inputs, as a large site's build does:
    the processes that walked them, one for each such build, and ("listed", pid) for each that listed the
    spare folder for produce."""
    monkeypatch.setattr(pipeline, "ALONGSIDE", 0)
    walked, real = [], pipeline.alongside

    class Noted:
        """As alongside.ChildWork, noting the process that did the work."""

        def __init__(self, later):
            self.later = later

        def __call__(self):
            pid, value = self.later()
            walked.append(pid)
            return value

        def then(self):
            pid, value = self.later.then()
            walked.append(("listed", pid))
            return value

    @contextmanager
    def noting(work, then=None):
        """As pipeline.alongside, noting the process that did the work."""
        with real(lambda: (os.getpid(), work()),
                  then and (lambda first: (os.getpid(), then(first[1])))) as later:
            yield Noted(later)
    monkeypatch.setattr(pipeline, "alongside", noting)
    return walked


@pytest.mark.parametrize("change", ["body edit", "title edit", "deletion", "config", "template"])
def test_a_build_whose_inputs_are_walked_alongside_equals_a_clean_build(change, site, cli, tmp_path,
                                                                        walked_alongside):
    incremental, clean = incremental_and_clean(site(FILES), CHANGES[change], cli, tmp_path / "clean")
    assert incremental == clean
    walked = [pid for pid in walked_alongside if type(pid) is int]
    assert len(walked) == 2  # the two builds with a cache: the clean builds have none
    assert all(pid != os.getpid() for pid in walked)
    listed = [noted[1] for noted in walked_alongside if type(noted) is tuple]
    assert len(listed) == 2 and all(pid in walked for pid in listed)  # by the child that walked, after it


LEFT_BY_HAND = {
    "stray file": lambda public: (public / "stray.html").write_text("<p>手工放入</p>", encoding="utf-8"),
    "empty folder": lambda public: (public / "empty/inner").mkdir(parents=True),
    # the same file: the spare's link to it too
    "page written over": lambda public: (public / "czyjs/c.html").write_bytes(b"defaced"),
}


@pytest.mark.parametrize("left", list(LEFT_BY_HAND))
def test_what_the_spare_held_besides_the_output_goes_when_the_child_listed_it(left, site, cli, tmp_path,
                                                                              walked_alongside):
    """What was done by hand to the published output is in the spare two builds on, which the child lists: it
    goes, or is made again, as a clean build has it."""
    root = site(FILES)
    cli("build", "--site", root)
    resave(root)
    cli("build", "--site", root)
    LEFT_BY_HAND[left](root / "public")
    for _ in range(2):
        resave(root)
        assert cli("build", "--site", root).code == 0
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")
    for folder in (root / "public", root / ".gongkai-cache-public/spare"):
        assert not {"stray.html", "empty"} & {p.name for p in folder.iterdir()}
    assert len([noted for noted in walked_alongside if type(noted) is tuple]) == 3


def test_a_build_whose_inputs_are_walked_alongside_knows_when_the_last_result_stands(site, cli, walked_alongside):
    root = site(FILES)
    cli("build", "--site", root)
    page = root / "public/qtxx/b.html"
    made = (page.stat().st_ino, page.stat().st_mtime_ns)
    again = cli("build", "--site", root)
    assert "（0 个重新生成，" in again.out and (page.stat().st_ino, page.stat().st_mtime_ns) == made
    original = page.read_bytes()
    page.write_bytes(b"defaced")
    cli("build", "--site", root)
    assert page.read_bytes() == original
    CHANGES["body edit"](root)
    assert "（1 个重新生成，" in cli("build", "--site", root).out
    assert "正文改了。" in page.read_text(encoding="utf-8")
    walked = [pid for pid in walked_alongside if type(pid) is int]
    assert len(walked) == 3 and os.getpid() not in walked


def test_unchanged_rebuild_renders_nothing(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    run = cli("build", "--site", root)
    assert "（0 个重新生成，" in run.out


def test_unchanged_rebuild_writes_nothing_and_repeats_the_last_report(site, cli):
    root = site({**FILES, "content/qtxx/w.md": doc("有未知键", 7, colour="红")})
    first = cli("build", "--site", root)
    assert "警告：未知的键“colour”" in first.err
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (root / "public").rglob("*")}
    cache = {p: p.stat().st_mtime_ns for p in (root / ".gongkai-cache-public").iterdir() if p.is_file()}
    again = cli("build", "--site", root)
    assert again.code == 0 and again.err == first.err
    counts = re.compile(r"(\d+) 篇文档，(\d+) 个页面（(\d+) 个重新生成，(\d+) 个沿用），(\d+) 个文件")
    documents, pages, rendered, _, files = counts.search(first.out).groups()
    assert rendered == pages
    assert counts.search(again.out).groups() == (documents, pages, "0", pages, files)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (root / "public").rglob("*")} == before
    assert {p: p.stat().st_mtime_ns for p in (root / ".gongkai-cache-public").iterdir() if p.is_file()} == cache


def test_after_an_edit_a_build_with_nothing_changed_reads_nothing(site, cli):
    """A build's record of its output is made from the files it wrote, not by listing them again: it must stand
    for the output as the next build's walk finds it, folders and search index included."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    CHANGES["body edit"](root)
    assert cli("build", "--site", root).code == 0
    record = root / ".gongkai-cache-public/unchanged.json"
    made = (record.stat().st_ino, record.stat().st_mtime_ns)
    again = cli("build", "--site", root)
    assert "（0 个重新生成，" in again.out
    assert (record.stat().st_ino, record.stat().st_mtime_ns) == made  # the record stood: nothing was built
    (root / "public/qtxx/extra.txt").write_text("放进输出的文件", encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    assert (record.stat().st_ino, record.stat().st_mtime_ns) != made  # a file added to the output: a real build
    assert not (root / "public/qtxx/extra.txt").exists()


def test_a_file_saved_while_a_build_runs_is_built_by_the_next_one(site, cli, monkeypatch):
    root = site(FILES)
    cli("build", "--site", root)
    real_read = pipeline.read_all

    def read_then_save(*args):  # the editor saves after the build has read everything
        documents = real_read(*args)
        CHANGES["body edit"](root)
        return documents
    monkeypatch.setattr(pipeline, "read_all", read_then_save)
    resave(root)
    cli("build", "--site", root)
    monkeypatch.setattr(pipeline, "read_all", real_read)
    assert "正文改了。" not in (root / "public/qtxx/b.html").read_text(encoding="utf-8")
    cli("build", "--site", root)
    assert "正文改了。" in (root / "public/qtxx/b.html").read_text(encoding="utf-8")


def test_a_document_linked_to_a_file_it_shows_is_read_again_when_that_file_changes(site, cli, tmp_path):
    root = site(FILES)
    (root / "content/qtxx/.l.md").write_text(doc("丙信息", 7), encoding="utf-8")  # hidden: read through the link only
    (root / "content/qtxx/l.md").symlink_to(".l.md")
    incremental, clean = incremental_and_clean(
        root, lambda r: edit(r, "content/qtxx/.l.md", "正文。", "正文改了。"), cli, tmp_path / "clean")
    assert "正文改了。".encode() in incremental["qtxx/l.html"]
    assert incremental == clean


def test_a_file_linked_from_a_body_edited_builds_what_a_clean_build_writes(site, cli, tmp_path):
    """Its text is checked when its document is read (attachment_text.scan_linked): the document is read again."""
    root = site({**FILES, "content/qtxx/l.md": doc("丁信息", 8, body="附件：[名单](f/mingdan.csv)"),
                 "content/qtxx/f/mingdan.csv": "姓名,人数\n张三,3\n"})
    incremental, clean = incremental_and_clean(
        root, lambda r: (r / "content/qtxx/f/mingdan.csv").write_text("姓名,人数\n张三,4\n", encoding="utf-8"),
        cli, tmp_path / "clean")
    assert incremental["qtxx/f/mingdan.csv"] == "姓名,人数\n张三,4\n".encode()
    assert incremental == clean


def test_body_edit_renders_only_its_page(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert "（1 个重新生成，" in run.out


def test_a_body_edit_reads_from_the_cache_only_the_documents_it_shows(site, cli, monkeypatch):
    """Documents come back from the cache with their path, content key and type alone, the rest read when first
    wanted: a body edit takes up the last build's site and reads the edited document and what its page shows of
    others, not the fields of every document (a sixth of such a build at 10,000 documents)."""
    others = {f"content/qtxx/n{i:02d}.md": doc(f"其他信息{i}", 10 + i) for i in range(30)}
    root = site({**FILES, **others})
    assert cli("build", "--site", root).code == 0
    read = []
    fields = cache._fields
    monkeypatch.setattr(cache, "_fields", lambda *at: read.append(fields(*at)["path"]) or fields(*at))
    CHANGES["body edit"](root)
    run = cli("build", "--site", root)
    assert "（1 个重新生成，" in run.out
    assert read == ["qtxx/b"]  # its last reading, compared with this one (incremental/snapshot.py)
    assert "正文改了。" in (root / "public/qtxx/b.html").read_text(encoding="utf-8")


def test_corrupt_cache_is_ignored(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    for path in (root / ".gongkai-cache-public").iterdir():
        if path.is_file():
            path.write_bytes(b"garbage")
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert "甲办法（修订）" in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")


def test_a_body_edit_saves_only_the_cache_buckets_it_changed(site, cli):
    root = site(FILES)
    entries = root / ".gongkai-cache-public/entries"
    cli("build", "--site", root)
    resave(root)
    cli("build", "--site", root)
    before = {p.name for p in entries.iterdir()}
    CHANGES["body edit"](root)
    assert cli("build", "--site", root).code == 0
    after = {p.name for p in entries.iterdir()}
    # the document's entry and its page's entry: the build takes up the last build's site, so catalog.json's
    # rows are not made again; the spare takes over the old buckets as they are
    assert len(after - before) == 2
    assert len(after) <= len(before) + 1


def test_the_first_body_edit_after_a_clean_build_saves_only_the_buckets_it_changed(site, cli):
    """A clean build lists its pages as they are rendered, the next build in the site's order: a bucket is the
    same whatever order its entries come in, so the first edit writes what it changed and no more."""
    more = {f"content/qtxx/2024-{i:03d}.md": doc(f"第{i}号通知", 100 + i) for i in range(140)}
    root = site({**FILES, **more})
    entries = root / ".gongkai-cache-public/entries"
    assert cli("build", "--site", root).code == 0
    before = {p.name for p in entries.iterdir()}
    assert len(before) > 8  # several buckets of pages, of documents…
    CHANGES["body edit"](root)
    assert cli("build", "--site", root).code == 0
    after = {p.name for p in entries.iterdir()}
    assert len(after - before) == 2  # the document's entry and its page's


def test_a_small_sites_cache_is_a_few_files_and_one_that_grows_past_a_doubling_reads_back(site, cli, tmp_path):
    """A site group's member is small: its cache is one file for each kind of entry, not dozens of files of
    an entry or two. When the site grows the buckets split, and the next build still reuses what it read."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    assert len(list((root / ".gongkai-cache-public/entries").iterdir())) <= 6  # docs, pages, copies, rows…
    more = {f"content/qtxx/2024-{i:03d}.md": doc(f"第{i}号通知", 100 + i) for i in range(70)}
    for path, text in more.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0 and "，0 个沿用）" not in run.out, run.out
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_a_lost_or_corrupt_cache_bucket_means_a_full_build(site, cli, tmp_path):
    root = site(FILES)
    cli("build", "--site", root)
    buckets = sorted((root / ".gongkai-cache-public/entries").iterdir(), key=lambda p: p.stat().st_size)
    buckets[-1].write_bytes(b"garbage")
    buckets[-2].unlink()
    CHANGES["title edit"](root)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert "，0 个沿用）" in run.out  # nothing trusted from a cache that cannot be read whole
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_output_edited_by_hand_is_rewritten(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    page = root / "public/qtxx/b.html"
    original = page.read_bytes()
    page.write_bytes(b"defaced")
    cli("build", "--site", root)
    assert page.read_bytes() == original


def test_a_file_removed_from_the_search_index_by_hand_is_put_back(site, cli):
    """A search shard is checked by its folders and entry file, not by each of its files: a file taken
    out of it still makes the next build a real one."""
    root = site(FILES)
    cli("build", "--site", root)
    fragments = sorted((root / "public/pagefind").glob("*/fragment/*.pf_fragment"))
    assert fragments
    original = fragments[0].read_bytes()
    fragments[0].unlink()
    cli("build", "--site", root)
    assert fragments[0].read_bytes() == original


def test_spare_never_writes_through_to_the_published_site(site, cli):
    root = site(FILES)
    cli("build", "--site", root)
    resave(root)
    cli("build", "--site", root)  # pages of the spare are now hard links to the published ones
    published = root / "public/qtxx/b.html"
    before = published.read_bytes()
    CHANGES["body edit"](root)
    failing = root / "content/qtxx/bad.md"
    failing.write_text(doc("坏", 9, date="2024-02-30"), encoding="utf-8")
    assert cli("build", "--site", root).code == 1
    assert published.read_bytes() == before


def test_a_build_that_writes_every_page_anew_leaves_the_spare_current(site, cli, tmp_path):
    """The output a build replaces is brought up to date by that build: after an edit of the frame every page
    reads, the spare holds the published files themselves, so the next build, an edit's, links none again and
    the replaced files are gone at once."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    resave(root)
    assert cli("build", "--site", root).code == 0
    (root / "templates").mkdir()
    (root / "templates/base.html").write_text((ROOT / "templates/base.html").read_text(encoding="utf-8")
                                              .replace("</footer>", "<p>页脚说明</p></footer>"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0 and "（0 个重新生成" not in run.out
    spare = cache.BuildCache.spare_for(root / "public")
    pages = sorted((root / "public").rglob("*.html"))
    assert pages and all((spare / p.relative_to(root / "public")).stat().st_ino == p.stat().st_ino for p in pages)
    CHANGES["body edit"](root)
    assert cli("build", "--site", root).code == 0
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_no_search_keeps_the_previous_index_and_a_full_build_renews_it(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root, "--no-search").code == 0
    assert not (root / "public/pagefind").exists()
    assert cli("build", "--site", root).code == 0
    index = {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")}
    edit(root, "content/qtxx/b.md", "正文。", "正文加入了检索词汇。")
    assert cli("build", "--site", root, "--no-search").code == 0
    after = {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")}
    assert sorted(after) == sorted(index)
    assert [p for p in index if index[p] != after[p]] == []
    assert cli("build", "--site", root).code == 0
    assert {p: d for p, d in read_tree(root / "public").items() if p.startswith("pagefind/")} != index


def test_rendering_lets_go_of_a_body_it_fetched_and_keeps_one_the_document_had(site, tmp_path):
    from gongkai.incremental.bodies import BodyStore
    from gongkai.output.render import Renderer
    root = site(FILES)
    loaded = pipeline.load(root, AS_OF_DATE)
    page = next(p for p in pipeline.plan(loaded)[0] if p.kind == "document" and p.doc.source == "content/qtxx/b.md")
    body = page.doc.body_html
    store = BodyStore(tmp_path / "store")
    store.put([page.doc])
    renderer = Renderer(root, loaded.site, store)
    assert body.encode() in renderer.render(page)
    assert page.doc.body_html == body  # read with the document: kept
    page.doc.body_html = page.doc.toc = None  # as a document from the cache arrives
    assert body.encode() in renderer.render(page)
    assert page.doc.body_html is None  # fetched for this page only: a worker does not keep every body


def open_files() -> int:
    """The files this process holds open, besides the idle Pagefind kept for the next index: its pipes come
    and go with its lifetime, whatever test started it."""
    pagefind_service.stop_all()
    return len(os.listdir("/proc/self/fd"))


def test_builds_one_after_another_in_one_process_keep_no_file_open(site, cli):
    """serve, or anything else that builds again and again, ran out of file descriptors: each build left
    its body store's connection open until a cycle collection that may not come."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    gc.collect()  # what earlier tests left is closed now, not while these builds run
    before = open_files()
    for i in range(5):
        edit(root, "content/qtxx/b.md", "正文", f"正文{i}")
        assert cli("build", "--site", root).code == 0
    assert open_files() == before


def test_a_build_that_fails_judging_the_last_result_keeps_no_file_open(site, cli, monkeypatch, walked_alongside):
    """The cache is read while the inputs are walked: an error met walking them is reported as any error is, the
    child's and then this process's (parallel.alongside), and leaves no file open."""
    from gongkai.problems import GongkaiError

    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    gc.collect()
    before = open_files()

    def failing(*args):
        raise GongkaiError("输入文件夹无法读取", "content", 1)
    monkeypatch.setattr(pipeline, "_since_last", failing)
    run = cli("build", "--site", root)
    assert run.code != 0 and "content:1: 错误：输入文件夹无法读取" in run.err
    assert open_files() == before


def test_a_build_killed_while_saving_its_cache_leaves_no_file_behind_the_next(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    (root / ".gongkai-cache-public/.cache.pickle.tmp").write_bytes(b"half an index")  # as a killed save leaves it
    CHANGES["title edit"](root)
    assert cli("build", "--site", root).code == 0
    assert not list((root / ".gongkai-cache-public").glob(".cache*"))


def test_a_malformed_body_store_is_made_anew_and_the_cache_works_again(site, cli, tmp_path):
    """The body store does not wait for the disk, so a power cut may leave it malformed: the build after
    it still publishes what a clean build does and starts the cache afresh, and the builds after that take
    what they can from it again instead of reading everything each time."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    store = root / ".gongkai-cache-public/bodies.sqlite"
    data = bytearray(store.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the header's page size
    assert len(data) > page
    for at in range(page, len(data), 97):  # every page but the first, the file's header and its tables
        data[at] = (data[at] * 31 + 7) % 256
    store.write_bytes(bytes(data))
    for change in ("body edit", "title edit", "validity edit"):
        CHANGES[change](root)
        run = cli("build", "--site", root)
        assert run.code == 0, run.err
    assert "，0 个沿用）" not in run.out, run.out
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_a_body_store_put_back_from_an_older_copy_has_its_missing_bodies_read_again(site, cli, tmp_path):
    """A build trusts the body store to hold every document's body while it is the very file the cache was
    saved with; any other file (a backup put back, a copy) is asked which bodies it lacks, and their
    documents are read again rather than the build failing when their pages are rendered."""
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    store = root / ".gongkai-cache-public/bodies.sqlite"
    older = tmp_path / "older.sqlite"
    shutil.copy2(store, older)
    CHANGES["body edit"](root)
    assert cli("build", "--site", root).code == 0
    shutil.copy2(older, store)
    CHANGES["config"](root)  # every page rendered again, the edited document's among them
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


@pytest.mark.parametrize("table", ["body", "fields"])
@pytest.mark.parametrize("change", ["body edit", "config"])
def test_documents_whose_bodies_or_fields_the_store_lost_are_read_again(table, change, site, cli, tmp_path):
    """The cache keeps a document's body and its fields (front matter, lines, links…) in the body store; those
    the store has lost are read again from content/, whatever the build then needs of them."""
    import sqlite3
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    with sqlite3.connect(root / ".gongkai-cache-public/bodies.sqlite") as db:
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 5
        db.execute(f"DELETE FROM {table}")
    CHANGES[change](root)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    assert cli("build", "--site", tmp_path / "clean").code == 0
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_the_body_store_drops_the_bodies_no_document_has_once_enough_have_piled_up(site, cli, monkeypatch):
    """Each body edit leaves the old body behind (dropping it at each save cost 0.14 s at 100,000 documents);
    once documents edited since number more than STALE_BODIES_LEAST (here 2), the store holds only the bodies
    the documents have."""
    import sqlite3
    monkeypatch.setattr(cache, "STALE_BODIES_LEAST", 2)
    root = site(FILES)
    assert cli("build", "--site", root).code == 0

    def bodies() -> int:
        with sqlite3.connect(root / ".gongkai-cache-public/bodies.sqlite") as db:
            return db.execute("SELECT count(*) FROM body").fetchone()[0]
    documents = bodies()
    counts = []
    for i in range(3):
        edit(root, "content/qtxx/b.md", "正文", f"正文{i}")
        assert cli("build", "--site", root).code == 0
        counts.append(bodies())
    assert counts == [documents + 1, documents + 2, documents]


def test_a_document_withdrawn_by_a_copy_that_puts_its_size_and_time_back_is_seen(site, cli):
    """cp -p, an archive unpacked over the file or touch -r put the old size and modification time back:
    the status-change time, which nothing sets back, still tells the file was written."""
    root = site({"content/qtxx/a.md": doc("第一篇"), "content/qtxx/b.md": doc("将撤回的文件", 2, draft="false")})
    assert cli("build", "--site", root).code == 0
    assert (root / "public/qtxx/b.html").is_file()
    source = root / "content/qtxx/b.md"
    before = source.stat()
    withdrawn = source.read_text(encoding="utf-8").replace("draft: false", "draft: true ")  # the same size
    assert len(withdrawn.encode()) == before.st_size
    source.write_text(withdrawn, encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert not (root / "public/qtxx/b.html").exists()
    assert not [path for path, data in read_tree(root / "public").items() if "将撤回的文件".encode() in data]
