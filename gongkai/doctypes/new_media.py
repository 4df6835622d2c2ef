"""政务新媒体: the register of the government's accounts on 微信, 微博, 抖音 and other platforms, read
from a data file, and the directory of them by 主办单位 and by platform.

The work plans require every account to be registered and listed, and forbid one unit from running
two accounts on one platform. A closed account stays in the register with its closing date, so
readers who find it elsewhere learn it is no longer run. Each account shows its QR code, with alt
text for those who cannot see it.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from gongkai.engine.datafile import DataReader
from gongkai.engine.doctype import DocType
from gongkai.engine.fields import FieldError, parse_date
from gongkai.engine.model import Column, Document, Link, Site
from gongkai.engine.page import Page
from gongkai.problems import Report

NAME = "new_media"
PLATFORMS = ("微信", "微博", "抖音", "快手", "今日头条", "微信视频号", "百家号", "哔哩哔哩", "小红书", "客户端")
ACTIVE, CLOSED = "运营", "已关停"
#: an account's text keys and their labels, all required
TEXTS = (("name", "账号名称"), ("unit", "主办单位"), ("account_id", "账号"))
KEYS = {"platform", "qr", "qr_alt", "opened", "status", "closed"} | {k for k, _ in TEXTS}
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


@dataclass
class Account:
    name: str  # 账号名称
    platform: str  # 平台
    unit: str  # 主办单位
    account_id: str  # 账号（微信号、微博号……）
    qr: str  # 二维码图片, content path
    qr_alt: str  # 二维码的说明文字
    opened: str  # 开设日期 YYYY-MM-DD
    status: str  # 运营 / 已关停
    closed: str  # 关停日期, when closed
    where: tuple  # its place in the data file, for line numbers


@dataclass
class Register:
    accounts: list[Account]

    def by(self, key: str) -> list[tuple[str, list[Account]]]:
        """The accounts grouped by 主办单位 or 平台, groups in order of appearance (platforms in the
        order of PLATFORMS), open accounts before closed ones."""
        groups: dict[str, list[Account]] = {}
        for account in self.accounts:
            groups.setdefault(getattr(account, key), []).append(account)
        order = sorted(groups, key=PLATFORMS.index) if key == "platform" else list(groups)
        return [(name, sorted(groups[name], key=lambda a: a.status != ACTIVE)) for name in order]


class _Reader(DataReader):
    code = "new-media"

    def text(self, data: dict, path: tuple, key: str, label: str) -> str:
        value = data.get(key)
        if not self.shown(path + (key,), value, f"第 {path[-1] + 1} 个账号的{label}（{key}）"):
            return ""
        if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
            self.error(path + (key,), f"第 {path[-1] + 1} 个账号缺少{label}（{key}）")
            return ""
        return str(value).strip()

    def date(self, data: dict, path: tuple, key: str, label: str) -> str:
        text = self.text(data, path, key, label)
        try:
            return parse_date(text).isoformat() if text else ""
        except FieldError as exc:
            self.error(path + (key,), f"{label}（{key}）：{exc}")
            return ""


def read(doc: Document, report: Report) -> Register | None:
    if not isinstance(doc.data, dict):
        return None
    r = _Reader(doc, report)
    items = doc.data.get("accounts")
    for key in doc.data:
        if key != "accounts":
            r.warning((key,), f"未知的键“{key}”已忽略（政务新媒体数据文件只有 accounts）")
    if not isinstance(items, list) or not items:
        r.error(("accounts",), "accounts 应为账号列表，每个账号写 name、platform、unit、account_id、qr、qr_alt、opened、status")
        return Register([])
    accounts = []
    for n, item in enumerate(items):
        where = ("accounts", n)
        if not isinstance(item, dict):
            r.error(where, f"第 {n + 1} 个账号应写成键值对（name、platform……）")
            continue
        for key in item:
            if key not in KEYS:
                r.warning(where + (key,), f"第 {n + 1} 个账号中未知的键“{key}”已忽略")
        accounts.append(_account(doc, item, where, r))
    return Register(accounts)


def _account(doc: Document, item: dict, where: tuple, r: _Reader) -> Account:
    texts = {key: r.text(item, where, key, label) for key, label in TEXTS}
    platform, status = str(item.get("platform") or "").strip(), str(item.get("status") or "").strip()
    if platform not in PLATFORMS:
        r.error(where + ("platform",), f"平台（platform）应为 {' / '.join(PLATFORMS)} 之一，实为“{platform}”")
    if status not in (ACTIVE, CLOSED):
        r.error(where + ("status",), f"状态（status）应为 {ACTIVE} / {CLOSED}，实为“{status}”")
    opened = r.date(item, where, "opened", "开设日期")
    closed = ""
    if status == CLOSED:
        closed = r.date(item, where, "closed", "关停日期")
        if closed and opened and closed < opened:
            r.error(where + ("closed",), f"关停日期（closed）{closed} 早于开设日期（opened）{opened}")
    elif item.get("closed") is not None:
        r.error(where + ("closed",), f"账号“{texts['name']}”写了关停日期（closed），状态（status）却是“{status}”："
                                     f"已关停的账号写 status: {CLOSED}")
    qr, alt = ("", "") if status == CLOSED and item.get("qr") is None else _qr(doc, item, where, r)
    return Account(platform=platform, qr=qr, qr_alt=alt, opened=opened, status=status, closed=closed,
                   where=where, **texts)


def _qr(doc: Document, item: dict, where: tuple, r: _Reader) -> tuple[str, str]:
    """The QR code's content path (copied beside the page and checked to exist like a linked file) and
    its alt text; a closed account may have none."""
    name = r.text(item, where, "qr", "二维码图片")
    alt = r.text(item, where, "qr_alt", "二维码说明文字")
    if not name:
        return "", alt
    target = posixpath.normpath(posixpath.join(doc.column_path, name))
    if name.startswith("/") or "://" in name or target.startswith("../") or not target.lower().endswith(IMAGES):
        r.error(where + ("qr",), f"二维码图片（qr）“{name}”应是本站的图片文件（{'、'.join(IMAGES)}），路径相对于数据文件")
        return "", alt
    doc.links.append(Link(target, r.lines.line(*where, "qr"), is_document=False, source=r.where))
    return target, alt


def check(site: Site, report: Report) -> None:
    """One unit runs one open account on each platform: the second one found is the error."""
    first: dict[tuple[str, str], tuple[Document, Account]] = {}
    registers = [d for d in site.of_type(NAME) if d.figures is not None]
    for doc in sorted(registers, key=lambda d: d.meta["data_source"]):
        r = _Reader(doc, report)
        for account in doc.figures.accounts:
            if account.status != ACTIVE or not account.unit or not account.platform:
                continue
            key = (account.unit, account.platform)
            if key in first:
                other_doc, other = first[key]
                r.error(account.where, f"{account.unit}在{account.platform}上已有运营中的账号“{other.name}”"
                                       f"（{other_doc.meta['data_source']}:{other_doc.data_lines.line(*other.where)}），"
                                       f"同一单位在同一平台只能开设一个账号：请关停其中一个（status: {CLOSED}，写明 closed 日期）")
            else:
                first[key] = (doc, account)


@dataclass
class Directory:
    """The column page: every account of the column's registers, and the registers themselves."""

    register: Register
    documents: list[Document]


def column_pages(column: Column, site: Site) -> list[Page]:
    docs = column.all_documents()
    registers = [d for d in docs if d.meta["type"] == NAME and d.figures]
    accounts = [a for d in sorted(registers, key=lambda d: d.meta["data_source"]) for a in d.figures.accounts]
    return [Page(column.url, "new_media.html", column.name, "column", column=column, documents=docs,
                 view=Directory(Register(accounts), registers))]


def catalog(doc: Document) -> dict:
    """Each account of a register in catalog.json, without its QR code."""
    return {"accounts": [{"name": a.name, "platform": a.platform, "unit": a.unit, "account_id": a.account_id,
                          "opened": a.opened, "status": a.status, "closed": a.closed or None}
                         for a in (doc.figures.accounts if doc.figures else [])]}


def skeleton() -> str:
    """The data file of a new register: one account whose every value says what to write (it is an error
    until it is filled in, so an example account is never published)."""
    return f"""# 政务新媒体名录：每个账号一项（写法见编辑指南）；已关停的账号保留，写 status: {CLOSED} 和 closed: 关停日期
accounts:
  - name: 账号名称
    platform: 微信                    # {' / '.join(PLATFORMS)}
    unit: 主办单位
    account_id: 账号                  # 微信号、微博号、抖音号……
    qr: qr/二维码图片.png              # 二维码图片，路径相对于本文件
    qr_alt: 二维码的说明文字           # 如 某某发布微信公众号二维码，微信号 xxx
    opened: 开设日期                  # YYYY-MM-DD
    status: {ACTIVE}                      # {ACTIVE} / {CLOSED}
"""


TYPE = DocType(NAME, "政务新媒体",
               column={"path": "zwxmt", "name": "政务新媒体", "column_type": "信息公开目录",
                       "description": "本机关及所属单位开设的政务新媒体账号名录：平台、主办单位、账号、二维码和运营状态"},
               required=("data",), read_figures=read, check_site=check, column_views=column_pages,
               data_skeleton=skeleton, catalog=catalog, interpretable=False, template="types/new_media.html")
