"""Nothing Word does not show reaches the site: for any 公文 holding hidden runs, deleted and moved-away text,
comments, footnotes with hidden text, placeholders, field codes, typed page numbers and 版记 lines laid out
the ways departments lay them out, each with a marker of its own, no
output file holds a marker (pages, catalog.json, feeds, sitemap, and the search index's compressed
files), nor does the Markdown written."""
from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import example, given, settings, strategies as st

import build
from conftest import AS_OF, make_site
from ooxml_docx import OoxmlDocx, deleted, field, p, r, tracked
from test_import_word import DATE

#: how each kind of text Word does not show is written; {m} is its marker
_HIDDEN_INLINE = {
    "hidden": lambda m: r(f"【内部备注{m}】", rpr="<w:vanish/>"),
    "hidden_style": lambda m: r(f"【样式隐藏{m}】", rpr='<w:rStyle w:val="neibu"/>'),
    "deleted": lambda m: deleted(f"删除的{m}"),
    "move_from": lambda m: tracked("moveFrom", r(f"移走的{m}")),
    "placeholder": lambda m: f'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{r(f"单击此处{m}")}</w:sdtContent></w:sdt>',
    "field_code": lambda m: field(f'MERGEFIELD {m}', "合并域结果"),
    "page_number": lambda m: field("PAGE", m),
}
_HIDDEN_BLOCK = {
    "hidden_paragraph": lambda m: p(r(f"整段隐藏{m}", rpr="<w:vanish/>"), ppr="<w:rPr><w:vanish/></w:rPr>"),
    "deleted_paragraph": lambda m: p(deleted(f"整段删除{m}"), ppr='<w:rPr><w:del w:id="9" w:author="a"/></w:rPr>'),
    "placeholder_paragraph": lambda m: ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
                                        f'{p(r(f"单击或点击此处输入文字{m}"))}</w:sdtContent></w:sdt>'),
    "toc": lambda m: p(field('TOC \\o "1-3" \\h', f"目录一、总体要求{m}")),
}
_RIGHT = '<w:jc w:val="right"/>'
#: page numbers typed as text where a page of the paper copy ended, between paragraphs
_HIDDEN_BLOCK["typed_page_number"] = lambda m: p(r(f"— {9000 + int(m[6:-1])} —"), ppr='<w:jc w:val="center"/>')
#: the 版记 closing the file, laid out the ways departments lay it out; none of it is published
_COLOPHON = {
    "copy_to_wrapped": lambda m: [p(r("抄送：县委各部门，县人大常委会办公室，")), p(r(f"县政协办公室，县纪委监委{m}。"))],
    "issued_on_two_lines": lambda m: [p(r(f"测试县人民政府办公室{m}")), p(r("2021年6月30日印发"))],
    "issued_in_a_table": lambda m: ['<w:tbl><w:tr>'
                                    f'<w:tc>{p(r(f"测试县人民政府办公室{m}"))}</w:tc>'
                                    f'<w:tc>{p(r("2021年6月30日印发"), ppr=_RIGHT)}</w:tc>'
                                    '</w:tr></w:tbl>'],
    "disclosure_line": lambda m: [p(r("公开方式：主动公开"), r(f"（{m}）", rpr="<w:vanish/>"))],
}
_KINDS = sorted(_HIDDEN_INLINE) + ["comment", "footnote", "visible"]
_PARAGRAPH = st.lists(st.sampled_from(_KINDS), min_size=1, max_size=5)
_BODY = st.lists(st.one_of(_PARAGRAPH, st.sampled_from(sorted(_HIDDEN_BLOCK))), min_size=1, max_size=6)
_COLOPHONS = st.lists(st.sampled_from(sorted(_COLOPHON)), max_size=3, unique=True)
_EVERY_KIND = [sorted(_HIDDEN_INLINE) + ["comment", "footnote", "visible"], *sorted(_HIDDEN_BLOCK), ["visible"]]


def _document(body: list) -> tuple[OoxmlDocx, list[str], list[str], list[str]]:
    """(the Word document, its body paragraphs, the markers it hides, the markers it shows)."""
    doc, paragraphs, hidden, shown, comments, notes = OoxmlDocx(), [], [], [], [], []
    doc.style('<w:style w:type="character" w:styleId="neibu"><w:name w:val="内部"/><w:rPr><w:vanish/></w:rPr></w:style>')
    for n, item in enumerate(body):
        if isinstance(item, str):
            hidden.append(f"zqleak{n}b")
            paragraphs.append(_HIDDEN_BLOCK[item](hidden[-1]))
            continue
        runs = []
        for k, kind in enumerate(item):
            marker = f"zq{'show' if kind == 'visible' else 'leak'}{n}x{k}"
            (shown if kind == "visible" else hidden).append(marker)
            if kind == "visible":
                runs.append(r(f"公开的{marker}。"))
            elif kind == "comment":
                comments.append((len(comments), f"批注{marker}"))
                runs.append(f'<w:commentRangeStart w:id="{comments[-1][0]}"/>{r("有批注的文字")}'
                            f'<w:commentRangeEnd w:id="{comments[-1][0]}"/>'
                            + r(inner=f'<w:commentReference w:id="{comments[-1][0]}"/>'))
            elif kind == "footnote":  # a footnote whose own text hides a run
                notes.append((len(notes) + 1, p(r("注释。"), _HIDDEN_INLINE["hidden"](marker))))
                runs.append(r(inner=f'<w:footnoteReference w:id="{notes[-1][0]}"/>'))
            else:
                runs.append(_HIDDEN_INLINE[kind](marker))
        paragraphs.append(p(*runs))
    doc.comments(*comments)
    doc.footnotes(*notes)
    return doc, paragraphs, hidden, shown


def _output_text(folder: Path) -> dict[str, bytes]:
    """Every file of the output, the search index's gzip-compressed files decompressed."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(folder).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return found


def _import_and_build(folder: Path, body: list, search: bool, colophon: list[str] = ()) -> None:
    doc, paragraphs, hidden, shown = _document(body)
    hidden += [f"zqleak{n}c" for n in range(len(colophon))]
    hidden += [f"— {9000 + int(marker[6:-1])} —" for marker in hidden if marker.endswith("b")]
    root = make_site(folder / "site", {})
    title = p(r("关于做好政务公开工作的通知"), ppr='<w:jc w:val="center"/>')
    source = doc.save(folder / "通知.docx", title, p(r("各乡镇人民政府：")), *paragraphs,
                      p(r("测试县人民政府办公室"), ppr='<w:jc w:val="right"/>'),
                      p(r("2021年6月30日"), ppr='<w:jc w:val="right"/>'), p(r("（此件公开发布）")),
                      *(block for n, kind in enumerate(colophon) for block in _COLOPHON[kind](f"zqleak{n}c")))
    assert build.main(["import", str(source), "--site", str(root), "--type", "page", "--date", DATE]) == 0
    [markdown] = [path.read_text() for path in (root / "content").rglob("*.md")]
    args = ["build", "--site", str(root), "--as-of", AS_OF] + ([] if search else ["--no-search"])
    assert build.main(args) == 0
    output = _output_text(root / "public")
    if search:
        assert any(name.endswith(".pf_fragment") for name in output)
    for marker in hidden:
        assert marker not in markdown, marker
        assert not [name for name, data in output.items() if marker.encode() in data.lower()], marker
    for marker in shown:
        assert marker in markdown
        assert any(marker.encode() in data for name, data in output.items() if name.endswith(".html"))


@settings(max_examples=25, deadline=None, database=None)
@given(_BODY, _COLOPHONS)
@example(_EVERY_KIND, sorted(_COLOPHON)[:3])
@example(_EVERY_KIND, sorted(_COLOPHON)[3:])
def test_nothing_word_does_not_show_reaches_any_output_file(body, colophon):
    with tempfile.TemporaryDirectory() as folder:
        _import_and_build(Path(folder), body, search=False, colophon=colophon)


def test_nothing_word_does_not_show_reaches_the_search_index(tmp_path):
    _import_and_build(tmp_path, _EVERY_KIND, search=True, colophon=sorted(_COLOPHON)[:3])
