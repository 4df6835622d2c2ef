"""Script, event handlers, javascript:/data: URLs and template syntax, through every way into a page.

One site carries the payloads in raw HTML, Markdown links, front matter values, attachment
titles, a column introduction and data-table cells. After the build no output file may
contain anything a browser would run, and template syntax stays text (7*191 never becomes 1337);
the payloads that are text (titles, cells) must still be visible, escaped, where they belong.
"""
from __future__ import annotations

import contextlib
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

import build
from conftest import doc, make_site, normative

TEMPLATE = "{{ 7*191 }}{% if true %}运行了{% endif %}"
TITLE = "<script>alert(1)</script>标题" + TEMPLATE
SUMMARY = '"><img src=x onerror=alert(2)>' + TEMPLATE
KEYWORD = "<svg onload=alert(3)>"
ISSUER = "<iframe src=javascript:alert(5)></iframe>发文机关"
DOC_NUMBER = "测政发〔2024〕1号<b onmouseover=alert(6)>"
ATTACHMENT = "<script>alert(7)</script>附件"
CELL = "<img alt=图 src=x onerror=alert(8)>" + TEMPLATE
HEADER = "<a href='javascript:alert(9)'>项目</a>"
TABLE_TITLE = "<script>alert(10)</script>收入表"

BODY = "\n\n".join([
    "<script>alert(11)</script>",
    "<img alt=\"图\" src=f.txt onerror=alert(12)>",
    "<a href=\"javascript:alert(13)\">甲</a> <a href=\"JaVaScRiPt:alert(14)\">乙</a>",
    "<a href=\"jav&#x61;script:alert(15)\">丙</a> <a href=\" javascript:alert(16)\">丁</a>",
    "<iframe src=\"https://evil.example/\"></iframe><object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<svg><script>alert(17)</script></svg><math><mi xlink:href=\"javascript:alert(18)\">x</mi></math>",
    "<form action=\"javascript:alert(19)\"><button formaction=\"javascript:alert(20)\">提交</button></form>",
    "<details open ontoggle=alert(21)>详情</details> <p style=\"background:url(javascript:alert(22))\">样式</p>",
    "<base href=\"javascript:alert(23)//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(24)\">",
    "[链接一](javascript:alert(25)) [链接二](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNik8L3NjcmlwdD4=)",
    "![图](data:image/svg+xml,<svg onload=alert(27)>) <javascript:alert(28)>",
    "[引用式][r]\n\n[r]: javascript:alert(29)",
    "[实体](jav&#x61;script:alert(30)) [空白]( javascript:alert(31))",
    "属性列表段落\n{: onclick=\"alert(32)\" }",
    "<p onclick=\"alert(33)\" title=\"x\">点击</p>",
    "正文中的模板语法 " + TEMPLATE,
    "<style>body{background:red}</style><noscript><img alt=\"图\" src=f.txt onerror=alert(34)></noscript>",
])

INTRO = "---\ntitle: 其他信息\n---\n<script>alert(35)</script><img alt='图' src=f.txt onerror=alert(36)> 栏目介绍" + TEMPLATE + "\n"


def q(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("injection") / "site", {
        "content/qtxx/a.md": doc(q(TITLE), 1, body=BODY, summary=q(SUMMARY), keywords=f"[{q(KEYWORD)}, 'javascript:alert(4)']",
                                 issuer=q(ISSUER), data="t.yaml", attachments=f"[{{file: f.txt, title: {q(ATTACHMENT)}}}]"),
        "content/qtxx/t.yaml": f"tables:\n  - title: {q(TABLE_TITLE)}\n    columns: [{q(HEADER)}, 金额]\n"
                               f"    rows:\n      - [{q(CELL)}, 1.00]\n      - [乙, 2.00]\n",
        "content/qtxx/f.txt": "附件",
        "content/qtxx/index.md": INTRO,
        "content/gfxwj/b.md": normative(q(TITLE), 2, doc_number=q(DOC_NUMBER)),
    })
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build.main(["build", "--site", str(root), "--as-of", "2026-11-20"])
    assert code == 0, err.getvalue()
    return root / "public"


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset"}
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _Active(HTMLParser):
    """Everything in a page a browser could run or be redirected by."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script":  # the theme's own scripts are files of the site; nothing inline, nothing from elsewhere
            src = dict(attrs).get("src") or ""
            self.in_script = True
            if not src or "//" in src or ":" in src:
                self.found.append(f"<script src={src!r}>")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.found.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value and _runs(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and ("url(" in value or "expression" in value):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    handle_startendtag = handle_starttag


def _runs(url: str) -> bool:
    text = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace()).lower()
    return text.startswith(("javascript:", "data:", "vbscript:"))


def pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}


def test_no_page_contains_anything_that_runs(output):
    found = {}
    for name, text in pages(output).items():
        scanner = _Active()
        scanner.feed(text)
        if scanner.found:
            found[name] = scanner.found
    assert not found


def test_template_syntax_is_never_evaluated(output):
    for name, text in pages(output).items():
        assert "1337" not in text and "运行了" not in text.replace(TEMPLATE, ""), name
    catalog = (output / "catalog.json").read_text(encoding="utf-8")
    assert "1337" not in catalog


@pytest.mark.parametrize("page", ["qtxx/a.html", "qtxx/index.html", "gkml/index.html", "index.html", "gfxwj/b.html"])
def test_titles_are_shown_as_text(output, page):
    text = (output / page).read_text(encoding="utf-8")
    assert escape(TITLE) in text


def test_front_matter_values_are_text_in_the_page_and_its_meta_tags(output):
    text = (output / "qtxx/a.html").read_text(encoding="utf-8")
    metas = dict(re.findall(r'<meta name="(\w+)" content="([^"]*)"', text))
    assert html.unescape(metas["ArticleTitle"]) == TITLE
    assert html.unescape(metas["Description"]) == SUMMARY
    assert html.unescape(metas["Author"]) == ISSUER and html.unescape(metas["ContentSource"]) == ISSUER
    assert KEYWORD in html.unescape(metas["Keywords"])
    assert escape(ISSUER) in text
    assert escape(ATTACHMENT) in text
    assert escape(DOC_NUMBER) in (output / "gfxwj/b.html").read_text(encoding="utf-8")


def test_table_cells_are_text(output):
    text = (output / "qtxx/a.html").read_text(encoding="utf-8")
    for value in (CELL, HEADER, TABLE_TITLE):
        assert escape(value) in text, value


def test_catalog_keeps_values_as_data(output):
    entries = {e["index_no"]: e for e in json.loads((output / "catalog.json").read_text(encoding="utf-8"))}
    entry = entries["11340000MB0000000M/2024-00001"]
    assert entry["title"] == TITLE and entry["issuer"] == ISSUER
    assert entry["attachments"][0]["title"] == ATTACHMENT
    assert entries["11340000MB0000000M/2024-00002"]["doc_number"] == DOC_NUMBER


def test_raw_html_that_is_allowed_survives(output):
    """The sanitizer removes what runs, not the editor's text around it."""
    text = (output / "qtxx/a.html").read_text(encoding="utf-8")
    for kept in ("<a>甲</a> <a>乙</a>", "<a>丙</a> <a>丁</a>", "<details open=\"\">详情</details>",
                 '<p title="x">点击</p>', "<p>属性列表段落</p>"):
        assert kept in text, kept
    assert "栏目介绍" + html.escape(TEMPLATE, quote=False) in (output / "qtxx/index.html").read_text(encoding="utf-8")
    assert "正文中的模板语法 " + html.escape(TEMPLATE, quote=False) in text


def test_the_scanner_sees_what_runs():
    scanner = _Active()
    scanner.feed('<p onclick="x">a</p><a href=" java&#x73;cript:x">b</a><img src="data:image/svg+xml,x"><script>x</script>'
                 '<script src="../static/js/a.js"></script><svg><circle onclick="x"/></svg><iframe src="a.html">')
    assert scanner.found == ["<p onclick>", "<a href=' javascript:x'>", "<img src='data:image/svg+xml,x'>",
                             "<script src=''>", "<script>x", "<circle onclick>", "<iframe>"]
