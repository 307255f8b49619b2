"""Where a part's plots open in the handout: at the content's own numbers (the part's variant
0, ``engine.instantiate``), so a plot follows the defaults an instructor sets; and, while the
problem's answers are not earned, at another setting drawn from the content's own parameter
values that states none of them (instructor trial 7, finding 1: a fixed "other" setting became
the handout itself once the defaults changed). Plain Python: no Textual."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tutor.errors import UserError
from tutor.plots.spec import HeldBack, PlotSpec

MAX_SEEDS = 60
"""Variants whose numbers are tried for a setting that holds nothing back: the last seeds
(``MAX_SEED`` down), those "another variant" reaches last (it counts up from seed 1)."""
EARLY_SEEDS = 20
"""The first practice variants: a setting with their N and K is taken only when no other is
found (the plot would show a variant's answers before the student opens it)."""


def part_plots(part_id: str, first: str) -> list[PlotSpec]:
    """The plots a part's plot key cycles through (``first``, then the others of the part)."""
    from tutor.plots import registry as plots

    names = [first] + [n for n in plots.names() if part_id in plots.get(n).parts and n != first]
    return [plots.get(n) for n in names]


def _held_at(specs: Iterable[PlotSpec], values: dict[str, Any], back: HeldBack) -> bool:
    """Whether any of ``specs`` (at ``values``, within its ranges) holds back answers."""
    for spec in specs:
        names = {p.name for p in spec.params}
        try:
            resolved = spec.resolve(**{k: v for k, v in values.items() if k in names})
        except (UserError, TypeError, ValueError):
            return True  # a setting a plot cannot open at is no setting to offer
        if spec.held(resolved, back):
            return True
    return False


def held_back_setting(
    templates: Any,
    part_id: str,
    handout: dict[str, Any],
    specs: list[PlotSpec],
    back: HeldBack | None,
) -> dict[str, Any] | None:
    """The setting to open ``specs`` at instead of the ``handout``'s values while ``back``
    holds answers back there: the handout's values with the plots' answer parameters (N and
    K) taken from a practice variant of the part (one of the last seeds, with other N and K
    than the first variants, when there is one) at which no plot states an answer not
    earned; None when the handout's setting holds nothing back (or no such variant)."""
    from tutor.variants.sampling import sample
    from tutor.variants.seeds import MAX_SEED

    moved = sorted(
        {n for s in specs for n in s.answer_params if n in handout}
    )  # the parameters the answers are shown at
    if back is None or not moved or not _held_at(specs, handout, back):
        return None

    def drawn(seed: int) -> dict[str, Any] | None:
        try:
            params = sample(templates, part_id, seed)
        except UserError:
            return None  # a content with no other numbers: nothing to move to
        return {n: params[n] for n in moved if n in params}

    early = [drawn(seed) for seed in range(1, EARLY_SEEDS + 1)]
    fallback = None
    for seed in range(MAX_SEED, MAX_SEED - MAX_SEEDS, -1):
        numbers = drawn(seed)
        if numbers is None:
            return None
        setting = {**handout, **numbers}
        if all(setting[n] == handout[n] for n in moved):
            continue  # the handout's own N and K (only other numbers changed)
        if _held_at(specs, setting, back):
            continue
        if numbers not in early:
            return setting
        fallback = fallback or setting
    return fallback
