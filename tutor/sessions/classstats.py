"""One learner's work replayed from (regraded) sessions, and what a class's learners add up to.

:class:`LearnerReplay` follows one learner's sessions in start order, event by event as they
stream by (``watch``), and keeps, per answer box, what the gradebook and the class report
need: attempts (unreadable input excluded), the best and the first graded verdict, hints
revealed before that first try, whether the box was solved after each hint; per part, the
solutions asked for (and those shown by themselves once the part was solved), the latest
self-assessment and reflections; and the learner's active time, sessions and last activity.
It reads the events as ``tutor.sessions.regrade.LearnerRegrade`` passes them on: today's
verdicts, and every solution event saying whether it was asked for.

:class:`ClassExtras` adds learners up for ``hw3-tutor review`` (beside the per-box figures of
``tutor.sessions.review.ClassTally``, which count the same events as they stream by): hint
effectiveness, first-try rates with and without hints, rubric self-assessments (rate per
point), reflections (6c's self-reported hours beside the logged active time), time on task per
learner (median and spread), solutions asked for and shown, and the verdicts the regrade
changed. :func:`class_review` runs the whole class through both, one session at a time.

Events come from the session log's checking reader: every field is typed and bounded there.
What is kept across a class is bounded here too (boxes, parts, texts, changed verdicts), and
every field printed goes through ``tutor.textsafe``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from tutor.content.loader import Content
from tutor.sessions.identity import is_student_id
from tutor.sessions.log import (
    HANDOUT_KEY,
    IDLE_GAP_SECONDS,
    Event,
    Session,
    Timing,
    parse_time,
)
from tutor.sessions.regrade import REASONS, LearnerRegrade, VerdictChange
from tutor.sessions.regrader import Regrader
from tutor.sessions.review import (
    MAX_BOXES,
    MAX_PARTS,
    WIDTH,
    ClassSummary,
    Collected,
    Reviewed,
    Source,
    fmt_duration,
    review_sources,
)
from tutor.textsafe import bounded, full_length, quoted, visible
from tutor.verdicts import GRADED_VERDICTS, VERDICT_RANK

MAX_KEPT_TEXT: Final = 2_000  # characters of a student's text kept (the rest is counted)
MAX_TEXT_CHARS: Final = 4_000_000  # characters of reflections kept for a class, all together
MAX_LISTED_CHANGES: Final = 10_000  # changed verdicts listed for a class (the rest counted)
HOURS_PREFILL = "hours"  # the reflect prompt whose answer is hours spent (problem 6c)


def show_fit(text: str, room: int) -> str:
    """A student's text quoted (``tutor.textsafe.quoted``), cut so that the whole (quotes,
    escapes and the note of how much was left out) takes at most ``room`` columns."""
    limit = max(8, room - 2)
    while True:
        out = quoted(text, limit)
        if len(out) <= room or limit <= 8:
            return out
        limit = max(8, limit - (len(out) - room))


def fit(text: str, room: int) -> str:
    """A field (an id, a rubric point) escaped (``tutor.textsafe.visible``) and cut to ``room``
    columns with an ellipsis."""
    out = visible(text[: room + 1], None)
    if len(out) <= room and full_length(text) <= room:
        return out
    return out[: room - 1] + "…"


def learner_label(learner: str, room: int = 24) -> str:
    """A learner for a terminal line, at most ``room`` columns: a student id as it is (the id
    rule admits nothing to escape), anything else (a path) escaped; a longer one keeps its
    end (a path's last folders say the most)."""
    text = learner if is_student_id(learner) else visible(learner, None)
    return text if len(text) <= room else "…" + text[-(room - 1) :]


# ---------------------------------------------------------------------------
# One learner


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
    bounded (``MAX_BOXES`` boxes, ``MAX_PARTS`` parts and prompts, texts cut)."""

    def __init__(
        self, learner: str, *, identified: bool = False, idle: float = IDLE_GAP_SECONDS
    ) -> None:
        self.rec = LearnerRecord(learner, identified)
        self.idle = idle

    def add(self, session: Session, changes: Sequence[VerdictChange] = ()) -> None:
        """A session read whole (regraded), and the verdicts of it that changed."""
        for _ in self.watch(session.events):
            pass
        self.rec.changes.extend(changes)

    def watch(self, events: Iterable[Event]) -> Iterator[Event]:
        """One session's events, recorded as they pass on to the caller."""
        rec = self.rec
        rec.sessions += 1
        timing = Timing(self.idle)
        first_time = last_time = ""
        for event in events:
            timing.step(event)
            if event.time:
                first_time = first_time or event.time
                last_time = event.time
            self._event(event.type, event.data)
            yield event
        rec.seconds += timing.active
        for moment in (first_time, last_time):
            when = parse_time(moment) if moment else None
            if when is not None:
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


# ---------------------------------------------------------------------------
# Hours reported in a reflection (problem 6c)

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_HOURS_RE = re.compile(
    _NUMBER + r"(?:\s*(?:-|–|to)\s*" + _NUMBER + r")?\s*(min(?:ute)?s?\b|m\b)?", re.IGNORECASE
)
MAX_REPORTED_HOURS = 500.0


def reported_hours(text: str) -> float | None:
    """The hours a student wrote (``6``, ``about 6.5 h``, ``5-7 hours`` → 6, ``90 min`` → 1.5);
    None when there is no number or it is not a plausible number of hours."""
    match = _HOURS_RE.search(text[:200])
    if match is None:
        return None
    low = float(match.group(1).replace(",", "."))
    high = float(match.group(2).replace(",", ".")) if match.group(2) else low
    hours = (low + high) / 2
    if match.group(3):
        hours /= 60.0
    return hours if 0 <= hours <= MAX_REPORTED_HOURS else None


def hours_prompts(content: Content | None) -> tuple[str, ...]:
    """The reflect prompts asking for hours spent (``prefill = "hours"``; 6c here)."""
    if content is None:
        return ("6c.hours",)
    return tuple(r.id for p in content.parts() for r in p.reflect if r.prefill == HOURS_PREFILL)


# ---------------------------------------------------------------------------
# The class


@dataclass
class HintStat:
    revealed: int = 0  # learners who revealed this hint before solving the box
    solved_after: int = 0  # ... and solved the box afterwards
    next_correct: int = 0  # ... whose next graded answer was correct
    next_tried: int = 0  # ... who answered again after it


@dataclass
class BoxExtras:
    learners: int = 0  # learners with a graded attempt
    no_hint: int = 0  # ... whose first graded attempt came before any hint
    no_hint_right: int = 0
    with_hint: int = 0  # ... whose first graded attempt came after a hint
    with_hint_right: int = 0
    hints: dict[int, HintStat] = field(default_factory=dict)

    def to_json(self) -> dict:
        def rate(right: int, n: int) -> float | None:
            return round(right / n, 3) if n else None

        return {
            "learners": self.learners,
            "first_try_without_hints": {
                "learners": self.no_hint,
                "correct": self.no_hint_right,
                "rate": rate(self.no_hint_right, self.no_hint),
            },
            "first_try_after_hints": {
                "learners": self.with_hint,
                "correct": self.with_hint_right,
                "rate": rate(self.with_hint_right, self.with_hint),
            },
            "after_hint": {
                str(k): {
                    "revealed": h.revealed,
                    "solved_after": h.solved_after,
                    "next_correct": h.next_correct,
                    "next_tried": h.next_tried,
                }
                for k, h in sorted(self.hints.items())
            },
        }


@dataclass
class PartExtras:
    solutions_asked: int = 0
    solutions_shown: int = 0
    assessed: int = 0
    points_met: list[int] = field(default_factory=list)  # per rubric point: learners who met it


@dataclass(frozen=True)
class Spread:
    """Median and spread of per-learner figures."""

    n: int
    median: float
    q1: float
    q3: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread | None:
        if not values:
            return None
        ordered = sorted(values)
        if len(ordered) >= 2:
            q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        else:
            q1 = q3 = ordered[0]
        return cls(len(ordered), statistics.median(ordered), q1, q3, ordered[0], ordered[-1])

    def to_json(self, scale: float = 1.0, digits: int = 3) -> dict:
        return {
            "learners": self.n,
            "median": round(self.median * scale, digits),
            "q1": round(self.q1 * scale, digits),
            "q3": round(self.q3 * scale, digits),
            "min": round(self.low * scale, digits),
            "max": round(self.high * scale, digits),
        }


class ClassExtras:
    """Adds learners up (``add`` each ``LearnerRecord``), for the class report. What it keeps
    is bounded: ``MAX_BOXES`` boxes, ``MAX_PARTS`` parts and prompts, reflection texts up to
    ``MAX_TEXT_CHARS`` characters in all (``keep_texts`` per prompt), ``MAX_LISTED_CHANGES``
    changed verdicts listed; beyond these, learners are counted and their texts are not kept
    (``warnings`` says so)."""

    def __init__(self, content: Content | None = None, *, keep_texts: int = 10_000) -> None:
        self.content = content
        self.boxes: dict[str, BoxExtras] = {}
        self.parts: dict[str, PartExtras] = {}
        self.seconds: list[float] = []  # active time per learner
        self.reflections: dict[str, list[tuple[str, str]]] = {}  # prompt -> (learner, text)
        self.reflection_counts: dict[str, int] = {}
        self.hours: list[tuple[str, float, float]] = []  # (learner, reported h, logged h)
        self.hours_prompts = set(hours_prompts(content))
        self.changes: list[VerdictChange] = []
        self.changed = 0  # verdicts changed by the regrade, listed or not
        self.learners = 0
        self.left_out = 0  # events or figures beyond the bounds, not counted
        self.texts_left_out = 0  # reflection texts counted but not kept
        self._keep = keep_texts
        self._chars = 0

    def add(self, rec: LearnerRecord) -> None:
        self.learners += 1
        self.seconds.append(rec.seconds)
        self.changed += rec.changed
        self.changes.extend(rec.changes[: max(0, MAX_LISTED_CHANGES - len(self.changes))])
        self.left_out += rec.left_out
        for box_id, track in rec.boxes.items():
            stats = self.boxes.get(box_id)
            if stats is None:
                if len(self.boxes) >= MAX_BOXES:
                    self.left_out += 1
                    continue
                stats = self.boxes[box_id] = BoxExtras()
            if track.first:
                stats.learners += 1
                right = track.first == "correct"
                if track.first_hints:
                    stats.with_hint += 1
                    stats.with_hint_right += right
                else:
                    stats.no_hint += 1
                    stats.no_hint_right += right
            for k, (solved_after, next_right) in track.after_hint.items():
                h = stats.hints.get(k)
                if h is None:
                    h = stats.hints[k] = HintStat()
                h.revealed += 1
                h.solved_after += bool(solved_after)
                if next_right is not None:
                    h.next_tried += 1
                    h.next_correct += bool(next_right)
        for part in rec.solutions_asked:
            if (stats_p := self._part(part)) is not None:
                stats_p.solutions_asked += 1
        for part in rec.solutions_shown - rec.solutions_asked:
            if (stats_p := self._part(part)) is not None:
                stats_p.solutions_shown += 1
        for part, assessment in rec.assessments.items():
            if (stats_p := self._part(part)) is None:
                continue
            stats_p.assessed += 1
            met = stats_p.points_met
            if len(met) < len(assessment.points):
                met.extend([0] * (len(assessment.points) - len(met)))
            for i, ok in enumerate(assessment.points):
                met[i] += ok
        for prompt, text in rec.reflections.items():
            if not text.strip():
                continue
            if prompt not in self.reflection_counts and len(self.reflection_counts) >= MAX_PARTS:
                self.left_out += 1
                continue
            self.reflection_counts[prompt] = self.reflection_counts.get(prompt, 0) + 1
            kept = self.reflections.setdefault(prompt, [])
            if len(kept) < self._keep and self._chars + len(text) <= MAX_TEXT_CHARS:
                kept.append((rec.learner, text))
                self._chars += len(text)
            else:
                self.texts_left_out += 1
            if prompt in self.hours_prompts:
                hours = reported_hours(text)
                if hours is not None:
                    self.hours.append((rec.learner, hours, rec.seconds / 3600.0))

    def _part(self, part: str) -> PartExtras | None:
        stats = self.parts.get(part)
        if stats is None:
            if len(self.parts) >= MAX_PARTS:
                self.left_out += 1
                return None
            stats = self.parts[part] = PartExtras()
        return stats

    def warnings(self) -> list[str]:
        """What the bounds left out, if anything."""
        out = []
        if self.left_out:
            out.append(
                f"{self.left_out:,} boxes, parts or prompts beyond the first {MAX_BOXES:,} boxes "
                f"and {MAX_PARTS:,} parts were left out of the class extras"
            )
        if self.texts_left_out:
            out.append(
                f"{self.texts_left_out:,} reflections were counted but their texts not kept "
                "(too many for one report)"
            )
        if self.changed > len(self.changes):
            out.append(
                f"{self.changed:,} verdicts changed by the regrade; the first "
                f"{len(self.changes):,} are listed"
            )
        return out

    def time_spread(self) -> Spread | None:
        return Spread.of(self.seconds)

    def rubric(self) -> dict[str, tuple[int, list[tuple[str, int]]]]:
        """Per part with self-assessments: (learners, [(point text, learners who met it)])."""
        out = {}
        for part_id, stats in sorted(self.parts.items()):
            if not stats.assessed:
                continue
            names: Sequence[str] = ()
            if self.content is not None:
                spec = self.content.part(part_id)
                if spec is not None and spec.explain is not None:
                    names = spec.explain.points
            points = [
                (names[i] if i < len(names) else f"point {i + 1}", met)
                for i, met in enumerate(stats.points_met)
            ]
            out[part_id] = (stats.assessed, points)
        return out

    def to_json(self) -> dict:
        spread = self.time_spread()
        reported = Spread.of([h for _, h, _ in self.hours])
        logged = Spread.of([lg for _, _, lg in self.hours])
        return {
            "time_per_learner": spread.to_json(1 / 3600.0) if spread else None,
            "hint_effectiveness": {b: s.to_json() for b, s in sorted(self.boxes.items())},
            "solutions": {
                p: {"asked": s.solutions_asked, "shown_after_solving": s.solutions_shown}
                for p, s in sorted(self.parts.items())
                if s.solutions_asked or s.solutions_shown
            },
            "rubric": {
                part: {
                    "learners": n,
                    "points": [
                        {"point": name, "met": met, "rate": round(met / n, 3) if n else None}
                        for name, met in points
                    ],
                }
                for part, (n, points) in self.rubric().items()
            },
            "reflections": {
                prompt: {
                    "learners": self.reflection_counts.get(prompt, 0),
                    "texts": [{"learner": who, "text": text} for who, text in texts],
                }
                for prompt, texts in sorted(self.reflections.items())
            },
            "hours_reported": {
                "learners": len(self.hours),
                "reported": reported.to_json() if reported else None,
                "logged": logged.to_json() if logged else None,
                "per_learner": [
                    {"learner": who, "reported": round(h, 2), "logged": round(lg, 2)}
                    for who, h, lg in self.hours
                ],
            },
            "changed_verdicts": [c.to_json() for c in self.changes],
        }

    def format(self, top: int = 5, boxes: Sequence[str] | None = None) -> str:
        """The class report's extra sections, at most WIDTH columns wide."""
        lines: list[str] = []
        spread = self.time_spread()
        if spread is not None and spread.n > 1:
            lines += [
                "",
                f"Time on task per learner ({spread.n} learners): median "
                f"{fmt_duration(spread.median)},",
                f"  middle half {fmt_duration(spread.q1)}–{fmt_duration(spread.q3)}, "
                f"range {fmt_duration(spread.low)}–{fmt_duration(spread.high)}",
            ]
        lines += self._format_hints(top, boxes)
        lines += self._format_solutions()
        lines += self._format_rubric()
        lines += self._format_reflections(top)
        lines += self._format_changes(top)
        return "\n".join(lines)

    def _format_hints(self, top: int, order: Sequence[str] | None) -> list[str]:
        shown = [b for b in (order or sorted(self.boxes)) if b in self.boxes]
        rows = []
        for box in shown:
            s = self.boxes[box]
            if not s.learners and not s.hints:
                continue
            cells = [
                f"{h.solved_after}/{h.revealed}" if (h := s.hints.get(k)) is not None else "-"
                for k in range(1, 5)
            ]
            rows.append((box, s, cells))
        if not rows or not any(s.hints or s.with_hint for _, s, _ in rows):
            return []
        out = [
            "",
            "Hints: first try right without / after hints; of the learners who revealed",
            "hint k before solving the box, how many solved it afterwards.",
            "",
            f"{'box':<18}{'no hints':>12}{'after hints':>13}  {'hint 1':>7}{'hint 2':>7}"
            f"{'hint 3':>7}{'hint 4':>7}",
        ]
        out.append("-" * (len(out[-1])))
        for box, s, cells in rows:
            name = fit(box, 17)
            none_ = f"{s.no_hint_right}/{s.no_hint}" if s.no_hint else "-"
            after = f"{s.with_hint_right}/{s.with_hint}" if s.with_hint else "-"
            padded = "".join(f"{c:>7}" for c in cells)
            out.append(f"{name:<18}{none_:>12}{after:>13}  {padded}")
        return out

    def _format_solutions(self) -> list[str]:
        parts = [
            (p, s) for p, s in sorted(self.parts.items()) if s.solutions_asked or s.solutions_shown
        ]
        if not parts:
            return []
        out = [
            "",
            "Worked solutions: asked for (before solving the part) / shown by themselves",
            "after the part was solved.",
        ]
        out += _columns([f"{fit(p, 20)} {s.solutions_asked}/{s.solutions_shown}" for p, s in parts])
        return out

    def _format_rubric(self) -> list[str]:
        rubric = self.rubric()
        if not rubric:
            return []
        out = ["", "Self-assessed explanations: learners who ticked each rubric point."]
        for part, (n, points) in rubric.items():
            out.append(f"  {fit(part, 40)} ({n} learner{'s' if n != 1 else ''}):")
            for name, met in points:
                rate = f"{met / n:4.0%}" if n else "  - "
                out.append(f"    {rate} {fit(name, WIDTH - 9)}")
        return out

    def _format_reflections(self, top: int) -> list[str]:
        if not self.reflections:
            return []
        out = ["", f"Reflections (the first {top} of each; every text is in --json):"]
        for prompt, texts in sorted(self.reflections.items()):
            n = self.reflection_counts.get(prompt, 0)
            out.append(f"  {fit(prompt, 40)}: {n} learner{'s' if n != 1 else ''}")
            if prompt in self.hours_prompts and self.hours:
                reported = Spread.of([h for _, h, _ in self.hours])
                logged = Spread.of([lg for _, _, lg in self.hours])
                if reported is not None and logged is not None:
                    out.append(
                        f"    hours reported: median {reported.median:.1f} h "
                        f"(middle half {reported.q1:.1f}–{reported.q3:.1f});"
                    )
                    out.append(
                        f"    logged active time of the same learners: median "
                        f"{logged.median:.1f} h ({logged.q1:.1f}–{logged.q3:.1f})"
                    )
                continue
            for who, text in texts[:top]:
                head = f"    {learner_label(who)}: "
                out.append(head + show_fit(text, max(20, WIDTH - len(head))))
        return out

    def _format_changes(self, top: int) -> list[str]:
        if not self.changes:
            return []
        n = self.changed
        out = [
            "",
            f"Verdicts changed by the regrade ({n} answer{'s' if n != 1 else ''}; every "
            "answer was judged",
            "again with the current content; the list is in --json):",
        ]
        by_reason: dict[str, int] = {}
        for c in self.changes:
            by_reason[c.reason] = by_reason.get(c.reason, 0) + 1
        for reason, count in sorted(by_reason.items()):
            out.append(f"  {count} {REASONS[reason]}")
        limit = max(top, 10)
        for c in self.changes[:limit]:
            who = learner_label(c.learner)
            box = c.box if c.variant == HANDOUT_KEY else f"{c.box} [{c.variant}]"
            head = f"  {who} {fit(box, 30)}: "
            tail = f" {fit(c.logged, 12)} → {c.now}"
            out.append(head + show_fit(c.raw, max(12, WIDTH - len(head) - len(tail))) + tail)
        if n > limit:
            out.append(f"  … and {n - limit} more")
        return out


def _columns(items: Sequence[str], indent: int = 2) -> list[str]:
    lines, line = [], ""
    for item in items:
        piece = item if not line else "   " + item
        if len(" " * indent + line + piece) > WIDTH:
            lines.append(" " * indent + line)
            line = item
        else:
            line += piece
    if line:
        lines.append(" " * indent + line)
    return lines


# ---------------------------------------------------------------------------
# The class review: every session through the regrade, the per-box tally and the extras


class _LearnerPipe:
    """What ``review_sources`` passes each session's events through: today's verdicts
    (``LearnerRegrade``, when the content loads) and the learner's replay; a learner's record
    goes to the extras once the sessions reach the next learner (and at ``finish``)."""

    def __init__(self, extras: ClassExtras, regrader: Regrader | None, idle: float) -> None:
        self.extras = extras
        self.regrader = regrader
        self.idle = idle
        self._learner: str | None = None
        self._replay: LearnerReplay | None = None
        self._regrade: LearnerRegrade | None = None

    def session(self, source: Source, events: Iterator[Event]) -> Iterator[Event]:
        if source.learner != self._learner or self._replay is None:
            self.finish()
            self._learner = source.learner
            self._replay = LearnerReplay(
                source.learner, identified=source.identified, idle=self.idle
            )
            self._regrade = (
                LearnerRegrade(self.regrader, source.learner) if self.regrader is not None else None
            )
        if self._regrade is not None:
            events = self._regrade.session(events, source.session_id)
        return self._replay.watch(events)

    def finish(self) -> None:
        replay, self._replay = self._replay, None
        if replay is None:
            return
        rec = replay.record()
        if self._regrade is not None:
            rec.changes.extend(self._regrade.changes)
            rec.more_changes += self._regrade.more
        self.extras.add(rec)


@dataclass
class ClassReview:
    """What ``hw3-tutor review`` reports on: the per-box figures and the extras, every answer
    judged again with the current content (when it loads)."""

    reviewed: Reviewed
    extras: ClassExtras
    content: Content | None
    warnings: tuple[str, ...]  # the figures' warnings and the regrade's
    checked: int = 0  # answers judged by the checker in this run
    reused: int = 0  # judgments read from the cache file

    @property
    def summary(self) -> ClassSummary:
        return self.reviewed.summary

    def to_json(self) -> dict:
        out = self.extras.to_json()
        out["regrade"] = {
            "content_hash": self.content.content_hash if self.content is not None else None,
            "judged": self.checked,
            "from_cache": self.reused,
            "changed": self.extras.changed,
        }
        return out


def class_review(
    found: Collected,
    regrader: Regrader | None,
    idle: float = IDLE_GAP_SECONDS,
    *,
    content: Content | None = None,
    by_variant: bool = False,
) -> ClassReview:
    """Every session of ``found`` read once, one at a time: each answer judged again by
    ``regrader`` (None: the content does not load, the logged verdicts stand), then counted
    in the per-box figures (``review.ClassTally``) and in each learner's replay, which the
    class extras add up learner by learner. The regrader is left open (the caller closes it)."""
    if content is None and regrader is not None:
        content = regrader.content
    extras = ClassExtras(content)
    pipe = _LearnerPipe(extras, regrader, idle)
    reviewed = review_sources(found, idle, pipe=pipe, by_variant=by_variant)
    pipe.finish()
    warnings = [*reviewed.summary.warnings, *extras.warnings()]
    if regrader is not None and regrader.cache_problem:
        warnings.append(regrader.cache_problem)
    return ClassReview(
        reviewed=reviewed,
        extras=extras,
        content=content,
        warnings=tuple(dict.fromkeys(warnings)),
        checked=regrader.checked if regrader is not None else 0,
        reused=regrader.reused if regrader is not None else 0,
    )
