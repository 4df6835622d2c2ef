"""The search index of a build: made from what changed, or kept as published, never left out."""
from __future__ import annotations

from pathlib import Path

from gongkai.incremental import search_delta, search_record
from gongkai.incremental.cache import BuildCache
from gongkai.incremental.search_index import build_index, reuse_index
from gongkai.incremental.search_shards import Plan, shards


def index_site(cache: BuildCache, plan: Plan | None, out_dir: Path, staged: Path, fold: bool,
               date_only: bool = False) -> dict[str, tuple]:
    """A site without its search index is never published. `plan`: which pages each shard holds
    (search_shards.plan). Only the pages that came, went or changed what Pagefind reads of them
    (search_print.py) are indexed again (search_delta.py;
    `fold`: their shards, leaving no delta); without a plan (`--no-search`) the published index is kept as
    it is, even out of date, unless it may hold a page no longer published or text a page no longer shows: then,
    or without one, none is made. `date_only`: no input changed since the last build, which
    indexed its pages: what a page no longer shows was made from the date, not written by anyone. Returns the
    record of the index now in `staged` (search_record.py), kept beside the cache."""
    made_by = search_record.stamp()
    indexed = search_record.recall(cache.folder, made_by)  # what the published index was made from
    records = cache.folder / search_delta.RECORDS if cache.folder is not None else None
    shown = {path: entry.search or entry.fingerprint for path, entry in cache.outputs.items()}
    if plan is not None:
        made = build_index(staged, shards(plan, shown), shown, out_dir, indexed, records, fold,
                           written_text_kept=date_only)
    else:
        made = indexed if reuse_index(out_dir, staged, indexed, records, shown) else {}
    if made != indexed:
        search_record.keep(cache.folder, made, made_by)
    return made
