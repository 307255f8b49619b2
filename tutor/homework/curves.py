"""What the homework's models hand to the plots: Monte Carlo estimates and curves.

Shared by problem 1's scaling plots and problem 4's estimators.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo mean with its standard error."""

    mean: float
    stderr: float
    samples: int


@dataclass(frozen=True)
class Curve:
    """One line (theory) or set of points (Monte Carlo) on a plot: ``y`` against ``x``."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    stderr: tuple[float, ...] = ()
    """Standard errors of Monte Carlo means (empty when not known or for theory)."""
    monte_carlo: bool = False
