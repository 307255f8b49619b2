"""A parameter's value: a whole number, an exact decimal or a word, read and shown exactly.

Numbers are ``int`` or ``Fraction`` (a TOML float is read as the decimal it was written as);
``show`` writes a value as a person does, for messages (rendering is ``tutor.variants``).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

ParamValue = int | Fraction | str
"""A parameter's value: a whole number, an exact decimal, or a word (a choice such as 'uniform')."""


def exact(value: int | Fraction) -> int | Fraction:
    """A whole number as an ``int``, anything else as a ``Fraction``."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value.numerator)
    return value


def parse_number(text: str) -> int | Fraction | None:
    """``12`` -> 12, ``0.25`` -> 1/4, ``1/3`` -> 1/3, ``2.5e1`` -> 25; None if not a number."""
    text = text.strip().replace("_", "")
    if not text or len(text) > 40:
        return None
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            value = Fraction(Decimal(num.strip())) / Fraction(Decimal(den.strip()))
        else:
            value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError, ZeroDivisionError, OverflowError):
        return None  # "inf", "NaN", "1/0" (OverflowError: an infinity as a fraction)
    return exact(value)


def from_toml(value: object) -> ParamValue | None:
    """A TOML number or string as a parameter value (a float read as the decimal it was written as)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return exact(Fraction(Decimal(repr(value))))
    if isinstance(value, str):
        return value
    return None


def not_finite(value: object) -> str | None:
    """The name of a TOML float that is not a finite number ("inf", "nan"), for a message
    that says it is not allowed; None for anything else."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return repr(value)
    return None


_DIGITS_SHOWN = 200  # bits of a value's numerator or denominator shown in full (about 60 digits)


def show(value: object) -> str:
    """A parameter value as a person writes it (for messages; rendering is ``tutor.variants``)."""
    if isinstance(value, int | Fraction) and not isinstance(value, bool):
        whole = Fraction(value)
        if _DIGITS_SHOWN < max(whole.numerator.bit_length(), whole.denominator.bit_length()):
            # 1e100000: its digits would be a page (and past what str() of an int allows)
            scale = whole.numerator.bit_length() - whole.denominator.bit_length()
            sign = "-" if whole < 0 else ""
            return f"about {sign}10^{round(scale * math.log10(2))}"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        d = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(d) == value:
            return format(d.normalize(), "f")
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def same_value(a: ParamValue, b: ParamValue) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return Fraction(a) == Fraction(b)
