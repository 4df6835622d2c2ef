"""依申请公开: the page telling applicants how to apply, made from config.yaml's `application:`.

The steps and time limits of the 政府信息公开条例 (2019) are written once in the default theme
(`templates/application.html`); what differs from site to site (the office, its address, hours,
postcode, website and telephone, and its own 申请表) comes from the configuration. Nothing is
submitted through the site: the page explains the channels, and the 申请表 is a file to download
or a page to print.
"""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.engine.config_schema import DEFAULT_FORM
from gongkai.engine.doctype import DocType
from gongkai.engine.model import Column, Site
from gongkai.engine.page import Page, view_page
from gongkai.problems import Report

NAME = "application"
FORM_PAGE = "sqb.html"
FORM_TITLE = "政府信息公开申请表"
#: the theme's 申请表, under static/; a site replaces it with its own file of the same name, or names another

#: the 申请表's sections and fields, shared by the printable page and tests/make_application_form.py
FORM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("申请人信息（公民）", ("姓名", "证件名称", "证件号码", "工作单位", "联系电话", "电子邮箱", "通信地址", "邮政编码")),
    ("申请人信息（法人或者其他组织）", ("名称", "统一社会信用代码", "法定代表人或者负责人", "联系人姓名", "联系电话",
                                      "电子邮箱", "通信地址", "邮政编码")),
    ("所需政府信息情况", ("所需政府信息的名称", "文件编号（可选）", "所需政府信息的内容描述")),
    ("获取政府信息的方式", ("提供方式（纸质文本 / 电子邮件 / 光盘 / 其他）", "获取方式（邮寄 / 自行领取 / 电子邮件 / 其他）")),
    ("申请人确认", ("申请人签名或者盖章", "申请日期")),
)


@dataclass(frozen=True)
class Guide:
    """What both pages show besides the configuration: where the 申请表 is, as a file and as a page."""

    form_file: str  # output path of the .docx
    form_page: str  # output path of the printable page
    guide_page: str = ""  # output path of the 政府信息公开指南 column, where the channels are when config.yaml has none
    form: tuple = FORM
    form_title: str = FORM_TITLE


def column_pages(column: Column, site: Site) -> list[Page]:
    """The 依申请公开 page (replacing the column listing) and the printable 申请表."""
    own = site.application.form if site.application else DEFAULT_FORM
    guide_column = site.guide_column()
    guide = Guide(f"static/{own}", f"{column.path}/{FORM_PAGE}", guide_column.url if guide_column else "")
    form = view_page(column, FORM_PAGE, FORM_TITLE, "application_form.html", guide)
    return [Page(column.url, "application.html", column.name, "column", column=column,
                 documents=column.all_documents(), view=guide), form]


def check(site: Site, report: Report) -> None:
    """A 依申请公开 column without `application:` would tell applicants nothing about where to apply."""
    if site.application is not None:
        return
    for order, column in enumerate(site.all_columns()):
        if column.type == NAME and not column.archived:
            report.warning("config.yaml", column.line,
                           f"栏目“{column.name}”（{column.path}）的申请渠道没有配置：请在 config.yaml 中写 application:"
                           "（受理机构 office，当面 in_person、邮寄 post 或网上 online 申请方式，电话 phone）",
                           "application-missing", rank=order)


TYPE = DocType(NAME, "依申请公开",
               column={"path": "yssqgk", "name": "依申请公开", "column_type": "依申请公开",
                       "description": "申请获取政府信息的渠道、流程、时限、申请表和救济途径"},
               check_site=check, column_views=column_pages, generated=True, interpretable=False)
