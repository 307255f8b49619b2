"""Problem 1's plots as data: theory curves next to Monte Carlo points.

``init_scaling`` (1a: against d1, unscaled and scaled by 1/√d1), ``signgd_scaling`` (1b: the
SignGD feature change, same and independent input, scaled by the 1b constant) and
``d2_independence`` (1c: both against d2, flat).
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.homework.curves import Curve
from tutor.homework.scaling.montecarlo import DEFAULT_SAMPLES, mc_init_rms2, mc_signgd_rms2
from tutor.homework.scaling.theory import (
    independent_update_rms2,
    init_constant,
    init_rms2,
    signgd_constant,
    signgd_rms2,
)

DEFAULT_D1S = (1, 2, 4, 8, 16, 32, 64, 128, 256)
DEFAULT_D2S = (3, 50)


@dataclass(frozen=True)
class InitScaling:
    """Plot 1: E[RMS²(W x)] against d1 for several d2, unscaled and scaled by 1/√d1."""

    d1s: tuple[int, ...]
    d2s: tuple[int, ...]
    samples: int
    seed: int
    theory: Curve
    mc: tuple[Curve, ...]
    """One curve per d2, unscaled."""
    scaled_theory: Curve
    scaled_mc: tuple[Curve, ...]
    """One curve per d2, W multiplied by 1/√d1."""


@dataclass(frozen=True)
class SignGDScaling:
    """Plot 2: E[RMS²(y')] of the SignGD feature change against d1."""

    d1s: tuple[int, ...]
    d2: int
    samples: int
    seed: int
    theory: Curve
    mc: Curve
    scaled_theory: Curve
    scaled_mc: Curve
    """The update multiplied by 1/√(d1 + (2/π)d1(d1−1))."""
    independent_theory: Curve
    independent_mc: Curve
    """The same update applied to an input independent of it."""


@dataclass(frozen=True)
class D2Independence:
    """Plot 3: both quantities against d2 at a fixed d1."""

    d1: int
    d2s: tuple[int, ...]
    samples: int
    seed: int
    init_theory: Curve
    init_mc: Curve
    signgd_theory: Curve
    signgd_mc: Curve


def _curve(label, xs, estimates) -> Curve:
    return Curve(
        label,
        tuple(float(x) for x in xs),
        tuple(e.mean for e in estimates),
        tuple(e.stderr for e in estimates),
        monte_carlo=True,
    )


def init_scaling(
    d1s=DEFAULT_D1S, d2s=DEFAULT_D2S, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> InitScaling:
    d1s, d2s = tuple(int(d) for d in d1s), tuple(int(d) for d in d2s)
    xs = tuple(float(d) for d in d1s)
    mc, scaled = [], []
    for d2 in d2s:
        mc.append(
            _curve(
                f"Monte Carlo, d2={d2}",
                d1s,
                [mc_init_rms2(d1, d2, samples, seed) for d1 in d1s],
            )
        )
        scaled.append(
            _curve(
                f"scaled by 1/√d1, d2={d2}",
                d1s,
                [mc_init_rms2(d1, d2, samples, seed, scale=init_constant(d1)) for d1 in d1s],
            )
        )
    return InitScaling(
        d1s=d1s,
        d2s=d2s,
        samples=samples,
        seed=seed,
        theory=Curve("theory: d1", xs, tuple(init_rms2(d) for d in d1s)),
        mc=tuple(mc),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=tuple(scaled),
    )


def signgd_scaling(
    d1s=DEFAULT_D1S, d2: int = 8, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> SignGDScaling:
    d1s = tuple(int(d) for d in d1s)
    xs = tuple(float(d) for d in d1s)
    return SignGDScaling(
        d1s=d1s,
        d2=int(d2),
        samples=samples,
        seed=seed,
        theory=Curve("theory (the 1b answer)", xs, tuple(signgd_rms2(d) for d in d1s)),
        mc=_curve(
            f"Monte Carlo, same x (d2={d2})",
            d1s,
            [mc_signgd_rms2(d1, d2, samples, seed) for d1 in d1s],
        ),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=_curve(
            "scaled by the 1b constant",
            d1s,
            [mc_signgd_rms2(d1, d2, samples, seed, scale=signgd_constant(d1)) for d1 in d1s],
        ),
        independent_theory=Curve(
            "theory, independent x: d1", xs, tuple(independent_update_rms2(d) for d in d1s)
        ),
        independent_mc=_curve(
            "Monte Carlo, independent x",
            d1s,
            [mc_signgd_rms2(d1, d2, samples, seed, independent=True) for d1 in d1s],
        ),
    )


def d2_independence(
    d1: int = 16, d2s=(1, 2, 4, 8, 16, 32, 64, 128), samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> D2Independence:
    d1 = int(d1)
    d2s = tuple(int(d) for d in d2s)
    xs = tuple(float(d) for d in d2s)
    return D2Independence(
        d1=d1,
        d2s=d2s,
        samples=samples,
        seed=seed,
        init_theory=Curve(f"init theory: d1 = {d1}", xs, tuple(init_rms2(d1) for _ in d2s)),
        init_mc=_curve(
            "init, Monte Carlo", d2s, [mc_init_rms2(d1, d2, samples, seed) for d2 in d2s]
        ),
        signgd_theory=Curve(
            f"SignGD theory: {signgd_rms2(d1):.4g}", xs, tuple(signgd_rms2(d1) for _ in d2s)
        ),
        signgd_mc=_curve(
            "SignGD, Monte Carlo", d2s, [mc_signgd_rms2(d1, d2, samples, seed) for d2 in d2s]
        ),
    )
