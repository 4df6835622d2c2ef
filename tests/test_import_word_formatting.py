"""build.py import keeps what formatting says about the text: struck-through, raised and lowered text, ticked boxes;
text a table's style hides stays out; text Word covers (blacked out) or that cannot be seen (white, 1–2 pt) holds
the document back; a link's target never ends the link."""
from __future__ import annotations

import pytest
from lxml import etree

from gongkai.importing.ooxml import switch
from ooxml_docx import NS, OoxmlDocx, p, r, text_box
from test_import_word import import_page

TITLE = p(r("测试县人民政府办公室关于做好政务公开工作的通知"), ppr='<w:jc w:val="center"/>')
HEAD = (TITLE, p(r("各乡镇人民政府，县政府各部门：")))
TAIL = (p(r("测试县人民政府办公室"), ppr='<w:jc w:val="right"/>'), p(r("2021年6月30日"), ppr='<w:jc w:val="right"/>'),
        p(r("（此件公开发布）")))
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def imported(tmp_path, site, cli, doc: OoxmlDocx, *body: str, build: bool = True):
    """(the Markdown written, the import run, the page's HTML, the site) for a 公文 noted （此件公开发布）."""
    return import_page(site, cli, doc.save(tmp_path / "通知.docx", *HEAD, *body, *TAIL), build)


def cell(*paragraphs: str, shading: str = "") -> str:
    fill = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{shading}"/></w:tcPr>' if shading else ""
    return f"<w:tc>{fill}{''.join(paragraphs)}</w:tc>"


def table(*rows: list[str], style: str = "") -> str:
    named = f'<w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>' if style else ""
    return f"<w:tbl>{named}" + "".join(f"<w:tr>{''.join(row)}</w:tr>" for row in rows) + "</w:tbl>"


def form_check_box(state: str) -> str:
    """A legacy check box form field (FORMCHECKBOX); `state` is the XML of its w:default and w:checked."""
    return (r(inner='<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
                  f'<w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar>')
            + r(inner='<w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText>')
            + r(inner='<w:fldChar w:fldCharType="end"/>'))


def content_check_box(ticked: bool, shown: str) -> str:
    """A check box content control (w14:checkbox) whose run holds `shown`, as Word writes it in MS Gothic."""
    return (f'<w:sdt xmlns:w14="{W14}"><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(ticked)}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
            f'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent>{r(shown)}</w:sdtContent></w:sdt>')


def disclosure(markdown: str) -> str:
    return next(line for line in markdown.split("\n") if line.startswith("disclosure:"))


# text a table's style hides; on/off values


def test_text_a_table_style_hides_is_not_published_through_its_based_on_chain(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="table" w:styleId="neibu"><w:name w:val="内部表"/><w:rPr><w:vanish/></w:rPr></w:style>')
    doc.style('<w:style w:type="table" w:styleId="neibu2"><w:name w:val="内部表二"/><w:basedOn w:val="neibu"/></w:style>')
    hidden = [[cell(p(r("项目"))), cell(p(r("内部核对zqleakA")))]]
    based = [[cell(p(r("备注"))), cell(p(r("内部核对zqleakB")))]]
    shown = [[cell(p(r("事项"))), cell(p(r("公开的zqshowT"), r("直接取消隐藏zqshowU", rpr='<w:vanish w:val="0"/>')))]]
    markdown, _, page, _ = imported(tmp_path, site, cli, doc, p(r("正文。")),
                                    table(*hidden, style="neibu"), table(*based, style="neibu2"), table(*shown))
    for secret in ("zqleakA", "zqleakB", "内部核对"):
        assert secret not in markdown and secret not in page
    assert "公开的zqshowT直接取消隐藏zqshowU" in page  # a table without the style shows its text
    assert "正文。" in page


def test_text_a_table_style_hides_shows_where_the_run_sets_hidden_off(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="table" w:styleId="neibu"><w:name w:val="内部表"/><w:rPr><w:vanish/></w:rPr></w:style>')
    markdown, _, page, _ = imported(tmp_path, site, cli, doc, table(
        [cell(p(r("隐藏zqleakC"))), cell(p(r("显示zqshowD", rpr='<w:vanish w:val="off"/>')))], style="neibu"))
    assert "zqleakC" not in markdown and "显示zqshowD" in page


@pytest.mark.parametrize("value, on", [("off", False), ("false", False), ("0", False), ("on", True), ("true", True),
                                       ("1", True), (None, True)])
def test_on_off_values_are_read_as_st_on_off_writes_them(value, on):
    attribute = f' w:val="{value}"' if value else ""
    properties = etree.fromstring(f"<w:rPr {NS}><w:vanish{attribute}/></w:rPr>")
    assert switch(properties, "w:vanish", False) is on


def test_text_set_not_hidden_with_off_is_published(tmp_path, site, cli):
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(),
                                    p(r("正文。"), r("显示的文字zqshowOFF", rpr='<w:vanish w:val="off"/>')))
    assert "正文。显示的文字zqshowOFF" in markdown and "显示的文字zqshowOFF" in page


# formatting that carries meaning


def test_struck_through_raised_and_lowered_text_keeps_its_meaning(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="character" w:styleId="shanchu"><w:name w:val="删除"/>'
              '<w:rPr><w:dstrike/></w:rPr></w:style>')
    markdown, _, page, _ = imported(
        tmp_path, site, cli, doc,
        p(r("补助标准为每人每月"), r("500元", rpr="<w:strike/>"), r("800元，"), r("原", rpr='<w:rStyle w:val="shanchu"/>'),
          r("不再", rpr='<w:strike w:val="off"/>'), r("执行。")),
        p(r("补助资金1×10"), r("4", rpr='<w:vertAlign w:val="superscript"/>'), r("元，面积200m"),
          r("2", rpr='<w:vertAlign w:val="superscript"/>'), r("，H"), r("2", rpr='<w:vertAlign w:val="subscript"/>'),
          r("O。")),
        p(r("原第五条", rpr="<w:strike/>"), r("删去。")))
    assert "补助标准为每人每月<del>500元</del>800元，<del>原</del>不再执行。" in markdown
    assert "补助资金1×10<sup>4</sup>元，面积200m<sup>2</sup>，H<sub>2</sub>O。" in markdown
    assert "每人每月<del>500元</del>800元，<del>原</del>不再执行。" in page
    assert "1×10<sup>4</sup>元，面积200m<sup>2</sup>，H<sub>2</sub>O。" in page
    assert "\n\n<del>原第五条</del>删去。\n" in markdown and "<p><del>原第五条</del>删去。</p>" in page


def test_struck_and_raised_text_is_escaped_like_any_text(tmp_path, site, cli):
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), p(
        r("甲"), r("<b>乙</b>*丙*", rpr="<w:strike/>"), r("丁"), r("[戊](x)", rpr='<w:vertAlign w:val="superscript"/>')))
    assert r"甲<del>&lt;b>乙&lt;/b>\*丙\*</del>丁<sup>\[戊\](x)</sup>" in markdown
    assert "甲<del>&lt;b&gt;乙&lt;/b&gt;*丙*</del>丁<sup>[戊](x)</sup>" in page


def test_check_boxes_show_whether_they_are_ticked(tmp_path, site, cli):
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), p(
        r("审核意见："), form_check_box('<w:default w:val="1"/>'), r("同意公开　"),
        form_check_box('<w:default w:val="0"/>'), r("不同意公开　"),
        form_check_box('<w:default w:val="0"/><w:checked/>'), r("删减后公开　"),
        form_check_box('<w:default w:val="1"/><w:checked w:val="0"/>'), r("不予公开")),
        p(r("是否涉密："), content_check_box(True, "☒"), r("是　"), content_check_box(False, "☐"), r("否")))
    assert "审核意见：☑同意公开　☐不同意公开　☑删减后公开　☐不予公开" in markdown
    assert "是否涉密：☑是　☐否" in markdown
    assert "审核意见：☑同意公开　☐不同意公开　☑删减后公开　☐不予公开" in page


# covered and invisible text holds the document back


COVERED = ("文件中{}文字被涂黑（深色突出显示或底纹），网站会显示出原文：请发文单位把要删去的文字真正删除后"
           "重新提供文件，确认可以公开后填写公开属性")
INVISIBLE = ("文件中有白色（或极小字号）文字{}，打印和 Word 中看不到，网站会显示出来：请核对这些文字，不应公开的"
             "在 Word 中删去后重新导入，确认可以公开后填写公开属性")


def held(cli, root, markdown: str, run, reason: str) -> None:
    """The 公开属性 is left for the editor with `reason`, the import says so, and the build refuses the document."""
    assert disclosure(markdown) == f'disclosure: ""  # 待填写：{reason}'
    assert f"通知.docx: 警告：{reason}：已在 content/qtxx/" in run.err
    built = cli("build", "--site", root)
    assert built.code == 1 and "公开属性（disclosure）标注了“待填写”，本文档不会发布" in built.err


def test_text_blacked_out_in_word_holds_the_document_back(tmp_path, site, cli):
    markdown, run, _, root = imported(
        tmp_path, site, cli, OoxmlDocx(),
        p(r("举报人："), r("王", rpr='<w:color w:val="000000"/><w:highlight w:val="black"/>'),
          r("五", rpr='<w:highlight w:val="black"/>'), r("，反映的问题已核实。")),
        p(r("联系人："), r("赵六", rpr='<w:shd w:val="clear" w:color="auto" w:fill="000000"/>')),
        p(r("住址：某某村"), ppr='<w:shd w:val="clear" w:color="auto" w:fill="0D0D0D"/>'),
        table([cell(p(r("身份证号")), shading="FFFFFF"), cell(p(r("340102")), shading="1A1A1A")]), build=False)
    held(cli, root, markdown, run, COVERED.format("“王五”“赵六”“住址：某某村”等共 4 段"))
    assert "王五" in markdown  # the text stays for the editor to see what Word covers


def test_text_covered_by_a_solid_pattern_holds_the_document_back(tmp_path, site, cli):
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), p(
        r("经办人："), r("孙八", rpr='<w:color w:val="333333"/><w:shd w:val="solid" w:color="auto" w:fill="auto"/>')),
        build=False)
    held(cli, root, markdown, run, COVERED.format("“孙八”一段"))


def test_white_and_tiny_text_holds_the_document_back(tmp_path, site, cli):
    markdown, run, _, root = imported(
        tmp_path, site, cli, OoxmlDocx(),
        p(r("正文一。"), r("白色文字", rpr='<w:color w:val="FFFFFF"/>'), r("正文二。"),
          r("近白文字", rpr='<w:color w:val="F8F8F8"/><w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/>')),
        p(r("一磅字", rpr='<w:sz w:val="2"/><w:szCs w:val="2"/>'), r("正文三。")),
        p(r(inner=text_box(p(r("无填充文本框中的白字", rpr='<w:color w:val="FFFFFF"/>')))), r("正文四。")), build=False)
    held(cli, root, markdown, run, INVISIBLE.format("“白色文字”“近白文字”“一磅字”等 4 处"))


def test_covered_and_invisible_text_are_each_named_and_a_long_passage_cut_short(tmp_path, site, cli):
    long = "这是一段很长的被涂黑的文字，用来检查提示中只写出开头的二十个字，其余的省略"
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), p(
        r(long, rpr='<w:highlight w:val="black"/>'), r("白字", rpr='<w:color w:val="FFFFFF"/>')), build=False)
    reason = COVERED.format(f"“{long[:20]}……”一段") + "；" + INVISIBLE.format("“白字”")
    held(cli, root, markdown, run, reason)


def test_ordinary_colours_fills_and_sizes_do_not_hold_the_document_back(tmp_path, site, cli):
    markdown, run, page, _ = imported(
        tmp_path, site, cli, OoxmlDocx(),
        table([cell(p(r("项目zqshowH", rpr='<w:b/><w:color w:val="FFFFFF"/>')), shading="000000"),
               cell(p(r("金额", rpr='<w:color w:val="FFFFFF"/>')), shading="1F4E79")],
              [cell(p(r("办公费"))), cell(p(r("1200元")))]),
        p(r("注意：", rpr='<w:color w:val="FF0000"/>'),
          r("白字黑底", rpr='<w:color w:val="FFFFFF"/><w:highlight w:val="black"/>'),
          r("黄色突出", rpr='<w:highlight w:val="yellow"/>'), r("灰色底纹", rpr='<w:shd w:val="clear" w:fill="D9D9D9"/>'),
          r("小五号字", rpr='<w:sz w:val="18"/>'), r("网页隐藏zqshowW", rpr="<w:webHidden/>"),
          r("白字黄底", rpr='<w:color w:val="FFFFFF"/><w:highlight w:val="yellow"/>')),
        p(r(inner=text_box(p(r("蓝底文本框中的白字", rpr='<w:color w:val="FFFFFF"/>'))).replace(
            "<wps:spPr/>", '<wps:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill></wps:spPr>').replace(
            "<v:shape ", '<v:shape fillcolor="#2f5597" ')), r("正文。")))
    assert disclosure(markdown) == "disclosure: 主动公开"
    assert "待填写" not in run.err
    for shown in ("项目zqshowH", "注意：", "白字黑底", "网页隐藏zqshowW", "白字黄底", "蓝底文本框中的白字"):
        assert shown in page


# link targets


def test_a_link_target_can_never_end_the_link(tmp_path, site, cli):
    doc = OoxmlDocx()
    target = 'https://example.org/a b(c)\n\n内部备注zqURL\n\n<div class="x">zqDIV</div>"\'\\[d]%zz%41'
    rel = doc.link(target)
    markdown, _, page, _ = imported(tmp_path, site, cli, doc, p(
        r("详见"), f'<w:hyperlink r:id="{rel}">{r("网站")}</w:hyperlink>', r("。")))
    href = ("https://example.org/a%20b%28c%29%0A%0A%E5%86%85%E9%83%A8%E5%A4%87%E6%B3%A8zqURL%0A%0A"
            "%3Cdiv%20class=%22x%22%3EzqDIV%3C/div%3E%22%27%5C%5Bd%5D%25zz%41")
    assert f"详见[网站]({href})。" in markdown
    assert f'详见<a href="{href}"' in page and '<div class="x">' not in page
    assert page.count("zqURL") == 1 and page.count("zqDIV") == 1  # in the address only
