"""A practice variant's seed, declared once: the range the command line (``--seed``, a batch
line's ``"seed"``), the session logs (a logged variant's ``seed``) and the sampler
(``tutor.variants.sampling``) all accept. Seed 0 is the handout; every other seed in the range
draws a variant, reproducibly. (A plot's Monte Carlo seed, ``tutor.plots.spec.SEED``, is another
thing: numpy's generator takes 32 bits.)"""

from __future__ import annotations

from typing import Final, TypeGuard

HANDOUT_SEED: Final = 0
MAX_SEED: Final = 2**63 - 1
SEED_RANGE: Final = f"a whole number from {HANDOUT_SEED} to {MAX_SEED}"
"""What a seed must be, in the words every message uses."""

_MAX_DIGITS: Final = len(str(MAX_SEED)) + 1  # a longer text is out of range, not parsed


def is_seed(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a seed (an int in the range; True/False and 7.0 are not)."""
    return type(value) is int and HANDOUT_SEED <= value <= MAX_SEED


def seed_problem(value: object) -> str:
    """What is wrong with ``value`` as a seed, in one sentence (for a value that is not one)."""
    shown = repr(value) if not isinstance(value, str) else repr(value[:40])
    if type(value) is int and len(shown) > 40:
        shown = f"a number {len(str(abs(value))):,} digits long"
    return f"a seed is {SEED_RANGE}, not {shown}"


def parse_seed(text: str) -> int:
    """The seed a user typed (``--seed``): ASCII digits only (no ``1_000``, no ``2**63``, no
    other scripts' digits), surrounding spaces allowed. ``ValueError`` saying what a seed is."""
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(seed_problem(text))
    if len(digits) > _MAX_DIGITS:
        raise ValueError(f"a seed is {SEED_RANGE}, not a number {len(digits):,} digits long")
    value = int(stripped)
    if not is_seed(value):
        raise ValueError(seed_problem(value))
    return value
