"""Random sequences of edits, each followed by an incremental build that must equal a clean one byte for byte
(the search index, whose delta an incremental build may keep, by what its search finds).

Edits reach every kind of input a page may read: titles, bodies, validity and its dates, publication
dates, drafts, a gazette issue's 目录, an interpretation's target, added and deleted documents, a
line of a site template or of a listing's row reading fields and relations of related documents,
configuration keys, and the build date moving on or back; what the editor is told is compared too.
Half the runs have every listing keep its rows between builds (output/rows.py). A second test draws only edits
and days after which the last build's site is taken up, so that builds one after another keep what they changed
beside it and take it up with it (incremental/snapshot.py). CI runs a few sequences; the long run is

    GONGKAI_LONG=1 python3 -m pytest -q tests/test_dependencies_property.py
"""
from __future__ import annotations

import datetime as dt
import os
import shutil

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, BASE_CONFIG, ROOT, doc, site_tree
from gongkai import doctypes
from gongkai.incremental.search_delta import DEFAULT_LIMIT, LIMIT_VARIABLE
from gongkai.output import rows
from pdf_writer import text_pdf

EXAMPLES = 300 if os.environ.get("GONGKAI_LONG") else 20
DAY = dt.date.fromisoformat(AS_OF)
CONFIG = BASE_CONFIG + "  - path: zfgb\n    name: 政府公报\n    type: gazette\n"
PDF = text_pdf([["Gazette"]])
#: lines a site's base.html may add: fields and relations of documents other than the page's own
SNIPPETS = [
    "",
    "{% if doc %}{% for g in doc.gazettes %}<i>{{ g.title }}</i>{% endfor %}{% endif %}",
    "{% if doc and doc.interprets_doc %}{% for g in doc.interprets_doc.gazettes %}<i>{{ g.issue }}</i>{% endfor %}"
    "<i>{{ doc.interprets_doc.validity }}</i>{% endif %}",
    "{% for d in page.documents %}{% for g in d.gazettes %}<i>{{ g.title }}</i>{% endfor %}"
    "{% for i in d.interpretations %}<i>{{ i.title }}</i>{% endfor %}{% endfor %}",
    "{% if column %}{% for d in column.documents[:3] %}<i>{{ d.title }}{{ d.validity }}</i>{% endfor %}{% endif %}",
    "<i>{{ site.documents | length }} {{ site.as_of }}</i>",
    "{% for c in site.all_columns() %}<i>{{ c.all_documents() | length }}</i>{% endfor %}",
    "{% if doc %}{% for e in doc.gazette_contents %}<i>{{ e.title }}{% if e.doc %}{{ e.doc.validity }}"
    "{% endif %}</i>{% endfor %}{% endif %}",
]
#: a line reading both sides of every relation the types declare, on the page's own document
SNIPPETS.append("{% if doc %}" + "".join(
    f"{{% if doc.{r.forward} %}}<i>{{{{ doc.{r.forward}.title }}}}</i>{{% endif %}}" if r.single else
    f"{{% for d in doc.{r.forward} %}}<i>{{{{ d.title }}}}</i>{{% endfor %}}" for r in doctypes.registry().relations
) + "".join(f"{{% for d in doc.{r.backward} %}}<i>{{{{ d.title }}}}</i>{{% endfor %}}"
            for r in doctypes.registry().relations if r.backward) + "{% endif %}")
#: lines a site's row of a document list may add (output/rows.py): a kept row must follow what they read
ROW_SNIPPETS = [
    "",
    "{% for g in d.gazettes %}<i>{{ g.title }}</i>{% endfor %}",
    "{% for i in d.interpretations %}<i>{{ i.title }}{{ i.validity }}</i>{% endfor %}",
    "{% if d.interprets_doc %}<i>{{ d.interprets_doc.title }}{{ d.interprets_doc.validity }}</i>{% endif %}",
    "{% for e in d.gazette_contents %}<i>{{ e.title }}{% if e.doc %}{{ e.doc.validity }}{% endif %}</i>{% endfor %}",
    "<i>{{ d.column.name }}{{ d.summary }}</i>",
]
OFFSETS = st.integers(-60, 40)
#: edits of one document's own fields; those of normative documents only
NORMATIVE = ("expires", "effective", "validity")
FIELDS = ("title", "body", "date", "draft", "disclosure", "topic", "summary", "delete") + NORMATIVE
TITLE = st.tuples(st.just("title"), st.integers(0, 99), st.sampled_from(["甲", "乙", "丙（修订）"]))
TOPIC = st.tuples(st.just("topic"), st.integers(0, 99), st.sampled_from(["综合政务", "财政、金融、审计"]))
BODY = st.tuples(st.just("body"), st.integers(0, 99), st.sampled_from(["正文。", "新的正文。", "# 一\n\n内容"]))
STEP = st.one_of(
    TITLE,
    # changed in place, each on its own line: what the site is made from (公开属性) and what it is not (主题分类)
    st.tuples(st.just("disclosure"), st.integers(0, 99), st.sampled_from(["主动公开", "依申请公开"])),
    TOPIC,
    # a line added or taken out above 草稿, 公开属性 and the rest: their lines move, what they say does not
    st.tuples(st.just("summary"), st.integers(0, 99), st.none() | st.just("本文件的概述")),
    BODY,
    st.tuples(st.just("validity"), st.integers(0, 99), st.sampled_from(["有效", "失效", "废止"])),
    st.tuples(st.sampled_from(["expires", "effective"]), st.integers(0, 99), st.none() | OFFSETS),
    st.tuples(st.just("date"), st.integers(0, 99), OFFSETS),
    st.tuples(st.just("draft"), st.integers(0, 99), st.booleans()),
    st.tuples(st.just("refs"), st.integers(0, 99), st.integers(0, 15)),
    st.tuples(st.just("target"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("add"), st.sampled_from(["gfxwj", "qtxx", "zcjd", "zfgb"]), st.integers(0, 99)),
    st.tuples(st.just("delete"), st.integers(0, 99), st.none()),
    st.tuples(st.just("snippet"), st.integers(0, len(SNIPPETS) - 1), st.none()),
    st.tuples(st.just("row"), st.integers(0, len(ROW_SNIPPETS) - 1), st.none()),
    st.tuples(st.just("config"), st.sampled_from(["name", "page_size"]), st.integers(0, 2)),
    st.tuples(st.just("day"), st.integers(-20, 45).filter(bool), st.none()),  # back too: a build date is any date
)
#: edits after which a build takes up the last build's site (incremental/snapshot.py), and days on which documents
#: expire or take effect: one such build after another keeps what it changed beside the site, taken up with it
TAKEN_UP = st.one_of(TITLE, TOPIC, BODY, st.tuples(st.just("day"), st.integers(-2, 4).filter(bool), st.none()),
                     # nothing changed, but a published page written over by hand: the site is taken up all the same
                     st.tuples(st.just("written over"), st.integers(0, 999), st.none()))
#: the normative documents' dates for those: 甲 expires, 乙 takes effect within days of the first build
DATED = {"n1": {"expires": 1}, "n2": {"effective": 3}}


class Site:
    """The edited site as data, written out as files before each build."""

    def __init__(self) -> None:
        self.docs = {"n1": {"col": "gfxwj", "date": -300}, "n2": {"col": "gfxwj", "date": -200},
                     "q1": {"col": "qtxx", "date": -100}, "j1": {"col": "zcjd", "date": -100, "target": "n1"},
                     "g1": {"col": "zfgb", "date": -50, "refs": ["n1"]}}
        self.count, self.snippet, self.row, self.name, self.page_size, self.as_of = 5, "", "", 0, 20, DAY

    def of(self, col: str, i: int) -> str | None:
        names = sorted(n for n, d in self.docs.items() if col in ("", d["col"]))
        return names[i % len(names)] if names else None

    def apply(self, step: tuple) -> None:
        op, a, b = step
        if op in FIELDS:
            name = self.of("gfxwj" if op in NORMATIVE else "", a)
            if name is None:
                return
            if op == "delete":
                del self.docs[name]
            else:
                self.docs[name][op] = b
        elif op == "refs" and self.of("zfgb", a):
            self.docs[self.of("zfgb", a)]["refs"] = [n for k, n in enumerate(sorted(self._normative())) if b >> k & 1]
        elif op == "target" and self.of("zcjd", a) and self.of("gfxwj", b):
            self.docs[self.of("zcjd", a)]["target"] = self.of("gfxwj", b)
        elif op == "add":
            self.count += 1
            self.docs[f"x{self.count}"] = {"col": a, "date": -b, "target": self.of("gfxwj", b), "refs": []}
        elif op == "snippet":
            self.snippet = SNIPPETS[a]
        elif op == "row":
            self.row = ROW_SNIPPETS[a]
        elif op == "config":
            self.name, self.page_size = (b, self.page_size) if a == "name" else (self.name, [20, 2, 1][b])
        elif op == "day":
            self.as_of += dt.timedelta(days=a)

    def _normative(self) -> list[str]:
        return [n for n, d in self.docs.items() if d["col"] == "gfxwj"]

    def _shown(self, name: str) -> bool:
        """Whether a reference to the document is valid on the build date (published, not a draft)."""
        d = self.docs.get(name)
        return d is not None and not d.get("draft") and d.get("disclosure", "主动公开") == "主动公开" \
            and DAY + dt.timedelta(d["date"]) <= self.as_of

    def files(self) -> dict[str, str | bytes]:
        files: dict[str, str | bytes] = {}
        for index, (name, d) in enumerate(sorted(self.docs.items()), 1):
            files[f"content/{d['col']}/{name}.md"] = self._document(name, d, index)
            if d["col"] == "zfgb":
                files[f"content/zfgb/{name}.pdf"] = PDF
        base = (ROOT / "templates/base.html").read_text(encoding="utf-8")
        files["templates/base.html"] = base.replace("</main>", self.snippet + "</main>")
        row = (ROOT / "templates/partials/doc_row.html").read_text(encoding="utf-8")
        files["templates/partials/doc_row.html"] = row.replace("</li>", self.row + "</li>")
        return files

    def _document(self, name: str, d: dict, index: int) -> str:
        day = DAY + dt.timedelta(d["date"])
        fields = {"date": day.isoformat(), "summary": d.get("summary"), "draft": "true" if d.get("draft") else "false",
                  "disclosure": d.get("disclosure", "主动公开"), "topic": d.get("topic", "综合政务")}
        if d["col"] == "gfxwj":
            dates = {k: (DAY + dt.timedelta(d[k])).isoformat() for k in ("expires", "effective") if d.get(k) is not None}
            fields.update(doc_number=f"测政发〔{day.year}〕{index}号", written=day.isoformat(),
                          validity=d.get("validity", "有效"), **dates)
        elif d["col"] == "zcjd":
            target = d.get("target")
            fields.update(form="文字", interprets=f"gfxwj/{target}" if target and self._shown(target) else None)
        elif d["col"] == "zfgb":
            fields.update(type="gazette", fiscal_year=day.year, issue=index,
                          attachments=f"[{{file: {name}.pdf, title: PDF版}}]")
        text = doc(f"{d.get('title', '文件')}{name}", index, day.year, body=d.get("body", "正文。"), **fields)
        refs = [r for r in d.get("refs", []) if self._shown(r)] if d["col"] == "zfgb" else []
        contents = "".join(f"  - {{ref: gfxwj/{r}, page: {n}}}\n" for n, r in enumerate(refs, 1))
        return text.replace("\n---\n", "\ncontents:\n" + (contents or "  - {title: 通报, page: 1}\n") + "---\n", 1) \
            if d["col"] == "zfgb" else text

    def config(self) -> str:
        config = CONFIG.replace("name: 测试县人民政府\n", f"name: 测试县人民政府{'甲乙'[:self.name]}\n", 1)
        return config + f"page_size: {self.page_size}\n"


def write(root, files: dict, config: str) -> None:
    """Write what differs and delete documents that are gone, as an editor would."""
    for path in (root / "content").rglob("*"):
        if path.is_file() and path.relative_to(root).as_posix() not in files:
            path.unlink()
    for rel, data in {**files, "config.yaml": config}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        if not path.exists() or path.read_bytes() != raw:
            path.write_bytes(raw)


def outputs(cli, root, out, as_of: dt.date, search: bool) -> tuple[int, list[str], dict[str, object]]:
    """What the editor is told, and every file byte for byte; the search index, with its delta, by what
    it finds (site_tree)."""
    run = cli("build", "--site", root, "--out", out, "--as-of", as_of.isoformat(), *([] if search else ["--no-search"]))
    tree = site_tree(out) if run.code == 0 else {}
    return run.code, run.problems, {p: d for p, d in tree.items() if search or not p.startswith("pagefind/")}


@settings(deadline=None, database=None, max_examples=EXAMPLES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(STEP, st.sampled_from([False] * 5 + [True])), min_size=1, max_size=5),
       long=st.sampled_from([1, rows.LONG]), overflow=st.booleans())
# bodies edited one after another: each build takes up the last build's site (incremental/snapshot.py), and the
# page edited first must not come back from the output of the build before the last
@example(steps=[(("body", 2, "新的正文。"), False), (("body", 4, "新的正文。"), False), (("body", 2, "# 一\n\n内容"), True)],
         long=1, overflow=False)
# the same with no room in the search index's delta: each build that indexes merges the edits into the shard
@example(steps=[(("body", 2, "新的正文。"), True), (("body", 4, "新的正文。"), False), (("body", 2, "# 一\n\n内容"), True)],
         long=1, overflow=True)
def test_every_incremental_build_equals_a_clean_one(steps, long, overflow, tmp_path_factory, cli, monkeypatch):
    """`long`: how many rows make a listing keep them (output/rows.py); at 1 every listing does, and the
    few documents here stand for a large site's. `overflow`: the search index's delta may hold no page, so
    every edit found by the search is merged into its shard (search_index._fold_in)."""
    monkeypatch.setattr(rows, "LONG", long)
    monkeypatch.setenv(LIMIT_VARIABLE, "0" if overflow else str(DEFAULT_LIMIT))
    builds_equal_clean_ones(Site(), steps, tmp_path_factory.mktemp("edits"), cli)


@settings(deadline=None, database=None, max_examples=EXAMPLES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(TAKEN_UP, st.sampled_from([False] * 5 + [True])), min_size=2, max_size=8))
def test_builds_taking_up_the_site_one_after_another_equal_clean_ones(steps, tmp_path_factory, cli):
    model = Site()
    for name, dates in DATED.items():
        model.docs[name].update(dates)
    builds_equal_clean_ones(model, steps, tmp_path_factory.mktemp("taken"), cli)


def builds_equal_clean_ones(model: Site, steps: list, work, cli) -> None:
    """After a first build, each step applied and built on the output of the build before, as a clean one."""
    root = work / "site"
    write(root, model.files(), model.config())
    assert outputs(cli, root, work / "out", model.as_of, False)[0] == 0
    for step, search in steps:
        model.apply(step)
        write(root, model.files(), model.config())
        if step[0] == "written over":
            pages = sorted((work / "out").rglob("*.html"))
            pages[step[1] % len(pages)].write_text("改过的页面", encoding="utf-8")
        incremental = outputs(cli, root, work / "out", model.as_of, search)
        clean = work / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.rmtree(work / ".gongkai-cache-clean", ignore_errors=True)
        assert incremental == outputs(cli, root, clean, model.as_of, search), step
