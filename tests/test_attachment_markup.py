"""Personal information an Office attachment keeps in its markup, outside the text its program shows: the address
of a link (a `tel:` or `mailto:` with a person's number), a workbook's sheet names, defined names, formulas, data
validations and hyperlinks' tooltips, the shared strings no cell shows, a Word file's document variables,
mail-merge settings, bookmark names, form fields' and content controls' list entries, a workbook's data connections
and custom properties, properties wherever a package keeps them. Each is an error at the document's `attachments`
line naming the place, nothing published; an Excel 97-2003 workbook's and a Word 97-2003 document's the same.
Before, each of these files was published without a word."""
from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from conftest import doc
from gongkai.engine import office_markup
from ooxml_docx import NS
from ooxml_package import Package
from slides_ofd_writer import Presentation, shape
from test_attachment_hidden_parts import ID, ID_MASKED, MOBILE, attached, personal, refused, workbook
from test_word97_text import VARIABLES, edited, moved, put

MOBILE_MASKED = "139****5678"
SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def word_file(path, body: str = "", settings: str = "") -> bytes:
    """A saved .docx whose first paragraph ends with `body` (WordprocessingML) and whose settings hold `settings`."""
    document = docx.Document()
    paragraph = document.add_paragraph("关于做好有关工作的通知")
    if body:
        paragraph._p.append(parse_xml(f"<w:wrap {NS}>{body}</w:wrap>")[0])
    document.save(path)
    if settings:
        package = Package(path)
        package.edit("word/settings.xml", "</w:settings>", f"{settings}</w:settings>")
        package.save()
    return path.read_bytes()


def saved(book: openpyxl.Workbook, path) -> bytes:
    book.save(path)
    return path.read_bytes()


# Links: their addresses are in the relationships, not in the text


def test_a_docxs_hyperlink_address_is_read(site, cli, tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("联系人：")
    rel = document.part.relate_to(f"tel:{MOBILE}", RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rel}"><w:r><w:t>王科长</w:t></w:r></w:hyperlink>'))
    document.save(tmp_path / "x.docx")
    refused(site, cli, "x.docx", (tmp_path / "x.docx").read_bytes(), [("链接地址", MOBILE_MASKED)])


def test_an_xlsxs_hyperlink_address_and_tooltip_are_read(site, cli, tmp_path):
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": "联系我们"}))
    book.active["A1"].hyperlink = f"mailto:{MOBILE}@qq.com"
    book.active["A1"].hyperlink.tooltip = f"身份证号 {ID}"
    refused(site, cli, "x.xlsx", saved(book, tmp_path / "x.xlsx"),
            [("链接地址", MOBILE_MASKED), ("工作表“名单”单元格 A1 的超链接", ID_MASKED)])


def test_a_pptxs_hyperlink_address_is_read(site, cli, tmp_path):
    deck = Presentation()
    deck.slide(shape("咨询电话：王科长"), name="ppt/slides/slide1.xml")
    deck.save(tmp_path / "x.pptx")
    package = Package(tmp_path / "x.pptx")
    package.edit("ppt/slides/_rels/slide1.xml.rels", "</Relationships>",
                 f'<Relationship Id="rIdLink" Type="{RT.HYPERLINK}" Target="tel:{MOBILE}" TargetMode="External"/>'
                 "</Relationships>")
    refused(site, cli, "x.pptx", package.save(), [("链接地址", MOBILE_MASKED)])


def test_a_hyperlinks_tooltip_is_read_in_a_docx_and_on_a_slide(site, cli, tmp_path):
    """What a hyperlink shows when pointed at (屏幕提示): Word's w:tooltip, and a DrawingML link's on a slide."""
    body = f'<w:hyperlink w:anchor="_Top" w:tooltip="联系人 {MOBILE}"><w:r><w:t>返回顶部</w:t></w:r></w:hyperlink>'
    refused(site, cli, "x.docx", word_file(tmp_path / "x.docx", body), [("超链接的屏幕提示", MOBILE_MASKED)])
    deck = Presentation()
    deck.slide(shape("咨询").replace('<a:rPr lang="zh-CN"/>', f'<a:rPr lang="zh-CN"><a:hlinkClick r:id="" '
                                                              f'action="ppaction://hlinkshowjump?jump=nextslide" '
                                                              f'tooltip="身份证号 {ID}"/></a:rPr>'))
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [("第 1 张幻灯片中超链接的屏幕提示", ID_MASKED)])


def test_the_people_who_edited_a_pptx_together_are_read(site, cli, tmp_path):
    """PowerPoint's record of the changes of its co-authors (ppt/changesInfos): each one's name and account, often a
    mailbox named by a mobile number; Apache POI's ArtisticEffectSample.pptx holds one of 80 KB."""
    deck = Presentation()
    deck.slide(shape("工作安排"), name="ppt/slides/slide1.xml")
    deck.save(tmp_path / "x.pptx")
    package = Package(tmp_path / "x.pptx")
    changes = ('<pc:chgInfo xmlns:pc="http://schemas.microsoft.com/office/powerpoint/2013/main/command"><pc:docChgLst>'
               + f'<pc:chgData name="王科长" userId="S::{MOBILE}@163.com::0a9c3705" providerId="AD">'
               + '<pc:docChg chg="modSld"/></pc:chgData>' * 2 + '</pc:docChgLst></pc:chgInfo>')
    package.add("ppt/changesInfos/changesInfo1.xml", changes,
                "application/vnd.ms-powerpoint.changesinfo+xml", "ppt/presentation.xml",
                "http://schemas.microsoft.com/office/2016/11/relationships/changesInfo")
    refused(site, cli, "x.pptx", package.save(), [("共同编辑的修改人", MOBILE_MASKED)])


def test_a_pptxs_tags_are_read(site, cli, tmp_path):
    """p:tag: what WPS Presentation and add-ins keep on a slide, never shown."""
    deck = Presentation()
    slide = deck.slide(shape("工作汇报"), name="ppt/slides/slide1.xml")
    deck.add("ppt/tags/tag1.xml", f'<p:tagLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
             f'<p:tag name="KSO_WM_UNIT_CONTACT" val="联系人 {MOBILE}"/></p:tagLst>',
             "application/vnd.openxmlformats-officedocument.presentationml.tags+xml", slide, "tags")
    refused(site, cli, "x.pptx", deck.save(tmp_path / "x.pptx"), [("标记“KSO_WM_UNIT_CONTACT”", MOBILE_MASKED)])


# A workbook's names, formulas and validations


def test_an_xlsxs_hidden_sheets_name_is_read(site, cli, tmp_path):
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": "汇总"}))
    book.create_sheet(f"张三{MOBILE}").sheet_state = "hidden"
    refused(site, cli, "x.xlsx", saved(book, tmp_path / "x.xlsx"), [("工作表名称", MOBILE_MASKED)])


def test_a_number_in_a_places_name_is_masked_in_every_message(site, cli, tmp_path):
    """A sheet named after a person names the place of each finding in it: the messages show its number masked,
    as they show the number found."""
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": f"身份证号 {ID}"}))
    book.active.title = f"张三{MOBILE}"
    root = attached(site, "x.xlsx", saved(book, tmp_path / "x.xlsx"))
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists(), run.err
    assert f"附件“x.xlsx”工作表“张三{MOBILE_MASKED}”单元格 A1 含有居民身份证号码 {ID_MASKED}" in run.err
    assert f"附件“x.xlsx”工作表名称含有手机号码 {MOBILE_MASKED}" in run.err
    assert MOBILE not in run.err and ID not in run.err


def test_an_xlsxs_defined_name_is_read(site, cli, tmp_path):
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": "汇总"}))
    book.defined_names["联系人"] = DefinedName("联系人", attr_text=f'"{ID}"')
    refused(site, cli, "x.xlsx", saved(book, tmp_path / "x.xlsx"), [("定义的名称“联系人”", ID_MASKED)])


def test_an_xlsxs_formula_is_read_not_only_its_value(site, cli, tmp_path):
    """A number a formula holds: the value Excel shows may be another (a lookup), or none (never calculated)."""
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": "查询"}))
    book.active["B3"] = f'=IF(A1="","","{ID}")'
    refused(site, cli, "x.xlsx", saved(book, tmp_path / "x.xlsx"), [("工作表“名单”单元格 B3 的公式", ID_MASKED)])


def test_an_xlsxs_data_validation_list_and_message_are_read(site, cli, tmp_path):
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": "经办人"}))
    rule = DataValidation(type="list", formula1=f'"张三 {MOBILE},李四"', prompt=f"身份证号 {ID}",
                          showInputMessage=True)
    rule.add("B2:B9")
    book.active.add_data_validation(rule)
    refused(site, cli, "x.xlsx", saved(book, tmp_path / "x.xlsx"),
            [("工作表“名单”单元格 B2:B9 的数据验证", MOBILE_MASKED), ("工作表“名单”单元格 B2:B9 的数据验证", ID_MASKED)])


def shared_strings(path: Path, cell: str, text: str, left: str, part: str = "xl/sharedStrings.xml") -> Package:
    """The workbook at `path` with the text of its `cell` (inline, as openpyxl writes it) moved into a table of shared
    strings at `part`, as Excel writes it, and `left` in the table too, shown by no cell."""
    package = Package(path)
    sheet = package.parts["xl/worksheets/sheet1.xml"]
    package.parts["xl/worksheets/sheet1.xml"], moved = re.subn(f'<c r="{cell}" t="inlineStr">.*?</c>',
                                                               f'<c r="{cell}" t="s"><v>0</v></c>', sheet)
    assert moved == 1
    table = f'<sst xmlns="{SHEET_MAIN}" count="2" uniqueCount="2"><si><t>{text}</t></si>' \
            f'<si><r><t>{left[:2]}</t></r><r><rPr><b/></rPr><t>{left[2:]}</t></r></si></sst>'
    package.add(part, table, "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
                "xl/workbook.xml", "sharedStrings")
    return package


def test_a_shared_string_no_cell_shows_is_read_and_one_a_cell_shows_once(site, cli, tmp_path):
    """What a cell emptied or deleted left in the workbook's table of shared strings (8 of Apache POI's 329 .xlsx
    test files keep such strings): published with the file, read as such, its runs as one text; the text a cell
    shows is found at the cell alone."""
    workbook(tmp_path / "x.xlsx", {"A1": "名单", "A2": f"身份证号 {ID}"})
    package = shared_strings(tmp_path / "x.xlsx", "A2", f"身份证号 {ID}", f"张三 {MOBILE}")
    refused(site, cli, "x.xlsx", package.save(),
            [("工作表“名单”单元格 A2 ", ID_MASKED), (office_markup.UNSHOWN, MOBILE_MASKED)])


def test_the_table_of_shared_strings_openpyxl_reads_is_read_wherever_it_is(tmp_path):
    """openpyxl takes a cell's text from the table the content types name, wherever it is: that one is read."""
    workbook(tmp_path / "x.xlsx", {"A1": "名单"})
    shared_strings(tmp_path / "x.xlsx", "A1", "名单", f"张三 {MOBILE}", "xl/strings/table.xml").save()
    assert openpyxl.load_workbook(tmp_path / "x.xlsx", read_only=True).active["A1"].value == "名单"
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        assert list(office_markup.unshown_strings(book, {"名单"})) == [(office_markup.UNSHOWN, f"张三 {MOBILE}")]


def test_an_xlsxs_data_connections_and_a_sheets_custom_properties_are_read(site, cli, tmp_path):
    """Where a workbook's data came from (a database's connection and query, a source file's path) and what an add-in
    keeps on a sheet: Apache POI's test files hold a user's folder in one and an add-in's XML in the other."""
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "名单"}))
    connection = (f'<connections xmlns="{SHEET_MAIN}"><connection id="1" name="人员库" type="1" refreshedVersion="6">'
                  f'<dbPr connection="DSN=RDS;DBQ=D:\\张三{MOBILE}\\人员.mdb;" '
                  f'command="SELECT * FROM 人员 WHERE 身份证号=\'{ID}\'"/></connection></connections>')
    package.add("xl/connections.xml", connection,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml", "xl/workbook.xml",
                "connections")
    package.add("xl/customProperty1.bin", f"经办人 {MOBILE}".encode("utf-16-le"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.customProperty",
                "xl/worksheets/sheet1.xml", "customProperty")
    refused(site, cli, "x.xlsx", package.save(), [("数据连接“人员库”", MOBILE_MASKED), ("数据连接“人员库”", ID_MASKED),
                                                  ("工作表“名单”的自定义属性", MOBILE_MASKED)])


def test_what_an_activex_control_keeps_is_read(site, cli, tmp_path):
    """A text box control's text, in its bag of properties (an .xlsx's) or in its own binary state (a .docx's);
    Apache POI's test files keep an option button's group and a media player's file there."""
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "申请表"}))
    bag = ('<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
           'ax:classid="{8BD21D3D-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistPropertyBag">'
           f'<ax:ocxPr ax:name="Value" ax:value="张三 {MOBILE}"/></ax:ocx>')
    package.add("xl/activeX/activeX1.xml", bag, "application/vnd.ms-office.activeX+xml", "xl/worksheets/sheet1.xml",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control")
    word_file(tmp_path / "y.docx")
    binary = Package(tmp_path / "y.docx")
    binary.add("word/activeX/activeX1.bin", b"\x00\x02\x18\x00" + f"ID {ID}".encode("utf-16-le"),
               "application/vnd.ms-office.activeX", "word/document.xml",
               "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary")
    refused(site, cli, "x.xlsx", package.save(), [("ActiveX 控件的属性“Value”", MOBILE_MASKED)])
    refused(site, cli, "y.docx", binary.save(), [("ActiveX 控件的数据", ID_MASKED)])


def test_properties_where_dotnet_keeps_them_are_read(site, cli, tmp_path):
    """A workbook written with .NET's System.IO.Packaging, as office systems export one: its core properties in
    package/services/metadata/core-properties/<id>.psmdcp, which the package relates to (Apache POI's 59746 test
    file is one)."""
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "名单"}))
    core = package.parts.pop("docProps/core.xml").replace(">openpyxl</dc:creator>", f">经办人{MOBILE}</dc:creator>")
    assert MOBILE in core
    part = "package/services/metadata/core-properties/08a33132707147f89b52b554e5001fd6.psmdcp"
    package.parts[part] = core
    package.edit("_rels/.rels", 'Target="docProps/core.xml"', f'Target="/{part}"')
    package.edit("[Content_Types].xml", 'PartName="/docProps/core.xml"', f'PartName="/{part}"')
    refused(site, cli, "x.xlsx", package.save(), [("文档属性“作者”", MOBILE_MASKED)])


# What a Word file keeps and does not show


def test_a_docxs_document_variables_and_mail_merge_settings_are_read(site, cli, tmp_path):
    settings = (f'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/>'
                f'<w:query w:val="SELECT * FROM `名单$` WHERE 电话 = \'{MOBILE}\'"/></w:mailMerge>'
                f'<w:docVars><w:docVar w:name="申请人证件" w:val="{ID}"/></w:docVars>')
    refused(site, cli, "x.docx", word_file(tmp_path / "x.docx", settings=settings),
            [("文档变量“申请人证件”", ID_MASKED), ("邮件合并设置", MOBILE_MASKED)])


def test_a_docxs_bookmark_name_is_read(site, cli, tmp_path):
    body = f'<w:bookmarkStart w:id="0" w:name="王五{MOBILE}"/><w:bookmarkEnd w:id="0"/>'
    refused(site, cli, "x.docx", word_file(tmp_path / "x.docx", body), [("书签名称", MOBILE_MASKED)])


def test_every_entry_of_a_form_fields_drop_down_is_read_not_only_the_chosen(site, cli, tmp_path):
    body = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="经办人"/><w:enabled/>'
            f'<w:ddList><w:result w:val="0"/><w:listEntry w:val="请选择"/><w:listEntry w:val="张三 {MOBILE}"/>'
            '</w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>请选择</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    refused(site, cli, "x.docx", word_file(tmp_path / "x.docx", body), [("窗体域", MOBILE_MASKED)])


def test_a_content_controls_list_items_and_tag_are_read(site, cli, tmp_path):
    body = (f'<w:sdt><w:sdtPr><w:tag w:val="{ID}"/><w:dropDownList>'
            f'<w:listItem w:displayText="李四" w:value="{MOBILE}"/></w:dropDownList></w:sdtPr>'
            '<w:sdtContent><w:r><w:t>选择一项</w:t></w:r></w:sdtContent></w:sdt>')
    refused(site, cli, "x.docx", word_file(tmp_path / "x.docx", body),
            [("内容控件的标记", ID_MASKED), ("内容控件的列表项", MOBILE_MASKED)])


# What is not personal stays published


def test_ordinary_links_formulas_names_and_bookmarks_publish(site, cli, tmp_path):
    book = openpyxl.load_workbook(workbook(tmp_path / "x.xlsx", {"A1": 3, "A2": 4, "A3": "=SUM(A1:A2)"}))
    book.active["B1"] = "政策原文"
    book.active["B1"].hyperlink = "https://www.gov.cn/zhengce/content/202401/content_6924841.htm"
    book.defined_names["合计"] = DefinedName("合计", attr_text="名单!$A$3")
    document = docx.Document()
    paragraph = document.add_paragraph("见政策原文。")
    paragraph._p.append(parse_xml(f'<w:bookmarkStart {NS} w:id="0" w:name="_Toc493845963"/>'))
    rel = document.part.relate_to("https://www.gov.cn/", RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rel}"><w:r><w:t>中国政府网</w:t></w:r></w:hyperlink>'))
    document.save(tmp_path / "y.docx")
    root = site({"content/qtxx/a.md": doc(attachments="[{file: x.xlsx, title: 表}, {file: y.docx, title: 文}]"),
                 "content/qtxx/x.xlsx": saved(book, tmp_path / "x.xlsx"),
                 "content/qtxx/y.docx": (tmp_path / "y.docx").read_bytes()})
    run = cli("build", "--site", root)
    assert run.code == 0, run.err
    assert not [p for p in run.problems if "附件" in p], run.err
    assert (root / "public/qtxx/x.xlsx").exists() and (root / "public/qtxx/y.docx").exists()


# A sheet is read as it streams by


def test_a_formula_cut_between_two_reads_is_read_whole(tmp_path):
    """A sheet is read a megabyte at a time: an element the cut falls in is read whole from the next read."""
    head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    opened, closed = '<c r="A1" t="inlineStr"><is><t>', "</t></is></c>"
    formula = f'<c r="C1"><f>CONCATENATE("{ID}","")</f>'
    filler = "x" * ((1 << 20) - 12 - len(head) - len(opened) - len(closed) - len('<c r="C1">'))
    sheet = f"{head}{opened}{filler}{closed}{formula}<v>{ID}</v></c></row></sheetData></worksheet>"
    assert sheet.index("<f>") < 1 << 20 < sheet.index("</f>")  # the first read ends inside the formula
    with zipfile.ZipFile(tmp_path / "x.xlsx", "w") as book:
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        found = list(office_markup.sheet(book, "xl/worksheets/sheet1.xml", "工作表“名单”"))
    assert found == [("工作表“名单”单元格 C1 的公式", f'CONCATENATE("{ID}","")')]


# The same places in Excel 97-2003 and Word 97-2003 files: their records and tables


def test_an_xls_keeps_its_names_formulas_hyperlinks_validations_and_drawings_read(site, cli):
    """LibreOffice's .xls of such a workbook (tests/make_legacy_xls.py): a HLINK, a DV, a NAME and a FORMULA
    record (a formula whose literal the cell does not show), and a shape named with a number (MSODRAWING)."""
    refused(site, cli, "x.xls", (Path(__file__).parent / "legacy/excel97_markup.xls").read_bytes(), [
        ("工作表名称", MOBILE_MASKED), ("定义的名称", MOBILE_MASKED), ("工作表“汇总”单元格 A1 的超链接", MOBILE_MASKED),
        ("工作表“汇总”单元格 B2:B9 的数据验证", ID_MASKED), ("工作表“汇总”单元格 B2:B9 的数据验证", MOBILE_MASKED),
        ("工作表“汇总”单元格 A3 的公式", MOBILE_MASKED), ("工作表“汇总”的图形数据", MOBILE_MASKED)])


def test_a_docs_document_variable_is_an_error_at_the_attachments_line(site, cli, tmp_path):
    """The same in a Word 97-2003 document (a notice with no number in its text): its document variables
    (StwUser), read from the table stream."""
    value = f"身份证号 {ID}"
    sttb = struct.pack("<HHHH", 0xFFFF, 1, 4, 3) + "申请人".encode("utf-16-le") + bytes(4) \
        + struct.pack("<H", len(value)) + value.encode("utf-16-le")
    path = edited(tmp_path, "clean.doc", moved(VARIABLES, len(sttb)), put(f"<{len(sttb)}s", 0, sttb))
    refused(site, cli, "x.doc", path.read_bytes(), [("文档变量“申请人”", ID_MASKED)])


def test_every_entry_of_a_docs_drop_down_is_read_not_only_the_chosen(site, cli):
    """LibreOffice's .doc of a form whose drop-down shows 请选择 (tests/make_legacy_doc.py): its other entries, one
    with a person's number, are in the Data stream alone, with the document's pictures."""
    refused(site, cli, "x.doc", (Path(__file__).parent / "legacy/word97_form.doc").read_bytes(),
            [("窗体域和图片的数据", MOBILE_MASKED)])


def test_a_docs_watermark_is_read(site, cli):
    """LibreOffice's .doc of a notice whose header's watermark (WordArt) holds a number (tests/make_legacy_doc.py):
    its text is in the document's drawings alone, not in its text."""
    refused(site, cli, "x.doc", (Path(__file__).parent / "legacy/word97_watermark.doc").read_bytes(),
            [("图形的数据", MOBILE_MASKED)])
