"""The error of an expression content wrote that cannot be computed."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from tutor.inputlang.values import ParseError


class ExpressionError(ValueError):
    """An expression that cannot be computed: the message says why, in a content author's terms
    (with the column, counted from 1 in the declaration's text, where one is known)."""


def unreadable(text: str, exc: ParseError, names: Collection[str]) -> ExpressionError:
    """``text`` (a derived value or a constraint, as declared) cannot be read: what is wrong, at
    which column of it, in an author's terms. ``names`` are the names it may use there."""
    column = exc.column + 1 if exc.column is not None else None
    if exc.reason == "unknown-name" and column is not None:
        name = _name_at(text, exc.column or 0)
        if name and name not in names:
            return unknown_name(name, column, names)
    stray = first_unknown_name(text, names)
    if stray is not None:  # "2*evry + 1" reads as words: say which name is unknown
        return unknown_name(stray[0], stray[1], names)
    message = exc.message.rstrip(".")
    if column is not None and "column" not in message:
        message += f" (column {column})"
    return ExpressionError(f"cannot be read: {message}")


def unknown_name(
    name: str, column: int, names: Collection[str], may_use: str = ""
) -> ExpressionError:
    """``name`` at ``column`` of an expression is neither a parameter nor a value declared above
    it (``may_use``: which names the expression may use, when it is not a derived value)."""
    close = difflib.get_close_matches(name, list(names), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listed = sorted(n for n in names if not n.startswith("_"))
    known = ", ".join(listed[:12]) or "none"
    if len(listed) > 12:
        known += f" and {len(listed) - 12} more"
    said = may_use or "the names it may use are the parameters and the values declared above it"
    return ExpressionError(f"unknown name '{name}' at column {column}; {hint}{said} ({known})")


# names the input language knows in any expression (functions and constants)
_BUILTIN = frozenset({"pi", "e", "sqrt", "log", "ln", "exp", "abs", "min", "max", "inf", "oo"})


def first_unknown_name(text: str, names: Collection[str]) -> tuple[str, int] | None:
    """The first name in ``text`` (``t_fwd`` as one) that is neither in ``names`` nor one the
    input language knows, with its column; None when there is none (or ``text`` cannot be split
    into tokens)."""
    from tutor.inputlang.lexer import tokenize

    try:
        tokens = tokenize(text)
    except ParseError:
        return None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind != "name":
            i += 1
            continue
        name, j = t.text, i + 1
        while (
            j + 1 < len(tokens)
            and tokens[j].text == "_"
            and not tokens[j].space
            and tokens[j + 1].kind in ("name", "num")
            and not tokens[j + 1].space
        ):
            name, j = f"{name}_{tokens[j + 1].text}", j + 2
        if name not in names and name not in _BUILTIN:
            return name, t.col + 1
        i = j
    return None


def _name_at(text: str, index: int) -> str:
    end = index
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[index:end]
