"""The build moment (`--as-of`) as the build reads it: every question asked of it narrows the span
of moments on which all the answers given so far stay the same.

A document's 有效/失效/尚未施行, a held-back document's release, a consultation's status, the
stale-column and overdue warnings: each is decided by comparing the build moment with a date (or, for
a document's 发布时间, a moment) of the content. Asked through here, each comparison also says from
which minute to which minute its answer holds, so the build knows the span on which it would publish
and print exactly the same thing. The next build inside that span, with no input changed, has nothing
to do (incremental/unchanged.py). There is no other way to read the moment: a rule that needs it gets
the span right by using it. A question about a day holds for whole days, so builds through the day
share their spans unless a document is timed within it.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

MINUTE = dt.timedelta(minutes=1)
EARLIEST, LATEST = dt.datetime.min, dt.datetime.max.replace(second=0, microsecond=0)
#: a document's date-derived value: the document's path and the value's name ("validity")
Asker = tuple[str, str]


def moment_of(when: dt.date) -> dt.datetime:
    """`when` to the minute; a day alone stands for its start (00:00), the safe reading: nothing timed
    later that day is due yet."""
    if isinstance(when, dt.datetime):
        return when.replace(second=0, microsecond=0)
    return dt.datetime.combine(when, dt.time())


def now() -> dt.datetime:
    """The build moment when none is given: this machine's local time, to the minute."""
    return moment_of(dt.datetime.now())


def _last_minute(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59))


def _iso(moment: dt.datetime) -> str:
    """The one form a span is recorded in: ISO, to the minute ("2026-12-08T18:00"), so records compare as strings."""
    return moment.isoformat(timespec="minutes")


class BuildDate:
    """The build moment, and the span of moments (`first` to `last`, both included, to the minute) on which
    every comparison made with it so far has the same outcome.

    A comparison made while a document's date-derived value is decided (`asking`: its 有效性, a
    consultation's status) narrows that value's own span too; any other narrows the general span. A
    site made at one moment is then another moment's once the general span holds on it: the values whose
    own spans do not are decided again (`changing_on`, `move`), and only the pages that read them change.
    A day given for the moment stands for its start (`moment_of`).
    """

    def __init__(self, when: dt.date):
        self._moment = moment_of(when)
        self.first, self.last = EARLIEST, LATEST
        self._asker: Optional[Asker] = None
        self._general = (EARLIEST, LATEST)
        self._dated: dict[Asker, tuple[dt.datetime, dt.datetime]] = {}

    def __repr__(self) -> str:
        return f"BuildDate({_iso(self._moment)}, {_iso(self.first)}…{_iso(self.last)})"

    def _holds(self, first: dt.datetime, last: dt.datetime) -> None:
        """The answer just given is the same from `first` to `last`."""
        self.first, self.last = max(self.first, first), min(self.last, last)
        asker = self._asker
        was = self._general if asker is None else self._dated.get(asker, (EARLIEST, LATEST))
        now = max(was[0], first), min(was[1], last)
        if asker is None:
            self._general = now
        else:
            self._dated[asker] = now

    def is_after(self, day: dt.date) -> bool:
        """Whether the build moment is on a day later than `day` (a deadline passed, an expiry date gone by)."""
        end = _last_minute(day)
        if self._moment > end:
            self._holds(end + MINUTE, LATEST)
            return True
        self._holds(EARLIEST, end)
        return False

    def is_before(self, day: dt.date) -> bool:
        """Whether the build moment is on a day earlier than `day` (not yet in force, not yet published)."""
        return self.is_before_moment(moment_of(day))

    def is_before_moment(self, moment: dt.datetime) -> bool:
        """Whether the build moment is earlier than `moment` (a document's 发布时间 not reached yet)."""
        moment = moment_of(moment)
        if self._moment < moment:
            self._holds(EARLIEST, moment - MINUTE)
            return True
        self._holds(moment, LATEST)
        return False

    def is_later_than(self, day: dt.date, days: int) -> bool:
        """Whether more than `days` days have passed since `day` (an update period, a feedback deadline)."""
        return self.is_after(day + dt.timedelta(days=days))

    def year(self) -> int:
        """The build moment's year (the plans current in it)."""
        year = self._moment.year
        self._holds(moment_of(dt.date(year, 1, 1)), _last_minute(dt.date(year, 12, 31)))
        return year

    def exactly(self) -> dt.date:
        """The build's day itself, for a rule that needs the day: what it decides holds on that day only."""
        day = self._moment.date()
        self._holds(moment_of(day), _last_minute(day))
        return day

    @contextmanager
    def asking(self, path: str, name: str) -> Iterator[None]:
        """The questions asked inside the block decide the value `name` of the document `path` alone."""
        outer, self._asker = self._asker, (path, name)
        try:
            yield
        finally:
            self._asker = outer

    def changing_on(self, when: dt.date) -> Optional[list[Asker]]:
        """The documents' values (path, name) whose answers differ at `when`; None when another answer does."""
        moment = moment_of(when)
        first, last = self._general
        if not first <= moment <= last:
            return None
        return [asker for asker, (first, last) in self._dated.items() if not first <= moment <= last]

    def move(self, when: dt.date, again: Iterable[Asker] = ()) -> None:
        """Make `when` the build moment: a site made at another moment is this one's when every outcome so far
        is the same at it (incremental/snapshot.py), but those of the values `again`, which are about to be
        decided anew (their questions asked again narrow the span anew); from then on it answers for `when`."""
        moment = moment_of(when)
        spans = dict(self._dated)
        for asker in again:
            spans.pop(asker, None)
        first, last = self._general
        for low, high in spans.values():
            first, last = max(first, low), min(last, high)
        if not first <= moment <= last:
            raise ValueError(f"{_iso(moment)} is outside {self!r}")
        self._moment, self._dated, self.first, self.last = moment, spans, first, last

    def since(self, askers: Iterable[Asker]) -> tuple:
        """What moved since the moment this build date was kept at, when only the values `askers` were decided
        again (`move`) and questions asked since: `resume` brings the kept one to this state."""
        return self._moment, self.first, self.last, self._general, {asker: self._dated.get(asker) for asker in askers}

    def resume(self, moved: tuple) -> None:
        """This build date as it was when `since` described what moved (a kept site's date, brought up to a
        later build's: incremental/snapshot.py)."""
        self._moment, self.first, self.last, self._general, dated = moved
        for asker, span in dated.items():
            if span is None:
                self._dated.pop(asker, None)
            else:
                self._dated[asker] = span

    def span(self) -> tuple[str, str]:
        """`first` and `last` in ISO form to the minute, for a record that outlives the build."""
        return _iso(self.first), _iso(self.last)

    def general_span(self) -> tuple[str, str]:
        """The span of the answers given for anything but a document's date-derived value, as `span`."""
        return _iso(self._general[0]), _iso(self._general[1])


def span_holds(span: Optional[tuple[str, str]], when: dt.date) -> bool:
    """Whether a recorded span (see `BuildDate.span`) includes the moment `when` (a day: its start)."""
    if not span:
        return False
    first, last = span
    return first <= _iso(moment_of(when)) <= last
