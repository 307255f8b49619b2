"""The gradebook: one row per student, regraded from their logs.

Every logged answer is judged again with the current content (``tutor.sessions.regrade``); a
logged verdict is never trusted. Students are merged by id across hand-ins and folders
(``tutor.sessions.sources``), and their sessions read one at a time, event by event, through
the session log's checking reader: memory holds one student's figures, never the sessions.

The points rule (documented in docs/session-logs.md, "Gradebook"):

- a part is worth its ``points`` key in the content, else 1 point when it has answer boxes
  and 0 when it has none (reflections, explanations alone: ungraded by default);
- each answer box earns credit by the best verdict the student reached today: correct 1,
  partial ½, anything else 0; a part scores its points times the mean credit of its boxes;
- a part without boxes that is given points earns them all once the student wrote something
  for it (a self-assessment with a point ticked or a word written, or a reflection that is
  not blank; a blank one earns nothing);
- a part's points are rounded to the hundredth (a half up), and the total is the sum of the rounded
  parts (what the CSV shows adds up);
- hints and solutions cost nothing: they are reported beside the points, for the instructor
  to weigh.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from tutor.content.model import Content, Part
from tutor.sessions.learner import LearnerRecord, LearnerReplay
from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.sessions.regrade import LearnerRegrade, VerdictChange
from tutor.sessions.regrader import Regrader
from tutor.sessions.review import box_sort_key, content_drift
from tutor.sessions.sources import Collected, each_session, unread
from tutor.sessions.window import Window
from tutor.wording import said_list

BOX_CREDIT = {"correct": 1.0, "partial": 0.5}
POINT_DIGITS: Final = 2  # a part's points are rounded to the hundredth; the total is their sum
FORMAT = "hw3-tutor-gradebook"
MAX_LISTED_CHANGES: Final = 10_000  # changed verdicts listed for a class (the rest counted)
NAMED_STUDENTS: Final = 10  # students a class-wide warning names (the rest are counted)
MAX_UNKNOWN_BOXES: Final = 2_000  # boxes the content does not have, kept for the warning


def round_points(value: float) -> float:
    """Points to the hundredth, a half up (0.625 is 0.63, as a grader rounds it)."""
    step = Decimal(1).scaleb(-POINT_DIGITS)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def part_points(part: Part) -> float:
    """What a part is worth: its ``points``, else 1 with answer boxes and 0 without."""
    if part.points is not None:
        return part.points
    return 1.0 if part.boxes else 0.0


def part_score(part: Part, rec: LearnerRecord) -> float:
    """The points a student earned in a part (the rule above)."""
    worth = part_points(part)
    if not worth:
        return 0.0
    if part.boxes:
        credit = sum(
            BOX_CREDIT.get(rec.boxes[b].best, 0.0) if b in rec.boxes else 0.0 for b in part.boxes
        )
        return worth * credit / len(part.boxes)
    return worth if wrote_something(part, rec) else 0.0


def wrote_something(part: Part, rec: LearnerRecord) -> bool:
    """The student wrote something for a part: a self-assessment with a point ticked or a
    word written, or a reflection not blank (a blank one, of either kind, is nothing)."""
    assessment = rec.assessments.get(part.id)
    return (assessment is not None and not assessment.empty) or any(
        rec.reflections.get(r.id, "").strip() for r in part.reflect
    )


def part_status(part: Part, rec: LearnerRecord) -> str:
    """correct (every box), partial (some credit), incorrect (tried, no credit), untried;
    for a part without boxes: done or untried."""
    if not part.boxes:
        return "done" if wrote_something(part, rec) else "untried"
    statuses = [rec.boxes[b].status if b in rec.boxes else "untried" for b in part.boxes]
    if all(s == "correct" for s in statuses):
        return "correct"
    if any(s in ("correct", "partial") for s in statuses):
        return "partial"
    if all(s == "untried" for s in statuses):
        return "untried"
    return "incorrect"


@dataclass(frozen=True)
class Row:
    """One student's line of the gradebook."""

    student: str
    identified: bool
    points: dict[str, float]  # graded part -> points earned
    total: float
    parts: dict[str, str]  # every part -> status
    boxes: dict[str, str]  # every box -> status
    first_try_no_hints: int  # boxes right at the first graded try, before any hint
    hints: int  # distinct hints revealed (content boxes)
    solutions_asked: int  # parts whose worked solution the student asked for
    solutions_shown: int  # parts whose solution was shown by itself after solving
    seconds: float  # active time
    sessions: int
    first_activity: datetime | None
    last_activity: datetime | None
    changes: tuple[VerdictChange, ...]
    attempts: int  # graded answers (unreadable input excluded), content boxes
    changed: int = 0  # verdicts the regrade changed (``changes`` lists the first of them)
    practice_attempts: int = 0  # answers in practice variants (not graded: the handout is)


def make_row(rec: LearnerRecord, content: Content) -> Row:
    parts = content.parts()
    boxes = content.boxes
    # each part's points as shown (to the hundredth), the total their sum: the CSV's cells add
    # up to its total, and the JSON says the same
    points = {p.id: round_points(part_score(p, rec)) for p in parts if part_points(p) > 0}
    return Row(
        student=rec.learner,
        identified=rec.identified,
        points=points,
        total=round_points(sum(points.values())),
        parts={p.id: part_status(p, rec) for p in parts},
        boxes={b: rec.boxes[b].status if b in rec.boxes else "untried" for b in boxes},
        first_try_no_hints=rec.first_try_no_hints(boxes),
        hints=sum(len(rec.boxes[b].hints) for b in boxes if b in rec.boxes),
        solutions_asked=len(rec.solutions_asked),
        solutions_shown=len(rec.solutions_shown - rec.solutions_asked),
        seconds=rec.seconds,
        sessions=rec.sessions,
        first_activity=rec.first_activity,
        last_activity=rec.last_activity,
        changes=tuple(rec.changes),
        attempts=sum(rec.boxes[b].attempts for b in boxes if b in rec.boxes),
        changed=rec.changed,
        practice_attempts=rec.practice,
    )


@dataclass
class Gradebook:
    content: Content
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    handins: int = 0
    files: int = 0
    window: Window | None = None

    @property
    def graded_parts(self) -> list[Part]:
        return [p for p in self.content.parts() if part_points(p) > 0]

    @property
    def max_points(self) -> float:
        return sum(part_points(p) for p in self.graded_parts)

    @property
    def changes(self) -> list[VerdictChange]:
        """The changed verdicts listed (at most ``MAX_LISTED_CHANGES``; ``changed`` counts all)."""
        return [c for row in self.rows for c in row.changes][:MAX_LISTED_CHANGES]

    @property
    def changed(self) -> int:
        return sum(row.changed for row in self.rows)


class _Unknown:
    """The boxes the content does not have that students answered, said in one warning for the
    class (after a box is renamed, every student has some: one line each was a page of them)."""

    def __init__(self) -> None:
        self.boxes: Counter[str] = Counter()  # box -> students who answered it
        self.students: list[str] = []  # the first of them, to name
        self.count = 0  # students with any

    def add(self, learner: str, boxes: list[str]) -> None:
        if not boxes:
            return
        self.count += 1
        if len(self.students) < NAMED_STUDENTS:
            self.students.append(learner)
        for box in boxes:
            if box in self.boxes or len(self.boxes) < MAX_UNKNOWN_BOXES:
                self.boxes[box] += 1

    def warnings(self) -> list[str]:
        if not self.count:
            return []
        ordered = sorted(self.boxes, key=box_sort_key)
        shown = ", ".join(
            f"{box} ({n:,} student{'s' if n != 1 else ''})"
            for box, n in ((b, self.boxes[b]) for b in ordered[:10])
        ) + (f" and {len(ordered) - 10:,} more" if len(ordered) > 10 else "")
        who = ", ".join(self.students) + (
            f" and {self.count - len(self.students):,} more"
            if self.count > len(self.students)
            else ""
        )
        return [
            f"answers to boxes the content does not have are not graded: {shown}; "
            f"{self.count:,} student{'s' if self.count != 1 else ''} ({who})"
        ]


def _look(student: str) -> str:
    """How an id looks in a spreadsheet: case, width and the encoding of accents aside
    (Unicode NFKC and case folding); a hand-in's row, named by its file, by the id in it."""
    name = student.rsplit("/", 1)[-1].removeprefix("hw3-handin-").removesuffix(".zip")
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def case_twins(students: list[str]) -> list[str]:
    """A warning for each group of student ids that look the same: that differ only in case
    (``Alice`` and ``alice``), or in width or how an accent is encoded (fullwidth ``ｓ0100``
    and ``s0100``; ``josé`` composed and decomposed: the same under Unicode NFKC and case
    folding). Ids are compared exactly, so they are rows apart, but may be one student (the
    first ``NAMED_STUDENTS`` groups named, the rest counted)."""
    groups: dict[str, list[str]] = {}
    for student in dict.fromkeys(students):
        groups.setdefault(_look(student), []).append(student)
    twins = [sorted(ids) for ids in groups.values() if len(ids) > 1]
    out = []
    for ids in twins[:NAMED_STUDENTS]:
        if len({i.lower() for i in ids}) == 1:
            out.append(
                f"{said_list(ids)}: student ids that differ only in case, counted "
                "apart (ids are matched exactly); they may be the same student"
            )
        else:  # the code points, since the ids themselves may show the same
            out.append(
                f"{said_list([f'{i} ({ascii(i)})' for i in ids])}: student ids that look "
                "alike (they differ only in case, width or how an accent is encoded: the same "
                "under Unicode NFKC), counted apart (ids are matched exactly); they may be "
                "the same student"
            )
    if len(twins) > NAMED_STUDENTS:
        more = len(twins) - NAMED_STUDENTS
        out.append(f"… and {more:,} more groups of student ids that look alike")
    return out


def build_gradebook(
    found: Collected,
    content: Content,
    regrader: Regrader,
    *,
    window: Window | None = None,
    idle: float = IDLE_GAP_SECONDS,
    on_learner: Callable[[LearnerRecord], None] | None = None,
) -> Gradebook:
    """One row per learner of ``found``: each learner's sessions read in turn, event by event,
    judged again and replayed (one learner's figures in memory at a time). ``on_learner`` sees
    each learner's record."""
    book = Gradebook(content, handins=found.handins, files=found.files, window=window)
    book.warnings.extend(found.warnings)
    state: list[tuple[LearnerReplay, LearnerRegrade]] = []
    unknown = _Unknown()
    hashes: Counter[str] = Counter()  # sessions read per content hash (the content drift)

    def finish() -> None:
        if not state:
            return
        replay, regrade = state.pop()
        rec = replay.record()
        rec.changes.extend(regrade.changes)
        rec.more_changes += regrade.more
        altered = regrade.altered_warning()
        if altered is not None:
            book.warnings.append(altered)
        clock = rec.clock_warning()
        if clock is not None:
            book.warnings.append(clock)
        if on_learner is not None:
            on_learner(rec)
        book.rows.append(make_row(rec, content))
        unknown.add(rec.learner, [b for b in rec.boxes if b not in content.boxes])

    learner: str | None = None
    read: set[str] = set()
    # sessions are kept whole: answers after --until are counted, and said (per session)
    late = window.late_answers(handout_only=True) if window is not None else None
    for source, events in each_session(found.sources, book.warnings, regrader.spooled):
        read.add(source.learner)
        if late is not None:
            events = late.watch(events, source.learner)
        hashes[source.header.content_hash] += 1
        if source.learner != learner:
            finish()
            learner = source.learner
            state.append(
                (
                    LearnerReplay(
                        learner, identified=source.identified, idle=idle, handout_only=True
                    ),
                    LearnerRegrade(regrader, learner),
                )
            )
        replay, regrade = state[0]
        for _ in replay.watch(regrade.session(events, source.session_id), source.session_id):
            pass
    finish()
    late_warning = late.warning() if late is not None else None
    if late_warning is not None:
        book.warnings.append(late_warning)
    book.warnings.extend(content_drift(hashes, (), content))  # as review says it
    book.warnings.extend(unknown.warnings())
    missing = unread(found, read)
    book.warnings.extend(missing.warnings)
    for learner, identified in missing.handed_in:  # handed in: a row, nothing done
        state.append(
            (
                LearnerReplay(learner, identified=identified, idle=idle, handout_only=True),
                LearnerRegrade(regrader, learner),
            )
        )
        finish()
    book.rows.sort(key=lambda r: (not r.identified, r.student))
    book.warnings.extend(case_twins([r.student for r in book.rows]))
    if book.changed > len(book.changes):
        book.warnings.append(
            f"{book.changed:,} verdicts changed by the regrade; the first "
            f"{len(book.changes):,} are listed"
        )
    return book
