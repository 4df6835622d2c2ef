"""The package's layers: each subpackage imports only from the layers below it, so no change to a
lower layer has to know about a higher one, and no import loop can form between subpackages."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gongkai"

#: bottom first; a module may import its own subpackage and anything in a lower layer, nothing beside or above
LAYERS: list[tuple[str, ...]] = [
    ("gongkai", "gongkai.problems"),
    ("gongkai.engine",),
    ("gongkai.checks", "gongkai.doctypes"),
    ("gongkai.output",),
    ("gongkai.incremental",),
    ("gongkai.pipeline",),
    ("gongkai.tools",),
    ("gongkai.oversight", "gongkai.importing", "gongkai.group"),
    ("gongkai.commands", "gongkai.cli_chinese"),
    ("gongkai.cli",),
    ("gongkai.__main__",),
]
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def unit(module: str) -> str:
    """The subpackage or top-level module a dotted name belongs to."""
    return ".".join(module.split(".")[:2])


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name).is_dir()


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of the package in the file, at any depth (functions, TYPE_CHECKING)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from gongkai import doctypes` imports the subpackage; `from gongkai import __version__` the package
            found += [(node.lineno, f"{base}.{alias.name}" if base == "gongkai" and _is_module(alias.name) else base)
                      for alias in node.names]
    return sorted({(line, module) for line, module in found if module.split(".")[0] == "gongkai"})


def violations() -> list[str]:
    """Every import of a layer beside or above the importer's, as `path:line: module imports target`."""
    result = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        own = unit(name)
        for line, module in imported(path):
            target = unit(module)
            if target != own and RANK[target] >= RANK[own]:
                result.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {module}")
    return result


def test_every_module_is_in_a_layer():
    units = {unit(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert units <= set(RANK), f"not in LAYERS: {sorted(units - set(RANK))}"


def test_imports_only_go_down():
    found = violations()
    assert not found, "imports from a layer beside or above:\n" + "\n".join(found)
