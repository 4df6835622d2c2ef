"""意见采纳情况反馈: what came of a consultation's comments, naming the consultation it answers.

Its link to the consultation (both ways) and the rule that it follows in time are the
consultation's (`doctypes/consultation`); this type only gives it a column and requires the link.
"""
from __future__ import annotations

from gongkai.engine.doctype import DocType
from gongkai.engine.fields import Field

TYPE = DocType("consultation_feedback", "意见采纳情况反馈",
               column={"path": "yjfk", "name": "意见采纳情况反馈", "column_type": "互动交流",
                       "description": "征求意见结束后公开的意见收集和采纳情况，以及未采纳的理由",
                       "keywords": ["意见反馈", "采纳情况"]},
               required=("feedback_for",), interpretable=False,
               fields=(Field("feedback_for", "所反馈的征求意见", "ref", "所反馈的征求意见",
                             hint='""            # 所反馈的征求意见的索引号'),))
