"""A finding (how close a comparison came, and its sentence) and the words findings use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.inputlang.pretty import pretty, pretty_name


@dataclass(frozen=True)
class Finding:
    rank: int  # lower is closer: 1 sign only, 2-3 a constant factor, ... 7 nothing specific
    text: str


def functions(e: Any) -> dict[str, str]:
    """The unknown functions (and their derivatives) ``e`` uses: name -> how it is shown."""
    from sympy.core.function import AppliedUndef

    out: dict[str, str] = {}
    for f in e.atoms(AppliedUndef):
        name = f.func.__name__
        if name in out:
            continue
        base, *derivs = name.split("__d")
        if len(f.args) == 1:
            out[name] = "∇" * len(derivs) + base
        else:
            sub = pretty(f.args[0])
            shown = f"{base}_{sub}"
            out[name] = "".join(f"∇_{pretty(f.args[int(d)])} " for d in derivs) + shown
    return out


def _growth(k: float, width: Any) -> str:
    import sympy as sp

    if k == 0:
        return "stays constant"
    power = pretty(sp.Pow(width, sp.Rational(k).limit_denominator(4)))
    return f"grows like {power}" if k > 0 else f"shrinks like {power}"


def _direction(k: float) -> str:
    return "grows" if k > 0 else "shrinks" if k < 0 else "stays constant"


def growth_sentence(noun: str, ka: float, kb: float, width: Any, monomial: bool) -> str:
    """How the answer grows against the expected growth: only whether the expected one grows,
    shrinks, faster or slower, never its power (that would give the answer away, or the answer
    of the box that asks for the order)."""
    wname = pretty_name(width.name)
    mine = f"Your {noun} {_growth(ka, width)} as {wname} grows"
    del monomial
    if _direction(ka) != _direction(kb):
        return f"{mine}; the expected one {_direction(kb)}."
    return f"{mine}: {'faster' if abs(ka) > abs(kb) else 'slower'} than the expected one."


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
