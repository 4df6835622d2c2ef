"""Markdown bodies to safe HTML, with links to other documents resolved inside Python-Markdown.

A page's URL mirrors its content path (`gfxwj/a.md` -> `gfxwj/a.html`, files copied beside
their pages), so resolving a link needs only the linking document's folder: the rendered
body is a pure function of the source and can be cached by content hash. Whether each
target exists and is public is checked later against the whole site, from `links`.
"""
from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor, slugify_unicode
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from gongkai.engine import browser_urls, markdown_blocks, markdown_limits, sanitize
from gongkai.engine.model import Link


@dataclass
class Rendered:
    html: str
    toc: list
    links: list[Link] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, severity, message)
    url_lines: dict[str, int] = field(default_factory=dict)  # each URL as the page has it -> its line in the file


#: a tag of raw HTML that can link into content/, and each of its URL attributes
_HTML_TAG = re.compile(r"<(?:a|img|video|audio|source|track)\b[^>]*>", re.I)
_HTML_URL = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)


class _LinkResolver(Treeprocessor):
    """Rewrites `x.md` links to `x.html` and records every link into content/, in Markdown and raw HTML alike.

    A full URL of the site itself (https://domain/base_path/…) is resolved as the relative
    link it stands for, so it is checked like one and still works when the site moves. In a site
    group, `/bm/jyj/x.md` is another member's document, linked relative to the group's tree.
    """

    folder = ""  # the linking document's folder, relative to content/
    domain = ""  # the site's own domain, lower case; "" when unknown
    base_path = "/"
    member_path = ""  # in a group: this member's path, and every member's
    members: tuple = ()
    found: list = []
    bad: list = []
    urls: list = []  # (as written, as on the page), in document order

    def run(self, root):
        for element in root.iter():
            attr = "href" if element.tag == "a" else "src" if element.tag in ("img", "video", "source") else None
            if attr and element.get(attr) is not None:
                resolved = self._resolve(element.get(attr))
                if resolved is None:
                    del element.attrib[attr]
                else:
                    element.set(attr, resolved)
        stash = self.md.htmlStash.rawHtmlBlocks
        stash[:] = [_HTML_TAG.sub(self._html_tag, block) if isinstance(block, str) else block for block in stash]

    def _html_tag(self, tag: re.Match) -> str:
        return _HTML_URL.sub(self._html_url, tag.group(0))

    def _html_url(self, attr: re.Match) -> str:
        value = html.unescape(attr.group(2).strip("\"'"))
        if sanitize.bad_url(value):
            return attr.group(0)  # the sanitizer removes it and its scan of the source reports it
        return f'{attr.group(1)}"{html.escape(self._resolve(value), quote=True)}"'

    def _own_page(self, url: str) -> str | None:
        """A URL of this site as the relative link it stands for, or None for any other URL. A browser takes
        //domain/…, https://domain./…, HTTPS://DOMAIN:443/… to the site too, and so must the checks."""
        parts = browser_urls.own(url, self.domain) if self.domain else None
        if parts is None:
            return None
        path = parts.path if parts.path.endswith("/") or "." in posixpath.basename(parts.path) else parts.path + "/"
        if not path.startswith(self.base_path):
            return None
        rest = path[len(self.base_path):]
        rest += "index.html" if not rest or rest.endswith("/") else ""
        relative = posixpath.relpath(rest, self.folder or ".")
        return relative + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    def _resolve(self, url: str) -> str | None:
        resolved = self._resolved(url)
        if resolved is not None:
            self.urls.append((url, resolved))
        return resolved

    def _resolved(self, url: str) -> str | None:
        url = self.md.treeprocessors["unescape"].unescape(html.unescape(url).strip())  # "&#x61;", "\." as browsers read
        if sanitize.bad_url(url):
            self.bad.append((url, "warning", f"已删除不安全的链接 {url.split(':')[0]}:（不允许在页面中运行脚本）"))
            return None
        parts = browser_urls.split(url)
        if parts is None:
            self.bad.append((url, "error", f"链接“{url}”不是有效的网址（方括号没有配对），请改正"))
            return url
        written, own = "", self._own_page(url)
        if own is not None:
            written, url, parts = url, own, urlsplit(own)
        if parts.scheme or parts.netloc or not parts.path:
            return url  # external, mailto:, or #anchor
        if parts.path.startswith("/"):
            return self._other_member(url, parts)
        target = posixpath.normpath(posixpath.join(self.folder, unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            self.bad.append((url, "error", f"链接“{url}”指向 content/ 之外，只能链接站点内的文件"))
            return url
        is_doc = target.endswith(".md")
        page = target.endswith(".html") or bool(written and not is_doc)  # a full URL may name any output file
        self.found.append((written or url, Link(target, 0, is_doc, page=page, written=written)))
        if is_doc:
            new_path = parts.path[:-3] + ".html"
            return new_path + (f"#{parts.fragment}" if parts.fragment else "")
        return url

    def _other_member(self, url: str, parts) -> str:
        """`/bm/jyj/fdzdgknr/x.md`: another member's document, as the page sees it from this member's."""
        path = unquote(parts.path)
        member = next((m for m in self.members if path.startswith(f"/{m}/")), None)
        target = posixpath.normpath(path[len(member or "") + 2:]) if member else ""
        if member is None or not target.endswith(".md") or target.startswith("../"):
            how = "；链接站群其他成员的文档请写 /成员路径/内容路径.md" if self.members else ""
            self.bad.append((url, "error", f"链接“{url}”是绝对路径，请写成相对于本文件的路径{how}"))
            return url
        self.found.append((url, Link(target, 0, True, member=member)))
        page = posixpath.relpath(f"{member}/{target[:-3]}.html", posixpath.join(self.member_path, self.folder))
        return page + (f"#{parts.fragment}" if parts.fragment else "")


#: characters that can start an inline pattern of the enabled extensions (code, escapes, links,
#: images, footnotes, autolinks, HTML, entities, emphasis, line breaks) or a stashed placeholder
_INLINE_TRIGGERS = re.compile(r"[`\\\[\]!<>&*_~^=\x02\x03:]|  \n|https?|www\.")


class _PlainTextFastPath(InlineProcessor):
    """Skips the inline patterns for text none of them can match.

    Government documents are mostly plain Chinese prose; trying every inline pattern on every
    paragraph is over half of Python-Markdown's time. The output is identical (tested).
    """

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not _INLINE_TRIGGERS.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class _HeadingIds(TocTreeprocessor):
    """Python-Markdown's `toc`, for what the build takes of it: the headings' ids and their list
    (`toc_tokens`). The table of contents it also makes, serializes and runs every postprocessor over is
    made only for a body that writes its marker (`[TOC]`): for the others it was a third of the extension's
    time, and the marker looked for in every element of the body another sixth."""

    marked = True  # whether the body being rendered writes the marker: set before each one

    def build_toc_div(self, toc_list: list):
        return super().build_toc_div(toc_list) if self.marked else etree.Element("div")

    def replace_marker(self, root, elem) -> None:
        if self.marked:
            super().replace_marker(root, elem)


class _HeadingIdsExtension(TocExtension):
    TreeProcessorClass = _HeadingIds


#: Python-Markdown's tree processors that change nothing in a body without a character: `attr_list` acts on
#: `{: …}` alone, `unescape` on what backslash escapes leave (the source's own STX and ETX are dropped first).
#: Each walks every element of every body: together 8-10 % of rendering the generated bodies, none of which
#: writes either character
_TRIGGERED = {"attr_list": "{", "unescape": "\\"}


class _WhenWritten(Treeprocessor):
    """A tree processor run only for a body that writes its trigger (_TRIGGERED)."""

    def __init__(self, md: markdown.Markdown, inner: Treeprocessor, trigger: str):
        super().__init__(md)
        self.inner, self.trigger, self.wanted = inner, trigger, True

    def run(self, root):
        return self.inner.run(root) if self.wanted else None

    def __getattr__(self, name: str):
        """What other processors ask of the one it runs (unescape's RE, for links)."""
        if name == "inner":  # not set yet (a copy being made)
            raise AttributeError(name)
        return getattr(self.inner, name)


class MarkdownRenderer:
    """One Python-Markdown instance reused for many documents (it is reset between them)."""

    def __init__(self, domain: str = "", base_path: str = "/", paragraph_per_line: bool = False,
                 member_path: str = "", members: tuple = ()):
        """`domain` and `base_path`: where the site is served, to recognise full URLs of its own pages;
        `paragraph_per_line`: each line of ordinary text is a paragraph (config markdown.paragraph_per_line);
        `member_path` and `members`: a group member's own path and every member's (links across them)."""
        # extension objects, not names: naming them makes Python-Markdown scan every installed package
        self.md = markdown.Markdown(
            extensions=[TableExtension(), FencedCodeExtension(), FootnoteExtension(), AttrListExtension(),
                        DefListExtension(), SaneListExtension(), MarkdownInHtmlExtension(),
                        _HeadingIdsExtension(slugify=slugify_unicode, toc_depth="2-3")],
            output_format="html",
        )
        self.resolver = _LinkResolver(self.md)
        self.headings = self.md.treeprocessors["toc"]
        self.triggered = []
        for name, trigger in _TRIGGERED.items():  # in its place: the registry's priorities have no public getter
            at = self.md.treeprocessors.get_index_for_name(name)
            self.triggered.append(_WhenWritten(self.md, self.md.treeprocessors[name], trigger))
            self.md.treeprocessors.register(self.triggered[-1], name, self.md.treeprocessors._priority[at].priority)
        self.resolver.domain, self.resolver.base_path = domain.lower(), base_path
        self.resolver.member_path, self.resolver.members = member_path, members
        self.md.treeprocessors.register(self.resolver, "gongkai_links", 1)
        self.md.treeprocessors.register(_PlainTextFastPath(self.md), "inline", 20)
        self.md.parser.blockprocessors.register(markdown_blocks.NumberedList(self.md.parser), "olist", 40)
        markdown_limits.install(self.md)
        if paragraph_per_line:  # after raw HTML and fenced code are stashed (priorities 20 and 25)
            self.md.preprocessors.register(markdown_blocks.ParagraphPerLine(self.md), "paragraph_per_line", 10)

    def render(self, text: str, folder: str, first_line: int) -> Rendered:
        """Render a body whose first line is line `first_line` of its file."""
        self.md.reset()
        self.resolver.folder, self.resolver.found, self.resolver.bad, self.resolver.urls = folder, [], [], []
        self.headings.marked = self.headings.marker in text
        for processor in self.triggered:
            processor.wanted = processor.trigger in text
        converted, problems = markdown_limits.convert(self.md, text, first_line)
        result = Rendered(sanitize.clean(converted), _flat_toc(getattr(self.md, "toc_tokens", [])), problems=problems)
        found, bad, urls = _Mentions(text), _Mentions(text), _Mentions(text)
        for url, link in self.resolver.found:
            link.line = first_line + found.line(url)
            result.links.append(link)
        for url, severity, message in self.resolver.bad:
            result.problems.append((first_line + bad.line(url), severity, message))
        for written, resolved in self.resolver.urls:
            result.url_lines.setdefault(resolved, first_line + urls.line(written))
        for line, message in sanitize.removals(text):
            result.problems.append((first_line + line - 1, "warning", message))
        return result


class _Mentions:
    """Where the links of a body are written: the n-th link to a URL is on the line of its n-th mention
    (links are met in the order they are written), so two links to one URL get their own lines."""

    def __init__(self, text: str):
        self.text, self.after = text, {}

    def line(self, needle: str) -> int:
        """0-based line of the next mention of `needle` (the first again when there is no next one)."""
        at = self.text.find(needle, self.after.get(needle, 0))
        if at < 0:
            at = max(self.text.find(needle), 0)
        self.after[needle] = at + len(needle)
        return self.text.count("\n", 0, at)


def _flat_toc(tokens: list) -> list[dict]:
    out = []
    for token in tokens:
        out.append({"id": token["id"], "name": re.sub(r"<[^>]+>", "", token["name"]), "level": token["level"]})
        out.extend(_flat_toc(token.get("children", [])))
    return out
