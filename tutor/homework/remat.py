"""Tensor rematerialization (problem 5): the backward-pass schedule and its costs.

The procedure, generalized from the handout: a network of N layers keeps, after
the forward pass, the input (activation 0), every K-th layer's activation and
the last layer's (N). The backward pass runs from layer N down to layer 1; for
each layer it loads the latest stored activation at or before that layer (one
``loadmem``) and re-runs the forward pass from there up to the layer (one
``fwd`` per layer crossed). Nothing recomputed is kept: the memory holds only
the stored activations plus the two being worked on.

Write N = q·K + r with 0 <= r < K. Every full block of K layers costs
0 + 1 + ... + (K-1) fwd, and the last partial block 0 + 1 + ... + (r-1), so

    fwd = q·K(K-1)/2 + r(r-1)/2,   loadmem = N,
    backward time = fwd·t_fwd + N·t_mem,

and storing every activation on a disk instead (N loads, no recomputation) is as
fast when one load takes backward time / N: the break-even latency.

The ``hw3-tutor remat`` command (``tutor.cli.remat``) prints this model. Only the
standard library is imported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from tutor.errors import UsageError
from tutor.homework.stopping import check_stop

DEFAULT_LAYERS = 10
DEFAULT_EVERY = 5
DEFAULT_T_FWD = 20.0
DEFAULT_T_MEM = 10.0
MAX_LAYERS = 100_000
MAX_TIME_NS = 1e9  # one operation takes at most a second: every total stays a finite float
"""Larger networks are refused: the schedule is built layer by layer."""

Real = int | float | Fraction
"""A time in ns: the exact functions keep decimals such as 12.5 exact."""

SUMMARY_ROWS = 8
"""Rows shown at each end of a long schedule unless ``--full`` is given."""


@dataclass(frozen=True, slots=True)
class RematStep:
    """One layer of the backward pass."""

    layer: int
    """The layer processed (its activation is rebuilt, then its gradient taken)."""
    checkpoint: int
    """The stored activation loaded for it (0 is the input)."""
    fwd: int
    """Forward operations re-run: ``layer - checkpoint``."""
    start_ns: float
    """When this step starts, measured from the start of the backward pass."""
    end_ns: float
    """When its activation is ready: ``start_ns + t_mem + fwd * t_fwd``."""


@dataclass(frozen=True)
class RematSchedule:
    """The whole backward pass for N layers with a stored activation every K layers."""

    layers: int
    every: int
    t_fwd: float
    t_mem: float
    checkpoints: tuple[int, ...]
    """Stored activations after the forward pass, ascending; 0 is the input."""
    steps: tuple[RematStep, ...]
    """In backward order: layer N first, layer 1 last."""
    fwd: int
    loadmem: int
    remat_ns: float
    """Time of one backward pass: ``fwd * t_fwd + loadmem * t_mem``."""
    breakeven_loaddisk_ns: float
    """The loaddisk latency at which the disk scheme (N loads) takes as long."""

    @property
    def stored_activations(self) -> int:
        """Layer activations kept after the forward pass (the input not counted)."""
        return len(self.checkpoints) - 1

    @property
    def blocks(self) -> tuple[int, int]:
        """``(q, r)`` with ``N = q*K + r``, ``0 <= r < K``."""
        return divmod(self.layers, self.every)

    def to_json(self) -> dict:
        return {
            "layers": self.layers,
            "every": self.every,
            "t_fwd_ns": self.t_fwd,
            "t_mem_ns": self.t_mem,
            "checkpoints": list(self.checkpoints),
            "stored_activations": self.stored_activations,
            "fwd": self.fwd,
            "loadmem": self.loadmem,
            "remat_ns": self.remat_ns,
            "breakeven_loaddisk_ns": self.breakeven_loaddisk_ns,
            "schedule": [
                {
                    "layer": s.layer,
                    "checkpoint": s.checkpoint,
                    "fwd": s.fwd,
                    "start_ns": s.start_ns,
                    "end_ns": s.end_ns,
                }
                for s in self.steps
            ],
        }


@dataclass(frozen=True, slots=True)
class KPoint:
    """The totals for one choice of K at a fixed N (for the K sweep)."""

    every: int
    fwd: int
    stored_activations: int
    remat_ns: float
    breakeven_loaddisk_ns: float


def validate(layers: int, every: int, t_fwd: float = DEFAULT_T_FWD, t_mem: float = DEFAULT_T_MEM):
    """Raise ``UsageError`` (one line) unless ``1 <= every <= layers <= MAX_LAYERS`` and the times are sane."""
    if isinstance(layers, bool) or not isinstance(layers, int):
        raise UsageError(f"the number of layers must be a whole number, not {layers!r}")
    if isinstance(every, bool) or not isinstance(every, int):
        raise UsageError(f"K (store every K-th layer) must be a whole number, not {every!r}")
    if layers < 1:
        raise UsageError(f"the network needs at least 1 layer (got {layers})")
    if layers > MAX_LAYERS:
        raise UsageError(f"at most {MAX_LAYERS:,} layers are supported (got {layers:,})")
    if every < 1:
        raise UsageError(f"K (store every K-th layer) must be at least 1 (got {every})")
    if every > layers:
        raise UsageError(
            f"K = {every} is larger than the number of layers N = {layers}: "
            f"choose 1 <= K <= {layers} (K = N stores only the input and the last layer)"
        )
    for name, value in (("fwd time", t_fwd), ("loadmem time", t_mem)):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise UsageError(f"the {name} must be a number of ns, not {value!r}")
        if not math.isfinite(value) or value < 0:
            raise UsageError(f"the {name} must be a finite number of ns >= 0 (got {value})")
        if value > MAX_TIME_NS:
            raise UsageError(
                f"the {name} must be at most {MAX_TIME_NS:,.0f} ns (one second; got {value:g})"
            )


def checkpoints(layers: int, every: int) -> tuple[int, ...]:
    """The stored activations: the input (0), every K-th layer and layer N."""
    stored = list(range(0, layers + 1, every))
    if stored[-1] != layers:
        stored.append(layers)
    return tuple(stored)


def closed_form_fwd(layers: int, every: int) -> int:
    """fwd operations of one backward pass: ``q*K(K-1)/2 + r(r-1)/2`` with ``N = q*K + r``."""
    q, r = divmod(layers, every)
    return q * every * (every - 1) // 2 + r * (r - 1) // 2


def exact_time(layers: int, every: int, t_fwd: Real, t_mem: Real) -> Fraction:
    """Time of one backward pass, exactly: ``fwd * t_fwd + N * t_mem`` (``schedule`` in floats)."""
    validate(layers, every, float(t_fwd), float(t_mem))
    return closed_form_fwd(layers, every) * _exact(t_fwd) + layers * _exact(t_mem)


def exact_breakeven(layers: int, every: int, t_fwd: Real, t_mem: Real) -> Fraction:
    """The break-even loaddisk latency, exactly: backward time / N (N loads from disk)."""
    return exact_time(layers, every, t_fwd, t_mem) / layers


def _exact(value: Real) -> Fraction:
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def schedule(
    layers: int = DEFAULT_LAYERS,
    every: int = DEFAULT_EVERY,
    t_fwd: float = DEFAULT_T_FWD,
    t_mem: float = DEFAULT_T_MEM,
) -> RematSchedule:
    """Build the backward pass step by step (raises ``UsageError`` for bad values)."""
    validate(layers, every, t_fwd, t_mem)
    stored = checkpoints(layers, every)
    steps = []
    clock = 0.0
    total_fwd = 0
    # Walk the stored activations from the top: layers in (stored[i-1], stored[i]]
    # load stored[i] for layer stored[i] itself and stored[i-1] for the rest.
    for upper, lower in zip(reversed(stored[1:]), reversed(stored[:-1]), strict=False):
        for layer in range(upper, lower, -1):
            if layer % 4096 == 0:  # an explorer's build replaced or closed stops here
                check_stop()
            ckpt = layer if layer == upper else lower
            n_fwd = layer - ckpt
            end = clock + t_mem + n_fwd * t_fwd
            steps.append(RematStep(layer, ckpt, n_fwd, clock, end))
            total_fwd += n_fwd
            clock = end
    remat_ns = total_fwd * t_fwd + layers * t_mem
    return RematSchedule(
        layers=layers,
        every=every,
        t_fwd=float(t_fwd),
        t_mem=float(t_mem),
        checkpoints=stored,
        steps=tuple(steps),
        fwd=total_fwd,
        loadmem=layers,
        remat_ns=remat_ns,
        breakeven_loaddisk_ns=remat_ns / layers,
    )


def sweep_every(
    layers: int,
    t_fwd: float = DEFAULT_T_FWD,
    t_mem: float = DEFAULT_T_MEM,
    max_points: int = 400,
) -> tuple[KPoint, ...]:
    """Totals for K from 1 to N (closed forms; at most ``max_points`` values of K, spread log-evenly)."""
    validate(layers, 1, t_fwd, t_mem)
    if layers <= max_points:
        ks = list(range(1, layers + 1))
    else:
        ks = sorted(
            {
                max(1, min(layers, round(layers ** (i / (max_points - 1)))))
                for i in range(max_points)
            }
            | {math.isqrt(layers), math.isqrt(layers) + 1}
        )
    points = []
    for k in ks:
        fwd = closed_form_fwd(layers, k)
        total = fwd * t_fwd + layers * t_mem
        points.append(KPoint(k, fwd, stored_count(layers, k), total, total / layers))
    return tuple(points)


def stored_count(layers: int, every: int) -> int:
    """Stored layer activations (input excluded): ``ceil(N / K)``, every K-th layer plus layer N."""
    return -(-layers // every)
