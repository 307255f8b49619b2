"""Active time: each event's time from its session's start, and the gaps between events that
count as work (a gap longer than IDLE_GAP_SECONDS is idle); the hours rule of
docs/session-logs.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tutor.sessions.logformat import IDLE_GAP_SECONDS, parse_time
from tutor.sessions.logreader import Event, Session


class Timing:
    """Each event's moment and the active time before it, computed as events stream by.

    A session keeps the clock its first timed event has: the monotonic ``s`` field (immune to
    wall-clock changes), or the wall-clock ``t`` for logs written without ``s``; an event
    without a readable time adds nothing. A gap longer than ``idle`` seconds is idle and
    counts 0, and so does a negative one (a clock step). The moment shown for an event never
    goes back: it is the sum of the forward steps so far.
    """

    def __init__(self, idle: float = IDLE_GAP_SECONDS):
        self.idle = idle
        self.active = 0.0
        self.at = 0.0
        self._monotonic: bool | None = None
        self._origin: datetime | None = None
        self._previous: float | None = None

    def step(self, event: Event) -> tuple[float, float]:
        """(the event's moment in seconds from the start, the active gap before it)."""
        if self._monotonic is None:
            if event.elapsed is not None:
                self._monotonic = True
            elif parse_time(event.time) is not None:
                self._monotonic = False
        raw: float | None
        if self._monotonic:
            raw = event.elapsed
        else:
            moment = parse_time(event.time) if self._monotonic is False else None
            if moment is None:
                raw = None
            else:
                if self._origin is None:
                    self._origin = moment
                raw = (moment - self._origin).total_seconds()
        if raw is None:
            return self.at, 0.0
        previous, self._previous = self._previous, raw
        if previous is None:
            self.at = max(raw, 0.0)
            return self.at, 0.0
        delta = raw - previous
        if delta > 0:
            self.at += delta
        gap = delta if 0 < delta <= self.idle else 0.0
        self.active += gap
        return self.at, gap


def event_seconds(events: Iterable[Event]) -> list[float]:
    """Each event's time in seconds from the session start (see :class:`Timing`)."""
    timing = Timing()
    return [timing.step(event)[0] for event in events]


def active_gaps(events: Iterable[Event], idle: float = IDLE_GAP_SECONDS) -> list[float]:
    """For each event, the active time since the previous event (0 for the first).

    A gap longer than ``idle`` seconds counts as idle time and contributes 0;
    negative gaps (a clock step) contribute 0 too.
    """
    timing = Timing(idle)
    return [timing.step(event)[1] for event in events]


def active_seconds(session: Session, idle: float = IDLE_GAP_SECONDS) -> float:
    """Time actually spent in a session: the sum of its non-idle gaps."""
    return sum(active_gaps(session.events, idle))
