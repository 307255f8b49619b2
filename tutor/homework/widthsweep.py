"""Problem 2: a live width sweep of small MLPs under SP and under μP (a small Figure 1 of TP5).

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

(**) Table 3 read literally: variance 1/n², with constant 1. Version 1 of this module used
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

The coordinate check runs first (it takes well under a second), then the widths from the
narrowest up, each under SP and μP: ``run_sweep(partial=...)`` hands over a result for the
widths done so far after each width, so a plot can show curves while the rest trains.

Public API: ``SweepSettings``, ``run_sweep``, ``SweepResult``, ``CoordCheck``, ``draw_sweep``,
``draw_coord_check``, ``format_summary``; errors ``SweepCancelled`` and ``SettingsError``.
numpy is imported inside functions, so importing this module is cheap and thread-safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tutor.errors import UserError

ALGORITHM_VERSION = 2
"""Bump when the training code changes its numbers: old cache files are then ignored."""

PARAMETRIZATIONS = ("sp", "mup")
LABELS = {"sp": "SP", "mup": "μP"}
TASKS = ("tanh-teacher",)
DIVERGED_LOSS = 1e4
"""A run whose training loss exceeds this (targets have unit variance) is counted as diverged."""

CACHE_FORMAT = "hw3-tutor-widthsweep"
_COLORS = ("blue+", "green+", "orange+", "red+", "magenta+", "cyan+", "yellow+", "gray")
_LINE = "·"
"""Lines are drawn one character per cell, on the same grid as the ● markers: plotext's
half-block and braille lines sit half a cell off it, so a marker could show a row away from
its own line."""

Progress = Callable[[float, str], None]
Partial = Callable[["SweepResult"], None]
"""``partial(result)``: the widths done so far (``result.complete`` is False)."""


class SweepCancelled(Exception):
    """The sweep was cancelled through its ``cancel`` callable or event; nothing was cached."""


class SettingsError(UserError, ValueError):
    """Sweep settings that cannot be run (the message says which field and why)."""


@dataclass(frozen=True)
class SweepSettings:
    """Everything that determines a sweep's numbers (and so its cache key)."""

    widths: tuple[int, ...] = (64, 128, 256, 512)
    log2_lrs: tuple[float, ...] = tuple(float(v) for v in range(-12, 0))
    steps: int = 500
    batch_size: int = 16
    input_dim: int = 32
    depth: int = 2
    seed: int = 0
    task: str = "tanh-teacher"
    train_size: int = 2048
    teacher_width: int = 64
    base_width: int = 64
    lr_decay: bool = True
    coord_widths: tuple[int, ...] = (64, 128, 256, 512, 1024, 2048)
    coord_steps: int = 3
    coord_log2_lr: float = -8.0
    coord_seeds: int = 3
    coord_probe: int = 16

    def __post_init__(self) -> None:
        # Accept lists from callers (and JSON), but store tuples so the settings stay hashable.
        for name in ("widths", "log2_lrs", "coord_widths"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "log2_lrs", tuple(float(v) for v in self.log2_lrs))
        object.__setattr__(self, "coord_log2_lr", float(self.coord_log2_lr))
        self._validate()

    def _validate(self) -> None:
        def positive_ints(name: str, values: Sequence[Any], minimum: int = 1) -> None:
            if not values:
                raise SettingsError(f"{name} must not be empty")
            for v in values:
                if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
                    raise SettingsError(f"{name} must be whole numbers ≥ {minimum}, got {v!r}")
            if list(values) != sorted(set(values)):
                raise SettingsError(f"{name} must be increasing without repeats, got {values!r}")

        positive_ints("widths", self.widths)
        positive_ints("coord_widths", self.coord_widths)
        if not self.log2_lrs:
            raise SettingsError("log2_lrs must not be empty")
        if not all(math.isfinite(v) and -40 <= v <= 10 for v in self.log2_lrs):
            raise SettingsError(
                f"log2_lrs must be finite numbers in [-40, 10], got {self.log2_lrs!r}"
            )
        if list(self.log2_lrs) != sorted(set(self.log2_lrs)):
            raise SettingsError(
                f"log2_lrs must be increasing without repeats, got {self.log2_lrs!r}"
            )
        if not (math.isfinite(self.coord_log2_lr) and -40 <= self.coord_log2_lr <= 10):
            raise SettingsError(f"coord_log2_lr must be in [-40, 10], got {self.coord_log2_lr!r}")
        minimums = {
            "steps": 1,
            "batch_size": 1,
            "input_dim": 1,
            "depth": 2,
            "seed": 0,
            "train_size": 1,
            "teacher_width": 1,
            "base_width": 1,
            "coord_steps": 1,
            "coord_seeds": 1,
            "coord_probe": 1,
        }
        for name, minimum in minimums.items():
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
                why = " (a hidden n×n layer is needed)" if name == "depth" else ""
                raise SettingsError(f"{name} must be a whole number ≥ {minimum}{why}, got {v!r}")
        if self.task not in TASKS:
            raise SettingsError(f"unknown task {self.task!r}; known: {', '.join(TASKS)}")
        if not isinstance(self.lr_decay, bool):
            raise SettingsError(f"lr_decay must be true or false, got {self.lr_decay!r}")

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SweepSettings:
        return cls(**data)

    def key(self) -> str:
        """A stable hash of the settings (and the algorithm version): the cache key."""
        blob = json.dumps(
            {"algorithm": ALGORITHM_VERSION, "settings": self.to_json()},
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class CoordCheck:
    """RMS of each layer's activation change after ``steps`` Adam steps, against width."""

    widths: tuple[int, ...]
    layers: tuple[str, ...]
    log2_lr: float
    steps: int
    rms_change: tuple[tuple[tuple[float, ...], ...], ...]
    """Indexed [parametrization][layer][width], parametrizations in ``PARAMETRIZATIONS`` order."""

    def series(self, param: str, layer: int) -> tuple[float, ...]:
        return self.rms_change[PARAMETRIZATIONS.index(param)][layer]


@dataclass(frozen=True)
class SweepResult:
    """The outcome of ``run_sweep``; every number is a plain float (``inf`` = diverged)."""

    settings: SweepSettings
    final_loss: tuple[tuple[tuple[float, ...], ...], ...]
    """Indexed [parametrization][width][learning rate]: training MSE after the last step."""
    coord: CoordCheck
    compute_s: float
    """Seconds the training took when the result was computed (also for cached results)."""
    elapsed_s: float = 0.0
    """Seconds this call took (small when loaded from the cache)."""
    from_cache: bool = False
    complete: bool = True
    """False for a partial result: ``settings.widths`` holds only the widths trained so far."""
    best_log2_lr: tuple[tuple[float, ...], ...] = field(init=False)
    """Indexed [parametrization][width]: the grid point with the lowest loss (NaN if all diverged)."""
    best_loss: tuple[tuple[float, ...], ...] = field(init=False)

    def __post_init__(self) -> None:
        best_lr, best_loss = [], []
        for per_width in self.final_loss:
            lrs, losses = [], []
            for curve in per_width:
                finite = [(v, i) for i, v in enumerate(curve) if math.isfinite(v)]
                if finite:
                    v, i = min(finite)
                    lrs.append(self.settings.log2_lrs[i])
                    losses.append(v)
                else:
                    lrs.append(math.nan)
                    losses.append(math.inf)
            best_lr.append(tuple(lrs))
            best_loss.append(tuple(losses))
        object.__setattr__(self, "best_log2_lr", tuple(best_lr))
        object.__setattr__(self, "best_loss", tuple(best_loss))

    def curve(self, param: str, width: int) -> tuple[float, ...]:
        """Final loss against ``settings.log2_lrs`` for one parametrization and width."""
        p = PARAMETRIZATIONS.index(param)
        return self.final_loss[p][self.settings.widths.index(width)]

    def best_lrs(self, param: str) -> tuple[float, ...]:
        """The best log2 learning rate per width (``settings.widths`` order)."""
        return self.best_log2_lr[PARAMETRIZATIONS.index(param)]

    def best_losses(self, param: str) -> tuple[float, ...]:
        return self.best_loss[PARAMETRIZATIONS.index(param)]

    def optimum_shift(self, param: str) -> float:
        """How far (in log2 units) the best learning rate moves across the widths."""
        lrs = [v for v in self.best_lrs(param) if math.isfinite(v)]
        return max(lrs) - min(lrs) if lrs else math.nan


# ---------------------------------------------------------------- the numerics (numpy, lazily)


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


class _Ticker:
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
    ticker: _Ticker | None = None,
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


def _layer_names(depth: int) -> tuple[str, ...]:
    return (
        ("layer 1 (input W)",)
        + tuple(f"layer {i} (hidden W)" for i in range(2, depth + 1))
        + ("output",)
    )


def _coord_check(s: SweepSettings, x, y, ticker: _Ticker) -> CoordCheck:
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
        layers=_layer_names(s.depth),
        log2_lr=s.coord_log2_lr,
        steps=s.coord_steps,
        rms_change=tuple(coord),
    )


def _compute(s: SweepSettings, ticker: _Ticker, partial: Partial | None = None):
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


def _total_units(s: SweepSettings) -> float:
    train = sum(_cost(s, w) * len(s.log2_lrs) * s.steps for w in s.widths) * len(PARAMETRIZATIONS)
    coord = sum(_coord_cost(s, w) * s.coord_steps * s.coord_seeds for w in s.coord_widths)
    return train + coord * len(PARAMETRIZATIONS)


# ---------------------------------------------------------------- the cache


def _cache_path(cache_dir: Path, settings: SweepSettings) -> Path:
    return cache_dir / f"widthsweep-{settings.key()}.json"


def _num(v: float) -> float | None:
    return v if math.isfinite(v) else None  # JSON has no inf/NaN; null reads back as inf


def _read_num(v: Any) -> float:
    if v is None:
        return math.inf
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"not a number: {v!r}")
    return float(v)


def _to_json(result: SweepResult) -> dict[str, Any]:
    c = result.coord
    return {
        "format": CACHE_FORMAT,
        "algorithm": ALGORITHM_VERSION,
        "key": result.settings.key(),
        "settings": result.settings.to_json(),
        "final_loss": [[[_num(v) for v in c_] for c_ in pw] for pw in result.final_loss],
        "coord": {
            "widths": list(c.widths),
            "layers": list(c.layers),
            "log2_lr": c.log2_lr,
            "steps": c.steps,
            "rms_change": [[[_num(v) for v in row] for row in pl] for pl in c.rms_change],
        },
        "compute_s": result.compute_s,
    }


def _from_json(data: Any, settings: SweepSettings) -> SweepResult:
    """Rebuild a cached result, or raise ValueError/KeyError/TypeError if it does not fit."""
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not a width-sweep cache file")
    if data.get("algorithm") != ALGORITHM_VERSION or data.get("key") != settings.key():
        raise ValueError("cache file for other settings")
    if SweepSettings.from_json(data["settings"]) != settings:
        raise ValueError("cache file settings differ")
    s = settings
    loss = data["final_loss"]
    if len(loss) != len(PARAMETRIZATIONS) or any(len(pw) != len(s.widths) for pw in loss):
        raise ValueError("final_loss has the wrong shape")
    final_loss = tuple(
        tuple(tuple(_read_num(v) for v in _exact(c_, len(s.log2_lrs))) for c_ in pw) for pw in loss
    )
    c = data["coord"]
    layers = tuple(str(v) for v in c["layers"])
    if tuple(c["widths"]) != s.coord_widths or layers != _layer_names(s.depth):
        raise ValueError("coordinate check for other widths")
    rms = c["rms_change"]
    if len(rms) != len(PARAMETRIZATIONS) or any(len(pl) != len(layers) for pl in rms):
        raise ValueError("rms_change has the wrong shape")
    coord = CoordCheck(
        widths=s.coord_widths,
        layers=layers,
        log2_lr=float(c["log2_lr"]),
        steps=int(c["steps"]),
        rms_change=tuple(
            tuple(tuple(_read_num(v) for v in _exact(row, len(s.coord_widths))) for row in pl)
            for pl in rms
        ),
    )
    return SweepResult(
        settings=s,
        final_loss=final_loss,
        coord=coord,
        compute_s=_read_num(data["compute_s"]),
        from_cache=True,
    )


def _exact(values: Any, n: int) -> list[Any]:
    if not isinstance(values, list) or len(values) != n:
        raise ValueError("a row has the wrong length")
    return values


def _load(path: Path, settings: SweepSettings) -> SweepResult | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return _from_json(data, settings)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # missing, unreadable, corrupt or stale: recompute (and overwrite)


def _store(path: Path, result: SweepResult) -> bool:
    """Write atomically (temp file + rename); an unwritable cache is not an error."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".widthsweep-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(_to_json(result), fh, allow_nan=False)
        os.replace(tmp, path)
        return True
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


# ---------------------------------------------------------------- the entry point


def _cancel_check(cancel: Callable[[], bool] | threading.Event | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event) or hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def _one_blas_thread():
    """Run BLAS single-threaded while the sweep trains (restored afterwards).

    The matrices are small (a 16-row batch against at most 512×512), so BLAS threads cost more
    in hand-offs than they gain, and on a busy 2-core machine spinning BLAS threads made the
    default sweep 3–15× slower. The numbers do not depend on the thread count.
    """
    import numpy  # noqa: F401  (threadpoolctl only sees BLAS libraries already loaded)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional at run time: without it BLAS keeps its own default
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def run_sweep(
    settings: SweepSettings | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    cancel: Callable[[], bool] | threading.Event | None = None,
    partial: Partial | None = None,
) -> SweepResult:
    """Train the whole sweep (or load it from the cache) and return the result.

    ``progress(fraction, message)`` is called from the calling thread with a fraction that
    never decreases and ends at 1.0. ``cancel`` (a callable returning True, or a
    ``threading.Event``) is polled every few steps; when it fires ``SweepCancelled`` is raised
    and nothing is cached. ``partial(result)`` is called after each width but the last with
    the widths done so far (not when the result comes from the cache). ``cache_dir`` defaults to ``tutor.paths.cache_dir()``; with
    ``use_cache=False`` the cache is neither read nor written.
    """
    settings = SweepSettings() if settings is None else settings
    start = time.perf_counter()
    is_cancelled = _cancel_check(cancel)
    if cache_dir is None and use_cache:
        from tutor.paths import cache_dir as default_cache_dir

        cache_dir = default_cache_dir()
    path = _cache_path(Path(cache_dir), settings) if use_cache and cache_dir is not None else None
    if path is not None:
        cached = _load(path, settings)
        if cached is not None:
            if progress is not None:
                progress(1.0, "loaded from the cache")
            return _with_elapsed(cached, time.perf_counter() - start)

    ticker = _Ticker(_total_units(settings), progress, is_cancelled)
    with _one_blas_thread():
        ticker.add(0, "starting the width sweep")
        losses, coord = _compute(settings, ticker, partial)
    compute_s = time.perf_counter() - start
    result = SweepResult(
        settings=settings, final_loss=losses, coord=coord, compute_s=compute_s, elapsed_s=compute_s
    )
    if path is not None:
        _store(path, result)
    if progress is not None:
        progress(1.0, "done")
    return _with_elapsed(result, time.perf_counter() - start)


def _with_elapsed(result: SweepResult, elapsed: float) -> SweepResult:
    return SweepResult(
        settings=result.settings,
        final_loss=result.final_loss,
        coord=result.coord,
        compute_s=result.compute_s,
        elapsed_s=elapsed,
        from_cache=result.from_cache,
    )


# ---------------------------------------------------------------- text and drawing


def _fmt_lr(v: float) -> str:
    return "—" if not math.isfinite(v) else f"2^{v:g}"


def format_summary(result: SweepResult) -> str:
    """A few lines: best learning rate and loss per width for SP and μP."""
    s = result.settings
    lines = [
        f"{'width':>7}  "
        + "  ".join(f"{LABELS[p] + ' best lr':>12} {'loss':>7}" for p in PARAMETRIZATIONS)
    ]
    for j, w in enumerate(s.widths):
        cells = []
        for p in PARAMETRIZATIONS:
            lr, loss = result.best_lrs(p)[j], result.best_losses(p)[j]
            cells.append(
                f"{_fmt_lr(lr):>12} {loss:7.4f}"
                if math.isfinite(loss)
                else f"{'diverged':>12} {'':>7}"
            )
        lines.append(f"{w:>7}  " + "  ".join(cells))
    for p in PARAMETRIZATIONS:
        lines.append(
            f"{LABELS[p]}: the best log2 lr moves by {result.optimum_shift(p):g} across widths"
        )
    return "\n".join(lines)


def _log_axis(ax, lo: float, hi: float) -> None:
    """Label a linear axis that shows log10 of the values with the values themselves.

    (plotext's own log scale crashes when combined with ``ylim`` and a legend.)
    """
    ticks = []
    e = math.floor(math.log10(lo))
    while 10.0**e <= hi * 1.001:
        for mant in (1, 2, 5):
            v = mant * 10.0**e
            if lo <= v <= hi * 1.001:
                ticks.append(v)
        e += 1
    if len(ticks) > 8:
        ones = [t for t in ticks if f"{t:.0e}".startswith("1")]
        # keep the lowest tick too, so the bottom of the axis is labelled
        ticks = ([ticks[0]] if ones and ticks[0] < ones[0] / 2 else []) + ones or ticks
    ax.ylim(math.log10(lo), math.log10(hi))
    if ticks:
        ax.yticks([math.log10(t) for t in ticks], [f"{t:g}" for t in ticks])


def draw_sweep(plt, result: SweepResult) -> None:
    """Final training loss against log2 learning rate, one curve per width: SP | μP.

    Diverged runs and losses above 1 (worse than predicting 0) are drawn at 1. Give it a
    cleared figure; it sets up a 1×2 grid of subplots and does not call ``show``.
    """
    s = result.settings
    ceiling = 1.0
    finite = [v for pw in result.final_loss for c in pw for v in c if math.isfinite(v) and v > 0]
    floor = min(finite + [ceiling]) * 0.8
    plt.subplots(1, 2)
    xs = list(s.log2_lrs)
    so_far = "" if result.complete else " (so far)"
    for col, param in enumerate(PARAMETRIZATIONS, start=1):
        ax = plt.subplot(1, col)
        ax.title(f"{LABELS[param]}: train loss vs log2 lr{so_far}")
        for j, w in enumerate(s.widths):
            ys = [min(v, ceiling) if math.isfinite(v) else ceiling for v in result.curve(param, w)]
            color = _COLORS[j % len(_COLORS)]
            ax.plot(
                xs,
                [math.log10(v) for v in ys],
                color=color,
                marker=_LINE,
                label=f"n={w}" if col == 1 else None,
            )
            best = result.best_lrs(param)[j]
            if math.isfinite(best):
                y = math.log10(result.best_losses(param)[j])
                ax.scatter([best], [y], color=color, marker="●")
        _log_axis(ax, floor, ceiling * 1.05)
        stride = max(1, math.ceil(len(xs) / 6))
        ticks = xs[::stride]
        ax.xticks(ticks, [f"{v:g}" for v in ticks])
        ax.xlabel("log2 learning rate (● best)")
    plt.subplot(1, 1)


def draw_coord_check(plt, result: SweepResult) -> None:
    """RMS change of each layer's activations after a few steps against width: SP | μP.

    Both panels share the y range so SP's growth and μP's flat lines compare directly.
    """
    c = result.coord
    values = [v for pl in c.rms_change for row in pl for v in row if math.isfinite(v) and v > 0]
    lo = min(values, default=1e-3) * 0.7
    hi = max(values, default=1.0) * 1.4
    xs = [math.log2(w) for w in c.widths]
    plt.subplots(1, 2)
    for col, param in enumerate(PARAMETRIZATIONS, start=1):
        ax = plt.subplot(1, col)
        ax.title(f"{LABELS[param]}: RMS Δ after {c.steps} steps, lr 2^{c.log2_lr:g}")
        for i, name in enumerate(c.layers):
            pts = [
                (x, v)
                for x, v in zip(xs, c.series(param, i), strict=True)
                if math.isfinite(v) and v > 0
            ]
            if pts:
                color = _COLORS[i % len(_COLORS)]
                px, py = [p[0] for p in pts], [math.log10(p[1]) for p in pts]
                ax.plot(px, py, color=color, marker=_LINE)
                ax.scatter(px, py, color=color, marker="●", label=name if col == 1 else None)
        _log_axis(ax, lo, hi)
        ax.xticks(xs, [str(w) for w in c.widths])
        ax.xlabel("width n (log scale)")
    plt.subplot(1, 1)
