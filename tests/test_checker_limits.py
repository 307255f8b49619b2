"""A limit (a box with ``bound = "upper"`` or ``"lower"``) that is not a whole number: a
rounding of it to at least three significant digits is the limit to its precision; with fewer
digits it is partial: cut on its safe side a safe limit that stops short, rounded past it a
coarse one that lets values just beyond it through; cut on the unsafe side, or far off, it is
wrong."""

from __future__ import annotations

import math

import pytest
from class_helpers import CONTENT

from tutor.checking.judge import check
from tutor.variants.engine import instantiate


def _limit(box) -> float:
    import sympy as sp

    return float(sp.sympify(box.answer))


def _rounds_up(count: int) -> list[int]:
    """The first seeds whose 5c break-even is not whole and rounds up (46.875 ns): cut to a
    whole number it is not its rounding (39.29 ns cut to 39 is)."""
    seeds = (s for s in range(1, 200) if _limit(_box(s)) % 1 > 0.5)
    return [next(seeds) for _ in range(count)]


def _box(seed: int):
    return instantiate(CONTENT, "5c", seed=seed).boxes["5c.loaddisk"]


@pytest.mark.parametrize("seed", _rounds_up(4))
def test_a_limit_cut_to_fewer_digits_is_safe_but_short_and_a_rounding_is_the_limit(seed):
    box = _box(seed)
    limit = _limit(box)
    down = math.floor(limit)
    v = check(box, f"at most {down} ns")
    assert (v.verdict, v.note) == ("partial", "short"), (seed, limit, v.feedback)
    assert str(down) not in v.feedback and f"{limit:.2f}" not in v.feedback  # no digits given
    assert check(box, f"{down}").note == "short"
    assert check(box, f"{limit:.3g}").verdict == "correct"  # a rounding, even upward
    assert check(box, f"{math.ceil(limit) + 1}").verdict == "incorrect"  # past it: unsafe
    assert check(box, f"{down - 5}").verdict == "incorrect"  # far below: not the limit


@pytest.mark.parametrize("seed", _rounds_up(4))
def test_a_limit_rounded_past_it_to_fewer_digits_is_coarse_never_correct(seed):
    box = _box(seed)
    limit = _limit(box)
    up = math.ceil(limit)  # 47 for 46.875: a disk at 46.9 ns passes it, and is too slow
    for answer in (f"{up}", f"at most {up} ns", f"t <= {up}"):
        v = check(box, answer)
        assert (v.verdict, v.note) == ("partial", "coarse"), (seed, limit, answer, v.feedback)
        assert str(up) not in v.feedback and f"{limit:.3g}" not in v.feedback
    assert check(box, f"{limit:.4g}").verdict == "correct"


def _rounds_down(count: int) -> list[int]:
    seeds = (s for s in range(1, 200) if 0 < _limit(_box(s)) % 1 < 0.5 and _limit(_box(s)) < 100)
    return [next(seeds) for _ in range(count)]


@pytest.mark.parametrize("seed", _rounds_down(2))
def test_a_whole_rounding_down_of_a_two_digit_limit_is_short(seed):
    box = _box(seed)
    limit = _limit(box)
    assert check(box, f"{round(limit)}").note == "short", (seed, limit)
    assert check(box, f"{limit:.3g}").verdict == "correct"
