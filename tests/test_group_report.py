"""check --report on a site group: one row per member with that member's findings, as a page and
report.json, and a non-zero exit when a member has a finding of a kind that fails an inspection."""
from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

from conftest import AS_OF, doc, make_site, read_tree
from gongkai.group import verbs as group_verbs
from gongkai.group.build import build_member
from gongkai.group.executor import Failure
from gongkai.oversight.group_report import member_row
from test_group import CODES, GROUP_YAML as PLAIN_GROUP, make_group
from test_report import CLEAN_CONFIG, REPORT_DATA

#: the columns of test_report's clean site, 其他信息 to be updated every 90 days
COLUMNS = "columns:" + CLEAN_CONFIG.split("columns:")[1].replace("update_days: 365", "update_days: 90")
GROUP_YAML = (PLAIN_GROUP.split("columns:")[0] + COLUMNS
              + "report:\n  fail_on: [blank-column, stale-column, annual-report, guide, dead-link, privacy]\n"
              + "members:" + PLAIN_GROUP.split("members:")[1])
#: bm/jyj's own columns: a 规范性文件 column with nothing in it; and its own report.fail_on
JYJ_CONFIG = (COLUMNS.replace("  - path: qtxx", "  - path: gfxwj\n    name: 规范性文件\n    type: normative\n  - path: qtxx")
              + "report:\n  fail_on: [privacy, dead-link]\n")


def member_files(member: str, **changes: str | None) -> dict[str, str]:
    """A member an inspection passes on 2026-11-20, with `changes` (None: the file left out)."""
    code = CODES[member]

    def numbered(title: str, n: int, year: int, **fields) -> str:
        return doc(title, n, year, index_no=f'"{code}/{year}-{n:05d}"', **fields)

    files = {"content/zfxxgkzn/zn.md": numbered("政府信息公开指南", 1, 2026),
             "content/zfxxgknb/2025-nb.md": numbered("2025年政府信息公开工作年度报告", 2, 2026, date="2026-01-20",
                                                     fiscal_year=2025, data="nb-2025.yaml"),
             "content/zfxxgknb/nb-2025.yaml": REPORT_DATA,
             "content/qtxx/a.md": numbered("通知", 3, 2026, date="2026-10-08")}
    files.update({path: text for path, text in changes.items()})
    return {path: text for path, text in files.items() if text is not None}


def faulty_group(root: Path) -> Path:
    """xzf passes; bm/fgw leaks a mobile number; bm/jyj has a blank and a stale column but fails only on
    privacy and dead links (its own report:); xz/cgz has no 2025 年报 and an unreviewed 指南."""
    root.mkdir(parents=True)
    (root / "group.yaml").write_text(GROUP_YAML, encoding="utf-8")
    fgw_notice = doc("通知", 3, 2026, date="2026-10-08", index_no='"11340000MB0000100B/2026-00003"',
                     body="联系人手机 13912345678。")
    faults = {"xzf": {}, "bm/fgw": {"content/qtxx/a.md": fgw_notice},
              "bm/jyj": {"content/qtxx/a.md": doc("通知", 3, 2025, index_no='"11340000MB00002001/2025-00003"')},
              "xz/cgz": {"content/zfxxgknb/2025-nb.md": None, "content/zfxxgknb/nb-2025.yaml": None,
                         "content/zfxxgknb/index.md": "---\ntitle: 年报\ndate: 2020-01-01\n---\n历年年报。\n",
                         "content/zfxxgkzn/zn.md": doc("指南", 1, 2025, date="2025-10-01",
                                                       index_no='"11340000MB0000300N/2025-00001"')}}
    for member, changes in faults.items():
        make_site(root / member, member_files(member, **changes), JYJ_CONFIG if member == "bm/jyj" else "# 成员\n")
    return root


def group_report(tmp_path: Path, cli) -> tuple[Path, object]:
    """The faulty group checked with --report: (its report folder, the run)."""
    root = faulty_group(tmp_path / "group")
    return root / ".gongkai-report", cli("check", "--site", root, "--report")


def test_each_member_gets_a_row_with_its_own_findings(tmp_path, cli):
    folder, run = group_report(tmp_path, cli)
    assert run.code == 1, run.err
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert data["group"] == "测试县政府信息公开平台" and data["passed"] is False
    rows = {row["site_dir"]: row for row in data["sites"]}
    assert list(rows) == ["xzf", "bm/fgw", "bm/jyj", "xz/cgz"]
    found = {path: sorted((f["kind"], f["path"], f["line"]) for f in row["findings"]) for path, row in rows.items()}
    assert found["xzf"] == []
    assert found["bm/fgw"] == [("privacy", "bm/fgw/content/qtxx/a.md", 7)]
    assert found["bm/jyj"] == [("blank-column", "bm/jyj/config.yaml", 8), ("stale-column", "bm/jyj/config.yaml", 11)]
    assert found["xz/cgz"] == [("annual-report", "group.yaml", 14), ("guide", "xz/cgz/content/zfxxgkzn/zn.md", 3)]
    assert {path: (row["kind"], row["passed"], row["failing"]) for path, row in rows.items()} == {
        "xzf": ("本级", True, []), "bm/fgw": ("部门", False, ["privacy"]),
        "bm/jyj": ("部门", True, []),  # its own report.fail_on replaces the group's
        "xz/cgz": ("乡镇（街道）", False, ["annual-report", "guide"])}
    assert rows["xzf"]["fail_on"] == ["blank-column", "stale-column", "annual-report", "guide", "dead-link", "privacy"]
    totals = {t["key"]: (t["count"], t["members"]) for t in data["totals"]}
    assert totals["privacy"] == (1, 1) and totals["stale-column"] == (1, 1) and totals["dead-link"] == (0, 0)
    assert "单项否决的成员：bm/fgw（泄露个人信息）；xz/cgz（上一年度政府信息公开工作年度报告未按时发布、" in run.err
    assert "group.yaml:14: 警告：成员 xz/cgz：没有 2025 年政府信息公开工作年度报告：应于 2026-01-31 前发布" in run.err


def test_the_page_has_a_row_per_member_and_the_group_charts(tmp_path, cli):
    folder, _ = group_report(tmp_path, cli)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<h1>测试县政府信息公开平台政务公开检查报告</h1>" in page and "各成员结论" in page
    assert ('<tr><th scope="row"><a href="#site-2">测试县发展和改革委员会</a></th>\n<td>部门</td><td>bm/fgw</td><td><span class="fail">不合格</span></td>\n<td>泄露个人信息</td>\n'
            '<td class="number">1</td><td class="number">0</td><td class="number">0</td></tr>') in page
    assert ('<tr><th scope="row"><a href="#site-3">测试县教育局</a></th>\n<td>部门</td><td>bm/jyj</td><td><span class="pass">合格</span></td>\n<td>无</td>\n'
            '<td class="number">2</td><td class="number">1</td><td class="number">1</td></tr>') in page
    assert '<tr><th scope="row">泄露个人信息</th><td class="number">1</td><td class="number">1</td></tr>' in page
    assert '<h2 id="site-4">测试县城关镇人民政府</h2>' in page and "xz/cgz/content/zfxxgkzn/zn.md:3" in page
    for caption in ("各检查项发现的问题", "各成员的超期栏目和空白栏目", "近12个月每月发布的文档（全部成员）"):
        assert f"<figcaption>{caption}</figcaption>" in page, caption
    assert page.count('<svg class="bar-chart" role="img"') == 3


def test_a_failing_kind_that_is_only_a_warning_fails_the_report_not_the_check(tmp_path, cli):
    root = faulty_group(tmp_path / "group")
    assert cli("check", "--site", root).code == 1  # bm/fgw's mobile number is an error of its own
    fgw = root / "bm/fgw/content/qtxx/a.md"
    fgw.write_text(fgw.read_text(encoding="utf-8").replace("联系人手机 13912345678。", "正文。"), encoding="utf-8")
    assert cli("check", "--site", root).code == 0
    run = cli("check", "--site", root, "--report")
    assert run.code == 1 and "单项否决的成员：xz/cgz（" in run.err and "bm/fgw（" not in run.err
    (root / "group.yaml").write_text(GROUP_YAML.replace("annual-report, guide, ", ""), encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 0 and "没有单项否决的问题" in run.err, run.err


def test_a_member_that_cannot_be_read_is_not_checked_and_fails(tmp_path, cli):
    root = faulty_group(tmp_path / "group")
    (root / "xzf/config.yaml").write_text("site: [\n", encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 1 and "xzf/config.yaml:" in run.err
    row = json.loads((root / ".gongkai-report/report.json").read_text(encoding="utf-8"))["sites"][0]
    assert (row["site_dir"], row["checked"], row["passed"]) == ("xzf", False, False)
    assert "未能检查（配置有误）" in (root / ".gongkai-report/index.html").read_text(encoding="utf-8")


def test_the_group_report_is_kept_out_of_every_published_folder(tmp_path, cli):
    root = faulty_group(tmp_path / "group")
    for inside in ("public/jc", "bm/fgw/content/jc", "templates/jc", ".gongkai-cache-deploy/jc", "xz/cgz/public/jc"):
        run = cli("check", "--site", root, "--report", root / inside)
        assert run.code == 2 and "之内：那里的文件会随网站发布" in run.err, inside
        assert not (root / inside).exists()


def test_the_group_report_is_refused_wherever_a_group_build_or_deploy_published_it(tmp_path, cli):
    """Found by what the generator leaves there, whatever group.yaml says: the folder `build --out` wrote for the
    group, a member's part of it, a member's own output in the members folder beside it, the group's deploy target."""
    target = tmp_path / "srv"
    deploy = f"deploy:\n  targets:\n    web:\n      type: folder\n      path: {target}\n"
    root = make_group(tmp_path / "group", PLAIN_GROUP + deploy)
    www, members = tmp_path / "www", tmp_path / ".www.members"
    assert cli("build", "--site", root, "--out", www).code == 0
    assert cli("deploy", "--site", root).code == 0
    before = read_tree(www)
    for inside, place in ((www / "jc", www), (www / "bm/fgw/jcbg", www / "bm/fgw"),
                          (members / "bm/fgw/jc", members / "bm/fgw"),
                          (target / "current/bm/fgw/jcbg", target / "current/bm/fgw")):
        run = cli("check", "--site", root, "--report", inside)
        assert run.code == 2, inside
        assert f"错误：检查报告文件夹 {inside} 不能在 {place} 之内：那里的文件会随网站发布" in run.err, run.err
        assert not inside.exists()
    assert read_tree(www) == before


def test_a_bad_fail_on_in_group_yaml_is_an_error_at_its_line(tmp_path, cli):
    root = faulty_group(tmp_path / "group")
    (root / "group.yaml").write_text(GROUP_YAML.replace("privacy]", "privacy, dead-links]"), encoding="utf-8")
    run = cli("check", "--site", root, "--report")
    assert run.code == 2 and "group.yaml:21: 错误：report.fail_on 中的“dead-links”不是检查项" in run.err


class LosingOne:
    """Members checked here, but xz/cgz's task lost as a cluster loses one (an executor.Failure)."""

    def map(self, task, calls, first=None):
        return [Failure("运行它的 worker 多次在中途退出（可能内存不足），Dask 已不再重试") if call[1] == "xz/cgz"
                else task(*call) for call in calls]


def test_a_member_lost_on_the_cluster_is_a_row_not_checked(tmp_path, cli, monkeypatch):
    root = faulty_group(tmp_path / "group")
    (root / "xzf/content/qtxx/a.md").write_text(doc(  # a link into the member lost: nothing is known of it
        "通知", 3, 2026, date="2026-10-08", index_no='"11340000MB0000000M/2026-00003"',
        body="见[城关镇的通知](/xz/cgz/qtxx/a.md)。"), encoding="utf-8")
    here = cli("check", "--site", root)
    assert here.code == 1 and "xzf/content/" not in here.err  # checked here, the link holds (bm/fgw has an error)
    monkeypatch.setattr(group_verbs, "executor", lambda scheduler: LosingOne())
    run = cli("check", "--site", root, "--report")
    assert run.code == 1 and "Traceback" not in run.err
    assert ("group.yaml:35: 错误：成员 xz/cgz 未能检查：运行它的 worker 多次在中途退出（可能内存不足），Dask 已不再重试"
            in run.err)
    assert "单项否决的成员：bm/fgw（泄露个人信息）；xz/cgz（未能检查）" in run.err
    data = json.loads((root / ".gongkai-report/report.json").read_text(encoding="utf-8"))
    rows = {row["site_dir"]: row for row in data["sites"]}
    assert list(rows) == ["xzf", "bm/fgw", "bm/jyj", "xz/cgz"] and data["passed"] is False
    lost = rows["xz/cgz"]
    assert (lost["checked"], lost["unchecked"], lost["passed"]) == (False, "集群上未能完成", False)
    assert [(f["path"], f["line"], f["severity"]) for f in lost["findings"]] == [("group.yaml", 35, "error")]
    assert rows["bm/fgw"]["failing"] == ["privacy"] and rows["xzf"]["passed"] is True
    assert "未能检查（集群上未能完成）" in (root / ".gongkai-report/index.html").read_text(encoding="utf-8")


def test_a_member_lost_says_not_checked_in_a_check_and_not_built_in_a_build(tmp_path, cli, monkeypatch):
    root = make_group(tmp_path / "group")
    monkeypatch.setattr(group_verbs, "executor", lambda scheduler: LosingOne())
    at = f"group.yaml:{PLAIN_GROUP.splitlines().index('  - path: xz/cgz') + 1}: 错误：成员 xz/cgz"
    check = cli("check", "--site", root)
    assert check.code == 1 and "Traceback" not in check.err
    assert f"{at} 未能检查：运行它的 worker 多次在中途退出（可能内存不足），Dask 已不再重试" in check.err
    assert "未能生成" not in check.err and "有错误的成员：xz/cgz" in check.err
    build = cli("build", "--site", root)
    assert build.code == 1 and f"{at} 未能生成：运行它的 worker 多次在中途退出" in build.err
    assert "站群生成失败，原有输出未改动" in build.err and not (root / "public").exists()


def test_a_worker_that_does_not_see_the_group_folder_names_the_machine(tmp_path):
    elsewhere = tmp_path / "not-mounted"  # the group's path as a worker without the shared folder has it
    lost = member_row(elsewhere, "bm/fgw", "测试县发展和改革委员会", "部门", dt.datetime.fromisoformat(AS_OF))
    assert (lost.row.checked, lost.row.unchecked) == (False, "集群上未能完成")
    message = f"成员 bm/fgw：在 {socket.gethostname()} 上找不到站群文件夹 {elsewhere}；在多台机器上生成或检查时，"
    assert [(f.path, f.severity) for f in lost.row.findings] == [("group.yaml", "error")]
    assert lost.row.findings[0].message.startswith(message)
    built = build_member(elsewhere, "bm/fgw", dt.date.fromisoformat(AS_OF), tmp_path / "out")
    assert not built.written and built.problems[0].message.startswith(message)
    assert not (tmp_path / "out").exists() and not elsewhere.exists()
