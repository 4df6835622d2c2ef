"""基层政务公开标准目录: one area's catalogue from a data file, shown as an accessible table whose rows link
the site's columns, an index of the areas, and checks of columns and 公开时限 at the data file's lines."""
import pytest

from conftest import BASE_CONFIG, doc

CONFIG = BASE_CONFIG + """\
  - path: bzml
    name: 基层政务公开标准目录
    type: catalog_area
"""
DATA = "content/bzml/zdjsxm.yaml"
VALID = """\
area: 重大建设项目
levels: [县级, 乡级]
items:
  - name: 批准服务信息
    items:
      - name: 批准结果
        content: 审批、核准、备案结果
        basis: 《政府投资条例》
        deadline: 信息形成（变更）之日起20个工作日内
        body: 县发展改革委、项目单位
        channels: [政府网站, 两微一端]
        audience: 全社会
        mode: 主动
        level: [县级, 乡级]
        columns: [qtxx]
      - name: 征收土地
        content: 征地补偿标准
        basis: 《土地管理法》
        deadline: 及时公开
        body: 乡镇人民政府
        channels: 公开栏
        audience: 特定群众
        mode: 依申请公开
        level: 乡级
"""


def area_doc(index: int = 10) -> str:
    return doc("测试县重大建设项目领域基层政务公开标准目录", index, 2024, type="catalog_area", data="zdjsxm.yaml")


def catalog_site(site, data: str = VALID, latest: str = "2026-11-10", name: str = "site", written: str | None = None):
    """A site whose 其他信息 column's newest document is dated `latest`, formed (成文) on `written`."""
    return site({"content/bzml/zdjsxm.md": area_doc(), DATA: data,
                 "content/qtxx/news.md": doc("最新信息", 1, 2024, date=latest, written=written)},
                config=CONFIG, name=name)


def of_data(run) -> list[str]:
    return sorted(p for p in run.problems if p.startswith(DATA))


def test_area_page_is_a_table_linking_each_row_to_its_columns(site, cli, tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--site", catalog_site(site), "--out", out)
    assert run.code == 0 and not of_data(run)
    page = (out / "bzml/zdjsxm.html").read_text(encoding="utf-8")
    assert '<div class="table-wrap">\n<table class="data-table standard-catalog" id="catalog-table">' in page
    assert "<caption>重大建设项目领域基层政务公开标准目录（公开层级：县级、乡级）</caption>" in page
    assert '<th scope="col">公开内容（要素）</th>' in page and '<th scope="row">批准结果</th>' in page
    assert ('<tr data-category="批准服务信息" data-body="县发展改革委|项目单位" data-level="县级|乡级"><td>1</td>'
            in page)
    assert ('<td><a href="../qtxx/index.html">其他信息</a>（1 篇，最新 <time datetime="2026-11-10">2026-11-10</time>）'
            in page)
    assert "<td>公开栏</td><td>特定群众</td><td>依申请公开</td><td>乡级</td>" in page
    assert '<form class="library-filter" data-filter-table="catalog-table" hidden>' in page
    assert '<option>县发展改革委</option><option>项目单位</option><option>乡镇人民政府</option>' in page
    index = (out / "bzml/index.html").read_text(encoding="utf-8")
    assert '<li><a href="../bzml/zdjsxm.html">重大建设项目</a> <span class="doc-column">2 项</span>' in index
    assert ('<tr data-area="重大建设项目" data-category="批准服务信息" data-body="县发展改革委|项目单位" '
            'data-level="县级|乡级"><td><a href="../bzml/zdjsxm.html">重大建设项目</a></td><td>1</td>') in index
    assert '<label>领域 <select name="area"><option value="">全部</option><option>重大建设项目</option>' in index


def test_a_new_document_in_a_linked_column_updates_the_count_on_the_next_build(site, cli, tmp_path):
    root, out = catalog_site(site), tmp_path / "out"
    assert cli("build", "--site", root, "--out", out).code == 0
    (root / "content/qtxx/newer.md").write_text(doc("更新的信息", 2, 2024, date="2026-11-18"), encoding="utf-8")
    assert cli("build", "--site", root, "--out", out).code == 0
    for page in ("bzml/zdjsxm.html", "bzml/index.html"):
        assert "（2 篇，最新 <time datetime=\"2026-11-18\">2026-11-18</time>）" in (out / page).read_text(encoding="utf-8")


def test_column_that_does_not_exist_is_an_error_at_its_line(site, cli):
    run = cli("check", "--site", catalog_site(site, VALID.replace("columns: [qtxx]", "columns: [qtxx, zdjsxm]")))
    assert run.code == 1
    assert of_data(run) == [f"{DATA}:15: 错误：标准目录事项“批准服务信息—批准结果”的栏目“zdjsxm”不存在："
                            "请写 config.yaml 中栏目的完整路径"]


def test_column_that_does_not_exist_suggests_the_nearest_real_one(site, cli):
    """Not a made-up example path: the site's own column most like the one written."""
    run = cli("check", "--site", catalog_site(site, VALID.replace("columns: [qtxx]", "columns: [qtxx, fzxs]")))
    assert run.code == 1
    assert of_data(run) == [f"{DATA}:15: 错误：标准目录事项“批准服务信息—批准结果”的栏目“fzxs”不存在："
                            "是不是“gfxwj/fzsx”？请写 config.yaml 中栏目的完整路径"]


def test_document_published_later_than_the_working_day_limit_is_a_warning(site, cli):
    # written 2026-09-24 (Thursday), published 2026-10-23 (Friday): 21 working days
    run = cli("check", "--site", catalog_site(site, latest="2026-10-23", written="2026-09-24"))
    assert run.code == 0
    assert of_data(run) == [f"{DATA}:9: 警告：标准目录事项“批准服务信息—批准结果”的公开时限是“信息形成（变更）之日起20个工作日内”，"
                            "但 content/qtxx/news.md 成文于 2026-09-24，发布于 2026-10-23，已过 21 个工作日"]


def test_twenty_working_days_are_within_the_limit(site, cli):
    run = cli("check", "--site", catalog_site(site, latest="2026-10-23", written="2026-09-25"))
    assert not of_data(run)


def test_a_column_with_nothing_new_is_not_late_on_any_date(site, cli):
    root = catalog_site(site, latest="2026-01-05", written="2026-01-05")
    for as_of in ("2026-11-20", "2027-11-20", "2031-06-30"):
        assert not of_data(cli("check", "--site", root, "--as-of", as_of))


@pytest.mark.parametrize("deadline, latest, late, on_time, elapsed", [
    ("信息形成之日起15日内", "2026-11-04", "2026-10-19", "2026-10-20", "16 天"),  # calendar days count every day
    ("信息形成（变更）之日起二十个工作日内", "2026-10-23", "2026-09-24", "2026-09-25", "21 个工作日"),  # Chinese numerals
])
def test_limits_are_counted_in_their_unit(site, cli, deadline, latest, late, on_time, elapsed):
    data = VALID.replace("信息形成（变更）之日起20个工作日内", deadline)
    run = cli("check", "--site", catalog_site(site, data, latest=latest, written=late))
    assert of_data(run) == [f"{DATA}:9: 警告：标准目录事项“批准服务信息—批准结果”的公开时限是“{deadline}”，"
                            f"但 content/qtxx/news.md 成文于 {late}，发布于 {latest}，已过 {elapsed}"]
    fresh = catalog_site(site, data, latest=latest, written=on_time, name="fresh")
    assert not of_data(cli("check", "--site", fresh))


def test_column_without_any_document_is_a_warning(site, cli):
    data = VALID.replace("columns: [qtxx]", "columns: [zcjd]")
    run = cli("check", "--site", catalog_site(site, data))
    assert of_data(run) == [f"{DATA}:9: 警告：标准目录事项“批准服务信息—批准结果”的公开时限是“信息形成（变更）之日起20个工作日内”，"
                            "但栏目“政策解读”还没有发布任何文档"]


def test_missing_and_wrong_values_are_errors_at_their_lines(site, cli):
    data = (VALID.replace("        basis: 《政府投资条例》\n", "").replace("audience: 全社会", "audience: 所有人")
            .replace("level: 乡级", "level: 村级").replace("channels: [政府网站, 两微一端]", "channels: []"))
    run = cli("check", "--site", catalog_site(site, data))
    assert run.code == 1
    assert of_data(run) == sorted([
        f"{DATA}:6: 错误：缺少公开依据（basis），请写文字",
        f"{DATA}:10: 错误：公开渠道和载体（channels）应为文字列表，例如 [政府网站, 公开栏]",
        f"{DATA}:11: 错误：公开对象（audience）应为 全社会 / 特定群众，实为“所有人”",
        f"{DATA}:23: 错误：公开层级“村级”不在本领域的公开层级（levels：县级、乡级）中",
    ])


def test_data_file_without_items_is_an_error(site, cli):
    run = cli("check", "--site", catalog_site(site, "area: 重大建设项目\nlevels: [县级]\nitem: []\n"))
    assert of_data(run) == [f"{DATA}:1: 错误：items 应为一级事项列表，每项写 name（一级事项）和 items（二级事项列表）",
                            f"{DATA}:3: 警告：未知的键“item”已忽略（可用：area、levels、items）"]
