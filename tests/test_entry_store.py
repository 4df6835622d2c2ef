"""The cache's entries in buckets (gongkai/incremental/store.py): what a build saves is what the next reads back,
and a save writes the buckets whose entries changed, no more."""
from __future__ import annotations

from gongkai.incremental.store import EntryStore, bucket_count


def _entries(count: int, tag: str = "") -> dict[str, tuple]:
    return {f"doc/{n:04d}.html": (f"fingerprint {n}{tag}", n) for n in range(count)}


def _files(tmp_path) -> set[str]:
    return {p.name for p in (tmp_path / "entries").iterdir()}


def test_a_save_after_an_edit_writes_the_bucket_it_changed_and_reads_back_whole(tmp_path):
    first = _entries(1000)
    names = EntryStore(tmp_path).write(first)
    assert len(names) == bucket_count(1000) > 8
    store = EntryStore(tmp_path)  # the next build
    now = dict(store.read(names))
    now["doc/0007.html"] = ("edited", 7)
    written = store.write(now, last=names)
    assert len(set(written) - set(names)) == 1
    assert EntryStore(tmp_path).read(written) == now


def test_a_key_gone_and_another_come_in_its_place_reads_back_as_saved(tmp_path):
    """As many entries as before, not the same keys: a document deleted and another added in one build."""
    names = EntryStore(tmp_path).write(_entries(1000))
    store = EntryStore(tmp_path)
    now = dict(store.read(names))
    del now["doc/0007.html"]
    now["doc/new.html"] = ("new", -1)
    assert EntryStore(tmp_path).read(store.write(now, last=names)) == now


def test_entries_held_by_another_kinds_buckets_are_saved_as_those_files(tmp_path):
    """After a build the published output's last entries are the spare's: their buckets are not written again."""
    store = EntryStore(tmp_path)
    published = store.write(_entries(1000))
    spare = store.write(_entries(1000, " older"))
    before = _files(tmp_path)
    store = EntryStore(tmp_path)
    outputs, older = store.read(published), store.read(spare)
    edited = {**outputs, "doc/0007.html": ("edited", 7)}
    new_spare, new_published = store.write(outputs, last=spare), store.write(edited, last=published)
    assert new_spare == published  # the very files
    assert len(_files(tmp_path) - before) == 1  # the edited entry's bucket alone
    assert EntryStore(tmp_path).read(new_published) == edited
    assert older  # read and let go: the spare's old buckets are the ones a save drops
