"""What a newcomer learns from the command line alone: its version, every document type `new` takes,
and a file name from `new` that says which document it is (its 发文字号, as `import` names it)."""
from __future__ import annotations

import re

from conftest import ROOT, doc
from gongwen_docx import write

import gongkai
from gongkai import doctypes
from gongkai.engine.doctype import DocType, Types


def test_version_is_printed(cli):
    run = cli("--version")
    assert run.code == 0
    assert run.out == f"gongkai {gongkai.__version__}\n"


def test_new_help_lists_every_type_of_the_registry(cli, monkeypatch):
    extra = DocType("county_extra", "县自定类型")  # a type an installed package adds
    monkeypatch.setattr(doctypes, "registry", lambda: Types(doctypes.BUILT_IN + (extra,), doctypes.PAGE))
    run = cli("new", "--help")
    assert run.code == 0
    listed = re.sub(r"\s+", "", run.out)
    for doctype in doctypes.BUILT_IN + (extra,):
        assert f"{doctype.name}（{doctype.label}）" in listed, doctype.name


def test_new_names_the_file_after_its_doc_number_as_import_does(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc()})
    run = cli("new", "normative", "测试县人民政府办公室关于印发2021年政务公开工作要点的通知", "--site", root,
              "--number", "测政办发[2021]12号")
    assert run.code == 0, run.err
    assert run.out == "已新建 content/gfxwj/2021-gfxwj-12.md\n"
    text = (root / "content/gfxwj/2021-gfxwj-12.md").read_text(encoding="utf-8")
    assert '\ndoc_number: "测政办发〔2021〕12号"\n' in text and text.count("doc_number:") == 1
    other = site({}, name="imported")
    imported = cli("import", write(tmp_path / "通知.docx"), "--site", other, "--date", "2024-05-06")
    assert imported.out.startswith("已导入 content/gfxwj/2021-gfxwj-12.md（")  # the same 公文, the same name


def test_readme_says_to_clone_first_and_which_python(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## 安装"):]
    assert "git clone" in install and "python3 -m venv" in install
    requires = re.search(r'requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert f"Python {requires}" in install
