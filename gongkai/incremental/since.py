"""What the last build says of this one, from one walk over the inputs before anything is read: whether
its result stands as it is (unchanged.py), whether only the date moved, and the inputs' shape under which
its site may be taken up (snapshot.py)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from gongkai.engine import sources
from gongkai.engine.config import Config
from gongkai.engine.sources import STATIC
from gongkai.incremental import unchanged
from gongkai.incremental.cache import BuildCache, Stat, digest
from gongkai.output.render import TEMPLATES, THEME_DIR


class Since(NamedTuple):
    """What the last build, as its unchanged record keeps it, says of this one."""

    key: str  # of this build's inputs ("": nothing is recorded, as for a check or serve)
    date_only: bool  # only the date moved since the last build
    last: unchanged.LastBuild | None  # the last build's result, when it holds for this one as it is
    seen: dict[str, Stat | None] | None = None  # the inputs' files as the key read them (unchanged.tree_digest)
    shape: str = ""  # of this build's inputs, Markdown files' states left out (snapshot.py)


NOTHING = Since("", False, None)


def since_last(site_dir: Path, config: Config, context: str, cache_dir: Path, out_dir: Path, as_of: dt.datetime,
               search: bool, fold: bool, shown: str) -> Since:
    """`context`: what every cached result depends on; `shown`: the key of other members' documents its
    pages show (a group's member); `search`, `fold`: this build wants the search index current, folded."""
    key, seen, shape = _inputs(site_dir, config, context, shown)
    record = unchanged.read(cache_dir)
    last = unchanged.recall(record, key, out_dir, as_of, search, fold)
    return Since(key, unchanged.only_the_date_moved(record, key), last, seen, shape)


def inputs_now(site_dir: Path, config: Config, context: str) -> Since:
    """For a build that keeps no record of its result (serve's, whose cache stays in memory): the inputs'
    states and shape alone, so that it too takes up the last build's site after an edit of front matter."""
    _, seen, shape = _inputs(site_dir, config, context, "")
    return Since("", False, None, seen, shape)


def _inputs(site_dir: Path, config: Config, context: str, shown: str) -> tuple[str, dict[str, Stat | None], str]:
    """The key of the inputs, each input file's state, and their shape: from one walk over them."""
    seen: dict[str, Stat | None] = {}
    shape: list[str] = []
    setup = digest(BuildCache.versioned(context), config.text, shown)
    templates = (site_dir / TEMPLATES, THEME_DIR)
    key = unchanged.inputs_key(setup, [site_dir / sources.CONTENT, site_dir / STATIC, THEME_DIR.parent / STATIC,
                                       *templates], seen, shape, templates)
    return key, seen, digest(setup, *shape)
