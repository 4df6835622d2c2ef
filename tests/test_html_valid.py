"""Every page of the sample site, and pages made from imported Word files, are valid HTML for the W3C Nu
checker (the validator inspections use)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from gongwen_docx import Gongwen, write

VNU = Path(__file__).resolve().parent / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _nu_errors(pages: list[str]) -> list[str]:
    assert VNU.is_file() and shutil.which("java"), "run bash tests/install.sh to install the Nu checker and Java"
    done = subprocess.run(["java", "-XX:-UsePerfData", "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [f"{m.get('url', '').rsplit('/public/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_nu_checker_reports_no_error_on_any_page(sample_site):
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    assert len(pages) > 60
    assert _nu_errors(pages) == []


def test_an_imported_word_document_is_valid_html(tmp_path, site, cli):
    """Signature block, footnotes, tables with captions and images as build.py import writes them."""
    root = site({})
    files = [write(tmp_path / "a.docx"), write(tmp_path / "b.docx", Gongwen(doc_number="测政发〔2021〕3号", measures=True))]
    assert cli("import", *files, "--site", root, "--date", "2024-05-06").code == 0
    assert cli("build", "--site", root).code == 0
    assert _nu_errors(sorted(str(p) for p in (root / "public/gfxwj").glob("2021-*.html"))) == []


def test_the_inspection_report_is_valid_html(site, cli):
    """check --report's page, with every table and chart a faulty site gives it."""
    from test_report import faulty_report
    folder, _ = faulty_report(site, cli)
    assert _nu_errors([str(folder / "index.html")]) == []


def test_the_groups_inspection_report_is_valid_html(tmp_path, cli):
    """check --report on a group: a row per member, the group's totals and charts."""
    from test_group_report import group_report
    folder, _ = group_report(tmp_path, cli)
    assert _nu_errors([str(folder / "index.html")]) == []

def test_the_sample_groups_pages_are_valid_html(tmp_path, cli):
    """Every page of the sample group: its own pages and its members' pages with the group navigation."""
    out = tmp_path / "public"
    assert cli("build", "--site", Path(__file__).resolve().parent.parent / "examples/group", "--out", out).code == 0
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) > 50 and str(out / "bm/fgw/fdzdgknr/qtxx/2026-03.html") in pages
    assert _nu_errors(pages) == []
