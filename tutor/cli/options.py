"""Options shared by several subcommands."""

from __future__ import annotations

import argparse

from tutor.paths import CONTENT_ENV, LOG_DIR_ENV


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
        help="only sessions started before the end of DATE (or before DATE and time)",
    )


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=int,
        choices=(1, 2),
        default=2,
        help="processes judging the answers again: 2 (default) uses a second core for a "
        "large class, 1 keeps to one",
    )
