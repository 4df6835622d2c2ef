"""The build date: a build holds for the span of dates on which everything it decided from the date
comes out the same, so the next day's build reads nothing unless something changes that day."""
from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from hypothesis import given, settings, strategies as st

from conftest import doc, normative
from gongkai import pipeline
from gongkai.engine.build_date import BuildDate, span_holds
from test_rules_inspection import ALL_FILLED, STALE_CONFIG

DAY = dt.date(2026, 12, 3)
QUESTION = st.tuples(st.sampled_from(["is_after", "is_before", "is_later_than", "year"]),
                     st.integers(-400, 400), st.integers(0, 60))


def ask(date: BuildDate, question: tuple[str, int, int]):
    name, offset, days = question
    day = DAY + dt.timedelta(offset)
    return {"is_after": lambda: date.is_after(day), "is_before": lambda: date.is_before(day),
            "is_later_than": lambda: date.is_later_than(day, days), "year": date.year}[name]()


@settings(deadline=None, max_examples=200)
@given(st.lists(QUESTION, min_size=1, max_size=6))
def test_the_span_is_exactly_the_days_on_which_every_answer_stays_the_same(questions):
    today = BuildDate(DAY)
    answers = [ask(today, q) for q in questions]
    for offset in range(-900, 900):
        day = DAY + dt.timedelta(offset)
        same = [ask(BuildDate(day), q) for q in questions] == answers
        assert same == span_holds(today.span(), day), (day, today)


def test_asking_for_the_day_itself_holds_for_that_day_only():
    today = BuildDate(DAY)
    assert today.exactly() == DAY
    assert [span_holds(today.span(), DAY + dt.timedelta(n)) for n in (-1, 0, 1)] == [False, True, False]


#: who asks: the site (None) or one document's date-derived value
ASKED = st.tuples(st.sampled_from([None, ("a", "validity"), ("b", "validity"), ("b", "status")]), QUESTION)


def ask_for(date: BuildDate, asker, question):
    if asker is None:
        return ask(date, question)
    with date.asking(*asker):
        return ask(date, question)


@settings(deadline=None, max_examples=150)
@given(st.lists(ASKED, min_size=1, max_size=8))
def test_a_day_names_the_document_values_whose_answers_differ_on_it_and_moves_the_span_to_it(asked):
    """changing_on(day) names exactly the values with an answer that differs on `day` (None when a question
    the site asked does); moved to that day with those asked again, the span is a build's on that day."""
    today = BuildDate(DAY)
    answers = [ask_for(today, asker, q) for asker, q in asked]
    for offset in range(-900, 900, 5):
        day = DAY + dt.timedelta(offset)
        theirs = [ask(BuildDate(day), q) for _, q in asked]
        differ = {asker for (asker, _), mine, other in zip(asked, answers, theirs) if mine != other}
        changing = today.changing_on(day)
        assert (None if changing is None else set(changing)) == (None if None in differ else differ), day
        if changing is None:
            continue
        moved = copy.deepcopy(today)
        moved.move(day, changing)
        for asker, q in asked:
            if asker in changing:
                ask_for(moved, asker, q)
        fresh = BuildDate(day)
        for asker, q in asked:
            ask_for(fresh, asker, q)
        assert moved.span() == fresh.span() and moved.general_span() == fresh.general_span(), day


def test_a_date_is_not_moved_outside_what_it_answered_for_the_site():
    today = BuildDate(DAY)
    today.is_after(DAY + dt.timedelta(5))  # the site's question: its answer changes after that day
    with today.asking("a", "validity"):
        today.is_after(DAY + dt.timedelta(2))
    with pytest.raises(ValueError):
        today.move(DAY + dt.timedelta(3))  # a's value would change: only moved with it asked again
    today.move(DAY + dt.timedelta(3), [("a", "validity")])
    with pytest.raises(ValueError):
        today.move(DAY + dt.timedelta(6), [("a", "validity")])


def expiring_site(site):
    return site({"content/gfxwj/a.md": normative("关于印发旧办法的通知", 1, expires="2026-12-10"),
                 "content/gfxwj/b.md": normative("关于印发新办法的通知", 2)})


def test_a_day_on_which_nothing_changes_reads_nothing(site, cli, monkeypatch):
    root = expiring_site(site)
    first = cli("build", "--site", root, "--as-of", "2026-12-03")
    assert first.code == 0, first.err
    before = (root / "public/gfxwj/a.html").read_bytes()
    monkeypatch.setattr(pipeline, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("content read")))
    for day in ("2026-12-04", "2026-12-10", "2026-11-30"):
        run = cli("build", "--site", root, "--as-of", day)
        assert run.code == 0 and run.problems == first.problems, run.err
    assert (root / "public/gfxwj/a.html").read_bytes() == before


def test_the_day_a_document_expires_its_pages_say_so_without_any_edit(site, cli, tmp_path):
    root = expiring_site(site)
    assert cli("build", "--site", root, "--as-of", "2026-12-03").code == 0
    assert '<dt>有 效 性</dt><dd>有效</dd>' in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    run = cli("build", "--site", root, "--as-of", "2026-12-11")
    assert run.code == 0, run.err
    assert '<dt>有 效 性</dt><dd>失效</dd>' in (root / "public/gfxwj/a.html").read_text(encoding="utf-8")
    pages, rendered = map(int, re.search(r"(\d+) 个页面（(\d+) 个重新生成", run.out).groups())
    assert 0 < rendered < pages  # the pages that show its validity, not the site
    clean = cli("build", "--site", root, "--out", tmp_path / "clean", "--as-of", "2026-12-11")
    for rel in ("gfxwj/a.html", "gfxwj/index.html", "catalog.json"):
        assert (root / "public" / rel).read_bytes() == (tmp_path / "clean" / rel).read_bytes(), rel
    assert clean.problems == run.problems


def test_a_column_falling_behind_its_period_is_warned_about_on_that_day(site, cli):
    root = site({"content/qtxx/a.md": doc(date="2026-06-10"), **ALL_FILLED}, config=STALE_CONFIG)
    on_time = cli("build", "--site", root, "--as-of", "2026-12-07")
    assert on_time.code == 0 and on_time.problems == [], on_time.err
    late = cli("build", "--site", root, "--as-of", "2026-12-08")
    assert late.problems == ["config.yaml:26: 警告：栏目“其他信息”（qtxx）最近一次更新是 2026-06-10，已超过更新周期 180 天"]
    assert cli("build", "--site", root, "--as-of", "2027-03-01").problems == late.problems


def test_a_new_engine_or_cache_format_builds_again_though_nothing_changed(site, cli, monkeypatch):
    from gongkai.incremental import cache
    root = expiring_site(site)
    assert cli("build", "--site", root, "--as-of", "2026-12-03").code == 0
    loads = []
    real = pipeline.load
    monkeypatch.setattr(pipeline, "load", lambda *a, **k: loads.append(1) or real(*a, **k))
    assert cli("build", "--site", root, "--as-of", "2026-12-03").code == 0 and loads == []
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cli("build", "--site", root, "--as-of", "2026-12-03").code == 0 and loads == [1]
