"""Problem 1's input laws: the moments a SignGD step needs, for inputs other than N(0, 1).

The SignGD result holds for any input law with i.i.d. entries: E[RMS²(y')] = E[S²] =
d1·E[x²] + d1(d1−1)·(E|x|)², and the constant for expected RMS 1 is 1/(d1·E|x|). The laws
practice variants use each have a scale s > 0. Moments are exact (``Fraction``, with the power
of π apart) where variants print them.
"""

from __future__ import annotations

import math
from fractions import Fraction

INPUT_LAWS = ("gaussian", "uniform", "sign")
"""N(0, s²); uniform on [−s, s]; ±s with probability 1/2 each."""


def _law(law: str) -> str:
    if law not in INPUT_LAWS:
        raise ValueError(f"unknown input law {law!r}: use one of {', '.join(INPUT_LAWS)}")
    return law


def second_moment(law: str, s: Fraction | int) -> Fraction:
    """E[x²], exactly: s² (Gaussian, ±s) or s²/3 (uniform)."""
    s2 = Fraction(s) ** 2
    return s2 / 3 if _law(law) == "uniform" else s2


def abs_mean_squared(law: str, s: Fraction | int) -> tuple[Fraction, int]:
    """(E|x|)² as (r, k) meaning r / π^k: (2s², 1) Gaussian, (s²/4, 0) uniform, (s², 0) ±s."""
    s2 = Fraction(s) ** 2
    return {"gaussian": (2 * s2, 1), "uniform": (s2 / 4, 0), "sign": (s2, 0)}[_law(law)]


def abs_mean(law: str, s: float) -> float:
    """E|x| as a float (for Monte Carlo and plots)."""
    r, k = abs_mean_squared(law, Fraction(s))
    return math.sqrt(float(r) / math.pi**k)


def signgd_rms2_law(d1: int, law: str, s: Fraction | int) -> float:
    """E[RMS²(y')] for inputs of the given law: d1·E[x²] + d1(d1−1)·(E|x|)²."""
    r, k = abs_mean_squared(law, Fraction(s))
    return d1 * float(second_moment(law, s)) + d1 * (d1 - 1) * float(r) / math.pi**k
