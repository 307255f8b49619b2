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
derived value or constraint that cannot be computed for some parameters (1/(layers - 12))."""

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


def declaration_failures(content: Content, seeds: int = SCAN_SEEDS) -> list[Failure]:
    """The derived values and constraints that cannot be computed for the parameters of one of
    the first ``seeds`` seeds of a parameterized part: one failure each, with the first seed
    (and its parameters) where it fails. The handout's are load errors already."""
    from tutor.variants.errors import ParamError, VariantContentError
    from tutor.variants.sampling import sample
    from tutor.variants.scopes import is_parameterized

    raw = content.templates
    where = Where(raw)
    found: dict[tuple, Failure] = {}
    for part in raw.parts():
        if not is_parameterized(raw, part.id):
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
