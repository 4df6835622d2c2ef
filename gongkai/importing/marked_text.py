"""The marks that carry meaning (struck through, raised, lowered) kept where a 公文's text leaves the body: the
title, the 落款 and 成文日期, the footnotes (which keep their links and pictures too).

500元~~800元~~ read as 500元800元, or 1×10⁴ as 1×104, says something else than the Word file. The 落款 is HTML
and the footnotes Markdown, where <del>, <sup> and <sub> show them; the title is plain text on every page and in
every listing, so a raised or lowered number is written with its Unicode character (10⁴, H₂O), and what no
character can show (struck text, a raised word) leaves the title to the editor; so does the 发文机关 read from the
落款 (CO₂), and a 成文日期 whose date struck or raised text leaves uncertain is left to the editor too.
"""
from __future__ import annotations

import html
from dataclasses import replace
from itertools import groupby

from gongkai.importing.docx_blocks import Span

_SPACES = " \u3000\t"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－＝（）", "0123456789+-=()")
_RAISED = dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ"))
_LOWERED = dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"))
_SHOWN = 20  # characters of a passage named in the editor's message


def kept(span: Span, text: str | None = None) -> Span:
    """The span's text (or `text`) with only the marks that carry meaning: the bold, italics and link of a title
    or a 落款 are not published."""
    return Span(span.text if text is None else text, struck=span.struck, script=span.script)


def lines(spans: list[Span]) -> list[list[Span]]:
    """The lines of a paragraph (split at its Shift+Enter breaks), each without the spaces padding it."""
    found: list[list[Span]] = [[]]
    for span in spans:
        for n, piece in enumerate(span.text.split("\n")):
            if n:
                found.append([])
            if piece:
                found[-1].append(kept(span, piece))
    return [trimmed(line, _SPACES) for line in found]


def trimmed(spans: list[Span], chars: str | None = None) -> list[Span]:
    """The spans without `chars` (any whitespace for None) at their start and end, each keeping what else it
    holds (a footnote's link, its picture); spans left empty dropped."""
    spans = list(spans)
    while spans and not spans[0].image and not spans[0].text.lstrip(chars):
        spans.pop(0)
    while spans and not spans[-1].image and not spans[-1].text.rstrip(chars):
        spans.pop()
    if spans:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip(chars))
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip(chars))
    return spans


def text(spans: list[Span]) -> str:
    """The spans' text without their marks, as the checks of the 公开属性 and the 版记 read it."""
    return "".join(s.text for s in spans)


def plain(spans: list[Span]) -> tuple[str, str]:
    """(the text, raised and lowered characters written as Unicode ones; why it cannot stand for what Word shows,
    "" when it can): struck text, or a raised or lowered passage some character of which has no Unicode form."""
    written, unwritten = unicode(spans)
    crossed = struck(spans)
    reasons = [f"标题中的“{crossed}”在 Word 中带删除线，网页上的标题显示不出删除线" if crossed else "",
               f"标题中的“{unwritten}”在 Word 中是上标或下标，网页上的标题无法照样显示" if unwritten else ""]
    shown = "；".join(r for r in reasons if r)
    return written, f"{shown}：请对照 Word 文件填写标题" if shown else ""


def unicode(spans: list[Span]) -> tuple[str, str]:
    """(the text, raised and lowered characters written as Unicode ones (10⁴, CO₂); the raised or lowered passages
    some character of which has no Unicode form, named for a message, "" for none): where plain text stands for
    what Word shows, H2O must not say something else."""
    out, unwritten = [], []
    for (_, script), group in _runs(spans):
        table = {"sup": _RAISED, "sub": _LOWERED}.get(script)
        written = group
        if table is not None:
            core = group.translate(_FULL_WIDTH)
            written = "".join(table.get(c, c) for c in core)
            if any(c not in table and not c.isspace() for c in core):
                unwritten.append(group)
        out.append(written)
    return "".join(out), brief(unwritten) if unwritten else ""


def unmarked(spans: list[Span]) -> str:
    """The text without its struck, raised and lowered passages: a 成文日期 with a note mark (¹, *) after it."""
    return "".join(group for (is_struck, script), group in _runs(spans) if not is_struck and not script)


def scripted(spans: list[Span]) -> list[str]:
    """The raised and lowered passages of the spans."""
    return [group for (_, script), group in _runs(spans) if script and group.strip()]


def struck(spans: list[Span]) -> str:
    """The struck-through passages of the spans, named for a message (cut short); "" for none."""
    passages = [group for (is_struck, _), group in _runs(spans) if is_struck and group.strip()]
    return brief(passages) if passages else ""


def html_line(spans: list[Span]) -> str:
    """One line as HTML: the text escaped, <sup>/<sub> for raised and lowered text, <del> for struck text."""
    out = []
    for (struck, script), group in _runs(spans):
        marked = html.escape(group, quote=False)
        if script:
            marked = f"<{script}>{marked}</{script}>"
        out.append(f"<del>{marked}</del>" if struck else marked)
    return "".join(out)


def _runs(spans: list[Span]) -> list[tuple[tuple[bool, str], str]]:
    """((struck, script), text) for each stretch of spans marked alike: 2020 and 年 struck in two runs are one."""
    return [(marks, text(list(group))) for marks, group in groupby(spans, key=lambda s: (s.struck, s.script))]


def brief(passages: list[str]) -> str:
    """The passages named for a message, cut short."""
    joined = "”“".join(" ".join(p.split()) for p in passages)
    return joined if len(joined) <= _SHOWN else joined[:_SHOWN] + "……"
