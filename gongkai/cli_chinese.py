"""argparse's own words in Chinese: the usage line, the help's headings and the errors it makes itself
(a misspelled command, a missing option, a value not among the choices), so that an editor meets one
language on the command line, as in every message the generator writes.

argparse looks each of its messages up through gettext when it prints it, but only in the `messages`
catalogue chosen by the locale, which this tool cannot ship for every machine; it is made to look them
up here instead (its module's `_` and `ngettext`), for every parser of the process, which are ours alone.
A message not listed stays as argparse words it.
"""
from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "须给出 %s 之一",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "不接受值 %r",
    "expected one argument": "后面应有一个值",
    "expected at most one argument": "后面至多一个值",
    "expected at least one argument": "后面至少应有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "unexpected option string: %s": "不应有选项 %s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（应为 %(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项，可选：%(choices)s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {("expected %s argument", "expected %s arguments"): "后面应有 %s 个值"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return PLURALS.get((singular, plural), singular if count == 1 else plural)


def use() -> None:
    """From now on argparse speaks Chinese in this process."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
