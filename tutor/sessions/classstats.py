"""One learner's work replayed from (regraded) sessions, and what a class's learners add up to.

:class:`LearnerReplay` walks one learner's sessions in start order and keeps, per answer box,
what the gradebook and the class report need: attempts (unreadable input excluded), the best
and the first graded verdict, hints revealed before that first try, whether the box was solved
after each hint; per part, the solutions asked for (and those shown by themselves once the part
was solved), the latest self-assessment and reflections; and the learner's active time,
sessions and last activity. It reads the sessions as ``tutor.sessions.regrade.regrade_learner``
returns them: today's verdicts, and every solution event saying whether it was asked for.

:class:`ClassExtras` adds learners up for ``hw3-tutor review``: hint effectiveness, first-try
rates with and without hints, rubric self-assessments (rate per point), reflections (6c's
self-reported hours beside the logged active time), time on task per learner (median and
spread), solutions asked for and shown, and the verdicts the regrade changed.

Every field read from a log is untrusted: types are checked, ids and texts are bounded, and
text is escaped when printed (``safe_text``, on ``tutor.sessions.review.show``'s rule).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tutor.content.loader import Content
from tutor.sessions.identity import is_student_id
from tutor.sessions.log import IDLE_GAP_SECONDS, Session, active_seconds, parse_time
from tutor.sessions.regrade import REASONS, VerdictChange
from tutor.sessions.review import WIDTH, fmt_duration, show
from tutor.verdicts import GRADED_VERDICTS, VERDICT_RANK

MAX_ID = 64  # a box, part or prompt id longer than this is not one
MAX_HINT = 100  # a hint index above this is not one
MAX_POINTS = 50  # rubric points in one self-assessment
MAX_KEPT_TEXT = 2_000  # characters of a student's text kept (the rest is counted, not kept)
HOURS_PREFILL = "hours"  # the reflect prompt whose answer is hours spent (problem 6c)


def _id(value: object) -> str | None:
    return value if type(value) is str and 0 < len(value) <= MAX_ID else None


def _kept(text: str) -> str:
    return text if len(text) <= MAX_KEPT_TEXT else text[:MAX_KEPT_TEXT]


def safe_text(text: str, limit: int = 200) -> str:
    """``text`` for a terminal line, unquoted: control characters escaped (shown, never obeyed),
    cut to ``limit`` characters saying how much was left out (the rule of ``review.show``)."""
    shown = show(text, limit)
    close = shown.rindex('"')
    return shown[1:close] + shown[close + 1 :]


def show_fit(text: str, room: int) -> str:
    """A student's text quoted as ``review.show`` does, cut so that the whole (quotes, escapes
    and the note of how much was left out) takes at most ``room`` columns."""
    limit = max(8, room - 2)
    while True:
        out = show(text, limit)
        if len(out) <= room or limit <= 8:
            return out
        limit = max(8, limit - (len(out) - room))


def fit(text: str, room: int) -> str:
    """Content text (a rubric point) escaped and cut to ``room`` columns with an ellipsis."""
    out = safe_text(text, len(text))
    return out if len(out) <= room else out[: room - 1] + "…"


def learner_label(learner: str, room: int = 24) -> str:
    """A learner for a terminal line, at most ``room`` columns: a student id as it is (the id
    rule admits nothing to escape), anything else (a path) escaped; a longer one keeps its
    end (a path's last folders say the most)."""
    text = learner if is_student_id(learner) else safe_text(learner, len(learner))
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
    text: str
    length: int  # the text's full length (only MAX_KEPT_TEXT characters are kept)


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

    @property
    def hints(self) -> int:
        return sum(len(b.hints) for b in self.boxes.values())

    def first_try_no_hints(self, boxes: Iterable[str] | None = None) -> int:
        chosen = (
            self.boxes if boxes is None else {b: self.boxes[b] for b in boxes if b in self.boxes}
        )
        return sum(1 for b in chosen.values() if b.first_try_no_hints)


class LearnerReplay:
    """Replays one learner's sessions (call ``add`` in start order, then ``record``)."""

    def __init__(
        self, learner: str, *, identified: bool = False, idle: float = IDLE_GAP_SECONDS
    ) -> None:
        self.rec = LearnerRecord(learner, identified)
        self.idle = idle

    def add(self, session: Session, changes: Sequence[VerdictChange] = ()) -> None:
        rec = self.rec
        rec.sessions += 1
        rec.seconds += active_seconds(session, self.idle)
        rec.changes.extend(changes)
        for moment in (session.started, session.events[-1].time if session.events else ""):
            when = parse_time(moment) if moment else None
            if when is not None:
                if rec.first_activity is None or when < rec.first_activity:
                    rec.first_activity = when
                if rec.last_activity is None or when > rec.last_activity:
                    rec.last_activity = when
        boxes = rec.boxes
        for event in session.events:
            kind = event[3]
            data = event[4]
            if kind == "attempt":
                box = _id(data.get("box"))
                if box is None:
                    continue
                track = boxes.get(box)
                if track is None:
                    track = boxes[box] = BoxTrack()
                verdict = data.get("verdict")
                if verdict not in GRADED_VERDICTS:
                    track.invalid += 1
                    continue
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
                box = _id(data.get("box"))
                index = data.get("index")
                if box is None or type(index) is not int or not 0 < index <= MAX_HINT:
                    continue
                track = boxes.get(box)
                if track is None:
                    track = boxes[box] = BoxTrack()
                if index in track.hints:
                    continue
                track.hints.add(index)
                if not track.solved:
                    track.after_hint[index] = [False, None]
                    track._waiting.append(index)
            elif kind == "solution":
                part = _id(data.get("part"))
                if part is None:
                    continue
                # regrade_learner fills in "asked" for logs written before it existed
                if data.get("asked") is not False:
                    rec.solutions_asked.add(part)
                else:
                    rec.solutions_shown.add(part)
            elif kind == "self_assessment":
                part = _id(data.get("part"))
                points = data.get("points")
                text = data.get("text", "")
                if (
                    part is None
                    or type(points) is not list
                    or len(points) > MAX_POINTS
                    or not all(type(p) is bool for p in points)
                    or type(text) is not str
                ):
                    continue
                rec.assessments[part] = Assessment(tuple(points), _kept(text), len(text))
            elif kind == "reflection":
                prompt = _id(data.get("prompt"))
                text = data.get("text")
                if prompt is None or type(text) is not str:
                    continue
                rec.reflections[prompt] = _kept(text)

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
    """Adds learners up (``add`` each ``LearnerRecord``), for the class report."""

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
        self.learners = 0
        self._keep = keep_texts

    def add(self, rec: LearnerRecord) -> None:
        self.learners += 1
        self.seconds.append(rec.seconds)
        self.changes.extend(rec.changes)
        for box_id, track in rec.boxes.items():
            stats = self.boxes.get(box_id)
            if stats is None:
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
            self._part(part).solutions_asked += 1
        for part in rec.solutions_shown - rec.solutions_asked:
            self._part(part).solutions_shown += 1
        for part, assessment in rec.assessments.items():
            stats_p = self._part(part)
            stats_p.assessed += 1
            met = stats_p.points_met
            if len(met) < len(assessment.points):
                met.extend([0] * (len(assessment.points) - len(met)))
            for i, ok in enumerate(assessment.points):
                met[i] += ok
        for prompt, text in rec.reflections.items():
            if not text.strip():
                continue
            self.reflection_counts[prompt] = self.reflection_counts.get(prompt, 0) + 1
            kept = self.reflections.setdefault(prompt, [])
            if len(kept) < self._keep:
                kept.append((rec.learner, text))
            if prompt in self.hours_prompts:
                hours = reported_hours(text)
                if hours is not None:
                    self.hours.append((rec.learner, hours, rec.seconds / 3600.0))

    def _part(self, part: str) -> PartExtras:
        stats = self.parts.get(part)
        if stats is None:
            stats = self.parts[part] = PartExtras()
        return stats

    # -- results --------------------------------------------------------------------

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
            out.append(f"  {safe_text(prompt, 40)}: {n} learner{'s' if n != 1 else ''}")
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
        n = len(self.changes)
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
            head = f"  {who} {c.box}: "
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
# The class review: hand-ins and ids, the date window, the regrade, the extras


@dataclass
class ClassReview:
    """What ``hw3-tutor review`` reports on, once read, filtered and regraded."""

    sessions: list[Session]  # regraded, in start order
    learner_of: dict  # session path -> learner
    students: int | None
    warnings: tuple[str, ...]
    extras: ClassExtras
    content: Content | None
    checked: int = 0  # answers judged by the checker in this run
    reused: int = 0  # judgments read from the cache file

    def to_json(self) -> dict:
        out = self.extras.to_json()
        out["regrade"] = {
            "content_hash": self.content.content_hash if self.content is not None else None,
            "judged": self.checked,
            "from_cache": self.reused,
            "changed": len(self.extras.changes),
        }
        return out


def class_review(
    found,  # tutor.sessions.review.Collected: the log folders and files, read
    paths: Sequence[str],
    content_option: str | None,
    window=None,  # tutor.sessions.sources.Window
    idle: float = IDLE_GAP_SECONDS,
    *,
    disk_cache: bool = True,
    jobs: int = 2,
    regrader=None,  # tutor.sessions.regrade.Regrader, from early_regrader
) -> ClassReview:
    """The sessions of ``found`` and of the hand-ins among ``paths``, learners merged by
    student id, kept to ``window``, every answer judged again with the current content (when
    it loads), and the class extras added up learner by learner."""
    from tutor.content.loader import ContentError, load_content
    from tutor.paths import content_dir
    from tutor.sessions.regrade import Regrader, regrade_learner
    from tutor.sessions.sources import by_student_id, handin_paths, read_handins

    handins = handin_paths(paths)
    extra, extra_learners, warnings = read_handins(handins)
    warnings = [*found.warnings, *warnings]
    sessions = [*found.sessions, *extra]
    learner_of = {**found.learner_of, **extra_learners}
    learner_of, merged = by_student_id(sessions, learner_of)
    warnings += merged
    if window is not None:
        sessions = [s for s in sessions if window.holds(s)]
    identified = bool(handins) or any(s.student is not None for s in sessions)
    students = found.students
    if identified:
        students = len({learner_of.get(s.path, s.id) for s in sessions})
    content: Content | None = regrader.content if regrader is not None else None
    if content is None:
        try:
            content = load_content(content_dir(content_option))
        except ContentError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "content error"
            warnings.append(
                f"the content does not load ({first}): verdicts are shown as logged, "
                "not judged again"
            )
    by_learner: dict[str, list[Session]] = {}
    for session in sorted(sessions, key=Session.sort_key):
        by_learner.setdefault(learner_of.get(session.path, session.id), []).append(session)
    extras = ClassExtras(content)
    regraded: list[Session] = []
    if regrader is None and content is not None:
        regrader = Regrader(content, disk=disk_cache)
        # a second process may judge from the far end of the class
        far_end = [_source_of(s.path) for mine in reversed(by_learner.values()) for s in mine[::-1]]
        regrader.plan_helper(far_end, jobs)
    try:
        for learner, mine in by_learner.items():
            pairs = (
                regrade_learner(mine, regrader, learner)
                if regrader is not None
                else [(s, []) for s in mine]
            )
            replay = LearnerReplay(learner, identified=is_student_id(learner), idle=idle)
            for session, changes in pairs:
                replay.add(session, changes)
                regraded.append(session)
            extras.add(replay.record())
    finally:
        if regrader is not None:
            regrader.close()
    if regrader is not None and regrader.cache_problem:
        warnings.append(regrader.cache_problem)
    regraded.sort(key=Session.sort_key)
    return ClassReview(
        sessions=regraded,
        learner_of={s.path: learner_of.get(s.path, s.id) for s in regraded},
        students=students,
        warnings=tuple(dict.fromkeys(warnings)),
        extras=extras,
        content=content,
        checked=regrader.checked if regrader is not None else 0,
        reused=regrader.reused if regrader is not None else 0,
    )


def _source_of(path: Path) -> tuple[str, str | None]:
    """Where a session's bytes are: its file, or (hand-in, member) for a session read from a
    hand-in (its path is the hand-in's path joined with the member's name)."""
    if path.is_file():
        return (str(path), None)
    for parent in path.parents:
        if parent.is_file():
            return (str(parent), path.relative_to(parent).as_posix())
    return (str(path), None)


def early_regrader(paths: Sequence[str], content_option: str | None, jobs: int = 2):
    """A regrader for ``class_review``, made before the logs are read so that, for a large class
    not graded before, its helper process starts judging (from the far end: the session files
    under ``paths`` in reverse order) while this process is still reading. None when the content
    does not load (``class_review`` then says so)."""
    from tutor.content.loader import ContentError, load_content
    from tutor.paths import content_dir
    from tutor.sessions.regrade import Regrader
    from tutor.sessions.sources import handin_paths, log_files

    try:
        content = load_content(content_dir(content_option))
    except ContentError:
        return None
    regrader = Regrader(content)
    if jobs >= 2:
        sources: list[tuple[str, str | None]] = [(str(f), None) for f in log_files(paths)]
        for handin in handin_paths(paths):
            sources += _handin_sources(handin)
        regrader.plan_helper(sources[::-1], jobs)
    return regrader


def _handin_sources(path: Path) -> list[tuple[str, str | None]]:
    from tutor.sessions.handin import HandinError, open_handin

    try:
        return [(str(path), m.name) for m in open_handin(path).members]
    except HandinError:
        return []
