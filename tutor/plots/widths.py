"""Problem 1's plots at any practice variant: W's entries and the inputs of any variance (1a),
the inputs of any law the variants draw (1b: Gaussian N(0, s²), uniform on [−s, s], ±s).

The closed forms are the core's (``tutor.homework.scaling``: the same functions the content's
derived values call); the Monte Carlo draws the matrices for real. At the handout's setting
(unit variances, standard normal inputs) every estimate is the one ``tutor.homework.scaling``
draws, from the same random stream. Pure and thread-safe; numpy is imported lazily.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from tutor.homework import scaling
from tutor.homework.scaling import Curve, Estimate

HANDOUT_LAW = "gaussian"


def _fraction(value: float | Fraction | int) -> Fraction:
    return Fraction(value).limit_denominator(10**6) if isinstance(value, float) else Fraction(value)


def init_rms2(d1: int, var_w: float = 1.0, var_x: float = 1.0) -> float:
    """E[RMS²(W x)] with Var W_jn = var_w, Var x_n = var_x: var_w·var_x·d1 (d2 does not enter)."""
    return var_w * var_x * d1


def init_constant(d1: int, var_w: float = 1.0, var_x: float = 1.0) -> float:
    """The multiplier of W that makes E[RMS²(c W x)] = 1: 1/√(var_w·var_x·d1)."""
    return 1.0 / math.sqrt(init_rms2(d1, var_w, var_x))


def mc_init_rms2(
    d1: int, d2: int, samples: int, seed: int, var_w: float = 1.0, var_x: float = 1.0, c: float = 1
) -> Estimate:
    """Monte Carlo E[RMS²(c W x)]: W x with these variances is √(var_w·var_x) times the
    standard one, draw for draw."""
    return scaling.mc_init_rms2(d1, d2, samples, seed, scale=c * math.sqrt(var_w * var_x))


def signgd_rms2(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """E[RMS²(y')] for a SignGD step on inputs of this law: d1·E[x²] + d1(d1−1)·(E|x|)²."""
    return scaling.signgd_rms2_law(d1, law, _fraction(s))


def signgd_constant(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """The multiplier of the update that makes E[RMS²(c·y')] = 1."""
    return 1.0 / math.sqrt(signgd_rms2(d1, law, s))


def independent_rms2(d1: int, law: str = HANDOUT_LAW, s: float = 1.0) -> float:
    """The same update applied to an independent input: d1·E[x²]."""
    return d1 * float(scaling.second_moment(law, _fraction(s)))


def draw_inputs(rng, law: str, s: float, shape: tuple[int, ...]):
    """Inputs of the law: s·N(0, 1) (the standard stream, scaled), uniform on [−s, s], or ±s."""
    if law == "gaussian":
        return s * rng.standard_normal(shape)
    if law == "uniform":
        return rng.uniform(-s, s, shape)
    if law == "sign":
        return s * (2.0 * rng.integers(0, 2, shape) - 1.0)
    raise ValueError(f"unknown input law {law!r}: use one of {', '.join(scaling.INPUT_LAWS)}")


def mc_signgd_rms2(
    d1: int,
    d2: int,
    samples: int,
    seed: int,
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    c: float = 1.0,
    independent: bool = False,
) -> Estimate:
    """Monte Carlo E[RMS²(c·sign(g xᵀ) u)], u = x or an independent input of the same law."""
    import numpy as np

    scaling._check(d1, d2, samples)
    rng = scaling._rng(seed, scaling._SIGNGD, d1, d2, int(independent))
    out = []
    for n in scaling._chunks(samples, d1 * d2):
        g = rng.standard_normal((n, d2))
        x = draw_inputs(rng, law, s, (n, d1))
        update = np.sign(g[:, :, None] * x[:, None, :])  # the d2×d1 gradient g xᵀ, signed
        u = draw_inputs(rng, law, s, (n, d1)) if independent else x
        y = c * np.einsum("sij,sj->si", update, u)
        out.append(np.mean(y * y, axis=1))
    return scaling._estimate(np.concatenate(out))


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
    return scaling._curve(label, xs, estimates)


def _xs(values) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def init_scaling(
    var_w: float = 1.0,
    var_x: float = 1.0,
    d1s=scaling.DEFAULT_D1S,
    d2s=scaling.DEFAULT_D2S,
    samples: int = scaling.DEFAULT_SAMPLES,
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
                [mc_init_rms2(d1, d2, samples, seed, var_w, var_x) for d1 in d1s],
            )
        )
        scaled.append(
            _curve(
                f"scaled by the 1a constant, d2={d2}",
                d1s,
                [
                    mc_init_rms2(
                        d1, d2, samples, seed, var_w, var_x, init_constant(d1, var_w, var_x)
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
        theory=Curve("theory (your 1a answer)", xs, tuple(init_rms2(d, var_w, var_x) for d in d1s)),
        mc=tuple(mc),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=tuple(scaled),
    )


def signgd_scaling(
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    d1s=scaling.DEFAULT_D1S,
    d2: int = 8,
    samples: int = scaling.DEFAULT_SAMPLES,
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
        theory=Curve("theory (your 1b answer)", xs, tuple(signgd_rms2(d, law, s) for d in d1s)),
        mc=_curve(
            f"Monte Carlo, same x (d2={d2})",
            d1s,
            [mc_signgd_rms2(d1, d2, samples, seed, law, s) for d1 in d1s],
        ),
        scaled_theory=Curve("theory scaled: 1", xs, tuple(1.0 for _ in d1s)),
        scaled_mc=_curve(
            "scaled by the 1b constant",
            d1s,
            [
                mc_signgd_rms2(d1, d2, samples, seed, law, s, signgd_constant(d1, law, s))
                for d1 in d1s
            ],
        ),
        independent_theory=Curve(
            "theory, independent x", xs, tuple(independent_rms2(d, law, s) for d in d1s)
        ),
        independent_mc=_curve(
            "Monte Carlo, independent x",
            d1s,
            [mc_signgd_rms2(d1, d2, samples, seed, law, s, independent=True) for d1 in d1s],
        ),
    )


def d2_independence(
    d1: int = 16,
    var_w: float = 1.0,
    var_x: float = 1.0,
    law: str = HANDOUT_LAW,
    s: float = 1.0,
    d2s=(1, 2, 4, 8, 16, 32, 64, 128),
    samples: int = scaling.DEFAULT_SAMPLES,
    seed: int = 0,
) -> D2Independence:
    d1 = int(d1)
    d2s = tuple(int(d) for d in d2s)
    xs = _xs(d2s)
    init = init_rms2(d1, var_w, var_x)
    signgd = signgd_rms2(d1, law, s)
    return D2Independence(
        d1=d1,
        d2s=d2s,
        samples=samples,
        seed=seed,
        init_theory=Curve(f"init theory: {init:.4g}", xs, tuple(init for _ in d2s)),
        init_mc=_curve(
            "init, Monte Carlo",
            d2s,
            [mc_init_rms2(d1, d2, samples, seed, var_w, var_x) for d2 in d2s],
        ),
        signgd_theory=Curve(f"SignGD theory: {signgd:.4g}", xs, tuple(signgd for _ in d2s)),
        signgd_mc=_curve(
            "SignGD, Monte Carlo",
            d2s,
            [mc_signgd_rms2(d1, d2, samples, seed, law, s) for d2 in d2s],
        ),
    )
