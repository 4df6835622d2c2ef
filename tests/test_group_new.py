"""`new member` in a group folder: a member folder from the column tree it inherits, and its group.yaml entry."""
from __future__ import annotations

from pathlib import Path

from conftest import make_site
from test_group import GROUP_YAML, make_group

NEW = ("new", "member", "测试县审计局", "--path", "bm/sjj", "--kind", "部门", "--org-code", "11340000MB0000400C")
ENTRY = "  - path: bm/sjj\n    name: 测试县审计局\n    kind: 部门\n    org_code: 11340000MB0000400C\n"


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def test_a_new_member_gets_the_groups_columns_and_an_entry_in_group_yaml(tmp_path, cli):
    root = make_group(tmp_path / "group")
    run = cli(*NEW, "--site", root)
    assert run.code == 0, run.err
    assert "已新建成员 测试县审计局：bm/sjj/config.yaml" in run.out
    assert (root / "group.yaml").read_text(encoding="utf-8") == GROUP_YAML + ENTRY
    assert folders(root / "bm/sjj/content") == ["qtxx", "zfxxgkzn"]  # group.yaml's columns
    assert (root / "bm/sjj/config.yaml").read_text(encoding="utf-8").startswith("# 测试县审计局的信息公开专栏")
    assert cli("build", "--site", root).code == 0
    assert '<a href="../bm/sjj/index.html">测试县审计局</a>' in (root / "public/bmxxgk/index.html").read_text(encoding="utf-8")


def test_without_group_columns_the_member_gets_the_standard_tree(tmp_path, cli):
    yaml = GROUP_YAML.replace("columns:\n  - path: zfxxgkzn\n    name: 政府信息公开指南\n  - path: qtxx\n    name: 其他信息\n", "")
    yaml = yaml.replace("members:", "# 成员列表\nmembers:") + "# 以下是其他设置\npage_size: 30\n"
    root = make_group(tmp_path / "group", yaml)
    assert cli(*NEW, "--site", root).code == 0
    made = folders(root / "bm/sjj/content")
    assert {"zfxxgkzn", "zfxxgkzd", "zfxxgknb", "fdzdgknr/gfxwj", "zcjd"} <= set(made), made
    text = (root / "group.yaml").read_text(encoding="utf-8")
    assert text.endswith("org_code: 11340000MB0000300N\n" + ENTRY + "# 以下是其他设置\npage_size: 30\n")


def test_a_wrong_member_is_refused_and_nothing_is_written(tmp_path, cli):
    root = make_group(tmp_path / "group")
    before = (root / "group.yaml").read_text(encoding="utf-8")
    cases = {
        ("--path", "bm/fgw"): "成员“测试县发展和改革委员会”（bm/fgw）已使用这个路径",
        ("--path", "bm"): "成员“测试县发展和改革委员会”（bm/fgw）已使用这个路径",
        ("--org-code", "11340000MB0000100B"): "已使用这个统一社会信用代码",
        ("--org-code", "123"): "成员的 org_code“123”有误：统一社会信用代码应为 18 位（这里是 3 位）",
        ("--org-code", "11340000MB0004000D"): "统一社会信用代码的最后一位（校验码）应为“J”，不是“D”",
        ("--kind", "局"): "成员的 kind“局”有误：可选：本级、部门、乡镇（街道）",
        ("--path", "gkml/x"): "是站群页面使用的路径",
    }
    for (option, value), message in cases.items():
        args = list(NEW)
        args[args.index(option) + 1] = value
        run = cli(*args, "--site", root)
        assert run.code == 2 and message in run.err, (option, value, run.err)
    missing = cli("new", "member", "测试县审计局", "--site", root, "--path", "bm/sjj")
    assert missing.code == 2 and "new member 还需要 --kind、--org-code" in missing.err
    make_site(root / "bm/sjj", {}, "# 已有\n")
    run = cli(*NEW, "--site", root)
    assert run.code == 2 and "已经存在；新成员的文件夹由 new member 创建" in run.err
    assert (root / "group.yaml").read_text(encoding="utf-8") == before
    assert not (root / "bm/sjj/content/qtxx").exists()
    assert (root / "bm/sjj/config.yaml").read_text(encoding="utf-8") == "# 已有\n"


def test_member_and_document_are_each_new_only_where_they_belong(tmp_path, site, cli):
    root = make_group(tmp_path / "group")
    run = cli("new", "normative", "关于印发测试办法的通知", "--site", root)
    assert run.code == 2 and "新建文档请对成员文件夹使用，如 --site 站群文件夹/bm/fgw" in run.err
    plain = site({})
    run = cli(*NEW, "--site", plain)
    assert run.code == 2 and "不是站群文件夹（没有 group.yaml），不能新建成员" in run.err
    assert not (plain / "bm").exists()
