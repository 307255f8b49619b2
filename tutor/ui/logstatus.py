"""What the student must know about their session log, said on the screen they are on.

- When saving stops (a full disk, the log directory deleted) a notification says so the
  moment it happens, whatever the screen; the events not saved are kept by the log and
  written again every ``RETRY_SECONDS`` until saving works, which is said too.
- When resuming skipped something in the log directory (an unreadable file, events that do
  not read), a notification says what, once, at start.
- When the tutor exits with events still not saved, :func:`lost_report` says which, for the
  terminal the tutor was started from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.textsafe import visible

RETRY_SECONDS = 5.0
NOTIFY_LIMIT = 300  # characters of a file name or warning quoted in a notification


class LogStatus:
    """Watches an app's ``session_log`` (a ``tutor.sessions.log.SessionLog``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._timer: Any = None
        self._retrying = False
        self.watch(app.session_log)

    def watch(self, log: Any) -> None:
        """Watch ``log`` (the app's session log, when it is started anew: after the first
        start's question for the student id)."""
        if hasattr(log, "on_change"):
            log.on_change = self._changed

    # the log calls this from whichever thread logged (the UI's, or a retry worker's)
    def _changed(self, _log: Any) -> None:
        try:
            self.app.call_from_thread(self.show)
        except RuntimeError:  # already on the app's thread (or the app is not running)
            self.show()

    def show(self) -> None:
        """Say what changed: saving stopped, saving works again, or a notice."""
        app = self.app
        log = app.session_log
        notice = getattr(log, "notice", None)
        if notice:
            log.notice = None
            app.notify(
                visible(notice, NOTIFY_LIMIT), title="Session log", severity="warning", markup=False
            )
        problem = getattr(log, "problem", None)
        unsaved = int(getattr(log, "unsaved", 0) or 0)
        if problem and unsaved:
            reason = visible(problem, NOTIFY_LIMIT)
            app.notify(
                f"{reason[0].upper()}{reason[1:]}. What you do is still checked and shown; "
                f"{unsaved} unsaved event{'s are' if unsaved != 1 else ' is'} kept and saving "
                f"is tried again every {RETRY_SECONDS:.0f} s.",
                title="Not saving",
                severity="error",
                timeout=20,
                markup=False,  # it quotes a file name
            )
            self._start_retrying()
        elif not problem and self._timer is not None:
            self._stop_retrying()
            app.notify(
                "Saving again: everything from this session is in the log.",
                title="Saved",
                timeout=6,
            )

    def on_mount(self, resume_warnings: Sequence[str]) -> None:
        """At start: what resuming skipped, and retrying if the log cannot save yet."""
        if resume_warnings:
            self.app.notify(
                resume_summary(resume_warnings),
                title="Resumed",
                severity="warning",
                timeout=12,
                markup=False,  # it quotes file names and what a log held
            )
        log = self.app.session_log
        if getattr(log, "problem", None) and getattr(log, "unsaved", 0):
            self._start_retrying()

    def _start_retrying(self) -> None:
        if self._timer is None:
            self._timer = self.app.set_interval(RETRY_SECONDS, self._retry)

    def _stop_retrying(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _retry(self) -> None:
        if self._retrying:
            return
        self._retrying = True

        def job() -> None:
            try:
                self.app.session_log.retry()  # tells _changed when saving works again
            finally:
                self._retrying = False

        self.app.run_worker(job, thread=True, group="log-retry", name="retry saving the log")


def resume_summary(warnings: Sequence[str]) -> str:
    """One notification for what resuming skipped: the first problem and how many more."""
    first = visible(warnings[0], NOTIFY_LIMIT)
    more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
    return (
        "Some of your earlier session logs could not be read in full; what could be read "
        f"was restored. {first}{more}"
    )


def lost_report(log: Any) -> str:
    """For the terminal, when the tutor exits: what of this session was not saved ("" if
    everything was)."""
    report = getattr(log, "lost_report", None)
    text = report() if callable(report) else ""
    return f"hw3-tutor: {visible(text, 2000)}" if text else ""
