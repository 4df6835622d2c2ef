"""What a drawing (w:drawing, w:pict) shows as Word shows it: shapes hidden in the Selection Pane stay out,
WordArt is text, and a redaction done with a drawing (a filled shape over the text, a cropped picture) is found,
since the site would show what Word covers.
"""
from __future__ import annotations

from itertools import chain

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

from gongkai.importing import ooxml

_A, _WP, _WPS, _VML = ooxml.DRAWING, ooxml.WP, ooxml.WPS, ooxml.VML
_TEXT_BOX = qn("w:txbxContent")
_TRUE = ("1", "true", "t", "on")
_FALSE = ("0", "false", "f", "off")
#: DrawingML's non-visual properties (wp:docPr, pic:cNvPr, wps:cNvPr …), where the Selection Pane hides a shape
_NON_VISUAL = ("./*[local-name()='docPr' or local-name()='cNvPr'] | "
               "./*[starts-with(local-name(), 'nv')]/*[local-name()='cNvPr']")
_FILLS = {_A + t for t in ("solidFill", "gradFill", "pattFill", "blipFill", "grpFill")}
_LINES = {"line", "straightConnector1", "bentConnector2", "bentConnector3", "bentConnector4", "bentConnector5",
          "curvedConnector2", "curvedConnector3", "curvedConnector4", "curvedConnector5"}
_VML_SHAPES = tuple(_VML + t for t in ("rect", "roundrect", "oval", "shape"))
_EMU_PER_PT = 12700
#: a shape thinner than this hides no character (a rule under the 版头, a line drawn as a rectangle)
_THINNEST_COVER = 4 * _EMU_PER_PT
_POINTS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0}


def shown(element: Element, top: Element) -> bool:
    """False when `element` or a shape holding it, up to the drawing `top`, is hidden: wp:docPr or a cNvPr
    hidden="1" (the Selection Pane), or a VML style visibility:hidden (the nearest one that says decides)."""
    vml_decided = False
    for node in chain([element], element.iterancestors()):
        visibility = _style(node).get("visibility", "") if node.tag.startswith(_VML) else ""
        if visibility == "hidden" and not vml_decided:
            return False
        vml_decided = vml_decided or visibility == "visible"
        if any(p.get("hidden", "").lower() in _TRUE for p in node.xpath(_NON_VISUAL)):
            return False
        if node is top:
            break
    return True


def hidden_whole(picture: Element) -> bool:
    """Every shape of the drawing is hidden: Word shows nothing of it."""
    parts = [c for c in picture if isinstance(c.tag, str) and c.tag != _VML + "shapetype"]
    return bool(parts) and not any(shown(c, picture) for c in parts)


def own(picture: Element, found: Element) -> bool:
    """Shown and not inside one of the drawing's text boxes (those are read with the text box)."""
    node = found.getparent()
    while node is not None and node is not picture:
        if node.tag == _TEXT_BOX:
            return False
        node = node.getparent()
    return shown(found, picture)


def word_art(picture: Element) -> list[str]:
    """The text of the drawing's WordArt (VML v:textpath), a line for each line of it."""
    lines = []
    for path in picture.iter(_VML + "textpath"):
        if own(picture, path) and path.get("on", "t").lower() not in _FALSE:
            lines += [line for line in path.get("string", "").splitlines() if line.strip()]
    return lines


def covers(picture: Element) -> list[str]:
    """The names ("" for an unnamed one) of the filled shapes without text that float over or under the text:
    a black rectangle drawn over a name covers it in Word, but the site would show the name."""
    found = []
    floats = picture.find(_WP + "anchor") is not None
    name = next((d.get("name", "") for d in picture.iter(_WP + "docPr")), "")
    for shape in picture.iter(_WPS + "wsp"):
        if floats and own(picture, shape) and not _has_text(shape) and _filled(shape) and _large(shape, picture):
            label = next((c.get("name", "") for c in shape.iter(_WPS + "cNvPr")), "") or name
            found.append(label)
    for shape in picture.iter(*_VML_SHAPES):
        if own(picture, shape) and _vml_floats(shape, picture) and _vml_cover(shape):
            found.append("")
    return found


def cropped(blip: Element) -> bool:
    """The picture is shown cropped (a:srcRect, or a VML picture's crop attributes): its file holds what was cut."""
    if blip.tag == _A + "blip":
        rect = blip.getparent().find(_A + "srcRect") if blip.getparent() is not None else None
        return rect is not None and any(_nonzero(rect.get(side)) for side in "ltrb")
    return any(_nonzero(blip.get(f"crop{side}")) for side in ("left", "top", "right", "bottom"))


def _nonzero(value: str | None) -> bool:
    """An amount cut; anything that is not a number counts as cut."""
    if value is None:
        return False
    try:
        return float(value.strip().rstrip("f%")) != 0
    except ValueError:
        return True


def _has_text(shape: Element) -> bool:
    return any((t.text or "").strip() for t in shape.iter(qn("w:t")))


def _filled(shape: Element) -> bool:
    """A wps shape painted inside: its own fill, else its style's (a fillRef other than 0, as Word's default)."""
    properties = shape.find(_WPS + "spPr")
    if properties is None:
        return False
    geometry = properties.find(_A + "prstGeom")
    if shape.find(_WPS + "cNvCnPr") is not None or (geometry is not None and geometry.get("prst") in _LINES):
        return False
    if properties.find(_A + "noFill") is not None:
        return False
    if any(child.tag in _FILLS for child in properties):
        return True
    reference = shape.find(f"{_WPS}style/{_A}fillRef")
    return reference is not None and reference.get("idx", "0") != "0"


def _large(shape: Element, picture: Element) -> bool:
    extent = shape.find(f"{_WPS}spPr/{_A}xfrm/{_A}ext")
    if extent is None:
        extent = next(picture.iter(_WP + "extent"), None)
    if extent is None:
        return True
    return min(_int(extent.get("cx")), _int(extent.get("cy"))) >= _THINNEST_COVER


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return _THINNEST_COVER  # unknown: large enough to cover


def _vml_floats(shape: Element, picture: Element) -> bool:
    node = shape
    while node is not None and node is not picture:
        if node.tag.startswith(_VML) and _style(node).get("position") == "absolute":
            return True
        node = node.getparent()
    return False


def _vml_cover(shape: Element) -> bool:
    """A VML shape painted inside (VML fills by default) that is no picture, WordArt, text box with text, or rule."""
    if any(shape.find(_VML + t) is not None for t in ("imagedata", "textpath")) or _has_text(shape):
        return False
    fill = shape.find(_VML + "fill")
    if shape.get("filled", "t").lower() in _FALSE or (fill is not None and fill.get("on", "t").lower() in _FALSE):
        return False
    if shape.get("{urn:schemas-microsoft-com:office:office}hr", "f").lower() in _TRUE:
        return False  # Word's horizontal line
    style = _style(shape)
    return min(_points(style.get("width")), _points(style.get("height"))) * _EMU_PER_PT >= _THINNEST_COVER


def _points(length: str | None) -> float:
    """A VML style length in points; unknown lengths count as large."""
    text = (length or "").strip().lower()
    unit = next((u for u in _POINTS if text.endswith(u)), "")
    try:
        return float(text[:len(text) - len(unit)]) * _POINTS.get(unit, 0.75)
    except ValueError:
        return float("inf")


def _style(node: Element) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in node.get("style", "").split(";") if ":" in item)
    return {key.strip().lower(): value.strip().lower() for key, value in pairs}
