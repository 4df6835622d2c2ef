"""施行日期: shown wherever validity shows, and a document is 尚未施行 until that date (as of --as-of)."""
from __future__ import annotations

import json

from conftest import normative


def future_site(site):
    return site({"content/gfxwj/a.md": normative("关于印发新办法的通知", 1, effective="2027-01-01"),
                 "content/gfxwj/b.md": normative("关于印发旧办法的通知", 2, effective="2024-04-01")})


def test_document_not_yet_in_force_is_shown_and_listed_as_such(site, cli):
    root = future_site(site)
    run = cli("build", "--site", root, "--as-of", "2026-11-20")
    assert run.code == 0, run.err
    page = (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    assert '<dt>施行日期</dt><dd>2027-01-01</dd>' in page
    assert '<dt>有 效 性</dt><dd>尚未施行</dd>' in page
    assert '<p class="notice">本文件自 2027-01-01 起施行，目前尚未施行。</p>' in page
    column = (root / "public/gfxwj/index.html").read_text(encoding="utf-8")
    current, _, later = column.partition("尚未施行文件（1）")
    assert "关于印发旧办法的通知" in current and "关于印发新办法的通知" not in current
    assert "关于印发新办法的通知" in later and '<span class="badge badge-尚未施行">尚未施行</span>' in later
    library = (root / "public/gfxwj/wjk.html").read_text(encoding="utf-8")
    assert "<option>尚未施行</option>" in library
    rows = {r["title"]: r for r in json.loads((root / "public/catalog.json").read_text(encoding="utf-8"))}
    assert rows["关于印发新办法的通知"]["effective"] == "2027-01-01"
    assert rows["关于印发新办法的通知"]["validity"] == "尚未施行"
    assert rows["关于印发旧办法的通知"]["validity"] == "有效"
    old = (root / "public/gfxwj/b.html").read_text(encoding="utf-8")
    assert '<dt>施行日期</dt><dd>2024-04-01</dd>' in old and "尚未施行" not in old


def test_document_is_in_force_from_its_effective_date(site, cli):
    root = future_site(site)
    assert cli("build", "--site", root, "--as-of", "2027-01-01").code == 0
    page = (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    assert '<dt>有 效 性</dt><dd>有效</dd>' in page and "尚未施行" not in page
