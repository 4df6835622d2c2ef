"""Markdown rendering: heading ids keep Chinese, and the plain-text fast path and the lean heading ids change
nothing."""
from __future__ import annotations

from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

from conftest import ROOT
from gongkai.engine.markdown_render import MarkdownRenderer

SNIPPETS = [
    "纯中文段落，没有任何标记。第二句。",
    "*强调* 和 **加粗** 以及 _下划线强调_ 和 __双下划线__",
    "行内 `code` 与转义 \\*不是强调\\*",
    "[链接](a.md) ![图](b.png) [引用][r]\n\n[r]: https://www.gov.cn/",
    "自动链接 <https://www.gov.cn/> 和 <mail@example.gov.cn>",
    "原始 <b>HTML</b> 与实体 &amp; &copy; &#x4e2d;",
    "脚注[^1]\n\n[^1]: 脚注内容。",
    "两个空格换行  \n下一行",
    "| 项目 | 金额 |\n|---|--:|\n| *甲* | 1.00 |",
    "## 标题 {: #custom .cls}\n\n段落 {: .note}",
    "术语\n:   定义",
    "```\n代码块 *不处理*\n```",
    "带冒号：全角，以及 ratio 1:2 和 http 字样",
    "[TOC]\n\n## 一、总体要求\n\n正文\n\n## 一、总体要求\n\n### 小节 {: #own}\n\n#### 不列入",
    "## 二、目录\n\n正文里写着 [TOC] 但不单独成段\n\n> [TOC]\n\n```\n[TOC]\n```",
    "段落 {: .note }\n\n- 列表项 {: #item }\n\n| 甲 {: .a } | 乙 |\n|---|---|\n| 1 \\| 2 | `a\\\\b` |",
    "转义的括号 \\{: .x\\} 与 `代码 {: .y}` 和 \\\\ 反斜杠\n\n术语 {: .t }\n:   定义",
]


def render_both(text: str) -> tuple[tuple[str, list], tuple[str, list]]:
    """The body and its headings as the renderer makes them, and as stock Python-Markdown's inline
    processor, `toc`, `attr_list` and `unescape` make them, each run on every body."""
    fast = MarkdownRenderer()
    stock = MarkdownRenderer()
    stock.md.treeprocessors.register(InlineProcessor(stock.md), "inline", 20)
    toc = next(e for e in stock.md.registeredExtensions if isinstance(e, TocExtension))
    stock.md.treeprocessors.register(TocTreeprocessor(stock.md, toc.getConfigs()), "toc", 5)
    stock.md.treeprocessors.register(AttrListTreeprocessor(stock.md), "attr_list", 8)
    stock.md.treeprocessors.register(UnescapeTreeprocessor(stock.md), "unescape", 0)
    made, expected = fast.render(text, "x", 1), stock.render(text, "x", 1)
    return (made.html, made.toc), (expected.html, expected.toc)


def test_fast_path_output_equals_stock_python_markdown():
    bodies = SNIPPETS + [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
                         for p in sorted((ROOT / "content").rglob("*.md"))]
    for text in bodies:
        fast, stock = render_both(text)
        assert fast == stock, text[:60]


def test_a_table_of_contents_only_where_the_body_asks_for_one():
    asked = MarkdownRenderer().render("[TOC]\n\n## 一、总体要求\n\n正文", "x", 1).html
    assert '<div class="toc">' in asked and '<a href="#一总体要求">一、总体要求</a>' in asked
    renderer = MarkdownRenderer()
    renderer.render("[TOC]\n\n## 甲\n\n正文", "x", 1)
    plain = renderer.render("## 一、总体要求\n\n正文", "x", 1)
    assert "toc" not in plain.html and plain.toc == [{"id": "一总体要求", "name": "一、总体要求", "level": 2}]


def test_heading_ids_keep_chinese_characters():
    html = MarkdownRenderer().render("## 一、总体要求\n\n正文", "x", 1).html
    assert '<h2 id="一总体要求">一、总体要求</h2>' in html
