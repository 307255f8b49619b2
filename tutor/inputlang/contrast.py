"""A contrast after the answer: what the value is not.

Students and chat answers set the value against a wrong one: ``1/√d1, not 1/d1``,
``20 fwd; not 45``, ``c = 1/√d1 rather than 1/d1``, ``50 ns instead of 40 ns``. The value
before the contrast is the answer; the words from the contrast on say what it is not.

``split(text)`` finds the first such contrast outside brackets (inside brackets a remark is
read as one already) and returns the text with the contrast and all after it blanked (the same
length, so columns still match), the marker as typed and the words after it; None when there is
none. A "not" counts only after a comma, a semicolon, a dash, "and" or "but", or right after a
value ending in a digit, a bracket or a power ("c is not 1/d1" is a negation, refused as typed); "rather than", "instead of" and "as opposed to" anywhere. Whether the words
after it are a contrast or change the value ("50 ns, not less") is the reader's to decide.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CONTRAST_RE = re.compile(
    r"(?:(?:[,;]|\s(?:—|―|--))\s*(?:(?:but|and)\s+)?|\s(?:but|and)\s+|"
    # right after a value that ends in a digit, a bracket or a power: "Θ(d1²) not Θ(d1)"
    r"(?<=[\d)\]}²³⁴⁵⁶⁷⁸⁹¹⁰])\s+)not(?![\w'’])"
    r"|(?<![\w])(?:rather\s+than|instead\s+of|as\s+opposed\s+to)(?![\w])",
    re.I,
)
_OPEN = "([{"
_CLOSE = ")]}"


class Contrast(NamedTuple):
    before: str  # the text with the contrast and all after it blanked
    marker: str  # ", not", "rather than", as typed (spaces collapsed)
    after: str  # the words after the marker


def split(text: str) -> Contrast | None:
    """The first contrast outside brackets in ``text``, or None."""
    depth, seen = 0, 0  # the bracket depth at text[seen] (counted once: linear)
    for m in _CONTRAST_RE.finditer(text):
        for ch in text[seen : m.start()]:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
        seen = m.start()
        if depth:
            continue
        if not text[: m.start()].strip():
            return None  # "not 1/d1": nothing before it to be the answer
        after = text[m.end() :]
        if not after.strip():
            return None  # "1/√d1, not": not a contrast with anything
        before = text[: m.start()] + " " * (len(text) - m.start())
        return Contrast(before, " ".join(m.group(0).split()), after.strip())
    return None
