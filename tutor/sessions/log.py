"""Writing append-only session logs (JSON Lines); ``tutor.sessions.logreader`` reads them.

One file per session in the log directory. Every event is one JSON object on
one line, written with a single ``write`` of the complete line, then
``fsync``ed, so a ``kill -9`` at any moment loses at most the event being
written. Writing never raises into the caller: an unwritable directory or a
full disk turns the log into a non-saving one with a message (``problem``)
the UI shows. The format is declared in ``tutor.sessions.logformat`` and documented in
``docs/session-logs.md``.

Only the standard library is imported here.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Final

from tutor import __version__
from tutor.sessions.logformat import (
    IDLE_GAP_SECONDS,
    SCHEMA_VERSION,
    SUFFIX,
    EventName,
    VariantTag,
    reads_as,
    variant_fields,
)
from tutor.sessions.logreader import next_session_number


def _checker_id() -> str:
    """The checker's fingerprint for the header; "unknown" when its source cannot be read."""
    from tutor.sessions.fingerprint import checker_id

    try:
        return checker_id()
    except Exception:  # noqa: BLE001 - a header is never lost over a fingerprint
        return "unknown"


NOT_SAVING = "this session is not being saved"
# append-only, never an existing file; binary so Windows writes "\n" as is
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)


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
            "checker": _checker_id(),
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

    def part_opened(self, part_id: str, variant: VariantTag | None = None) -> None:
        """Part ``part_id`` was opened (or shown again) at the handout's numbers, or at a
        practice ``variant``'s: a restart reopens it there."""
        self._write("part_opened", {"part": part_id, **variant_fields(variant)})

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
        box_key: str | None = None,
    ) -> None:
        """An answer checked; ``box_key`` is the fingerprint of what grades the box
        (``tutor.content.boxprint``), so a regrade can tell an edited key from an edited log."""
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
                **({"box_key": box_key} if box_key else {}),
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

    def pool_shown(self, box_id: str, variant: VariantTag | None = None) -> None:
        """The student asked to see a proof box's pool before solving what it gives away."""
        self._write("pool_shown", {"box": box_id, **variant_fields(variant)})

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
