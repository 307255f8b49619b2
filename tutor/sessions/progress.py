"""Resume: a student's progress rebuilt from the session logs in a directory.

Sessions are replayed in start order. A session whose ``session_start`` says
``fresh: true`` (the tutor was started with ``--fresh``) wipes the progress
replayed so far, so a fresh start restores nothing from before it while every
old log stays on disk. Hours count every session (time spent on the homework
is not undone by starting over); see docs/session-logs.md for the idle rule.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tutor.sessions.activetime import Timing
from tutor.sessions.logformat import HANDOUT_KEY, IDLE_GAP_SECONDS, variant_key
from tutor.sessions.logreader import (
    Event,
    Session,
    SessionReadError,
    SessionStream,
    iter_session_files,
    order_sessions,
    read_header,
)

# Higher is better; unknown verdicts rank with "invalid".
VERDICT_RANK = {"invalid": 0, "incorrect": 1, "partial": 2, "correct": 3}


def better_verdict(a: str, b: str) -> str:
    """The better of two verdicts (``a`` on a tie)."""
    return b if VERDICT_RANK.get(b, 0) > VERDICT_RANK.get(a, 0) else a


@dataclass(frozen=True)
class BoxProgress:
    """What a student has done in one answer box."""

    best: str  # best verdict so far: correct > partial > incorrect > invalid ("" if none)
    latest: str  # verdict of the latest attempt ("" if none)
    latest_raw: str  # the latest input, to refill the box
    attempts: int  # judged submissions; unreadable (invalid) ones cost no attempt, as in the tutor
    hints: int  # highest hint index revealed (0 = none)
    invalid: int = 0  # unreadable submissions
    latest_feedback: str = ""  # feedback, interpretation and note of the latest judged attempt,
    latest_interpreted: str = ""  # so a reopened box shows what the student saw
    latest_note: str = ""
    # every answer submitted, in order, unreadable ones included: (raw, logged verdict, content
    # hash, tutor version it was judged under), what a regrade (tutor.sessions.regrade) re-judges
    history: tuple[tuple[str, str, str, str], ...] = ()
    key_changed: bool = False  # set by the regrade: the current key judges this box differently

    @property
    def verdict(self) -> str:
        """The verdict to show for the box on resume: the best one reached."""
        return self.best

    @property
    def solved(self) -> bool:
        return self.best == "correct"


@dataclass(frozen=True)
class SelfAssessment:
    part: str
    points: tuple[bool, ...]
    text: str


def _empty_map() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True)
class Progress:
    """Everything the tutor restores on start, plus hours spent."""

    boxes: Mapping[str, BoxProgress] = field(default_factory=_empty_map)
    last_part: str | None = None
    parts_seen: tuple[str, ...] = ()  # in order of first opening
    solutions_seen: frozenset[str] = frozenset()
    self_assessments: Mapping[str, SelfAssessment] = field(default_factory=_empty_map)
    reflections: Mapping[str, str] = field(default_factory=_empty_map)  # prompt id -> latest
    plots_viewed: frozenset[str] = frozenset()
    seconds: float = 0.0  # active time over every session in the directory
    seconds_since_fresh: float = 0.0  # active time over the sessions progress was rebuilt from
    sessions: int = 0  # sessions progress was rebuilt from
    sessions_total: int = 0  # readable sessions in the directory
    fresh_from: str | None = None  # id of the latest --fresh session, if any
    warnings: tuple[str, ...] = ()
    # (content hash, tutor version) of every session whose answers were replayed
    judged_with: frozenset[tuple[str, str]] = frozenset()

    def judged_elsewhere(self, content_hash: str, version: str) -> bool:
        """Some replayed answer was judged under other content or another tutor version:
        its logged verdict may not be today's (``tutor.sessions.resume.regrade_progress``)."""
        return any(judged != (content_hash, version) for judged in self.judged_with)

    # practice variants, kept apart from the handout's boxes above (which they never change):
    # variant key ("seed:7") -> box -> progress in that variant
    variants: Mapping[str, Mapping[str, BoxProgress]] = field(default_factory=_empty_map)
    variant_solutions: frozenset[tuple[str, str]] = frozenset()  # (part, variant key)
    variant_params: Mapping[str, Mapping[str, object]] = field(default_factory=_empty_map)
    # proof boxes whose pool the student asked to see early: (box, variant key or None)
    pools_shown: frozenset[tuple[str, str | None]] = frozenset()
    # the numbers each part was last opened with, part -> variant key ("handout" for the
    # handout's), in the order they were last opened (the latest last); a part is in
    # ``parts_left_tagged`` once a log said it was opened in a variant (older logs never do)
    parts_left: Mapping[str, str] = field(default_factory=_empty_map)
    parts_left_tagged: frozenset[str] = frozenset()

    def variant_box(self, key: str, box_id: str) -> BoxProgress | None:
        """A box's progress in practice variant ``key`` (``None``: not tried there)."""
        return self.variants.get(key, {}).get(box_id)

    def variants_solved(self, box_ids: Iterable[str]) -> int:
        """How many practice variants have every one of ``box_ids`` (a part's boxes) solved."""
        wanted = tuple(box_ids)
        if not wanted:
            return 0
        return sum(
            1
            for boxes in self.variants.values()
            if all((b := boxes.get(box)) is not None and b.solved for box in wanted)
        )

    @property
    def hours(self) -> float:
        """Hours actually spent (idle gaps excluded), over every session."""
        return self.seconds / 3600.0

    def box(self, box_id: str) -> BoxProgress | None:
        return self.boxes.get(box_id)

    @property
    def empty(self) -> bool:
        return not (
            self.boxes
            or self.last_part
            or self.solutions_seen
            or self.self_assessments
            or self.reflections
        )


class _Builder:
    """Mutable accumulator used while replaying sessions."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.best: dict[str, str] = {}
        self.latest: dict[str, str] = {}
        self.latest_raw: dict[str, str] = {}
        self.attempts: dict[str, int] = {}
        self.invalid: dict[str, int] = {}
        self.judged: dict[str, tuple[str, str, str, str]] = {}  # raw, feedback, interpreted, note
        self.history: dict[str, list[tuple[str, str, str, str]]] = {}
        self.judged_with: set[tuple[str, str]] = set()
        self.hints: dict[str, int] = {}
        self.last_part: str | None = None
        self.parts_seen: dict[str, None] = {}
        self.solutions: set[str] = set()
        self.assessments: dict[str, SelfAssessment] = {}
        self.reflections: dict[str, str] = {}
        self.plots: set[str] = set()
        self.pools: set[str] = set()  # proof boxes whose pool the student asked to see early
        self.variant: dict[str, _Builder] = {}  # practice variant key -> its own boxes
        self.variant_params: dict[str, dict] = {}
        self.left: dict[str, str] = {}  # part -> variant key it was last opened with
        self.left_tagged: set[str] = set()

    def _for(self, data: Mapping) -> _Builder:
        """The builder an attempt or hint belongs to: this one (the handout) or its variant's."""
        key = variant_key(data)
        if key == HANDOUT_KEY:
            return self
        found = self.variant.get(key)
        if found is None:
            found = self.variant[key] = _Builder()
            params = data.get("params")
            self.variant_params[key] = dict(params) if isinstance(params, Mapping) else {}
        return found

    def replay(self, events: Iterable[Event], idle: float = IDLE_GAP_SECONDS) -> float:
        """Replay a session's events (in order); returns its active seconds."""
        timing = Timing(idle)
        judged_with = ("", "")  # the session's content hash and tutor version (its header)
        for event in events:
            timing.step(event)
            kind = event.type
            data = event.data
            if kind == "session_start":
                judged_with = (data.get("content_hash", ""), data.get("version", ""))
            elif kind == "attempt":
                box = data.get("box")
                if not isinstance(box, str):
                    continue
                into = self._for(data)
                into._attempt(box, data, judged_with)
                if isinstance(data.get("raw"), str):  # a variant's too: judged by its box
                    self.judged_with.add(judged_with)
            elif kind == "hint":
                box, index = data.get("box"), data.get("index")
                if isinstance(box, str) and type(index) is int:
                    into = self._for(data)
                    into.hints[box] = max(into.hints.get(box, 0), index)
            elif kind == "part_opened":
                part = data.get("part")
                if isinstance(part, str):
                    self.last_part = part
                    self.parts_seen.setdefault(part, None)
                    key = variant_key(data)
                    self.left.pop(part, None)  # the latest opening last
                    self.left[part] = key
                    if key != HANDOUT_KEY:
                        self.left_tagged.add(part)
            elif kind == "solution":
                part = data.get("part")
                if isinstance(part, str):
                    self._for(data).solutions.add(part)
            elif kind == "self_assessment":
                part = data.get("part")
                points = data.get("points")
                if isinstance(part, str) and isinstance(points, list):
                    self.assessments[part] = SelfAssessment(
                        part, tuple(bool(p) for p in points), str(data.get("text", ""))
                    )
            elif kind == "reflection":
                prompt = data.get("prompt")
                if isinstance(prompt, str):
                    self.reflections[prompt] = str(data.get("text", ""))
            elif kind == "plot_viewed":
                name = data.get("plot")
                if isinstance(name, str):
                    self.plots.add(name)
            elif kind == "pool_shown":
                box = data.get("box")
                if isinstance(box, str):
                    self._for(data).pools.add(box)
        return timing.active

    def _attempt(self, box: str, data: Mapping, judged_with: tuple[str, str] = ("", "")) -> None:
        verdict = str(data.get("verdict", "invalid"))
        raw = data.get("raw")
        if isinstance(raw, str):  # what the regrade on resume judges again
            self.history.setdefault(box, []).append((raw, verdict, *judged_with))
        if verdict == "invalid":
            self.invalid[box] = self.invalid.get(box, 0) + 1
        else:
            self.attempts[box] = self.attempts.get(box, 0) + 1
            self.judged[box] = (
                str(data.get("raw", "")),
                str(data.get("feedback", "")),
                str(data.get("interpreted", "")),
                str(data.get("note", "")),
            )
        self.latest[box] = verdict
        self.latest_raw[box] = str(data.get("raw", ""))
        self.best[box] = better_verdict(self.best.get(box, ""), verdict)

    def boxes(self) -> dict[str, BoxProgress]:
        ids = list(dict.fromkeys([*self.attempts, *self.invalid, *self.hints]))
        result = {}
        for box in ids:
            _raw, feedback, interpreted, note = self.judged.get(box, ("", "", "", ""))
            result[box] = BoxProgress(
                best=self.best.get(box, ""),
                latest=self.latest.get(box, ""),
                latest_raw=self.latest_raw.get(box, ""),
                attempts=self.attempts.get(box, 0),
                hints=self.hints.get(box, 0),
                invalid=self.invalid.get(box, 0),
                latest_feedback=feedback,
                latest_interpreted=interpreted,
                latest_note=note,
                history=tuple(self.history.get(box, ())),
            )
        return result


class _Replay:
    """Progress rebuilt session by session, in the order the sessions were started."""

    def __init__(self, idle: float = IDLE_GAP_SECONDS) -> None:
        self.idle = idle
        self.builder = _Builder()
        self.seconds = 0.0
        self.since_fresh = 0.0
        self.counted = 0
        self.total = 0
        self.fresh_from: str | None = None

    def add(self, session_id: str, fresh: bool, events: Iterable[Event]) -> None:
        if fresh:
            self.builder.reset()
            self.since_fresh = 0.0
            self.counted = 0
            self.fresh_from = session_id
        spent = self.builder.replay(events, self.idle)
        self.seconds += spent
        self.since_fresh += spent
        self.counted += 1
        self.total += 1

    def progress(self, fresh: bool, warnings: Iterable[str]) -> Progress:
        builder = self.builder
        since_fresh, counted = self.since_fresh, self.counted
        if fresh:
            builder.reset()
            since_fresh = 0.0
            counted = 0
        return Progress(
            boxes=MappingProxyType(builder.boxes()),
            last_part=builder.last_part,
            parts_seen=tuple(builder.parts_seen),
            solutions_seen=frozenset(builder.solutions),
            self_assessments=MappingProxyType(dict(builder.assessments)),
            reflections=MappingProxyType(dict(builder.reflections)),
            plots_viewed=frozenset(builder.plots),
            seconds=self.seconds,
            seconds_since_fresh=since_fresh,
            sessions=counted,
            sessions_total=self.total,
            fresh_from=self.fresh_from,
            warnings=tuple(warnings),
            judged_with=frozenset(builder.judged_with),
            variants=MappingProxyType(
                {k: MappingProxyType(b.boxes()) for k, b in builder.variant.items()}
            ),
            variant_solutions=frozenset(
                (part, k) for k, b in builder.variant.items() for part in b.solutions
            ),
            variant_params=MappingProxyType(dict(builder.variant_params)),
            pools_shown=frozenset(
                [(box, None) for box in builder.pools]
                + [(box, k) for k, b in builder.variant.items() for box in b.pools]
            ),
            parts_left=MappingProxyType(dict(builder.left)),
            parts_left_tagged=frozenset(builder.left_tagged),
        )


def progress_from_sessions(
    sessions: Iterable[Session],
    *,
    fresh: bool = False,
    warnings: Iterable[str] = (),
    idle: float = IDLE_GAP_SECONDS,
    restore: bool = False,
) -> Progress:
    """Rebuild progress from sessions read whole (replayed in start order).

    ``fresh=True`` restores nothing (the caller is starting over now); hours
    still count every session. A session started with ``--restore`` undoes
    the fresh starts before it; ``restore=True`` does the same now (the
    caller is restoring).
    """
    ordered = sorted(sessions, key=Session.sort_key)
    kept = kept_fresh([(x.fresh, x.restore) for x in ordered], restore)
    replay = _Replay(idle)
    for session, fresh_start in zip(ordered, kept, strict=True):
        replay.add(session.id, fresh_start, session.events)
    return replay.progress(fresh, warnings)


def kept_fresh(starts: Sequence[tuple[bool, bool]], restore: bool = False) -> list[bool]:
    """Which fresh starts still set earlier work aside, for sessions in the order they were
    started, given as (fresh, restore): a ``--restore`` start undoes every fresh start before
    it, and ``restore=True`` (a ``--restore`` start now) undoes them all."""
    last = len(starts) if restore else max((i for i, (_, r) in enumerate(starts) if r), default=-1)
    return [fresh and i > last for i, (fresh, _) in enumerate(starts)]


def load_progress(
    log_dir: str | os.PathLike[str], fresh: bool = False, restore: bool = False
) -> Progress:
    """Progress rebuilt from every session file directly in ``log_dir``, read one at a
    time as it streams by, in the order the sessions were started (their number).

    Never raises: a missing or unreadable directory, unreadable files or events give
    progress from what could be read, with warnings (the tutor shows them on screen).
    ``fresh=True`` restores nothing.
    """
    directory = Path(log_dir)
    warnings: list[str] = []
    replay = _Replay()
    try:
        headers = []
        seen: dict[tuple, Path] = {}  # a session's identity -> its file: a copy counts once
        for path in iter_session_files(directory):
            try:
                header = read_header(path)
            except SessionReadError as exc:
                warnings.append(str(exc))
                continue
            identity = header.identity
            if identity is not None and identity in seen:
                warnings.append(
                    f"{path.name} is the same session as {seen[identity].name} (a copy?): "
                    "counted once"
                )
                continue
            if identity is not None:
                seen[identity] = path
            headers.append(header)
        ordered, clock_warnings = order_sessions(headers)
        warnings.extend(clock_warnings)
    except OSError as exc:
        ordered = []
        warnings.append(f"cannot read the log directory {directory}: {exc.strerror or exc}")
    kept = kept_fresh([(h.fresh, h.restore) for h in ordered], restore)
    for header, fresh_start in zip(ordered, kept, strict=True):
        try:
            with SessionStream(header.path) as stream:
                replay.add(header.path.stem, fresh_start, stream)
            warnings.extend(stream.warnings)
        except SessionReadError as exc:
            warnings.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - resume must never stop the tutor
            warnings.append(f"{header.path}: skipped, it could not be read ({type(exc).__name__})")
    return replay.progress(fresh, warnings)
