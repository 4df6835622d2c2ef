"""Personal information an attachment carries where no one looks: an Excel pivot cache's copy of its source
data, files embedded in a Word or Excel file, a Word file's charts and SmartArt, the alt text and names of
pictures and shapes, the authors of tracked changes, Excel's legacy text boxes and form controls. Each is an
error at the document's `attachments` line, naming the attachment and the place; an embedded object that cannot
be read is a warning."""
from __future__ import annotations

import docx
import openpyxl
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

from conftest import doc
from gongkai.engine import attachment_formats
from ooxml_docx import NS, OoxmlDocx, anchored_picture, inline_picture, p, r
from ooxml_package import CONTENT, Package

ID, ID_MASKED = "11010519491231002X", "110105********002X"  # GB 11643's example number
MOBILE = "13912345678"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"


def attached(site, name: str, data: bytes):
    return site({"content/qtxx/a.md": doc(attachments=f"[{{file: {name}, title: 附件}}]"), f"content/qtxx/{name}": data})


def personal(run) -> list[str]:
    return [problem for problem in run.problems if "个人信息不得公开" in problem]


def refused(site, cli, name: str, data: bytes, shown: list[tuple[str, str]]) -> None:
    """The build of a document with the attachment fails, nothing published, with an error for each (where,
    masked number) and no other."""
    root = attached(site, name, data)
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists(), run.err
    for where, number in shown:
        assert any(problem.startswith(f"content/qtxx/a.md:6: 错误：附件“{name}”{where}含有") and number in problem
                   for problem in personal(run)), (where, run.err)
    assert len(personal(run)) == len(shown), run.err


def workbook(path, cells: dict[str, object] | None = None):
    book = openpyxl.Workbook()
    book.active.title = "名单"
    for ref, value in (cells or {}).items():
        book.active[ref] = value
    book.save(path)
    return path


# Pivot caches: the source data of a pivot table, kept after its sheet is deleted

PIVOT_DEFINITION = (f'<pivotCacheDefinition xmlns="{S}" xmlns:r="{R}" r:id="RECORDS" recordCount="2">'
                    '<cacheSource type="worksheet"><worksheetSource ref="A1:D3" sheet="名单"/></cacheSource>'
                    '<cacheFields count="4">'
                    '<cacheField name="姓名" numFmtId="0"><sharedItems count="2"><s v="张三"/><s v="李四"/></sharedItems>'
                    '</cacheField>'
                    f'<cacheField name="身份证号" numFmtId="0"><sharedItems count="2"><s v="{ID}"/><s v="无"/>'
                    '</sharedItems></cacheField>'
                    '<cacheField name="手机" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" '
                    'containsNumber="1" containsInteger="1"/></cacheField>'
                    '<cacheField name="备注" numFmtId="0"><sharedItems/></cacheField>'
                    '</cacheFields></pivotCacheDefinition>')
PIVOT_RECORDS = (f'<pivotCacheRecords xmlns="{S}" count="2">'
                 f'<r><x v="0"/><x v="0"/><n v="{MOBILE}"/><s v="无"/></r>'
                 '<r><x v="1"/><x v="1"/><n v="0"/><s v="联系人13712345678"/></r></pivotCacheRecords>')
PIVOT_TABLE = (f'<pivotTableDefinition xmlns="{S}" name="数据透视表1" cacheId="1" dataCaption="值" updatedVersion="6" '
               'minRefreshableVersion="3" createdVersion="6" applyNumberFormats="0" applyBorderFormats="0" '
               'applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" '
               'outline="1" outlineData="1">'
               '<location ref="A1:A4" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/>'
               '<pivotFields count="4"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/>'
               '<item x="1"/><item t="default"/></items></pivotField><pivotField showAll="0"/><pivotField showAll="0"/>'
               '<pivotField showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>'
               '<rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>'
               '<colItems count="1"><i/></colItems></pivotTableDefinition>')


def test_an_xlsxs_pivot_cache_is_read_though_its_source_sheet_is_gone(site, cli, tmp_path):
    """The workbook shows only the pivot table's names; the cache holds the whole list, the ID numbers among the
    field's shared items, the mobile numbers and notes in the records."""
    path = workbook(tmp_path / "x.xlsx", {"A1": "行标签", "A2": "张三", "A3": "李四", "A4": "总计"})
    package = Package(path)
    content = CONTENT + "spreadsheetml."
    definition = "xl/pivotCache/pivotCacheDefinition1.xml"
    cache_id = package.add(definition, PIVOT_DEFINITION, content + "pivotCacheDefinition+xml", "xl/workbook.xml",
                           "pivotCacheDefinition")
    records_id = package.add("xl/pivotCache/pivotCacheRecords1.xml", PIVOT_RECORDS, content + "pivotCacheRecords+xml",
                             definition, "pivotCacheRecords")
    package.edit(definition, 'r:id="RECORDS"', f'r:id="{records_id}"')
    table = "xl/pivotTables/pivotTable1.xml"
    package.add(table, PIVOT_TABLE, content + "pivotTable+xml", "xl/worksheets/sheet1.xml", "pivotTable")
    package.relate(table, definition, "pivotCacheDefinition")
    package.edit("xl/workbook.xml", "</workbook>",
                 f'<pivotCaches><pivotCache xmlns:r="{R}" cacheId="1" r:id="{cache_id}"/></pivotCaches></workbook>')
    refused(site, cli, "x.xlsx", package.save(), [
        ("数据透视表缓存字段“身份证号”", ID_MASKED), ("数据透视表缓存字段“手机”", "139****5678"),
        ("数据透视表缓存字段“备注”", "137****5678")])


# Embedded files: read as attachments of their type, or a warning


def word_embedding(path, *files: tuple[str, bytes, str, str]):
    """A Word file showing an object for each (name, data, content type, ProgID) embedded in it."""
    word = OoxmlDocx()
    objects = []
    for n, (name, data, content_type, prog_id) in enumerate(files, 1):
        part = Part(PackURI(f"/word/embeddings/{name}"), content_type, data, word.part.package)
        rel_id = word.part.relate_to(part, RT.OLE_OBJECT if name.endswith(".bin") else RT.PACKAGE)
        shape = f"_x0000_i{1024 + n}"
        objects.append(p(r(inner=f'<w:object><v:shape id="{shape}" style="width:300pt;height:100pt"><v:imagedata '
                                  f'r:id="{word.image()}" o:title=""/></v:shape><o:OLEObject Type="Embed" '
                                  f'ProgID="{prog_id}" ShapeID="{shape}" DrawAspect="Content" ObjectID="_{n}" '
                                  f'r:id="{rel_id}"/></w:object>')))
    return word.save(path, p(r("见下表。")), *objects).read_bytes()


def excel_embedding(path, cells: dict[str, object], name: str, data: bytes, content_type: str, prog_id: str) -> bytes:
    """An .xlsx whose sheet 名单 holds `cells` and the embedded file as an object."""
    package = Package(workbook(path, cells))
    rel_id = package.add(f"xl/embeddings/{name}", data, content_type, "xl/worksheets/sheet1.xml", "package")
    package.edit("xl/worksheets/sheet1.xml", "</worksheet>",
                 f'<oleObjects><oleObject xmlns:r="{R}" progId="{prog_id}" shapeId="1025" r:id="{rel_id}"/>'
                 "</oleObjects></worksheet>")
    return package.save()


def nested(tmp_path) -> bytes:
    """A Word file holding a workbook (a mobile number in 名单!B2) that holds a Word file (an ID number)."""
    inner = docx.Document()
    inner.add_paragraph(f"申请人身份证号 {ID}")
    inner.save(tmp_path / "inner.docx")
    book = excel_embedding(tmp_path / "book.xlsx", {"A1": "见所附文件", "B2": MOBILE}, "Microsoft_Word_Document.docx",
                           (tmp_path / "inner.docx").read_bytes(), CT.WML_DOCUMENT, "Word.Document.12")
    return word_embedding(tmp_path / "x.docx", ("Microsoft_Excel_Worksheet.xlsx", book, CT.SML_SHEET, "Excel.Sheet.12"))


def test_a_workbook_embedded_in_a_docx_and_a_document_in_it_are_read_as_attachments(site, cli, tmp_path):
    sheet = "嵌入对象“Microsoft_Excel_Worksheet.xlsx”中的"
    refused(site, cli, "x.docx", nested(tmp_path), [
        (f"{sheet}工作表“名单”单元格 B2 ", "139****5678"),
        (f"{sheet}嵌入对象“Microsoft_Word_Document.docx”中的第 1 段", ID_MASKED)])


def test_an_object_nested_deeper_than_the_limit_is_a_warning(site, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(attachment_formats, "NESTED", 1)
    run = cli("check", "--site", attached(site, "x.docx", nested(tmp_path)))
    assert ("content/qtxx/a.md:6: 警告：附件“x.docx”嵌入对象“Microsoft_Excel_Worksheet.xlsx”中的"
            "嵌入对象“Microsoft_Word_Document.docx”（嵌套过深）不能读取，无法检查其中的个人信息，请人工核对后再公开"
            in run.problems), run.err
    assert len(personal(run)) == 1, run.err


def test_an_unreadable_embedded_object_is_a_warning_and_the_build_succeeds(site, cli, tmp_path):
    """A damaged OLE object (a compound file's header and nothing else), a damaged presentation and workbook: each
    named; the rest of the file is read. (What a whole OLE object holds is read: test_attachment_legacy.py.)"""
    data = word_embedding(tmp_path / "x.docx",
                          ("oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, CT.OFC_OLE_OBJECT,
                           "Excel.Sheet.8"),
                          ("Microsoft_PowerPoint_Presentation.pptx", b"PK\x05\x06" + b"\0" * 18,
                           CONTENT + "presentationml.presentation", "PowerPoint.Show.12"),
                          ("Microsoft_Excel_Worksheet.xlsx", b"PK\x03\x04 damaged", CT.SML_SHEET, "Excel.Sheet.12"))
    unchecked(site, cli, data, "嵌入对象", [("oleObject1.bin", "文件损坏"),
                                            ("Microsoft_PowerPoint_Presentation.pptx", "文件损坏"),
                                            ("Microsoft_Excel_Worksheet.xlsx", "文件损坏")])


def unchecked(site, cli, data: bytes, label: str, named: list[tuple[str, str]]) -> None:
    """The build of a document with the Word file `data` attached succeeds and publishes it, with a warning for
    each (name, why) of what it holds that was not read (`label`: 嵌入对象, 嵌入内容) and no other about it."""
    root = attached(site, "x.docx", data)
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert (root / "public/qtxx/x.docx").exists()
    warned = sorted(f"content/qtxx/a.md:6: 警告：附件“x.docx”{label}“{name}”（{why}）不能读取，"
                    "无法检查其中的个人信息，请人工核对后再公开" for name, why in named)
    assert sorted(problem for problem in run.problems if "x.docx" in problem) == warned, run.err


# A Word file's charts and SmartArt

CHART = (f'<c:chartSpace {NS}><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>联系人13612345678</a:t>'
         '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:layout/><c:barChart>'
         '<c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef>'
         '<c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>人数</c:v></c:pt></c:strCache>'
         '</c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0">'
         f'<c:v>张三{ID}</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2</c:f>'
         '<c:numCache><c:ptCount val="1"/><c:pt idx="0"><c:v>3</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>'
         '<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation '
         'val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx>'
         '<c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
         '<c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>')
LAYOUT = "urn:microsoft.com/office/officeart/2005/8/"
SMART_ART = {
    "data": (CT.DML_DIAGRAM_DATA, RT.DIAGRAM_DATA,
             f'<dgm:dataModel xmlns:dgm="{DGM}" {NS}><dgm:ptLst><dgm:pt modelId="0" type="doc">'
             f'<dgm:prSet loTypeId="{LAYOUT}layout/default" qsTypeId="{LAYOUT}quickstyle/simple1" '
             f'csTypeId="{LAYOUT}colors/accent1_2"/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr/>'
             '</a:p></dgm:t></dgm:pt><dgm:pt modelId="1"><dgm:prSet phldrT="[文本]"/><dgm:spPr/><dgm:t><a:bodyPr/>'
             '<a:lstStyle/><a:p><a:r><a:t>经办人 135</a:t></a:r><a:r><a:t>1234 5678</a:t></a:r></a:p></dgm:t></dgm:pt>'
             '</dgm:ptLst><dgm:cxnLst><dgm:cxn modelId="2" srcId="0" destId="1" srcOrd="0" destOrd="0"/></dgm:cxnLst>'
             '<dgm:bg/><dgm:whole/></dgm:dataModel>'),
    "layout": (CT.DML_DIAGRAM_LAYOUT, RT.DIAGRAM_LAYOUT,
               f'<dgm:layoutDef xmlns:dgm="{DGM}" uniqueId="{LAYOUT}layout/default"><dgm:layoutNode name="diagram"/>'
               '</dgm:layoutDef>'),
    "quickStyle": (CT.DML_DIAGRAM_STYLE, RT.DIAGRAM_QUICK_STYLE,
                   f'<dgm:styleDef xmlns:dgm="{DGM}" {NS} uniqueId="{LAYOUT}quickstyle/simple1"><dgm:scene3d>'
                   '<a:camera prst="orthographicFront"/><a:lightRig rig="threePt" dir="t"/></dgm:scene3d>'
                   '</dgm:styleDef>'),
    "colors": (CT.DML_DIAGRAM_COLORS, RT.DIAGRAM_COLORS,
               f'<dgm:colorsDef xmlns:dgm="{DGM}" uniqueId="{LAYOUT}colors/accent1_2"/>'),
}


def graphic(uri: str, data: str, n: int) -> str:
    return r(inner=f'<w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="{n}" name="对象 {n}"/>'
                   f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/{uri}">{data}'
                   '</a:graphicData></a:graphic></wp:inline></w:drawing>')


def test_a_docxs_charts_and_smart_art(site, cli, tmp_path):
    """A chart's title and the categories it shows; a SmartArt node's text, over two runs."""
    word = OoxmlDocx()
    package = word.part.package
    chart = word.part.relate_to(Part(PackURI("/word/charts/chart1.xml"), CT.DML_CHART, CHART.encode(), package),
                                RT.CHART)
    ids = {kind: word.part.relate_to(Part(PackURI(f"/word/diagrams/{kind}1.xml"), content_type, xml.encode(), package),
                                     relationship) for kind, (content_type, relationship, xml) in SMART_ART.items()}
    smart_art = (f'<dgm:relIds xmlns:dgm="{DGM}" r:dm="{ids["data"]}" r:lo="{ids["layout"]}" '
                 f'r:qs="{ids["quickStyle"]}" r:cs="{ids["colors"]}"/>')
    word.save(tmp_path / "x.docx", p(r("统计如下。")), p(graphic("chart", f'<c:chart r:id="{chart}"/>', 1)),
              p(graphic("diagram", smart_art, 2)))
    refused(site, cli, "x.docx", (tmp_path / "x.docx").read_bytes(), [
        ("的图表", "136****5678"), ("的图表", ID_MASKED), ("的SmartArt 图形", "135****5678")])


def charted(path):
    """A workbook whose sheet 名单 shows a chart: a drawing (xl/drawings/drawing1.xml) to draw more on."""
    book = openpyxl.load_workbook(workbook(path, {"A1": "姓名", "B1": "人数", "A2": "张三", "B2": 3}))
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    book.active.add_chart(chart, "D2")
    book.save(path)
    return path


def test_an_xlsxs_smart_art(site, cli, tmp_path):
    package = Package(charted(tmp_path / "x.xlsx"))
    drawing = "xl/drawings/drawing1.xml"
    ids = {kind: package.add(f"xl/diagrams/{kind}1.xml", xml, content_type, drawing, relationship)
           for kind, (content_type, relationship, xml) in SMART_ART.items()}
    package.edit(drawing, "</wsDr>", '<twoCellAnchor><from><col>0</col><colOff>0</colOff><row>20</row>'
                 '<rowOff>0</rowOff></from><to><col>6</col><colOff>0</colOff><row>30</row><rowOff>0</rowOff></to>'
                 '<graphicFrame macro=""><nvGraphicFramePr><cNvPr id="2" name="图示 1"/><cNvGraphicFramePr/>'
                 '</nvGraphicFramePr><xfrm/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                 f'<a:graphicData uri="{DGM}">'
                 f'<dgm:relIds xmlns:dgm="{DGM}" xmlns:r="{R}" r:dm="{ids["data"]}" r:lo="{ids["layout"]}" '
                 f'r:qs="{ids["quickStyle"]}" r:cs="{ids["colors"]}"/></a:graphicData></a:graphic></graphicFrame>'
                 '<clientData/></twoCellAnchor></wsDr>')
    refused(site, cli, "x.xlsx", package.save(), [("工作表“名单”的SmartArt 图形", "135****5678")])


# The alt text, title and name of a picture, a shape, a chart


def test_a_docxs_alt_text_and_picture_names(site, cli, tmp_path):
    """A picture's 替代文字, and the name of one inserted from a file named after its subject."""
    word = OoxmlDocx()
    word.save(tmp_path / "x.docx", p(r("现场照片如下。")), p(r(inner=inline_picture(word.image(), f"张三身份证 {ID}"))),
              p(r(inner=anchored_picture(word.image(), f"张三{MOBILE}.jpg"))))
    refused(site, cli, "x.docx", (tmp_path / "x.docx").read_bytes(), [
        ("图形的替代文字", ID_MASKED), ("图形的名称", "139****5678")])


def test_an_xlsxs_chart_alt_text_and_title(site, cli, tmp_path):
    package = Package(charted(tmp_path / "x.xlsx"))
    package.edit("xl/drawings/drawing1.xml", '<cNvPr id="1" name="Chart 1"/>',
                 f'<cNvPr id="1" name="Chart 1" descr="联系人 {MOBILE}" title="{ID}"/>')
    refused(site, cli, "x.xlsx", package.save(), [
        ("工作表“名单”中图形的替代文字", "139****5678"), ("工作表“名单”中图形的标题", ID_MASKED)])


# The authors of tracked changes


def test_a_docxs_revision_authors(site, cli, tmp_path):
    """Each author once, whatever their changes: an insertion, a formatting change, a change in a footnote."""
    word = OoxmlDocx()
    date = 'w:date="2024-03-01T00:00:00Z"'
    word.footnotes((1, p(f'<w:ins w:id="3" w:author="王五 13712345678" {date}>{r("注释")}</w:ins>')))
    inserted = f'<w:ins w:id="1" w:author="张三 {MOBILE}" {date}>{r("新增内容")}</w:ins>'
    formatted = r("加粗", rpr=f'<w:b/><w:rPrChange w:id="2" w:author="李四{ID}" {date}><w:rPr/></w:rPrChange>')
    word.save(tmp_path / "x.docx", p(r("正文。"), inserted), p(formatted),
              p(f'<w:ins w:id="4" w:author="张三 {MOBILE}" {date}>{r("又一处")}</w:ins>'))
    refused(site, cli, "x.docx", (tmp_path / "x.docx").read_bytes(), [
        ("修订作者", "139****5678"), ("修订作者", ID_MASKED), ("修订作者", "137****5678")])


# Excel's legacy (VML) text boxes and form controls

VML = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
       'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/>'
       '</o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,'
       'xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
       # the box of the comment on A1, as Excel writes it: the comment's text is in the comments part
       "<v:shape id=\"_x0000_s1025\" type=\"#_x0000_t202\" style='position:absolute;width:108pt;height:59pt;"
       "visibility:hidden' fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:textbox style='mso-direction-alt:auto'>"
       "<div style='text-align:left'></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:Row>0</x:Row>"
       '<x:Column>0</x:Column></x:ClientData></v:shape>'
       # a button (a form control), its caption over several font runs and an unclosed <br>
       "<v:shape id=\"_x0000_s1026\" type=\"#_x0000_t201\" style='position:absolute;width:100pt;height:30pt' "
       "o:button=\"t\"><v:textbox style='mso-direction-alt:auto' o:singleclick=\"f\"><div style='text-align:center'>"
       '<font face="宋体" size="220">身份证号<br></font><font face="宋体">110105</font><font face="宋体">19491231002X'
       '</font></div></v:textbox><x:ClientData ObjectType="Button"><x:Anchor>3, 0, 1, 0, 5, 0, 3, 0</x:Anchor>'
       '</x:ClientData></v:shape>'
       # a legacy text box, without client data
       "<v:shape id=\"_x0000_s1027\" type=\"#_x0000_t202\" style='position:absolute;width:100pt;height:30pt'>"
       '<v:textbox><div>经办人&nbsp;13812345678</div></v:textbox></v:shape></xml>')


def test_an_xlsxs_legacy_form_control_and_text_box(site, cli, tmp_path):
    """A button's caption over several font runs (VML is loose markup: a <br> unclosed) and a text box without
    client data; a cell comment's box is the comment's, which is read from the comments part."""
    path = workbook(tmp_path / "x.xlsx", {"A1": "名单"})
    book = openpyxl.load_workbook(path)
    book.active["A1"].comment = Comment("请核对", "经办")
    book.save(path)
    package = Package(path)
    package.parts["xl/drawings/commentsDrawing1.vml"] = VML
    refused(site, cli, "x.xlsx", package.save(), [
        ("工作表“名单”的控件或文本框", ID_MASKED), ("工作表“名单”的控件或文本框", "138****5678")])
