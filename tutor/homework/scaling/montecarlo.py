"""Problem 1's Monte Carlo estimators: E[RMS²] of the layer's output, drawing the matrices.

numpy is imported lazily; each point is seeded on its own (seed, experiment, d1, d2), so its
value does not depend on which other points are drawn. Draws are chunked to bound memory.
"""

from __future__ import annotations

import math

from tutor.homework.curves import Estimate
from tutor.homework.scaling.laws import HANDOUT_LAW, draw_inputs
from tutor.homework.stopping import chunks

MAX_DRAWS_PER_CHUNK = 1 << 21
"""Matrix entries drawn at once (about 16 MB of float64), to bound memory."""

DEFAULT_SAMPLES = 400

# stream tags so the different experiments never share random numbers
_INIT, _SIGNGD = 1, 2


def _rng(seed: int, *tags: int):
    import numpy as np

    return np.random.default_rng([int(seed), *(int(t) for t in tags)])


def _chunks(samples: int, per_sample: int):
    # a build nobody waits for stops between chunks (tutor.homework.stopping)
    return chunks(samples, MAX_DRAWS_PER_CHUNK // max(1, per_sample))


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
    law: str = HANDOUT_LAW,
    s: float = 1.0,
) -> Estimate:
    """Monte Carlo E[RMS²(c·sign(g xᵀ) u)] with u = x (``independent=False``) or a fresh x̃,
    the inputs of ``law`` with scale ``s`` (the handout: standard normal).

    g ~ N(0, I_d2) stands in for the back-propagated vector: only its signs matter.
    """
    import numpy as np

    _check(d1, d2, samples)
    rng = _rng(seed, _SIGNGD, d1, d2, int(independent))
    out = []
    for n in _chunks(samples, d1 * d2):
        g = rng.standard_normal((n, d2))
        x = draw_inputs(rng, law, s, (n, d1))
        update = np.sign(g[:, :, None] * x[:, None, :])  # the d2×d1 gradient g xᵀ, signed
        u = draw_inputs(rng, law, s, (n, d1)) if independent else x
        y = scale * np.einsum("sij,sj->si", update, u)
        out.append(np.mean(y * y, axis=1))
    return _estimate(np.concatenate(out))
