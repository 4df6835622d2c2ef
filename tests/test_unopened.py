"""未开通 columns (`open: false`): not published, not warned about as blank, and a document in one is an error."""
from conftest import BASE_CONFIG, doc, normative, read_tree

UNOPENED = BASE_CONFIG.replace("""  - path: czyjs
    name: 财政预决算
    type: budget
""", """  - path: czyjs
    name: 财政预决算
    type: budget
    open: false
""")
FILLED = {
    "content/gfxwj/fzsx/index.md": "---\ntitle: 废止和失效文件\n---\n说明。\n",
    "content/zcjd/index.md": "---\ntitle: 政策解读\n---\n说明。\n",
    "content/qtxx/a.md": doc(),
}


def test_an_unopened_column_is_not_published_nor_warned_about(site, cli, tmp_path):
    root = site(FILLED, config=UNOPENED)
    run = cli("check", "--site", root, "--strict")
    assert run.code == 0, run.err
    assert run.problems == []
    assert cli("build", "--site", root, "--out", tmp_path / "out").code == 0
    built = read_tree(tmp_path / "out")
    assert not any(path.startswith("czyjs/") for path in built)
    for page in ("index.html", "gkml/index.html", "qtxx/index.html", "catalog.json", "sitemap.xml"):
        assert "czyjs" not in built[page].decode() and "财政预决算" not in built[page].decode(), page


def test_the_same_column_opened_is_a_blank_column(site, cli):
    run = cli("check", "--site", site(FILLED), "--strict")
    assert run.code == 1
    assert run.problems == ["config.yaml:23: 警告：栏目“财政预决算”（czyjs）是空白栏目：没有任何已发布的文档"
                            "；暂时没有内容的栏目可在这一栏目下写“open: false”（未开通，不发布）"]


def test_a_document_in_an_unopened_column_is_an_error_saying_how_to_open_it(site, cli, tmp_path):
    out = tmp_path / "out"
    root = site(FILLED, config=UNOPENED)
    assert cli("build", "--site", root, "--out", out).code == 0
    before = read_tree(out)
    (root / "content/czyjs").mkdir()
    (root / "content/czyjs/ys.md").write_text(doc("2024年预算", 2, budget_kind="预算", fiscal_year=2024),
                                              encoding="utf-8")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 1
    assert run.problems == ["content/czyjs/ys.md:1: 错误：栏目“财政预决算”（czyjs）未开通，其中的文档不会发布；"
                            "要开通，删去 config.yaml 第 26 行的“open: false”（或把文档移到已开通的栏目）"]
    assert read_tree(out) == before


def test_a_draft_may_wait_in_an_unopened_column(site, cli):
    root = site({**FILLED, "content/czyjs/ys.md": doc("2024年预算", 2, draft="true")}, config=UNOPENED)
    run = cli("check", "--site", root, "--strict")
    assert run.code == 0, run.err
    assert "content/czyjs/ys.md:6: 提示：栏目“财政预决算”（czyjs）未开通：这篇草稿开通前不出现在任何页面，serve 预览也不显示" \
        in run.problems


def test_children_of_an_unopened_column_are_unopened_and_every_line_keeping_one_closed_is_named(site, cli):
    config = BASE_CONFIG.replace("""    column_type: 政策文件
    children:
      - path: fzsx
        name: 废止和失效文件
""", """    column_type: 政策文件
    open: false
    children:
      - path: fzsx
        name: 废止和失效文件
        open: false
""")
    root = site({"content/zcjd/index.md": FILLED["content/zcjd/index.md"], "content/qtxx/a.md": doc(),
                 "content/czyjs/index.md": "---\ntitle: 财政预决算\n---\n说明。\n",
                 "content/gfxwj/fzsx/a.md": normative(index=3)}, config=config)
    run = cli("check", "--site", root)
    assert run.problems == ["content/gfxwj/fzsx/a.md:1: 错误：栏目“废止和失效文件”（gfxwj/fzsx）未开通，其中的文档不会发布；"
                            "要开通，删去 config.yaml 第 16、20 行的“open: false”（或把文档移到已开通的栏目）"]


def test_blank_columns_of_the_default_tree_say_how_to_switch_them_off_in_column_order(site, cli):
    config = BASE_CONFIG[:BASE_CONFIG.index("columns:")]
    run = cli("check", "--site", site({}, config=config))
    blank = [p for p in run.problems if "空白栏目" in p]
    names = [p.split("栏目“")[1].split("”")[0] for p in blank]
    assert names[:4] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "规章和规范性文件"]
    assert names[-1] == "政策解读"
    assert blank[0] == ("config.yaml:1: 警告：栏目“政府信息公开指南”（zfxxgkzn）是空白栏目：没有任何已发布的文档；"
                        "本站用的是默认栏目（config.yaml 没有 columns:）：要暂不开通，在 config.yaml 中写出 columns:"
                        "（init 命令新建的 config.yaml 写有全部默认栏目）并在这一栏目下写“open: false”")
