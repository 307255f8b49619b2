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
import math
import os
import re
import secrets
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Final, Literal, NamedTuple, Protocol, get_args

from tutor import __version__
from tutor.errors import UserError
from tutor.sessions.identity import ID_CHARACTERS, MAX_ID_LENGTH, is_student_id
from tutor.textsafe import bounded
from tutor.verdicts import VERDICTS, is_verdict

SCHEMA_VERSION = 1
SUFFIX = ".jsonl"

# The event vocabulary, declared once.
EventName = Literal[
    "session_start",
    "part_opened",
    "attempt",
    "hint",
    "solution",
    "self_assessment",
    "reflection",
    "plot_viewed",
    "session_end",
]
EVENT_TYPES: Final[tuple[EventName, ...]] = get_args(EventName)
# What a student does in a session, as opposed to starting, ending it and moving around
WorkEventName = Literal[
    "attempt", "hint", "solution", "self_assessment", "reflection", "plot_viewed"
]
WORK_EVENTS: Final[tuple[WorkEventName, ...]] = get_args(WorkEventName)

# What a reader keeps of a log it did not write (see "Reading" below and docs/session-logs.md)
MAX_LINE_BYTES: Final = 1 << 20  # a longer line is skipped without being kept
NAME_LIMIT: Final = 100  # characters of an id (box, part, prompt, plot), note or version
TEXT_LIMIT: Final = 100_000  # characters kept of one text (raw, a reflection...); the rest counted
MAX_POINTS: Final = 100  # rubric points in one self-assessment
MAX_INDEX: Final = 100  # a hint's number (no box has that many)
MAX_SEQ: Final = 2**53
MAX_SECONDS: Final = 10**8  # s: about three years
MAX_MS: Final = 10**7  # a checking time
MAX_VARIANT_SEED: Final = 2**63 - 1  # a practice variant's seed (0 and absent: the handout)
MAX_VARIANT_PARAMS: Final = 32  # parameters in one logged variant
MAX_EXTRA_FIELDS: Final = 16  # fields the format does not declare, kept as short scalars
WARNINGS_PER_FILE: Final = 20  # then a count of the rest

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


class LogFileGone(OSError):
    """The session file was deleted (or its directory) while the tutor was writing to it."""


def _describe(exc: BaseException, where: Path | None) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    if isinstance(exc, LogFileGone):
        reason = "the log file was deleted"
    place = f" ({where})" if where is not None else ""
    return f"{NOT_SAVING}: {reason}{place}"


def _write_all(fd: int, data: bytes) -> int:
    """Write all of ``data`` (a regular file takes a line in one write; a short write is
    finished rather than left torn). Returns the bytes written."""
    written = os.write(fd, data)
    while written < len(data):
        written += os.write(fd, data[written:])
    return written


KEEP_BYTES: Final = 64 * 2**20  # events kept in memory to write again after a failure


class SessionLog:
    """The log of one tutoring session. Thread-safe; no method ever raises.

    Create it with :meth:`start`. Every event is written and fsynced as it happens. When
    that fails (a full disk, the directory deleted), ``saving`` turns False and ``problem``
    holds a one-line message for the screen (``on_change`` is called, from the thread that
    logged); the tutor carries on, and the events not saved are kept in memory and written
    again, in order, with the next event or :meth:`retry` (a deleted file is recreated
    whole). ``unsaved`` counts them and :meth:`lost_report` says what they are.
    """

    def __init__(
        self,
        path: Path | None,
        fd: int | None,
        problem: str | None,
        *,
        fresh: bool = False,
        clock: Clock = SYSTEM_CLOCK,
        directory: Path | None = None,
    ):
        self.path = path
        self.problem = problem
        self.fresh = fresh
        self.on_change: Callable[[SessionLog], None] | None = None
        self.notice: str | None = None  # something the student should know (a file recreated)
        self._fd = fd
        self._directory = directory  # where to (re)create the file; None: never saves
        self._clock = clock
        self._lock = threading.Lock()
        self._lines: list[bytes] = []  # every event of the session, encoded, in order
        self._first = 0  # index in the session of _lines[0] (older ones were let go)
        self._kept = 0  # bytes in _lines
        self._saved = 0  # events of the session safely in the file
        self._dropped = 0  # events neither saved nor kept (past KEEP_BYTES)
        self._good_size = 0  # the file's size after the last complete line
        self._t0 = clock.monotonic()
        self._ended = False
        self._last_event = 0.0
        self._active = 0.0

    @classmethod
    def start(
        cls,
        log_dir: str | os.PathLike[str],
        content_hash: str,
        *,
        fresh: bool = False,
        clock: Clock = SYSTEM_CLOCK,
        restore: bool = False,
        student: str | None = None,
    ) -> SessionLog:
        """Open a new session file in ``log_dir`` and write ``session_start``.

        ``fresh=True`` marks a ``--fresh`` start: progress is rebuilt only from
        this session on (older logs are kept). ``restore=True`` marks a
        ``--restore`` start, which undoes every earlier fresh start (progress
        counts every session again). ``clock`` supplies the times (default: the
        system's). ``student`` is the student id for the header's ``student`` field
        (left out when None, or when it is not an id the reader accepts). Never
        raises: when the file cannot be made, the log says why
        (``problem``) and keeps trying with each event.
        """
        directory = Path(log_dir)
        log = cls(None, None, None, fresh=fresh, clock=clock, directory=directory)
        try:
            number = next_session_number(directory)
        except Exception:  # noqa: BLE001 - an unreadable directory: the file will say so
            number = 1
        fields: dict[str, Any] = {
            "version": __version__,
            "content_hash": content_hash,
            "schema": SCHEMA_VERSION,
            "fresh": bool(fresh),
            "pid": os.getpid(),
            "number": number,
            **({"restore": True} if restore else {}),
        }
        if student is not None and reads_as("session_start", "student", student):
            fields["student"] = student
        log._write("session_start", fields)
        return log

    @classmethod
    def disabled(cls, reason: str) -> SessionLog:
        """A log that saves nothing (e.g. the user asked not to save), with this reason."""
        return cls(None, None, f"{NOT_SAVING}: {reason}")

    @property
    def saving(self) -> bool:
        return self._fd is not None and self.problem is None

    @property
    def session_id(self) -> str | None:
        return self.path.stem if self.path is not None else None

    @property
    def events_written(self) -> int:
        """Events safely in the file (written and fsynced)."""
        return self._saved

    @property
    def unsaved(self) -> int:
        """Events logged but not in the file (kept in memory, written again on retry)."""
        return self._first + len(self._lines) - self._saved

    @property
    def active_seconds(self) -> float:
        """Time actually spent in this session so far (idle gaps excluded, up to the
        latest event), counted even when the log is not saving. Add it to
        ``Progress.seconds`` for the hours including the current session."""
        return self._active

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
        variant: VariantTag | None = None,
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
                **variant_fields(variant),
            },
        )

    def hint(self, box_id: str, index: int, variant: VariantTag | None = None) -> None:
        """Hint ``index`` (1-based) of ``box_id`` was revealed (of a practice ``variant``)."""
        self._write("hint", {"box": box_id, "index": int(index), **variant_fields(variant)})

    def solution(
        self, part_id: str, asked: bool | None = None, variant: VariantTag | None = None
    ) -> None:
        """The worked solution of a part was shown: ``asked`` True when the student asked for
        it, False when it was shown by itself (the part solved, the explanation assessed)."""
        fields: dict[str, Any] = {"part": part_id}
        if asked is not None:
            fields["asked"] = bool(asked)
        self._write("solution", {**fields, **variant_fields(variant)})

    def self_assessment(self, part_id: str, points: Iterable[bool], text: str) -> None:
        self._write(
            "self_assessment", {"part": part_id, "points": [bool(p) for p in points], "text": text}
        )

    def reflection(self, prompt_id: str, text: str) -> None:
        self._write("reflection", {"prompt": prompt_id, "text": text})

    def plot_viewed(self, name: str) -> None:
        self._write("plot_viewed", {"plot": name})

    def retry(self) -> bool:
        """Try again to write the events not saved; returns whether all are saved now."""
        with self._lock:
            before = self.problem
            self._flush_locked()
            done = self.unsaved == 0
        self._changed(before)
        return done

    def end(self) -> None:
        """Write ``session_end`` and close the file. Later calls do nothing (the events not
        saved stay listed by :meth:`lost_report`)."""
        with self._lock:
            if self._ended:
                return
            before = self.problem
            self._write_locked("session_end", {})
            self._ended = True
            self._close_locked()
        self._changed(before)

    close = end

    def lost_report(self) -> str:
        """What was not saved, for the student ("" when everything was): how many events
        of which kinds, and the boxes of the answers."""
        with self._lock:
            lost = self.unsaved + self._dropped
            if not lost:
                return ""
            kinds: Counter[str] = Counter()
            boxes: dict[str, None] = {}
            start = max(0, self._saved - self._first)
            for data in self._lines[start:]:
                try:
                    record = json.loads(data)
                except ValueError:
                    continue
                kinds[record.get("event", "?")] += 1
                if record.get("event") == "attempt":
                    boxes[str(record.get("box"))] = None
            if self._dropped:
                kinds["(not kept in memory)"] += self._dropped
            what = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in kinds.items())
            answers = f"; the answers to {', '.join(boxes)} are among them" if boxes else ""
            why = (self.problem or NOT_SAVING).removeprefix(f"{NOT_SAVING}: ")
            return (
                f"{lost} event{'s' if lost != 1 else ''} of this session could not be saved "
                f"({why}): {what}{answers}"
            )

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()

    def _write(self, event: EventName, fields: dict[str, Any]) -> None:
        with self._lock:
            if self._ended:
                return
            before = self.problem
            self._write_locked(event, fields)
        self._changed(before)

    def _changed(self, before: str | None) -> None:
        """Tell ``on_change`` when saving stopped or started again, or there is a
        ``notice`` (outside the lock)."""
        callback = self.on_change
        if callback is not None and ((before is None) != (self.problem is None) or self.notice):
            try:
                callback(self)
            except Exception:  # noqa: BLE001 - the screen's problem, never the log's
                pass

    def _write_locked(self, event: EventName, fields: dict[str, Any]) -> None:
        elapsed = round(self._clock.monotonic() - self._t0, 3)
        gap = elapsed - self._last_event
        if 0 < gap <= IDLE_GAP_SECONDS:  # the same rule as active_seconds()
            self._active += gap
        self._last_event = elapsed
        if self._directory is None:
            return
        seq = self._first + len(self._lines) + self._dropped + 1
        data = encode_event(seq, utc_now_iso(self._clock.now()), elapsed, event, fields)
        if self._kept + len(data) > KEEP_BYTES:
            self._let_go_locked()
            if self._kept + len(data) > KEEP_BYTES:
                self._dropped += 1  # memory is full of events not saved: this one is lost
                self._flush_locked()
                return
        self._lines.append(data)
        self._kept += len(data)
        self._flush_locked()

    def _let_go_locked(self) -> None:
        """Forget saved events (kept only to rebuild a deleted file) to make room."""
        saved = self._saved - self._first
        if saved > 0:
            self._kept -= sum(len(x) for x in self._lines[:saved])
            del self._lines[:saved]
            self._first += saved

    def _flush_locked(self) -> None:
        """Write every event not yet saved, in order; on failure say why and keep them."""
        for attempt in range(2):
            if self.unsaved == 0:
                return
            try:
                if self._fd is None:
                    self._open_locked()
                fd = self._fd
                assert fd is not None
                if os.fstat(fd).st_size != self._good_size:
                    os.ftruncate(fd, self._good_size)  # a line torn by a failed write
                for data in self._lines[self._saved - self._first :]:
                    _write_all(fd, data)
                os.fsync(fd)
                info = os.fstat(fd)
                if info.st_nlink == 0:
                    raise LogFileGone(errno.ENOENT, "the log file was deleted")
            except Exception as exc:  # never into the UI: say why, keep the events, retry
                self.problem = _describe(exc, self.path or self._directory)
                if isinstance(exc, LogFileGone) or not isinstance(exc, OSError):
                    self._close_locked()  # made anew: at once, then on the next try
                    if isinstance(exc, LogFileGone) and attempt == 0:
                        self.notice = (
                            f"The session log {self.path} was deleted while the tutor was "
                            "running; it has been written again with everything so far."
                        )
                        continue
                return
            self._good_size = info.st_size
            self._saved = self._first + len(self._lines)
            self.problem = None
            return

    def _open_locked(self) -> None:
        """Create the session file (again, after it was deleted: every event kept is
        written anew, so a new file must start with the session's first event)."""
        directory = self._directory
        assert directory is not None
        if self._first:
            raise LogFileGone(errno.ENOENT, "the first events are no longer in memory")
        directory.mkdir(parents=True, exist_ok=True)
        fd = None
        path = self.path
        for attempt in range(20):
            if path is None or attempt:
                path = directory / _session_file_name(self._clock.now())
            try:
                fd = os.open(path, _OPEN_FLAGS, 0o644)
                break
            except FileExistsError:
                continue
        if fd is None:
            raise OSError(errno.EEXIST, "could not pick a new session file name")
        _fsync_dir(directory)
        self.path, self._fd = path, fd
        self._saved = 0
        self._good_size = 0

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
# Reading: every field is untrusted (a log is a file anyone can edit and hand in)


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


class VariantTag(NamedTuple):
    """The practice variant an event belongs to: its seed (``None`` when its parameters were set
    by hand) and its parameters (JSON scalars, ``Variant.params_json()``). The handout is no tag
    at all (``None``): its events carry no variant fields, as before variants existed."""

    seed: int | None
    params: Mapping[str, int | float | str]


HANDOUT_KEY: Final = "handout"


def variant_fields(variant: VariantTag | None) -> dict[str, Any]:
    """The fields an event carries for ``variant`` (none for the handout)."""
    if variant is None or (variant.seed in (None, 0) and not variant.params):
        return {}
    fields: dict[str, Any] = {"params": dict(variant.params)}
    if variant.seed:
        fields["seed"] = int(variant.seed)
    return fields


def variant_key(data: Mapping[str, Any]) -> str:
    """The variant a read event belongs to, named as ``Variant.key`` names it: ``handout`` (no
    variant fields, or seed 0), ``seed:7``, or ``set:layers=12,every=4`` (parameters set by hand,
    in the order logged)."""
    seed = data.get("seed")
    if type(seed) is int and seed > 0:
        return f"seed:{seed}"
    params = data.get("params")
    if seed is None and isinstance(params, Mapping) and params:
        return "set:" + ",".join(f"{n}={_show_param(v)}" for n, v in params.items())
    return HANDOUT_KEY


def _show_param(value: object) -> str:
    if type(value) is float and value.is_integer():
        return str(int(value))
    return str(value)


class SessionReadError(UserError):
    """A session log that cannot be read at all (missing, a directory, a FIFO, no permission)."""


class _Bad(Exception):
    """A field that is not what the format says it is."""


def _kind(value: object) -> str:
    """What a JSON value is, in a few words (a warning never quotes the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number" if value == value else "NaN"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_name(value: object) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= NAME_LIMIT
        and value.isprintable()
        and " " not in value
    )


def _name(value: object) -> str:
    if (
        type(value) is str
        and 0 < len(value) <= NAME_LIMIT
        and value.isprintable()
        and " " not in value
    ):
        return sys.intern(value)  # one string for every event naming the same box
    raise _Bad


def _note(value: object) -> str:
    return "" if value == "" else _name(value)


def _text(value: object) -> str:
    if type(value) is not str:
        raise _Bad
    return value if len(value) <= TEXT_LIMIT else bounded(value, TEXT_LIMIT)


def _student(value: object) -> str:
    if not is_student_id(value):
        raise _Bad
    return sys.intern(value)


def _verdict(value: object) -> str:
    if not is_verdict(value):
        raise _Bad
    return sys.intern(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Bad
    return value


def _flags(value: object) -> list[bool]:
    if type(value) is not list or len(value) > MAX_POINTS:
        raise _Bad
    for item in value:
        if type(item) is not bool:
            raise _Bad
    return value


def _int_in(low: int, high: int) -> Callable[[object], int]:
    def read(value: object) -> int:
        if type(value) is not int or not low <= value <= high:
            raise _Bad
        return value

    return read


def _seed(value: object) -> int:
    if type(value) is not int or not 0 <= value <= MAX_VARIANT_SEED:
        raise _Bad
    return value


def _param_value(value: object) -> int | float | str:
    if type(value) is int and -(2**53) <= value <= 2**53:
        return value
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is str and _is_name(value):
        return sys.intern(value)
    raise _Bad


def _params(value: object) -> dict[str, int | float | str]:
    if type(value) is not dict or len(value) > MAX_VARIANT_PARAMS:
        raise _Bad
    read: dict[str, int | float | str] = {}
    for name, item in value.items():
        if not _is_name(name):
            raise _Bad
        read[sys.intern(name)] = _param_value(item)
    return read


def _ms(value: object) -> float:
    if (type(value) is not float and type(value) is not int) or not 0 <= value <= MAX_MS:
        raise _Bad  # NaN fails the comparison too
    return float(value)


@dataclass(frozen=True)
class Field:
    """One field an event type declares: how it is read (its type and range) and, for
    warnings, what it must be."""

    read: Callable[[object], Any]
    must_be: str
    required: bool = False


def _required(f: Field) -> Field:
    return Field(f.read, f.must_be, True)


_NAME = Field(_name, f"a name (1 to {NAME_LIMIT} printable characters, no spaces)")
_NOTE = Field(_note, f"a note (up to {NAME_LIMIT} printable characters, no spaces)")
_TEXT = Field(_text, "a text")
_FLAG = Field(_flag, "true or false")
_SEED = Field(_seed, f"a variant's seed (a whole number from 0 to {MAX_VARIANT_SEED})")
_PARAMS = Field(
    _params,
    f"a variant's parameters (at most {MAX_VARIANT_PARAMS} names, each a number or a word)",
)
# the practice variant an attempt, hint or solution belongs to (absent or seed 0: the handout)
_VARIANT: Final[Mapping[str, Field]] = MappingProxyType({"seed": _SEED, "params": _PARAMS})

# The format, declared once: for each event type, its fields. docs/session-logs.md lists them.
EVENT_FIELDS: Final[Mapping[EventName, Mapping[str, Field]]] = MappingProxyType(
    {
        "session_start": {
            "version": _NAME,
            "content_hash": _NAME,
            "schema": Field(_int_in(1, 10_000), "a format number (1, 2, ...)"),
            "fresh": _FLAG,
            "pid": Field(_int_in(0, 2**62), "a process id"),
            "number": Field(_int_in(1, 2**62), "the session's number in its directory"),
            "restore": _FLAG,
            "student": Field(
                _student, f"a student id (1 to {MAX_ID_LENGTH} characters: {ID_CHARACTERS})"
            ),
        },
        "part_opened": {"part": _required(_NAME)},
        "attempt": {
            "box": _required(_NAME),
            "raw": _TEXT,
            "verdict": _required(Field(_verdict, "a verdict (" + ", ".join(VERDICTS) + ")")),
            "note": _NOTE,
            "ms": Field(_ms, f"a checking time in ms (0 to {MAX_MS:,})"),
            "feedback": _TEXT,
            "interpreted": _TEXT,
            **_VARIANT,
        },
        "hint": {
            "box": _required(_NAME),
            "index": _required(Field(_int_in(1, MAX_INDEX), "a hint number (1, 2, ...)")),
            **_VARIANT,
        },
        "solution": {"part": _required(_NAME), "asked": _FLAG, **_VARIANT},
        "self_assessment": {
            "part": _required(_NAME),
            "points": _required(Field(_flags, f"a list of at most {MAX_POINTS} true/false")),
            "text": _TEXT,
        },
        "reflection": {"prompt": _required(_NAME), "text": _TEXT},
        "plot_viewed": {"plot": _required(_NAME)},
        "session_end": {},
    }
)
_ENVELOPE = frozenset(("seq", "t", "s", "event"))


def reads_as(event: EventName, key: str, value: object) -> bool:
    """Whether the reader accepts ``value`` as the field ``key`` of ``event`` (what the writer
    checks before writing an optional field it was handed, such as the student id)."""
    field = EVENT_FIELDS[event].get(key)
    if field is None:
        return False
    try:
        field.read(value)
    except _Bad:
        return False
    return True


_REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(k for k, f in fields.items() if f.required) for kind, fields in EVENT_FIELDS.items()
}
_TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)\Z")


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
        return ""
    seq = obj.get("seq")
    if type(seq) is not int or not 0 < seq <= MAX_SEQ:
        return ""  # not an event at all: a corrupt line
    kind = obj.get("event")
    known = _READERS.get(kind) if type(kind) is str else None
    if known is not None:
        kind, fields = known  # the declared name itself (one string for every event)
    elif _is_name(kind):
        kind, fields = sys.intern(kind), _NO_FIELDS  # type: ignore[arg-type]
    else:
        return ""
    data: dict[str, Any] = {}
    extra = 0
    for key, value in obj.items():
        field = fields.get(key)
        if field is not None:
            try:
                data[key] = field[0](value)
            except _Bad:
                return f"{kind} event skipped: its {key!r} is {_kind(value)}, not {field[1]}"
        elif key not in _ENVELOPE and extra < MAX_EXTRA_FIELDS and _is_name(key):
            kept = _extra(value)
            if kept is not _DROP:
                data[sys.intern(key)] = kept
                extra += 1
    for key in _REQUIRED.get(kind, ()):
        if key not in data:
            return f"{kind} event skipped: it has no {key!r}"
    stamp = obj.get("t", "")
    if stamp != "" and (type(stamp) is not str or len(stamp) > 40 or not _TIME_RE.match(stamp)):
        stamp = None  # present but unreadable: said in a warning
    elapsed = obj.get("s")
    if elapsed is not None:
        if (type(elapsed) is float or type(elapsed) is int) and 0 <= elapsed <= MAX_SECONDS:
            elapsed = float(elapsed)
        else:
            elapsed = False  # present but unreadable: said in a warning
    return Event(seq, stamp, elapsed, kind, data)


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
    ):
        self.path = Path(path)
        self._file: LineReader | None = file if file is not None else _open_log(self.path)
        self._after = after
        self.warnings: list[str] = []
        self.start: Event | None = None  # the session_start event, once read
        self.first: Event | None = None
        self.ended = False
        self.count = 0  # events read
        self._problems = 0
        self._bad_times = 0
        self._after_end = 0
        self._repeated = 0

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
        last_seq = 0
        lineno = 0
        readline = file.readline
        while True:
            line = readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            lineno += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while True:  # skip the rest of an oversized line without keeping it
                    rest = readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                self._warn(lineno, f"a line longer than {MAX_LINE_BYTES:,} bytes skipped")
                continue
            torn = not line.endswith(b"\n")
            try:
                text = line.decode("utf-8")
                if text[:1] == "{":  # the usual line: one object, then the newline
                    obj, end = raw_decode(text)
                    if end != len(text) and text[end:].strip():
                        raise ValueError("text after the event")
                else:
                    obj = loads(text)
            except (ValueError, RecursionError):
                if line.strip():
                    self._warn(lineno, "torn last line skipped" if torn else "corrupt line skipped")
                continue
            event = _event(obj)
            if isinstance(event, str):
                self._warn(lineno, event or "corrupt line skipped")
                continue
            if event.seq <= last_seq:
                self._repeated += 1
                continue
            if self.ended:
                self._after_end += 1
                continue
            last_seq = event.seq
            if event.elapsed is False or event.time is None:
                self._bad_times += 1
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

    def _finish(self) -> None:
        where = self.path
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
        if self._bad_times:
            self.warnings.append(
                f"{where}: {self._bad_times:,} event{'s' if self._bad_times != 1 else ''} "
                f"with a time (t, s) that does not read (s must be seconds from 0 to "
                f"{MAX_SECONDS:,}): counted as no time spent"
            )
        if self.first is not None and self.first.type != "session_start":
            self.warnings.append(f"{where}: the session_start event is missing")
        self.warnings.extend(_newer_format(where, self.start))
        after, self._after = self._after, None
        if after is not None:
            self.warnings.extend(after())


_DECODER = json.JSONDecoder()


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

    def sort_key(self) -> tuple:
        return _order_key(self.number, self.started, self.path)


def read_header(path: str | os.PathLike[str], *, file: LineReader | None = None) -> SessionHeader:
    """The first event of a session file (its ``session_start``), read without reading the
    rest. Raises :class:`SessionReadError` when the file cannot be read at all. ``file``: as
    for :class:`SessionStream` (the header of a hand-in's member)."""
    path = Path(path)
    with SessionStream(path, file=file) as stream:
        for event in stream:
            start = event if event.type == "session_start" else None
            return SessionHeader(
                path,
                start.get("number") if start is not None else None,
                event.time,
                bool(start is not None and start.get("fresh")),
                restore=bool(start is not None and start.get("restore") is True),
                student=start.get("student") if start is not None else None,
            )
    return SessionHeader(path, None, "", False)


def order_sessions(headers: Iterable[SessionHeader]) -> tuple[list[SessionHeader], list[str]]:
    """Sessions of one learner in the order they were started (their number, which the log
    directory keeps, not their wall-clock time), with a warning for each session whose start
    time goes back before the one of the session before it (the clock was changed)."""
    ordered = sorted(headers, key=SessionHeader.sort_key)
    warnings = []
    latest = ""
    for header in ordered:
        if header.started and latest and header.started < latest:
            warnings.append(
                f"{header.path}: started at {header.started}, before the session before it "
                f"({latest}) although it came after it: the computer's clock was changed? "
                "Sessions are taken in the order they were started, not by these times"
            )
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
