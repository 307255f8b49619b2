"""The width sweep's numerics: small MLPs trained under SP and under μP (a small Figure 1 of TP5).

The experiment
--------------
A fixed synthetic regression task ("tanh-teacher"): inputs x ~ N(0, I) in ``input_dim``
dimensions, ``train_size`` of them drawn once; the target is a random one-hidden-layer tanh
network of width ``teacher_width``, centred and scaled to unit variance (so predicting 0 gives
loss 1). The students are ReLU MLPs with ``depth`` hidden layers of width n and biases:
``input_dim → n → … → n → 1`` (one input weight matrix, ``depth − 1`` hidden n×n matrices and
one output vector, no output bias). Each is trained with Adam (β₁ = 0.9, β₂ = 0.999,
ε = 1e-8) for ``steps`` minibatch steps on the squared error, with the learning rate decayed
linearly to zero (the final loss is then a clean read-out, not a noisy snapshot). The score is
the mean squared error over the whole training set after the last step.

Every width × learning rate is trained under both parameterizations. All runs of one width
share the same initial Gaussian draws and the same minibatch order, so the only differences are
the learning rate and the parameterization.

What "SP" and "μP" mean here (Table 3 of Tensor Programs V, arXiv 2203.03466)
---------------------------------------------------------------------------
Table 3 has three columns (input weights & all biases | output weights | hidden weights) and
rows for the initial variance, the SGD learning rate and the Adam learning rate. Only the Adam
row matters for the learning rates here. Let m = n / ``base_width`` (the width multiplier;
Table 3 is read "up to constants", and we pin the constants so that μP and SP coincide exactly
at the base width):

============================  ==========================  ==========================
cell of Table 3               SP (implemented)            μP (implemented)
============================  ==========================  ==========================
input weights, init var       1 / input_dim               1 / input_dim
input weights, Adam LR        η                           η            ("1")
biases, init                  0                           0            (width-free*)
biases, Adam LR               η                           η            ("1")
hidden weights, init var      1 / n                       1 / n        ("1/fan_in")
hidden weights, Adam LR       η                           η / m        ("1/fan_in")
output weights, init var      1 / n                       1 / n²       ("1/fan_in²"**)
output weights, Adam LR       η                           η / m        ("1/fan_in")
============================  ==========================  ==========================

(*) a bias is a weight on the constant input 1, so its "1/fan_in" is a width-independent
constant; 0 is such a constant. The SGD row of Table 3 is not used (every run uses Adam).

(**) Table 3 read literally: variance 1/n², with constant 1. Version 1 of the width sweep used
1/(n·m) = base_width/n², the same scaling with a constant 64 times larger, so that μP and SP
coincided at the base width. With that constant the initial readout W(0) (entries of size
√(base_width)/n) is large at these widths: the output's change contains a term W(0)·Δh whose
random part shrinks like 1/√n, and the μP output's coordinate check fell by a factor of about
2 from width 64 to 2048 although its infinite-width limit is flat. With the literal 1/n² that
term is 8 times smaller at the base width and every μP curve is flat within a few per cent.
(The μP authors also recommend starting the readout at 0, the same scaling with constant 0.)
So μP and SP differ at the base width only in the readout's initialization.

There is no separate output multiplier: Table 3 states μP through initializations and learning
rates alone (the paper also gives equivalent forms that move the 1/fan_in into a multiplier on
the output layer).
Under SP with Adam every weight entry moves by about η per step whatever the width, so a
hidden layer's pre-activation (a sum of n correlated terms) changes by about η·n: the stable
and the best η fall like 1/n. Under μP the 1/m factor cancels that, so one η is best at every
width, and wider networks (closer to the infinite-width limit) train at least as well.

A run whose loss becomes non-finite or exceeds ``DIVERGED_LOSS`` is stopped and recorded as
diverged (``inf``).

The coordinate check
--------------------
At a fixed learning rate (``coord_log2_lr``) each of ``coord_widths`` is trained for
``coord_steps`` steps on one fixed batch (the first ``coord_probe`` training points, averaged
over ``coord_seeds`` initializations), and the RMS of the change of every layer's output (the
ReLU features of each hidden layer and the network output) is measured on that same batch:
the change Δh(x) of Desideratum 1 in the spectral-condition paper, on the inputs the steps
were taken on. (Measured on other inputs, a width-independent part of the change is joined
by a random part that shrinks like 1/√n, a finite-width effect that hides the flatness.)
Under SP the hidden and output changes grow like n; under μP they stay flat.

numpy is imported inside functions.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tutor.homework.widthsweep.experiment import (
    DIVERGED_LOSS,
    LABELS,
    PARAMETRIZATIONS,
    CoordCheck,
    Partial,
    Progress,
    SweepCancelled,
    SweepResult,
    SweepSettings,
)


def _make_task(s: SweepSettings):
    import numpy as np

    rng = np.random.default_rng([s.seed, 1])
    x = rng.standard_normal((s.train_size, s.input_dim))
    u = rng.standard_normal((s.input_dim, s.teacher_width)) / math.sqrt(s.input_dim)
    a = rng.standard_normal(s.teacher_width)
    y = np.tanh(2.0 * (x @ u)) @ a
    std = float(y.std())
    y = (y - y.mean()) / (std if std > 0 else 1.0)
    return x.astype(np.float32), y.astype(np.float32)[:, None]


class Ticker:
    """Progress bookkeeping: work units done out of a total, and the cancellation check."""

    def __init__(self, total: float, progress: Progress | None, cancel: Callable[[], bool]):
        self.total = max(total, 1e-9)
        self.done = 0.0
        self.progress = progress
        self.cancel = cancel
        self.message = ""
        self.last = -1.0
        self.last_time = 0.0

    def check(self) -> None:
        if self.cancel():
            raise SweepCancelled("the width sweep was cancelled")

    def add(self, units: float, message: str | None = None) -> None:
        self.done += units
        changed = message is not None and message != self.message
        if message is not None and changed:
            self.message = message
        self.check()
        if self.progress is None:
            return
        fraction = min(self.done / self.total, 0.999)
        now = time.perf_counter()
        # At most ~20 calls a second (a UI posts each one), always on a new message.
        if fraction >= self.last and (changed or now - self.last_time >= 0.05):
            self.last, self.last_time = fraction, now
            self.progress(fraction, self.message)


def initial_weights(s: SweepSettings, param: str, width: int, init_seed: Sequence[int]):
    """The weight matrices at initialization, input first, and each one's Adam LR multiplier.

    Table 3 of Tensor Programs V (see the module docstring): every layer starts with
    variance 1/fan_in except μP's readout (1/fan_in²); μP divides the Adam LR of the hidden
    and output weights by m = width / base_width. Biases start at 0 with multiplier 1.
    """
    import numpy as np

    f32 = np.float32
    n = width
    m = width / s.base_width
    shapes = [(s.input_dim, n)] + [(n, n)] * (s.depth - 1) + [(n, 1)]
    rng = np.random.default_rng(list(init_seed))
    weights, scales = [], []
    for i, (fan_in, fan_out) in enumerate(shapes):
        z = rng.standard_normal((fan_in, fan_out), dtype=f32)
        is_out = i == len(shapes) - 1
        var, scale = 1.0 / fan_in, 1.0
        if param == "mup":
            if is_out:
                var = 1.0 / (fan_in * fan_in)  # Table 3: output init var 1/fan_in²
            if i > 0:
                scale = 1.0 / m  # Table 3: hidden and output Adam LR 1/fan_in
        weights.append(z * f32(math.sqrt(var)))
        scales.append(scale)
    return weights, scales


def _train(
    s: SweepSettings,
    param: str,
    width: int,
    log2_lrs: Sequence[float],
    steps: int,
    x,
    y,
    init_seed: Sequence[int],
    probe=None,
    ticker: Ticker | None = None,
    units_per_step: float = 0.0,
):
    """Train one MLP per learning rate (stacked along axis 0); return the final losses.

    With ``probe`` given (a batch ``(inputs, targets)``), every step is taken on that batch
    and the result is instead the RMS change of each layer's output on it between
    initialization and the end (shape [layers, learning rates]).
    """
    import numpy as np

    f32 = np.float32
    n, depth, k = width, s.depth, len(log2_lrs)
    eta = (2.0 ** np.asarray(log2_lrs, dtype=np.float64)).astype(f32)[:, None, None]
    weights, lrs = [], []
    for w, scale in zip(*initial_weights(s, param, width, init_seed), strict=True):
        weights.append(np.repeat(w[None], k, axis=0))
        lrs.append(eta * f32(scale))
    biases = [np.zeros((k, 1, n), f32) for _ in range(depth)]
    params = weights + biases
    lrs = lrs + [eta] * depth  # Table 3: biases' Adam LR 1 (width-free)
    n_w = len(weights)
    moms = [np.zeros_like(p) for p in params]
    vels = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    if probe is not None:  # the coordinate check: every step on the probe batch
        x, y = probe
        order = np.broadcast_to(np.arange(x.shape[0]), (steps, x.shape[0]))
    else:
        order = np.random.default_rng([s.seed, 3]).integers(0, x.shape[0], (steps, s.batch_size))
    active = np.arange(k)
    final = np.full(k, math.inf)

    def forward(inputs, ps):
        hs, zs = [np.broadcast_to(inputs, (ps[0].shape[0],) + inputs.shape)], []
        for layer in range(depth):
            z = hs[-1] @ ps[layer]
            z += ps[n_w + layer]
            zs.append(z)
            hs.append(np.maximum(z, 0))
        return hs, zs, hs[-1] @ ps[depth]

    probe_before = None
    if probe is not None:
        hs, _, out = forward(x, params)
        probe_before = [h.copy() for h in hs[1:]] + [out]

    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            xb, yb = x[order[t - 1]], y[order[t - 1]]
            hs, zs, out = forward(xb, params)
            err = out - yb
            loss = np.mean(err[..., 0] ** 2, axis=1)
            bad = ~(loss <= DIVERGED_LOSS)  # also catches NaN
            if bad.any() and probe is None:
                keep = ~bad
                active = active[keep]
                if len(active) == 0:
                    if ticker is not None:
                        ticker.add(units_per_step * (steps - t + 1))
                    break
                params = [p[keep] for p in params]
                moms = [p[keep] for p in moms]
                vels = [p[keep] for p in vels]
                lrs = [p[keep] for p in lrs]
                hs = [h[keep] for h in hs]
                zs = [z[keep] for z in zs]
                err = err[keep]
            grad_out = err * f32(1.0 / xb.shape[0])  # d(½·mean sq. error)/d(out)
            grads: list[Any] = [None] * len(params)
            grads[depth] = hs[-1].transpose(0, 2, 1) @ grad_out
            dh = grad_out @ params[depth].transpose(0, 2, 1)
            for layer in range(depth - 1, -1, -1):
                dz = dh * (zs[layer] > 0)
                grads[layer] = hs[layer].transpose(0, 2, 1) @ dz
                grads[n_w + layer] = dz.sum(axis=1, keepdims=True)
                if layer > 0:
                    dh = dz @ params[layer].transpose(0, 2, 1)
            decay = 1.0 - (t - 1) / steps if s.lr_decay else 1.0
            c1, c2 = 1.0 - beta1**t, 1.0 - beta2**t
            # Adam, in place: p -= lr·decay·(m/c1)/(sqrt(v/c2)+eps), rewritten to reuse g.
            scale = f32(decay * math.sqrt(c2) / c1)
            for g, mom, vel, p, lr in zip(grads, moms, vels, params, lrs, strict=True):
                mom *= f32(beta1)
                mom += f32(1.0 - beta1) * g
                np.multiply(g, g, out=g)
                g *= f32(1.0 - beta2)
                vel *= f32(beta2)
                vel += g
                np.sqrt(vel, out=g)
                g += f32(eps * math.sqrt(c2))
                np.divide(mom, g, out=g)
                g *= lr * scale
                p -= g
            if ticker is not None:
                ticker.add(units_per_step)

        if probe is not None:
            hs, _, out = forward(x, params)
            after = [h for h in hs[1:]] + [out]
            return np.array(
                [
                    np.sqrt(np.mean((a - b).astype(np.float64) ** 2, axis=(1, 2)))
                    for a, b in zip(after, probe_before or [], strict=True)
                ]
            )
        if len(active):
            _, _, out = forward(x, params)
            loss = np.mean((out - y)[..., 0].astype(np.float64) ** 2, axis=1)
            final[active] = np.where(loss <= DIVERGED_LOSS, loss, math.inf)
    return final


def _cost(s: SweepSettings, width: int) -> float:
    """Relative cost of one training step of one run at ``width`` (multiply-adds per sample)."""
    return s.input_dim * width + (s.depth - 1) * width * width + width + 8 * s.depth * width


def _finite_or_inf(v: Any) -> float:
    v = float(v)
    return v if math.isfinite(v) else math.inf


def _chunk_size(width: int) -> int:
    """How many learning rates to train side by side (stacked arrays).

    Stacking saves Python overhead for narrow nets; for wide ones it pushes the Adam state
    out of the CPU cache, so runs are trained a few at a time (about 1 MB per weight array).
    The numbers do not depend on the chunking: each run only ever sees its own slice.
    """
    return max(1, (1 << 18) // (width * width))


def layer_names(depth: int) -> tuple[str, ...]:
    return (
        ("layer 1 (input W)",)
        + tuple(f"layer {i} (hidden W)" for i in range(2, depth + 1))
        + ("output",)
    )


def _coord_check(s: SweepSettings, x, y, ticker: Ticker) -> CoordCheck:
    import numpy as np

    probe = (x[: s.coord_probe], y[: s.coord_probe])
    coord = []
    for param in PARAMETRIZATIONS:
        per_layer = np.zeros((s.depth + 1, len(s.coord_widths)))
        for j, w in enumerate(s.coord_widths):
            ticker.add(0, f"coordinate check: {LABELS[param]} width {w}")
            total = np.zeros(s.depth + 1)
            for r in range(s.coord_seeds):
                rms = _train(
                    s,
                    param,
                    w,
                    [s.coord_log2_lr],
                    s.coord_steps,
                    x,
                    y,
                    (s.seed, 4, r, w),
                    probe=probe,
                    ticker=ticker,
                    units_per_step=_coord_cost(s, w),
                )
                total += rms[:, 0]
            per_layer[:, j] = total / s.coord_seeds
        # Non-finite (blown-up) values are stored as inf, as they read back from the cache.
        coord.append(tuple(tuple(_finite_or_inf(v) for v in row) for row in per_layer))
    return CoordCheck(
        widths=s.coord_widths,
        layers=layer_names(s.depth),
        log2_lr=s.coord_log2_lr,
        steps=s.coord_steps,
        rms_change=tuple(coord),
    )


def compute(s: SweepSettings, ticker: Ticker, partial: Partial | None = None):
    """The coordinate check, then every width (narrowest first) under SP and μP.

    After each width, ``partial`` (if given) gets a result for the widths done so far.
    """
    x, y = _make_task(s)
    coord = _coord_check(s, x, y, ticker)
    # losses[p][j]: the curve of parametrization p at width j, filled width by width
    losses: list[list[tuple[float, ...]]] = [[] for _ in PARAMETRIZATIONS]
    for w in s.widths:
        for p, param in enumerate(PARAMETRIZATIONS):
            ticker.add(0, f"{LABELS[param]} width {w}: {len(s.log2_lrs)} learning rates")
            final: list[float] = []
            chunk = _chunk_size(w)
            for i in range(0, len(s.log2_lrs), chunk):
                lrs = s.log2_lrs[i : i + chunk]
                part = _train(
                    s,
                    param,
                    w,
                    lrs,
                    s.steps,
                    x,
                    y,
                    (s.seed, 2, w),
                    ticker=ticker,
                    units_per_step=_cost(s, w) * len(lrs),
                )
                final.extend(_finite_or_inf(v) for v in part)
            losses[p].append(tuple(final))
        done = len(losses[0])
        if partial is not None and done < len(s.widths):
            partial(
                SweepResult(
                    settings=replace(s, widths=s.widths[:done]),
                    final_loss=tuple(tuple(pw) for pw in losses),
                    coord=coord,
                    compute_s=0.0,
                    complete=False,
                )
            )
    return tuple(tuple(pw) for pw in losses), coord


def _coord_cost(s: SweepSettings, width: int) -> float:
    """``_cost`` of one coordinate-check step (taken on ``coord_probe`` points, not a batch)."""
    return _cost(s, width) * s.coord_probe / s.batch_size


def total_units(s: SweepSettings) -> float:
    train = sum(_cost(s, w) * len(s.log2_lrs) * s.steps for w in s.widths) * len(PARAMETRIZATIONS)
    coord = sum(_coord_cost(s, w) * s.coord_steps * s.coord_seeds for w in s.coord_widths)
    return train + coord * len(PARAMETRIZATIONS)
