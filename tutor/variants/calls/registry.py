"""The registry of functions content may call: each registered by name with its arguments.

A name that is not registered is an error; nothing is loaded from content. The argument checks
raise ``tutor.errors.UsageError`` (a parameter set the model refuses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from tutor.errors import UsageError
from tutor.variants.values import Value


@dataclass(frozen=True)
class ContentFunction:
    name: str
    params: tuple[str, ...]
    """What each argument means, in order (content passes the names of values)."""
    doc: str
    fn: Callable[..., Value]


FUNCTIONS: dict[str, ContentFunction] = {}


def content_function(
    name: str, *params: str
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register ``fn`` under ``name`` with arguments ``params`` (its docstring is its help)."""

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        if name in FUNCTIONS:
            raise ValueError(f"content function {name!r} is registered twice")
        FUNCTIONS[name] = ContentFunction(name, params, (fn.__doc__ or "").strip(), fn)
        return fn

    return register


class FunctionError(ValueError):
    """A call that content got wrong (unknown name, wrong number of arguments)."""


def whole_arg(value: Value, what: str) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    raise UsageError(f"{what} must be a whole number, not {value!r}")


def number_arg(value: Value, what: str) -> int | Fraction:
    if isinstance(value, (int, Fraction)):
        return value
    raise UsageError(f"{what} must be a number, not {value!r}")
