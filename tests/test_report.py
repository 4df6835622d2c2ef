"""check --report: what an inspection would fault, as a page and report.json kept out of the published site."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import BASE_CONFIG, ROOT, doc, read_tree

HEADER = BASE_CONFIG.split("columns:")[0]
#: a site an inspection passes on 2026-11-20: a 指南 of this year, last year's 年报, columns up to date
CLEAN_CONFIG = HEADER + """\
columns:
  - path: zfxxgkzn
    name: 政府信息公开指南
    column_type: 信息公开指南
  - path: zfxxgknb
    name: 政府信息公开年报
    type: report
  - path: qtxx
    name: 其他信息
    update_days: 365
"""
#: the 2023 report of the sample, for 2025: this site issued no 规范性文件 that year
REPORT_DATA = (ROOT / "content/zfxxgknb/nb-2023.yaml").read_text(encoding="utf-8").replace(
    "normative: {issued: 2, repealed: 0, in_force: 5}", "normative: {issued: 0, repealed: 0, in_force: 0}")
CLEAN_FILES = {
    "content/zfxxgkzn/2026-zn.md": doc("测试县人民政府信息公开指南", 1, 2026),
    "content/zfxxgknb/2025-nb.md": doc("测试县人民政府2025年政府信息公开工作年度报告", 2, 2026, date="2026-01-20",
                                       fiscal_year=2025, data="nb-2025.yaml"),
    "content/zfxxgknb/nb-2025.yaml": REPORT_DATA,
    "content/qtxx/a.md": doc("通知", 3, 2026),
}
#: a blank column (gfxwj), a stale one (qtxx), no 2025 年报, no 指南, a dead link and a mobile number
FAULTY_CONFIG = HEADER + """\
columns:
  - path: gfxwj
    name: 规范性文件
    type: normative
  - path: zfxxgknb
    name: 政府信息公开年报
    type: report
  - path: qtxx
    name: 其他信息
    update_days: 30
"""
FAULTY_FILES = {
    "content/zfxxgknb/index.md": "---\ntitle: 政府信息公开年报\ndate: 2020-01-01\n---\n历年年报。\n",
    "content/qtxx/a.md": doc("通知", 1, 2026, body="见[附件](fj.pdf)。\n\n联系人手机 13912345678。"),
}


def faulty_report(site, cli) -> tuple[Path, object]:
    """The faulty site checked with --report: (its report folder, the run)."""
    root = site(FAULTY_FILES, FAULTY_CONFIG)
    return root / ".gongkai-report", cli("check", "--site", root, "--report")


def test_each_deliberate_fault_is_a_finding_of_its_kind(site, cli):
    folder, run = faulty_report(site, cli)
    assert run.code == 1
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    row, = data["sites"]
    assert data["passed"] is False and row["passed"] is False and row["as_of"] == "2026-11-20"
    found = {(f["kind"], f["code"]) for f in row["findings"]}
    assert found == {("blank-column", "blank-column"), ("stale-column", "stale-column"),
                     ("annual-report", "annual-report-missing"), ("guide", "guide-missing"),
                     ("dead-link", "dead-link"), ("privacy", "privacy-mobile")}
    assert row["failing"] == ["blank-column", "annual-report", "guide", "dead-link", "privacy"]
    counts = {k["key"]: k["count"] for k in row["kinds"]}
    assert counts["stale-column"] == 1 and counts["other"] == 0
    assert {c["path"]: (c["blank"], c["late"], c["days"]) for c in row["columns"]} == {
        "gfxwj": (True, False, None), "zfxxgknb": (False, False, None), "qtxx": (False, True, 260)}
    assert row["monthly"][0] == {"month": "2025-12", "documents": 0}
    assert row["monthly"][3] == {"month": "2026-03", "documents": 1} and len(row["monthly"]) == 12


def test_the_page_shows_the_findings_in_tables(site, cli):
    folder, run = faulty_report(site, cli)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "有单项否决问题，检查将不合格" in page
    for text in ("栏目“规范性文件”（gfxwj）是空白栏目", "已超过更新周期 30 天",
                 "没有 2025 年政府信息公开工作年度报告：应于 2026-01-31 前发布", "没有政府信息公开指南",
                 "链接的文件 content/qtxx/fj.pdf 不存在", "content/qtxx/a.md:9", "手机号码"):
        assert text in page, text
    assert page.count('<svg class="bar-chart" role="img"') == 2  # by kind, by month; one late column: table only
    assert "检查报告：" in run.err and "单项否决：空白栏目、" in run.err


def test_the_calendar_rules_are_printed_with_the_other_problems(site, cli):
    _, run = faulty_report(site, cli)
    assert "config.yaml:1: 警告：没有政府信息公开指南：请在栏目类型（column_type）为“信息公开指南”的栏目中发布指南" in run.err
    plain = cli("check", "--site", Path(run.err.split("检查报告：")[1].split("/.gongkai-report")[0]))
    assert "年度报告" not in plain.err and "指南" not in plain.err  # a plain check does not depend on the day


def test_a_clean_site_passes_and_says_so(site, cli):
    root = site(CLEAN_FILES, CLEAN_CONFIG)
    run = cli("check", "--site", root, "--report", "--strict")
    assert run.code == 0, run.err
    data = json.loads((root / ".gongkai-report/report.json").read_text(encoding="utf-8"))
    assert data["passed"] is True and data["sites"][0]["findings"] == []
    page = (root / ".gongkai-report/index.html").read_text(encoding="utf-8")
    assert "未发现单项否决问题，也未发现其他检查扣分问题" in page and "合格" in page


def test_a_guide_older_than_a_year_needs_a_review_date(site, cli):
    old = dict(CLEAN_FILES, **{"content/zfxxgkzn/2026-zn.md": doc("指南", 1, 2025, date="2025-11-01")})
    root = site(old, CLEAN_CONFIG)
    run = cli("check", "--site", root, "--report")
    assert run.code == 1
    assert ("content/zfxxgkzn/2026-zn.md:3: 警告：政府信息公开指南最近一次更新或复核是 2025-11-01，已超过一年；"
            "请核对后更新，内容不变时写上复核日期（reviewed: YYYY-MM-DD）") in run.problems
    reviewed = dict(CLEAN_FILES, **{"content/zfxxgkzn/2026-zn.md": doc("指南", 1, 2025, date="2025-11-01",
                                                                      reviewed="2026-10-08")})
    assert cli("check", "--site", site(reviewed, CLEAN_CONFIG, "reviewed"), "--report").code == 0


def test_last_years_annual_report_is_due_only_after_january(site, cli):
    files = {"content/zfxxgkzn/2025-zn.md": doc("指南", 1, 2025, date="2025-12-01"),
             "content/zfxxgknb/index.md": FAULTY_FILES["content/zfxxgknb/index.md"],
             "content/qtxx/a.md": doc("通知", 2, 2025, date="2025-12-01")}
    root = site(files, CLEAN_CONFIG)
    assert cli("check", "--site", root, "--report", "--as-of", "2026-01-31").code == 0
    late = cli("check", "--site", root, "--report", "--as-of", "2026-02-01")
    assert late.code == 1 and "没有 2025 年政府信息公开工作年度报告：应于 2026-01-31 前发布" in late.err


def test_fail_on_chooses_the_kinds_that_fail(site, cli):
    stale = dict(CLEAN_FILES, **{"content/qtxx/a.md": doc("通知", 3, 2025)})
    root = site(stale, CLEAN_CONFIG)
    assert cli("check", "--site", root, "--report").code == 0  # a stale column alone is not 单项否决
    (root / "config.yaml").write_text(CLEAN_CONFIG + "report:\n  fail_on: [stale-column]\n", encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 1 and "单项否决：栏目超过更新周期未更新" in run.err
    folder, _ = faulty_report(site, cli)
    (folder.parent / "config.yaml").write_text(FAULTY_CONFIG + "report:\n  fail_on: []\n", encoding="utf-8")
    assert cli("check", "--site", folder.parent, "--report").code == 1  # its errors still fail the check
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["passed"] is True


def test_allowed_tolerates_some_findings_of_a_kind(site, cli):
    folder, _ = faulty_report(site, cli)
    config = FAULTY_CONFIG + "report:\n  fail_on: [dead-link]\n  allowed: {dead-link: 1}\n"
    (folder.parent / "config.yaml").write_text(config, encoding="utf-8")
    cli("check", "--site", folder.parent, "--report")
    row = json.loads((folder / "report.json").read_text(encoding="utf-8"))["sites"][0]
    assert row["passed"] is True and row["allowed"] == {"dead-link": 1}
    assert {"key": "dead-link", "label": "链接不可用", "fails": True, "allowed": 1, "count": 1} in row["kinds"]
    assert "是（超过 1 个时）" in (folder / "index.html").read_text(encoding="utf-8")


def test_an_unknown_kind_in_fail_on_is_an_error_at_its_line(site, cli):
    root = site(CLEAN_FILES, CLEAN_CONFIG + "report:\n  fail_on:\n    - privacy\n    - dead-links\n")
    run = cli("check", "--site", root, "--report")
    assert run.code == 2
    assert ("config.yaml:24: 错误：report.fail_on 中的“dead-links”不是检查项，可选：blank-column、stale-column、"
            "annual-report、guide、dead-link、privacy、interpretation、standard-catalog、gazette、consultation、new-media、reply、"
            "other") in run.err
    (root / "config.yaml").write_text(CLEAN_CONFIG + "report:\n  allowed:\n    dead-link: -1\n    links: 2\n",
                                      encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 2 and "config.yaml:23: 错误：report.allowed.dead-link 应为不小于 0 的整数（不算单项否决的问题数）" in run.err
    assert "config.yaml:24: 错误：report.allowed 中的“links”不是检查项，可选：blank-column、" in run.err


def test_the_report_is_never_published(site, cli, tmp_path):
    root = site(CLEAN_FILES, CLEAN_CONFIG)
    assert cli("check", "--site", root, "--report").code == 0
    assert cli("build", "--site", root).code == 0
    assert (root / ".gongkai-report/index.html").is_file()
    published = read_tree(root / "public")
    assert "report.json" not in published and not any(".gongkai-report" in p for p in published)
    assert not any("政务公开检查报告".encode() in data for data in published.values())
    for inside in ("public/jc", "static/jc", "content/jc", "templates/jc", ".gongkai-cache-deploy/jc"):
        run = cli("check", "--site", root, "--report", root / inside)
        assert run.code == 2 and "不能在" in run.err and "之内：那里的文件会随网站发布" in run.err
        assert not (root / inside).exists()
    elsewhere = tmp_path / "报告"
    assert cli("check", "--site", root, "--report", elsewhere).code == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == ["index.html", "report.json"]


def test_the_report_is_refused_wherever_a_build_or_deploy_published_the_site(site, cli, tmp_path, own_temp_folder):
    """Not only the output config.yaml names: the folder `build --out` wrote, found by the cache the build keeps
    beside it and the catalog.json in it, and a deploy target, through its `current` link or not."""
    target = tmp_path / "srv"
    root = site(CLEAN_FILES, CLEAN_CONFIG + f"deploy:\n  targets:\n    web:\n      type: folder\n      path: {target}\n")
    www = tmp_path / "www"
    assert cli("build", "--site", root, "--out", www).code == 0
    assert cli("deploy", "--site", root).code == 0
    published = {www: read_tree(www), target: read_tree(target / "current")}
    for inside, place in ((www, www), (www / "jc", www), (www / "qtxx/jc", www),
                          (target / "current/jc", target / "current"), (target / "releases/jc", target), (target, target)):
        run = cli("check", "--site", root, "--report", inside)
        assert run.code == 2, inside
        assert f"错误：检查报告文件夹 {inside} 不能在 {place} 之内：那里的文件会随网站发布" in run.err, run.err
    assert read_tree(www) == published[www] and read_tree(target / "current") == published[target]
    assert sorted(p.name for p in target.iterdir()) == ["current", "releases"]
    assert not (www / "jc").exists() and not (target / "releases/jc").exists()
    beside = tmp_path / "报告"  # beside the output, not in it
    assert cli("check", "--site", root, "--report", beside).code == 0
    assert sorted(p.name for p in beside.iterdir()) == ["index.html", "report.json"]



def test_the_report_is_refused_in_a_web_root_it_would_be_served_from(site, cli, tmp_path, monkeypatch):
    """Another site's web root serves whatever is written in it: beside its home page, or in a server's default root."""
    from gongkai.incremental import placement
    root = site(CLEAN_FILES, CLEAN_CONFIG)
    portal = tmp_path / "portal"
    portal.mkdir()
    (portal / "index.php").write_text("<?php echo '门户网站';", encoding="utf-8")
    default = tmp_path / "var/www/html"
    default.mkdir(parents=True)
    monkeypatch.setattr(placement, "WEB_ROOTS", (Path("/nonexistent/www"), default))
    for folder, place, why in ((portal / "jcbg", portal, "其中有 index.php，像是 Web 服务器的网站根目录"),
                               (default / "jcbg", default, "那是 Web 服务器默认的网站根目录"),
                               (default, default, "那是 Web 服务器默认的网站根目录")):
        run = cli("check", "--site", root, "--report", folder)
        assert run.code == 2, folder
        assert f"错误：检查报告文件夹 {folder} 不能放在 {place} 中：{why}，报告（各文档的问题明细）会被 Web 服务器提供" in run.err
    assert [p.name for p in portal.iterdir()] == ["index.php"] and not list(default.iterdir())
    assert cli("check", "--site", root, "--report", tmp_path / "报告").code == 0
