"""build.py import holds back text Word covers whatever the colour of the band (a dark red or dark blue highlight,
dark shading of any hue), and reads a table style's conditional formats (the header row's, the banded rows') as
Word applies them: text they hide stays out, text they cover holds the document back."""
from __future__ import annotations

from ooxml_docx import OoxmlDocx, p, r
from test_import_word_formatting import COVERED, cell, disclosure, held, imported, table

LOOK = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
        'w:noVBand="1"/>')


def styled_table(style: str, look: str, *rows: str) -> str:
    """A table of one column in table style `style`, its w:tblLook as given."""
    return table(*([cell(p(r(text)))] for text in rows), style=style).replace("</w:tblPr>", f"{look}</w:tblPr>")


def test_text_under_a_dark_highlight_or_fill_of_any_hue_holds_the_document_back(tmp_path, site, cli):
    markdown, run, _, root = imported(
        tmp_path, site, cli, OoxmlDocx(),
        p(r("举报人："), r("王五", rpr='<w:highlight w:val="darkBlue"/>'), r("，电话"),
          r("13800000000", rpr='<w:color w:val="C00000"/><w:highlight w:val="darkRed"/>'), r("。")),
        p(r("身份证号："), r("340102", rpr='<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>'), r("。")),
        p(r("住址："), r("某某村", rpr='<w:color w:val="000000"/><w:highlight w:val="darkGray"/>'), r("。")),
        p(r("白字深蓝", rpr='<w:color w:val="FFFFFF"/><w:highlight w:val="darkBlue"/>'),
          r("黄字深绿", rpr='<w:color w:val="FFFF00"/><w:highlight w:val="darkGreen"/>'),
          r("白字深红底纹", rpr='<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:color="auto" w:fill="7B2C2C"/>')),
        build=False)
    held(cli, root, markdown, run, COVERED.format("“王五”“13800000000”“340102”等共 4 段"))  # light text is read


def test_text_a_table_styles_conditional_format_hides_is_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="table" w:styleId="biaotou"><w:name w:val="内部表头"/>'
              '<w:tblStylePr w:type="firstRow"><w:rPr><w:vanish/></w:rPr></w:tblStylePr></w:style>')
    markdown, _, page, _ = imported(
        tmp_path, site, cli, doc,
        styled_table("biaotou", '<w:tblLook w:val="0020"/>', "内部编号zqleakT", "公开内容zqshowT"),
        styled_table("biaotou", '<w:tblLook w:val="0000"/>', "表头照常zqshowU", "公开内容zqshowV"))
    assert "zqleak" not in markdown and "zqleak" not in page
    for shown in ("公开内容zqshowT", "表头照常zqshowU", "公开内容zqshowV"):
        assert shown in page


def test_text_a_table_styles_conditional_format_covers_holds_the_document_back(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="table" w:styleId="tiaowen"><w:name w:val="条纹表"/>'
              '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr>'
              '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr></w:tblStylePr>'
              '<w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="262626"/></w:tcPr>'
              '</w:tblStylePr></w:style>')
    markdown, run, _, root = imported(
        tmp_path, site, cli, doc, styled_table("tiaowen", LOOK, "姓名", "张三", "李四", "王五"), build=False)
    held(cli, root, markdown, run, COVERED.format("“张三”“王五”共 2 段"))  # the header's white text is read
    assert disclosure(markdown).startswith('disclosure: ""')
