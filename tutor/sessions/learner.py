"""One learner's work replayed from (regraded) sessions.

:class:`LearnerReplay` follows one learner's sessions in start order, event by event as they
stream by (``watch``), and keeps, per answer box, what the gradebook and the class report
need: attempts (unreadable input excluded), the best and the first graded verdict, hints
revealed before that first try, whether the box was solved after each hint; per part, the
solutions asked for (and those shown by themselves once the part was solved), the latest
self-assessment and reflections; and the learner's active time, sessions and last activity.
It reads the events as ``tutor.sessions.regrade.LearnerRegrade`` passes them on: today's
verdicts, and every solution event saying whether it was asked for.

Events come from the session log's checking reader: every field is typed and bounded there.
What is kept is bounded here too (boxes, parts, texts), and every field printed goes through
``tutor.textsafe``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from tutor.sessions.activetime import Timing
from tutor.sessions.identity import is_student_id
from tutor.sessions.logformat import (
    HANDOUT_KEY,
    IDLE_GAP_SECONDS,
    box_in_variant,
    future_limit,
    parse_time,
    variant_key,
)
from tutor.sessions.logreader import Event, Session
from tutor.sessions.regrade import VerdictChange
from tutor.sessions.review import (
    MAX_BOXES,
    MAX_PARTS,
)
from tutor.textsafe import bounded, visible
from tutor.verdicts import GRADED_VERDICTS, VERDICT_RANK

MAX_CLOCK_NOTES: Final = 3  # sessions whose times are not believed, named per learner
MAX_KEPT_TEXT: Final = 2_000  # characters of a student's text kept (the rest is counted)


def learner_label(learner: str, room: int = 24) -> str:
    """A learner for a terminal line, at most ``room`` columns: a student id as it is (the id
    rule admits nothing to escape), anything else (a path) escaped; a longer one keeps its
    end (a path's last folders say the most)."""
    text = learner if is_student_id(learner) else visible(learner, None)
    return text if len(text) <= room else "…" + text[-(room - 1) :]


@dataclass
class BoxTrack:
    """One learner's work in one box (regraded verdicts)."""

    attempts: int = 0  # graded submissions: unreadable input is not an attempt
    invalid: int = 0  # unreadable submissions
    best: str = ""  # best verdict ("" none yet)
    first: str = ""  # first graded verdict
    first_hints: int = 0  # distinct hints revealed before the first graded attempt
    solved: bool = False
    hints: set[int] = field(default_factory=set)
    # per hint index revealed while unsolved: [solved afterwards, next graded try correct | None]
    after_hint: dict[int, list] = field(default_factory=dict)
    _waiting: list[int] = field(default_factory=list)  # hints awaiting the next graded verdict

    @property
    def first_try(self) -> bool:
        return self.first == "correct"

    @property
    def first_try_no_hints(self) -> bool:
        return self.first == "correct" and self.first_hints == 0

    @property
    def status(self) -> str:
        """correct / partial / incorrect / invalid (only unreadable input) / untried."""
        if self.best:
            return self.best
        return "invalid" if self.invalid else "untried"


@dataclass(frozen=True)
class Assessment:
    points: tuple[bool, ...]
    text: str  # at most MAX_KEPT_TEXT characters (a ``Cut`` counting the rest)

    @property
    def empty(self) -> bool:
        """Nothing ticked and nothing written: submitted blank, as a blank reflection is."""
        return not any(self.points) and not self.text.strip()


@dataclass
class LearnerRecord:
    """Everything one learner did, over all their sessions."""

    learner: str
    identified: bool = False  # ``learner`` is a student id
    boxes: dict[str, BoxTrack] = field(default_factory=dict)
    solutions_asked: set[str] = field(default_factory=set)
    solutions_shown: set[str] = field(default_factory=set)  # shown by themselves after solving
    assessments: dict[str, Assessment] = field(default_factory=dict)  # latest per part
    reflections: dict[str, str] = field(default_factory=dict)  # latest per prompt
    seconds: float = 0.0
    sessions: int = 0
    first_activity: datetime | None = None
    last_activity: datetime | None = None
    changes: list[VerdictChange] = field(default_factory=list)
    more_changes: int = 0  # changed verdicts not listed in ``changes`` (beyond the bound)
    left_out: int = 0  # events about boxes or parts beyond the bounds, not counted
    practice: int = 0  # attempts in practice variants left out of the handout's figures
    # sessions whose times are not believed (``Timing.clock_note``): the first few, and a count
    clock_notes: list[str] = field(default_factory=list)
    clock_count: int = 0

    def clock_warning(self) -> str | None:
        """The warning for this learner's sessions whose times are not believed, or None."""
        if not self.clock_count:
            return None
        more = self.clock_count - len(self.clock_notes)
        return (
            f"{self.learner}: "
            + "; ".join(self.clock_notes)
            + (f" (and {more:,} more session{'s' if more != 1 else ''})" if more > 0 else "")
        )

    @property
    def changed(self) -> int:
        return len(self.changes) + self.more_changes

    @property
    def hints(self) -> int:
        return sum(len(b.hints) for b in self.boxes.values())

    def first_try_no_hints(self, boxes: Iterable[str] | None = None) -> int:
        chosen = (
            self.boxes if boxes is None else {b: self.boxes[b] for b in boxes if b in self.boxes}
        )
        return sum(1 for b in chosen.values() if b.first_try_no_hints)


class LearnerReplay:
    """Replays one learner's sessions, in start order: pass each session's events through
    ``watch`` (or a session read whole to ``add``), then take ``record``. What it keeps is
    bounded (``MAX_BOXES`` boxes, ``MAX_PARTS`` parts and prompts, texts cut).

    ``handout_only`` (the gradebook): attempts, hints and solutions of a practice variant are
    left out of the boxes' and parts' figures (the homework is graded on the handout's numbers,
    as the tutor's own progress keeps variants apart); its attempts are counted in ``practice``.
    Otherwise (the class review) a box's attempts are grouped across variants, or with
    ``by_variant`` (``review --by-variant``) each variant's attempts and hints are a box of
    their own (``5c.derive [seed:7]``), as the class figures then count them."""

    def __init__(
        self,
        learner: str,
        *,
        identified: bool = False,
        idle: float = IDLE_GAP_SECONDS,
        handout_only: bool = False,
        by_variant: bool = False,
    ) -> None:
        self.rec = LearnerRecord(learner, identified)
        self.idle = idle
        self.handout_only = handout_only
        self.by_variant = by_variant

    def add(self, session: Session, changes: Sequence[VerdictChange] = ()) -> None:
        """A session read whole (regraded), and the verdicts of it that changed."""
        for _ in self.watch(session.events):
            pass
        self.rec.changes.extend(changes)

    def watch(self, events: Iterable[Event], session_id: str = "") -> Iterator[Event]:
        """One session's events, recorded as they pass on to the caller."""
        rec = self.rec
        rec.sessions += 1
        timing = Timing(self.idle)
        first_time = last_time = ""
        future = 0
        for event in events:
            timing.step(event)
            if event.time and timing.future == future:  # a future date: not taken
                first_time = first_time or event.time
                last_time = event.time
            future = timing.future
            self._event(event.type, event.data)
            yield event
        rec.seconds += timing.active
        note = timing.clock_note()
        if note is not None:
            rec.clock_count += 1
            if len(rec.clock_notes) < MAX_CLOCK_NOTES:
                rec.clock_notes.append(f"session {bounded(session_id, 80) or '?'}: {note}")
        latest = future_limit()
        for moment in (first_time, last_time):
            when = parse_time(moment) if moment else None
            if when is not None and when <= latest:  # a time in the future: not taken (said)
                if rec.first_activity is None or when < rec.first_activity:
                    rec.first_activity = when
                if rec.last_activity is None or when > rec.last_activity:
                    rec.last_activity = when

    def _box(self, box: str) -> BoxTrack | None:
        boxes = self.rec.boxes
        track = boxes.get(box)
        if track is None:
            if len(boxes) >= MAX_BOXES:
                self.rec.left_out += 1
                return None
            track = boxes[box] = BoxTrack()
        return track

    def _room(self, kept: Collection[str], key: str) -> bool:
        if key in kept or len(kept) < MAX_PARTS:
            return True
        self.rec.left_out += 1
        return False

    def _event(self, kind: str, data: dict) -> None:
        rec = self.rec
        if (
            self.handout_only
            and ("seed" in data or "params" in data)
            and variant_key(data) != HANDOUT_KEY
        ):
            if kind == "attempt":
                rec.practice += 1
            if kind in ("attempt", "hint", "solution"):
                return
        if self.by_variant and kind in ("attempt", "hint"):
            key = variant_key(data)
            if key != HANDOUT_KEY:
                data = {**data, "box": box_in_variant(data["box"], key)}
        if kind == "attempt":
            track = self._box(data["box"])
            if track is None:
                return
            verdict = data["verdict"]
            if verdict not in GRADED_VERDICTS:
                track.invalid += 1
                return
            track.attempts += 1
            if not track.first:
                track.first = verdict
                track.first_hints = len(track.hints)
            if VERDICT_RANK[verdict] > VERDICT_RANK.get(track.best, -1):
                track.best = verdict
            right = verdict == "correct"
            for k in track._waiting:
                track.after_hint[k][1] = right
            track._waiting.clear()
            if right and not track.solved:
                track.solved = True
                for outcome in track.after_hint.values():
                    outcome[0] = True
        elif kind == "hint":
            track = self._box(data["box"])
            index = data["index"]
            if track is None or index in track.hints:
                return
            track.hints.add(index)
            if not track.solved:
                track.after_hint[index] = [False, None]
                track._waiting.append(index)
        elif kind == "solution":
            part = data["part"]
            # LearnerRegrade fills in "asked" for logs written before it existed
            if data.get("asked") is not False:
                if self._room(rec.solutions_asked, part):
                    rec.solutions_asked.add(part)
            elif self._room(rec.solutions_shown, part):
                rec.solutions_shown.add(part)
        elif kind == "self_assessment":
            part = data["part"]
            if self._room(rec.assessments, part):
                text = data.get("text", "")
                rec.assessments[part] = Assessment(
                    tuple(data["points"]), bounded(text, MAX_KEPT_TEXT)
                )
        elif kind == "reflection":
            prompt = data["prompt"]
            if self._room(rec.reflections, prompt):
                rec.reflections[prompt] = bounded(data.get("text", ""), MAX_KEPT_TEXT)

    def record(self) -> LearnerRecord:
        return self.rec
