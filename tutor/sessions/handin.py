"""The hand-in: one file holding all of a student's sessions, ready to upload.

``hw3-tutor handin`` writes a zip archive (``hw3-handin-<student id>.zip`` by default)::

    manifest.json                          what is inside, below
    sessions/<session id>.jsonl            every session log, byte for byte as the tutor wrote it

``manifest.json``::

    {"format": "hw3-tutor-handin", "format_version": 1, "tutor_version": "0.1.0",
     "student": "alice", "created": "2025-02-10T21:04:11.532907Z",
     "content_hash": "5de4bf97…",          # the content the tutor loads now (null if none loads)
     "sessions": [{"file": "sessions/20250203T184512.307Z-9f2c41ab.jsonl",
                   "id": "20250203T184512.307Z-9f2c41ab", "student": "alice",
                   "started": "2025-02-03T18:45:12.307512Z", "content_hash": "5de4bf97…",
                   "events": 212, "bytes": 48211, "sha256": "…"}]}

The logs are copied, never rewritten, so the instructor reads exactly what the tutor wrote
(``hw3-tutor gradebook`` and ``review`` read hand-ins directly). The checksums catch a damaged
upload; they cannot prove a log is genuine (a student can edit a log and recompute them), which
is why the gradebook judges every answer again instead of trusting the logged verdicts.

Reading a hand-in treats it as untrusted: the manifest's fields are type-checked, member
names must be ``sessions/<name>.jsonl``, and the number and sizes of members are bounded
(checked before and while decompressing), so a crafted archive cannot exhaust memory. Each
member is read through the session log's own checking reader (``SessionStream``), line by
line as it is decompressed, exactly as a log file is; the sessions written into a hand-in are
read the same way.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from tutor import __version__
from tutor.errors import UserError
from tutor.sessions.identity import is_student_id
from tutor.sessions.log import (
    Session,
    SessionHeader,
    SessionReadError,
    SessionStream,
    iter_session_files,
    read_header,
    utc_now_iso,
)

FORMAT = "hw3-tutor-handin"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SESSIONS_DIR = "sessions/"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_SESSION_BYTES = 64 * 1024 * 1024  # one session log (a full day of work is < 1 MB)
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # everything in one hand-in, uncompressed
_MEMBER_RE = re.compile(r"sessions/[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.jsonl")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # members carry no time: the logs have their own


class HandinError(UserError):
    """A hand-in cannot be written or read at all (exit 1)."""

    exit_code = 1


class NotAHandin(HandinError):
    """The file is no hand-in at all: not a zip archive that reads, or one without a manifest
    (in a directory of logs, such a file is not a session file and is passed over)."""


def default_name(student: str) -> str:
    return f"hw3-handin-{student}.zip"


@dataclass(frozen=True)
class Written:
    path: Path
    sessions: int
    events: int
    bytes: int
    warnings: tuple[str, ...]


def write_handin(
    log_dir: str | os.PathLike[str],
    student: str,
    out: str | os.PathLike[str],
    content_hash: str | None,
    *,
    now: datetime | None = None,
) -> Written:
    """Write every session in ``log_dir`` into the hand-in ``out`` (replaced atomically).

    Sessions logged under another student id are included, with a warning (the gradebook
    counts them for the id in their header). Files that hold no session are left out, with a
    warning. Raises ``HandinError`` when there is no session or the file cannot be written.
    """
    if not is_student_id(student):
        raise HandinError(f"not a valid student id: {student!r}")
    directory = Path(log_dir)
    if not directory.is_dir():
        raise HandinError(
            f"no sessions to hand in: the log directory {directory} does not exist "
            "(run the tutor first, or give --log-dir DIR)"
        )
    warnings: list[str] = []
    entries: list[tuple[dict, bytes]] = []
    for path in iter_session_files(directory):
        try:
            if path.stat().st_size > MAX_SESSION_BYTES:
                warnings.append(f"{path.name}: larger than {MAX_SESSION_BYTES:,} bytes, left out")
                continue
            data = path.read_bytes()
        except OSError as exc:
            warnings.append(f"{path.name}: cannot be read ({exc.strerror or exc}), left out")
            continue
        stream = SessionStream(path, file=io.BytesIO(data))  # the reader's checks, on these bytes
        events = 0
        for _ in stream:
            events += 1
        start = stream.start
        logged_by = start.get("student") if start is not None else None
        if not events:
            warnings.append(f"{path.name}: holds no session events, left out")
            continue
        if logged_by is not None and logged_by != student:
            warnings.append(
                f"{path.name} was logged by student {logged_by}, not {student}; "
                "it is included and counts for its own student"
            )
        first = stream.first
        entries.append(
            (
                {
                    "file": SESSIONS_DIR + path.name,
                    "id": path.stem,
                    "student": logged_by,
                    "started": start.time if start is not None else (first.time if first else ""),
                    "content_hash": start.get("content_hash", "") if start is not None else "",
                    "events": events,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
                data,
            )
        )
    if not entries:
        raise HandinError(f"no sessions to hand in: no session logs in {directory}")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tutor_version": __version__,
        "student": student,
        "created": utc_now_iso(now),
        "content_hash": content_hash,
        "sessions": [meta for meta, _ in entries],
    }
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".hw3-handin-", suffix=".zip", dir=target.parent)
    except OSError as exc:
        raise HandinError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            zf.writestr(zipfile.ZipInfo(MANIFEST, _ZIP_TIME), body, zipfile.ZIP_DEFLATED)
            for meta, data in entries:
                info = zipfile.ZipInfo(meta["file"], _ZIP_TIME)
                zf.writestr(info, data, zipfile.ZIP_DEFLATED)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise HandinError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Written(
        path=target,
        sessions=len(entries),
        events=sum(meta["events"] for meta, _ in entries),
        bytes=target.stat().st_size,
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Member:
    """One session log in a hand-in, as the manifest lists it (fields checked)."""

    name: str  # the member's name in the archive: sessions/<id>.jsonl
    sha256: str | None  # from the manifest; None when it is not listed
    size: int = 0  # bytes, uncompressed (from the archive's directory)


@dataclass(frozen=True)
class Handin:
    """A hand-in opened for reading (nothing decompressed yet but the manifest)."""

    path: Path
    student: str | None  # the manifest's student id, when valid
    content_hash: str | None
    created: str
    members: tuple[Member, ...]
    warnings: tuple[str, ...]


def _str(value: object, limit: int = 200) -> str | None:
    return value if isinstance(value, str) and len(value) <= limit else None


def open_handin(path: str | os.PathLike[str]) -> Handin:
    """Read a hand-in's manifest and list its session logs. Raises ``HandinError`` when the
    file is not a readable hand-in; anything odd inside is a warning."""
    path = Path(path)
    warnings: list[str] = []
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS + 1:
                raise HandinError(
                    f"{path}: {len(infos):,} files inside; a hand-in has at most {MAX_MEMBERS:,}"
                )
            names = {info.filename: info for info in infos}
            info = names.get(MANIFEST)
            if info is None:
                raise NotAHandin(f"{path} is a zip archive but not a hand-in (no {MANIFEST})")
            if info.file_size > MAX_MANIFEST_BYTES:
                raise HandinError(f"{path}: its {MANIFEST} is too large")
            with zf.open(info) as f:
                raw = f.read(MAX_MANIFEST_BYTES + 1)
    except HandinError:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, zipfile.LargeZipFile) as exc:
        raise NotAHandin(f"{path} cannot be read as a hand-in ({exc})") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HandinError(f"{path}: its {MANIFEST} is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise HandinError(f"{path}: its {MANIFEST} is not a hw3-tutor hand-in's")
    version = manifest.get("format_version")
    if type(version) is int and version > FORMAT_VERSION:
        warnings.append(
            f"{path}: hand-in format {version}, newer than this tutor's {FORMAT_VERSION}; "
            "read as far as it is understood"
        )
    student = manifest.get("student")
    if not is_student_id(student):
        warnings.append(f"{path}: the manifest names no valid student id")
        student = None
    listed: dict[str, str | None] = {}
    sessions = manifest.get("sessions")
    if isinstance(sessions, list):
        for entry in sessions[: MAX_MEMBERS + 1]:
            if isinstance(entry, dict):
                name = _str(entry.get("file"))
                digest = _str(entry.get("sha256"), 64)
                if name is not None:
                    listed[name] = digest
    members: list[Member] = []
    total = 0
    for name, info in sorted(names.items()):
        if name == MANIFEST or name.endswith("/"):
            continue
        if not _MEMBER_RE.fullmatch(name):
            warnings.append(f"{path}: {name!r} is not a session log; ignored")
            continue
        if info.file_size > MAX_SESSION_BYTES:
            warnings.append(f"{path}: {name} is larger than {MAX_SESSION_BYTES:,} bytes; skipped")
            continue
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            warnings.append(
                f"{path}: more than {MAX_TOTAL_BYTES:,} bytes of logs; the rest skipped"
            )
            break
        if name not in listed:
            warnings.append(f"{path}: {name} is not listed in the manifest (added later?)")
        members.append(Member(name, listed.get(name), info.file_size))
    for name in sorted(set(listed) - set(names)):
        warnings.append(f"{path}: the manifest lists {_str(name) or '?'!r}, which is missing")
    content_hash = _str(manifest.get("content_hash"), 128)
    return Handin(
        path=path,
        student=student,
        content_hash=content_hash,
        created=_str(manifest.get("created"), 40) or "",
        members=tuple(members),
        warnings=tuple(warnings),
    )


CHUNK = 1 << 16  # bytes decompressed at a time


class _MemberLines:
    """A hand-in's member, decompressed a chunk at a time and handed to the session reader a
    line at a time: at most ``MAX_SESSION_BYTES`` read, its checksum computed on the way, and
    whatever the archive does wrong (a bad CRC, a truncated stream) an ``OSError`` (the
    reader's warning). ``archive``: the hand-in already open (it is then left open)."""

    def __init__(
        self, handin: Handin, member: Member, archive: zipfile.ZipFile | None = None
    ) -> None:
        self.label = handin.path / member.name
        self.expected = member.sha256
        self.digest = hashlib.sha256()
        self.read = 0
        self.ended = False
        self._buffer = b""
        self._pos = 0  # where the next line starts in _buffer
        self._zip: zipfile.ZipFile | None = None
        self._file: IO[bytes] | None = None
        try:
            if archive is None:
                archive = self._zip = zipfile.ZipFile(handin.path)
            self._file = archive.open(member.name)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError, RuntimeError) as exc:
            self.close()
            raise SessionReadError(f"{self.label}: cannot be read ({exc})") from None

    def _more(self) -> bytes:
        """The next chunk of the member (b"" at its end)."""
        if self._file is None:
            return b""
        try:
            chunk = self._file.read(CHUNK)
        except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, RuntimeError) as exc:
            raise OSError(f"the hand-in's copy is damaged ({exc})") from None
        self.read += len(chunk)
        if self.read > MAX_SESSION_BYTES:
            raise OSError(f"larger than {MAX_SESSION_BYTES:,} bytes; the rest is not read")
        if chunk:
            self.digest.update(chunk)
        else:
            self.ended = True
        return chunk

    def readline(self, size: int = -1, /) -> bytes:
        buffer, pos = self._buffer, self._pos
        scanned = pos
        while True:
            newline = buffer.find(b"\n", scanned)
            if newline >= 0:
                end = newline + 1
                break
            if 0 <= size <= len(buffer) - pos:
                end = pos + size
                break
            chunk = self._more()
            if not chunk:
                end = len(buffer)
                break
            scanned = len(buffer) - pos
            buffer = buffer[pos:] + chunk  # what is left of the line, then the next chunk
            pos = 0
        if 0 <= size < end - pos:
            end = pos + size
        self._buffer, self._pos = buffer, end
        return buffer[pos:end]

    def close(self) -> None:
        file, self._file = self._file, None
        archive, self._zip = self._zip, None
        self._buffer, self._pos = b"", 0
        for thing in (file, archive):
            if thing is not None:
                try:
                    thing.close()
                except (OSError, zipfile.BadZipFile, ValueError):
                    pass

    def checksum(self) -> list[str]:
        """A warning when the member, read to its end, is not what the manifest says."""
        if self.ended and self.expected is not None and self.digest.hexdigest() != self.expected:
            return [f"{self.label}: its checksum differs from the manifest's (changed or damaged)"]
        return []


def open_member(handin: Handin, member: Member) -> SessionStream:
    """One session of a hand-in, to be read event by event through the session log's checking
    reader (``SessionReadError`` when the archive cannot be opened). Its warnings include a
    checksum that does not match the manifest's (the log changed after it was handed in, or was
    damaged)."""
    lines = _MemberLines(handin, member)
    return SessionStream(lines.label, file=lines, after=lines.checksum)


def read_member(handin: Handin, member: Member) -> tuple[Session | None, list[str]]:
    """One session of a hand-in read whole (None when it cannot be read), and its warnings."""
    try:
        stream = open_member(handin, member)
    except SessionReadError as exc:
        return None, [str(exc)]
    with stream:
        events = tuple(stream)
    return Session(stream.path, events, tuple(stream.warnings)), list(stream.warnings)


def read_member_headers(
    handin: Handin,
) -> Iterator[tuple[Member, SessionHeader | SessionReadError]]:
    """Each member's first event (its ``session_start``), read without reading the rest (the
    archive opened once), or why it cannot be read."""
    try:
        archive = zipfile.ZipFile(handin.path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        for member in handin.members:
            yield member, SessionReadError(f"{handin.path / member.name}: cannot be read ({exc})")
        return
    with archive:
        for member in handin.members:
            try:
                lines = _MemberLines(handin, member, archive)
                header = read_header(lines.label, file=lines)
            except SessionReadError as exc:
                yield member, exc
                continue
            yield member, header
