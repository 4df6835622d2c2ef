"""征求意见: the period, the channels, the status derived from the build date, the feedback due after it,
the feedback and the final decision linked both ways, and the 重大行政决策事项目录."""
from __future__ import annotations

import datetime as dt
import json

from conftest import AS_OF, BASE_CONFIG, doc, incremental_and_clean, normative, read_tree, site_tree

CONFIG = BASE_CONFIG + """\
  - path: zdxzjc
    name: 重大行政决策
    type: decision_catalog
    children:
      - path: yjzj
        name: 意见征集
        type: consultation
      - path: yjfk
        name: 意见采纳情况反馈
        type: consultation_feedback
"""
DRAFT = "content/zdxzjc/yjzj/a.md"
FEEDBACK = "content/zdxzjc/yjfk/a-fk.md"
CATALOG = "content/zdxzjc/ml.md"
DATA = "content/zdxzjc/ml.yaml"
REF = "11340000MB0000000M/2026-00010"


def consultation(opens: str = "2026-10-01", closes: str = "2026-10-31", index: int = 10,
                 body: str = "## 征求意见稿\n\n第一条 为了测试，制定本办法。\n\n## 起草说明\n\n说明。", **fields) -> str:
    """Lines: 2 title, 3 date, 4 index_no, 5 topic, 6 opens, 7 closes, 8 comment_email, then `fields`."""
    fields = {"comment_email": "zqyj@test.gov.cn", **fields}
    return doc("关于《测试办法（征求意见稿）》公开征求意见的公告", index, 2026, body=body, date=opens, opens=opens,
               closes=closes, **fields)


def feedback(date: str = "2026-11-10", **fields) -> str:
    fields = {"feedback_for": REF, **fields}
    return doc("关于《测试办法（征求意见稿）》意见采纳情况的反馈", 11, 2026, date=date, **fields)


def ours(run) -> list[str]:
    """The problems a tiny site has besides its other columns being blank."""
    return [p for p in run.problems if "空白栏目" not in p]


def write(root, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def run_check(site, cli, files: dict, config: str = CONFIG, *args):
    return cli("check", "--site", site(files, config=config), *args)


# --- the period ---

def test_a_period_shorter_than_thirty_days_is_a_warning_at_closes(site, cli):
    run = run_check(site, cli, {DRAFT: consultation("2026-10-01", "2026-10-20"), FEEDBACK: feedback()})
    assert (f"{DRAFT}:7: 警告：征求意见期限只有 20 天（2026-10-01 至 2026-10-20），少于 30 天："
            "请延长截止日期（closes），或在正文中说明缩短期限的理由") in run.problems
    assert ours(cli("check", "--site", site({DRAFT: consultation("2026-10-01", "2026-10-30"), FEEDBACK: feedback()},
                                            config=CONFIG, name="thirty"))) == []


def test_the_minimum_period_is_set_in_config(site, cli):
    files = {DRAFT: consultation("2026-10-01", "2026-10-20"), FEEDBACK: feedback()}
    assert ours(run_check(site, cli, files, CONFIG + "consultation:\n  min_days: 15\n")) == []
    bad = run_check(site, cli, files, CONFIG + "consultation:\n  min_days: 0\n")
    assert bad.code == 2 and "配置项“consultation.min_days”的值“0”有误：应为正整数（天数）" in bad.err


def test_what_a_consultation_needs_from_itself_are_errors(site, cli):
    files = {DRAFT: consultation("2026-10-31", "2026-10-01", body="", comment_email=None),
             "content/zdxzjc/yjzj/b.md": consultation(index=12, comment_online="www.test.gov.cn/yjzj",
                                                      comment_email="zqyj.test.gov.cn")}
    run = run_check(site, cli, files)
    assert run.code == 1
    assert f"{DRAFT}:2: 错误：征求意见须附征求意见稿：请写在正文中，或作为附件（attachments）上传，起草说明同样写在正文或附件中" in run.problems
    assert f"{DRAFT}:7: 错误：征求意见截止日期（closes）2026-10-01 早于开始日期（opens）2026-10-31" in run.problems
    assert any(p.startswith(f"{DRAFT}:2: 错误：征求意见须写明至少一种意见提交渠道：comment_email（电子邮箱）") for p in run.problems)
    assert ("content/zdxzjc/yjzj/b.md:9: 错误：网上提交地址（comment_online）“www.test.gov.cn/yjzj”应为以 https:// 开头的网址"
            in run.problems)
    assert "content/zdxzjc/yjzj/b.md:8: 错误：电子邮箱（comment_email）“zqyj.test.gov.cn”不是邮箱地址" in run.problems


# --- the feedback ---

OVERDUE = (f"{DRAFT}:7: 警告：征求意见《关于《测试办法（征求意见稿）》公开征求意见的公告》已于 2026-10-01 截止，"
           f"超过 30 天仍未发布意见采纳情况反馈：请发布反馈，并在反馈中写 feedback_for: {REF}")


def test_feedback_overdue_is_a_warning_naming_the_consultation(site, cli):
    late = run_check(site, cli, {DRAFT: consultation("2026-09-01", "2026-10-01")})  # 50 days before AS_OF
    assert OVERDUE in late.problems
    on_time = run_check(site, cli, {DRAFT: consultation("2026-09-22", "2026-10-21")})
    assert ours(on_time) == []  # closed 30 days before AS_OF: still within the days allowed
    answered = run_check(site, cli, {DRAFT: consultation("2026-09-01", "2026-10-01"), FEEDBACK: feedback()})
    assert ours(answered) == []
    allowed = run_check(site, cli, {DRAFT: consultation("2026-09-01", "2026-10-01")},
                        CONFIG + "consultation:\n  feedback_days: 60\n")
    assert ours(allowed) == []


def test_a_feedback_scheduled_for_later_does_not_count_until_its_day(site, cli):
    run = run_check(site, cli, {DRAFT: consultation("2026-09-01", "2026-10-01"), FEEDBACK: feedback("2026-12-01")})
    assert OVERDUE in run.problems


def test_feedback_and_decision_link_to_the_consultation_both_ways(site, cli):
    decision = normative("关于印发测试办法的通知", 20, 2026, date="2026-11-15", consultation=REF)
    root = site({DRAFT: consultation(), FEEDBACK: feedback(), "content/gfxwj/b.md": decision}, config=CONFIG)
    assert cli("build", "--site", root).code == 0
    page = (root / "public/zdxzjc/yjzj/a.html").read_text(encoding="utf-8")
    assert "<h3>意见采纳情况反馈</h3>" in page and 'href="../../zdxzjc/yjfk/a-fk.html"' in page
    assert "<h3>决策文件</h3>" in page and 'href="../../gfxwj/b.html"' in page
    for other, up in (("zdxzjc/yjfk/a-fk.html", "../../"), ("gfxwj/b.html", "../")):
        back = (root / "public" / other).read_text(encoding="utf-8")
        assert "<h3>征求意见</h3>" in back and f'href="{up}zdxzjc/yjzj/a.html"' in back


def test_a_feedback_must_name_a_consultation(site, cli):
    run = run_check(site, cli, {"content/qtxx/x.md": doc("其他信息", 10, 2026),
                                FEEDBACK: feedback(feedback_for='"qtxx/x"')})
    assert (f"{FEEDBACK}:6: 错误：所反馈的征求意见（feedback_for）：“qtxx/x”是信息，不能写在这里；"
            "请写所指文档的索引号或它在 content/ 中的路径（不带 .md）") in run.problems
    missing = run_check(site, cli, {FEEDBACK: doc("反馈", 11, 2026, type="consultation_feedback")})
    assert f"{FEEDBACK}:1: 错误：缺少所反馈的征求意见（feedback_for）（意见采纳情况反馈类文档必填）" in missing.problems


# --- the status ---

def test_the_status_follows_the_build_date_on_every_page_showing_it(site, cli):
    root = site({DRAFT: consultation("2026-11-01", "2026-11-30")}, config=CONFIG)
    for day, status in (("2026-11-20", "征集中"), ("2026-12-01", "已结束")):
        assert cli("build", "--site", root, "--as-of", day).code == 0
        public = root / "public"
        page = (public / "zdxzjc/yjzj/a.html").read_text(encoding="utf-8")
        assert f'<span class="badge badge-{status}">{status}</span>' in page
        listing = (public / "zdxzjc/yjzj/index.html").read_text(encoding="utf-8")
        assert f'<span class="badge badge-{status}">{status}</span>' in listing
        directory = (public / "gkml/index.html").read_text(encoding="utf-8")
        assert f'公告</a> <span class="badge">{status}</span>' in directory
        row = next(d for d in json.loads((public / "catalog.json").read_text(encoding="utf-8")) if d["index_no"] == REF)
        assert row["status"] == status
    write(root, FEEDBACK, feedback("2026-12-01"))
    assert cli("build", "--site", root, "--as-of", "2026-12-01").code == 0
    assert '<span class="badge badge-已反馈">已反馈</span>' in (root / "public/zdxzjc/yjzj/a.html").read_text(encoding="utf-8")


def test_the_day_after_it_closes_renders_exactly_the_pages_showing_it(site, cli, tmp_path, assembled):
    """Nothing of the site was made from its status: the build takes up the site the day before made
    (engine/dated.py) and renders the pages that read the status."""
    from test_dependencies import build_on, differing_pages
    closes = dt.date.fromisoformat(AS_OF)
    root = site({DRAFT: consultation("2026-10-21", AS_OF), "content/qtxx/c.md": doc("丙信息", 4),
                 CATALOG: doc("2026年重大行政决策事项目录", 30, 2026, fiscal_year=2026, data="ml.yaml"),
                 DATA: f"items:\n  - {{matter: 制定测试办法, unit: 县司法局, due: 2027-06, consultation: '{REF}'}}\n"},
                config=CONFIG)
    build_on(cli, root, closes)
    build_on(cli, root, closes - dt.timedelta(1), tmp_path / "before")
    build_on(cli, root, closes + dt.timedelta(1), tmp_path / "after")
    made = len(assembled)
    rendered = build_on(cli, root, closes + dt.timedelta(1))
    assert len(assembled) == made
    assert site_tree(root / "public") == site_tree(tmp_path / "after")
    changed = differing_pages(read_tree(tmp_path / "before"), read_tree(tmp_path / "after"))
    assert {"zdxzjc/yjzj/a.html", "zdxzjc/yjzj/index.html", "zdxzjc/ml.html", "gkml/index.html"} <= changed
    assert "qtxx/c.html" not in changed
    assert rendered == len(changed)


def test_an_incremental_build_after_publishing_the_feedback_equals_a_clean_build(site, cli, tmp_path):
    root = site({DRAFT: consultation(), "content/qtxx/c.md": doc("丙信息", 4)}, config=CONFIG)
    incremental, clean = incremental_and_clean(
        root, lambda r: write(r, FEEDBACK, feedback()), cli, tmp_path / "clean")
    assert '<span class="badge badge-已反馈">已反馈</span>' in clean["zdxzjc/yjzj/a.html"].decode()
    assert incremental == clean


# --- 重大行政决策事项目录 ---

def catalog(items: str) -> dict:
    return {CATALOG: doc("2026年重大行政决策事项目录", 30, 2026, fiscal_year=2026, data="ml.yaml"),
            DATA: "items:\n" + items}


def test_an_item_past_its_planned_date_without_a_decision_is_a_warning_at_its_line(site, cli):
    items = ("  - 事项: 制定测试办法\n    承办单位: 县司法局\n    计划完成时间: 2026-06\n"
             "  - 事项: 调整收费标准\n    承办单位: 县发展改革委\n    计划完成时间: 2026-06-30\n    状态: 已调出\n"
             "  - 事项: 编制养老规划\n    承办单位: 县民政局\n    计划完成时间: 2027-03\n")
    run = run_check(site, cli, catalog(items))
    assert [p for p in run.problems if "逾期" in p] == [
        f"{DATA}:2: 警告：重大行政决策事项“制定测试办法”计划于 2026-06 完成，已逾期仍没有决策文件："
        "请在 decision（决策文件）中写决策文件的索引号，或把状态改为 已调出 并在目录说明中写明理由"]


def test_an_item_takes_its_decision_from_its_consultation_and_links_both(site, cli):
    items = f"  - {{matter: 制定测试办法, unit: 县司法局, due: 2026-06, consultation: '{REF}'}}\n"
    decision = normative("关于印发测试办法的通知", 20, 2026, date="2026-11-15", consultation=REF)
    root = site({**catalog(items), DRAFT: consultation("2026-03-01", "2026-03-31"),
                 FEEDBACK: feedback("2026-04-10"), "content/gfxwj/b.md": decision}, config=CONFIG)
    run = cli("build", "--site", root)
    assert run.code == 0 and not [p for p in run.problems if "逾期" in p], run.err
    page = (root / "public/zdxzjc/ml.html").read_text(encoding="utf-8")
    assert '<th scope="row">制定测试办法</th><td>县司法局</td><td class="nowrap">2026-06</td><td class="nowrap">已完成</td>' in page
    assert 'href="../zdxzjc/yjzj/a.html"' in page and 'href="../gfxwj/b.html"' in page


def test_a_reference_the_catalog_cannot_resolve_is_an_error_at_its_data_line(site, cli):
    items = "  - matter: 制定测试办法\n    unit: 县司法局\n    due: 2027-06\n    decision: gfxwj/nothing\n    status: 进行\n"
    run = run_check(site, cli, catalog(items))
    assert any(p.startswith(f"{DATA}:2: 错误：decision：找不到“gfxwj/nothing”") for p in run.problems), run.problems
    assert f"{DATA}:6: 错误：第 1 项的状态“进行”不是可选值，可选：未启动、推进中、已完成、已调出" in run.problems


# --- the column tree and `new` ---

def test_the_standard_tree_has_the_columns_and_new_scaffolds_a_consultation(site, cli):
    config = BASE_CONFIG.split("columns:")[0]
    root = site({}, config=config)
    made = cli("new", "consultation", "关于测试办法公开征求意见的公告", "--site", root)
    assert made.code == 0, made.err
    path = next((root / "content/fdzdgknr/zdxzjc/yjzj").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    assert "opens: " in text and "closes: " in text and 'comment_email: ""' in text
    feedback_made = cli("new", "意见采纳情况反馈", "关于测试办法意见采纳情况的反馈", "--site", root)
    assert feedback_made.code == 0, feedback_made.err
    assert "feedback_for: " in next((root / "content/fdzdgknr/zdxzjc/yjfk").glob("*.md")).read_text(encoding="utf-8")


def test_an_incremental_build_after_editing_the_catalog_equals_a_clean_build(site, cli, tmp_path):
    decision = normative("关于印发测试办法的通知", 20, 2026, date="2026-11-15")
    root = site({**catalog("  - {matter: 制定测试办法, unit: 县司法局, due: 2026-06}\n"), DRAFT: consultation(),
                 "content/gfxwj/b.md": decision}, config=CONFIG)
    edited = f"  - {{matter: 制定测试办法, unit: 县司法局, due: 2026-06, consultation: '{REF}', decision: gfxwj/b}}\n"
    incremental, clean = incremental_and_clean(root, lambda r: write(r, DATA, "items:\n" + edited), cli, tmp_path / "clean")
    assert 'href="../gfxwj/b.html"' in clean["zdxzjc/ml.html"].decode()
    assert incremental == clean
