"""`hw3-tutor plot`: print one of the tutor's plots to the terminal."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from tutor.errors import UsageError
from tutor.plots.registry import (
    MIN_HEIGHT,
    PLOTS,
    PlotSpec,
    _check_size,
    draw_text,
    get,
    names,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="the plot to print (see --list)")
    parser.add_argument("--list", action="store_true", help="list the plots, one line each")
    parser.add_argument(
        "--params", action="store_true", help="list the parameters of plot NAME (for --set)"
    )
    parser.add_argument(
        "--width", metavar="W", default=None, help="columns (default: the terminal's)"
    )
    parser.add_argument(
        "--height", metavar="H", default=None, help="lines (default: the terminal's)"
    )
    parser.add_argument(
        "--samples", metavar="S", default=None, help="Monte Carlo samples per point"
    )
    parser.add_argument(
        "--set",
        metavar="PARAM=VALUE",
        action="append",
        default=[],
        help="set a plot parameter, e.g. --set layers=100 (repeatable; see --list)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colored output (default auto: only on a terminal, and never when NO_COLOR is set)",
    )


def _size(text: str | None, fallback: int, what: str) -> int:
    if text is None:
        return fallback
    try:
        return int(str(text).strip())
    except ValueError:
        raise UsageError(f"the {what} must be a whole number, not {text!r}") from None


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def format_list() -> str:
    """One line per plot: name, handout parts, description."""
    width = max(len(n) for n in names())
    lines = []
    for spec in PLOTS:
        parts = ",".join(spec.parts)
        lines.append(f"{spec.name:<{width}}  {parts:<11} {spec.description}")
    return "\n".join(lines)


def _num(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:g}"


def format_params(spec: PlotSpec) -> str:
    """The parameters of one plot, for ``--set NAME=VALUE``."""
    if not spec.params:
        return f"{spec.name} has no parameters"
    lines = [f"{spec.name}: {spec.title}"]
    for p in spec.params:
        if p.choices:
            lines.append(
                f"  {p.name:<8} {p.label}: one of {', '.join(p.choices)}, default {p.default}"
            )
            continue
        kind = "whole number" if p.integer else "number"
        lines.append(
            f"  {p.name:<8} {p.label}: {kind} from {_num(p.minimum)} to {_num(p.maximum)}, "
            f"default {_num(float(p.default))}"
            + (f" ({p.help})" if p.help and p.help != p.label else "")
        )
    return "\n".join(lines)


def _stderr_progress(fraction: float, message: str) -> None:
    sys.stderr.write(f"\r{100 * fraction:5.1f}%  {message[:60]:<60}")
    sys.stderr.flush()
    if fraction >= 1:
        sys.stderr.write("\n")


def main(args: argparse.Namespace) -> int:
    if args.list:
        print(format_list())
        return 0
    if not args.name:
        raise UsageError(f"name a plot or use --list; the plots are: {', '.join(names())}")
    spec = get(args.name)
    if args.params:
        print(format_params(spec))
        return 0
    overrides: dict[str, str] = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes PARAM=VALUE, not {item!r}")
        overrides[key.strip().replace("-", "_")] = value
    if args.samples is not None:
        spec.param("samples")
        overrides["samples"] = args.samples
    term = shutil.get_terminal_size((80, 24))
    width = _size(args.width, term.columns, "width")
    height = _size(args.height, max(term.lines - 1, MIN_HEIGHT), "height")
    _check_size(width, height)
    params = spec.resolve(**overrides)
    reason = spec.unavailable_reason()
    if reason:
        raise UsageError(f"plot {spec.name!r} is not available: {reason}")
    progress = _stderr_progress if spec.slow and sys.stderr.isatty() else None
    data = spec.build(params, progress)
    print(draw_text(spec, data, width, height, _use_color(args.color)))
    return 0
