"""Values a page shows that are computed from the model when the page renders, not when the site is planned.

What the plan computes is part of the site a build keeps and takes up again (incremental/snapshot.py), so
whatever it reads must not change without the site being made again. A value that depends on what changes
often — which normative documents are in force on the build date — is better left to the page: the plan
holds a `Later` naming a registered function and its arguments (objects of the model), and the page that
reads it computes it then, as one recorded input (output/record.py, `call␟<name>␟<arguments>`), whose
version is that value computed again from the model of each build (incremental/versions.py). A day on which
a document expires then changes that input, and the pages that show it render again, without the site being
planned again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

#: the functions a `Later` or a template may name, by name: computed again from a build's model to tell
#: whether their value changed
DERIVED: dict[str, Callable[..., Any]] = {}


def register(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Make `func` one that a page's value or a template may name; a name is one function, ever."""
    if DERIVED.setdefault(name, func) is not func:
        raise ValueError(f"a derived value named {name!r} is registered already")
    return func


@dataclass(frozen=True)
class Later:
    """A value the page computes when it renders: `DERIVED[name](*args)`, `args` being objects of the model
    (documents, columns, pages, the site) or plain values. By identity it is the same on every day."""

    name: str
    args: tuple

    def value(self) -> Any:
        return DERIVED[self.name](*self.args)


def later(name: str, *args: Any) -> Later:
    if name not in DERIVED:
        raise KeyError(f"no derived value is registered as {name!r}")
    return Later(name, args)
