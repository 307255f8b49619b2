"""Comparing reparameterizations x = g(z): whether the centre or the spread of g is off."""

from __future__ import annotations

from typing import Any

from tutor.checking import canonical as ck
from tutor.checking.diagnosis.expressions import expressions
from tutor.checking.diagnosis.wording import Finding, lower_first


def maps(prep: Any, a: Any, b: Any) -> Finding | None:
    import sympy as sp

    from tutor.checking.dependence import depends_on
    from tutor.checking.equivalence import equivalent

    doms = ck.domains(prep)
    z, _ = ck.dummies()
    da, db = sp.diff(a.body, z), sp.diff(b.body, z)
    if depends_on(da, z, doms):
        return Finding(
            5,
            "For x = g(z) to be Gaussian, g must shift and scale z; yours is not of that form.",
        )
    centre = equivalent(a.body.xreplace({z: 0}), b.body.xreplace({z: 0}), doms)
    spread = equivalent(da, db, doms) or equivalent(da, -db, doms)
    if centre and not spread:
        found = expressions(prep, sp.Abs(da), sp.Abs(db), doms, noun="spread", skip=frozenset({z}))
        text = "The centre of g is right, but not its spread (how much z is scaled)."
        if found is not None:
            text = f"The centre of g is right, but not its spread: {lower_first(found.text)}"
        return Finding(4, text)
    if spread and not centre:
        return Finding(4, "The spread of g is right, but not its centre.")
    if not spread and not centre:
        return Finding(6, "Neither the centre nor the spread of g is right.")
    return None
