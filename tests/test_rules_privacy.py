"""Personal information: identity and mobile numbers in published text are errors at their line, masked."""
import pytest

from conftest import doc

ID = "11010519491231002X"  # the example number of GB 11643: valid check character and birth date
ID_MASKED = "110105********002X"


def test_identity_number_in_body_is_an_error_at_its_line_and_masked(site, cli):
    root = site({"content/qtxx/a.md": doc(body=f"第一段。\n\n申请人身份证号：{ID}。")})
    run = cli("build", "--site", root)
    assert run.code == 1
    assert (f"content/qtxx/a.md:9: 错误：含有居民身份证号码 {ID_MASKED}，个人信息不得公开，请删除或隐去"
            "（如确需公开，请在公开联系方式 public_contacts 中列出）") in run.problems
    assert ID not in run.err


def test_mobile_number_in_front_matter_with_prefix_and_separators(site, cli):
    root = site({"content/qtxx/a.md": doc(summary="联系人手机 +86 138-1234-5678")})
    run = cli("check", "--site", root)
    assert ("content/qtxx/a.md:6: 错误：含有手机号码 138****5678，个人信息不得公开，请删除或隐去；"
            "公开的服务电话请列在公开联系方式（public_contacts）中") in run.problems
    assert "13812345678" not in run.err


def test_mobile_number_in_a_data_file_points_at_the_data_file(site, cli):
    root = site({
        "content/czyjs/a.md": doc(type="budget", fiscal_year=2024, budget_kind="预算", data="a.yaml"),
        "content/czyjs/a.yaml": "tables:\n  - title: 联系人\n    columns: [姓名, 电话]\n    rows:\n      - [张三, '13912345678']\n",
    })
    run = cli("check", "--site", root)
    assert any(p.startswith("content/czyjs/a.yaml:5: 错误：含有手机号码 139****5678") for p in run.problems)


def test_public_contacts_allow_exactly_the_listed_number(site, cli):
    root = site({"content/qtxx/a.md": doc(public_contacts="['139 0000 5501']",
                                         body="便民服务手机：13900005501；另一个：13900005502。")})
    run = cli("check", "--site", root)
    privacy = [p for p in run.problems if "手机号码" in p]
    assert privacy == [privacy[0]] and "139****5502" in privacy[0]


def test_credit_codes_landlines_and_long_digit_runs_are_not_flagged(site, cli):
    body = ("统一社会信用代码 913400001234567899（校验位正确但不是出生日期）；"
            "电话 0551-65550420；流水号 2024138123456789；索引号 11340000MB0000000M/2024-00001。")
    root = site({"content/qtxx/a.md": doc(body=body)})
    run = cli("check", "--site", root)
    assert not [p for p in run.problems if "个人信息" in p]


def test_non_public_documents_are_never_scanned(site, cli):
    root = site({"content/qtxx/a.md": doc(disclosure="依申请公开", body=f"身份证号 {ID}，手机 13812345678"),
                 "content/qtxx/b.md": doc("公开文件", 2)})
    run = cli("check", "--site", root)
    assert not [p for p in run.problems if "个人信息" in p]


def full_width(text: str) -> str:
    """ASCII digits and letters as an input method in full-width mode types them (１３９, Ｘ)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def test_full_width_numbers_are_found_at_their_line_and_masked(site, cli):
    body = f"第一段。\n\n身份证：{full_width(ID)}\n\n手机：{full_width('139-1234-5678')}"
    root = site({"content/qtxx/a.md": doc(body=body)})
    run = cli("check", "--site", root)
    assert run.code == 1
    assert any(p.startswith(f"content/qtxx/a.md:9: 错误：含有居民身份证号码 {ID_MASKED}，") for p in run.problems), run.err
    assert any(p.startswith("content/qtxx/a.md:11: 错误：含有手机号码 139****5678，") for p in run.problems), run.err


def test_full_width_numbers_in_a_data_file_and_in_public_contacts(site, cli):
    root = site({
        "content/czyjs/a.md": doc(type="budget", fiscal_year=2024, budget_kind="预算", data="a.yaml",
                                  public_contacts=f"['{full_width('13900005501')}']"),
        "content/czyjs/a.yaml": (f"tables:\n  - title: 联系人\n    columns: [姓名, 电话]\n    rows:\n"
                                 f"      - [张三, '{full_width('13912345678')}']\n      - [服务, '13900005501']\n"),
    })
    run = cli("check", "--site", root)
    privacy = [p for p in run.problems if "个人信息" in p]
    assert len(privacy) == 1 and privacy[0].startswith("content/czyjs/a.yaml:5: 错误：含有手机号码 139****5678"), run.err


@pytest.mark.parametrize("written, shown", [
    ("手机：139**1234**5678。", "139****5678"),  # part of it bold, as Word's import writes it
    ("手机：139 _1234_ 5678。", "139****5678"),
    ("手机：<b>139</b>1234<span class=\"x\">5678</span>。", "139****5678"),
    ("手机：139&nbsp;1234&nbsp;5678。", "139****5678"),
    ("手机：139\u200b1234\u200b5678。", "139****5678"),
    (f"身份证号：{ID[:6]}**{ID[6:14]}**{ID[14:]}。", ID_MASKED),
    (f"身份证号：&#49;{ID[1:]}。", ID_MASKED),
], ids=["bold", "italic", "tags", "no-break spaces", "zero-width spaces", "bold id", "character reference"])
def test_a_number_the_page_shows_whole_is_found_however_the_source_writes_it(site, cli, written, shown):
    root = site({"content/qtxx/a.md": doc(body=f"第一段。\n\n{written}")})
    run = cli("build", "--site", root)
    assert run.code == 1 and not (root / "public").exists()
    assert any(p.startswith("content/qtxx/a.md:9: 错误：含有") and shown in p for p in run.problems), run.problems


def test_emphasis_beside_numbers_that_are_no_personal_information_is_no_finding(site, cli):
    root = site({"content/qtxx/a.md": doc(body="价格 139**元**，第 **3** 号，2021 年 *12* 月，编号 1391234<br>5678。")})
    assert cli("check", "--site", root).code == 0
