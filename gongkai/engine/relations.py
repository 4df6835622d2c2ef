"""Relations between documents, declared once: the table the model, the templates and the page records read.

Editors write one side of a relation (`replaces`, `interprets`, a gazette's `contents`); the build
resolves it and gives both documents an attribute, so a page shows 被替代 or 相关解读 without editors
repeating themselves. The relations every document may write are `COMMON`; a document type declares
its own (`DocType.relations`), so a type of an installed package brings its relations with it. What a
page reads of them is recorded by attribute name like any field (output/record.py).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

from gongkai.engine import model
from gongkai.engine.model import Document

if TYPE_CHECKING:
    from gongkai.engine.doctype import DocType
    from gongkai.problems import Report


@dataclass(frozen=True)
class Relation:
    key: str  # the front-matter key editors write, whose field names it in messages
    forward: str  # the attribute of the document that writes it: the document(s) it names
    backward: str = ""  # the attribute of each document named: the documents naming it ("": none)
    #: the headings of the two sides in a document page's 相关链接 ("": that side is not listed there)
    heading: str = ""
    back_heading: str = ""
    back_first: bool = False  # 相关链接 lists the backward side first (被替代 before 替代了)
    single: bool = False  # the forward side is one document (a `ref` key), else a list in the editor's order
    #: the types of document it may name; the others are refused and never suggested
    accepts: Optional[Callable[["DocType"], bool]] = None
    #: it may name another group member's document (/成员路径/内容路径.md): 政策解读 do, and the group
    #: gathers what they name before its members build (engine/group_interprets.py)
    across: bool = False
    #: the order of the backward side; newest first when not given
    order: Optional[Callable[[Document], Any]] = None
    cycle: str = ""  # the error when a document names itself through a chain of it; "": chains may loop
    #: a relation whose value is more than references (a gazette's 目录 of entries): resolved by its type,
    #: called with every document and `find(doc, key, field, report, line)`; it adds through `add`, `add_back`
    resolve: Optional[Callable[[list[Document], Callable, "Report"], None]] = None

    def named(self, doc: Document) -> list:
        """What `doc` names through it, as a list whether it is one document or several."""
        value = getattr(doc, self.forward)
        return ([value] if value is not None else []) if self.single else list(value)

    def add(self, doc: Document, value: Any) -> None:
        """`value` on the forward side of `doc`: its one document, or one more entry of its list."""
        if self.single:
            setattr(doc, self.forward, value)
        else:
            vars(doc).setdefault(self.forward, []).append(value)  # its own list, not the class's empty tuple

    def add_back(self, target: Document, doc: Document) -> None:
        vars(target).setdefault(self.backward, []).append(doc)

    def join(self, doc: Document, target: Document) -> None:
        """`doc` names `target`: both sides."""
        self.add(doc, target)
        if self.backward:
            self.add_back(target, doc)

    def sort(self, documents: list[Document]) -> None:
        """Each document's backward side in its order, once the relation is resolved."""
        order = self.order or Document.sort_key
        for doc in documents:
            named_by = vars(doc).get(self.backward) if self.backward else None
            if named_by:
                named_by.sort(key=order)


#: the relations every document may write (their keys are in engine/fields.FIELDS)
COMMON: tuple[Relation, ...] = (
    Relation("interprets", "interprets_doc", "interpretations", heading="相关文件", back_heading="相关解读", single=True,
             accepts=lambda doctype: doctype.interpretable, across=True),
    Relation("replaces", "replaces_docs", "replaced_by", heading="替代了", back_heading="被替代", back_first=True,
             cycle="替代（replaces）形成了循环：文档经过一串替代关系又替代了自己"),
    Relation("amended_by", "amended_by_docs", "amends", heading="修改文件", back_heading="修改了", back_first=True),
)


class Relations:
    """The relations of a build, in the order they are resolved: the common ones, then each type's in the
    order of the types (a type may read what an earlier one resolved)."""

    def __init__(self, relations: Sequence[Relation], keys: set[str]):
        """`keys`: the front-matter keys of the build, which a relation's attributes may not shadow."""
        self._all = tuple(relations)
        unknown = [r.key for r in self._all if r.key not in keys and r.resolve is None]
        if unknown:
            raise ValueError(f"relations of keys no type declares: {'、'.join(unknown)}")
        taken = keys | {f.name for f in dataclasses.fields(Document)}
        kinds: dict[str, Any] = {}
        for r in self._all:
            for name, empty in ((r.forward, None if r.single else ()), (r.backward, ())):
                if not name:
                    continue
                if name in taken:
                    raise ValueError(f"relation attribute {name} is a front-matter key or a document's own attribute")
                if kinds.get(name, empty) != empty:
                    raise ValueError(f"relation attribute {name} declared both as one document and as a list")
                kinds[name] = empty
        model.relate(kinds)
        #: the 相关链接 of a document's page, in order: (heading, attribute, whether it is one document)
        self.shown: tuple[tuple[str, str, bool], ...] = _shown(self._all)

    def __iter__(self) -> Iterator[Relation]:
        return iter(self._all)


def _shown(relations: Sequence[Relation]) -> tuple[tuple[str, str, bool], ...]:
    """Each side with a heading, once: an attribute two relations share (征求意见, named by a feedback and by
    a final decision) is listed where it first comes."""
    sides, seen = [], set()
    for r in relations:
        pair = [(r.heading, r.forward, r.single), (r.back_heading, r.backward, False)]
        for heading, name, single in reversed(pair) if r.back_first else pair:
            if heading and name not in seen:
                seen.add(name)
                sides.append((heading, name, single))
    return tuple(sides)

