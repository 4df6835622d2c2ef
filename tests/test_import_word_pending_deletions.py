"""build.py import and a pending revision deleting what the document says about publishing it: read with every
revision accepted, the statement would vanish unseen, so the document is held until the revision is settled in Word,
wherever the deletion is (the text, a footnote or endnote, a 页眉 or 页脚). Deletions of other sentences are accepted
as before."""
from __future__ import annotations

import pytest
from docx.oxml import parse_xml

from ooxml_docx import NS, OoxmlDocx, deleted, p, r
from test_import_word_disclosure_signals import PUBLIC, TEXT, gongwen, held_back

SETTLE = "请先在 Word 中接受或拒绝这处修订后重新导入，或向发文单位核实后填写公开属性"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
#: a deleted run holding its text twice, as Word 2010 and later write alternative content
DELETED_TWICE = ('<w:del w:id="903" w:author="审核人" w:date="2021-06-01T00:00:00Z"><w:r>'
                 f'<mc:AlternateContent xmlns:w14="{W14}"><mc:Choice Requires="w14"><w:delText>（依申请公开）</w:delText>'
                 '</mc:Choice><mc:Fallback><w:delText>（依申请公开）</w:delText></mc:Fallback></mc:AlternateContent>'
                 '</w:r></w:del>')


def deletion(where: str, gone: str, was: str = "") -> str:
    """What the editor is told about a pending deletion of `gone` (`was`: the paragraph before the revision)."""
    before = f"（修订前为“{was}”）" if was else ""
    return f"{where}有一处尚未接受或拒绝的修订删除了说到公开的文字“{gone}”{before}：{SETTLE}"


def noted(text: str) -> str:
    """The 附注 （此件公开发布） with a footnote (w:id 1) or an endnote (w:id 2) on it."""
    return p(r("（此件公开发布）"), r(inner=f'<w:{text}Reference w:id="{1 if text == "footnote" else 2}"/>'))


def margin(doc: OoxmlDocx, kind: str, *content: str) -> None:
    section = doc.document.sections[0]
    part = section.header if kind == "header" else section.footer
    part._element.append(parse_xml(p(*content).replace("<w:p>", f"<w:p {NS}>", 1)))


@pytest.mark.parametrize("text, notes, reason", [
    ((p(r("　　请认真做好政务公开工作。"), deleted("本通知不予公开。")),), (PUBLIC,),
     deletion("文件中", "本通知不予公开。", "请认真做好政务公开工作。本通知不予公开。")),
    ((TEXT,), (p(deleted("（依申请公开）")), PUBLIC), deletion("文件中", "（依申请公开）")),
    ((TEXT,), (PUBLIC, p(deleted("内部"))), deletion("文件中", "内部")),
    ((TEXT, p(r("　　本意见印发后，"), deleted("仅限内部传阅，"), r("请遵照执行。"))), (PUBLIC,),
     deletion("文件中", "仅限内部传阅，", "本意见印发后，仅限内部传阅，请遵照执行。")),
    ((TEXT,), (p(DELETED_TWICE), PUBLIC), deletion("文件中", "（依申请公开）")),
], ids=["a-sentence-naming-the-document", "a-bracketed-line", "a-word-alone", "a-clause", "alternative-content"])
def test_a_pending_deletion_of_a_statement_in_the_text_holds_the_document(tmp_path, site, cli, text, notes, reason):
    held_back(tmp_path, site, cli, OoxmlDocx(), gongwen(text=text, notes=notes), reason)


def test_a_pending_deletion_in_a_footnote_on_the_note_holds_the_document(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.footnotes((1, p(deleted("（此件不予公开）"))))
    held_back(tmp_path, site, cli, doc, gongwen(notes=(noted("footnote"),)), deletion("脚注中", "（此件不予公开）"))


def test_a_pending_deletion_in_an_endnote_holds_the_document(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.endnotes((2, p(r("本通知"), deleted("依申请公开"), r("。"))))
    held_back(tmp_path, site, cli, doc, gongwen(notes=(noted("endnote"),)),
              deletion("尾注中", "依申请公开", "本通知依申请公开。"))


@pytest.mark.parametrize("kind, gone, where", [("footer", "此件不予公开", "页脚中"), ("header", "内部资料", "页眉中")])
def test_a_pending_deletion_in_a_header_or_footer_holds_the_document(tmp_path, site, cli, kind, gone, where):
    doc = OoxmlDocx()
    margin(doc, kind, deleted(gone))
    held_back(tmp_path, site, cli, doc, gongwen(), deletion(where, gone))


def test_pending_deletions_of_other_sentences_are_accepted_and_hold_nothing(tmp_path, site, cli):
    """Only the deleted 附注 is named: deleted sentences about 政务公开 work, 施行 or a page number are not."""
    doc = OoxmlDocx()
    doc.footnotes((1, p(r("参见"), deleted("《中华人民共和国政府信息公开条例》"), r("有关规定。"))))
    margin(doc, "footer", r("第"), deleted("1"), r("页"))
    margin(doc, "header", deleted("测试县人民政府办公室"))
    text = (TEXT, p(deleted("二、加强政务公开")), p(deleted("请认真做好政务公开工作。")),
            p(r("　　本通知自印发之日起施行。"), deleted("本通知自发布之日起施行，不再执行原规定。")),
            p(r("　　推进决策公开"), r(inner='<w:footnoteReference w:id="1"/>'), r("。")))
    held_back(tmp_path, site, cli, doc, gongwen(text=text, notes=(p(deleted("（依申请公开）")), PUBLIC)),
              deletion("文件中", "（依申请公开）"))
