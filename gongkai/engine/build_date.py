"""The build date (`--as-of`) as the build reads it: every question asked of it narrows the span
of days on which all the answers given so far stay the same.

A document's 有效/失效/尚未施行, a held-back document's release, a consultation's status, the
stale-column and overdue warnings: each is decided by comparing the build date with a date of
the content. Asked through here, each comparison also says from which day to which day its answer
holds, so the build knows the span of dates on which it would publish and print exactly the same
thing. The next build on a day inside that span, with no input changed, has nothing to do
(incremental/unchanged.py). There is no other way to read the date: a rule that needs it gets the
span right by using it.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

DAY = dt.timedelta(days=1)


class BuildDate:
    """The build date, and the span of days (`first` to `last`, both included) on which every
    comparison made with it so far has the same outcome."""

    def __init__(self, day: dt.date):
        self._day = day
        self.first, self.last = dt.date.min, dt.date.max

    def __repr__(self) -> str:
        return f"BuildDate({self._day.isoformat()}, {self.first.isoformat()}…{self.last.isoformat()})"

    def is_after(self, day: dt.date) -> bool:
        """Whether the build date is later than `day` (a deadline passed, an expiry date gone by)."""
        if self._day > day:
            self.first = max(self.first, day + DAY)
            return True
        self.last = min(self.last, day)
        return False

    def is_before(self, day: dt.date) -> bool:
        """Whether the build date is earlier than `day` (not yet in force, not yet published)."""
        if self._day < day:
            self.last = min(self.last, day - DAY)
            return True
        self.first = max(self.first, day)
        return False

    def is_later_than(self, day: dt.date, days: int) -> bool:
        """Whether more than `days` days have passed since `day` (an update period, a feedback deadline)."""
        return self.is_after(day + dt.timedelta(days=days))

    def year(self) -> int:
        """The build date's year (the plans current in it)."""
        self.first = max(self.first, dt.date(self._day.year, 1, 1))
        self.last = min(self.last, dt.date(self._day.year, 12, 31))
        return self._day.year

    def exactly(self) -> dt.date:
        """The date itself, for a rule that needs the day: what it decides holds on that day only."""
        self.first, self.last = max(self.first, self._day), min(self.last, self._day)
        return self._day

    def move(self, day: dt.date) -> None:
        """Make `day` the build date: a site made on another day is this day's when every outcome so far
        is the same on it (incremental/snapshot.py), and from then on it answers for `day`."""
        if not self.holds_on(day):
            raise ValueError(f"{day} is outside {self!r}")
        self._day = day

    def holds_on(self, day: dt.date) -> bool:
        """Whether every outcome so far would be the same on `day`."""
        return self.first <= day <= self.last

    def span(self) -> tuple[str, str]:
        """`first` and `last` as ISO dates, for a record that outlives the build."""
        return self.first.isoformat(), self.last.isoformat()


def span_holds(span: Optional[tuple[str, str]], day: dt.date) -> bool:
    """Whether a recorded span (see `BuildDate.span`) includes `day`."""
    if not span:
        return False
    first, last = span
    return first <= day.isoformat() <= last
