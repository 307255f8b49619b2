"""Where a class's sessions come from, and whose each one is: the one place that finds them.

``hw3-tutor review`` and ``gradebook`` take session files, hand-ins (``hw3-handin-*.zip``) and
directories (searched recursively for both). Each session belongs to a learner:

1. the student id in its header (``session_start`` field ``student``, checked by the reader);
2. else the student id of the hand-in it came in;
3. else, in a directory given on the command line, its first subdirectory
   (``class/alice/*.jsonl`` is ``alice``'s: the folder's name, never its parent path, whether
   or not it is a valid student id; one that is not is escaped when shown, and a CSV cell that
   a spreadsheet would run gets an apostrophe), the layout ``review`` has always read;
4. else the folder (or, for a file named on the command line, the file) it came from;

and a folder (or hand-in, or file) whose sessions carry one student id is that student, its
sessions without an id included. A header that names another student than its hand-in or
folder is reported. Found in another student's hand-in, it counts for the student its header
names only when that student's own hand-in or folder holds it too, else for nobody (one
student's upload cannot change another's figures); in a folder (which the instructor arranged),
a hand-in without a usable id or a file given by name, the header wins. The same session met twice counts once per learner, known by its name or by its
header's identity (``SessionHeader.identity``: a copy renamed, or with its student id rewritten,
keeps it): found with the same name in places of one student (a hand-in and a folder) silently,
the copy whose checksum holds kept, else the longer (with a warning when the copies differ); a copy under another name, or in
another student's hand-in, is skipped with a warning naming both places; the same session under
two students counts for each, said in a warning (possible copying). The warnings are gathered by
the places they join (``_Copies``), so a copied hand-in is one warning, not one per session.

:func:`collect` reads only each session's first event (through the typed reader,
``tutor.sessions.logreader.read_header``), so the index holds no session's events; the sessions
are then read one at a time, event by event, with :func:`each_session`, each learner's
together and in the order they were started. Nothing of a session is kept once it has been
read: memory holds what the consumer keeps per learner.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tutor.errors import UserError
from tutor.sessions.handin import MAX_SESSION_BYTES, HandinError, member_name
from tutor.sessions.handinreader import (
    DAMAGED,
    Handin,
    Member,
    checksum_warning,
    member_digest,
    open_handin,
    open_member,
    read_member_headers,
)
from tutor.sessions.identity import is_student_id
from tutor.sessions.logformat import SUFFIX, future_limit, parse_time
from tutor.sessions.logreader import (
    BUDGET_SPENT,
    Event,
    SessionHeader,
    SessionReadError,
    SessionStream,
    order_sessions,
    read_header,
)
from tutor.sessions.window import Window
from tutor.textsafe import bounded

if TYPE_CHECKING:
    from tutor.sessions.judgeahead import SpooledStream

LISTED_STUDENTS = 20  # students a warning of one kind is repeated for, then they are counted
# the name ``handin`` gives a hand-in, with the " (1)" a browser adds to a second download
_HANDIN_NAME = re.compile(r"hw3-handin-(.+?)(?: ?\(\d{1,4}\))?\.zip", re.IGNORECASE)


def handin_file_id(path: Path) -> str | None:
    """The student id a hand-in's file name gives (``hw3-handin-<id>.zip``, also
    ``hw3-handin-<id> (1).zip``), or None when it is named otherwise."""
    match = _HANDIN_NAME.fullmatch(path.name)
    if match is None or not is_student_id(match.group(1)):
        return None
    return match.group(1)


EMPTY = "it is empty"
WARNINGS_PER_KIND = 20  # files named in a warning of one kind (empty), then a count

Location = tuple[str, "str | None"]  # a session file, or (a hand-in, its member's name)


@dataclass(frozen=True)
class Source:
    """A session to read, and whose it is."""

    path: Path  # the session file; a hand-in's member: the hand-in's path / the member's name
    learner: str  # a student id, or the place the session came from
    named: bool  # given by name on the command line (one that holds no session is an error)
    header: SessionHeader
    identified: bool = False  # ``learner`` is a student id
    size: int = 0  # bytes, to keep the longer of two copies
    handin: Handin | None = None
    member: Member | None = None
    origin: str = ""  # the place it was found (a folder, a hand-in, a file), before any id
    in_folder: bool = False  # found in a per-student subdirectory of a directory given

    @property
    def session_id(self) -> str:
        return self.path.stem

    @property
    def location(self) -> Location:
        """Where its bytes are: its file, or (the hand-in, the member's name)."""
        if self.handin is not None and self.member is not None:
            return (str(self.handin.path), self.member.name)
        return (str(self.path), None)

    def open(self) -> SessionStream:
        """The session, to be read event by event (``SessionReadError`` when it cannot be)."""
        if self.handin is not None and self.member is not None:
            return open_member(self.handin, self.member)
        return SessionStream(self.path)


@dataclass(frozen=True)
class Collected:
    """The sessions found: each learner's together, in the order they were started."""

    sources: tuple[Source, ...]
    students: int | None  # students counted (by id, or per-student directories), else None
    warnings: tuple[str, ...]
    handins: int = 0  # hand-ins read
    files: int = 0  # session files read (not in a hand-in)
    outside: int = 0  # sessions left out because they started outside the window
    # paths named on the command line that could not be read (each also a warning): the
    # others are reported on; when nothing was readable, the first is the error
    refused: tuple[str, ...] = ()
    # learners of hand-ins none of whose sessions could be read (a member too large, every
    # one damaged): they handed in, so they still count, with nothing done
    empty_handins: tuple[tuple[str, bool], ...] = ()  # (learner, identified)
    counted: frozenset[str] = frozenset()  # the learners ``students`` counts
    # of ``empty_handins``, those whose sessions were read but count for others: what became
    # of them (``_fate_text``), which the warning about the student says
    handin_notes: tuple[tuple[str, str], ...] = ()
    # students whose only hand-in cannot be read at all (named by its file): a row each, but
    # when nothing else could be read that is still the error ``nothing_readable`` says
    broken: frozenset[str] = frozenset()
    window: Window | None = None  # the --since/--until window the sessions were kept by

    def nothing_readable(self) -> UserError | None:
        """The error when nothing given could be read because named paths were refused
        (None when some were readable, or nothing was refused)."""
        readable = any(learner not in self.broken for learner, _ in self.empty_handins)
        if self.sources or readable or not self.refused:
            return None
        if len(self.refused) == 1:
            return UserError(self.refused[0])
        return UserError(
            f"none of the {len(self.refused)} paths given can be read (the warnings say why)"
        )

    def other_warnings(self) -> list[str]:
        """The warnings, without the refusals that ``nothing_readable`` reports."""
        error = self.nothing_readable()
        if error is None or len(self.refused) > 1:
            return list(self.warnings)
        return [w for w in self.warnings if w != f"{self.refused[0]}; skipped"]

    def locations(self) -> list[Location]:
        """Every session's location, in reading order: what a helper process sharing the
        regrade is given (``tutor.sessions.judgeahead``)."""
        return [source.location for source in self.sources]


class _Index:
    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.warnings: list[str] = []
        self.seen: set[Path] = set()
        self.handins = 0
        self.files = 0
        self.refused: list[str] = []
        self.handin_learners: dict[Path, tuple[str, bool]] = {}  # hand-in -> its learner
        self.handin_fates: dict[Path, dict[str, tuple[str | None, Path | None, bool]]] = {}
        # hand-ins that cannot be read at all, named for a student: learner -> (path, why)
        self.broken: dict[str, list[tuple[Path, str]]] = {}

    def unreadable_handin(self, path: Path, exc: HandinError, *, named: bool) -> None:
        """A hand-in that cannot be read: a warning (a refusal when named); when its file name
        gives a student id, that student handed in and keeps a row, with nothing done."""
        if named:
            self.refuse(str(exc))
        else:
            self.warnings.append(f"{exc}; skipped")
        learner = handin_file_id(path)
        if learner is not None:  # (``add_handin`` met it for the first time)
            self.broken.setdefault(learner, []).append((path, str(exc)))

    def refuse(self, message: str) -> None:
        """A path named on the command line that cannot be read: a warning, the rest goes on
        (a shell glob names every upload); an error only when nothing else was readable."""
        self.refused.append(message)
        self.warnings.append(f"{message}; skipped")

    def first_time(self, path: Path) -> bool:
        """False for a file met before (named and also inside a named directory)."""
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            real = path.absolute()
        if real in self.seen:
            return False
        self.seen.add(real)
        return True

    def add_file(
        self, path: Path, origin: str, *, named: bool, identified: bool, in_folder: bool = False
    ) -> None:
        if not self.first_time(path):
            return
        try:
            header = read_header(path)
            size = path.stat().st_size
        except SessionReadError as exc:
            if named:  # a FIFO, a directory, no permission
                self.refuse(str(exc))
            else:
                self.warnings.append(str(exc))
            return
        except OSError as exc:
            self.warnings.append(f"cannot read session log {path}: {exc.strerror or exc}")
            return
        self.files += size > 0  # an empty file is no session file read (said when read)
        self.sources.append(
            Source(
                path,
                origin,
                named,
                header,
                identified=identified,
                size=size,
                origin=origin,
                in_folder=in_folder,
            )
        )

    def add_handin(self, path: Path, *, named: bool) -> None:
        if not self.first_time(path):
            return
        handin = open_handin(path)  # HandinError: the caller decides
        self.handins += 1
        self.warnings.extend(handin.warnings)
        student = self.handin_student(path, handin)
        origin = student or str(path)
        self.handin_learners[path] = (origin, student is not None)
        for member, header in read_member_headers(handin):
            if isinstance(header, SessionReadError):
                self.warnings.append(str(header))
                continue
            self.sources.append(
                Source(
                    path / member.name,
                    origin,
                    False,
                    header,
                    identified=student is not None,
                    size=member.size,
                    handin=handin,
                    member=member,
                    origin=origin,
                )
            )

    def handin_student(self, path: Path, handin: Handin) -> str | None:
        """Whose a hand-in is: its sessions without a student id count for them. ``handin``
        names the file for the id it writes in the manifest, so the two differ only when one
        was changed since (a file renamed, a manifest edited or written with a mistyped
        ``--student``): then the file name wins, being the name the upload was made under
        and the one the instructor sees, so that no upload's student vanishes into another's
        row, and a warning names both. A manifest without a valid id: the file name's; without
        either, nobody's (the hand-in is named by its file, and its sessions count for the
        students their headers name). An invalid id is said once, with what was done."""
        manifest = handin.student
        named = handin_file_id(path)
        if handin.student_problem is not None:
            if named is not None:
                self.warnings.append(
                    f"{path}: {handin.student_problem}; its sessions without an id count for "
                    f"{named}, the id its file name gives"
                )
            else:
                self.warnings.append(
                    f"{path}: {handin.student_problem}, nor does its file name give one: its "
                    "sessions count for the students their logs name, any without an id for "
                    "the hand-in itself (named by its file)"
                )
            return named
        if named is None or named == manifest:
            return manifest
        self.warnings.append(
            f"{path}: the file is named for student {named} but its manifest names "
            f"{manifest}; its sessions without a student id count for {named} (the file "
            f"name wins: it is the name the upload was made under); check whether it is "
            f"{manifest}'s work"
        )
        return named

    def choose_copy(self, first: Source, second: Source) -> tuple[Source, list[str | None]]:
        """Which of two copies of one session to read, and both copies' digests: the one whose
        checksum holds (a hand-in's member matching its manifest's sha256, or a copy with no
        checksum to fail) over one that fails it (padding a line is all it takes to make an
        edited copy the longer); between two that hold, or two that fail, the longer. Both
        are read to their ends for it: only when a session is met twice."""
        digests = [self._digest(first), self._digest(second)]
        fails = [_fails_checksum(c, d) for c, d in zip((first, second), digests, strict=True)]
        if fails[0] != fails[1]:
            return (second if fails[0] else first), digests
        return (second if second.size > first.size else first), digests

    def compare_copies(
        self, first: Source, second: Source, keep: Source, digests: list[str | None]
    ) -> None:
        """Two copies of one session, ``keep`` the one read (``choose_copy``, with their
        ``digests``): a warning when they differ (an upload edited after it was made, or
        damaged), and the checksum warning of the copy that is not read, which its reader
        would have given (the one read gives its own)."""
        dropped = second if keep is first else first
        dropped_digest = digests[0] if dropped is first else digests[1]
        if dropped.handin is not None and dropped.member is not None:
            self.warnings.extend(checksum_warning(dropped.handin, dropped.member, dropped_digest))
        differ = first.size != second.size or (None not in digests and digests[0] != digests[1])
        if differ:
            why = (
                "the one whose checksum holds"
                if _fails_checksum(dropped, dropped_digest)
                and not _fails_checksum(keep, digests[0] if keep is first else digests[1])
                else "the longer"
            )
            self.warnings.append(
                f"session {second.session_id} of {second.learner} is in {first.path} and in "
                f"{second.path} with different contents (one was changed, or damaged); "
                f"{why} ({keep.path}) is used"
            )

    @staticmethod
    def _digest(source: Source) -> str | None:
        if source.handin is not None and source.member is not None:
            return member_digest(source.handin, source.member)
        digest = hashlib.sha256()
        try:
            with open(source.path, "rb") as f:
                read = 0
                while chunk := f.read(1 << 16):
                    read += len(chunk)
                    if read > MAX_SESSION_BYTES:
                        return None
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()

    def learners(self) -> dict[str, list[Source]]:
        """Each source given to its learner (the rules in the module's docstring), each session
        counted once per learner: by its name and by its header's identity
        (``SessionHeader.identity``), so a copy under another name counts once too. What is
        skipped, and the same session under two students, is said in warnings (``_Copies``)."""
        # the ids each place's sessions carry: a place with one id is that student
        ids_of: dict[str, set[str]] = {}
        for source in self.sources:
            if source.header.student is not None:
                ids_of.setdefault(source.origin, set()).add(source.header.student)
        for origin, ids in ids_of.items():
            if len(ids) > 1:
                shown = ", ".join(sorted(ids)[:5]) + (" …" if len(ids) > 5 else "")
                self.warnings.append(
                    f"{origin} holds sessions of several students ({shown}): counted apart"
                )
        copies = _Copies()
        # learner -> a session's key (its identity, else its name) -> its source
        mine: dict[str, dict[object, Source]] = {}
        named: dict[str, dict[str, object]] = {}  # learner -> a session's name -> its key
        # sessions whose header names another student than the one whose place holds them:
        # counted for that student only when their own places hold the session too
        foreign: list[tuple[Source, str, str]] = []

        def take(source: Source, owner: str | None) -> None:
            copies.seen(source, owner)
            sessions = mine.setdefault(source.learner, {})
            names = named.setdefault(source.learner, {})
            name = member_name(source.path.name)  # as a hand-in names it
            identity = source.header.identity
            key: object = identity if identity is not None else names.get(name, ("name", name))
            other = sessions.get(key)
            if other is None and identity is not None and name in names:
                # the same name without an identity to tell them apart: the same session
                candidate = sessions[names[name]]
                if candidate.header.identity is None:
                    key, other = names[name], candidate
            if other is None:
                sessions[key] = source
                names.setdefault(name, key)
                return
            keep, digests = self.choose_copy(other, source)
            sessions[key] = keep
            other_owner = copies.owner(other)
            if owner is not None and other_owner is not None and owner != other_owner:
                copies.handed_in_twice(other, source, keep)
            elif member_name(other.path.name) != name:
                copies.renamed(other, source, keep)
            self.compare_copies(other, source, keep, digests)

        for source in self.sources:
            # whose place it was found in: a hand-in is its student's, or (without an id that
            # can be used) its own, so that its sessions are told about as any hand-in's are
            owner = source.origin if source.identified or source.handin is not None else None
            claimed = source.header.student
            if claimed is None and source.handin is None:  # a hand-in's own id stands
                ids = ids_of.get(source.origin, set())
                if len(ids) == 1:
                    claimed = next(iter(ids))
            if claimed is not None and claimed != source.learner:
                if owner is not None and source.header.student is not None:
                    if source.identified and source.handin is not None:
                        # another student's upload: counted if confirmed below, else for nobody
                        foreign.append((source, claimed, owner))
                        continue
                    copies.moved(source, claimed)
                source = replace(source, learner=claimed, identified=True)
            take(source, owner)
        for source, claimed, owner in foreign:
            identity = source.header.identity
            theirs = mine.get(claimed, {})
            if (identity is not None and identity in theirs) or member_name(
                source.path.name
            ) in named.get(claimed, {}):
                copies.moved(source, claimed)
                take(replace(source, learner=claimed, identified=True), owner)
            else:
                copies.held(source, claimed)
        self.warnings.extend(copies.warnings())
        self.handin_fates = copies.fates
        return {learner: list(sessions.values()) for learner, sessions in mine.items()}


def _broken_reason(path: Path, why: str) -> str:
    """Why a hand-in cannot be read, for the end summary: the reader's own reason (too many
    files, a manifest that is not JSON, …), without the path it starts with; a truncated or
    damaged archive says what to do."""
    if DAMAGED in why:
        return "truncated or damaged: ask the student to upload it again"
    text = why.removeprefix(str(path)).lstrip(": ").strip()
    if text.startswith("cannot be read as a hand-in (") and text.endswith(")"):
        text = text[len("cannot be read as a hand-in (") : -1]  # the note says "cannot be read"
    return bounded(text, 200) or "unreadable"


def _fails_checksum(source: Source, digest: str | None) -> bool:
    """A hand-in's member whose bytes are not what its manifest's sha256 says."""
    member = source.member
    return (
        member is not None
        and member.sha256 is not None
        and digest is not None
        and digest != member.sha256
    )


def _place(source: Source) -> Path:
    """Where a session was found: its hand-in, or its folder."""
    return source.handin.path if source.handin is not None else source.path.parent


def _more(items: list[str], shown: int = 3) -> str:
    head = ", ".join(items[:shown])
    return head + (f" and {len(items) - shown:,} more" if len(items) > shown else "")


class _Copies:
    """The same session met more than once, said in a few warnings: each kind of meeting
    gathered by the places (and students) it joins, so that a copied hand-in is one warning,
    not one per session. Nothing of the sessions is kept but their names and places."""

    def __init__(self) -> None:
        self._owners: dict[Path, str | None] = {}  # a source's path -> whose place it was in
        self._moved: dict[tuple[Path, str, str], list[str]] = {}
        self._held: dict[tuple[Path, str, str], list[str]] = {}
        self._renamed: dict[tuple[str, Path, Path], list[str]] = {}
        self._twice: dict[tuple[str, Path, Path, str, str], list[str]] = {}
        # a session met under several learners -> (each learner, where it was found), in order
        self._shared: dict[object, list[tuple[str, Path]]] = {}
        self._first: dict[object, Source] = {}  # a session's identity or name -> first learner's
        # hand-in -> a session's name -> (the student it counts for, where its copy is kept)
        # (and whether it counts for the student it was logged by)
        self.fates: dict[Path, dict[str, tuple[str | None, Path | None, bool]]] = {}

    def owner(self, source: Source) -> str | None:
        return self._owners.get(source.path)

    def _fate(
        self,
        source: Source,
        logged_by: str | None = None,
        copy_in: Path | None = None,
        *,
        counted: bool = True,
    ) -> None:
        """What became of a hand-in's session: counted for another student, or for nobody
        here (a copy of one kept elsewhere); said when its student is left with nothing."""
        if source.handin is not None:
            fates = self.fates.setdefault(source.handin.path, {})
            was = fates.get(source.session_id, (None, None, True))
            fates[source.session_id] = (logged_by or was[0], copy_in or was[1], counted and was[2])

    def moved(self, source: Source, claimed: str) -> None:
        """``source``, found with ``source.learner``'s sessions, was logged by ``claimed``."""
        key = (_place(source), source.learner, claimed)
        self._moved.setdefault(key, []).append(source.session_id)
        self._fate(source, logged_by=claimed)

    def held(self, source: Source, claimed: str) -> None:
        """``source``, found only in ``source.learner``'s place, was logged by ``claimed``: it
        counts for nobody (another student's upload cannot change ``claimed``'s figures)."""
        key = (_place(source), source.learner, claimed)
        self._held.setdefault(key, []).append(source.session_id)
        self._fate(source, logged_by=claimed, counted=False)

    def seen(self, source: Source, owner: str | None) -> None:
        """Every session as it is given to its learner: the same session under two learners
        (by its identity, or by its tutor-made name) is remembered for a warning."""
        self._owners[source.path] = owner
        identity = source.header.identity
        if identity is None and not source.header.started:
            return  # nothing of it reads: a name alone is no sign of a shared session
        key = identity if identity is not None else ("name", source.session_id)
        first = self._first.setdefault(key, source)
        if first.learner != source.learner:
            met = self._shared.setdefault(key, [(first.learner, first.path)])
            if all(learner != source.learner for learner, _ in met):
                met.append((source.learner, source.path))

    def renamed(self, other: Source, source: Source, keep: Source) -> None:
        key = (source.learner, _place(other), _place(source))
        self._renamed.setdefault(key, []).append(f"{other.path.name} and {source.path.name}")
        self._fate(other if keep is source else source, copy_in=_place(keep))

    def _whose(self, source: Source) -> str:
        """Whose the place a session was found in is, in words."""
        owner = self.owner(source) or "?"
        if source.handin is None:
            return f"{owner}'s folder"
        if owner == str(source.handin.path):
            return "handed in without a student id that can be used"
        return f"handed in by {owner}"

    def handed_in_twice(self, other: Source, source: Source, keep: Source) -> None:
        key = (
            source.learner,
            _place(other),
            _place(source),
            self._whose(other),
            self._whose(source),
        )
        self._twice.setdefault(key, []).append(source.session_id)
        self._fate(other if keep is source else source, copy_in=_place(keep))

    def warnings(self) -> list[str]:
        out = []
        for (place, found_with, claimed), ids in self._moved.items():
            n = len(ids)
            among = (
                "in a hand-in without a student id that can be used"
                if found_with == str(place)
                else f"with {found_with}'s sessions"
            )
            out.append(
                f"{place}: {n} session{'s' if n != 1 else ''} logged by student {claimed}, "
                f"found {among}, counted for {claimed} ({_more(ids)})"
            )
        for (place, found_with, claimed), ids in self._held.items():
            n = len(ids)
            out.append(
                f"{place}: {n} session{'s' if n != 1 else ''} logged by student {claimed}, "
                f"found only with {found_with}'s sessions (not in {claimed}'s own hand-in or "
                f"folder): not counted for anyone ({_more(ids)}); another student's upload "
                f"cannot change {claimed}'s figures"
            )
        for (learner, first, second), pairs in self._renamed.items():
            n = len(pairs)
            where = str(first) if first == second else f"{first} and {second}"
            out.append(
                f"{learner}: {n} session{'s' if n != 1 else ''} found twice under other names "
                f"in {where}, counted once ({_more(pairs)}: the same session, by its start, "
                "number and process)"
            )
        for (learner, first, second, a, b), ids in self._twice.items():
            n = len(ids)
            out.append(
                f"{second} ({b}) holds {n} session{'s' if n != 1 else ''} of "
                f"{learner} also in {first} ({a}): counted once, for {learner} "
                f"({_more(ids)}); possible copying"
            )
        # one warning per group of learners sharing sessions: "bob, carol and dan have …"
        groups: dict[tuple[str, ...], list[str]] = {}
        for met in self._shared.values():
            learners = tuple(learner for learner, _ in met)
            places = [str(path) for _, path in met]
            where = ", ".join(places[:-1]) + f" and {places[-1]}"
            groups.setdefault(learners, []).append(where)
        for learners, found in groups.items():
            n = len(found)
            who = ", ".join(learners[:-1]) + f" and {learners[-1]}"
            out.append(
                f"{who} have {n} session{'s' if n != 1 else ''} in common (the same "
                f"session by its name or its start, number and process: {_more(found, 2)}); "
                "counted for each; possible copying"
            )
        return out


def _in_order(mine: list[Source], warnings: list[str]) -> list[Source]:
    """One learner's sessions in the order they were started: within one log directory (or
    hand-in) by their numbers, which the directory keeps (a clock stepped back is said in a
    warning); the sessions of several places (two computers) merged by their start times."""
    places: dict[Path, list[Source]] = {}
    for source in mine:
        places.setdefault(source.path.parent, []).append(source)
    ordered: list[list[Source]] = []
    for group in places.values():
        headers, clock_warnings = order_sessions(s.header for s in group)
        warnings.extend(clock_warnings)
        place = {id(h): i for i, h in enumerate(headers)}
        ordered.append(sorted(group, key=lambda s: place[id(s.header)]))
    if len(ordered) == 1:
        return ordered[0]
    return list(heapq.merge(*ordered, key=lambda s: (s.header.started, s.path.name)))


def _files_under(directory: Path) -> list[Path]:
    """Session files and zip archives under ``directory`` (regular files only), sorted by
    folder and name; symbolic links to folders are followed (each folder searched once)."""
    found = []
    seen: set[tuple[int, int]] = set()  # folders searched, by device and inode: no loop
    stack = [directory]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            entries = list(os.scandir(folder)) if (st.st_dev, st.st_ino) not in seen else []
        except OSError:
            continue
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():  # a symbolic link to a folder is followed too
                    stack.append(Path(entry.path))
                elif (name.endswith(SUFFIX) or name.lower().endswith(".zip")) and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found, key=lambda p: (str(p.parent), p.name))


def collect(paths: Sequence[str | os.PathLike[str]], window: Window | None = None) -> Collected:
    """The sessions named by ``paths`` (session files, hand-ins, directories searched
    recursively for both), each given to its learner, without reading more than each
    session's first event; with ``window``, only the sessions started in it.

    Raises ``UserError`` (exit 2) for a path that does not exist. A path that cannot be read
    (a damaged hand-in, a zip archive that is not one, a hand-in with too many members, a
    directory without permission, a FIFO) is skipped with a warning, as a file found in a
    directory is (a shell glob names every upload): ``Collected.refused`` lists them, and
    ``Collected.nothing_readable`` is the error when nothing else could be read.
    """
    ix = _Index()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir() and os.access(path, os.R_OK | os.X_OK):
            for file in _files_under(path):
                if file.name.endswith(SUFFIX):
                    relative = file.relative_to(path)
                    if len(relative.parts) > 1:
                        # its learner is the folder's name, a student id or not (one rule
                        # for every folder: a name a roster can match, never a parent path)
                        folder = relative.parts[0]
                        ok = is_student_id(folder)
                        ix.add_file(file, folder, named=False, identified=ok, in_folder=True)
                    else:  # a student's own log directory: its sessions are one learner
                        ix.add_file(file, str(path), named=False, identified=False)
                else:
                    try:
                        ix.add_handin(file, named=False)
                    except HandinError as exc:  # a damaged upload, or a zip of something else
                        ix.unreadable_handin(file, exc, named=False)
        elif path.is_dir():  # a directory that cannot be searched
            ix.refuse(f"cannot read directory {path}: permission denied")
        elif path.suffix.lower() == ".zip" and path.is_file():
            try:
                ix.add_handin(path, named=True)
            except HandinError as exc:
                ix.unreadable_handin(path, exc, named=True)
        elif path.suffix.lower() == ".zip" and path.exists():
            ix.refuse(f"cannot read hand-in {path}: it is not a regular file")
        elif path.exists() or path.is_symlink():
            ix.add_file(path, str(path), named=True, identified=False)  # a FIFO...: refused
        else:
            raise UserError(f"no such file or directory: {path}")
    sources: list[Source] = []
    outside = 0
    outside_of: dict[str, int] = {}  # learner -> sessions started outside the window
    unplaced: list[str] = []  # sessions whose start time does not read: not placed in it
    everyone = ix.learners()
    for learner, mine in sorted(everyone.items()):
        for source in _in_order(mine, ix.warnings):
            if window is not None and not window.holds(source.header.started):
                outside += 1
                outside_of[learner] = outside_of.get(learner, 0) + 1
                if parse_time(source.header.started) is None:
                    unplaced.append(str(source.path))
                continue
            sources.append(source)
    latest = future_limit()
    future = []
    for learner_sources in everyone.values():
        for source in learner_sources:
            moment = parse_time(source.header.started)
            if moment is not None and moment > latest:
                future.append(f"{source.path} at {source.header.started}")
    if future:
        n = len(future)
        ix.warnings.append(
            f"{n} session{'s start' if n != 1 else ' starts'} in the future (the computer's clock was "
            f"wrong, or the log was edited): times after today set no last_activity "
            f"({_more(sorted(future), 5)})"
        )
    if unplaced and window is not None:
        n = len(unplaced)
        ix.warnings.append(
            f"{n} session{'s' if n != 1 else ''} without a start time that reads as a date "
            f"(a day that does not exist, or none) cannot be placed {window.describe()}: left "
            f"out ({_more(unplaced, 5)})"
        )
    kept = {source.learner for source in sources}
    several: dict[str, list[str]] = {}  # a student -> the hand-ins that claim them
    for path, (learner, identified) in ix.handin_learners.items():
        if identified:
            several.setdefault(learner, []).append(str(path))
    for learner, broken in ix.broken.items():
        several.setdefault(learner, []).extend(str(path) for path, _ in broken)
    for learner, files in sorted(several.items()):
        if len(files) > 1:
            ix.warnings.append(
                f"{learner}: {len(files)} hand-ins ({_more(sorted(files), 5)}): read together "
                "as this student's (a session in more than one counts once)"
            )
    # a student who handed in is in the report whatever became of the sessions: none read,
    # every one logged by another student or a copy of one kept elsewhere, or none in the window
    empty = {
        learner: identified
        for path, (learner, identified) in ix.handin_learners.items()
        if learner not in kept
    }
    notes: dict[str, str] = {}
    for learner, broken in ix.broken.items():
        if learner in kept or any(who == learner for who, _ in ix.handin_learners.values()):
            continue  # another hand-in of theirs was read: it says what became of it
        empty[learner] = True
        path, why = broken[0]
        notes[learner] = f"handed in {path}, which cannot be read ({_broken_reason(path, why)})"
        notes[learner] += "; counted with nothing done"
    for path, (learner, _) in ix.handin_learners.items():
        if learner not in empty or learner in notes:
            continue
        if learner in outside_of and window is not None:
            n = outside_of[learner]
            notes[learner] = (
                f"handed in, but none of their sessions started {window.describe()} ({n} "
                f"outside it); counted with nothing done"
            )
        elif ix.handin_fates.get(path) and learner == str(path):  # no id that can be used
            notes[learner] = (
                f"handed in without a student id that can be used: "
                f"{_fate_text(ix.handin_fates[path])}; nothing counts for the hand-in itself, "
                "counted with nothing done"
            )
        elif ix.handin_fates.get(path):
            notes[learner] = (
                f"handed in {path}: {_fate_text(ix.handin_fates[path])}; nothing counts for "
                f"{learner}, who is counted with nothing done"
            )
    by_id = ix.handins > 0 or any(s.header.student is not None for s in sources)
    if by_id:
        counted = {s.learner for s in sources} | set(empty)
        students: int | None = len(counted)
    else:
        counted = {s.learner for s in sources if s.in_folder}
        students = len(counted) if counted else None
    return Collected(
        sources=tuple(sources),
        students=students,
        warnings=tuple(dict.fromkeys(ix.warnings)),
        handins=ix.handins,
        files=ix.files,
        outside=outside,
        refused=tuple(ix.refused),
        empty_handins=tuple(sorted(empty.items())),
        counted=frozenset(counted),
        handin_notes=tuple(sorted(notes.items())),
        broken=frozenset(ix.broken),
        window=window,
    )


def _fate_text(fates: dict[str, tuple[str | None, Path | None, bool]]) -> str:
    """What became of a hand-in's sessions, none of which counts for its student: ``its 2
    sessions were logged by student s0001 and count for them, are copies of sessions in …``,
    or ``… and count for nobody (found only here)``."""
    n = len(fates)
    logged = sorted({who for who, _, _ in fates.values() if who})
    copies = sorted({str(where) for _, where, _ in fates.values() if where})
    counted = any(who and ok for who, _, ok in fates.values())
    held = any(who and not ok for who, _, ok in fates.values())
    text = f"its {n} session{'s' if n != 1 else ''} "
    if logged:
        whom = "that student" if len(logged) == 1 else "them"
        fate = (
            f"count{'s' if n == 1 else ''} for {whom}"
            if not held
            else "count for nobody (found only here, not in that student's own hand-in)"
            if not counted
            else "count for them only where their own hand-in holds them too"
        )
        text += (
            f"{'were' if n != 1 else 'was'} logged by student {_more(logged, 5)} and "
            f"{fate} (possible copying)"
        )
    if copies:
        text += ", " if logged else ""
        text += "are copies of sessions" if n != 1 else "is a copy of a session"
        text += f" in {_more(copies, 2)} (possible copying)"
    return text


@dataclass(frozen=True)
class Unread:
    """The learners none of whose sessions could be read, once every session was."""

    handed_in: tuple[tuple[str, bool], ...]  # (learner, identified): they count, nothing done
    left_out: tuple[str, ...]  # found in folders or files only: not counted
    warnings: tuple[str, ...]

    def students(self, found: Collected, read: set[str]) -> int | None:
        """The students counted: those ``found`` counts who had a session read or handed in."""
        if found.students is None:
            return None
        return len(found.counted & (read | {learner for learner, _ in self.handed_in}))

    def nothing_readable(self, found: Collected, read: set[str]) -> int:
        """Of ``students``, those who handed in but had no session read."""
        if found.students is None:
            return 0
        return len((found.counted & {learner for learner, _ in self.handed_in}) - read)


def unread(found: Collected, read: set[str]) -> Unread:
    """Which learners of ``found`` had no session read (``read``: those who had one): a
    student who handed in is still in the report (a row with nothing done, as in a hand-in
    whose only session is too large), the others are left out; each said in a warning, so that
    no student silently vanishes and ``review`` and ``gradebook`` count the same students."""
    handed_in: dict[str, bool] = dict(found.empty_handins)
    left_out: dict[str, None] = {}
    for source in found.sources:
        if source.learner in read or source.learner in handed_in:
            continue
        if source.handin is not None:
            handed_in[source.learner] = source.identified
            left_out.pop(source.learner, None)
        else:
            left_out[source.learner] = None
    notes = dict(found.handin_notes)
    empty = sorted(handed_in)
    warnings = [
        f"{learner}: {notes[learner]}"
        if learner in notes
        else f"{learner}: handed in, but none of the sessions in the hand-in could be read; "
        "counted with nothing done"
        for learner in empty[:LISTED_STUDENTS]
    ]
    if len(empty) > LISTED_STUDENTS:  # one line a student, up to a point: then a count
        rest = empty[LISTED_STUDENTS:]
        warnings.append(
            f"… and {len(rest):,} more students handed in nothing that could be read or counts "
            f"for them ({_more(rest, 10)}): each counted with nothing done"
        )
    if left_out:
        names = sorted(left_out)
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        warnings.append(
            f"no session of {shown} could be read: left out of the report and the count of students"
        )
    return Unread(tuple(sorted(handed_in.items())), tuple(sorted(left_out)), tuple(warnings))


class Opener(Protocol):
    """Session ``index`` of the sources as another process already read it (its events and the
    reader's warnings, ``tutor.sessions.judgeahead.SpooledStream``), or None: read it here."""

    def __call__(self, index: int) -> SpooledStream | None: ...


def each_session(
    sources: Iterable[Source], warnings: list[str], opener: Opener | None = None
) -> Iterator[tuple[Source, Iterator[Event]]]:
    """Each readable session of ``sources`` in turn with its events, as they stream by (take
    them all before the next session; what is left is read past). What cannot be read is a
    warning appended to ``warnings``, with every warning of the sessions read. ``opener`` is
    asked first for each session (by its index): one a helper process read is replayed as it
    read it (``Regrader.spooled``).

    What cannot be read is skipped with a warning, a file given by name too (a shell glob
    names every file); when nothing at all was read and a file given by name was skipped, that
    is a ``UserError`` (exit 2).
    """
    # The garbage collector stays on: sessions stream by, so little piles up, and the consumer
    # may judge answers (sympy leaves cycles behind: paused, a cold regrade took 3x the memory).
    refused: list[str] = []
    yielded = False
    empty = 0  # empty files found in folders: the first WARNINGS_PER_KIND named, then a count
    for index, source in enumerate(sources):
        stream: SessionStream | SpooledStream | None = opener(index) if opener is not None else None
        if stream is None:
            try:
                stream = source.open()
            except SessionReadError as exc:
                if source.named:
                    refused.append(str(exc))
                warnings.append(f"{exc}; skipped" if source.named else str(exc))
                continue
        with stream:
            events = iter(stream)
            first = next(events, None)
            if first is None:
                why = _no_events(stream)
                if source.named:
                    refused.append(f"{source.path} is not a session log ({why})")
                elif why == EMPTY:
                    empty += 1
                    if empty > WARNINGS_PER_KIND:
                        continue  # counted in one line below
                warnings.append(f"{source.path}: {why}, skipped")
                continue
            yielded = True
            yield source, _chain(first, events)
            for _ in events:  # whatever the consumer left: read past, for the warnings
                pass
        warnings.extend(stream.warnings)
    if empty > WARNINGS_PER_KIND:
        warnings.append(f"… and {empty - WARNINGS_PER_KIND:,} more empty session files skipped")
    if refused and not yielded:
        raise UserError(refused[0])


def _chain(first: Event, rest: Iterator[Event]) -> Iterator[Event]:
    yield first
    yield from rest


def _no_events(stream: SessionStream | SpooledStream) -> str:
    """Why a file gave no sessions, in a few words."""
    if any(
        BUDGET_SPENT in w or "the rest of the hand-in is not read" in w for w in stream.warnings
    ):
        return "not read, the hand-in's bound on lines being reached (not damaged)"
    if stream.warnings:
        return "nothing in it reads as a session event"
    return EMPTY


_OPENED = 8  # hand-ins a helper process keeps open (their manifests): the last ones read
_opened: dict[str, Handin] = {}


def open_location(location: Location) -> SessionStream:
    """A session's events from its location (``Collected.locations``): what a helper process
    reads, through the same checking reader."""
    file, member = location
    if member is None:
        return SessionStream(file)
    handin = _opened.get(file)
    if handin is None:  # kept, so the hand-in's sessions share its bound on lines
        handin = _opened[file] = open_handin(file)
        while len(_opened) > _OPENED:
            del _opened[next(iter(_opened))]
    for m in handin.members:
        if m.name == member:
            return open_member(handin, m)
    raise SessionReadError(f"{Path(file) / member}: not in the hand-in")
