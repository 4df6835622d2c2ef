"""build.py import publishes what Word shows: hidden text, comments, deleted text, placeholders, the 目录 and
field codes stay out; tracked changes read as accepted; automatic numbers as Word counts them; objects,
seals and links to local files are held back with a warning."""
from __future__ import annotations

from ooxml_docx import (OoxmlDocx, anchored_picture, chinese_list, deleted, field, inline_picture, num, numbered,
                        ole_object, p, r, text_box, tracked)
from test_import_word import DATE

TITLE = p(r("关于做好政务公开工作的通知"), ppr='<w:jc w:val="center"/>')


def run_import(tmp_path, site, cli, doc: OoxmlDocx, *body: str, build: bool = False):
    """Imports a Word file with this body as a page: (the Markdown body, the import run, the page's HTML)."""
    root = site({})
    run = cli("import", doc.save(tmp_path / "通知.docx", TITLE, *body), "--site", root, "--type", "page",
              "--date", DATE)
    assert run.code == 0, run.err
    [written] = (root / "content/qtxx").glob("*.md")
    markdown = written.read_text().split("---\n", 2)[2]
    page = ""
    if build:  # the editor confirms the 公开属性 the Word file does not state, as the import asks
        written.write_text(written.read_text().replace(
            next(line for line in written.read_text().split("\n") if line.startswith("disclosure:")),
            "disclosure: 主动公开"))
        built = cli("build", "--site", root)
        assert built.code == 0, built.err
        page = (root / "public/qtxx" / written.name).with_suffix(".html").read_text()
    return markdown, run, page


def test_hidden_text_is_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="character" w:styleId="hidden"><w:name w:val="内部备注"/><w:rPr><w:vanish/></w:rPr></w:style>')
    body, _, page = run_import(
        tmp_path, site, cli, doc,
        p(r("一是做好解读。"), r("【内部备注：审定前不得对外】", rpr="<w:vanish/>"), r("各单位要同步解读。")),
        p(r("二是加强发布。"), r("【样式隐藏：内部材料】", rpr='<w:rStyle w:val="hidden"/>'),
          r("【特殊隐藏】", rpr="<w:specVanish/>")),
        p(r("【整段隐藏，连段落标记】", rpr="<w:vanish/>"), ppr="<w:rPr><w:vanish/></w:rPr>"),
        p(r("三是做好归档。")), build=True)
    for secret in ("内部备注", "审定前不得对外", "样式隐藏", "内部材料", "特殊隐藏", "整段隐藏"):
        assert secret not in body and secret not in page, secret
    assert "一是做好解读。各单位要同步解读。\n\n二是加强发布。\n\n三是做好归档。\n" in body


def test_hidden_and_deleted_text_of_a_footnote_is_not_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.footnotes((1, p(r(inner="<w:footnoteRef/>"), r(" 见条例第五条。"), r("【内部：出处待核】", rpr="<w:vanish/>"),
                        tracked("moveFrom", r("移走的注释")), deleted("删去的注释"))))
    body, _, _ = run_import(tmp_path, site, cli, doc, p(r("依法公开"), r(inner='<w:footnoteReference w:id="1"/>'), r("。")))
    assert "依法公开[^1]。" in body and "[^1]: 见条例第五条。\n" in body
    assert "出处待核" not in body and "移走" not in body and "删去" not in body


def test_comments_are_never_read(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.comments((0, "批注：这段数字未经核实，暂不公开"))
    body, _, _ = run_import(tmp_path, site, cli, doc, p(
        '<w:commentRangeStart w:id="0"/>', r("全年公开政府信息1200条。"), '<w:commentRangeEnd w:id="0"/>',
        r(inner='<w:commentReference w:id="0"/>')))
    assert "未经核实" not in body and "批注" not in body
    assert "全年公开政府信息1200条。\n" in body


def test_tracked_changes_read_as_all_accepted(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.numbering(chinese_list(75, "%1、"), num(75, 75))
    was_numbered = ('<w:pPrChange w:id="2" w:author="a"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="75"/>'
                    '</w:numPr></w:pPr></w:pPrChange>')
    body, _, _ = run_import(
        tmp_path, site, cli, doc,
        p(r("按照"), deleted("旧的"), tracked("ins", r("新的")), r("要求，"), tracked("moveFrom", r("【移走的原文】")),
          r("做好工作。")),
        p(tracked("moveTo", r("移到这里的句子。"))),
        p(r("格式改过", rpr='<w:rPrChange w:id="1" w:author="a"><w:rPr><w:b/></w:rPr></w:rPrChange>')),
        p(r("不再编号的段落"), ppr=was_numbered),
        p(r("前一段被并入"), ppr='<w:rPr><w:del w:id="3" w:author="a"/></w:rPr>'),
        p(r("下一段。")))
    assert ("按照新的要求，做好工作。\n\n移到这里的句子。\n\n格式改过\n\n不再编号的段落\n\n"
            "前一段被并入下一段。\n") in body
    assert "旧的" not in body and "移走的原文" not in body


def test_a_deleted_numbered_paragraph_vanishes_and_takes_no_number(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.numbering(chinese_list(70, "（%1）"), num(70, 70))
    gone = '<w:rPr><w:del w:id="4" w:author="a"/></w:rPr>'
    body, _, _ = run_import(
        tmp_path, site, cli, doc, numbered("推进决策公开", 70),
        p(deleted("删去的一项"), ppr=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="70"/></w:numPr>{gone}'),
        numbered("加强政策解读", 70))
    assert "## （一）推进决策公开\n\n## （二）加强政策解读\n" in body
    assert "删去" not in body and "（三）" not in body


def test_a_deleted_table_row_is_dropped_and_a_row_in_a_content_control_kept(tmp_path, site, cli):
    def row(a: str, b: str, trpr: str = "") -> str:
        cells = "".join(f"<w:tc>{p(r(t))}</w:tc>" for t in (a, b))
        return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{cells}</w:tr>"
    table = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>" + row("项目", "金额")
             + row("已删除项目", "999", '<w:del w:id="5" w:author="a"/>') + row("办公经费", "12")
             + row("已隐藏项目", "998", "<w:hidden/>")
             + f'<w:sdt><w:sdtPr/><w:sdtContent>{row("控件中的项目", "7")}</w:sdtContent></w:sdt>' + "</w:tbl>")
    body, _, _ = run_import(tmp_path, site, cli, OoxmlDocx(), table)
    assert "| 项目 | 金额 |\n|---|---|\n| 办公经费 | 12 |\n| 控件中的项目 | 7 |\n" in body
    assert "已删除" not in body and "已隐藏" not in body and "|  |  |" not in body


def test_one_automatic_list_runs_on_across_typed_headings_as_in_word(tmp_path, site, cli):
    """A yearly work plan: typed 一、 headings between items of one （%1） list, each section in its own w:num."""
    doc = OoxmlDocx()
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    doc.numbering(chinese_list(80, "（%1）"), num(81, 80), num(82, 80), num(83, 80, restart))
    items = ["深化财政信息公开", "推进重大项目公开", "做好民生信息公开", "加强政策解读", "回应社会关切",
             "规范政策发布", "持续加强重大政策发布解读"]
    body, _, page = run_import(
        tmp_path, site, cli, doc, p(r("一、围绕重点领域加强公开")),
        *[numbered(text, 81) for text in items[:3]], p(r("二、强化政策解读回应")),
        *[numbered(text, 82) for text in items[3:]], p(r("三、新的一节")), numbered("重新编号的一项", 83), build=True)
    assert "### （七）持续加强重大政策发布解读\n" in body and "（一）持续加强" not in page
    assert "### （四）加强政策解读\n" in body and "### （一）重新编号的一项\n" in body


def test_word_numbering_levels_restart_only_as_word_restarts_them(tmp_path, site, cli):
    doc = OoxmlDocx()
    decimal = ('<w:abstractNum w:abstractNumId="60"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
               '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/>'
               '<w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>')
    doc.numbering(decimal, num(60, 60), chinese_list(61, "%1、"), num(61, 61))
    doc.style('<w:style w:type="paragraph" w:styleId="yaodian"><w:name w:val="要点"/>'
              '<w:pPr><w:numPr><w:numId w:val="61"/></w:numPr></w:pPr></w:style>')
    styled = '<w:pStyle w:val="yaodian"/>'
    body, _, _ = run_import(
        tmp_path, site, cli, doc, numbered("第一项", 60), numbered("第一小项", 60, 1), numbered("第二项", 60),
        numbered("第二小项", 60, 1), p(r("中间插入的说明文字。")), numbered("第三项", 60),
        p(r("总体要求"), ppr=styled), p(r("重点任务"), ppr=styled))
    assert "1. 第一项\n    1. 第一小项\n2. 第二项\n    2. 第二小项\n\n中间插入的说明文字。\n\n3. 第三项\n" in body
    assert "## 一、总体要求\n\n## 二、重点任务\n" in body


def test_legal_numbering_shows_every_level_in_arabic_digits(tmp_path, site, cli):
    doc = OoxmlDocx()
    legal = ('<w:abstractNum w:abstractNumId="65"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
             '<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1.%2　"/></w:lvl></w:abstractNum>')
    doc.numbering(legal, num(65, 65))
    body, _, _ = run_import(tmp_path, site, cli, doc, numbered("总体要求", 65), numbered("工作目标", 65, 1),
                            numbered("重点任务", 65), numbered("推进决策公开", 65, 1))
    assert "## 一、总体要求\n\n1\\.1　工作目标\n\n## 二、重点任务\n\n2\\.1　推进决策公开\n" in body


def test_placeholders_the_table_of_contents_and_field_codes_are_not_published(tmp_path, site, cli):
    toc = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
           f'<w:sdtContent>{p(r("目录"))}{p(r("控件目录一、总体要求 1"))}</w:sdtContent></w:sdt>')
    placeholder = ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>')
    begin = r(inner='<w:fldChar w:fldCharType="begin"/>') + r(inner='<w:instrText> TOC \\o "1-3" \\h \\z \\u </w:instrText>')
    body, _, _ = run_import(
        tmp_path, site, cli, OoxmlDocx(), toc, p(r("目\u3000录"), ppr='<w:jc w:val="center"/>'),
        p(begin, r(inner='<w:fldChar w:fldCharType="separate"/>'), r("域目录一、总体要求"), r(inner="<w:tab/>"), r("2")),
        p(r("域目录二、重点任务"), r(inner="<w:tab/>"), r("3"), r(inner='<w:fldChar w:fldCharType="end"/>')),
        placeholder.format(p(r("单击或点击此处输入文字。"))),
        p(r("联系人："), placeholder.format(r("单击或点击此处输入文字。")), r("办公室")),
        p(r("印发日期："), field('DATE \\@ "yyyy年M月d日"', "2021年6月30日"), r("，第"), field("PAGE", "1"), r("页")))
    for gone in ("目录", "目\u3000录", "总体要求", "重点任务", "单击或点击", "DATE", "yyyy", "PAGE"):
        assert gone not in body, gone
    assert "联系人：办公室\n\n印发日期：2021年6月30日，第页\n" in body


def manual_toc(*lines: str) -> str:
    """Word's 手动目录: a 目录 control holding typed lines, no 目录 field."""
    return ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
            f'<w:sdtContent>{p(r("目录"))}{"".join(lines)}</w:sdtContent></w:sdt>')


SIGNED = (p(r("测试县人民政府办公室"), ppr='<w:jc w:val="right"/>'), p(r("2021年6月30日"), ppr='<w:jc w:val="right"/>'))


def test_a_manual_table_of_contents_keeps_its_attachment_lines_unless_the_file_holds_the_attachment(tmp_path, site, cli):
    """附件1 is in the file, so its line goes; 附件 2 (over its title) and 附件3 are not: those lines may be the only
    place these attachments are named."""
    tab = r(inner="<w:tab/>")
    toc = manual_toc(p(r("一、总体要求"), tab, r("1")), p(r("附件1：项目清单……………5")),
                     p(r("附件 2")), p(r("资金明细表"), tab, r("7")), p(r("附件3：人员名单"), tab, r("9")))
    attachment = (p(r(inner='<w:br w:type="page"/>'), r("附件1")), p(r("项目清单"), ppr='<w:jc w:val="center"/>'),
                  p(r("附件正文。")))
    body, run, _ = run_import(tmp_path, site, cli, OoxmlDocx(), toc, p(r("一、总体要求")), p(r("正文。")),
                              p(r("附件：1．项目清单")), p(r("2．资金明细表")), p(r("3．人员名单")), *SIGNED, *attachment)
    assert body.lstrip().startswith("附件 2\n\n资金明细表 7\n\n附件3：人员名单 9\n\n## 一、总体要求\n\n正文。\n\n"
                                    "附件：1．项目清单\n\n2．资金明细表\n\n3．人员名单\n\n"), body
    assert "\n## 附件1：项目清单\n\n附件正文。\n" in body and "……" not in body and body.count("项目清单") == 2
    assert ("通知.docx: 警告：手动目录中的“附件 2”“资金明细表 7”“附件3：人员名单 9”所指的附件不在这个 Word 文件中，"
            "已作为正文保留：请对照 Word 文件核对，不需要的在正文中删去") in run.err


def test_a_list_of_attachments_in_a_manual_table_of_contents_stays_whole_and_makes_no_headings(tmp_path, site, cli):
    toc = manual_toc(p(r("一、总体要求……1")), p(r("附件：1．项目清单……5")), p(r("2．资金明细表……7")))
    body, run, _ = run_import(tmp_path, site, cli, OoxmlDocx(), toc, p(r("一、总体要求")), p(r("1.加强领导")), *SIGNED)
    assert body.lstrip().startswith("附件：1．项目清单……5\n\n2．资金明细表……7\n\n## 一、总体要求\n\n### 1.加强领导\n"), body
    assert "手动目录中的“附件：1．项目清单……5”“2．资金明细表……7”所指的附件不在这个 Word 文件中" in run.err


def test_a_field_that_never_ends_is_named_in_a_warning(tmp_path, site, cli):
    begin = r(inner='<w:fldChar w:fldCharType="begin"/>') + r(inner='<w:instrText> TOC \\o "1-3" </w:instrText>')
    body, run, _ = run_import(tmp_path, site, cli, OoxmlDocx(), p(r("前言。")),
                              p(begin, r(inner='<w:fldChar w:fldCharType="separate"/>'), r("目录项")), p(r("正文。")))
    assert "目录项" not in body and "前言。" in body
    assert ("通知.docx: 警告：文件中有一个域（目录、页码等）没有结束标记，其后的文字可能未导入："
            "请对照 Word 文件核对导入的内容，必要时在 Word 中删去该目录或域后重新导入") in run.err


def test_links_inserted_as_fields_keep_their_address(tmp_path, site, cli):
    simple = ('<w:fldSimple w:instr=" HYPERLINK &quot;https://www.gov.cn/zhengce/&quot; ">'
              + r("中国政府网") + "</w:fldSimple>")
    body, _, _ = run_import(tmp_path, site, cli, OoxmlDocx(), p(r("详见"), simple, r("和"),
                            field('HYPERLINK "https://www.ah.gov.cn/" \\o "安徽"', "省政府网站"), r("。")))
    assert "详见[中国政府网](https://www.gov.cn/zhengce/)和[省政府网站](https://www.ah.gov.cn/)。\n" in body
    assert "HYPERLINK" not in body


def test_a_link_to_a_local_file_keeps_its_text_only_and_is_named_in_a_warning(tmp_path, site, cli):
    doc = OoxmlDocx()
    local, relative = doc.link("file:///C:/Users/张三/Desktop/内部材料/测算表.xlsx"), doc.link("../内部/底稿.docx")
    body, run, _ = run_import(tmp_path, site, cli, doc, p(
        r("见"), f'<w:hyperlink r:id="{local}">{r("测算表")}</w:hyperlink>', r("和"),
        f'<w:hyperlink r:id="{relative}">{r("底稿")}</w:hyperlink>', r("。")))
    assert "见测算表和底稿。\n" in body and "内部" not in body and "file:" not in body
    assert ("通知.docx: 警告：链接指向本机文件 file:///C:/Users/张三/Desktop/内部材料/测算表.xlsx，已去掉链接，只保留文字："
            "需要链接时，请改为网址或把文件作为附件上传") in run.err
    assert "警告：链接指向本机文件 ../内部/底稿.docx，已去掉链接" in run.err


def test_an_embedded_excel_table_is_marked_in_place_and_named_in_a_warning(tmp_path, site, cli):
    body, run, page = run_import(tmp_path, site, cli, OoxmlDocx(), p(r("各乡镇人民政府：")), p(r("全年收支情况如下：")),
                                 p(r(inner=ole_object())), p(r("以上数据为初步统计。")), build=True)
    marker = "【此处是 Word 中嵌入的对象（Excel 表格等），未能导入】"
    assert f"全年收支情况如下：\n\n{marker}\n\n以上数据为初步统计。\n" in body and marker in page
    assert (f"通知.docx: 警告：正文中嵌入的 Excel 表格等对象（Excel.Sheet.12）无法导入，已在原处写上“{marker}”："
            "请把它改为 Word 表格或作为附件上传") in run.err


def test_a_formula_is_marked_in_place_and_named_in_a_warning(tmp_path, site, cli):
    math = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x=1</m:t></m:r>'
            '</m:oMath>')
    body, run, _ = run_import(tmp_path, site, cli, OoxmlDocx(), p(r("增长率按"), math, r("计算。")))
    assert "增长率按【此处是 Word 公式，未能导入】计算。\n" in body
    assert ("通知.docx: 警告：正文中的公式无法导入，已在原处写上“【此处是 Word 公式，未能导入】”："
            "请把公式改写为文字，或改为图片插入并写明替代文字后重新导入") in run.err


def test_content_embedded_in_another_format_is_named_in_a_warning(tmp_path, site, cli):
    _, run, _ = run_import(tmp_path, site, cli, OoxmlDocx(), p(r("前言。")), '<w:altChunk r:id="rId900"/>')
    assert ("通知.docx: 警告：文件中有一段以其他格式嵌入的内容（altChunk，多由其他软件生成），无法导入："
            "请在 Word 中打开，“另存为 .docx”后再导入") in run.err


def test_a_floating_seal_is_not_imported_and_inline_pictures_are(tmp_path, site, cli):
    doc = OoxmlDocx()
    seal, behind, figure, near, vml = doc.image(), doc.image(), doc.image(), doc.image(), doc.image()
    wps_seal = (f'<w:pict><v:shape style="position:absolute;margin-left:300pt;width:120pt;height:120pt;z-index:5">'
                f'<v:imagedata r:id="{vml}" o:title="公章"/></v:shape></w:pict>')
    body, run, _ = run_import(
        tmp_path, site, cli, doc, p(r(inner=inline_picture(figure, "工作成效图"))),
        p(r(inner=anchored_picture(behind, "图片 3", wrap="<wp:wrapNone/>", behind="1"))),
        p(r("测试县人民政府办公室"), r(inner=anchored_picture(near, "印章", wrap="<wp:wrapSquare wrapText=\"bothSides\"/>")),
          ppr='<w:jc w:val="right"/>'),
        p(r(inner=anchored_picture(seal, "电子印章")), r("2021年6月30日"), ppr='<w:jc w:val="right"/>'),
        p(r(inner=wps_seal)))
    assert body.count("![") == 1 and "![工作成效图](2024-qtxx-00001-fig1.png)" in body
    assert "通知.docx: 警告：浮动图片“电子印章”（可能是印章）未导入：网站不发布印章图片；" \
           "如果它是正文中的插图，请在 Word 中把它的环绕方式设为“嵌入型”后重新导入" in run.err
    assert run.err.count("（可能是印章）未导入") == 4


def test_a_head_set_in_a_text_box_is_recognised_not_published(tmp_path, site, cli):
    """Text boxes are read where they are anchored: a 版头 in one gives the issuer, a note in one is published."""
    root = site({})
    doc = OoxmlDocx()
    head = p(r("测试县人民政府办公室文件"), ppr='<w:jc w:val="center"/>')
    source = doc.save(tmp_path / "a.docx", p(r(inner=text_box(head))), p(r("测政办发〔2021〕12号"), ppr='<w:jc w:val="center"/>'),
                      TITLE, p(r("各乡镇人民政府：")), p(r("现将有关事项通知如下。"), r(inner=text_box(p(r("文本框中的说明。"))))),
                      p(r("测试县人民政府"), ppr='<w:jc w:val="right"/>'),
                      p(r("2021年6月30日"), ppr='<w:jc w:val="right"/>'))
    run = cli("import", source, "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    text = (root / "content/gfxwj/2021-gfxwj-12.md").read_text()
    body = text.split("---\n", 2)[2]
    assert 'issuer: "测试县人民政府办公室"' in text and "文件" not in body
    assert "各乡镇人民政府：\n{: .addressee }\n\n文本框中的说明。\n\n现将有关事项通知如下。\n" in body
    assert body.count("文本框中的说明") == 1  # the VML copy of the text box is not read again


def test_soft_line_breaks_keep_the_bold_lead_and_page_end_splits_are_joined(tmp_path, site, cli):
    body, _, _ = run_import(
        tmp_path, site, cli, OoxmlDocx(),
        p(r("（一）加强组织领导。各单位要明确分管负责同志，"), r(inner="<w:br/>"), r("确保各项任务落实到位。")),
        p(r("\u3000\u3000各单位要把政务公开贯穿政务运行全过程，依法依规做好")),
        p(r("\u3000\u3000，确保公开及时准确。")), p(r("二、其他事项")))
    assert "**（一）加强组织领导。**各单位要明确分管负责同志，<br>确保各项任务落实到位。\n" in body
    assert "各单位要把政务公开贯穿政务运行全过程，依法依规做好，确保公开及时准确。\n\n## 二、其他事项" in body


def test_what_word_draws_from_a_field_a_ruby_a_symbol_or_an_endnote_is_not_lost(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.endnotes((1, p(r(inner="<w:endnoteRef/>"), r("见国办发〔2019〕1号。"))))
    ruby = ('<w:r><w:ruby><w:rubyPr><w:hps w:val="12"/><w:hpsBaseText w:val="32"/></w:rubyPr>'
            '<w:rt><w:r><w:t>bèng bù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>蚌埠</w:t></w:r></w:rubyBase></w:ruby></w:r>')
    circled = "".join((r(inner='<w:fldChar w:fldCharType="begin"/>'),
                       r(inner='<w:instrText xml:space="preserve"> eq \\o\\ac(○,15) </w:instrText>'),
                       r(inner='<w:fldChar w:fldCharType="end"/>')))
    fraction = circled.replace("\\o\\ac(○,15)", "\\f(1,2)")
    body, run, page = run_import(
        tmp_path, site, cli, doc,
        p(r("会议在"), ruby, r("市召开。")),  # 拼音指南
        p(r("按第"), circled, r("项要求办理。")),  # 带圈字符
        p(r("已完成的打"), r(inner='<w:sym w:font="Wingdings 2" w:char="F050"/>'), r("。")),  # 插入符号
        p(r("比例为"), fraction, r("。")),
        p(r("依照有关规定"), r(inner='<w:endnoteReference w:id="1"/>'), r("执行。")), build=True)  # 尾注
    assert "会议在蚌埠（bèng bù）市召开。" in body and "按第⑮项要求办理。" in body
    assert "依照有关规定[^1]执行。" in body and "[^1]: 见国办发〔2019〕1号。" in body and "见国办发〔2019〕1号。" in page
    assert "已完成的打【此处是 Word 插入的符号，未能导入】。" in body
    assert "比例为【此处是 Word 的 EQ 域（公式或版式效果），未能导入】。" in body
    assert "通知.docx: 警告：正文中用“插入符号”插入的符号（Wingdings 2 F050）无法导入" in run.err
    assert "通知.docx: 警告：正文中的 EQ 域（eq \\f(1,2)）无法导入" in run.err


def test_a_numbered_paragraph_its_style_hides_takes_no_number(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.style('<w:style w:type="paragraph" w:styleId="neibu"><w:name w:val="内部说明"/><w:rPr><w:vanish/></w:rPr></w:style>')
    doc.numbering(chinese_list(75, "%1、"), num(75, 75))
    body, _, _ = run_import(tmp_path, site, cli, doc, numbered("总体要求", 75),
                            numbered("内部讨论稿说明", 75, ppr='<w:pStyle w:val="neibu"/>'), numbered("重点任务", 75))
    assert "内部讨论稿说明" not in body and "二、重点任务" in body and "二、\n" not in body
