"""The scans of a document's text (personal numbers, a body's own h1, images without alt text) look at a text line
by line only when one pass over the whole of it finds something that could match: what they find is what the
line-by-line scan alone finds, for any text."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from gongkai.engine import alttext, headings, privacy
from gongkai.problems import Report

#: pieces of text near the patterns' edges: digits in runs and groups, full-width ones, line breaks, block-quote
#: markers, headings, code fences, images with and without alt text
PIECES = ["1", "3", "8", "6", "0", "9", "X", "x", "+86", "86", "-", " ", "\t", "\n", "１", "３", "８", "Ｘ", "＋", "－",
          "13812345678", "138 1234 5678", "138-1234-\n5678", "11010519491231002", "11010519491231002X",
          "11010519491231002x", "22010420000210104x", "１１０１０５１９４９１２３１００２Ｘ", "A11010519491231002X", "#", "##", "# 标题", "   #", "    #", "=", "===", "---", "```", "~~~", "文", "。",
          "![", "]", "(", ")", "![图](a.png)", "![](a.png)", "![待填写](a.png)", "<img src=a.png>", "<IMG ALT='x'>",
          '<img alt="">', "alt=", '"', ">", "> ", "\n> ", "\n>> "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(st.sampled_from(["13812345678", "11010519491231002X", "138 1234 5678"]), max_size=2))
def test_personal_numbers_are_those_the_line_scan_finds(text, allowed):
    assert privacy.findings(text, allowed) == privacy._by_line(text, allowed)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_bodys_h1_lines_are_those_the_line_scan_finds(body):
    assert headings.h1_lines(body) == headings._by_line(body)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_images_without_alt_text_are_those_the_line_scan_finds(body):
    quick, whole = Report(), Report()
    alttext.scan(body, "content/a.md", 5, quick)
    alttext._by_line(body, "content/a.md", 5, whole)
    assert [vars(p) for p in quick.problems] == [vars(p) for p in whole.problems]


def test_a_text_without_any_of_them_is_not_read_line_by_line(monkeypatch):
    """The point of the pass over the whole text: most documents hold none of them."""
    def by_line(*_):
        raise AssertionError("read line by line")
    for module in (privacy, headings, alttext):
        monkeypatch.setattr(module, "_by_line", by_line)
    text = "## 一、总体要求\n\n2024年3月5日印发，电话 0412-1234567。\n\n| 项目 | 金额 |\n|---|---|\n| 甲 | 12,345 |\n"
    assert privacy.findings(text, []) == [] and headings.h1_lines(text) == []
    alttext.scan(text, "content/a.md", 1, Report())
