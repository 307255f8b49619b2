"""Numbers and counts: only the sign or a unit is said, never which way or by how much."""

from __future__ import annotations

import math
from typing import Any

from tutor.inputlang.rules import UNITS


def explain_quantity(prep: Any, value: Any) -> str:
    """Feedback for an unmatched number or count, which must not let a student home in on the
    key by trial: never "too large" or "too small", never by what factor, never the right unit
    or number. Only what the answer itself shows is said: a negative value where the key is
    positive (the sign alone "is off" only when the size is the key's), a number that
    matches the key's but carries another unit than the box's, and, for every bare number, the
    unit it is read in (never whether another would make it right).
    (Which way a known slip goes is the business of its [[mistakes]] feedback, tied to the
    method: "you counted the initial forward pass".)"""
    count = prep.box.kind == "count"
    what = "count" if count else "value"
    ref = float(prep.reference.value.value)
    got = float(value.value)
    if math.isfinite(ref) and math.isfinite(got) and ref != 0 and got != 0:
        if (got < 0) != (ref < 0):
            if math.isclose(abs(got), abs(ref), rel_tol=1e-9):
                return f"Not the expected {what}: the sign is off."
            return f"Not the expected {what}, and the {what} asked for is positive."

    box_unit = prep.box.unit
    if not count and value.unit is not None and box_unit in UNITS and value.unit != box_unit:
        raw = got / 10.0 ** (UNITS[value.unit] - UNITS[box_unit])
        if math.isfinite(raw) and abs(raw - ref) <= 1e-9 * abs(ref):
            return (
                "The number is right, but not with that unit: give it in the unit the "
                "problem states its times in."
            )
    if count:
        return "Not the expected count. Go through the steps again, one at a time."
    # said of every wrong limit, whatever its value: how a limit is given, never which way
    digits = ""
    if getattr(prep.box, "bound", "none") in ("upper", "lower"):
        from tutor.checking.precision import MIN_CUT_DIGITS

        digits = (
            f" If you rounded, a limit that is not a whole number needs at least "
            f"{MIN_CUT_DIGITS} significant digits."
        )
    if value.unit is None and box_unit in UNITS:  # said of every bare number, right or not
        return (
            f"Not the expected value. A number without a unit is read in {box_unit}: if you "
            "worked in another unit, write it after the number; if not, redo the computation "
            f"step by step.{digits}"
        )
    return f"Not the expected value. Redo the computation step by step.{digits}"
