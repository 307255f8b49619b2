"""The tutor's in-session state: what the student has done, kept in step with the session log.

This module is plain Python (no Textual) so it can be tested without an app. The UI asks it
what to show (box status, hints revealed, whether the solution may be shown) and tells it what
the student did (an attempt, a hint, a solution, a self-assessment, a reflection); every such
event is written to the session log as it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.content.loader import BoxSpec, Content, Part

if TYPE_CHECKING:
    from tutor.sessions.progress import Progress

# Status of one answer box, from worst to best.
UNTRIED, INCORRECT, PARTIAL, CORRECT = "untried", "incorrect", "partial", "correct"
STATUS_RANK = {UNTRIED: 0, INCORRECT: 1, PARTIAL: 2, CORRECT: 3}
GLYPHS = {UNTRIED: "○", INCORRECT: "✗", PARTIAL: "◐", CORRECT: "✓"}
STATUS_WORDS = {
    UNTRIED: "not tried",
    INCORRECT: "wrong",
    PARTIAL: "partly right",
    CORRECT: "correct",
}


@dataclass
class LastCheck:
    """The most recent judged answer in a box (shown again when the part is reopened)."""

    answer: str
    verdict: str
    feedback: str
    interpreted: str
    note: str


@dataclass
class BoxState:
    status: str = UNTRIED
    attempts: int = 0
    hints: int = 0
    last: LastCheck | None = None


@dataclass
class Assessment:
    points: list[bool]
    text: str


@dataclass
class TutorState:
    """Everything the UI needs to know about the student's progress."""

    content: Content
    log: Any  # tutor.sessionlog.SessionLog (or anything with the same methods)
    boxes: dict[str, BoxState] = field(default_factory=dict)
    solutions: set[str] = field(default_factory=set)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    reflections: dict[str, str] = field(default_factory=dict)
    last_part: str | None = None
    past_seconds: float = 0.0  # time spent in earlier sessions (idle gaps excluded)

    @property
    def hours(self) -> float | None:
        """Hours spent on the homework so far, this session included (problem 6c)."""
        current = float(getattr(self.log, "active_seconds", 0.0) or 0.0)
        total = self.past_seconds + current
        return total / 3600.0 if total > 0 else None

    def __post_init__(self) -> None:
        for box_id in self.content.boxes:
            self.boxes.setdefault(box_id, BoxState())

    # ----- restoring ---------------------------------------------------------------------

    @classmethod
    def restore(cls, content: Content, log: Any, progress: Progress | None) -> TutorState:
        """Build the state from the progress rebuilt from earlier session logs."""
        state = cls(content=content, log=log)
        if progress is None:
            return state
        for box_id, bp in progress.boxes.items():
            if box_id not in state.boxes:
                continue  # a box that no longer exists in the content
            box = state.boxes[box_id]
            best = bp.best if bp.best in STATUS_RANK else UNTRIED
            box.status = best
            box.attempts = bp.attempts
            box.hints = min(bp.hints, len(content.boxes[box_id].hints))
            if bp.latest_raw and bp.latest and bp.latest != "invalid":
                box.last = LastCheck(
                    bp.latest_raw,
                    bp.latest,
                    bp.latest_feedback,
                    bp.latest_interpreted,
                    bp.latest_note,
                )
        state.solutions = set(progress.solutions_seen)
        for part_id, sa in progress.self_assessments.items():
            state.assessments[part_id] = Assessment([bool(p) for p in sa.points], sa.text)
        state.reflections = dict(progress.reflections)
        last = progress.last_part
        state.last_part = last if last and content.part(last) is not None else None
        state.past_seconds = max(0.0, float(progress.seconds))
        return state

    # ----- queries -----------------------------------------------------------------------

    def box(self, box_id: str) -> BoxState:
        return self.boxes[box_id]

    def spec(self, box_id: str) -> BoxSpec:
        return self.content.boxes[box_id]

    def part_status(self, part: Part) -> str:
        """A part's status: correct when every box is, untried when none was tried."""
        if not part.boxes:
            done = (
                part.id in self.assessments
                or any(r.id in self.reflections for r in part.reflect)
                or part.id in self.solutions
            )
            return CORRECT if done else UNTRIED
        statuses = [self.boxes[b].status for b in part.boxes]
        if all(s == CORRECT for s in statuses):
            return CORRECT
        if all(s == UNTRIED for s in statuses):
            return UNTRIED
        if any(s in (CORRECT, PARTIAL) for s in statuses):
            return PARTIAL
        return INCORRECT

    def part_hints(self, part: Part) -> int:
        return sum(self.boxes[b].hints for b in part.boxes)

    def all_correct(self, part: Part) -> bool:
        return bool(part.boxes) and all(self.boxes[b].status == CORRECT for b in part.boxes)

    def solution_unlocked(self, part: Part) -> bool:
        """The solution may be shown without asking: every box correct, or the explanation assessed."""
        if part.boxes:
            return self.all_correct(part)
        return part.id in self.assessments or bool(part.reflect)

    def summary(self) -> tuple[int, int, int, int, int]:
        """(boxes correct, graded boxes, parts done, parts, hints used)."""
        parts = self.content.parts()
        graded = [b for p in parts for b in p.boxes]
        correct = sum(1 for b in graded if self.boxes[b].status == CORRECT)
        done = sum(1 for p in parts if self.part_status(p) == CORRECT)
        hints = sum(self.boxes[b].hints for b in graded)
        return correct, len(graded), done, len(parts), hints

    def neighbour(self, part_id: str, step: int) -> str | None:
        ids = [p.id for p in self.content.parts()]
        if part_id not in ids:
            return None
        i = ids.index(part_id) + step
        return ids[i] if 0 <= i < len(ids) else None

    def resume_part(self) -> str | None:
        """Where to continue: the last part opened, else the first part not done."""
        if self.last_part:
            return self.last_part
        for part in self.content.parts():
            if self.part_status(part) != CORRECT:
                return part.id
        return None

    def next_hint_box(self, part: Part, focused: str | None = None) -> str | None:
        """Which box a hint request is for: the focused one (even when its hints are all
        shown: a hint never goes to another box than the one the student is in); with no box
        focused, the first not yet correct that has a hint left, else the first not correct."""
        if focused in part.boxes:
            return focused
        unsolved = [b for b in part.boxes if self.boxes[b].status != CORRECT]
        for box_id in unsolved:
            if self.boxes[box_id].hints < len(self.spec(box_id).hints):
                return box_id
        if unsolved:
            return unsolved[0]
        return part.boxes[0] if part.boxes else None

    # ----- events (each one is logged) ---------------------------------------------------

    def open_part(self, part_id: str) -> None:
        self.last_part = part_id
        self.log.part_opened(part_id)

    def record_attempt(self, box_id: str, answer: str, verdict: Any) -> BoxState:
        """Record a judged answer. Invalid answers are logged but never count as attempts."""
        self.log.attempt(
            box_id,
            answer,
            verdict.verdict,
            verdict.note,
            verdict.ms,
            feedback=verdict.feedback,
            interpreted=verdict.interpreted,
        )
        box = self.boxes[box_id]
        if verdict.verdict == "invalid":
            return box
        box.attempts += 1
        box.last = LastCheck(
            answer, verdict.verdict, verdict.feedback, verdict.interpreted, verdict.note
        )
        if STATUS_RANK.get(verdict.verdict, 0) > STATUS_RANK[box.status]:
            box.status = verdict.verdict
        return box

    def reveal_hint(self, box_id: str) -> tuple[int, str] | None:
        """Reveal the next hint of a box: (1-based index, text), or None when all are shown."""
        box = self.boxes[box_id]
        hints = self.spec(box_id).hints
        if box.hints >= len(hints):
            return None
        box.hints += 1
        self.log.hint(box_id, box.hints)
        return box.hints, hints[box.hints - 1]

    def reveal_solution(self, part_id: str, asked: bool = False) -> None:
        """Show a part's solution (logged once): ``asked`` when the student asked for it,
        not when it appears by itself after the part is solved."""
        if part_id not in self.solutions:
            self.solutions.add(part_id)
            self.log.solution(part_id, asked=asked)

    def save_assessment(self, part_id: str, points: list[bool], text: str) -> None:
        self.assessments[part_id] = Assessment(list(points), text)
        self.log.self_assessment(part_id, list(points), text)

    def save_reflection(self, prompt_id: str, text: str) -> bool:
        """Log a reflection if it changed; returns whether anything was written."""
        if self.reflections.get(prompt_id) == text:
            return False
        self.reflections[prompt_id] = text
        self.log.reflection(prompt_id, text)
        return True

    def reflection_text(self, prompt_id: str, prefill: str | None) -> str:
        if prompt_id in self.reflections:
            return self.reflections[prompt_id]
        if prefill == "hours" and self.hours is not None and self.hours >= 0.05:
            return f"{self.hours:.1f}"
        return ""
