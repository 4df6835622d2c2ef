"""Building tiny sites: the pages, links and data a reader and an inspector see."""
from __future__ import annotations

import json
import re

from conftest import ROOT, doc, normative, read_tree


def test_builds_every_page_of_a_small_site(site, cli):
    root = site({
        "content/gfxwj/a.md": normative("关于印发测试办法的通知", 1),
        "content/zcjd/b.md": doc("《测试办法》解读", 2, interprets='"11340000MB0000000M/2024-00001"', form="文字"),
        "content/qtxx/index.md": "---\ntitle: 其他信息\n---\n本栏目发布其他信息。\n",
        "content/czyjs/c.md": doc("2024年部门预算", 3, fiscal_year=2024, budget_kind="预算"),
    })
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    out = root / "public"
    for page in ["index.html", "gfxwj/index.html", "gfxwj/fzsx/index.html", "zcjd/index.html",
                 "qtxx/index.html", "czyjs/index.html", "gkml/index.html", "gfxwj/a.html", "zcjd/b.html",
                 "czyjs/c.html", "404.html", "catalog.json", "static/css/site.css"]:
        assert (out / page).is_file(), page
    assert "本栏目发布其他信息。" in (out / "qtxx/index.html").read_text()
    assert "已生成" in run.out and "4 篇文档" not in run.out  # the intro is not a document
    assert "3 篇文档" in run.out


def test_document_page_has_metadata_panel_and_meta_tags(site, cli):
    root = site({"content/gfxwj/a.md": normative("关于印发测试办法的通知", 7, date='"2024-03-05 09:30"',
                                                 keywords="[测试, 办法]", summary="测试办法的概述。")})
    assert cli("build", "--site", root).code == 0
    html = (root / "public/gfxwj/a.html").read_text()
    for label, value in [("索引号", "<span>11340000MB0000000M/</span><wbr><span>2024-00007</span>"), ("主题分类", "综合政务"),
                         ("发文机关", "测试县人民政府办公室"), ("成文日期", "2024-03-01"),
                         ("发文字号", "测政发〔2024〕7号"), ("发布日期", "2024-03-05"), ("有 效 性", "有效")]:
        assert re.search(f"<dt>{label}</dt><dd[^>]*>{re.escape(value)}</dd>", html), label
    for name, content in [("SiteName", "测试县人民政府"), ("SiteDomain", "www.test.gov.cn"),
                          ("SiteIDCode", "3400000099"), ("ColumnName", "规范性文件"), ("ColumnType", "政策文件"),
                          ("ArticleTitle", "关于印发测试办法的通知"), ("PubDate", "2024-03-05 09:30"),
                          ("ContentSource", "测试县人民政府办公室"), ("Keywords", "测试,办法"),
                          ("Description", "测试办法的概述。"),
                          ("Url", "https://www.test.gov.cn/gfxwj/a.html")]:
        assert f'<meta name="{name}" content="{content}">' in html, name
    assert "主办单位：测试县人民政府办公室" in html and "皖ICP备00000001号" in html and "皖公网安备34000000000001号" in html


def test_metadata_panel_leaves_out_what_a_document_does_not_have(site, cli):
    root = site({"content/gfxwj/a.md": normative("关于印发测试办法的通知", 7),
                 "content/zcjd/jd.md": doc("测试办法解读", 8, interprets="gfxwj/a", form="文字")})
    assert cli("build", "--site", root).code == 0
    html = (root / "public/zcjd/jd.html").read_text()
    panel = re.search(r'<dl class="meta-panel".*?</dl>', html, re.S).group()
    assert re.findall(r"<dt>(.*?)</dt>", panel) == ["索引号", "主题分类", "发文机关", "标　　题", "发布日期", "公开属性"]
    assert "<dd></dd>" not in panel
    # an odd item out spans the whole row instead of leaving an empty cell beside it
    assert re.findall(r'<div( class="wide")?><dt>', panel) == ["", "", ' class="wide"', ' class="wide"', "", ""]


def test_every_page_links_the_favicon_and_the_root_has_favicon_ico(site, cli):
    root = site({"content/gfxwj/a.md": normative()})
    assert cli("build", "--site", root).code == 0
    page = (root / "public/gfxwj/a.html").read_text()
    assert '<link rel="icon" href="../static/favicon.svg" type="image/svg+xml">' in page
    assert (root / "public/static/favicon.svg").read_bytes() == (ROOT / "static/favicon.svg").read_bytes()
    assert (root / "public/favicon.ico").read_bytes() == (ROOT / "static/favicon.ico").read_bytes()


def test_a_sites_own_favicon_ico_is_served_at_the_root(site, cli):
    root = site({"content/gfxwj/a.md": normative(), "static/favicon.ico": b"\0\0\1\0own"})
    assert cli("build", "--site", root).code == 0
    assert (root / "public/favicon.ico").read_bytes() == b"\0\0\1\0own"


def test_pubdate_without_time_is_midnight(site, cli):
    root = site({"content/qtxx/a.md": doc()})
    cli("build", "--site", root)
    assert '<meta name="PubDate" content="2024-03-05 00:00">' in (root / "public/qtxx/a.html").read_text()


def test_chinese_aliases_are_accepted(site, cli):
    text = ("---\n标题: 中文键文件\n发布日期: 2024-05-01\n索引号: \"11340000MB0000000M/2024-00001\"\n"
            "发文机关: 测试县财政局\n主题分类: 综合政务\n---\n正文\n")
    root = site({"content/qtxx/a.md": text})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/qtxx/a.html").read_text()
    assert "<h1>中文键文件</h1>" in html and "测试县财政局" in html


def test_references_are_linked_both_ways(site, cli):
    root = site({
        "content/gfxwj/fzsx/old.md": normative("旧办法", 1, validity="废止"),
        "content/gfxwj/new.md": normative("新办法", 2, replaces='"11340000MB0000000M/2024-00001"'),
        "content/zcjd/jd.md": doc("新办法解读", 3, interprets="gfxwj/new", form="文字"),
    })
    assert cli("build", "--site", root).code == 0
    out = root / "public"
    new, old, jd = ((out / p).read_text() for p in ("gfxwj/new.html", "gfxwj/fzsx/old.html", "zcjd/jd.html"))
    assert "<h3>相关解读</h3>" in new and 'href="../zcjd/jd.html"' in new
    assert "<h3>替代了</h3>" in new and 'href="../gfxwj/fzsx/old.html"' in new
    assert "<h3>被替代</h3>" in old and 'href="../../gfxwj/new.html"' in old
    assert "<h3>相关文件</h3>" in jd and 'href="../gfxwj/new.html"' in jd
    catalog = {row["title"]: row for row in json.loads((out / "catalog.json").read_text())}
    assert catalog["新办法"]["interpretations"] == ["11340000MB0000000M/2024-00003"]
    assert catalog["新办法解读"]["interprets"] == "11340000MB0000000M/2024-00002"


def test_catalog_lists_published_documents_newest_first_with_nulls(site, cli):
    root = site({
        "content/qtxx/a.md": doc("较早", 1, year=2023),
        "content/qtxx/b.md": doc("较新", 2, year=2025, attachments="[{file: f/x.pdf, title: 附件一}]"),
        "content/qtxx/f/x.pdf": b"%PDF-1.4 test",
        "content/qtxx/index.md": "---\ntitle: 介绍\n---\n介绍\n",
    })
    assert cli("build", "--site", root).code == 0
    rows = json.loads((root / "public/catalog.json").read_text())
    assert [r["title"] for r in rows] == ["较新", "较早"]
    first = rows[0]
    for key in ["index_no", "title", "url", "column", "type", "issuer", "doc_number", "written", "date", "topic",
                "validity", "interprets", "interpretations", "attachments"]:
        assert key in first
    assert first["url"] == "qtxx/b.html" and first["column"] == "qtxx" and first["doc_number"] is None
    assert first["attachments"] == [{"title": "附件一", "url": "qtxx/f/x.pdf", "size": 13}]
    assert (root / "public/qtxx/f/x.pdf").read_bytes() == b"%PDF-1.4 test"


def test_links_to_documents_and_files_resolve_relative_to_the_page(site, cli):
    root = site({
        "content/gfxwj/a.md": normative(body="见[其他](../qtxx/b.md#二说明)，![图示](img/t.png)"),
        "content/gfxwj/img/t.png": b"\x89PNG\r\n\x1a\n",
        "content/qtxx/b.md": doc("其他", 2, body="## 一、总则\n\n内容\n\n## 二、说明\n\n内容"),
    })
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    html = (root / "public/gfxwj/a.html").read_text()
    assert 'href="../qtxx/b.html#二说明"' in html and 'src="img/t.png"' in html
    assert (root / "public/gfxwj/img/t.png").exists()
    assert 'id="二说明"' in (root / "public/qtxx/b.html").read_text()


def test_every_internal_link_is_relative(site, cli):
    root = site({"content/gfxwj/a.md": normative(), "content/qtxx/b.md": doc("b", 2)})
    cli("build", "--site", root)
    for path, data in read_tree(root / "public").items():
        if path.endswith(".html") and path != "404.html":
            hrefs = re.findall(r'(?:href|src)="([^"]*)"', data.decode())
            assert hrefs and all(not h.startswith("/") for h in hrefs), path


def test_column_pages_are_paginated_newest_first(site, cli):
    from conftest import BASE_CONFIG
    files = {f"content/qtxx/d{i:02d}.md": doc(f"文件{i:02d}", i, date=f"2024-01-{i:02d}") for i in range(1, 26)}
    root = site(files, BASE_CONFIG + "page_size: 10\n")
    assert cli("build", "--site", root).code == 0
    out = root / "public/qtxx"
    first, third = (out / "index.html").read_text(), (out / "index_2.html").read_text()
    assert first.index("文件25") < first.index("文件16") and "文件15" not in first
    assert "文件05" in third and "文件01" in third and not (out / "index_3.html").exists()
    assert 'href="../qtxx/index_1.html" rel="next"' in first


def test_a_long_listing_links_the_first_last_and_nearby_pages_only(site, cli):
    """Each of a 30-page listing's pages used to link all 30: at 100,000 documents, 1,500 links a page."""
    from conftest import BASE_CONFIG
    files = {f"content/qtxx/d{i:02d}.md": doc(f"文件{i:02d}", i, date=f"2024-01-{i % 28 + 1:02d}") for i in range(30)}
    root = site(files, BASE_CONFIG + "page_size: 1\n")
    assert cli("build", "--site", root).code == 0
    html = (root / "public/qtxx/index_14.html").read_text()  # page 15 of 30
    pager = html[html.index('<nav class="pager"'):html.index("</nav>", html.index('<nav class="pager"'))]
    numbers = re.findall(r">(\d+|…)</(?:a|span)>", pager)
    assert numbers == ["1", "…", "13", "14", "15", "16", "17", "…", "30"]
    assert '<span aria-current="page">15</span>' in pager and 'href="../qtxx/index_29.html">30<' in pager
    assert 'href="../qtxx/index_13.html" rel="prev"' in pager and 'href="../qtxx/index_15.html" rel="next"' in pager
    near_start = (root / "public/qtxx/index_2.html").read_text()  # page 3: 1 and 2 are near, no gap before
    assert re.findall(r">(\d+|…)</(?:a|span)>", near_start.split('<nav class="pager"')[1].split("</nav>")[0]) == \
        ["1", "2", "3", "4", "5", "…", "30"]


def test_base_path_only_changes_absolute_urls(site, cli):
    from conftest import BASE_CONFIG
    root = site({"content/qtxx/a.md": doc()}, BASE_CONFIG.replace("site:\n", "site:\n  base_path: /xxgk/\n"))
    assert cli("build", "--site", root).code == 0
    html = (root / "public/qtxx/a.html").read_text()
    assert '<meta name="Url" content="https://www.test.gov.cn/xxgk/qtxx/a.html">' in html
    assert 'href="../index.html"' in html
    assert 'href="/xxgk/index.html"' in (root / "public/404.html").read_text()


def test_two_builds_are_byte_identical(site, cli, tmp_path):
    root = site({"content/gfxwj/a.md": normative(), "content/qtxx/b.md": doc("b", 2)})
    assert cli("build", "--site", root, "--out", tmp_path / "one").code == 0
    assert cli("build", "--site", root, "--out", tmp_path / "two").code == 0
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")


def test_successful_build_replaces_output_as_a_whole(site, cli):
    root = site({"content/qtxx/a.md": doc("甲", 1), "content/qtxx/b.md": doc("乙", 2)})
    assert cli("build", "--site", root).code == 0
    (root / "content/qtxx/b.md").unlink()
    assert cli("build", "--site", root).code == 0
    assert not (root / "public/qtxx/b.html").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_raw_html_is_sanitized_with_a_warning_per_removal(site, cli):
    body = 'ok <b onclick="steal()">粗体</b>\n\n<script>alert("x")</script>\n\n[点我](javascript:alert(1))\n'
    root = site({"content/qtxx/a.md": doc(body=body)})
    run = cli("build", "--site", root)
    assert run.code == 0
    html = (root / "public/qtxx/a.html").read_text()
    assert "steal" not in html and "alert" not in html and "<b>粗体</b>" in html
    assert "content/qtxx/a.md:7: 警告：已删除 <b> 的事件属性 onclick（不允许在页面中运行脚本）" in run.err
    assert "content/qtxx/a.md:9: 警告：已删除不允许的 HTML 标签 <script>及其内容" in run.err
    assert "content/qtxx/a.md:11: 警告：已删除不安全的链接 javascript:（不允许在页面中运行脚本）" in run.err


def test_template_syntax_in_content_is_inert(site, cli):
    root = site({"content/qtxx/a.md": doc('"{{ 7*7 }} 标题"', body="{{ config }} {% for x in y %}")})
    assert cli("build", "--site", root).code == 0
    html = (root / "public/qtxx/a.html").read_text()
    assert "{{ 7*7 }} 标题" in html and "49" not in html and "{% for x in y %}" in html


def test_site_templates_override_the_default_theme(site, cli):
    root = site({"content/qtxx/a.md": doc(),
                 "templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>自定义404</h1>{% endblock %}"})
    assert cli("build", "--site", root).code == 0
    assert "<h1>自定义404</h1>" in (root / "public/404.html").read_text()
    assert "<h1>测试文件</h1>" in (root / "public/qtxx/a.html").read_text()


def test_each_site_built_in_one_process_shows_its_own_templates(site, cli):
    """A process compiles a template once for all the sites it builds (a group's members, one after another):
    a site's own 404.html, the theme's before and after it, and the site's own again once edited."""
    own_404 = "{% extends 'base.html' %}{% block main %}<h1>自定义404</h1>{% endblock %}"
    theme = site({"content/qtxx/a.md": doc()}, name="theme")
    own = site({"content/qtxx/a.md": doc(), "templates/404.html": own_404}, name="own")
    again = site({"content/qtxx/a.md": doc()}, name="again")
    for root in (theme, own, again):
        assert cli("build", "--site", root).code == 0
    assert "<h1>自定义404</h1>" in (own / "public/404.html").read_text()
    assert [r.name for r in (theme, again) if "自定义404" in (r / "public/404.html").read_text()] == []
    (own / "templates/404.html").write_text(own_404.replace("自定义404", "改过的404"), encoding="utf-8")
    assert cli("build", "--site", own).code == 0
    assert "<h1>改过的404</h1>" in (own / "public/404.html").read_text()


def test_expired_document_shows_expired(site, cli):
    root = site({"content/gfxwj/a.md": normative(expires="2025-12-31")})
    assert cli("build", "--site", root).code == 0
    html = (root / "public/gfxwj/a.html").read_text()
    assert "<dt>有 效 性</dt><dd>失效</dd>" in html
    assert json.loads((root / "public/catalog.json").read_text())[0]["validity"] == "失效"


def test_directory_lists_every_published_document(site, cli):
    root = site({"content/gfxwj/a.md": normative("办法甲", 1), "content/qtxx/b.md": doc("信息乙", 2)})
    assert cli("build", "--site", root).code == 0
    html = (root / "public/gkml/index.html").read_text()
    assert "<td>11340000MB0000000M/2024-00001</td><td><a href=\"../gfxwj/a.html\">办法甲</a></td>" in html
    assert "信息乙" in html and "测政发〔2024〕1号" in html
    assert "规范性文件</a> <span class=\"count\">（1）</span>" in html


def test_a_build_keeps_nothing_of_its_front_matter_parse(site, cli):
    """YAML's constructor kept every node it made a value of: a Dask worker that built member after member
    held 740,000 of them, and each member's collection of garbage walked them all (0.4 s a member)."""
    import gc

    import yaml
    files = {f"content/qtxx/d{i:02d}.md": doc(f"文件{i:02d}", i) for i in range(30)}
    root = site(files)
    assert cli("build", "--site", root).code == 0
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, yaml.nodes.Node)] == []
