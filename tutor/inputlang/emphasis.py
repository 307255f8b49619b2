"""Markdown emphasis around an answer or a piece of it: the marks blanked out (same length, so
columns still match), never a ``**`` that raises to a power.

- ``**…**`` and ``__…__`` (bold): a mark opens where a word can't end just before it and the
  next character is not a space, and closes where none starts just after it and the one before
  is not a space. A ``**`` can also be a power (``x**2``, ``d1**-0.5``, ``d1 ** -0.5``): a value
  ends before it and one (with its sign) starts after it. The marks are read all together, the
  reading that leaves the fewest marks unexplained chosen: ``**d1**-0.5**`` is bold around
  ``d1**-0.5`` (the middle mark a power, the outer two a pair), where pairing the first two
  would leave the last one over; ``**d1**`` is bold, ``**x**2**`` is bold around ``x**2``. Half
  a ``**`` pair at either end of the answer (``Θ(1)**``, ``**d1``) is left out: nothing to
  raise to.
- ``*…*`` and ``_…_`` (italics): only a pair around something that does not start with a sign,
  where no value ends before the opening mark (spaces skipped) and none starts after the closing
  one, a word of two letters or more aside (prose, or a unit): ``*d1*``, ``The answer is
  _1/√d1_``, ``*50* ns``; ``2 *d1* 3``, ``d_1`` and ``x_0`` stay as typed.
"""

from __future__ import annotations

import re
from functools import cache

_SIGNS = "+-−–"
_INF = 10**6
_MAX_MARKS = 60  # more marks than this: the old left-to-right pairing (no search)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _ends_value(before: str) -> bool:
    ch = before.rstrip(" ")[-1:]
    return bool(ch) and (ch.isalnum() or ch in ")]}²³¹⁰⁴⁵⁶⁷⁸⁹′'!")


def _starts_value(after: str) -> bool:
    rest = after.lstrip(" ")
    if rest[:1] and rest[0] in _SIGNS:
        rest = rest[1:].lstrip(" ")
    ch = rest[:1]
    if ch == ".":  # ".5", not a full stop
        return rest[1:2].isdigit()
    return bool(ch) and (ch.isalnum() or ch in "([{√∛\\")


def _marks(text: str, mark: str) -> list[int]:
    found: list[int] = []
    i = text.find(mark)
    while i != -1:
        found.append(i)
        i = text.find(mark, i + len(mark))
    return found


def _emphasis(text: str, mark: str) -> str:
    """``text`` with the ``mark`` (``**`` or ``__``) pairs of bold blanked, and a half pair at
    either end (see the module's docstring)."""
    marks = _marks(text, mark)
    if not marks:
        return text
    w = len(mark)
    n = len(marks)
    opens, closes, power, stray = [], [], [], []
    for a in marks:
        before = text[a - 1] if a else " "
        after = text[a + w] if a + w < len(text) else " "
        opens.append(not (before.isalnum() or before in ")]}_") and not after.isspace())
        closes.append(not (after.isalnum() or after in "([{") and not before.isspace())
        power.append(mark == "**" and _ends_value(text[:a]) and _starts_value(text[a + w :]))
        end = not text[a + w :].strip(" .!?")
        start = not text[:a].strip() and bool(text[a + w :].strip())
        # (a half "__" is left as typed: no answer has a "__" of its own to lose)
        stray.append(mark == "**" and (end or start) and text[a + w : a + w + 1] != mark[0])
    if n > _MAX_MARKS:
        return _left_to_right(text, marks, w, opens, closes, stray)

    @cache
    def best(k: int, opened: int) -> tuple[int, tuple[str, ...]]:
        """The least cost of reading marks k… with the bold opened at mark ``opened`` (-1:
        none), and the roles: "o"/"c" a pair's ends, "s" a stray half pair, "-" as typed."""
        if k == n:
            return (0, ()) if opened < 0 else (_INF, ())
        options: list[tuple[int, tuple[str, ...]]] = []
        if opened < 0 and opens[k]:
            cost, roles = best(k + 1, k)
            options.append((cost, ("o", *roles)))
        if opened >= 0 and closes[k] and marks[k] > marks[opened] + w:
            cost, roles = best(k + 1, -1)
            options.append((cost, ("c", *roles)))
        cost, roles = best(k + 1, opened)
        options.append((cost + (0 if power[k] else 2), ("-", *roles)))
        if stray[k]:
            options.append((cost + 1, ("s", *roles)))
        return min(options, key=lambda o: o[0])  # the first of equals: a pair before the rest

    _, roles = best(0, -1)
    out = text
    for a, role in zip(marks, roles, strict=True):
        if role != "-":
            out = _blank(out, a, a + w)
    return out


def _left_to_right(
    text: str, marks: list[int], w: int, opens: list[bool], closes: list[bool], stray: list[bool]
) -> str:
    """Many marks: each pair of neighbours that can open and close, left to right, then the
    half pairs at either end."""
    out, k = text, 0
    paired: set[int] = set()
    while k + 1 < len(marks):
        if opens[k] and closes[k + 1] and marks[k + 1] > marks[k] + w:
            out = _blank(_blank(out, marks[k], marks[k] + w), marks[k + 1], marks[k + 1] + w)
            paired.update((k, k + 1))
            k += 2
        else:
            k += 1
    for k, a in enumerate(marks):
        if k not in paired and stray[k]:
            out = _blank(out, a, a + w)
    return out


# a single '*' or '_' around something that starts with no sign and has no mark of its own at
# either end: "*d1*", "_1/√d1_" (the ends checked in _italics)
_ITALICS_RE = re.compile(
    r"(?<![*_\w])(?:(\*)(?=[^\s*_+\-−–])([^\n\\{}$]*?[^\s*_])\*|"
    r"(_)(?=[^\s*_+\-−–])([^\n\\{}$_]*?[^\s*_])_)(?![*_\w])"
)


_WORD_BEFORE_RE = re.compile(r"(?<![\w\\])[^\W\d_]{2,}\s*$")
_WORD_AFTER_RE = re.compile(r"^\s*[^\W\d_]{2,}(?![\w(])")


def _italics(text: str) -> str:
    out = text
    for m in _ITALICS_RE.finditer(text):
        a, b = m.start(), m.end() - 1
        before, after = text[:a], text[b + 1 :]
        # a word of two letters or more beside it ("The answer is *d1*", "*50* ns") is prose
        # or a unit, never the other factor of a product typed with '*'
        if (_ends_value(before) and not _WORD_BEFORE_RE.search(before)) or (
            _starts_value(after) and not _WORD_AFTER_RE.match(after)
        ):
            continue  # "2 *d1* 3": a product, as typed
        out = _blank(_blank(out, a, a + 1), b, b + 1)
    return out


def unbold(text: str) -> str:
    """``text`` without Markdown emphasis (bold ``**…**``/``__…__``, italics ``*…*``/``_…_``),
    the marks blanked out (same length): by the rules of the module's docstring."""
    if "*" not in text and "_" not in text:
        return text
    if "**" in text:
        text = _emphasis(text, "**")
    if "__" in text:
        text = _emphasis(text, "__")
    return _italics(text)
