"""The parts of a Word package a paragraph's meaning depends on: styles, list numbering, footnotes, images.

python-docx exposes the main text; these lookups go to the XML (lxml) where python-docx
has no API (footnotes, numbering formats, a style's inherited properties).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterator

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from gongkai.engine import image_metadata
from gongkai.importing import table_looks
from gongkai.importing.numbering import Numbering
from gongkai.importing.ooxml import switch, val

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".tif", ".tiff", ".emf", ".wmf"}


@dataclass
class Image:
    data: bytes  # b"" for a picture the file only links to
    suffix: str  # ".png"
    alt: str  # Word's 替代文字 (docPr descr, else title); "" when the author wrote none


@dataclass
class Notes:
    """A file's footnotes or endnotes by id, with their part: the links and pictures in a note name its relationships,
    not the document's."""

    part: Part | None = None
    by_id: dict[str, etree._Element] = field(default_factory=dict)


class Package:
    """Lookups into one opened Word document, each computed once."""

    def __init__(self, document: DocxDocument):
        self.part = document.part
        styles = document.styles.element.findall(qn("w:style"))
        self._styles = {s.get(qn("w:styleId")): s for s in styles}
        #: the style of a paragraph that names none (Word's 正文 / Normal)
        self._default = next((s.get(qn("w:styleId")) for s in styles
                              if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        #: the style of a table that names none, and the run properties every run starts from (docDefaults)
        self._default_table = next((s.get(qn("w:styleId")) for s in styles if s.get(qn("w:type")) == "table"
                                    and s.get(qn("w:default")) in ("1", "true")), None)
        self._run_defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.numbering = Numbering(self.part)
        self.footnotes = _notes(self.part, RT.FOOTNOTES, "w:footnote")
        self.endnotes = _notes(self.part, RT.ENDNOTES, "w:endnote")  # on a web page, at its end as footnotes are
        self._cell_kinds: dict[etree._Element, dict] = {}  # table -> its cells' conditional formats (table_looks)
        self._formats: dict[etree._Element, list[etree._Element]] = {}  # cell -> _table_formats

    def _style_chain(self, style_id: str | None) -> Iterator[etree._Element]:
        """The paragraph's style and the styles it is based on (the default style when it names none)."""
        seen, style_id = set(), style_id or self._default
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def paragraph_property(self, p_pr: etree._Element | None, style_id: str | None, tag: str) -> etree._Element | None:
        """A paragraph property set on the paragraph, else inherited from its style chain."""
        found = p_pr.find(qn(tag)) if p_pr is not None else None
        for style in self._style_chain(style_id):
            if found is not None:
                break
            found = style.find(f"{qn('w:pPr')}/{qn(tag)}")
        return found

    def heading_level(self, style_id: str | None) -> int:
        """1–9 for a Word heading style (标题 1 …), 0 for 'Title', -1 for any other style."""
        for style in self._style_chain(style_id):
            name = style.find(qn("w:name"))
            value = name.get(qn("w:val")) if name is not None else ""
            if value.lower() == "title":
                return 0
            match = _HEADING_STYLE.match(value)
            if match:
                return int(match.group(1))
        return -1

    def run_bold(self, style_id: str | None) -> bool:
        return self.run_switch(style_id, "w:b")

    def run_switch(self, style_id: str | None, tag: str) -> bool:
        """An on/off run property (bold, hidden) a style or the styles it is based on set."""
        return switch(self.run_setting(style_id, tag), tag, False)

    def run_setting(self, style_id: str | None, tag: str) -> etree._Element | None:
        """The w:rPr of the nearest style in the chain that sets the run property `tag`, None when none does."""
        for style in self._style_chain(style_id):
            r_pr = style.find(qn("w:rPr"))
            if r_pr is not None and r_pr.find(qn(tag)) is not None:
                return r_pr
        return None

    def table_style(self, tbl: etree._Element | None) -> str | None:
        """The style a table names, else the document's default table style (None outside a table)."""
        if tbl is None:
            return None
        named = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        return named.get(qn("w:val")) if named is not None else self._default_table

    def table_run_setting(self, tbl: etree._Element | None, tc: etree._Element | None,
                          tag: str) -> etree._Element | None:
        """The w:rPr by which a table's style sets run property `tag` for the text in cell `tc`: Word applies it
        below the paragraph and character styles."""
        return self._table_setting(tbl, tc, "w:rPr", tag)

    def table_cell_shading(self, tbl: etree._Element | None, tc: etree._Element | None) -> etree._Element | None:
        """The cell shading (w:shd) a table's style sets for cell `tc`, None when it sets none."""
        found = self._table_setting(tbl, tc, "w:tcPr", "w:shd")
        return found.find(qn("w:shd")) if found is not None else None

    def _table_setting(self, tbl: etree._Element | None, tc: etree._Element | None, within: str,
                       tag: str) -> etree._Element | None:
        """The `within` properties (w:rPr, w:tcPr) that set `tag` in the strongest of the formats a table's style
        gives cell `tc` (_table_formats)."""
        for holder in self._table_formats(tbl, tc):
            found = holder.find(qn(within))
            if found is not None and found.find(qn(tag)) is not None:
                return found
        return None

    def _table_formats(self, tbl: etree._Element | None, tc: etree._Element | None) -> list[etree._Element]:
        """What a table's style says about cell `tc`, strongest first: the conditional formats Word applies to the
        cell (the header row's, the banded rows' …), then the style's own; each style's before those of the style
        it is based on. Worked out once a cell: every run in it asks."""
        if tbl is None:
            return []
        key = tc if tc is not None else tbl
        if key not in self._formats:
            self._formats[key] = self._formats_of(tbl, tc)
        return self._formats[key]

    def _formats_of(self, tbl: etree._Element, tc: etree._Element | None) -> list[etree._Element]:
        style_id = self.table_style(tbl)
        chain = list(self._style_chain(style_id)) if style_id else []
        if tbl not in self._cell_kinds:
            bands = [self._table_number(tbl, chain, f"w:tblStyle{axis}BandSize") for axis in ("Row", "Col")]
            self._cell_kinds[tbl] = table_looks.cell_kinds(tbl, *bands) if chain else {}
        kinds = self._cell_kinds[tbl].get(tc, ("wholeTable",))
        conditional = [part for kind in reversed(kinds) for style in chain
                       for part in style.findall(qn("w:tblStylePr")) if part.get(qn("w:type")) == kind]
        return conditional + chain

    @staticmethod
    def _table_number(tbl: etree._Element, chain: list[etree._Element], tag: str) -> int:
        """A band size the table or its style sets (1 when none does, or for nonsense)."""
        for tbl_pr in (tbl.find(qn("w:tblPr")), *(style.find(qn("w:tblPr")) for style in chain)):
            value = val(tbl_pr, tag)
            if value is not None:
                return int(value) if value.isdigit() and int(value) > 0 else 1
        return 1

    def default_run_setting(self, tag: str) -> etree._Element | None:
        """The document's default run properties (docDefaults) when they set `tag`."""
        found = self._run_defaults is not None and self._run_defaults.find(qn(tag)) is not None
        return self._run_defaults if found else None

    @staticmethod
    def image(part: Part, rel_id: str, alt: str) -> Image:
        """The picture a drawing in `part` (the document, or its notes) shows; with no data when it is linked from
        outside the file or not a picture."""
        related = part.related_parts.get(rel_id)
        suffix = posixpath.splitext(str(related.partname))[1].lower() if related is not None else ""
        data = image_metadata.stripped(related.blob, suffix) if suffix in _IMAGE_SUFFIXES else None
        if data is None:  # not a picture, or a damaged one that may hold metadata: not published
            return Image(b"", "", alt.strip())
        return Image(data, ".jpg" if suffix == ".jpeg" else suffix, alt.strip())


def _notes(part: Part, relationship: str, tag: str) -> Notes:
    """The w:footnote or w:endnote elements by id, from their part (python-docx has no API for them); the
    reader reads a note's text as it reads the body, so hidden or deleted text in a note stays out too."""
    try:
        notes = part.part_related_by(relationship)
    except KeyError:
        return Notes()
    root = etree.fromstring(notes.blob)
    return Notes(notes, {note.get(qn("w:id")): note for note in root.findall(qn(tag))
                         if note.get(qn("w:type")) not in _NOTE_SKIP})
