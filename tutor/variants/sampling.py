"""Drawing a variant's parameters: seed 0 is the handout; another seed draws every parameter
from its values, reproducibly, until the constraints hold (problem-level parameters keyed by the
problem, so a problem's parts share their numbers for one seed); ``--set`` values coerced and
checked."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from tutor.content.model import Content
from tutor.content.paramvalues import ParamValue, exact
from tutor.variants.derive import compute
from tutor.variants.errors import ParamError, VariantContentError
from tutor.variants.scopes import param_specs, scopes
from tutor.variants.seeds import HANDOUT_SEED, MAX_SEED, is_seed, seed_problem

MAX_DRAWS = 2000
"""Parameter sets drawn for one seed before giving up (constraints rejecting too many)."""
SEED_SEARCH = 64
"""Seeds ``next_seed`` tries before settling for a variant the student has seen."""


def _rng(*key: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(str(k) for k in key).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def sample(content: Content, part_id: str, seed: int) -> dict[str, ParamValue]:
    """The parameters of variant ``seed`` of a part (reproducible; 0 is the handout).

    Each draw picks every parameter uniformly from its values (problem-level ones keyed by the
    problem, so a problem's parts agree); a draw that breaks a constraint, that a model refuses,
    or that is the handout itself is drawn again.
    """
    if not is_seed(seed):
        raise ParamError(seed_problem(seed))
    scope_list = scopes(content, part_id)
    base = {p.name: p.default for s in scope_list for p in s.parameters.params}
    if seed == HANDOUT_SEED or not base:
        return base
    if all(len(p.values()) == 1 for s in scope_list for p in s.parameters.params):
        raise ParamError(f"part {part_id} has only the handout's parameter values")
    for attempt in range(MAX_DRAWS):
        drawn: dict[str, ParamValue] = {}
        for s in scope_list:
            rng = _rng(s.kind, s.id, seed, attempt)
            for p in s.parameters.params:
                values = p.values()
                drawn[p.name] = values[rng.randrange(len(values))]
        if drawn == base:
            continue
        try:
            compute(scope_list, drawn)
        except ParamError:
            continue
        return drawn
    raise ParamError(
        f"no parameter set of part {part_id} satisfies its constraints in {MAX_DRAWS} draws "
        f"(seed {seed}); loosen the constraints or widen the ranges"
    )


def next_seed(
    content: Content,
    part_id: str,
    after: int,
    avoid: Sequence[Mapping[str, ParamValue]] = (),
    seen: Sequence[Mapping[str, ParamValue]] = (),
    skip: Callable[[int], bool] | None = None,
) -> int | None:
    """The seed of the next variant to show after seed ``after``, or None when there is none
    with other numbers: the first seed past it whose parameters differ from each of ``avoid``
    (the variant the student has now: never shown again as "new") and, if one is found, from
    ``after``'s and each of ``seen`` (variants already shown); when every seed tried repeats
    one of those, the first that differs from ``avoid`` alone. Seeds themselves are unchanged
    (a seed always draws the same variant); only which seed comes next is chosen.

    At most ``SEED_SEARCH`` seeds are tried. Seeds that draw no variant are skipped, and so are
    those ``skip`` says to (``practice.next_practice_seed``: seeds that ask what the handout
    asks)."""
    start = max(HANDOUT_SEED, after) + 1
    if start > MAX_SEED:
        start = HANDOUT_SEED + 1
    stop = min(MAX_SEED, start + SEED_SEARCH - 1)
    drawn: dict[int, dict[str, ParamValue] | None] = {}
    skipped: dict[int, bool] = {}

    def draw(seed: int) -> dict[str, ParamValue] | None:
        if seed not in drawn:
            try:
                drawn[seed] = sample(content, part_id, seed)
            except (ParamError, VariantContentError):  # a content bug: validate reports it
                drawn[seed] = None
        return drawn[seed]

    never = [dict(a) for a in avoid]
    old = [dict(a) for a in seen]
    if after > HANDOUT_SEED:
        latest = draw(min(after, MAX_SEED))
        if latest is not None:
            old.append(latest)
    for unwanted in (never + old, never):
        for seed in range(start, stop + 1):
            params = draw(seed)
            if params is None or any(params == u for u in unwanted):
                continue
            if skip is not None:
                if seed not in skipped:
                    skipped[seed] = skip(seed)
                if skipped[seed]:
                    continue
            return seed
    return None


def distinct_seeds(content: Content, part_ids: Sequence[str], count: int) -> list[int]:
    """Up to ``count`` seeds, from 1 on, that draw different parameters for the parts
    ``part_ids`` together (a problem's parts share their problem-level numbers): a seed that
    repeats a kept one is passed over. Fewer when the parts have fewer variants, or none new
    turns up in ``SEED_SEARCH`` seeds running. A seed that draws no variant is kept (the caller
    reports it)."""
    seeds: list[int] = []
    seen: list[tuple] = []
    seed, misses = HANDOUT_SEED, 0
    while len(seeds) < count and misses < SEED_SEARCH and seed < MAX_SEED:
        seed += 1
        try:
            key = tuple(tuple(sample(content, pid, seed).items()) for pid in part_ids)
        except (ParamError, VariantContentError):
            seeds.append(seed)
            continue
        if key in seen:
            misses += 1
            continue
        seen.append(key)
        seeds.append(seed)
        misses = 0
    return seeds


def coerce(content: Content, part_id: str, settings: Mapping[str, object]) -> dict[str, ParamValue]:
    """``--set`` values (text or numbers) as parameter values; unknown names are ``ParamError``."""
    specs = {p.name: p for p in param_specs(content, part_id)}
    out: dict[str, ParamValue] = {}
    for name, raw in settings.items():
        value: ParamValue | None
        spec = specs.get(name)
        if spec is None:
            import difflib

            close = difflib.get_close_matches(name, list(specs), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            listed = ", ".join(specs) or "none"
            raise ParamError(
                f"unknown parameter {name!r}; {hint}part {part_id}'s parameters are: {listed}"
            )
        if isinstance(raw, bool):
            raise ParamError(f"{name} must be a number or a word, not {raw!r}")
        if isinstance(raw, Fraction):
            value = exact(raw)
        elif isinstance(raw, (int, float)):
            from tutor.content.paramvalues import from_toml

            value = from_toml(raw)
            if value is None:
                raise ParamError(f"{name} must be a finite number, not {raw!r}")
        elif isinstance(raw, str):
            try:
                value = spec.coerce(raw)
            except ValueError as exc:
                raise ParamError(str(exc)) from None
        else:
            raise ParamError(f"{name} must be a number or a word, not {type(raw).__name__}")
        out[name] = value
    return out
