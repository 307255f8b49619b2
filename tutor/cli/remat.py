"""`hw3-tutor remat`: the tensor rematerialization calculator."""

from __future__ import annotations

import argparse
import json

from tutor.errors import UsageError
from tutor.homework.remat import (
    DEFAULT_EVERY,
    DEFAULT_LAYERS,
    DEFAULT_T_FWD,
    DEFAULT_T_MEM,
    SUMMARY_ROWS,
    RematSchedule,
    schedule,
)


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
