"""`serve` on a group folder: the whole group (members and group pages) built into the preview's folder.

Every rebuild is a group build: a member nothing changed in finds so from its own cache and is not
rebuilt, so a save rebuilds the member it was made in and the group pages. The preview watches
group.yaml, the group's theme and each member's sources.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from gongkai import doctypes
from gongkai.engine.config import CONFIG_FILE
from gongkai.engine.group_spec import GROUP_FILE, load_group
from gongkai.group.build import build_group
from gongkai.tools.preview import WATCHED, Built, Preview


class GroupPreview(Preview):
    def __init__(self, site_dir: Path, as_of: dt.datetime | None):
        super().__init__(site_dir, as_of)
        self.members: list[str] = []  # as group.yaml listed them at the last build

    def build(self) -> Built:
        group, _ = load_group(self.site_dir, doctypes.registry())
        self.base_path, self.members = group.base_path, [m.path for m in group.members]
        result = build_group(self.site_dir, self.moment(), self.out_dir, search=not self.indexed,
                             drafts=True)
        rebuilt = [m.path for m in result.members if m.rendered]
        return Built(result.written, result.report, sum(m.rendered for m in result.members),
                     f"；重新生成的成员：{'、'.join(rebuilt) or '无'}")

    def watched(self) -> list[str]:
        own = [os.path.join(self.site_dir, name) for name in (GROUP_FILE, *(n for n in WATCHED if n != CONFIG_FILE))]
        return own + [os.path.join(self.site_dir, member, name) for member in self.members for name in WATCHED]
