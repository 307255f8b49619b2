"""Run a ``hw3-tutor`` subcommand in-process, through the real command line (``tutor.cli.main``)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

from tutor.cli.entry import main


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """``hw3-tutor ARGV``: the exit code and what it printed (user errors become a message)."""
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def run_in_process(argv: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    """``hw3-tutor ARGV`` as a finished process (exit code, stdout, stderr), run in this one:
    the command line, its printing and its exit codes are the real ones; only the interpreter's
    start is saved. ``stdin`` is what the command reads from standard input."""

    def stream(data: bytes = b"") -> io.TextIOWrapper:  # with a .buffer, as the real ones
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")

    out, err, stdin_stream = stream(), stream(), stream(stdin.encode("utf-8"))
    saved = sys.stdin
    sys.stdin = stdin_stream
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved
    texts = []
    for captured in (out, err):
        captured.flush()
        texts.append(captured.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["hw3-tutor", *argv], code, *texts)
