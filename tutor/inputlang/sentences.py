"""An answer written as several sentences: where each one starts and ends.

Students paste explanations from their notes or a chat: ``The constant is $c = 1/\\sqrt{d_1}$.
This is LeCun's rule.``, ``Final answer: $\\boxed{20}$. I hope it is correct.`` A sentence ends
at ``.``, ``!``, ``?`` (or ``。``) followed by spaces and the start of another sentence: a
capital letter, a digit, a bracket, ``$`` or a backslash (``\\(``). A full stop in a number
(``0.05``), after an abbreviation (``e.g.``, ``i.e.``, ``vs.``, ``Eq.``, ``Fig.``) or before a
lower-case word ends nothing. Displayed mathematics ends a sentence too when a line starting with
a letter follows it (``… is⏎$$⏎c = …⏎$$⏎This is LeCun's rule.``, ``…⏎$$⏎which is linear.``): its closing ``$$``
(every second one) or ``\\]``.

``spans(text)`` returns the (start, end) of each sentence, end marks included, spaces between
sentences in none (the reader blanks the others to read one, so columns still match).
"""

from __future__ import annotations

import re
from typing import Final

MAX_SENTENCES: Final = 12  # more than this and the text is not read sentence by sentence

_END_RE = re.compile(r"[.!?。]+(?=\s+[A-Z0-9(\[$\\])")
_ABBREVIATIONS = frozenset(
    "e.g i.e vs etc cf eq eqs fig figs approx resp al no sec ch ex def thm lem".split()
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)\Z")
# a display's frame ("$$" opens or closes it, "\\]" closes it), and a capital on a later line
_FRAME_RE = re.compile(r"\$\$|\\\]")
_NEW_LINE_RE = re.compile(r"[ \t]*[\r\n]\s*[A-Za-z]")


def _display_ends(text: str) -> list[int]:
    """Where a displayed equation closes with a new sentence on a later line."""
    out = []
    opened = False
    for m in _FRAME_RE.finditer(text):
        closes = m.group(0) != "$$" or opened
        opened = m.group(0) == "$$" and not opened
        if closes and _NEW_LINE_RE.match(text, m.end()):
            out.append(m.end())
    return out


def spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) pairs, in order; one pair for one sentence."""
    out: list[tuple[int, int]] = []
    ends = set(_display_ends(text)) if "$$" in text or "\\]" in text else set()
    for m in _END_RE.finditer(text):
        word = _WORD_BEFORE_RE.search(text, 0, m.start())
        if word is not None:
            before = word.group(1).lower().strip(".")
            if before in _ABBREVIATIONS:
                continue  # "e.g. Adam", "Fig. 1": not the end of a sentence
        ends.add(m.end())
    start = 0
    for end in sorted(ends):
        if end > start:
            out.append((start, end))
            start = end
    rest = text[start:]
    if rest.strip():
        out.append((start, len(text)))
    elif out:
        out[-1] = (out[-1][0], len(text))
    trimmed = []
    for a, b in out:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trimmed.append((a + lead, a + len(piece.rstrip())))
    return [(a, b) for a, b in trimmed if a < b]
