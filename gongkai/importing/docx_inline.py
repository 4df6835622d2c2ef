"""Reading the runs of a paragraph, a text box or a footnote into spans, as Word shows them (see docx_runs)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

from gongkai.importing import docx_drawings as drawings, docx_marks as marks, docx_runs as runs, marked_text as marked
from gongkai.importing.docx_blocks import Paragraph, Span
from gongkai.importing.docx_parts import Notes, Package
from gongkai.importing.ooxml import switch, val

_R, _HYPERLINK, _FLD_SIMPLE, _SDT = qn("w:r"), qn("w:hyperlink"), qn("w:fldSimple"), qn("w:sdt")
_FLD_CHAR, _INSTR, _FOOTNOTE = qn("w:fldChar"), qn("w:instrText"), qn("w:footnoteReference")
_ENDNOTE, _RUBY, _SYM = qn("w:endnoteReference"), qn("w:ruby"), qn("w:sym")
_COVER = ("文件中有不含文字的图形{name}（可能是遮盖文字的色块），网站上会显示图形下面的文字："
          "请在 Word 中删去被遮盖的文字和该图形后重新导入，或确认可以公开后填写公开属性")
_CROPPED = ("图片{name}在 Word 中裁剪过，导入的是未裁剪的原图，网站上会显示裁去的部分：请在 Word 中选中图片，"
            "点“图片格式 > 压缩图片”，勾选“删除图片的剪裁区域”后重新导入，或确认裁去的部分可以公开后填写公开属性")


@dataclass(frozen=True)
class Context:
    link: str = ""  # the address of the link the runs are in
    bold: bool = False  # the paragraph style's
    hidden: bool = False  # the paragraph style's


class InlineReader:
    """Spans of runs; a subclass gives `blocks` for the paragraphs of a text box."""

    package: Package

    def __init__(self, package: Package):
        self.package = package
        self.part = package.part  # whose relationships the links and pictures read name: the document's, a note's
        self.warnings: list[str] = []
        self.fields: list[runs.Field] = []  # the complex fields open at this point of the document
        self.boxes: list = []  # blocks of the text boxes met in the paragraph being read
        self.in_dropped_field = False  # the paragraph had content inside a 目录 or page-number field
        self.new_page = False  # the next paragraph starts a page
        self.marks = marks.Held()
        #: why the document must be held back whatever its 附注 says (covered or invisible text …): for Blocks.held
        self.held: list[str] = self.marks.reasons

    def blocks(self, container: Iterable[Element]) -> list:
        raise NotImplementedError

    def inline(self, element: Element, paragraph: Paragraph, context: Context) -> None:
        for child in element:
            tag = child.tag
            if tag == _R:
                self.run(child, paragraph, context)
            elif tag == _HYPERLINK:
                target = self.part.rels.get(child.get(qn("r:id")))
                url = target.target_ref if target is not None and target.is_external else ""
                self.inline(child, paragraph, replace(context, link=self.checked_link(url)))
            elif tag == _FLD_SIMPLE:
                self.simple_field(child, paragraph, context)
            elif tag == _SDT:
                if not runs.sdt_hidden(child):
                    self.inline(child, paragraph, context)
            elif tag in runs.INLINE_PASS:
                self.inline(child, paragraph, context)
            elif tag == runs.ALTERNATE:  # around runs: the part Word shows, read once
                part = runs.shown(child)
                if part is not None:
                    self.inline(part, paragraph, context)
            elif tag in runs.MATH and self.shown():
                self.warnings.append(f"正文中的公式无法导入，已在原处写上“{runs.MATH_MARKER}”："
                                     "请把公式改写为文字，或改为图片插入并写明替代文字后重新导入")
                paragraph.spans.append(Span(runs.MATH_MARKER))

    def simple_field(self, element: Element, paragraph: Paragraph, context: Context) -> None:
        code = element.get(qn("w:instr"), "")
        name = runs.Field([code]).name
        if name in runs.DROPPED_FIELDS:
            self.in_dropped_field = True
            return
        link = self.checked_link(runs.field_link(code)) if name == "HYPERLINK" else context.link
        self.inline(element, paragraph, replace(context, link=link))

    def checked_link(self, url: str) -> str:
        """A web or mail address as it is; any other (a file on the author's computer) is dropped, with a warning."""
        if url and not runs.web_link(url):
            self.warnings.append(f"链接指向本机文件 {url}，已去掉链接，只保留文字：需要链接时，请改为网址或把文件作为附件上传")
            return ""
        return url

    def field_char(self, char: Element) -> str:
        """Follows the fields open; returns what a field that ends without a result shows (Word draws an EQ
        field from its code: a 带圈字符, or a marker where it cannot be read)."""
        kind = char.get(qn("w:fldCharType"))
        if kind == "begin":
            self.fields.append(runs.Field(box=runs.form_box(char)))
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            current.showing = True
            if current.name == "HYPERLINK":
                current.link = self.checked_link(runs.field_link("".join(current.code)))
        elif kind == "end" and self.fields:
            ended = self.fields.pop()
            if ended.box and not ended.showing and self.shown():
                return ended.box  # a check box form field: Word draws it ticked or not
            if ended.name == "EQ" and not ended.showing and self.shown():
                drawn = runs.enclosed("".join(ended.code))
                if drawn is None:
                    self.warnings.append(f"正文中的 EQ 域（{''.join(ended.code).strip()}）无法导入，已在原处写上"
                                         f"“{runs.EQ_MARKER}”：请改为文字或图片后重新导入")
                return runs.EQ_MARKER if drawn is None else drawn
        return ""

    def shown(self) -> bool:
        """Outside any field, or in the result of fields whose result is published."""
        return all(f.showing and f.name not in runs.DROPPED_FIELDS for f in self.fields)

    def run(self, r: Element, paragraph: Paragraph, context: Context) -> None:
        r_pr = r.find(qn("w:rPr"))
        style = val(r_pr, "w:rStyle")
        look = marks.Look(r, r_pr, style, self.package)
        hidden = runs.hidden(r_pr, context.hidden, self.package, style, look.tbl, look.tc)
        bold = switch(r_pr, "w:b", context.bold or bool(style and self.package.run_bold(style)))
        link = next((f.link for f in reversed(self.fields) if f.name == "HYPERLINK"), context.link)
        form = Span("", bold, switch(r_pr, "w:i", False), link, struck=look.struck, script=look.script)
        box = runs.content_box(r)
        if box is not None:  # a check box content control: the box as ticked, whatever character the run holds
            if box and not hidden and self.shown():
                paragraph.spans.append(replace(form, text=box))
            return
        for child in runs.run_content(r):
            tag = child.tag
            if tag == _FLD_CHAR:
                drawn = self.field_char(child)
                if drawn and not hidden:
                    paragraph.spans.append(replace(form, text=drawn))
                link = next((f.link for f in reversed(self.fields) if f.name == "HYPERLINK"), context.link)
                form = replace(form, link=link)
                continue
            if tag == _INSTR:
                if self.fields and not self.fields[-1].showing:
                    self.fields[-1].code.append(child.text or "")
                continue
            text = runs.run_text(child)
            if hidden or not self.shown():
                self.in_dropped_field = self.in_dropped_field or (not hidden and bool(text.strip()))
            elif text == "\f" and "".join(s.text for s in paragraph.spans).strip(" \u3000\t"):
                paragraph.spans.append(Span("\f"))
            elif text == "\f":
                paragraph.page_start = True  # a break before any text: this paragraph opens the page
            elif text:
                self.text(replace(form, text=text), paragraph, look)
            elif tag in runs.PICTURES:
                self.picture(child, paragraph, link)
            elif tag in (_FOOTNOTE, _ENDNOTE):
                note = self.note(self.package.footnotes if tag == _FOOTNOTE else self.package.endnotes,
                                 child.get(qn("w:id")))
                if note:
                    paragraph.spans.append(Span(footnote=marked.text(note), note=note))
            elif tag == _RUBY:
                self.ruby(child, paragraph, context)
            elif tag == _SYM:
                self.warnings.append(f"正文中用“插入符号”插入的符号（{child.get(qn('w:font'), '')} "
                                     f"{child.get(qn('w:char'), '')}）无法导入，已在原处写上“{runs.SYMBOL_MARKER}”："
                                     "请改为普通文字（如 √ □ ★）后重新导入")
                paragraph.spans.append(Span(runs.SYMBOL_MARKER))

    def text(self, span: Span, paragraph: Paragraph, look: marks.Look) -> None:
        """Adds shown text; text Word covers, or that cannot be seen in Word or on paper, holds the document back."""
        paragraph.spans.append(span)
        if look.mark and span.text.strip():
            at = len(paragraph.spans)
            self.marks.note(look.mark, span.text, (id(paragraph), at - 1), (id(paragraph), at))

    def picture(self, picture: Element, paragraph: Paragraph, link: str) -> None:
        """A picture, an embedded object (a marker and a warning), a floating seal (a warning), text boxes and
        shapes (drawing_shapes); nothing of a drawing hidden in Word. A cropped picture holds the document back."""
        if drawings.hidden_whole(picture):
            return
        kind = runs.embedded_object(picture)
        if kind:
            self.warnings.append(f"正文中嵌入的 Excel 表格等对象（{kind}）无法导入，已在原处写上“{runs.OBJECT_MARKER}”："
                                 "请把它改为 Word 表格或作为附件上传")
            paragraph.spans.append(Span(runs.OBJECT_MARKER))
            return
        self.drawing_shapes(picture)
        blip = next(iter(runs.blips(picture)), None)
        if blip is None:
            return  # a shape or a text box, not a picture
        image = self.package.image(self.part, runs.blip_id(blip), runs.picture_alt(picture))
        floats, over_text = runs.floating(picture)
        if over_text:
            self.seal(picture)
            return
        if drawings.cropped(blip):
            self.hold(_CROPPED.format(name=_quoted(runs.picture_alt(picture) or runs.picture_name(picture))))
        paragraph.spans.append(Span(image=image, link=link, floating=floats))

    def drawing_shapes(self, picture: Element) -> None:
        """Text boxes and WordArt are read as paragraphs where the drawing is anchored; a filled shape without text
        holds the document back, since the text it may cover in Word would show on the site."""
        for box in runs.top_text_boxes(picture):
            state = self.fields, self.in_dropped_field, self.new_page
            self.fields = []
            self.boxes.extend(self.blocks(box))
            self.fields, self.in_dropped_field, self.new_page = state  # the paragraph holding it goes on
        self.boxes.extend(Paragraph([Span(line)]) for line in drawings.word_art(picture))
        for name in drawings.covers(picture):
            self.hold(_COVER.format(name=_quoted(name)))

    def hold(self, reason: str) -> None:
        """Holds the document back (Blocks.held) for `reason`, once however often it is met."""
        if reason not in self.held:
            self.held.append(reason)

    def seal(self, picture: Element) -> None:
        name = runs.picture_alt(picture) or runs.picture_name(picture)
        self.warnings.append(runs.seal_warning(name))

    def ruby(self, ruby: Element, paragraph: Paragraph, context: Context) -> None:
        """拼音指南: the text, then what Word sets above it in brackets: 蚌埠（bèng bù）."""
        base, above = ruby.find(qn("w:rubyBase")), ruby.find(qn("w:rt"))
        if base is not None:
            self.inline(base, paragraph, context)
        guide = Paragraph()
        if above is not None:
            self.inline(above, guide, context)
        if guide.text:
            paragraph.spans.append(Span(f"（{guide.text}）"))

    def note(self, notes: Notes, note_id: str | None) -> list[Span]:
        """A footnote's or endnote's text and pictures, read as the body is read (hidden or deleted text left out),
        its paragraphs joined by a space; struck, raised and lowered text keeps its mark, and a link its address."""
        note = notes.by_id.get(note_id)
        if note is None:
            return []
        fields, part, self.fields, self.part = self.fields, self.part, [], notes.part
        spans: list[Span] = []
        for p in note.iter(qn("w:p")):
            paragraph = Paragraph()
            style = val(p.find(qn("w:pPr")), "w:pStyle")
            self.inline(p, paragraph, Context(hidden=self.package.run_switch(style, "w:vanish")))
            line = marked.trimmed([replace(s, text=s.text.replace("\n", " ").replace("\f", " "), bold=False,
                                           italic=False) for s in paragraph.spans if s.text or s.image])
            spans += ([Span(" ")] if spans and line else []) + line
        self.fields, self.part = fields, part
        return spans


def _quoted(name: str) -> str:
    return f"“{name}”" if name else ""
