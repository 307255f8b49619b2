"""Options shared by several subcommands, and the error type they raise.

Command modules import this (not ``tutor.cli``) so there is no import cycle.
"""

from __future__ import annotations

import argparse

from tutor.paths import CONTENT_ENV, LOG_DIR_ENV


class UserError(Exception):
    """An error the user can fix (bad arguments, broken content, unreadable file).

    The command line prints ``str(exc)`` without a traceback and exits with
    ``exit_code``. Core modules subclass it (``ContentError`` does).
    """

    exit_code = 2


class UsageError(UserError):
    """A mistake in how a command was called: printed as one line, exit status 2."""


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
