"""Every document type, declared once.

A type is one module holding its `TYPE` (the fields only it uses, those it requires, its relations, its data-file
reader, its checks, its column views and templates), its templates under `templates/types/`, and
one line in `BUILT_IN` below — or, for a type of its own package, one entry point in the
`gongkai.doctypes` group naming its `TYPE`. Nothing else branches on a type's name.
"""
from __future__ import annotations

import functools
from importlib.metadata import entry_points

from gongkai.doctypes import (annual_report, application, budgets, consultation, consultation_feedback, debt,
                              decision_catalog, gazette, interpretations, new_media, normative, plans, policy_qa, replies,
                              standard_catalog)
from gongkai.engine.doctype import DocType, Types
from gongkai.problems import UsageError

#: the entry-point group installed packages declare their types in (`name = "package.module:TYPE"`)
GROUP = "gongkai.doctypes"

#: 信息: a document with no rules of its own (guides, rules, statistics …)
PAGE = DocType("page", "信息")

#: in the order editors see them listed
BUILT_IN: tuple[DocType, ...] = (
    normative.TYPE, plans.TYPE, budgets.TYPE, debt.TYPE, interpretations.TYPE, annual_report.TYPE,
    gazette.TYPE, standard_catalog.TYPE, application.TYPE,
    # a 事项目录's items take their final document from their consultation's links: consultation first
    consultation.TYPE, consultation_feedback.TYPE, decision_catalog.TYPE,
    policy_qa.TYPE, new_media.TYPE, replies.TYPE,
    PAGE,
)


@functools.cache
def registry() -> Types:
    """The built-in types, then those of installed packages by entry-point name; loaded once a process.
    A package that cannot be loaded, or whose type clashes with another's, stops the run with its name:
    no document could be checked against a table of types the editor did not mean."""
    installed = []
    for point in sorted(entry_points(group=GROUP), key=lambda point: point.name):
        try:
            installed.append(point.load())
        except Exception as exc:  # noqa: BLE001 — whatever a package's import raises, it is the package's
            raise UsageError(f"无法载入已安装的文档类型扩展 {point.name}（{point.value}）：{exc}；"
                             "请修正或卸载该扩展包") from None
    try:
        return Types(BUILT_IN + tuple(installed), PAGE)
    except ValueError as exc:
        names = "、".join(point.name for point in entry_points(group=GROUP))
        raise UsageError(f"已安装的文档类型扩展（{names}）与其他文档类型冲突：{exc}；请修正或卸载该扩展包") from None
