"""The one place that knows the order: config → sources → reader → assemble → validate → render → postcheck → write.

`check` is `build` without the write, so the two can never disagree about a site.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .assemble import assemble
from .catalog import catalog
from .config import Config, load_config
from .markdown_render import MarkdownRenderer
from .model import Document, Site
from .output import Output, OutputConflict
from .pages import site_pages
from .postcheck import postcheck
from .problems import Report, UsageError
from .reader import ReadContext, read_document
from .render import THEME_DIR, Renderer, TemplateProblem
from .validate import validate
from .write import clean_stale, publish, stage, write_tree

log = logging.getLogger("gongkai")
STATIC = "static"
CATALOG = "catalog.json"


@dataclass
class Loaded:
    """Everything read and checked, before anything is rendered."""

    config: Config
    site: Site
    documents: list[Document]  # every document read, non-public ones included
    report: Report


@dataclass
class Result:
    report: Report
    site: Site | None = None
    output: Output | None = None
    hosts: dict[str, str] = field(default_factory=dict)  # external host -> source referring to it
    seconds: float = 0.0
    written: bool = False


def load(site_dir: Path, as_of: dt.date) -> Loaded:
    config, report = load_config(site_dir)
    ctx = ReadContext(
        site_dir=site_dir,
        defaults=dict(config.defaults, issuer=config.defaults.get("issuer") or config.site.organization),
        column_types={c.path: c.type for top in config.columns for c in top.walk()},
    )
    renderer = MarkdownRenderer()
    documents = []
    for source in sources.scan(site_dir):
        if not source.rel.endswith(".md"):
            continue
        try:
            if source.path.is_symlink() and not sources.inside(site_dir, source.path):
                raise sources.SourceError("是指向 content/ 之外的符号链接，请把文件本身放进 content/")
            text = sources.decode(sources.read_bytes(source.path))
        except sources.SourceError as exc:
            report.error(source.site_path, exc.line, exc.message)
            continue
        doc = read_document(source, text, ctx, renderer, report)
        if doc is not None:
            documents.append(doc)
    site = assemble(config, documents, as_of, report)
    validate(site, documents, config, report)
    return Loaded(config, site, documents, report)


def render(loaded: Loaded) -> Output:
    """Every output file, in memory; problems (not exceptions) for anything an editor can fix."""
    site, report, site_dir = loaded.site, loaded.report, loaded.config.site_dir
    output = Output()
    renderer = Renderer(site_dir, site)
    try:
        for page in site_pages(site):
            origin = page.doc.source if page.doc else "config.yaml" if page.column else f"templates/{page.template}"
            try:
                output.add_page(page.path, renderer.render(page), origin)
            except TemplateProblem as exc:
                report.error(exc.path, exc.line, f"{exc.message}（渲染 {page.path} 时）")
        output.add_page(CATALOG, catalog(site), "catalog")
        for doc in site.documents:
            for rel in _files_of(doc):
                output.add_copy(rel, site_dir / sources.CONTENT / rel, f"{sources.CONTENT}/{rel}")
        for rel, path in _static_files(site_dir).items():
            output.add_copy(f"{STATIC}/{rel}", path, f"{STATIC}/{rel}")
    except OutputConflict as exc:
        report.error(exc.second, 0, f"{exc.second} 与 {exc.first} 都要写入 {exc.path}，请给其中一个改名")
    return output


def _files_of(doc: Document) -> list[str]:
    """Attachments and files linked from the body: copied beside the page."""
    return [a.file for a in doc.attachments] + [link.target for link in doc.links if not link.is_document]


def _static_files(site_dir: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for base in (THEME_DIR.parent / STATIC, site_dir / STATIC):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not sources.is_ignored(path.name):
                    files[path.relative_to(base).as_posix()] = path
    return files


def run(site_dir: Path, as_of: dt.date, out_dir: Path | None = None) -> Result:
    """Build the site; write it to `out_dir` only when there is no error (`None`: check only)."""
    started = time.perf_counter()
    loaded = load(site_dir, as_of)
    result = Result(loaded.report, loaded.site)
    if not loaded.report.errors:
        output = render(loaded)
        result.output = output
        if not loaded.report.errors:
            result.hosts = postcheck(output, loaded.site.info.base_path, loaded.report)
        if out_dir is not None and not loaded.report.errors:
            write(output, out_dir)
            result.written = True
    result.seconds = time.perf_counter() - started
    return result


def write(output: Output, out_dir: Path) -> None:
    clean_stale(out_dir)
    staged = stage(out_dir)
    write_tree(output, staged)
    publish(staged, out_dir)


def output_dir(site_dir: Path, out: str | None, config_output: str) -> Path:
    """The output folder, refusing folders whose replacement would destroy the site or other files."""
    out_dir = (Path(out) if out else site_dir / config_output).resolve()
    site = site_dir.resolve()
    if out_dir == site or site.is_relative_to(out_dir):
        raise UsageError(f"输出文件夹 {out_dir} 不能是站点文件夹或它的上级")
    for protected in (sources.CONTENT, "templates", STATIC):
        if out_dir.is_relative_to(site / protected):
            raise UsageError(f"输出文件夹 {out_dir} 不能在 {protected}/ 之内")
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / CATALOG).exists())):
        raise UsageError(f"输出文件夹 {out_dir} 已存在且不是本工具生成的站点；为防止误删，请换一个文件夹或先清空它")
    return out_dir
