"""Run a ``hw3-tutor`` subcommand in-process, through the real command line (``tutor.cli.main``).

The commands that judge answers (``grade``, ``validate``) start a checker process
(``tutor.checking.worker.CheckWorker``) and import sympy there: about half a second each time.
Run from here, they share one warm checker process per setting (time and memory budget) for
the whole test process instead; everything else about them is the real thing. The checker's
own tests (``tests/test_checkworker.py``, restarts, time and memory bounds) use their own.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from tutor.checking import worker as checking_worker
from tutor.cli.entry import main

_REAL_WORKER = checking_worker.CheckWorker
_SHARED: dict[tuple[Any, ...], Any] = {}


class _SharedWorker:
    """What ``CheckWorker(...)`` gives a command run here: the shared worker for its budget,
    whose closing (the command is done with it) leaves it running for the next command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in _SHARED:
            _SHARED[key] = _REAL_WORKER(*args, **kwargs)
            atexit.register(_SHARED[key].close)
        self._worker = _SHARED[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._worker, name)

    def close(self) -> None:
        pass

    def __enter__(self) -> _SharedWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@contextlib.contextmanager
def _shared_checker() -> Iterator[None]:
    checking_worker.CheckWorker = _SharedWorker  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        checking_worker.CheckWorker = _REAL_WORKER  # type: ignore[misc]


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """``hw3-tutor ARGV``: the exit code and what it printed (user errors become a message)."""
    with _shared_checker():
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
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _shared_checker():
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
