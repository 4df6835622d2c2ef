"""How Word draws a run, as far as the published text depends on it: struck through, raised or lowered, and text
a reader of the Word file or the print cannot see that a web page would show.

Covered: a dark highlight (black, darkBlue, darkRed …) or dark shading of any hue (of the run, the paragraph or the
table cell) under dark or automatic-coloured text, or under text too close to the fill's colour to be told from it:
the way a department blacks out what it takes out. Dark is by relative luminance, as contrast is (WCAG), so a dark
red band hides as a black one does. Invisible: white text on no fill or a white one, and text of 1–2 pt. Both hold
the document back (Blocks.held) until the editor has looked. Light text on a dark fill (a table header) is ordinary
text.

A run's properties are resolved as Word resolves them: direct formatting, then the character style, the
paragraph style, the table style (with the conditional formats Word applies to the cell: the header row's, the
banded rows' …) and the document defaults.
"""
from __future__ import annotations

from functools import cached_property

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

from gongkai.importing import ooxml
from gongkai.importing.docx_parts import Package
from gongkai.importing.ooxml import switch, val

_A, _WPS, _VML = ooxml.DRAWING, ooxml.WPS, ooxml.VML
COVERED, INVISIBLE = "covered", "invisible"
_P, _TC, _TBL, _TEXT_BOX = qn("w:p"), qn("w:tc"), qn("w:tbl"), qn("w:txbxContent")
_SCRIPTS = {"superscript": "sup", "subscript": "sub"}
_TINY = 4  # half-points: text of 2 pt or less cannot be read on paper
_DARK = 0.22  # relative luminance of a dark fill, at most: Word's lightest dark highlight, darkGray, is 0.216
_DARK_TEXT = 0.06  # relative luminance of dark text, at most (a grey of 454545): it reads as part of a dark band
_LEGIBLE = 3.0  # the contrast ratio (WCAG) below which text on a dark fill cannot be told from it
_WHITE = 0xF0  # a colour whose every channel is at least this is taken for white
_SHOWN = 20  # characters of a passage named in the editor's message
_BLACK, _GREY = (0, 0, 0), (0x80, 0x80, 0x80)
_FILLS = {_A + t for t in ("noFill", "solidFill", "gradFill", "pattFill", "blipFill", "grpFill")}
_NAMED = {"white": (255, 255, 255), "black": _BLACK}
#: the colours of Word's highlights (w:highlight, ST_HighlightColor)
_HIGHLIGHTS = {name: (int(rgb[:2], 16), int(rgb[2:4], 16), int(rgb[4:], 16)) for name, rgb in (
    ("black", "000000"), ("blue", "0000FF"), ("cyan", "00FFFF"), ("green", "00FF00"), ("magenta", "FF00FF"),
    ("red", "FF0000"), ("yellow", "FFFF00"), ("white", "FFFFFF"), ("darkBlue", "000080"), ("darkCyan", "008080"),
    ("darkGreen", "008000"), ("darkMagenta", "800080"), ("darkRed", "800000"), ("darkYellow", "808000"),
    ("darkGray", "808080"), ("lightGray", "C0C0C0"))}
_SCHEME = {"bg1": "white", "lt1": "white", "tx1": "black", "dk1": "black"}  # Word's usual theme colours


class Look:
    """One run's properties as Word resolves them, and where the run sits (its paragraph, cell and table)."""

    def __init__(self, r: Element, r_pr: Element | None, char_style: str | None, package: Package):
        self.r_pr, self.char_style, self.package = r_pr, char_style, package
        self.p = self.tc = self.tbl = self.box = None
        for above in r.iterancestors():
            if above.tag == _TEXT_BOX or above.tag == _TBL:
                self.tbl, self.box = (above, None) if above.tag == _TBL else (None, above)
                break
            if above.tag == _P and self.p is None:
                self.p = above
            elif above.tag == _TC and self.tc is None:
                self.tc = above
        self.p_pr = self.p.find(qn("w:pPr")) if self.p is not None else None
        self.p_style = val(self.p_pr, "w:pStyle")

    def setting(self, tag: str) -> Element | None:
        """The rPr that decides run property `tag`, None when nothing sets it."""
        if self.r_pr is not None and self.r_pr.find(qn(tag)) is not None:
            return self.r_pr
        package = self.package
        lookups = (lambda: self.char_style and package.run_setting(self.char_style, tag),
                   lambda: package.run_setting(self.p_style, tag),
                   lambda: package.table_run_setting(self.tbl, self.tc, tag), lambda: package.default_run_setting(tag))
        return next((found for found in (lookup() for lookup in lookups) if found is not None), None)

    def on(self, tag: str) -> bool:
        return switch(self.setting(tag), tag, False)

    def value(self, tag: str) -> str | None:
        return val(self.setting(tag), tag)

    @property
    def struck(self) -> bool:
        """Struck through once or twice (w:strike, w:dstrike): text the document shows as taken out."""
        return self.on("w:strike") or self.on("w:dstrike")

    @property
    def script(self) -> str:
        """"sup" or "sub" for raised or lowered text (10⁴, m²), "" for text on the line."""
        return _SCRIPTS.get(self.value("w:vertAlign") or "", "")

    def background(self) -> tuple[int, int, int] | None:
        """The fill under the text: the run's shading, else the paragraph's, else the cell's or the text box's;
        None for none."""
        cell = self.tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") if self.tc is not None else None
        if cell is None and self.tc is not None:
            cell = self.package.table_cell_shading(self.tbl, self.tc)
        paragraph = self.package.paragraph_property(self.p_pr, self.p_style, "w:shd") if self.p is not None else None
        for shd in (_child(self.setting("w:shd"), "w:shd"), paragraph, cell):
            fill = _fill(shd)
            if fill is not None:
                return fill
        return _box_fill(self.box) if self.box is not None else None

    @cached_property
    def mark(self) -> str:
        """COVERED, INVISIBLE, or "" for text a reader of the Word file sees as the page shows it."""
        size = self.value("w:sz")
        if size and size.isdigit() and int(size) <= _TINY:
            return INVISIBLE
        colour, highlight, back = _rgb(self.value("w:color")), self.value("w:highlight") or "none", self.background()
        fill = _HIGHLIGHTS.get(highlight) or back  # a highlight is drawn over any shading
        if fill is not None and _luminance(fill) <= _DARK:
            return COVERED if _lost_in(colour or _BLACK, fill) else ""
        plain = highlight in ("none", "white") and (back is None or _white(back))
        return INVISIBLE if plain and colour is not None and _white(colour) else ""


class Held:
    """The covered and invisible passages met while reading, kept as the reasons that hold the document back,
    one reason for each kind; runs that follow one another make one passage."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self._passages: dict[str, list[str]] = {}
        self._at: dict[str, int] = {}  # kind -> its reason's place in `reasons`
        self._last: tuple = ()  # (kind, where the passage being read would go on)

    def note(self, kind: str, text: str, where: tuple, after: tuple) -> None:
        """Notes `text` of `kind` found at `where`; the next run goes on with it when it is found at `after`."""
        passages = self._passages.setdefault(kind, [])
        if self._last == (kind, where):
            passages[-1] += text
        else:
            passages.append(text)
        self._last = (kind, after)
        if kind not in self._at:
            self._at[kind] = len(self.reasons)
            self.reasons.append("")
        self.reasons[self._at[kind]] = reason(kind, passages)


def reason(kind: str, passages: list[str]) -> str:
    """What the editor is told about the passages of one kind (the first three named)."""
    named = "".join(f"“{_brief(p)}”" for p in passages[:3]) + ("等" if len(passages) > 3 else "")
    if kind == COVERED:
        count = "一段" if len(passages) == 1 else f"共 {len(passages)} 段"
        return (f"文件中{named}{count}文字被涂黑（深色突出显示或底纹），网站会显示出原文：请发文单位把要删去的文字真正删除后"
                "重新提供文件，确认可以公开后填写公开属性")
    named += f" {len(passages)} 处" if len(passages) > 3 else ""
    return (f"文件中有白色（或极小字号）文字{named}，打印和 Word 中看不到，网站会显示出来：请核对这些文字，不应公开的"
            "在 Word 中删去后重新导入，确认可以公开后填写公开属性")


def _brief(text: str) -> str:
    """A passage on one line of printable characters (the reason is a comment in the front matter), cut short."""
    one_line = "".join(c for c in " ".join(text.split()) if c.isprintable())
    return one_line if len(one_line) <= _SHOWN else one_line[:_SHOWN] + "……"


def _child(parent: Element | None, tag: str) -> Element | None:
    return parent.find(qn(tag)) if parent is not None else None


def _fill(shd: Element | None) -> tuple[int, int, int] | None:
    """The colour shading paints: a solid pattern's colour (automatic is black), else its fill; None for none."""
    if shd is None or shd.get(qn("w:val")) == "nil":
        return None
    if shd.get(qn("w:val")) == "solid":
        return _rgb(shd.get(qn("w:color"))) or _BLACK
    return _rgb(shd.get(qn("w:fill")))


def _box_fill(box: Element) -> tuple[int, int, int] | None:
    """The fill of the shape a text box is in (wps:wsp, or a VML shape, white unless filled="f"); a fill given
    other than as RGB (a theme colour, a gradient) is taken for a mid grey: neither white nor black."""
    shape = box.getparent().getparent() if box.getparent() is not None else None
    if shape is None:
        return None
    if shape.tag.startswith(_VML):
        if shape.get("filled", "t").lower() in ("f", "false"):
            return None
        colour = (shape.get("fillcolor", "white").split() or ["white"])[0].lstrip("#").lower()
        return _NAMED.get(colour) or _rgb("".join(c * 2 for c in colour) if len(colour) == 3 else colour) or _GREY
    properties = shape.find(_WPS + "spPr")
    fill = next((c for c in properties if c.tag in _FILLS), None) if properties is not None else None
    if fill is None:  # the fill of the shape's style (a theme colour), if its style gives one
        themed = shape.find(f"{_WPS}style/{_A}fillRef")
        return _GREY if themed is not None and themed.get("idx", "0") != "0" else None
    if fill.tag == _A + "noFill":
        return None
    colour = fill.find("*") if fill.tag == _A + "solidFill" else None
    if colour is None:
        return _GREY
    return _rgb(colour.get("val")) or _NAMED.get(_SCHEME.get(colour.get("val", ""), "")) or _GREY


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    """An RRGGBB colour; None for auto or anything else."""
    if not value or len(value) != 6:
        return None
    try:
        return int(value[:2], 16), int(value[2:4], 16), int(value[4:], 16)
    except ValueError:
        return None


def _luminance(colour: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2): how light a colour looks, 0 for black to 1 for white, whatever its hue."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = colour
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _lost_in(text: tuple[int, int, int], fill: tuple[int, int, int]) -> bool:
    """Text of this colour on a dark fill reads as part of the band: dark itself (automatic text is taken for
    black, as a redaction is written), or too close to the fill's colour to be told from it."""
    lighter, darker = sorted((_luminance(text), _luminance(fill)), reverse=True)
    return _luminance(text) <= _DARK_TEXT or (lighter + 0.05) / (darker + 0.05) < _LEGIBLE


def _white(colour: tuple[int, int, int]) -> bool:
    return min(colour) >= _WHITE
