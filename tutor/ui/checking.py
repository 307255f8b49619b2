"""Adapters between the UI and the checker: judging answers and the live "read as" preview.

Both are blocking and are only ever called from Textual thread workers. The preview is the
checker's own reading (``tutor.checking.readas``): the real checker runs it in a worker process
of its own, with a time bound, so that nothing a student types or pastes can stop the UI from
answering keys (a regex or a reading that ran away would hold the whole process). Nothing heavy
is imported at module level: sympy arrives with the first preview or check, after the first
paint.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from tutor.content.model import BoxSpec

if TYPE_CHECKING:
    from tutor.checking.readas import ReadAs


class Checker(Protocol):
    def check(self, box: BoxSpec, answer: str) -> Any: ...  # -> tutor.checking.verdict.Verdict
    def read_as(self, box: BoxSpec, answer: str) -> ReadAs: ...
    def warm_read(self, box: BoxSpec, answer: str) -> None: ...
    def warm_up(self) -> None: ...
    def close(self) -> None: ...


class WorkerChecker:
    """The real checker: ``tutor.checking.worker.CheckWorker`` processes with a time bound.

    One process judges answers and another reads them for the preview, so a check never
    waits behind previews. A lock serialises the calls to each; a preview asked for while
    another is waiting is skipped when a newer one has been asked for since (the student kept
    typing in that box: only the newest reading will be shown).
    """

    def __init__(self, timeout: float | None = None) -> None:
        self._timeout = timeout
        self._worker: Any = None
        self._reader: Any = None
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._ask_lock = threading.Lock()
        self._asked: dict[str, int] = {}  # previews asked for so far, per box

    def _new(self) -> Any:
        from tutor.checking.worker import CheckWorker

        start_resource_tracker()
        return CheckWorker() if self._timeout is None else CheckWorker(self._timeout)

    def _get(self) -> Any:
        if self._worker is None:
            self._worker = self._new()
        return self._worker

    def _get_reader(self) -> Any:
        if self._reader is None:
            self._reader = self._new()
        return self._reader

    def check(self, box: BoxSpec, answer: str) -> Any:
        with self._lock:
            return self._get().check(box, answer)

    def read_as(self, box: BoxSpec, answer: str) -> ReadAs:
        from tutor.checking.readas import ReadAs

        with self._ask_lock:
            mine = self._asked[box.id] = self._asked.get(box.id, 0) + 1
        with self._read_lock:
            if mine != self._asked[box.id]:
                return ReadAs(False, "")  # superseded: a newer preview of this box is waiting
            return self._get_reader().read_as(box, answer)

    def warm_read(self, box: BoxSpec, answer: str) -> None:
        """Read ``answer`` as a preview would, to warm the reader's process up. It is not a
        preview of ``box``: a student's preview of that box waiting meanwhile is not superseded
        by it (its reading would be dropped, and the box left with no reading at all)."""
        with self._read_lock:
            self._get_reader().read_as(box, answer)

    def warm_up(self) -> None:
        with self._lock:
            self._get().warm_up()
        with self._read_lock:
            self._get_reader().warm_up()

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None
        with self._read_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


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
    """The checker in this process, no time bound (used by tests and screenshots)."""

    def check(self, box: BoxSpec, answer: str) -> Any:
        from tutor.checking.judge import check

        return check(box, answer)

    def read_as(self, box: BoxSpec, answer: str) -> ReadAs:
        from tutor.checking.readas import read_as

        return read_as(box, answer)

    def warm_read(self, box: BoxSpec, answer: str) -> None:
        self.read_as(box, answer)

    def warm_up(self) -> None:
        import tutor.checking.judge  # noqa: F401

    def close(self) -> None:
        pass
