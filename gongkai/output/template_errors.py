"""Mistakes in a site's templates as an editor can act on them: every syntax error of every template in one
run, a file that is not UTF-8 named as such, and a name a template uses but nothing defines as an error at its
line (Jinja would print it as empty text, and the page would go out with a hole in it)."""
from __future__ import annotations

import os
from typing import Callable

import jinja2
from jinja2.loaders import split_template_path

from gongkai.output import record

#: the files of a templates folder that are templates (the others: notes, backups, images)
SUFFIXES = (".html", ".xml", ".txt")


class NotUtf8(jinja2.TemplateSyntaxError):
    """A template file in another encoding (GBK, as Windows editors save it): unreadable, like a syntax error."""

    def __init__(self, name: str, filename: str):
        super().__init__("模板文件不是 UTF-8 编码（可能是 GBK 等其他编码）：请另存为 UTF-8", 1, name, filename)


class Utf8Loader(jinja2.FileSystemLoader):
    """Jinja's loader, with a file that is not UTF-8 reported by its name instead of a codec's words on a byte."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            pieces = split_template_path(template)
            found = (os.path.join(folder, *pieces) for folder in self.searchpath)
            raise NotUtf8(template, next((p for p in found if os.path.isfile(p)), template)) from None


class Undefined(jinja2.StrictUndefined):
    """A name nothing defines fails where its value is used (printed, looped over, its parts read), so the
    renderer reports the template's line. Testing it stays allowed, as the default theme does: `x is defined`,
    `{% if x %}`, `x or y`, `x | default(y)`, and `a if b` without else (Jinja's undefined for the missing else)."""

    __bool__ = jinja2.Undefined.__bool__

    def __str__(self) -> str:
        if self._undefined_name is None and self._undefined_obj is jinja2.utils.missing:
            return ""  # the missing else of an inline if: nothing to print, as Jinja means it
        return super().__str__()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is jinja2.utils.missing:
            return f"变量 {self._undefined_name} 没有定义（请检查拼写，或先用 “is defined” 判断）"
        owner = type(record.unwrap(self._undefined_obj)).__name__
        return f"{owner} 没有 {self._undefined_name}（请检查拼写，或先用 “is defined” 判断）"


def message(exc: jinja2.TemplateSyntaxError) -> str:
    """What the editor reads after the template's path and line."""
    return exc.message if isinstance(exc, NotUtf8) else f"模板语法错误：{exc.message}"


def all_errors(env: jinja2.Environment, first: jinja2.TemplateSyntaxError,
               where: Callable[[str | None], str]) -> list[tuple[str, int, str]]:
    """(path, line, message) of `first` and of every other template that does not compile: fixing one at a
    time, each build showing the next, took an editor as many builds as there were mistakes. `where`: a
    template's file as the editor's path."""
    errors = [(where(first.filename), first.lineno or 1, message(first))]
    for name in sorted(n for n in env.list_templates() if n.endswith(SUFFIXES)):
        try:
            source, filename, _ = env.loader.get_source(env, name)
            if filename != first.filename:
                env.compile(source, name, filename)
        except jinja2.TemplateSyntaxError as exc:
            if exc.filename != first.filename:
                errors.append((where(exc.filename), exc.lineno or 1, message(exc)))
    return errors
