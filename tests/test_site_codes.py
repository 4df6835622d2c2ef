"""The codes in config.yaml an administrator copies from elsewhere: domain, 网站标识码, 统一社会信用代码,
and the 索引号 prefix they make. A wrong one is an error at its line saying what to write."""
from __future__ import annotations

import pytest

from conftest import BASE_CONFIG, doc, read_tree
from gongkai.engine.site_codes import check_character, credit_code_problem

#: real codes printed on certificates (GB 32100 check character included)
KNOWN_GOOD = ["91350100M000100Y43", "91110000802100433B", "11340000MB0000000M"]


@pytest.mark.parametrize("code", KNOWN_GOOD)
def test_known_good_codes_pass(code):
    assert check_character(code[:17]) == code[17]
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", KNOWN_GOOD)
def test_one_character_changed_is_caught(code):
    for i in range(17):
        for replacement in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if replacement != code[i]:
                changed = code[:i] + replacement + code[i + 1:]
                assert credit_code_problem(changed) is not None, changed


CASES = {
    "domain with scheme and slash": ("  domain: www.test.gov.cn", "  domain: https://www.test.gov.cn/",
                                     "config.yaml:3: 错误：配置项“site.domain”的值“https://www.test.gov.cn/”有误："
                                     "只写域名，不带 https://、“/”和路径：domain: www.test.gov.cn"),
    "domain with a path": ("  domain: www.test.gov.cn", "  domain: www.test.gov.cn/zfxxgk",
                           "config.yaml:3: 错误：配置项“site.domain”的值“www.test.gov.cn/zfxxgk”有误："
                           "只写域名，不带 https://、“/”和路径：domain: www.test.gov.cn"),
    "nine-digit site_id": ('  site_id: "3400000099"', '  site_id: "340000009"',
                           "config.yaml:4: 错误：配置项“site.site_id”的值“340000009”有误：网站标识码应为 10 位数字（这里是 9 位），"
                           "例如 \"3400000001\""),
    "sixteen-character org_code": ('  org_code: "11340000MB0000000M"', '  org_code: "11340000MB000000"',
                                   "config.yaml:6: 错误：配置项“site.org_code”的值“11340000MB000000”有误："
                                   "统一社会信用代码应为 18 位（这里是 16 位）"),
    "org_code with a letter it never uses": ('  org_code: "11340000MB0000000M"', '  org_code: "11340000MBO000000M"',
                                             "统一社会信用代码不能含“O”：只用数字和大写字母（不用 I、O、S、V、Z）"),
    "org_code with a wrong check character": ('  org_code: "11340000MB0000000M"', '  org_code: "11340000MB0000000X"',
                                              "config.yaml:6: 错误：配置项“site.org_code”的值“11340000MB0000000X”有误："
                                              "统一社会信用代码的最后一位（校验码）应为“M”，不是“X”"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wrong_site_code_stops_the_build_at_its_line(name, site, cli):
    old, new, expected = CASES[name]
    root = site({"content/qtxx/a.md": doc()})
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    (root / "config.yaml").write_text(BASE_CONFIG.replace(old, new), encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 2
    assert expected in run.err, run.err
    assert read_tree(root / "public") == before


def test_index_number_of_another_organization_is_an_error(site, cli):
    root = site({"content/qtxx/a.md": doc(index_no='"11340000MB0000100B/2024-00001"'),
                 "content/qtxx/b.md": doc("乙", index_no='"MB0000000/2024-00002"')})  # the older 组织机构代码 form
    run = cli("check", "--site", root)
    assert run.code == 1
    assert [p for p in run.problems if "错误" in p] == ["content/qtxx/a.md:4: 错误：索引号（index_no）“11340000MB0000100B/2024-00001”的前缀不是本机关的"
                            "统一社会信用代码（config.yaml 的 site.org_code）：应写成 11340000MB0000000M/2024-00001；"
                            "若是另一发文机关的代码，请把它写进 config.yaml 的 site.other_org_codes"]


def test_index_number_of_another_named_organ_is_accepted(site, cli):
    """A county column publishes the 县人民政府's documents under its own code once config.yaml names it."""
    other = "  other_org_codes: [\"11340000MB0000100B\"]\n"
    root = site({"content/qtxx/a.md": doc(index_no='"11340000MB0000100B/2024-00001"'),
                 "content/qtxx/b.md": doc("乙", index_no='"MB0000100/2024-00002"')})
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("site:\n", "site:\n" + other, 1), encoding="utf-8")
    run = cli("check", "--site", root)
    assert run.code == 0, run.err
    config.write_text(config.read_text(encoding="utf-8").replace("0000100B", "0000100C"), encoding="utf-8")
    run = cli("check", "--site", root)
    assert run.code == 2
    assert "site.other_org_codes" in run.err and "校验码" in run.err, run.err


def test_group_member_org_code_is_checked(tmp_path, cli):
    group = tmp_path / "group"
    group.mkdir()
    (group / "group.yaml").write_text(
        "name: 测试县政务公开平台\nsite:\n  domain: www.test.gov.cn\n  site_id: \"3400000099\"\n"
        "  organization: 测试县人民政府办公室\nmembers:\n  - path: xzf\n    name: 测试县人民政府\n    kind: 本级\n"
        "    org_code: 11340000MB0000000A\n", encoding="utf-8")
    run = cli("check", "--site", group)
    assert run.code == 2
    assert "group.yaml:10: 错误：配置项“members[].org_code”的值“11340000MB0000000A”有误：统一社会信用代码的最后一位（校验码）应为“M”" in run.err, run.err


def test_init_refuses_wrong_codes_before_writing_anything(cli, tmp_path):
    folder = tmp_path / "fushun"
    run = cli("init", folder, "--name", "抚顺县人民政府", "--domain", "https://www.fushun.gov.cn/",
              "--org-code", "91210421MA0000000X", "--site-id", "210421001")
    assert run.code == 2
    assert "--domain“https://www.fushun.gov.cn/”：只写域名，不带 https://、“/”和路径：domain: www.fushun.gov.cn" in run.err
    assert "--site-id“210421001”：网站标识码应为 10 位数字（这里是 9 位）" in run.err
    assert "--org-code“91210421MA0000000X”：统一社会信用代码的最后一位（校验码）应为“A”，不是“X”" in run.err
    assert not folder.exists()
