"""Where `check --report` writes: `<site>/.gongkai-report/` or the folder given, never anywhere a
build or deploy publishes from (the output, the deploy build, content/, static/, templates/), nor inside
any folder the generator built or deploys to, wherever it is: one built with `build --out`, a group
member's part of it, a deploy target (`placement.generated`, which `build --out` asks too), nor in a web root the
generator did not set up (`placement.web_root`: a server's default root, or beside another site's home page), where
the report would be served as the cache beside an output would be."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from gongkai import doctypes, pipeline
from gongkai.engine import sources
from gongkai.engine.config import TOP_SCHEMA, load_config
from gongkai.engine.group_spec import load_group
from gongkai.engine.finding_kinds import BY_KEY
from gongkai.incremental.placement import default_root, generated, web_root
from gongkai.oversight.collect import gather
from gongkai.oversight.render import DATA, PAGE, render
from gongkai.problems import ConfigError, UsageError
from gongkai.tools.deploy import build_folder

DEFAULT = ".gongkai-report"
DEFAULT_OUTPUT = TOP_SCHEMA["output"].default


def report_folder(site_dir: Path, given: str) -> Path:
    """The report's folder, refusing one inside anything that is published."""
    return _outside(site_dir, given, _published(site_dir))


def group_report_folder(group_dir: Path, given: str) -> Path:
    """The group report's folder (`<group>/.gongkai-report/` by default), refusing one inside anything the
    group or any of its members publishes."""
    group, _ = load_group(group_dir, doctypes.registry())
    places = _published(group_dir, group.output)
    for member in group.members:
        places += _published(group_dir / member.path)
    return _outside(group_dir, given, places)


def _published(site_dir: Path, output: str | None = None) -> list[Path]:
    """What a build or deploy of `site_dir` publishes from; a member whose config.yaml is broken is
    taken to have the default output."""
    if output is None:
        try:
            output = load_config(site_dir, doctypes.registry())[0].output
        except ConfigError:
            output = DEFAULT_OUTPUT
    site = site_dir.resolve()
    return [site / output, build_folder(site).parent, site / sources.CONTENT, site / pipeline.TEMPLATES,
            site / pipeline.STATIC]


def _outside(site_dir: Path, given: str, published: list[Path]) -> Path:
    written = Path(os.path.abspath(Path(given) if given else site_dir / DEFAULT))
    folder = written.resolve()
    for place in published:
        if folder.is_relative_to(place.resolve()):
            raise UsageError(f"检查报告文件夹 {folder} 不能在 {place} 之内：那里的文件会随网站发布")
    for path in dict.fromkeys((written, folder)):  # as written (a target's `current` link) and as it is
        place = generated(path)
        if place is not None:
            raise UsageError(f"检查报告文件夹 {path} 不能在 {place} 之内：那里的文件会随网站发布")
        served = web_root(path if default_root(path) is not None else path.parent)  # the folder, or beside it
        if served is not None:
            raise UsageError(f"检查报告文件夹 {path} 不能放在 {served[0]} 中：{served[1]}，报告（各文档的问题明细）会被 "
                             "Web 服务器提供；请写到网站根目录之外")
    if folder.exists() and not (folder.is_dir() and _report_or_empty(folder)):
        raise UsageError(f"检查报告文件夹 {folder} 已存在且不是本工具写的检查报告；为防止覆盖其中的文件，"
                         "请换一个文件夹或先清空它")
    return folder


def _report_or_empty(folder: Path) -> bool:
    """Whether the report may be written into `folder`: it holds nothing, or only an earlier report (its page, and
    the report.json that tells it) besides hidden files (a file manager's), which the report leaves alone;
    a folder of the user's would lose its index.html, as `build --out` refuses to replace one."""
    try:
        names = {name for name in os.listdir(folder) if not name.startswith(".")}
        if not names or DATA not in names or not names <= {PAGE, DATA}:
            return not names
        data = json.loads((folder / DATA).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # unreadable: not known to be a report
        return False
    return isinstance(data, dict) and "passed" in data and isinstance(data.get("sites"), list)


def write_report(site_dir: Path, as_of: dt.datetime, result: pipeline.Result, folder: Path) -> bool:
    """Write the report of a check that ran; True when a finding fails the inspection outright."""
    row = gather(site_dir, as_of, result)
    render([row], folder)
    failing = "、".join(BY_KEY[k].label for k in row.failing())
    print(f"检查报告：{folder / PAGE}（另有 report.json）；" +
          (f"单项否决：{failing}" if failing else "没有单项否决的问题"), file=sys.stderr)
    return bool(failing)
