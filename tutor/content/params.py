"""Parameters of a problem or a part: the data behind practice variants (issue 10).

A problem (``[problem.params]``) or a part (``[parts.params]``) may declare parameters, each
with its handout value as ``default`` and a sampling rule (``choices``, or a ``range`` with a
``step``); ``derived`` values computed from them (an expression in the input language, a named
function of the core, or a choice by a parameter's value); and ``constraints`` a sampled set must
satisfy. Every text field may then say ``{{name}}`` or ``{{name|filter}}``.

This module is data only: it reads and checks the tables (through the loader's reader, so every
issue has a file, line and key) and finds placeholders in texts. Sampling, evaluating the derived
values and rendering the templates live in ``tutor.variants``. Only the standard library is
imported, and no code is ever loaded from a content file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, Protocol

ParamValue = int | Fraction | str
"""A parameter's value: a whole number, an exact decimal, or a word (a choice such as 'uniform')."""

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

PARAM_KEYS = ("default", "choices", "range", "step", "label")
DERIVED_KEYS = ("expr", "call", "args", "select", "cases", "symbols", "text")
RESERVED_NAMES = frozenset({"pi", "e", "E", "sqrt", "log", "ln", "exp", "I", "N"})
MAX_GRID = 100_000
"""A range may hold at most this many values (so a parameter's values can be listed)."""
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: its handout value and the values a variant may take."""

    name: str
    default: ParamValue
    choices: tuple[ParamValue, ...] = ()
    low: int | Fraction | None = None
    high: int | Fraction | None = None
    step: int | Fraction = 1
    label: str = ""

    @property
    def kind(self) -> Literal["choice", "integer", "decimal"]:
        if self.choices:
            return "choice"
        numbers = (self.low, self.high, self.step)
        return "integer" if all(isinstance(x, int) for x in numbers) else "decimal"

    def values(self) -> tuple[ParamValue, ...]:
        """Every value the sampling rule allows, in order."""
        if self.choices:
            return self.choices
        assert self.low is not None and self.high is not None
        count = int((Fraction(self.high) - Fraction(self.low)) / Fraction(self.step)) + 1
        return tuple(exact(Fraction(self.low) + i * Fraction(self.step)) for i in range(count))

    def allows(self, value: ParamValue) -> bool:
        if self.choices:
            return any(_same(value, c) for c in self.choices)
        if isinstance(value, str) or self.low is None or self.high is None:
            return False
        offset = (Fraction(value) - Fraction(self.low)) / Fraction(self.step)
        return self.low <= value <= self.high and offset.denominator == 1

    def rule(self) -> str:
        """The sampling rule in words, for error messages."""
        if self.choices:
            return "one of " + ", ".join(show(c) for c in self.choices)
        what = "a whole number" if self.kind == "integer" else "a number"
        text = f"{what} from {show(self.low)} to {show(self.high)}"
        if self.step != 1:
            text += f" in steps of {show(self.step)}"
        return text

    def coerce(self, text: str) -> ParamValue:
        """A value typed on the command line (``--set layers=12``), not yet checked against the rule."""
        text = text.strip()
        if self.choices and all(isinstance(c, str) for c in self.choices):
            return text
        number = parse_number(text)
        if number is None:
            if self.choices and any(isinstance(c, str) for c in self.choices):
                return text
            raise ValueError(f"{self.name} must be a number, not {text!r}")
        return number


@dataclass(frozen=True)
class DerivedSpec:
    """A value computed from the parameters (never typed): exactly one way of computing it."""

    name: str
    expr: str | None = None
    """An expression in the input language over earlier names (``layers*(layers - 1)/2``)."""
    symbols: tuple[str, ...] = ()
    """Free symbols the expression keeps (a formula in ``d1`` rather than a number)."""
    call: str | None = None
    """A function of the core registered for content (``remat.fwd``); see ``tutor.variants``."""
    args: tuple[str, ...] = ()
    select: str | None = None
    """A parameter whose value picks one of ``cases``."""
    cases: tuple[tuple[str, ParamValue], ...] = ()
    text: str | None = None
    """A text made of earlier values (``"{{m2|times}}d1 + {{a2|pretty}}·d1(d1−1)"``)."""

    @property
    def how(self) -> Literal["expr", "call", "select", "text"]:
        if self.call is not None:
            return "call"
        if self.select is not None:
            return "select"
        if self.text is not None:
            return "text"
        return "expr"


@dataclass(frozen=True)
class Parameters:
    """The parameters, derived values and constraints one problem or part declares."""

    params: tuple[ParamSpec, ...] = ()
    derived: tuple[DerivedSpec, ...] = ()
    constraints: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params) + tuple(d.name for d in self.derived)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    def __bool__(self) -> bool:
        return bool(self.params or self.derived or self.constraints)


# ---------------------------------------------------------------------------- numbers


def exact(value: int | Fraction) -> int | Fraction:
    """A whole number as an ``int``, anything else as a ``Fraction``."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value.numerator)
    return value


def parse_number(text: str) -> int | Fraction | None:
    """``12`` -> 12, ``0.25`` -> 1/4, ``1/3`` -> 1/3, ``2.5e1`` -> 25; None if not a number."""
    text = text.strip().replace("_", "")
    if not text or len(text) > 40:
        return None
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            value = Fraction(Decimal(num.strip())) / Fraction(Decimal(den.strip()))
        else:
            value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError, ZeroDivisionError):
        return None
    return exact(value)


def from_toml(value: object) -> ParamValue | None:
    """A TOML number or string as a parameter value (a float read as the decimal it was written as)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return exact(Fraction(Decimal(repr(value))))
    if isinstance(value, str):
        return value
    return None


def show(value: object) -> str:
    """A parameter value as a person writes it (for messages; rendering is ``tutor.variants``)."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        d = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(d) == value:
            return format(d.normalize(), "f")
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def _same(a: ParamValue, b: ParamValue) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return Fraction(a) == Fraction(b)


# ---------------------------------------------------------------------------- placeholders


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


# ---------------------------------------------------------------------------- reading


class Reader(Protocol):
    """What the loader's file reader offers (``tutor.content.loader._FileReader``)."""

    def issue(self, path: tuple, message: str) -> None: ...

    def check_keys(self, table: dict, known: tuple[str, ...], path: tuple, what: str) -> None: ...


def read_parameters(reader: Reader, table: Mapping[str, Any], path: tuple) -> Parameters | None:
    """Read ``params``, ``derived`` and ``constraints`` from a problem or part table."""
    if not any(k in table for k in ("params", "derived", "constraints")):
        return None
    params: list[ParamSpec] = []
    seen: set[str] = set()
    ptable = table.get("params", {})
    if not isinstance(ptable, dict):
        reader.issue(
            path + ("params",), "must be a table: write [..params] with one line a parameter"
        )
        ptable = {}
    for name, spec in ptable.items():
        ppath = path + ("params", name)
        if not _good_name(reader, name, ppath, seen):
            continue
        param = _read_param(reader, name, spec, ppath)
        if param is not None:
            params.append(param)
    derived: list[DerivedSpec] = []
    dtable = table.get("derived", {})
    if not isinstance(dtable, dict):
        reader.issue(
            path + ("derived",), "must be a table: write [..derived] with one line a value"
        )
        dtable = {}
    known = set(seen)
    for name, spec in dtable.items():
        dpath = path + ("derived", name)
        if not _good_name(reader, name, dpath, seen):
            continue
        item = _read_derived(reader, name, spec, dpath, known)
        known.add(name)
        if item is not None:
            derived.append(item)
    constraints: list[str] = []
    raw = table.get("constraints", [])
    if not isinstance(raw, list):
        reader.issue(
            path + ("constraints",),
            'must be a list of strings, e.g. constraints = ["every < layers"]',
        )
        raw = []
    for i, text in enumerate(raw):
        if not isinstance(text, str) or not text.strip():
            reader.issue(
                path + ("constraints", i), 'must be a comparison in quotes, e.g. "every < layers"'
            )
        else:
            constraints.append(text)
    return Parameters(tuple(params), tuple(derived), tuple(constraints))


def _good_name(reader: Reader, name: str, path: tuple, seen: set[str]) -> bool:
    if not _NAME_RE.match(name):
        reader.issue(
            path, f"'{name}' is not a name; use letters, digits and '_', starting with a letter"
        )
        return False
    if name in RESERVED_NAMES:
        reader.issue(path, f"'{name}' is a name of the input language; choose another")
        return False
    if name in seen:
        reader.issue(
            path, f"'{name}' is declared twice; give each parameter and value its own name"
        )
        return False
    seen.add(name)
    return True


def _read_param(reader: Reader, name: str, spec: object, path: tuple) -> ParamSpec | None:
    if not isinstance(spec, dict):
        reader.issue(path, "must be a table like { default = 10, range = [6, 24] }")
        return None
    reader.check_keys(spec, PARAM_KEYS, path, "a parameter")
    if "default" not in spec:
        reader.issue(path, "missing key 'default' (the handout's value); add default = ...")
        return None
    default = from_toml(spec["default"])
    if default is None:
        reader.issue(path + ("default",), "must be a number or a word in quotes")
        return None
    label = spec.get("label", "")
    if not isinstance(label, str):
        reader.issue(path + ("label",), "must be a string")
        label = ""
    has_choices, has_range = "choices" in spec, "range" in spec
    if has_choices == has_range:
        reader.issue(
            path,
            "give exactly one sampling rule: choices = [...] or range = [low, high] (with step)",
        )
        return None
    if has_choices:
        raw = spec["choices"]
        values = [from_toml(v) for v in raw] if isinstance(raw, list) else []
        if not values or any(v is None for v in values):
            reader.issue(path + ("choices",), "must be a non-empty list of numbers or words")
            return None
        choices = tuple(v for v in values if v is not None)
        if len({show(c) for c in choices}) != len(choices):
            reader.issue(path + ("choices",), "lists a value twice; list each value once")
        if "step" in spec:
            reader.issue(path + ("step",), "only applies to a range; remove it")
        param = ParamSpec(name, default, choices=choices, label=label)
    else:
        raw = spec["range"]
        bounds = [from_toml(v) for v in raw] if isinstance(raw, list) else []
        if len(bounds) != 2 or any(b is None or isinstance(b, str) for b in bounds):
            reader.issue(path + ("range",), "must be two numbers [low, high], e.g. range = [6, 24]")
            return None
        low, high = (b for b in bounds if b is not None and not isinstance(b, str))
        step = from_toml(spec.get("step", 1))
        if step is None or isinstance(step, str) or step <= 0:
            reader.issue(path + ("step",), "must be a positive number, e.g. step = 0.25")
            return None
        if not low < high:
            reader.issue(path + ("range",), f"low {show(low)} is not below high {show(high)}")
            return None
        span = (Fraction(high) - Fraction(low)) / Fraction(step)
        if span.denominator != 1:
            reader.issue(
                path + ("step",),
                f"the range {show(low)}..{show(high)} is not a whole number of steps of {show(step)}",
            )
            return None
        if span + 1 > MAX_GRID:
            reader.issue(path + ("range",), f"holds {int(span) + 1:,} values; at most {MAX_GRID:,}")
            return None
        param = ParamSpec(name, default, low=low, high=high, step=step, label=label)
    if not param.allows(default):
        reader.issue(
            path + ("default",),
            f"the default {show(default)} is not allowed by the rule ({param.rule()}); "
            "the handout's value must be one a variant can take",
        )
        return None
    return param


def _read_derived(
    reader: Reader, name: str, spec: object, path: tuple, known: set[str]
) -> DerivedSpec | None:
    if isinstance(spec, str):
        spec = {"expr": spec}
    if not isinstance(spec, dict):
        reader.issue(
            path,
            'must be an expression in quotes ("layers - 1") or a table such as '
            '{ call = "remat.fwd", args = ["layers", "every"] }',
        )
        return None
    reader.check_keys(spec, DERIVED_KEYS, path, "a derived value")
    ways = [k for k in ("expr", "call", "select", "text") if k in spec]
    if len(ways) != 1:
        reader.issue(
            path, 'give exactly one of expr = "...", call = "...", select = "..." or text = "..."'
        )
        return None
    for key in ("expr", "call", "select", "text"):
        if key in spec and (not isinstance(spec[key], str) or not spec[key].strip()):
            reader.issue(path + (key,), "must be a non-empty string")
            return None
    args = _names(reader, spec, "args", path)
    symbols = _names(reader, spec, "symbols", path)
    if "args" in spec and "call" not in spec:
        reader.issue(path + ("args",), 'only applies with call = "..."; remove it')
    if "symbols" in spec and "expr" not in spec:
        reader.issue(path + ("symbols",), 'only applies with expr = "..."; remove it')
    for i, arg in enumerate(args):
        if arg not in known:
            reader.issue(path + ("args", i), _unknown(arg, known, "an argument"))
    for i, sym in enumerate(symbols):
        if sym in known:
            reader.issue(
                path + ("symbols", i),
                f"'{sym}' is already a parameter or value; a free symbol needs its own name",
            )
    cases: list[tuple[str, ParamValue]] = []
    if "select" in spec:
        if spec["select"] not in known:
            reader.issue(
                path + ("select",), _unknown(spec["select"], known, "the selecting parameter")
            )
        raw = spec.get("cases")
        if not isinstance(raw, dict) or not raw:
            reader.issue(path, 'a select needs cases = { gaussian = "...", uniform = "..." }')
            return None
        for key, value in raw.items():
            v = from_toml(value)
            if v is None:
                reader.issue(path + ("cases", key), "must be a number or a text in quotes")
                continue
            cases.append((str(key), v))
    elif "cases" in spec:
        reader.issue(path + ("cases",), 'only applies with select = "..."; remove it')
    return DerivedSpec(
        name,
        expr=spec.get("expr"),
        symbols=symbols,
        call=spec.get("call"),
        args=args,
        select=spec.get("select"),
        cases=tuple(cases),
        text=spec.get("text"),
    )


def _names(reader: Reader, spec: dict, key: str, path: tuple) -> tuple[str, ...]:
    raw = spec.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(a, str) and _NAME_RE.match(a) for a in raw):
        reader.issue(path + (key,), f'must be a list of names, e.g. {key} = ["layers", "every"]')
        return ()
    return tuple(raw)


def _unknown(name: str, known: set[str] | list[str], what: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listed = ", ".join(sorted(known)) or "none yet"
    return f"{what} '{name}' is not a parameter or an earlier value; {hint}(known: {listed})"


def unknown_placeholder(
    p: Placeholder, known: list[str] | tuple[str, ...], where: str = "part"
) -> str:
    """The message for a placeholder whose name (or filter) is not known here."""
    if p.name not in known:
        close = difflib.get_close_matches(p.name, list(known), n=1)
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
        hint = f"did you mean {{{{{close[0]}}}}}? " if close else ""
        return (
            f"unknown placeholder {p.text} (name '{p.name}'); {hint}"
            f"the names here are: {', '.join(known)}"
        )
    bad = next(f for f in p.filters if f not in FILTERS)
    close = difflib.get_close_matches(bad, FILTERS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown filter '{bad}' in {p.text}; {hint}the filters are: {', '.join(FILTERS)}"


def placeholder_issues(
    data: Mapping[str, Any],
    problem_names: tuple[str, ...],
    part_names: Mapping[str, tuple[str, ...]],
) -> Iterator[tuple[tuple, str, str]]:
    """Every unknown or malformed placeholder in a problem file: (key path, as written, message).

    ``part_names`` maps a part id to the names it may use (its problem's and its own). Texts of the
    problem table see the problem's names; a part's texts and its boxes' texts see the part's; the
    ``derived`` tables are checked too (a ``cases`` text may use earlier names).
    """
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
            known = part_names.get(pid, problem_names) if isinstance(pid, str) else problem_names
        elif path[0] == "boxes" and len(path) > 1 and isinstance(path[1], str):
            known = part_names.get(path[1].split(".", 1)[0], problem_names)
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


def when_of(reader: Reader, table: Mapping[str, Any], path: tuple) -> tuple[str, ...]:
    """A reading's or test's ``when``: one condition or a list of them (all must hold)."""
    if "when" not in table:
        return ()
    raw = table["when"]
    items = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(x, str) and x.strip() for x in items)
    ):
        reader.issue(
            path + ("when",),
            'must be a condition on the parameters, e.g. when = "dist != sign", or a list of them',
        )
        return ()
    return tuple(items)
