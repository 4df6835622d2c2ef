"""政策问答: the questions and answers a document's body holds, shown as a list of 问 and 答 on its
page and kept with the document for the 政策问答 page that gathers them across the site.

One syntax for every document type: each question is a heading starting with “问：” (`### 问：……`),
its answer the text under it up to the next heading of the same or a higher level.
"""
from __future__ import annotations

import html as htmllib
import re

QUESTION = re.compile(r'<h([2-4])(\s[^>]*)?>\s*问[：:](.*?)</h\1>', re.S)
_HEADING = re.compile(r"<h([1-6])\b")
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_END = re.compile(r"</(?:p|li|h[1-6]|tr|dd|dt)>|<br\s*/?>")
QA_LIST = '<dl class="qa">'


def plain(html: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded, on one line."""
    return " ".join(htmllib.unescape(_TAG.sub("", html)).split())


def shape(html: str) -> tuple[str, list[dict]]:
    """The body with its questions as definition lists, and each question as {question, anchor, answer}
    (the answer as plain paragraphs, so it reads the same on any page)."""
    matches = list(QUESTION.finditer(html))
    if not matches:
        return html, []
    out, found = [html[:matches[0].start()], QA_LIST], []
    end = len(html)
    for n, match in enumerate(matches):
        level = int(match.group(1))
        stop = matches[n + 1].start() if n + 1 < len(matches) else end
        for heading in _HEADING.finditer(html, match.end(), stop):
            if int(heading.group(1)) <= level:
                stop = heading.start()
                break
        answer = html[match.end():stop].strip()
        anchor = _ID.search(match.group(2) or "")
        found.append({"question": plain(match.group(3)), "anchor": anchor.group(1) if anchor else "",
                      "answer": [text for part in _PARAGRAPH_END.split(answer) if (text := plain(part))]})
        out.append(f'<dt{match.group(2) or ""}><span class="qa-mark">问：</span>{match.group(3).strip()}</dt>')
        out.append(f"<dd>{answer}</dd>")
        if n + 1 == len(matches) or stop != matches[n + 1].start():
            out.append("</dl>")
            out.append(html[stop:matches[n + 1].start() if n + 1 < len(matches) else end])
            if n + 1 < len(matches):
                out.append(QA_LIST)
    return "".join(out), found
