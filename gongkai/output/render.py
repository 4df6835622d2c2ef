"""Pages to HTML through Jinja2 templates; a site's own template overrides the default of the same name.

Templates get the site model and the page, plus `url()` that makes any output path
relative to the page being rendered, so the output works from file://, any folder, any host.
"""
from __future__ import annotations

import posixpath
import re
import traceback
from pathlib import Path
from types import CodeType
from typing import Callable, NamedTuple, Protocol

import jinja2
import jinja2.bccache

from gongkai import doctypes
from gongkai.engine.model import Document, Site
from gongkai.engine.page import Page
from gongkai.output import record, rows, template_errors
from gongkai.output.charts import bar_chart
from gongkai.output.feeds import atom_time, feed_path, has_feed
from gongkai.output.sections import cut_after_sections
from gongkai.problems import ConfigError, Report

def _theme_root() -> Path:
    """The default theme's folder: the repository itself in a checkout (its templates/ and static/),
    the copy installed inside the package otherwise (`pip install .`, see setup.py)."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "templates" / "base.html").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "theme"


THEME_DIR = _theme_root() / "templates"
TEMPLATES = "templates"


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


class _Environment(jinja2.Environment):
    """Every template a page loads is one of its inputs: the one it names, those it extends,
    includes and imports, named in its text or at render time."""

    def get_template(self, name, parent=None, globals=None):  # noqa: A002 (Jinja's own names)
        record.read(record.key("template", getattr(name, "name", None) or str(name)))
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):  # noqa: A002
        if isinstance(names, (list, tuple)):
            for name in names:
                record.read(record.key("template", getattr(name, "name", None) or str(name)))
        return super().select_template(names, parent, globals)


#: templates compiled in this process, by Jinja's key of the template (its name and file) and the digest
#: of its source: every site built here (a group's members, one after another) compiles each once
_COMPILED: dict[tuple[str, str], CodeType] = {}


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates from the build cache's folder when it has them (as before), else from those
    this process compiled already; what is compiled anew goes to both."""

    def __init__(self, folder: jinja2.FileSystemBytecodeCache | None):
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.folder is not None:
            self.folder.load_bytecode(bucket)
        if bucket.code is None and (bucket.key, bucket.checksum) in _COMPILED:
            bucket.code = _COMPILED[bucket.key, bucket.checksum]
            if self.folder is not None:
                self.folder.dump_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _COMPILED[bucket.key, bucket.checksum] = bucket.code
        if self.folder is not None:
            self.folder.dump_bytecode(bucket)


def environment(site_dir: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The template environment; `compiled`, when given, keeps compiled templates between builds
    (Jinja checks each template's modification time, so an edited template is compiled again)."""
    loaders = []
    own = site_dir / TEMPLATES
    if own.is_dir() and own.resolve() != THEME_DIR:
        loaders.append(template_errors.Utf8Loader(str(own)))
    loaders.append(template_errors.Utf8Loader(str(THEME_DIR)))
    folder = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        folder = jinja2.FileSystemBytecodeCache(str(compiled))
    env = _Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, bytecode_cache=_Compiled(folder),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       undefined=template_errors.Undefined)  # a name nothing defines: an error at its line
    env.filters["filesize"] = filesize
    env.filters["cut_after_sections"] = cut_after_sections
    env.filters["image_url"] = image_url
    env.filters["url_path"] = escape_path
    env.globals["bar_chart"] = lambda table, key: bar_chart(record.unwrap(table), key)
    env.filters["atom_time"] = atom_time
    env.globals["feed_path"] = feed_path
    env.globals["has_feed"] = record.derived("has_feed", has_feed)
    env.globals["related_links"] = related_links
    env.globals["row"] = rows.row
    env.globals["rows"] = rows.rows
    return env


def related_links(doc) -> list[tuple[str, object]]:
    """The 相关链接 of a document's page: (heading, documents) for each side of a relation the table
    shows (engine/relations.py) that holds any; read through the page's proxy, so each is recorded."""
    links = []
    for heading, name, single in doctypes.registry().relations.shown:
        value = getattr(doc, name)
        docs = ([value] if value else []) if single else value
        if docs:
            links.append((heading, docs))
    return links


_IMG = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')


def image_url(doc, site) -> str | None:
    """Absolute URL of a document's first image, for the `Image` meta tag."""
    match = _IMG.search(doc.body_html)
    if not match:
        return None
    src = match.group(1)
    if "://" in src:
        return src
    path = posixpath.normpath(posixpath.join(posixpath.dirname(doc.url), src))
    return f"https://{site.info.domain}{site.info.base_path}{path}"


def filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB"


def template_path(site_dir: Path, filename: str | None) -> str:
    """A template's path as an editor sees it: relative to the site, else to the theme."""
    if not filename:
        return TEMPLATES
    path = Path(filename).resolve()
    for base in (site_dir.resolve(), THEME_DIR.parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return filename


class Rendered(NamedTuple):
    html: bytes
    keys: set[str]  # the inputs the page read (record.py)
    parts: list  # the records of the rows it showed as kept, each standing for the keys it was made from
    rows: dict | None  # every row it showed (rows.PageRows.made) when it has enough to keep them


class Bodies(Protocol):
    """Where documents' rendered bodies wait until their page is rendered (the build cache's body
    store): the renderer asks for them without knowing how they are kept."""

    def fill(self, doc: Document) -> bool:
        """Give the document its body; False when it already had one."""


class Renderer:
    """Renders pages; a page's own document and its column's introduction get their bodies from
    the build cache's body store first (templates that show other documents' bodies must not)."""

    def __init__(self, site_dir: Path, site: Site, bodies: Bodies, compiled: Path | None = None):
        self.site_dir, self.site, self.compiled = site_dir, site, compiled
        self.bodies = bodies
        self._env: jinja2.Environment | None = None  # made on first use: an unchanged rebuild renders nothing
        self._templates: dict[str, jinja2.Template] = {}

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = environment(self.site_dir, self.compiled)
        return self._env

    def template(self, name: str) -> jinja2.Template:
        try:
            return self._loaded(name)
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except jinja2.TemplateNotFound as exc:
            report = Report()
            report.error(TEMPLATES, 0, f"找不到模板 {exc.name}")
            raise ConfigError(report) from None

    def _loaded(self, name: str) -> jinja2.Template:
        """The template `name`, an input of the page (or row) being rendered, loaded once a build: Jinja
        looks at the file each time it is asked for it."""
        record.read(record.key("template", name))
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def _syntax_error(self, exc: jinja2.TemplateSyntaxError) -> ConfigError:
        return syntax_errors(self.env, self.site_dir, exc)

    def render(self, page: Page) -> bytes:
        return self.render_recorded(page)[0]

    def render_recorded(self, page: Page, kept: rows.Kept | None = None) -> Rendered:
        """The page's HTML, the inputs it read (record.py) and, for a long listing, its rows (rows.py),
        taken from `kept` where they are still current. Bodies fetched from the store for it are let go
        afterwards: a worker that kept them would end up holding every body it rendered (half a gigabyte
        at 100,000 documents)."""
        filled = [doc for doc in (page.doc, page.column.intro if page.column else None)
                  if doc is not None and self.bodies.fill(doc)]
        recorder, shown = record.Recorder(), rows.PageRows(kept, self._loaded)
        token, listing = record.recording(recorder), rows.rendering(shown)
        try:
            html = self._render(page, recorder)
        finally:
            rows.done(listing)
            record.stop(token)
            for doc in filled:
                doc.body_html = doc.toc = None
        return Rendered(html, recorder.keys, recorder.parts, shown.made if len(shown.made) >= rows.LONG else None)

    def _render(self, page: Page, recorder: record.Recorder) -> bytes:
        """The templates get the page and the site through the recorder's proxies, and so does this."""
        seen, site = recorder.wrap(page), recorder.wrap(self.site)
        doc = seen.doc
        root = site.info.base_path if seen.kind == "not_found" else "../" * page.depth

        def url(target: str) -> str:
            if not target:
                return root + "index.html"
            if root.startswith("/") and target.startswith("../"):  # the 404 page's root is absolute: no dot segments
                return _up(root, escape_path(target))
            return root + escape_path(target)

        html = render_template(self.env, self.site_dir, lambda: self.template(page.template),
                               site=site, page=seen, doc=doc, column=seen.column, url=url, root=root,
                               doctype=doctypes.registry().get(doc.type) if doc is not None else None)
        return html.encode("utf-8")


def render_template(env: jinja2.Environment, site_dir: Path, template: Callable[[], jinja2.Template],
                    **context: object) -> str:
    """The template `template()` loads, rendered with `context`, its mistakes as an editor can act on them: one
    that does not compile is a ConfigError with every template's syntax errors, one that fails as it runs (a name
    nothing defines, a division by zero) a TemplateProblem at the template's line, never a traceback. Site pages
    and a group's own pages are rendered through it."""
    try:
        return template().render(**context)
    except ConfigError:
        raise
    except jinja2.TemplateSyntaxError as exc:  # in a template loaded while rendering (extends, include)
        raise syntax_errors(env, site_dir, exc) from None
    except Exception as exc:  # a template that fails at run time: report its line, not a traceback
        raise TemplateProblem(*_template_frame(site_dir, exc), f"模板运行错误：{exc}") from None


def syntax_errors(env: jinja2.Environment, site_dir: Path, first: jinja2.TemplateSyntaxError) -> ConfigError:
    """`first` and every other template that does not compile, at their lines (template_errors.all_errors)."""
    report = Report()
    for path, line, message in template_errors.all_errors(env, first, lambda name: template_path(site_dir, name)):
        report.error(path, line, message)
    return ConfigError(report)


def _up(root: str, target: str) -> str:
    """`target` (starting ../) from the absolute `root`, as one absolute path (/bm/fgw/ and ../../x: /x)."""
    joined = posixpath.normpath(root + target)
    return joined + "/" if target.endswith("/") and joined != "/" else joined


_URL_SPECIAL = re.compile(r"[%#?\s\"'<>\\]")


def escape_path(path: str) -> str:
    """An output path as a URL: characters a file name may have but a URL reads otherwise are %-encoded.
    Pages link with it (`url`); so must every other output naming a page (`url_path`: sitemap, feeds, catalog)."""
    return _URL_SPECIAL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), path)


def _template_frame(site_dir: Path, exc: Exception) -> tuple[str, int]:
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):  # Jinja rewrites frames to template lines
            return template_path(site_dir, name), line
    return TEMPLATES, 0
