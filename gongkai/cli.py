"""The command line: `python3 build.py VERB` in a site folder, or `gongkai VERB` once installed.
Each verb is one small function in `commands`; this module only reads the arguments."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import NoReturn

from gongkai import __version__, cli_chinese, commands, pipeline
from gongkai.engine import fields
from gongkai.incremental import pagefind_service
from gongkai.tools import scaffold
from gongkai.problems import EXIT_USAGE, GongkaiError, UsageError


def as_of_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写成 YYYY-MM-DD") from None


def as_of_moment(text: str) -> dt.datetime:
    """`--as-of`: a moment written as a document's `date` is (a day alone: its start, 00:00)."""
    try:
        return fields.parse_datetime(text)
    except fields.FieldError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None


def parser(default_site: Path, prog: str) -> argparse.ArgumentParser:
    cli_chinese.use()
    top = argparse.ArgumentParser(prog=prog, description="生成政府信息公开专栏静态网站")
    top.add_argument("--version", action="version", version=f"gongkai {__version__}", help="显示版本号并退出")
    verbs = top.add_subparsers(dest="verb", metavar="命令")
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("--site", type=Path, metavar="文件夹", default=default_site,
                      help="站点文件夹（含 config.yaml 和 content/），或站群文件夹（含 group.yaml）")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--as-of", type=as_of_moment, metavar="时间", default=None,
                       help="按此时间判断发布、失效和更新（YYYY-MM-DD 或 YYYY-MM-DD HH:MM；只写日期为当天 0:00；默认现在）")
    cluster = argparse.ArgumentParser(add_help=False)
    cluster.add_argument("--scheduler", metavar="地址", help="站群：把各成员交给这个 Dask 调度器上的 worker 生成或检查"
                         "（如 tcp://192.168.1.10:8786；默认读环境变量 GONGKAI_SCHEDULER，都没有则在本机生成）")

    build = verbs.add_parser("build", parents=[site, dated, cluster], help="生成网站（默认）")
    build.add_argument("--out", metavar="文件夹", help="输出文件夹（默认 config.yaml 的 output）")
    indexing = build.add_mutually_exclusive_group()
    indexing.add_argument("--no-search", dest="search", action="store_false",
                          help="不生成全文搜索索引：沿用上次的（内容改动后搜索结果可能过时），没有则不生成")
    indexing.add_argument("--fold-search", action="store_true",
                          help="把搜索的增量索引并入各分片，不留增量索引（deploy 总是这样做）")

    check = verbs.add_parser("check", parents=[site, dated, cluster], help="检查内容，不写任何文件")
    check.add_argument("--strict", action="store_true", help="有警告也以状态 1 退出")
    check.add_argument("--format", choices=("text", "json"), default="text", help="结果的格式（默认 text）")
    check.add_argument("--resolve", action="store_true", help="查询本站域名和外部主机的 AAAA（IPv6）记录")
    check.add_argument("--report", nargs="?", const="", metavar="文件夹",
                       help="另写检查报告（网页和 report.json，不随网站发布；默认站点文件夹的 .gongkai-report/）；"
                            "有单项否决的问题时以状态 1 退出")

    serve = verbs.add_parser("serve", parents=[site, dated], help="本机预览：修改后自动重新生成并刷新浏览器")
    serve.add_argument("--host", metavar="地址", help="监听地址（默认只监听本机 ::1 和 127.0.0.1；“::”监听所有 IPv6 和 IPv4 地址）")
    serve.add_argument("--port", type=whole_number, metavar="端口", default=8000, help="端口（默认 8000；0 表示任选空闲端口）")

    deploy = verbs.add_parser("deploy", parents=[site, dated, cluster], help="生成、检查并发布到 config.yaml 中的部署目标")
    deploy.add_argument("--target", metavar="名称", help="部署目标名称（默认第一个）")
    choice = deploy.add_mutually_exclusive_group()
    choice.add_argument("--rollback", action="store_true", help="回退到上一个版本")
    choice.add_argument("--to", metavar="版本", help="切换到指定的版本（可以是回退前较新的版本；版本名见 --list）")
    choice.add_argument("--list", action="store_true", help="列出目标上的版本：部署时间、文档数、与前一版本相比的页面变化")
    choice.add_argument("--dry-run", action="store_true", help="生成并列出部署将新增、修改、删除的页面，不发布")
    deploy.add_argument("--allow-withdrawn", action="store_true",
                        help="与 --rollback 或 --to 同用：切换到的版本发布了当前版本不发布的文档（已撤回、改为不予公开、"
                             "已删除）时，确认仍要切换（不加时列出这些文档，不切换）")
    deploy.add_argument("--keep", type=whole_number, metavar="个数", help="保留的版本数（默认 config.yaml 的 deploy.keep）")

    _creating_verbs(verbs, site)
    return top


def _creating_verbs(verbs: argparse._SubParsersAction, site: argparse.ArgumentParser) -> None:
    """The verbs that make new files: new, init and import."""
    new = verbs.add_parser("new", parents=[site], help="新建文档（自动分配索引号）")
    new.add_argument("type", metavar="类型", help=f"文档类型，英文名或括号中的中文名：{scaffold.type_choices()}；"
                                                "在站群文件夹中为 member（成员），标题为成员名称")
    new.add_argument("title", metavar="标题", help="标题")
    new.add_argument("--number", default="", metavar="发文字号",
                     help="发文字号，如 示政发〔2026〕3号：写入 doc_number，文件名取其年份和序号（如 2026-gfxwj-3.md，与 import 相同）")
    new.add_argument("--column", metavar="栏目", help="栏目路径（默认：该类型的第一个栏目）")
    new.add_argument("--date", type=as_of_date, metavar="日期",
                     help="发布日期（YYYY-MM-DD，默认今天）；补录往年文档时写原发布日期，索引号、文件名和年度都按这一年")
    new.add_argument("--path", metavar="路径", help="new member：成员路径，如 bm/sjj")
    new.add_argument("--kind", metavar="类别", help="new member：成员类别，本级、部门或乡镇（街道）")
    new.add_argument("--org-code", metavar="代码", help="new member：成员的统一社会信用代码（索引号的前缀）")

    init = verbs.add_parser("init", help="新建站点文件夹：config.yaml（写出全部默认栏目）、指南和制度草稿、.gitignore")
    init.add_argument("folder", type=Path, metavar="文件夹", help="新站点的文件夹（不存在或为空）")
    init.add_argument("--name", required=True, metavar="名称", help="站点名称，如 抚顺县人民政府")
    init.add_argument("--domain", required=True, metavar="域名", help="网站域名，不带 https:// 和路径，如 www.fushun.gov.cn")
    init.add_argument("--org-code", required=True, metavar="代码", help="本机关的统一社会信用代码（18 位），用作索引号的前缀")
    init.add_argument("--site-id", required=True, metavar="标识码", help="网站标识码（10 位）")
    init.add_argument("--organization", metavar="单位", help="主办单位（默认：站点名称）")

    word = verbs.add_parser("import", parents=[site], help="导入 Word 公文（.docx）为文档")
    word.add_argument("files", nargs="+", type=Path, metavar="文件", help="Word 文件（.docx），或含 .docx 文件的文件夹")
    word.add_argument("--column", metavar="栏目", help="栏目路径（默认：该类型的第一个栏目）")
    word.add_argument("--type", metavar="类型", help="文档类型（默认：栏目的类型；都未指定时为 normative）")
    word.add_argument("--date", type=as_of_date, metavar="日期", help="发布日期（YYYY-MM-DD，默认今天）")
    word.add_argument("--replace", action="store_true", help="发文字号已有文档时，用此文件更新该文档（保留索引号和文件名）")


def main(argv: list[str], default_site: Path | None = None, prog: str = "gongkai") -> int:
    """Run one verb; `--site` defaults to `default_site` (the current folder when None)."""
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["build", *argv]
    try:
        args = parser(default_site or Path.cwd(), prog).parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else 0
    except GongkaiError as exc:  # the types the options list could not be loaded
        commands.print_failure(exc)
        return exc.exit_code
    try:
        if args.verb == "build":
            return commands.build(args.site, args.out, args.as_of, args.search, args.scheduler,
                                  args.fold_search)
        if args.verb == "check":
            return commands.check(args.site, args.as_of, args.strict, args.format, args.resolve, args.report,
                                  args.scheduler)
        if args.verb == "serve":
            return commands.serve(args.site, args.host, args.port, args.as_of)
        if args.verb == "deploy":
            action = commands.DeployAction(args.rollback, args.to, args.list, args.dry_run, args.allow_withdrawn)
            return commands.deploy(args.site, args.target, action, args.keep, args.as_of, args.scheduler)
        if args.verb == "new":
            return commands.new(args.site, args.type, args.title, args.column, args.date,
                                commands.MemberSpec(args.path, args.kind, args.org_code), args.number)
        if args.verb == "init":
            site = {"name": args.name, "domain": args.domain, "site_id": args.site_id,
                    "organization": args.organization or args.name, "org_code": args.org_code}
            return commands.init(args.folder, site, "python3 build.py" if prog == "build.py" else prog)
        if args.verb == "import":
            return commands.import_word(args.site, args.files, args.type, args.column, args.date, args.replace)
        raise UsageError(f"未知的命令 {args.verb}")
    except GongkaiError as exc:
        commands.print_failure(exc)
        return exc.exit_code


def run() -> None:
    """The `gongkai` command of an installed package: the site is the current folder unless --site says."""
    ending()
    leave(main(sys.argv[1:]))


def ending() -> None:
    """Called by a command line that ends its process with `leave` once its command returns: what a build made
    is left to the end of the process (pipeline.leave_unfreed)."""
    pipeline.leave_unfreed()


def leave(code: int) -> NoReturn:
    """End the process without freeing every object one by one: after a build of a large site that
    took longer than the build itself (2.6 s after one edit at 100,000 documents). Every command has
    finished, closed its workers and written its files by the time it returns its code; the Pagefind
    kept running for the next index is ended here (exit hooks do not run)."""
    pagefind_service.stop_all()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
