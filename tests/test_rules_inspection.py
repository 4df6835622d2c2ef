"""What inspections count against a site, as `check` reports it: text for people, JSON for CI, --strict."""
import json

from conftest import BASE_CONFIG, doc

STALE_CONFIG = BASE_CONFIG.replace("""  - path: qtxx
    name: 其他信息
""", """  - path: qtxx
    name: 其他信息
    update_days: 180
""")
ALL_FILLED = {
    "content/gfxwj/fzsx/index.md": "---\ntitle: 废止和失效文件\n---\n说明。\n",
    "content/zcjd/index.md": "---\ntitle: 政策解读\n---\n说明。\n",
    "content/czyjs/index.md": "---\ntitle: 财政预决算\n---\n说明。\n",
}


def test_blank_column_is_a_warning_at_its_config_entry_and_fails_strict(site, cli):
    root = site({"content/qtxx/a.md": doc(), **{k: v for k, v in ALL_FILLED.items() if "czyjs" not in k}})
    run = cli("check", "--site", root)
    assert run.code == 0
    assert run.problems == ["config.yaml:23: 警告：栏目“财政预决算”（czyjs）是空白栏目：没有任何已发布的文档"
                            "；暂时没有内容的栏目可在这一栏目下写“open: false”（未开通，不发布）"]
    assert cli("check", "--site", root, "--strict").code == 1


def test_column_not_updated_within_its_period(site, cli):
    root = site({"content/qtxx/a.md": doc(year=2024), **ALL_FILLED}, config=STALE_CONFIG)
    run = cli("check", "--site", root)
    assert run.problems == ["config.yaml:26: 警告：栏目“其他信息”（qtxx）最近一次更新是 2024-03-05，已超过更新周期 180 天"]


def test_dead_internal_link_is_an_error_at_its_line(site, cli):
    root = site({"content/qtxx/a.md": doc(body="见[《办法》](gone.md)。"), **ALL_FILLED})
    run = cli("check", "--site", root)
    assert run.code == 1 and run.problems == ["content/qtxx/a.md:7: 错误：链接的文档 content/qtxx/gone.md 不存在"]


def test_dead_anchor_is_an_error_at_its_line(site, cli):
    root = site({"content/qtxx/a.md": doc(body="第一段。\n\n见[第二条](b.md#第二条)。"),
                 "content/qtxx/b.md": doc("乙", 2, body="## 第一条\n\n内容。"), **ALL_FILLED})
    run = cli("check", "--site", root)
    assert run.problems == ["content/qtxx/a.md:9: 错误：页面 qtxx/a.html 中的链接“b.html#第二条”指向不存在的锚点"]


def test_ipv4_literal_is_an_error_and_third_party_resource_a_warning_each_at_its_line(site, cli):
    body = "[办事大厅](http://10.1.2.3/bsdt)\n\n![县徽](https://cdn.example.com/logo.png)"
    root = site({"content/qtxx/a.md": doc(body=body), **ALL_FILLED})
    run = cli("check", "--site", root)
    assert run.problems == [
        "content/qtxx/a.md:7: 错误：页面 qtxx/a.html 使用了 IPv4 地址链接“http://10.1.2.3/bsdt”，IPv6 用户无法访问，请改用域名",
        "content/qtxx/a.md:9: 警告：页面 qtxx/a.html 引用了第三方资源“https://cdn.example.com/logo.png”，"
        "请改为本站托管（第三方主机可能不支持 IPv6）",
    ]


def test_json_format_for_ci(site, cli):
    root = site({"content/qtxx/a.md": doc(), **{k: v for k, v in ALL_FILLED.items() if "czyjs" not in k}})
    run = cli("check", "--site", root, "--format", "json", "--strict")
    assert run.code == 1
    assert json.loads(run.out) == [{"path": "config.yaml", "line": 23, "severity": "warning",
                                    "message": "栏目“财政预决算”（czyjs）是空白栏目：没有任何已发布的文档"
                                               "；暂时没有内容的栏目可在这一栏目下写“open: false”（未开通，不发布）",
                                    "code": "blank-column"}]


def test_two_links_to_one_missing_file_are_each_reported_at_their_own_line(site, cli):
    body = "见[办法](gone.md)。\n\n另见[同一办法](gone.md)。"
    root = site({"content/qtxx/a.md": doc(body=body), **ALL_FILLED})
    run = cli("check", "--site", root)
    assert [p.split(": ")[0] for p in run.problems] == ["content/qtxx/a.md:7", "content/qtxx/a.md:9"]
