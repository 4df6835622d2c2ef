"""What an editor reads: each message at the right line, saying what to change, and counted as printed."""
from __future__ import annotations

from conftest import BASE_CONFIG, doc, normative

A = "content/gfxwj/a.md"


def test_full_width_colon_in_front_matter_is_named_at_its_line(site, cli):
    text = ('---\ntitle: 甲\ndate: 2024-03-05\nindex_no: "11340000MB0000000M/2024-00001"\n'
            "发文字号：测政发〔2024〕1号\nwritten: 2024-03-01\nvalidity: 有效\n---\n正文\n")
    run = cli("check", "--site", site({A: text}))
    assert run.code == 1
    assert (f"{A}:5: 错误：“发文字号”后面用了中文冒号“：”，键和值之间应为英文冒号加空格“: ”，"
            "例如“发文字号: …”") in run.problems


def test_full_width_colon_on_the_last_line_of_front_matter(site, cli):
    text = '---\ntitle: 甲\ndate: 2024-03-05\nindex_no: "11340000MB0000000M/2024-00001"\n主题分类：综合政务\n---\n正文\n'
    run = cli("check", "--site", site({"content/qtxx/a.md": text}))
    assert any(p.startswith("content/qtxx/a.md:5: 错误：“主题分类”后面用了中文冒号“：”") for p in run.problems), run.err


def test_identical_problems_are_printed_and_counted_once(site, cli):
    body = "见[甲](nosuch.md)和[甲](nosuch.md)。"  # two links on one line: one problem, as printed
    run = cli("check", "--site", site({"content/qtxx/a.md": doc(body=body)}))
    assert run.problems.count("content/qtxx/a.md:7: 错误：链接的文档 content/qtxx/nosuch.md 不存在") == 1
    assert "检查完成：1 个错误" in run.err


def test_every_output_path_collision_is_reported(site, cli):
    files = {"content/gfxwj/wjk.md": normative("文件库同名", 1),
             "content/czyjs/yjsb.md": doc("一览表同名", 2, type="budget", fiscal_year=2024, budget_kind="预算")}
    run = cli("check", "--site", site(files))
    assert run.code == 1
    for rel, out in (("gfxwj/wjk", "gfxwj/wjk.html"), ("czyjs/yjsb", "czyjs/yjsb.html")):
        assert (f"content/{rel}.md:1: 错误：content/{rel}.md 与 config.yaml 都要写入 {out}，请给其中一个改名"
                in run.problems), run.err


def test_unknown_topic_names_the_entry_meant_and_quotes_every_choice(site, cli):
    """“财政、金融、审计” is one entry: joined by 、 the list would seem to hold the rejected 财政."""
    run = cli("check", "--site", site({"content/qtxx/a.md": doc(topic="财政")}))
    assert run.code == 1
    message = next(p for p in run.problems if p.startswith("content/qtxx/a.md:5: "))
    assert message.startswith("content/qtxx/a.md:5: 错误：主题分类（topic）“财政”不在主题分类表中，是不是“财政、金融、审计”？"
                              "请照抄表中的一项（整项，含其中的顿号）；可选：“综合政务”，“国民经济管理、国有资产监管”，“财政、金融、审计”，")


def test_own_domain_is_not_listed_as_an_external_host(site, cli):
    config = BASE_CONFIG + "  - path: yssqgk\n    name: 依申请公开\n    type: application\n" + "application:\n  office: 测试县政务公开办\n  online: https://www.test.gov.cn/yssq/\n"
    body = "见[省政府网站](https://www.ah.gov.cn/)。"
    run = cli("check", "--site", site({"content/qtxx/a.md": doc(body=body)}, config))
    assert "输出引用的外部主机：www.ah.gov.cn\n" in run.err, run.err
