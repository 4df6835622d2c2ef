"""Bodies and templates that used to end a build in a traceback, a silent hole or minutes of work: each is an
error at its line now (or, for the bodies that only took long, rendered in linear time, as stock
Python-Markdown renders them)."""
from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings, strategies as st
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.tables import TableProcessor

from conftest import BASE_CONFIG, ROOT, doc, read_tree
from gongkai.engine import markdown_limits
from gongkai.engine.markdown_render import MarkdownRenderer
from test_markdown import SNIPPETS

GOOD = {"content/qtxx/ok.md": doc("正常文件", 90)}
A = "content/qtxx/a.md"
BODY_LINE = 7  # the first line of a body doc() writes
PER_LINE = BASE_CONFIG + "markdown:\n  paragraph_per_line: true\n"


def stock(paragraph_per_line: bool = False) -> MarkdownRenderer:
    """A renderer with Python-Markdown's own link patterns, definition lists, tables and list of blocks back."""
    renderer = MarkdownRenderer(paragraph_per_line=paragraph_per_line)
    md = renderer.md
    for name in ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"):
        linear = md.inlinePatterns[name]
        priority = md.inlinePatterns._priority[md.inlinePatterns.get_index_for_name(name)].priority
        md.inlinePatterns.register(type(linear).__mro__[1](linear.pattern, md), name, priority)
    blocks = md.parser.blockprocessors
    blocks.register(DefListProcessor(md.parser), "deflist", 25)
    blocks.register(TableProcessor(md.parser, blocks["table"].config), "table", 75)
    del md.parser.parseChunk
    return renderer


def same_as_stock(text: str, paragraph_per_line: bool = False) -> None:
    made = MarkdownRenderer(paragraph_per_line=paragraph_per_line).render(text, "x", 1)
    expected = stock(paragraph_per_line).render(text, "x", 1)
    assert (made.html, made.toc, made.problems) == (expected.html, expected.toc, expected.problems), text[:80]
    assert [(link.target, link.line) for link in made.links] == [(link.target, link.line) for link in expected.links]


def broken_after_good_build(site, cli, files: dict, config: str = BASE_CONFIG):
    """Build a good site, add `files`, build again: the run, and whether the output is as it was."""
    root = site(GOOD, config)
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    run = cli("build", "--site", root)
    assert "Traceback" not in run.err
    return run, read_tree(root / "public") == before, root


# Markdown bodies

def test_a_list_nested_too_deep_is_an_error_at_its_line(site, cli):
    run, untouched, root = broken_after_good_build(site, cli, {A: doc(body="正文。\n\n" + "- " * 500 + "x")})
    assert run.code == 1 and untouched
    assert f"{A}:{BODY_LINE + 2}: 错误：列表嵌套过深（超过 50 层），无法生成" in run.err, run.err
    assert cli("check", "--site", root).code == 1


def test_a_list_indented_too_deep_is_an_error_at_its_line():
    text = "\n".join(" " * 4 * level + "- 项" for level in range(300))
    assert MarkdownRenderer().render(text, "x", 10).problems == [
        (10 + 50, "error", markdown_limits.DEPTH_MESSAGE.format(limit=50))]


def test_html_nested_too_deep_is_an_error_not_a_traceback(site, cli):
    body = '<div markdown="1">\n' * 1500 + "x\n" + "</div>\n" * 1500
    run, untouched, _ = broken_after_good_build(site, cli, {A: doc(body=body)})
    assert run.code == 1 and untouched
    assert f"{A}:{BODY_LINE}: 错误：正文的列表、引用或 HTML 嵌套过深，无法生成" in run.err, run.err


def test_deep_quotes_and_ordinary_nesting_still_render():
    renderer = MarkdownRenderer()
    quotes = renderer.render(">" * 10000 + " 引文", "x", 1)
    assert quotes.html.startswith("<blockquote>") and not quotes.problems
    nested = "\n".join(" " * 4 * level + "- 第" + str(level) + "层" for level in range(20))
    assert renderer.render(nested, "x", 1).html.count("<ul>") == 20
    assert renderer.render("- " * 60, "x", 1).html.strip() == "<hr>"  # a rule, not 60 lists


def test_bodies_that_took_minutes_build_in_one_run(site, tmp_path):
    """Not a timing test: the timeout only stops a build that would not end (they took from 20 s to forever)."""
    files = {"content/qtxx/brackets.md": doc("括号", 2, body="[" * 100000),
             "content/qtxx/star.md": doc("星号", 3, body="*[" * 30000),
             "content/qtxx/nested.md": doc("嵌套", 4, body="[" * 20000 + "x" + "]" * 20000),
             "content/qtxx/terms.md": doc("术语表", 5, body="术语\n" + ": 定义\n" * 48000),
             "content/qtxx/lines.md": doc("分行", 6, body="行\n" * 300000)}
    root = site({**GOOD, **files}, PER_LINE)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--site", str(root), "--as-of", "2026-11-20"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "<p>" + "[" * 100000 + "</p>" in (root / "public/qtxx/brackets.html").read_text(encoding="utf-8")
    assert (root / "public/qtxx/terms.html").read_text(encoding="utf-8").count("<dd>定义</dd>") == 48000
    assert (root / "public/qtxx/lines.html").read_text(encoding="utf-8").count("<p>行</p>") == 300000


def test_a_block_of_many_headings_renders_in_one_run():
    """Without paragraph_per_line the lines stay one block: the rest of it was tested as a table after each."""
    code = ("from gongkai.engine.markdown_render import MarkdownRenderer\n"
            "print(MarkdownRenderer().render('\\n'.join(f'# 第{n}节' for n in range(80000)), 'x', 1).html.count('<h1'))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["80000"], run.stderr


def test_linear_steps_render_as_stock_python_markdown():
    bodies = SNIPPETS + [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
                         for p in sorted((ROOT / "content").rglob("*.md"))]
    bodies += ["[" * 300, "*[" * 200, "[" * 100 + "x" + "]" * 100, "[a [b] c](d.md) [e]][f](g) ![h [i]](j.png)",
               "[![图](a.png)](b.md) [[链接](c.md)] [未闭合 [x](y.md)", "[r] [r][] [s][r] ![r]\n\n[r]: a.md",
               "术语\n: 定义一\n: 定义二\n    续行\n\n    另段\n术语二\n: 定义三\n不缩进的续行\n: 定义四",
               "术语\n: 定义\n: 定义 | 甲\n: 乙\n# 标题\n: 丙", ": 没有术语\n: 第二个", "段落\n\n: 定义\n: 又一个",
               "- 项\n\n    术语\n    : 定义\n    : 定义二", "术语\n: 定义\n---\n: 再一个", "1. 甲\n2. 乙\n\n> 引\n> : 文"]
    for text in bodies:
        same_as_stock(text)
        same_as_stock(text, paragraph_per_line=True)


def test_a_long_official_document_renders_as_stock_python_markdown():
    section = ("## 第{n}章 总则\n\n第{n}条 为规范[政府信息公开](../gfxwj/a.md)工作，根据《条例》[^{n}]制定本办法。\n\n"
               "1. 各级行政机关应当[主动公开](https://www.gov.cn/zhengce/) 本机关的信息；\n"
               "2. 依申请公开的，按照 [附件{n}](fj{n}.pdf \"附件\") 办理。\n    - 受理\n    - 答复 *限期* **十五日**\n\n"
               "| 事项 | 时限 |\n|---|---|\n| 受理 | [三日][r] |\n\n术语\n: 政府信息[^{n}]\n\n[^{n}]: 见第{n}条。\n\n")
    text = "".join(section.format(n=n) for n in range(1, 120)) + "[r]: ../qtxx/b.md\n"
    assert len(text.encode("utf-8")) > 50000
    same_as_stock(text)
    same_as_stock(text, paragraph_per_line=True)


MARKUP = st.lists(st.sampled_from(["[", "]", "(", ")", "!", "*", "a", "：", " ", "\n", "\n\n", "    ", ": ", "- ",
                                   "1. ", "|", "# ", "---", "^", "\\", "`", "\"", "x.md", "[r]: u\n", "术语\n: 定义\n"]),
                  max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_any_markup_renders_as_stock_python_markdown(text):
    same_as_stock(text)
    same_as_stock(text, paragraph_per_line=True)


def test_a_link_written_with_backslashes_names_the_file_as_read(site, cli):
    run, untouched, _ = broken_after_good_build(site, cli, {A: doc(body="[配置](..\\..\\config.yaml)")})
    assert run.code == 1 and untouched
    assert f"{A}:{BODY_LINE}: 错误：链接的文件 content/qtxx/....\\config.yaml 不存在" in run.err, run.err
    assert "\x02" not in run.err


# Templates

def home_with(line: str) -> str:
    """The default home page with `line` as the first line of its main block (line 4 of the file)."""
    home = (ROOT / "templates/home.html").read_text(encoding="utf-8")
    assert home.split("\n").index("{% block main %}") == 2
    return home.replace("{% block main %}\n", "{% block main %}\n" + line + "\n", 1)


def test_an_undefined_name_in_a_template_is_an_error_at_its_line(site, cli):
    run, untouched, _ = broken_after_good_build(site, cli, {"templates/home.html": home_with("{{ no_such_var }}")})
    assert run.code == 1 and untouched
    assert "templates/home.html:4: 错误：模板运行错误：变量 no_such_var 没有定义" in run.err, run.err


def test_an_undefined_attribute_in_a_template_is_an_error_at_its_line(site, cli):
    run, untouched, _ = broken_after_good_build(site, cli, {"templates/home.html": home_with("{{ page.no_such }}")})
    assert run.code == 1 and untouched
    assert "templates/home.html:4: 错误：模板运行错误：Page 没有 no_such" in run.err, run.err


def test_a_template_may_still_test_what_is_not_defined(site, cli):
    line = ('<i id="t">{% if no_such is defined or page.no_such %}有{% endif %}{{ no_such or "甲" }}'
            '{{ page.no_such | default("乙") }}{{ "丙" if no_such }}</i>')
    root = site({**GOOD, "templates/home.html": home_with(line)})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert '<i id="t">甲乙</i>' in (root / "public/index.html").read_text(encoding="utf-8")


def test_every_template_syntax_error_is_reported_in_one_run(site, cli):
    document = (ROOT / "templates/document.html").read_text(encoding="utf-8").replace(
        "{% block main %}\n", "{% block main %}\n{% if %}\n", 1)
    files = {"templates/document.html": document, "templates/home.html": home_with("{% for %}"),
             "templates/partials/doc_row.html": "{{ d.title }\n"}
    run, untouched, _ = broken_after_good_build(site, cli, files)
    assert run.code == 2 and untouched
    line = document.split("\n").index("{% if %}") + 1
    assert f"templates/document.html:{line}: 错误：模板语法错误：" in run.err, run.err
    assert "templates/home.html:4: 错误：模板语法错误：" in run.err
    assert "templates/partials/doc_row.html:1: 错误：模板语法错误：" in run.err
    assert "3 个错误" in run.err


def test_a_template_not_in_utf8_is_named(site, cli):
    gbk = home_with("公开").encode("gbk")
    run, untouched, root = broken_after_good_build(site, cli, {"templates/home.html": gbk})
    assert run.code == 2 and untouched
    expected = "templates/home.html:1: 错误：模板文件不是 UTF-8 编码（可能是 GBK 等其他编码）：请另存为 UTF-8"
    assert expected in run.err, run.err
    fresh = site({**GOOD, "templates/home.html": gbk}, name="fresh")  # no build before: nothing cached
    run = cli("build", "--site", fresh)
    assert run.code == 2 and expected in run.err and "Traceback" not in run.err, run.err
