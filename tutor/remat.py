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

This module is also the ``hw3-tutor remat`` command. Only the standard library
is imported.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass

from tutor.cliopts import UsageError

DEFAULT_LAYERS = 10
DEFAULT_EVERY = 5
DEFAULT_T_FWD = 20.0
DEFAULT_T_MEM = 10.0
MAX_LAYERS = 100_000
"""Larger networks are refused: the schedule is built layer by layer."""

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


# ---------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layers",
        "-n",
        metavar="N",
        default=str(DEFAULT_LAYERS),
        help=f"number of layers N (default {DEFAULT_LAYERS})",
    )
    parser.add_argument(
        "--every",
        "-k",
        metavar="K",
        default=str(DEFAULT_EVERY),
        help=f"store the activation of every K-th layer (default {DEFAULT_EVERY}); 1 <= K <= N",
    )
    parser.add_argument(
        "--t-fwd",
        metavar="NS",
        default=str(DEFAULT_T_FWD),
        help=f"time of one fwd operation in ns (default {DEFAULT_T_FWD:g})",
    )
    parser.add_argument(
        "--t-mem",
        metavar="NS",
        default=str(DEFAULT_T_MEM),
        help=f"time of one loadmem operation in ns (default {DEFAULT_T_MEM:g})",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"print every row of a long schedule (default: the first and last {SUMMARY_ROWS})",
    )


def _parse_int(text: str, what: str) -> int:
    try:
        return int(str(text).strip().replace("_", ""))
    except ValueError:
        raise UsageError(f"{what} must be a whole number, not {text!r}") from None


def _parse_ns(text: str, what: str) -> float:
    cleaned = str(text).strip()
    if cleaned.lower().endswith("ns"):
        cleaned = cleaned[:-2].strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise UsageError(f"{what} must be a number of ns, not {text!r}") from None
    return value


def _fmt(value: float) -> str:
    return f"{value:,.6g}" if value != int(value) or abs(value) >= 1e15 else f"{int(value):,}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _act(index: int) -> str:
    return "input" if index == 0 else f"a{index}"


def format_schedule(result: RematSchedule, full: bool = False) -> str:
    """The schedule and totals as text for a person."""
    n, k = result.layers, result.every
    q, r = result.blocks
    stored = ", ".join(_act(c) for c in result.checkpoints[:12])
    if len(result.checkpoints) > 12:
        stored += f", … , {_act(result.layers)}"
    lines = [
        f"Tensor rematerialization: N = {_plural(n, 'layer')}, "
        f"an activation stored every K = {_plural(k, 'layer')}",
        f"Stored after the forward pass: {stored}",
        f"  ({_plural(result.stored_activations, 'layer activation')} + the input)",
        "",
        "Backward pass (layer N first):",
        f"  {'layer':>7}  {'loads':>8}  {'fwd':>6}  {'done at (ns)':>14}",
    ]
    steps = result.steps
    rows = steps if full or len(steps) <= 2 * SUMMARY_ROWS + 1 else None
    if rows is None:
        shown = list(steps[:SUMMARY_ROWS]) + [None] + list(steps[-SUMMARY_ROWS:])
    else:
        shown = list(rows)
    for step in shown:
        if step is None:
            hidden = len(steps) - 2 * SUMMARY_ROWS
            lines.append(f"  {'…':>7}  ({hidden:,} more rows; --full prints them all)")
            continue
        lines.append(
            f"  {step.layer:>7,}  {_act(step.checkpoint):>8}  {step.fwd:>6,}  {_fmt(step.end_ns):>14}"
        )
    lines += [
        "",
        "Totals for one backward pass:",
        f"  fwd operations        {result.fwd:,}   = q·K(K−1)/2 + r(r−1)/2 with N = q·K + r = {q:,}·{k:,} + {r:,}",
        f"  loadmem operations    {result.loadmem:,}   (one per layer)",
        f"  time                  {_fmt(result.remat_ns)} ns   "
        f"= {result.fwd:,} × {_fmt(result.t_fwd)} ns + {result.loadmem:,} × {_fmt(result.t_mem)} ns",
        f"  break-even loaddisk   {_fmt(result.breakeven_loaddisk_ns)} ns   "
        f"= {_fmt(result.remat_ns)} ns / {_plural(n, 'load')} if every activation is on disk",
    ]
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    layers = _parse_int(args.layers, "the number of layers N")
    every = _parse_int(args.every, "K (store every K-th layer)")
    t_fwd = _parse_ns(args.t_fwd, "the fwd time")
    t_mem = _parse_ns(args.t_mem, "the loadmem time")
    result = schedule(layers, every, t_fwd, t_mem)
    if args.json:
        print(json.dumps(result.to_json(), indent=None if layers > 200 else 2))
    else:
        print(format_schedule(result, full=args.full))
    return 0
