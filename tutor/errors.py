"""The errors a user can fix: raised anywhere in the core, printed by the command line.

The command line prints ``str(exc)`` without a traceback and exits with ``exit_code``.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can fix (bad arguments, broken content, unreadable file)."""

    exit_code = 2


class UsageError(UserError):
    """A mistake in how a command was called: printed as one line, exit status 2."""
