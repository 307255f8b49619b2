"""What a class's learners add up to (``hw3-tutor review``).

:class:`ClassExtras` adds learners up for ``hw3-tutor review`` (beside the per-box figures of
``tutor.sessions.classsummary.ClassTally``, which count the same events as they stream by): hint
effectiveness, first-try rates with and without hints, rubric self-assessments (rate per
point), reflections (6c's self-reported hours beside the logged active time), time on task per
learner (median and spread), solutions asked for and shown, and the verdicts the regrade
changed. ``tutor.sessions.classreview`` runs the whole class through both, one session at a time.

Events come from the session log's checking reader: every field is typed and bounded there.
What is kept across a class is bounded here too (boxes, parts, texts, changed verdicts), and
every field printed goes through ``tutor.textsafe``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from tutor.content.model import Content
from tutor.sessions.learner import LearnerRecord, learner_label
from tutor.sessions.logformat import box_in_variant
from tutor.sessions.regrade import REASONS, Reason, VerdictChange
from tutor.sessions.reportedhours import hours_prompts, reported_hours
from tutor.sessions.review import (
    MAX_BOXES,
    MAX_PARTS,
    WIDTH,
    box_sort_key,
    fmt_duration,
    show_fit,
    yes_no,
)
from tutor.textsafe import full_length, visible

MAX_TEXT_CHARS: Final = 4_000_000  # characters of reflections kept for a class, all together
MAX_LISTED_CHANGES: Final = 10_000  # changed verdicts listed for a class (the rest counted)


def fit(text: str, room: int) -> str:
    """A field (an id, a rubric point) escaped (``tutor.textsafe.visible``) and cut to ``room``
    columns with an ellipsis."""
    out = visible(text[: room + 1], None)
    if len(out) <= room and full_length(text) <= room:
        return out
    return out[: room - 1] + "…"


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
        # a box (``5a.fwd``, a practice variant's ``5a.fwd [seed:7]``) -> its answers whose
        # verdict changed because the key was edited since (of those listed)
        self.rekeyed: dict[str, int] = {}
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
        for change in rec.changes:
            if change.reason not in ("key-changed", "content-changed"):
                continue
            labels = {change.box, box_in_variant(change.box, change.variant)}
            for label in labels:
                if label in self.rekeyed or len(self.rekeyed) < MAX_BOXES:
                    self.rekeyed[label] = self.rekeyed.get(label, 0) + 1
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
            if assessment.empty:  # submitted blank: not counted, as a blank reflection is not
                continue
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
        for part_id, stats in sorted(self.parts.items(), key=lambda item: box_sort_key(item[0])):
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
            "key_changed_by_box": dict(sorted(self.rekeyed.items())),
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

    @property
    def one(self) -> bool:
        """One learner's sessions: figures out of one read as yes or no."""
        return self.learners == 1

    def _ratio(self, count: int, of: int) -> str:
        """``count/of`` for a class, ``yes``/``no`` for one learner, ``-`` for nothing."""
        if self.one:
            return yes_no(count, of)
        return f"{count}/{of}" if of else "-"

    def _format_hints(self, top: int, order: Sequence[str] | None) -> list[str]:
        shown = [b for b in (order or sorted(self.boxes, key=box_sort_key)) if b in self.boxes]
        rows = []
        for box in shown:
            s = self.boxes[box]
            if not s.learners and not s.hints:
                continue
            cells = [
                self._ratio(h.solved_after, h.revealed)
                if (h := s.hints.get(k)) is not None
                else "-"
                for k in range(1, 5)
            ]
            rows.append((box, s, cells))
        if not rows or not any(s.hints or s.with_hint for _, s, _ in rows):
            return []
        said = (
            [
                "Hints: was the first try right, without / after hints; for each hint k",
                "revealed before solving the box, was it solved afterwards.",
            ]
            if self.one
            else [
                "Hints: first try right without / after hints; of the learners who revealed",
                "hint k before solving the box, how many solved it afterwards.",
            ]
        )
        out = [
            "",
            *said,
            "",
            f"{'box':<18}{'no hints':>12}{'after hints':>13}  {'hint 1':>7}{'hint 2':>7}"
            f"{'hint 3':>7}{'hint 4':>7}",
        ]
        out.append("-" * (len(out[-1])))
        for box, s, cells in rows:
            name = fit(box, 17)
            none_ = self._ratio(s.no_hint_right, s.no_hint)
            after = self._ratio(s.with_hint_right, s.with_hint)
            padded = "".join(f"{c:>7}" for c in cells)
            out.append(f"{name:<18}{none_:>12}{after:>13}  {padded}")
        return out

    def _format_solutions(self) -> list[str]:
        parts = [
            (p, s)
            for p, s in sorted(self.parts.items(), key=lambda item: box_sort_key(item[0]))
            if s.solutions_asked or s.solutions_shown
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
        if self.one:
            out = ["", "Self-assessed explanations: the rubric points the learner ticked."]
        else:
            out = ["", "Self-assessed explanations: learners who ticked each rubric point."]
        for part, (n, points) in rubric.items():
            out.append(
                f"  {fit(part, 40)}"
                + (":" if self.one else f" ({n} learner{'s' if n != 1 else ''}):")
            )
            for name, met in points:
                if self.one:
                    rate = f"{yes_no(met, n):>4}"
                else:
                    rate = f"{met / n:4.0%}" if n else "  - "
                out.append(f"    {rate} {fit(name, WIDTH - 9)}")
        return out

    def _format_reflections(self, top: int) -> list[str]:
        if not self.reflections:
            return []
        if self.one:
            out = ["", "Reflections (the latest of each):"]
        else:
            out = ["", f"Reflections (the first {top} of each; every text is in --json):"]
        for prompt, texts in sorted(self.reflections.items(), key=lambda i: box_sort_key(i[0])):
            n = self.reflection_counts.get(prompt, 0)
            out.append(
                f"  {fit(prompt, 40)}"
                + ("" if self.one else f": {n} learner{'s' if n != 1 else ''}")
            )
            if prompt in self.hours_prompts and self.hours:
                reported = Spread.of([h for _, h, _ in self.hours])
                logged = Spread.of([lg for _, _, lg in self.hours])
                if self.one and reported is not None and logged is not None:
                    out.append(
                        f"    hours reported: {reported.median:.1f} h; logged active time: "
                        f"{logged.median:.1f} h"
                    )
                elif reported is not None and logged is not None:
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
        by_reason: dict[Reason, int] = {}
        for c in self.changes:
            by_reason[c.reason] = by_reason.get(c.reason, 0) + 1
        for reason, count in sorted(by_reason.items()):
            out.append(f"  {count} {REASONS[reason]}")
        limit = max(top, 10)
        for c in self.changes[:limit]:
            who = learner_label(c.learner)
            box = box_in_variant(c.box, c.variant)
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
