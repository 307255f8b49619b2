"""The notes a verdict carries, declared once: those of one answer whose verdict is fixed, and
those of the reasoning kinds (proof blocks and derivations).

A verdict carries a note saying why (``step:3``, ``misplaced:b``). The checker gives these,
``validate`` checks question tests against them, and the class review groups attempts by them.
The verdict names themselves are ``tutor.verdicts``.
"""

from __future__ import annotations

from typing import Final

# one answer: the notes that always come with the same verdict (``mistake:<note>`` and
# ``accept:<note>`` take their entry's, ``order:<verdict>`` names its own, ``invalid:<reason>``)
# a right number stated as a bound where the exact value is asked, or a right growth stated as a
# one-sided O(·)/Ω(·) where Θ(·) (two-sided) is asked
WEAKER_BOUND: Final = "bound"
# a limit that is not whole, given cut to fewer digits on its safe side (46 for 46.875 ns)
SHORT_LIMIT: Final = "short"
# a limit that is not whole, rounded past it to fewer significant digits than a limit needs (47
# or "at most 47" for an upper limit of 46.875 ns): it lets values just beyond the limit through
COARSE_LIMIT: Final = "coarse"
# the integrand alone (no E[…]) where the box asks for the expectation: right inside, but a random
# quantity, not the expectation
INTEGRAND_ONLY: Final = "integrand"
# a right count, or a right time whose key is a whole number, said as approximate ("~20", "≈ 20",
# "about 50 ns") where the exact value is asked
APPROXIMATE: Final = "approximate"
ANSWER_NOTES: Final[dict[str, str]] = {
    "correct": "correct",
    "incorrect": "incorrect",  # an unmatched wrong answer
    "decimal": "partial",  # a decimal approximation of an exact answer
    "both-signs": "partial",  # ± where only one sign is right
    WEAKER_BOUND: "partial",
    SHORT_LIMIT: "partial",
    COARSE_LIMIT: "partial",
    INTEGRAND_ONLY: "partial",
    APPROXIMATE: "partial",
}

# proof: the first chosen distractor, the first block standing before a block it needs, a
# proof that is consistent so far but leaves blocks out
PROOF_DISTRACTOR: Final = "distractor"  # "distractor:<key>"
PROOF_MISPLACED: Final = "misplaced"  # "misplaced:<key>"
PROOF_MISSING: Final = "missing"  # "missing"
PROOF_NOTES: Final[tuple[str, ...]] = (PROOF_DISTRACTOR, PROOF_MISPLACED, PROOF_MISSING)

# derivation: line 1 is not the starting point; line k does not follow from line k-1; line k
# follows only one way (an implication); line k could not be checked; the last line, judged
# by the value box, is not right ("final:<that box's note>")
DERIVATION_START: Final = "start"  # "start"
DERIVATION_STEP: Final = "step"  # "step:<k>"
DERIVATION_ONE_WAY: Final = "one-way"  # "one-way:<k>"
DERIVATION_UNCHECKED: Final = "unchecked"  # "unchecked:<k>"
DERIVATION_FINAL: Final = "final"  # "final:<note of the value box>"
DERIVATION_NOTES: Final[tuple[str, ...]] = (
    DERIVATION_START,
    DERIVATION_STEP,
    DERIVATION_ONE_WAY,
    DERIVATION_UNCHECKED,
    DERIVATION_FINAL,
)
# notes that name the line of a derivation the student should look at first (line 1 for
# "start"), for review's "first failing lines"
DERIVATION_LINE_NOTES: Final[tuple[str, ...]] = (
    DERIVATION_STEP,
    DERIVATION_ONE_WAY,
    DERIVATION_UNCHECKED,
)


def note_head(note: str) -> str:
    """The kind of a note: ``"step:3"`` -> ``"step"``, ``"missing"`` -> ``"missing"``."""
    return note.split(":", 1)[0]


def failing_line(note: str) -> int | None:
    """The 1-based line a derivation's note points at (``start`` is line 1), else None."""
    head, _, rest = note.partition(":")
    if head == DERIVATION_START:
        return 1
    if head in DERIVATION_LINE_NOTES and rest.isdigit():
        return int(rest)
    return None
