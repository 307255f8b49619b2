"""Words that take an answer back or deny it, wherever they stand: after the value in a remark
("d1 (wrong)", "d1, not d1"), in a sentence ("not 50 ns"), or in the lead-in label before ':'
or '=' ("wrong: d1", "Incorrect = 1/√d1", "It is not g(z, μ) = …"). A label is left out of a
reading only when it holds none of them ("Answer:", "c:", "Final answer:", "So:").

``disowning_label(text)`` finds such a word in the label of each line of ``text``.
"""

from __future__ import annotations

import re
from typing import Final

from tutor.inputlang.values import ParseError

# words that deny what the sentence states ("not 50 ns", "E[RMS²] is not d1")
NEGATIONS: Final = frozenset(
    "not no never isn't isnt wrong nor except unless without aren't cannot can't".split()
)
# words that take back what was said ("d1 (wrong)", "d1 (kidding)")
TAKE_BACK: Final = frozenset("wrong false incorrect kidding joking jk".split())
# a label holding one of these takes the answer back. "without" and "except" may narrow what is
# counted ("Without recomputation: 20"); "No." abbreviates "number" ("No. of loads: 10")
_DISOWNING: Final = (NEGATIONS | TAKE_BACK) - {"without", "except"}
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_ABBREVIATED_RE = re.compile(r"\s*\.")
# a hedge, not a denial: "Not sure, but c = …" (as "…, but I am not sure" after the answer)
_HEDGED_RE = re.compile(
    r"\s+(?:(?:100\s*%|totally|very|too|so|entirely)\s+)?(?:sure|certain)\b", re.I
)

LABEL_TAKES_BACK = (
    "The words before '{mark}' take the answer back ('{word}', column {col}): type just the answer."
)


def _label_end(line: str) -> int | None:
    """Where the label of ``line`` ends: its first ':' or '=' outside brackets (never '==',
    '<=', '>=', '!=' or a LaTeX '\\:'), or None when it has none."""
    depth = 0
    for i, ch in enumerate(line):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ":=":
            before, after = line[i - 1 : i] if i else "", line[i + 1 : i + 2]
            if before in ("<", ">", "!", "=", "\\") or after == "=" and ch == "=":
                continue
            return i
    return None


def disowning_label(text: str) -> tuple[str, int, str] | None:
    """The first word in a line's label (before its first ':' or '=', outside brackets) that
    takes the answer back or denies it, as (word, offset in ``text``, the mark after the label),
    or None."""
    start = 0
    for line in text.split("\n"):
        end = _label_end(line)
        if end is not None:
            for m in _WORD_RE.finditer(line, 0, end):
                word = m.group(0).lower().replace("’", "'")
                if word not in _DISOWNING or word == "not" and _HEDGED_RE.match(line, m.end()):
                    continue
                before = line[: m.start()]
                if sum(before.count(b) for b in "([{") > sum(before.count(b) for b in ")]}"):
                    continue  # "Answer (no units): 20": a remark in the label's brackets
                if word == "no" and _ABBREVIATED_RE.match(line, m.end()):
                    continue  # "No. of loads: 10"
                return m.group(0), start + m.start(), line[end]
        start += len(line) + 1
    return None


def refuse_disowning_label(text: str) -> None:
    """Raise a ``ParseError`` when a label in ``text`` takes the answer back (``disowning_label``)."""
    found = disowning_label(text)
    if found is not None:
        word, col, mark = found
        raise ParseError("syntax", LABEL_TAKES_BACK.format(mark=mark, word=word, col=col + 1), col)
