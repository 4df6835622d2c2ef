"""`init`: a new site folder that passes `check --strict` at once, with the whole column tree written out."""
import datetime as dt
import re

from conftest import read_tree

from gongkai import doctypes
from gongkai.engine.config import load_config

YEAR = dt.date.today().year  # init dates its drafts today
SITE = ["--name", "抚顺县人民政府", "--domain", "www.fushun.gov.cn", "--org-code", "91210421MA0000000A",
        "--site-id", "2104210001"]


def _tree(columns) -> list[tuple]:
    return [(c.path, c.name, c.type, c.column_type, c.description, c.archived) for top in columns for c in top.walk()]


def test_init_writes_a_site_that_passes_check_strict_and_publishes_nothing_unchecked(cli, tmp_path):
    folder = tmp_path / "fushun"
    run = cli("init", folder, *SITE)
    assert run.code == 0, run.err
    assert sorted(read_tree(folder)) == [".gitignore", "config.yaml", f"content/zfxxgkzd/{YEAR}-gkzd.md",
                                         f"content/zfxxgkzn/{YEAR}-gkzn.md"]
    assert "下一步：\n  1. 核对 config.yaml 的 site:" in run.out and "  3. 运行 python3 build.py check --strict" in run.out
    check = cli("check", "--site", folder, "--strict", "--as-of", f"{YEAR}-12-31")
    assert check.code == 0, check.err
    assert [p.split(": ")[1][:3] for p in check.problems] == ["提示：", "提示："]
    assert cli("build", "--site", folder, "--as-of", f"{YEAR}-12-31").code == 0
    built = read_tree(folder / "public")
    assert not any(p.startswith(("zfxxgkzn/", "zfxxgkzd/")) for p in built)
    assert "信息公开指南" not in built["index.html"].decode()
    ignored = (folder / ".gitignore").read_text(encoding="utf-8")
    assert "/public/" in ignored and "/.gongkai-cache-*/" in ignored and "/.gongkai-report/" in ignored


def test_the_config_holds_the_default_tree_every_column_unopened_and_the_site_block(cli, tmp_path, site):
    folder = tmp_path / "fushun"
    assert cli("init", folder, *SITE).code == 0
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    config, report = load_config(folder, doctypes.registry())
    assert report.problems == []
    assert config.columns == [] and config.site.org_code == "91210421MA0000000A"
    assert config.site.domain == "www.fushun.gov.cn" and config.site.site_id == "2104210001"
    default, _ = load_config(site({}, config=text[:text.index("\ncolumns:")]), doctypes.registry())
    unopened = [c for c in config.unopened.values() if c.parent is None]
    assert _tree(unopened) == _tree(default.columns)
    assert "# application:\n#   office: 抚顺县人民政府" in text and "# deploy:\n" in text


def test_a_filled_guide_is_published_once_its_column_is_opened(cli, tmp_path):
    folder = tmp_path / "fushun"
    cli("init", folder, *SITE)
    guide = folder / f"content/zfxxgkzn/{YEAR}-gkzn.md"
    guide.write_text(re.sub(r"draft: true.*\n", "", guide.read_text(encoding="utf-8")), encoding="utf-8")
    config = folder / "config.yaml"
    lines = config.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "填好指南草稿" in text)
    run = cli("check", "--site", folder, "--as-of", f"{YEAR}-12-31")
    assert run.code == 1
    assert run.problems[1] == (f"content/zfxxgkzn/{YEAR}-gkzn.md:1: 错误：栏目“政府信息公开指南”（zfxxgkzn）未开通，"
                               f"其中的文档不会发布；要开通，删去 config.yaml 第 {line} 行的“open: false”（或把文档移到已开通的栏目）")
    config.write_text("\n".join(lines[:line - 1] + lines[line:]), encoding="utf-8")
    run = cli("build", "--site", folder, "--as-of", f"{YEAR}-12-31")
    assert run.code == 0, run.err
    assert "抚顺县人民政府信息公开指南" in (folder / f"public/zfxxgkzn/{YEAR}-gkzn.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty(cli, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("已有的文件", encoding="utf-8")
    run = cli("init", folder, *SITE)
    assert run.code == 2
    assert run.err == (f"错误：{folder} 不是空文件夹：init 只在空文件夹或尚不存在的文件夹中新建站点，不会改动已有文件；"
                       "请换一个文件夹\n")
    assert read_tree(folder) == {"notes.txt": "已有的文件".encode()}
