"""`new member` in a group folder: a member folder (config.yaml that inherits everything, and content/ with a
folder per column of the tree it inherits: group.yaml's columns, or the standard 政府信息公开 tree) and its
entry at the end of group.yaml's members, written so that the group still reads; otherwise nothing is left."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from gongkai import doctypes
from gongkai.engine import sources
from gongkai.engine.config import CONFIG_FILE, load_config
from gongkai.engine.group_spec import GROUP_FILE, MEMBER_SCHEMA, load_group
from gongkai.problems import UsageError

CONFIG_TEXT = "# {name}的信息公开专栏：站群成员，未写的配置项从 {up}group.yaml 继承。\n"


def add_member(group_dir: Path, name: str, path: str, kind: str, org_code: str) -> list[str]:
    """Add the member; returns the column folders made in its content/ (content paths)."""
    group, _ = load_group(group_dir, doctypes.registry())
    _check(dict(name=name, path=path, kind=kind, org_code=org_code))
    clash = next((m for m in group.members if m.path == path or m.org_code == org_code
                  or m.path.startswith(path + "/") or path.startswith(m.path + "/")), None)
    if clash:
        same = "统一社会信用代码" if clash.org_code == org_code else "路径"
        raise UsageError(f"成员“{clash.name}”（{clash.path}）已使用这个{same}，请换一个")
    folder = group_dir / path
    if folder.exists():
        raise UsageError(f"{folder} 已经存在；新成员的文件夹由 new member 创建，请换一个路径或先移走它")
    before = (group_dir / GROUP_FILE).read_text(encoding="utf-8")
    folder.mkdir(parents=True)
    try:
        (folder / CONFIG_FILE).write_text(CONFIG_TEXT.format(name=name, up="../" * (path.count("/") + 1)),
                                          encoding="utf-8")
        _replace(group_dir / GROUP_FILE, with_member(before, name, path, kind, org_code))
        load_group(group_dir, doctypes.registry())
        config, _ = load_config(folder, doctypes.registry())
    except BaseException:
        _replace(group_dir / GROUP_FILE, before)
        shutil.rmtree(folder)
        raise
    made = [column.path for top in config.columns for column in top.walk() if not column.archived]
    for column in made:
        (folder / sources.CONTENT / column).mkdir(parents=True, exist_ok=True)
    return made


def _check(values: dict) -> None:
    """The same rules as group.yaml's members, before anything is written."""
    for key, value in values.items():
        spec = MEMBER_SCHEMA[key]
        problem = spec.check(value) if spec.check else None
        if problem:
            raise UsageError(f"成员的 {key}“{value}”有误：{problem}")


def with_member(text: str, name: str, path: str, kind: str, org_code: str) -> str:
    """group.yaml's text with the member added after the last line of its members list, in the list's
    own indentation; the rest of the file (comments included) as it was."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if re.match(r"members\s*:\s*(#.*)?$", line)), None)
    if start is None:
        raise UsageError(f"{GROUP_FILE} 的 members 不是逐行列出的（- path: ……），请手工添加成员")
    items = [n for n in range(start + 1, len(lines)) if re.match(r"\s*- ", lines[n])]
    end = start + 1
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if line.strip() and not line.startswith((" ", "\t", "-", "#")):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            end = n + 1
    indent = re.match(r"\s*", lines[items[0]]).group(0) if items else "  "
    entry = [f"{indent}- path: {path}\n", f"{indent}  name: {name}\n", f"{indent}  kind: {kind}\n",
             f"{indent}  org_code: {org_code}\n"]
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + entry + lines[end:])


def _replace(path: Path, text: str) -> None:
    """Write `path` whole or not at all, keeping its permissions."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, path.stat().st_mode)
    os.replace(temporary, path)
