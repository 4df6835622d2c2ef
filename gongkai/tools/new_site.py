"""`init`: a new site folder a county can build, check and deploy at once, and then fill in.

It writes a config.yaml with every block commented and the default column tree written out, so the
tree can be edited where it is; every column starts 未开通 (`open: false`), since a new site has no
document to publish and an empty published column is a fault. The 指南 and 制度 are written as drafts
(`draft: true`) with their sections and what to fill in: nothing unchecked is ever published.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai import doctypes
from gongkai.engine import site_codes
from gongkai.engine.config import CONFIG_FILE
from gongkai.engine.standard_tree import standard_columns
from gongkai.tools import scaffold
from gongkai.tools.site_drafts import GUIDE, RULES
from gongkai.problems import UsageError

GITIGNORE = """\
# 生成的网站、缓存和检查报告：每次 build、deploy、check --report 重新生成，不必纳入版本管理
/public/
/.gongkai-cache-*/
/.gongkai-report/
"""
#: why each column starts 未开通, by path (the rest: it has no document yet)
_OPENS_WHEN = {
    "yssqgk": "写好下面的 application:（申请渠道）后删去这一行",
    GUIDE.column: "填好指南草稿并删去其中的 draft: true 后删去这一行",
    RULES.column: "填好制度草稿并删去其中的 draft: true 后删去这一行",
    "fdzdgknr": "开通其中任一栏目时一并删去这一行",
    "lszt": "有要存档的已关闭栏目或往期专题时删去这一行",
}
_COLUMN_KEYS = ("name", "type", "column_type", "description", "keywords", "archived")


@dataclass(frozen=True)
class SiteFields:
    """What init asks for: config.yaml's `site:` block."""

    name: str  # 站点名称
    domain: str  # 网站域名
    site_id: str  # 网站标识码
    organization: str  # 主办单位
    org_code: str  # 统一社会信用代码


def create(folder: Path, site: SiteFields, today: dt.date) -> list[Path]:
    """Write the new site into `folder` (absent or empty); the files written, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} 不是空文件夹：init 只在空文件夹或尚不存在的文件夹中新建站点，不会改动已有文件；"
                         "请换一个文件夹")
    wrong = [f"--{flag}“{value}”：{message}" for flag, value, check in (
        ("domain", site.domain, site_codes.domain_problem), ("site-id", site.site_id, site_codes.site_id_problem),
        ("org-code", site.org_code, site_codes.credit_code_problem)) if (message := check(value))]
    if wrong:  # checked before anything is written: a folder half made would refuse the corrected command
        raise UsageError("；".join(wrong))
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / CONFIG_FILE, folder / ".gitignore"]
    written[0].write_text(config_text(site), encoding="utf-8")
    written[1].write_text(GITIGNORE, encoding="utf-8")
    for draft in (GUIDE, RULES):
        title = draft.title.format(name=site.name, of="" if site.name.endswith("政府") else "政府")
        created = scaffold.new_document(folder, "page", title, draft.column, today,
                                        draft.body.format(name=site.name), draft.name)
        written.append(created.document)
    return written


def config_text(site: SiteFields) -> str:
    """config.yaml with every block a county needs, the optional ones commented, and the column tree."""
    lines = [f"# {site.name} 政府信息公开专栏：站点配置。各项的含义见管理员指南（docs/admin.md）",
             "site:",
             f"  name: {_scalar(site.name)}  # 站点名称（SiteName）",
             f"  domain: {_scalar(site.domain)}  # 网站域名，不带 https:// 和路径",
             f"  site_id: {json.dumps(site.site_id)}  # 网站标识码（10 位）",
             f"  organization: {_scalar(site.organization)}  # 主办单位",
             f"  org_code: {json.dumps(site.org_code)}  # 统一社会信用代码（18 位），索引号的前缀",
             "  # icp: ICP备案号  # 显示在页脚，如 辽ICP备00000000号",
             "  # police_record: 公安机关备案号  # 显示在页脚",
             "  # base_path: /xxgk/  # 专栏不在网站根目录时的路径",
             "output: public  # 生成的网站写到这里（build）",
             "defaults:  # 文档没写时用的值",
             "  disclosure: 主动公开",
             "  # issuer: 发文机关（默认：主办单位）",
             "  # topic: 综合政务",
             "",
             "# 依申请公开：申请渠道。填好后删去栏目 yssqgk 的 open: false（至少写一种渠道）",
             "# application:",
             f"#   office: {site.organization}",
             "#   in_person: {address: 当面申请的地址, hours: 工作日上午8:30—12:00，下午14:30—17:30}",
             "#   post: {address: 邮寄地址, recipient: 收件人, postcode: \"000000\"}",
             "#   online: https://网上申请系统的网址/",
             "#   phone: 咨询电话",
             "",
             "# 部署（deploy）：发布到哪里。folder 是本机或挂载的文件夹，rsync 是远程服务器",
             "# deploy:",
             "#   keep: 5  # 保留的版本数，可用 deploy --rollback 回退",
             "#   targets:",
             "#     www:",
             "#       type: rsync",
             f"#       destination: deploy@{site.domain}:/srv/zfxxgk",
             "",
             "# 栏目：默认栏目（国办公开办函〔2019〕61号）。可以改名、删去或增加栏目；",
             "# open: false 表示“未开通”：不生成页面，不出现在导航、目录和信息公开目录中，也不报空白栏目；",
             "# 栏目有了第一篇要发布的文档时删去它（开通）。",
             "columns:"]
    lines += _columns(standard_columns(doctypes.registry()), 2)
    return "\n".join(lines) + "\n"


def _columns(items: list[dict], indent: int) -> list[str]:
    lines = []
    for item in items:
        pad = " " * indent
        lines.append(f"{pad}- path: {item['path']}")
        lines += [f"{pad}  {key}: {_scalar(item[key])}" for key in _COLUMN_KEYS if item.get(key)]
        lines.append(f"{pad}  open: false  # 未开通：{_OPENS_WHEN.get(item['path'], '发布第一篇文档时删去这一行')}")
        if item.get("children"):
            lines.append(f"{pad}  children:")
            lines += _columns(item["children"], indent + 4)
    return lines


def _scalar(value) -> str:
    """A YAML value as written by hand: plain where it reads back the same, quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    plain = " #" not in text and ": " not in text and yaml.safe_load(f"k: {text}") == {"k": text}
    return text if plain else json.dumps(text, ensure_ascii=False)


def next_steps(folder: Path, command: str) -> str:
    """The three things to do next, with the command as the user runs it (`gongkai` or `python3 build.py`)."""
    site = f" --site {folder}" if command != "gongkai" else ""
    go = f"cd {folder}，然后" if command == "gongkai" else ""
    return "\n".join([
        "下一步：",
        "  1. 核对 config.yaml 的 site:；写好 application:（依申请公开的申请渠道）和 deploy:（发布到哪里），"
        "并删去依申请公开栏目的 open: false",
        f"  2. 填写 content/{GUIDE.column}/ 和 content/{RULES.column}/ 中的指南、制度草稿（【请填写】处），"
        "删去其中的 draft: true 和这两个栏目的 open: false",
        f"  3. {go}运行 {command} check --strict{site} 检查，{command} serve{site} 预览，{command} deploy{site} 发布"
        f"（新建文档：{command} new{site} 类型 标题）",
    ])
