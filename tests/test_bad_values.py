"""Values the tool cannot read are errors at their lines, never a traceback and never published: numbers that are
not numbers (.nan, .inf), months that do not exist, table cells that are lists, an empty `open:`, YAML tags, and
site-wide checks over documents whose own fields failed to read."""
import pytest

from conftest import BASE_CONFIG, ROOT, doc, normative, read_tree

REPORT_CONFIG = BASE_CONFIG + """\
  - path: zfxxgknb
    name: 政府信息公开年报
    type: report
  - path: zfzw
    name: 政府债务
    type: debt
  - path: zdxzjc
    name: 重大行政决策
    type: decision_catalog
"""
REPORT = "content/zfxxgknb/nb-2023.yaml"
DEBT = "content/zfzw/zfzw-2023.yaml"
CATALOG = "content/zdxzjc/ml.yaml"
TABLES = "content/qtxx/t.yaml"
SAMPLE_REPORT = (ROOT / "content/zfxxgknb/nb-2023.yaml").read_text(encoding="utf-8")
DEBT_DATA = "unit: 亿元\nlimit:   {general: 40.15, special: 58.90}\nbalance: {general: 38.27, special: 55.64}\n"
CATALOG_DATA = "items:\n  - 事项: 制定测试办法\n    承办单位: 县司法局\n    计划完成时间: 2026-10\n"
TABLES_DATA = "tables:\n  - title: 收入表\n    columns: [项目, 金额]\n    rows:\n      - [事业收入, 950.00]\n"


def files() -> dict:
    """A site whose every data file is valid: each test breaks one value of it."""
    return {
        "content/zfxxgknb/2023-nb.md": doc("测试县2023年政府信息公开工作年度报告", 9, year=2024, type="report",
                                           fiscal_year=2023, data="nb-2023.yaml"),
        REPORT: SAMPLE_REPORT,
        "content/zfzw/2023.md": doc("测试县2023年政府债务情况", 8, type="debt", fiscal_year=2023, data="zfzw-2023.yaml"),
        DEBT: DEBT_DATA,
        "content/zdxzjc/ml.md": doc("2026年重大行政决策事项目录", 30, 2026, fiscal_year=2026, data="ml.yaml"),
        CATALOG: CATALOG_DATA,
        "content/qtxx/a.md": doc("收入情况", 3, data="t.yaml"),
        TABLES: TABLES_DATA,
        "content/gfxwj/old.md": normative("旧办法", 4, year=2020, validity="废止"),
        "content/gfxwj/a.md": normative("关于印发测试办法的通知", 1, year=2023, replaces='"11340000MB0000000M/2020-00004"'),
    }


def broken(site, cli, tmp_path, changes: dict, config: str = REPORT_CONFIG, code: int = 1):
    """Build the valid site, then with `changes` (path -> (old, new)): the second build fails with `code`, no
    traceback, and leaves the first build's output as it was. Returns the second build's Run."""
    root = site(files(), config=config)
    out = tmp_path / "out"
    first = cli("build", "--site", root, "--out", out)
    assert first.code == 0, first.err
    before = read_tree(out)
    for rel, (old, new) in changes.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    assert read_tree(out) == before
    checked = cli("check", "--site", root)
    assert checked.code == code and "Traceback" not in checked.err
    return run


@pytest.mark.parametrize("replacement", [
    ("title: 关于印发测试办法的通知", "t1: &a x\nt2: *a\ntitle: 关于印发测试办法的通知"),  # the replacing one unread
    ("date: 2023-03-05", "date: 2023-02-30"),  # read, without its date
])
def test_a_repealed_document_without_a_date_beside_a_broken_replacement_is_reported_not_a_traceback(
        site, cli, tmp_path, replacement):
    run = broken(site, cli, tmp_path, {"content/gfxwj/old.md": ("date: 2020-03-05", "date: 2020-02-30"),
                                       "content/gfxwj/a.md": replacement})
    assert "content/gfxwj/old.md:3: 错误：发布日期（date）：日期“2020-02-30”不存在" in run.problems
    assert any(p.startswith("content/gfxwj/a.md:") and "错误" in p for p in run.problems)
    assert not [p for p in run.problems if "行政规范性文件" in p]  # no count questioned on dates it could not read


@pytest.mark.parametrize("value", [".nan", ".inf", ".NaN"])
def test_a_debt_amount_that_is_not_a_number_is_an_error_at_its_line(site, cli, tmp_path, value):
    run = broken(site, cli, tmp_path, {DEBT: ("general: 40.15", f"general: {value}")})
    assert f"{DEBT}:2: 错误：一般债务限额（limit.general）写的是“{value}”，不是数字，请写一个非负数字" in run.problems


@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_an_annual_report_amount_that_is_not_a_number_is_an_error_at_its_line(site, cli, tmp_path, value):
    run = broken(site, cli, tmp_path, {REPORT: ("fees: {amount: 88.35}", f"fees: {{amount: {value}}}")})
    assert f"{REPORT}:8: 错误：proactive.fees.amount 写的是“{value}”，不是数字，请写一个非负数字" in run.problems


@pytest.mark.parametrize("due, wrong", [("2026-13", "不是有效的年月"), ("2026-00", "不是有效的年月"),
                                        ("2026-02-30", "不是有效的日期")])
def test_a_planned_date_that_does_not_exist_is_an_error_at_its_line(site, cli, tmp_path, due, wrong):
    run = broken(site, cli, tmp_path, {CATALOG: ("计划完成时间: 2026-10", f"计划完成时间: {due}")})
    assert f"{CATALOG}:4: 错误：第 1 项的计划完成时间“{due}”{wrong}" in run.problems


def test_table_cells_that_are_lists_or_mappings_or_not_numbers_are_errors_at_their_lines(site, cli, tmp_path):
    rows = "      - [[事业收入], {a: 1}]\n      - [其他收入, .nan]\n"
    run = broken(site, cli, tmp_path, {TABLES: ("      - [事业收入, 950.00]\n", rows)})
    assert sorted(p for p in run.problems if p.startswith(TABLES)) == [
        f"{TABLES}:5: 错误：第 1 行第 1 列的单元格应为文字或数字，不能是列表或键值对（文字中有 [ ] {{ }} 时，请给它加英文引号）",
        f"{TABLES}:5: 错误：第 1 行第 2 列的单元格应为文字或数字，不能是列表或键值对（文字中有 [ ] {{ }} 时，请给它加英文引号）",
        f"{TABLES}:6: 错误：第 2 行第 2 列的单元格“.nan”{NOT_A_NUMBER.format('.nan', 'nan')}",
    ]


NOT_A_NUMBER = '会被 YAML 读成非数字（页面上显示为 {1}）：是文字的请加英文引号写成 "{0}"，没有数值的写“-”'
YES_OR_NO = '会被 YAML 读成是非值（页面上显示为 {1}）：请写成“是”或“否”，或加英文引号写成 "{0}"'
ISSUE = ("issues:\n  - {name: 2023年一般债券, kind: 一般债券, amount: 10, term: 5年, rate: 2.5%, "
         "repayment_plan: 到期偿还, repayment_source: 一般公共预算收入}\n")


@pytest.mark.parametrize("path, old, new, problem", [
    (TABLES, "[事业收入, 950.00]", "[yes, 950.00]", f"5: 错误：第 1 行第 1 列的单元格“yes”{YES_OR_NO.format('yes', True)}"),
    (TABLES, "[事业收入, 950.00]", "[.inf, 950.00]", f"5: 错误：第 1 行第 1 列的单元格“.inf”{NOT_A_NUMBER.format('.inf', 'inf')}"),
    (TABLES, "title: 收入表", "title: no", f"2: 错误：表格标题（title）“no”{YES_OR_NO.format('no', False)}"),
    (TABLES, "columns: [项目, 金额]", "columns: [项目, On]", f"3: 错误：表头第 2 列“On”{YES_OR_NO.format('On', True)}"),
    (CATALOG, "承办单位: 县司法局", "承办单位: .nan", f"3: 错误：第 1 项的承办单位（unit）“.nan”{NOT_A_NUMBER.format('.nan', 'nan')}"),
    (CATALOG, "承办单位: 县司法局", "承办单位: off", f"3: 错误：第 1 项的承办单位（unit）“off”{YES_OR_NO.format('off', False)}"),
    (DEBT, "balance:", ISSUE.replace("5年", ".inf") + "balance:",
     f"4: 错误：第 1 项债券的期限（term）“.inf”{NOT_A_NUMBER.format('.inf', 'inf')}"),
    (DEBT, "balance:", ISSUE.replace("2.5%", "yes") + "balance:",
     f"4: 错误：第 1 项债券的利率（rate）“yes”{YES_OR_NO.format('yes', True)}"),
], ids=["cell yes", "text cell .inf", "title no", "heading On", "catalog .nan", "catalog off", "bond .inf", "bond yes"])
def test_a_yes_or_no_or_not_a_number_where_text_is_shown_is_an_error_at_its_line(site, cli, tmp_path, path, old, new, problem):
    """YAML reads yes, no, on, off as a yes-or-no and .nan, .inf as numbers that are none: the page would show
    True, False, nan or inf where the editor wrote a word."""
    run = broken(site, cli, tmp_path, {path: (old, new)})
    assert [p for p in run.problems if p.startswith(path) and "错误" in p] == [f"{path}:{problem}"], run.err


def test_a_table_heading_that_is_a_list_is_an_error_at_its_line(site, cli, tmp_path):
    run = broken(site, cli, tmp_path, {TABLES: ("columns: [项目, 金额]", "columns: [项目, [金额]]")})
    assert [p for p in run.problems if p.startswith(TABLES)] == [
        f"{TABLES}:3: 错误：表头第 2 列应为文字或数字，不能是列表或键值对（文字中有 [ ] {{ }} 时，请给它加英文引号）"]


def test_an_empty_open_is_a_config_error_not_an_open_column(site, cli, tmp_path):
    config = REPORT_CONFIG.replace("    name: 其他信息\n", "    name: 其他信息\n    open:\n")
    root = site(files(), config=config)
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 2 and "Traceback" not in run.err
    assert "config.yaml:28: 错误：配置项“columns[].open”是空的：请写 true 或 false，或删去这一行" in run.err
    assert not (tmp_path / "out").exists()


def test_an_empty_archived_keeps_its_default(site, cli, tmp_path):
    """Not archived is the default that checks more: an empty `archived:` means it, as before."""
    config = REPORT_CONFIG.replace("    name: 其他信息\n", "    name: 其他信息\n    archived:\n")
    assert cli("build", "--site", site(files(), config=config), "--out", tmp_path / "out").code == 0


def test_a_number_as_the_index_number_pattern_is_a_config_error(site, cli, tmp_path):
    run = cli("build", "--site", site(files(), config=REPORT_CONFIG + "index_no_pattern: 5\n"), "--out", tmp_path / "o")
    assert run.code == 2
    assert "config.yaml:37: 错误：配置项“index_no_pattern”应为文字" in run.err


@pytest.mark.parametrize("written, tag", [("!!str 123", "!!str"), ("!!float 1", "!!float"), ("&a !!str x", "!!str")])
def test_a_yaml_tag_in_front_matter_is_an_error_even_a_plain_one(site, cli, tmp_path, written, tag):
    run = broken(site, cli, tmp_path, {"content/qtxx/a.md": ("title: 收入情况", f"title: {written}")})
    assert f"content/qtxx/a.md:2: 错误：不允许使用 YAML 标签“{tag}”，请只写普通的文字、数字和列表" in run.problems
