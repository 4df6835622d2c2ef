"""A document dated to a time of day (`date: 2026-12-08 18:00`) is held back until that minute, as Hugo
holds a future post: no build before it publishes an embargoed release, the first build at or after it does,
and an incremental build then equals a clean one."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

import build
from conftest import BASE_CONFIG, doc, normative, read_tree
from gongkai import pipeline
from gongkai.engine import build_date
from gongkai.engine.build_date import BuildDate, span_holds
from gongkai.tools.preview import Preview
from test_group import make_group, notice
from test_leaks import output_bytes

TIMED_MARK = "定时标记QX9"
TIMED = "2026-12-08 18:00"
BEFORE, AT = "2026-12-08 17:59", "2026-12-08T18:00"
NOTE = ("content/qtxx/t.md:3: 提示：发布时间 2026-12-08 18:00 晚于生成时间，到时后再次生成才发布，"
        "在此之前不出现在任何页面、列表、目录和订阅中")
ONE_COLUMN = BASE_CONFIG[:BASE_CONFIG.index("columns:")] + "columns:\n  - path: qtxx\n    name: 其他信息\n"


def timed_site(site, **more: str):
    return site(config=ONE_COLUMN, files={
        "content/qtxx/a.md": doc("已发布的文件", 1),
        "content/qtxx/t.md": doc(f"新闻发布{TIMED_MARK}", 2, date=TIMED),
        **more,
    })


def published(out) -> bool:
    """Whether the timed document is anywhere in the output; asserts it is everywhere or nowhere."""
    found = {name for name, data in output_bytes(out).items() if TIMED_MARK.encode() in data}
    catalog = [e["title"] for e in json.loads((out / "catalog.json").read_text(encoding="utf-8"))]
    places = {"qtxx/t.html", "qtxx/index.html", "feeds/all.xml", "feeds/qtxx.xml"}
    if not found:
        assert not (out / "qtxx/t.html").exists() and catalog == ["已发布的文件"]
        assert "qtxx/t.html" not in (out / "sitemap.xml").read_text(encoding="utf-8")
        return False
    assert places <= found and f"新闻发布{TIMED_MARK}" in catalog
    assert "qtxx/t.html" in (out / "sitemap.xml").read_text(encoding="utf-8")
    return True


def test_a_timed_document_is_held_until_its_minute_and_published_at_it(site, cli, tmp_path):
    root = timed_site(site)
    for moment in ("2026-12-08", BEFORE):  # a day alone is its start: nothing timed later that day is due
        run = cli("build", "--site", root, "--out", tmp_path / moment, "--as-of", moment)
        assert run.code == 0, run.err
        assert not published(tmp_path / moment), moment
    run = cli("build", "--site", root, "--out", tmp_path / "at", "--as-of", AT)
    assert run.code == 0, run.err
    assert published(tmp_path / "at")
    assert '2026-12-08 18:00' in (tmp_path / "at/qtxx/t.html").read_text(encoding="utf-8")


def test_check_says_the_time_a_held_document_is_published_at(site, cli):
    root = timed_site(site, **{"content/qtxx/b.md": doc("链接它的文件", 3, body="见[发布会](t.md)。")})
    run = cli("check", "--site", root, "--as-of", BEFORE)
    assert NOTE in run.problems
    assert ("content/qtxx/b.md:7: 错误：链接的文档 content/qtxx/t.md 的发布时间 2026-12-08 18:00 还没到，到时才发布，"
            "不能链接") in run.problems
    run = cli("check", "--site", root, "--as-of", "2026-12-08 18:00")
    assert run.code == 0 and run.problems == [], run.err


@pytest.mark.parametrize("edit", [False, True], ids=["nothing-edited", "another-document-edited"])
def test_the_build_at_its_minute_after_one_before_it_equals_a_clean_build(site, cli, tmp_path, edit):
    """The build at 17:59 holds for moments before 18:00 only: the next one, at 18:00, is a real build (not
    "nothing to do", nor the 17:59 site taken up after an edit elsewhere)."""
    root = timed_site(site)
    assert cli("build", "--site", root, "--as-of", BEFORE, "--fold-search").code == 0
    assert cli("build", "--site", root, "--as-of", BEFORE, "--fold-search").code == 0
    if edit:
        (root / "content/qtxx/a.md").write_text(doc("已发布的文件", 1, body="改过的正文。"), encoding="utf-8")
    assert cli("build", "--site", root, "--as-of", AT, "--fold-search").code == 0
    clean = cli("build", "--site", root, "--out", tmp_path / "clean", "--as-of", AT, "--fold-search")
    assert clean.code == 0, clean.err
    assert published(root / "public")
    assert read_tree(root / "public") == read_tree(tmp_path / "clean")


def test_a_rebuild_later_the_same_day_without_timed_documents_reads_nothing(site, cli, monkeypatch):
    root = site({"content/gfxwj/a.md": normative("关于印发旧办法的通知", 1, expires="2026-12-10"),
                 "content/qtxx/b.md": doc("明天发布的文件", 2, date="2026-12-09")})
    first = cli("build", "--site", root, "--as-of", "2026-12-08 08:00")
    assert first.code == 0, first.err
    monkeypatch.setattr(pipeline, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("content read")))
    for moment in ("2026-12-08 23:59", "2026-12-08", "2026-12-08T12:30"):
        run = cli("build", "--site", root, "--as-of", moment)
        assert run.code == 0 and run.problems == first.problems, run.err


def test_a_group_member_s_timed_document_waits_for_its_minute_and_reports_count_days(tmp_path, cli):
    group = make_group(tmp_path / "group")
    (group / "xz/cgz/content/qtxx/t.md").write_text(notice("xz/cgz", 2, f"镇里的发布会{TIMED_MARK}", TIMED),
                                                    encoding="utf-8")
    directory = group / "public/gkml/index.html"
    assert cli("build", "--site", group, "--as-of", BEFORE).code == 0
    assert TIMED_MARK not in directory.read_text(encoding="utf-8")
    assert cli("build", "--site", group, "--as-of", AT).code == 0
    assert TIMED_MARK in directory.read_text(encoding="utf-8")
    cli("check", "--site", group, "--as-of", BEFORE, "--report", tmp_path / "report")
    rows = json.loads((tmp_path / "report/report.json").read_text(encoding="utf-8"))["sites"]
    assert [(row["as_of"], row["checked"]) for row in rows] == [("2026-12-08", True)] * 4


def test_a_site_s_report_at_a_moment_is_dated_with_its_day(site, cli, tmp_path):
    cli("check", "--site", timed_site(site), "--as-of", BEFORE, "--report", tmp_path / "report")
    row, = json.loads((tmp_path / "report/report.json").read_text(encoding="utf-8"))["sites"]
    assert row["as_of"] == "2026-12-08"
    assert row["columns"][0]["days"] == (dt.date(2026, 12, 8) - dt.date(2024, 3, 5)).days  # counted in days


@pytest.mark.parametrize("written, said", [
    ("tomorrow", "“tomorrow”不是日期，请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"),
    ("2026-12-08 18", "“2026-12-08 18”不是日期，请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"),
    ("2026-12-08 25:00", "日期“2026-12-08 25:00”不存在"),
    ("2026-02-30", "日期“2026-02-30”不存在"),
])
@pytest.mark.parametrize("verb", ["build", "check", "deploy"])
def test_a_bad_as_of_is_told_plainly(site, cli, verb, written, said):
    root = timed_site(site)
    run = cli(verb, "--site", root, "--as-of", written)
    assert run.code == 2
    assert f"--as-of：{said}" in run.err and "Traceback" not in run.err


def test_without_as_of_the_build_moment_is_now(site, capsys, monkeypatch, tmp_path):
    root = timed_site(site)
    clock = [dt.datetime(2026, 12, 8, 17, 59)]
    monkeypatch.setattr(build_date, "now", lambda: clock[0])
    assert build.main(["build", "--site", str(root)]) == 0
    assert not published(root / "public")
    assert build.main(["check", "--site", str(root)]) == 0
    assert NOTE in capsys.readouterr().err
    preview = Preview(root, None)
    try:
        preview.rebuild()
        assert not (preview.out_dir / "qtxx/t.html").exists()
        clock[0] = dt.datetime(2026, 12, 8, 18)
        preview.rebuild()
        assert (preview.out_dir / "qtxx/t.html").exists()
    finally:
        preview.close()
    assert build.main(["build", "--site", str(root)]) == 0
    assert published(root / "public")


def test_a_moment_is_taken_to_the_minute_and_a_day_for_its_start():
    assert build_date.moment_of(dt.datetime(2026, 12, 8, 17, 59, 59, 999)) == dt.datetime(2026, 12, 8, 17, 59)
    assert build_date.moment_of(dt.date(2026, 12, 8)) == dt.datetime(2026, 12, 8)
    assert build_date.now().second == 0


def test_spans_are_recorded_to_the_minute_and_day_questions_end_at_a_day_s_last_minute():
    date = BuildDate(dt.datetime(2026, 12, 8, 17, 59))
    assert date.is_before(dt.date(2026, 12, 10)) and not date.is_after(dt.date(2026, 12, 8))
    assert date.span() == ("0001-01-01T00:00", "2026-12-08T23:59")
    assert date.is_before_moment(dt.datetime(2026, 12, 8, 18))
    assert date.span() == ("0001-01-01T00:00", "2026-12-08T17:59") and date.exactly() == dt.date(2026, 12, 8)
    assert [span_holds(date.span(), dt.datetime(2026, 12, 8, 17, m)) for m in (58, 59)] == [True, True]
    assert not span_holds(date.span(), dt.datetime(2026, 12, 8, 18))


DAY = dt.datetime(2026, 12, 8, 17, 59)
#: a question of a day (offset in days) or of a moment (offset in minutes), as build_date.BuildDate asks them
QUESTION = st.tuples(st.sampled_from(["is_after", "is_before", "is_later_than", "year", "is_before_moment"]),
                     st.integers(-3 * 1440, 3 * 1440), st.integers(0, 3))


def ask(date: BuildDate, question: tuple[str, int, int]):
    name, offset, days = question
    day = (DAY + dt.timedelta(days=offset // 1440)).date()
    return {"is_after": lambda: date.is_after(day), "is_before": lambda: date.is_before(day),
            "is_later_than": lambda: date.is_later_than(day, days), "year": date.year,
            "is_before_moment": lambda: date.is_before_moment(DAY + dt.timedelta(minutes=offset))}[name]()


@settings(deadline=None, max_examples=150)
@given(st.lists(QUESTION, min_size=1, max_size=6), st.lists(st.integers(-4 * 1440, 4 * 1440), max_size=20))
def test_the_span_is_exactly_the_moments_on_which_every_answer_stays_the_same(questions, others):
    """Checked at each answer's turning points and a minute either side, and at other moments drawn."""
    now = BuildDate(DAY)
    answers = [ask(now, q) for q in questions]
    turns = [DAY + dt.timedelta(minutes=offset) for offset in others]
    for _, offset, days in questions:
        day = (DAY + dt.timedelta(days=offset // 1440)).date()
        days_turn = [build_date.moment_of(day + dt.timedelta(d)) for d in (0, 1, days + 1)]
        for turn in [DAY + dt.timedelta(minutes=offset), *days_turn]:
            turns += [turn - build_date.MINUTE, turn, turn + build_date.MINUTE]
    for moment in turns:
        same = [ask(BuildDate(moment), q) for q in questions] == answers
        assert same == span_holds(now.span(), moment), (moment, now)
