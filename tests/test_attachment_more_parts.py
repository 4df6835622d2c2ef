"""More places an attachment carries personal information where no one looks: a Word file's altChunks (content
another program put in it, which Word shows as its own), building blocks and the people of its comments and
revisions (word/people.xml); a shared workbook's revision log, the cached values of a workbook's external links,
custom XML data, and the titles of legacy (VML) pictures, a header's in Excel. Each is an error at the document's
`attachments` line, naming the attachment and the place; an altChunk that cannot be read is a warning."""
from __future__ import annotations

import base64
import quopri

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from gongwen_docx import png
from ooxml_docx import NS, OoxmlDocx, p, r
from ooxml_package import CONTENT, Package
from test_attachment_hidden_parts import ID, ID_MASKED, MOBILE, R, S, refused, unchecked, workbook

AF_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


# altChunks: read as their format is, or a warning


def chunked(path, *chunks: tuple[str, bytes, str]) -> bytes:
    """A Word file whose body holds an altChunk for each (name, data, content type), after a paragraph."""
    word = OoxmlDocx()
    body = [p(r("正文如下。"))]
    for name, data, content_type in chunks:
        part = Part(PackURI(f"/word/{name}"), content_type, data, word.part.package)
        body.append(f'<w:altChunk r:id="{word.part.relate_to(part, AF_CHUNK)}"/>')
    return word.save(path, *body).read_bytes()


def mht(*parts: tuple[str, str, bytes]) -> bytes:
    """A web page saved as one file (MIME HTML): a part for each (Content-Type, Content-Transfer-Encoding, body)."""
    boundary = "----=_NextPart_01DA0000.12345678"
    out = [f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{boundary}"; type="text/html"\r\n\r\n'
           .encode()]
    for n, (content_type, encoding, body) in enumerate(parts, 1):
        out.append(f"--{boundary}\r\nContent-Location: file:///C:/afchunk_files/part{n}.htm\r\n"
                   f"Content-Transfer-Encoding: {encoding}\r\nContent-Type: {content_type}\r\n\r\n".encode())
        out.append(body + b"\r\n")
    return b"".join(out) + f"--{boundary}--\r\n".encode()


def rtf_hex(text: str) -> str:
    return "".join(f"\\'{byte:02x}" for byte in text.encode("gb2312"))


def test_a_docxs_alt_chunks_are_read_as_their_format_is(site, cli, tmp_path):
    """A web page (its tags taken out), one saved as one file (quoted-printable, a soft line break inside the
    number; a frame in base64 and GB2312), an RTF file, a text file in GB18030 and another Word file."""
    inner = docx.Document()
    inner.add_paragraph("联系电话 13512345678")
    inner.save(tmp_path / "inner.docx")
    page = (quopri.encodestring("<html><body><p>经办人 138".encode()) + b"=\r\n"
            + quopri.encodestring("12345678</p></body></html>".encode()))
    frame = base64.encodebytes("<p>联系电话：137 1234 5678</p>".encode("gb2312"))
    data = chunked(tmp_path / "x.docx",
                   ("afchunk1.htm", "<html><body><p>联系人：<b>139</b>12345678</p></body></html>".encode(),
                    "text/html"),
                   ("afchunk2.mht", mht(('text/html; charset="utf-8"', "quoted-printable", page),
                                        ('text/html; charset="gb2312"', "base64", frame)), "message/rfc822"),
                   ("afchunk3.rtf", f"{{\\rtf1\\ansi\\ansicpg936{{\\fonttbl{{\\f0 SimSun;}}}}\\f0 {rtf_hex('联系人')} "
                                    "136 1234 5678\\par}".encode(), "application/rtf"),
                   ("afchunk4.txt", f"申请人名单\r\n张三 {ID}\r\n".encode("gb18030"), "text/plain"),
                   ("afchunk5.docx", (tmp_path / "inner.docx").read_bytes(), CT.WML_DOCUMENT_MAIN))
    refused(site, cli, "x.docx", data, [
        ("嵌入内容“afchunk1.htm”中的第 1 行", "139****5678"), ("嵌入内容“afchunk2.mht”中的第 1 行", "138****5678"),
        ("嵌入内容“afchunk2.mht”中的第 1 行", "137****5678"), ("嵌入内容“afchunk3.rtf”中的第 1 段", "136****5678"),
        ("嵌入内容“afchunk4.txt”中的第 2 行", ID_MASKED), ("嵌入内容“afchunk5.docx”中的第 1 段", "135****5678")])


def test_a_web_page_saved_as_one_file_is_read_as_an_attachment(site, cli):
    """单个文件网页 (.mht, .mhtml), as Word and browsers save a page, attached on its own."""
    page = quopri.encodestring("<html><body><p>经办人 138".encode()) + b"=\r\n" + quopri.encodestring(b"12345678</p>")
    data = mht(('text/html; charset="utf-8"', "quoted-printable", page))
    for name in ("x.mht", "x.mhtml"):
        refused(site, cli, name, data, [("第 1 行", "138****5678")])


def test_an_unreadable_alt_chunk_is_a_warning_and_the_build_succeeds(site, cli, tmp_path):
    """A format not read, a damaged Word file, a web page in an encoding not read: each named."""
    data = chunked(tmp_path / "x.docx",
                   ("afchunk1.odt", b"PK\x03\x04 odt", "application/vnd.oasis.opendocument.text"),
                   ("afchunk2.docx", b"PK\x03\x04 damaged", CT.WML_DOCUMENT_MAIN),
                   ("afchunk3.mht", mht(("text/html", "x-gzip64", b"H4sIAAAAAAAA")), "message/rfc822"))
    unchecked(site, cli, data, "嵌入内容", [("afchunk1.odt", ".odt 格式"), ("afchunk2.docx", "文件损坏"),
                                            ("afchunk3.mht", "文件损坏")])


# A Word file's building blocks and the people of its comments and revisions

GLOSSARY = (f'<w:glossaryDocument {NS}><w:docParts><w:docPart><w:docPartPr><w:name w:val="联系人"/><w:category>'
            '<w:name w:val="常规"/><w:gallery w:val="autoTxt"/></w:category><w:behaviors><w:behavior w:val="content"/>'
            f'</w:behaviors><w:description w:val="张三 {ID}"/><w:guid w:val="{{6F1C2D3E-4A5B-4C6D-8E7F-0A1B2C3D4E5F}}"/>'
            f'</w:docPartPr><w:docPartBody>{p(r("经办人 "), r(MOBILE))}</w:docPartBody></w:docPart></w:docParts>'
            '</w:glossaryDocument>')
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
PEOPLE = (f'<w15:people xmlns:w15="{W15}"><w15:person w15:author="张三 {MOBILE}"><w15:presenceInfo '
          'w15:providerId="None" w15:userId="张三"/></w15:person><w15:person w15:author="李四"><w15:presenceInfo '
          f'w15:providerId="AD" w15:userId="S::{ID}@example.gov.cn::0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"/>'
          '</w15:person></w15:people>')


def word_file(path) -> Package:
    document = docx.Document()
    document.add_paragraph("正文。")
    document.save(path)
    return Package(path)


def test_a_docxs_building_blocks(site, cli, tmp_path):
    """An AutoText entry saved in the file: its content over two runs, its name and description."""
    package = word_file(tmp_path / "x.docx")
    package.add("word/glossary/document.xml", GLOSSARY, CONTENT + "wordprocessingml.document.glossary+xml",
                "word/document.xml", "glossaryDocument")
    refused(site, cli, "x.docx", package.save(), [("文档部件", "139****5678"), ("文档部件的名称", ID_MASKED)])


def test_a_docxs_people_of_comments_and_revisions(site, cli, tmp_path):
    """word/people.xml, kept after the revisions are accepted: a name, and an account id."""
    package = word_file(tmp_path / "x.docx")
    package.add("word/people.xml", PEOPLE, CONTENT + "wordprocessingml.people+xml", "word/document.xml",
                "http://schemas.microsoft.com/office/2011/relationships/people")
    refused(site, cli, "x.docx", package.save(), [("批注和修订作者", "139****5678"), ("批注和修订作者", ID_MASKED)])


# A shared workbook's revision log, and the values an external link caches

REVISION_HEADERS = (f'<headers xmlns="{S}" xmlns:r="{R}" guid="{{A1B2C3D4-0000-4000-8000-00000000000A}}" '
                    'lastGuid="{A1B2C3D4-0000-4000-8000-00000000000A}" shared="1" diskRevisions="1" revisionId="3" '
                    'version="2"><header guid="{A1B2C3D4-0000-4000-8000-00000000000A}" dateTime="2024-03-01T10:00:00" '
                    f'maxSheetId="2" userName="张三 {MOBILE}" r:id="LOG"><sheetIdMap count="1"><sheetId val="1"/>'
                    '</sheetIdMap></header></headers>')
REVISION_LOG = (f'<revisions xmlns="{S}" xmlns:r="{R}">'
                f'<rcc rId="1" sId="1"><oc r="B2" t="inlineStr"><is><t>{ID}</t></is></oc><nc r="B2" t="inlineStr">'
                '<is><t>已核实</t></is></nc></rcc>'
                '<rcc rId="2" sId="1"><nc r="C2"><v>13612345678</v></nc></rcc>'
                # a deleted row: its cells, kept so the deletion can be undone
                '<rrc rId="3" sId="1" ref="A3:XFD3" action="deleteRow"><rcc rId="0" sId="1"><nc r="A3" t="inlineStr">'
                '<is><r><t>李四 135</t></r><r><t>1234 5678</t></r></is></nc></rcc></rrc>'
                '<rcmt sheetId="1" cell="A1" guid="{A1B2C3D4-0000-4000-8000-00000000000B}" action="add" '
                'author="王五 13712345678"/>'
                # a sheet renamed, and a name defined, since the workbook was shared: their names then
                '<rsnm rId="4" sheetId="2" oldName="张三13312345678" newName="汇总"/>'
                f'<rdn rId="5" localSheetId="0" name="联系人"><formula>"{ID}"</formula></rdn></revisions>')
USERS = (f'<users xmlns="{S}" count="1"><userInfo guid="{{A1B2C3D4-0000-4000-8000-00000000000C}}" '
         'name="赵六 13812345678" id="1" dateTime="2024-03-01T10:00:00"/></users>')


def test_an_xlsxs_revision_log_and_its_users(site, cli, tmp_path):
    """Each user of the revisions and of the shared workbook, each changed cell's old and new values (a deleted
    row's among them, in rich text over two runs), a renamed sheet's old name and a name's formula."""
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "名单", "B2": "已核实"}))
    headers = "xl/revisions/revisionHeaders.xml"
    package.add(headers, REVISION_HEADERS, CONTENT + "spreadsheetml.revisionHeaders+xml", "xl/workbook.xml",
                "revisionHeaders")
    log = package.add("xl/revisions/revisionLog1.xml", REVISION_LOG, CONTENT + "spreadsheetml.revisionLog+xml",
                      headers, "revisionLog")
    package.edit(headers, 'r:id="LOG"', f'r:id="{log}"')
    package.add("xl/revisions/userNames.xml", USERS, CONTENT + "spreadsheetml.userNames+xml", "xl/workbook.xml",
                "usernames")
    refused(site, cli, "x.xlsx", package.save(), [
        ("修订作者", "139****5678"), ("修订作者", "137****5678"), ("共享工作簿的用户", "138****5678"),
        ("修订记录中单元格 B2 的原值", ID_MASKED), ("修订记录中单元格 C2 的新值", "136****5678"),
        ("修订记录中单元格 A3 的新值", "135****5678"), ("修订记录中的工作表或名称", "133****5678"),
        ("修订记录中的工作表或名称", ID_MASKED)])


EXTERNAL_BOOK = (f'<externalLink xmlns="{S}" xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames>'
                 '<sheetName val="汇总"/><sheetName val="花名册"/><sheetName val="李四13412345678"/></sheetNames>'
                 f'<definedNames><definedName name="经办人" refersTo="=&quot;{ID}&quot;"/></definedNames>'
                 '<sheetDataSet><sheetData sheetId="0"/>'
                 f'<sheetData sheetId="1"><row r="2"><cell r="B2" t="str"><v>{MOBILE}</v></cell><cell r="C2" t="str">'
                 f'<v>{ID}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')


def test_an_xlsxs_external_links_cached_values(site, cli, tmp_path):
    """The cells a link caches of the other workbook, named by its sheet; that workbook's sheet names and defined
    names."""
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "名单", "B2": "='[1]花名册'!B2"}))
    link = "xl/externalLinks/externalLink1.xml"
    rel_id = package.add(link, EXTERNAL_BOOK, CONTENT + "spreadsheetml.externalLink+xml", "xl/workbook.xml",
                         "externalLink")
    package.parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{R}/externalLinkPath" Target="file:///C:\\名单.xlsx" TargetMode="External"/></Relationships>')
    package.edit("xl/workbook.xml", "</sheets>", f'</sheets><externalReferences xmlns:r="{R}"><externalReference '
                                                 f'r:id="{rel_id}"/></externalReferences>')
    refused(site, cli, "x.xlsx", package.save(), [
        ("外部链接缓存的工作表“花名册”单元格 B2", "139****5678"), ("外部链接缓存的工作表“花名册”单元格 C2", ID_MASKED),
        ("外部链接的工作表名称", "134****5678"), ("外部链接的名称", ID_MASKED)])


# Custom XML data, and the titles of legacy (VML) pictures

CUSTOM_XML = ('<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties">'
              '<documentManagement><Contact xmlns="http://example.gov.cn/fields">张三 13912345678</Contact>'
              f'<Applicant xmlns="http://example.gov.cn/fields" number="{ID}"/></documentManagement></p:properties>')


@pytest.mark.parametrize("name, main", [("x.docx", "word/document.xml"), ("x.xlsx", "xl/workbook.xml")])
def test_custom_xml_data(site, cli, tmp_path, name, main):
    """A document library's columns, kept in the file: an element's text and an attribute's value."""
    package = word_file(tmp_path / name) if name.endswith(".docx") else Package(workbook(tmp_path / name))
    package.add("customXml/item1.xml", CUSTOM_XML, "application/xml", main, "customXml")
    refused(site, cli, name, package.save(), [("自定义 XML", "139****5678"), ("自定义 XML", ID_MASKED)])


VML_HEADER = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
              'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" '
              'data="1"/></o:shapelayout><v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" '
              'o:preferrelative="t" path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f"><v:stroke joinstyle="miter"/>'
              '<v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/><o:lock v:ext="edit" '
              'aspectratio="t"/></v:shapetype>'
              # the picture of the header's centre (&G): its title is the file it was inserted from
              "<v:shape id=\"CH\" o:spid=\"_x0000_s1025\" type=\"#_x0000_t75\" style='position:absolute;"
              f"margin-left:0;margin-top:0;width:48pt;height:48pt;z-index:1' alt=\"张三身份证 {ID}\"><v:imagedata "
              f'o:relid="IMAGE" o:title="张三{MOBILE}"/><o:lock v:ext="edit" rotation="t"/></v:shape></xml>')


def test_an_xlsxs_header_picture_title(site, cli, tmp_path):
    package = Package(workbook(tmp_path / "x.xlsx", {"A1": "名单"}))
    drawing = "xl/drawings/vmlDrawingHF1.vml"
    rel_id = package.add(drawing, VML_HEADER, CONTENT + "vmlDrawing", "xl/worksheets/sheet1.xml", "vmlDrawing")
    image = package.add("xl/media/image1.png", png(), "image/png", drawing, "image")
    package.edit(drawing, 'o:relid="IMAGE"', f'o:relid="{image}"')
    package.edit("xl/worksheets/sheet1.xml", "</worksheet>", '<headerFooter><oddHeader>&amp;C&amp;G</oddHeader>'
                 f'</headerFooter><legacyDrawingHF xmlns:r="{R}" r:id="{rel_id}"/></worksheet>')
    refused(site, cli, "x.xlsx", package.save(), [
        ("工作表“名单”中图形的标题", "139****5678"), ("工作表“名单”中图形的替代文字", ID_MASKED)])


def test_a_docxs_legacy_picture_title_and_alt_text(site, cli, tmp_path):
    """A picture as Word 2003 inserted it (VML): its title, the file it was inserted from, and its alt text."""
    word = OoxmlDocx()
    picture = (f'<w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:100pt;height:100pt" alt="{ID}">'
               f'<v:imagedata r:id="{word.image()}" o:title="张三{MOBILE}"/></v:shape></w:pict>')
    word.save(tmp_path / "x.docx", p(r("现场照片如下。")), p(r(inner=picture)))
    refused(site, cli, "x.docx", (tmp_path / "x.docx").read_bytes(), [
        ("图形的标题", "139****5678"), ("图形的替代文字", ID_MASKED)])
