"""Each member's catalog.json as the group uses it: its rows as lines of the group's catalog.json (urls from
the group's root, 发布机构 added), their dates, and its documents' content paths.

Parsing the catalogs of a group of 20,000 documents and writing their rows again cost 0.8 s of every build,
for rows of which an edit changes one member's. So what a member's catalog.json gives is kept in the
members folder under the digest of the file's bytes (with the member's path and name, which its lines
show), and a build parses only a catalog that is not byte for byte the one the kept listing was made of:
a member rebuilt by any means is never served from an older catalog.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from gongkai.engine.group_spec import Member
from gongkai.incremental.cache import digest
from gongkai.output.catalog import CATALOG

log = logging.getLogger("gongkai")
#: in the members folder: one listing a member, at its path
FOLDER = ".listings"
#: bump when what a listing holds, or how its lines are written, changes
FORMAT = "2"


@dataclass
class Listing:
    """One member's rows, in the order of its catalog.json."""

    key: str  # what it was made from: digest of FORMAT, the member's path and name, its catalog.json
    dates: list[str]  # each row's date
    lines: list[bytes]  # each row as a line of the group's catalog.json, without the separating comma
    paths: list[str]  # each row's document: its content path without .md (its url without .html)


class Listings:
    """The members' listings for one build, each read (or made) once, when first asked for."""

    def __init__(self, members: list[Member], outputs: dict[str, Path | None], kept: Path | None):
        self.members = {m.path: m for m in members}
        self.outputs, self.kept = outputs, kept
        self.found: dict[str, Listing | None] = {}

    def __getitem__(self, path: str) -> Listing | None:
        """The member's listing; None when its output holds no catalog.json."""
        if path not in self.found:
            self.found[path] = listing(self.members[path], self.outputs[path], self.kept)
        return self.found[path]


def listing(member: Member, output: Path | None, kept: Path | None) -> Listing | None:
    """The member's listing: the one kept when made from this very catalog.json, else made and kept."""
    try:
        data = (output / CATALOG).read_bytes() if output is not None else None
    except FileNotFoundError:
        data = None
    if data is None:
        return None
    key = digest(FORMAT, member.path, member.name, data)
    place = kept / f"{member.path}.pickle" if kept is not None else None
    found = _read(place) if place is not None else None
    if found is not None and found.key == key:
        return found
    made = _made(member, data, key)
    if place is not None:
        _keep(place, made)
    return made


def _made(member: Member, data: bytes, key: str) -> Listing:
    made = Listing(key, [], [], [])
    for row in json.loads(data.decode("utf-8")):
        made.paths.append(unquote(row["url"])[:-len(".html")])  # the row's URL is escaped, a path is not
        row["url"] = f"{member.path}/{row['url']}"
        row["member"], row["member_path"] = member.name, member.path
        made.lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        made.dates.append(row["date"])
    return made


def _read(place: Path) -> Listing | None:
    """A kept listing; None when there is none or it cannot be read (damaged, or an earlier version's)."""
    try:
        with open(place, "rb") as f:
            found = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged listing is never trusted: made again
        log.info("ignoring unreadable listing %s: %s", place, exc)
        return None
    return found if isinstance(found, Listing) else None


def _keep(place: Path, made: Listing) -> None:
    """Write the listing whole or not at all; one that cannot be written is made again next time."""
    partial = place.with_name(f".{place.name}.partial")
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, place)
    except OSError as exc:
        log.warning("listing %s not kept (%s)", place, exc)
