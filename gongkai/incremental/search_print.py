"""What Pagefind reads of a page, as a digest: two pages with the same one are indexed alike.

A page's index record comes from its `data-pagefind-body` element, the `data-pagefind-*` attributes
anywhere on it, its first `<h1>`, its `<title>`, the first image after a title and the `lang` of
`<html>` (Pagefind's parser, fossick/parser.rs). The frame around the body (the navigation, the header,
the footer) is read for none of these, so an edit of the frame renders every page again but indexes
none again. The digest takes a superset: every `<title>`, `<h1>` and `<img>`, the `<html>` tag and each
body element whole; a page whose `data-pagefind-*` attributes stand outside its body elements, whose body
element cannot be matched to its end, or which holds text the parser reads as text alone (a comment, a
script, a style, a text area: a tag written inside one is no tag) in or around a body element, is taken
whole.
"""
from __future__ import annotations

import re
from typing import Optional

from gongkai.incremental.cache import digest

_HTML = re.compile(rb"<html\b[^>]*>", re.I)
_TITLES = re.compile(rb"<title\b.*?</title\s*>|<h1\b.*?</h1\s*>|<img\b[^>]*>", re.I | re.S)
_PAGEFIND = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\bdata-pagefind-[^>]*>")
_BODY = b"data-pagefind-body"
#: what the parser reads as text up to its end, and where one starts
_RAW = re.compile(rb"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>", re.I | re.S)
_RAW_START = re.compile(rb"<!--|<(?:script|style|textarea)\b", re.I)


def search_print(html: bytes) -> Optional[str]:
    """The digest of what Pagefind reads of `html`; None when it has no body element (it is read whole)."""
    raw = [m.span() for m in _RAW.finditer(html)]
    if len(raw) != len(_RAW_START.findall(html)):
        return None  # one never ends: what follows it is text
    parts = [m.group(0) for m in _HTML.finditer(html)] + _TITLES.findall(html)
    end = 0
    for tag in _PAGEFIND.finditer(html):
        if tag.start() < end:
            continue  # inside the body element just taken
        if _BODY not in tag.group(0):
            return None  # attributes outside a body element: their values may come from anywhere after them
        start, end = tag.start(), _element_end(html, tag.group(1).lower(), tag.end())
        if end < 0 or any(a < end and b > start for a, b in raw):
            return None
        parts.append(html[start:end])
    if not end:
        return None
    return digest(*parts)


def _element_end(html: bytes, name: bytes, start: int) -> int:
    """Where the element named `name` whose start tag ends at `start` ends (after its end tag), counting the
    elements of the same name opened and closed inside it; -1 when it is never closed."""
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s>/])[^>]*>", re.I)
    depth = 1
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.end()
    return -1
