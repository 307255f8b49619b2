"""The class review: every session through the regrade, the per-box tally
(``tutor.sessions.classsummary.ClassTally``) and the class's extras (``tutor.sessions.classstats``),
one session at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tutor.content.model import Content
from tutor.sessions.classstats import ClassExtras
from tutor.sessions.classsummary import ClassSummary, Reviewed, review_sources
from tutor.sessions.learner import LearnerReplay
from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.sessions.logreader import Event
from tutor.sessions.regrade import LearnerRegrade
from tutor.sessions.regrader import Regrader
from tutor.sessions.sources import Collected, Source


class _LearnerPipe:
    """What ``review_sources`` passes each session's events through: today's verdicts
    (``LearnerRegrade``, when the content loads) and the learner's replay; a learner's record
    goes to the extras once the sessions reach the next learner (and at ``finish``)."""

    def __init__(
        self, extras: ClassExtras, regrader: Regrader | None, idle: float, by_variant: bool
    ) -> None:
        self.extras = extras
        self.regrader = regrader
        self.idle = idle
        self.by_variant = by_variant  # each practice variant's boxes apart, as the tally
        self._learner: str | None = None
        self._replay: LearnerReplay | None = None
        self._regrade: LearnerRegrade | None = None
        self.warnings: list[str] = []  # the regrade's, learner by learner

    def session(self, source: Source, events: Iterator[Event]) -> Iterator[Event]:
        if source.learner != self._learner or self._replay is None:
            self.finish()
            self._learner = source.learner
            self._replay = LearnerReplay(
                source.learner,
                identified=source.identified,
                idle=self.idle,
                by_variant=self.by_variant,
            )
            self._regrade = (
                LearnerRegrade(self.regrader, source.learner) if self.regrader is not None else None
            )
        if self._regrade is not None:
            events = self._regrade.session(events, source.session_id)
        return self._replay.watch(events, source.session_id)

    def finish(self) -> None:
        replay, self._replay = self._replay, None
        if replay is None:
            return
        rec = replay.record()
        if self._regrade is not None:
            rec.changes.extend(self._regrade.changes)
            rec.more_changes += self._regrade.more
            altered = self._regrade.altered_warning()
            if altered is not None:
                self.warnings.append(altered)
        clock = rec.clock_warning()
        if clock is not None:
            self.warnings.append(clock)
        self.extras.add(rec)


@dataclass
class ClassReview:
    """What ``hw3-tutor review`` reports on: the per-box figures and the extras, every answer
    judged again with the current content (when it loads)."""

    reviewed: Reviewed
    extras: ClassExtras
    content: Content | None
    warnings: tuple[str, ...]  # the figures' warnings and the regrade's
    judged: int = 0  # answers judged by the checker in this run (by either process)
    reused: int = 0  # judgments read from the cache file

    @property
    def summary(self) -> ClassSummary:
        return self.reviewed.summary

    def to_json(self) -> dict:
        out = self.extras.to_json()
        out["regrade"] = {
            "content_hash": self.content.content_hash if self.content is not None else None,
            "judged": self.judged,
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
    in the per-box figures (``classsummary.ClassTally``) and in each learner's replay, which the
    class extras add up learner by learner. The regrader is left open (the caller closes it)."""
    if content is None and regrader is not None:
        content = regrader.content
    extras = ClassExtras(content)
    pipe = _LearnerPipe(extras, regrader, idle, by_variant)
    opener = regrader.spooled if regrader is not None else None  # a helper's sessions
    reviewed = review_sources(found, idle, pipe=pipe, by_variant=by_variant, opener=opener)
    pipe.finish()
    warnings = [*reviewed.summary.warnings, *pipe.warnings, *extras.warnings()]
    if regrader is not None and regrader.cache_problem:
        warnings.append(regrader.cache_problem)
    return ClassReview(
        reviewed=reviewed,
        extras=extras,
        content=content,
        warnings=tuple(dict.fromkeys(warnings)),
        judged=regrader.judged if regrader is not None else 0,
        reused=regrader.reused if regrader is not None else 0,
    )
