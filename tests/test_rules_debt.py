"""Government debt: 限额/余额 tables with derived totals, balance ≤ limit, written totals equal their parts."""
from conftest import BASE_CONFIG, doc

CONFIG = BASE_CONFIG + """\
  - path: zfzw
    name: 政府债务
    type: debt
"""
DATA = "content/zfzw/zfzw-2023.yaml"
VALID = """\
unit: 亿元
limit:   {general: 40.15, special: 58.90}
balance: {general: 38.27, special: 55.64}
issues:
  - name: 2023年一般债券（二期）
    kind: 一般债券
    amount: 2.80
    term: 10年
    rate: 2.71%
    repayment_plan: 到期一次还本，按年付息
    repayment_source: 一般公共预算收入
  - name: 2023年专项债券（四期）
    kind: 专项债券
    amount: 4.20
    term: 15年
    rate: 2.98%
    repayment_plan: 按年付息，到期一次还本
    repayment_source: 项目收入
"""


def debt_site(site, data: str):
    return site({"content/zfzw/2023.md": doc("测试县2023年政府债务情况", 1, type="debt", fiscal_year=2023,
                                            data="zfzw-2023.yaml"),
                 DATA: data}, config=CONFIG)


def of_data(run) -> list[str]:
    return sorted(p for p in run.problems if p.startswith(DATA))


def test_debt_tables_show_derived_totals_as_written(site, cli, tmp_path):
    run = cli("build", "--site", debt_site(site, VALID), "--out", tmp_path / "out")
    assert run.code == 0 and not of_data(run)
    html = (tmp_path / "out/zfzw/2023.html").read_text(encoding="utf-8")
    assert ('<tr><th scope="row">债务限额</th><td class="num">40.15</td><td class="num">58.90</td>'
            '<td class="num">99.05</td></tr>') in html
    assert '<td class="num">93.91</td>' in html
    assert '<th scope="row">2023年专项债券（四期）</th><td>专项债券</td><td class="num">4.20</td>' in html
    assert '<tfoot><tr><th scope="row">合计</th><td></td><td class="num">7.00</td>' in html


def test_balance_above_limit_is_an_error_at_the_balance_line(site, cli):
    data = VALID.replace("balance: {general: 38.27, special: 55.64}", "balance: {general: 41.00, special: 55.64}")
    run = cli("check", "--site", debt_site(site, data))
    assert run.code == 1
    assert of_data(run) == [f"{DATA}:3: 错误：一般债务余额 41.00 亿元超过一般债务限额 40.15 亿元，余额不得超过限额"]


def test_sum_of_balances_above_sum_of_limits(site, cli):
    data = VALID.replace("limit:   {general: 40.15, special: 58.90}",
                         "limit:   {general: 40.15, special: 58.90, total: 90.00}")
    run = cli("check", "--site", debt_site(site, data))
    assert of_data(run) == [
        f"{DATA}:2: 错误：限额合计（total）写的是 90.00，而一般债务 40.15 + 专项债务 58.90 = 99.05，请改正或删去 total（会自动计算）",
        f"{DATA}:3: 错误：合计余额 93.91 亿元超过合计限额 90.00 亿元，余额不得超过限额",
    ]


def test_missing_and_mistyped_keys_are_errors_at_their_lines(site, cli):
    data = VALID.replace("unit: 亿元\n", "").replace("amount: 4.20", "amount: 四亿二千万").replace("    term: 10年\n", "")
    run = cli("check", "--site", debt_site(site, data))
    assert of_data(run) == sorted([
        f"{DATA}:1: 错误：缺少单位 unit（如 亿元、万元）",
        f"{DATA}:4: 错误：第 1 项债券缺少期限（term），请写文字",
        f"{DATA}:12: 错误：第 2 项债券的发行额（issues.1.amount）应为非负数字，实为“四亿二千万”",
    ])


def test_limit_without_parts(site, cli):
    data = VALID.replace("limit:   {general: 40.15, special: 58.90}", "limit: 99.05")
    run = cli("check", "--site", debt_site(site, data))
    assert of_data(run) == [f"{DATA}:2: 错误：限额 limit 应写成 {{general: 一般债务, special: 专项债务}}"]
