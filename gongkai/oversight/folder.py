"""Where `check --report` writes: `<site>/.gongkai-report/` or the folder given, never anywhere a
build or deploy publishes from (the output, the deploy build, content/, static/, templates/)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from gongkai import doctypes, pipeline
from gongkai.engine import sources
from gongkai.engine.config import load_config
from gongkai.engine.finding_kinds import BY_KEY
from gongkai.oversight.collect import gather
from gongkai.oversight.render import PAGE, render
from gongkai.problems import UsageError
from gongkai.tools.deploy import build_folder

DEFAULT = ".gongkai-report"


def report_folder(site_dir: Path, given: str) -> Path:
    """The report's folder, refusing one inside anything that is published."""
    folder = (Path(given) if given else site_dir / DEFAULT).resolve()
    config, _ = load_config(site_dir, doctypes.registry())
    site = site_dir.resolve()
    published = [site / config.output, build_folder(site).parent, site / sources.CONTENT,
                 site / pipeline.TEMPLATES, site / pipeline.STATIC]
    for place in published:
        if folder.is_relative_to(place.resolve()):
            raise UsageError(f"检查报告文件夹 {folder} 不能在 {place} 之内：那里的文件会随网站发布")
    return folder


def write_report(site_dir: Path, as_of: dt.date, result: pipeline.Result, folder: Path) -> bool:
    """Write the report of a check that ran; True when a finding fails the inspection outright."""
    row = gather(site_dir, as_of, result)
    render([row], folder)
    failing = "、".join(BY_KEY[k].label for k in row.failing())
    print(f"检查报告：{folder / PAGE}（另有 report.json）；" +
          (f"单项否决：{failing}" if failing else "没有单项否决的问题"), file=sys.stderr)
    return bool(failing)
