"""build.py import keeps struck-through, raised and lowered text where it leaves the body too: a footnote (with its
links and pictures, as in the body), the 落款
and 成文日期, an attachment's title, and the document's title (plain text, where 10⁴ is written with its character
and what no character can show leaves the title to the editor); and text a run holds as alternative content
(mc:AlternateContent) is read once, with the run's own marks."""
from __future__ import annotations

import pytest

from ooxml_docx import OoxmlDocx, inline_picture, p, r
from test_import_word import import_page

CENTER, RIGHT = '<w:jc w:val="center"/>', '<w:jc w:val="right"/>'
STRIKE, SUP, SUB = "<w:strike/>", '<w:vertAlign w:val="superscript"/>', '<w:vertAlign w:val="subscript"/>'
TITLE = p(r("测试县人民政府办公室关于做好政务公开工作的通知"), ppr=CENTER)
SIGNATURE = (p(r("测试县人民政府办公室"), ppr=RIGHT), p(r("2021年6月30日"), ppr=RIGHT))
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W16SE = "http://schemas.microsoft.com/office/word/2015/wordml/symex"


def imported(tmp_path, site, cli, doc: OoxmlDocx, title: str = TITLE, body: tuple[str, ...] = (p(r("正文。")),),
             signature: tuple[str, ...] = SIGNATURE, after: tuple[str, ...] = (), build: bool = True):
    """(the Markdown written, the import run, the page's HTML or "", the site) for a 公文 noted （此件公开发布）."""
    source = doc.save(tmp_path / "通知.docx", title, p(r("各乡镇人民政府，县政府各部门：")), *body, *signature,
                      p(r("（此件公开发布）")), *after)
    return import_page(site, cli, source, build)


def alternate(choice: str, fallback: str, requires: str = "w14") -> str:
    """Run content as Word 2010 and later write it: what they show, and what older versions show instead."""
    return (f'<mc:AlternateContent xmlns:w14="{W14}" xmlns:w16se="{W16SE}"><mc:Choice Requires="{requires}">{choice}'
            f'</mc:Choice><mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>')


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


def test_footnotes_keep_struck_raised_and_lowered_text(tmp_path, site, cli):
    doc = OoxmlDocx()
    doc.footnotes((1, p(r("补助标准由每人每月"), r("500元", rpr=STRIKE), r("800元调整为1×10"), r("4", rpr=SUP),
                        r("元，H"), r("2", rpr=SUB), r("O。")) + p(r("详见附表。"))))
    markdown, _, page, _ = imported(tmp_path, site, cli, doc,
                                    body=(p(r("正文"), r(inner='<w:footnoteReference w:id="1"/>'), r("。")),))
    assert "[^1]: 补助标准由每人每月<del>500元</del>800元调整为1×10<sup>4</sup>元，H<sub>2</sub>O。 详见附表。" in markdown
    assert "补助标准由每人每月<del>500元</del>800元调整为1×10<sup>4</sup>元，H<sub>2</sub>O。 详见附表。" in page


def test_footnotes_and_endnotes_keep_their_links_and_pictures(tmp_path, site, cli):
    doc = OoxmlDocx()
    link, picture, drawing = doc.note_link("https://www.gov.cn/zhengce/"), doc.note_image(), doc.note_image("endnote")
    body_link = doc.link("https://www.example.gov.cn/")
    doc.footnotes((1, p(r("详见"), f'<w:hyperlink r:id="{link}">{r("中国政府网")}</w:hyperlink>', r("，位置见"),
                        r(inner=inline_picture(picture, "办事大厅位置图")), r("。"))))
    doc.endnotes((1, p(r(inner=inline_picture(drawing, "")))))  # a note holding only a picture
    markdown, run, page, root = imported(tmp_path, site, cli, doc, body=(p(
        f'<w:hyperlink r:id="{body_link}">{r("本县网站")}</w:hyperlink>', r(inner='<w:footnoteReference w:id="1"/>'),
        r("，办理流程"), r(inner='<w:endnoteReference w:id="1"/>'), r("。")),))
    assert "[本县网站](https://www.example.gov.cn/)[^1]，办理流程[^2]。" in markdown
    assert ("[^1]: 详见[中国政府网](https://www.gov.cn/zhengce/)，位置见![办事大厅位置图](2024-qtxx-00001-fig1.png)。\n"
            "[^2]: ![待填写：图2的文字说明](2024-qtxx-00001-fig2.png)\n") in markdown
    assert "图2（2024-qtxx-00001-fig2.png）在 Word 中没有替代文字" in run.err
    assert '<a href="https://www.gov.cn/zhengce/">中国政府网</a>' in page and 'src="2024-qtxx-00001-fig1.png"' in page
    assert (root / "public/qtxx/2024-qtxx-00001-fig2.png").is_file()


def test_the_signature_block_keeps_struck_raised_and_lowered_text(tmp_path, site, cli):
    signature = (p(r("测试县"), r("农业局", rpr=STRIKE), r("农业农村局"), ppr=RIGHT),
                 p(r("测试县CO"), r("2", rpr=SUB), r("减排办公室"), r("*", rpr=SUP), ppr=RIGHT),
                 p(r("2021年6月30日"), ppr=RIGHT))
    head = p(r("测试县农业农村局文件"), ppr=CENTER)  # the 发文机关: a struck 落款 names none
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), title=head + TITLE, signature=signature)
    assert '\nissuer: "测试县农业农村局"\n' in markdown
    block = ('<div class="signature">\n<p>测试县<del>农业局</del>农业农村局</p>\n'
             '<p>测试县CO<sub>2</sub>减排办公室<sup>*</sup></p>\n<p>2021年6月30日</p>\n</div>')
    assert block in markdown
    assert "<p>测试县<del>农业局</del>农业农村局</p>" in page and "CO<sub>2</sub>减排办公室<sup>*</sup>" in page


def test_an_issuer_the_signature_block_strikes_through_is_left_to_the_editor(tmp_path, site, cli):
    """No 版头: the 发文机关 would be read from the 落款, where the organ's old name is struck out."""
    signature = (p(r("测试县"), r("农业局", rpr=STRIKE), r("农业农村局"), ppr=RIGHT), p(r("2021年6月30日"), ppr=RIGHT))
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), signature=signature, build=False)
    reason = "落款中的“农业局”在 Word 中带删除线，无法确定发文机关：请对照 Word 文件填写发文机关（留空则为本站主办单位）"
    assert f'\nissuer: ""  # 待填写：{reason}\n' in markdown and "农业局农业农村局" not in markdown
    assert f"通知.docx: 警告：{reason}：已在 content/qtxx/" in run.err
    built = cli("build", "--site", root)
    assert built.code == 1 and f"本文档不会发布：{reason}" in built.err


def test_a_raised_or_lowered_number_in_a_title_keeps_its_meaning(tmp_path, site, cli):
    title = p(r("关于下达1×10"), r("4", rpr=SUP), r("亩高标准农田和H"), r("２", rpr=SUB), r("O监测任务的通知"), ppr=CENTER)
    attachment = (p(r("附件1"), ppr="<w:pageBreakBefore/>"),
                  p(r("1×10"), r("4", rpr=SUP), r("亩"), r("高标准", rpr=STRIKE), r("农田分布表"), ppr=CENTER),
                  p(r("附件正文。")))
    markdown, run, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), title=title, after=attachment)
    assert '\ntitle: "关于下达1×10⁴亩高标准农田和H₂O监测任务的通知"\n' in markdown
    assert "<h1>关于下达1×10⁴亩高标准农田和H₂O监测任务的通知</h1>" in page
    assert "\n## 附件1：1×10<sup>4</sup>亩<del>高标准</del>农田分布表\n" in markdown


@pytest.mark.parametrize("marked, reason", [
    (r("2020年", rpr=STRIKE), "标题中的“2020年”在 Word 中带删除线，网页上的标题显示不出删除线：请对照 Word 文件填写标题"),
    (r("新版", rpr=SUP), "标题中的“新版”在 Word 中是上标或下标，网页上的标题无法照样显示：请对照 Word 文件填写标题"),
], ids=["struck", "a-raised-word"])
def test_a_title_the_page_cannot_show_as_word_does_is_left_to_the_editor(tmp_path, site, cli, marked, reason):
    title = p(r("关于调整"), marked, r("2021年补助标准的通知"), ppr=CENTER)
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), title=title, build=False)
    assert f'\ntitle: ""  # 待填写：{reason}\n' in markdown
    assert f"通知.docx: 警告：{reason}：已在 content/qtxx/" in run.err
    built = cli("build", "--site", root)
    assert built.code == 1 and f"本文档不会发布：{reason}" in built.err


def test_text_a_run_holds_as_alternative_content_is_read_once_with_the_runs_marks(tmp_path, site, cli):
    symbol = '<w16se:symEx w16se:font="Segoe UI Symbol" w16se:char="2611"/>'
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), body=(
        p(r("补助标准为每人每月"), r(rpr=STRIKE, inner=alternate(t("500元"), t("500元"))), r("800元，H"),
          r(rpr=SUB, inner=alternate(t("2"), t("2"))), r("O，10"), r(rpr=SUP, inner=alternate(t("4"), t("4"))),
          r(rpr="<w:vanish/>", inner=alternate(t("隐藏zqleakA"), t("隐藏zqleakA"))), r("。")),
        p(r(inner=alternate(symbol, t("☑"), requires="w16se")), r("同意公开"))))
    assert "补助标准为每人每月<del>500元</del>800元，H<sub>2</sub>O，10<sup>4</sup>。" in markdown
    assert "\n\n☑同意公开\n" in markdown
    assert "zqleak" not in markdown and "<del>500元</del>800元，H<sub>2</sub>O，10<sup>4</sup>。" in page


@pytest.mark.parametrize("date, passage", [
    ((r("2021年6月"), r("30", rpr=STRIKE), r("29日")), "30"),
    ((r("2021年6月"), r("1", rpr=STRIKE), r("9日")), "1"),
], ids=["struck-day", "struck-leaving-a-date"])
def test_a_written_date_with_struck_text_is_left_to_the_editor(tmp_path, site, cli, date, passage):
    signature = (p(r("测试县人民政府办公室"), ppr=RIGHT), p(*date, ppr=RIGHT))
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), signature=signature, build=False)
    reason = f"成文日期中的“{passage}”在 Word 中带删除线，无法确定成文日期：请对照 Word 文件填写成文日期"
    assert f'\nwritten: ""  # 待填写：{reason}\n' in markdown
    assert f"<p>2021年6月<del>{passage}</del>" in markdown and '\nissuer: "测试县人民政府办公室"\n' in markdown
    assert f"通知.docx: 警告：{reason}：已在 content/qtxx/" in run.err
    built = cli("build", "--site", root)
    assert built.code == 1 and f"本文档不会发布：{reason}" in built.err


@pytest.mark.parametrize("date, written, line", [
    ((r("2021年6月30日"), r("*", rpr=SUP)), "2021-06-30", "2021年6月30日<sup>*</sup>"),
    ((r("2021年6月3"), r("0", rpr=SUP), r("日")),
     '""  # 待填写：成文日期中的“0”在 Word 中是上标或下标，无法确定成文日期：请对照 Word 文件填写成文日期',
     "2021年6月3<sup>0</sup>日"),
], ids=["a-raised-note-mark", "a-raised-digit"])
def test_a_written_date_with_raised_text_is_read_only_where_the_date_is_certain(tmp_path, site, cli, date, written,
                                                                                 line):
    signature = (p(r("测试县人民政府办公室"), ppr=RIGHT), p(*date, ppr=RIGHT))
    markdown, _, _, _ = imported(tmp_path, site, cli, OoxmlDocx(), signature=signature, build=False)
    assert f"\nwritten: {written}\n" in markdown and f"<p>{line}</p>" in markdown


def test_a_raised_or_lowered_character_in_the_signature_block_issuer_keeps_its_meaning(tmp_path, site, cli):
    """No 版头: the 发文机关 is read from the 落款, as the title is written."""
    signature = (p(r("测试县CO"), r("2", rpr=SUB), r("减排办公室"), ppr=RIGHT), p(r("2021年6月30日"), ppr=RIGHT))
    markdown, _, page, _ = imported(tmp_path, site, cli, OoxmlDocx(), signature=signature)
    assert '\nissuer: "测试县CO₂减排办公室"\n' in markdown and "测试县CO₂减排办公室" in page


def test_an_issuer_with_a_raised_word_the_page_cannot_show_is_left_to_the_editor(tmp_path, site, cli):
    signature = (p(r("测试县减排办公室"), r("筹", rpr=SUP), ppr=RIGHT), p(r("2021年6月30日"), ppr=RIGHT))
    markdown, run, _, root = imported(tmp_path, site, cli, OoxmlDocx(), signature=signature, build=False)
    reason = ("落款中的“筹”在 Word 中是上标或下标，无法照样写入发文机关：请对照 Word 文件填写发文机关"
              "（留空则为本站主办单位）")
    assert f'\nissuer: ""  # 待填写：{reason}\n' in markdown
    built = cli("build", "--site", root)
    assert built.code == 1 and f"本文档不会发布：{reason}" in built.err
