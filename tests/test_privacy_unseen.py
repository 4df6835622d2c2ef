"""Personal information in what an attachment holds out of the reader's first sight: a Word file's tracked
deletions and moved-away text, its field codes and the text other programs show in place of what Word shows
(in the body and in footnotes and headers), and a PDF page that is a scan with a line of typed text on it.
And numbers the checks found that the page does not show: the second half of an ID number written over two
lines read again as a mobile number, and quote markers in fenced code taken away."""
from __future__ import annotations

from docx.oxml import parse_xml

from conftest import doc
from ooxml_docx import NS, OoxmlDocx, deleted, field, p, r, text_box, tracked
from pdf_writer import SCAN_IN_A_FORM, text_pdf

ID, ID_MASKED = "11010519491231002X", "110105********002X"
MOBILE = "13912345678"
REVISIONS = "，个人信息不得公开，修订删除的文字仍保存在文件中，在 Word 中显示修订即可看到：请接受或拒绝全部修订（审阅 > 接受 > 接受所有修订）后再附上"


def attached(site, name: str, data: bytes | str):
    return site({"content/qtxx/a.md": doc(attachments=f"[{{file: {name}, title: 附件}}]"),
                 f"content/qtxx/{name}": data})


def personal(run) -> list[str]:
    return [problem for problem in run.problems if "个人信息" in problem]


def alternatives(choice: str, fallback: str) -> str:
    """Runs for Word (a wps shape's) and, in their place, runs for programs that do not read the choice."""
    return (f'<mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
            f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>')


def test_a_docxs_deleted_and_moved_text_field_codes_and_fallbacks_are_read_each_said_as_such(site, cli, tmp_path):
    word = OoxmlDocx()
    word.footnotes((1, p(r("注："), deleted(f"经办人 {MOBILE}"))))
    header = word.document.sections[0].header
    link = field('HYPERLINK "tel:13512345678"', "联系我们")
    header._element.append(parse_xml(f"<w:p {NS}>{link}</w:p>"))
    simple = '<w:fldSimple w:instr=" MERGEFIELD 电话 \\f 13712345678 "><w:r><w:t>«电话»</w:t></w:r></w:fldSimple>'
    word.save(tmp_path / "x.docx",
              p(r("正文没有个人信息。")),
              p(r("联系人张三"), deleted(f"，手机 {MOBILE}")),
              p(tracked("moveFrom", r(f"身份证 {ID}")), r("（已移至附表）")),
              p(r("请点击"), field('HYPERLINK "tel:13812345678"', "这里"), r("联系。")),
              p(simple),
              p(alternatives(r("联系人见附表"), r("联系人 13612345678"))),
              p(alternatives(r("电话 13312345678"), r("电话：13312345678（旧版）"))),
              p(r(inner=text_box(p(r("经办人见下表")))), r(inner=alternatives("", "<w:pict><v:shape><v:textbox>"
                f"<w:txbxContent>{p(r('经办人 13212345678'))}</w:txbxContent></v:textbox></v:shape></w:pict>"))),
              p(deleted("139"), r("改为"), deleted("12345678")))
    root = attached(site, "x.docx", (tmp_path / "x.docx").read_bytes())
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    at = "content/qtxx/a.md:6: 错误：附件“x.docx”"
    assert sorted(personal(run)) == sorted([
        f"{at}第 2 段修订删除的文字含有手机号码 139****5678{REVISIONS}；公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}第 3 段修订删除的文字含有居民身份证号码 {ID_MASKED}{REVISIONS}（如确需公开，请在公开联系方式 public_contacts 中列出）",
        f"{at}第 4 段的域代码含有手机号码 138****5678，个人信息不得公开，域代码在 Word 中按 Alt+F9 即可看到：请删除或隐去其中的号码；"
        "公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}第 5 段的域代码含有手机号码 137****5678，个人信息不得公开，域代码在 Word 中按 Alt+F9 即可看到：请删除或隐去其中的号码；"
        "公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}第 6 段的替代内容（其他软件打开时显示）含有手机号码 136****5678，个人信息不得公开，请删除或隐去；"
        "公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}第 7 段含有手机号码 133****5678，个人信息不得公开，请删除或隐去；公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}第 8 段的文本框含有手机号码 132****5678，个人信息不得公开，请删除或隐去；公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}脚注修订删除的文字含有手机号码 139****5678{REVISIONS}；公开的服务电话请列在公开联系方式（public_contacts）中",
        f"{at}页眉的域代码含有手机号码 135****5678，个人信息不得公开，域代码在 Word 中按 Alt+F9 即可看到：请删除或隐去其中的号码；"
        "公开的服务电话请列在公开联系方式（public_contacts）中",
    ]), run.err


def test_a_pdf_page_with_a_line_of_text_on_an_image_of_most_of_it_is_a_warning(site, cli):
    """Pages 2 and 3 are scans with a typed header (the image drawn on the page, or by a form drawn over the
    page); page 1's image is a small stamp beside its line, page 4 has a text layer of its own over its scan,
    page 5 has no text layer at all."""
    pages = [["Seal"], ["Header"], ["Header"], ["This page has a full text layer over its image"], []]
    stamp = "q 80 0 0 80 400 100 cm /Im1 Do Q "
    data = text_pdf(pages, images=frozenset(range(5)), drawn={0: stamp, 2: SCAN_IN_A_FORM})
    run = cli("build", "--site", attached(site, "x.pdf", data))
    assert run.code == 0, run.err
    assert [problem for problem in run.problems if "x.pdf" in problem] == [
        "content/qtxx/a.md:6: 警告：附件“x.pdf”第 2—3 页大部分是图片、文字很少（可能是加了文字页眉或印章的扫描件），"
        "无法检查其中的个人信息，请人工核对后再公开",
        "content/qtxx/a.md:6: 警告：附件“x.pdf”第 5 页没有文字层（可能是扫描件），无法检查其中的个人信息，请人工核对后再公开"], run.err


def test_an_id_numbers_second_half_on_a_line_of_its_own_is_no_mobile_number(site, cli):
    root = site({"content/qtxx/a.md": doc(body=f"第一段。\n\n申请人张三，身份证号码110105\n19491231002X，已审核。")})
    run = cli("check", "--site", root)
    assert personal(run) == [f"content/qtxx/a.md:9: 错误：含有居民身份证号码 {ID_MASKED}，个人信息不得公开，请删除或隐去"
                             "（如确需公开，请在公开联系方式 public_contacts 中列出）"], run.err


def test_quote_markers_in_fenced_code_are_shown_and_not_taken_away(site, cli):
    """In fenced code `>` is text the page shows: 139 1234 and 5678 stand on two lines after it, no number.
    Outside the fence the same lines are a quote, one paragraph on the page."""
    body = "第一段。\n\n```\n> 139 1234\n> 5678\n```\n\n~~~\n>> 138 1234\n>> 5678\n~~~\n\n> 137 1234\n> 5678"
    run = cli("check", "--site", site({"content/qtxx/a.md": doc(body=body)}))
    assert personal(run) == ["content/qtxx/a.md:19: 错误：含有手机号码 137****5678，个人信息不得公开，请删除或隐去；"
                             "公开的服务电话请列在公开联系方式（public_contacts）中"], run.err
