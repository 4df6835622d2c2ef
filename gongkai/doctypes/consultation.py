"""征求意见 (重大行政决策预公开): a draft published for comment, its period and channels, and what follows it.

The draft (征求意见稿) and its 起草说明 are the body or attachments. The period is `opens` to `closes`,
both days included; its status (征集中 / 已结束 / 已反馈) follows from the build date, so a build on the
day after it closes shows it closed. Afterwards the 意见采纳情况反馈 names it (`feedback_for`) and the
final decision names it (`consultation`); the consultation shows both, as a document shows its
interpretations. The site's minimum period and the days allowed for feedback are config.yaml's
`consultation:` (30 and 30 by default, the 重大行政决策程序暂行条例's usual period).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from gongkai.engine import config
from gongkai.engine.build_date import BuildDate
from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field
from gongkai.engine.model import Document, Site
from gongkai.engine.relations import Relation
from gongkai.problems import Report

NAME = "consultation"
#: 征集状态
NOT_OPEN, OPEN, CLOSED, FED_BACK = "未开始", "征集中", "已结束", "已反馈"
#: the ways to send comments: key, label; an editor writes at least one
CHANNELS = (("comment_email", "电子邮箱"), ("comment_post", "信函"), ("comment_online", "网上提交"),
            ("comment_phone", "电话"), ("comment_meeting", "座谈会"))


def day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def period_days(doc: Document) -> Optional[int]:
    """Days from `opens` to `closes`, both included; None when either is missing."""
    opens, closes = day(doc.meta["opens"]), day(doc.meta["closes"])
    return (closes - opens).days + 1 if opens and closes else None


def status(doc: Document, as_of: BuildDate) -> str:
    if doc.feedback:
        return FED_BACK
    opens, closes = day(doc.meta["opens"]), day(doc.meta["closes"])
    if closes and as_of.is_after(closes):
        return CLOSED
    if opens and as_of.is_before(opens):
        return NOT_OPEN
    return OPEN


def check_own(doc: Document, body: str, report: Report) -> None:
    """What a consultation needs from itself: the draft, a period that ends after it starts, a way to comment."""
    if doc.is_intro:
        return
    if not body.strip() and not doc.meta["attachments"]:
        report.error(doc.source, doc.line("title"), "征求意见须附征求意见稿：请写在正文中，或作为附件（attachments）上传，"
                                                    "起草说明同样写在正文或附件中", "consultation")
    opens, closes = day(doc.meta["opens"]), day(doc.meta["closes"])
    if opens and closes and closes < opens:
        report.error(doc.source, doc.line("closes"), f"征求意见截止日期（closes）{closes} 早于开始日期（opens）{opens}",
                     "consultation")
    if not any(doc.meta[key] for key, _ in CHANNELS):
        report.error(doc.source, doc.line("title"), "征求意见须写明至少一种意见提交渠道："
                                                    + "、".join(f"{key}（{label}）" for key, label in CHANNELS),
                     "consultation")
    online = doc.meta["comment_online"]
    if online and not re.match(r"https?://[^/\s]+", online):
        report.error(doc.source, doc.line("comment_online"), f"网上提交地址（comment_online）“{online}”应为以 https:// 开头的网址",
                     "consultation")
    email = doc.meta["comment_email"]
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        report.error(doc.source, doc.line("comment_email"), f"电子邮箱（comment_email）“{email}”不是邮箱地址", "consultation")


def _is_consultation(doctype: DocType) -> bool:
    return doctype.name == NAME


#: a feedback and a final decision name their consultation (征求意见), which lists them
FOLLOW_UPS = (Relation("feedback_for", "consultation_doc", "feedback", heading="征求意见", back_heading="意见采纳情况反馈",
                       single=True, accepts=_is_consultation),
              Relation("consultation", "consultation_doc", "decisions", heading="征求意见", back_heading="决策文件",
                       single=True, accepts=_is_consultation))


def _setting(site: Site, name: str) -> int:
    return site.consultation.get(name) or config.CONSULTATION_SCHEMA[name].default


def check(site: Site, report: Report) -> None:
    """The period is long enough; the feedback follows within the days allowed."""
    shortest, allowed = _setting(site, "min_days"), _setting(site, "feedback_days")
    for doc in site.of_type(NAME):
        days = period_days(doc)
        if days is not None and 0 < days < shortest:
            report.warning(doc.source, doc.line("closes"),
                           f"征求意见期限只有 {days} 天（{doc.meta['opens']} 至 {doc.meta['closes']}），少于 {shortest} 天："
                           "请延长截止日期（closes），或在正文中说明缩短期限的理由", "consultation-period")
        closes = day(doc.meta["closes"])
        if closes and not doc.feedback and site.as_of.is_later_than(closes, allowed):
            report.warning(doc.source, doc.line("closes"),
                           f"征求意见《{doc.meta['title']}》已于 {closes} 截止，超过 {allowed} 天仍未发布意见采纳情况反馈："
                           f"请发布反馈，并在反馈中写 feedback_for: {doc.meta['index_no'] or doc.path}", "consultation-feedback")


TYPE = DocType(NAME, "征求意见",
               column={"path": "yjzj", "name": "意见征集", "column_type": "互动交流",
                       "description": "重大行政决策和规范性文件草案公开征求意见：征求意见稿、起草说明、征集期限和意见提交渠道",
                       "keywords": ["意见征集", "征求意见", "重大行政决策预公开"]},
               required=("opens", "closes"),
               fields=(Field("opens", "征求意见开始日期", "date", "征求意见开始日期", hint="{today}        # 征求意见开始日期"),
                       Field("closes", "征求意见截止日期", "date", "征求意见截止日期",
                             hint="{today}        # 征求意见截止日期（一般不少于30日）"),
                       Field("comment_email", "意见邮箱", "text", "电子邮箱",
                             hint='""            # 意见提交渠道，至少写一种：comment_email（电子邮箱）、comment_post（信函地址）、'
                                  'comment_online（网上提交地址）、comment_phone（电话）、comment_meeting（座谈会）'),
                       Field("comment_post", "信函地址", "text", "信函地址"),
                       Field("comment_online", "网上提交地址", "text", "网上提交地址"),
                       Field("comment_phone", "意见电话", "text", "电话"),
                       Field("comment_meeting", "座谈会", "text", "座谈会"),
                       Field("consultation", "所依据的征求意见", "ref", "征求意见")),
               status=status, relations=FOLLOW_UPS, check_body=check_own, check_site=check,
               lead_template="types/consultation_lead.html")
