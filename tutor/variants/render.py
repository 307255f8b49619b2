"""Templates: ``{{name}}`` and ``{{name|filter}}`` in any text field, filled with a variant's values.

``render(text, values)`` fills one text; ``render_tree(obj, values)`` returns a copy of a content
dataclass (a part, a box, a problem) with every string field filled, however deeply nested
(statement, hints, feedback, solution, readings, errata, rubric points, answers, accepted forms,
mistakes, question tests, and the text fields of box kinds added later). A name that is not in
``values`` is left as written: the loader has already reported it with its file and line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from tutor.content.placeholders import PLACEHOLDER_RE, filters_of
from tutor.variants.values import Value, write

T = TypeVar("T")


def render(text: str, values: Mapping[str, Value]) -> str:
    if "{{" not in text:
        return text

    def fill(m: Any) -> str:
        name = m.group(1)
        if name not in values:
            return str(m.group(0))
        try:
            return write(values[name], filters_of(m.group(2)))
        except ValueError:
            return str(m.group(0))

    return PLACEHOLDER_RE.sub(fill, text)


def render_tree(obj: T, values: Mapping[str, Value]) -> T:
    """A copy of ``obj`` with every string in it rendered (``obj`` itself when nothing changes)."""
    return _walk(obj, values)


def _walk(obj: Any, values: Mapping[str, Value]) -> Any:
    if isinstance(obj, str):
        return render(obj, values)
    if isinstance(obj, tuple):
        items = tuple(_walk(x, values) for x in obj)
        if all(a is b for a, b in zip(items, obj, strict=True)):
            return obj
        return type(obj)(*items) if hasattr(obj, "_fields") else items
    if isinstance(obj, list):
        return [_walk(x, values) for x in obj]
    if isinstance(obj, dict):
        return {k: _walk(v, values) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if f.name in ("parameters", "raw"):
                continue  # the declarations themselves stay as written
            old = getattr(obj, f.name)
            new = _walk(old, values)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def names_used(obj: Any) -> set[str]:
    """Every placeholder name in the strings of ``obj`` (a dataclass tree)."""
    found: set[str] = set()

    def visit(x: Any) -> None:
        if isinstance(x, str):
            found.update(m.group(1) for m in PLACEHOLDER_RE.finditer(x))
        elif isinstance(x, (tuple, list)):
            for item in x:
                visit(item)
        elif isinstance(x, dict):
            for item in x.values():
                visit(item)
        elif dataclasses.is_dataclass(x) and not isinstance(x, type):
            for f in dataclasses.fields(x):
                if f.name not in ("parameters", "raw"):
                    visit(getattr(x, f.name))

    visit(obj)
    return found
