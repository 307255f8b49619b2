"""An interval typed where a number box asks for a value or a bound.

Students write the set of times that work as an interval: ``t ∈ (0, 50]``, ``[0, 50] ns``,
``loaddisk \\in [0, 50)``, ``(-∞, 50]``, ``t in [50, ∞)``. An interval open to one side, or
starting at zero (a time is never below zero), is the bound it states, and is read as that
bound typed out: ``t ∈ (0, 50]`` as ``t <= 50``, ``[50, ∞)`` as ``>= 50``, ``[0, 50)`` as
``< 50``; the judging of bounds is the reader's. An interval with two ends is refused with the
same words as a range with two ends (``10 < t < 50``): the box asks for one value or one bound.

``as_bound(text)`` returns the text with each such interval rewritten in place (the same
length, so columns still match), or raises ``ParseError`` for one with two ends.
"""

from __future__ import annotations

import re

from tutor.inputlang.values import ParseError

TWO_ENDS = (
    "I read a range with two ends: this box asks for one value, or one bound (<= 12 ns, at "
    "most 12 ns)."
)

_INF = r"(?:\\infty|∞|inf(?:inity)?)(?![A-Za-z])"
_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)"
_MEMBER = r"(?:∈|∊|\\in(?![A-Za-z])|(?<![A-Za-z])(?:is\s+)?in(?![A-Za-z]))"
_INTERVAL_RE = re.compile(
    rf"(?P<member>{_MEMBER}\s*)?(?P<open>[\[(])\s*"
    rf"(?P<low>(?P<minf>[-−–]\s*{_INF})|{_NUM})\s*[,;]\s*"
    rf"(?P<high>(?P<pinf>\+?\s*{_INF})|{_NUM})\s*(?P<close>[\])])",
    re.I,
)


def as_bound(text: str) -> str:
    """``text`` with each interval from zero or open to one side written as its bound."""
    if "," not in text and ";" not in text:
        return text
    out: list[str] = []
    last = 0
    for m in _INTERVAL_RE.finditer(text):
        low_open = m.group("minf") is not None or float(m.group("low")) == 0
        high_open = m.group("pinf") is not None
        if low_open == high_open:  # [10, 50], (-∞, ∞): not one bound
            raise ParseError("syntax", TWO_ENDS, m.start("open"))
        if high_open:
            said = (">=" if m.group("open") == "[" else ">") + " " + m.group("low")
        else:
            said = ("<=" if m.group("close") == "]" else "<") + " " + m.group("high")
        out.append(text[last : m.start()])
        out.append(said.ljust(len(m.group(0))))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
