"""建议提案办理结果: each reply shows what was asked and what came of it, the column sums each year's replies
by 答复类别, and a reply given more than three months after the motion was assigned is a warning."""
import datetime as dt
import json

from conftest import BASE_CONFIG, doc, incremental_and_clean

from gongkai.doctypes.replies import add_months

CONFIG = BASE_CONFIG + """\
  - path: jytabl
    name: 建议提案办理结果
    type: reply
"""


def reply(index: int, kind: str = "建议", category: str = "A", assigned: str = "2024-03-10",
          replied: str = "2024-05-20", handling: str = "主办") -> str:
    return doc(f"关于第{index}号{kind}的答复", index, 2024, motion_kind=kind, motion_no=f"第{index}号",
               motion_title=f"关于第{index}件事的{kind}", proposer="某某代表", handling=handling,
               reply_category=category, assigned=assigned, replied=replied)


def reply_site(site, **replies: str):
    files = {"content/jytabl/a.md": reply(1), "content/jytabl/b.md": reply(2, "提案", "B"),
             "content/jytabl/c.md": reply(3, category="C", handling="会办", assigned="2023-03-01", replied="2023-04-01")}
    files.update({f"content/jytabl/{name}.md": text for name, text in replies.items()})
    return site(files, config=CONFIG)


def of_replies(run) -> list[str]:
    return sorted(p for p in run.problems if p.startswith("content/jytabl/"))


def test_the_column_sums_each_years_replies_by_category_and_each_reply_shows_its_motion(site, cli, tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--site", reply_site(site), "--out", out)
    assert run.code == 0 and of_replies(run) == [], run.err
    page = (out / "jytabl/index.html").read_text(encoding="utf-8")
    assert page.index('<h2 id="year-2024">2024年（2 件）</h2>') < page.index('<h2 id="year-2023">2023年（1 件）</h2>')
    assert '<tr><th scope="row">人大代表建议</th><td>1</td><td>0</td><td>0</td><td>1</td></tr>' in page
    assert '<tr><th scope="row">政协委员提案</th><td>0</td><td>1</td><td>0</td><td>1</td></tr>' in page
    assert '<tr><th scope="row">合计</th><td>1</td><td>1</td><td>0</td><td>2</td></tr>' in page
    assert ('<tr><td>建议第3号</td><th scope="row"><a href="../jytabl/c.html">关于第3件事的建议</a></th><td>某某代表</td>'
            '<td>会办</td><td>C</td>') in page
    own = (out / "jytabl/b.html").read_text(encoding="utf-8")
    assert "<div><dt>提案编号</dt><dd>第2号</dd></div>" in own and "<div><dt>委员</dt><dd>某某代表</dd></div>" in own
    assert "<div><dt>答复类别</dt><dd>B 类（正在解决或列入计划）</dd></div>" in own
    row = next(r for r in json.loads((out / "catalog.json").read_text(encoding="utf-8")) if r["url"] == "jytabl/b.html")
    assert row["motion"] == {"motion_kind": "提案", "motion_no": "第2号", "motion_title": "关于第2件事的提案",
                             "proposer": "某某代表", "handling": "主办", "reply_category": "B",
                             "assigned": "2024-03-10", "replied": "2024-05-20"}


def test_a_reply_later_than_three_months_after_assignment_is_a_warning_at_its_date(site, cli):
    root = reply_site(site, late=reply(4, assigned="2024-01-31", replied="2024-05-01"),
                      due=reply(5, assigned="2024-01-31", replied="2024-04-30"),
                      early=reply(6, assigned="2024-03-10", replied="2024-03-01"))
    run = cli("check", "--site", root)
    assert of_replies(run) == [
        "content/jytabl/early.md:13: 错误：答复日期（replied）2024-03-01 早于交办日期（assigned）2024-03-10",
        "content/jytabl/late.md:13: 警告：建议第4号于 2024-01-31 交办，2024-05-01 才答复，超过 3 个月的办理期限"
        "（应在 2024-04-30 前答复）"]
    assert run.code == 1


def test_a_reply_names_its_category(site, cli):
    run = cli("check", "--site", reply_site(site, bad=reply(7, category="D")))
    assert of_replies(run) == ["content/jytabl/bad.md:11: 错误：答复类别（reply_category）：“D”不是可选值，可选：A、B、C"]


def test_three_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 10), 3) == dt.date(2024, 6, 10)


def test_changing_a_replys_category_equals_a_clean_build(site, cli, tmp_path):
    def change(root):
        path = root / "content/jytabl/a.md"
        path.write_text(path.read_text(encoding="utf-8").replace("reply_category: A", "reply_category: C"), encoding="utf-8")
    incremental, clean = incremental_and_clean(reply_site(site), change, cli, tmp_path / "clean")
    assert '<tr><th scope="row">人大代表建议</th><td>0</td><td>0</td><td>1</td><td>1</td></tr>'.encode() \
        in incremental["jytabl/index.html"]
    assert incremental == clean
