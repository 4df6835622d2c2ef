"""Publishing a group: the members' outputs (hard-linked), static/ and the group's own pages, put in
place of the output in one step.

Where folders can be exchanged (incremental/write), the previous tree stays beside the output as a
spare (`.<out>.spare`), and the next publish brings it up to date instead of linking every file of every
member again: a member's subtree is looked at only when that member wrote its output since (and a file
in it linked again only where it is not the member's file already), a group page is written only when
its bytes changed, static/ copied only when it changed; then the two trees are exchanged. What each
tree is made of is recorded in the members folder. The spare's record is taken away before the spare is
touched and written again only once the spare is a finished tree, so a spare that a killed publish left
half brought up to date is rebuilt, never trusted. Elsewhere every publish stages a whole tree in a
fresh folder.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.engine import sources
from gongkai.engine.group_spec import Group
from gongkai.group.listings import Listings
from gongkai.group.pages import group_files, summarise
from gongkai.incremental.cache import digest
from gongkai.incremental.unchanged import tree_digest
from gongkai.incremental.write import (clean_stale, discard, keeps_spare, link_tree, members_folder, relink_tree,
                                       replace_file, spare_for, stage, swap_in)
from gongkai.output.render import TEMPLATES, THEME_DIR

#: in the members folder: what the published tree is made of, so an unchanged group is not published again
PUBLISHED = "published.json"
#: in the members folder: what the spare is made of; absent while the spare is being brought up to date
SPARE = "spare.json"
#: in the members folder: the group's own templates compiled, kept between builds (Jinja compiles one again
#: when its text changed)
COMPILED = ".templates"
STATIC = THEME_DIR.parent / sources.STATIC


@dataclass
class Makeup:
    """What one tree of the group is made of."""

    folder: str = ""  # the tree's folder (_stamp): the record holds for that folder only
    state: str = ""  # what the group's pages are made from (published_state)
    members: dict[str, str] = field(default_factory=dict)  # member path -> _stamp of its output when linked
    pages: dict[str, str] = field(default_factory=dict)  # the group's own files: path -> digest of their bytes
    static: str = ""  # tree_digest of static/


def claim_record(out_dir: Path) -> Makeup | None:
    """What the published tree is made of, as the last publish recorded it. On disk the record is marked
    not current until this build publishes or finds nothing to publish: a build that fails, or is killed
    after some member swapped its output, leaves it so, and the next one publishes for certain. What it
    says the tree is made of holds as long as the output is the folder it names."""
    made = _read(members_folder(out_dir) / PUBLISHED)
    if made is not None:
        keep_record(out_dir, dataclasses.replace(made, state=""))
    return made


def take_spare_record(out_dir: Path) -> Makeup | None:
    """What the spare is made of, the record removed: until it is written again the spare is not trusted."""
    record = members_folder(out_dir) / SPARE
    made = _read(record)
    record.unlink(missing_ok=True)
    return made


def _read(record: Path) -> Makeup | None:
    """A tree's record; None when there is none or it cannot be read (damaged, or an earlier version's)."""
    try:
        return Makeup(**json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def keep_record(out_dir: Path, made: Makeup, name: str = PUBLISHED) -> None:
    """Write a tree's record whole or not at all."""
    record = members_folder(out_dir) / name
    partial = record.with_name(f".{name}.partial")
    partial.write_text(json.dumps(dataclasses.asdict(made), ensure_ascii=False), encoding="utf-8")
    os.replace(partial, record)


def published_state(group: Group, outputs: dict[str, Path]) -> str:
    """What the published tree is made of. A member that writes its output swaps in another folder, so
    each member output folder's stamp tells whether it changed; the members' caches already hold
    group.yaml and the theme, so only the group's own templates are added."""
    return digest(group.text, tree_digest(THEME_DIR, group.folder / TEMPLATES),
                  *(f"{path}:{_stamp(output)}" for path, output in sorted(outputs.items())))


def current(last: Makeup | None, state: str, out_dir: Path) -> bool:
    """Whether the published tree is the one `last` records and is made of `state`."""
    return last is not None and last.state == state and out_dir.is_dir() and last.folder == _stamp(out_dir)


def _stamp(folder: Path) -> str:
    """A folder's identity and last change. A swap changes the folder's status-change time (write.swap_in
    sets its mode), which tells apart the two folders a member's output alternates between even when
    their entries stay the same."""
    found = folder.stat()
    return f"{found.st_ino}:{found.st_mtime_ns}:{found.st_ctime_ns}"


def publish(group: Group, outputs: dict[str, Path], out_dir: Path, state: str, last: Makeup | None,
            listings: Listings) -> Makeup:
    """Bring the spare (or a fresh folder) up to date and swap it in; returns the published tree's makeup.
    `last`: what the published tree was made of (None: unknown), which the spare holds after the swap;
    `listings`: the members' catalogs."""
    files = group_files(group, [summarise(m, outputs[m.path], listings[m.path]) for m in group.members],
                        members_folder(out_dir) / COMPILED)
    clean_stale(out_dir)
    spare = spare_for(out_dir)
    before = take_spare_record(out_dir)
    if last is not None and not (out_dir.is_dir() and last.folder == _stamp(out_dir)):
        last = None  # the record names another folder than the published one
    if before is None or not spare.is_dir() or before.folder != _stamp(spare):
        shutil.rmtree(spare, ignore_errors=True)
        before = Makeup()
    staged = stage(out_dir, spare)
    try:
        made = bring_up_to_date(staged, before if keeps_spare(staged, spare) else Makeup(), outputs, state, files)
        swapped = swap_in(staged, out_dir)
    except BaseException:
        discard(staged, spare)
        raise
    made.folder = _stamp(out_dir)
    if swapped and last is not None:  # the spare now holds the tree published before
        keep_record(out_dir, dataclasses.replace(last, folder=_stamp(spare)), SPARE)
    elif not swapped and keeps_spare(staged, spare):
        _seed(out_dir, spare, made)
    return made


def _seed(out_dir: Path, spare: Path, made: Makeup) -> None:
    """After a first publish, a spare of hard links to it, so that the next publish links one member's
    files instead of every member's; none where they cannot be linked."""
    if link_tree(out_dir, spare):
        keep_record(out_dir, dataclasses.replace(made, folder=_stamp(spare)), SPARE)
    else:
        shutil.rmtree(spare, ignore_errors=True)


def bring_up_to_date(tree: Path, before: Makeup, outputs: dict[str, Path], state: str,
                     files: dict[str, bytes]) -> Makeup:
    """Make `tree`, which holds what `before` records, the group's tree now, with the group's own `files`:
    only what differs is removed and made again, and a file is replaced, never written through (it may be
    a hard link that the published tree or a member's output shares)."""
    made = Makeup(state=state, members={path: _stamp(output) for path, output in outputs.items()},
                  static=tree_digest(STATIC))
    for path in sorted(before.members.keys() - made.members.keys()):
        remove_within(tree, path)
    for path, stamp in made.members.items():
        if before.members.get(path) != stamp and not relink_tree(outputs[path], tree / path):
            remove_within(tree, path)  # then copied whole: never through a link made already
            shutil.copytree(outputs[path], tree / path)
    if before.static != made.static:
        remove_within(tree, sources.STATIC)
        shutil.copytree(STATIC, tree / sources.STATIC)
    made.pages = {path: digest(data) for path, data in files.items()}
    for path in sorted(before.pages.keys() - files.keys()):
        remove_within(tree, path)
    for path, data in files.items():
        if before.pages.get(path) != made.pages[path]:
            replace_file(tree / path, data)
    return made


def remove_within(tree: Path, path: str) -> None:
    """Remove `path` (a file or a folder) from `tree`, and the folders that this leaves empty."""
    target = tree / path
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    for folder in target.parents:
        if folder == tree or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()
