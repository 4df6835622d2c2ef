"""Raw HTML in Markdown is allowed but made inert.

nh3 (the Rust `ammonia` sanitizer) does the cleaning, from one allow-list; the same
allow-list drives a scan of the editor's source so each removal becomes a warning at its
`path:line`, and what is reported is exactly what is removed.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul", "video", "audio", "source", "track", "sup", "section",
}
_GENERIC = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "rel", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"}, "li": {"value"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"}, "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "details": {"open"}, "col": {"span"}, "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "poster"}
#: removed together with their content
CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea"}

#: `style` is allowed only as the table alignment Python-Markdown writes
_ALIGN_STYLES = {"text-align: left;", "text-align: right;", "text-align: center;"}


def _attribute_filter(tag: str, attr: str, value: str):
    if attr == "style":
        return value if value in _ALIGN_STYLES else None
    return value


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed."""
    return nh3.clean(
        html, tags=TAGS, clean_content_tags=CONTENT_TAGS, attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
        attribute_filter=_attribute_filter,
    )


#: what a page's text is not: its comments, scripts and styles, and its tags
_MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)


def shown_text(markup: str) -> str:
    """The text a browser shows of `markup`: its comments, scripts, styles and tags taken out, its character
    references read (<td>139</td>, &#49;)."""
    return html.unescape(_MARKUP.sub("", markup))


def bad_url(url: str) -> bool:
    """True for a URL whose scheme may run code or smuggle content (javascript:, data:, vbscript:)."""
    text = "".join(ch for ch in url if not ch.isspace() and ord(ch) > 31).lower()
    scheme, colon, _ = text.partition(":")
    return bool(colon) and "/" not in scheme and "?" not in scheme and "#" not in scheme \
        and scheme not in URL_SCHEMES


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removals: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in TAGS:
            what = "及其内容" if tag in CONTENT_TAGS else ""
            self.removals.append((line, f"已删除不允许的 HTML 标签 <{tag}>{what}"))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on"):
                self.removals.append((line, f"已删除 <{tag}> 的事件属性 {name}（不允许在页面中运行脚本）"))
            elif name not in allowed or (name == "style" and _attribute_filter(tag, name, value or "") is None):
                self.removals.append((line, f"已删除 <{tag}> 不允许的属性 {name}"))
            elif name in URL_ATTRIBUTES and value and bad_url(value):
                self.removals.append((line, f"已删除 <{tag}> 中不安全的链接 {value.split(':')[0]}:"))

    handle_startendtag = handle_starttag


def removals(markdown_text: str) -> list[tuple[int, str]]:
    """(line within the text, message) for each piece of raw HTML that `clean` will remove."""
    if "<" not in markdown_text:
        return []
    scanner = _Scanner()
    scanner.feed(without_code(markdown_text))
    scanner.close()
    return scanner.removals


def without_code(text: str) -> str:
    """Blank out fenced and inline code, where '<script>' is text to show, not HTML."""
    out, fence = [], None
    for line in text.split("\n"):
        stripped = line.lstrip()
        if fence:
            out.append("")
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("")
            continue
        if line.startswith("    ") or line.startswith("\t"):
            out.append("")
            continue
        parts = line.split("`")
        out.append("".join(p if i % 2 == 0 else " " * len(p) for i, p in enumerate(parts)))
    return "\n".join(out)
