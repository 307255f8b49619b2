"""A practice variant's answer that is the handout's key for the same box: said so.

A student who solved the handout and types its answer again in a variant used to get the
generic feedback of any wrong answer ("Not the expected count. Go through the steps again").
``tell_handout_value`` judges such an answer against the handout's box too and, when it is
right there (and not in the variant), says instead that it is the handout's value and which
numbers this variant has (that alone: no second diagnosis after it). The verdict and its note
are the variant's own (an answer with the right order only stays partial); only the words
change. Whether the student may be told so (they solved the handout's box or saw its solution)
is decided by the caller, who knows their progress (``tutor.ui.state``). The checker is passed in, so
this module imports no checker."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

from tutor.content.model import BoxSpec
from tutor.content.paramvalues import parse_number
from tutor.notes import APPROXIMATE, COARSE_LIMIT
from tutor.variants.practice import same_key

# the variant's own value rounded too roughly (50 for 49.72 ns): likelier worked out and
# rounded than copied (50 for 50.8 ns is not how 50.8 rounds: the handout's, more likely)
ROUNDED_NOTES = frozenset({COARSE_LIMIT, "decimal"})
# the number an answer starts with: "50", "50 ns", "at most 50.3 ns"
_NUMBER_RE = re.compile(r"\D{0,12}?(\d{1,12}(?:\.(\d{1,12}))?)(?![\d.eE×*^])")


def _rounds_to(answer: str, key: str) -> bool:
    """Is the number ``answer`` gives the key rounded to the places it shows ("50" for 50.31,
    never for 50.83)? False when either is not a plain number."""
    m = _NUMBER_RE.match(answer)
    exact = parse_number(key)
    if m is None or exact is None:
        return False
    typed = Fraction(m.group(1))
    places = len(m.group(2) or "")
    return abs(typed - Fraction(exact)) <= Fraction(1, 2 * 10**places)


VALUE_KINDS = frozenset({"number", "count", "expression", "order", "expectation", "reparam"})
"""The kinds whose key is a value (not a proof, a derivation or a choice)."""


def handout_value_remark(numbers: str) -> str:
    """The words put first in the feedback (``numbers``: the variant's, described)."""
    return (
        f"That is the handout's value; this variant has other parameters: {numbers}. "
        "Work it out again with these."
    )


def tell_handout_value(
    verdict: Any,
    answer: str,
    box: BoxSpec,
    handout: BoxSpec | None,
    numbers: str,
    check: Callable[[BoxSpec, str], Any],
) -> Any:
    """``verdict`` (of ``answer`` in the variant's ``box``), its feedback replaced by
    ``handout_value_remark`` when ``answer`` is right for the ``handout``'s box (the same box
    at the handout's numbers) but not here; otherwise ``verdict`` unchanged."""
    if (
        handout is None
        or box.kind not in VALUE_KINDS
        or same_key(box, handout)
        or verdict.verdict not in ("incorrect", "partial")
        or verdict.note in ROUNDED_NOTES
        or _rounds_to(answer, box.answer)
    ):
        return verdict
    try:
        there = check(handout, answer)
    except Exception:  # noqa: BLE001 - a remark only: the variant's verdict stands
        return verdict
    # right there, or right there but said as approximate ("~50 ns" for a key of 50)
    if getattr(there, "verdict", None) != "correct" and getattr(there, "note", None) != APPROXIMATE:
        return verdict
    # the remark alone: a known mistake's words after it (5c's 50 ns is also "you divided the
    # remat time by the number of fwd operations") would be a second diagnosis, and the
    # student could not tell which one to act on
    return replace(verdict, feedback=handout_value_remark(numbers))
