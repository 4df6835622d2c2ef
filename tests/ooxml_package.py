"""Parts added by hand to a saved .docx or .xlsx, for what python-docx and openpyxl cannot write (pivot caches,
legacy drawings, embedded files): each with its content type and the relationship that reaches it.

    package = Package(path)
    rel_id = package.add("xl/pivotCache/pivotCacheDefinition1.xml", xml, content_type, "xl/workbook.xml",
                         "pivotCacheDefinition")
    package.edit("xl/workbook.xml", "</workbook>", f'<pivotCaches>…</pivotCaches></workbook>')
    package.save()
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
CONTENT = "application/vnd.openxmlformats-officedocument."


class Package:
    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as old:
            self.parts = {name: old.read(name).decode("utf-8") if name.endswith((".xml", ".rels", ".vml"))
                          else old.read(name) for name in old.namelist()}

    def add(self, name: str, data: str | bytes, content_type: str, source: str = "", kind: str = "") -> str:
        """Part `name` of `content_type`, related from `source` by a relationship of `kind`; the relationship's
        id."""
        self.parts[name] = data
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        self.edit("[Content_Types].xml", "</Types>", override + "</Types>")
        return self.relate(source, name, kind) if source else ""

    def relate(self, source: str, target: str, kind: str) -> str:
        """The id of a new relationship from `source` to `target` of `kind`: a relationship type, or the last word
        of an officeDocument one (pivotTable)."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        existing = self.parts.setdefault(rels, f'<Relationships xmlns="{PACKAGE}/relationships"></Relationships>')
        rel_id = f"rIdAdded{existing.count('<Relationship ') + 1}"
        relative = posixpath.relpath(target, folder or ".")
        type_ = kind if "://" in kind else OFFICE + kind
        self.edit(rels, "</Relationships>", f'<Relationship Id="{rel_id}" Type="{type_}" Target="{relative}"/>'
                                            "</Relationships>")
        return rel_id

    def edit(self, name: str, old: str, new: str) -> None:
        """`old` in part `name`, which it must hold, replaced by `new`."""
        assert old in self.parts[name], (name, old)
        self.parts[name] = self.parts[name].replace(old, new, 1)

    def save(self) -> bytes:
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as new:
            for name, data in self.parts.items():
                new.writestr(name, data)
        return self.path.read_bytes()
