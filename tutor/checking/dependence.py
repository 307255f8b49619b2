"""How a wrong answer depends on the symbols, compared with a reference, numerically.

Facts for feedback that says what is off without showing the reference: whether an
expression changes when one symbol alone changes, and whether the ratio of two expressions is
a constant (and its sign), varies with one symbol, or is a power of it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from tutor.checking.sampling import (
    DEFAULT_DOMAIN,
    MAX_TRIES,
    Domain,
    FunctionSet,
    close,
    real_value,
    resample,
    sample_env,
)


def depends_on(expr: Any, sym: Any, domains: dict[Any, Domain], seed: int = 3) -> bool | None:
    """Does ``expr`` change when ``sym`` alone changes? None: no evidence either way."""
    if sym not in expr.free_symbols:
        return False
    rng = random.Random(seed)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    same = 0
    for _ in range(MAX_TRIES):
        env = sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        v0 = real_value(expr, env, funcs)
        if v0 is None:
            continue
        resample(env, sym, domains, rng)
        v1 = real_value(expr, env, funcs)
        if v1 is None:
            continue
        if not close(v0, v1, 1e-7):
            return True
        same += 1
        if same >= 4:
            return False
    return None


@dataclass(frozen=True)
class RatioProfile:
    """a/b at random points of the domains (the same random functions for both sides)."""

    ratios: tuple[float, ...]

    @property
    def sign(self) -> int:
        """−1 when a/b < 0 at every point, 1 when > 0 at every point, 0 when it changes."""
        if all(r < 0 for r in self.ratios):
            return -1
        if all(r > 0 for r in self.ratios):
            return 1
        return 0

    @property
    def constant(self) -> float | None:
        """The constant value of a/b, or None when it varies."""
        r0 = self.ratios[0]
        if all(close(r, r0, 1e-6) for r in self.ratios):
            return r0
        return None


def ratio_profile(
    a: Any, b: Any, domains: dict[Any, Domain], seed: int = 17, points: int = 6
) -> RatioProfile | None:
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    out: list[float] = []
    for _ in range(MAX_TRIES):
        env = sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        va, vb = real_value(a, env, funcs), real_value(b, env, funcs)
        if va is None or vb is None or abs(vb) < 1e-12 or abs(va) < 1e-12:
            continue
        out.append(va / vb)
        if len(out) >= points:
            return RatioProfile(tuple(out))
    return RatioProfile(tuple(out)) if len(out) >= 3 else None


def ratio_depends_on(
    a: Any, b: Any, sym: Any, domains: dict[Any, Domain], seed: int = 23
) -> bool | None:
    """Does a/b change when ``sym`` alone changes?"""
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    if sym not in symbols:
        return False
    same = 0
    for _ in range(MAX_TRIES):
        env = sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        va, vb = real_value(a, env, funcs), real_value(b, env, funcs)
        resample(env, sym, domains, rng)
        wa, wb = real_value(a, env, funcs), real_value(b, env, funcs)
        if va is None or vb is None or wa is None or wb is None:
            continue
        if min(abs(vb), abs(wb), abs(va), abs(wa)) < 1e-12:
            continue
        if not close(va / vb, wa / wb, 1e-6):
            return True
        same += 1
        if same >= 4:
            return False
    return None


def ratio_is_power(a: Any, b: Any, sym: Any, domains: dict[Any, Domain], seed: int = 29) -> bool:
    """Is a/b = c·sym^k (k ≠ 0) in ``sym`` (other symbols fixed)? Positive domains only."""
    dom = domains.get(sym, DEFAULT_DOMAIN)
    if dom.low <= 0:
        return False
    rng = random.Random(seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    for _ in range(8):
        env = sample_env(symbols, domains, rng)
        funcs = FunctionSet(rng)
        pts = []
        for s in (dom.low, math.sqrt(dom.low * dom.high), dom.high, (dom.low + dom.high) / 2):
            env[sym] = complex(s)
            va, vb = real_value(a, env, funcs), real_value(b, env, funcs)
            if va is None or vb is None or va == 0 or vb == 0:
                break
            pts.append((math.log(s), math.log(abs(va / vb))))
        if len(pts) < 4 or pts[0][0] == pts[2][0]:
            continue
        k = (pts[2][1] - pts[0][1]) / (pts[2][0] - pts[0][0])
        if abs(k) < 1e-6:
            return False
        return all(abs(y - (pts[0][1] + k * (x - pts[0][0]))) < 1e-6 for x, y in pts)
    return False
