"""What a Word file says about its 公开属性 outside the 附注 and 版记 holds it back: a 密级 in the 版头, a 页眉,
页脚 or 水印, a footnote, a pending revision or 批注, content embedded as altChunk. An ordinary 公文 with a
page-number footer, a 批注 and revisions about other things still imports as 主动公开.
"""
from __future__ import annotations

import pytest
from docx.oxml import parse_xml

from ooxml_docx import NS, OoxmlDocx, alt_chunk, deleted, field, p, r, tracked, watermark
from test_import_word import DATE, DOC, front
from test_import_word_safety import held

CENTER, RIGHT = '<w:jc w:val="center"/>', '<w:jc w:val="right"/>'
HEAD = (p(r("测试县人民政府办公室文件"), ppr=CENTER), p(r("测政办发〔2021〕12号"), ppr=CENTER))
TEXT = p(r("　　请认真做好政务公开工作。"))
PUBLIC = p(r("（此件公开发布）"))
ASK = "请向发文单位核实，接受或拒绝修订、删除批注后重新导入，或填写公开属性"


def gongwen(head=HEAD, text=(TEXT,), notes=(PUBLIC,), colophon=()) -> tuple[str, ...]:
    """A 公文's body: 版头, title, 主送机关, text, 落款 and 成文日期, 附注, 版记."""
    return (*head, p(r("测试县人民政府办公室关于做好政务公开工作的通知"), ppr=CENTER), p(r("各乡镇人民政府，县政府各部门：")),
            *text, p(r("测试县人民政府办公室"), ppr=RIGHT), p(r("2021年6月30日"), ppr=RIGHT), *notes, *colophon)


def imported(tmp_path, site, cli, doc: OoxmlDocx, body: tuple[str, ...]):
    """(site, import run, the document's text) after importing `body` in `doc`."""
    root = site({})
    run = cli("import", doc.save(tmp_path / "a.docx", *body), "--site", root, "--date", DATE)
    assert run.code == 0, run.err
    return root, run, (root / DOC).read_text()


def held_back(tmp_path, site, cli, doc: OoxmlDocx, body: tuple[str, ...], reason: str) -> str:
    """Imports `body`: the editor is told `reason`, 公开属性 is left blank for it and nothing is published."""
    root, run, text = imported(tmp_path, site, cli, doc, body)
    assert f"a.docx: 警告：{reason}：已在 {DOC} 中留空并标注“待填写”，填写前不会发布" in run.err, run.err
    held(cli, root, text, reason)
    return text


def _body(text: str) -> str:
    """The document's Markdown after its front matter."""
    return text.split("---\n", 2)[2]


def _paragraph(xml: str):
    return parse_xml(xml.replace("<w:p>", f"<w:p {NS}>", 1))


# 5. a 密级 in the 版头

@pytest.mark.parametrize("mark, reason", [
    ("机密★1年", "文件标有密级“机密★1年”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）"),
    ("秘密★6个月", "文件标有密级“秘密★6个月”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）"),
    ("机密 ★长期", "文件标有密级“机密”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）"),
    ("内部资料　注意保存", "文件标有“内部资料”：内部文件不得公开，请向发文单位核实（可以公开的，请填写公开属性）"),
])
def test_a_secrecy_mark_in_the_head_holds_the_document_whatever_the_note_says(tmp_path, site, cli, mark, reason):
    head = (p(r("000123")), p(r(mark)), p(r("特急")), *HEAD)
    text = held_back(tmp_path, site, cli, OoxmlDocx(), gongwen(head=head), reason)
    assert mark not in _body(text)


def test_a_secrecy_mark_in_a_head_table_holds_the_document(tmp_path, site, cli):
    table = (f'<w:tbl><w:tr><w:tc>{p(r("份号：000123"))}{p(r("绝密★启用前"))}{p(r("特急"))}</w:tc>'
             f'<w:tc>{p(r("测试县人民政府办公室文件"))}</w:tc></w:tr></w:tbl>')
    held_back(tmp_path, site, cli, OoxmlDocx(), gongwen(head=(table, HEAD[1])),
              "文件标有密级“绝密★启用前”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）")


def test_urgency_alone_and_secrets_named_in_sentences_hold_nothing(tmp_path, site, cli):
    head = (p(r("000123")), p(r("特急")), *HEAD)
    text = (p(r("　　涉及国家秘密的，不得公开。内部资料管理按保密规定执行。")), TEXT)
    root, _, written = imported(tmp_path, site, cli, OoxmlDocx(), gongwen(head=head, text=text))
    assert front(written)["disclosure"] == "主动公开"


# 6. 页眉, 页脚 and 水印

def _margin(kind: str, words: str):
    def add(doc: OoxmlDocx) -> None:
        section = doc.document.sections[0]
        if kind == "header":
            section.header.paragraphs[0].text = words
        elif kind == "first_page_footer":
            section.different_first_page_header_footer = True
            section.first_page_footer.paragraphs[0].text = words
        elif kind == "even_page_header":
            section.even_page_header.paragraphs[0].text = words
        else:
            section.header._element.append(parse_xml(watermark(words)))
    return add


@pytest.mark.parametrize("kind, words, reason", [
    ("header", "内部资料 此件不予公开",
     "页眉标有“内部资料”：内部文件不得公开，请向发文单位核实（可以公开的，请填写公开属性）"),
    ("first_page_footer", "（此件不予公开）",
     "页脚写有“（此件不予公开）”：页眉、页脚和水印不导入，其中的公开方式无法与附注核对，请向发文单位核实后填写公开属性"),
    ("even_page_header", "此件不对外公开",
     "页眉写有“此件不对外公开”：页眉、页脚和水印不导入，其中的公开方式无法与附注核对，请向发文单位核实后填写公开属性"),
    ("watermark", "机密", "水印标有密级“机密”：涉密文件不得公开，请向发文单位核实（已解密的，请填写公开属性）"),
    ("watermark", "征求意见稿 不予公开",
     "水印写有“征求意见稿 不予公开”：这是草稿，不是印发的文件，请向发文单位核实后填写公开属性"),
])
def test_headers_footers_and_watermarks_saying_otherwise_hold_the_document(tmp_path, site, cli, kind, words, reason):
    doc = OoxmlDocx()
    _margin(kind, words)(doc)
    text = held_back(tmp_path, site, cli, doc, gongwen(), reason)
    assert words not in _body(text)


# 7. footnotes

@pytest.mark.parametrize("where, message", [
    ("notes", "附注或版记的脚注“（此件不予公开）”说到公开，与公开方式（主动公开）不一致：请向发文单位核实后填写公开属性"),
    ("text", "正文中另有一段“（此件不予公开）”，与附注或版记的公开方式（主动公开）不一致：请向发文单位核实后填写公开属性"),
], ids=["on-the-note", "in-the-text"])
def test_a_footnote_saying_otherwise_holds_the_document(tmp_path, site, cli, where, message):
    """On the 附注 itself, or in the text written wholly as a 附注: either says the document is not public."""
    doc = OoxmlDocx()
    doc.footnotes((1, p(r("（此件不予公开）"))))
    said = "（此件公开发布）" if where == "notes" else "　　请认真做好政务公开工作。"
    marked = p(r(said), r(inner='<w:footnoteReference w:id="1"/>'))
    held_back(tmp_path, site, cli, doc, gongwen(**{where: (marked,)}), message)


def test_an_endnote_on_the_colophon_disclosure_line_saying_otherwise_holds_the_document(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.endnotes((1, p(r("此件依申请公开"))))
    colophon = (p(r("公开方式：主动公开"), r(inner='<w:endnoteReference w:id="1"/>')),
                p(r("测试县人民政府办公室　　2021年6月30日印发")))
    held_back(tmp_path, site, cli, doc, gongwen(notes=(), colophon=colophon),
              "附注或版记的脚注“此件依申请公开”说到公开，与公开方式（主动公开）不一致：请向发文单位核实后填写公开属性")


# 8. revisions and 批注 not yet settled

@pytest.mark.parametrize("notes, reason", [
    ((p(deleted("（此件不予公开）"), tracked("ins", r("（此件公开发布）"))),),
     f"修订中删除了“（此件不予公开）”、插入了“（此件公开发布）”，修订尚未接受或拒绝：{ASK}"),
    ((p(r("（此件"), deleted("不予公开"), tracked("ins", r("公开发布")), r("）")),),
     f"修订中删除了“不予公开”、插入了“公开发布”（修订前为“（此件不予公开）”），修订尚未接受或拒绝：{ASK}"),
    ((p(deleted("（此件不予公开）"), ppr='<w:rPr><w:del w:id="77" w:author="张三"/></w:rPr>'), p(r("公开方式：主动公开"))),
     f"修订中删除了“（此件不予公开）”，修订尚未接受或拒绝：{ASK}"),
    ((p(tracked("ins", r("（此件公开发布）"))),), f"修订中插入了“（此件公开发布）”，修订尚未接受或拒绝：{ASK}"),
    ((p(deleted("此件不予公开。")), PUBLIC), f"修订中删除了“此件不予公开。”，修订尚未接受或拒绝：{ASK}"),
    ((p(tracked("moveFrom", r("（此件不予公开）"))), PUBLIC),
     f"修订中删除了“（此件不予公开）”，修订尚未接受或拒绝：{ASK}"),
])
def test_a_pending_revision_of_the_note_holds_the_document(tmp_path, site, cli, notes, reason):
    held_back(tmp_path, site, cli, OoxmlDocx(), gongwen(notes=notes), reason)


def test_a_comment_about_publishing_holds_the_document_and_is_not_imported(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.comments((0, "此件不予公开，请删除附注"))
    note = p('<w:commentRangeStart w:id="0"/>', r("（此件公开发布）"), '<w:commentRangeEnd w:id="0"/>',
             r(inner='<w:commentReference w:id="0"/>'))
    text = held_back(tmp_path, site, cli, doc, gongwen(notes=(note,)),
                     f"批注“此件不予公开，请删除附注”说到公开或密级：{ASK}")
    assert "请删除附注" not in _body(text)


# 9. altChunk

def test_alt_chunk_content_is_marked_in_place_and_holds_the_document(tmp_path, site, cli):
    doc = OoxmlDocx()
    chunk = alt_chunk(doc, "<html><body><p>第二部分。</p><p>（此件不予公开）</p></body></html>")
    text = held_back(tmp_path, site, cli, doc, gongwen(text=(TEXT, chunk)),
                     "文件中有以其他格式嵌入的内容（altChunk）未能导入，其中可能写有公开属性："
                     "请在 Word 中打开，“另存为 .docx”后重新导入，或核对后填写公开属性")
    assert "【此处是以其他格式嵌入的内容（altChunk），未能导入】" in text


# no false holds

def test_an_ordinary_document_with_header_footer_comment_and_revisions_is_published(tmp_path, site, cli):
    doc = OoxmlDocx()
    section = doc.document.sections[0]
    section.header.paragraphs[0].text = "测试县人民政府办公室"
    section.footer._element.append(_paragraph(p(r("— "), field("PAGE", "1"), r(" —"), ppr=CENTER)))
    doc.comments((0, "请核对日期"))
    text = (p(r("　　请"), deleted("尽快"), tracked("ins", r("认真")), r("做好政务公开工作。")),
            p(r("　　"), deleted("不断提高政务公开水平，不得公开涉及个人隐私的信息。"), r("加强督促检查。"),
              r(inner='<w:commentReference w:id="0"/>')))
    root, run, written = imported(tmp_path, site, cli, doc, gongwen(text=text))
    assert front(written)["disclosure"] == "主动公开"
    assert "待填写" not in written.split("---\n", 2)[1].split("disclosure:")[1].split("\n")[0]
    assert cli("build", "--site", root).code == 0
    assert "认真做好政务公开工作" in (root / "public/gfxwj/2021-gfxwj-12.html").read_text()
