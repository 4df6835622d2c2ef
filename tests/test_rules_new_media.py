"""政务新媒体: a register of accounts in a data file, the directory by 主办单位 and by platform, and the rules
inspections check (one open account per unit and platform, a QR code with alt text for every open account)."""
import json

from conftest import BASE_CONFIG, doc, incremental_and_clean

CONFIG = BASE_CONFIG + """\
  - path: zwxmt
    name: 政务新媒体
    type: new_media
"""
DATA = "content/zwxmt/accounts.yaml"
QR = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
WECHAT = """\
  - name: 测试县发布
    platform: 微信
    unit: 测试县人民政府办公室
    account_id: csxfb
    qr: qr/wx.svg
    qr_alt: 测试县发布微信公众号二维码
    opened: 2016-05-01
    status: 运营
"""
ACCOUNTS = "accounts:\n" + WECHAT + """\
  - name: 测试县发布
    platform: 微博
    unit: 测试县人民政府办公室
    account_id: "@测试县发布"
    qr: qr/wb.svg
    qr_alt: 测试县发布微博二维码
    opened: 2013-03-18
    status: 运营
  - name: 测试县政府办
    platform: 微信
    unit: 测试县人民政府办公室
    account_id: csxzfb
    opened: 2014-01-06
    status: 已关停
    closed: 2019-12-31
"""


def media_site(site, data: str = ACCOUNTS):
    return site({"content/zwxmt/ml.md": doc("测试县政务新媒体名录", 9, 2024, type="new_media", data="accounts.yaml"),
                 DATA: data, "content/zwxmt/qr/wx.svg": QR, "content/zwxmt/qr/wb.svg": QR}, config=CONFIG)


def of_data(run) -> list[str]:
    return sorted(p for p in run.problems if p.startswith(DATA))


def test_directory_groups_accounts_by_unit_and_platform_and_keeps_closed_ones(site, cli, tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--site", media_site(site), "--out", out)
    assert run.code == 0 and of_data(run) == [], run.err
    page = (out / "zwxmt/index.html").read_text(encoding="utf-8")
    assert "<caption>测试县人民政府办公室（3 个账号）</caption>" in page
    assert ('<tr><th scope="row">测试县发布</th><td>微信</td><td>csxfb</td><td><img class="qr-code" src="../zwxmt/qr/wx.svg" '
            'alt="测试县发布微信公众号二维码" width="96" height="96" loading="lazy"></td>') in page
    assert "<caption>微信（2 个账号）</caption>" in page and "<caption>微博（1 个账号）</caption>" in page
    assert ('<tr><th scope="row">测试县政府办</th><td>测试县人民政府办公室</td><td>csxzfb</td><td><time datetime="2014-01-06">'
            '2014-01-06</time></td><td><span class="badge badge-失效">已关停</span>（<time datetime="2019-12-31">2019-12-31</time>）'
            '</td></tr>') in page
    assert "共 3 个账号，其中运营 2 个。" in page
    assert (out / "zwxmt/qr/wx.svg").read_bytes() == QR
    assert "<caption>微博（1 个账号）</caption>" in (out / "zwxmt/ml.html").read_text(encoding="utf-8")
    row = next(r for r in json.loads((out / "catalog.json").read_text(encoding="utf-8")) if r["type"] == "new_media")
    assert row["accounts"][2] == {"name": "测试县政府办", "platform": "微信", "unit": "测试县人民政府办公室",
                                  "account_id": "csxzfb", "opened": "2014-01-06", "status": "已关停", "closed": "2019-12-31"}


def test_a_second_open_account_of_a_unit_on_a_platform_is_an_error_at_its_line(site, cli, tmp_path):
    second = WECHAT.replace("测试县发布", "测试县政务").replace("csxfb", "csxzw")
    out = tmp_path / "out"
    run = cli("build", "--site", media_site(site, ACCOUNTS + second), "--out", out)
    assert run.code == 1 and not out.exists()
    assert of_data(run) == [
        f"{DATA}:25: 错误：测试县人民政府办公室在微信上已有运营中的账号“测试县发布”（{DATA}:2），同一单位在同一平台只能开设一个账号："
        "请关停其中一个（status: 已关停，写明 closed 日期）"]


def test_a_missing_qr_code_or_alt_text_is_an_error_and_a_closed_account_needs_its_date(site, cli):
    data = (ACCOUNTS.replace("qr: qr/wb.svg", "qr: qr/gone.svg").replace("    qr_alt: 测试县发布微信公众号二维码\n", "")
            .replace("    closed: 2019-12-31\n", ""))
    run = cli("check", "--site", media_site(site, data))
    assert run.code == 1
    assert of_data(run) == sorted([
        f"{DATA}:2: 错误：第 1 个账号缺少二维码说明文字（qr_alt）",
        f"{DATA}:13: 错误：链接的文件 content/zwxmt/qr/gone.svg 不存在",
        f"{DATA}:17: 错误：第 3 个账号缺少关停日期（closed）"])


def test_editing_an_account_equals_a_clean_build(site, cli, tmp_path):
    def change(root):
        path = root / DATA
        path.write_text(path.read_text(encoding="utf-8").replace("status: 运营\n", "status: 已关停\n    closed: 2026-10-01\n", 1),
                        encoding="utf-8")
    incremental, clean = incremental_and_clean(media_site(site), change, cli, tmp_path / "clean")
    assert "共 3 个账号，其中运营 1 个。".encode() in incremental["zwxmt/index.html"]
    assert incremental == clean


def test_replacing_a_qr_code_image_equals_a_clean_build(site, cli, tmp_path):
    new = QR.replace(b'width="1"', b'width="0.5"')
    incremental, clean = incremental_and_clean(media_site(site), lambda root: (root / "content/zwxmt/qr/wx.svg").write_bytes(new),
                                               cli, tmp_path / "clean")
    assert incremental["zwxmt/qr/wx.svg"] == new and incremental == clean


def test_the_register_new_writes_is_refused_until_its_example_account_is_filled_in(site, cli):
    root = site({}, config=CONFIG)
    made = cli("new", "new_media", "测试县政务新媒体名录", "--site", root, "--date", "2024-05-06")
    document, data = (line.split()[1].split("（")[0] for line in made.out.splitlines())
    path = root / document
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    run = cli("check", "--site", root)
    assert run.code == 1
    assert sorted(p.split(": ", 1)[1] for p in run.problems if p.startswith(data)) == [
        "错误：开设日期（opened）：“开设日期”不是日期，请写成 YYYY-MM-DD，例如 2021-03-05",
        "错误：链接的文件 content/zwxmt/qr/二维码图片.png 不存在"]
