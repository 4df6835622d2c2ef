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

from conftest import AS_OF, BASE_CONFIG, ROOT, doc, incremental_and_clean, normative, read_tree

CONFIG = BASE_CONFIG + """\
  - path: zfgb
    name: 政府公报
    type: gazette
"""
RULE = "11340000MB0000000X/2024-00001"
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
