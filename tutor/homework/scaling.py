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

The closed forms are plain functions; the Monte Carlo estimators draw the
matrices for real (numpy, imported lazily), seeded per point so a point's value
does not depend on which other points are drawn. Everything here is pure and
thread-safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

MAX_DRAWS_PER_CHUNK = 1 << 21
"""Matrix entries drawn at once (about 16 MB of float64), to bound memory."""

DEFAULT_D1S = (1, 2, 4, 8, 16, 32, 64, 128, 256)
DEFAULT_D2S = (3, 50)
DEFAULT_SAMPLES = 400

# stream tags so the different experiments never share random numbers
_INIT, _SIGNGD = 1, 2


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo mean with its standard error."""

    mean: float
    stderr: float
    samples: int


@dataclass(frozen=True)
class Curve:
    """One line (theory) or set of points (Monte Carlo) on a plot: ``y`` against ``x``."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    stderr: tuple[float, ...] = ()
    """Standard errors of Monte Carlo means (empty when not known or for theory)."""
    monte_carlo: bool = False


# ---------------------------------------------------------------- closed forms


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


# ---------------------------------------------------------------- other input laws
#
# The SignGD result holds for any input law with i.i.d. entries: E[RMS²(y')] = E[S²] =
# d1·E[x²] + d1(d1−1)·(E|x|)², and the constant for expected RMS 1 is 1/(d1·E|x|). The laws
# practice variants use, each with a scale s > 0:

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


# ---------------------------------------------------------------- Monte Carlo


def _rng(seed: int, *tags: int):
    import numpy as np

    return np.random.default_rng([int(seed), *(int(t) for t in tags)])


def _chunks(samples: int, per_sample: int):
    size = max(1, MAX_DRAWS_PER_CHUNK // max(1, per_sample))
    done = 0
    while done < samples:
        n = min(size, samples - done)
        yield n
        done += n


def _estimate(values) -> Estimate:
    import numpy as np

    values = np.asarray(values, dtype=float)
    n = values.size
    stderr = float(values.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
    return Estimate(float(values.mean()), stderr, int(n))


def _check(d1: int, d2: int, samples: int) -> None:
    if d1 < 1 or d2 < 1:
        raise ValueError(f"widths must be >= 1 (got d1={d1}, d2={d2})")
    if samples < 2:
        raise ValueError(f"need at least 2 samples (got {samples})")


def mc_init_rms2(
    d1: int, d2: int, samples: int = DEFAULT_SAMPLES, seed: int = 0, scale: float = 1.0
) -> Estimate:
    """Monte Carlo E[RMS²(c W x)]: ``samples`` independent draws of W (d2×d1) and x."""
    import numpy as np

    _check(d1, d2, samples)
    rng = _rng(seed, _INIT, d1, d2)
    out = []
    for n in _chunks(samples, d1 * d2):
        w = rng.standard_normal((n, d2, d1))
        x = rng.standard_normal((n, d1))
        y = scale * np.einsum("sij,sj->si", w, x)
        out.append(np.mean(y * y, axis=1))
    return _estimate(np.concatenate(out))


def mc_signgd_rms2(
    d1: int,
    d2: int,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    scale: float = 1.0,
    independent: bool = False,
) -> Estimate:
    """Monte Carlo E[RMS²(c·sign(g xᵀ) u)] with u = x (``independent=False``) or a fresh x̃.

    g ~ N(0, I_d2) stands in for the back-propagated vector: only its signs matter.
    """
    import numpy as np

    _check(d1, d2, samples)
    rng = _rng(seed, _SIGNGD, d1, d2, int(independent))
    out = []
    for n in _chunks(samples, d1 * d2):
        g = rng.standard_normal((n, d2))
        x = rng.standard_normal((n, d1))
        update = np.sign(g[:, :, None] * x[:, None, :])  # the d2×d1 gradient g xᵀ, signed
        u = rng.standard_normal((n, d1)) if independent else x
        y = scale * np.einsum("sij,sj->si", update, u)
        out.append(np.mean(y * y, axis=1))
    return _estimate(np.concatenate(out))


# ---------------------------------------------------------------- plot data


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
