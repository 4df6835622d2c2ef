"""Text pasted from Word: one paragraph a line when the site says so, and lists keep their numbers."""
from __future__ import annotations

from conftest import BASE_CONFIG, doc
from gongkai.engine.markdown_render import MarkdownRenderer

PASTED = "第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本县。\n第三条 本办法自发布之日起施行。"
PER_LINE = BASE_CONFIG + "markdown:\n  paragraph_per_line: true\n"


def body_of(root, rel: str = "qtxx/a.html") -> str:
    page = (root / "public" / rel).read_text(encoding="utf-8")
    return page[page.index('<div class="article-body">'):page.index("</div>", page.index('<div class="article-body">'))]


def test_each_line_is_a_paragraph_when_the_site_says_so(site, cli):
    root = site({"content/qtxx/a.md": doc(body=PASTED)}, config=PER_LINE)
    assert cli("build", "--site", root).code == 0
    assert ("<p>第一条 为了规范管理，制定本办法。</p>\n<p>第二条 本办法适用于本县。</p>\n"
            "<p>第三条 本办法自发布之日起施行。</p>") in body_of(root)


def test_existing_sites_keep_their_output(site, cli):
    root = site({"content/qtxx/a.md": doc(body=PASTED)})
    assert cli("build", "--site", root).code == 0
    assert "<p>第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本县。\n第三条" in body_of(root)


def test_lists_tables_code_headings_and_html_are_left_as_they_are():
    text = ("## 一、总则\n正文一行。\n正文二行。\n\n- 甲\n- 乙\n  续行\n\n项目 | 金额\n---|--:\n甲 | 1.00\n\n"
            "```\n代码一\n代码二\n```\n\n<div>\n<b>HTML</b>\n</div>\n\n术语\n:   定义\n\n段落\n{: .note}\n\n标题\n---\n\n"
            "硬换行  \n下一行")
    html = MarkdownRenderer(paragraph_per_line=True).render(text, "x", 1).html
    assert '<h2 id="一总则">一、总则</h2>\n<p>正文一行。</p>\n<p>正文二行。</p>' in html
    assert "<ul>\n<li>甲</li>\n<li>乙\n  续行</li>\n</ul>" in html
    assert "<td>甲</td>" in html and "<pre><code>代码一\n代码二\n</code></pre>" in html
    assert "<div>\n<b>HTML</b>\n</div>" in html and "<dt>术语</dt>\n<dd>定义</dd>" in html
    assert '<p class="note">段落</p>' in html and '<h2 id="标题">标题</h2>' in html
    assert "<p>硬换行<br>\n下一行</p>" in html


def test_ordered_list_keeps_the_numbers_written():
    html = MarkdownRenderer().render("3. 第三项\n5. 第五项\n6. 第六项\n\n另一段\n\n1. 甲\n2. 乙", "x", 1).html
    assert '<ol start="3">\n<li>第三项</li>\n<li value="5">第五项</li>\n<li>第六项</li>\n</ol>' in html
    assert "<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>" in html


def test_pasted_numbered_lines_become_a_list_that_keeps_its_numbers():
    html = MarkdownRenderer(paragraph_per_line=True).render("有关事项如下：\n3. 第三项\n5. 第五项", "x", 1).html
    assert '<p>有关事项如下：</p>\n<ol start="3">\n<li>第三项</li>\n<li value="5">第五项</li>\n</ol>' in html
