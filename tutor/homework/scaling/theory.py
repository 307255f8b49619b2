"""Problem 1: how the size of a dense layer's output depends on its widths.

Setup: y = W x with x in R^d1 and W in R^(d2 x d1), entries i.i.d. N(0, 1), and
RMS²(v) = ‖v‖² / len(v).

* At initialization E[RMS²(W x)] = d1 (each output is a sum of d1 independent
  unit-variance terms), whatever d2 is; scaling W by 1/√d1 makes it 1.
* A SignGD step ΔW = sign(g xᵀ) applied to the *same* x gives y' = ΔW x with
  every coordinate of magnitude S = Σ|x_n|, so
  E[RMS²(y')] = E[S²] = d1 + (2/π)·d1(d1−1), again free of d2; scaling the
  update by 1/√(d1 + (2/π)d1(d1−1)) makes it exactly 1 (Θ(1/d1)).
* The same update applied to an independent input has E[RMS²] = d1 only:
  the correlation between the update and its input is what makes it Θ(d1²).

The closed forms are plain functions, pure and thread-safe; ``montecarlo`` checks them.
"""

from __future__ import annotations

import math


def init_rms2(d1: int, d2: int | None = None) -> float:
    """E[RMS²(W x)] at initialization: d1 (d2 does not enter)."""
    return float(d1)


def init_constant(d1: int) -> float:
    """The multiplier of W that makes E[RMS²(c W x)] = 1: 1/√d1."""
    return 1.0 / math.sqrt(d1)


def signgd_rms2(d1: int, d2: int | None = None) -> float:
    """E[RMS²(y')] for y' = sign(g xᵀ) x: d1 + (2/π)·d1(d1−1) (d2 does not enter)."""
    return d1 + (2.0 / math.pi) * d1 * (d1 - 1)


def signgd_constant(d1: int, reading: str = "square") -> float:
    """The multiplier of the SignGD update that normalizes the feature change.

    ``reading="square"``: E[RMS²(c y')] = 1, c = 1/√(d1 + (2/π)d1(d1−1)).
    ``reading="rms"``: E[RMS(c y')] = 1, c = √(π/2)/d1 (RMS(y') = Σ|x_n| exactly).
    Both are Θ(1/d1).
    """
    if reading == "square":
        return 1.0 / math.sqrt(signgd_rms2(d1))
    if reading == "rms":
        return math.sqrt(math.pi / 2.0) / d1
    raise ValueError(f"unknown reading {reading!r}: use 'square' or 'rms'")


def independent_update_rms2(d1: int, d2: int | None = None) -> float:
    """E[RMS²(sign(g xᵀ) x̃)] for an input x̃ independent of the update: d1."""
    return float(d1)
