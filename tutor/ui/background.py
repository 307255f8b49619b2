"""Slow plot builds (the width sweep) that go on when their screen is left.

A ``BuildJob`` belongs to the app, not to a plot screen: leaving the screen keeps it running in
its child process, reopening the screen shows where it has got to (its progress and the curves
finished so far), and the index shows its progress meanwhile. Only Ctrl+X (or quitting the
tutor) stops it. Both plots of problem 2 share one job: they draw the same sweep.

Listeners are called on the UI thread (the worker thread hands every update over with
``call_from_thread``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

JobState = Literal["running", "done", "failed", "cancelled"]
Listener = Callable[["BuildJob"], None]


@dataclass(eq=False)
class BuildJob:
    key: tuple[Any, ...]
    title: str  # what it builds, for the index ("μP width sweep")
    fraction: float = 0.0
    message: str = ""
    partial: Any = None  # the latest data handed over while running
    result: Any = None
    error: str = ""
    state: JobState = "running"
    listeners: list[Listener] = field(default_factory=list)
    cancel_event: threading.Event = field(default_factory=threading.Event)
    announced: bool = False  # the app has said that it ended

    @property
    def running(self) -> bool:
        return self.state == "running"

    def cancel(self) -> bool:
        """Stop it (its process is killed); False when it was not running."""
        if not self.running:
            return False
        self.cancel_event.set()
        return True

    def watch(self, listener: Listener) -> None:
        if listener not in self.listeners:
            self.listeners.append(listener)

    def unwatch(self, listener: Listener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    @property
    def status_line(self) -> str:
        """One line for the index: how far it has got, or how it ended."""
        if self.state == "running":
            detail = f" ({self.message})" if self.message else ""
            return f"{self.title}: {round(100 * self.fraction)}% in the background{detail}"
        if self.state == "done":
            return f"{self.title}: done"
        if self.state == "cancelled":
            return f"{self.title}: cancelled"
        return f"{self.title}: failed ({self.error})"


def job_key(spec: Any, values: dict[str, Any]) -> tuple[Any, ...]:
    """Plots with the same builder and parameters share one job (width-sweep, coord-check)."""
    return (spec.build, tuple(sorted(values.items())))


class Background:
    """The app's slow builds, by key."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.jobs: dict[tuple[Any, ...], BuildJob] = {}

    def running(self) -> list[BuildJob]:
        return [j for j in self.jobs.values() if j.running]

    def job_for(self, spec: Any, values: dict[str, Any]) -> BuildJob | None:
        return self.jobs.get(job_key(spec, values))

    def start(self, spec: Any, values: dict[str, Any], *, again: bool = False) -> BuildJob:
        """The job building ``spec`` with ``values``: the one running or done already, else a
        new one (``again``: a new one unless one is running)."""
        key = job_key(spec, values)
        job = self.jobs.get(key)
        if job is not None and (job.running or (job.state == "done" and not again)):
            return job
        listeners = list(job.listeners) if job is not None else []
        job = BuildJob(key, _title(spec), listeners=listeners)
        self.jobs[key] = job
        self.app.run_worker(
            lambda: self._run(job, spec.name, dict(values)),
            thread=True,
            group="background",
            name=f"background {spec.name}",
            exit_on_error=False,
        )
        app_listener = getattr(self.app, "on_background_job", None)
        if app_listener is not None:
            job.watch(app_listener)
        self._notify(job)
        return job

    def _run(self, job: BuildJob, name: str, values: dict[str, Any]) -> None:
        from textual.worker import get_current_worker

        from tutor.ui.procbuild import BuildCancelled, build_in_process

        worker = get_current_worker()

        def stopped() -> bool:
            return job.cancel_event.is_set() or worker.is_cancelled

        def progress(fraction: float, message: str) -> None:
            self._post(self._progress, job, fraction, message)

        def partial(data: Any) -> None:
            self._post(self._partial, job, data)

        try:
            data = build_in_process(name, values, progress, stopped, partial=partial)
        except BuildCancelled:
            self._post(self._finish, job, "cancelled", None, "")
        except Exception as exc:  # noqa: BLE001 - shown on screen
            self._post(self._finish, job, "failed", None, str(exc))
        else:
            self._post(self._finish, job, "done", data, "")

    def _post(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            self.app.call_from_thread(fn, *args)
        except RuntimeError:
            pass  # the app is shutting down

    def _notify(self, job: BuildJob) -> None:
        """Tell the listeners; one that fails (a screen half torn down) stops nothing."""
        for listener in list(job.listeners):
            try:
                listener(job)
            except Exception:  # noqa: BLE001 - drawing is best effort; the build goes on
                pass

    def _progress(self, job: BuildJob, fraction: float, message: str) -> None:
        job.fraction = max(job.fraction, min(fraction, 1.0))
        job.message = message
        self._notify(job)

    def _partial(self, job: BuildJob, data: Any) -> None:
        job.partial = data
        self._notify(job)

    def _finish(self, job: BuildJob, state: JobState, data: Any, error: str) -> None:
        job.state, job.result, job.error = state, data, error
        if state == "done":
            job.fraction = 1.0
        self._notify(job)


def _title(spec: Any) -> str:
    return "μP width sweep" if spec.name in ("width-sweep", "coord-check") else spec.title
