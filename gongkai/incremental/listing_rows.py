"""The rows a long listing kept from its last rendering (output/rows.py), read back when it is rendered again.

A page's rows are kept as one entry of the body store, written by the process that rendered the page
(as bodies are), with the digest of the page they were made with: they are taken up only while the
published page's entry is that one, so the rows are exactly those of the page whose record this build
checks (a build that failed, or a page brought back from the spare, leaves rows of another rendering,
which are not used). Each row has its own record
(versions.Records), checked as a page's is: a row whose inputs all have their versions is its HTML
as it was, and its record goes into the page's.
"""
from __future__ import annotations

import pickle
from typing import Any, Optional

from gongkai.incremental.bodies import BodyStore
from gongkai.incremental.versions import Record, Records
from gongkai.output.rows import RowKey

Rows = dict[RowKey, tuple[str, Record]]


class KeptRows:
    """output.rows.Kept: a page's rows, each answered when its record is current."""

    def __init__(self, records: Records, rows: Rows):
        self.records, self.rows = records, rows

    def row(self, key: RowKey) -> Optional[tuple[str, Record]]:
        kept = self.rows.get(key)
        return kept if kept is not None and self.records.current(kept[1]) else None


def kept(store: BodyStore, page: str, fingerprint: str, records: Records) -> Optional[KeptRows]:
    """The rows `page` kept when it was rendered as `fingerprint` (its published entry's); None when
    it kept none then."""
    data = store.listing(page)
    if data is None:
        return None
    try:
        made_as, rows = pickle.loads(data)
    except Exception:  # noqa: BLE001 (as the cache: rows that cannot be read are rendered again)
        return None
    return KeptRows(records, rows) if made_as == fingerprint else None


def packed(made: dict[RowKey, tuple[str, Any, Optional[frozenset]]], fingerprint: str, records: Records) -> bytes:
    """A page's rows as kept: each with its record, made now for the rows rendered now."""
    rows = {key: (html, record if record is not None else records.make(keys, "", None))
            for key, (html, record, keys) in made.items()}
    return pickle.dumps((fingerprint, rows), pickle.HIGHEST_PROTOCOL)
