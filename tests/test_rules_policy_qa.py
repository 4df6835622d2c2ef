"""政策问答: `### 问：` headings in any document become its 问答 list, and the 政策问答 page gathers every
question of the site, filterable by 主题分类 and a keyword, each linking to the question on its page."""
import json

from conftest import BASE_CONFIG, doc, incremental_and_clean, normative

CONFIG = BASE_CONFIG + """\
  - path: zcwd
    name: 政策问答
    type: policy_qa
"""
QA = """\
第一条 正文。

### 问：谁可以申请？

答：本县户籍居民。

另附说明。

### 问：去哪里办？

答：各乡镇便民服务中心。
"""


def qa_site(site, body: str = QA, config: str = CONFIG):
    return site({"content/gfxwj/a.md": normative(body=QA, topic="民政、扶贫、救灾"),
                 "content/zcjd/b.md": doc("另一份解读", 2, 2024, body=body, type="interpretation", form="问答",
                                          interprets="gfxwj/a")}, config=config)


def test_questions_of_any_document_are_shown_on_its_page_and_gathered_with_their_topic(site, cli, tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--site", qa_site(site), "--out", out)
    assert run.code == 0, run.err
    page = (out / "gfxwj/a.html").read_text(encoding="utf-8")
    assert ('<dl class="qa"><dt id="问谁可以申请"><span class="qa-mark">问：</span>谁可以申请？</dt>'
            '<dd><p>答：本县户籍居民。</p>\n<p>另附说明。</p></dd>') in page
    library = (out / "zcwd/index.html").read_text(encoding="utf-8")
    assert library.count("<li data-topic=") == 4
    assert ('<li data-topic="民政、扶贫、救灾">\n    <h2><a href="../gfxwj/a.html#问谁可以申请"><span class="qa-mark">问：'
            '</span>谁可以申请？</a></h2>\n    <div class="qa-answer"><p>答：本县户籍居民。</p><p>另附说明。</p></div>') in library
    assert '<option value="">全部</option><option>民政、扶贫、救灾</option><option>综合政务</option></select>' in library
    assert '<form class="library-filter" data-filter-table="qa-list" hidden>' in library
    assert '<label>关键词 <input type="search" name="q"></label>' in library
    rows = {row["url"]: row["questions"] for row in json.loads((out / "catalog.json").read_text(encoding="utf-8"))}
    assert rows["gfxwj/a.html"] == ["谁可以申请？", "去哪里办？"]


def test_a_qa_column_with_no_question_on_the_site_is_a_warning(site, cli):
    root = qa_site(site, body="没有问答。")
    (root / "content/gfxwj/a.md").write_text(normative(), encoding="utf-8")
    run = cli("check", "--site", root)
    assert "config.yaml:28: 警告：栏目“政策问答”（zcwd）还没有问答：在政策解读或其他文档的正文中把每个问题写成“### 问：……”标题，" \
           "答案写在其下" in run.err


def test_editing_a_question_equals_a_clean_build(site, cli, tmp_path):
    def change(root):
        path = root / "content/zcjd/b.md"
        path.write_text(path.read_text(encoding="utf-8").replace("去哪里办？", "网上能办吗？"), encoding="utf-8")
    incremental, clean = incremental_and_clean(qa_site(site), change, cli, tmp_path / "clean")
    assert "网上能办吗？".encode() in incremental["zcwd/index.html"]
    assert incremental == clean
