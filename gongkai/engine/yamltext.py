"""Safe YAML with line numbers.

Editors' YAML is parsed to plain values (dict, list, str, int, float, bool, None) and a
map from each value's key path to its line, so a bad field is reported at its own line.
Dates stay strings as written (the model parses them), duplicate keys and tags such as
`!!python/object` are errors: nothing in a content file can make the loader execute code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

KeyPath = tuple  # ("tables", 0, "rows", 2, 1)


class YamlError(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 20x faster


class _Loader(_SafeBase):
    """The safe loader without implicit timestamps: `2021-03-05` stays the string the editor wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


@dataclass
class YamlDoc:
    value: Any
    lines: dict = field(default_factory=dict)  # KeyPath -> 1-based line
    texts: dict = field(default_factory=dict)  # KeyPath -> a number or a yes-or-no as written ("64.00", "yes")

    def line(self, *path: Any, default: int = 1) -> int:
        """Line of the value at `path`, or of its nearest enclosing value."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def _explain(exc: yaml.YAMLError, source_line: str = "") -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    if "\\t" in problem or "tab character" in problem or ("cannot start any token" in problem and "\t" in source_line):
        return "YAML 中不能用制表符（Tab）缩进，请改用空格"
    if "mapping values are not allowed" in problem:
        return "YAML 语法错误：冒号后的值含有“: ”，请给整个值加英文引号"
    if "could not find expected ':'" in problem:
        return "YAML 语法错误：缺少“:”，每行应写成“键: 值”"
    if "invalid Unicode character escape" in problem or "unacceptable character" in problem:
        return _UNPRINTABLE_MESSAGE  # a control character written as itself, or "\ud800" refused by libyaml
    if "another document" in problem:
        return "YAML 语法错误：文件中只能有一组内容，请删去多余的“---”行"
    return f"YAML 语法错误：{problem}（值中含有 {{ }} [ ] : # 等符号时，请给整个值加英文引号）"


def load(text: str, first_line: int = 1) -> YamlDoc:
    """Parse `text`, whose first line is line `first_line` of its file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_end = mark is not None and mark.index >= len(text.rstrip())
        unclosed = at_end or "stream end" in str(exc.problem) or "end of stream" in str(exc.problem) or "did not find expected ','" in str(exc.problem)
        if unclosed and exc.context_mark:  # point at what was left open
            mark = exc.context_mark
        line = mark.line if mark else 0
        lines = text.split("\n")
        line = min(line, text.rstrip().count("\n"))  # an error at the end points at the last written line
        message = _explain(exc, lines[line] if line < len(lines) else "")
        if unclosed:
            message = "YAML 语法错误：引号或括号没有闭合"
        colon = _full_width_colon(lines, line)
        if colon is not None:  # the usual cause, typed with a Chinese input method: name it at its own line
            line, key = colon
            message = f"“{key}”后面用了中文冒号“：”，键和值之间应为英文冒号加空格“: ”，例如“{key}: …”"
        raise YamlError(message, first_line + line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at a position rather than a mark
        raise YamlError(_UNPRINTABLE_MESSAGE, first_line + text[:exc.position].count("\n")) from None
    except yaml.YAMLError as exc:
        raise YamlError(_explain(exc), first_line) from None
    except RecursionError:  # thousands of nested brackets: the parser itself recurses
        raise YamlError(_TOO_DEEP, first_line) from None
    doc = YamlDoc(None)
    if node is not None:
        doc.value = _build(node, (), doc, first_line, set(), text)
    return doc


#: a line "键：值" whose only colon is the full-width one
_FULL_WIDTH_KEY = re.compile(r"^\s*([^\s:#'\"\-][^:：]*?)\s*：")


def _full_width_colon(lines: list[str], line: int) -> tuple[int, str] | None:
    """(line, key) of the line at or just before a syntax error written "键：值" instead of "键: 值"."""
    for n in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        match = _FULL_WIDTH_KEY.match(lines[n])
        if match and ":" not in lines[n]:
            return n, match.group(1)
    return None


#: deeper nesting is never meant; refusing it keeps every later step clear of Python's recursion limit
MAX_DEPTH = 32
_TOO_DEEP = f"YAML 嵌套层数过多（最多 {MAX_DEPTH} 层），请检查括号和缩进"
#: characters that cannot appear in an HTML page: lone surrogates and control characters (escapes like "\ud800")
_UNPRINTABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNPRINTABLE_MESSAGE = "含有不可显示的控制字符（或“\\x07”“\\ud800”这样的转义），请删去"


_constructor = yaml.constructor.SafeConstructor()
#: a node written with a tag (after its anchor, if any): the node's mark is where its tag starts
_EXPLICIT_TAG = re.compile(r"(?:&\S+\s+)?(!<[^>]*>|![^\s,\[\]{}]*)")


def _build(node: yaml.Node, path: KeyPath, doc: YamlDoc, first_line: int, seen: set, text: str) -> Any:
    line = first_line + node.start_mark.line
    tag = _EXPLICIT_TAG.match(text, node.start_mark.index)
    if tag:  # even `!!str 123`: what a value is, the editor writes plainly
        raise YamlError(_tag_message(tag.group(1)), line)
    if len(path) > MAX_DEPTH:
        raise YamlError(_TOO_DEEP, line)
    if id(node) in seen:  # an alias: refusing it also rules out "billion laughs" expansion
        raise YamlError("不支持 YAML 锚点和别名（& 和 *），请直接写出各项", line)
    seen.add(id(node))
    lines = doc.lines
    lines[path] = line
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise YamlError(_tag_message(node.tag), line)
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("不支持 YAML 合并键“<<”，请直接写出各项", first_line + key_node.start_mark.line)
            key = _build(key_node, path + ("<key>",), YamlDoc(None), first_line, seen, text)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlError("键必须是文字", first_line + key_node.start_mark.line)
            key = str(key)
            if key in result:
                raise YamlError(f"键“{key}”重复出现", first_line + key_node.start_mark.line)
            result[key] = _build(value_node, path + (key,), doc, first_line, seen, text)
            lines[path + (key,)] = first_line + key_node.start_mark.line
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise YamlError(_tag_message(node.tag), line)
        return [_build(item, path + (i,), doc, first_line, seen, text) for i, item in enumerate(node.value)]
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(_tag_message(node.tag), line)
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"):
        doc.texts[path] = node.value
    if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 100:
        raise YamlError(f"数字过长（{len(node.value)} 位），请检查；编号等文字请加英文引号", line)
    try:
        value = _constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise YamlError(f"无法读取的值：{exc}", line) from None
    finally:  # the constructor keeps each node it made a value of: every document's, for the life of the process
        _constructor.constructed_objects.pop(node, None)
        _constructor.recursive_objects.pop(node, None)
    if isinstance(value, str) and _UNPRINTABLE.search(value):
        raise YamlError(_UNPRINTABLE_MESSAGE, line)
    return value


def _tag_message(tag: str) -> str:
    short = re.sub(r"^tag:yaml\.org,2002:", "!!", tag)
    return f"不允许使用 YAML 标签“{short}”，请只写普通的文字、数字和列表"
