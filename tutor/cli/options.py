"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Final

from tutor.paths import CONTENT_ENV, LOG_DIR_ENV
from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.variants.seeds import SEED_RANGE

MAX_IDLE_MINUTES = 10**7  # about 19 years: any longer gap is not a pause in one sitting


def _default(top_level: bool) -> object:
    # A subcommand's copy of a global option must not overwrite the value given
    # before the subcommand (``hw3-tutor --log-dir D review``): argparse copies a
    # subparser's defaults over the parent's, unless they are SUPPRESSed.
    # Readers use ``getattr(args, "content", None)``.
    return None if top_level else argparse.SUPPRESS


def add_content_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=_default(top_level),
        help=f"content directory to use instead of the packaged one (or set ${CONTENT_ENV})",
    )


def add_log_dir_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--log-dir",
        metavar="DIR",
        default=_default(top_level),
        help=f"session log directory (or set ${LOG_DIR_ENV}; default: the user data dir)",
    )


def add_variant_options(parser: argparse.ArgumentParser) -> None:
    """``--seed S`` or ``--set NAME=VALUE`` (repeatable): which variant of a part."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--seed",
        type=_seed,
        default=None,
        metavar="S",
        help=f"the variant drawn with seed S ({SEED_RANGE}; 0 is the handout)",
    )
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter set by hand (repeat for several; the others keep the handout's values)",
    )


def _seed(text: str) -> int:
    from tutor.variants.seeds import parse_seed

    try:
        return parse_seed(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def variant_settings(args: argparse.Namespace) -> tuple[int | None, dict[str, str]]:
    """(seed, parameters) from ``--seed`` / ``--set``; ``UsageError`` for a malformed ``--set``."""
    from tutor.errors import UsageError

    params: dict[str, str] = {}
    for item in getattr(args, "set", None) or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--set takes NAME=VALUE (e.g. --set layers=12), not {item!r}")
        if name.strip() in params:
            raise UsageError(f"--set gives {name.strip()!r} twice")
        params[name.strip()] = value.strip()
    return getattr(args, "seed", None), params


def add_student_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--student",
        metavar="ID",
        default=_default(top_level),
        help="your student id, written into every session log and your hand-in "
        "(default: the one in student.toml in the config directory)",
    )


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="DATE",
        default=None,
        help="only sessions started on or after DATE (2025-02-10 or 2025-02-10T18:00, UTC "
        "unless an offset is given)",
    )
    parser.add_argument(
        "--until",
        metavar="DATE",
        default=None,
        help="only sessions started before the end of DATE (or before DATE and time); a "
        "session is kept whole, and answers it logged later are counted (a warning says how many)",
    )


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=whole_number(1, 2),
        metavar="1|2",
        default=2,
        help="processes judging the answers again: 2 (default) uses a second core for a "
        "large class, 1 keeps to one",
    )


MIN_TIMEOUT_SECONDS: Final = (
    0.1  # a check's time bound: a shorter one is less than a checker's start
)
MAX_TIMEOUT_SECONDS: Final = 3600.0  # ... and a longer one is no bound at all


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for a count: a whole number from ``low`` to ``high``; anything
    else (``nan``, ``1e9``, ``-1``, ``0`` when ``low`` is 1) is refused in one line giving the
    range. Every count a command takes goes through it (``--jobs``, ``--top``,
    ``--variants``; the benchmarks' ``--runs`` and sizes)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"give a whole number from {low:,} to {high:,}, not {text.strip()!r}"
            )
        return value

    parse.__name__ = "whole number"  # what argparse calls the type in its own messages
    return parse


def number_between(low: float, high: float, unit: str) -> Callable[[str], float]:
    """An argparse ``type`` for an amount (seconds, megabytes): a finite number from ``low``
    to ``high``; ``nan``, ``inf`` and anything out of range are refused in one line giving
    the range."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not low <= value <= high:  # NaN fails every comparison
            raise argparse.ArgumentTypeError(
                f"give a number of {unit} from {low:,g} to {high:,g}, not {text.strip()!r}"
            )
        return value

    parse.__name__ = f"number of {unit}"
    return parse


def add_timeout_option(parser: argparse.ArgumentParser, default: float, what: str) -> None:
    """``--timeout SECONDS``, one definition for every command that bounds a check in time
    (``grade``, ``validate``): from ``MIN_TIMEOUT_SECONDS`` to ``MAX_TIMEOUT_SECONDS``."""
    parser.add_argument(
        "--timeout",
        type=number_between(MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, "seconds"),
        default=default,
        metavar="SECONDS",
        help=f"{what} (default {default:g}; from {MIN_TIMEOUT_SECONDS:g} to "
        f"{MAX_TIMEOUT_SECONDS:,g})",
    )


def _idle_minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not 0 < value < MAX_IDLE_MINUTES:  # also NaN
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: give more than 0 and less than {MAX_IDLE_MINUTES:,} minutes"
        )
    return value


def add_idle_option(parser: argparse.ArgumentParser) -> None:
    """``--idle MINUTES``: gaps between events longer than this count as idle time."""
    parser.add_argument(
        "--idle",
        type=_idle_minutes,
        default=IDLE_GAP_SECONDS / 60.0,
        metavar="MINUTES",
        help=f"gaps between events longer than this count as idle (default: "
        f"{IDLE_GAP_SECONDS / 60.0:g}; less than {MAX_IDLE_MINUTES:,})",
    )


STDOUT = "-"  # ``-o -``: standard output, for every command that writes a file
