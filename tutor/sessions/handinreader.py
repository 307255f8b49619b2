"""Reading a hand-in (``tutor.sessions.handin`` writes them).

Reading a hand-in treats it as untrusted: the manifest's fields are type-checked, member
names must be ``sessions/<name>.jsonl``, and the number and sizes of members are bounded
(checked before and while decompressing), so a crafted archive cannot exhaust memory. Each
member is read through the session log's own checking reader (``SessionStream``), line by
line as it is decompressed, exactly as a log file is; the sessions written into a hand-in are
read the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tutor.sessions.handin import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_SESSION_BYTES,
    SESSIONS_DIR,
    HandinError,
    is_member_name,
)
from tutor.sessions.identity import is_student_id, student_id_problem
from tutor.sessions.logreader import (
    LineBudget,
    Session,
    SessionHeader,
    SessionReadError,
    SessionStream,
    read_header,
)

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # everything in one hand-in, uncompressed


DAMAGED = (
    "cannot be read as a hand-in: it is truncated or damaged (not a zip archive that reads); "
    "ask the student to upload it again"
)


class NotAHandin(HandinError):
    """The file is no hand-in at all: not a zip archive that reads, or one without a manifest
    (in a directory of logs, such a file is skipped with a warning naming it)."""


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
    # why the manifest's student id cannot be used (None when it is valid): not among
    # ``warnings``, the reader of the hand-in says it once with what it did instead
    student_problem: str | None = None
    # the lines its sessions may take, read event by event (``MAX_HANDIN_LINES`` in all)
    budget: LineBudget = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.budget is None:
            object.__setattr__(self, "budget", LineBudget(self.path))


_SHA256 = re.compile(r"[0-9a-f]{64}")


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
            names: dict[str, zipfile.ZipInfo] = {}
            twice: dict[str, int] = {}  # a name held by several members -> how many
            for each in infos:
                if each.filename in names:
                    twice[each.filename] = twice.get(each.filename, 1) + 1
                names[each.filename] = each
            if MANIFEST in twice:
                raise HandinError(
                    f"{path}: it holds {twice[MANIFEST]} members named {MANIFEST} (a hand-in "
                    "the tutor writes holds one; which is meant cannot be told); ask the "
                    "student to hand in again"
                )
            info = names.get(MANIFEST)
            if info is None:
                raise NotAHandin(f"{path} is a zip archive but not a hand-in (no {MANIFEST})")
            if info.file_size > MAX_MANIFEST_BYTES:
                raise HandinError(f"{path}: its {MANIFEST} is too large")
            with zf.open(info) as f:
                raw = f.read(MAX_MANIFEST_BYTES + 1)
    except HandinError:
        raise
    except (zipfile.BadZipFile, EOFError):  # Python's "File is not a zip file"
        raise NotAHandin(f"{path} {DAMAGED}") from None
    except (OSError, ValueError, zipfile.LargeZipFile) as exc:
        raise NotAHandin(f"{path} cannot be read as a hand-in ({exc})") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HandinError(f"{path}: its {MANIFEST} is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise HandinError(f"{path}: its {MANIFEST} is not a hw3-tutor hand-in's")
    version = manifest.get("format_version")
    if type(version) is int and version > FORMAT_VERSION:
        shown = (
            str(version)
            if version < 10**9
            else f"{str(version)[:6]}… ({len(str(version)):,} digits)"
        )
        warnings.append(
            f"{path}: hand-in format {shown}, newer than this tutor's {FORMAT_VERSION}; "
            "read as far as it is understood"
        )
    student = manifest.get("student")
    student_problem = None
    if not is_student_id(student):
        student_problem = _manifest_id_problem(student)
        student = None
    listed: dict[str, str | None] = {}
    bad_digest: list[tuple[str, str]] = []  # (a listed name, what is wrong with its sha256)
    sessions = manifest.get("sessions")
    if isinstance(sessions, list):
        for entry in sessions[: MAX_MEMBERS + 1]:
            if isinstance(entry, dict):
                name = _str(entry.get("file"))
                if name is None:
                    continue
                digest = entry.get("sha256")
                if type(digest) is str and len(digest) == 64 and _SHA256.fullmatch(digest.lower()):
                    listed[name] = digest.lower()
                else:  # read unchecked, as a member not listed is: said
                    listed[name] = None
                    bad_digest.append(
                        (
                            name,
                            "no sha256" if digest is None else "a sha256 that is not 64 hex digits",
                        )
                    )
    members: list[Member] = []
    total = 0
    over: list[str] = []  # members past the bound on all the logs' bytes: not read
    for name, info in sorted(names.items()):
        if over:
            if name.startswith(SESSIONS_DIR) and name.endswith(".jsonl"):
                over.append(name)
            continue
        if name == MANIFEST or name.endswith("/"):
            continue
        if not (name.startswith(SESSIONS_DIR) and is_member_name(name[len(SESSIONS_DIR) :])):
            warnings.append(f"{path}: {name!r} is not a session log; ignored")
            continue
        if info.file_size > MAX_SESSION_BYTES:
            warnings.append(f"{path}: {name} is larger than {MAX_SESSION_BYTES:,} bytes; skipped")
            continue
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            over.append(name)
            continue
        if name in twice:
            warnings.append(
                f"{path}: it holds {twice[name]} members named {name} (a hand-in the tutor "
                "writes holds one; which is meant cannot be told): none of them is read"
            )
            continue
        if name not in listed:
            warnings.append(f"{path}: {name} is not listed in the manifest (added later?)")
        members.append(Member(name, listed.get(name), info.file_size))
    if over:
        shown = ", ".join(over[:5]) + (f" and {len(over) - 5:,} more" if len(over) > 5 else "")
        warnings.append(
            f"{path}: more than {MAX_TOTAL_BYTES:,} bytes of logs; {len(over):,} "
            f"session{'s' if len(over) != 1 else ''} not read because of that bound (not "
            f"damaged): {shown}"
        )
    for name, what in bad_digest:
        if name in names and name not in twice:
            warnings.append(
                f"{path}: the manifest gives {name} {what}: read without a checksum to check "
                "(it may have been changed since it was handed in)"
            )
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
        student_problem=student_problem,
    )


def _manifest_id_problem(value: object) -> str:
    """Why a manifest's ``student`` is no student id, in words that name it (bounded)."""
    if value is None:
        return "its manifest names no student id"
    if not isinstance(value, str):
        return "its manifest's student id is not text"
    shown = value if len(value) <= 80 else value[:79] + "…"
    why = student_id_problem(value) or "it is not a valid student id"
    return f"its manifest's student id {shown!r} cannot be used ({why})"


CHUNK = 1 << 16  # bytes decompressed at a time
RESCUE_STEP = 4096  # compressed bytes fed at a time when a damaged member is read again
_LOCAL_HEADER = b"PK\x03\x04"


class _MemberLines:
    """A hand-in's member, decompressed a chunk at a time and handed to the session reader a
    line at a time: at most ``MAX_SESSION_BYTES`` read, its checksum computed on the way, and
    whatever the archive does wrong (a bad CRC, a truncated stream) an ``OSError`` (the
    reader's warning). ``archive``: the hand-in already open (it is then left open).

    A chunk that fails to decompress is not lost whole: the member is read again from its
    start in small steps (``_rescue``), and what decompresses before the damage is handed on,
    so every complete line before it is kept; then the damage is the reader's warning."""

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
        self._info: zipfile.ZipInfo | None = None
        self._rescued: Iterator[bytes] | None = None
        self._path = handin.path
        try:
            if archive is None:
                archive = self._zip = zipfile.ZipFile(handin.path)
            self._info = archive.getinfo(member.name)
            self._file = archive.open(self._info)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError, RuntimeError) as exc:
            self.close()
            raise SessionReadError(f"{self.label}: cannot be read ({exc})") from None

    def _more(self) -> bytes:
        """The next chunk of the member (b"" at its end)."""
        if self._rescued is not None:
            chunk = next(self._rescued, b"")  # then the OSError at the damage
        elif self._file is None:
            return b""
        else:
            try:
                chunk = self._file.read(CHUNK)
            except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, RuntimeError) as exc:
                damage = OSError(f"the hand-in's copy is damaged ({exc})")
                self._rescued = self._rescue(self.read, damage)
                chunk = next(self._rescued, b"")
        self.read += len(chunk)
        if self.read > MAX_SESSION_BYTES:
            raise OSError(f"larger than {MAX_SESSION_BYTES:,} bytes; the rest is not read")
        if chunk:
            self.digest.update(chunk)
        else:
            self.ended = True
        return chunk

    def _rescue(self, skip: int, damage: OSError) -> Generator[bytes, None, None]:
        """The member read again from its start, ``RESCUE_STEP`` compressed bytes at a time,
        past the ``skip`` bytes already handed on: what reads before the damage, then
        ``damage`` raised (a step that fails is fed again a byte at a time, to keep what
        decompresses up to the byte that fails). Only a stored or deflated member, unencrypted, is read so (the
        hand-ins this tutor writes); of another, nothing more."""
        info = self._info
        if (
            info is None
            or info.flag_bits & 0x1
            or info.compress_type
            not in (
                zipfile.ZIP_STORED,
                zipfile.ZIP_DEFLATED,
            )
        ):
            raise damage
        try:
            with open(self._path, "rb") as f:
                f.seek(info.header_offset)
                head = f.read(30)
                if len(head) < 30 or head[:4] != _LOCAL_HEADER:
                    raise damage
                name_len, extra_len = struct.unpack("<HH", head[26:30])
                f.seek(info.header_offset + 30 + name_len + extra_len)
                left = info.compress_size
                inflate = zlib.decompressobj(-15) if info.compress_type else None
                produced = 0
                # no more than the archive's directory says the member holds (as zipfile
                # reads it): a member that lies about its size is not read past it
                most = min(info.file_size, MAX_SESSION_BYTES + 1)
                while left > 0 and produced < most:
                    raw = f.read(min(RESCUE_STEP, left))
                    if not raw:
                        break
                    left -= len(raw)
                    out, whole = _inflate(inflate, raw) if inflate is not None else (raw, True)
                    out = out[: most - produced]
                    start = max(0, skip - produced)
                    produced += len(out)
                    if start < len(out):
                        yield out[start:]
                    if not whole:
                        break
        except OSError:
            pass
        raise damage

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


def _inflate(inflate: zlib._Decompress, raw: bytes) -> tuple[bytes, bool]:
    """``raw`` decompressed (at most ``MAX_SESSION_BYTES`` more), and whether all of it
    decompressed; when it fails, what decompresses of it byte by byte up to the failing byte
    (``inflate`` is then spent)."""
    saved = inflate.copy()
    try:
        return _drain(inflate, raw), True
    except zlib.error:
        pass
    out = []
    for i in range(len(raw)):
        try:
            out.append(_drain(saved, raw[i : i + 1]))
        except zlib.error:
            break
    return b"".join(out), False


def _drain(inflate: zlib._Decompress, raw: bytes) -> bytes:
    out = [inflate.decompress(raw, CHUNK)]
    size = len(out[0])
    while inflate.unconsumed_tail and size <= MAX_SESSION_BYTES:
        out.append(inflate.decompress(inflate.unconsumed_tail, CHUNK))
        size += len(out[-1])
    return b"".join(out)


def open_member(handin: Handin, member: Member) -> SessionStream:
    """One session of a hand-in, to be read event by event through the session log's checking
    reader (``SessionReadError`` when the archive cannot be opened). Its warnings include a
    checksum that does not match the manifest's (the log changed after it was handed in, or was
    damaged)."""
    lines = _MemberLines(handin, member)
    return SessionStream(lines.label, file=lines, after=lines.checksum, budget=handin.budget)


def member_digest(handin: Handin, member: Member) -> str | None:
    """The SHA-256 of a member as it is in the archive (decompressed, at most
    ``MAX_SESSION_BYTES``), or None when it cannot be read to its end: to tell two copies of
    a session apart, and a copy from what its manifest says."""
    try:
        lines = _MemberLines(handin, member)
    except SessionReadError:
        return None
    try:
        while lines._more():
            pass
    except OSError:
        return None
    finally:
        lines.close()
    return lines.digest.hexdigest()


def checksum_warning(handin: Handin, member: Member, digest: str | None) -> list[str]:
    """The warning ``open_member``'s reader gives for a member whose checksum is not the
    manifest's, for a copy that is not read (another copy of the session is)."""
    if digest is None or member.sha256 is None or digest == member.sha256:
        return []
    return [
        f"{handin.path / member.name}: its checksum differs from the manifest's (changed or damaged)"
    ]


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
    budget = LineBudget(handin.path)  # the headers' own: the events are read apart
    with archive:
        for member in handin.members:
            try:
                lines = _MemberLines(handin, member, archive)
                header = read_header(lines.label, file=lines, budget=budget)
            except SessionReadError as exc:
                yield member, exc
                continue
            yield member, header
