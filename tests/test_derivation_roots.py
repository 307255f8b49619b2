"""The quick solver of a derivation's simple lines (``a·u + b``, ``a·u² + b``) gives what
``sympy.solve`` gives: the same solutions, dropped by the same test of the unknown's
assumptions; anything else is left to ``sympy.solve``."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from tutor.checking.derivation.solving import _simple_roots

d1 = sp.Symbol("d1", positive=True, integer=True)
d2 = sp.Symbol("d2", positive=True, integer=True)
k = sp.Symbol("k", real=True)
POSITIVE = sp.Symbol("c", positive=True)
REAL = sp.Symbol("c", real=True)

COEFFICIENTS = [
    sp.Integer(4) * d1,
    sp.sqrt(2 / sp.pi) * d1,
    sp.Rational(3, 4),
    -sp.Integer(2),
    d1 - 3,  # may be zero or negative: its sign unknown
    k,
    1 / d2,
]
CONSTANTS = [-sp.Integer(1), sp.Integer(1), -1 / (4 * d1), sp.pi, sp.Integer(0), -(k**2), d1 * d2]


def _same(found, expected):
    """Equal as sets (each solution checked at a few values of the other symbols)."""
    if len(found) != len(expected):
        return False
    points = [{d1: 7, d2: 3, k: sp.Rational(5, 2)}, {d1: 2, d2: 11, k: -3}]
    for point in points:
        got = sorted(complex(sp.N(s.subs(point))).real for s in found)
        want = sorted(complex(sp.N(s.subs(point))).real for s in expected)
        if any(abs(x - y) > 1e-9 for x, y in zip(got, want, strict=True)):
            return False
    return True


@pytest.mark.parametrize("u", [POSITIVE, REAL], ids=["positive", "real"])
@pytest.mark.parametrize("power", [1, 2])
def test_the_quick_roots_are_sympys(u, power):
    for a, b in itertools.product(COEFFICIENTS, CONSTANTS):
        f = a * u**power + b
        found = _simple_roots(f, u)
        if found is None:  # a square of something whose sign is unknown: sympy's to solve
            assert power == 2 and any(not x.is_positive for x in f.free_symbols - {u}), f
            continue
        expected = sp.solve(f, u, simplify=False)
        assert _same(found, expected), (f, found, expected)


@pytest.mark.parametrize(
    "f",
    [
        (POSITIVE - 1) * (POSITIVE + 1),  # a product: not one of the two shapes
        POSITIVE**3 * d1 - 1,
        sp.sqrt(POSITIVE) - 2,
        1 / POSITIVE - d1,
        POSITIVE * d1 + POSITIVE - 1,
        sp.Float(0.5) * POSITIVE - 1,  # decimals: sympy reads them as fractions first
        sp.exp(POSITIVE) - 2,
        4 * POSITIVE**2 * d1 - k**2,  # √(k²) = |k|: sympy's roots are ±k
    ],
)
def test_other_shapes_are_left_to_sympy(f):
    assert _simple_roots(f, POSITIVE) is None
