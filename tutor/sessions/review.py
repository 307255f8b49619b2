"""``hw3-tutor review``: look back over session logs.

For one session it prints a timeline (what was tried, with verdicts, hints
and time per part); for many sessions (a class) it prints, per answer box,
attempts, the first-try correct rate, hints used, the most common known
mistakes and the most common unmatched wrong answers (the ones instructors
should add as new mistakes). ``--json`` gives the same as JSON.

Who is a learner (``tutor.sessions.sources``): the student id in a session's header, else
its hand-in's; when a directory holds per-student subdirectories, each subdirectory is one
student and their sessions are pooled; a session file given directly (or lying directly in a
given directory) is its own learner.

Logs are untrusted (students hand them in): sessions are read one at a time, event by
event (``tutor.sessions.logreader.SessionStream``), so memory does not grow with the size
of the logs, and what is kept from them is bounded (``MAX_BOXES`` and the other limits). Every field printed goes through ``tutor.textsafe``.

This module holds what the review's parts share: which part an event is about and the
time spent on it (``PartClock``), how answers are grouped and shown, the shared bounds.
The parts: ``tutor.sessions.timeline`` (one session), ``tutor.sessions.classsummary``
(many sessions: the class figures and their tally), ``tutor.sessions.reviewtext`` (the
class summary printed).

Only the standard library is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from tutor.errors import UserError
from tutor.sessions.activetime import Timing
from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.sessions.logreader import Event, Session
from tutor.textsafe import cut_like, quoted, visible

if TYPE_CHECKING:
    from tutor.content.model import Content

# What a review keeps, whatever the logs hold (beyond these, more is counted, not kept); the
# class summary's other bounds are in ``tutor.sessions.classsummary``, the timeline's in
# ``tutor.sessions.timeline``
MAX_BOXES: Final = 2000  # distinct answer boxes
MAX_PARTS: Final = 1000  # distinct parts


class NoSessionsError(UserError):
    """No session logs where the user pointed: not a usage mistake, exit 1."""

    exit_code = 1


def part_of(identifier: str) -> str:
    """The part a box or prompt id belongs to: ``"5a.fwd"`` -> ``"5a"``."""
    return identifier.split(".", 1)[0]


def event_part(event_type: str, data: Mapping) -> str | None:
    """The part an event is about, when it names one."""
    if event_type in ("part_opened", "solution", "self_assessment"):
        part = data.get("part")
        return part if isinstance(part, str) else None
    if event_type in ("attempt", "hint"):
        box = data.get("box")
        return part_of(box) if isinstance(box, str) else None
    if event_type == "reflection":
        prompt = data.get("prompt")
        return part_of(prompt) if isinstance(prompt, str) else None
    return None


class PartClock:
    """For each event of a session in turn: its moment, the active gap before it and the
    part that gap is spent on.

    The time before an event goes to the part the event is about (an attempt's time goes to
    its box's part); for events about no part, and for opening a new part, it goes to the
    part that was open. One implementation for the timeline, the class report and export.
    """

    def __init__(self, idle: float = IDLE_GAP_SECONDS):
        self.timing = Timing(idle)
        self.current: str | None = None

    def step(self, event: Event) -> tuple[float, float, str | None, str | None]:
        """(moment, gap, the part the gap goes to, the part the event is about)."""
        at, gap = self.timing.step(event)
        part = event_part(event.type, event.data)
        if event.type == "part_opened":
            owner, self.current = self.current, part
        else:
            owner = part if part is not None else self.current
        return at, gap, owner, part


def attribute_parts(
    session: Session, idle: float = IDLE_GAP_SECONDS
) -> tuple[list[float], list[str | None]]:
    """Active gap before each event and the part that gap is spent on (see PartClock)."""
    clock = PartClock(idle)
    gaps: list[float] = []
    owners: list[str | None] = []
    for event in session.events:
        _, gap, owner, _ = clock.step(event)
        gaps.append(gap)
        owners.append(owner)
    return gaps, owners


def normalize_answer(raw: str) -> str:
    """How unmatched answers are grouped: NFC, no whitespace, ``**`` as ``^``, no final period
    (an answer its reader cut stays cut: ``tutor.textsafe.cut_like``)."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(text.split()).replace("**", "^")
    return cut_like(text.rstrip("."), raw)


SHOW_LIMIT = 200  # characters of one student text shown in a terminal report


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out (and escaped)."""
    return visible(text, limit)


def show(text: str, limit: int = SHOW_LIMIT) -> str:
    """A student's text quoted for the terminal: control characters, escape sequences and
    bidirectional overrides shown as escapes (``tutor.textsafe``), everything else,
    backslashes included, as typed; a text longer than ``limit`` is cut, saying how much
    was left out."""
    return quoted(text, limit)


def show_fit(text: str, room: int) -> str:
    """A student's text quoted (``tutor.textsafe.quoted``), cut so that the whole (quotes,
    escapes and the note of how much was left out) takes at most ``room`` columns."""
    limit = max(8, room - 2)
    while True:
        out = quoted(text, limit)
        if len(out) <= room or limit <= 8:
            return out
        limit = max(8, limit - (len(out) - room))


def spelling(raw: str) -> str:
    """How a typed answer is shown in a list: trimmed, runs of spaces as one (an answer its
    reader cut stays cut, saying how long it was)."""
    return cut_like(" ".join(raw.split()), raw)


def answer_key(raw: str, interpreted: object) -> str:
    """What unmatched answers are grouped by: the checker's reading of the answer when
    the log has it ("1/d₁", "1 / d1" and "d1^-1" are one answer), else the typed text
    normalized (``normalize_answer``)."""
    if type(interpreted) is str and interpreted.strip():
        return "=" + interpreted.strip()
    return normalize_answer(raw)


def fmt_duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``; never negative (a clock step is no time spent)."""
    seconds = max(0, int(round(seconds))) if seconds == seconds else 0
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


_DIGIT_RUNS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key for text with numbers in it, numbers by value: "seed:6" before "seed:16",
    "2a" before "10b" (a run of digits compared by its length without leading zeros, then
    as text: no number is too long to compare)."""
    parts = _DIGIT_RUNS.split(text)
    return tuple(
        (len(p.lstrip("0")), p.lstrip("0"), p) if i % 2 else p for i, p in enumerate(parts)
    )


def box_sort_key(identifier: str) -> tuple:
    """Sort "2a.x" before "10b.y", and a box's practice variants by their seeds ("5c.x
    [seed:6]" before "5c.x [seed:16]"): numbers numerically, the rest as text."""
    head = part_of(identifier)
    digits = "".join(ch for ch in head if ch.isdigit())
    return (int(digits[:18]) if digits else 10**18, natural_key(identifier))


def content_drift(
    content_hashes: Mapping[str, int], boxes_seen: Iterable[str], current: Content
) -> list[str]:
    """Warnings when sessions were recorded with other content than ``current``: how many of
    them (``content_hashes``: sessions per content hash, "" for none logged), and the boxes
    they answered (``boxes_seen``) that ``current`` no longer has. ``review`` and
    ``gradebook`` say the same."""
    sessions = sum(content_hashes.values())
    other = sum(n for h, n in content_hashes.items() if h and h != current.content_hash)
    out = []
    if other:
        out.append(
            f"{other} of {sessions} session{'s' if sessions != 1 else ''} "
            f"{'was' if other == 1 else 'were'} recorded with other content than the current "
            "one (older or edited files); their answers still count under the box ids they used"
        )
    gone = {box for box in boxes_seen if box not in current.boxes}
    if gone:
        shown = ", ".join(sorted(gone, key=box_sort_key)[:10])
        more = f" and {len(gone) - 10} more" if len(gone) > 10 else ""
        out.append(
            f"boxes not in the current content (renamed or removed): {shown}{more}; "
            "review with --content DIR for the content these sessions used"
        )
    return out


def yes_no(count: int, of: int) -> str:
    """One learner's figure out of one: ``yes``, ``no``, or ``-`` when there is nothing to
    count (what ``count/of`` says of a class)."""
    return "-" if not of else "yes" if count else "no"


def log_field(value: object) -> str:
    """One field from a log, on one line, for a terminal."""
    return visible("?" if value is None else value, SHOW_LIMIT)


WIDTH = 80  # the text reports fit a terminal this wide


def wrap(label: str, items: Sequence[str], indent: int = 4) -> list[str]:
    """``label item, item, ...`` in lines of at most WIDTH characters, broken between
    items (an item longer than a line is cut with an ellipsis), continuation lines
    aligned under the first item."""
    head = " " * indent + label
    room = max(20, WIDTH - len(head))
    lines: list[str] = []
    line = ""
    for n, item in enumerate(items):
        piece = item + ("," if n < len(items) - 1 else "")
        if len(piece) > room:
            piece = piece[: room - 1] + "…"
        if line and len(line) + 1 + len(piece) > room:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(line)
    pad = " " * len(head)
    return [(head if i == 0 else pad) + text for i, text in enumerate(lines)]
