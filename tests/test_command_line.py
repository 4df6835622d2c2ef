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


ENGLISH = re.compile(r"usage:|error:|options:|invalid|required|argument|show this|expected", re.IGNORECASE)


def test_a_mistyped_command_is_told_in_chinese_with_the_commands_to_choose_from(cli):
    run = cli("buidl")
    assert run.code == 2 and run.out == ""
    usage, said = run.err.splitlines()[0], run.err.splitlines()[-1]
    assert usage.startswith("用法：build.py ")
    assert said.startswith("build.py：错误：命令：没有 'buidl' 这一项，可选：")
    for verb in ("build", "check", "serve", "deploy", "new", "init", "import"):
        assert f"'{verb}'" in said
    assert not ENGLISH.search(run.err), run.err


def test_missing_options_are_named_in_chinese_and_nothing_is_made(cli, tmp_path):
    run = cli("init", tmp_path / "新站点", "--name", "测试县人民政府")
    assert run.code == 2
    assert run.err.startswith("用法：build.py init [-h] --name 名称 --domain 域名 --org-code 代码 --site-id 标识码")
    assert run.err.endswith("build.py init：错误：缺少必需的参数：--domain, --org-code, --site-id\n")
    assert not ENGLISH.search(run.err), run.err
    assert not (tmp_path / "新站点").exists()


def test_an_option_s_wrong_value_is_told_in_chinese(cli):
    assert cli("serve", "--port", "八千").err.endswith("build.py serve：错误：--port：“八千”不是整数\n")
    assert cli("check", "--format", "xml").err.endswith(
        "build.py check：错误：--format：没有 'xml' 这一项，可选：'text', 'json'\n")
    both = cli("build", "--no-search", "--fold-search")
    assert both.code == 2 and both.err.endswith("build.py build：错误：--fold-search：不能与 --no-search 同时使用\n")


def test_help_is_all_chinese_but_the_names_typed(cli):
    for verb in ((), ("build",), ("check",), ("serve",), ("deploy",), ("new",), ("init",), ("import",)):
        run = cli(*verb, "--help")
        assert run.code == 0 and run.out.startswith("用法：build.py"), verb
        assert "显示本帮助并退出" in run.out
        assert not ENGLISH.search(run.out), (verb, run.out)
        usage = run.out.split("\n\n")[0]
        assert not re.search(r"\b[A-Z][A-Z_]+\b", usage), (verb, usage)  # no option's value named in English
    assert "显示版本号并退出" in cli("--help").out
