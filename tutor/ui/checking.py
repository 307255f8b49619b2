"""Adapters between the UI and the checker: judging answers and the live "read as" preview.

Both are blocking and are only ever called from Textual thread workers. Nothing heavy is
imported at module level: sympy arrives with the first preview or check, after the first paint.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

from tutor.content.loader import BoxSpec


class Checker(Protocol):
    def check(self, box: BoxSpec, answer: str) -> Any: ...  # -> tutor.checker.Verdict
    def warm_up(self) -> None: ...
    def close(self) -> None: ...


class WorkerChecker:
    """The real checker: ``tutor.checkworker.CheckWorker`` (a separate process with a time bound).

    One process serves the whole app; a lock serialises checks coming from several threads.
    """

    def __init__(self, timeout: float | None = None) -> None:
        self._timeout = timeout
        self._worker: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._worker is None:
            from tutor.checking.worker import CheckWorker

            start_resource_tracker()
            self._worker = CheckWorker() if self._timeout is None else CheckWorker(self._timeout)
        return self._worker

    def check(self, box: BoxSpec, answer: str) -> Any:
        with self._lock:
            return self._get().check(box, answer)

    def warm_up(self) -> None:
        with self._lock:
            self._get().warm_up()

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None


_TRACKER_LOCK = threading.Lock()


def start_resource_tracker() -> None:
    """Make sure multiprocessing's resource tracker runs, before a ``spawn`` child is started.

    Starting a ``spawn`` process first starts the resource tracker and hands it
    ``sys.stderr.fileno()``. Inside a running Textual app ``sys.stderr`` is Textual's capture
    object with no usable file descriptor, and the spawn fails ("bad value(s) in fds_to_keep").
    So the tracker is started here with the real stderr put back for the few milliseconds that
    takes (called from worker threads, after the first paint, so start-up does not pay for it).
    """
    import sys

    with _TRACKER_LOCK:
        try:
            from multiprocessing import resource_tracker

            saved = sys.stderr
            try:
                usable = saved.fileno() >= 0  # Textual's capture says -1
            except Exception:  # noqa: BLE001 - io.UnsupportedOperation, ValueError, ...
                usable = False
            if not usable and sys.__stderr__ is not None:
                sys.stderr = sys.__stderr__
            try:
                resource_tracker.ensure_running()
            finally:
                sys.stderr = saved
        except Exception:  # noqa: BLE001 - the spawn will then report the problem on screen
            pass


class InProcessChecker:
    """``tutor.checker.check`` in this process, no time bound (used by tests and screenshots)."""

    def check(self, box: BoxSpec, answer: str) -> Any:
        from tutor.checking.judge import check

        return check(box, answer)

    def warm_up(self) -> None:
        import tutor.checking.judge  # noqa: F401

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Preview:
    """How an answer is read, before it is judged."""

    ok: bool
    text: str  # pretty reading when ok, else why it cannot be read
    column: int | None = None


def read_as(box: BoxSpec, answer: str) -> Preview:
    """Read an answer without judging it (runs in a thread worker; imports the parser lazily)."""
    if not answer.strip():
        return Preview(False, "")
    if box.kind == "choice":
        return _read_choice(box, answer)
    from tutor.inputlang import parser as mathparse

    return _from_parse(mathparse, box, answer)


def _read_choice(box: BoxSpec, answer: str) -> Preview:
    key = answer.strip().strip("()").lower()
    for choice in box.choices:
        if choice.key.lower() == key:
            return Preview(True, f"({choice.key}) {choice.text}")
    keys = ", ".join(c.key for c in box.choices)
    return Preview(False, f"type one of the choice letters: {keys}")


_RELATIONS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "="}


def _from_parse(mathparse: Any, box: BoxSpec, answer: str) -> Preview:
    """Parse with ``tutor.mathparse`` (the checker's own reader) and pretty-print the result."""
    ctx = mathparse.make_context(box)
    try:
        parsed = mathparse.parse_answer(answer, ctx)
    except mathparse.ParseError as exc:
        return Preview(False, exc.message, exc.column)
    pieces = []
    if parsed.relation:
        pieces.append(_RELATIONS.get(parsed.relation, parsed.relation))
    value = mathparse.pretty(parsed.value)
    if value:
        pieces.append(value)
    if parsed.tail:
        pieces.append(" ".join(parsed.tail))
    text = " ".join(pieces)
    if parsed.dists:
        clauses = ", ".join(mathparse.pretty(d) for d in parsed.dists)
        text = f"{text}  with {clauses}" if text else clauses
    return Preview(True, text)
