"""Many sessions: the class summary of ``hw3-tutor review`` (per answer box: attempts, the
first-try correct rate, hints, known mistakes, unmatched wrong answers; per part: time and
solutions), tallied one session at a time (``ClassTally``), what is kept bounded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final, Protocol

from tutor.notes import ANSWER_NOTES, DERIVATION_FINAL, PROOF_NOTES, failing_line, note_head
from tutor.sessions.logformat import HANDOUT_KEY, IDLE_GAP_SECONDS, box_in_variant, variant_key
from tutor.sessions.logreader import Event, Session, paused_gc
from tutor.sessions.review import (
    MAX_BOXES,
    MAX_PARTS,
    PartClock,
    answer_key,
    box_sort_key,
    spelling,
)
from tutor.sessions.sources import Collected, Opener, Source, each_session, unread
from tutor.textsafe import bounded, cut_like

GRADED = ("correct", "partial", "incorrect")
FEW_LEARNERS = 2  # a box answered by fewer learners is listed after the others when sorting

# What a class summary keeps besides ``tutor.sessions.review.MAX_BOXES`` and ``MAX_PARTS``
MAX_NOTES: Final = 100  # distinct notes per box
MAX_ANSWER_GROUPS: Final = 20_000  # unmatched answers, all boxes together
MAX_SPELLINGS: Final = 10  # spellings kept per unmatched answer
ANSWER_KEEP: Final = 200  # characters of an unmatched answer kept (it is shown cut anyway)


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
            return (2, 2.0, 2.0, 0.0, box_sort_key(self.box))
        solved = self.solved / self.learners
        few = 1 if self.learners < FEW_LEARNERS else 0
        rate = self.first_try / self.learners
        return (few, rate, solved, -self.attempts / self.learners, box_sort_key(self.box))

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
    # of ``students``, those with nothing readable (a hand-in that does not read, or whose
    # sessions all failed): counted as students, not among the learners
    nothing_readable: int = 0

    def who(self) -> str:
        """``12 sessions, 12 students, 3 with nothing readable``: the sessions and whom."""
        who = f"{self.sessions} session{'s' if self.sessions != 1 else ''}"
        if self.students is not None:
            who += f", {self.students} student{'s' if self.students != 1 else ''}"
            if self.nothing_readable:
                who += f", {self.nothing_readable} with nothing readable"
        elif self.learners != self.sessions:
            who += f", {self.learners} learner{'s' if self.learners != 1 else ''}"
        return who

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
            "students_with_nothing_readable": self.nothing_readable,
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
            return box_in_variant(box, key)
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
                # right at the first try, but after asking for the part's worked solution:
                # not a first-try success
                part = data["box"].split(".", 1)[0]
                asked = learner in self.solution_seen.get(part, ())
                self.first[key] = "after-solution" if asked and verdict == "correct" else verdict
            if verdict == "correct":
                self.solved.add(key)

    def result(
        self, students: int | None = None, warnings: Iterable[str] = (), nothing_readable: int = 0
    ) -> ClassSummary:
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
            key=box_sort_key,
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
        part_ids = sorted(set(self.part_seconds) | set(asked) | set(shown), key=box_sort_key)
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
            nothing_readable=nothing_readable,
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


_PLAIN_NOTES = ("mistake:", "accept:", "order:", *ANSWER_NOTES)


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
        return cut_like(">" + " → ".join(raw.replace(",", " ").split()), raw)
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    interpreted = data.get("interpreted")
    if type(interpreted) is str and " | " in interpreted:
        # the steps as the checker read them (``interpreted``: "c²·d₁ = 1 | c² = 2/d₁"): the
        # typed lines hold blank lines, headings and prose that are no steps
        lines = interpreted.split(" | ")
    number = failing_line(note)
    if number is None and head == DERIVATION_FINAL:
        number = len(lines)  # the steps followed: the last line is the one that is off
    if number is None or not 1 <= number <= len(lines):
        return None
    line = lines[number - 1]
    shown = f"#{line_label(data.get('feedback'), number)}: {spelling(line)}"
    return cut_like(shown, raw) if number == len(lines) else shown  # the last line was cut


def line_label(feedback: object, number: int) -> str:
    """Step ``number`` of a derivation named as the part screen named it when it was judged:
    its line in the box ("2", "1.2" for the second step on line 1), read from the feedback's
    marks ("Lines: 1 ✓  1.2 ✗"); the step's number where the feedback has none (trial tui3
    T13: review said "step 2" of what the screen called line 1.2)."""
    if type(feedback) is not str:
        return str(number)
    marks = next(
        (ln for ln in reversed(feedback[-4_000:].split("\n")) if ln.startswith("Lines: ")), None
    )
    if marks is None:
        return str(number)
    entries = marks[len("Lines: ") :].split("  ")
    if not 1 <= number <= len(entries):
        return str(number)
    label = entries[number - 1].split(" ", 1)[0]
    return label if label.replace(".", "", 1).isdigit() else str(number)


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
    opener: Opener | None = None,
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
    read: set[str] = set()
    # sessions are kept whole: answers after --until are counted, and said (per session)
    late = found.window.late_answers() if found.window is not None else None
    for source, events in each_session(found.sources, warnings, opener):
        read.add(source.learner)
        if late is not None:
            events = late.watch(events, source.learner)
        if pipe is not None:
            events = pipe.session(source, events)
        tally.add(_noting_boxes(events, boxes_seen, keep_boxes), source.learner)
        if len(single) < 2:
            single.append(source)
    late_warning = late.warning() if late is not None else None
    if late_warning is not None:
        warnings.append(late_warning)
    missing = unread(found, read)  # the students the gradebook has a row for, counted alike
    warnings.extend(missing.warnings)
    summary = tally.result(
        missing.students(found, read), warnings, missing.nothing_readable(found, read)
    )
    return Reviewed(summary, single[0] if len(single) == 1 else None, frozenset(boxes_seen))


def _noting_boxes(events: Iterable[Event], seen: set[str], keep: int) -> Iterator[Event]:
    for event in events:
        if event.type in ("attempt", "hint") and len(seen) < keep:
            seen.add(event.data["box"])
        yield event
