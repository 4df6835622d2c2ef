"""Problems an editor must see: every one carries `path:line`, and all of a run are reported together.

A run collects problems into a `Report` instead of raising at the first one, so an editor
fixes everything in one pass. Only configuration and usage errors stop a run early.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"
INFO = "info"  # a note for the editor (a draft, a document dated later): never fails a run, not even --strict

#: exit statuses of the command line: success, content errors, usage or configuration errors
EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2

_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site folder, '/' separated
    line: int  # 1-based; 0 when the problem concerns a whole file
    severity: str
    message: str
    code: str = ""  # a stable identifier for tools (check --format json)
    #: the order among problems at one place (the columns of the default tree all point at config.yaml)
    rank: int = field(default=0, compare=False)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}:1"
        return f"{where}: {_LABELS[self.severity]}：{self.message}"


@dataclass
class Report:
    """All problems of one run, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, code: str = "", rank: int = 0) -> None:
        self.problems.append(Problem(path, line, ERROR, message, code, rank))

    def warning(self, path: str, line: int, message: str, code: str = "", rank: int = 0) -> None:
        self.problems.append(Problem(path, line, WARNING, message, code, rank))

    def info(self, path: str, line: int, message: str, code: str = "", rank: int = 0) -> None:
        self.problems.append(Problem(path, line, INFO, message, code, rank))

    def extend(self, other: "Report") -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        """Problems by file and line, duplicates dropped, so output is stable between runs."""
        return sorted(set(self.problems), key=lambda p: (p.path, p.line, p.severity, p.rank, p.message))

    def summary(self) -> str:
        """The counts of what is printed: a problem found twice is shown, and counted, once."""
        shown = set(self.problems)
        errors = sum(1 for p in shown if p.severity == ERROR)
        notes = sum(1 for p in shown if p.severity == INFO)
        return f"{errors} 个错误，{len(shown) - errors - notes} 个警告" + (f"，{notes} 个提示" if notes else "")

    def to_json(self) -> str:
        return json.dumps([{k: v for k, v in asdict(p).items() if k != "rank"} for p in self.sorted()],
                          ensure_ascii=False, indent=1)


class GongkaiError(Exception):
    """An error that stops a run; it knows its exit status and formats itself in one place."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, path: str = "", line: int = 0):
        super().__init__(message)
        self.message, self.path, self.line = message, path, line

    def format(self) -> str:
        if self.path:
            return Problem(self.path, self.line, ERROR, self.message).format()
        return f"错误：{self.message}"

    def problems(self) -> list[Problem]:
        """What stopped the run, as problems at their places (one member of a group, among the others)."""
        return [Problem(self.path or "config.yaml", self.line, ERROR, self.message)]

    def __reduce__(self):
        """Rebuilt from its own fields when it crosses a process boundary (a parallel build)."""
        return type(self), (self.message, self.path, self.line)


class UsageError(GongkaiError):
    """Wrong command-line arguments (exit 2)."""


class ConfigError(GongkaiError):
    """config.yaml or a template is unusable, so nothing can be built (exit 2)."""

    def __init__(self, report: Report):
        first = report.errors[0] if report.errors else None
        super().__init__(first.message if first else "配置错误", first.path if first else "")
        self.report = report

    def problems(self) -> list[Problem]:
        return self.report.problems

    def __reduce__(self):
        return type(self), (self.report,)
