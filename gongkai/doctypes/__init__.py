"""Every document type, declared once.

A type is one module holding its `TYPE` (fields it requires, its data-file reader, its
site-wide checks, its column views and templates), its templates under `templates/types/`,
and one line in `TYPES` below. Nothing else in the engine branches on a type's name.
"""
from __future__ import annotations

from gongkai.doctypes import (annual_report, application, budgets, debt, gazette, interpretations, normative, plans,
                              standard_catalog)
from gongkai.doctypes.base import DocType

#: 信息: a document with no rules of its own (guides, rules, statistics …)
PAGE = DocType("page", "信息")

#: in the order editors see them listed
TYPES: dict[str, DocType] = {t.name: t for t in (
    normative.TYPE, plans.TYPE, budgets.TYPE, debt.TYPE, interpretations.TYPE, annual_report.TYPE,
    gazette.TYPE, standard_catalog.TYPE, application.TYPE, PAGE,
)}


def get(name: str) -> DocType:
    """The type of that name; unknown names (already reported by the reader) behave as plain pages."""
    return TYPES.get(name, PAGE)
