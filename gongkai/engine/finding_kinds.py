"""Finding kinds: which problem codes an inspection counts under which heading, and which headings
fail an inspection outright (单项否决) unless config.yaml's `report:` says otherwise."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Kind:
    key: str  # as written in report.fail_on and report.json
    label: str  # 检查指标 as inspectors name it
    fails: bool  # fails an inspection outright by default (单项否决)
    codes: tuple[str, ...]  # the Problem codes it gathers


KINDS: tuple[Kind, ...] = (
    Kind("blank-column", "空白栏目", True, ("blank-column",)),
    Kind("stale-column", "栏目超过更新周期未更新", False, ("stale-column",)),
    Kind("annual-report", "上一年度政府信息公开工作年度报告未按时发布", True, ("annual-report-missing",)),
    Kind("guide", "政府信息公开指南缺失或一年内未复核", True, ("guide-missing", "guide-unreviewed")),
    Kind("dead-link", "链接不可用", True, ("dead-link", "dead-anchor")),
    Kind("privacy", "泄露个人信息", True, ("privacy-id", "privacy-mobile")),
    Kind("interpretation", "政策解读未落实三同步", False,
         ("interpretation-missing", "interpretation-late", "interpretation-form", "interpretation-transcript")),
    Kind("standard-catalog", "标准目录事项超过公开时限或目录有误", False, ("standard-catalog",)),
    Kind("gazette", "政府公报应登尽登缺漏", False, ("gazette-missing", "gazette-gap", "gazette-issue", "gazette-pdf")),
    Kind("consultation", "重大行政决策意见征集和反馈不到位", False,
         ("consultation-period", "consultation-feedback", "decision-overdue")),
    Kind("new-media", "政务新媒体名录有误或同一单位在同一平台重复开设账号", False, ("new-media",)),
    Kind("reply", "建议提案答复超过办理期限", False, ("reply-late", "reply-date")),
    Kind("other", "其他问题", False, ()),
)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_CODE = {code: kind for kind in KINDS for code in kind.codes}
OTHER = BY_KEY["other"]
DEFAULT_FAIL_ON = tuple(kind.key for kind in KINDS if kind.fails)


def kind_of(code: str) -> Kind:
    """The heading a problem is counted under; a code no heading names is 其他问题."""
    return BY_CODE.get(code, OTHER)


@dataclass(frozen=True)
class Settings:
    """config.yaml `report:`: the kinds that fail an inspection outright, and how many findings of a kind
    are tolerated before it does (`allowed: {dead-link: 5}`: up to five dead links do not fail it)."""

    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    allowed: dict[str, int] = field(default_factory=dict)


def settings(spec: dict, error: Callable[[tuple, str], None]) -> Settings:
    """`report:` as read by config.yaml's schema; `error(path under report, message)` for each bad value."""
    listed, allowed = spec.get("fail_on"), spec.get("allowed") or {}
    for n, item in enumerate(listed or []):
        if item not in BY_KEY:
            error(("fail_on", n), f"report.fail_on 中的“{item}”不是检查项，可选：{'、'.join(BY_KEY)}")
    for key, count in allowed.items():
        if key not in BY_KEY:
            error(("allowed", key), f"report.allowed 中的“{key}”不是检查项，可选：{'、'.join(BY_KEY)}")
        elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
            error(("allowed", key), f"report.allowed.{key} 应为不小于 0 的整数（不算单项否决的问题数）")
    return Settings(DEFAULT_FAIL_ON if listed is None else tuple(k for k in listed if k in BY_KEY),
                    {k: v for k, v in allowed.items() if k in BY_KEY and isinstance(v, int) and not isinstance(v, bool)})
