"""Hours a student reports in a reflection (problem 6c), read from the text they wrote.

Only what reads one way is read; anything else is dropped (None), never guessed at:

- a plain number of hours, not negative: ``6``, ``6.5``, ``4,5`` (a decimal comma: one or two
  digits after it; ``1,000`` could be a thousand or one and is dropped), with or without a unit
  (``h``, ``hr``, ``hrs``, ``hour``, ``hours``): ``6 h``, ``about 6.5 hours``;
- minutes: ``90 min``, ``90 minutes``;
- hours and minutes: ``1h30``, ``1 h 30 min``, ``1 hour and 30 minutes``, ``1:30`` (the
  minutes a whole number below 60);
- a range: ``5-7``, ``5 to 7 hours``, ``between 4 and 6`` reads as its midpoint (5 h), the
  low end first;
- around them, only words that hedge or say what the number is about (``about``, ``roughly``,
  ``~``, ``in total``, ``I spent``, ``-ish`` …: ``FILLER``), and ``hours:`` before it.

Anything else is dropped: a sign (``-5``), an exponent (``1e308``), another unit (``3 days``,
``2 weeks``), a bound (``more than 10``, ``10+``), a rate (``6 hours a day``), two numbers
that are no range, any word not in ``FILLER``, a text longer than ``MAX_TEXT``, and more than
``MAX_REPORTED_HOURS`` (100: no homework takes that long).
"""

from __future__ import annotations

import re
from typing import Final

from tutor.content.model import Content

HOURS_PREFILL = "hours"  # the reflect prompt whose answer is hours spent (problem 6c)
MAX_REPORTED_HOURS: Final = 100.0  # more is no number of hours one homework takes
MAX_TEXT: Final = 200  # characters: a longer text is a reflection, not a number of hours

HOUR_WORDS: Final = frozenset({"h", "hr", "hrs", "hour", "hours"})
MINUTE_WORDS: Final = frozenset({"m", "min", "mins", "minute", "minutes"})
# words that may stand around the number without changing what it says
FILLER: Final = frozenset(
    {
        "about", "around", "approx", "approximately", "roughly", "circa", "ca", "nearly",
        "almost", "maybe", "probably", "perhaps", "estimated", "guess", "i", "i'd", "id", "say",
        "spent", "took", "it", "me", "the", "this", "homework", "hw", "assignment", "on", "in",
        "total", "overall", "all", "altogether", "or", "so", "ish", "of", "work", "working",
    }
)  # fmt: skip

# a number: digits, with a decimal point or a decimal comma (``1,000`` is read whole, to drop)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\.\d+|[a-z']+|[-–—~≈:+<>≤≥±−/]|\S", re.IGNORECASE)
_DROPPED_MARKS = frozenset({"~", "≈", ",", ".", "!", "?", "(", ")", ";"})


def _number(token: str) -> float | None:
    """A token that is a plain, non-negative number; None for anything else (``1,000``)."""
    if not token[:1].isdigit() and not token.startswith("."):
        return None
    if "," in token:
        whole, _, frac = token.partition(",")
        if len(frac) > 2:  # 1,000: a thousand, or one?
            return None
        token = f"{whole}.{frac}"
    return float(token)


def _minutes(token: str) -> float | None:
    """A whole number of minutes below an hour (what follows ``1h`` or ``1:``)."""
    return float(token) if token.isdigit() and int(token) < 60 else None


def reported_hours(text: str) -> float | None:
    """The hours a student wrote (the module's rules: ``6``, ``about 6.5 h``, ``5-7 hours`` →
    6, ``90 min`` → 1.5, ``1h30`` → 1.5); None when the text does not say one number of hours
    plainly, or says more than ``MAX_REPORTED_HOURS``."""
    if len(text) > MAX_TEXT:
        return None
    found = _TOKEN.findall(text.lower())
    tokens = [
        t
        for i, t in enumerate(found)
        if t not in _DROPPED_MARKS
        and t not in FILLER
        and not (t == "-" and found[i + 1 : i + 2] == ["ish"])  # 6-ish
    ]
    if len(tokens) > 2 and tokens[0] in HOUR_WORDS and tokens[1] == ":":  # hours: 6
        tokens = tokens[2:]
    hours = _read(tokens)
    if hours is None or not 0 <= hours <= MAX_REPORTED_HOURS:
        return None
    return hours


def _unit(tokens: list[str]) -> float | None:
    """Hours per unit of what ``tokens`` (at most one word) name: none or an hour word 1, a
    minute word 1/60; None for anything else."""
    if not tokens:
        return 1.0
    if len(tokens) == 1 and tokens[0] in HOUR_WORDS:
        return 1.0
    if len(tokens) == 1 and tokens[0] in MINUTE_WORDS:
        return 1 / 60
    return None


def _read(tokens: list[str]) -> float | None:
    if not tokens:
        return None
    if tokens[0] == "between":  # between 4 and 6 [hours]
        if len(tokens) >= 4 and tokens[2] == "and":
            return _range(tokens[1], tokens[3], tokens[4:])
        return None
    first = _number(tokens[0])
    if first is None:
        return None
    rest = tokens[1:]
    if len(rest) >= 2 and rest[0] in ("-", "–", "—", "to"):  # 5-7 [hours]
        return _range(tokens[0], rest[1], rest[2:])
    if len(rest) >= 2 and rest[0] == ":":  # 1:30
        minutes = _minutes(rest[1])
        if minutes is None or len(rest) > 2 or len(rest[1]) != 2 or not tokens[0].isdigit():
            return None
        return first + minutes / 60
    if len(rest) >= 2 and rest[0] in HOUR_WORDS:  # 1h30, 1 hour and 30 minutes
        tail = rest[2:] if rest[1] == "and" else rest[1:]
        minutes = _minutes(tail[0]) if tail else None
        named = tail[1:]  # the minutes' unit, if any: a minute word
        if minutes is None or not tokens[0].isdigit():
            return None
        if named and not (len(named) == 1 and named[0] in MINUTE_WORDS):
            return None
        return first + minutes / 60
    scale = _unit(rest)
    return None if scale is None else first * scale


def _range(low_text: str, high_text: str, unit: list[str]) -> float | None:
    low, high = _number(low_text), _number(high_text)
    scale = _unit(unit)
    if low is None or high is None or scale is None or low > high:
        return None
    return (low + high) / 2 * scale


def hours_prompts(content: Content | None) -> tuple[str, ...]:
    """The reflect prompts asking for hours spent (``prefill = "hours"``; 6c here)."""
    if content is None:
        return ("6c.hours",)
    return tuple(r.id for p in content.parts() for r in p.reflect if r.prefill == HOURS_PREFILL)
