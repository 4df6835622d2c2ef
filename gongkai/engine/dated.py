"""A document's values that follow the build date, declared once: its effective 有效性 and its type's
status (a consultation's 征集中 / 已结束).

Each is decided with the build date asked for that document and that value alone (BuildDate.asking), so
the build knows on which days each holds. A site made on one day is another day's when only such values
differ on it and nothing made the site from them (engine/reads.py records who reads them): the values are
decided again for the new day (incremental/snapshot.py) and the pages that read them render again.
"""
from __future__ import annotations

from typing import Any, Callable

from gongkai.engine import fields
from gongkai.engine.build_date import BuildDate
from gongkai.engine.doctype import Types
from gongkai.engine.model import EXPIRED, IN_FORCE, NOT_YET_IN_FORCE, Document


def validity_on(doc: Document, as_of: BuildDate) -> str | None:
    """有效 is 尚未施行 before `effective` and becomes 失效 once `expires` has passed (as of the build date)."""
    validity, expires, effective = doc.meta["validity"], doc.meta["expires"], doc.meta["effective"]
    if validity == IN_FORCE and expires and as_of.is_after(fields.parse_date(expires)):
        return EXPIRED
    if validity == IN_FORCE and effective and as_of.is_before(fields.parse_date(effective)):
        return NOT_YET_IN_FORCE
    return validity


def _status(doc: Document, as_of: BuildDate, types: Types) -> str | None:
    status = types.get(doc.meta["type"]).status
    return status(doc, as_of) if status else None


#: by name, what decides each: `validity` when a document is placed in its column, `status` once references
#: are resolved (a consultation's status reads its feedback)
DATED: dict[str, Callable[[Document, BuildDate, Types], Any]] = {
    "validity": lambda doc, as_of, types: validity_on(doc, as_of),
    "status": _status,
}


def decide(doc: Document, name: str, as_of: BuildDate, types: Types) -> bool:
    """Set the value `name` of `doc` as of the build date; whether it differs from what it was."""
    with as_of.asking(doc.path, name):
        value = DATED[name](doc, as_of, types)
    changed = value != doc.__dict__.get(name)
    setattr(doc, name, value)
    return changed
