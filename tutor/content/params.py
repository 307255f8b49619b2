"""Parameters of a problem or a part: the data behind practice variants (issue 10).

A problem (``[problem.params]``) or a part (``[parts.params]``) may declare parameters, each
with its handout value as ``default`` and a sampling rule (``choices``, or a ``range`` with a
``step``); ``derived`` values computed from them (an expression in the input language, a named
function of the core, or a choice by a parameter's value); and ``constraints`` a sampled set must
satisfy. Every text field may then say ``{{name}}`` or ``{{name|filter}}``.

This module is the declarations as data; ``tutor.content.paramreader`` reads and checks them (so
every issue has a file, line and key), ``tutor.content.paramvalues`` reads and shows the values,
``tutor.content.placeholders`` finds placeholders in texts. Sampling, evaluating the derived
values and rendering the templates live in ``tutor.variants``. Only the standard library is
imported, and no code is ever loaded from a content file.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from tutor.content.paramvalues import ParamValue, exact, parse_number, same_value, show

PARAM_KEYS = ("default", "choices", "range", "step", "label")
DERIVED_KEYS = ("expr", "call", "args", "select", "cases", "symbols", "text")
RESERVED_NAMES = frozenset({"pi", "e", "E", "sqrt", "log", "ln", "exp", "I", "N"})
MAX_GRID = 100_000
"""A range may hold at most this many values (so a parameter's values can be listed)."""


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
            return any(same_value(value, c) for c in self.choices)
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
    broken: tuple[str, ...] = ()
    """Names declared here whose declaration could not be read (already reported where they are
    declared): still known by name, so their uses are not reported again as unknown."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params) + tuple(d.name for d in self.derived)

    @property
    def declared(self) -> tuple[str, ...]:
        """Every name declared here, those with a broken declaration too (placeholder checks)."""
        return self.names + self.broken

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    def __bool__(self) -> bool:
        return bool(self.params or self.derived or self.constraints or self.broken)
