"""``--since`` / ``--until``: the window of start times a class report keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from tutor.errors import UsageError
from tutor.sessions.logformat import parse_time


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

    def describe(self) -> str:
        parts = []
        if self.since is not None:
            parts.append(f"from {self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"before {self.until.isoformat()}")
        return " ".join(parts)


def parse_when(text: str, option: str, *, end: bool = False) -> datetime:
    """A date (``2025-02-10``, in UTC: its start, or with ``end`` the start of the next day, so
    ``--until 2025-02-10`` takes all of that day) or a date and time (``2025-02-10T23:59``,
    ``2025-02-10T23:59-08:00``; UTC unless an offset is given). ``UsageError`` otherwise."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            moment = datetime.combine(day, time(0, 0), tzinfo=timezone.utc)
            return moment + timedelta(days=1) if end else moment
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not a date; write 2025-02-10 or 2025-02-10T23:59 "
            "(UTC, or with an offset such as -08:00)"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def window_from(since: str | None, until: str | None) -> Window | None:
    """The window of ``--since``/``--until`` (None when neither is given)."""
    if since is None and until is None:
        return None
    start = parse_when(since, "--since") if since is not None else None
    stop = parse_when(until, "--until", end=True) if until is not None else None
    if start is not None and stop is not None and stop <= start:
        raise UsageError("--until must come after --since")
    return Window(start, stop)
