"""What a symlink in a site's static/ may lead to. Everything in static/ is published as it is, so a link
there publishes the file it leads to: never a file of content/ (a document's source, or an attachment
that only a document not published names: whether it may be published only its documents tell, and they
publish it beside their pages), nor one in a hidden folder of the site (the build cache, the inspection
report, .git). Links out of the site are refused by sources.static_files already. A symlinked folder in
static/ is not entered, so its files would be silently left out: an error, as in content/.
"""
from __future__ import annotations

import os
from pathlib import Path

from gongkai.engine import sources
from gongkai.problems import Report


def published(site_dir: Path, statics: dict[str, Path], report: Report) -> dict[str, Path]:
    """`statics` (sources.static_files: by path under static/) without the site's own files that a symlink
    leads into content/ or into a hidden folder, each an error at its path; and an error for each symlinked
    folder in the site's static/ (not in or as a hidden one: static_files publishes nothing from those)."""
    own = site_dir / sources.STATIC
    site, folder = os.path.realpath(site_dir), os.path.realpath(own)
    content = os.path.realpath(site_dir / sources.CONTENT)
    kept = {}
    for rel, path in statics.items():
        real = os.path.realpath(path)
        if Path(path).is_relative_to(own) and not real.startswith(folder + os.sep):
            led = os.path.relpath(real, site).replace(os.sep, "/")
            if real.startswith(content + os.sep):
                report.error(f"{sources.STATIC}/{rel}", 1, f"是指向 {led} 的符号链接：content/ 中的文件只随引用它的"
                                                           "公开文档发布，不能经 static/ 发布；请把文件本身放进 static/")
                continue
            if real.startswith(site + os.sep) and any(part.startswith(".") for part in led.split("/")):
                report.error(f"{sources.STATIC}/{rel}", 1, f"是指向隐藏文件夹中的文件 {led} 的符号链接（生成缓存、"
                                                           "检查报告等不发布的文件在那里）；请把文件本身放进 static/")
                continue
        kept[rel] = path
    for rel, leads_out in sources.linked_folders(site_dir, sources.STATIC, bound=""):
        report.error(rel, 1, "是指向站点之外的文件夹符号链接，请把文件夹本身放进 static/" if leads_out
                     else "是文件夹符号链接，其中的文件不会发布；请把文件夹本身放进 static/")
    return kept

