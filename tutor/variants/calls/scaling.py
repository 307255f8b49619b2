"""Problem 1's functions for content (``scaling.*``): moments of the input laws, exact with π.

Each computes from ``tutor.homework.scaling.laws`` and writes the value as a formula
(``2/π``, ``√(π/2)``) where it is not a plain number.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tutor.errors import UsageError
from tutor.variants.calls.registry import content_function, number_arg
from tutor.variants.values import Formula, Value, normalize


def _frac_text(c: Fraction) -> tuple[str, str, str]:
    """A rational as (input text, Unicode, LaTeX)."""
    if c.denominator == 1:
        return str(c.numerator), str(c.numerator).replace("-", "−"), str(c.numerator)
    sign = "-" if c < 0 else ""
    p, q = abs(c.numerator), c.denominator
    return f"{sign}{p}/{q}", f"{sign}{p}/{q}".replace("-", "−"), f"{sign}\\frac{{{p}}}{{{q}}}"


def _pi_power(c: Fraction, k: int) -> Value:
    """c·π^k for k in -2..1, written exactly: 2/pi, 1/(2*pi), pi/2, 4/pi^2."""
    if c == 0 or k == 0:
        return normalize(c)
    p, q = c.numerator, c.denominator
    approx = float(c) * math.pi**k
    if k > 0:
        num = "pi" if p == 1 else f"{p}*pi"
        text = num if q == 1 else f"{num}/{q}"
        pnum = "π" if p == 1 else f"{p}π"
        pretty = pnum if q == 1 else f"{pnum}/{q}"
        latex = (
            ("\\pi" if p == 1 else f"{p}\\pi")
            if q == 1
            else f"\\frac{{{'' if p == 1 else p}\\pi}}{{{q}}}"
        )
        return Formula(text, pretty, approx, latex)
    power = "" if k == -1 else f"^{-k}"
    ppower = "" if k == -1 else "²"
    den = f"pi{power}" if q == 1 else f"({q}*pi{power})"
    pden = f"π{ppower}" if q == 1 else f"({q}π{ppower})"
    lden = f"\\pi{power}" if q == 1 else f"{q}\\pi{power}"
    return Formula(f"{p}/{den}", f"{p}/{pden}", approx, f"\\frac{{{p}}}{{{lden}}}")


def _times_root(m: Fraction, inner: str, pinner: str, linner: str, value: float) -> Value:
    """m·√(inner), written as a person does: sqrt(2/pi), 2*sqrt(2/pi), sqrt(pi/2)/2."""
    p, q = m.numerator, m.denominator
    root, proot, lroot = f"sqrt({inner})", f"√({pinner})", f"\\sqrt{{{linner}}}"
    text, pretty, latex = root, proot, lroot
    if p != 1:
        text, pretty, latex = f"{p}*{root}", f"{p}{proot}", f"{p}{lroot}"
    if q != 1:
        text, pretty, latex = f"{text}/{q}", f"{pretty}/{q}", f"\\frac{{{latex}}}{{{q}}}"
    return Formula(text, pretty, float(m) * value, latex)


def _law_scale(dist: Value, s: Value) -> tuple[str, Fraction]:
    from tutor.homework.scaling import laws

    if not isinstance(dist, str) or dist not in laws.INPUT_LAWS:
        raise UsageError(f"the input law must be one of {', '.join(laws.INPUT_LAWS)}, not {dist!r}")
    scale = Fraction(number_arg(s, "the scale s"))
    if scale <= 0:
        raise UsageError(f"the scale s must be positive (got {s})")
    return dist, scale


@content_function("scaling.second_moment", "dist", "s")
def _second_moment(dist: Value, s: Value) -> Value:
    """E[x²] of the input law (gaussian N(0, s²), uniform on [−s, s], sign ±s)."""
    from tutor.homework.scaling import laws

    return laws.second_moment(*_law_scale(dist, s))


@content_function("scaling.abs_mean_squared", "dist", "s")
def _abs_mean_squared(dist: Value, s: Value) -> Value:
    """(E|x|)², the value of one cross term of E[S²]: 2s²/π, s²/4 or s²."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(r, -k)


@content_function("scaling.abs_mean_fourth", "dist", "s")
def _abs_mean_fourth(dist: Value, s: Value) -> Value:
    """(E|x|)⁴ (the cross term squared once too often)."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(r * r, -2 * k)


@content_function("scaling.inverse_abs_mean_squared", "dist", "s")
def _inverse_abs_mean_squared(dist: Value, s: Value) -> Value:
    """1/(E|x|)²: π/(2s²), 4/s² or 1/s²."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(1 / r, k)


@content_function("scaling.abs_mean", "dist", "s")
def _abs_mean(dist: Value, s: Value) -> Value:
    """E|x|: s·√(2/π), s/2 or s."""
    law, scale = _law_scale(dist, s)
    if law == "gaussian":
        return _times_root(scale, "2/pi", "2/π", "\\frac{2}{\\pi}", math.sqrt(2 / math.pi))
    return normalize(scale / 2 if law == "uniform" else scale)


@content_function("scaling.inverse_abs_mean", "dist", "s")
def _inverse_abs_mean(dist: Value, s: Value) -> Value:
    """1/E|x|: √(π/2)/s, 2/s or 1/s (the constant is this over d1)."""
    law, scale = _law_scale(dist, s)
    if law == "gaussian":
        return _times_root(1 / scale, "pi/2", "π/2", "\\frac{\\pi}{2}", math.sqrt(math.pi / 2))
    return normalize(2 / scale if law == "uniform" else 1 / scale)


@content_function("scaling.abs_variance", "dist", "s")
def _abs_variance(dist: Value, s: Value) -> Value:
    """Var|x| = E[x²] − (E|x|)²: s²(1 − 2/π), s²/12 or 0."""
    from tutor.homework.scaling import laws

    law, scale = _law_scale(dist, s)
    if law != "gaussian":
        r, _ = laws.abs_mean_squared(law, scale)
        return normalize(laws.second_moment(law, scale) - r)
    s2 = scale * scale
    value = float(s2) * (1 - 2 / math.pi)
    if s2 == 1:
        return Formula("1 - 2/pi", "1 − 2/π", value, "1 - \\frac{2}{\\pi}")
    text, pretty, latex = _frac_text(s2)
    text = f"({text})" if "/" in text else text
    pretty = f"({pretty})" if "/" in pretty else pretty
    return Formula(
        f"{text}*(1 - 2/pi)",
        f"{pretty}(1 − 2/π)",
        value,
        f"{latex}\\left(1 - \\frac{{2}}{{\\pi}}\\right)",
    )
