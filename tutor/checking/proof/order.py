"""A proof answer's order: the chosen block keys read from text, and an order shown.

The student's answer is the chosen keys in order, ``"a c b e"`` (spaces, commas, arrows,
dashes, bars or "then" between them; one-letter keys may also run together, ``"acbe"``, or
each stand in brackets, ``"(a)(c)"``), so the command line and ``--batch`` grade it like any
other answer. A label before the keys (``Order:``), quotation marks (around the answer or each
key, ``['m', 'r']``), a list's numbers, a remark in brackets and a remark after a dash (``— done``)
are left out; a remark in brackets naming a block is refused (``_tidy``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.checking.proof.graph import Graph
from tutor.inputlang.rules import END_MARKS
from tutor.inputlang.takeback import LABEL_TAKES_BACK, disowning_label
from tutor.inputlang.values import Reason
from tutor.textsafe import bounded

MAX_ANSWER = 2000  # characters of one answer
_SEPARATORS = re.compile(r"(?:\s|,|;|→|->|⟶|=>|⇒|>|\.)+")
_WRAPPED = re.compile(r"^\(([^()]*)\)$|^\[([^\[\]]*)\]$")


class AnswerError(ValueError):
    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason: Reason = reason
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
    for raw in _SEPARATORS.split(_tidy(text, known)):
        if not raw:
            continue
        m = _WRAPPED.match(raw)
        token = (m.group(1) or m.group(2) or "").strip() if m else raw.strip("()[]")
        token = token.strip(_TOKEN_QUOTES)  # 'm', "m": a list as code writes it
        if not token:
            continue
        if token not in known and (token.lower() in _JOINING_WORDS or not token.strip("-|–—")):
            continue  # "m then r", "m and r", "m – r": words or dashes between the keys
        # "m-r-e", "m|r|e", "(m)(r)(e)"; "mrekvs": one-letter keys typed without separators
        keys = _joined(token, known, folded) or _letters_run(token, known, folded)
        if keys is None:
            one = _key(token, known, folded)
            if one is None and token.lower() in _HEDGING_WORDS:
                raise AnswerError(
                    "syntax",
                    f"'{bounded(token, 20)}' offers another order: give one order of blocks.",
                )
            if one is None:
                shown = ", ".join(sorted(known))
                raise AnswerError(
                    "syntax", f"There is no block '{token}' in this box. Its blocks are {shown}."
                )
            keys = [one]
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


_JOINING_WORDS = frozenset({"then", "and", "next", "after", "followed", "by", "finally"})
# words that offer a second order ("m r e, or maybe m e r"): never a block, never left out
_HEDGING_WORDS = frozenset({"or", "maybe", "perhaps", "alternatively", "either", "otherwise"})
# what a student writes around the keys: a label ("Order:", "My proof:"), quotation marks,
# the numbers of a numbered list ("1. m 2. r"), a remark in brackets ("(i is a distractor)")
_LABEL_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,30}):\s*")
# a lead-in that says what follows: "the order is m r e", "my proof would be: …"
_LEAD_IN_RE = re.compile(
    r"^\s*((?:so\s+)?(?:the\s+|my\s+)?(?:right\s+|correct\s+|final\s+)?"
    r"(?:order|proof|answer)\s+(?:is|would\s+be))\s*:?\s*",
    re.I,
)
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("`", "`"))
_NUMBERING_RE = re.compile(r"(?<!\S)\d{1,2}[.)](?=\s|$)")
_REMARK_RE = re.compile(r"\(([^()]*\s[^()]*)\)")
_JOINERS_RE = re.compile(r"[-|–—]|\)\s*\(")
_DASH_REMARK_RE = re.compile(r"\s[—–]\s+(.*)$|\s--?\s+(?=[^\W\d_]{2})(.*)$")
_TOKEN_QUOTES = "'\"‘’“”`"


def _tidy(text: str, known: list[str]) -> str:
    """``text`` without what surrounds the keys (``_LABEL_RE`` … ``_REMARK_RE``) and an end mark."""
    keys = set(known)
    lowered = {k.lower() for k in known}
    text = text.strip().rstrip(END_MARKS).strip()
    for a, b in _QUOTES:
        if len(text) > 2 and text.startswith(a) and text.endswith(b):
            text = text[len(a) : -len(b)].strip()
    label = _LABEL_RE.match(text) or _LEAD_IN_RE.match(text)
    if label is not None and not any(w.lower() in lowered for w in label.group(1).split()):
        disowned = disowning_label(label.group(0))  # "wrong: m r e": the label takes it back
        if disowned is not None:
            word, col, mark = disowned
            raise AnswerError("syntax", LABEL_TAKES_BACK.format(mark=mark, word=word, col=col + 1))
        text = text[label.end() :]
    if not any(k.isdigit() for k in keys):
        text = _NUMBERING_RE.sub(" ", text)

    def remark(m: re.Match[str]) -> str:
        words = re.findall(r"[\w-]+", m.group(1))
        if all(w.lower() in lowered for w in words):
            return m.group(0)  # "(m r)": keys in brackets
        if any(w in keys or w.lower() in lowered for w in words):
            # "(i is a distractor)", "(also i)": is that block in the proof or not?
            raise AnswerError(
                "syntax",
                f"I can't tell whether the blocks named in '{bounded(m.group(0), 60)}' are in "
                "your proof: list the blocks of your proof alone, in order.",
            )
        return " "  # "(the coherent sum)": a remark

    text = _REMARK_RE.sub(remark, text)
    dash = _DASH_REMARK_RE.search(text)
    if dash is not None and text[: dash.start()].strip():
        words = re.findall(r"[\w-]+", dash.group(1) or dash.group(2) or "")
        if words and not any(w in keys or w.lower() in lowered for w in words):
            text = text[: dash.start()]  # "m r e v k s — done": a remark after a dash
    return text


def _joined(token: str, known: list[str], folded: dict[str, list[str]]) -> list[str] | None:
    """Keys joined by dashes, bars or brackets (``m-r-e``, ``m|r|e``, ``(m)(r)(e)``), when the
    token is not a key itself and every piece names one: those keys in order."""
    if token in known or len(folded.get(token.lower(), ())) == 1 or not _JOINERS_RE.search(token):
        return None
    pieces = [p.strip("()[] ") for p in _JOINERS_RE.split(token)]
    keys = [_key(piece, known, folded) for piece in pieces if piece]
    if not keys or None in keys:
        return None
    return [k for k in keys if k is not None]


def _letters_run(token: str, known: list[str], folded: dict[str, list[str]]) -> list[str] | None:
    """A token of several characters that is not a key, when every key of the box is one
    character and each character of the token names one: those keys in order."""
    if len(token) < 2 or token in known or len(folded.get(token.lower(), ())) == 1:
        return None
    if any(len(k) != 1 for k in known):
        return None
    keys = [_key(ch, known, folded) for ch in token]
    if None in keys:
        return None
    return [k for k in keys if k is not None]


def _key(text: str, known: list[str], folded: dict[str, list[str]]) -> str | None:
    """The block ``text`` names: a key as typed, else the one key it matches ignoring case
    (None when it names none, or more than one)."""
    if text in known:
        return text
    matches = folded.get(text.lower(), ())
    return matches[0] if len(matches) == 1 else None


def format_order(order: Sequence[str]) -> str:
    """How an order is shown and logged: its keys with arrows between them."""
    return " → ".join(order)
