"""The session log format, declared once: what both the writer (``tutor.sessions.log``) and
the reader (``tutor.sessions.logreader``) need. The event vocabulary, each event type's fields
with how they are read (their types and ranges, ``EVENT_FIELDS``), the practice variant an
event belongs to, the timestamps. The format is documented in ``docs/session-logs.md``.

Only the standard library is imported here.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple, get_args

from tutor.sessions.identity import ID_CHARACTERS, MAX_ID_LENGTH, is_student_id
from tutor.textsafe import bounded
from tutor.variants.seeds import SEED_RANGE, is_seed
from tutor.verdicts import VERDICTS, is_verdict

SCHEMA_VERSION = 1
SUFFIX = ".jsonl"

# The event vocabulary, declared once.
EventName = Literal[
    "session_start",
    "part_opened",
    "attempt",
    "hint",
    "solution",
    "self_assessment",
    "reflection",
    "plot_viewed",
    "pool_shown",
    "session_end",
]
EVENT_TYPES: Final[tuple[EventName, ...]] = get_args(EventName)
# What a student does in a session, as opposed to starting, ending it and moving around
WorkEventName = Literal[
    "attempt", "hint", "solution", "self_assessment", "reflection", "plot_viewed", "pool_shown"
]
WORK_EVENTS: Final[tuple[WorkEventName, ...]] = get_args(WorkEventName)

# What a reader keeps of one field of a log it did not write (``tutor.sessions.logreader``
# has its bounds on lines and files)
NAME_LIMIT: Final = 100  # characters of an id (box, part, prompt, plot), note or version
TEXT_LIMIT: Final = 100_000  # characters kept of one text (raw, a reflection...); the rest counted
MAX_POINTS: Final = 100  # rubric points in one self-assessment
MAX_INDEX: Final = 100  # a hint's number (no box has that many)
MAX_MS: Final = 10**7  # a checking time
MAX_VARIANT_PARAMS: Final = 32  # parameters in one logged variant

IDLE_GAP_SECONDS = 600.0  # a gap between events longer than this is idle time (not counted)


def future_limit() -> datetime:
    """The latest time a log's event may carry and be believed: a day from now (a clock set a
    few hours ahead is not a forgery). Later times (2099, 9999) set no first or last activity;
    ``tutor.sessions.sources.collect`` warns of sessions that start after it."""
    return datetime.now(timezone.utc) + timedelta(days=1)


def parse_time(stamp: str) -> datetime | None:
    """Parse an event timestamp (``...Z`` or ``+00:00``); None when it is not one."""
    if not isinstance(stamp, str):
        return None
    text = stamp[:-1] + "+00:00" if stamp.endswith("Z") else stamp
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def iso_utc(moment: datetime, *, micro: bool = False) -> str:
    """``moment`` in ISO 8601, UTC, as the logs write it (``2025-02-03T10:01:30Z``, with
    ``micro`` ``…30.000000Z``): a 4-digit year always (``strftime`` writes year 1 as ``1``);
    a moment before year 1 in UTC (``0001-01-01T00:00:00+14:00``) keeps its own offset."""
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        return moment.isoformat(timespec="microseconds" if micro else "seconds")
    text = (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    )
    return text + (f".{utc.microsecond:06d}Z" if micro else "Z")


class VariantTag(NamedTuple):
    """The practice variant an event belongs to: its seed (``None`` when its parameters were set
    by hand) and its parameters (JSON scalars, ``Variant.params_json()``). The handout is no tag
    at all (``None``): its events carry no variant fields, as before variants existed."""

    seed: int | None
    params: Mapping[str, int | float | str]


HANDOUT_KEY: Final = "handout"


def variant_fields(variant: VariantTag | None) -> dict[str, Any]:
    """The fields an event carries for ``variant`` (none for the handout)."""
    if variant is None or (variant.seed in (None, 0) and not variant.params):
        return {}
    fields: dict[str, Any] = {"params": dict(variant.params)}
    if variant.seed:
        fields["seed"] = int(variant.seed)
    return fields


def box_in_variant(box: str, key: str) -> str:
    """How a box is named in a variant's figures counted apart: ``5c.derive`` for the
    handout, ``5c.derive [seed:7]`` for a practice variant (``review --by-variant``)."""
    return box if key == HANDOUT_KEY else f"{box} [{key}]"


def variant_key(data: Mapping[str, Any]) -> str:
    """The variant a read event belongs to, named as ``Variant.key`` names it: ``handout`` (no
    variant fields, or seed 0), ``seed:7``, or ``set:layers=12,every=4`` (parameters set by hand,
    in the order logged)."""
    seed = data.get("seed")
    if type(seed) is int and seed > 0:
        return f"seed:{seed}"
    params = data.get("params")
    if seed is None and isinstance(params, Mapping) and params:
        return "set:" + ",".join(f"{n}={_show_param(v)}" for n, v in params.items())
    return HANDOUT_KEY


def variant_words(key: str) -> str:
    """A variant key as the tutor says it: ``seed 7``, ``layers=12, every=4``."""
    if key.startswith("seed:"):
        return f"seed {key[5:]}"
    if key.startswith("set:"):
        return key[4:].replace(",", ", ")
    return key


def _show_param(value: object) -> str:
    if type(value) is float and value.is_integer():
        return str(int(value))
    return str(value)


class BadField(Exception):
    """A field that is not what the format says it is."""


def is_name(value: object) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= NAME_LIMIT
        and value.isprintable()
        and " " not in value
    )


def _name(value: object) -> str:
    if (
        type(value) is str
        and 0 < len(value) <= NAME_LIMIT
        and value.isprintable()
        and " " not in value
    ):
        return sys.intern(value)  # one string for every event naming the same box
    raise BadField


def _note(value: object) -> str:
    return "" if value == "" else _name(value)


def _text(value: object) -> str:
    if type(value) is not str:
        raise BadField
    return value if len(value) <= TEXT_LIMIT else bounded(value, TEXT_LIMIT)


def _student(value: object) -> str:
    if not is_student_id(value):
        raise BadField
    return sys.intern(value)


def _verdict(value: object) -> str:
    if not is_verdict(value):
        raise BadField
    return sys.intern(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise BadField
    return value


def _flags(value: object) -> list[bool]:
    if type(value) is not list or len(value) > MAX_POINTS:
        raise BadField
    for item in value:
        if type(item) is not bool:
            raise BadField
    return value


def _int_in(low: int, high: int) -> Callable[[object], int]:
    def read(value: object) -> int:
        if type(value) is not int or not low <= value <= high:
            raise BadField
        return value

    return read


def _seed(value: object) -> int:
    if not is_seed(value):  # a practice variant's seed (0 and absent: the handout)
        raise BadField
    return value


def _param_value(value: object) -> int | float | str:
    if type(value) is int and -(2**53) <= value <= 2**53:
        return value
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is str and is_name(value):
        return sys.intern(value)
    raise BadField


def _params(value: object) -> dict[str, int | float | str]:
    if type(value) is not dict or len(value) > MAX_VARIANT_PARAMS:
        raise BadField
    read: dict[str, int | float | str] = {}
    for name, item in value.items():
        if not is_name(name):
            raise BadField
        read[sys.intern(name)] = _param_value(item)
    return read


def _ms(value: object) -> float:
    if (type(value) is not float and type(value) is not int) or not 0 <= value <= MAX_MS:
        raise BadField  # NaN fails the comparison too
    return float(value)


@dataclass(frozen=True)
class Field:
    """One field an event type declares: how it is read (its type and range) and, for
    warnings, what it must be."""

    read: Callable[[object], Any]
    must_be: str
    required: bool = False


def _required(f: Field) -> Field:
    return Field(f.read, f.must_be, True)


_NAME = Field(_name, f"a name (1 to {NAME_LIMIT} printable characters, no spaces)")
_NOTE = Field(_note, f"a note (up to {NAME_LIMIT} printable characters, no spaces)")
_TEXT = Field(_text, "a text")
_FLAG = Field(_flag, "true or false")
_SEED = Field(_seed, f"a variant's seed ({SEED_RANGE})")
_PARAMS = Field(
    _params,
    f"a variant's parameters (at most {MAX_VARIANT_PARAMS} names, each a number or a word)",
)
# the practice variant an attempt, hint or solution belongs to (absent or seed 0: the handout)
_VARIANT: Final[Mapping[str, Field]] = MappingProxyType({"seed": _SEED, "params": _PARAMS})

# The format, declared once: for each event type, its fields. docs/session-logs.md lists them.
EVENT_FIELDS: Final[Mapping[EventName, Mapping[str, Field]]] = MappingProxyType(
    {
        "session_start": {
            "version": _NAME,
            "content_hash": _NAME,
            "checker": _NAME,  # the checker's fingerprint (``tutor.sessions.fingerprint``)
            "schema": Field(_int_in(1, 10_000), "a format number (1, 2, ...)"),
            "fresh": _FLAG,
            "pid": Field(_int_in(0, 2**62), "a process id"),
            "number": Field(_int_in(1, 2**62), "the session's number in its directory"),
            "restore": _FLAG,
            "student": Field(
                _student, f"a student id (1 to {MAX_ID_LENGTH} characters: {ID_CHARACTERS})"
            ),
        },
        # opened with a practice variant's numbers (absent or seed 0: the handout's)
        "part_opened": {"part": _required(_NAME), **_VARIANT},
        "attempt": {
            "box": _required(_NAME),
            "raw": _TEXT,
            "verdict": _required(Field(_verdict, "a verdict (" + ", ".join(VERDICTS) + ")")),
            "note": _NOTE,
            "ms": Field(_ms, f"a checking time in ms (0 to {MAX_MS:,})"),
            "feedback": _TEXT,
            "interpreted": _TEXT,
            # what grades the box, as a fingerprint (``tutor.content.boxprint``; newer logs)
            "box_key": _NAME,
            **_VARIANT,
        },
        "hint": {
            "box": _required(_NAME),
            "index": _required(Field(_int_in(1, MAX_INDEX), "a hint number (1, 2, ...)")),
            **_VARIANT,
        },
        "solution": {"part": _required(_NAME), "asked": _FLAG, **_VARIANT},
        "self_assessment": {
            "part": _required(_NAME),
            "points": _required(Field(_flags, f"a list of at most {MAX_POINTS} true/false")),
            "text": _TEXT,
        },
        "reflection": {"prompt": _required(_NAME), "text": _TEXT},
        "plot_viewed": {"plot": _required(_NAME)},
        # a proof box's pool shown before the boxes it gives away were solved, when asked
        "pool_shown": {"box": _required(_NAME), **_VARIANT},
        "session_end": {},
    }
)


def reads_as(event: EventName, key: str, value: object) -> bool:
    """Whether the reader accepts ``value`` as the field ``key`` of ``event`` (what the writer
    checks before writing an optional field it was handed, such as the student id)."""
    field = EVENT_FIELDS[event].get(key)
    if field is None:
        return False
    try:
        field.read(value)
    except BadField:
        return False
    return True
