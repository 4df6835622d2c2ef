"""Reading WordprocessingML properties: `<w:x w:val="…"/>` children and on/off switches such as `<w:b/>`."""
from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

#: the namespaces of drawings besides w:, as lxml writes a tag ("{uri}name"): DrawingML, its placement in a
#: document (wp:), Word's shapes (wps:) and the older VML (v:); and of alternative content (mc:)
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
VML = "{urn:schemas-microsoft-com:vml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def val(parent: etree._Element | None, tag: str) -> str | None:
    """The w:val of the `tag` child, None when there is no such child."""
    if parent is None:
        return None
    found = parent.find(qn(tag))
    return found.get(qn("w:val")) if found is not None else None


def switch(properties: etree._Element | None, tag: str, default: bool) -> bool:
    """An on/off property (<w:b/>, <w:b w:val="0"/>), `default` when it is not set; ST_OnOff writes off as
    0, false or off (none is read as off too)."""
    found = properties.find(qn(tag)) if properties is not None else None
    if found is None:
        return default
    return found.get(qn("w:val"), "true") not in ("0", "false", "off", "none")
