"""Problem 1's plots as data: theory curves next to Monte Carlo points, at the handout's setting
or a practice variant's.

``init_scaling`` (1a: against d1, unscaled and scaled by the 1a constant, for W's entries and the
inputs of any variance), ``signgd_scaling`` (1b: the SignGD feature change, same and
independent input, scaled by the 1b constant, for inputs of any law the variants draw:
Gaussian N(0, s²), uniform on [−s, s], ±s) and ``d2_independence`` (1c: both against d2, flat).
At the handout's setting (unit variances, standard normal inputs) the estimates are the
handout's, draw for draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.homework.curves import Curve, Estimate
from tutor.homework.scaling import montecarlo
from tutor.homework.scaling.laws import (
    HANDOUT_LAW,
    independent_rms2_at,
    init_constant_at,
    init_rms2_at,
    signgd_constant_at,
    signgd_rms2_at,
)
from tutor.homework.scaling.montecarlo import DEFAULT_SAMPLES

DEFAULT_D1S = (1, 2, 4, 8, 16, 32, 64, 128, 256)
DEFAULT_D2S = (3, 50)


def _mc_init(
    d1: int, d2: int, samples: int, seed: int, var_w: float = 1.0, var_x: float = 1.0, c: float = 1
) -> Estimate:
    """E[RMS²(c W x)] at these variances: √(var_w·var_x) times the standard W x, draw for draw."""
    return montecarlo.mc_init_rms2(d1, d2, samples, seed, scale=c * math.sqrt(var_w * var_x))


def _mc_signgd(
    d1: int,
    d2: int,
    samples: int,
    seed: int,
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    c: float = 1.0,
    independent: bool = False,
) -> Estimate:
    return montecarlo.mc_signgd_rms2(
        d1, d2, samples, seed, scale=c, independent=independent, law=law, s=s
    )


@dataclass(frozen=True)
class InitScaling:
    """1a: E[RMS²(W x)] against d1 for several d2, unscaled and scaled by the 1a constant."""

    d1s: tuple[int, ...]
    d2s: tuple[int, ...]
    samples: int
    seed: int
    var_w: float
    var_x: float
    theory: Curve
    mc: tuple[Curve, ...]
    scaled_theory: Curve
    scaled_mc: tuple[Curve, ...]


@dataclass(frozen=True)
class SignGDScaling:
    """1b: E[RMS²(y')] of the SignGD feature change against d1, for inputs of one law."""

    d1s: tuple[int, ...]
    d2: int
    samples: int
    seed: int
    law: str
    s: float
    theory: Curve
    mc: Curve
    scaled_theory: Curve
    scaled_mc: Curve
    independent_theory: Curve
    independent_mc: Curve


@dataclass(frozen=True)
class D2Independence:
    """1c: both quantities against d2 at a fixed d1."""

    d1: int
    d2s: tuple[int, ...]
    samples: int
    seed: int
    init_theory: Curve
    init_mc: Curve
    signgd_theory: Curve
    signgd_mc: Curve


def _curve(label: str, xs, estimates) -> Curve:
    return Curve(
        label,
        tuple(float(x) for x in xs),
        tuple(e.mean for e in estimates),
        tuple(e.stderr for e in estimates),
        monte_carlo=True,
    )


def _xs(values) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def init_scaling(
    var_w: float = 1.0,
    var_x: float = 1.0,
    d1s=DEFAULT_D1S,
    d2s=DEFAULT_D2S,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> InitScaling:
    d1s, d2s = tuple(int(d) for d in d1s), tuple(int(d) for d in d2s)
    xs = _xs(d1s)
    mc, scaled = [], []
    for d2 in d2s:
        mc.append(
            _curve(
                f"Monte Carlo, d2={d2}",
                d1s,
                [_mc_init(d1, d2, samples, seed, var_w, var_x) for d1 in d1s],
            )
        )
        scaled.append(
            _curve(
                f"scaled by the 1a constant, d2={d2}",
                d1s,
                [
                    _mc_init(
                        d1, d2, samples, seed, var_w, var_x, init_constant_at(d1, var_w, var_x)
                    )
                    for d1 in d1s
                ],
            )
        )
    return InitScaling(
        d1s=d1s,
        d2s=d2s,
        samples=samples,
        seed=seed,
        var_w=float(var_w),
        var_x=float(var_x),
        theory=Curve(
            "theory (the 1a answer)", xs, tuple(init_rms2_at(d, var_w, var_x) for d in d1s)
        ),
        mc=tuple(mc),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=tuple(scaled),
    )


def signgd_scaling(
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    d1s=DEFAULT_D1S,
    d2: int = 8,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> SignGDScaling:
    d1s = tuple(int(d) for d in d1s)
    xs = _xs(d1s)
    return SignGDScaling(
        d1s=d1s,
        d2=int(d2),
        samples=samples,
        seed=seed,
        law=law,
        s=float(s),
        theory=Curve("theory (the 1b answer)", xs, tuple(signgd_rms2_at(d, law, s) for d in d1s)),
        mc=_curve(
            f"Monte Carlo, same x (d2={d2})",
            d1s,
            [_mc_signgd(d1, d2, samples, seed, law, s) for d1 in d1s],
        ),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=_curve(
            "scaled by the 1b constant",
            d1s,
            [
                _mc_signgd(d1, d2, samples, seed, law, s, signgd_constant_at(d1, law, s))
                for d1 in d1s
            ],
        ),
        independent_theory=Curve(
            "theory, independent x", xs, tuple(independent_rms2_at(d, law, s) for d in d1s)
        ),
        independent_mc=_curve(
            "Monte Carlo, independent x",
            d1s,
            [_mc_signgd(d1, d2, samples, seed, law, s, independent=True) for d1 in d1s],
        ),
    )


def d2_independence(
    d1: int = 16,
    var_w: float = 1.0,
    var_x: float = 1.0,
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    d2s=(1, 2, 4, 8, 16, 32, 64, 128),
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> D2Independence:
    d1 = int(d1)
    d2s = tuple(int(d) for d in d2s)
    xs = _xs(d2s)
    init = init_rms2_at(d1, var_w, var_x)
    signgd = signgd_rms2_at(d1, law, s)
    return D2Independence(
        d1=d1,
        d2s=d2s,
        samples=samples,
        seed=seed,
        init_theory=Curve(f"init theory: {init:.4g}", xs, tuple(init for _ in d2s)),
        init_mc=_curve(
            "init, Monte Carlo",
            d2s,
            [_mc_init(d1, d2, samples, seed, var_w, var_x) for d2 in d2s],
        ),
        signgd_theory=Curve(f"SignGD theory: {signgd:.4g}", xs, tuple(signgd for _ in d2s)),
        signgd_mc=_curve(
            "SignGD, Monte Carlo",
            d2s,
            [_mc_signgd(d1, d2, samples, seed, law, s) for d2 in d2s],
        ),
    )
