"""The hand-in: one file holding all of a student's sessions, ready to upload.

``hw3-tutor handin`` writes a zip archive (``hw3-handin-<student id>.zip`` by default)::

    manifest.json                          what is inside, below
    sessions/<session id>.jsonl            every session log, byte for byte as the tutor wrote it
                                           (a file name outside ``is_member_name``'s rule is
                                           stored under ``member_name``'s safe form)

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

A hand-in is read by ``tutor.sessions.handinreader``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tutor import __version__
from tutor.errors import UserError
from tutor.sessions.identity import is_student_id
from tutor.sessions.log import utc_now_iso
from tutor.sessions.logformat import SUFFIX
from tutor.sessions.logreader import SessionStream, iter_session_files, session_identity
from tutor.textsafe import bounded

FORMAT = "hw3-tutor-handin"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SESSIONS_DIR = "sessions/"
MAX_SESSION_BYTES = 64 * 1024 * 1024  # one session log (a full day of work is < 1 MB)
# The one rule for a session's name in a hand-in, which the writer keeps and the reader checks
# (``sessions/<name>.jsonl``): ASCII letters, digits and . _ -, a letter or digit first. The
# tutor's own names (``20250203T184512.307Z-9f2c41ab.jsonl``) keep to it; any other name is
# stored under ``member_name``'s safe form, and the hand-in says so.
MAX_NAME_CHARS = 121  # characters of a member's name before ``.jsonl``
_NAME_RE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_NAME_CHARS - 1}}}" + re.escape(SUFFIX))
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # members carry no time: the logs have their own


class HandinError(UserError):
    """A hand-in cannot be written or read at all (exit 1)."""

    exit_code = 1


def default_name(student: str) -> str:
    return f"hw3-handin-{student}.zip"


def is_member_name(name: str) -> bool:
    """Whether ``name`` is a session's name a hand-in may hold (``sessions/`` taken off)."""
    return _NAME_RE.fullmatch(name) is not None


def member_name(file_name: str) -> str:
    """The name a session file is stored under in a hand-in: ``file_name`` itself when it keeps
    to the rule, else its safe form (accents dropped, every other run of characters the rule
    does not allow made one ``-``, cut to ``MAX_NAME_CHARS``): ``my session (copy).jsonl`` is
    ``my-session-copy.jsonl``. Two names may have the same safe form (the writer numbers the
    second); comparing safe forms tells a session handed in from the same file in its folder."""
    if is_member_name(file_name):
        return file_name
    stem = file_name[: -len(SUFFIX)] if file_name.endswith(SUFFIX) else file_name
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(ch)
    )
    safe = _UNSAFE_RUN.sub("-", plain).strip("-._")[:MAX_NAME_CHARS].rstrip("-._")
    return (safe or "session") + SUFFIX


def _unique(name: str, taken: set[str]) -> str:
    """``name``, numbered (``-2``, ``-3`` …) when another member has it already."""
    stem = name[: -len(SUFFIX)]
    n = 1
    while name in taken:
        n += 1
        tail = f"-{n}"
        name = stem[: MAX_NAME_CHARS - len(tail)] + tail + SUFFIX
    taken.add(name)
    return name


@dataclass(frozen=True)
class Written:
    path: Path
    sessions: int
    events: int
    bytes: int  # the session logs' bytes (as the manifest counts them)
    warnings: tuple[str, ...]
    content_hash: str | None = None  # what the manifest names
    zip_bytes: int = 0  # the hand-in file's own size (compressed)


def write_handin(
    log_dir: str | os.PathLike[str],
    student: str,
    out: str | os.PathLike[str],
    content_hash: str | None,
    *,
    now: datetime | None = None,
    from_sessions: bool = False,
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
    files = list(iter_session_files(directory))
    taken = {p.name for p in files if is_member_name(p.name)}  # kept as they are
    seen: dict[tuple, str] = {}  # a session's identity -> the file that holds it first
    for path in files:
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
        if start is None:
            # a header refused (an invalid student id, …) or missing: the id it named is lost
            why = next((w for w in stream.warnings if "session_start" in w), "")
            why = why.split(": ", 1)[1] if why.startswith(str(path)) else why
            warnings.append(
                f"{path.name}: its session_start header "
                + (f"was refused ({bounded(why, 300)})" if why else "is missing")
                + f"; it is included and counts for {student}, the hand-in's student"
            )
        if logged_by is not None and logged_by != student:
            warnings.append(
                f"{path.name} was logged by student {logged_by}, not {student}; "
                "it is included and counts for its own student"
            )
        first = stream.first
        identity = (
            session_identity(start.time, start.get("number"), start.get("pid"))
            if start is not None
            else None
        )
        if identity is not None:
            if identity in seen:
                warnings.append(
                    f"{path.name!r} is the same session as {seen[identity]!r} (a copy?): both are "
                    "handed in, and the gradebook counts it once"
                )
            seen.setdefault(identity, path.name)
        name = path.name
        if not is_member_name(name):
            name = _unique(member_name(name), taken)
            warnings.append(
                f"{path.name!r} is stored as {SESSIONS_DIR}{name} (a hand-in names its sessions "
                "with letters, digits and . _ - only); nothing in it is changed"
            )
        entries.append(
            (
                {
                    "file": SESSIONS_DIR + name,
                    "id": name[: -len(SUFFIX)],
                    **({"log_file": path.name} if name != path.name else {}),
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
    recorded = [meta["content_hash"] for meta, _ in entries if meta["content_hash"]]
    if from_sessions and recorded and recorded[-1] != content_hash:
        # the content was not named: the hand-in names what its sessions were recorded with
        # (the latest one's), not the content this tutor happens to load now
        others = len(set(recorded))
        loaded = f"content {content_hash[:12]}" if content_hash else "no content that loads"
        warnings.append(
            f"the sessions were recorded with content {recorded[-1][:12]}"
            + (f" (and {others - 1} other{'s' if others > 2 else ''})" if others > 1 else "")
            + f", not the {loaded} this tutor loads now: the hand-in names the latest session's "
            "(give --content DIR to name the content they were made with)"
        )
        content_hash = recorded[-1]
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
        content_hash=content_hash,
        path=target,
        sessions=len(entries),
        events=sum(meta["events"] for meta, _ in entries),
        bytes=sum(meta["bytes"] for meta, _ in entries),
        zip_bytes=target.stat().st_size,
        warnings=tuple(warnings),
    )
