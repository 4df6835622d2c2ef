"""Fuzzing the readers of everything an editor writes: front matter and data files.

Whatever the bytes, reading ends in a value or in one of the documented errors (which the
build turns into `path:line` messages): SourceError, YamlError, FieldError. Anything else
would be a traceback in front of an editor.

CI runs a few hundred inputs per reader; the dedicated run is

    GONGKAI_FUZZ=100000 python3 -m pytest -q -s tests/test_fuzz.py
"""
from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import doctypes
from gongkai.doctypes import annual_report
from gongkai.doctypes import debt
from gongkai.engine import fields
from gongkai.engine import sources
from gongkai.engine import yamltext
from gongkai.engine.markdown_render import MarkdownRenderer
from gongkai.engine.model import Document
from gongkai.engine.reader import ReadContext, read_document, split_front_matter
from gongkai.engine.tables import read_tables
from gongkai.problems import Report

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ", "300"))
EXPECTED = (sources.SourceError, yamltext.YamlError, fields.FieldError)

SCHEMA = doctypes.registry()
KEYS = [f.key for f in SCHEMA.fields] + [f.alias for f in SCHEMA.fields] + ["tables", "rows", "columns", "x", "1", "~"]
#: fragments that reach the corners of YAML and of the field coercion
VALUES = [
    "", "~", "null", "true", "no", "0", "-1", "2024", "1e400", ".nan", "0x1F", "0o17", "1_000", "64.00", "\"64.00\"",
    "2024-02-30", "2024-03-05 25:00", "2024-03-05T08:00", "2021-03-05", "99999-01-01", "[]", "{}", "[a, b]",
    "{file: a.pdf, title: 附件}", "[{file: a.pdf}, b.pdf]", "{file: [1]}", "!!python/object:os.system {}",
    "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a}", "!custom x", "&a [1]", "*a", "<<: {a: 1}",
    "\"\\ud800\"", "\"\\x00\"", "\"\\U0010FFFF\"", "'it''s'", "|\n  多行\n  文字", ">-\n  折叠", "\"未闭合", "[1, 2",
    "主动公开", "依申请公开", "不予公开", "有效", "normative", "budget", "11340000MB0000000M/2024-00001",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "a: b: c", "- x", "\t- y", "? complex\n: key",
    "[" * 40 + "]" * 40, "9" * 120, "标" * 200,
]


#: characters that break YAML, Markdown or encodings when dropped in anywhere
NOISE = ["\t", "\n", "\r", "\x07", "\ufeff", "\u2028", ":", ": ", "#", "-", "---", "...", "[", "]", "{", "}",
         ",", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "\\", "\\u", "<", "?", "标", "𠀀", " "]
OPENINGS = ["---"] * 12 + ["--- ", "\ufeff---", "---\r", "...", ""]
CLOSINGS = ["---"] * 12 + ["...", "", "--- x", "----"]
BODIES = ["正文。", "", "[链接](a.md)", "<img src=x onerror=alert(1)>", "# 标题\n\n|a|b|\n|-|-|\n|1|2|", "[x](../../etc)"]
ENCODINGS = ["utf-8"] * 16 + ["utf-8-sig", "gb18030", "utf-16", "utf-16-le", "latin-1"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 6)))


def _mutate(rng: random.Random, text: str) -> str:
    """A few random edits: noise inserted, a span deleted or repeated."""
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 4])):
        i = rng.randint(0, len(text))
        edit = rng.randint(0, 2)
        if edit == 0:
            text = text[:i] + _word(rng) + text[i:]
        elif edit == 1:
            text = text[:i] + text[i + rng.randint(1, 8):]
        else:
            text = text[:i] + text[i:i + rng.randint(1, 20)] * rng.randint(2, 5) + text[i:]
    return text


def _encode(rng: random.Random, text: str) -> bytes:
    try:
        return text.encode(rng.choice(ENCODINGS), "surrogatepass")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _value(rng: random.Random) -> str:
    return rng.choice(VALUES) if rng.random() < 0.8 else _word(rng)


INDENTS = [""] * 12 + ["  ", "\t", " - "]


def _pairs(rng: random.Random, keys: list[str]) -> list[str]:
    return [f"{rng.choice(INDENTS)}{rng.choice(keys) if rng.random() < 0.9 else _word(rng)}: {_value(rng)}"
            for _ in range(rng.randint(0, 12))]


def make_document(seed: int) -> bytes:
    """A document, mostly well-formed, with hostile values and random edits; reproducible from its seed."""
    rng = random.Random(seed)
    lines = [rng.choice(OPENINGS), *_pairs(rng, KEYS), rng.choice(CLOSINGS), rng.choice(BODIES)]
    return _encode(rng, _mutate(rng, "\n".join(lines)))


NUMBERS = ["0", "1", "7", "12", "-3", "64.00", "40.15", "1e400", ".inf", "1_000", "0x10", "3.25%", "一百", "''", "~",
           "[1]", "{a: 1}", "true", "99999999999999999999"]


def _number(rng: random.Random) -> str:
    return rng.choice(NUMBERS[:7]) if rng.random() < 0.8 else rng.choice(NUMBERS)


def _mapping(rng: random.Random, keys, value) -> str:
    return "{" + ", ".join(f"{k}: {value()}" for k in keys if rng.random() < 0.9) + "}"


def _debt(rng: random.Random) -> list[str]:
    lines = [f"unit: {rng.choice(['亿元', '万元', '', '[元]'])}"]
    for kind, _ in debt.KINDS:
        if rng.random() < 0.9:
            lines.append(f"{kind}: " + _mapping(rng, ["general", "special", "total", "x"][:rng.randint(1, 4)],
                                                lambda: _number(rng)))
    if rng.random() < 0.9:
        lines.append("issues:")
        for _ in range(rng.randint(0, 3)):
            lines.append("  - " + _mapping(rng, [f[0] for f in debt.ISSUE_FIELDS] + ["x"],
                                           lambda: _number(rng) if rng.random() < 0.5 else _value(rng)))
    return lines


def _report(rng: random.Random) -> list[str]:

    def seven() -> str:
        return "[" + ", ".join(_number(rng) for _ in range(rng.choice([7, 7, 7, 6, 8]))) + "]"

    lines = ["proactive:"] + [f"  {key}: " + _mapping(rng, counted, lambda: _number(rng))
                              for key, _, counted in annual_report.PROACTIVE if rng.random() < 0.8]
    lines += ["applications:", f"  new: {seven()}", f"  carried_over: {seven()}", "  results:"]
    for key, _, children in annual_report.RESULT_GROUPS + [("total", "", [])]:
        if children:
            lines.append(f"    {key}: " + _mapping(rng, [c for c, _ in children], seven))
        else:
            lines.append(f"    {key}: {seven()}")
    lines.append(f"  carried_forward: {seven()}")
    lines += ["review_litigation:"] + [f"  {group}: " + _mapping(rng, [o for o, _ in annual_report.OUTCOMES], lambda: _number(rng))
                                       for group, _ in annual_report.REVIEW_GROUPS]
    return lines


def make_data_file(seed: int) -> bytes:
    """A tables, debt or annual report data file, values drawn from the hostile fragments, randomly edited."""
    rng = random.Random(seed)
    form = rng.randint(0, 2)
    if form:
        lines = _debt(rng) if form == 1 else _report(rng)
        return _encode(rng, _mutate(rng, "\n".join(lines)))
    plain = ["甲", "一般公共预算", "1200.50", "64.00", "-", "—", "0", "~", "true", "'文字'", "2024-01-01", "1e3", "-5"]

    def row(n: int) -> str:
        return "[" + ", ".join(rng.choice(plain) if rng.random() < 0.9 else _value(rng) for _ in range(n)) + "]"

    width = rng.randint(0, 4)
    lines = ["tables:", f"  - title: {_value(rng)}", f"    unit: {_value(rng)}"]
    if rng.random() < 0.8:
        lines.append(f"    columns: {row(width)}")
    if rng.random() < 0.8:
        lines += ["    rows:"] + [f"      - {row(rng.choice([width, width, rng.randint(0, 5)]))}" for _ in range(rng.randint(0, 6))]
    else:
        lines.append(f"    rows: {_value(rng)}")
    if rng.random() < 0.3:
        lines += _pairs(rng, KEYS)
    return _encode(rng, _mutate(rng, "\n".join(lines)))


SEEDS = st.integers(0, 2 ** 64)
documents = st.one_of(st.binary(max_size=300), SEEDS.map(make_document), SEEDS.map(make_document))
data_files = st.one_of(st.binary(max_size=300), SEEDS.map(make_data_file), SEEDS.map(make_data_file))


def _fuzz(strategy, target, expected: tuple = EXPECTED) -> int:
    """Run `target` on `EXAMPLES` inputs, letting only `expected` exceptions pass; return how many ran."""
    count = 0

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(data):
        nonlocal count
        count += 1
        try:
            target(data)
        except expected:
            pass

    run()
    print(f"\n{target.__name__}: {count} inputs without an unexpected exception")
    return count


def front_matter(data: bytes) -> None:
    """What the reader does with a document's head: decode, split, parse, coerce every known key."""
    head, _, _ = split_front_matter(sources.decode(data))
    raw = yamltext.load(head, first_line=2).value
    if isinstance(raw, dict):
        for name, value in raw.items():
            field = SCHEMA.field(name)
            if field and value not in (None, "", []):
                fields.coerce(field, value)


def data_file(data: bytes) -> None:
    """What the build does with a data file: decode, parse, read it as tables, as debt and as an annual report."""
    loaded = yamltext.load(sources.decode(data))
    if isinstance(loaded.value, dict):
        doc = Document(source="content/qtxx/a.md", path="qtxx/a", url="qtxx/a.html", column_path="qtxx",
                       is_intro=False, meta={"data_source": "content/qtxx/t.yaml"}, lines={}, body_html="",
                       body_line=1, data=loaded.value, data_lines=loaded)
        for table in read_tables(doc, Report()):
            table.chartable()
        debt.read(doc, Report())
        annual_report.read(doc, Report())


def test_front_matter_reader():
    assert _fuzz(documents, front_matter) == EXAMPLES


def test_data_file_reader():
    assert _fuzz(data_files, data_file) == EXAMPLES


def test_whole_document_reader(tmp_path: Path):
    """read_document reports every problem itself: nothing at all may escape it."""
    ctx = ReadContext(site_dir=tmp_path, types=SCHEMA, defaults={"disclosure": "主动公开", "issuer": "测试县"},
                      column_types={"qtxx": "page"})
    renderer = MarkdownRenderer()
    source = sources.SourceFile("qtxx/a.md", tmp_path / "content/qtxx/a.md")

    def whole_document(data: bytes) -> None:
        text = sources.decode(data)  # SourceError here is the pipeline's, before the reader is reached
        read_document(source, text, ctx, renderer, Report())

    assert _fuzz(documents, whole_document, expected=(sources.SourceError,)) == EXAMPLES
