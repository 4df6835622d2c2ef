"""The built sample site in real Chromium, served on loopback: what a reader sees and can do.

axe-core checks WCAG 2.1 AA on every page type; search, the directory's element filters, the
适老化 switch, narrow screens, the keyboard and printing are used as a reader would use them.
Screenshots of every page type are saved (the path is printed) so a person can look at them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import CHROMIUM, chromium, serve
from serving import CHROMIUM_ARGS

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ALL_TYPES = {"normative", "plan", "budget", "debt", "interpretation", "report", "gazette", "catalog_area", "consultation",
             "consultation_feedback", "decision_catalog", "page", "policy_qa", "new_media",
             "reply"}
ELDER_KEY = "gongkai-elder"


@pytest.fixture(scope="module")
def base(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def catalog(sample_site) -> list[dict]:
    return json.loads((sample_site / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page_types(catalog) -> dict[str, str]:
    """One URL per page type: home, columns, a document of every type, the typed column views, directory,
    search, 404."""
    first = {}
    for d in catalog:
        first.setdefault(d["type"], d["url"])
    assert set(first) == ALL_TYPES, "the sample site should have a document of every type"
    return {"home": "index.html", "column": "fdzdgknr/index.html", "column-leaf": "fdzdgknr/gfxwj/index.html",
            **{f"document-{t}": url for t, url in sorted(first.items())},
            "view-library": "fdzdgknr/gfxwj/wjk.html", "view-plan-archive": "fdzdgknr/ghxx/lsgh.html",
            "view-budget-matrix": "fdzdgknr/czyjs/yjsb.html", "view-fiscal-year": "fdzdgknr/czyjs/nd2024.html",
            "column-gazette": "zfgb/index.html", "column-standard-catalog": "bzml/index.html",
            "column-consultation": "fdzdgknr/zdxzjc/yjzj/index.html",
            "column-policy-qa": "zcjd/zcwd/index.html", "column-new-media": "zwxmt/index.html",
            "column-replies": "jytabl/index.html",
            "column-replies": "jytabl/index.html",
            "application": "yssqgk/index.html", "application-form": "yssqgk/sqb.html",
            "directory": "gkml/index.html", "search": "search/index.html?q=" + quote("生活垃圾"),
            "not-found": "404.html"}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


def settle(page) -> None:
    """Wait until the page's own scripts (search, directory filters) have finished."""
    page.wait_for_function("""() => {
        const search = document.getElementById('search-status'), filters = document.getElementById('dir-status');
        return (!search || (search.textContent && !search.textContent.startsWith('正在'))) &&
               (!filters || filters.textContent.length > 0);
    }""")


def axe_failures(page, base: str, paths: dict[str, str]) -> dict[str, str]:
    axe, failures = Axe(), {}
    for name, path in paths.items():
        page.goto(base + path)
        settle(page)
        result = axe.run(page, options=AXE_OPTIONS)
        if result.violations_count:
            failures[name] = result.generate_report()
    return failures


def test_axe_finds_no_wcag21aa_violation_on_any_page_type(page, base, page_types):
    assert axe_failures(page, base, page_types) == {}


HERE = Path(__file__).resolve().parent
PA11Y = HERE / ".pa11y" / "node_modules" / "pa11y"


def test_html_codesniffer_finds_no_wcag2aa_error_on_any_page_type(base, page_types, tmp_path):
    """The second opinion inspections use (pa11y with HTML_CodeSniffer): it checks table headers
    and form labels by rules axe does not have."""
    errors = htmlcs_errors(base, list(page_types.values()), tmp_path)
    assert errors == [], "\n".join(errors)


def htmlcs_errors(base: str, paths: list[str], tmp_path: Path) -> list[str]:
    """HTML_CodeSniffer's WCAG2AA errors on the pages at `paths` under `base`, one a line."""
    assert PA11Y.is_dir(), "run bash tests/install.sh to install pa11y"
    config = tmp_path / "pa11y.json"
    config.write_text(json.dumps({"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROMIUM_ARGS},
                                  "runners": ["htmlcs"], "standard": "WCAG2AA", "timeout": 60000}))
    urls = [base + path for path in paths]
    done = subprocess.run(["node", str(HERE / "htmlcs.js"), str(config), *urls], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert sorted(found) == sorted(urls)
    return [f"{url.removeprefix(base)} {i['selector']}: {i['code'].rsplit('.', 2)[-2]} {i['message']}"
            for url, issues in found.items() for i in issues]


def test_axe_finds_no_violation_in_elder_mode(page, base, page_types):
    page.goto(base + "index.html")
    page.evaluate(f"localStorage.setItem('{ELDER_KEY}', '1')")
    subset = {k: v for k, v in page_types.items() if k in ("home", "directory", "search", "document-report",
                                                             "document-normative")}
    assert axe_failures(page, base, subset) == {}


def result_titles(page) -> list[str]:
    return page.locator(".search-result .result-title").all_inner_texts()


def test_a_chinese_query_finds_the_right_document_with_date_and_column(page, base, catalog):
    wanted = next(d for d in catalog if d["url"] == "fdzdgknr/gfxwj/2026-gfxwj-ljzl.html")
    page.goto(base + "index.html")
    page.fill("#site-q", "生活垃圾治理")
    page.press("#site-q", "Enter")  # the header box is a plain GET form to the search page
    settle(page)
    assert urlsplit(page.url).path.endswith("/search/index.html")
    assert "找到" in page.inner_text("#search-status")
    first = page.locator(".search-result").first
    assert first.locator(".result-title").inner_text() == wanted["title"]
    assert "栏目：规章和规范性文件" in first.inner_text()
    assert f"发布日期：{wanted['date'][:10]}" in first.inner_text()
    first.locator("a").click()
    assert urlsplit(page.url).path.endswith("/" + wanted["url"])


def test_search_finds_an_open_consultation_in_its_column(page, base, catalog):
    wanted = next(d for d in catalog if d["type"] == "consultation" and d["status"] == "征集中")
    page.goto(base + "search/index.html?q=" + quote("养老服务设施布局 征求意见"))
    settle(page)
    first = page.locator(".search-result").first
    assert first.locator(".result-title").inner_text() == wanted["title"]
    assert "栏目：意见征集" in first.inner_text()


def test_search_asks_for_the_query_words_lists_while_the_list_of_shards_is_on_its_way(page, base, catalog):
    """A round trip less before Pagefind loads: the site's word lists are named by the query alone."""
    wanted = next(d for d in catalog if d["url"] == "fdzdgknr/gfxwj/2026-gfxwj-ljzl.html")
    held = []
    page.route("**/pagefind/shards.json", lambda route: held.append(route))  # answered once a word list was asked for
    with page.expect_request(lambda request: "/pagefind/words/" in request.url) as asked:
        page.goto(base + "search/index.html?q=" + quote("生活垃圾治理"), wait_until="commit")
    assert asked.value.url.endswith(".json") and len(held) == 1
    assert page.inner_text("#search-status") == "正在搜索……"
    held[0].continue_()
    settle(page)
    assert page.locator(".search-result .result-title").first.inner_text() == wanted["title"]


def test_search_never_shows_a_non_public_document(page, base):
    page.goto(base + "search/index.html?q=" + quote("重要目标防护部署方案"))
    settle(page)
    assert not any("防护部署方案" in t for t in result_titles(page))
    page.goto(base + "search/index.html?q=" + quote("内部绩效考核评分细则"))
    settle(page)
    assert not any("考核评分细则" in t for t in result_titles(page))


def rows(page) -> list[list[str]]:
    return [r.locator("td").all_inner_texts() for r in page.locator("#dir-rows tr").all()]


def test_directory_filters_narrow_the_list_and_keep_their_state_in_the_url(page, base, catalog):
    page.goto(base + "gkml/index.html")
    page.wait_for_selector("#dir-filter:not([hidden])")
    assert len(rows(page)) == len(catalog)

    page.select_option("#f-issuer", "示例县财政局")
    expected = [d for d in catalog if d["issuer"] == "示例县财政局"]
    assert 1 < len(rows(page)) == len(expected) < len(catalog)
    assert {r[2] for r in rows(page)} == {"示例县财政局"}

    page.select_option("#f-year", "2024")
    expected = [d for d in expected if d["date"].startswith("2024")]
    assert [r[1] for r in rows(page)] == [d["title"] for d in expected]
    assert parse_qs(urlsplit(page.url).query) == {"issuer": ["示例县财政局"], "year": ["2024"]}

    page.goto(page.url)  # a linked, filtered view opens filtered
    page.wait_for_selector("#dir-filter:not([hidden])")
    assert page.input_value("#f-issuer") == "示例县财政局"
    assert [r[1] for r in rows(page)] == [d["title"] for d in expected]

    page.click("button[type=reset]")
    page.fill("#f-number", "示政发[2026]")  # brackets typed any way match 〔2026〕
    numbered = [d for d in catalog if (d["doc_number"] or "").startswith("示政发〔2026〕")]
    assert numbered and [r[3] for r in rows(page)] == [d["doc_number"] for d in numbered]

    page.fill("#f-number", "")
    page.select_option("#f-validity", "废止")
    assert rows(page) and {r[6] for r in rows(page)} == {"废止"}
    page.select_option("#f-validity", "")
    page.fill("#f-q", "垃圾 治理")
    assert rows(page) and all("垃圾" in r[1] and "治理" in r[1] for r in rows(page))
    page.fill("#f-q", "")
    page.select_option("#f-topic", "财政、金融、审计")
    assert len(rows(page)) == sum(d["topic"] == "财政、金融、审计" for d in catalog)
    page.select_option("#f-sort", "asc")
    dates = [r[5] for r in rows(page)]
    assert dates == sorted(dates) and len(set(dates)) > 1
    assert "sort=asc" in page.url


def test_directory_opened_from_disk_stays_a_complete_list(page, sample_site, catalog):
    page.goto((sample_site / "gkml" / "index.html").as_uri())
    page.wait_for_function("document.getElementById('dir-status').textContent.length > 0")
    assert page.locator("#dir-filter").is_hidden()
    assert len(rows(page)) == len(catalog)
    assert page.locator("#dir-rows a").first.get_attribute("href") == "../" + catalog[0]["url"]


def font_size(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")


def test_elder_switch_enlarges_text_and_is_remembered_across_pages(page, base, page_types):
    page.goto(base + page_types["document-normative"])
    body, text = font_size(page, "body"), font_size(page, ".article-body p")
    switch = page.locator("#elder-switch")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert font_size(page, "body") >= 1.5 * body
    assert font_size(page, ".article-body p") >= 1.5 * text
    line = page.eval_on_selector("body", "e => parseFloat(getComputedStyle(e).lineHeight)")
    assert line >= 1.5 * font_size(page, "body")

    page.click("nav.site-nav >> text=主动公开基本目录")
    page.wait_for_url("**/gkml/index.html")  # the next page, its script run: a loaded machine is slow to get there
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert page.locator("#elder-switch").get_attribute("aria-pressed") == "true"
    assert font_size(page, "body") >= 1.5 * body
    page.locator("#elder-switch").click()
    page.goto(base + "index.html")
    assert font_size(page, "body") == body


@pytest.mark.parametrize("width, elder", [(375, False), (375, True), (320, False)], ids=["375", "375-elder", "320"])
def test_nothing_overflows_on_a_phone_and_screenshots_are_saved(browser, base, page_types, shots, width, elder):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = context.new_page()
    if elder:
        page.goto(base + "index.html")
        page.evaluate(f"localStorage.setItem('{ELDER_KEY}', '1')")
    wide = {}
    for name, path in page_types.items():
        page.goto(base + path)
        settle(page)
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            wide[name] = scrolled
        page.screenshot(path=shots / f"{width}-{'elder-' if elder else ''}{name}.png", full_page=True)
    context.close()
    assert wide == {}


@pytest.mark.parametrize("width, elder", [(1280, False), (320, False), (320, True)], ids=["desktop", "320", "320-elder"])
def test_the_index_number_breaks_only_after_its_slash(browser, base, page_types, width, elder):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = context.new_page()
    if elder:
        page.goto(base + "index.html")
        page.evaluate(f"localStorage.setItem('{ELDER_KEY}', '1')")
    page.goto(base + page_types["document-normative"])
    lines = page.eval_on_selector_all(".meta-panel .index-no span", "parts => parts.map(p => p.getClientRects().length)")
    context.close()
    assert lines == [1, 1]  # "11340000MB0000000M/" and "2026-00049", each on one line


def test_the_combined_standard_catalog_shows_its_last_column_at_desktop_width(page, base):
    for path in ("bzml/index.html", "bzml/czyjs.html"):
        page.goto(base + path)
        box = page.evaluate("""() => {
            const wrap = document.querySelector('.table-wrap'), last = wrap.querySelector('thead th:last-child');
            return {scroll: wrap.scrollWidth, width: wrap.clientWidth, right: wrap.getBoundingClientRect().right,
                    last: last.getBoundingClientRect().right};
        }""")
        assert box["scroll"] <= box["width"] and box["last"] <= box["right"], (path, box)


def test_on_a_phone_the_metadata_panel_leaves_the_title_on_the_first_screen(browser, base, page_types):
    """At 375 × 667 the panel is two columns (a name above its value), so the first line of the title shows."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, locale="zh-CN")
    page = context.new_page()
    hidden = {}
    for name, path in page_types.items():
        if not name.startswith("document-"):
            continue
        page.goto(base + path)
        title = page.locator("h1").bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).lineHeight)")
        if title["y"] + line > 667:
            hidden[name] = title["y"]
    page.goto(base + page_types["document-normative"])
    tops = page.eval_on_selector_all(".meta-panel > div", "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    context.close()
    assert hidden == {}
    assert tops[1] == tops[2]  # 主题分类 and 发文机关 side by side, under the 索引号


def test_desktop_screenshots_of_every_page_type(page, base, page_types, shots):
    for name, path in page_types.items():
        page.goto(base + path)
        settle(page)
        assert page.locator("h1").count() == 1
        page.screenshot(path=shots / f"desktop-{name}.png", full_page=True)
    assert len(list(shots.glob("desktop-*.png"))) == len(page_types)


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(page, base, page_types):
    page.goto(base + page_types["document-budget"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.focus("#site-q")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "elder-switch"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.classList.contains('elder')")


def test_a_document_prints_as_a_clean_a4_page_with_its_metadata_panel(page, base, page_types):
    page.goto(base + page_types["document-normative"])
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-nav", ".breadcrumb", ".site-footer"):
        assert page.locator(chrome).is_hidden(), chrome
    assert page.locator(".meta-panel").is_visible()
    assert page.eval_on_selector(".meta-panel", "e => getComputedStyle(e).display") == "grid"
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def catalog_rows(page, table: str = "#catalog-all") -> list[str]:
    """The 二级事项 of the visible rows of a 标准目录 table."""
    return page.locator(f"{table} tbody tr:visible th").all_inner_texts()


def test_standard_catalog_element_search_filters_rows_without_a_server(page, base):
    page.goto(base + "bzml/index.html")
    every = catalog_rows(page)
    assert len(every) == 12 and page.inner_text(".library-count") == "共 12 项"
    page.select_option("select[name=level]", "乡级")  # rows of both levels (县级|乡级) stay
    township = catalog_rows(page)
    assert "项目基本信息和进展" in township and "乡镇预算和决算" in township and "政府预算" not in township
    assert page.inner_text(".library-count") == f"共 {len(township)} 项"
    page.select_option("select[name=area]", "重大建设项目")
    assert catalog_rows(page) == ["项目基本信息和进展", "征收土地"]
    page.select_option("select[name=body]", "项目单位")  # one of the row's 公开主体 “县发展改革委、项目单位”
    assert catalog_rows(page) == ["项目基本信息和进展"]
    page.select_option("select[name=area]", "公共资源交易")
    assert catalog_rows(page) == [] and page.inner_text(".library-count") == "共 0 项"
    page.goto(base + "bzml/czyjs.html")
    page.select_option("select[name=category]", "部门预决算")
    assert catalog_rows(page, "#catalog-table") == ["部门预算和决算", "乡镇预算和决算"]


def test_standard_catalog_is_complete_without_script_and_the_form_prints(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "bzml/czyjs.html")
    assert page.locator("form.library-filter").is_hidden() and len(catalog_rows(page, "#catalog-table")) == 4
    page.goto(base + "yssqgk/sqb.html")
    page.emulate_media(media="print")
    assert page.locator(".screen-only").is_hidden() and page.locator("table.application-form").count() == 5
    assert page.locator("table.application-form").first.is_visible()
    context.close()


def qa_shown(page) -> list[str]:
    return page.locator("#qa-list > li:visible h2").all_inner_texts()


def test_policy_qa_filters_by_topic_and_keyword_and_lists_everything_without_script(browser, page, base):
    page.goto(base + "zcjd/zcwd/index.html")
    every = qa_shown(page)
    assert len(every) == 11 and page.inner_text(".library-count") == "共 11 问"
    page.select_option("select[name=topic]", "民政、扶贫、救灾")
    assert len(qa_shown(page)) == 4 and page.inner_text(".library-count") == "共 4 问"
    page.fill("form.library-filter input[name=q]", "渐退期")  # a word of one answer only
    assert qa_shown(page) == ["问：低保对象找到工作后马上停发低保金吗？"]
    page.locator("#qa-list > li:visible .qa-source a").click()
    assert urlsplit(page.url).path.endswith("/zcjd/zcwd/2026-dbxg-jmwd.html")
    context = browser.new_context(java_script_enabled=False)
    still = context.new_page()
    still.goto(base + "zcjd/zcwd/index.html")
    assert still.locator("form.library-filter").is_hidden() and qa_shown(still) == every
    context.close()


def test_axe_finds_no_violation_in_the_inspection_report(page, site, cli):
    """check --report's page is read by the 政务公开办, who may use a screen reader like any reader."""
    from test_report import faulty_report
    folder, _ = faulty_report(site, cli)
    with serve(folder) as url:
        assert axe_failures(page, url, {"report": "index.html"}) == {}


def test_the_groups_inspection_report_passes_axe_and_html_codesniffer(page, tmp_path, cli):
    """The group's report: a row per member linking to its section, the group's totals and charts."""
    from test_group_report import group_report
    folder, _ = group_report(tmp_path, cli)
    with serve(folder) as url:
        assert axe_failures(page, url, {"report": "index.html"}) == {}
        assert htmlcs_errors(url, ["index.html"], tmp_path) == []

@pytest.fixture(scope="module")
def sample_group(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("group") / "public"
    assert subprocess.run([sys.executable, str(HERE.parent / "build.py"), "build", "--site", str(HERE.parent / "examples/group"),
                           "--out", str(out), "--as-of", "2026-11-20"], capture_output=True).returncode == 0
    return out


def test_group_pages_pass_axe_and_the_directory_filters_by_member(page, sample_group):
    with serve(sample_group) as group_base:
        paths = {"home": "index.html", "departments": "bmxxgk/index.html", "directory": "gkml/index.html",
                 "search": "search/index.html?q=" + quote("招生"), "member": "bm/fgw/index.html"}
        assert axe_failures(page, group_base, paths) == {}
        page.goto(group_base + "gkml/index.html")
        page.wait_for_selector("#dir-filter:not([hidden])")
        catalog = json.loads((sample_group / "catalog.json").read_text(encoding="utf-8"))
        assert len(rows(page)) == len(catalog)
        page.select_option("#f-member", "示例县教育局")
        expected = [d["title"] for d in catalog if d["member"] == "示例县教育局"]
        assert expected and [r[1] for r in rows(page)] == expected
        assert parse_qs(urlsplit(page.url).query) == {"member": ["示例县教育局"]}


def test_group_search_finds_every_members_documents_and_narrows_by_member(page, sample_group):
    with serve(sample_group) as group_base:
        page.goto(group_base + "search/index.html?q=" + quote("机构职能"))
        page.wait_for_function("document.querySelectorAll('.search-result').length >= 4")  # results, not just the count
        assert sorted(result_titles(page)) == sorted(["示例县人民政府机构职能", "示例县发展和改革委员会机构职能",
                                                      "示例县教育局机构职能", "示例县城关镇人民政府机构职能"])
        requested: list[str] = []
        page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        page.goto(group_base + "search/index.html?q=" + quote("机构职能") + "&member=" + quote("示例县教育局"))
        page.wait_for_selector(".search-result")
        settle(page)
        assert page.input_value("#search-member") == "示例县教育局"
        assert result_titles(page) == ["示例县教育局机构职能"]
        # the chosen member's index alone is loaded; the others give only the words that decide the query
        loaded = {path.split("/pagefind/")[0] for path in requested if "/pagefind/" in path and "/words/" not in path}
        assert loaded == {"/bm/jyj"}, requested
        page.locator(".search-result a").first.click()
        assert urlsplit(page.url).path == "/bm/jyj/fdzdgknr/jgzn/jgzn.html"
