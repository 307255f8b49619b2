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
