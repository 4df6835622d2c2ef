"""政策解读: the 三同步 rule and the forms an interpretation takes (文字, 图解, 视频, 问答).

三同步 means a policy document and its interpretation are released together; the work
plans allow the interpretation at most 3 working days later. Each form has what makes it
usable for readers: 图解 an image (with alt text, checked for every image), 视频 a local
video file and a 文字实录 section for those who cannot watch it, 问答 question headings (shown as
问 and 答 for every document by `engine/qa`).
"""
from __future__ import annotations

import datetime as dt

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.model import Document, Site
from gongkai.engine.qa import QA_LIST
from gongkai.problems import Report

#: the 三同步 limit, in working days (Monday to Friday)
MAX_WORKING_DAYS = 3
TRANSCRIPT_HEADING = "文字实录"
#: 解读形式
FORMS = ("文字", "图解", "视频", "问答")


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (Saturdays and Sundays skipped)."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def check(site: Site, report: Report) -> None:
    for doc in site.documents:
        if doc.meta["needs_interpretation"] and not doc.interpretations:
            report.warning(doc.source, doc.line("needs_interpretation"),
                           "需解读（needs_interpretation）的文件还没有政策解读：请在政策解读栏目发布解读，"
                           "并在解读中写 interprets: " + (doc.meta["index_no"] or doc.path), "interpretation-missing")
        target = doc.interprets_doc
        if target is not None and doc.published and target.published:
            late = working_days_between(target.published.date(), doc.published.date())
            if late > MAX_WORKING_DAYS:
                report.warning(doc.source, doc.line("date"),
                               f"政策解读在所解读文件发布（{target.published:%Y-%m-%d}）后第 {late} 个工作日才发布，"
                               f"三同步要求最迟 {MAX_WORKING_DAYS} 个工作日内发布", "interpretation-late")


def check_form(doc: Document, body: str, report: Report) -> None:
    """What each form needs, from the document alone (so it is checked when the document is read)."""
    form = doc.meta["form"]
    if not form:
        return
    # a form that does not match the body is an editorial slip the reader can live with: a warning
    if form == "图解" and "<img" not in doc.body_html:
        report.warning(doc.source, doc.line("form"), "解读形式为图解，但正文中没有图片：请用 ![图片说明](图片文件) 插入图解",
                     "interpretation-form")
    elif form == "视频":
        if not doc.meta["video"]:
            report.error(doc.source, doc.line("form"), "解读形式为视频，请用 video: 写明本站的视频文件（.mp4、.webm）",
                         "interpretation-form")
        if not any(h["name"].strip() == TRANSCRIPT_HEADING for h in doc.toc):
            report.error(doc.source, doc.line("form"), f"视频解读须在正文中附文字稿：请加一节“## {TRANSCRIPT_HEADING}”，"
                                                       "写出视频的全部讲话内容", "interpretation-transcript")
    elif form == "问答" and QA_LIST not in doc.body_html:
        report.warning(doc.source, doc.line("form"), "解读形式为问答，但正文中没有问题：请把每个问题写成“### 问：……”标题，"
                                                   "答案写在其下", "interpretation-form")


TYPE = DocType("interpretation", "政策解读",
               column={"path": "zcjd", "name": "政策解读", "column_type": "政策解读",
                       "description": "对本机关制发的重要政策文件的解读"},
               required=("interprets", "form"), interpretable=False,
               fields=(Field("form", "解读形式", "choice", "解读形式", FORMS, hint="文字              # 文字 / 图解 / 视频 / 问答"),),
               check_body=check_form, check_site=check,
               lead_template="types/interpretation_lead.html")
