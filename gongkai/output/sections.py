"""A body cut at the end of its named sections, so a type's template can put what belongs to a section
inside it (the annual report's statistics tables under 二、三、四, as the 2021 format prints them)."""
from __future__ import annotations

import re

_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")


def cut_after_sections(html: str, names: list[str]) -> list[tuple[str, str | None]]:
    """(part, name) pairs that join back to `html`: each part ends where the section whose h2 begins with
    `name` ends (at the next h2, or the end of the body); the last part has no name. A name with no
    such section is not cut at: the caller puts its content after the body."""
    headings = [(m.start(), _TAG.sub("", m.group(1)).strip()) for m in _H2.finditer(html)]
    cuts = []
    for name in names:
        found = next((n for n, (_, text) in enumerate(headings) if text.startswith(name)), None)
        if found is not None:
            end = headings[found + 1][0] if found + 1 < len(headings) else len(html)
            cuts.append((end, name))
    parts, start = [], 0
    for end, name in sorted(cuts, key=lambda cut: cut[0]):
        parts.append((html[start:end], name))
        start = end
    parts.append((html[start:], None))
    return parts
