"""Where a class's sessions come from, and whose each one is.

``hw3-tutor gradebook`` (and ``review``) take hand-ins (``hw3-handin-*.zip``), session files
and directories (searched recursively for both). Each session belongs to a learner:

1. the student id in its header (``session_start`` field ``student``), when valid;
2. else the student id of the hand-in it came in;
3. else, in a directory given on the command line, the name of its first subdirectory
   (``class/alice/*.jsonl`` is alice's), the layout ``review`` has always read;
4. else the folder (or, for a file named on the command line, the file) it came from.

A header that names another student than its hand-in or folder is reported, and the header
wins: a student's sessions are merged by id wherever they were found. The same session met
twice (two hand-ins, or a hand-in and a folder) counts once: the longer copy is kept, with a
warning when the copies differ.

The sources are indexed first from each session's first line only, then a learner's sessions
are read when that learner is processed: memory holds one learner's sessions at a time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from tutor.errors import UsageError, UserError
from tutor.sessions.handin import (
    Handin,
    HandinError,
    Member,
    is_handin,
    open_handin,
    read_member,
    read_member_head,
)
from tutor.sessions.identity import is_student_id
from tutor.sessions.log import (
    SUFFIX,
    Session,
    SessionReadError,
    parse_time,
    read_session,
)

HEAD_LIMIT = 65_536  # bytes of a session's first line read to find its header


@dataclass(frozen=True)
class SessionRef:
    """A session found but not read yet."""

    learner: str  # a student id, or the place the session came from
    identified: bool  # ``learner`` is a student id (from a header, a hand-in or a folder name)
    started: str  # the header's time (ISO UTC), "" when unknown
    name: str  # the file name (the session id plus .jsonl)
    size: int  # bytes, to pick the longer of two copies
    file: Path  # the session file, or the hand-in holding it
    member: Member | None = None
    handin: Handin | None = None

    @property
    def session_id(self) -> str:
        return self.name[: -len(SUFFIX)] if self.name.endswith(SUFFIX) else self.name

    @property
    def where(self) -> str:
        return str(self.file / self.member.name) if self.member is not None else str(self.file)

    def sort_key(self) -> tuple[str, str]:
        return (self.started, self.name)

    def read(self) -> tuple[Session | None, list[str]]:
        """The session (None when it cannot be read) and warnings."""
        if self.member is not None and self.handin is not None:
            return read_member(self.handin, self.member)
        try:
            return read_session(self.file), []
        except SessionReadError as exc:
            return None, [str(exc)]


def _header(line: bytes) -> dict:
    """The ``session_start`` fields of a first line; {} when it is not one."""
    try:
        obj = json.loads(line)
    except ValueError:
        return {}
    if type(obj) is not dict or obj.get("event") != "session_start":
        return {}
    return obj


def _head_of_file(path: Path) -> tuple[bytes, int]:
    try:
        with path.open("rb") as f:
            line = f.readline(HEAD_LIMIT)
            size = os.fstat(f.fileno()).st_size
        return line, size
    except OSError:
        return b"", -1


@dataclass
class Index:
    """Every session found, by learner, and what was odd on the way."""

    learners: dict[str, list[SessionRef]]
    warnings: list[str]
    handins: int = 0
    files: int = 0

    def sources(self, reverse: bool = False) -> list[tuple[str, str | None]]:
        """Every session as (file, hand-in member or None), in processing order (or reversed:
        what a helper process judging from the far end reads)."""
        out = [
            (str(ref.file), ref.member.name if ref.member is not None else None)
            for refs in self.learners.values()
            for ref in refs
        ]
        return out[::-1] if reverse else out


class _Indexer:
    def __init__(self) -> None:
        self.refs: dict[str, dict[str, SessionRef]] = {}  # learner -> session id -> ref
        self.warnings: list[str] = []
        self.seen: set[Path] = set()
        self.handins = 0
        self.files = 0

    def add(self, ref: SessionRef, header: dict, fallback_what: str) -> None:
        claimed = header.get("student")
        if "student" in header and not is_student_id(claimed):
            self.warnings.append(
                f"{ref.where}: the student id in its header is not valid; "
                f"counted for {fallback_what}"
            )
        learner = ref.learner
        if is_student_id(claimed) and claimed != learner:
            if ref.identified:
                self.warnings.append(
                    f"{ref.where}: logged by student {claimed}, found with {learner}'s "
                    f"sessions; counted for {claimed}"
                )
            ref = SessionRef(
                str(claimed),
                True,
                ref.started,
                ref.name,
                ref.size,
                ref.file,
                ref.member,
                ref.handin,
            )
        mine = self.refs.setdefault(ref.learner, {})
        other = mine.get(ref.session_id)
        if other is None:
            mine[ref.session_id] = ref
            return
        if other.size != ref.size:
            keep, drop = (ref, other) if ref.size > other.size else (other, ref)
            self.warnings.append(
                f"session {ref.session_id} of {ref.learner} is in {other.where} and in "
                f"{ref.where} with different contents; the longer ({keep.where}) is used"
            )
            mine[ref.session_id] = keep
            del drop

    def add_file(self, path: Path, learner: str, identified: bool) -> None:
        real = path.resolve()
        if real in self.seen:
            return
        self.seen.add(real)
        line, size = _head_of_file(path)
        if size < 0:
            self.warnings.append(f"cannot read session log {path}")
            return
        if size == 0:
            self.warnings.append(f"{path}: it is empty, skipped")
            return
        header = _header(line)
        started = header.get("t")
        ref = SessionRef(
            learner,
            identified,
            started if isinstance(started, str) and len(started) <= 40 else "",
            path.name,
            size,
            path,
        )
        self.files += 1
        self.add(ref, header, learner)

    def add_handin(self, path: Path) -> None:
        real = path.resolve()
        if real in self.seen:
            return
        self.seen.add(real)
        handin = open_handin(path)  # HandinError: the caller decides
        self.handins += 1
        self.warnings.extend(handin.warnings)
        learner = handin.student or str(path)
        for member in handin.members:
            header = _header(read_member_head(handin, member, HEAD_LIMIT))
            started = header.get("t")
            name = member.name.rsplit("/", 1)[-1]
            ref = SessionRef(
                learner,
                handin.student is not None,
                started if isinstance(started, str) and len(started) <= 40 else "",
                name,
                member.size,
                path,
                member,
                handin,
            )
            self.add(ref, header, learner)


def index_sources(paths: Sequence[str | os.PathLike[str]]) -> Index:
    """Find every session under ``paths`` and whose it is (reading first lines only).

    Raises ``UserError`` (exit 2) for a path that does not exist, and for a file named on the
    command line that is neither a session log nor a hand-in.
    """
    ix = _Indexer()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise UserError(f"cannot read directory {path}: permission denied")
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.name.endswith(SUFFIX):
                    relative = file.relative_to(path)
                    if len(relative.parts) > 1:
                        folder = relative.parts[0]
                        ok = is_student_id(folder)
                        ix.add_file(file, folder if ok else str(path / folder), ok)
                    else:
                        ix.add_file(file, str(path), False)
                elif file.suffix.lower() == ".zip" and is_handin(file):
                    try:
                        ix.add_handin(file)
                    except HandinError as exc:
                        ix.warnings.append(str(exc))
        elif path.is_file():
            if path.suffix.lower() == ".zip":
                try:
                    ix.add_handin(path)
                except HandinError as exc:
                    raise UserError(str(exc)) from None
            else:
                ix.add_file(path, str(path), False)
        elif path.exists():
            raise UserError(f"{path} is neither a file nor a directory")
        else:
            raise UserError(f"no such file or directory: {path}")
    learners = {
        learner: sorted(refs.values(), key=SessionRef.sort_key)
        for learner, refs in sorted(ix.refs.items())
    }
    return Index(learners, ix.warnings, ix.handins, ix.files)


def read_learner(
    refs: Iterable[SessionRef], window: Window | None = None
) -> tuple[list[Session], list[str]]:
    """A learner's readable sessions in start order, and warnings; sessions outside ``window``
    are left out. An unreadable file, or one with no event, is a warning."""
    sessions: list[Session] = []
    warnings: list[str] = []
    for ref in refs:
        session, problems = ref.read()
        warnings.extend(problems)
        if session is None:
            continue
        if not session.events:
            why = "nothing in it reads as a session event" if session.warnings else "it is empty"
            warnings.append(f"{ref.where}: {why}, skipped")
            continue
        warnings.extend(session.warnings)
        if window is None or window.holds(session):
            sessions.append(session)
    sessions.sort(key=Session.sort_key)
    return sessions, warnings


# ---------------------------------------------------------------------------
# --since / --until


@dataclass(frozen=True)
class Window:
    """Sessions that started in [since, until) (either end open)."""

    since: datetime | None = None
    until: datetime | None = None

    def holds(self, session: Session) -> bool:
        if self.since is None and self.until is None:
            return True
        started = parse_time(session.started)
        if started is None:
            return False  # no readable start time: cannot be placed in the window
        if self.since is not None and started < self.since:
            return False
        return not (self.until is not None and started >= self.until)

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


# ---------------------------------------------------------------------------
# For `review`, which reads log folders with ``review.collect``: hand-ins and ids


def handin_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The hand-ins among ``paths``: zip files named, and hand-ins under directories named."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_file() and path.suffix.lower() == ".zip":
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.zip")) if p.is_file() and is_handin(p))
    return found


def read_handins(paths: Iterable[Path]) -> tuple[list[Session], dict[Path, str], list[str]]:
    """Every session of these hand-ins, each one's learner (its header's id, else the hand-in's),
    and warnings. A named file that is not a hand-in raises ``UserError``."""
    sessions: list[Session] = []
    learner_of: dict[Path, str] = {}
    warnings: list[str] = []
    for path in dict.fromkeys(paths):
        try:
            handin = open_handin(path)
        except HandinError as exc:
            raise UserError(str(exc)) from None
        warnings.extend(handin.warnings)
        for member in handin.members:
            session, problems = read_member(handin, member)
            warnings.extend(problems)
            if session is None:
                continue
            if not session.events:
                warnings.append(f"{session.path}: nothing in it reads as a session event, skipped")
                continue
            warnings.extend(session.warnings)
            sessions.append(session)
            learner_of[session.path] = session.student or handin.student or str(path)
    return sessions, learner_of, warnings


def by_student_id(
    sessions: Sequence[Session], learner_of: dict[Path, str]
) -> tuple[dict[Path, str], list[str]]:
    """Learners merged by the student id in the sessions' headers: a session with an id belongs
    to that id; a learner (a folder) whose sessions carry one id only is that student, id-less
    sessions included. Sessions not in ``learner_of`` are their own learner (their id)."""
    out = dict(learner_of)
    ids_of: dict[str, set[str]] = {}
    for session in sessions:
        key = learner_of.get(session.path, session.id)
        student = session.student
        if student is not None:
            ids_of.setdefault(key, set()).add(student)
    warnings = []
    for session in sessions:
        key = learner_of.get(session.path, session.id)
        student = session.student
        ids = ids_of.get(key, set())
        if student is not None:
            out[session.path] = student
        elif len(ids) == 1:
            out[session.path] = next(iter(ids))
        else:
            out[session.path] = key
    for key, ids in ids_of.items():
        if len(ids) > 1:
            shown = ", ".join(sorted(ids)[:5])
            warnings.append(f"{key} holds sessions of several students ({shown}): counted apart")
    return out, warnings


def log_files(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The session files among ``paths`` and under its directories, in name order (a cheap
    listing: nothing is read)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*" + SUFFIX) if p.is_file()))
        elif path.is_file() and path.name.endswith(SUFFIX):
            found.append(path)
    return found
