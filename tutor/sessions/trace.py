"""A session's trace: its events grouped by the part they belong to, in the order the parts were
first visited, with the time spent in each (what ``hw3-tutor export`` writes as Markdown,
``tutor.sessions.markdown``, or LaTeX, ``tutor.sessions.latex``). Student text is cut to a
bounded length and made visible (control characters, escape sequences) here, once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.sessions.logformat import (
    EVENT_FIELDS,
    HANDOUT_KEY,
    IDLE_GAP_SECONDS,
    WORK_EVENTS,
    variant_key,
)
from tutor.sessions.logreader import Event, Session
from tutor.sessions.review import PartClock
from tutor.textsafe import bounded, visible


@dataclass(frozen=True)
class TraceItem:
    type: str  # one of WORK_EVENTS (attempt, hint, …, plot_viewed, pool_shown)
    fields: tuple[tuple[str, object], ...]

    def get(self, key: str, default: object = "") -> object:
        for k, v in self.fields:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class PartTrace:
    part: str
    seconds: float
    items: tuple[TraceItem, ...]
    title: str = ""  # from the content, when it was loaded


@dataclass(frozen=True)
class Trace:
    session_id: str
    started: str
    ended: bool
    version: str
    content_hash: str
    fresh: bool
    seconds: float
    parts: tuple[PartTrace, ...]
    other: tuple[TraceItem, ...]  # events about no part (plots viewed before any part)
    warnings: tuple[str, ...]
    content_changed: bool = False  # the content loaded is not the one the session used
    more: int = 0  # events after the first ITEM_LIMIT, counted but left out


# fields ``tutor.sessions.regrade`` adds to an event it changed, shown in a trace: the logged
# verdict of an attempt judged otherwise today, a solution logged as shown after solving
# before the part was solved (counted as asked)
_REGRADE_MARKS = ("logged_verdict", "asked_altered")
ITEM_LIMIT = 5000  # events of one session written into a trace; the rest are counted
MAX_TRACE_PARTS = 500


def build_trace(session: Session, idle: float = IDLE_GAP_SECONDS, content: Any = None) -> Trace:
    """Group a session read whole by part. With ``content`` (a ``tutor.content.Content``),
    parts get their titles and revealed hints their text."""
    return trace_of(session.events, session.path, idle, content, warnings=session.warnings)


def trace_of(
    events: Iterable[Event],
    path: Path,
    idle: float = IDLE_GAP_SECONDS,
    content: Any = None,
    *,
    warnings: Iterable[str] = (),
) -> Trace:
    """Group a session's events by part as they stream by (at most ``ITEM_LIMIT`` kept).

    Only the fields the log format declares for an event are used, and a hint's text
    comes from the content, never from the log.
    """
    clock = PartClock(idle)
    seconds: dict[str, float] = {}
    items: dict[str, list[TraceItem]] = {}
    other: list[TraceItem] = []
    start: Event | None = None
    first: Event | None = None
    last: Event | None = None
    total = 0.0
    kept = more = 0
    for event in events:
        _, gap, owner, part = clock.step(event)
        total += gap
        first = first or event
        last = event
        if start is None and event.type == "session_start":
            start = event
        if owner is not None and (owner in items or len(items) < MAX_TRACE_PARTS):
            seconds[owner] = seconds.get(owner, 0.0) + gap
            items.setdefault(owner, [])
        if part is None and event.type == "plot_viewed":
            part = owner
        if part is not None and part not in items and len(items) < MAX_TRACE_PARTS:
            items[part] = []
        if event.type not in WORK_EVENTS:
            continue
        if kept >= ITEM_LIMIT:
            more += 1
            continue
        kept += 1
        declared = EVENT_FIELDS[event.type]
        fields = tuple(
            (k, bounded(v, TEXT_LIMIT) if isinstance(v, str) else v)  # no more is shown
            for k, v in event.data.items()
            if k in declared
        )
        for mark in _REGRADE_MARKS:  # what the regrade changed (not in the log itself)
            if mark in event.data:
                fields += ((mark, event.data[mark]),)
        if event.type == "hint" and content is not None and _is_handout(event.data):
            # the content's hint is the handout's: a practice variant's numbers differ
            fields += (("text", _hint_text(content, event.data)),)
        if event.type == "attempt" and content is not None:
            blocks = _block_texts(content, event.data)
            if blocks:
                fields += (("blocks", blocks),)
        item = TraceItem(event.type, fields)
        if part is None or part not in items:
            other.append(item)
        else:
            items[part].append(item)
    parts = tuple(
        PartTrace(part=p, seconds=seconds.get(p, 0.0), items=tuple(found), title=_title(content, p))
        for p, found in items.items()
    )
    data = start.data if start is not None else {}
    content_hash = str(data.get("content_hash", ""))
    return Trace(
        session_id=path.stem,
        started=(start or first).time if (start or first) is not None else "",  # type: ignore[union-attr]
        ended=last is not None and last.type == "session_end",
        version=str(data.get("version", "")),
        content_hash=content_hash,
        fresh=bool(data.get("fresh")),
        seconds=total,
        parts=parts,
        other=tuple(other),
        warnings=tuple(warnings),
        content_changed=bool(
            content is not None
            and content_hash
            and getattr(content, "content_hash", "")
            and content_hash != content.content_hash
        ),
        more=more,
    )


def _is_handout(data: Mapping) -> bool:
    return variant_key(data) == HANDOUT_KEY


def variant_label(item: TraceItem) -> str:
    """``practice variant seed:7 (layers = 12, every = 4)``, or "" for the handout."""
    data = dict(item.fields)
    key = variant_key(data)
    if key == HANDOUT_KEY:
        return ""
    params = data.get("params")
    values = ", ".join(f"{k} = {v}" for k, v in params.items()) if isinstance(params, dict) else ""
    return f"practice variant {key}" + (f" ({values})" if values else "")


def _title(content: Any, part_id: str) -> str:
    part = content.part(part_id) if content is not None else None
    return str(part.title) if part is not None else ""


def _hint_text(content: Any, data: Mapping) -> str:
    box = content.boxes.get(data.get("box"))
    index = data.get("index")
    if box is None or type(index) is not int or not 1 <= index <= len(box.hints):
        return ""
    return str(box.hints[index - 1])


def _block_texts(content: Any, data: dict) -> tuple[str, ...]:
    """A proof attempt's blocks as ``(key) text``, in the order chosen (keys the content
    does not know are left out)."""
    box = content.boxes.get(data.get("box"))
    raw = data.get("raw")
    if box is None or getattr(box, "kind", "") != "proof" or not isinstance(raw, str):
        return ()
    texts = {b.key: b.text for b in box.blocks}
    texts.update({d.key: d.text for d in box.distractors})
    keys = re.split(r"[\s,;→>]+|->", raw)
    return tuple(f"({k}) {texts[k]}" for k in keys if k in texts)


def ms_text(value: object) -> str:
    """Checking time for display ('' when absent or not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def points_of(item: TraceItem) -> list[bool]:
    points = item.get("points", [])
    return [bool(p) for p in points] if isinstance(points, list) else []


TEXT_LIMIT = 2000  # characters of one student text in a trace; the rest is left out, said so


def clean(text: object, *, lines: bool = True) -> str:
    """Text with control characters, escape sequences and bidirectional overrides made
    visible (``tutor.textsafe.visible``: ``\\x1b``), cut to TEXT_LIMIT characters (a log
    edited by hand can hold megabytes in one field). ``lines=False`` shows line breaks as
    ``\\n`` too (a field that must stay on one line)."""
    return visible(text, TEXT_LIMIT, newlines=lines)
