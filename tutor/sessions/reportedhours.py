"""Hours a student reports in a reflection (problem 6c), read from the text they wrote."""

from __future__ import annotations

import re

from tutor.content.model import Content

HOURS_PREFILL = "hours"  # the reflect prompt whose answer is hours spent (problem 6c)


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
