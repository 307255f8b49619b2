"""The values a variant computes, and how a template writes them.

A value is a whole number (``int``), an exact non-integer (``Fraction``), a text (``str``: a word
such as 'uniform', a Markdown table from a core function) or a ``Formula``: an exact expression
in the input language that is not a rational number (``2/pi``, ``sqrt(pi/2)/d1``).

``write(value, filter)`` is the one place a value becomes text. Numbers are written as a person
writes them: 10 not 10.0, 0.05 not 0.05000000000000001, 490/9 (exact) where a decimal would not
end; the filters of ``tutor.content.placeholders.FILTERS`` ask for another form. Only the standard
library is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from tutor.content.placeholders import FILTERS


@dataclass(frozen=True)
class Formula:
    """An exact expression that is not a rational number."""

    text: str
    """In the input language (what an answer or mistake may contain): ``2/pi``."""
    pretty: str
    """In Unicode, for prose: ``2/π``."""
    approx: float | None = None
    """Its numeric value, when it has one (no free symbols)."""
    latex: str = ""
    """In LaTeX (``\\frac{2}{\\pi}``), for question tests written the way students paste them."""


Value = int | Fraction | str | Formula

MAX_DECIMALS = 6
"""A terminating decimal with more places than this is written as a fraction."""
SIGNIFICANT = 3
"""Significant figures of ``approx`` (at least the digits before the point)."""

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_ATOM_RE = re.compile(r"^[\w.′]+$")
_CALL_RE = re.compile(r"^(?:[A-Za-z]+|√)\((.*)\)$")
# the filters that write a value; the others (TEXT_FILTERS) work on text already written
TEXT_FILTERS = frozenset({"paren", "coef", "times", "after"})
VALUE_FILTERS = frozenset(FILTERS) - TEXT_FILTERS
_DIGITS = {"approx": SIGNIFICANT, "approx2": 2, "approx4": 4, "approx5": 5}
"""Filters that read the value itself; the others (paren, coef, times, Word) work on the text
written so far, so they can follow one of these: ``{{c|pretty|paren}}``."""


def atomic(text: str) -> bool:
    """A name, a number, or one call such as ``sqrt(2/pi)`` or ``√(2/π)``: safe next to ``*``."""
    text = text.strip()
    if _ATOM_RE.match(text) or (text.startswith("√") and _ATOM_RE.match(text[1:])):
        return True
    m = _CALL_RE.match(text)
    if not m:
        return False
    depth = 0
    for ch in m.group(1):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False  # "sqrt(2)*sqrt(3)": the first bracket closes early
    return depth == 0


def normalize(value: object) -> Value:
    """An ``int``/``Fraction``/``str``/``Formula`` as its canonical value (2/1 -> 2)."""
    if isinstance(value, bool):
        raise TypeError("a value cannot be true or false")
    if isinstance(value, Fraction):
        return int(value.numerator) if value.denominator == 1 else value
    if isinstance(value, (int, str, Formula)):
        return value
    if isinstance(value, float):  # a model's float: 12 significant digits, no float noise
        return normalize(Fraction(Decimal(format(value, ".12g"))))
    raise TypeError(f"not a value: {value!r}")


def is_number(value: Value) -> bool:
    return isinstance(value, (int, Fraction))


def to_float(value: Value) -> float | None:
    if isinstance(value, (int, Fraction)):
        return float(value)
    if isinstance(value, Formula):
        return value.approx
    return None


def _decimal(value: int | Fraction, places: int = MAX_DECIMALS) -> Decimal | None:
    """The value as a terminating decimal with at most ``places`` places, else None."""
    frac = Fraction(value)
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(frac.numerator) / Decimal(frac.denominator)
        if Fraction(d) != frac:
            return None
        d = d.normalize()
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        return None
    return d


def plain(value: int | Fraction) -> str:
    """10, 0.05, 490/9: a number as a person writes it, exactly."""
    if isinstance(value, int):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    d = _decimal(value)
    if d is not None:
        return format(d, "f")
    return f"{value.numerator}/{value.denominator}"


def approx(x: float | int | Fraction, significant: int = SIGNIFICANT) -> str:
    """A short decimal: exact when the value is one (23.75), else rounded to ``significant``
    figures, its zeros kept (54.4 for 490/9, 0.80 for √(2/π) at two); never in e-notation."""
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction) and _decimal(x) is not None:
        return plain(x)
    with localcontext() as ctx:
        ctx.prec = 60
        if isinstance(x, Fraction):
            d = Decimal(x.numerator) / Decimal(x.denominator)
        else:
            d = Decimal(repr(x))
    if d == 0:
        return "0"
    places = max(0, significant - (d.adjusted() + 1))
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(q, "f")


def words(n: int) -> str:
    """0..99 in words (twenty-one); other numbers in digits."""
    if 0 <= n < 20:
        return _ONES[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return str(n)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def sci(value: int | Fraction) -> str:
    """2e1, 1.2e1, 5e-8: exact values in e-notation (others as ``plain``)."""
    d = _decimal(value, places=40) if isinstance(value, Fraction) else Decimal(value)
    if d is None or d == 0:
        return plain(value)
    sign, digits, _ = d.normalize().as_tuple()
    if len(digits) > 12:
        return plain(value)
    mantissa = "".join(str(x) for x in digits)
    exponent = d.adjusted()
    m = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return ("-" if sign else "") + f"{m}e{exponent}"


def point(value: int | Fraction) -> str:
    """A number written with a decimal point: 50.0, 54.5; a fraction as its approximation."""
    if isinstance(value, int) or value.denominator == 1:
        return f"{int(value)}.0"
    d = _decimal(value)
    return format(d, "f") if d is not None else approx(value)


def write(value: Value, filters: str | tuple[str, ...] | None = None) -> str:
    """The text a placeholder ``{{name|filter|...}}`` becomes (filters apply left to right)."""
    chain = (filters,) if isinstance(filters, str) else tuple(filters or ())
    for f in chain:
        if f not in FILTERS:
            raise ValueError(f"unknown filter {f!r}")
    first = chain[0] if chain and chain[0] in VALUE_FILTERS else None
    text = _write_value(value, first)
    for f in chain[1:] if first is not None else chain:
        text = _on_text(text, f)
    return text


def _on_text(text: str, f: str) -> str:
    """A filter applied to text already written (paren, coef, times, after, Word)."""
    if f == "Word":
        return text[:1].upper() + text[1:]
    if f == "paren":
        return text if atomic(text) else f"({text})"
    bare = text.strip()
    if f == "coef":  # before a factor, in the input language: "", "-", "3*", "(1/3)*"
        if bare == "1":
            return ""
        if bare in ("-1", "−1"):
            return "-"
        return (bare if atomic(bare) else f"({bare})") + "*"
    if f in ("times", "after"):  # before / after a factor, in prose: "3·d1", "(2/π)d1", "d1·3"
        if bare == "1":
            return ""
        if bare in ("-1", "−1") and f == "times":
            return "−"
        if not atomic(bare):
            return f"({bare})"
        return f"{bare}·" if f == "times" else f"·{bare}"
    raise ValueError(f"the filter '{f}' reads a value; put it first: {{{{name|{f}|...}}}}")


def _write_value(value: Value, filter: str | None) -> str:
    if isinstance(value, str):
        return value[:1].upper() + value[1:] if filter == "Word" else value
    if isinstance(value, Formula):
        return _write_formula(value, filter)
    n = normalize(value)
    assert isinstance(n, (int, Fraction))
    if filter == "latex":
        text = plain(n)
        if "/" not in text:
            return text
        sign = "-" if n < 0 else ""
        return f"{sign}\\frac{{{abs(n.numerator)}}}{{{n.denominator}}}"
    if filter is None:
        return plain(n)
    if filter in ("word", "Word"):
        text = words(n) if isinstance(n, int) else plain(n)
        return text[:1].upper() + text[1:] if filter == "Word" else text
    if filter == "sub":
        return plain(n).translate(_SUB)
    if filter == "sci":
        return sci(n)
    if filter == "point":
        return point(n)
    if filter in _DIGITS:
        return approx(n, _DIGITS[filter])
    if filter == "about":
        text = plain(n)
        return f"{text} ≈ {approx(n)}" if "/" in text else text
    if filter == "pretty":
        return plain(n).replace("-", "−")
    if filter == "ordinal":
        return ordinal(n) if isinstance(n, int) else plain(n)
    raise AssertionError(filter)


def _write_formula(f: Formula, filter: str | None) -> str:
    if filter == "pretty":
        return f.pretty
    if filter == "latex":
        return f.latex or f.text
    if filter in _DIGITS and f.approx is not None:
        return approx(f.approx, _DIGITS[filter])
    if filter == "about" and f.approx is not None:
        return f"{f.pretty} ≈ {approx(f.approx)}"
    return f.text


def to_json(value: Value) -> int | float | str:
    """A value in JSON: numbers as numbers (exact decimals), anything else as its text."""
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        d = _decimal(value)
        return float(d) if d is not None else plain(value)
    if isinstance(value, Formula):
        return value.text
    return value
