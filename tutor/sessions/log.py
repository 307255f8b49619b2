"""Append-only session logs (JSON Lines) and their tolerant reader.

One file per session in the log directory. Every event is one JSON object on
one line, written with a single ``write`` of the complete line, then
``fsync``ed, so a ``kill -9`` at any moment loses at most the event being
written. Writing never raises into the caller: an unwritable directory or a
full disk turns the log into a non-saving one with a message (``problem``)
the UI shows. The format is documented in ``docs/session-logs.md``.

Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from tutor import __version__
from tutor.errors import UserError
from tutor.sessions.identity import is_student_id

SCHEMA_VERSION = 1
SUFFIX = ".jsonl"
EVENT_TYPES = (
    "session_start",
    "part_opened",
    "attempt",
    "hint",
    "solution",
    "self_assessment",
    "reflection",
    "plot_viewed",
    "session_end",
)
NOT_SAVING = "this session is not being saved"
# append-only, never an existing file; binary so Windows writes "\n" as is
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
IDLE_GAP_SECONDS = 600.0  # a gap between events longer than this is idle time (not counted)


def utc_now_iso(now: datetime | None = None) -> str:
    """The current (or given) UTC time, fixed width so the strings sort as times do."""
    return (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Clock:
    """Where a log reads the time: the monotonic clock for ``s`` and the wall clock for
    ``t`` and the file name. Pass another to ``SessionLog.start`` to write logs with
    chosen times (a synthetic class, a replay); the tutor uses the system's."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


SYSTEM_CLOCK = Clock()


def parse_time(stamp: str) -> datetime | None:
    """Parse an event timestamp (``...Z`` or ``+00:00``); None when it is not one."""
    if not isinstance(stamp, str):
        return None
    text = stamp[:-1] + "+00:00" if stamp.endswith("Z") else stamp
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _session_file_name(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f".{now.microsecond // 1000:03d}Z"
    return f"{stamp}-{secrets.token_hex(4)}{SUFFIX}"


def encode_event(seq: int, stamp: str, elapsed: float, event: str, fields: dict[str, Any]) -> bytes:
    """One event as one complete line of UTF-8 JSON (the on-disk format).

    Lone surrogates (which UTF-8 cannot hold) fall back to ASCII escapes.
    """
    record = {"seq": seq, "t": stamp, "s": elapsed, "event": event}
    record.update(fields)
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(record, ensure_ascii=True, separators=(",", ":"), default=str)
        return (text + "\n").encode("ascii")


def _describe(exc: BaseException, where: Path | None) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    place = f" ({where})" if where is not None else ""
    return f"{NOT_SAVING}: {reason}{place}"


class SessionLog:
    """The log of one tutoring session. Thread-safe; no method ever raises.

    Create it with :meth:`start`. When it cannot write, ``saving`` is False and
    ``problem`` holds a one-line message for the screen; the tutor carries on.
    """

    def __init__(
        self,
        path: Path | None,
        fd: int | None,
        problem: str | None,
        *,
        fresh: bool = False,
        clock: Clock = SYSTEM_CLOCK,
    ):
        self.path = path
        self.problem = problem
        self.fresh = fresh
        self._fd = fd
        self._clock = clock
        self._lock = threading.Lock()
        self._seq = 0
        self._t0 = clock.monotonic()
        self._ended = False
        self._last_event = 0.0
        self._active = 0.0

    # -- creation --------------------------------------------------------

    @classmethod
    def start(
        cls,
        log_dir: str | os.PathLike[str],
        content_hash: str,
        *,
        fresh: bool = False,
        clock: Clock = SYSTEM_CLOCK,
        student: str | None = None,
    ) -> SessionLog:
        """Open a new session file in ``log_dir`` and write ``session_start``.

        ``fresh=True`` marks a ``--fresh`` start: progress is rebuilt only from
        this session on (older logs are kept). ``clock`` supplies the times
        (default: the system's). ``student`` is the student id written into the
        header (left out when None or not a valid id). Never raises.
        """
        directory: Path | None = None
        try:
            directory = Path(log_dir)
            directory.mkdir(parents=True, exist_ok=True)
            fd = None
            for _ in range(20):
                path = directory / _session_file_name(clock.now())
                try:
                    fd = os.open(path, _OPEN_FLAGS, 0o644)
                    break
                except FileExistsError:
                    continue
            if fd is None:
                raise OSError(errno.EEXIST, "could not pick a new session file name")
            _fsync_dir(directory)
        except Exception as exc:  # never raises: the tutor runs without saving
            return cls(None, None, _describe(exc, directory), fresh=fresh, clock=clock)
        log = cls(path, fd, None, fresh=fresh, clock=clock)
        log._write(
            "session_start",
            {
                "version": __version__,
                "content_hash": content_hash,
                "schema": SCHEMA_VERSION,
                "fresh": bool(fresh),
                "pid": os.getpid(),
                **({"student": student} if is_student_id(student) else {}),
            },
        )
        return log

    @classmethod
    def disabled(cls, reason: str) -> SessionLog:
        """A log that saves nothing (e.g. the user asked not to save), with this reason."""
        return cls(None, None, f"{NOT_SAVING}: {reason}")

    @property
    def saving(self) -> bool:
        return self._fd is not None

    @property
    def session_id(self) -> str | None:
        return self.path.stem if self.path is not None else None

    @property
    def events_written(self) -> int:
        return self._seq

    @property
    def active_seconds(self) -> float:
        """Time actually spent in this session so far (idle gaps excluded, up to the
        latest event), counted even when the log is not saving. Add it to
        ``Progress.seconds`` for the hours including the current session."""
        return self._active

    # -- the events ------------------------------------------------------

    def part_opened(self, part_id: str) -> None:
        self._write("part_opened", {"part": part_id})

    def attempt(
        self,
        box_id: str,
        raw: str,
        verdict: str,
        note: str,
        ms: float,
        feedback: str = "",
        interpreted: str = "",
    ) -> None:
        self._write(
            "attempt",
            {
                "box": box_id,
                "raw": raw,
                "verdict": verdict,
                "note": note,
                "ms": round(float(ms), 3),
                "feedback": feedback,
                "interpreted": interpreted,
            },
        )

    def hint(self, box_id: str, index: int) -> None:
        """Hint ``index`` (1-based) of ``box_id`` was revealed."""
        self._write("hint", {"box": box_id, "index": int(index)})

    def solution(self, part_id: str, asked: bool | None = None) -> None:
        """The worked solution of a part was shown: ``asked`` True when the student asked for
        it, False when it was shown by itself (the part solved, the explanation assessed)."""
        fields: dict[str, Any] = {"part": part_id}
        if asked is not None:
            fields["asked"] = bool(asked)
        self._write("solution", fields)

    def self_assessment(self, part_id: str, points: Iterable[bool], text: str) -> None:
        self._write(
            "self_assessment", {"part": part_id, "points": [bool(p) for p in points], "text": text}
        )

    def reflection(self, prompt_id: str, text: str) -> None:
        self._write("reflection", {"prompt": prompt_id, "text": text})

    def plot_viewed(self, name: str) -> None:
        self._write("plot_viewed", {"plot": name})

    def end(self) -> None:
        """Write ``session_end`` and close the file. Later calls do nothing."""
        with self._lock:
            if self._ended:
                return
            self._write_locked("session_end", {})
            self._ended = True
            self._close_locked()

    close = end

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()

    # -- internals -------------------------------------------------------

    def _write(self, event: str, fields: dict[str, Any]) -> None:
        with self._lock:
            if self._ended:
                return
            self._write_locked(event, fields)

    def _write_locked(self, event: str, fields: dict[str, Any]) -> None:
        elapsed = round(self._clock.monotonic() - self._t0, 3)
        gap = elapsed - self._last_event
        if 0 < gap <= IDLE_GAP_SECONDS:  # the same rule as active_seconds()
            self._active += gap
        self._last_event = elapsed
        if self._fd is None:
            return
        seq = self._seq + 1
        try:
            data = encode_event(seq, utc_now_iso(self._clock.now()), elapsed, event, fields)
            written = os.write(self._fd, data)
            # A regular file takes the whole line in one write; finish a short
            # write rather than leave a torn line behind.
            while written < len(data):
                written += os.write(self._fd, data[written:])
            os.fsync(self._fd)
        except Exception as exc:  # never into the UI: stop saving and say why
            self.problem = _describe(exc, self.path)
            self._close_locked()
            return
        self._seq = seq

    def _close_locked(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass


def _fsync_dir(directory: Path) -> None:
    """Make the new file's directory entry durable (best effort; not on Windows)."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


# ---------------------------------------------------------------------------
# Reading


class Event(NamedTuple):
    """One logged event. ``data`` is the decoded JSON object (all fields)."""

    seq: int
    time: str  # ISO 8601 UTC
    elapsed: float | None  # seconds since the session started (monotonic clock)
    type: str
    data: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class SessionReadError(UserError):
    """A session log that cannot be read at all (missing, a directory, no permission)."""


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
    def version(self) -> str:
        start = self.start
        return str(start.get("version", "")) if start is not None else ""

    @property
    def content_hash(self) -> str:
        start = self.start
        return str(start.get("content_hash", "")) if start is not None else ""

    @property
    def student(self) -> str | None:
        """The student id in the header; None when absent (older logs) or not a valid id."""
        start = self.start
        value = start.get("student") if start is not None else None
        return value if is_student_id(value) else None

    def sort_key(self) -> tuple[str, str]:
        return (self.started, self.path.name)


def read_session(path: str | os.PathLike[str]) -> Session:
    """Read one session file, skipping torn or corrupt lines with a warning.

    Raises :class:`SessionReadError` only when the file cannot be read at all.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SessionReadError(f"cannot read session log {path}: {reason}") from None
    return _parse(path, data)


_DECODER = json.JSONDecoder()


def session_from_bytes(path: str | os.PathLike[str], data: bytes) -> Session:
    """A session read from bytes already in memory (a hand-in's member); ``path`` names it
    in warnings and gives the session id (its stem). Same tolerance as ``read_session``."""
    return _parse(Path(path), data)


def _parse(path: Path, data: bytes) -> Session:
    """Events of one file; a fast path for clean files, line by line otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _parse_lines(path, data.split(b"\n"))
    events = _parse_clean(text)
    if events is None:
        return _parse_lines(path, text.split("\n"))
    warnings: tuple[str, ...] = ()
    if events and events[0].type != "session_start":
        warnings = (f"{path}: the session_start event is missing",)
    return Session(path, events, warnings + _newer_format(path, events))


def _parse_clean(text: str) -> tuple[Event, ...] | None:
    """All events of a file written cleanly (every line a complete event), decoded
    as one JSON array in a single call; None for anything else (then every line
    is read on its own, with warnings)."""
    if not text.endswith("\n") or "\n\n" in text or text.startswith("\n"):
        return None
    try:
        objs = json.loads("[" + text[:-1].replace("\n", ",") + "]")
    except ValueError:
        return None
    if len(objs) != text.count("\n"):
        return None  # some line held more than one value
    new = tuple.__new__
    events = []
    for obj in objs:
        if type(obj) is not dict:
            return None
        seq = obj.get("seq")
        kind = obj.get("event")
        if type(seq) is not int or type(kind) is not str:
            return None
        stamp = obj.get("t", "")
        elapsed = obj.get("s")
        if elapsed is not None and type(elapsed) is not float and type(elapsed) is not int:
            elapsed = None
        events.append(new(Event, (seq, stamp if type(stamp) is str else "", elapsed, kind, obj)))
    return tuple(events)


def _parse_lines(path: Path, lines: list[str] | list[bytes]) -> Session:
    events: list[Event] = []
    warnings: list[str] = []
    last = len(lines) - 1
    raw_decode = _DECODER.raw_decode
    new = tuple.__new__
    for index, line in enumerate(lines):
        if not line:
            continue
        try:
            if type(line) is str and line[0] == "{":
                obj, end = raw_decode(line)
                if end != len(line) and line[end:].strip():
                    raise ValueError("text after the event")
            else:
                obj = json.loads(line)  # stray whitespace, or bytes that are not UTF-8
            seq = obj["seq"]
            kind = obj["event"]
            if type(seq) is not int or type(kind) is not str:
                raise TypeError("not an event")
            stamp = obj.get("t", "")
            elapsed = obj.get("s")
            if elapsed is not None and type(elapsed) is not float and type(elapsed) is not int:
                elapsed = None
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            if not line.strip():
                continue
            where = "torn last line" if index == last else "corrupt line"
            warnings.append(f"{path}: line {index + 1}: {where} skipped")
            continue
        if type(stamp) is not str:
            stamp = ""
        events.append(new(Event, (seq, stamp, elapsed, kind, obj)))
    if events and events[0].type != "session_start":
        warnings.append(f"{path}: the session_start event is missing")
    warnings.extend(_newer_format(path, events))
    return Session(path, tuple(events), tuple(warnings))


def _newer_format(path: Path, events) -> tuple[str, ...]:
    """A warning when the log was written in a newer format than this tutor reads."""
    if not events or events[0].type != "session_start":
        return ()
    start = events[0].data
    schema = start.get("schema")
    if type(schema) is int and schema > SCHEMA_VERSION:
        by = f" by hw3-tutor {start.get('version')}" if start.get("version") else ""
        return (
            f"{path}: written{by} in log format {schema}; this tutor reads format "
            f"{SCHEMA_VERSION}, so events it does not know are shown as they are "
            "(update hw3-tutor to read them fully)",
        )
    return ()


def iter_session_files(
    directory: str | os.PathLike[str], recursive: bool = False
) -> Iterator[Path]:
    """Session files (``*.jsonl``) in ``directory``, sorted by name (= start time)."""
    directory = Path(directory)
    pattern = "**/*" + SUFFIX if recursive else "*" + SUFFIX
    yield from sorted(
        (p for p in directory.glob(pattern) if p.is_file()),
        key=lambda p: (str(p.parent), p.name),
    )


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


def event_seconds(events: Iterable[Event]) -> list[float | None]:
    """Each event's time in seconds from the session start.

    Uses the monotonic ``s`` field when every event has one (immune to wall
    clock changes), else the wall-clock timestamps; None where neither reads.
    """
    events = list(events)
    if all(event.elapsed is not None for event in events):
        return [float(event.elapsed) for event in events]  # type: ignore[arg-type]
    out: list[float | None] = []
    origin: datetime | None = None
    for event in events:
        moment = parse_time(event.time)
        if moment is None:
            out.append(None)
            continue
        if origin is None:
            origin = moment
        out.append((moment - origin).total_seconds())
    return out


def active_gaps(events: Iterable[Event], idle: float = IDLE_GAP_SECONDS) -> list[float]:
    """For each event, the active time since the previous event (0 for the first).

    A gap longer than ``idle`` seconds counts as idle time and contributes 0;
    negative gaps (a clock step) contribute 0 too.
    """
    gaps: list[float] = []
    previous: float | None = None
    for moment in event_seconds(events):
        gap = 0.0
        if moment is not None and previous is not None:
            delta = moment - previous
            if 0 < delta <= idle:
                gap = delta
        if moment is not None:
            previous = moment
        gaps.append(gap)
    return gaps


def active_seconds(session: Session, idle: float = IDLE_GAP_SECONDS) -> float:
    """Time actually spent in a session: the sum of its non-idle gaps."""
    return sum(active_gaps(session.events, idle))
