"""A persistent checker process with a per-check time bound.

``CheckWorker.check(box, answer)`` sends the box spec and the answer over a pipe to one
long-lived child process (``spawn`` start method, so it is safe to use from a program with
threads, such as the Textual app). If the child does not answer within the budget it is killed
and a fresh one is started on the next check; the caller gets an ``invalid:timeout`` verdict,
never a hang and never "incorrect". A lock makes the worker safe to call from several threads.
``CheckWorker.read_as(box, answer)`` is the live preview, bounded the same way (the reading
must never run where it could freeze the UI).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

from tutor.checking.verdict import Verdict

WARM_UP_LIMIT = 60.0  # seconds to start a child and import sympy
TIMEOUT_FEEDBACK = (
    "That answer is too complex to check in time. Simplify it (expand fewer powers, "
    "drop nested roots) and try again."
)


def _serve(conn: Any) -> None:
    """The child's loop: receive (box, answer) and reply with the verdict fields, or receive
    ("read", box, answer) and reply with the preview's fields."""
    from tutor.checking.judge import check

    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        if msg == "warm":
            import sympy  # noqa: F401 - loading it is the point

            from tutor.checking import equivalence, readas  # noqa: F401

            conn.send("ready")
            continue
        if msg[0] == "read":  # ("read", box, answer): the preview
            from tutor.checking.readas import read_as

            try:
                r = read_as(msg[1], msg[2])
                conn.send(("ok", (r.ok, r.text, r.column)))
            except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
            continue
        box, answer = msg
        try:
            v = check(box, answer)
            conn.send(("ok", v.to_json()))
        except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class CheckWorker:
    """One persistent checking process, spawned lazily."""

    def __init__(self, timeout: float = 1.0):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        self.restarts = 0

    # -- process management
    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="hw3-tutor-checker")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(2)

    def _ensure(self) -> None:
        """A live, warmed-up child (the sympy import is not charged to any check's budget)."""
        if self._proc is not None and self._proc.is_alive():
            return
        self._kill()
        self._start()
        self._conn.send("warm")
        ok = self._conn.poll(WARM_UP_LIMIT)
        try:
            ok = ok and self._conn.recv() == "ready"
        except (EOFError, OSError):
            ok = False
        if not ok:
            self._kill()
            raise RuntimeError("the checker process did not start")

    # -- public API
    def warm_up(self) -> None:
        """Start the process and import sympy there (slow the first time: call from a thread)."""
        with self._lock:
            try:
                self._ensure()
            except RuntimeError:
                pass

    def check(self, box: Any, answer: str) -> Verdict:
        """Judge ``answer`` within the time budget (blocking)."""
        with self._lock:
            t0 = time.perf_counter()
            for attempt in range(2):
                try:
                    self._ensure()
                except RuntimeError:
                    break
                try:
                    self._conn.send((box, answer))
                except (BrokenPipeError, OSError):
                    self._kill()
                    continue
                if self._conn.poll(self.timeout):
                    try:
                        status, payload = self._conn.recv()
                    except (EOFError, OSError):
                        self._kill()
                        if attempt == 0:
                            continue
                        break
                    ms = round((time.perf_counter() - t0) * 1000, 3)
                    if status == "ok":
                        return Verdict(**payload)
                    return Verdict(
                        "invalid",
                        "The checker failed on this answer; try writing it another way.",
                        "",
                        "invalid:error",
                        ms,
                    )
                self._kill()
                self.restarts += 1
                ms = round((time.perf_counter() - t0) * 1000, 3)
                return Verdict("invalid", TIMEOUT_FEEDBACK, "", "invalid:timeout", ms)
            ms = round((time.perf_counter() - t0) * 1000, 3)
            return Verdict(
                "invalid",
                "The checker stopped unexpectedly; try again.",
                "",
                "invalid:error",
                ms,
            )

    def read_as(self, box: Any, answer: str) -> Any:
        """The "read as" preview of ``answer`` within the time budget (blocking): a
        ``tutor.checking.readas.ReadAs``. A reading that runs out of time ends the process."""
        from tutor.checking.readas import ReadAs

        with self._lock:
            try:
                self._ensure()
                self._conn.send(("read", box, answer))
                if self._conn.poll(self.timeout):
                    status, payload = self._conn.recv()
                    if status == "ok":
                        return ReadAs(*payload)
                    return ReadAs(False, f"(no preview: {payload})")
            except (RuntimeError, EOFError, OSError):
                self._kill()
                return ReadAs(False, "(no preview: the checker is restarting)")
            self._kill()
            self.restarts += 1
            return ReadAs(False, "That answer takes too long to read as you type.")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.send(None)
                except OSError:
                    pass
            if self._proc is not None:
                self._proc.join(1)
            self._kill()

    def __enter__(self) -> CheckWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # best effort: never leave a child behind
        try:
            self._kill()
        except Exception:  # noqa: BLE001
            pass
