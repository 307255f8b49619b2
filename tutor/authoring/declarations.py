"""The derived values and constraints of parameterized content, computed for the parameters of
many seeds (``declaration_failures``): one that cannot be computed for some of them (a division by
zero for one value of a parameter) is one failure at its own line, with the first seed where it
fails and what to do; never one a seed, never a traceback. ``validate`` runs it with or without
``--variants``."""

from __future__ import annotations

from typing import Any

from tutor.authoring.report import Failure
from tutor.authoring.texts import Where
from tutor.content.model import Content

SCAN_SEEDS = 32
"""Seeds of every parameterized part ``validate`` draws, with or without ``--variants``, for a
derived value or constraint that cannot be computed for some parameters (1/(layers - 12)),
when the part has more than ``ENUMERATE_LIMIT`` parameter sets."""

ENUMERATE_LIMIT = 4096
"""A part with at most this many parameter sets (the product of its parameters' numbers of
values) has every one of them computed, not a sample of seeds: a value undefined for 6 of 66
sets is found whatever the seeds draw."""

DECLARATION_FIX = (
    "add a constraint that rules these parameters out (one on the parameters alone is "
    "checked before any derived value is computed: layers != 12), or change the declaration "
    "(content/README.md, section 10)"
)


def declaration_failure(where: Where, exc: Any, seed: int) -> Failure:
    """A derived value or constraint ``exc`` (a ``VariantContentError``) says cannot be
    computed for the parameters of ``seed``, at its own line."""
    return where.failure(
        exc.file,
        exc.path,
        "a value for every parameter set the constraints allow",
        f"for seed {seed}: {exc.detail}",
        DECLARATION_FIX,
        "parameters",
    )


def enumeration_failure(where: Where, exc: Any, failing: int, total: int) -> Failure:
    """A derived value or constraint ``exc`` (a ``VariantContentError``, raised for the first
    failing parameter set, which its detail lists) cannot be computed for ``failing`` of the
    ``total`` parameter sets of a part its constraints on the parameters allow, at its own
    line."""
    sets = "parameter set" if total == 1 else "parameter sets"
    return where.failure(
        exc.file,
        exc.path,
        "a value for every parameter set the constraints allow",
        f"it cannot be computed for {failing} of the {total} {sets} (every one was tried; "
        f"the first that fails: {exc.detail})",
        DECLARATION_FIX,
        "parameters",
    )


def parameter_sets(content: Content, part_id: str) -> int:
    """How many parameter sets a part has (before its constraints): the product of the numbers
    of values of its parameters (its problem's too)."""
    import math

    from tutor.variants.scopes import param_specs

    return math.prod(len(p.values()) for p in param_specs(content, part_id))


def _enumerate(
    content: Content, part_id: str, where: Where, found: dict[tuple, Failure]
) -> list[dict[str, Any]]:
    """Compute every parameter set of a part; each declaration that fails for some is one
    failure in ``found`` (keyed by its file and path), with how many fail and the first. The
    values of every set that computes and that the constraints allow."""
    import itertools

    from tutor.variants.derive import compute
    from tutor.variants.errors import ParamError, VariantContentError
    from tutor.variants.scopes import param_specs, scopes

    scope_list = scopes(content, part_id)
    specs = param_specs(content, part_id)
    total = 0
    first: dict[tuple, Any] = {}
    failing: dict[tuple, int] = {}
    computed: list[dict[str, Any]] = []
    for combo in itertools.product(*(p.values() for p in specs)):
        try:
            computed.append(
                compute(scope_list, dict(zip((p.name for p in specs), combo, strict=True)))
            )
            total += 1
        except VariantContentError as exc:
            total += 1
            if exc.file:
                key = (exc.file, exc.path)
                first.setdefault(key, exc)
                failing[key] = failing.get(key, 0) + 1
        except ParamError:
            pass  # a set the constraints rule out
    for key, error in first.items():
        if key not in found:
            found[key] = enumeration_failure(where, error, failing[key], total)
    return computed


def never_holds(
    content: Content, part_id: str, where: Where, computed: list[dict[str, Any]]
) -> list[Failure]:
    """The accepted readings, mistakes and question tests of a part's boxes whose ``when``
    holds for none of the part's parameter sets (``computed``: every one, so "never" is
    known, not guessed): such an entry is never used, such a test never run."""
    from tutor.variants.expressions.compute import holds
    from tutor.variants.expressions.errors import ExpressionError

    def holds_for(conditions: tuple[str, ...], values: dict[str, Any]) -> bool:
        try:
            return all(holds(c, values) for c in conditions)
        except ExpressionError:
            return True  # a when that cannot be computed: an error of its own, reported apart

    out: list[Failure] = []
    if not computed:
        return out  # no parameter set at all: validate --variants says so
    part = next(p for p in content.parts() if p.id == part_id)
    what = {"accept": "accepted reading", "mistakes": "mistake", "tests": "question test"}
    use = {"accept": "is never used", "mistakes": "is never used", "tests": "is never run"}
    for box_id in part.boxes:
        box = content.boxes.get(box_id)
        if box is None:
            continue
        lists: tuple[tuple[str, tuple[Any, ...]], ...] = (
            ("accept", box.accept),
            ("mistakes", box.mistakes),
            ("tests", box.tests),
        )
        for key, entries in lists:
            for j, entry in enumerate(entries):
                if not entry.when or any(holds_for(entry.when, v) for v in computed):
                    continue
                said = " and ".join(f"'{c}'" for c in entry.when)
                together = " together" if len(entry.when) > 1 else ""
                out.append(
                    where.failure(
                        where.box_file.get(box_id, part_id),
                        ("boxes", box_id, key, j, "when"),
                        f"a when that holds for some variant of {part_id}",
                        f"{said} hold{'' if len(entry.when) > 1 else 's'}{together} for none of "
                        f"its {len(computed)} parameter sets: this {what[key]} {use[key]}",
                        "fix the conditions (the conditions of a when must all hold at once: "
                        "one 'stride = 2' and another 'stride = 3' never do), or remove the "
                        f"{what[key]}",
                        "parameters",
                    )
                )
    return out


def declaration_failures(content: Content, seeds: int = SCAN_SEEDS) -> list[Failure]:
    """The derived values and constraints that cannot be computed for some parameters of a
    parameterized part: one failure each at its own line. A part with at most
    ``ENUMERATE_LIMIT`` parameter sets has every set computed (the failure says how many fail
    and the first, with its parameters); a larger one the parameters of its first ``seeds``
    seeds (the failure names the first seed where it fails). The handout's are load errors
    already."""
    from tutor.variants.errors import ParamError, VariantContentError
    from tutor.variants.sampling import sample
    from tutor.variants.scopes import is_parameterized, scopes

    raw = content.templates
    where = Where(raw)
    found: dict[tuple, Failure] = {}
    enumerated: dict[tuple, list[dict[str, Any]]] = {}
    for part in raw.parts():
        if not is_parameterized(raw, part.id):
            continue
        if parameter_sets(raw, part.id) <= ENUMERATE_LIMIT:
            declared = tuple((s.file, s.path) for s in scopes(raw, part.id))
            if declared not in enumerated:  # the parts of a problem without their own
                enumerated[declared] = _enumerate(raw, part.id, where, found)
            for f in never_holds(raw, part.id, where, enumerated[declared]):
                found[(f.file, f.key)] = f
            continue
        for seed in range(1, seeds + 1):
            try:
                sample(raw, part.id, seed)
            except VariantContentError as exc:
                if exc.file and (exc.file, exc.path) not in found:
                    found[(exc.file, exc.path)] = declaration_failure(where, exc, seed)
            except ParamError:
                pass  # a part with no other variant: validate --variants says so
    return list(found.values())
