"""The site's files: what is in content/, read as text the way editors save it.

UTF-8 with or without a BOM and CRLF line ends are accepted; any other encoding is an
error naming the encoding where it can be told, never mojibake in the output.
"""
from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from gongkai.problems import ConfigError, Report

CONTENT = "content"
STATIC = "static"
#: larger Markdown or YAML files are refused: no editor writes one, and it would stall a build
MAX_TEXT_BYTES = 5 * 1024 * 1024
#: the longest file name, in bytes, of the file systems a site is written to and served from (ext4, XFS, NTFS
#: for ASCII): a longer name cannot be published, even where the site's own file system holds it
NAME_MAX = 255
PAGE_SUFFIX, DOC_SUFFIX = ".html", ".md"
_IGNORED_PREFIXES = (".", "~", "#")
_IGNORED_SUFFIXES = ("~", ".swp", ".tmp", ".bak")


class SourceError(Exception):
    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message, self.line = message, line


class SourceFile(NamedTuple):
    """A file of content/ (a tuple: a build that lists every source makes 110,000 at 100,000 documents)."""

    rel: str  # relative to content/, '/' separated
    file: str | os.PathLike  # on disk; a string from scan: a Path for each of 10,000 files costs 0.06 s a build

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def site_path(self) -> str:
        """The path editors see in messages: relative to the site folder."""
        return f"{CONTENT}/{self.rel}"


def is_ignored(name: str) -> bool:
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


def scan(site_dir: Path) -> list[SourceFile]:
    """Every file under content/, sorted, hidden and editor backup files left out; ConfigError naming the folders
    that cannot be read (_walk)."""
    root = site_dir / CONTENT
    found = []
    for folder, dirs, files in _walk(site_dir, CONTENT):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in sorted(files):
            if not is_ignored(name):
                rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                rel = rel if rel.isascii() or is_utf8(rel) else shown(rel)  # its reading says why (read_bytes)
                found.append(SourceFile(rel, os.path.join(folder, name)))
    return found


def _walk(site_dir: Path, under: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk of the site's folder `under`, which raises ConfigError, once the walk is done, naming each folder
    in it that could not be listed (permission denied): os.walk leaves such a folder out without a word, and the
    build would publish a site without its files. The folder itself is require_content's to check."""
    unreadable: list[OSError] = []
    yield from os.walk(site_dir / under, onerror=unreadable.append)
    report = Report()
    for exc in unreadable:
        folder = Path(os.fsdecode(exc.filename))
        if isinstance(exc, FileNotFoundError) or folder == site_dir / under:  # removed while the walk ran
            continue
        told = "：请检查文件夹的权限" if exc.errno in (errno.EACCES, errno.EPERM) else ""
        report.error(shown(folder.relative_to(site_dir).as_posix()), 1, f"无法读取这个文件夹：{exc.strerror}；"
                     f"其中的文件都不会发布，为防止发布缺少它们的网站，未生成{told}")
    if report.errors:
        raise ConfigError(report)


def is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python keeps them as surrogates): no page can name it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str) -> str:
    """`name` as messages show it: bytes that are not UTF-8 escaped (\\xff), printable in any terminal."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def name_limit(folder: str | os.PathLike) -> int:
    """The longest file name allowed, in bytes: NAME_MAX, or less where the file system of `folder` says so."""
    told = _told_limit(folder)
    return NAME_MAX if told is None else min(NAME_MAX, told)


@functools.lru_cache(maxsize=None)
def _told_limit(folder: str | os.PathLike) -> int | None:
    """What the file system of `folder` says its longest name is, asked once a folder: every file read asks,
    100,000 of them in a large site's build, in a few folders. None where it does not tell (Windows)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return None


def name_problem(path: Path, published: str) -> str:
    """Why `path` cannot be published as the file named `published`: a name (its own or a folder's) that is not
    UTF-8, or a published name longer than a file system allows (writing it would fail); "" when it can."""
    whole = str(path)
    bad = None if whole.isascii() or is_utf8(whole) else next(part for part in reversed(path.parts) if not is_utf8(part))
    if bad is not None:
        return (f"{'文件名' if bad == path.name else '所在文件夹的名称'}不是 UTF-8 编码：{shown(bad)}"
                "（\\x 后是无法识别的字节，常见于从 GBK 系统复制来的文件），请重命名")
    size, limit = len(published.encode("utf-8")), name_limit(path.parent)
    if size > limit:
        what = f"生成的页面文件名会超过文件系统的上限 {limit} 字节" if published != path.name \
            else f"超过文件系统的上限 {limit} 字节，无法发布"
        return f"文件名太长（{len(path.name.encode('utf-8'))} 字节），{what}：请改短文件名"
    return ""


def require_content(site_dir: Path, report: Report) -> None:
    """Raise ConfigError (with `report`'s problems) when content/ is missing, not a folder or unreadable:
    scanning it would find no document, and the build would replace the published site with an empty one."""
    folder = site_dir / CONTENT
    try:
        os.scandir(folder).close()
        return
    except FileNotFoundError:
        problem = f"找不到 content/ 文件夹：站点文件夹 {site_dir} 中应有 content/，文档都在其中；为防止以空网站替换已发布的网站，未生成"
    except NotADirectoryError:
        problem = f"{folder} 不是文件夹（而是普通文件）；文档应放在 content/ 文件夹中；为防止以空网站替换已发布的网站，未生成"
    except OSError as exc:
        problem = f"无法读取 content/ 文件夹 {folder}：{exc.strerror}；为防止以空网站替换已发布的网站，未生成"
    report.error(CONTENT, 0, problem)
    raise ConfigError(report)


def inside(site_dir: Path, path: Path) -> bool:
    """True when `path`, with every link followed, is inside the site's content/ folder."""
    return within(site_dir / CONTENT, path)


def within(folder: Path, path: Path) -> bool:
    """True when `path`, with every link followed, is inside `folder`."""
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)


def linked_folders(site_dir: Path, under: str = CONTENT, bound: str = CONTENT,
                   skipped: Callable[[str], bool] = is_ignored) -> list[tuple[str, bool]]:
    """(site path, leads outside the site's `bound`) of each symlinked folder under its `under`, which `scan`
    and `static_files` do not enter; folders `skipped` (content/'s hidden and backup ones, which `scan` leaves
    out) are not looked in."""
    found = []
    for folder, dirs, _ in _walk(site_dir, under):
        for name in sorted(dirs):
            path = Path(folder) / name
            if path.is_symlink() and not skipped(name):
                found.append((shown(path.relative_to(site_dir).as_posix()), not within(site_dir / bound, path)))
        dirs[:] = [d for d in dirs if not skipped(d)]
    return found


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, or SourceError for what cannot be read as a text file (a loop, a pipe, a huge file), and
    for a document whose name no page can carry (name_problem): it is not read further."""
    page = path.name[:-len(DOC_SUFFIX)] + PAGE_SUFFIX if path.name.endswith(DOC_SUFFIX) else path.name
    if problem := name_problem(path, page):
        raise SourceError(problem)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("不是普通文件（而是文件夹、管道或设备），请换成普通文件")
        if info.st_size > limit:
            raise SourceError(f"文件过大（{info.st_size / 1048576:.1f} MB），文档和数据文件最大 {limit // 1048576} MB；"
                              "大文件请作为附件")
        return path.read_bytes()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError("符号链接形成了循环，无法读取") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise SourceError("没有读取这个文件的权限，请检查文件权限") from None
        raise SourceError(f"无法读取文件：{exc.strerror}") from None


def _utf16(head: bytes) -> bool:
    """A BOM, or NUL in every other byte as UTF-16 text of mostly ASCII has (not a stray NUL in UTF-8)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    pairs = len(head) // 2
    return pairs >= 2 and max(head[0::2].count(0), head[1::2].count(0)) * 2 > pairs


def decode(data: bytes) -> str:
    """UTF-8 text with '\\n' line ends, or SourceError naming the encoding."""
    if _utf16(data[:200]):
        raise SourceError("文件是 UTF-16 编码，请另存为 UTF-8（记事本：另存为 → 编码选“UTF-8”）")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "（看起来是 GBK/GB18030）"
        except UnicodeDecodeError:
            guess = ""
        raise SourceError(f"文件不是 UTF-8 编码{guess}，请另存为 UTF-8", line) from None
    if "\x00" in text:
        raise SourceError("文件含有空字符（NUL），不是文本文件")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def static_files(site_dir: Path, theme_static: Path, report) -> dict[str, Path]:
    """The static files to publish by their path under static/: the theme's, each replaced by a file of
    the site's own at the same path. A link out of the site in its static/ is an error, not a copy. Hidden and
    backup files are left out, and so is everything in a hidden or backup folder (.git/, .svn/): a working
    copy's credentials and history are no part of the site."""
    files: dict[str, Path] = {}
    for base in (theme_static, site_dir / STATIC):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                rel = path.relative_to(base).as_posix()
                if not any(is_ignored(part) for part in rel.split("/")) and path.is_file():
                    if base.parent == site_dir and not within(site_dir, path):  # a copied folder's links
                        report.error(f"{STATIC}/{shown(rel)}", 1, "是指向站点之外的符号链接，请把文件本身放进 static/")
                        continue
                    if problem := name_problem(path, path.name):
                        report.error(f"{STATIC}/{shown(rel)}", 1, problem)
                        continue
                    files[rel] = path
    return files
