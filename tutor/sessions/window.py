"""``--since`` / ``--until``: the window of start times a class report keeps.

A session is kept whole when it started in the window: answers it logged after ``--until`` are
counted too (a student who started before the deadline is not cut off mid-session), and
``LateAnswers`` counts them, per session as they stream by, for one warning saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from tutor.errors import UsageError
from tutor.sessions.logformat import HANDOUT_KEY, iso_utc, parse_time, variant_key

if TYPE_CHECKING:
    from tutor.sessions.logreader import Event

NAMED_STUDENTS = 5  # students the warning about late answers names (the rest are counted)


@dataclass(frozen=True)
class Window:
    """Sessions that started in [since, until) (either end open)."""

    since: datetime | None = None
    until: datetime | None = None

    def holds(self, started: str) -> bool:
        """Whether a session that started at ``started`` (ISO UTC, from its header) is in it."""
        if self.since is None and self.until is None:
            return True
        moment = parse_time(started) if started else None
        if moment is None:
            return False  # no readable start time: cannot be placed in the window
        if self.since is not None and moment < self.since:
            return False
        return not (self.until is not None and moment >= self.until)

    def late_answers(self, *, handout_only: bool = False) -> LateAnswers | None:
        """A counter of the answers logged at or after ``until`` (None without ``until``)."""
        return None if self.until is None else LateAnswers(self.until, handout_only)

    def describe(self) -> str:
        parts = []
        if self.since is not None:
            parts.append(f"from {self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"before {self.until.isoformat()}")
        return " ".join(parts)


@dataclass
class LateAnswers:
    """The answers (``attempt`` events) logged at or after ``until`` in the sessions passed
    through ``watch``: they are counted, the session being kept whole, and ``warning`` says how
    many. ``handout_only`` (the gradebook): answers in practice variants, which it does not
    grade, are not counted here either."""

    until: datetime
    handout_only: bool = False
    count: int = 0
    students: dict[str, int] = field(default_factory=dict)  # learner -> their late answers

    def __post_init__(self) -> None:
        # the log's own spelling of a time (``2025-02-03T10:01:10.000000Z``): such times compare
        # as text; any other spelling is read as a date
        self._text = iso_utc(self.until, micro=True)

    def _late(self, stamp: str) -> bool:
        if len(stamp) == 27 and stamp[26] == "Z" and stamp[10] == "T":
            return stamp >= self._text
        moment = parse_time(stamp) if stamp else None
        return moment is not None and moment >= self.until

    def watch(self, events: Iterable[Event], learner: str) -> Iterator[Event]:
        """One session's events, passed on unchanged; its late answers counted."""
        late = 0
        for event in events:
            if event.type == "attempt" and self._late(event.time):
                data = event.data
                if not (
                    self.handout_only
                    and ("seed" in data or "params" in data)
                    and variant_key(data) != HANDOUT_KEY
                ):
                    late += 1
            yield event
        if late:
            self.count += late
            self.students[learner] = self.students.get(learner, 0) + late

    def warning(self) -> str | None:
        """The warning that late answers were counted, or None when there were none."""
        if not self.count:
            return None
        n, k = self.count, len(self.students)
        names = sorted(self.students)
        shown = ", ".join(f"{s} ({self.students[s]:,})" for s in names[:NAMED_STUDENTS]) + (
            f" and {k - NAMED_STUDENTS:,} more" if k > NAMED_STUDENTS else ""
        )
        return (
            f"{n:,} answer{'s' if n != 1 else ''} logged after --until "
            f"({self.until.isoformat()}) {'were' if n != 1 else 'was'} counted: sessions are "
            f"kept whole (--until keeps the sessions started before it, with all their "
            f"answers); {k:,} student{'s' if k != 1 else ''}: {shown}"
        )


def parse_when(text: str, option: str, *, end: bool = False) -> datetime:
    """A date (``2025-02-10``, in UTC: its start, or with ``end`` the start of the next day, so
    ``--until 2025-02-10`` takes all of that day) or a date and time (``2025-02-10T23:59``,
    ``2025-02-10T23:59-08:00``; UTC unless an offset is given). ``UsageError`` otherwise."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            moment = datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
        else:
            parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
            moment = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not a date; write 2025-02-10 or 2025-02-10T23:59 "
            "(UTC, or with an offset such as -08:00)"
        ) from None
    try:  # every later use is in UTC: a moment past year 9999 (or before 1) there is refused
        if len(value) == 10 and end:
            moment += timedelta(days=1)
        moment.astimezone(timezone.utc)
    except OverflowError:
        raise UsageError(
            f"{option}: {text!r} is out of range (dates run from 0001-01-02 to 9999-12-30)"
        ) from None
    return moment


def window_from(since: str | None, until: str | None) -> Window | None:
    """The window of ``--since``/``--until`` (None when neither is given)."""
    if since is None and until is None:
        return None
    start = parse_when(since, "--since") if since is not None else None
    stop = parse_when(until, "--until", end=True) if until is not None else None
    if start is not None and stop is not None and stop <= start:
        raise UsageError("--until must come after --since")
    return Window(start, stop)
