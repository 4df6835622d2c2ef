"""Rendered document bodies kept out of the main cache, fetched only for pages that are rendered again;
beside them, the rows of long listings (listing_rows.py), fetched only for the listing rendered again; and
documents' fields (front matter, lines, links, data: cache.py), fetched only for the documents a build reads.

An unchanged rebuild of a large site needs every document's metadata but almost none of its
HTML, so bodies live in an SQLite table keyed by the document's content hash.

The store does not wait for the disk (synchronous=OFF): an edit's commit waited 30 ms for it, a
sixth of what reading the edited document costs. What a killed build leaves is whole all the same
(SQLite hands each write to the system before it goes on); only a system crash or a power cut can
leave the file malformed. A row's key is the hash of what its body was made from, so any row that
is there is right; a store found malformed when the cache is saved is dropped with the cache, and the
next build makes both anew (cache.py).
"""
from __future__ import annotations

import os
import pickle
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Optional

from gongkai.engine.model import Document

DB_FILE = "bodies.sqlite"


def fields_key(path: str, content_key: str) -> str:
    """A document's fields by its path and what it was read from: two documents read from the same bytes
    share a body, not their fields (a path, a URL)."""
    return f"{content_key}\0{path}"


class BodyStore:
    def __init__(self, folder: Optional[Path]):
        self.path = folder / DB_FILE if folder else None
        self._db: Optional[sqlite3.Connection] = None
        self._owner = (0, 0)  # (process, thread) the connection was opened in

    def _connect(self) -> Optional[sqlite3.Connection]:
        """A connection of this process's and thread's own (one opened before a fork is not used after
        it, and serve builds in its watcher thread after the first build); a store that is not a
        readable database is replaced by an empty one."""
        if self.path is None:
            return None
        owner = (os.getpid(), threading.get_ident())
        if self._db is None or self._owner != owner:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError:
                self.path.unlink(missing_ok=True)
                self._db = self._open()
            self._owner = owner
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS listing (page TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS fields (key TEXT PRIMARY KEY, data BLOB)")
        return db

    def discard_if_malformed(self) -> None:
        """After an error: drop the store when it is malformed (see above), and the next build makes it anew.
        SQLite's own check decides, not the error: damage is reported as several kinds of error (a malformed
        image, text it cannot decode), and a locked store or a full disk is not damage."""
        try:
            db = self._connect()
            malformed = db is not None and db.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        except sqlite3.OperationalError:  # locked, or the disk failing: the store may be whole
            malformed = False
        except sqlite3.DatabaseError:
            malformed = True
        if malformed:
            self.close()
            self.path.unlink(missing_ok=True)

    def fill(self, doc: Document) -> bool:
        """Load the body of a document taken from the cache (body_html is None until then); False
        when it already had one."""
        if doc.body_html is not None:
            return False
        row = None
        try:
            db = self._connect()
            row = db.execute("SELECT data FROM body WHERE key = ?", (doc.content_key,)).fetchone() if db else None
        except (sqlite3.Error, OSError):
            row = None
        if row is None:
            raise LookupError(f"body of {doc.source} missing from the build cache")
        doc.body_html, doc.toc = pickle.loads(row[0])
        return True

    def missing(self, keys: set[str], table: str = "body") -> set[str]:
        """Which of `keys` the store does not hold in `table` ("body" or "fields"; all of them when it cannot be
        read)."""
        if not keys:
            return set()
        try:
            db = self._connect()
            stored = _keys(db, table) if db else set()
        except (sqlite3.Error, OSError):
            return keys
        return keys - stored

    def fields(self, key: str) -> bytes:
        """A document's fields as the build cache keeps them (cache.py), by `fields_key`."""
        row = None
        try:
            db = self._connect()
            row = db.execute("SELECT data FROM fields WHERE key = ?", (key,)).fetchone() if db else None
        except (sqlite3.Error, OSError):
            row = None
        if row is None:
            raise LookupError(f"fields of {key.partition(chr(0))[2]} missing from the build cache")
        return row[0]

    def put_fields(self, rows: list[tuple[str, bytes]]) -> None:
        """Keep documents' fields, each by `fields_key`; an error is the caller's (the cache is then not saved)."""
        db = self._connect()
        if db is None or not rows:
            return
        with db:
            db.executemany("INSERT OR REPLACE INTO fields VALUES (?, ?)", rows)

    def put(self, docs: Iterable[Document]) -> None:
        db = self._connect()
        if db is None:
            return
        with db:
            db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?)",
                           [(d.content_key, pickle.dumps((d.body_html, d.toc), pickle.HIGHEST_PROTOCOL))
                            for d in docs])

    def listing(self, page: str) -> Optional[bytes]:
        """The rows the page `page` kept (listing_rows.py); None when the store has none or cannot be read."""
        try:
            db = self._connect()
            row = db.execute("SELECT data FROM listing WHERE page = ?", (page,)).fetchone() if db else None
        except (sqlite3.Error, OSError):
            return None
        return row[0] if row else None

    def put_listings(self, rows: dict[str, Optional[bytes]]) -> None:
        """Keep each page's rows; a page given None keeps none. Rows are only a saving: when they cannot be
        written the page keeps what it kept, which is not taken up unless it was made with the page as it is."""
        if not rows:
            return
        try:
            db = self._connect()
            if db is None:
                return
            with db:
                db.executemany("DELETE FROM listing WHERE page = ?", [(p,) for p, data in rows.items() if data is None])
                db.executemany("INSERT OR REPLACE INTO listing VALUES (?, ?)",
                               [(p, data) for p, data in rows.items() if data is not None])
        except (sqlite3.Error, OSError):
            return

    def close(self) -> None:
        """Let go of this process's connection now: a build left it to the cycle collector, which a process
        building again and again (serve, a test run) may not run before it has a thousand files open."""
        if self._db is not None and self._owner == (os.getpid(), threading.get_ident()):
            self._db.close()
        self._db = None

    def keep_only(self, keys: set[str], fields: set[str]) -> None:
        """Drop the bodies and fields no document has any more (`keys`, `fields`: those the documents have), so
        the store does not grow without end."""
        db = self._connect()
        if db is None:
            return
        for table, kept in (("body", keys), ("fields", fields)):
            gone = _keys(db, table) - kept
            if gone:
                with db:
                    db.executemany(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in gone])


def _keys(db: sqlite3.Connection, table: str) -> set[str]:
    """Every key `table` ("body" or "fields") holds."""
    return {k for (k,) in db.execute(f"SELECT key FROM {table}")}
