"""`build.py import`: each Word file becomes one document in its column, or a message saying why not.

A file that fails leaves nothing behind and does not stop the others. The 索引号 and the
column are chosen exactly as `build.py new` chooses them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import doctypes
from gongkai.engine import sources
from gongkai.engine.config import load_config
from gongkai.engine.model import WITHHELD, Column
from gongkai.importing import colophon, container, docx_reader, existing, front_matter, gongwen, metadata, validity
from gongkai.importing.markdown_writer import MarkdownWriter
from gongkai.engine.reader import split_front_matter
from gongkai.tools import scaffold, slug

#: what to tell an editor whose file is not a .docx, by file name ending
_NOT_DOCX = {
    ".doc": "这是旧版 Word 文件（.doc），无法导入：请在 Word 或 WPS 中打开，“另存为 .docx”后再导入",
    ".wps": "这是 WPS 文字文件（.wps），无法导入：请在 WPS 中打开，“另存为 .docx”后再导入",
}
_OTHER = "不是 Word 文件（.docx），无法导入：Word 或 WPS 文档请先“另存为 .docx”再导入"
#: found or marked 待填写 whatever the type (a 规范性文件 marks every value a 公文 states): a title or
#: 公开属性 nobody has confirmed must never go out
_ALWAYS_MARKED = ("title", "disclosure")
_EMPTY = "Word 文件中没有任何文字，未导入：请确认选对了文件，或在 Word 中打开检查内容后再导入"


class Refused(Exception):
    """A file that is not imported; the message says why and what to do."""


@dataclass
class Outcome:
    source: str  # the file as the editor named it
    written: str = ""  # content/… of the document written
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class _Run:
    """What every file of one run shares: the column, and the site's 索引号 and 发文字号 as they grow."""

    site_dir: Path
    org_code: str
    column: Column | None  # None: decided per file from the 文种 (see _placed)
    doc_type: str
    type_given: bool  # --type was given: a replaced document takes it too
    date: dt.date | None
    replace: bool
    used: set[str]  # 索引号
    numbers: dict[str, tuple[str, int]]  # identity (existing.key: 发文字号, else title and 成文日期) -> (content/….md, line)
    columns: list[Column]  # the open columns, named when a file's column cannot be decided


def inputs(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for its Word and WPS files in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("~$")
                            and p.suffix.lower() in (".docx", *_NOT_DOCX))
        else:
            found.append(path)
    return found


def import_files(site_dir: Path, paths: list[Path], doc_type: str | None, column_path: str | None,
                 date: dt.date | None, replace: bool) -> list[Outcome]:
    config, _ = load_config(site_dir, doctypes.registry())
    doc_type = scaffold.type_key(doc_type) if doc_type else None
    column = scaffold.choose_column(config, doc_type, column_path) if doc_type or column_path else None
    chosen_type = doc_type or (column.type if column else None) or "page"
    columns = [c for top in config.columns for c in top.walk() if not c.archived]
    run = _Run(site_dir, config.site.org_code, column, chosen_type, doc_type is not None, date, replace,
               scaffold.used_index_numbers(site_dir), existing.known(site_dir), columns)
    return [_import_one(run, path) for path in inputs(paths)]


def _placed(run: _Run, parts: gongwen.Parts, replacing: str) -> _Run:
    """The run for one file: without --column or --type, a 规范性文件 kind of 文种 goes to the first
    normative column; any other 文种 (请示, 函, 批复 …) or none is refused, asking for --column.
    A document being replaced stays in its column."""
    if run.column:
        return run
    name, normative = metadata.kind(parts.title)
    if replacing:
        folder = replacing.removeprefix(f"{sources.CONTENT}/").rsplit("/", 1)[0]
        column = next((c for c in run.columns if c.path == folder), None)
        if column is not None:
            return dataclasses.replace(run, column=column, doc_type="normative" if normative else column.type or "page")
    choices = "、".join(f"{c.path}（{c.name}）" for c in run.columns)
    if normative is None:
        raise Refused(f"未指定栏目，且未能从标题末尾的文种（通知、意见、办法、请示、函等）判断是否规范性文件："
                      f"请用 --column 指定栏目，可选：{choices}")
    if not normative:
        raise Refused(f"未指定栏目，而标题的文种“{name}”不是规范性文件：请用 --column 指定栏目，可选：{choices}")
    column = next((c for c in run.columns if c.type == "normative"), None)
    if column is None:
        raise Refused(f"没有规范性文件栏目：请用 --column 指定栏目，可选：{choices}")
    return dataclasses.replace(run, column=column, doc_type="normative")


def _import_one(run: _Run, path: Path) -> Outcome:
    outcome = Outcome(str(path))
    try:
        _check_name(path)
        blocks = docx_reader.read(path)
        parts = gongwen.recognise(blocks)
        if not parts.has_any_text:
            raise Refused(_EMPTY)
        identity = existing.key(parts.doc_number, parts.title, parts.written)
        found = run.numbers.get(identity) if identity else None
        run = _placed(run, parts, found[0] if found and run.replace else "")
        if found and not run.replace:
            raise Refused(f"{existing.describe(identity)}已有文档 {found[0]}:{found[1]}，未导入："
                          f"要用此文件更新该文档，请加 --replace")
        target, kept = _replaced(run, found[0]) if found else (_free_name(run, parts), {})
        for key in _held(parts):  # a value the page cannot take from Word for certain: nor the one written before
            kept.pop(key, None)
        values, missing = _values(run, parts, kept)
        if blocks.held:  # held whatever the 附注 or the editor's earlier value says
            values.pop("disclosure", None)
            kept = {key: text for key, text in kept.items() if key != "disclosure"}
            missing["disclosure"] = "；".join(blocks.held)
        head = front_matter.render(values, missing, kept)
        body = MarkdownWriter(target.stem).write(parts)
        _write(target, head + "\n" + body.markdown, body.images)
    except (Refused, docx_reader.UnreadableWord) as exc:
        outcome.error = str(exc)
        return outcome
    except OSError as exc:
        outcome.error = f"无法读写文件 {exc.filename or path}：{exc.strerror or exc}"
        return outcome
    rel = target.relative_to(run.site_dir).as_posix()
    outcome.warnings = [f"{reason}：已在 {rel} 中留空并标注“{front_matter.MARK}”，填写前不会发布"
                        for reason in missing.values()]
    outcome.warnings += blocks.warnings + parts.warnings + body.warnings
    outcome.warnings += _left_behind(target, body.images) if found else []
    if not parts.has_text:
        outcome.warnings.append(f"没有找到正文：请对照 Word 文件核对 {rel}")
    if identity:
        shown = parts.doc_number or parts.title
        key = "doc_number" if parts.doc_number else "title"
        line = head.split("\n").index(front_matter.line(key, shown)) + 1 if key in values else 1
        run.numbers[identity] = (rel, line)
    outcome.written, outcome.replaced = rel, bool(found)
    return outcome


def _write(target: Path, text: str, images: list[tuple[str, bytes]]) -> None:
    """Images first and the document last, so a document is never left pointing at missing images."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for name, data in images:
        (target.parent / name).write_bytes(data)
    target.write_text(text, encoding="utf-8")


def _left_behind(target: Path, images: list[tuple[str, bytes]]) -> list[str]:
    """A warning naming the images of the replaced document the new file no longer has."""
    written = {name for name, _ in images}
    old = sorted(p.name for p in target.parent.glob(f"{target.stem}-fig*") if p.name not in written)
    if not old:
        return []
    return [f"新文件的图片比原来少，{'、'.join(old)} 已不再被文档引用，未删除：确认无用后请删除"]


def _check_name(path: Path) -> None:
    if not path.is_file():
        raise Refused("找不到文件")
    suffix = path.suffix.lower()
    if suffix != ".docx":
        raise Refused(_NOT_DOCX.get(suffix, _OTHER))
    if container.encrypted(path):
        raise Refused(container.PASSWORD)
    if parts := container.twice(path):
        raise Refused(container.TWICE.format(names="、".join(parts)))


def _replaced(run: _Run, rel: str) -> tuple[Path, dict[str, str]]:
    """The document to update and the lines of it to keep."""
    target = run.site_dir / rel
    try:
        head, _, _ = split_front_matter(sources.decode(sources.read_bytes(target)))
    except sources.SourceError as exc:
        raise Refused(f"无法读取要更新的文档 {rel}：{exc.message}") from None
    return target, front_matter.chunks(head)


def _free_name(run: _Run, parts: gongwen.Parts) -> Path:
    """<year>-<column>-<序号>.md: the 发文字号's year and number (2021-gfxwj-12.md), else the 索引号's, which
    carries the publication year (2024-gfxwj-00013.md); -2, -3 … when taken, so nothing is overwritten."""
    folder = run.site_dir / sources.CONTENT / run.column.path
    stem = slug.from_doc_number(parts.doc_number, run.column.path) or slug.numbered(
        *_next_index(run).rsplit("/", 1)[1].split("-"), run.column.path)
    candidate, n = stem, 1
    while (folder / f"{candidate}.md").exists() or any(folder.glob(f"{candidate}-fig*")):
        n += 1
        candidate = f"{stem}-{n}"
    return folder / f"{candidate}.md"


def _next_index(run: _Run) -> str:
    return scaffold.next_index_no(run.org_code, (run.date or dt.date.today()).year, run.used)


def _lines(blocks: list, notes: bool = False) -> list[str]:
    """Every paragraph's text in `blocks`, a table's cell by cell; with `notes`, their footnotes' after them."""
    return [text for block in blocks for text in colophon.texts(block) + (colophon.footnotes(block) if notes else [])]


def _held(parts: gongwen.Parts) -> dict[str, str]:
    """The values a 公文 gives in a way the page cannot stand for (a struck-through title, a struck-through 落款
    naming the issuer, a 成文日期 with struck text), each with why: left to the editor whatever the document's type."""
    reasons = {"title": parts.title_held, "issuer": parts.issuer[1], "written": parts.written_held}
    return {key: reason for key, reason in reasons.items() if reason}


def _values(run: _Run, parts: gongwen.Parts, kept: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(front-matter values found, reason for each required value not found)."""
    values, missing = {}, {}
    if "index_no" not in kept:
        values["index_no"] = _next_index(run)
        run.used.add(values["index_no"])
    if run.date or "date" not in kept:
        values["date"] = (run.date or dt.date.today()).isoformat()
    held = _held(parts)
    found = {
        "title": ("" if "title" in held else parts.title, held.get("title") or "未能从文档中识别标题"),
        "issuer": (parts.issuer[0], held.get("issuer") or "未能从版头或落款中识别发文机关（留空则为本站主办单位）"),
        "doc_number": (parts.doc_number, "未能从文档中识别发文字号"),
        "written": (parts.written.isoformat() if parts.written else "", held.get("written") or "未能从文档中识别成文日期"),
        "disclosure": metadata.disclosure(
            _lines(parts.notes), parts.colophon,
            _lines([*parts.main, *(b for a in parts.attachments for b in a.blocks)], notes=True),
            [note for block in parts.notes for note in colophon.footnotes(block)] + parts.colophon_notes),
    }
    required = doctypes.registry().required_fields(run.doc_type, True, False)
    for key, (value, reason) in found.items():
        if value:
            values[key] = value
        elif key not in kept and (key in _ALWAYS_MARKED or key in held or key in required
                                  or run.doc_type == "normative"):
            missing[key] = reason
    if values.get("disclosure") == WITHHELD and "withheld_reason" not in kept:
        missing["withheld_reason"] = "附注为“此件不予公开”，请写明不予公开理由"
    if (run.type_given if kept else run.doc_type != run.column.type):
        values["type"] = run.doc_type
    if run.doc_type == "normative" and "validity" not in kept:
        values["validity"] = "有效"
    if run.doc_type == "normative":
        terms, unsure = validity.stated(parts, values.get("date") or kept.get("date"))
        values.update(terms)
        missing.update({key: reason for key, reason in unsure.items() if key not in kept})
    for key in required:
        if key not in values and key not in missing and key not in kept:
            missing[key] = f"{doctypes.registry().label(key)}须由编辑填写"
    return values, missing
