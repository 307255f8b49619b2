"""A proof answer's order: the chosen block keys read from text, and an order shown.

The student's answer is the chosen keys in order, ``"a c b e"`` (spaces, commas or arrows
between them; one-letter keys may also run together, ``"acbe"``), so the command line and
``--batch`` grade it like any other answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.checking.proof.graph import Graph
from tutor.inputlang.rules import END_MARKS

MAX_ANSWER = 2000  # characters of one answer
_SEPARATORS = re.compile(r"(?:\s|,|;|→|->|⟶|=>|⇒|>|\.)+")
_WRAPPED = re.compile(r"^\(([^()]*)\)$|^\[([^\[\]]*)\]$")


class AnswerError(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def read_order(text: str, g: Graph) -> list[str]:
    """The keys of an answer, in order. Keys are matched exactly, or ignoring case when that
    is unambiguous; ``(a)`` and ``[a]`` read as ``a``. Raises ``AnswerError``."""
    if not text.strip():
        raise AnswerError("empty", "The answer is empty: choose blocks for your proof.")
    if len(text) > MAX_ANSWER:
        raise AnswerError(
            "too-long", f"That answer is {len(text)} characters long; the limit is {MAX_ANSWER}."
        )
    known = list(g.blocks) + list(g.distractors)
    folded: dict[str, list[str]] = {}
    for key in known:
        folded.setdefault(key.lower(), []).append(key)
    out: list[str] = []
    for raw in _SEPARATORS.split(text.strip().rstrip(END_MARKS)):  # "m r e ∎": the end mark
        if not raw:
            continue
        m = _WRAPPED.match(raw)
        token = (m.group(1) or m.group(2) or "").strip() if m else raw.strip("()[]")
        if not token:
            continue
        # "mrekvs": one-letter keys typed without separators
        keys = _letters_run(token, known, folded)
        if keys is None:
            if token in known:
                keys = [token]
            elif len(folded.get(token.lower(), ())) == 1:
                keys = [folded[token.lower()][0]]
            else:
                shown = ", ".join(sorted(known))
                raise AnswerError(
                    "syntax", f"There is no block '{token}' in this box. Its blocks are {shown}."
                )
        for key in keys:
            if key in out:
                raise AnswerError(
                    "syntax",
                    f"Block ({key}) is used twice; a proof uses each block at most once.",
                )
            out.append(key)
    if not out:
        raise AnswerError("empty", "The answer is empty: choose blocks for your proof.")
    return out


def _letters_run(token: str, known: list[str], folded: dict[str, list[str]]) -> list[str] | None:
    """A token of several characters that is not a key, when every key of the box is one
    character and each character of the token names one: those keys in order."""
    if len(token) < 2 or token in known or len(folded.get(token.lower(), ())) == 1:
        return None
    if any(len(k) != 1 for k in known):
        return None
    keys = []
    for ch in token:
        if ch in known:
            keys.append(ch)
        elif len(folded.get(ch.lower(), ())) == 1:
            keys.append(folded[ch.lower()][0])
        else:
            return None
    return keys


def format_order(order: Sequence[str]) -> str:
    """How an order is shown and logged: its keys with arrows between them."""
    return " → ".join(order)
