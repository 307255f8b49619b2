"""Textual's Linux driver, made safe for a terminal that goes away (trial tui3 T1).

When the window is closed the kernel hangs the terminal up: the tutor gets SIGHUP and then
SIGCONT, and every write to the terminal fails (EIO). Textual's driver then deadlocked the
exit, 5 times in 8 closes:

- its writer thread died on the first failed write, and its queue (30 writes) then filled up:
  the next write, or the ``None`` that stops the thread at exit, waited forever;
- its SIGCONT handler "resumed" on the dead terminal: it started a second writer thread, which
  died at once, so the exit waited on that one's queue instead.

Here a write to a terminal that is gone is dropped (the writer thread lives on and its queue
drains), SIGCONT resumes nothing once the terminal is gone, and the app is told (``_hung_up``)
when a write or the input thread finds it gone, even if no SIGHUP comes.
"""

from __future__ import annotations

import signal
import termios
import threading
from typing import IO, Any

from textual.drivers.linux_driver import LinuxDriver

STOP_WAIT = 1.0  # seconds the exit waits for the writer thread to stop


class _TerminalFile:
    """The file Textual writes the screen to; a write or flush that fails (the terminal is
    gone) is dropped, and ``gone()`` is called once."""

    def __init__(self, file: IO[str], gone: Any) -> None:
        self._file = file
        self._gone = gone
        self.dead = False

    def write(self, text: str) -> int:
        if not self.dead:
            try:
                return self._file.write(text)
            except (OSError, ValueError):
                self._died()
        return len(text)

    def flush(self) -> None:
        if not self.dead:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._died()

    def fileno(self) -> int:
        return self._file.fileno()

    def _died(self) -> None:
        self.dead = True
        self._gone()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class TutorDriver(LinuxDriver):
    """``LinuxDriver`` that never waits on, nor restarts on, a terminal that went away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._told = threading.Event()
        self._file = _TerminalFile(self._file, self._terminal_gone)  # type: ignore[arg-type, assignment]

    @property
    def terminal_gone(self) -> bool:
        return self._told.is_set() or self._file.dead  # type: ignore[attr-defined, union-attr]

    def terminal_alive(self) -> bool:
        """Whether the terminal is still there (a hung-up one refuses its attributes)."""
        if self.terminal_gone:
            return False
        try:
            termios.tcgetattr(self.fileno)
        except (termios.error, OSError, ValueError):
            return False
        return True

    def _terminal_gone(self) -> None:
        """The terminal went away (from any thread): the app ends as on SIGHUP, once."""
        if self._told.is_set():
            return
        self._told.set()
        hung_up = getattr(self._app, "_hung_up", None)
        if hung_up is None:
            return
        try:
            self._loop.call_soon_threadsafe(hung_up, int(signal.SIGHUP))
        except RuntimeError:  # the loop is closed: the app has ended
            pass

    def _sigcont_application(self, *args: Any) -> None:
        """SIGCONT after a hang-up (the kernel sends it right behind SIGHUP) resumes nothing:
        there is no terminal to resume on. After Ctrl+Z and ``fg`` it resumes as before."""
        if not self.terminal_alive():
            return
        super()._sigcont_application(*args)

    def _run_input_thread(self) -> None:
        """A read that fails because the terminal is gone ends the input thread quietly and
        ends the app as a hang-up does (Textual would panic and print a traceback)."""
        try:
            self.run_input_thread()
        except OSError:
            self._terminal_gone()
        except BaseException:  # noqa: BLE001 - Textual's own handling, for anything else
            import rich.traceback

            self._app.call_later(self._app.panic, rich.traceback.Traceback())

    def close(self) -> None:
        """Stop the writer thread, waiting a moment at most (never forever)."""
        writer = self._writer_thread
        if writer is None:
            return
        try:
            writer._queue.put(None, timeout=STOP_WAIT)
        except Exception:  # noqa: BLE001 - queue.Full: the thread is stuck; it is a daemon
            return
        writer.join(STOP_WAIT)
