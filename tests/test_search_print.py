"""What Pagefind reads of a page (search_print.py): the frame around the searched body is left out, everything
Pagefind could read is in, and a page the digest cannot divide is taken whole."""
from __future__ import annotations

from gongkai.incremental.search_print import search_print

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><title>甲办法 - 测试县人民政府</title></head>
<body><nav><a href="index.html">首页</a></nav>
<main><article class="document" data-pagefind-body data-pagefind-meta="date:2024-01-02">
<dl data-pagefind-ignore data-pagefind-meta="column:规范性文件"><dt>索引号</dt></dl>
<h1>甲办法</h1><article class="quote"><p>引文。</p></article><p>正文。</p>
</article></main>
<footer><p>主办：测试县人民政府办公室</p></footer></body></html>"""


def printed(page: str):
    return search_print(page.encode("utf-8"))


def test_the_frame_around_the_body_is_not_read():
    assert printed(PAGE) is not None
    assert printed(PAGE.replace("主办：", "承办：")) == printed(PAGE)  # the footer, after a nested article
    assert printed(PAGE.replace("首页", "网站首页")) == printed(PAGE)


def test_what_pagefind_reads_changes_the_digest():
    for old, new in [("正文。", "正文改了。"), ("引文。", "另一段引文。"), ("column:规范性文件", "column:其他"),
                     ("<title>甲办法", "<title>乙办法"), ('lang="zh-CN"', 'lang="en"'),
                     ("<nav>", "<nav><h1>站点</h1>"), ("<nav>", '<nav><img src="logo.png" alt="">')]:
        assert printed(PAGE.replace(old, new, 1)) != printed(PAGE), (old, new)


def test_a_page_the_digest_cannot_divide_is_read_whole():
    assert printed(PAGE.replace("<footer>", '<footer data-pagefind-meta="author">')) is None
    assert printed(PAGE.replace("</article></main>", "</main>")) is None  # the body element never ends
    assert printed(PAGE.replace(" data-pagefind-body", "")) is None
    for text in ("<!-- </article> -->", "<script>var end = '</article>';</script>", "<style>p {}</style>"):
        assert printed(PAGE.replace("<p>正文。</p>", text + "<p>正文。</p>")) is None, text  # in the body
    assert printed(PAGE.replace("<nav>", "<!-- <article data-pagefind-body> --><nav>")) is None
    assert printed(PAGE.replace("<nav>", "<!-- never ended <nav>")) is None
    assert printed(PAGE.replace("<head>", '<head><script src="search.js"></script>')) == printed(PAGE)
