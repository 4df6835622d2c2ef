"""依申请公开: a page made from config.yaml's application:, the 条例's steps and limits, and the 申请表
as a file to download and a page to print. Nothing is submitted through the site."""
import re
import zipfile

from conftest import BASE_CONFIG, ROOT, doc

from gongkai.doctypes.application import FORM
from gongkai.engine.config_schema import DEFAULT_FORM

COLUMN = """\
  - path: yssqgk
    name: 依申请公开
    type: application
"""
APPLICATION = """\
application:
  office: 测试县人民政府办公室
  in_person:
    address: 测试县人民路1号政务服务中心
    hours: 工作日9:00—17:00
  post:
    address: 测试县人民路1号
    postcode: "230001"
    recipient: 县政务公开办
  online: https://www.test.gov.cn/yssq/
  phone: 0551-6000 0001
"""
CONFIG = BASE_CONFIG + COLUMN + APPLICATION
FILES = {"content/qtxx/2024-01.md": doc()}


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_page_shows_the_configured_channels_and_the_statutory_steps(site, cli, tmp_path):
    out = tmp_path / "out"
    run = cli("build", "--site", site(FILES, config=CONFIG), "--out", out)
    assert run.code == 0 and not [p for p in run.problems if "yssqgk" in p]
    page = (out / "yssqgk/index.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "<dt>当面申请</dt>\n    <dd>地址：测试县人民路1号政务服务中心<br>办公时间：工作日9:00—17:00</dd>" in page
    assert "邮寄地址：测试县人民路1号邮政编码：230001收件人：县政务公开办" in text
    assert '<dd><a href="https://www.test.gov.cn/yssq/">https://www.test.gov.cn/yssq/</a></dd>' in page
    assert "<dt>咨询电话</dt>\n    <dd>0551-6000 0001</dd>" in page
    assert "自收到申请之日起7个工作日内一次性告知申请人补正" in text
    assert "自收到申请之日起20个工作日内答复" in text and "最长延长20个工作日" in text
    assert "征求第三方和其他机关意见所需时间不计算在内" in text
    assert "不收取费用" in text and "信息处理费" in text
    assert "申请行政复议或者提起行政诉讼" in text
    assert "<form" not in page.split('<main')[1]  # nothing is submitted through the site
    assert '<a href="../static/yssqgk/zfxxgksqb.docx" download>' in page
    assert '<a href="../yssqgk/sqb.html">' in page
    assert (out / "static/yssqgk/zfxxgksqb.docx").read_bytes() == (ROOT / "static" / DEFAULT_FORM).read_bytes()


def test_printable_form_has_every_field_as_a_row(site, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--site", site(FILES, config=CONFIG), "--out", out).code == 0
    page = (out / "yssqgk/sqb.html").read_text(encoding="utf-8")
    for heading, fields in FORM:
        assert f"<caption>{heading}</caption>" in page
        for name in fields:
            assert f'<tr><th scope="row">{name}</th><td></td></tr>' in page
    assert "受理机构：测试县人民政府办公室" in page


def test_shipped_docx_holds_the_same_fields():
    with zipfile.ZipFile(ROOT / "static" / DEFAULT_FORM) as package:
        assert package.testzip() is None
        body = package.read("word/document.xml").decode("utf-8")
    texts = re.findall(r"<w:t>([^<]*)</w:t>", body)
    assert texts[0] == "政府信息公开申请表"
    for heading, fields in FORM:
        assert heading in texts and all(name in texts for name in fields)


def test_a_site_replaces_the_form_with_its_own_file(site, cli, tmp_path):
    out = tmp_path / "out"
    own = site(dict(FILES, **{"static/yssqgk/zfxxgksqb.docx": b"PK own form"}), config=CONFIG)
    assert cli("build", "--site", own, "--out", out).code == 0
    assert (out / "static/yssqgk/zfxxgksqb.docx").read_bytes() == b"PK own form"


def test_form_may_name_another_file_and_a_missing_one_is_a_dead_link(site, cli, tmp_path):
    config = CONFIG + "  form: files/申请表.docx\n"
    good = site(dict(FILES, **{"static/files/申请表.docx": b"PK"}), config=config)
    out = tmp_path / "out"
    assert cli("build", "--site", good, "--out", out).code == 0
    assert '<a href="../static/files/申请表.docx" download>' in (out / "yssqgk/index.html").read_text(encoding="utf-8")
    run = cli("check", "--site", site(FILES, config=config, name="missing"))
    assert run.code == 1
    assert any("yssqgk/index.html 中的链接“../static/files/申请表.docx”指向不存在的文件" in p for p in run.problems)


def test_column_without_application_config_is_a_warning_not_a_blank_column(site, cli):
    run = cli("check", "--site", site(FILES, config=BASE_CONFIG + COLUMN))
    mine = [p for p in run.problems if "yssqgk" in p]
    assert mine == ["config.yaml:28: 警告：栏目“依申请公开”（yssqgk）的申请渠道没有配置：请在 config.yaml 中写 application:"
                    "（受理机构 office，当面 in_person、邮寄 post 或网上 online 申请方式，电话 phone）"]


def test_bad_application_config_stops_the_run_with_lines(site, cli):
    config = CONFIG.replace('postcode: "230001"', 'postcode: "2300"').replace("https://www.test.gov.cn/yssq/", "www.test.gov.cn")
    run = cli("check", "--site", site(FILES, config=config))
    assert run.code == 2
    assert run.problems == [
        "config.yaml:38: 错误：配置项“application.post.postcode”的值“2300”有误：应为六位数字",
        "config.yaml:40: 错误：配置项“application.online”的值“www.test.gov.cn”有误：应为以 https:// 开头的网址",
    ]


def test_application_without_any_channel_is_an_error(site, cli):
    config = BASE_CONFIG + COLUMN + "application:\n  office: 测试县人民政府办公室\n  phone: 0551-6000 0001\n"
    run = cli("check", "--site", site(FILES, config=config))
    assert run.code == 2
    assert run.problems == ["config.yaml:31: 错误：application 至少要写一种申请渠道：in_person（当面）、post（邮寄）或 online（网上）"]


def test_without_application_config_the_page_links_the_guide_column(site, cli, tmp_path):
    guide = "  - path: zfxxgkzn\n    name: 政府信息公开指南\n    column_type: 信息公开指南\n"
    files = dict(FILES, **{"content/zfxxgkzn/index.md": "---\ntitle: 政府信息公开指南\n---\n指南正文。\n"})
    out = tmp_path / "out"
    assert cli("build", "--site", site(files, config=BASE_CONFIG + guide + COLUMN), "--out", out).code == 0
    page = (out / "yssqgk/index.html").read_text(encoding="utf-8")
    assert '<p>申请渠道见本机关的<a href="../zfxxgkzn/index.html">政府信息公开指南</a>。</p>' in page
