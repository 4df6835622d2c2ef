"""Annual reports: the national tables rendered, every sum checked at its cell, normative counts compared."""
import re

from conftest import BASE_CONFIG, ROOT, doc, normative

CONFIG = BASE_CONFIG + """\
  - path: zfxxgknb
    name: 政府信息公开年报
    type: report
"""
SAMPLE = (ROOT / "content/zfxxgknb/nb-2023.yaml").read_text(encoding="utf-8")
DATA = "content/zfxxgknb/nb-2023.yaml"
#: the tiny site below publishes one normative document written in 2023, in force
COUNTS = ("normative: {issued: 2, repealed: 0, in_force: 5}", "normative: {issued: 1, repealed: 0, in_force: 1}")


def report_site(site, data: str, extra: dict | None = None):
    files = {
        "content/zfxxgknb/2023-nb.md": doc("测试县2023年政府信息公开工作年度报告", 9, year=2024, type="report",
                                           fiscal_year=2023, data="nb-2023.yaml"),
        DATA: data,
        "content/gfxwj/a.md": normative("关于印发测试办法的通知", 1, year=2023),
        "content/czyjs/a.md": doc("预算", 2, type="budget", fiscal_year=2024, budget_kind="预算"),
        "content/qtxx/a.md": doc("其他", 3),
    }
    files.update(extra or {})
    return site(files, config=CONFIG)


def of_data(run) -> list[str]:
    """Problems in the report's data file, in a fixed order."""
    return sorted(p for p in run.problems if p.startswith(DATA))


def valid() -> str:
    return SAMPLE.replace(*COUNTS)


def test_complete_report_builds_with_the_three_national_tables(site, cli, tmp_path):
    root = report_site(site, valid())
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert not of_data(run)
    html = (tmp_path / "out/zfxxgknb/2023-nb.html").read_text(encoding="utf-8")
    assert "<h3>二、主动公开政府信息情况</h3>" in html
    for caption in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
                    "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        assert f"<caption>{caption}</caption>" in html
    for label in ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3.危及“三安全一稳定”",
                  "5.要求行政机关确认或重新出具已获取信息", "四、结转下年度继续办理", "未经复议直接起诉"):
        assert label in html
    # each cell names its row and column headers, which are on several levels (HTML_CodeSniffer H43)
    total = re.search(r'<th id="(nb3-r\d+)" scope="row">（七）总计</th><td headers="([^"]*)" class="num">21</td>', html)
    assert total and total.group(2) == f"{total.group(1)} nb3-h nb3-n"
    assert '<td headers="nb4-l nb4-litigation_direct nb4-litigation_direct-pending" class="num">' in html


def test_tables_stand_inside_sections_two_to_four_as_the_2021_format_prints_them(site, cli, tmp_path):
    sections = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    body = "\n\n".join(f"## {name}\n\n见下表。" for name in sections)
    root = report_site(site, valid())
    report = root / "content/zfxxgknb/2023-nb.md"
    report.write_text(report.read_text(encoding="utf-8").replace("正文。", body), encoding="utf-8")
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    html = (tmp_path / "out/zfxxgknb/2023-nb.html").read_text(encoding="utf-8")
    assert "年度报告统计表" not in html
    at = {name: html.index(f">{name}</h2>") for name in sections}
    for section, caption, following in (("二、主动公开政府信息情况", "第二十条第（一）项", "三、收到和处理政府信息公开申请情况"),
                                        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况"),
                                        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况",
                                         "五、存在的主要问题及改进情况")):
        table = html.index(f"<caption>{caption}</caption>")
        assert at[section] < html.index("见下表。", at[section]) < table < at[following], section


def test_results_total_column_must_be_the_sum_of_the_result_rows(site, cli):
    data = valid().replace("total: [21, 5, 1, 0, 1, 1, 29]", "total: [20, 5, 1, 0, 1, 1, 28]")
    data = data.replace("carried_forward: [2, 0, 0, 0, 0, 0, 2]", "carried_forward: [3, 0, 0, 0, 0, 0, 3]")
    run = cli("check", "--site", report_site(site, data))
    assert run.code == 1
    assert of_data(run) == sorted([
        f"{DATA}:38: 错误：三、本年度办理结果 （七）总计 的“自然人”列应为 21（各项之和），实为 20",
        f"{DATA}:38: 错误：三、本年度办理结果 （七）总计 的“总计”列应为 29（各项之和），实为 28",
    ])


def test_each_row_total_is_the_sum_of_its_six_columns(site, cli):
    data = valid().replace("third_party: [1, 0, 0, 0, 0, 0, 1]", "third_party: [1, 0, 0, 0, 0, 0, 2]")
    run = cli("check", "--site", report_site(site, data))
    assert (f"{DATA}:19: 错误：三、本年度办理结果 （三）不予公开 4.保护第三方合法权益 的“总计”列应为 1（前六列之和），实为 2"
            in run.problems)


def test_received_must_equal_handled_plus_carried_forward(site, cli):
    data = valid().replace("carried_forward: [2, 0, 0, 0, 0, 0, 2]", "carried_forward: [1, 0, 0, 0, 0, 0, 1]")
    run = cli("check", "--site", report_site(site, data))
    assert of_data(run) == sorted([
        f"{DATA}:39: 错误：“自然人”列：本年新收 + 上年结转 = 23，而办理结果总计 + 结转下年度继续办理 = 22，两者应相等",
        f"{DATA}:39: 错误：“总计”列：本年新收 + 上年结转 = 31，而办理结果总计 + 结转下年度继续办理 = 30，两者应相等",
    ])


def test_review_and_litigation_totals(site, cli):
    data = valid().replace("review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 2}",
                           "review: {upheld: 1, corrected: 1, other: 0, pending: 1, total: 2}")
    run = cli("check", "--site", report_site(site, data))
    assert of_data(run) == [f"{DATA}:41: 错误：四、行政复议 的“总计”应为 3（维持、纠正、其他、尚未审结之和），实为 2"]


def test_missing_and_mistyped_values_are_errors_at_their_lines(site, cli):
    data = valid().replace("new: [22, 5, 1, 0, 1, 1, 30]", "new: [22, 5, 1, 0, 1, 30]")
    data = data.replace("  licensing: {decisions: 1452}\n", "  licensing: {decisions: 很多}\n")
    data = data.replace("  coercion: {decisions: 11}\n", "")
    run = cli("check", "--site", report_site(site, data))
    assert f"{DATA}:5: 错误：proactive.licensing.decisions 应为非负整数，实为“很多”" in run.problems
    assert f"{DATA}:2: 错误：缺少 proactive.coercion（年度报告数据的键见 docs/editor.md）" in run.problems
    assert (f"{DATA}:9: 错误：applications.new 应为 7 个非负整数的列表 "
            "[自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]") in run.problems


def test_normative_counts_differing_from_the_site_are_a_warning(site, cli):
    run = cli("check", "--site", report_site(site, SAMPLE), "--strict")
    assert run.code == 1
    assert of_data(run) == sorted([
        f"{DATA}:4: 警告：二、主动公开政府信息情况 行政规范性文件“本年制发件数”填的是 2，而本站规范性文件栏目按 2023 年统计为 1"
        "（统计规则见 docs/editor.md），请核对",
        f"{DATA}:4: 警告：二、主动公开政府信息情况 行政规范性文件“现行有效件数”填的是 5，而本站规范性文件栏目按 2023 年统计为 1"
        "（统计规则见 docs/editor.md），请核对",
    ])


def test_repealed_count_uses_the_replacing_document_date(site, cli):
    data = SAMPLE.replace(*COUNTS).replace(COUNTS[1], "normative: {issued: 1, repealed: 1, in_force: 1}")
    extra = {"content/gfxwj/old.md": normative("旧办法", 4, year=2020, validity="废止"),
             "content/gfxwj/a.md": normative("关于印发测试办法的通知", 1, year=2023,
                                             replaces='"11340000MB0000000M/2020-00004"')}
    run = cli("check", "--site", report_site(site, data, extra))
    assert run.code == 0, run.err
    assert [p for p in run.problems if "空白栏目" not in p] == []  # the counts agree: no warning on them
