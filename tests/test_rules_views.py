"""Column views: normative documents in force apart from ended ones, 文件库, plans and their archive, budgets."""
import re

from browsing import chromium
from conftest import BASE_CONFIG, doc, normative

PLAN_CONFIG = BASE_CONFIG + """\
  - path: ghxx
    name: 规划信息
    type: plan
"""


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_normative_column_shows_documents_in_force_apart_from_ended_ones(site, cli, tmp_path):
    root = site({
        "content/gfxwj/a.md": normative("现行办法", 1),
        "content/gfxwj/b.md": normative("过期办法", 2, expires="2025-12-31"),
        "content/gfxwj/fzsx/c.md": normative("废止办法", 3, validity="废止"),
    })
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    page = text((tmp_path / "out/gfxwj/index.html").read_text(encoding="utf-8"))
    in_force, ended = page.split("现行有效文件（1）")[1].split("废止、失效和已修改文件（2）")
    assert "现行办法" in in_force and "过期办法" not in in_force
    assert "过期办法 失效" in ended and "废止办法 废止" in ended
    assert "规范性文件文件库" in page


def test_library_lists_every_document_with_filter_values_and_works_without_script(site, cli, tmp_path):
    root = site({
        "content/gfxwj/a.md": normative("现行办法", 1, issuer="测试县人民政府"),
        "content/gfxwj/b.md": normative("旧办法", 2, year=2021, validity="废止"),
    })
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    html = (tmp_path / "out/gfxwj/wjk.html").read_text(encoding="utf-8")
    assert '<tr data-validity="有效" data-issuer="测试县人民政府" data-year="2024">' in html
    assert '<tr data-validity="废止" data-issuer="测试县人民政府办公室" data-year="2021">' in html
    assert '<form class="library-filter" data-filter-table="library-table" hidden>' in html
    assert "<option>测试县人民政府办公室</option>" in html and "<option>2021</option>" in html
    assert (tmp_path / "out/static/js/library-filter.js").is_file()


def test_library_page_name_collision_is_reported(site, cli):
    root = site({"content/gfxwj/wjk.md": normative("文件库", 1)})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert any("gfxwj/wjk.html" in p and "请给其中一个改名" in p for p in run.problems)


def test_plans_current_by_kind_and_past_periods_in_the_archive(site, cli, tmp_path):
    plan = {"type": "plan"}
    root = site({
        "content/ghxx/a.md": doc("十五五规划纲要", 1, plan_kind="总体规划", period="十五五（2026—2030年）", **plan),
        "content/ghxx/b.md": doc("国土空间规划", 2, plan_kind="国土空间规划", period="2021—2035年", **plan),
        "content/ghxx/c.md": doc("十四五交通规划", 3, plan_kind="专项规划", period="十四五（2021—2025年）", **plan),
        "content/ghxx/d.md": doc("十二五规划纲要", 4, plan_kind="总体规划", period="十二五", **plan),
    }, config=PLAN_CONFIG)
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    column = text((tmp_path / "out/ghxx/index.html").read_text(encoding="utf-8"))
    assert "总体规划（1） 十五五规划纲要" in column and "国土空间规划（1） 国土空间规划" in column
    assert "十四五交通规划" not in column and "历史规划" in column
    archive = text((tmp_path / "out/ghxx/lsgh.html").read_text(encoding="utf-8"))
    assert archive.index("十四五（2021—2025年）（1） 十四五交通规划") < archive.index("十二五（2011—2015年）（1） 十二五规划纲要")


def test_plan_period_without_years_is_an_error(site, cli):
    root = site({"content/ghxx/a.md": doc("规划", 1, type="plan", plan_kind="专项规划", period="近期")},
                config=PLAN_CONFIG)
    run = cli("check", "--site", root)
    assert ("content/ghxx/a.md:8: 错误：规划期（period）“近期”看不出起止年份，请写成“十四五（2021—2025年）”或“2021—2035年”"
            in run.problems)


def budget(title: str, index: int, year: int, kind: str, department: str, **fields) -> str:
    return doc(title, index, year=year + (kind == "决算"), type="budget", fiscal_year=year, budget_kind=kind,
               department=department, **fields)


def test_fiscal_year_pages_and_department_matrix(site, cli, tmp_path):
    root = site({
        "content/czyjs/a.md": budget("教育局2023年预算", 1, 2023, "预算", "测试县教育局"),
        "content/czyjs/b.md": budget("教育局2023年决算", 2, 2023, "决算", "测试县教育局"),
        "content/czyjs/c.md": budget("卫健委2024年预算", 3, 2024, "预算", "测试县卫生健康委员会"),
    })
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    year = text((tmp_path / "out/czyjs/nd2023.html").read_text(encoding="utf-8"))
    assert "预算（1） 教育局2023年预算" in year and "决算（1） 教育局2023年决算" in year
    assert "卫健委" not in year
    matrix = (tmp_path / "out/czyjs/yjsb.html").read_text(encoding="utf-8")
    row_id, row = re.search(r'<th id="(m-r\d)" scope="row">测试县教育局</th>(.*?)</tr>', matrix, re.S).groups()
    headers = re.findall(r'<td headers="([^"]*)">', row)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 4  # 2024 预算, 2024 决算, 2023 预算, 2023 决算
    # each cell names its department, year and kind, headers on two levels (HTML_CodeSniffer H43)
    assert headers == [f"{row_id} m-2024 m-2024-b", f"{row_id} m-2024 m-2024-f",
                       f"{row_id} m-2023 m-2023-b", f"{row_id} m-2023 m-2023-f"]
    assert '<th id="m-2024-f" scope="col">决算</th>' in matrix
    assert "—" in cells[0] and 'href="../czyjs/a.html"' in cells[2] and 'href="../czyjs/b.html"' in cells[3]
    column = (tmp_path / "out/czyjs/index.html").read_text(encoding="utf-8")
    assert 'href="../czyjs/nd2024.html">2024年度财政预决算</a>' in column and '部门预决算一览表</a>' in column


def test_numeric_table_gets_an_accessible_svg_chart(site, cli, tmp_path):
    data = ("tables:\n  - title: 支出决算表\n    unit: 万元\n    columns: [项目, 预算数, 决算数]\n    rows:\n"
            "      - [教育支出, 1200.50, 1180.20]\n      - [卫生支出, 300.00, 296.40]\n      - [合计, 1500.50, 1476.60]\n")
    root = site({"content/czyjs/a.md": budget("决算", 1, 2023, "决算", "测试县教育局", data="a.yaml"),
                 "content/czyjs/a.yaml": data})
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    html = (tmp_path / "out/czyjs/a.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img" aria-labelledby="chart-1-t chart-1-d"' in svg
    assert '<title id="chart-1-t">支出决算表（单位：万元）条形图</title>' in svg
    assert ('<desc id="chart-1-d">教育支出：预算数 1200.50，决算数 1180.20；卫生支出：预算数 300.00，决算数 296.40</desc>'
            in svg)
    assert svg.count("<rect") == 2 + 4  # legend + two bars per row, the 合计 row left out
    assert "<script" not in svg


def test_library_filter_in_a_real_browser(site, cli, tmp_path):
    """With JavaScript the form appears and hides rows; the count follows."""
    root = site({
        "content/gfxwj/a.md": normative("现行办法", 1),
        "content/gfxwj/b.md": normative("旧办法", 2, year=2021, validity="废止"),
        "content/gfxwj/c.md": normative("另一现行办法", 3, year=2022),
    })
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    with chromium() as browser:
        page = browser.new_page()
        page.goto((tmp_path / "out/gfxwj/wjk.html").as_uri())
        assert page.locator("form.library-filter").is_visible()
        page.select_option("select[name=validity]", "有效")
        assert page.locator("#library-table tbody tr:visible").count() == 2
        page.select_option("select[name=year]", "2022")
        assert page.locator("#library-table tbody tr:visible").all_inner_texts()[0].startswith("另一现行办法")
        assert page.locator(".library-count").inner_text() == "共 1 件"
        page.click("form.library-filter button[type=submit]")  # the form's own button filters in place
        assert page.url.endswith("/gfxwj/wjk.html")
        assert page.locator("#library-table tbody tr:visible").count() == 1
