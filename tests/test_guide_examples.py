"""The examples in the guides work when copied as they are: an administrator or editor who pastes one
gets a site that builds, not an error the guide did not mention."""
from __future__ import annotations

import re

from conftest import BASE_CONFIG, ROOT, normative
from pdf_writer import text_pdf

from gongkai.engine.standard_tree import STANDARD_TOPICS


def guide(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def block_after(text: str, marker: str, language: str = "yaml") -> str:
    """The first fenced block of `language` after `marker`."""
    return re.search(rf"```{language}\n(.*?)```", text[text.index(marker):], re.S).group(1)


def test_admin_guide_column_tree_example_makes_the_pages_of_each_type(site, cli, tmp_path):
    columns = block_after(guide("admin.md"), "**自己写栏目树时**")
    config = BASE_CONFIG.split("columns:")[0] + columns
    files = {"content/fdzdgknr/gfxwj/a.md": normative(),
             "content/zfxxgkzn/index.md": "---\ntitle: 政府信息公开指南\n---\n指南。\n"}
    out = tmp_path / "out"
    run = cli("build", "--site", site(files, config), "--out", out)
    assert run.code == 0, run.err
    assert (out / "zfgb/index.html").is_file() and (out / "bzml/index.html").is_file()
    page = (out / "yssqgk/index.html").read_text(encoding="utf-8")
    assert '<a href="../zfxxgkzn/index.html">政府信息公开指南</a>' in page


def test_editor_guide_gazette_example_builds_without_a_default_disclosure(site, cli):
    example = block_after(guide("editor.md"), "### 政府公报（gazette）")
    example = example.replace('"11340000MB0000000M/2021-00012"', '"11340000MB0000000M/2021-00001"')
    example = "\n".join(line for line in example.splitlines() if "fdzdgknr/" not in line and "{title:" not in line)
    config = BASE_CONFIG.replace("defaults:\n  disclosure: 主动公开\n", "") + "  - path: zfgb\n    name: 政府公报\n    type: gazette\n"
    files = {"content/zfgb/2025-01.md": f"---\n{example}\n---\n",
             "content/zfgb/2025-01.pdf": text_pdf([["Gazette"]]),
             "content/gfxwj/a.md": normative(year=2021, disclosure="主动公开")}
    run = cli("check", "--site", site(files, config))
    assert not [p for p in run.problems if p.startswith("content/")], run.err


def test_editor_guide_lists_the_default_topics():
    text = guide("editor.md")
    table = text[text.index("| 主题分类（默认） |"):].split("\n\n")[0]
    assert re.findall(r"^\| (.+?) \|$", table, re.M)[1:] == STANDARD_TOPICS
