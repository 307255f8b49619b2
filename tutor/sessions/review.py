"""``hw3-tutor review``: look back over session logs.

For one session it prints a timeline (what was tried, with verdicts, hints
and time per part); for many sessions (a class) it prints, per answer box,
attempts, the first-try correct rate, hints used, the most common known
mistakes and the most common unmatched wrong answers (the ones instructors
should add as new mistakes). ``--json`` gives the same as JSON.

Who is a learner (``tutor.sessions.sources``): the student id in a session's header, else
its hand-in's; when a directory holds per-student subdirectories, each subdirectory is one
student and their sessions are pooled; a session file given directly (or lying directly in a
given directory) is its own learner.

Logs are untrusted (students hand them in): sessions are read one at a time,
event by event (``SessionStream``), so memory does not grow with the size of
the logs, and what is kept from them is bounded (``MAX_BOXES`` and the other
limits below). Every field printed goes through ``tutor.textsafe``.

Only the standard library is imported.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final, Protocol

from tutor.errors import UserError
from tutor.notes import DERIVATION_FINAL, PROOF_NOTES, failing_line, note_head
from tutor.sessions.activetime import Timing
from tutor.sessions.log import (
    HANDOUT_KEY,
    IDLE_GAP_SECONDS,
    Event,
    Session,
    paused_gc,
    variant_key,
)
from tutor.sessions.progress import VERDICT_RANK, better_verdict
from tutor.sessions.sources import Collected, Source, each_session
from tutor.sessions.sources import collect as collect  # where `review` finds its sessions
from tutor.textsafe import bounded, quoted, visible

GRADED = ("correct", "partial", "incorrect")
FEW_LEARNERS = 2  # a box answered by fewer learners is listed after the others when sorting

# What a class review keeps, whatever the logs hold (beyond these, more is counted, not kept)
MAX_BOXES: Final = 2000  # distinct answer boxes
MAX_PARTS: Final = 1000  # distinct parts
MAX_NOTES: Final = 100  # distinct notes per box
MAX_ANSWER_GROUPS: Final = 20_000  # unmatched answers, all boxes together
MAX_SPELLINGS: Final = 10  # spellings kept per unmatched answer
ANSWER_KEEP: Final = 200  # characters of an unmatched answer kept (it is shown cut anyway)
TIMELINE_LIMIT: Final = 10_000  # events listed in one session's timeline


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


class PartClock:
    """For each event of a session in turn: its moment, the active gap before it and the
    part that gap is spent on.

    The time before an event goes to the part the event is about (an attempt's time goes to
    its box's part); for events about no part, and for opening a new part, it goes to the
    part that was open. One implementation for the timeline, the class report and export.
    """

    def __init__(self, idle: float = IDLE_GAP_SECONDS):
        self.timing = Timing(idle)
        self.current: str | None = None

    def step(self, event: Event) -> tuple[float, float, str | None, str | None]:
        """(moment, gap, the part the gap goes to, the part the event is about)."""
        at, gap = self.timing.step(event)
        part = event_part(event.type, event.data)
        if event.type == "part_opened":
            owner, self.current = self.current, part
        else:
            owner = part if part is not None else self.current
        return at, gap, owner, part


def attribute_parts(
    session: Session, idle: float = IDLE_GAP_SECONDS
) -> tuple[list[float], list[str | None]]:
    """Active gap before each event and the part that gap is spent on (see PartClock)."""
    clock = PartClock(idle)
    gaps: list[float] = []
    owners: list[str | None] = []
    for event in session.events:
        _, gap, owner, _ = clock.step(event)
        gaps.append(gap)
        owners.append(owner)
    return gaps, owners


def normalize_answer(raw: str) -> str:
    """How unmatched answers are grouped: NFC, no whitespace, ``**`` as ``^``, no final period."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(text.split()).replace("**", "^")
    return text.rstrip(".")


SHOW_LIMIT = 200  # characters of one student text shown in a terminal report


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out (and escaped)."""
    return visible(text, limit)


def show(text: str, limit: int = SHOW_LIMIT) -> str:
    """A student's text quoted for the terminal: control characters, escape sequences and
    bidirectional overrides shown as escapes (``tutor.textsafe``), everything else,
    backslashes included, as typed; a text longer than ``limit`` is cut, saying how much
    was left out."""
    return quoted(text, limit)


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
    """``m:ss`` or ``h:mm:ss``; never negative (a clock step is no time spent)."""
    seconds = max(0, int(round(seconds))) if seconds == seconds else 0
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
    text: str  # one readable line, every field from the log escaped (tutor.textsafe)


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
    more: int = 0  # events after the first TIMELINE_LIMIT, counted but not listed


def _f(value: object) -> str:
    """One field from a log, on one line, for a terminal."""
    return visible("?" if value is None else value, SHOW_LIMIT)


def _describe_event(event_type: str, data: Mapping) -> str:
    if event_type == "session_start":
        text = f"session started (tutor {_f(data.get('version', '?'))})"
        return text + ", fresh start" if data.get("fresh") else text
    if event_type == "part_opened":
        return f"opened part {_f(data.get('part'))}"
    if event_type == "attempt":
        note = data.get("note", "")
        verdict = data.get("verdict", "?")
        shown = f"{_f(data.get('box'))}: {show(data.get('raw', ''))} -> {_f(verdict)}"
        if note and note != verdict:
            shown += f" ({_f(note)})"
        return shown + _in_variant(data)
    if event_type == "hint":
        return f"{_f(data.get('box'))}: hint {_f(data.get('index'))} revealed" + _in_variant(data)
    if event_type == "solution":
        return f"solution of {_f(data.get('part'))} revealed" + _in_variant(data)
    if event_type == "self_assessment":
        points = data.get("points") or []
        met = sum(1 for p in points if p)
        return f"self-assessment of {_f(data.get('part'))}: {met}/{len(points)} points met"
    if event_type == "reflection":
        return f"reflection {_f(data.get('prompt'))}: {show(data.get('text', ''))}"
    if event_type == "plot_viewed":
        return f"viewed plot {_f(data.get('plot'))}"
    if event_type == "session_end":
        return "session ended"
    return _f(event_type)


def _in_variant(data: Mapping) -> str:
    """`` [variant seed:7: layers = 12, every = 4]`` for an event of a practice variant."""
    key = variant_key(data)
    if key == HANDOUT_KEY:
        return ""
    params = data.get("params")
    values = ", ".join(f"{k} = {v}" for k, v in params.items()) if params else ""
    return f" [variant {_f(key)}{': ' + _f(values) if values else ''}]"


def timeline(session: Session, idle: float = IDLE_GAP_SECONDS) -> Timeline:
    """The timeline of a session read whole."""
    return timeline_of(
        session.events, session.path, idle, started=session.started, warnings=session.warnings
    )


def timeline_of(
    events: Iterable[Event],
    path: Path,
    idle: float = IDLE_GAP_SECONDS,
    *,
    started: str | None = None,
    warnings: Sequence[str] = (),
) -> Timeline:
    """The timeline of a session's events, read as they stream by: at most
    ``TIMELINE_LIMIT`` entries are kept (the rest are counted in ``more``)."""
    clock = PartClock(idle)
    entries: list[TimelineEntry] = []
    more = 0
    seconds: dict[str, float] = {}
    attempts: Counter[str] = Counter()
    hints: Counter[str] = Counter()
    solutions: set[str] = set()
    best: dict[str, dict[str, str]] = {}
    order: dict[str, None] = {}
    first_time = ""
    start_time = ""
    last_type = ""
    total = 0.0
    for event in events:
        at, gap, owner, part = clock.step(event)
        total += gap
        last_type = event.type
        first_time = first_time or event.time
        if event.type == "session_start" and not start_time:
            start_time = event.time
        if owner is not None and (owner in order or len(order) < MAX_PARTS):
            seconds[owner] = seconds.get(owner, 0.0) + gap
            order.setdefault(owner, None)
        if part is not None and len(order) < MAX_PARTS:
            order.setdefault(part, None)
        if len(entries) < TIMELINE_LIMIT:
            entries.append(
                TimelineEntry(
                    at=at, part=part, type=event.type, text=_describe_event(event.type, event.data)
                )
            )
        else:
            more += 1
        if part is None or part not in order:
            continue
        if event.type == "attempt":
            attempts[part] += 1
            box = event.data["box"]
            boxes = best.setdefault(part, {})
            if box in boxes or len(boxes) < MAX_BOXES:
                boxes[box] = better_verdict(boxes.get(box, ""), event.data["verdict"])
        elif event.type == "hint":
            hints[part] += 1
        elif event.type == "solution":
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
        session_id=path.stem,
        path=path,
        started=started if started is not None else (start_time or first_time),
        ended=last_type == "session_end",
        active_seconds=total,
        entries=tuple(entries),
        parts=tuple(parts),
        warnings=tuple(warnings),
        more=more,
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
    # proof boxes: the wrong orders submitted ("a → c → b"), most common first
    wrong_orders: tuple[tuple[str, int], ...] = ()
    # derivation boxes: the first line that failed ("2: 3x = 14"), most common first
    failing_lines: tuple[tuple[str, int], ...] = ()
    # practice variants (not the handout) the attempts were made in; "" and 0: none
    variants: int = 0

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
    # what the sessions were recorded with: content hash -> sessions ("" when not said)
    content_hashes: Mapping[str, int] = field(default_factory=dict)

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
                "wrong_orders": dict(b.wrong_orders[:top] if top else b.wrong_orders),
                "failing_lines": dict(b.failing_lines[:top] if top else b.failing_lines),
                "variants": b.variants,
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


class ClassTally:
    """The class figures, accumulated one session at a time (nothing of a session is kept
    once it has been added; what is kept across sessions is bounded: ``MAX_BOXES``...)."""

    def __init__(self, idle: float = IDLE_GAP_SECONDS, *, by_variant: bool = False):
        self.idle = idle
        self.by_variant = by_variant  # each practice variant's attempts as a box of their own
        self.variant_keys: dict[str, set[str]] = {}  # box -> practice variants tried (bounded)
        self.sessions = 0
        self.learners: set[str] = set()
        self.verdict_counts: dict[str, dict[str, int]] = {}
        self.notes: dict[str, dict[str, int]] = {}
        self.unmatched: dict[str, dict[str, dict[str, int]]] = {}  # box -> group -> spelling -> n
        self.reasoning: dict[str, Counter[str]] = {}  # box -> wrong order or failing line -> n
        self.first: dict[tuple[str, str], str] = {}  # (learner, box) -> first graded verdict
        self.solved: set[tuple[str, str]] = set()
        self.hint_seen: dict[tuple[str, str], set[int]] = {}  # (learner, box) -> indices
        self.part_seconds: dict[str, float] = {}
        self.part_learners: dict[str, set[str]] = {}
        self.solution_seen: dict[str, set[str]] = {}  # asked for
        self.solution_shown: dict[str, set[str]] = {}  # shown by itself after solving
        self.total_seconds = 0.0
        self.content_hashes: Counter[str] = Counter()
        self.groups = 0
        self.left_out: Counter[str] = Counter()  # what the bounds left out, by kind

    def _box(self, box: str) -> bool:
        """Whether ``box`` is counted (new boxes beyond MAX_BOXES are not)."""
        if box in self.verdict_counts:
            return True
        if len(self.verdict_counts) >= MAX_BOXES:
            self.left_out["boxes"] += 1
            return False
        self.verdict_counts[box] = {}
        self.notes[box] = {}
        self.unmatched[box] = {}
        return True

    def add(self, events: Iterable[Event], learner: str, content_hash: str = "") -> int:
        """Add one session's events (in order); returns how many there were."""
        self.sessions += 1
        self.learners.add(learner)
        clock = PartClock(self.idle)
        spent: dict[str, float] = {}
        count = 0
        hash_seen = False
        for event in events:
            count += 1
            _, gap, owner, part = clock.step(event)
            kind = event.type
            data = event.data
            if kind == "session_start" and not hash_seen:
                hash_seen = True
                self.content_hashes[data.get("content_hash", "")] += 1
            elif kind == "attempt":
                self._attempt(learner, data)
            elif kind == "hint":
                box = self.box_of(data)
                key = (learner, box)
                if self._box(box):
                    self.hint_seen.setdefault(key, set()).add(data["index"])
            elif kind == "part_opened":
                if part not in spent and len(spent) < MAX_PARTS:
                    spent[part] = 0.0  # type: ignore[index]
            elif kind == "solution" and part is not None:
                # shown by itself after solving ("asked": false) is not help asked for
                seen = self.solution_seen if data.get("asked") is not False else self.solution_shown
                if part in seen or len(seen) < MAX_PARTS:
                    seen.setdefault(part, set()).add(learner)
            if owner is not None and (owner in spent or len(spent) < MAX_PARTS):
                spent[owner] = spent.get(owner, 0.0) + gap
            self.total_seconds += gap
        if not hash_seen:
            self.content_hashes[""] += 1
        for part, seconds in spent.items():
            if part not in self.part_seconds and len(self.part_seconds) >= MAX_PARTS:
                self.left_out["parts"] += 1
                continue
            self.part_seconds[part] = self.part_seconds.get(part, 0.0) + seconds
            self.part_learners.setdefault(part, set()).add(learner)
        return count

    def box_of(self, data: Mapping) -> str:
        """The box an attempt or hint is counted under: its own id, every variant together,
        or with ``by_variant`` the id and the variant (``5c.derive [seed:7]``)."""
        box = data["box"]
        key = variant_key(data)
        if key == HANDOUT_KEY:
            return box
        if self.by_variant:
            return f"{box} [{key}]"
        seen = self.variant_keys.setdefault(box, set())
        if len(seen) < MAX_NOTES:
            seen.add(key)
        return box

    def _attempt(self, learner: str, data: Mapping) -> None:
        box = self.box_of(data)
        if not self._box(box):
            return
        verdict = data["verdict"]
        note = data.get("note") or verdict
        counts = self.verdict_counts[box]
        counts[verdict] = counts.get(verdict, 0) + 1
        box_notes = self.notes[box]
        if note in box_notes or len(box_notes) < MAX_NOTES:
            box_notes[note] = box_notes.get(note, 0) + 1
        else:
            self.left_out["notes"] += 1
        if verdict in ("partial", "incorrect") and not note.startswith(_PLAIN_NOTES):
            shown = reasoning_key(note, data)  # a proof's order or a derivation's failing line
            if shown:
                found = self.reasoning.setdefault(box, Counter())
                if shown in found or len(found) < MAX_NOTES:
                    found[bounded(shown, ANSWER_KEEP)] += 1
                else:
                    self.left_out["notes"] += 1
        if note == "incorrect":
            raw = data.get("raw", "")
            group = bounded(answer_key(raw, data.get("interpreted")), ANSWER_KEEP)
            forms = self.unmatched[box].get(group)
            if forms is None:
                if self.groups >= MAX_ANSWER_GROUPS:
                    self.left_out["answers"] += 1
                    forms = None
                else:
                    self.groups += 1
                    forms = self.unmatched[box][group] = {}
            if forms is not None:
                typed = bounded(spelling(raw), ANSWER_KEEP)
                if typed in forms or len(forms) < MAX_SPELLINGS:
                    forms[typed] = forms.get(typed, 0) + 1
                else:  # counted with the group's commonest spelling
                    top = max(forms, key=forms.__getitem__)
                    forms[top] += 1
        if verdict in GRADED:
            key = (learner, box)
            if key not in self.first:
                self.first[key] = verdict
            if verdict == "correct":
                self.solved.add(key)

    def result(self, students: int | None = None, warnings: Iterable[str] = ()) -> ClassSummary:
        warnings = list(warnings)
        bounds = {
            "boxes": f"answer boxes beyond the first {MAX_BOXES:,}",
            "parts": f"parts beyond the first {MAX_PARTS:,}",
            "notes": f"notes beyond the first {MAX_NOTES} of a box",
            "answers": f"unmatched answers beyond the first {MAX_ANSWER_GROUPS:,}",
        }
        for kind, count in self.left_out.items():
            warnings.append(f"{count:,} events about {bounds[kind]} were not counted")
        hint_counts: Counter[str] = Counter()
        hint_learners: dict[str, set[str]] = {}
        for (learner, box), indices in self.hint_seen.items():
            hint_counts[box] += len(indices)
            hint_learners.setdefault(box, set()).add(learner)
        first_learners: Counter[str] = Counter()
        first_right: Counter[str] = Counter()
        for (_, box), verdict in self.first.items():
            first_learners[box] += 1
            if verdict == "correct":
                first_right[box] += 1
        solved_counts = Counter(box for _, box in self.solved)
        box_ids = sorted(
            {b for b, counts in self.verdict_counts.items() if counts} | set(hint_counts),
            key=_box_sort_key,
        )
        boxes: dict[str, BoxSummary] = {}
        for box in box_ids:
            counts = Counter(self.verdict_counts.get(box, {}))
            groups = []
            spellings: dict[str, tuple[str, ...]] = {}
            for forms in self.unmatched.get(box, {}).values():
                ranked = tuple(f for f, _ in Counter(forms).most_common())
                groups.append((ranked[0], sum(forms.values())))
                spellings[ranked[0]] = ranked
            groups.sort(key=lambda g: -g[1])  # stable: first seen first among equals
            found = self.reasoning.get(box, Counter())
            orders = tuple((k[1:], c) for k, c in found.most_common() if k.startswith(">"))
            failing = tuple((k[1:], c) for k, c in found.most_common() if k.startswith("#"))
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
                notes=MappingProxyType(dict(Counter(self.notes.get(box, {})).most_common())),
                unmatched=tuple(groups),
                spellings=MappingProxyType(spellings),
                wrong_orders=orders,
                failing_lines=failing,
                variants=len(self.variant_keys.get(box, ())),
            )
        asked, shown = self.solution_seen, self.solution_shown
        part_ids = sorted(set(self.part_seconds) | set(asked) | set(shown), key=_box_sort_key)
        parts = {
            p: PartSummary(
                part=p,
                learners=len(
                    self.part_learners.get(p, set()) | asked.get(p, set()) | shown.get(p, set())
                ),
                seconds=self.part_seconds.get(p, 0.0),
                solutions=len(asked.get(p, ())),
                solutions_shown=len(shown.get(p, set()) - asked.get(p, set())),
            )
            for p in part_ids
        }
        return ClassSummary(
            sessions=self.sessions,
            learners=len(self.learners),
            students=students,
            seconds=self.total_seconds,
            boxes=MappingProxyType(boxes),
            parts=MappingProxyType(parts),
            warnings=tuple(warnings),
            content_hashes=MappingProxyType(dict(self.content_hashes)),
        )


def summarize(
    sessions: Sequence[Session],
    learner_of: Mapping[Path, str] | None = None,
    *,
    students: int | None = None,
    idle: float = IDLE_GAP_SECONDS,
    warnings: Iterable[str] = (),
    by_variant: bool = False,
) -> ClassSummary:
    """Per-box and per-part figures over many sessions read whole.

    ``learner_of`` maps a session's path to its learner (a student directory);
    sessions not in it are their own learner. Sessions are taken in start order.
    """
    learner_of = learner_of or {}
    tally = ClassTally(idle, by_variant=by_variant)
    with paused_gc():
        for session in sorted(sessions, key=Session.sort_key):
            tally.add(session.events, learner_of.get(session.path, session.id))
    return tally.result(students, warnings)


_PLAIN_NOTES = ("mistake:", "accept:", "order:", "incorrect", "decimal", "both-signs")


def reasoning_key(note: str, data: Mapping) -> str | None:
    """How a wrong proof or derivation is grouped: a proof by its order (">a → c → b"), a
    derivation by the first line that failed ("#2: 3x = 14"); None for other attempts."""
    head = note_head(note)
    raw = data.get("raw")
    if not isinstance(raw, str):
        return None
    if head in PROOF_NOTES:
        interpreted = data.get("interpreted")
        if type(interpreted) is str and interpreted.strip():
            return ">" + interpreted.strip()
        return ">" + " → ".join(raw.replace(",", " ").split())
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    number = failing_line(note)
    if number is None and head == DERIVATION_FINAL:
        number = len(lines)  # the steps followed: the last line is the one that is off
    if number is None or not 1 <= number <= len(lines):
        return None
    return f"#{number}: {spelling(lines[number - 1])}"


def _box_sort_key(identifier: str) -> tuple:
    """Sort "2a.x" before "10b.y": numbers numerically, the rest as text."""
    head = part_of(identifier)
    digits = "".join(ch for ch in head if ch.isdigit())
    return (int(digits[:18]) if digits else 10**18, identifier)


class SessionPipe(Protocol):
    """What each session's events may pass through before they are counted (the regrade and
    the per-learner extras of ``tutor.sessions.classreview``)."""

    def session(self, source: Source, events: Iterator[Event]) -> Iterator[Event]: ...


@dataclass(frozen=True)
class Reviewed:
    """What ``review`` read: the class figures, and the one session when there was one."""

    summary: ClassSummary
    single: Source | None  # the only session with events, when there was exactly one
    boxes_seen: frozenset[str]  # box ids answered or hinted (for the content-drift warning)


def review_sources(
    found: Collected,
    idle: float = IDLE_GAP_SECONDS,
    *,
    keep_boxes: int = MAX_BOXES,
    pipe: SessionPipe | None = None,
    by_variant: bool = False,
) -> Reviewed:
    """Read every session of ``found`` once, one at a time, into the class figures (each
    session's events through ``pipe`` first, when given).

    A file given by name with no session events is a ``UserError`` (exit 2); one found in
    a directory is skipped with a warning.
    """
    tally = ClassTally(idle, by_variant=by_variant)
    warnings = list(found.warnings)
    single: list[Source] = []
    boxes_seen: set[str] = set()
    for source, events in each_session(found.sources, warnings):
        if pipe is not None:
            events = pipe.session(source, events)
        tally.add(_noting_boxes(events, boxes_seen, keep_boxes), source.learner)
        if len(single) < 2:
            single.append(source)
    summary = tally.result(found.students, warnings)
    return Reviewed(summary, single[0] if len(single) == 1 else None, frozenset(boxes_seen))


def _noting_boxes(events: Iterable[Event], seen: set[str], keep: int) -> Iterator[Event]:
    for event in events:
        if event.type in ("attempt", "hint") and len(seen) < keep:
            seen.add(event.data["box"])
        yield event


# ---------------------------------------------------------------------------
# Printing (every field from a log through tutor.textsafe)

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
        f"Session {visible(tl.session_id)}",
        f"  started {_f(tl.started or 'unknown')}; active time {fmt_duration(tl.active_seconds)}"
        + ("" if tl.ended else "; not closed normally (the tutor stopped without ending it)"),
        "",
    ]
    for entry in tl.entries:
        lines.append(f"  +{fmt_duration(entry.at):>8}  {entry.text}")
    if tl.more:
        lines.append(f"  … and {tl.more:,} more events, not listed")
    if tl.parts:
        lines += ["", "Time per part:"]
        for p in tl.parts:
            bits = [f"{p.attempts} attempt{'s' if p.attempts != 1 else ''}"]
            if p.hints:
                bits.append(f"{p.hints} hint{'s' if p.hints != 1 else ''}")
            if p.solution:
                bits.append("solution seen")
            head = f"  {_f(p.part):<6} {fmt_duration(p.seconds):>8}  "
            lines.append(head + "; ".join(bits))
            if p.boxes:
                lines += _wrap("", [f"{_f(b)} {_f(v)}" for b, v in p.boxes.items()], len(head))
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
        width = max(12, min(22, max(len(_f(b.box)) for b in boxes) + 2))
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
            name = _f(b.box)
            name = name if len(name) < width else name[: width - 2] + "…"
            lines.append(
                f"{name:<{width}}{first:>15}{solved:>9}{b.attempts:>10}{per:>13}{b.hints:>7}"
            )
            if b.variants:
                lines.append(
                    f"    across the handout and {b.variants} practice "
                    f"variant{'s' if b.variants != 1 else ''} (--by-variant lists them apart)"
                )
            mistakes = b.mistakes[:top]
            if mistakes:
                shown = [f"{_f(n.removeprefix('mistake:'))} ×{c}" for n, c in mistakes]
                lines += _wrap("known mistakes: ", shown)
            if b.wrong_orders:
                shown = [f"{show(o)} ×{c}" for o, c in b.wrong_orders[:top]]
                lines += _wrap("wrong orders: ", shown)
            if b.failing_lines:
                shown = [
                    f"line {t.partition(': ')[0]} {show(t.partition(': ')[2])} ×{c}"
                    for t, c in b.failing_lines[:top]
                ]
                lines += _wrap("first failing lines: ", shown)
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
                f"{_f(p.part):<8}{p.learners:>9}{fmt_duration(p.seconds):>13}{p.solutions:>17}"
                f"{p.solutions_shown:>21}"
            )
    return "\n".join(lines)


def timeline_to_json(tl: Timeline) -> dict:
    """The timeline as JSON data (print it with ``tutor.textsafe.json_text``)."""
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
        "more_events": tl.more,
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
