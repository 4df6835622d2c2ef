"""One Markdown document in, one unassembled `Document` and its problems out.

Reading needs only the file, the files it names (data, attachments) and the site defaults,
never the rest of the site, so a document's result depends on its inputs alone.
"""
from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.engine import alttext, attachment_text, fields, headings, placeholders, privacy, qa, sources, yamltext
from gongkai.engine.doctype import Types
from gongkai.engine.model import ON_REQUEST, PUBLIC, WITHHELD, Attachment, Document, FrontMatter, Link
from gongkai.engine.tables import read_tables
from gongkai.problems import Report

if TYPE_CHECKING:
    from gongkai.engine.config import Config
    from gongkai.engine.markdown_render import MarkdownRenderer

INTRO = "index.md"
DATA_SUFFIXES = (".yaml", ".yml")
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv")


@dataclass(frozen=True)
class ReadContext:
    """What reading a document may depend on besides its own files."""

    site_dir: Path
    types: Types  # the build's document types and the front-matter schema they make
    defaults: dict  # config `defaults` plus the site organization as default issuer
    column_types: dict  # column path -> default document type
    domain: str = ""  # the site's own domain and base path: full URLs of its pages are resolved as links
    base_path: str = "/"
    paragraph_per_line: bool = False  # config markdown.paragraph_per_line
    member_path: str = ""  # a group member's own path, and every member's: links to other members' documents
    group_members: tuple = ()

    @classmethod
    def of(cls, config: "Config", site_dir: Path | None = None) -> "ReadContext":
        """A site's: all of the configuration the build cache's key holds (`site_dir`: the site folder as
        the key names it, the configuration's by default)."""
        return cls(
            site_dir=site_dir or config.site_dir, types=config.types,
            defaults=dict(config.defaults, issuer=config.defaults.get("issuer") or config.site.organization),
            column_types={c.path: c.type for c in [*(c for top in config.columns for c in top.walk()),
                                                     *config.unopened.values()]},
            domain=config.site.domain, base_path=config.site.base_path,
            paragraph_per_line=config.paragraph_per_line, member_path=config.site.member_path,
            group_members=config.site.group_members,
        )

    def renderer(self) -> Any:
        """The Markdown renderer for this site (imported only when something is read: it is slow to import)."""
        from gongkai.engine.markdown_render import MarkdownRenderer
        return MarkdownRenderer(self.domain, self.base_path, self.paragraph_per_line, self.member_path,
                                self.group_members)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts) or SourceError saying what to add."""
    if not text.strip():
        raise sources.SourceError("文件是空的：文档应以“---”行开始，写明标题等信息，再以“---”行结束")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise sources.SourceError("文档应以一行“---”开始，其后是标题、发布日期等信息（front matter），"
                                  "再以一行“---”结束")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise sources.SourceError("front matter 没有结束：请在最后一个键之后加一行“---”")


def read_document(source: sources.SourceFile, text: str, ctx: ReadContext,
                  renderer: "MarkdownRenderer", report: Report) -> Document | None:
    path = source.site_path
    try:
        head, body, body_line = split_front_matter(text)
        doc_yaml = yamltext.load(head, first_line=2)
    except (sources.SourceError, yamltext.YamlError) as exc:
        report.error(path, exc.line, exc.message)
        return None
    raw = doc_yaml.value if doc_yaml.value is not None else {}
    if not isinstance(raw, dict):
        report.error(path, 2, "front matter 应为“键: 值”的形式，例如“title: 关于……的通知”")
        return None
    meta, lines = _fields(raw, doc_yaml, path, ctx.types, report)
    _held_back(head, meta, lines, path, ctx.types, report)
    folder = posixpath.dirname(source.rel)
    is_intro = posixpath.basename(source.rel) == INTRO
    _apply_defaults(meta, folder, ctx, is_intro, "disclosure" in lines or "disclosure:invalid" in lines)
    public = meta["disclosure"] == PUBLIC
    doc = Document(
        source=path, path=source.rel[:-3], url=(f"{folder}/index.html" if is_intro else source.rel[:-3] + ".html"),
        column_path=folder, is_intro=is_intro, meta=meta, lines=lines, body_html="", body_line=body_line,
    )
    meta["questions"] = []  # 政策问答, from the body
    if not public:
        return doc  # never rendered: nothing of it can reach the output
    privacy.scan(text, path, meta["public_contacts"], report, joined=not ctx.paragraph_per_line)
    rendered = renderer.render(body, folder, body_line)
    doc.body_html, doc.toc, doc.links, doc.url_lines = rendered.html, rendered.toc, rendered.links, rendered.url_lines
    privacy.scan_names(doc, text, report)
    alttext.scan(body, path, body_line, report)
    if not is_intro:
        headings.scan(body, path, body_line, report)
    doc.body_html, meta["questions"] = qa.shape(doc.body_html)
    doctype = ctx.types.get(meta["type"])
    if doctype.shape_body:
        doctype.shape_body(doc)
    if meta["video"]:
        _video(doc, ctx, report)
    if doctype.check_body:
        doctype.check_body(doc, body, report)
    for line, severity, message in rendered.problems:
        (report.error if severity == "error" else report.warning)(path, line, message)
    if meta["data"]:
        _read_data(doc, ctx, report)
        doc.tables = read_tables(doc, report)
        if doctype.read_figures:
            doc.figures = doctype.read_figures(doc, report)
    doc.attachments = _attachments(doc, ctx, report)
    return doc


def _fields(raw: dict, doc_yaml: yamltext.YamlDoc, path: str, types: Types, report: Report) -> tuple[dict, dict]:
    meta = FrontMatter()
    lines: dict[str, int] = {}
    held = False
    for name, value in raw.items():
        line = doc_yaml.line(name)
        field = types.field(name)
        if field is None:
            held = _unknown(name, value, line, lines, path, types, report) or held
            continue
        if field.key in lines:
            report.error(path, line, f"{types.label(field.key)}写了两次（中文键和英文键只能写一个）")
            continue
        lines[field.key] = line
        if isinstance(value, list):  # each item's own line, for messages about one entry of a list
            lines.update({f"{field.key}.{i}": doc_yaml.line(name, i) for i in range(len(value))})
        if value is None or value == "" or value == []:
            continue
        try:
            meta[field.key] = fields.coerce(field, value)
        except fields.FieldError as exc:
            report.error(path, line, f"{types.label(field.key)}：{exc}")
            lines[field.key + ":invalid"] = line
    if held:  # whatever else it says, its 公开属性 is not known: never published
        meta.pop("disclosure", None)
    return meta, lines


def _unknown(name: Any, value: Any, line: int, lines: dict, path: str, types: Types, report: Report) -> bool:
    """An unknown key: a warning, the key ignored; but an error when it is a known key written otherwise
    (`Disclosure`, `公開屬性`, `公开 属性`: fields.written_as) or holds a 公开属性 that keeps a document
    unpublished (`原公开属性: 不予公开`). Whether the document is held back: what such a key says of its
    publication (fields.PUBLICATION) is unknown, so it neither falls back to `defaults.disclosure` nor is published."""
    meant = fields.written_as(name, types.fields)
    if meant is not None:
        as_key = fields.spelling(name) == fields.spelling(meant.key)  # the form it spells first: Draft, draft
        first, second = (meant.key, meant.alias) if as_key else (meant.alias, meant.key)
        report.error(path, line, f"键“{name}”写法不对，应写作“{first}”或“{second}”："
                                 "键须用简体字、英文小写，中间不加空格，写法不同的键不被识别")
    elif isinstance(value, str) and fields.spelling(value) in (fields.spelling(ON_REQUEST), fields.spelling(WITHHELD)):
        meant = types.by_key["disclosure"]
        report.error(path, line, f"未知的键“{name}”写的是“{value.strip()}”：公开属性须写在“公开属性”或“disclosure”键下，"
                                 "写在别的键下不被识别；请改正键名")
    else:
        report.warning(path, line, _unknown_key(name, types))
        return False
    lines.setdefault(meant.key + ":invalid", line)
    if meant.key not in fields.PUBLICATION:
        return False
    lines.setdefault("disclosure:invalid", line)
    return True


def _held_back(head: str, meta: dict, lines: dict, path: str, types: Types, report: Report) -> None:
    """Errors for lines still marked 待填写 and for a 公开属性 or 草稿 written empty: none is ever published,
    and an empty 公开属性 does not fall back to `defaults.disclosure` (only a missing one does); an empty
    草稿 may be a draft whose `true` was lost, so it is not read as “not a draft”."""
    for line, name, reason in placeholders.marked(head, 2):
        field = types.field(name)
        key = field.key if field else name
        report.error(path, line, placeholders.message(types.label(key), reason))
        lines[key + ":invalid"] = line
    if "disclosure" in lines and meta["disclosure"] is None and "disclosure:invalid" not in lines:
        report.error(path, lines["disclosure"], "公开属性（disclosure）是空的：请填写 主动公开、依申请公开 或 不予公开"
                                                "（不写这一行时才按 config.yaml 的 defaults.disclosure 处理）")
        lines["disclosure:invalid"] = lines["disclosure"]
    if "draft" in lines and meta["draft"] is None and "draft:invalid" not in lines:  # meant as a draft, perhaps
        report.error(path, lines["draft"], "草稿（draft）是空的：请写 true（是草稿，不发布）或 false（发布），"
                                           "或删去这一行")
        lines["draft:invalid"] = lines["draft"]


def _unknown_key(name: str, types: Types) -> str:
    names = [f.key for f in types.fields] + [f.alias for f in types.fields]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"，是不是“{close[0]}”？" if close else "，请检查拼写"
    return f"未知的键“{name}”已忽略{hint}"


def _apply_defaults(meta: dict, folder: str, ctx: ReadContext, is_intro: bool, disclosure_written: bool) -> None:
    """`disclosure_written`: the document has a 公开属性 line, or one it could not read; only a document with
    none takes `defaults.disclosure`, and a column's introduction (index.md) 主动公开 instead. An introduction
    that says 依申请公开 or 不予公开 is not published, like any other document."""
    if meta["disclosure"] is None and not disclosure_written:
        meta["disclosure"] = PUBLIC if is_intro else ctx.defaults.get("disclosure")
    meta["type"] = meta["type"] or ctx.column_types.get(folder) or "page"
    meta["issuer"] = meta["issuer"] or ctx.defaults.get("issuer")
    meta["topic"] = meta["topic"] or ctx.defaults.get("topic")
    derive = ctx.types.get(meta["type"]).derive
    if derive:
        derive(meta)
    meta["keywords"] = meta["keywords"] or []
    meta["public_contacts"] = meta["public_contacts"] or []
    meta["replaces"] = meta["replaces"] or []
    meta["amended_by"] = meta["amended_by"] or []


def resolve_file(doc: Document, name: str, ctx: ReadContext) -> tuple[str, Path] | str:
    """(content path, disk path) of a file named in a document, or a message saying why not."""
    if name.startswith("/") or "://" in name or (len(name) > 1 and name[1] == ":"):
        return f"“{name}”应是相对于本文件的路径"
    rel = posixpath.normpath(posixpath.join(doc.column_path, name))
    if rel == ".." or rel.startswith("../"):
        return f"“{name}”指向 content/ 之外，只能使用站点内的文件"
    disk = ctx.site_dir / sources.CONTENT / rel
    if not sources.inside(ctx.site_dir, disk):  # the file or a folder on its way is a link leading out
        return f"“{name}”是指向 content/ 之外的符号链接"
    if not disk.is_file():
        return f"找不到文件“{name}”（应在 {sources.CONTENT}/{rel}）"
    return rel, disk


def _read_data(doc: Document, ctx: ReadContext, report: Report) -> None:
    name = doc.meta["data"]
    found = resolve_file(doc, name, ctx)
    if isinstance(found, str):
        report.error(doc.source, doc.line("data"), f"数据文件{found}")
        return
    rel, disk = found
    if not rel.endswith(DATA_SUFFIXES):
        report.error(doc.source, doc.line("data"), f"数据文件“{name}”应是 .yaml 文件")
        return
    data_path = f"{sources.CONTENT}/{rel}"
    try:
        text = sources.decode(sources.read_bytes(disk))
        data = yamltext.load(text)
    except (sources.SourceError, yamltext.YamlError) as exc:
        report.error(data_path, exc.line, exc.message)
        return
    if not isinstance(data.value, dict):
        report.error(data_path, 1, "数据文件应为键值对，例如以“tables:”开始")
        return
    privacy.scan(text, data_path, doc.meta["public_contacts"], report)
    doc.data, doc.data_lines = data.value, data
    doc.meta["data_source"] = data_path


def _video(doc: Document, ctx: ReadContext, report: Report) -> None:
    """A video interpretation's file: copied beside the page like a linked file."""
    found = resolve_file(doc, doc.meta["video"], ctx)
    if isinstance(found, str):
        report.error(doc.source, doc.line("video"), f"视频文件{found}")
    elif not found[0].lower().endswith(VIDEO_SUFFIXES):
        report.error(doc.source, doc.line("video"), f"视频文件“{doc.meta['video']}”应是 .mp4、.webm 或 .ogv 文件")
    else:
        doc.meta["video_url"] = found[0]
        doc.links.append(Link(found[0], doc.line("video"), is_document=False))


def _attachments(doc: Document, ctx: ReadContext, report: Report) -> list[Attachment]:
    result = []
    for n, item in enumerate(doc.meta["attachments"] or []):
        found = resolve_file(doc, item["file"], ctx)
        line = doc.line("attachments")
        if isinstance(found, str):
            report.error(doc.source, line, f"附件{found}")
            continue
        rel, disk = found
        if problem := sources.name_problem(disk, disk.name):  # copying it would fail: told where it is named
            report.error(doc.source, doc.lines.get(f"attachments.{n}", line), f"附件“{item['file']}”{problem}")
            continue
        size = disk.stat().st_size
        if size == 0:
            report.error(doc.source, line, f"附件“{item['file']}”是空文件，无法下载")
        title = item["title"] or posixpath.basename(rel)
        result.append(Attachment(file=rel, title=title, url=rel, size=size, line=line))
        if size:
            attachment_text.scan(doc, result[-1], disk, report)
    return result
