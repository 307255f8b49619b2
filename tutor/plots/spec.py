"""What a plot is: a ``PlotSpec`` (a pure data builder, a drawing, its parameters) and the
``PlotParam`` an explorer can adjust and ``hw3-tutor plot --set NAME=VALUE`` can set."""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tutor.errors import UsageError

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


def samples_param(
    default: int,
    maximum: int = 200_000,
    help: str = "independent draws behind each Monte Carlo point",
) -> PlotParam:
    return PlotParam("samples", "Monte Carlo samples per point", default, 10, maximum, True, help)


SEED = PlotParam("seed", "random seed", 0, 0, 2**31 - 1, True, "seed of the Monte Carlo draws")
