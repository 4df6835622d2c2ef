"""政府公报: each issue's 目录 links the documents it printed, each printed document names its issue,
and a site with a gazette column is told about 有效 normative documents no issue has printed (应登尽登)."""
import json

import pytest

from conftest import BASE_CONFIG, doc, normative
from pdf_writer import text_pdf

CONFIG = BASE_CONFIG + """\
  - path: zfgb
    name: 政府公报
    type: gazette
"""
PDF = text_pdf([["Gazette"]])
RULE = "11340000MB0000000M/2024-00001"


def issue(year: int, number: int, index: int, contents: str, pdf: bool = True) -> str:
    """An issue whose front matter ends with `contents` (YAML list lines), so line numbers are easy to count."""
    head = doc(f"测试县人民政府公报{year}年第{number}期", index, year, type="gazette", fiscal_year=year, issue=number,
               attachments=f"[{{file: {year}-{number:02d}.pdf, title: PDF版}}]" if pdf else None)
    return head.replace("\n---\n", "\ncontents:\n" + contents + "---\n", 1)


def gazette_site(site, issues: dict[str, str], config: str = CONFIG, extra: dict | None = None):
    files = {"content/gfxwj/2024-01.md": normative("关于印发测试办法的通知", 1, 2024)}
    for name, text in issues.items():
        files[f"content/zfgb/{name}.md"] = text
        files[f"content/zfgb/{name}.pdf"] = PDF
    files.update(extra or {})
    return site(files, config=config)


def own(run) -> list[str]:
    """Problems of the content files (the tiny site's other columns are blank on purpose)."""
    return [p for p in run.problems if not p.startswith("config.yaml")]


ONE = issue(2024, 1, 50, f'  - {{ref: "{RULE}", page: 3}}\n  - {{title: 只在PDF中的通报, page: 9}}\n')


def test_issue_lists_its_contents_and_the_document_names_its_issue(site, cli, tmp_path):
    run = cli("build", "--site", gazette_site(site, {"2024-01": ONE}), "--out", tmp_path / "out")
    assert run.code == 0 and not own(run)
    out = tmp_path / "out"
    page = (out / "zfgb/2024-01.html").read_text(encoding="utf-8")
    assert ('<li><a href="../gfxwj/2024-01.html">关于印发测试办法的通知</a><span class="gazette-page">第3页</span></li>'
            in page)
    assert "<li>只在PDF中的通报<span class=\"gazette-pdf-only\">（仅见本期PDF版）</span>" in page
    printed = (out / "gfxwj/2024-01.html").read_text(encoding="utf-8")
    assert ('<p class="gazette-note">刊登于<a href="../zfgb/2024-01.html">《测试县人民政府公报》2024年第1期</a></p>'
            in printed)
    column = (out / "zfgb/index.html").read_text(encoding="utf-8")
    assert '<h2 id="group-1">2024年（1）</h2>' in column
    rows = {r["url"]: r["gazette"] for r in json.loads((out / "catalog.json").read_text(encoding="utf-8"))}
    assert rows["gfxwj/2024-01.html"] == "2024年第1期" and rows["zfgb/2024-01.html"] is None


def test_gazette_name_comes_from_config(site, cli, tmp_path):
    config = CONFIG.replace("  police_record:", "  gazette_name: 测试县政报\n  police_record:")
    run = cli("build", "--site", gazette_site(site, {"2024-01": ONE}, config), "--out", tmp_path / "out")
    assert run.code == 0
    assert "刊登于<a href=\"../zfgb/2024-01.html\">《测试县政报》2024年第1期</a>" in \
        (tmp_path / "out/gfxwj/2024-01.html").read_text(encoding="utf-8")


def test_normative_document_in_force_not_in_any_issue_is_a_warning(site, cli):
    later = issue(2024, 1, 50, "  - {title: 只在PDF中的通报, page: 9}\n")
    run = cli("check", "--site", gazette_site(site, {"2024-01": later}))
    assert run.code == 0
    assert own(run) == [
        "content/gfxwj/2024-01.md:2: 警告：应登尽登：有效的规范性文件《关于印发测试办法的通知》未刊登在2024年或以后的政府公报中，"
        f"请把它的索引号（{RULE}）写进那一期公报的目录（contents）"]


def test_an_earlier_year_issue_does_not_count(site, cli):
    early = issue(2023, 1, 50, f'  - "{RULE}"\n')
    run = cli("check", "--site", gazette_site(site, {"2023-01": early}))
    assert [p.split("：")[1] for p in own(run)] == ["应登尽登"]


def test_sites_without_a_gazette_column_are_not_asked(site, cli):
    run = cli("check", "--site", site({"content/gfxwj/2024-01.md": normative()}))
    assert run.code == 0 and not own(run)


def test_repealed_documents_need_not_be_printed(site, cli):
    files = {"content/gfxwj/2024-02.md": normative("已废止的办法", 2, 2024, validity="废止")}
    run = cli("check", "--site", gazette_site(site, {"2024-01": ONE}, extra=files))
    assert run.code == 0 and not own(run)


def test_unresolved_reference_is_an_error_at_its_contents_line(site, cli, tmp_path):
    broken = issue(2024, 1, 50, f'  - "{RULE}"\n  - gfxwj/2024-99\n')
    out = tmp_path / "out"
    run = cli("build", "--site", gazette_site(site, {"2024-01": broken}), "--out", out)
    assert run.code == 1 and not out.exists()
    assert own(run) == ["content/zfgb/2024-01.md:12: 错误：目录（contents）：找不到“gfxwj/2024-99”，是不是“gfxwj/2024-01”？"
                        "请写被引用文档的索引号或它在 content/ 中的路径（不带 .md）"]


def test_malformed_contents_entry_is_an_error(site, cli):
    bad = issue(2024, 1, 50, "  - {title: 通报, page: 第九页}\n")
    run = cli("check", "--site", gazette_site(site, {"2024-01": bad}))
    assert "content/zfgb/2024-01.md:10: 错误：目录（contents）：页码“第九页”应为正整数" in own(run)


def test_duplicate_issue_number_in_a_year_is_an_error(site, cli):
    first = issue(2024, 1, 50, f'  - "{RULE}"\n')
    again = issue(2024, 1, 51, "  - {title: 通报}\n").replace("第1期", "第1期（重印）")
    run = cli("check", "--site", gazette_site(site, {"2024-01": first, "2024-01b": again}))
    assert run.code == 1
    assert own(run) == ["content/zfgb/2024-01b.md:8: 错误：期号（issue）重复：2024年第1期已是 content/zfgb/2024-01.md:8"]


def test_gaps_in_a_years_numbering_are_a_warning_naming_the_missing_issues(site, cli):
    first = issue(2024, 1, 50, f'  - "{RULE}"\n')
    fourth = issue(2024, 4, 51, "  - {title: 通报}\n")
    next_year = issue(2025, 1, 52, "  - {title: 通报}\n")
    run = cli("check", "--site", gazette_site(site, {"2024-01": first, "2024-04": fourth, "2025-01": next_year}))
    assert run.code == 0
    assert own(run) == ["content/zfgb/2024-04.md:8: 警告：2024年的政府公报缺少第2、3期：期号应从第1期起逐期连续"]


def test_gaps_are_named_as_ranges_and_many_of_them_counted(site, cli):
    issues = {f"2024-{n:02d}": issue(2024, n, 50 + n, f'  - "{RULE}"\n' if n == 1 else "  - {title: 通报}\n")
              for n in (1, 4, 8)}
    issues.update({f"2025-{n:02d}": issue(2025, n, 60 + n, "  - {title: 通报}\n") for n in range(1, 27, 2)})
    run = cli("check", "--site", gazette_site(site, issues))
    assert run.code == 0
    assert own(run) == [
        "content/zfgb/2024-08.md:8: 警告：2024年的政府公报缺少第2、3、5至7期：期号应从第1期起逐期连续",
        "content/zfgb/2025-25.md:8: 警告：2025年的政府公报缺少第2、4、6、8、10、12、14、16、18、20期等，共 12 期："
        "期号应从第1期起逐期连续",
    ]


@pytest.mark.parametrize("number", [367, 20260716, 999999999])
def test_an_issue_number_no_year_has_is_an_error_and_the_gap_message_stays_short(number, site, cli):
    """A 期号 mistyped as a date is refused at its line, not counted up to (millions of missing issues)."""
    first = issue(2024, 1, 50, f'  - "{RULE}"\n')
    mistyped = issue(2024, number, 51, "  - {title: 通报}\n")
    third = issue(2024, 3, 52, "  - {title: 通报}\n")
    run = cli("check", "--site", gazette_site(site, {"2024-01": first, f"2024-{number}": mistyped, "2024-03": third}))
    assert run.code == 1
    assert sorted(own(run)) == [
        "content/zfgb/2024-03.md:8: 警告：2024年的政府公报缺少第2期：期号应从第1期起逐期连续",
        f"content/zfgb/2024-{number}.md:8: 错误：期号（issue）“{number}”不可能：期号是本年第几期（从第1期起），"
        "一年最多 366 期；请检查是否误写成了日期或总期号",
    ]
    assert max(map(len, run.err.splitlines())) < 300


def test_the_last_issue_a_year_may_have_is_accepted(site, cli):
    issues = {"2024-01": issue(2024, 1, 50, f'  - "{RULE}"\n'), "2024-366": issue(2024, 366, 51, "  - {title: 通报}\n")}
    run = cli("check", "--site", gazette_site(site, issues))
    assert run.code == 0
    assert own(run) == ["content/zfgb/2024-366.md:8: 警告：2024年的政府公报缺少第2至365期：期号应从第1期起逐期连续"]


def test_issue_without_pdf_and_without_number_are_errors(site, cli):
    bare = issue(2024, 1, 50, f'  - "{RULE}"\n', pdf=False).replace("issue: 1\n", "")
    run = cli("check", "--site", gazette_site(site, {"2024-01": bare}))
    assert own(run) == [
        "content/zfgb/2024-01.md:1: 错误：政府公报须附本期 PDF 文件：请在附件中写 attachments: [{file: 本期文件.pdf, title: 本期PDF版}]",
        "content/zfgb/2024-01.md:1: 错误：缺少期号（issue）（政府公报类文档必填）",
    ]


def test_issue_number_may_be_written_in_chinese(site, cli, tmp_path):
    chinese = ONE.replace("issue: 1\n", "期号: 1\n")
    run = cli("build", "--site", gazette_site(site, {"2024-01": chinese}), "--out", tmp_path / "out")
    assert run.code == 0 and not own(run)


def test_new_issue_gets_its_number_and_contents_to_fill_in(site, cli):
    root = gazette_site(site, {"2024-01": ONE})
    run = cli("new", "gazette", "测试县人民政府公报第2期", "--site", root)
    assert run.code == 0
    written = next(p for p in (root / "content/zfgb").glob("*.md") if p.name != "2024-01.md").read_text(encoding="utf-8")
    assert "\nissue: 1                 # 期号：本年第几期\n" in written
    assert "\ncontents: [{title: 刊登的文件标题, page: 1}]" in written


def test_removing_a_document_from_an_issue_removes_its_note_on_the_next_build(site, cli, tmp_path):
    root, out = gazette_site(site, {"2024-01": ONE}), tmp_path / "out"
    assert cli("build", "--site", root, "--out", out).code == 0
    assert "gazette-note" in (out / "gfxwj/2024-01.html").read_text(encoding="utf-8")
    (root / "content/zfgb/2024-01.md").write_text(ONE.replace(f'  - {{ref: "{RULE}", page: 3}}\n', ""), encoding="utf-8")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 0 and [p.split("：")[1] for p in own(run)] == ["应登尽登"]
    assert "gazette-note" not in (out / "gfxwj/2024-01.html").read_text(encoding="utf-8")
    assert "关于印发测试办法的通知" not in (out / "zfgb/2024-01.html").read_text(encoding="utf-8")


def test_issue_whose_pdf_is_missing_gets_one_error_at_the_attachment(site, cli):
    root = gazette_site(site, {"2024-01": ONE})
    (root / "content/zfgb/2024-01.pdf").unlink()
    run = cli("check", "--site", root)
    assert run.code == 1
    assert own(run) == ["content/zfgb/2024-01.md:9: 错误：附件找不到文件“2024-01.pdf”（应在 content/zfgb/2024-01.pdf）"]


def test_mistyped_interpreted_number_suggests_the_policy_not_a_gazette_issue(site, cli):
    """zfgb/2024-01 looks like “…/2024-0001”, but an interpretation interprets a policy, never an issue."""
    files = {"content/zcjd/jd.md": doc("《测试办法》解读", 60, interprets='"11340000MB0000000M/2024-0001"', form="文字")}
    run = cli("check", "--site", gazette_site(site, {"2024-01": ONE}, extra=files))
    assert run.code == 1
    assert own(run) == ["content/zcjd/jd.md:6: 错误：解读文件（interprets）：找不到“11340000MB0000000M/2024-0001”，"
                        f"是不是“{RULE}”？请写被引用文档的索引号或它在 content/ 中的路径（不带 .md）"]


def test_interpretation_of_a_gazette_issue_is_an_error(site, cli):
    files = {"content/zcjd/jd.md": doc("《测试办法》解读", 60, interprets="zfgb/2024-01", form="文字")}
    run = cli("check", "--site", gazette_site(site, {"2024-01": ONE}, extra=files))
    assert run.code == 1
    assert own(run) == ["content/zcjd/jd.md:6: 错误：解读文件（interprets）：“zfgb/2024-01”是政府公报，不能写在这里；"
                        "是不是“gfxwj/2024-01”？请写所指文档的索引号或它在 content/ 中的路径（不带 .md）"]


def test_a_build_that_takes_up_the_site_tells_of_it_as_well(site, cli, assembled):
    """应登尽登 reads which documents are in force on the build date: it is checked by every build
    (DocType.check_dated), the one that takes up the last build's site after a body edit included."""
    root = gazette_site(site, {"2024-01": issue(2024, 1, 50, "  - {title: 只在PDF中的通报, page: 9}\n")})
    assert [p.split("：")[1] for p in own(cli("build", "--site", root))] == ["应登尽登"]
    rule = root / "content/gfxwj/2024-01.md"
    rule.write_text(rule.read_text(encoding="utf-8").replace("正文。", "正文改了。"), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 0 and assembled == [1] and "（1 个重新生成" in run.out
    assert [p.split("：")[1] for p in own(run)] == ["应登尽登"]
