"""Active time: each event's time from its session's start, and the gaps between events that
count as work (a gap longer than IDLE_GAP_SECONDS is idle); the hours rule of
docs/session-logs.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

from tutor.sessions.logformat import IDLE_GAP_SECONDS, future_limit, parse_time
from tutor.sessions.logreader import Event, Session
from tutor.textsafe import bounded

# A gap by the monotonic ``s`` may exceed the same gap by the wall clock ``t`` by this much and
# still count whole (both are written at once: they differ by milliseconds, or by a small clock
# adjustment); beyond it the smaller counts (``s`` edited, or the clock stepped back).
GAP_TOLERANCE_SECONDS: Final = 2.0
# A session's counted active time may fall short of what ``s`` alone gives by this much before
# it is said (beyond it: the larger of this and SHORTFALL_SHARE of the ``s`` figure).
SHORTFALL_SECONDS: Final = 60.0
SHORTFALL_SHARE: Final = 0.05


class Timing:
    """Each event's moment and the active time before it, computed as events stream by.

    A session keeps the clock its first timed event has: the monotonic ``s`` field (immune to
    wall-clock changes), or the wall-clock ``t`` for logs written without ``s``; an event
    without a readable time adds nothing. A gap longer than ``idle`` seconds is idle and
    counts 0, and so does a negative one (a clock step). The moment shown for an event never
    goes back: it is the sum of the forward steps so far.

    Nothing logged is trusted: a gap counts by ``s`` only when the wall clock moved as much
    (within GAP_TOLERANCE_SECONDS); otherwise the smaller of the two counts (``s`` edited to
    inflate the hours while ``t`` stands still, or the clock stepped back), and nothing when
    either event's ``t`` is missing or unreadable (``s`` alone is never believed); and
    ``s_active`` keeps what ``s`` alone gives, to say so (``clock_note``). An event dated after
    ``future_limit`` (a day from now) adds no active time (``future`` counts them).
    """

    def __init__(self, idle: float = IDLE_GAP_SECONDS):
        self.idle = idle
        self.active = 0.0
        self.s_active = 0.0  # the active time by ``s`` alone (when it runs the session)
        self.at = 0.0
        self.future = 0  # events dated in the future: no active time
        self.first_future = ""
        self._future_gaps = 0.0  # what ``s`` gives the future-dated events
        self._monotonic: bool | None = None
        self._origin: datetime | None = None
        self._previous: float | None = None
        self._wall: float | None = None  # the previous event's wall clock (epoch seconds)
        self._latest = future_limit().timestamp()
        self._s_first: float | None = None
        self._s_last = 0.0
        self._t_first: float | None = None

    def step(self, event: Event) -> tuple[float, float]:
        """(the event's moment in seconds from the start, the active gap before it)."""
        if self._monotonic is None:
            if event.elapsed is not None:
                self._monotonic = True
            elif parse_time(event.time) is not None:
                self._monotonic = False
        raw: float | None
        wall: float | None = None
        if self._monotonic:
            raw = event.elapsed
            stamp = event.time
            if raw is not None and stamp:
                # ``wall_seconds``, its common case inlined (once per event of every session)
                base = _MINUTES.get(stamp[:16]) if len(stamp) == 27 and stamp[26] == "Z" else None
                second = _SECONDS.get(stamp[17:19]) if base is not None else None
                if base is not None and second is not None:
                    wall = base + second
                else:
                    wall = wall_seconds(stamp)
        else:
            moment = parse_time(event.time) if self._monotonic is False else None
            if moment is None:
                raw = None
            else:
                if self._origin is None:
                    self._origin = moment
                raw = (moment - self._origin).total_seconds()
                wall = moment.timestamp()
        if raw is None:
            return self.at, 0.0
        previous, self._previous = self._previous, raw
        wall_before = self._wall
        future = False
        if wall is not None:
            if wall > self._latest:
                future = True
                self.future += 1
                self.first_future = self.first_future or event.time
            elif self._monotonic:
                self._wall, self._s_last = wall, raw
                if wall_before is None:
                    self._t_first, self._s_first = wall, raw
        if previous is None:
            self.at = max(raw, 0.0)
            return self.at, 0.0
        delta = raw - previous
        if delta > 0:
            self.at += delta
        gap = delta if 0 < delta <= self.idle else 0.0
        self.s_active += gap
        if future:
            self._future_gaps += gap
            gap = 0.0
        elif gap and self._monotonic:
            # fail closed: a gap by ``s`` counts only as far as the wall clock confirms it, and
            # not at all when this event's ``t`` or the one before is missing or unreadable
            moved = wall - wall_before if wall is not None and wall_before is not None else 0.0
            if moved < gap - GAP_TOLERANCE_SECONDS:  # the wall clock did not move as much
                gap = moved if moved > 0 else 0.0
        self.active += gap
        return self.at, gap

    def clock_note(self) -> str | None:
        """What the session's times say that is not to be believed, or None: ``s`` (seconds
        since start) giving more active time than the wall clock ``t`` allows (beyond
        SHORTFALL_SECONDS, or SHORTFALL_SHARE of it), and events dated in the future."""
        notes = []
        short = self.s_active - self._future_gaps - self.active
        if short > max(SHORTFALL_SECONDS, SHORTFALL_SHARE * self.s_active):
            s_span = self._s_last - (self._s_first or 0.0)
            t_span = (self._wall or 0.0) - (self._t_first or 0.0)
            notes.append(
                f"its seconds since start (s) span {fmt_span(s_span)} while its wall clock (t) spans "
                f"{fmt_span(t_span)}: the active time counted is {fmt_span(self.active)}, "
                f"where both moved (s alone gives {fmt_span(self.s_active)}: the log was "
                "edited, or the computer's clock was set back)"
            )
        if self.future:
            notes.append(
                f"{self.future:,} event{'s' if self.future != 1 else ''} dated in the future "
                f"(first {bounded(self.first_future, 40)}): not counted as activity"
            )
        return "; ".join(notes) or None


_MINUTES: dict[str, int] = {}  # "2025-02-03T10:01" -> its seconds since the epoch
_MAX_MINUTES: Final = 4_096
_SECONDS: Final = {f"{n:02d}": n for n in range(61)}  # a stamp's second, read by a lookup


def wall_seconds(stamp: str) -> float | None:
    """``t`` in whole seconds since the epoch (None when it does not read): the tutor's own
    form (``2025-02-03T10:01:30.123456Z``) by its minute, remembered, and its second, without
    a datetime each time; any other form parsed (``parse_time``)."""
    if len(stamp) == 27 and stamp[26] == "Z":
        base = _MINUTES.get(stamp[:16])
        second = _SECONDS.get(stamp[17:19])
        if base is not None and second is not None:
            return base + second
    moment = parse_time(stamp)
    if moment is None:
        return None
    whole = moment.replace(microsecond=0)
    if len(stamp) == 27 and stamp[26] == "Z" and stamp[16] == ":":
        if len(_MINUTES) >= _MAX_MINUTES:
            _MINUTES.clear()
        _MINUTES[stamp[:16]] = int(whole.replace(second=0).timestamp())
    return whole.timestamp()


def fmt_span(seconds: float) -> str:
    """A span of time, short: 0 s, 45 s, 12 min, 65.4 h."""
    if seconds < 60:
        return f"{max(seconds, 0.0):.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


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
