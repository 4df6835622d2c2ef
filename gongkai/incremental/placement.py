"""Where an output may go, and what is the tool's own: the checks before a build replaces a folder whole.

A build swaps its output folder for a new one, deleting what the old one held: only a folder the tool
wrote may be replaced, and nothing it publishes may sit where a build reads or inside a published site.
"""
from __future__ import annotations

import json
from pathlib import Path

from gongkai import doctypes
from gongkai.engine import group_inherit, group_spec, sources
from gongkai.incremental.cache import CACHE_PREFIX, BuildCache
from gongkai.output.catalog import CATALOG
from gongkai.output.render import TEMPLATES
from gongkai.problems import UsageError

#: the keys every row of catalog.json has, a site's or a group's (output/catalog.py)
ROW_KEYS = ("index_no", "title", "url")
#: the pages every output holds, a site's or a group's (output/pages.py, output/feeds.py, group/pages.py)
SYSTEM_PAGES = ("index.html", "gkml/index.html", "search/index.html", "sitemap.xml", "robots.txt")
#: the search index's list of shards (search_index.FOLDER, SHARDS_FILE: that module writes outputs, importing this one)
SHARDS = "pagefind/shards.json"
#: the longest first row read: a row never holds a line end, and no document's row is near this long
_ROW_MAX = 1024 * 1024


def output_dir(site_dir: Path, out: str | None, config_output: str) -> Path:
    """The output folder, refusing folders whose replacement would destroy the site or other files, and those whose
    files would be published again: in what a build reads (a group member's too), or in a published folder."""
    out_dir = (Path(out) if out else site_dir / config_output).resolve()
    site = site_dir.resolve()
    if out_dir == site or site.is_relative_to(out_dir):
        raise UsageError(f"输出文件夹 {out_dir} 不能是站点文件夹或它的上级")
    if (inside := generated(out_dir.parent)) is not None:
        raise UsageError(f"输出文件夹 {out_dir} 不能在 {inside} 之内：那是本工具生成或部署的网站，生成缓存（含未公开的文档）"
                         "写在输出文件夹旁，会随它发布")
    if (served := web_root(out_dir.parent)) is not None:
        raise UsageError(f"输出文件夹 {out_dir} 不能放在 {served[0]} 中：{served[1]}，生成缓存（含未公开的文档）写在输出文件夹旁"
                         f"（{BuildCache.folder_for(out_dir)}），会被 Web 服务器提供；请把输出文件夹放在网站根目录之外"
                         "（需要时用符号链接指向它），或用 deploy 发布")
    for folder, member in _read_places(site):
        for protected in (sources.CONTENT, TEMPLATES, sources.STATIC):
            if out_dir.is_relative_to(folder / protected):
                raise UsageError(f"输出文件夹 {out_dir} 不能在 {member}{'/' if member else ''}{protected}/ 之内")
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not is_own_output(out_dir))):
        raise UsageError(f"输出文件夹 {out_dir} 已存在且不是本工具生成的站点；为防止误删，请换一个文件夹或先清空它")
    return out_dir


def _read_places(site: Path) -> list[tuple[Path, str]]:
    """The folders whose content/, templates/ and static/ a build of `site` reads, directly or at the group's next
    build, each with how a message names it: the site's own; for a group, and for a member built alone, the group's
    and every member's (by its path in the group)."""
    registry = doctypes.registry()
    if group_spec.is_group(site):
        group_dir, members = site, group_spec.load_group(site, registry)[0].members
    elif (inherited := group_inherit.for_site(site, registry)) is not None:
        group_dir, members = inherited.group.folder.resolve(), inherited.group.members
    else:
        return [(site, "")]
    return [(site, ""), (group_dir, "" if group_dir == site else str(group_dir)),
            *(((group_dir / m.path).resolve(), m.path) for m in members)]


#: the folders web servers serve by default (Debian's nginx and Apache, the nginx package of nginx.org and Red Hat,
#: SUSE's Apache), and the pages a served folder opens with
WEB_ROOTS = (Path("/var/www/html"), Path("/usr/share/nginx/html"), Path("/srv/www/htdocs"))
INDEX_PAGES = ("index.html", "index.htm", "index.php")


def web_root(folder: Path) -> tuple[Path, str] | None:
    """(the web root, why it is taken for one) when `folder` looks served by a web server the generator did not set
    up: it is, or is in, a server's default root, or it holds a home page. What is written there is served too,
    the cache beside an output among it, unless the server refuses paths starting with a dot; None otherwise."""
    root = default_root(folder)
    if root is not None:
        return root, "那是 Web 服务器默认的网站根目录"
    page = next((name for name in INDEX_PAGES if (folder / name).is_file()), None)
    return (folder, f"其中有 {page}，像是 Web 服务器的网站根目录") if page else None


def default_root(folder: Path) -> Path | None:
    """The default web root (WEB_ROOTS) `folder` is, or is in; None when it is in none."""
    return next((root for root in dict.fromkeys(r for default in WEB_ROOTS for r in (default, default.resolve()))
                 if folder.is_relative_to(root)), None)


#: what a group's output keeps beside it: each member's own output (and, beside it, its cache) between group
#: builds, and the previous tree (`.<output>.members`, `.<output>.spare`); a deploy target's releases and the
#: link to the one online (tools/deploy.py)
MEMBERS, SPARE = ".members", ".spare"
RELEASES, CURRENT = "releases", "current"


def members_folder(out_dir: Path) -> Path:
    """Where each member's own output (and, beside it, its cache) is kept between group builds."""
    return out_dir.parent / f".{out_dir.name}{MEMBERS}"


def spare_for(out_dir: Path) -> Path:
    """The previous tree's place: hidden beside the output, on its file system, and no staging folder
    that clean_stale removes."""
    return out_dir.parent / f".{out_dir.name}{SPARE}"


def group_output_of(place: Path) -> Path | None:
    """The group output whose members folder or spare tree `place` is named as; None for any other name."""
    name = place.name
    for suffix in (MEMBERS, SPARE):
        if name.startswith(".") and name.endswith(suffix) and len(name) > len(suffix) + 1:
            return place.parent / name[1:-len(suffix)]
    return None


def generated(path: Path) -> Path | None:
    """The nearest of `path` and the folders above it the generator built or deploys to, by what it leaves there
    (catalog.json, its folders and their names, a deploy target's `current` and `releases/`); else None."""
    for place in (path, *path.parents):
        beside = (place, group_output_of(place) or place)  # an output, or its members folder or spare tree
        if place.name and (place.name.startswith(CACHE_PREFIX) or (place / CATALOG).is_file()
                           or BuildCache.folder_for(place).is_dir() or any(members_folder(p).is_dir() for p in beside)
                           or ((place / CURRENT).is_symlink() and (place / RELEASES).is_dir())):
            return place
    return None


def is_own_output(folder: Path) -> bool:
    """Whether a build may replace `folder` whole, deleting what it holds: its catalog.json is the tool's, and it
    bears another sign a build leaves: its cache beside it, its search index, or the pages every output has (a
    copy deployed elsewhere, or one whose cache was deleted, has those). A catalog.json alone is no sign."""
    return _own_catalog(folder / CATALOG) and (BuildCache.folder_for(folder).is_dir() or (folder / SHARDS).is_file()
                                              or all((folder / page).is_file() for page in SYSTEM_PAGES))


def _own_catalog(path: Path) -> bool:
    """Whether `path` is catalog.json as a build writes it (output/catalog.py): `[]`, or a row a line, the first an
    object with the keys every row has. Only its first row is read: a large site's file is tens of megabytes."""
    try:
        with open(path, "rb") as f:
            first, row = f.readline(_ROW_MAX), f.readline(_ROW_MAX)
            rest = f.read(1)
    except OSError:
        return False
    if first.strip() == b"[]":
        return not row.strip() and not rest
    try:
        value = json.loads(row.rstrip(b"\n").removesuffix(b",")) if first == b"[\n" else None
    except ValueError:
        return False
    return isinstance(value, dict) and all(key in value for key in ROW_KEYS)
