"""A recognised 公文 as the Markdown body of a document, with its images named beside it.

One Word paragraph is one Markdown paragraph (official text is one paragraph per line);
numbered headings become ## / ### / #### so the page gets its table of contents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from gongkai.engine import alttext
from gongkai.importing import headings, marked_text
from gongkai.importing.docx_reader import Block, Paragraph, Span, Table
from gongkai.importing.gongwen import Parts

#: the alt text written for an image Word holds none for; the alt-text check warns while it is there
ALT_PLACEHOLDER = alttext.PLACEHOLDER + "：图{n}的文字说明"
_SPACES = " \u3000\t"
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([>+-])|^([:~])")
_ATTACHMENT_NOTE = ("附件：", "附件:")
_BROWSER_IMAGES = {".png", ".jpg", ".gif", ".svg", ".webp", ".bmp"}
#: what `_url` encodes: anything but the letters, digits and punctuation of a URL, and a % starting no escape
_URL_PART = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]|%(?![0-9A-Fa-f]{2})")


def escape(text: str) -> str:
    """Text that Markdown shows as written."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _INLINE_SPECIAL.sub(r"\\\1", text)


@dataclass
class Body:
    markdown: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name beside the document, bytes)
    warnings: list[str] = field(default_factory=list)


class MarkdownWriter:
    """Writes one document; images are numbered in reading order as <stem>-fig1.png …"""

    def __init__(self, stem: str):
        self.stem = stem
        self.body = Body("")
        self.footnotes: list[list[Span]] = []
        self.tables = 0
        self.outline: list[tuple[int, int]] = []  # open headings: (level as numbered, Markdown level)

    def write(self, parts: Parts) -> Body:
        chunks = self.blocks(parts.main, 0)
        if parts.addressee is not None:  # the 主送机关 line: flush left (GB/T 9704), class set by attr_list
            chunks[parts.addressee] += "\n{: .addressee }"
        chunks.append(signature(parts))
        chunks += self.blocks(parts.notes, 0)
        for attachment in parts.attachments:
            title = self.inline(attachment.title_spans, bold=False)
            chunks.append("## " + escape(attachment.label) + (f"：{title}" if title else ""))
            chunks += self.blocks(attachment.blocks, 1)
        notes = [self.inline(spans, bold=False) for spans in self.footnotes]  # marks kept: 500元<del>800元</del>
        if notes:
            chunks.append("\n".join(f"[^{n}]: {note}" for n, note in enumerate(notes, 1)))
        self.body.markdown = "\n\n".join(c for c in chunks if c) + "\n"
        return self.body

    def blocks(self, blocks: list[Block], offset: int) -> list[str]:
        """Markdown chunks; `offset` pushes numbered headings down a level inside an attachment."""
        chunks, items, in_attachment_note = [], [], False
        self.outline = []
        for block in blocks:
            if isinstance(block, Paragraph) and block.list_kind and block.text:
                items.append("    " * block.list_level + _marker(block) + self.inline(trim(block.spans)))
                continue
            if items:
                chunks.append("\n".join(items))
                items = []
            if isinstance(block, Table):
                chunks.append(self.table(block))
                continue
            listed = block.listed is not None  # a line of a 手动目录 (附件：1．名单 5) is no heading either
            chunks.append(self.paragraph(block, offset, plain=in_attachment_note or listed))
            # 附件说明 (附件：1．…… 2．……) lists attachments: its numbered lines are no headings
            in_attachment_note = in_attachment_note or (block.text.startswith(_ATTACHMENT_NOTE) and not listed)
        if items:
            chunks.append("\n".join(items))
        return chunks

    def paragraph(self, block: Paragraph, offset: int, plain: bool) -> str:
        spans = trim(block.spans)
        if not spans:
            return ""
        shape = headings.Shape() if plain else headings.shape(block.text)
        level = max(block.heading, 1) if block.heading >= 0 else shape.level
        if level:
            return "#" * self.heading_level(level, 2 + offset) + " " + self.inline(spans, bold=False)
        if shape.lead:
            lead, rest = split(spans, shape.lead)
            return "**" + self.inline(lead, bold=False) + "**" + self.inline(rest)
        return _escape_start(self.inline(spans))

    def heading_level(self, level: int, top: int) -> int:
        """The Markdown level of a heading numbered at `level`, one below the heading it falls under,
        so a document that goes from 一、 straight to 1. skips no level (a screen reader's outline)."""
        while self.outline and self.outline[-1][0] >= level:
            self.outline.pop()
        markdown_level = min(6, self.outline[-1][1] + 1 if self.outline else top)
        self.outline.append((level, markdown_level))
        return markdown_level

    def inline(self, spans: list[Span], bold: bool = True) -> str:
        out, group = [], []
        for span in spans + [Span()]:  # a sentinel closes the last group
            if span.text and (not group or _style(group[0], bold) == _style(span, bold)):
                group.append(span)
                continue
            if group:
                out.append(_styled("".join(s.text for s in group), *_style(group[0], bold)))
                group = [span] if span.text else []
            if span.image:
                out.append(self.image(span))
            elif span.footnote is not None:  # "" for a note holding only a picture
                self.footnotes.append(span.note or [Span(span.footnote)])
                out.append(f"[^{len(self.footnotes)}]")
        return "".join(out)

    def image(self, span: Span) -> str:
        image = span.image
        if not image.data:
            self.body.warnings.append(f"图片“{image.alt or '无替代文字'}”只链接到 Word 文件之外或不是图片格式，未能导入："
                                      "请在 Word 中把它另存为 PNG，放在文档旁并插入")
            return ""
        number = len(self.body.images) + 1
        name = f"{self.stem}-fig{number}{image.suffix}"
        self.body.images.append((name, image.data))
        alt = image.alt
        if not alt:
            alt = ALT_PLACEHOLDER.format(n=number)
            self.body.warnings.append(f"图{number}（{name}）在 Word 中没有替代文字，已填入“{alt}”：请写出图片内容的文字说明")
        if image.suffix not in _BROWSER_IMAGES:
            self.body.warnings.append(f"图{number}（{name}）是浏览器无法显示的 {image.suffix} 格式：请另存为 PNG 后替换")
        markdown = f"![{escape(alt)}]({name})"
        return f"[{markdown}]({_url(span.link)})" if span.link else markdown

    def table(self, table: Table) -> str:
        """A Markdown table; a first row merged across the whole width is the table's title, set above it."""
        self.tables += 1
        rows = table.rows
        caption = ""
        if len(rows) > 1 and len(rows[0]) > 1 and all(cell is rows[0][0] for cell in rows[0]):
            caption = self.cell(rows[0][0])
            rows = rows[1:]
        if _merged(rows):
            self.body.warnings.append(f"表格{self.tables}有合并单元格，已在合并的每一格重复其内容：请核对表格是否易读")
        width = max((len(row) for row in rows), default=0)
        if not width:
            return caption and f"**{caption}**"
        lines = ["| " + " | ".join([self.cell(c) for c in row] + [""] * (width - len(row))) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * width)
        return (f"**{caption}**\n\n" if caption else "") + "\n".join(lines)

    def cell(self, paragraphs: list[Paragraph]) -> str:
        return "<br>".join(self.inline(trim(p.spans)) for p in paragraphs if trim(p.spans))


def _escape_start(markdown: str) -> str:
    """A paragraph that does not start a list, heading, quote, definition (“: …” after a paragraph) or
    fenced code block (~~~; ``` is escaped with the other backticks). The rest of a line is inline text,
    where `escape` already keeps #, |, <, [ and the emphasis characters from being read as markup."""
    def escaped(match: re.Match) -> str:
        if match.group(1):
            return f"{match.group(1)}\\{match.group(2)}"
        return f"\\{match.group(3)}" if match.group(3) else f"&#{ord(match.group(4))};"
    return _LINE_START.sub(escaped, markdown, count=1)


def _merged(rows: list[list]) -> bool:
    """True when a cell covers several positions: the reader repeats the same cell in each."""
    for i, row in enumerate(rows):
        if len({id(cell) for cell in row}) < len(row):
            return True
        if i and any(c < len(rows[i - 1]) and cell is rows[i - 1][c] for c, cell in enumerate(row)):
            return True
    return False


def signature(parts: Parts) -> str:
    """落款 and 成文日期 as a block the theme sets right (class "signature", kept by the sanitizer), struck,
    raised and lowered text marked as in the body."""
    if not parts.signature:
        return ""
    inner = "\n".join(f"<p>{marked_text.html_line(line)}</p>" for line in parts.signature)
    return f'<div class="signature">\n{inner}\n</div>'


def trim(spans: list[Span]) -> list[Span]:
    """The spans without the spaces (full-width ones too) that indent or pad the paragraph."""
    spans = [Span(**vars(s)) for s in spans]
    while spans and not spans[0].image and spans[0].footnote is None and not spans[0].text.lstrip(_SPACES):
        spans.pop(0)
    while spans and not spans[-1].image and spans[-1].footnote is None and not spans[-1].text.rstrip(_SPACES):
        spans.pop()
    if spans:
        spans[0].text = spans[0].text.lstrip(_SPACES)
        spans[-1].text = spans[-1].text.rstrip(_SPACES)
    return spans


def split(spans: list[Span], at: int) -> tuple[list[Span], list[Span]]:
    """The spans before and after character `at` of their text."""
    head, tail, seen = [], [], 0
    for span in spans:
        if seen >= at:
            tail.append(span)
        elif seen + len(span.text) <= at:
            head.append(span)
        else:
            cut = at - seen
            head.append(Span(**{**vars(span), "text": span.text[:cut]}))
            tail.append(Span(**{**vars(span), "text": span.text[cut:]}))
        seen += len(span.text)
    return head, tail


def _style(span: Span, bold: bool) -> tuple[bool, bool, str, bool, str]:
    return span.bold and bold, span.italic, span.link, span.struck, span.script


def _styled(text: str, bold: bool, italic: bool, link: str, struck: bool, script: str) -> str:
    """The text escaped, then marked up: <sup>/<sub>, <del> for struck-through text, emphasis, the link."""
    core = text.strip(_SPACES)
    if not core:
        return escape(text).replace("\n", "<br>")
    before, after = text[: len(text) - len(text.lstrip(_SPACES))], text[len(text.rstrip(_SPACES)):]
    out = escape(core).replace("\n", "<br>")
    if script:
        out = f"<{script}>{out}</{script}>"
    if struck:
        out = f"<del>{out}</del>"
    if italic:
        out = f"*{out}*"
    if bold:
        out = f"**{out}**"
    if link:
        out = f"[{out}]({_url(link)})"
    return before + out + after


def _url(url: str) -> str:
    """The link target percent-encoded (non-ASCII as UTF-8) except for what a URL is written with, so no target
    can end the Markdown link or put text or HTML on the page: space, line breaks, ( ) < > " ' \\ [ ] are encoded,
    and a % that starts no %XX escape."""
    return _URL_PART.sub(lambda m: quote(m.group(), safe=""), url)


def _marker(item: Paragraph) -> str:
    """`- ` or the number Word shows for the item (`2. `): the page keeps the numbers written."""
    return "- " if item.list_kind == "bullet" else f"{item.list_number or 1}. "
