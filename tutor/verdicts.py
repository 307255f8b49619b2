"""The verdict vocabulary, declared once: its names, its ranks and how two combine.

Content files name verdicts (a mistake's verdict, a question test's expected verdict), the
checker gives them, the logs keep them and the readers rank them; all use this module.
"""

from __future__ import annotations

from typing import Final, Literal, TypeGuard, get_args

VerdictName = Literal["correct", "partial", "incorrect", "invalid"]
VERDICTS: Final[tuple[VerdictName, ...]] = get_args(VerdictName)
# a reading's or a mistake's verdict in the content: never "invalid"
GRADED_VERDICTS: Final[tuple[VerdictName, ...]] = ("correct", "partial", "incorrect")
# higher is better: the best verdict a box has had decides its status
VERDICT_RANK: Final[dict[str, int]] = {"invalid": 0, "incorrect": 1, "partial": 2, "correct": 3}


def is_verdict(value: object) -> TypeGuard[VerdictName]:
    return isinstance(value, str) and value in VERDICT_RANK


def to_verdict(value: object, default: VerdictName = "incorrect") -> VerdictName:
    """``value`` as a verdict name (checked), or ``default`` when it is none."""
    return value if is_verdict(value) else default


def better_verdict(a: str | None, b: str | None) -> str | None:
    """The better of two verdicts (``None`` when neither is known)."""
    if a is None or a not in VERDICT_RANK:
        return b if b in VERDICT_RANK else None
    if b is None or b not in VERDICT_RANK:
        return a
    return a if VERDICT_RANK[a] >= VERDICT_RANK[b] else b
