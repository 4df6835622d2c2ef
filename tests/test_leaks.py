"""Nothing of a non-public document ever reaches the output.

Hypothesis builds sites of 主动公开, 依申请公开 and 不予公开 documents, each carrying a marker
unique to it in its title, front matter, body, data file and attachment, with references and
links between them. A site where a public document points at a non-public one must fail
(and write nothing); any other site must build, and no output file, the search index
decompressed included, may contain a marker of a non-public document.

    GONGKAI_LONG=1 python3 -m pytest -q tests/test_leaks.py     # 1,000 sites instead of 40
"""
from __future__ import annotations

import contextlib
import gzip
import io
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import build
from conftest import AS_OF, BASE_CONFIG, doc, make_site, normative

SITES = 1000 if os.environ.get("GONGKAI_LONG") else 40
PUBLIC, ON_REQUEST, WITHHELD = "主动公开", "依申请公开", "不予公开"


@dataclass
class Spec:
    """One generated document: where it is, who may see it, what it points at."""

    index: int
    disclosure: str
    column: str  # qtxx (page) or gfxwj (normative)
    data: bool
    attachment: bool
    links: list[int]  # body links to other documents
    replaces: list[int]  # 替代 references (only to earlier documents, so never a cycle)
    marker: str

    @property
    def key(self) -> str:
        return f"{self.column}/d{self.index}"


@st.composite
def sites(draw) -> list[Spec]:
    count = draw(st.integers(1, 7))
    salt = draw(st.integers(10 ** 7, 10 ** 8 - 1))
    specs = []
    for i in range(count):
        others = [j for j in range(count) if j != i]
        specs.append(Spec(
            index=i + 1,
            disclosure=draw(st.sampled_from([PUBLIC, PUBLIC, ON_REQUEST, WITHHELD])),
            column=draw(st.sampled_from(["qtxx", "gfxwj"])),
            data=draw(st.booleans()), attachment=draw(st.booleans()),
            links=draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else [],
            replaces=draw(st.lists(st.sampled_from(range(i)), max_size=1)) if i else [],
            marker=f"MARK{salt}N{i + 1}Z",
        ))
    return specs


def write_site(root: Path, specs: list[Spec]) -> None:
    by_index = {s.index - 1: s for s in specs}
    files: dict[str, str | bytes] = {}
    for spec in specs:
        m = spec.marker
        fields = {"summary": f"概述{m}S", "keywords": f"[关键{m}K]", "disclosure": spec.disclosure}
        if spec.disclosure == WITHHELD:
            fields["withheld_reason"] = f"涉密{m}W"
        if spec.data:
            fields["data"] = f"d{spec.index}.yaml"
            files[f"content/{spec.column}/d{spec.index}.yaml"] = (
                f"tables:\n  - title: 表{m}T\n    columns: [项目, 金额]\n    rows:\n      - [收入{m}R, 1.00]\n")
        if spec.attachment:
            fields["attachments"] = f"[{{file: d{spec.index}.txt, title: 附件{m}A}}]"
            files[f"content/{spec.column}/d{spec.index}.txt"] = f"附件内容{m}F\n"
        if spec.replaces:
            fields["replaces"] = "[" + ", ".join(by_index[j].key for j in spec.replaces) + "]"
        links = "".join(f"\n\n见[文件](../{by_index[j].column}/d{by_index[j].index}.md)" for j in spec.links)
        body = f"正文{m}B{links}\n\n<!-- 注释{m}C -->"
        title = f"标题{m}H"
        text = (normative(title, spec.index, doc_number=f"测政发〔2024〕{spec.index}号{m}", body=body, **fields)
                if spec.column == "gfxwj" else doc(title, spec.index, body=body, **fields))
        files[f"content/{spec.column}/d{spec.index}.md"] = text
    make_site(root, files)


def points_at_non_public(specs: list[Spec]) -> bool:
    by_index = {s.index - 1: s for s in specs}
    return any(s.disclosure == PUBLIC and by_index[j].disclosure != PUBLIC for s in specs for j in s.links + s.replaces)


def output_bytes(folder: Path) -> dict[str, bytes]:
    """Every output file, compressed ones (search index fragments, .gz) also decompressed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(folder).as_posix()] = data
            if data[:2] == b"\x1f\x8b" or path.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".gz"):
                found[path.relative_to(folder).as_posix() + " (decompressed)"] = _decompress(data)
    return found


def _decompress(data: bytes) -> bytes:
    with contextlib.suppress(OSError, EOFError, zlib.error):
        return gzip.decompress(data)
    return data


def run_build(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build.main(["build", "--site", str(root), "--as-of", AS_OF])
    return code, err.getvalue()


@settings(max_examples=SITES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sites())
def test_non_public_content_never_reaches_the_output(specs):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        write_site(root, specs)
        code, err = run_build(root)
        non_public = sum(s.disclosure != PUBLIC for s in specs)
        if points_at_non_public(specs):
            event("public document points at a non-public one: refused")
            assert code == 1, err
            assert "主动公开的文档不能引用它" in err or "不是主动公开文档，不能链接" in err, err
            assert not (root / "public").exists()
            return
        assert code == 0, err
        event(f"built with {min(non_public, 3)}{'+' if non_public >= 3 else ''} non-public documents")
        output = output_bytes(root / "public")
        everything = b"\n".join(output.values())
        for spec in specs:
            marker = spec.marker.encode()
            if spec.disclosure == PUBLIC:
                assert marker + b"H" in everything  # the check below can see what it looks for
                continue
            leaks = [name for name, data in output.items() if marker in data]
            assert not leaks, f"{spec.disclosure} document d{spec.index} leaks into {leaks}"


INTRO_MARK = "MARKINTRO7Z"
#: what a column's introduction (index.md) may say of its publication, besides its title
INTROS = {
    ON_REQUEST: f"disclosure: {ON_REQUEST}\n",
    WITHHELD: f"disclosure: {WITHHELD}\nwithheld_reason: 内部事务{INTRO_MARK}W\n",
    "公开属性 in traditional characters": "公開屬性: 不予公開\n",
    "draft": "draft: true\n",
    "later date": "date: 2026-12-01\n",
}


@pytest.mark.parametrize("says", list(INTROS))
def test_a_column_intro_that_is_not_public_never_reaches_the_output(says, tmp_path):
    """An introduction is 主动公开 when it says nothing of it (whatever `defaults.disclosure` is); one that says it is
    not (or not yet) is held back like any other document: the column's page shows no introduction."""
    root = make_site(tmp_path / "site", {
        "content/qtxx/a.md": doc("已发布的文件", 1),
        "content/qtxx/index.md": f"---\ntitle: 其他信息{INTRO_MARK}H\n{INTROS[says]}---\n\n内部说明{INTRO_MARK}B\n",
        "content/zcjd/index.md": "---\ntitle: 政策解读\n---\n\n公开的介绍ZCJDINTRO\n",
    }, BASE_CONFIG.replace(f"disclosure: {PUBLIC}", f"disclosure: {ON_REQUEST}"))
    code, err = run_build(root)
    if says == "公开属性 in traditional characters":  # the error stops the build: nothing is written
        assert code == 1 and "content/qtxx/index.md:3: 错误：键“公開屬性”写法不对" in err, err
        assert not (root / "public").exists()
        return
    assert code == 0, err
    output = output_bytes(root / "public")
    assert [name for name, data in output.items() if INTRO_MARK.encode() in data] == []
    assert "column-intro" not in (root / "public/qtxx/index.html").read_text(encoding="utf-8")
    assert "公开的介绍ZCJDINTRO" in (root / "public/zcjd/index.html").read_text(encoding="utf-8")


def test_a_withheld_column_intro_needs_its_reason(tmp_path):
    intro = f"---\ntitle: 其他信息\ndisclosure: {WITHHELD}\n---\n介绍\n"
    root = make_site(tmp_path / "site", {"content/qtxx/index.md": intro})
    code, err = run_build(root)
    assert code == 1
    assert "content/qtxx/index.md:3: 错误：不予公开的文档须写明不予公开理由（withheld_reason）" in err, err
    assert not (root / "public").exists()


def test_the_leak_check_sees_compressed_files(tmp_path):
    """The scanner finds a marker hidden in a gzip file, so a compressed search index is covered."""
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind/x.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{MARK1}"))
    (tmp_path / "other.bin").write_bytes(gzip.compress(b"MARK2"))
    found = b"\n".join(output_bytes(tmp_path).values())
    assert b"MARK1" in found and b"MARK2" in found
