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
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

DAY = dt.timedelta(days=1)
#: a document's date-derived value: the document's path and the value's name ("validity")
Asker = tuple[str, str]


class BuildDate:
    """The build date, and the span of days (`first` to `last`, both included) on which every
    comparison made with it so far has the same outcome.

    A comparison made while a document's date-derived value is decided (`asking`: its 有效性, a
    consultation's status) narrows that value's own span too; any other narrows the general span. A
    site made on one day is then another day's once the general span holds on it: the values whose
    own spans do not are decided again (`changing_on`, `move`), and only the pages that read them change.
    """

    def __init__(self, day: dt.date):
        self._day = day
        self.first, self.last = dt.date.min, dt.date.max
        self._asker: Optional[Asker] = None
        self._general = (dt.date.min, dt.date.max)
        self._dated: dict[Asker, tuple[dt.date, dt.date]] = {}

    def __repr__(self) -> str:
        return f"BuildDate({self._day.isoformat()}, {self.first.isoformat()}…{self.last.isoformat()})"

    def _holds(self, first: dt.date, last: dt.date) -> None:
        """The answer just given is the same from `first` to `last`."""
        self.first, self.last = max(self.first, first), min(self.last, last)
        asker = self._asker
        was = self._general if asker is None else self._dated.get(asker, (dt.date.min, dt.date.max))
        now = max(was[0], first), min(was[1], last)
        if asker is None:
            self._general = now
        else:
            self._dated[asker] = now

    def is_after(self, day: dt.date) -> bool:
        """Whether the build date is later than `day` (a deadline passed, an expiry date gone by)."""
        if self._day > day:
            self._holds(day + DAY, dt.date.max)
            return True
        self._holds(dt.date.min, day)
        return False

    def is_before(self, day: dt.date) -> bool:
        """Whether the build date is earlier than `day` (not yet in force, not yet published)."""
        if self._day < day:
            self._holds(dt.date.min, day - DAY)
            return True
        self._holds(day, dt.date.max)
        return False

    def is_later_than(self, day: dt.date, days: int) -> bool:
        """Whether more than `days` days have passed since `day` (an update period, a feedback deadline)."""
        return self.is_after(day + dt.timedelta(days=days))

    def year(self) -> int:
        """The build date's year (the plans current in it)."""
        self._holds(dt.date(self._day.year, 1, 1), dt.date(self._day.year, 12, 31))
        return self._day.year

    def exactly(self) -> dt.date:
        """The date itself, for a rule that needs the day: what it decides holds on that day only."""
        self._holds(self._day, self._day)
        return self._day

    @contextmanager
    def asking(self, path: str, name: str) -> Iterator[None]:
        """The questions asked inside the block decide the value `name` of the document `path` alone."""
        outer, self._asker = self._asker, (path, name)
        try:
            yield
        finally:
            self._asker = outer

    def changing_on(self, day: dt.date) -> Optional[list[Asker]]:
        """The documents' values (path, name) whose answers differ on `day`; None when another answer does."""
        first, last = self._general
        if not first <= day <= last:
            return None
        return [asker for asker, (first, last) in self._dated.items() if not first <= day <= last]

    def move(self, day: dt.date, again: Iterable[Asker] = ()) -> None:
        """Make `day` the build date: a site made on another day is this day's when every outcome so far
        is the same on it (incremental/snapshot.py), but those of the values `again`, which are about to be
        decided anew (their questions asked again narrow the span anew); from then on it answers for `day`."""
        spans = dict(self._dated)
        for asker in again:
            spans.pop(asker, None)
        first, last = self._general
        for low, high in spans.values():
            first, last = max(first, low), min(last, high)
        if not first <= day <= last:
            raise ValueError(f"{day} is outside {self!r}")
        self._day, self._dated, self.first, self.last = day, spans, first, last

    def since(self, askers: Iterable[Asker]) -> tuple:
        """What moved since the day this build date was kept on, when only the values `askers` were decided
        again (`move`) and questions asked since: `resume` brings the kept one to this state."""
        return self._day, self.first, self.last, self._general, {asker: self._dated.get(asker) for asker in askers}

    def resume(self, moved: tuple) -> None:
        """This build date as it was when `since` described what moved (a kept site's date, brought up to a
        later build's: incremental/snapshot.py)."""
        self._day, self.first, self.last, self._general, dated = moved
        for asker, span in dated.items():
            if span is None:
                self._dated.pop(asker, None)
            else:
                self._dated[asker] = span

    def span(self) -> tuple[str, str]:
        """`first` and `last` as ISO dates, for a record that outlives the build."""
        return self.first.isoformat(), self.last.isoformat()

    def general_span(self) -> tuple[str, str]:
        """The span of the answers given for anything but a document's date-derived value, as `span`."""
        return self._general[0].isoformat(), self._general[1].isoformat()


def span_holds(span: Optional[tuple[str, str]], day: dt.date) -> bool:
    """Whether a recorded span (see `BuildDate.span`) includes `day`."""
    if not span:
        return False
    first, last = span
    return first <= day.isoformat() <= last
