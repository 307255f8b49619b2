"""Run a ``hw3-tutor`` subcommand in-process, through the real command line (``tutor.cli.main``)."""

from __future__ import annotations

from tutor.cli.entry import main


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """``hw3-tutor ARGV``: the exit code and what it printed (user errors become a message)."""
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err
