"""Placeholders in content texts: ``{{name}}`` or ``{{name|filter|filter}}``, found and checked.

The filters a placeholder may chain are declared here (``FILTERS``); what they do is
``tutor.variants``. ``placeholder_issues`` finds every unknown or malformed placeholder in a
problem file, for the loader to report with its file and line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

FilterName = Literal[
    "word",
    "Word",
    "sub",
    "sci",
    "point",
    "approx",
    "approx2",
    "approx4",
    "approx5",
    "about",
    "pretty",
    "latex",
    "paren",
    "coef",
    "times",
    "after",
    "ordinal",
]
FILTERS: tuple[FilterName, ...] = (
    "word",  # 3 -> three (0..99; larger numbers as digits)
    "Word",  # 3 -> Three (a sentence's first word)
    "sub",  # 10 -> ₁₀ (a₁₀)
    "sci",  # 20 -> 2e1, 1/20 -> 5e-2 (exact values only; others as a fraction)
    "point",  # 50 -> 50.0, 54.5 -> 54.5, 490/9 -> 54.4 (a number written with a decimal point)
    "approx",  # three significant figures: 490/9 -> 54.4 (a short decimal stays exact)
    "approx2",  # two: √(2/π) -> 0.80
    "approx4",  # four: 2/π -> 0.6366
    "approx5",  # five: √(π/2) -> 1.2533
    "about",  # 490/9 -> 490/9 ≈ 54.4; 50 -> 50
    "pretty",  # a formula in Unicode (2/π, √(π/2)); numbers as they are
    "latex",  # a formula or number in LaTeX (\\frac{2}{\\pi}), for question tests
    "paren",  # in parentheses unless it is a single number, name or call
    "coef",  # a coefficient written before a factor: 1 -> "", -1 -> "-", 3 -> "3*"
    "times",  # the same for prose: 1 -> "", 3 -> "3·", 2/π -> "(2/π)" (then d1: "(2/π)d1")
    "after",  # a factor written after another: 1 -> "", 3 -> "·3", 1 − 2/π -> "(1 − 2/π)"
    "ordinal",  # 5 -> 5th, 2 -> 2nd
)
"""Filters chain left to right: ``{{c|pretty|paren}}`` is the Unicode form, in parentheses."""

PLACEHOLDER_RE = re.compile(
    r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*((?:\|\s*[A-Za-z][A-Za-z0-9_]*\s*)*)\}\}"
)
"""``{{name}}``, ``{{name|filter}}`` or ``{{name|filter|filter}}``; spaces inside are allowed."""
_OPENING_RE = re.compile(r"\{\{\s*[A-Za-z]")
"""A ``{{`` that starts like a placeholder (``{{1}}`` in LaTeX is left alone)."""


def filters_of(chain: str | None) -> tuple[str, ...]:
    """``"|pretty|paren"`` -> ``("pretty", "paren")``."""
    return tuple(f.strip() for f in (chain or "").split("|") if f.strip())


@dataclass(frozen=True)
class Placeholder:
    name: str
    filters: tuple[str, ...]
    text: str
    """As written, e.g. ``{{every|sub}}``."""
    offset: int
    """Where it starts in the text."""


def placeholders(text: str) -> Iterator[Placeholder]:
    for m in PLACEHOLDER_RE.finditer(text):
        yield Placeholder(m.group(1), filters_of(m.group(2)), m.group(0), m.start())


def malformed(text: str) -> Iterator[tuple[int, str]]:
    """``{{`` openings that start like a placeholder but are not one: (offset, snippet)."""
    good = {m.start() for m in PLACEHOLDER_RE.finditer(text)}
    for m in _OPENING_RE.finditer(text):
        if m.start() not in good:
            yield m.start(), text[m.start() : m.start() + 24].split("\n", 1)[0]


SUGGESTIONS = 3
"""At most this many close names follow "did you mean"; the names in scope are never all listed."""


def suggest(name: str, known: Collection[str], braces: bool = False) -> str:
    """``did you mean 'every_2' or 'every_1'?`` (a few close names, the closest first), or how
    many names there are when none is close."""
    close = difflib.get_close_matches(name, sorted(known), n=SUGGESTIONS, cutoff=0.6)
    if close:
        shown = [f"{{{{{c}}}}}" if braces else f"'{c}'" for c in close]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        return f"did you mean {listed}?"
    if not known:
        return "none is declared yet"
    return f"no name of the {len(known)} declared here is close"


def unknown_placeholder(
    p: Placeholder, known: list[str] | tuple[str, ...], where: str = "part"
) -> str:
    """The message for a placeholder whose name (or filter) is not known here."""
    if p.name not in known:
        if not known and where == "problem":
            return (
                f"unknown placeholder {p.text}: the problem's own texts (title, summary) can use "
                "only [problem.params] and [problem.derived], and it declares none"
            )
        if not known:
            return (
                f"unknown placeholder {p.text}: this part declares no parameters; declare it under "
                "[parts.params] (or [problem.params]) or remove the braces"
            )
        return f"unknown placeholder {p.text} (name '{p.name}'); {suggest(p.name, known, True)}"
    bad = next(f for f in p.filters if f not in FILTERS)
    close = difflib.get_close_matches(bad, FILTERS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown filter '{bad}' in {p.text}; {hint}the filters are: {', '.join(FILTERS)}"


def placeholder_issues(
    data: Mapping[str, Any],
    problem_names: tuple[str, ...],
    part_names: Mapping[str | int, tuple[str, ...]],
    box_names: Mapping[str, tuple[str, ...]] | None = None,
) -> Iterator[tuple[tuple, str, str]]:
    """Every unknown or malformed placeholder in a problem file: (key path, as written, message).

    ``part_names`` maps a part id, or a ``[[parts]]`` table's place in the file, to the names it
    may use (its problem's and its own); ``box_names`` maps a box id to the names of the part that
    lists it. Texts of the problem table see the problem's names; a part's texts see its own (by
    its place: another part with the same id does not change them) and its boxes' texts the
    listing part's (else the part named by the box id's prefix); the ``derived`` tables are
    checked too (a ``cases`` text may use earlier names).
    """
    box_names = box_names or {}
    for path, text in _strings(data, ()):
        if "{{" not in text and "when" not in path[-2:]:
            continue  # no placeholder, nothing malformed (most texts: the check is at start-up)
        where = "part"
        if not path or path[0] == "cards":
            known: tuple[str, ...] = ()
        elif path[0] == "problem":
            known, where = problem_names, "problem"
        elif path[0] == "parts" and len(path) > 1 and isinstance(path[1], int):
            parts = data.get("parts")
            table = parts[path[1]] if isinstance(parts, list) and path[1] < len(parts) else {}
            pid = table.get("id") if isinstance(table, dict) else None
            if path[1] in part_names:
                known = part_names[path[1]]
            else:
                known = (
                    part_names.get(pid, problem_names) if isinstance(pid, str) else problem_names
                )
        elif path[0] == "boxes" and len(path) > 1 and isinstance(path[1], str):
            known = box_names.get(path[1]) or part_names.get(
                path[1].split(".", 1)[0], problem_names
            )
        else:
            known = problem_names
        if "when" in path[-2:] and not known:
            yield (
                path,
                text,
                (
                    "a when is a condition on the part's parameters, and this part has none; "
                    "declare [parts.params] (or [problem.params]) or remove it"
                ),
            )
        for p in placeholders(text):
            if p.name not in known or any(f not in FILTERS for f in p.filters):
                yield path, p.text, unknown_placeholder(p, known, where)
        for _, snippet in malformed(text):
            yield (
                path,
                snippet,
                (
                    f"'{snippet}' opens a placeholder that is not closed as {{{{name}}}} or "
                    "{{name|filter}}; fix it, or put a space between the braces if it is not one"
                ),
            )


def _strings(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if path[-1:] == ("constraints",):
                continue
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        if path[-1:] == ("constraints",):
            return
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))
