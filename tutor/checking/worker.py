"""A persistent checker process with a per-check time bound and a memory bound.

``CheckWorker.check(box, answer)`` sends the box spec and the answer over a pipe to one
long-lived child process (forked from a fork server that has sympy loaded, or spawned where
there is none: see ``checker_context``; either is safe from a program with threads, such as the
Textual app). If the child does not answer within the budget it is killed
and a fresh one is started on the next check; the caller gets an ``invalid:timeout`` verdict,
never a hang and never "incorrect". The child's address space is limited (``RLIMIT_AS``, set
after its imports, where the platform allows it): a check that needs more memory gets an
``invalid:memory`` verdict. A lock makes the worker safe to call from several threads.

``Verdict.ms`` is the checking time plus, when this check had to start a new checker process
first (after a timed-out check killed the last one), the time that restart took: what the
caller waited, minus only the pipe. ``restart_ms`` keeps the last restart's share.
``CheckWorker.read_as(box, answer)`` is the live preview, bounded the same way (the reading
must never run where it could freeze the UI).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import Any

from tutor.checking.verdict import Verdict

WARM_UP_LIMIT = 60.0  # seconds to start a child and import sympy
MEMORY_LIMIT_MB = 1024  # address space a check may add to the warmed-up checker
TIMEOUT_FEEDBACK = (
    "That answer is too complex to check in time. Write it more simply (fewer nested "
    "functions, roots or powers; nothing multiplied out) and try again."
)
MEMORY_FEEDBACK = (
    "That answer needs too much memory to check. Simplify it (smaller powers and numbers, "
    "fewer nested terms) and try again."
)
CRASH_FEEDBACK = (
    "The checker stopped while checking this answer (it may need too much memory); "
    "write it another way."
)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def limit_memory(extra_mb: int) -> bool:
    """Limit this process's address space to what it uses now plus ``extra_mb``; returns
    whether a limit was set (not on platforms without ``RLIMIT_AS``)."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    used = _address_space()
    if used is None or not hasattr(resource, "RLIMIT_AS"):
        return False
    limit = used + extra_mb * 2**20
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # macOS refuses RLIMIT_AS
        return False
    return True


def _end_now() -> None:
    """End the checker process at once: it holds nothing to save, and a normal interpreter
    exit spends a tenth of a second or more taking sympy's modules apart (the tutor waits
    for it when it quits)."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)


def _serve(conn: Any, memory_mb: int | None = MEMORY_LIMIT_MB) -> None:
    """The child's loop: receive (box, answer) and reply with the verdict fields, or receive
    ("read", box, answer) and reply with the preview's fields."""
    from tutor.checking.judge import check

    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            _end_now()
        if msg == "warm":
            import sympy  # noqa: F401 - loading it is the point

            from tutor.checking import dependence, equivalence, orders, readas  # noqa: F401

            if memory_mb is not None:
                limit_memory(memory_mb)  # after the imports: only checks are limited
            conn.send("ready")
            continue
        if msg[0] == "read":  # ("read", box, answer): the preview
            from tutor.checking.readas import read_as

            try:
                r = read_as(msg[1], msg[2])
                conn.send(("ok", (r.ok, r.text, r.column, r.remarks)))
            except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
                conn.send(("error", f"{type(exc).__name__}: {exc}"))
            continue
        box, answer = msg
        try:
            v = check(box, answer)
            conn.send(("ok", v.to_json()))
        except MemoryError:  # what the check built is let go as the exception unwinds
            conn.send(("memory", "MemoryError"))
        except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


PRELOAD = (
    "sympy",
    "tutor.checking.judge",
    "tutor.checking.readas",
    "tutor.checking.dependence",
    "tutor.checking.equivalence",
    "tutor.checking.orders",
)
"""What the fork server imports once, so that every checker process starts with it loaded."""


def checker_context() -> Any:
    """How checker processes are started: from a fork server where the platform has one.

    The fork server is one clean process (started without this program's threads, so forking it
    is safe) that imports sympy and the checker once; each checker process is then a fork of it,
    ready in milliseconds, instead of a new interpreter importing sympy for about a second.
    That matters twice: the tutor starts two checkers (answers and previews), and a checker
    killed after an answer ran out of time is replaced before the next answer. Elsewhere
    (Windows) each process is spawned as a new interpreter.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))  # read when the server starts (once)
    return ctx


class CheckWorker:
    """One persistent checking process, started lazily."""

    def __init__(self, timeout: float = 1.0, memory_mb: int | None = MEMORY_LIMIT_MB):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        self.restarts = 0  # checker processes killed (a check over its time)
        self.restart_ms = 0.0  # what starting the last replacement process took
        self._spawned = 0  # processes started

    # -- process management
    def _start(self) -> None:
        try:
            self._start_with(checker_context())
        except OSError:  # no fork server here (say, no writable temporary folder): spawn
            self._start_with(multiprocessing.get_context("spawn"))

    def _start_with(self, ctx: Any) -> None:
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_serve, args=(child, self.memory_mb), daemon=True, name="hw3-tutor-checker"
        )
        try:
            proc.start()
        except BaseException:
            parent.close()
            raise
        finally:
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

    def _ensure(self) -> float:
        """A live, warmed-up child (the sympy import is not charged to any check's budget).
        Returns the milliseconds spent starting one (0 when it was running)."""
        if self._proc is not None and self._proc.is_alive():
            return 0.0
        t0 = time.perf_counter()
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
        self._spawned += 1
        return (time.perf_counter() - t0) * 1000

    # -- public API
    def warm_up(self) -> None:
        """Start the process and import sympy there (slow the first time: call from a thread)."""
        with self._lock:
            try:
                self._ensure()
            except RuntimeError:
                pass

    def check(self, box: Any, answer: str) -> Verdict:
        """Judge ``answer`` within the time and memory budget (blocking)."""
        with self._lock:
            t0 = time.perf_counter()
            restart_ms = 0.0
            for _attempt in range(2):
                try:
                    first = self._spawned == 0
                    started = self._ensure()
                except RuntimeError:
                    break
                if started and not first:  # a replacement, paid by this answer
                    restart_ms += started
                    self.restart_ms = round(started, 3)
                try:
                    self._conn.send((box, answer))
                except (BrokenPipeError, OSError):
                    self._kill()  # it had died since: start another and send again
                    continue
                if self._conn.poll(self.timeout):
                    try:
                        status, payload = self._conn.recv()
                    except (EOFError, OSError):
                        self._kill()  # it died on this answer: never sent again
                        ms = round((time.perf_counter() - t0) * 1000, 3)
                        return Verdict("invalid", CRASH_FEEDBACK, "", "invalid:error", ms)
                    ms = round((time.perf_counter() - t0) * 1000, 3)
                    if status == "ok":
                        v = Verdict(**payload)
                        return v.with_ms(round(v.ms + restart_ms, 3)) if restart_ms else v
                    if status == "memory":  # a fresh process for the next answer
                        self._kill()
                        return Verdict("invalid", MEMORY_FEEDBACK, "", "invalid:memory", ms)
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
