"""What a plot is: a ``PlotSpec`` (a pure data builder, a drawing, its parameters) and the
``PlotParam`` an explorer can adjust and ``hw3-tutor plot --set NAME=VALUE`` can set."""

from __future__ import annotations

import importlib.util
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tutor.errors import UsageError
from tutor.wording import said_list

Progress = Callable[[float, str], None]
"""``progress(fraction, message)``: called by slow builders as they go."""


@dataclass(frozen=True)
class PlotParam:
    """A parameter an explorer can adjust (and ``hw3-tutor plot --set NAME=VALUE`` can set)."""

    name: str
    label: str
    default: float | str
    minimum: float
    maximum: float
    integer: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    """For a parameter that names one of a few things (an input law, a family): its names
    (``minimum`` and ``maximum`` are then unused)."""

    def coerce(self, value: Any) -> int | float | str:
        """``value`` as this parameter's type, or ``UsageError`` with the allowed range."""
        if self.choices:
            text = str(value).strip()
            if text not in self.choices:
                raise UsageError(
                    f"{self.name} must be one of {', '.join(self.choices)} (got {value!r})"
                )
            return text
        if isinstance(value, bool):
            raise UsageError(f"{self.name} must be a number, not {value!r}")
        if isinstance(value, str):
            text = value.strip().replace("_", "")
            try:
                value = float(text) if not self.integer else int(text)
            except ValueError:
                kind = "a whole number" if self.integer else "a number"
                raise UsageError(f"{self.name} must be {kind}, not {value!r}") from None
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UsageError(f"{self.name} must be a finite number, not {value!r}")
        if self.integer:
            if value != int(value):
                raise UsageError(f"{self.name} must be a whole number, not {value!r}")
            value = int(value)
        else:
            value = float(value)
        if not self.minimum <= value <= self.maximum:
            raise UsageError(
                f"{self.name} must be between {self.minimum:g} and {self.maximum:g} (got {value:g})"
            )
        return value


@dataclass(frozen=True)
class HeldBack:
    """What a student has not earned yet: the parts not solved (whose solution was not seen
    either) and the parameter values their answers are at (the handout's, or the practice
    variant's)."""

    parts: frozenset[str]
    at: dict[str, Any]
    answers: Mapping[str, frozenset[float]] = field(default_factory=dict)
    """Part -> the values of its numeric answers not earned yet (the handout's key and the
    practice variant's): a plot stating one of them, at whatever setting, holds that part back
    (``PlotSpec.figures``)."""
    missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Part -> its boxes still to solve, named as its screen names them, for a part some of
    whose boxes are solved: the note says which (trial tui3 T9)."""

    def _said(self, parts: tuple[str, ...]) -> str:
        """``parts`` as the note names them: a part partly solved by the boxes it lacks."""
        said = []
        for p in parts:
            boxes = self.missing.get(p, ())
            if boxes:
                word = "the box" if len(boxes) == 1 else "the boxes"
                said.append(f"{word} {said_list(list(boxes))} in {p}")
            else:
                said.append(p)
        return said_list(said)

    def note(self, parts: tuple[str, ...], spec: PlotSpec) -> str:
        """Why ``spec`` shows less than it can here, and how to see the rest."""
        which = self._said(parts)
        solutions = f"{parts[0]}'s solution" if len(parts) == 1 else "their parts' solutions"
        if spec.held_draw is not None:
            return (
                f"The theory curves (the answers of {which}) are left out until you solve "
                f"{which} or see {solutions}: the points are the Monte Carlo measurements."
            )
        if not spec.answer_params:  # problem 1: the measurements' growth is the answer
            return (
                f"This plot is held back until you solve {which} or see {solutions}: at any "
                "setting, how its points grow with the width is the answer asked there."
            )
        names = ", ".join(spec.param(n).label for n in spec.answer_params)
        return (
            f"At these numbers this plot shows the answers of {which}: it is held back until "
            f"you solve {which} or see {solutions}. Change a number ({names}) to explore."
        )


@dataclass(frozen=True)
class PlotSpec:
    """One named plot."""

    name: str
    title: str
    description: str
    """One line, shown by ``hw3-tutor plot --list``."""
    parts: tuple[str, ...]
    """The handout parts it illustrates, e.g. ``("1a",)``."""
    build: Callable[..., Any]
    """``build(params, progress=None) -> data``: pure, seeded, thread-safe."""
    draw: Callable[[Any, Any], None]
    """``draw(plt, data)``: only this touches the plotting object."""
    params: tuple[PlotParam, ...] = ()
    slow: bool = False
    """True when building may take seconds (run it in a worker, show progress)."""
    requires: str | None = None
    """A module the plot needs that may be absent (see ``unavailable_reason``)."""
    partial: bool = False
    """True when ``build`` also takes ``partial=callback``: it hands over drawable data for
    the part done so far while it runs (the width sweep, width by width)."""
    reveals: tuple[str, ...] = ()
    """The parts whose answers it draws (a theory curve, a constant, the totals)."""
    answer_params: tuple[str, ...] = ()
    """The parameters it shows those answers at, at the part's own values (N and K for the
    remat counts); none: at any setting (problem 1's plots: the slope of the Monte Carlo points
    against the width is the growth asked, so they are held back whole)."""
    held_draw: Callable[[Any, Any], None] | None = None
    """``draw`` without the answers (the measurements alone), for a student who has not
    solved the parts it reveals; none: the plot is not drawn then."""

    figures: Callable[[Mapping[str, Any]], Iterable[float]] | None = None
    """The results it states at these parameters (totals, a title's or a legend's numbers, a
    table's totals): one equal to an answer not earned yet holds the plot back whatever the
    setting (N = 11, K = 5 has the handout's fwd count too)."""

    def held(self, values: dict[str, Any], back: HeldBack | None) -> tuple[str, ...]:
        """The parts whose answers this plot would show at ``values`` that ``back`` holds
        back (in order), or () when it may be drawn in full: at the part's own setting
        (``answer_params``), or wherever a figure it states equals one of their answers."""
        if back is None:
            return ()
        parts = tuple(p for p in self.reveals if p in back.parts)
        if not parts:
            return ()
        at = [name for name in self.answer_params if name in back.at and name in values]
        if all(values[name] == back.at[name] for name in at):
            return parts  # the part's own setting (or no setting matters)
        if self.figures is None:
            return ()
        try:
            shown = {same_figure(v) for v in self.figures(values)}
        except (ArithmeticError, UsageError, ValueError):
            return ()
        return tuple(
            p for p in parts if any(same_figure(a) in shown for a in back.answers.get(p, ()))
        )

    def param(self, name: str) -> PlotParam:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"plot {self.name!r} has no parameter {name!r} (its parameters: {known})")

    def defaults(self) -> dict[str, int | float | str]:
        return {p.name: p.coerce(p.default) for p in self.params}

    def resolve(self, **overrides: Any) -> dict[str, int | float | str]:
        """The full parameter mapping: defaults, then ``overrides`` checked against their ranges."""
        values = self.defaults()
        for key, value in overrides.items():
            values[key] = self.param(key).coerce(value)
        return values

    def unavailable_reason(self) -> str | None:
        """Why this plot cannot be built here, or None when it can."""
        if self.requires and importlib.util.find_spec(self.requires) is None:
            return f"the module {self.requires} is not installed"
        return None

    def build_data(self, progress: Progress | None = None, **overrides: Any) -> Any:
        """``build(resolve(**overrides), progress)``."""
        reason = self.unavailable_reason()
        if reason:
            raise UsageError(f"plot {self.name!r} is not available: {reason}")
        return self.build(self.resolve(**overrides), progress)


def same_figure(value: float) -> float:
    """``value`` as a figure is read: four significant digits (``50.004 ns`` shows as 50)."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.4g}")


def answer_figures(answers: Iterable[str]) -> frozenset[float]:
    """The numbers reference answers state (``20``, ``50 ns``, ``12.5``); others are left out."""
    found = set()
    for text in answers:
        m = re.fullmatch(r"\s*([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*[A-Za-zµμ]*\s*", text)
        if m:
            found.add(same_figure(float(m.group(1))))
    return frozenset(found)


def samples_param(
    default: int,
    maximum: int = 200_000,
    help: str = "independent draws behind each Monte Carlo point",
) -> PlotParam:
    return PlotParam("samples", "Monte Carlo samples per point", default, 10, maximum, True, help)


SEED = PlotParam("seed", "random seed", 0, 0, 2**31 - 1, True, "seed of the Monte Carlo draws")
