"""Random points: where each symbol is sampled, and a fast evaluator of sympy expressions there.

A ``Domain`` is a symbol's declared range (whole numbers for integer symbols); random concrete
smooth functions (``FunctionSet``) stand in for the unknown functions (``f``, ``∇f``, ``p_θ``...),
the same ones for every expression evaluated at one point. ``evaluate`` works with complex
floats and raises ``Unsupported`` for what it cannot evaluate; a value is ``usable`` when it is
finite and real. Equivalence, orders and the dependence probes all sample here.
"""

from __future__ import annotations

import cmath
import math
import random
from dataclasses import dataclass
from typing import Any

ABS_TOL = 1e-12
MAX_TRIES = 24  # random points tried before there is no evidence


class Unsupported(Exception):
    """The fast evaluator can't evaluate this node."""


@dataclass(frozen=True)
class _Concrete:
    """A random smooth function of n arguments with known first partial derivatives.

    One argument: a·sin(b t + c) + d t + e t²/4 (any sign). More arguments (densities):
    exp(Σ aᵢ sin(bᵢ tᵢ + cᵢ) + m·Σ_{i<j} tᵢ tⱼ), positive like a density.
    """

    coef: tuple[tuple[float, float, float], ...]
    d: float
    e: float

    def value(self, args: list[complex]) -> complex:
        if len(args) == 1:
            (a, b, c) = self.coef[0]
            t = args[0]
            return a * cmath.sin(b * t + c) + self.d * t + self.e * t * t / 4
        return cmath.exp(self._exponent(args))

    def _exponent(self, args: list[complex]) -> complex:
        s = sum(a * cmath.sin(b * t + c) for (a, b, c), t in zip(self.coef, args, strict=False))
        cross = sum(args[i] * args[j] for i in range(len(args)) for j in range(i + 1, len(args)))
        return s + 0.1 * self.d * cross

    def partial(self, idx: list[int], args: list[complex]) -> complex:
        if len(args) == 1:
            (a, b, c) = self.coef[0]
            t = args[0]
            order = len(idx)
            if order == 1:
                return a * b * cmath.cos(b * t + c) + self.d + self.e * t / 2
            if order == 2:
                return -a * b * b * cmath.sin(b * t + c) + self.e / 2
            raise Unsupported("third derivative")
        if len(idx) != 1:
            raise Unsupported("second partial of a density")
        i = idx[0]
        (a, b, c) = self.coef[i]
        others = sum(args[j] for j in range(len(args)) if j != i)
        return self.value(args) * (a * b * cmath.cos(b * args[i] + c) + 0.1 * self.d * others)


def _random_concrete(rng: random.Random, nargs: int) -> _Concrete:
    coef = tuple(
        (rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5), rng.uniform(0, 2 * math.pi))
        for _ in range(max(nargs, 1))
    )
    return _Concrete(coef, rng.uniform(-1, 1), rng.uniform(-1, 1))


class FunctionSet:
    """Random concrete functions for the unknown function names, made on first use."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.funcs: dict[tuple[str, int], _Concrete] = {}

    def call(self, name: str, args: list[complex]) -> complex:
        base, *derivs = name.split("__d")
        key = (base, len(args))
        if key not in self.funcs:
            self.funcs[key] = _random_concrete(self.rng, len(args))
        fn = self.funcs[key]
        if not derivs:
            return fn.value(args)
        return fn.partial([int(d) for d in derivs], args)


def evaluate(expr: Any, env: dict[Any, complex], funcs: FunctionSet) -> complex:
    """Evaluate a sympy expression with complex floats; raises on anything unsupported."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def ev(e: Any) -> complex:
        if e.is_Number:
            return complex(float(e))
        if e.is_Symbol:
            try:
                return env[e]
            except KeyError:
                raise Unsupported(f"no value for {e}") from None
        if e.is_Add:
            return sum((ev(a) for a in e.args), 0j)
        if e.is_Mul:
            out = 1 + 0j
            for a in e.args:
                out *= ev(a)
            return out
        if e.is_Pow:
            b = ev(e.base)
            if e.exp.is_Integer:
                n = int(e.exp)
                if b == 0 and n < 0:
                    raise ZeroDivisionError
                return b**n
            x = ev(e.exp)
            if b == 0:
                if x.real > 0:
                    return 0j
                raise ZeroDivisionError
            return cmath.exp(x * cmath.log(b))
        if e is sp.pi:
            return complex(math.pi)
        if e is sp.E:
            return complex(math.e)
        if isinstance(e, sp.exp):
            return cmath.exp(ev(e.args[0]))
        if isinstance(e, sp.log):
            v = ev(e.args[0])
            if v == 0:
                raise ZeroDivisionError
            return cmath.log(v)
        if isinstance(e, sp.Abs):
            return complex(abs(ev(e.args[0])))
        if isinstance(e, AppliedUndef):
            return funcs.call(e.func.__name__, [ev(a) for a in e.args])
        if e.is_number:
            return complex(e.evalf(17))
        raise Unsupported(type(e).__name__)

    return ev(expr)


def usable(v: complex) -> bool:
    return (
        math.isfinite(v.real)
        and math.isfinite(v.imag)
        and abs(v.imag) <= 1e-9 * max(1.0, abs(v.real))
    )


def close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= ABS_TOL


@dataclass(frozen=True)
class Domain:
    low: float
    high: float
    integer: bool = False

    def sample(self, rng: random.Random) -> float:
        if self.integer:
            lo, hi = math.ceil(self.low), math.floor(self.high)
            if hi - lo > 200 and lo > 0:  # spread over the magnitudes, not only the top
                return float(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
            return float(rng.randint(lo, hi))
        if self.low > 0 and self.high / self.low > 50:
            return math.exp(rng.uniform(math.log(self.low), math.log(self.high)))
        return rng.uniform(self.low, self.high)


DEFAULT_DOMAIN = Domain(0.5, 3.0)


def sample_env(symbols: list[Any], domains: dict[Any, Domain], rng: random.Random) -> dict:
    return {s: complex(domains.get(s, DEFAULT_DOMAIN).sample(rng)) for s in symbols}


def resample(env: dict, sym: Any, domains: dict[Any, Domain], rng: random.Random) -> None:
    """A new value for ``sym`` in ``env``, different from the old one where possible."""
    old = env[sym]
    for _ in range(8):
        env[sym] = complex(domains.get(sym, DEFAULT_DOMAIN).sample(rng))
        if env[sym] != old:
            return


def real_value(expr: Any, env: dict, funcs: FunctionSet) -> float | None:
    try:
        v = evaluate(expr, env, funcs)
    except (ZeroDivisionError, OverflowError, ValueError, Unsupported):
        return None
    return v.real if usable(v) else None
