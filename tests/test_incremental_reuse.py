"""What a build keeps from the last one besides pages: catalog.json while its bytes are the same, and
each document's own checks (its front matter, its 索引号) while what they read is unchanged; these edits must
renew them."""
from __future__ import annotations

import json

from conftest import BASE_CONFIG, doc, normative, resave
from gongkai.engine import validate

FILES = {
    "content/gfxwj/a.md": normative("甲办法", 1),
    "content/zcjd/jd.md": doc("甲办法解读", 3, interprets="gfxwj/a", form="文字"),
    "content/qtxx/b.md": doc("乙信息", 4),
}


def edit(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rows(root) -> dict[str, dict]:
    return {row["url"]: row for row in json.loads((root / "public/catalog.json").read_text(encoding="utf-8"))}


def test_catalog_json_is_written_again_only_when_it_changed(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    resave(root)
    assert cli("build", "--site", root).code == 0
    written = (root / "public/catalog.json").stat().st_ino
    edit(root, "content/qtxx/b.md", "正文。", "正文改了。")  # the body is not in the catalog
    assert cli("build", "--site", root).code == 0
    assert (root / "public/catalog.json").stat().st_ino == written
    edit(root, "content/qtxx/b.md", "乙信息", "乙信息（更正）")
    assert cli("build", "--site", root).code == 0
    assert rows(root)["qtxx/b.html"]["title"] == "乙信息（更正）"


def test_a_new_list_of_topics_checks_every_document_again(site, cli):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    (root / "config.yaml").write_text(BASE_CONFIG + "topics: [城乡建设]\n", encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code != 0
    assert "content/qtxx/b.md:5: 错误：主题分类（topic）“综合政务”不在主题分类表中" in run.err
    (root / "config.yaml").write_text(BASE_CONFIG + "topics: [综合政务, 城乡建设]\n", encoding="utf-8")
    assert cli("build", "--site", root).code == 0


def test_documents_checked_again_for_new_topics_keep_the_result_for_later_builds(site, cli, monkeypatch):
    root = site(FILES)
    assert cli("build", "--site", root).code == 0
    topics = BASE_CONFIG + "topics: [综合政务, 城乡建设]\n"
    (root / "config.yaml").write_text(topics, encoding="utf-8")
    checked: list[str] = []
    real = validate._index_number
    monkeypatch.setattr(validate, "_index_number", lambda doc, *rest: (checked.append(doc.path), real(doc, *rest)))
    assert cli("build", "--site", root).code == 0
    assert sorted(checked) == ["gfxwj/a", "qtxx/b", "zcjd/jd"]  # the documents came from the cache
    checked.clear()
    # a new site name makes the site anew, from the same documents and the same rules: none is checked again
    (root / "config.yaml").write_text(topics.replace("测试县人民政府\n", "测试县人民政府（新）\n", 1), encoding="utf-8")
    assert cli("build", "--site", root).code == 0
    assert checked == []
    assert "测试县人民政府（新）" in (root / "public/qtxx/b.html").read_text(encoding="utf-8")


def test_a_documents_own_error_is_reported_by_every_build_until_it_is_fixed(site, cli):
    root = site(dict(FILES, **{"content/qtxx/c.md": doc("丙信息", 5, summary="长" * 400)}))
    first = cli("build", "--site", root)
    assert first.code != 0 and "content/qtxx/c.md:" in first.err and "最多" in first.err
    resave(root)  # another file saved: c.md comes from the cache, its checks too
    again = cli("build", "--site", root)
    assert again.code != 0 and again.err == first.err
    edit(root, "content/qtxx/c.md", "长" * 400, "短")
    assert cli("build", "--site", root).code == 0


def test_new_organ_codes_check_every_documents_index_number_again(site, cli):
    other = '"12340000MB1234567A/2024-00009"'
    root = site(dict(FILES, **{"content/qtxx/c.md": doc("丙信息", 5, index_no=other)}))
    first = cli("build", "--site", root)
    assert first.code != 0 and "content/qtxx/c.md:" in first.err and "前缀不是本机关的统一社会信用代码" in first.err
    config = (root / "config.yaml").read_text(encoding="utf-8")
    with_other = config.replace('org_code: "11340000MB0000000M"',
                                'org_code: "11340000MB0000000M"\n  other_org_codes: ["12340000MB1234567A"]')
    assert with_other != config
    (root / "config.yaml").write_text(with_other, encoding="utf-8")
    assert cli("build", "--site", root).code == 0  # c.md comes from the cache: its 索引号 is checked again
    (root / "config.yaml").write_text(config, encoding="utf-8")
    again = cli("build", "--site", root)
    assert again.code != 0 and again.err == first.err


def test_an_index_number_error_is_reported_by_every_build_until_it_is_fixed(site, cli):
    root = site(dict(FILES, **{"content/qtxx/c.md": doc("丙信息", 5, index_no='"坏号"')}))
    first = cli("build", "--site", root)
    assert first.code != 0 and "content/qtxx/c.md:" in first.err and "格式不对" in first.err
    resave(root)  # another file saved: c.md comes from the cache, its checks too
    again = cli("build", "--site", root)
    assert again.code != 0 and again.err == first.err
    edit(root, "content/qtxx/c.md", '"坏号"', '"11340000MB0000000M/2024-00005"')
    assert cli("build", "--site", root).code == 0
