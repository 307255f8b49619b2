"""``hw3-tutor review``: look back over session logs.

For one session it prints a timeline (what was tried, with verdicts, hints
and time per part); for many sessions (a class) it prints, per answer box,
attempts, the first-try correct rate, hints used, the most common known
mistakes and the most common unmatched wrong answers (the ones instructors
should add as new mistakes). ``--json`` gives the same as JSON.

Who is a learner: when a directory holds per-student subdirectories, each
subdirectory is one student and their sessions are pooled; a session file
given directly (or lying directly in a given directory) is its own learner.

Only the standard library is imported.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tutor.errors import UserError
from tutor.sessions.log import (
    IDLE_GAP_SECONDS,
    Session,
    active_gaps,
    event_seconds,
    iter_session_files,
    paused_gc,
    read_session,
)
from tutor.sessions.progress import VERDICT_RANK, better_verdict

GRADED = ("correct", "partial", "incorrect")
FEW_LEARNERS = 2  # a box answered by fewer learners is listed after the others when sorting


class NoSessionsError(UserError):
    """No session logs where the user pointed: not a usage mistake, exit 1."""

    exit_code = 1


def part_of(identifier: str) -> str:
    """The part a box or prompt id belongs to: ``"5a.fwd"`` -> ``"5a"``."""
    return identifier.split(".", 1)[0]


def event_part(event_type: str, data: Mapping) -> str | None:
    """The part an event is about, when it names one."""
    if event_type in ("part_opened", "solution", "self_assessment"):
        part = data.get("part")
        return part if isinstance(part, str) else None
    if event_type in ("attempt", "hint"):
        box = data.get("box")
        return part_of(box) if isinstance(box, str) else None
    if event_type == "reflection":
        prompt = data.get("prompt")
        return part_of(prompt) if isinstance(prompt, str) else None
    return None


def normalize_answer(raw: str) -> str:
    """How unmatched answers are grouped: NFC, no whitespace, ``**`` as ``^``, no final period."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(text.split()).replace("**", "^")
    return text.rstrip(".")


SHOW_LIMIT = 200  # characters of one student text shown in a terminal report


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def show(text: str, limit: int = SHOW_LIMIT) -> str:
    """A student's text quoted for the terminal: control characters escaped (so they
    are shown, not obeyed), everything else, backslashes included, as typed; a text
    longer than ``limit`` is cut, saying how much was left out."""
    out = []
    extra = ""
    if len(text) > limit:
        text, extra = text[:limit], f"… ({len(text) - limit:,} more characters)"
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in "\n\t\r":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}[ch])
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"' + extra


def spelling(raw: str) -> str:
    """How a typed answer is shown in a list: trimmed, runs of spaces as one."""
    return " ".join(raw.split())


def answer_key(raw: str, interpreted: object) -> str:
    """What unmatched answers are grouped by: the checker's reading of the answer when
    the log has it ("1/d₁", "1 / d1" and "d1^-1" are one answer), else the typed text
    normalized (``normalize_answer``)."""
    if type(interpreted) is str and interpreted.strip():
        return "=" + interpreted.strip()
    return normalize_answer(raw)


def fmt_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# ---------------------------------------------------------------------------
# One session: the timeline


@dataclass(frozen=True)
class TimelineEntry:
    at: float  # seconds since the session started
    part: str | None
    type: str  # the event type
    text: str  # one readable line (student input quoted)


@dataclass(frozen=True)
class PartTime:
    part: str
    seconds: float  # active time attributed to the part
    attempts: int
    hints: int
    solution: bool
    best: str  # best verdict over the part's boxes ("" if no attempt)
    boxes: Mapping[str, str] = field(default_factory=dict)  # box -> best verdict


@dataclass(frozen=True)
class Timeline:
    session_id: str
    path: Path
    started: str
    ended: bool
    active_seconds: float
    entries: tuple[TimelineEntry, ...]
    parts: tuple[PartTime, ...]
    warnings: tuple[str, ...]


def _describe_event(event_type: str, data: Mapping) -> str:
    if event_type == "session_start":
        text = f"session started (tutor {data.get('version', '?')})"
        return text + ", fresh start" if data.get("fresh") else text
    if event_type == "part_opened":
        return f"opened part {data.get('part')}"
    if event_type == "attempt":
        note = str(data.get("note", ""))
        verdict = str(data.get("verdict", "?"))
        shown = f"{data.get('box')}: {show(str(data.get('raw', '')))} -> {verdict}"
        if note and note != verdict:
            shown += f" ({note})"
        return shown
    if event_type == "hint":
        return f"{data.get('box')}: hint {data.get('index')} revealed"
    if event_type == "solution":
        return f"solution of {data.get('part')} revealed"
    if event_type == "self_assessment":
        points = data.get("points") or []
        met = sum(1 for p in points if p)
        return f"self-assessment of {data.get('part')}: {met}/{len(points)} points met"
    if event_type == "reflection":
        return f"reflection {data.get('prompt')}: {show(str(data.get('text', '')))}"
    if event_type == "plot_viewed":
        return f"viewed plot {data.get('plot')}"
    if event_type == "session_end":
        return "session ended"
    return event_type


def attribute_parts(
    session: Session, idle: float = IDLE_GAP_SECONDS
) -> tuple[list[float], list[str | None]]:
    """Active gap before each event and the part that gap is spent on.

    The time before an event goes to the part the event is about (an attempt's
    time goes to its box's part); for events about no part, and for opening a
    new part, it goes to the part that was open.
    """
    gaps = active_gaps(session.events, idle)
    owners: list[str | None] = []
    current: str | None = None
    for event in session.events:
        own = event_part(event.type, event.data)
        if event.type == "part_opened":
            owners.append(current)
            current = own
        else:
            owners.append(own if own is not None else current)
    return gaps, owners


def timeline(session: Session, idle: float = IDLE_GAP_SECONDS) -> Timeline:
    gaps, owners = attribute_parts(session, idle)
    moments = event_seconds(session.events)
    entries: list[TimelineEntry] = []
    seconds: dict[str, float] = {}
    attempts: Counter[str] = Counter()
    hints: Counter[str] = Counter()
    solutions: set[str] = set()
    best: dict[str, dict[str, str]] = {}
    order: dict[str, None] = {}
    for event, gap, owner, moment in zip(session.events, gaps, owners, moments, strict=True):
        part = event_part(event.type, event.data)
        if owner is not None:
            seconds[owner] = seconds.get(owner, 0.0) + gap
            order.setdefault(owner, None)
        if part is not None:
            order.setdefault(part, None)
        entries.append(
            TimelineEntry(
                at=moment if moment is not None else 0.0,
                part=part,
                type=event.type,
                text=_describe_event(event.type, event.data),
            )
        )
        if event.type == "attempt" and part is not None:
            attempts[part] += 1
            box = str(event.data.get("box"))
            boxes = best.setdefault(part, {})
            boxes[box] = better_verdict(boxes.get(box, ""), str(event.data.get("verdict", "")))
        elif event.type == "hint" and part is not None:
            hints[part] += 1
        elif event.type == "solution" and part is not None:
            solutions.add(part)
    parts = []
    for part in order:
        boxes = best.get(part, {})
        overall = ""
        if boxes:
            # the part's standing is its weakest box
            overall = min(boxes.values(), key=lambda v: VERDICT_RANK.get(v, 0))
        parts.append(
            PartTime(
                part=part,
                seconds=seconds.get(part, 0.0),
                attempts=attempts[part],
                hints=hints[part],
                solution=part in solutions,
                best=overall,
                boxes=MappingProxyType(dict(boxes)),
            )
        )
    return Timeline(
        session_id=session.id,
        path=session.path,
        started=session.started,
        ended=session.ended,
        active_seconds=sum(gaps),
        entries=tuple(entries),
        parts=tuple(parts),
        warnings=session.warnings,
    )


# ---------------------------------------------------------------------------
# Many sessions: the class summary


@dataclass(frozen=True)
class BoxSummary:
    box: str
    attempts: int  # graded submissions: unreadable input (invalid) is not an attempt
    correct: int  # submissions judged correct
    partial: int
    incorrect: int
    invalid: int  # submissions the checker could not read
    learners: int  # learners who made a graded submission
    first_try: int  # ... whose first graded submission was correct
    solved: int  # ... who reached correct at some point
    hints: int  # distinct hint reveals (learner, index)
    hint_learners: int  # learners who revealed at least one hint
    notes: Mapping[str, int]  # every note, most common first
    # unmatched wrong answers grouped by meaning, most common first: (the most common
    # spelling, count); ``spellings`` lists every spelling of each group, commonest first
    unmatched: tuple[tuple[str, int], ...]
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def first_try_rate(self) -> float | None:
        return self.first_try / self.learners if self.learners else None

    def struggle_key(self) -> tuple:
        """Sort key putting the boxes a class struggles with first: lowest first-try
        rate, then lowest solved rate, then most attempts per learner. A box only one
        learner answered comes after the boxes several answered (one learner's rate says
        little about a class), and a box nobody answered last."""
        if not self.learners:
            return (2, 2.0, 2.0, 0.0, self.box)
        solved = self.solved / self.learners
        few = 1 if self.learners < FEW_LEARNERS else 0
        rate = self.first_try / self.learners
        return (few, rate, solved, -self.attempts / self.learners, self.box)

    @property
    def mistakes(self) -> tuple[tuple[str, int], ...]:
        return tuple((n, c) for n, c in self.notes.items() if n.startswith("mistake:"))


@dataclass(frozen=True)
class PartSummary:
    part: str
    learners: int  # learners who spent time on or did anything in the part
    seconds: float  # active time, all learners together
    solutions: int  # learners who asked for the solution (before solving the part)
    solutions_shown: int = 0  # learners shown it by itself after solving the part


@dataclass(frozen=True)
class ClassSummary:
    sessions: int
    learners: int
    students: int | None  # per-student subdirectories found, else None
    seconds: float  # active time over all sessions
    boxes: Mapping[str, BoxSummary]
    parts: Mapping[str, PartSummary]
    warnings: tuple[str, ...]

    def to_json(self, top: int | None = None) -> dict:
        boxes = {}
        for box_id, b in self.boxes.items():
            notes = dict(b.notes)
            boxes[box_id] = {
                "attempts": b.attempts,
                "correct": b.correct,
                "partial": b.partial,
                "incorrect": b.incorrect,
                "invalid": b.invalid,
                "hints": b.hints,
                "hint_learners": b.hint_learners,
                "learners": b.learners,
                "first_try": b.first_try,
                "first_try_rate": b.first_try_rate,
                "solved": b.solved,
                "notes": notes,
                "mistakes": dict(b.mistakes[:top] if top else b.mistakes),
                "unmatched": dict(b.unmatched[:top] if top else b.unmatched),
                "unmatched_spellings": {
                    a: list(b.spellings.get(a, (a,)))
                    for a, _ in (b.unmatched[:top] if top else b.unmatched)
                },
            }
        parts = {
            p.part: {
                "learners": p.learners,
                "seconds": round(p.seconds, 1),
                "solutions": p.solutions,
                "solutions_shown": p.solutions_shown,
            }
            for p in self.parts.values()
        }
        return {
            "sessions": self.sessions,
            "learners": self.learners,
            "students": self.students,
            "hours": round(self.seconds / 3600.0, 3),
            "boxes": boxes,
            "parts": parts,
            "warnings": list(self.warnings),
        }


def summarize(
    sessions: Sequence[Session],
    learner_of: Mapping[Path, str] | None = None,
    *,
    students: int | None = None,
    idle: float = IDLE_GAP_SECONDS,
    warnings: Iterable[str] = (),
) -> ClassSummary:
    """Per-box and per-part figures over many sessions.

    ``learner_of`` maps a session's path to its learner (a student directory);
    sessions not in it are their own learner. Sessions are taken in start order.
    """
    with paused_gc():
        return _summarize(sessions, learner_of or {}, students, idle, tuple(warnings))


def _summarize(
    sessions: Sequence[Session],
    learner_of: Mapping[Path, str],
    students: int | None,
    idle: float,
    warnings: tuple[str, ...],
) -> ClassSummary:
    ordered = sorted(sessions, key=Session.sort_key)
    verdict_counts: dict[str, dict[str, int]] = {}
    notes: dict[str, dict[str, int]] = {}
    unmatched: dict[str, dict[str, dict[str, int]]] = {}  # box -> group -> spelling -> n
    first: dict[tuple[str, str], str] = {}  # (learner, box) -> first graded verdict
    solved: set[tuple[str, str]] = set()
    hint_seen: set[tuple[str, str, int]] = set()
    part_seconds: dict[str, float] = {}
    part_learners: dict[str, set[str]] = {}
    solution_seen: dict[str, set[str]] = {}
    solution_shown: dict[str, set[str]] = {}
    total_seconds = 0.0
    learners: set[str] = set()
    box_parts: dict[str, str] = {}
    # One pass per session. This inlines attribute_parts/event_part (the class
    # review reads 200,000 events in well under the benchmark's 3 s); a test
    # checks both give the same time per part.
    for session in ordered:
        learner = learner_of.get(session.path, session.id)
        learners.add(learner)
        events = session.events
        previous: float | None = None
        current: str | None = None
        spent: dict[str, float] = {}
        for event, moment in zip(events, event_seconds(events), strict=True):
            gap = 0.0
            if moment is not None:
                if previous is not None:
                    delta = moment - previous
                    if 0 < delta <= idle:
                        gap = delta
                previous = moment
            kind = event[3]
            data = event[4]
            owner = current
            if kind == "attempt":
                box = data.get("box")
                if type(box) is str:
                    part = box_parts.get(box)
                    if part is None:
                        part = box_parts[box] = part_of(box)
                    owner = part
                    verdict = data.get("verdict")
                    note = data.get("note") or str(verdict)
                    counts = verdict_counts.get(box)
                    if counts is None:
                        counts = verdict_counts[box] = {}
                        notes[box] = {}
                        unmatched[box] = {}
                    counts[verdict] = counts.get(verdict, 0) + 1
                    box_notes = notes[box]
                    box_notes[note] = box_notes.get(note, 0) + 1
                    if note == "incorrect":
                        raw = str(data.get("raw", ""))
                        group = answer_key(raw, data.get("interpreted"))
                        forms = unmatched[box].get(group)
                        if forms is None:
                            forms = unmatched[box][group] = {}
                        typed = spelling(raw)
                        forms[typed] = forms.get(typed, 0) + 1
                    if verdict in GRADED:
                        key = (learner, box)
                        if key not in first:
                            first[key] = verdict
                        if verdict == "correct":
                            solved.add(key)
            elif kind == "hint":
                box, index = data.get("box"), data.get("index")
                if type(box) is str:
                    owner = part_of(box)
                    if type(index) is int:
                        hint_seen.add((learner, box, index))
            elif kind == "part_opened":
                part = data.get("part")
                current = part if type(part) is str else None
                if current is not None and current not in spent:
                    spent[current] = 0.0
            elif kind == "solution" or kind == "self_assessment":
                part = data.get("part")
                if type(part) is str:
                    owner = part
                    if kind == "solution":
                        # shown by itself after solving ("asked": false) is not help asked for
                        seen = solution_seen if data.get("asked") is not False else solution_shown
                        seen.setdefault(part, set()).add(learner)
            elif kind == "reflection":
                prompt = data.get("prompt")
                if type(prompt) is str:
                    owner = part_of(prompt)
            if owner is not None:
                spent[owner] = spent.get(owner, 0.0) + gap
            total_seconds += gap
        for part, seconds in spent.items():
            part_seconds[part] = part_seconds.get(part, 0.0) + seconds
            part_learners.setdefault(part, set()).add(learner)
    hint_counts: Counter[str] = Counter()
    hint_learners: dict[str, set[str]] = {}
    for learner, box, _ in hint_seen:
        hint_counts[box] += 1
        hint_learners.setdefault(box, set()).add(learner)
    first_learners: Counter[str] = Counter()
    first_right: Counter[str] = Counter()
    for (_, box), verdict in first.items():
        first_learners[box] += 1
        if verdict == "correct":
            first_right[box] += 1
    solved_counts = Counter(box for _, box in solved)
    box_ids = sorted(set(verdict_counts) | set(hint_counts), key=_box_sort_key)
    boxes: dict[str, BoxSummary] = {}
    for box in box_ids:
        counts = Counter(verdict_counts.get(box, {}))
        groups = []
        spellings: dict[str, tuple[str, ...]] = {}
        for forms in unmatched.get(box, {}).values():
            ranked = tuple(f for f, _ in Counter(forms).most_common())
            groups.append((ranked[0], sum(forms.values())))
            spellings[ranked[0]] = ranked
        groups.sort(key=lambda g: -g[1])  # stable: first seen first among equals
        boxes[box] = BoxSummary(
            box=box,
            attempts=sum(c for v, c in counts.items() if v in GRADED),
            correct=counts["correct"],
            partial=counts["partial"],
            incorrect=counts["incorrect"],
            invalid=sum(c for v, c in counts.items() if v not in GRADED),
            learners=first_learners[box],
            first_try=first_right[box],
            solved=solved_counts[box],
            hints=hint_counts[box],
            hint_learners=len(hint_learners.get(box, ())),
            notes=MappingProxyType(dict(Counter(notes.get(box, {})).most_common())),
            unmatched=tuple(groups),
            spellings=MappingProxyType(spellings),
        )
    part_ids = sorted(
        set(part_seconds) | set(solution_seen) | set(solution_shown), key=_box_sort_key
    )
    parts = {
        p: PartSummary(
            part=p,
            learners=len(
                part_learners.get(p, set())
                | solution_seen.get(p, set())
                | solution_shown.get(p, set())
            ),
            seconds=part_seconds.get(p, 0.0),
            solutions=len(solution_seen.get(p, ())),
            solutions_shown=len(solution_shown.get(p, set()) - solution_seen.get(p, set())),
        )
        for p in part_ids
    }
    return ClassSummary(
        sessions=len(ordered),
        learners=len(learners),
        students=students,
        seconds=total_seconds,
        boxes=MappingProxyType(boxes),
        parts=MappingProxyType(parts),
        warnings=warnings,
    )


def _box_sort_key(identifier: str) -> tuple:
    """Sort "2a.x" before "10b.y": numbers numerically, the rest as text."""
    head = part_of(identifier)
    digits = "".join(ch for ch in head if ch.isdigit())
    return (int(digits) if digits else 10**9, identifier)


# ---------------------------------------------------------------------------
# Collecting sessions from the command line


@dataclass(frozen=True)
class Collected:
    sessions: tuple[Session, ...]
    learner_of: Mapping[Path, str]
    students: int | None
    warnings: tuple[str, ...]


def collect(paths: Sequence[str | os.PathLike[str]]) -> Collected:
    """Read the sessions named by ``paths`` (files, or directories searched recursively).

    Raises ``UserError`` (exit 2) for a path that does not exist or cannot be
    read, or a file given by name that holds no session events.
    """
    sessions: list[Session] = []
    learner_of: dict[Path, str] = {}
    student_dirs: set[str] = set()
    warnings: list[str] = []
    with paused_gc():
        _collect_into(paths, sessions, learner_of, student_dirs, warnings)
    return Collected(
        sessions=tuple(sessions),
        learner_of=MappingProxyType(learner_of),
        students=len(student_dirs) if student_dirs else None,
        warnings=tuple(warnings),
    )


def _collect_into(
    paths: Sequence[str | os.PathLike[str]],
    sessions: list[Session],
    learner_of: dict[Path, str],
    student_dirs: set[str],
    warnings: list[str],
) -> None:
    seen: set[Path] = set()  # a file named and also inside a named directory counts once
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise UserError(f"cannot read directory {path}: permission denied")
            for file in iter_session_files(path, recursive=True):
                if file.resolve() in seen:
                    continue
                seen.add(file.resolve())
                try:
                    session = read_session(file)
                except UserError as exc:
                    warnings.append(str(exc))
                    continue
                if not session.events:
                    warnings.append(f"{file}: {_no_events(session)}, skipped")
                    continue
                warnings.extend(session.warnings)
                relative = file.relative_to(path)
                if len(relative.parts) > 1:
                    student = str(path / relative.parts[0])
                    learner_of[file] = student
                    student_dirs.add(student)
                else:  # a student's own log directory: its sessions are one learner
                    learner_of[file] = str(path)
                sessions.append(session)
        elif path.exists():
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            session = read_session(path)
            if not session.events:
                raise UserError(f"{path} is not a session log ({_no_events(session)})")
            warnings.extend(session.warnings)
            sessions.append(session)
        else:
            raise UserError(f"no such file or directory: {path}")


def _no_events(session: Session) -> str:
    """Why a file gave no sessions, in a few words."""
    if session.warnings:
        return "nothing in it reads as a session event"
    return "it is empty"


# ---------------------------------------------------------------------------
# Printing

WIDTH = 80  # the text reports fit a terminal this wide


def _wrap(label: str, items: Sequence[str], indent: int = 4) -> list[str]:
    """``label item, item, ...`` in lines of at most WIDTH characters, broken between
    items (an item longer than a line is cut with an ellipsis), continuation lines
    aligned under the first item."""
    head = " " * indent + label
    room = max(20, WIDTH - len(head))
    lines: list[str] = []
    line = ""
    for n, item in enumerate(items):
        piece = item + ("," if n < len(items) - 1 else "")
        if len(piece) > room:
            piece = piece[: room - 1] + "…"
        if line and len(line) + 1 + len(piece) > room:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(line)
    pad = " " * len(head)
    return [(head if i == 0 else pad) + text for i, text in enumerate(lines)]


def format_timeline(tl: Timeline) -> str:
    lines = [
        f"Session {tl.session_id}",
        f"  started {tl.started or 'unknown'}; active time {fmt_duration(tl.active_seconds)}"
        + ("" if tl.ended else "; not closed normally (the tutor stopped without ending it)"),
        "",
    ]
    for entry in tl.entries:
        lines.append(f"  +{fmt_duration(entry.at):>8}  {entry.text}")
    if tl.parts:
        lines += ["", "Time per part:"]
        for p in tl.parts:
            bits = [f"{p.attempts} attempt{'s' if p.attempts != 1 else ''}"]
            if p.hints:
                bits.append(f"{p.hints} hint{'s' if p.hints != 1 else ''}")
            if p.solution:
                bits.append("solution seen")
            head = f"  {p.part:<6} {fmt_duration(p.seconds):>8}  "
            lines.append(head + "; ".join(bits))
            if p.boxes:
                lines += _wrap("", [f"{b} {v}" for b, v in p.boxes.items()], len(head))
    return "\n".join(lines)


SORTS = ("struggle", "box")


def format_summary(summary: ClassSummary, top: int = 5, sort: str = "struggle") -> str:
    """The class report, at most WIDTH columns wide.

    ``sort="struggle"`` (the default) lists the boxes the class found hardest
    first (lowest first-try rate, then lowest solved rate, then most attempts
    per learner); ``sort="box"`` keeps the homework's order.
    """
    who = f"{summary.sessions} session{'s' if summary.sessions != 1 else ''}"
    if summary.students is not None:
        who += f", {summary.students} student{'s' if summary.students != 1 else ''}"
    elif summary.learners != summary.sessions:
        who += f", {summary.learners} learner{'s' if summary.learners != 1 else ''}"
    lines = [f"{who}; {summary.seconds / 3600.0:.1f} active hours in all", ""]
    if not summary.boxes:
        lines.append("No answers were submitted in these sessions.")
    else:
        boxes = list(summary.boxes.values())
        if sort == "struggle":
            boxes.sort(key=BoxSummary.struggle_key)
            lines.append("Answer boxes, the ones the class found hardest first.")
            if any(0 < b.learners < FEW_LEARNERS for b in boxes) and any(
                b.learners >= FEW_LEARNERS for b in boxes
            ):
                lines.append(
                    "Boxes only one learner answered come after the others (one rate says little)."
                )
        lines += [
            "first try: learners whose first graded answer was correct (unreadable",
            "input does not count); solved: learners who got it right at some point;",
            "attempts: graded answers (unreadable input is not an attempt).",
            "",
        ]
        width = max(12, min(22, max(len(b.box) for b in boxes) + 2))
        header = (
            f"{'box':<{width}}{'first try':>15}{'solved':>9}{'attempts':>10}"
            f"{'per learner':>13}{'hints':>7}"
        )
        lines += [header, "-" * len(header)]
        for b in boxes:
            rate = b.first_try_rate
            first = f"{rate:4.0%} {b.first_try:>3}/{b.learners:<3}" if rate is not None else "-"
            solved = f"{b.solved}/{b.learners}" if b.learners else "-"
            per = f"{b.attempts / b.learners:.1f}" if b.learners else "-"
            name = b.box if len(b.box) < width else b.box[: width - 2] + "…"
            lines.append(
                f"{name:<{width}}{first:>15}{solved:>9}{b.attempts:>10}{per:>13}{b.hints:>7}"
            )
            mistakes = b.mistakes[:top]
            if mistakes:
                shown = [f"{n.removeprefix('mistake:')} ×{c}" for n, c in mistakes]
                lines += _wrap("known mistakes: ", shown)
            if b.unmatched:
                shown = []
                for answer, count in b.unmatched[:top]:
                    forms = len(b.spellings.get(answer, ()))
                    extra = f" ({forms} spellings)" if forms > 1 else ""
                    shown.append(f"{show(answer)} ×{count}{extra}")
                lines += _wrap("unmatched wrong answers: ", shown)
        if any(b.unmatched for b in boxes):
            lines += [
                "",
                "Unmatched wrong answers are grouped by how the checker read them; the",
                "common ones are worth adding to the content as known mistakes.",
            ]
    if summary.parts:
        lines += [
            "",
            f"{'part':<8}{'learners':>9}{'active time':>13}{'solutions asked':>17}"
            f"{'shown after solving':>21}",
        ]
        for p in summary.parts.values():
            lines.append(
                f"{p.part:<8}{p.learners:>9}{fmt_duration(p.seconds):>13}{p.solutions:>17}"
                f"{p.solutions_shown:>21}"
            )
    return "\n".join(lines)


def timeline_to_json(tl: Timeline) -> dict:
    return {
        "id": tl.session_id,
        "path": str(tl.path),
        "started": tl.started,
        "ended": tl.ended,
        "seconds": round(tl.active_seconds, 1),
        "events": [
            {"at": round(e.at, 3), "part": e.part, "event": e.type, "text": e.text}
            for e in tl.entries
        ],
        "parts": {
            p.part: {
                "seconds": round(p.seconds, 1),
                "attempts": p.attempts,
                "hints": p.hints,
                "solution": p.solution,
                "boxes": dict(p.boxes),
            }
            for p in tl.parts
        },
    }


# ---------------------------------------------------------------------------
# The command
