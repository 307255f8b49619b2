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


HANDOUT_LAW = "gaussian"


def draw_inputs(rng, law: str, s: float, shape: tuple[int, ...]):
    """Inputs of the law: s·N(0, 1) (the standard stream, scaled: at s = 1 the handout's own
    draws), uniform on [−s, s], or ±s."""
    if _law(law) == "gaussian":
        x = rng.standard_normal(shape)
        return x if s == 1 else s * x
    if law == "uniform":
        return rng.uniform(-s, s, shape)
    return s * (2.0 * rng.integers(0, 2, shape) - 1.0)


def as_fraction(value: float | Fraction | int) -> Fraction:
    """A scale or variance as an exact fraction (a float read as the decimal it was set to)."""
    return Fraction(value).limit_denominator(10**6) if isinstance(value, float) else Fraction(value)


def init_rms2_at(d1: int, var_w: float = 1.0, var_x: float = 1.0) -> float:
    """E[RMS²(W x)] with Var W_jn = var_w and Var x_n = var_x: var_w·var_x·d1 (no d2)."""
    return var_w * var_x * d1


def init_constant_at(d1: int, var_w: float = 1.0, var_x: float = 1.0) -> float:
    """The multiplier of W that makes E[RMS²(c W x)] = 1: 1/√(var_w·var_x·d1)."""
    return 1.0 / math.sqrt(init_rms2_at(d1, var_w, var_x))


def signgd_rms2_at(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """E[RMS²(y')] for a SignGD step on inputs of this law and scale."""
    return signgd_rms2_law(d1, law, as_fraction(s))


def signgd_constant_at(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """The multiplier of the update that makes E[RMS²(c·y')] = 1."""
    return 1.0 / math.sqrt(signgd_rms2_at(d1, law, s))


def independent_rms2_at(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """The same update applied to an independent input: d1·E[x²]."""
    return d1 * float(second_moment(law, as_fraction(s)))
