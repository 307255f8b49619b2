"""Reading session logs: every field is untrusted (a log is a file anyone can edit and hand
in). Each event's fields are checked against the format (``tutor.sessions.logformat``); a
session is read event by event in bounded memory (``SessionStream``), whole
(``read_session``), or a directory of them (``read_sessions``); a session's header alone
orders it among others (``read_header``, ``order_sessions``). What does not read is skipped
with a warning.

Only the standard library is imported here, and orjson when it is installed (the ``fast``
extra): it decodes the usual line in a little over half the time ``json`` takes. Every line
it might read differently (an integer of 19 or more digits, which it turns into a float; a
line nested deep enough to reach either decoder's limit) and every line it refuses (NaN,
Infinity, a lone surrogate, a number too large for a float, text after the event, bytes that
are not UTF-8) is decoded by ``json`` as before, so what is read and what is skipped, with
which warning, is the same with or without it. ``HW3_TUTOR_NO_ORJSON=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, Protocol

from tutor.errors import UserError
from tutor.sessions.logformat import (
    EVENT_FIELDS,
    NAME_LIMIT,
    SCHEMA_VERSION,
    SUFFIX,
    BadField,
    is_name,
    parse_time,
)
from tutor.textsafe import bounded

# What a reader keeps of a log it did not write (the bounds on one field are in
# ``tutor.sessions.logformat``; see docs/session-logs.md)
MAX_LINE_BYTES: Final = 1 << 20  # a longer line is skipped without being kept
MAX_SEQ: Final = 2**53
MAX_SECONDS: Final = 10**8  # s: about three years
MAX_EXTRA_FIELDS: Final = 16  # fields the format does not declare, kept as short scalars
WARNINGS_PER_FILE: Final = 20  # then a count of the rest
# Lines read of one session, and of all the sessions of one hand-in (blank lines included): a
# log is bounded in bytes, but a newline compresses about 1000:1 in a hand-in and costs a
# fraction of a microsecond to read, so a small hand-in could otherwise hold a billion lines.
# A full day of work is a few thousand lines; the rest of a log past the bound is not read.
MAX_LINES: Final = 100_000
MAX_HANDIN_LINES: Final = 500_000


class Event(NamedTuple):
    """One logged event, its fields checked. ``data`` holds the fields after the envelope
    (``seq``, ``t``, ``s``, ``event``): each field the format declares for the event type,
    of its declared type and within its range (texts cut to ``TEXT_LIMIT`` characters as a
    ``Cut`` that counts the rest); fields it does not declare only when they are short
    scalars (at most ``MAX_EXTRA_FIELDS``)."""

    seq: int
    time: str  # ISO 8601 UTC, or "" when the event had no readable time
    elapsed: float | None  # seconds since the session started (monotonic clock)
    type: str
    data: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class SessionReadError(UserError):
    """A session log that cannot be read at all (missing, a directory, a FIFO, no permission)."""


def _kind(value: object) -> str:
    """What a JSON value is, in a few words (a warning never quotes the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number" if value == value else "NaN"
    if isinstance(value, _TooLong):
        return "a number too long to read"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_ENVELOPE = frozenset(("seq", "t", "s", "event"))
_REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(k for k, f in fields.items() if f.required) for kind, fields in EVENT_FIELDS.items()
}
_TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)\Z")


_REAL: dict[str, bool] = {}  # a stamp's date, hour and minute (and offset) -> a real time
_MAX_REAL: Final = 4_096


def _real_time(stamp: str) -> bool:
    """Whether a stamp of the log's shape (``_TIME_RE``) is a time that exists (not
    2025-02-30, nor 25:00): by its minute and offset, remembered, and its second."""
    if stamp[17:19] > "59":
        return False
    key = stamp[:16] + (stamp[-6:] if stamp[-1] != "Z" else "Z")
    known = _REAL.get(key)
    if known is None:
        if len(_REAL) >= _MAX_REAL:
            _REAL.clear()
        known = _REAL[key] = parse_time(stamp) is not None
    return known


def _extra(value: object) -> object:
    """A field the format does not declare: kept only as a short scalar, else dropped."""
    if type(value) is str:
        return bounded(value, NAME_LIMIT)
    if type(value) is bool or (type(value) is int and -(2**53) <= value <= 2**53):
        return value
    if type(value) is float and math.isfinite(value):
        return value
    return _DROP


_DROP = object()


# the same, as the reader looks it up once per event: kind -> (name, key -> (read, must be))
_READERS: dict[str, tuple[str, dict[str, tuple[Callable[[object], Any], str]]]] = {
    kind: (kind, {key: (f.read, f.must_be) for key, f in fields.items()})
    for kind, fields in EVENT_FIELDS.items()
}
_NO_FIELDS: dict[str, tuple[Callable[[object], Any], str]] = {}


def _event(obj: object) -> Event | str:
    """An event from one decoded line, or why the line is skipped."""
    if type(obj) is not dict:
        return f"corrupt line skipped: it is {_kind(obj)}, not an event (a JSON object)"
    seq = obj.get("seq")
    if type(seq) is not int or not 0 < seq <= MAX_SEQ:  # not an event at all: a corrupt line
        what = "missing" if seq is None else _kind(seq)
        if type(seq) is int:
            what = "out of range"
        return f"corrupt line skipped: its 'seq' is {what}, not a whole number from 1 to 2**53"
    kind = obj.get("event")
    known = _READERS.get(kind) if type(kind) is str else None
    if known is not None:
        kind, fields = known  # the declared name itself (one string for every event)
    elif is_name(kind):
        kind, fields = sys.intern(kind), _NO_FIELDS  # type: ignore[arg-type]
    else:
        what = "missing" if kind is None else _kind(kind)
        return f"corrupt line skipped: its 'event' is {what}, not an event's name"
    data: dict[str, Any] = {}
    extra = 0
    for key, value in obj.items():
        field = fields.get(key)
        if field is not None:
            try:
                data[key] = field[0](value)
            except BadField:
                return f"{kind} event skipped: its {key!r} is {_kind(value)}, not {field[1]}"
        elif key not in _ENVELOPE and extra < MAX_EXTRA_FIELDS and is_name(key):
            kept = _extra(value)
            if kept is not _DROP:
                data[sys.intern(key)] = kept
                extra += 1
    for key in _REQUIRED.get(kind, ()):
        if key not in data:
            return f"{kind} event skipped: it has no {key!r}"
    stamp = obj.get("t", "")
    if stamp != "" and (
        type(stamp) is not str
        or len(stamp) > 40
        or not _TIME_RE.match(stamp)
        or not _real_time(stamp)
    ):
        stamp = None  # present but unreadable (2025-02-30 too): said in a warning
    elapsed = obj.get("s")
    if elapsed is not None:
        if (type(elapsed) is float or type(elapsed) is int) and 0 <= elapsed <= MAX_SECONDS:
            elapsed = float(elapsed)
        else:
            elapsed = False  # present but unreadable: said in a warning
    return Event(seq, stamp, elapsed, kind, data)


def _events(n: int) -> str:
    return f"{n:,} event{'s' if n != 1 else ''}"


BUDGET_SPENT: Final = "the hand-in's sessions reached their bound"  # a member cut by it


class LineBudget:
    """The lines left to read of a hand-in's sessions (``MAX_HANDIN_LINES``), shared by the
    streams of its members: each member is charged the lines read of it (read again, it is
    charged once, the most read of it). Once spent, what is left of the hand-in is not read
    and one warning says so."""

    def __init__(self, label: str | os.PathLike[str], limit: int | None = None) -> None:
        self.label = str(label)
        self.limit = MAX_HANDIN_LINES if limit is None else limit
        self._spent: dict[str, int] = {}
        self._total = 0
        self.told = False  # the warning given (once)

    def left(self, member: str) -> int:
        """Lines ``member`` may be read to: what the others left."""
        return max(0, self.limit - (self._total - self._spent.get(member, 0)))

    def charge(self, member: str, lines: int) -> None:
        before = self._spent.get(member, 0)
        if lines > before:
            self._spent[member] = lines
            self._total += lines - before

    def warning(self) -> str | None:
        """The warning that the hand-in's sessions were cut, the first time it is asked."""
        if self.told:
            return None
        self.told = True
        return (
            f"{self.label}: its sessions hold more than {self.limit:,} lines in all (a log of a "
            "day's work holds a few thousand): the rest of the hand-in is not read"
        )


class LineReader(Protocol):
    """What a session is read from: a file opened in binary mode, or anything else that gives
    its bytes a line at a time (a hand-in's member)."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


def _open_log(path: Path) -> IO[bytes]:
    """A session file opened for reading; never blocks (a FIFO, a device: refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SessionReadError(f"cannot read session log {path}: {reason}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SessionReadError(f"cannot read session log {path}: it is {what}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=1 << 16)
    except BaseException:
        os.close(fd)
        raise


class SessionStream:
    """One session file read event by event, in bounded memory.

    Iterate it once for its events (each checked: see :class:`Event`); lines that do not
    read (torn, corrupt, oversized, nested too deep, not UTF-8, fields of the wrong type or
    out of range, a ``seq`` not above the one before, anything after ``session_end``) are
    skipped and said in ``warnings`` (at most ``WARNINGS_PER_FILE`` of them, then a count).
    Opening raises :class:`SessionReadError` when the file cannot be read at all.

    ``file``: read the session from this instead of opening ``path`` (which then only names it,
    in warnings and as the session id: a hand-in's member is read this way, with the same
    checks). ``after``: called once the events are read, for more warnings (a checksum).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        file: LineReader | None = None,
        after: Callable[[], Iterable[str]] | None = None,
        budget: LineBudget | None = None,
    ):
        self.path = Path(path)
        self._budget = budget
        self._file: LineReader | None = file if file is not None else _open_log(self.path)
        self._after = after
        self.warnings: list[str] = []
        self.start: Event | None = None  # the session_start event, once read
        self.first: Event | None = None
        self.ended = False
        self.count = 0  # events read
        self._problems = 0
        self._bad_t = 0  # events whose t is there but does not read
        self._bad_s = 0  # events whose s is there but does not read
        self._no_t = 0  # events with s but no t
        self._after_end = 0
        self._repeated = 0
        self._refused_start: int | None = None  # the line of a session_start refused
        self._cut = ""  # why reading stopped before the end (a bound on lines)

    def __enter__(self) -> SessionStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            file.close()

    def _warn(self, lineno: int, message: str) -> None:
        self._problems += 1
        if self._problems <= WARNINGS_PER_FILE:
            self.warnings.append(f"{self.path}: line {lineno}: {message}")

    def __iter__(self) -> Iterator[Event]:
        file = self._file
        if file is None:
            return
        try:
            yield from self._read(file)
        except OSError as exc:
            self.warnings.append(f"{self.path}: reading stopped: {exc.strerror or exc}")
        finally:
            self.close()
            self._finish()

    def _read(self, file: LineReader) -> Iterator[Event]:
        raw_decode = _DECODER.raw_decode
        loads = _DECODER.decode
        fast = fast_decoder()
        last_seq = 0
        lineno = 0
        readline = file.readline
        budget = self._budget
        member = str(self.path)
        limit = MAX_LINES if budget is None else min(MAX_LINES, budget.left(member))
        try:
            while True:
                line = readline(MAX_LINE_BYTES + 1)
                if not line:
                    return
                lineno += 1
                if lineno > limit:
                    lineno -= 1
                    if limit == MAX_LINES:
                        self._cut = (
                            f"{self.path}: more than {MAX_LINES:,} lines (a log of a day's work "
                            "holds a few thousand); the rest is not read"
                        )
                    elif budget is not None:
                        self._cut = budget.warning() or (
                            f"{self.path}: not read past line {lineno:,}: {BUDGET_SPENT} of "
                            f"{budget.limit:,} lines"
                            if lineno
                            else f"{self.path}: not read: {BUDGET_SPENT} of "
                            f"{budget.limit:,} lines before it"
                        )
                    return
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    while True:  # skip the rest of an oversized line without keeping it
                        rest = readline(1 << 20)
                        if not rest or rest.endswith(b"\n"):
                            break
                    self._warn(lineno, f"a line longer than {MAX_LINE_BYTES:,} bytes skipped")
                    continue
                torn = not line.endswith(b"\n")
                obj: Any = _UNREAD
                if (
                    fast is not None
                    and (
                        len(line) <= FAST_MAX_BRACKETS
                        or line.count(b"[") + line.count(b"{") <= FAST_MAX_BRACKETS
                    )
                    and _LONG_NUMBER not in line.translate(_DIGITS)
                ):
                    try:
                        obj = fast(line)
                    except (ValueError, RecursionError):
                        if line.isspace():  # a blank line: skipped cheaply (no second decoder)
                            continue
                        # else refused: json decides (it reads NaN, a lone surrogate)
                if obj is _UNREAD:
                    try:
                        text = line.decode("utf-8")
                        if text[:1] == "{":  # the usual line: one object, then the newline
                            obj, end = raw_decode(text)
                            if end != len(text) and text[end:].strip():
                                raise ValueError("text after the event")
                        elif text.isspace():  # a blank line
                            continue
                        else:
                            obj = loads(text)
                    except (ValueError, RecursionError) as exc:
                        if line.strip():
                            self._warn(
                                lineno,
                                "torn last line skipped"
                                if torn
                                else f"corrupt line skipped: {_why_not_json(exc)}",
                            )
                        continue
                event = _event(obj)
                if isinstance(event, str):
                    self._warn(lineno, event)
                    if (
                        self.first is None
                        and self._refused_start is None
                        and type(obj) is dict
                        and obj.get("event") == "session_start"
                    ):
                        self._refused_start = lineno  # the header is there, but refused
                    continue
                if event.seq <= last_seq:
                    self._repeated += 1
                    continue
                if self.ended:
                    self._after_end += 1
                    continue
                last_seq = event.seq
                if event.time == "" and event.elapsed is not None and event.elapsed is not False:
                    self._no_t += 1  # ``s`` alone is not believed: the event adds no time
                if event.elapsed is False or event.time is None:
                    self._bad_s += event.elapsed is False
                    self._bad_t += event.time is None
                    event = event._replace(
                        elapsed=None if event.elapsed is False else event.elapsed,
                        time=event.time or "",
                    )
                if self.first is None:
                    self.first = event
                if event.type == "session_start" and self.start is None:
                    self.start = event
                elif event.type == "session_end":
                    self.ended = True
                self.count += 1
                yield event
        finally:
            if budget is not None:
                budget.charge(member, lineno)

    def _finish(self) -> None:
        where = self.path
        if self._cut:
            self.warnings.append(self._cut)
        if self._problems > WARNINGS_PER_FILE:
            self.warnings.append(
                f"{where}: {self._problems - WARNINGS_PER_FILE:,} more lines skipped"
            )
        if self._repeated:
            self.warnings.append(
                f"{where}: {self._repeated:,} event{'s' if self._repeated != 1 else ''} "
                "skipped whose seq is not above the event before (repeated or out of order)"
            )
        if self._after_end:
            self.warnings.append(
                f"{where}: {self._after_end:,} event{'s' if self._after_end != 1 else ''} "
                "after session_end ignored"
            )
        if self._bad_t:
            self.warnings.append(
                f"{where}: {_events(self._bad_t)} whose wall-clock time (t) is not a date and "
                "time that exists (such as 2025-02-03T10:01:30.000000Z): they add no active time"
            )
        if self._no_t:
            self.warnings.append(
                f"{where}: {_events(self._no_t)} without a wall-clock time (t): they add no "
                "active time (the seconds since start, s, are not believed alone)"
            )
        if self._bad_s:
            self.warnings.append(
                f"{where}: {_events(self._bad_s)} whose seconds since start (s) do not read "
                f"(s must be seconds from 0 to {MAX_SECONDS:,}): their s is not used"
            )
        if self.first is not None and self.first.type != "session_start":
            if self._refused_start is not None:
                self.warnings.append(
                    f"{where}: the session_start event (line {self._refused_start}) was refused "
                    "(the line's warning says why); the session is read without its header"
                )
            else:
                self.warnings.append(f"{where}: the session_start event is missing")
        self.warnings.extend(_newer_format(where, self.start))
        after, self._after = self._after, None
        if after is not None:
            self.warnings.extend(after())


class _TooLong:
    """A JSON integer too long for Python to read (over ``sys.get_int_max_str_digits()``):
    not a number any field takes, so only that field is refused (an undeclared one dropped)."""

    def __repr__(self) -> str:
        return "a number too long to read"


_TOO_LONG = _TooLong()


def _parse_int(text: str) -> int | _TooLong:
    try:
        return int(text)
    except ValueError:
        return _TOO_LONG


def _why_not_json(exc: Exception) -> str:
    """Why a line does not decode, in a few words."""
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    if isinstance(exc, RecursionError):
        return "nested too deep"
    if str(exc) == "text after the event":
        return "text after the event"
    return "not JSON"


_DECODER = json.JSONDecoder(parse_int=_parse_int)
_UNREAD = object()
# What the fast decoder is not given. json reads an integer of any length; orjson makes one of
# 19 or more digits a float (or refuses it): a line with 19 digits in a row goes to json. A line
# with more brackets than this might nest deep enough to reach json's recursion limit (about
# 1,000 levels) or orjson's (1,024), which differ: json.
FAST_MAX_BRACKETS: Final = 500
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def fast_decoder() -> Callable[[bytes], Any] | None:
    """orjson's decoder of one line, or None when orjson is not installed or
    ``HW3_TUTOR_NO_ORJSON`` is set (to anything but "" or "0")."""
    if os.environ.get("HW3_TUTOR_NO_ORJSON", "") not in ("", "0"):
        return None
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


@dataclass(frozen=True)
class Session:
    """One session as read back: its events in file order and what was skipped."""

    path: Path
    events: tuple[Event, ...]
    warnings: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def start(self) -> Event | None:
        for event in self.events:
            if event.type == "session_start":
                return event
        return None

    @property
    def started(self) -> str:
        """Start time (ISO UTC): the session_start event's, else the first event's, else ''."""
        start = self.start
        if start is not None:
            return start.time
        return self.events[0].time if self.events else ""

    @property
    def ended(self) -> bool:
        return bool(self.events) and self.events[-1].type == "session_end"

    @property
    def fresh(self) -> bool:
        start = self.start
        return bool(start is not None and start.get("fresh"))

    @property
    def restore(self) -> bool:
        """A ``--restore`` start: earlier fresh starts no longer set anything aside."""
        start = self.start
        return bool(start is not None and start.get("restore") is True)

    @property
    def version(self) -> str:
        start = self.start
        return str(start.get("version", "")) if start is not None else ""

    @property
    def content_hash(self) -> str:
        start = self.start
        return str(start.get("content_hash", "")) if start is not None else ""

    @property
    def checker(self) -> str:
        """The fingerprint of the checker that judged the session ("" in older logs)."""
        start = self.start
        return str(start.get("checker", "")) if start is not None else ""

    @property
    def number(self) -> int | None:
        """The session's number in its log directory (None in logs written before numbers)."""
        start = self.start
        return start.get("number") if start is not None else None

    @property
    def student(self) -> str | None:
        """The student id in the header (checked by the reader); None in logs without one."""
        start = self.start
        return start.get("student") if start is not None else None

    def sort_key(self) -> tuple:
        return _order_key(self.number, self.started, self.path)


def _order_key(number: int | None, started: str, path: Path) -> tuple:
    """Sessions in the order they were started: by their number in the directory; sessions
    from before numbers (older tutors) first, by start time."""
    if number is None:
        return (0, 0, started, path.name)
    return (1, number, "", path.name)


def read_session(path: str | os.PathLike[str]) -> Session:
    """Read one session file, skipping what does not read with a warning.

    Raises :class:`SessionReadError` only when the file cannot be read at all.
    """
    with SessionStream(path) as stream:
        events = tuple(stream)
    return Session(stream.path, events, tuple(stream.warnings))


def _newer_format(path: Path, start: Event | None) -> tuple[str, ...]:
    """A warning when the log was written in a newer format than this tutor reads."""
    if start is None:
        return ()
    schema = start.get("schema")
    if type(schema) is int and schema > SCHEMA_VERSION:
        version = start.get("version")
        by = f" by hw3-tutor {version}" if version else ""
        return (
            f"{path}: written{by} in log format {schema}; this tutor reads format "
            f"{SCHEMA_VERSION}, so events it does not know are shown as they are "
            "(update hw3-tutor to read them fully)",
        )
    return ()


@dataclass(frozen=True)
class SessionHeader:
    """What orders a session among others (and whose it is), read from its first event alone."""

    path: Path
    number: int | None
    started: str
    fresh: bool
    restore: bool = False  # a --restore start: earlier fresh starts set nothing aside
    student: str | None = None  # the header's student id (checked by the reader)
    pid: int | None = None  # the tutor's process id, from the header
    content_hash: str = ""  # the content the session was recorded with, from the header
    headerless: bool = False  # its first event read is no ``session_start`` (refused, missing)

    def sort_key(self) -> tuple:
        return _order_key(self.number, self.started, self.path)

    @property
    def identity(self) -> tuple[str, int, int] | None:
        """The session's identity (``session_identity``), from its header."""
        return session_identity(self.started, self.number, self.pid)


def session_identity(
    started: str | None, number: int | None, pid: int | None
) -> tuple[str, int, int] | None:
    """What makes a session itself, wherever it lies and whatever its file is called: its start
    (the ``session_start``'s time, to the microsecond), its number in its log directory and
    the tutor's process id. Two sessions the tutor wrote never share all three; a copy
    (renamed, or with its header's student id rewritten) keeps them. None for a header without
    them (older or hand-made logs: they are told apart by their names)."""
    if not started or number is None or pid is None:
        return None
    return (started, number, pid)


def read_header(
    path: str | os.PathLike[str],
    *,
    file: LineReader | None = None,
    budget: LineBudget | None = None,
) -> SessionHeader:
    """The first event of a session file (its ``session_start``), read without reading the
    rest. Raises :class:`SessionReadError` when the file cannot be read at all. ``file``: as
    for :class:`SessionStream` (the header of a hand-in's member)."""
    path = Path(path)
    with SessionStream(path, file=file, budget=budget) as stream:
        for event in stream:
            start = event if event.type == "session_start" else None
            return SessionHeader(
                path,
                start.get("number") if start is not None else None,
                event.time,
                bool(start is not None and start.get("fresh")),
                restore=bool(start is not None and start.get("restore") is True),
                student=start.get("student") if start is not None else None,
                pid=start.get("pid") if start is not None else None,
                content_hash=start.get("content_hash", "") if start is not None else "",
                headerless=start is None,
            )
    return SessionHeader(path, None, "", False)


def order_sessions(headers: Iterable[SessionHeader]) -> tuple[list[SessionHeader], list[str]]:
    """Sessions of one learner in the order they were started (their number, which the log
    directory keeps, not their wall-clock time), with a warning for each session whose start
    time goes back before the one of the session before it (the clock was changed). A session
    whose header was refused or is missing has no number: it is taken first, by the time of its
    first event, and that is said as such, never put down to the clock."""
    ordered = sorted(headers, key=SessionHeader.sort_key)
    warnings = []
    latest = ""
    headerless: SessionHeader | None = None  # the latest-starting one without a header
    for header in ordered:
        if header.headerless:
            if header.started and (headerless is None or header.started > headerless.started):
                headerless = header
            continue
        if header.started and latest and header.started < latest:
            warnings.append(
                f"{header.path}: started at {header.started}, before the session before it "
                f"({latest}) although it came after it: the computer's clock was changed? "
                "Sessions are taken in the order they were started, not by these times"
            )
        elif headerless is not None and header.started and header.started < headerless.started:
            warnings.append(
                f"{headerless.path}: its session_start header was refused or is missing, so "
                f"it has no session number and is taken before the numbered sessions, by the "
                f"time of its first event ({headerless.started}), not by when it was started"
            )
            headerless = None  # said once
        latest = max(latest, header.started)
    return ordered, warnings


def iter_session_files(
    directory: str | os.PathLike[str], recursive: bool = False
) -> Iterator[Path]:
    """Session files (``*.jsonl``, regular files only) in ``directory``, sorted by name."""
    directory = Path(directory)
    pattern = "**/*" + SUFFIX if recursive else "*" + SUFFIX
    yield from sorted(
        (p for p in directory.glob(pattern) if p.is_file()),
        key=lambda p: (str(p.parent), p.name),
    )


def next_session_number(directory: str | os.PathLike[str]) -> int:
    """The number a new session in ``directory`` gets: above every number there, and above
    the count of session files (so it comes after logs written before numbers)."""
    highest = 0
    files = 0
    for path in iter_session_files(directory):
        files += 1
        try:
            number = read_header(path).number
        except SessionReadError:
            continue
        if number is not None:
            highest = max(highest, number)
    return max(highest, files) + 1


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while bulk-reading logs.

    Parsing allocates hundreds of thousands of small dicts that form no
    cycles; letting the collector rescan them as they pile up roughly doubles
    the time to read a class's logs.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_sessions(
    directory: str | os.PathLike[str], recursive: bool = False
) -> tuple[list[Session], list[str]]:
    """Every readable session in ``directory`` in start order, plus warnings.

    Unreadable files are skipped with a warning (resume must never fail).
    """
    sessions: list[Session] = []
    warnings: list[str] = []
    with paused_gc():
        for path in iter_session_files(directory, recursive):
            try:
                session = read_session(path)
            except SessionReadError as exc:
                warnings.append(str(exc))
                continue
            sessions.append(session)
            warnings.extend(session.warnings)
    sessions.sort(key=Session.sort_key)
    return sessions, warnings
