"""A page is rendered again when something it read changed, and only then: whatever template shows it.

The reproductions of stale pages (a site template, or a line added to the default theme, showing
documents' gazette issues) and the costs that must follow the change (the next day's build, a
template no other page uses).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys

import pytest

from conftest import AS_OF, BASE_CONFIG, ROOT, doc, incremental_and_clean, normative, site_tree

CONFIG = BASE_CONFIG + """\
  - path: zfgb
    name: 政府公报
    type: gazette
"""
RULE = "11340000MB0000000M/2024-00001"
PDF = b"%PDF-1.4 gazette"


def issue(contents: str) -> str:
    head = doc("测试县人民政府公报2024年第1期", 50, 2024, type="gazette", fiscal_year=2024, issue=1,
               attachments="[{file: 2024-01.pdf, title: PDF版}]")
    return head.replace("\n---\n", "\ncontents:\n" + contents + "---\n", 1)


FILES = {
    "content/gfxwj/a.md": normative("甲办法", 1),
    "content/zcjd/jd.md": doc("甲办法解读", 3, interprets="gfxwj/a", form="文字"),
    "content/zfgb/2024-01.md": issue(f'  - {{ref: "{RULE}", page: 3}}\n'),
    "content/zfgb/2024-01.pdf": PDF,
}
GAZETTES = '{% for g in d.gazettes %}<span class="in">{{ g.title }}</span>{% endfor %}'


def drop_from_issue(root):
    """The issue's 目录 no longer lists the normative document."""
    (root / "content/zfgb/2024-01.md").write_text(issue("  - {title: 只在PDF中的通报, page: 9}\n"), encoding="utf-8")


@pytest.fixture
def theme(tmp_path, monkeypatch):
    """A copy of the default theme the build uses instead of the repository's: a test may edit it."""
    root = tmp_path / "theme"
    for folder in ("templates", "static"):
        shutil.copytree(ROOT / folder, root / folder)
    for name, module in list(sys.modules.items()):
        if name.startswith("gongkai") and hasattr(module, "THEME_DIR"):
            monkeypatch.setattr(module, "THEME_DIR", root / "templates")
    return root / "templates"


def test_a_site_column_template_showing_gazette_issues_stays_current(site, cli, tmp_path):
    """R1: the normative column's index shows each document's issues; an issue's 目录 changes."""
    column = ("{% extends 'base.html' %}{% block main %}<h1>{{ column.name }}</h1>{% for d in page.documents %}"
              "<a href=\"{{ url(d.url) }}\">{{ d.title }}</a>" + GAZETTES + "{% endfor %}{% endblock %}")
    root = site({**FILES, "templates/column.html": column}, config=CONFIG)
    incremental, clean = incremental_and_clean(root, drop_from_issue, cli, tmp_path / "clean")
    assert '<span class="in">' not in clean["gfxwj/index.html"].decode()
    assert incremental == clean


def test_a_theme_line_showing_the_interpreted_documents_issues_stays_current(site, cli, tmp_path, theme):
    """R2: the default theme's document.html shows the gazette issues of the document interpreted."""
    page = theme / "document.html"
    line = "{% if doc.interprets_doc %}{% set d = doc.interprets_doc %}" + GAZETTES + "{% endif %}\n"
    page.write_text(page.read_text(encoding="utf-8").replace("  <h1>", line + "  <h1>", 1), encoding="utf-8")
    root = site(FILES, config=CONFIG)
    incremental, clean = incremental_and_clean(root, drop_from_issue, cli, tmp_path / "clean")
    assert '<span class="in">' not in clean["zcjd/jd.html"].decode()
    assert incremental == clean


DAY = dt.date.fromisoformat(AS_OF)
DATED = {
    "content/gfxwj/a.md": normative("甲办法", 1, expires=(DAY + dt.timedelta(2)).isoformat()),
    "content/gfxwj/b.md": normative("乙办法", 2, effective=(DAY + dt.timedelta(2)).isoformat()),
    "content/qtxx/later.md": doc("到期发布的信息", 3, date=(DAY + dt.timedelta(2)).isoformat()),
    "content/qtxx/c.md": doc("丙信息", 4),
    "content/zcjd/jd.md": doc("甲办法解读", 5, interprets="gfxwj/a", form="文字"),
}
COUNTS = re.compile(r"(\d+) 个页面（(\d+) 个重新生成")


def build_on(cli, root, day: dt.date, out=None) -> int:
    """Build as of `day`; how many pages were rendered."""
    run = cli("build", "--site", root, "--no-search", "--as-of", day.isoformat(), *(["--out", out] if out else []))
    assert run.code == 0, run.err
    return int(COUNTS.search(run.out).group(2))


def differing_pages(before: dict, after: dict) -> set[str]:
    """Rendered pages (not the catalog or copied files) that a clean build writes differently."""
    pages = {p for p in before.keys() | after.keys() if p.endswith((".html", ".xml", ".txt"))
             and not p.startswith(("static/", "qtxx/f/"))}
    return {p for p in pages if before.get(p) != after.get(p)}


def test_the_next_days_build_renders_only_the_pages_whose_dated_values_changed(site, cli, tmp_path):
    root = site(DATED)
    build_on(cli, root, DAY)
    assert build_on(cli, root, DAY + dt.timedelta(1)) == 0  # nothing changes on the next day
    clean = {}
    for n in (1, 3):  # a's validity ends, b comes into force and the later document is published on day 3
        build_on(cli, root, DAY + dt.timedelta(n), tmp_path / f"day{n}")
        clean[n] = site_tree(tmp_path / f"day{n}")
    rendered = build_on(cli, root, DAY + dt.timedelta(3))
    assert site_tree(root / "public") == clean[3]
    changed = differing_pages(clean[1], clean[3])
    assert {"gfxwj/a.html", "gfxwj/b.html", "zcjd/jd.html", "qtxx/later.html", "qtxx/index.html"} <= changed
    assert "qtxx/c.html" not in changed
    assert rendered == len(changed)


def test_a_site_template_no_other_page_uses_renders_only_its_own_page(site, cli):
    root = site(DATED)
    build_on(cli, root, DAY)
    (root / "templates").mkdir()
    (root / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>找不到</h1>{% endblock %}", encoding="utf-8")
    assert build_on(cli, root, DAY) == 1


def test_records_come_back_from_rendering_workers(site, cli, tmp_path, monkeypatch):
    """Pages rendered in forked workers send their records back: a title edit renders the page and the
    pages listing the document, not every page."""
    from gongkai.incremental import parallel
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setenv("GONGKAI_JOBS", "2")
    root = site({**FILES, **{f"content/qtxx/d{i}.md": doc(f"文件{i}", 10 + i) for i in range(30)}}, config=CONFIG)
    assert build_on(cli, root, DAY) > 40
    (root / "content/qtxx/d7.md").write_text(doc("文件七（修订）", 17), encoding="utf-8")
    rendered = build_on(cli, root, DAY)
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    build_on(cli, tmp_path / "clean", DAY)
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")
    # its page, its column's listing, the directory, the column's and the site's feeds, and the home page if
    # it lists the document among the newest; not the sitemap, which reads each page's path, not its title
    assert 5 <= rendered <= 6


def test_a_listing_rendered_again_keeps_what_each_document_showed(site, cli, tmp_path):
    """A listing rendered again takes the fields of the documents that did not change from its earlier
    record: a document edited in the same build, then edited back, still renders the listing again."""
    root = site({f"content/qtxx/d{i}.md": doc(f"文件{i}", 10 + i) for i in range(12)})
    build_on(cli, root, DAY)
    (root / "content/qtxx/d3.md").write_text(doc("文件三（修订）", 13), encoding="utf-8")
    (root / "content/qtxx/d8.md").write_text(doc("文件八（修订）", 18), encoding="utf-8")
    build_on(cli, root, DAY)
    (root / "content/qtxx/d8.md").write_text(doc("文件8", 18), encoding="utf-8")
    assert build_on(cli, root, DAY) >= 2  # its page and the listing
    listing = (root / "public/qtxx/index.html").read_text(encoding="utf-8")
    assert "文件8" in listing and "文件八（修订）" not in listing and "文件三（修订）" in listing
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("public", ".*"))
    build_on(cli, tmp_path / "clean", DAY)
    assert site_tree(root / "public") == site_tree(tmp_path / "clean/public")


def test_a_derived_value_no_longer_registered_is_an_input_that_changed(monkeypatch):
    """A page's record may name a derived value a package registered (engine/derived.py); with the package
    uninstalled, the page is rendered again rather than the build stopping."""
    from gongkai.engine.derived import DERIVED
    from gongkai.incremental.versions import Versions
    from gongkai.output.record import call_key
    name = call_key("a_package.value", [])
    monkeypatch.setitem(DERIVED, "a_package.value", lambda: 1)
    before = Versions(None, [], [], None)(name)
    monkeypatch.delitem(DERIVED, "a_package.value")
    assert Versions(None, [], [], None)(name) != before
