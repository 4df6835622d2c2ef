"""A paragraph's content as Word shows it with all tracked changes accepted and hidden text not shown.

Left out: hidden runs (w:vanish, w:specVanish, directly or through a style), deleted and moved-away
text (w:del, w:moveFrom), comments (their part is never opened), unfilled content controls
(placeholder text), field codes (only a field's result is read), the 目录 (TOC field, or the entries of
a 手动目录: manual_toc) and page numbers. Held back with a warning: embedded objects (a marker is written in their
place), floating pictures that look like a seal, links to files on the author's computer (the text is kept).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

from gongkai.engine import chinese_dates
from gongkai.importing import docx_drawings as drawings
from gongkai.importing import ooxml
from gongkai.importing.docx_parts import Package
from gongkai.importing.ooxml import switch

_WP, _VML = ooxml.WP, ooxml.VML
_MC = ooxml.MC
_BLIP, _GRAPHIC_DATA = (ooxml.DRAWING + t for t in ("blip", "graphicData"))
_TEXT_BOX = qn("w:txbxContent")
_W10 = "{urn:schemas-microsoft-com:office:word}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_TEXT_WRAPS = {"square", "tight", "through", "topAndBottom"}  # VML pictures the text flows around
INLINE_PASS = {qn(t) for t in ("w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:sdtContent", "w:bdo", "w:dir")}
ALTERNATE = _MC + "AlternateContent"
#: what an mc:Choice may require that the reader reads (besides Word's own additions, _WORD_EXTENSIONS)
_UNDERSTOOD = {"http://schemas.microsoft.com/office/drawing/2010/main", "urn:schemas-microsoft-com:vml",
               "urn:schemas-microsoft-com:office:office", "urn:schemas-microsoft-com:office:word",
               "http://schemas.openxmlformats.org/officeDocument/2006/math"}
#: w14, w15, w16…, wps, wpg, wpc, wp14: Word's additions to its text and drawings
_WORD_EXTENSIONS = "http://schemas.microsoft.com/office/word/"
PICTURES = {qn("w:drawing"), qn("w:pict"), qn("w:object")}
#: what a run holds that the reader reads: text, breaks, symbols, fields, note references, 拼音指南, pictures
_RUN_CONTENT = PICTURES | {qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:sym", "w:fldChar",
                                            "w:instrText", "w:footnoteReference", "w:endnoteReference", "w:ruby")}
#: fields whose result is not published: the 目录 and page numbers
DROPPED_FIELDS = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES"}
_WEB_LINK = re.compile(r"^(?:https?://|mailto:)", re.I)
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_OMML = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MATH = {_OMML + "oMath", _OMML + "oMathPara"}
#: written where a formula was
MATH_MARKER = "【此处是 Word 公式，未能导入】"
#: written where an embedded object (Excel table, chart …) was, so its loss shows on the page
OBJECT_MARKER = "【此处是 Word 中嵌入的对象（Excel 表格等），未能导入】"
#: written where a character of a symbol font (Insert > Symbol: w:sym) was: its font's code is no character
SYMBOL_MARKER = "【此处是 Word 插入的符号，未能导入】"
#: written where an EQ field Word draws (a fraction, a 双行合一 …) was
EQ_MARKER = "【此处是 Word 的 EQ 域（公式或版式效果），未能导入】"
#: Word's 带圈字符: an EQ field overlaying an enclosure and what it encloses, \o\ac(○,15)
_ENCLOSED = re.compile(r"^\s*eq\s+\\o(?:\\a[clr])?\s*\((.),(.{1,3})\)\s*$", re.I)
_CIRCLES = "○◯〇"


def enclosed(code: str) -> str | None:
    """What Word's 带圈字符 field shows: a circled number as its one character (⑮), or else what it encloses;
    None for any other EQ field."""
    match = _ENCLOSED.match(code)
    if not match:
        return None
    enclosure, inside = match.groups()
    number = int(inside) if inside.isascii() and inside.isdigit() else 0
    if enclosure in _CIRCLES and 1 <= number <= 50:
        base, first = (0x2460, 1) if number <= 20 else (0x3251, 21) if number <= 35 else (0x32B1, 36)
        return chr(base + number - first)
    return inside


@dataclass
class Field:
    """One complex field (w:fldChar begin … separate … end) the reader is inside."""

    code: list[str] = field(default_factory=list)  # the instruction text (w:instrText), never published
    showing: bool = False  # after w:fldChar separate: its result, which Word shows
    link: str = ""  # a HYPERLINK field's address, once its code is read
    box: str = ""  # ☑ or ☐: the check box a FORMCHECKBOX field draws (form_box)

    @property
    def name(self) -> str:
        words = "".join(self.code).split()
        return words[0].upper() if words else ""


def field_link(code: str) -> str:
    """The address of a HYPERLINK field (HYPERLINK "https://…" \\o "tip"); "" for a bookmark (\\l) or no link."""
    tokens = [(m.group(1), m.group(2)) for m in _FIELD_TOKEN.finditer(code)][1:]
    skip = False
    for quoted, bare in tokens:
        if skip:
            skip = False
        elif bare and bare.startswith("\\"):
            if bare.lower() == "\\l":
                return ""
            skip = bare.lower() in ("\\o", "\\t", "\\m", "\\n")
        else:
            return quoted if quoted is not None else bare
    return ""


def sdt_hidden(sdt: Element) -> bool:
    """An unfilled content control: its placeholder text is showing."""
    properties = sdt.find(qn("w:sdtPr"))
    return properties is not None and properties.find(qn("w:showingPlcHdr")) is not None


def alternative(alternate: Element) -> Element | None:
    """The part of mc:AlternateContent Word shows: the first mc:Choice whose Requires the reader understands,
    else mc:Fallback, else the first choice (read as far as it can be rather than lost)."""
    choices = alternate.findall(_MC + "Choice")
    for choice in choices:
        if all(_understood(choice.nsmap.get(prefix, "")) for prefix in choice.get("Requires", "").split()):
            return choice
    fallback = alternate.find(_MC + "Fallback")
    return fallback if fallback is not None else next(iter(choices), None)


def _understood(namespace: str) -> bool:
    return namespace in _UNDERSTOOD or namespace.startswith(_WORD_EXTENSIONS) or "chartex" in namespace


def shown(alternate: Element) -> Element | None:
    """The part of mc:AlternateContent the reader reads: the one Word shows (alternative), or mc:Fallback when
    that part holds nothing the reader reads (a symbol Word writes as w16se:symEx, its character in the fallback)."""
    part, fallback = alternative(alternate), alternate.find(_MC + "Fallback")
    if part is not None and fallback is not None and not any(c.tag in _RUN_CONTENT for c in part.iter()):
        return fallback
    return part


def run_content(r: Element) -> list[Element]:
    """A run's children, each mc:AlternateContent replaced by the content of the part shown, read once under the
    run's own properties."""
    found = []
    for child in r:
        if child.tag != ALTERNATE:
            found.append(child)
            continue
        part = shown(child)
        found += run_content(part) if part is not None else []
    return found


def top_text_boxes(element: Element) -> list[Element]:
    """The text boxes a drawing or shape shows, without those nested in another of them (read with it) or in
    a shape hidden in Word."""
    boxes = list(element.iter(_TEXT_BOX))
    found = set(boxes)
    return [b for b in boxes if not any(a in found for a in b.iterancestors()) and drawings.own(element, b)]


def embedded_object(picture: Element) -> str:
    """What an embedded object is (its program, 图表 for a chart), "" for a picture or a shape."""
    ole = picture.find(".//{urn:schemas-microsoft-com:office:office}OLEObject")
    if picture.tag == qn("w:object") or ole is not None:
        return ole.get("ProgID", "嵌入对象") if ole is not None else "嵌入对象"
    data = next(picture.iter(_GRAPHIC_DATA), None)
    uri = data.get("uri", "") if data is not None else ""
    if uri.endswith("/chart") or uri.endswith("/chartex"):
        return "图表"
    if uri.endswith("/diagram"):
        return "SmartArt 图形"
    return ""


def floating(picture: Element) -> tuple[bool, bool]:
    """(floats at all, floats over or under the text) for a drawing or a VML picture."""
    anchor = picture.find(_WP + "anchor")
    if anchor is not None:
        over = anchor.find(_WP + "wrapNone") is not None or anchor.get("behindDoc") in ("1", "true")
        return True, over
    shapes = [s for s in picture.iter(_VML + "shape", _VML + "rect") if "position:absolute" in
              s.get("style", "").replace(" ", "")]
    wrapped = any(w.get("type") in _TEXT_WRAPS for s in shapes for w in s.iter(_W10 + "wrap"))
    return bool(shapes), bool(shapes) and not wrapped


def is_signature(text: str, align: str) -> bool:
    """A 落款 or 成文日期 line: where a seal is stamped."""
    return align == "right" or any(chinese_dates.parse(line) for line in text.split("\n"))


def web_link(url: str) -> bool:
    return bool(_WEB_LINK.match(url.strip()))


def hidden(r_pr: Element | None, style_hidden: bool, package: Package, char_style: str | None,
           table: Element | None, cell: Element | None) -> bool:
    """A run Word does not show (hidden text is not printed or published); in a table cell, the table's style
    can hide it too, by a conditional format (the header row's …) as well."""
    styled = style_hidden or bool(char_style and package.run_switch(char_style, "w:vanish"))
    styled = styled or switch(package.table_run_setting(table, cell, "w:vanish"), "w:vanish", False)
    return switch(r_pr, "w:vanish", styled) or switch(r_pr, "w:specVanish", False)


def form_box(char: Element) -> str:
    """☑ or ☐ for the check box a legacy form field (FORMCHECKBOX) draws, "" for any other field: its ticked
    state is w:checked when set, else w:default."""
    box = char.find(f"{qn('w:ffData')}/{qn('w:checkBox')}")
    if box is None:
        return ""
    return "☑" if switch(box, "w:checked", switch(box, "w:default", False)) else "☐"


def content_box(r: Element) -> str | None:
    """For the run of a check box content control (w14:checkbox): ☑ or ☐ as w14:checked says, written once for
    the control ("" for its other runs); None for any other run."""
    content = r.getparent()
    sdt = content.getparent() if content is not None and content.tag == qn("w:sdtContent") else None
    box = sdt.find(f"{qn('w:sdtPr')}/{_W14}checkbox") if sdt is not None else None
    if box is None:
        return None
    if next(content.iter(qn("w:r"))) is not r:
        return ""
    checked = box.find(_W14 + "checked")
    ticked = checked is not None and checked.get(_W14 + "val", "1") not in ("0", "false", "off")
    return "☑" if ticked else "☐"


def picture_alt(picture: Element) -> str:
    """Word's 替代文字: the drawing's description (else its title), or a VML picture's alt."""
    doc_pr = next(picture.iter(_WP + "docPr"), None)
    if doc_pr is not None and (doc_pr.get("descr") or doc_pr.get("title")):
        return doc_pr.get("descr") or doc_pr.get("title")
    data = next(picture.iter(_VML + "imagedata"), None)
    return data.getparent().get("alt", "") if data is not None else ""


def picture_name(picture: Element) -> str:
    doc_pr = next(picture.iter(_WP + "docPr"), None)
    return doc_pr.get("name", "") if doc_pr is not None else ""


def blips(picture: Element) -> list[Element]:
    """The pictures (a:blip, v:imagedata) a drawing shows itself: not those in its text boxes (read with the text
    box), nor those hidden in Word."""
    return [b for b in picture.iter(_BLIP, _VML + "imagedata") if blip_id(b) and drawings.own(picture, b)]


def blip_id(blip: Element) -> str:
    """The relationship naming the picture's file (embedded, or linked from outside the file)."""
    return blip.get(qn("r:embed")) or blip.get(qn("r:id")) or blip.get(qn("r:link")) or ""


def run_text(child: Element) -> str:
    """The text a run's child stands for: \f for a page break, \n for a line break."""
    tag = child.tag
    if tag == qn("w:t"):
        return child.text or ""
    if tag == qn("w:tab"):
        return " "
    if tag in (qn("w:br"), qn("w:cr")):
        return "\f" if child.get(qn("w:type")) == "page" else "\n"
    if tag == qn("w:noBreakHyphen"):
        return "-"
    return ""


def seal_warning(name: str) -> str:
    return (f"浮动图片{f'“{name}”' if name else ''}（可能是印章）未导入：网站不发布印章图片；"
            "如果它是正文中的插图，请在 Word 中把它的环绕方式设为“嵌入型”后重新导入")
