"""Pasting several lines into a one-line answer box: join the lines that continue one
expression (as copied from a chat or a PDF, broken after an operator or inside brackets), skip
the chat's sentences before the line holding the answer ("Sure! Here is the answer."), and say
what was left out when the rest is another answer. Nothing is dropped silently."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN, _CLOSE = "([{", ")]}"
# a line ending with one of these continues on the next line (LaTeX's \\ included)
# (and a label's colon: "Answer:" on a line of its own, the answer on the next)
_ENDS = ("+", "-", "−", "*", "/", "^", "=", "(", "[", "{", ",", "·", "×", "∼", "~", "\\\\", ":")
# display-math fences on a line of their own ($$, \[, \]): the math between them is one line
_FENCES = ("$$", "\\[", "\\]")
# a line starting with one of these continues the previous one
_STARTS = ("+", "-", "−", "*", "/", "^", ")", "]", "}", ",", "·", "×", "=", "\\cdot", "\\times")


@dataclass(frozen=True)
class Pasted:
    text: str  # what goes into the box
    joined: int  # how many lines were joined into it (1: a single line)
    dropped: tuple[str, ...]  # lines left out (not part of the same expression)
    skipped: tuple[str, ...] = ()  # prose lines before the answer's line, left out (in order)


# a line of prose: words and sentence punctuation only, no digit and nothing of mathematics
# ("Sure!" alone too: one word of three letters or more, said as a sentence)
_PROSE = re.compile(
    r"[A-Za-z][A-Za-z'’-]*(?:[\s,;:.!?]+[A-Za-z][A-Za-z'’-]*)+[\s.!?:;,]*"
    r"|[A-Za-z]{3,}[.!]+"
)


def is_prose(line: str) -> bool:
    """Whether ``line`` is a sentence with no value in it ("Sure! Here is the answer.")."""
    return _PROSE.fullmatch(line.strip()) is not None


def _depth(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def _continues(before: str, after: str) -> bool:
    return (
        _depth(before) > 0
        or before.endswith(_ENDS)
        or after.startswith(_STARTS)
        or before.endswith("\\[")  # display math opened
        or (before.endswith("$$") and before.count("$$") % 2 == 1)
        or after in _FENCES  # a fence line closes (or opens) what comes before
    )


def read_paste(text: str) -> Pasted:
    """The pasted ``text`` as one line: continuing lines joined with a space, the rest kept
    apart in ``dropped`` (in order). Lines of prose before the first line with anything else
    (a value, a formula) are kept apart in ``skipped``: the answer is the line after them.
    When every line is prose, the first is kept. Blank lines are ignored."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Pasted("", 0, ())
    # a chat's sentences before the answer: the line holding the answer is the one kept
    lead = 0
    while (
        lead < len(lines) - 1
        and is_prose(lines[lead])
        and not _continues(lines[lead], lines[lead + 1])  # "The answer is" then $$…$$
    ):
        lead += 1
    if all(is_prose(line) for line in lines[lead:]):
        lead = 0  # no line holds more than words: the first is kept, as ever
    skipped, lines = tuple(lines[:lead]), lines[lead:]
    current, used = lines[0], 1
    for line in lines[1:]:
        if not _continues(current, line):
            break
        if current.endswith("\\\\"):
            current = current[:-2].rstrip()
        current = f"{current} {line}"
        used += 1
    return Pasted(current, used, tuple(lines[used:]), skipped)
