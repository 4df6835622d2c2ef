"""What making the site reads of each document is recorded as it is read (engine/reads.py): every way of
reading a front-matter key counts, anything that reads it whole counts as all of it, and the documents
are as they were afterwards. A build in another thread neither pauses nor fills this one's record."""
from __future__ import annotations

import datetime as dt
import pickle
import threading

from gongkai.engine import reads
from gongkai.engine.model import Column, Document, FrontMatter


def document(path: str = "qtxx/a", **meta) -> Document:
    return Document(source=f"content/{path}.md", path=path, url=f"{path}.html", column_path="qtxx", is_intro=False,
                    meta=FrontMatter({"title": "甲", "topic": "综合政务", "summary": None, **meta}), lines={},
                    body_html=None, body_line=1)


def test_each_way_of_reading_a_key_is_recorded_and_the_document_is_as_it_was_afterwards():
    doc, other, whole = document(), document("qtxx/b"), document("qtxx/c")
    with reads.recording([doc, other, whole]) as read:
        assert doc.title == "甲" and doc.meta.get("topic") == "综合政务" and "summary" in doc.meta
        assert doc.meta["summary"] is None and getattr(doc, "keywords", None) is None  # a key it lacks
        assert doc.meta["written"] is None and "written" not in doc.meta
        assert doc.content_key == ""
        assert sorted(whole.meta) == ["summary", "title", "topic"]
        with reads.unrecorded():
            assert other.meta["title"] == "甲" and other.meta_key == ""
    assert read == {"qtxx/a": {"title", "topic", "summary", "keywords", "written", "@content_key"},
                    "qtxx/c": {reads.ALL}}
    for d in (doc, other, whole):
        assert type(d) is Document and type(d.meta) is FrontMatter and type(d.lines) is dict
    assert doc.meta == {"title": "甲", "topic": "综合政务", "summary": None}


def test_the_lines_of_keys_and_of_the_body_are_recorded_as_read():
    """A message names a key's line or the body's: a line added above moves them (snapshot.py)."""
    doc, whole = document(), document("qtxx/c")
    doc.lines, whole.lines = {"title": 2, "topic": 3}, {"title": 2}
    with reads.recording([doc, whole]) as read:
        assert doc.line("topic") == 3 and doc.line("date") == 1 and doc.body_line == 1
        assert list(whole.lines) == ["title"]
    assert read == {"qtxx/a": {"#topic", "#date", "@body_line"}, "qtxx/c": {"#*"}}
    assert type(doc.lines) is dict and doc.lines == {"title": 2, "topic": 3}


def test_a_key_written_while_the_site_is_made_counts_as_all_and_stays_written():
    doc = document()
    with reads.recording([doc]) as read:
        doc.meta["questions"] = []
    assert read == {"qtxx/a": {reads.ALL}} and doc.meta["questions"] == []


def test_a_build_in_another_thread_neither_pauses_nor_fills_this_ones_record():
    mine, theirs = document("qtxx/mine"), document("qtxx/theirs")
    paused, read_here = threading.Event(), threading.Event()
    recorded: dict = {}

    def other_build() -> None:
        with reads.recording([theirs]) as read, reads.unrecorded():
            paused.set()
            read_here.wait(5)
            assert theirs.meta["title"] == "甲"  # its own check of it alone: not recorded
        recorded.update(read)

    thread = threading.Thread(target=other_build)
    thread.start()
    with reads.recording([mine]) as read:
        assert paused.wait(5)
        assert mine.meta["title"] == "甲"
        read_here.set()
        thread.join(5)
    assert read == {"qtxx/mine": {"title"}} and recorded == {}


def test_a_document_recorded_already_is_not_recorded_again_and_says_so():
    doc = document()
    with reads.recording([doc]) as outer:
        with reads.recording([doc]) as inner:
            assert doc.meta["title"] == "甲"
        assert inner is None and type(doc) is not Document
    assert outer == {"qtxx/a": {"title"}} and type(doc) is Document


def _listed(path: str, day: int) -> Document:
    doc = Document(source=f"content/{path}.md", path=path, url=f"{path}.html", column_path=path.rsplit("/", 1)[0],
                   is_intro=False, meta={}, lines={}, body_html=None, body_line=1)
    doc.published = dt.datetime(2024, 1, day)
    return doc


def test_a_columns_listing_follows_the_documents_added_and_is_not_kept_with_the_site():
    """all_documents is sorted once and asked again and again: a document added after it was asked is in the
    next answer, in its place, and what it knew is not written into the kept site."""
    parent = Column("zc", "政策", "normative", "", "", [], None, False, 1)
    child = Column("zc/gfxwj", "规范性文件", "normative", "", "", [], None, False, 2, parent=parent)
    parent.children.append(child)
    parent.documents.append(_listed("zc/a", 3))
    child.documents.append(_listed("zc/gfxwj/b", 1))
    assert [d.path for d in parent.all_documents()] == ["zc/a", "zc/gfxwj/b"]
    child.documents.append(_listed("zc/gfxwj/c", 5))
    listed = parent.all_documents()
    assert [d.path for d in listed] == ["zc/gfxwj/c", "zc/a", "zc/gfxwj/b"]
    listed.pop()  # a caller's copy
    assert len(parent.all_documents()) == 3
    assert "_sorted" not in pickle.loads(pickle.dumps(parent)).__dict__


def test_a_document_holds_the_keys_written_and_reads_any_other_as_none(tmp_path):
    """Every key of every type, held by every document, took a kilobyte of each; a key not written is None all
    the same, read as a field, as an attribute (templates) and through the site's recorded reads."""
    from conftest import AS_OF, doc as document_text, make_site
    from gongkai import pipeline

    root = make_site(tmp_path / "site", {"content/qtxx/a.md": document_text("甲", summary="概述。")})
    loaded = pipeline.load(root, dt.date.fromisoformat(AS_OF))
    found = next(d for d in loaded.site.documents if d.path == "qtxx/a")
    assert type(found.meta) is FrontMatter and found.meta["summary"] == "概述。" and found.summary == "概述。"
    assert "written" not in found.meta and found.meta["written"] is None and found.written is None
    assert None not in found.meta.values()
    assert len(found.meta) < len(FrontMatter.KEYS) / 2
    assert getattr(found, "no_such_key", "absent") == "absent"
