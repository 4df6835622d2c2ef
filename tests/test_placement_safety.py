"""Where the generator may write and what it may put back online: an output inside what a build reads or
inside a published folder, files in hidden folders of static/, a missing content/, a member folder that
is a symbolic link, and a rollback to a release that publishes a withdrawn document. Each is refused with
a message naming why, and nothing is published; the tool never guesses towards publishing."""
from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, doc, read_tree
from test_group import make_group

from gongkai.tools import serve


# -- a group's output inside a member's content/, static/ or templates/ -------------------------------

@pytest.mark.parametrize("out, inside", [
    ("bm/fgw/static/pub", "bm/fgw/static/"), ("bm/jyj/content/pub", "bm/jyj/content/"),
    ("xz/cgz/templates/pub", "xz/cgz/templates/"), ("static/pub", "static/"),
])
def test_a_group_output_inside_what_a_member_or_the_group_reads_is_refused(tmp_path, cli, out, inside):
    """The next build would copy the old output (with a document withdrawn since) into the new one."""
    root = make_group(tmp_path / "group")
    before = read_tree(root)
    run = cli("build", "--site", root, "--out", root / out)
    assert run.code == 2 and f"错误：输出文件夹 {root / out} 不能在 {inside} 之内" in run.err
    assert "Traceback" not in run.err and read_tree(root) == before
    assert not (root / out).exists() and not list(tmp_path.glob(".*"))


@pytest.mark.parametrize("out, inside", [
    ("bm/jyj/static/pub", "bm/jyj/static/"), ("xz/cgz/content/pub", "xz/cgz/content/"),
    ("static/pub", "{root}/static/"),
])
def test_a_member_built_alone_into_what_the_group_or_another_member_reads_is_refused(tmp_path, cli, out, inside):
    """The next group build would publish the member's output, and the cache beside it, as that member's files."""
    root = make_group(tmp_path / "group")
    before = read_tree(root)
    run = cli("build", "--site", root / "bm/fgw", "--out", root / out)
    assert run.code == 2 and f"错误：输出文件夹 {root / out} 不能在 {inside.format(root=root)} 之内" in run.err
    assert read_tree(root) == before and not (root / out).exists()


# -- hidden folders of static/ --------------------------------------------------------------------------

SECRETS = {"static/.git/config": "url = https://deploy:TOKEN@git.example.gov.cn/xxgk.git\n",
           "static/css/.svn/entries": "SVN\n", "static/.env": "PASSWORD\n", "static/img/~old/a.png": "OLD\n"}


def test_files_in_hidden_folders_of_static_are_not_published(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc(), "static/css/site.css": "body {}\n"})
    out = tmp_path / "out"
    assert cli("build", "--site", root, "--out", out).code == 0
    for rel, text in SECRETS.items():  # added after a first build: the incremental build leaves them out too
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    run = cli("build", "--site", root, "--out", out)
    assert run.code == 0, run.err
    published = read_tree(out)
    assert "static/css/site.css" in published
    assert not [p for p in published if any(part.startswith((".", "~")) for part in p.split("/"))]
    assert not [p for p, data in published.items() if b"TOKEN" in data or b"SVN\n" == data]


def test_a_hidden_path_is_never_served_by_the_preview(tmp_path):
    """Not even one left in the preview's folder by hand."""
    (tmp_path / "static/.git").mkdir(parents=True)
    (tmp_path / "static/.git/config").write_text("TOKEN", encoding="utf-8")
    assert serve._inside(tmp_path, "static/.git/config") is None
    assert serve._inside(tmp_path, ".env") is None
    assert serve._inside(tmp_path, "static/git/config") is not None


def test_serve_answers_404_for_a_file_in_a_hidden_folder_of_static(site):
    from serving import Server
    from test_serve import fetch
    root = site({"content/qtxx/a.md": doc(), **SECRETS})
    server = Server(root)
    try:
        status, _, body = fetch(server.url(socket.AF_INET6, "/static/.git/config"))
        assert status == 404 and b"TOKEN" not in body
        assert fetch(server.url(socket.AF_INET6, "/qtxx/a.html"))[0] == 200
    finally:
        server.stop()


# -- content/ missing or not a folder ---------------------------------------------------------------------

@pytest.mark.parametrize("break_content, message", [
    (lambda c: shutil.rmtree(c), "错误：找不到 content/ 文件夹：站点文件夹 {root} 中应有 content/"),
    (lambda c: shutil.rmtree(c) or c.write_text("不是文件夹", encoding="utf-8"),
     "错误：{root}/content 不是文件夹（而是普通文件）"),
], ids=["missing", "a file"])
def test_a_site_without_a_content_folder_is_an_error_and_the_output_stays(site, cli, tmp_path, break_content,
                                                                         message):
    """Else the published site would be replaced by an empty one, with only 空白栏目 warnings."""
    root = site({"content/qtxx/a.md": doc("已发布的文件")})
    out = tmp_path / "out"
    assert cli("build", "--site", root, "--out", out).code == 0
    before = read_tree(out)
    break_content(root / "content")
    for verb in ("build", "check"):
        run = cli(verb, "--site", root, *(("--out", out) if verb == "build" else ()))
        assert run.code == 2 and f"content:1: {message.format(root=root)}" in run.err, run.err
        assert "空白栏目" not in run.err and "Traceback" not in run.err
    assert read_tree(out) == before


def test_a_group_member_whose_content_is_a_file_fails_the_group(tmp_path, cli):
    root = make_group(tmp_path / "group")
    assert cli("build", "--site", root).code == 0
    before = read_tree(root / "public")
    shutil.rmtree(root / "bm/jyj/content")
    (root / "bm/jyj/content").write_text("不是文件夹", encoding="utf-8")
    run = cli("build", "--site", root)
    assert run.code == 1 and f"bm/jyj/content:1: 错误：{root}/bm/jyj/content 不是文件夹（而是普通文件）" in run.err
    assert "有错误的成员：bm/jyj" in run.err and "空白栏目" not in run.err
    assert read_tree(root / "public") == before


# -- a member folder that is a symbolic link --------------------------------------------------------------

@pytest.mark.parametrize("linked, where", [("xz/cgz", "是"), ("xz", "所在的 xz/ 是")])
def test_a_member_folder_reached_through_a_symlink_is_named_at_its_group_yaml_entry(tmp_path, cli, linked, where):
    root = make_group(tmp_path / "group")
    shutil.move(root / linked, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", root / linked)
    line = (root / "group.yaml").read_text(encoding="utf-8").splitlines().index("  - path: xz/cgz") + 1
    run = cli("build", "--site", root)
    assert run.code == 2 and f"group.yaml:{line}: 错误：成员“测试县城关镇人民政府”的文件夹 xz/cgz/ {where}符号链接" in run.err
    assert "config.yaml 应为键值对" not in run.err and not (root / "public").exists()


# -- deploy --rollback and --to ----------------------------------------------------------------------------

def _deploy_config(target: Path) -> str:
    return BASE_CONFIG + f"deploy:\n  targets:\n    web:\n      type: folder\n      path: {target}\n"


def _withdrawn(site, cli, config: str, *extra: str) -> tuple[Path, list[str]]:
    """Two releases: the second no longer publishes 撤回的文件 (made 不予公开)."""
    root = site({"content/qtxx/a.md": doc("保留的文件"), "content/qtxx/w.md": doc("撤回的文件", 2)}, config=config)
    assert cli("deploy", "--site", root, *extra).code == 0
    (root / "content/qtxx/w.md").write_text(doc("撤回的文件", 2, disclosure="不予公开", withheld_reason="内部"),
                                           encoding="utf-8")
    assert cli("deploy", "--site", root, *extra).code == 0
    target = Path(config.rsplit(" ", 1)[1].strip())
    return root, sorted(os.listdir(target / "releases"))


def _current(target: Path) -> str:
    return os.readlink(target / "current")


def test_a_rollback_that_would_republish_a_withdrawn_document_is_refused_naming_it(site, cli, tmp_path):
    target = tmp_path / "srv"
    root, (old, new) = _withdrawn(site, cli, _deploy_config(target))
    for args in (("--rollback",), ("--to", old)):
        run = cli("deploy", "--site", root, *args)
        assert run.code == 1 and f"错误：版本 {old} 发布了当前版本（{new}）不发布的 1 篇文档" in run.err
        assert "  撤回的文件（qtxx/w.html）\n" in run.err and "加 --allow-withdrawn 再运行" in run.err
        assert _current(target) == f"releases/{new}" and not (target / "current/qtxx/w.html").exists()
    back = cli("deploy", "--site", root, "--rollback", "--allow-withdrawn")
    assert back.code == 0 and _current(target) == f"releases/{old}"
    assert "警告：按 --allow-withdrawn 重新发布了当前版本不发布的 1 篇文档：\n  撤回的文件（qtxx/w.html）" in back.err
    forward = cli("deploy", "--site", root, "--to", new)  # takes the document down again: nothing to confirm
    assert forward.code == 0 and "--allow-withdrawn" not in forward.err and _current(target) == f"releases/{new}"


def test_a_rollback_that_would_republish_an_attachment_taken_off_or_replaced_is_refused_naming_it(site, cli, tmp_path):
    """A list taken off a document that stays published, or replaced by one without its ID numbers: the older
    release still holds it, and a rollback would put it back online."""
    target = tmp_path / "srv"
    listed = '\n  - file: mingdan.csv\n    title: 补贴名单\n  - file: biao.csv\n    title: 汇总表'
    root = site({"content/qtxx/a.md": doc("补贴公示", attachments=listed), "content/qtxx/mingdan.csv": "张三,110\n",
                 "content/qtxx/biao.csv": "户数,12\n"}, config=_deploy_config(target))
    assert cli("deploy", "--site", root).code == 0
    (root / "content/qtxx/a.md").write_text(doc("补贴公示", attachments=listed.split("\n  - file: biao")[0]),
                                            encoding="utf-8")
    (root / "content/qtxx/mingdan.csv").write_text("张*,1**\n", encoding="utf-8")
    assert cli("deploy", "--site", root).code == 0
    old, new = sorted(os.listdir(target / "releases"))
    run = cli("deploy", "--site", root, "--rollback")
    assert run.code == 1 and f"错误：版本 {old} 发布了当前版本（{new}）不发布的 2 个附件" in run.err, run.err
    assert "  补贴公示的附件“补贴名单”（qtxx/mingdan.csv，与当前版本的不同）\n" in run.err
    assert "  补贴公示的附件“汇总表”（qtxx/biao.csv）\n" in run.err
    assert _current(target) == f"releases/{new}"
    back = cli("deploy", "--site", root, "--rollback", "--allow-withdrawn")
    assert back.code == 0 and "警告：按 --allow-withdrawn 重新发布了当前版本不发布的 2 个附件：" in back.err


def test_a_rollback_whose_catalogs_cannot_be_read_is_refused(site, cli, tmp_path):
    target = tmp_path / "srv"
    root, (old, new) = _withdrawn(site, cli, _deploy_config(target))
    (target / "releases" / old / "catalog.json").write_text("[{", encoding="utf-8")
    run = cli("deploy", "--site", root, "--rollback")
    assert run.code == 1 and f"错误：读不到版本 {old} 的 catalog.json，无法确认" in run.err
    assert _current(target) == f"releases/{new}"


def test_allow_withdrawn_is_only_for_a_switch(site, cli, tmp_path):
    root = site({"content/qtxx/a.md": doc()}, config=_deploy_config(tmp_path / "srv"))
    run = cli("deploy", "--site", root, "--allow-withdrawn")
    assert run.code == 2 and "错误：--allow-withdrawn 只用于 --rollback 或 --to" in run.err
    assert not (tmp_path / "srv").exists()


def test_a_group_rollback_names_a_members_withdrawn_document(tmp_path, cli):
    from test_group_deploy import deploy_group
    root, target = deploy_group(tmp_path)
    assert cli("deploy", "--site", root).code == 0
    (root / "bm/fgw/content/qtxx/n2.md").unlink()  # deleted
    assert cli("deploy", "--site", root).code == 0
    new = os.readlink(target / "current")
    run = cli("deploy", "--site", root, "--rollback")
    assert run.code == 1 and "  bm/fgw的第2号通知（bm/fgw/qtxx/n2.html）\n" in run.err
    assert os.readlink(target / "current") == new


@pytest.mark.skipif(shutil.which("rsync") is None, reason="tests/install.sh installs rsync")
def test_an_rsync_target_refuses_the_same_rollback(site, cli, tmp_path):
    target = tmp_path / "remote"
    config = BASE_CONFIG + f"deploy:\n  targets:\n    server:\n      type: rsync\n      destination: {target}\n"
    root, (old, new) = _withdrawn(site, cli, config)
    run = cli("deploy", "--site", root, "--rollback")
    assert run.code == 1 and "  撤回的文件（qtxx/w.html）\n" in run.err and _current(target) == f"releases/{new}"
    assert cli("deploy", "--site", root, "--rollback", "--allow-withdrawn").code == 0
    assert _current(target) == f"releases/{old}"


# -- an output inside a published folder --------------------------------------------------------------------

def test_an_output_inside_a_published_folder_is_refused_so_its_cache_is_not_published(site, cli, tmp_path):
    """The cache beside the output holds drafts' and 不予公开 documents' text."""
    root = site({"content/qtxx/a.md": doc(), "content/qtxx/d.md": doc("草稿", 2, draft="true")})
    web = tmp_path / "www"
    assert cli("build", "--site", root, "--out", web).code == 0
    before = read_tree(web)
    run = cli("build", "--site", root, "--out", web / "xxgk")
    assert run.code == 2 and f"错误：输出文件夹 {web / 'xxgk'} 不能在 {web} 之内" in run.err
    assert read_tree(web) == before


@pytest.mark.parametrize("page", ["index.html", "index.htm", "index.php"])
def test_an_output_beside_another_sites_home_page_is_refused_so_its_cache_is_not_served(site, cli, tmp_path, page):
    """A web root the generator did not make serves the cache beside the output unless it refuses paths with a dot."""
    root = site({"content/qtxx/a.md": doc(), "content/qtxx/d.md": doc("草稿", 2, draft="true")})
    web = tmp_path / "www"
    web.mkdir()
    (web / page).write_text("<h1>门户网站</h1>", encoding="utf-8")
    for args in (("--site", root), ("--site", make_group(tmp_path / "group"))):
        run = cli("build", *args, "--out", web / "xxgk")
        assert run.code == 2 and (f"错误：输出文件夹 {web / 'xxgk'} 不能放在 {web} 中：其中有 {page}，像是 Web 服务器的网站根目录，"
                                  f"生成缓存（含未公开的文档）写在输出文件夹旁（{web / '.gongkai-cache-xxgk'}），会被 Web 服务器提供；"
                                  "请把输出文件夹放在网站根目录之外") in run.err
    assert [p.name for p in web.iterdir()] == [page]


def test_an_output_in_a_servers_default_web_root_is_refused(site, cli, tmp_path, monkeypatch):
    from gongkai.incremental import placement
    default = tmp_path / "var/www/html"
    default.mkdir(parents=True)
    monkeypatch.setattr(placement, "WEB_ROOTS", (Path("/nonexistent/www"), default), raising=False)
    root = site({"content/qtxx/a.md": doc()})
    for out in (default / "xxgk", default / "gk/xxgk"):
        run = cli("build", "--site", root, "--out", out)
        assert run.code == 2 and f"错误：输出文件夹 {out} 不能放在 {default} 中：那是 Web 服务器默认的网站根目录" in run.err
    assert not list(default.iterdir())
