"""Word files written from raw WordprocessingML, for what python-docx cannot write: tracked changes, hidden
text, comments, fields, content controls, text boxes, floating pictures, embedded objects, numbering.

    doc = OoxmlDocx()
    doc.numbering(abstract_xml, num_xml)
    doc.save(path, p(r("正文")), p(r("隐藏", rpr="<w:vanish/>")))
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from gongwen_docx import png

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def r(text: str = "", rpr: str = "", inner: str = "") -> str:
    """A run of text (its rPr given as XML), or of other run content (`inner`)."""
    content = inner or f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{content}</w:r>"


def p(*content: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(content)}</w:p>"


def numbered(text: str, num_id: int, level: int = 0, ppr: str = "") -> str:
    return p(r(text), ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>{ppr}')


def deleted(text: str) -> str:
    return f'<w:del w:id="901" w:author="审核人" w:date="2021-06-01T00:00:00Z"><w:r><w:delText>{esc(text)}</w:delText></w:r></w:del>'


def tracked(tag: str, content: str) -> str:
    """<w:ins>, <w:moveTo>, <w:moveFrom> … around runs."""
    return f'<w:{tag} w:id="902" w:author="审核人" w:date="2021-06-01T00:00:00Z">{content}</w:{tag}>'


def field(code: str, result: str) -> str:
    """A complex field: its code, and the result Word shows."""
    return (r(inner='<w:fldChar w:fldCharType="begin"/>') + r(inner=f'<w:instrText xml:space="preserve"> {esc(code)} </w:instrText>')
            + r(inner='<w:fldChar w:fldCharType="separate"/>') + r(result) + r(inner='<w:fldChar w:fldCharType="end"/>'))


def chinese_list(abstract_id: int, *levels: str) -> str:
    """An abstractNum counting in Chinese, one lvlText per level ("（%1）")."""
    lvls = "".join(f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for n, text in enumerate(levels))
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


class OoxmlDocx:
    """A Word package built around a body written as XML; relationships are added before the body is written."""

    def __init__(self):
        self.document = docx.Document()
        self.part = self.document.part
        self._note_parts: dict[str, Part] = {}

    def link(self, url: str) -> str:
        """The r:id of an external link to `url`."""
        return self.part.relate_to(url, RT.HYPERLINK, is_external=True)

    def image(self) -> str:
        """The r:id of a small PNG in the package."""
        rel_id, _ = self.part.get_or_add_image(io.BytesIO(png()))
        return rel_id

    def numbering(self, *elements: str) -> None:
        root = self.part.numbering_part.element
        for element in elements:
            node = parse_xml(_with_ns(element))
            if node.tag == qn("w:abstractNum"):
                root.insert(0, node)
            else:
                root.append(node)

    def style(self, xml: str) -> None:
        self.document.styles.element.append(parse_xml(_with_ns(xml)))

    def comments(self, *items: tuple[int, str]) -> None:
        """A comments part with these (id, text) comments."""
        inner = "".join(f'<w:comment w:id="{i}" w:author="审核人"><w:p><w:r><w:t>{esc(t)}</w:t></w:r></w:p></w:comment>'
                        for i, t in items)
        xml = f'<w:comments {NS}>{inner}</w:comments>'.encode()
        part = Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS, xml, self.part.package)
        self.part.relate_to(part, RT.COMMENTS)

    def footnotes(self, *notes: tuple[int, str]) -> None:
        """A footnotes part with these (id, paragraphs as XML) footnotes."""
        self._notes("footnote", notes)

    def endnotes(self, *notes: tuple[int, str]) -> None:
        """An endnotes part with these (id, paragraphs as XML) endnotes (尾注)."""
        self._notes("endnote", notes)

    def note_link(self, url: str, kind: str = "footnote") -> str:
        """The r:id of an external link to `url` from the footnotes (or endnotes) part, as a link in a note has."""
        return self._note_part(kind).relate_to(url, RT.HYPERLINK, is_external=True)

    def note_image(self, kind: str = "footnote") -> str:
        """The r:id of a small PNG from the footnotes (or endnotes) part."""
        return self._note_part(kind).relate_to(self.part.package.get_or_add_image_part(io.BytesIO(png())), RT.IMAGE)

    def _note_part(self, kind: str) -> Part:
        """The footnotes or endnotes part, related to the document on first use; its XML is written by _notes."""
        if kind not in self._note_parts:
            content_type, relationship = {"footnote": (CT.WML_FOOTNOTES, RT.FOOTNOTES),
                                          "endnote": (CT.WML_ENDNOTES, RT.ENDNOTES)}[kind]
            self._note_parts[kind] = Part(PackURI(f"/word/{kind}s.xml"), content_type, b"", self.part.package)
            self.part.relate_to(self._note_parts[kind], relationship)
        return self._note_parts[kind]

    def _notes(self, kind: str, notes: tuple) -> None:
        inner = "".join(f'<w:{kind} w:id="{i}">{xml}</w:{kind}>' for i, xml in notes)
        separator = f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        self._note_part(kind)._blob = f'<w:{kind}s {NS}>{separator}{inner}</w:{kind}s>'.encode()

    def save(self, path: Path, *body: str) -> Path:
        element = self.document.element.body
        section = element.find(qn("w:sectPr"))
        for child in list(element):
            if child is not section:
                element.remove(child)
        for child in parse_xml(f"<w:body {NS}>{''.join(body)}</w:body>"):
            section.addprevious(child)
        self.document.save(path)
        return path


def _with_ns(xml: str) -> str:
    return re.sub(r"^<([\w:]+)", rf"<\1 {NS}", xml, count=1)


def anchored_picture(rel_id: str, name: str, wrap: str = "<wp:wrapNone/>", behind: str = "0") -> str:
    """A picture floating on the page (wp:anchor), e.g. a seal over the 落款."""
    return (f'<w:drawing><wp:anchor behindDoc="{behind}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="1" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="914400" cy="914400"/>{wrap}<wp:docPr id="7" name="{name}"/>'
            + _graphic(rel_id) + "</wp:anchor></w:drawing>")


def inline_picture(rel_id: str, alt: str) -> str:
    return (f'<w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="8" name="图片 8" descr="{alt}"/>'
            + _graphic(rel_id) + "</wp:inline></w:drawing>")


def _graphic(rel_id: str) -> str:
    return ('<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            '<pic:nvPicPr><pic:cNvPr id="0" name="p.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
            '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>')


def text_box(*paragraphs: str) -> str:
    """A text box as Word 2010 writes it: a wps shape, with a VML fallback holding the same text."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return ('<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor behindDoc="0" simplePos="0" '
            'relativeHeight="2" locked="0" layoutInCell="1" allowOverlap="1" distT="0" distB="0" distL="0" distR="0">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="5000000" cy="800000"/><wp:wrapTopAndBottom/><wp:docPr id="9" name="文本框 9"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:shape style="position:absolute;width:400pt;height:60pt"><v:textbox>{content}</v:textbox></v:shape>'
            '</w:pict></mc:Fallback></mc:AlternateContent>')


def ole_object(prog_id: str = "Excel.Sheet.12") -> str:
    return ('<w:object><v:shape style="width:300pt;height:100pt"><v:imagedata o:title=""/></v:shape>'
            f'<o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i1025" DrawAspect="Content" '
            'ObjectID="_1"/></w:object>')


def watermark(text: str) -> str:
    """A header paragraph holding a Word watermark (设计 > 水印): VML WordArt across the page, its text in
    v:textpath; with its namespaces, to append to a header's element."""
    return (f'<w:p {NS}><w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1" type="#_x0000_t136" '
            'style="position:absolute;width:400pt;height:100pt;rotation:315;z-index:-251657216" fillcolor="silver" '
            f'stroked="f"><v:fill opacity=".5"/><v:textpath style="font-family:&quot;宋体&quot;" string="{esc(text)}"/>'
            '</v:shape></w:pict></w:r></w:p>')


def alt_chunk(doc: OoxmlDocx, html: str) -> str:
    """An altChunk: content another program embedded as HTML, which Word converts when it opens the file."""
    part = Part(PackURI("/word/afchunk.htm"), "text/html", html.encode(), doc.part.package)
    rel_id = doc.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    return f'<w:altChunk r:id="{rel_id}"/>'
