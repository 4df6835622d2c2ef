"""What `serve` keeps between its builds."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gongkai.incremental.cache import BuildCache
from gongkai.incremental.edited_page import Built


@dataclass
class Session:
    """The build cache, in memory, whose every document and page the next build still checks against
    the files as they are; and the last build itself, used only for the page shown before the next
    build (edited_page.py)."""

    cache: BuildCache | None = None
    built: Built | None = None  # the last successful build, for showing a body edit at once

    def cache_for(self, cache_dir: Path | None, context: str) -> BuildCache:
        """The kept cache when it is for the same context, its documents back as read; else the one on disk."""
        self.built = None  # its documents are built anew from here on
        if self.cache is not None and self.cache.context == BuildCache.versioned(context):
            self.cache.rewind()
        else:
            self.cache = BuildCache.load(cache_dir, context)
        return self.cache

    def save(self) -> None:
        """The cache on disk for the next session to start from (serve saves it once the browser reloads)."""
        if self.cache is not None:
            self.cache.save()
