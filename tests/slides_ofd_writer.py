"""PowerPoint (.pptx) and OFD (.ofd) files written part by part, without a library: the tests' attachments need
notes, comments (old and modern), charts, embedded workbooks, OFD annotations and template pages where the readers
look for them.

    deck = Presentation()
    slide = deck.slide(shape("标题"), table([["姓名", "电话"]]))
    deck.notes(slide, "备注")
    deck.save(path)

    ofd([[text_object("第一页")], [IMAGE]], author="办公室")
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Iterator

from gongwen_docx import png

PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml."
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P188 = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
MODERN = "http://schemas.microsoft.com/office/2018/10/relationships/"
NS = f'xmlns:a="{A}" xmlns:r="{OFFICE[:-1]}" xmlns:p="{P}"'
THEME = (f'<a:theme xmlns:a="{A}" name="Office"><a:themeElements><a:clrScheme name="Office">'
         '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/>'
         '</a:lt1>' + "".join(f'<a:{name}><a:srgbClr val="4472C4"/></a:{name}>' for name in (
             "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")) +
         '</a:clrScheme><a:fontScheme name="Office">' + "".join(
             f'<a:{kind}><a:latin typeface="等线"/><a:ea typeface=""/><a:cs typeface=""/></a:{kind}>'
             for kind in ("majorFont", "minorFont")) + '</a:fontScheme><a:fmtScheme name="Office">'
         + "".join(f"<a:{styles}>" + item * 3 + f"</a:{styles}>" for styles, item in (
             ("fillStyleLst", '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'),
             ("lnStyleLst", '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'),
             ("effectStyleLst", "<a:effectStyle><a:effectLst/></a:effectStyle>"),
             ("bgFillStyleLst", '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>')))
         + "</a:fmtScheme></a:themeElements></a:theme>")
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/"
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawingml."
_TREE = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" '
         'y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
_COLOURS = ('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
            'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>')


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def body(*paragraphs: str | list[str], tag: str = "p:txBody") -> str:
    """A text body, a paragraph for each text (a list: its runs)."""
    runs = ("".join(f'<a:r><a:rPr lang="zh-CN"/><a:t>{esc(run)}</a:t></a:r>'
                    for run in ([paragraph] if isinstance(paragraph, str) else paragraph)) for paragraph in paragraphs)
    return f"<{tag}><a:bodyPr/><a:lstStyle/>" + "".join(f"<a:p>{p}</a:p>" for p in runs) + f"</{tag}>"


_ids = iter(range(2, 1 << 30))


def _named(name: str, descr: str = "") -> str:
    return f'<p:cNvPr id="{next(_ids)}" name="{esc(name)}"' + (f' descr="{esc(descr)}"/>' if descr else "/>")


def shape(*paragraphs: str | list[str], name: str = "文本框 1", descr: str = "") -> str:
    """A text box."""
    return (f'<p:sp><p:nvSpPr>{_named(name, descr)}<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
            '<a:off x="838200" y="365125"/><a:ext cx="10515600" cy="1325563"/></a:xfrm><a:prstGeom prst="rect">'
            f"<a:avLst/></a:prstGeom></p:spPr>{body(*paragraphs)}</p:sp>")


def _frame(name: str, uri: str, data: str, descr: str = "") -> str:
    return (f"<p:graphicFrame><p:nvGraphicFramePr>{_named(name, descr)}<p:cNvGraphicFramePr/><p:nvPr/>"
            '</p:nvGraphicFramePr><p:xfrm><a:off x="838200" y="1825625"/><a:ext cx="6096000" cy="1483360"/></p:xfrm>'
            f'<a:graphic><a:graphicData uri="{uri}">{data}</a:graphicData></a:graphic></p:graphicFrame>')


def table(rows: list[list[str]]) -> str:
    columns = "".join('<a:gridCol w="3048000"/>' for _ in rows[0])
    cells = "".join('<a:tr h="370840">' + "".join(f"<a:tc>{body(cell, tag='a:txBody')}<a:tcPr/></a:tc>" for cell in row)
                    + "</a:tr>" for row in rows)
    return _frame("表格 1", "http://schemas.openxmlformats.org/drawingml/2006/table",
                  f'<a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>{columns}</a:tblGrid>{cells}</a:tbl>')


class Presentation:
    """A presentation with a theme, a slide master and a layout, to which slides and their parts are added."""

    def __init__(self) -> None:
        self.parts: dict[str, str | bytes] = {}
        self.types: dict[str, str] = {}
        self.rels: dict[str, list[tuple[str, str, str]]] = {}
        self.slides: list[str] = []
        self.relate("", "ppt/presentation.xml", "officeDocument")
        self.add("ppt/theme/theme1.xml", THEME, "application/vnd.openxmlformats-officedocument.theme+xml",
                 "ppt/presentation.xml", "theme")
        self.master = "ppt/slideMasters/slideMaster1.xml"
        self.layout = "ppt/slideLayouts/slideLayout1.xml"
        self.master_shapes: list[str] = []

    def add(self, name: str, data: str | bytes, content_type: str, source: str = "", kind: str = "") -> str:
        """Part `name`, related from `source` by a relationship of `kind`; the relationship's id."""
        self.parts[name] = data
        self.types[name] = content_type
        return self.relate(source, name, kind) if source else ""

    def relate(self, source: str, target: str, kind: str) -> str:
        """A relationship of `kind` (a type, or the last word of an officeDocument one) from `source` to `target`."""
        rels = self.rels.setdefault(source, [])
        rel_id = f"rId{len(rels) + 1}"
        rels.append((rel_id, kind if "://" in kind else OFFICE + kind,
                     posixpath.relpath(target, posixpath.dirname(source) or ".")))
        return rel_id

    def slide(self, *shapes: str, name: str = "") -> str:
        """A slide showing `shapes` (written with ids the slide relates to: `shapes` may be callables of the
        slide's part name, returning the XML); its part's name."""
        part = name or next(f"ppt/slides/slide{n}.xml" for n in range(1, len(self.slides) + 2)
                            if f"ppt/slides/slide{n}.xml" not in self.parts)
        self.slides.append(part)
        self.relate(part, self.layout, "slideLayout")
        self.parts[part] = ""  # the shapes may relate the slide to parts before it is written
        self.types[part] = PRESENTATION + "slide+xml"
        drawn = "".join(each(part) if callable(each) else each for each in shapes)
        self.parts[part] = f"<p:sld {NS}><p:cSld><p:spTree>{_TREE}{drawn}</p:spTree></p:cSld></p:sld>"
        return part

    def notes(self, slide: str, *paragraphs: str) -> None:
        n = self.slides.index(slide) + 1
        name = f"ppt/notesSlides/notesSlide{n}.xml"
        placeholder = (f'<p:sp><p:nvSpPr>{_named("备注占位符 2")}<p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/>'
                       f"</p:nvPr></p:nvSpPr><p:spPr/>{body(*paragraphs)}</p:sp>")
        self.add(name, f"<p:notes {NS}><p:cSld><p:spTree>{_TREE}{placeholder}</p:spTree></p:cSld></p:notes>",
                 PRESENTATION + "notesSlide+xml", slide, "notesSlide")
        self.relate(name, slide, "slide")

    def chart(self, slide: str, xml: str) -> str:
        """A chart shown on `slide`."""
        name = f"ppt/charts/chart{sum(part.startswith('ppt/charts/') for part in self.parts) + 1}.xml"
        rel_id = self.add(name, xml, _DRAWING_TYPE + "chart+xml", slide, "chart")
        return _frame("图表 1", f"{_DRAWINGML}chart", f'<c:chart xmlns:c="{_DRAWINGML}chart" r:id="{rel_id}"/>')

    def smart_art(self, slide: str, parts: dict[str, tuple[str, str, str]]) -> str:
        """A SmartArt graphic shown on `slide`, of parts {data, layout, quickStyle, colors: (content type,
        relationship type, XML)}."""
        ids = {kind: self.add(f"ppt/diagrams/{kind}1.xml", xml, content_type, slide, relationship)
               for kind, (content_type, relationship, xml) in parts.items()}
        return _frame("图示 1", f"{_DRAWINGML}diagram",
                      f'<dgm:relIds xmlns:dgm="{_DRAWINGML}diagram" r:dm="{ids["data"]}" r:lo="{ids["layout"]}" '
                      f'r:qs="{ids["quickStyle"]}" r:cs="{ids["colors"]}"/>')

    def picture(self, slide: str, name: str, descr: str = "") -> str:
        """A picture shown on `slide`, named `name` (as PowerPoint names one by its file) with alt text `descr`."""
        rel_id = self._image(slide)
        return (f"<p:pic><p:nvPicPr>{_named(name, descr)}<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill>"
                f'<a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm>'
                '<a:off x="0" y="0"/><a:ext cx="914400" cy="685800"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
                "</a:prstGeom></p:spPr></p:pic>")

    def embedded(self, slide: str, name: str, data: bytes, content_type: str, prog_id: str) -> str:
        """A file embedded in `slide` as an object (a workbook pasted into it), shown by a picture."""
        rel_id = self.add(f"ppt/embeddings/{name}", data, content_type, slide, "package")
        shown = (f'<p:pic><p:nvPicPr>{_named("")}<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip '
                 f'r:embed="{self._image(slide)}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr/></p:pic>')
        return _frame("对象 1", f"{P[:-4]}ole",
                      f'<p:oleObj name="Worksheet" r:id="{rel_id}" imgW="914400" imgH="685800" progId="{prog_id}">'
                      f"<p:embed/>{shown}</p:oleObj>")

    def core(self, creator: str) -> None:
        """The document's core properties: who wrote it (PowerPoint's 作者)."""
        self.add("docProps/core.xml", f'<cp:coreProperties xmlns:cp="{PACKAGE}/metadata/core-properties" '
                 f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{esc(creator)}</dc:creator>'
                 "</cp:coreProperties>", "application/vnd.openxmlformats-package.core-properties+xml")
        self.relate("", "docProps/core.xml", f"{PACKAGE}/relationships/metadata/core-properties")

    def _image(self, slide: str) -> str:
        name = f"ppt/media/image{sum(part.startswith('ppt/media/') for part in self.parts) + 1}.png"
        self.parts[name] = png()
        return self.relate(slide, name, "image")

    def save(self, path: Path) -> bytes:
        ids = [(slide, self.relate("ppt/presentation.xml", slide, "slide")) for slide in self.slides]
        layout_id = self.relate(self.master, self.layout, "slideLayout")
        self.relate(self.master, "ppt/theme/theme1.xml", "theme")
        self.relate(self.layout, self.master, "slideMaster")
        master_id = self.relate("ppt/presentation.xml", self.master, "slideMaster")
        self.parts[self.master] = (f"<p:sldMaster {NS}><p:cSld><p:spTree>{_TREE}{''.join(self.master_shapes)}"
                                   f'</p:spTree></p:cSld>{_COLOURS}<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" '
                                   f'r:id="{layout_id}"/></p:sldLayoutIdLst></p:sldMaster>')
        self.types[self.master] = PRESENTATION + "slideMaster+xml"
        self.parts[self.layout] = (f'<p:sldLayout {NS} type="blank"><p:cSld name="空白"><p:spTree>{_TREE}</p:spTree>'
                                   "</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")
        self.types[self.layout] = PRESENTATION + "slideLayout+xml"
        slides = "".join(f'<p:sldId id="{256 + n}" r:id="{rel_id}"/>' for n, (_, rel_id) in enumerate(ids))
        self.parts["ppt/presentation.xml"] = (
            f'<p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="{master_id}"/>'
            f'</p:sldMasterIdLst><p:sldIdLst>{slides}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>')
        self.types["ppt/presentation.xml"] = PRESENTATION + "presentation.main+xml"
        types = (f'<Types xmlns="{PACKAGE}/content-types"><Default Extension="rels" '
                 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" '
                 'ContentType="image/png"/>' + "".join(f'<Override PartName="/{name}" ContentType="{content_type}"/>'
                                                     for name, content_type in self.types.items()) + "</Types>")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", types)
            for source, rels in self.rels.items():
                folder, name = posixpath.split(source)
                package.writestr(posixpath.join(folder, "_rels", name + ".rels"),
                                 f'<Relationships xmlns="{PACKAGE}/relationships">' + "".join(
                                     f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
                                     for rel_id, kind, target in rels) + "</Relationships>")
            for name, data in self.parts.items():
                package.writestr(name, data)
        return path.read_bytes()


# OFD (GB/T 33190): a package of XML parts in the namespace below

OFD = "http://www.ofdspec.org/2016"
_OFD_NS = f'xmlns:ofd="{OFD}"'
#: an image over the whole page: a scanned page
IMAGE = '<ofd:ImageObject ID="{id}" ResourceID="2" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'


def text_object(*codes: str, top: float = 20) -> str:
    """A line of text drawn in one text object, a text code for each of `codes` (a run of glyphs each)."""
    drawn, x = [], 0.0
    for code in codes:
        drawn.append(f'<ofd:TextCode X="{x:g}" Y="4.5" DeltaX="g {len(code) - 1} 4.2">{esc(code)}</ofd:TextCode>'
                     if len(code) > 1 else f'<ofd:TextCode X="{x:g}" Y="4.5">{esc(code)}</ofd:TextCode>')
        x += 4.2 * len(code)
    return (f'<ofd:TextObject ID="{{id}}" Boundary="25 {top:g} 160 6" Font="1" Size="4.2">'
            f'<ofd:FillColor Value="0 0 0"/>{"".join(drawn)}</ofd:TextObject>')


def _numbered(xml: str, ids: Iterator[int]) -> str:
    """`xml` with each {id} an ID of its own."""
    pieces = xml.split("{id}")
    return pieces[0] + "".join(str(next(ids)) + piece for piece in pieces[1:])


def _content(objects: list[str], ids: Iterator[int]) -> str:
    return _numbered('<ofd:Content><ofd:Layer ID="{id}">' + "".join(objects) + "</ofd:Layer></ofd:Content>", ids)


def ofd(pages: list[list[str]], *, info: str = "", template: list[str] | None = None,
        annotations: dict[int, str] | None = None, attachments: dict[str, bytes] | None = None,
        absolute: bool = False) -> bytes:
    """An A4 OFD whose pages draw the objects of `pages` (text_object, IMAGE); `info`: elements of its DocInfo
    besides its DocID and dates; `template`: objects of a template page every page uses; `annotations`: the
    Annot elements of a page (numbered from 1); `attachments`: files it carries, by name; `absolute`: its
    pages named from the package's root (/Doc_0/Pages/…), as some programs write them."""
    ids = iter(range(3, 1 << 30))
    parts: dict[str, str | bytes] = {}
    doc = "Doc_0"
    page_list, template_ref, template_use = [], "", ""
    if template is not None:
        template_id = next(ids)
        template_ref = f'<ofd:TemplatePage ID="{template_id}" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
        template_use = f'<ofd:Template TemplateID="{template_id}" ZOrder="Background"/>'
        parts[f"{doc}/Tpls/Tpl_0/Content.xml"] = f"<ofd:Page {_OFD_NS}>{_content(template, ids)}</ofd:Page>"
    page_ids = []
    for n, objects in enumerate(pages):
        page_id = next(ids)
        page_ids.append(page_id)
        where = f"Pages/Page_{n}/Content.xml"
        page_list.append(f'<ofd:Page ID="{page_id}" BaseLoc="{"/" + doc + "/" if absolute else ""}{where}"/>')
        parts[f"{doc}/{where}"] = f"<ofd:Page {_OFD_NS}>{template_use}{_content(objects, ids)}</ofd:Page>"
    extra = ""
    if annotations:
        listed = "".join(f'<ofd:Page PageID="{page_ids[n - 1]}"><ofd:FileLoc>Page_{n - 1}/Annotation.xml</ofd:FileLoc>'
                         "</ofd:Page>" for n in annotations)
        parts[f"{doc}/Annots/Annotations.xml"] = f"<ofd:Annotations {_OFD_NS}>{listed}</ofd:Annotations>"
        for n, annots in annotations.items():
            parts[f"{doc}/Annots/Page_{n - 1}/Annotation.xml"] = _numbered(f"<ofd:PageAnnot {_OFD_NS}>{annots}"
                                                                            "</ofd:PageAnnot>", ids)
        extra += "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>"
    if attachments:
        listed = "".join(f'<ofd:Attachment ID="{next(ids)}" Name="{esc(name)}" Format="{name.rsplit(".", 1)[-1]}" '
                         f'Size="{len(data) / 1024:.2f}" Visible="true"><ofd:FileLoc>{esc(name)}</ofd:FileLoc>'
                         "</ofd:Attachment>" for name, data in attachments.items())
        parts[f"{doc}/Attachs/Attachments.xml"] = f"<ofd:Attachments {_OFD_NS}>{listed}</ofd:Attachments>"
        parts.update({f"{doc}/Attachs/{name}": data for name, data in attachments.items()})
        extra += "<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>"
    parts[f"{doc}/PublicRes.xml"] = (f'<ofd:Res {_OFD_NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" '
                                     'FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    parts[f"{doc}/DocumentRes.xml"] = (f'<ofd:Res {_OFD_NS} BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="2" '
                                       'Type="Image" Format="PNG"><ofd:MediaFile>scan.png</ofd:MediaFile>'
                                       "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>")
    parts[f"{doc}/Res/scan.png"] = png()
    parts[f"{doc}/Document.xml"] = (
        f"<ofd:Document {_OFD_NS}><ofd:CommonData><ofd:MaxUnitID>{next(ids)}</ofd:MaxUnitID><ofd:PageArea>"
        "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        f"<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>{template_ref}</ofd:CommonData>"
        f"<ofd:Pages>{''.join(page_list)}</ofd:Pages>{extra}</ofd:Document>")
    parts["OFD.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_OFD_NS} Version="1.0" DocType="OFD">'
                        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>6b4a2c9e0f1d4e8a9b7c3d2e1f0a9b8c</ofd:DocID>"
                        f"<ofd:CreationDate>2024-03-01</ofd:CreationDate>{info}</ofd:DocInfo>"
                        f"<ofd:DocRoot>{doc}/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()
