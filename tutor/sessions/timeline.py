"""One session's timeline, for ``hw3-tutor review`` and the TUI's review screen: what was
tried, with verdicts, hints and time per part, as text (``format_timeline``) and as JSON
(``timeline_to_json``). Events are read as they stream by; what is kept is bounded
(``TIMELINE_LIMIT``). Every field printed goes through ``tutor.textsafe``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final

from tutor.sessions.logformat import HANDOUT_KEY, IDLE_GAP_SECONDS, variant_key
from tutor.sessions.logreader import Event, Session
from tutor.sessions.progress import VERDICT_RANK, better_verdict
from tutor.sessions.review import (
    MAX_BOXES,
    MAX_PARTS,
    PartClock,
    fmt_duration,
    log_field,
    show,
    wrap,
)
from tutor.textsafe import visible
from tutor.verdicts import GRADED_VERDICTS

TIMELINE_LIMIT: Final = 10_000  # events listed in one session's timeline


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
    attempts: int  # graded answers: unreadable input is not an attempt (as in the class view)
    hints: int
    solution: bool
    best: str  # the weakest box's status ("" if nothing was answered)
    # box -> its status as the gradebook shows it: the best graded verdict, else "invalid"
    # (only unreadable input)
    boxes: Mapping[str, str] = field(default_factory=dict)
    invalid: int = 0  # unreadable answers


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


def _describe_event(event_type: str, data: Mapping) -> str:
    if event_type == "session_start":
        text = f"session started (tutor {log_field(data.get('version', '?'))})"
        return text + ", fresh start" if data.get("fresh") else text
    if event_type == "part_opened":
        return f"opened part {log_field(data.get('part'))}"
    if event_type == "attempt":
        note = data.get("note", "")
        verdict = data.get("verdict", "?")
        shown = f"{log_field(data.get('box'))}: {show(data.get('raw', ''))} -> {log_field(verdict)}"
        if note and note != verdict:
            shown += f" ({log_field(note)})"
        return shown + _in_variant(data)
    if event_type == "hint":
        return (
            f"{log_field(data.get('box'))}: hint {log_field(data.get('index'))} revealed"
            + _in_variant(data)
        )
    if event_type == "solution":
        asked = data.get("asked")
        how = (
            "asked for"
            if asked is True
            else "shown after solving"
            if asked is False
            else "revealed"
        )
        return f"solution of {log_field(data.get('part'))} {how}" + _in_variant(data)
    if event_type == "self_assessment":
        points = data.get("points") or []
        met = sum(1 for p in points if p)
        line = f"self-assessment of {log_field(data.get('part'))}: {met}/{len(points)} points met"
        text = data.get("text", "")
        return f"{line}; explanation: {show(text)}" if text else line
    if event_type == "reflection":
        return f"reflection {log_field(data.get('prompt'))}: {show(data.get('text', ''))}"
    if event_type == "plot_viewed":
        return f"viewed plot {log_field(data.get('plot'))}"
    if event_type == "pool_shown":
        box = log_field(data.get("box"))
        return f"asked to see the blocks or check the working of {box} early" + _in_variant(data)
    if event_type == "session_end":
        return "session ended"
    return log_field(event_type)


def _in_variant(data: Mapping) -> str:
    """`` [variant seed:7: layers = 12, every = 4]`` for an event of a practice variant."""
    key = variant_key(data)
    if key == HANDOUT_KEY:
        return ""
    params = data.get("params")
    values = ", ".join(f"{k} = {v}" for k, v in params.items()) if params else ""
    return f" [variant {log_field(key)}{': ' + log_field(values) if values else ''}]"


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
    invalid: Counter[str] = Counter()
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
            verdict = event.data["verdict"]
            graded = verdict in GRADED_VERDICTS
            if graded:
                attempts[part] += 1
            else:
                invalid[part] += 1
            box = event.data["box"]
            boxes = best.setdefault(part, {})
            if box in boxes or len(boxes) < MAX_BOXES:
                # "invalid" (only unreadable input) until a graded verdict, then the best
                boxes[box] = better_verdict(boxes.get(box, "invalid"), verdict if graded else "")
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
                invalid=invalid[part],
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


def format_timeline(tl: Timeline) -> str:
    lines = [
        f"Session {visible(tl.session_id)}",
        f"  started {log_field(tl.started or 'unknown')}; active time {fmt_duration(tl.active_seconds)}"
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
            if p.invalid:
                bits.append(f"{p.invalid} unreadable")
            if p.hints:
                bits.append(f"{p.hints} hint{'s' if p.hints != 1 else ''}")
            if p.solution:
                bits.append("solution seen")
            head = f"  {log_field(p.part):<6} {fmt_duration(p.seconds):>8}  "
            lines.append(head + "; ".join(bits))
            if p.boxes:
                lines += wrap(
                    "", [f"{log_field(b)} {log_field(v)}" for b, v in p.boxes.items()], len(head)
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
                "invalid": p.invalid,
                "hints": p.hints,
                "solution": p.solution,
                "boxes": dict(p.boxes),
            }
            for p in tl.parts
        },
    }
