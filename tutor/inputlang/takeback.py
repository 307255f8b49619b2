"""Words that take an answer back or deny it, wherever they stand: after the value in a remark
("d1 (wrong)", "d1, not d1"), in a sentence ("not 50 ns"), or in the lead-in label before ':'
or '=' ("wrong: d1", "Incorrect = 1/√d1", "It is not g(z, μ) = …"). A label is left out of a
reading only when it holds none of them ("Answer:", "c:", "Final answer:", "So:").

``disowning_label(text)`` finds such a word in the label of each line of ``text``;
``rejection(remark)`` finds what rejects the answer in the words said right after it ("(b) is
not correct", "(b) ❌", "— nope", "(c) does not hold", "is a trap"): the one vocabulary of
marks, negated verdicts and bare "no"s every box's remark is read with.
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
# marks that reject the answer they stand beside ("(b) ❌", "50 ns ✘"): crosses and "no entry"
# signs (a check mark is none: ``tutor.inputlang.rules.END_MARKS``). A "×" only where it can't
# be a product: with nothing before or after it that it could multiply ("(b) ×", "(×)")
REJECT_MARKS: Final = "✗✘✖❌❎🚫⛔"
_MARK = rf"[{REJECT_MARKS}]|(?<![^\s(\[])×(?=\s*(?:[)\],;:.!?—–-]|$))"
_NOT = r"(?:\s+not|n['’]?t)"
# the end of what a bare phrase rejects with ("— nope", "(NOT)", "but isn't", "– not this one";
# never "no doubt", "not the one with d2")
_ALONE = r"(?=\s*(?:[,;:!?.)\]—–]|$))"  # "is not", "isn't", "isnt"
# what a negated verdict says the answer is not ("is not correct", "can't be it")
_VERDICT = (
    r"(?:correct|right|true|valid|it|the\s+(?:answer|one|right\s+one|correct\s+one|case)"
    r"|this\s+one|that\s+one)"
)
# a phrase that rejects what it is said of: a verdict negated, a verb of holding negated, a
# word that rules it out ("a trap", "ruled out"), or a bare "no", "not", "isn't"
REJECTING: Final = (
    rf"(?:(?:is|was|are|be){_NOT}|['’]s\s+not|ain['’]?t)\s+{_VERDICT}|not\s+{_VERDICT}{_ALONE}"
    rf"|(?:can['’]?t|cannot|can\s+not|(?:could|must|should|would|will){_NOT}|won['’]?t)"
    rf"\s+be\s+{_VERDICT}"
    rf"|(?:does|do|did|will|would){_NOT}\s+(?:hold|work|apply|fit)|won['’]?t\s+(?:hold|work|apply)"
    r"|(?:(?:is|was|are|['’]s)\s+)?(?:untrue|bogus|rejected|ruled\s+out|eliminated|excluded"
    r"|a\s+(?:trap|red\s+herring|distractor|decoy))"
    rf"|fails?|failed|(?:is|was|['’]s)\s+out{_ALONE}"
    rf"|(?:(?:is|was|are){_NOT}|['’]s\s+not|no|nope|nah|not|never){_ALONE}"
)
# what may stand before it as its subject: the answer itself ("which is not correct", "it fails")
_SUBJECT = r"(?:(?:it|this|that|which|this\s+one|that\s+one|this\s+(?:option|choice|answer))\s+)?"
# where a remark breaks into clauses: punctuation, brackets, a dash, "but"
_CLAUSE_RE = re.compile(r"[,;:!?()\[\]—–]|\.(?=\s|$)|\s-+\s|(?<![\w'’])but(?![\w'’])", re.I)
_REJECTING_RE = re.compile(
    rf"\s*{_SUBJECT}(?:{REJECTING}|(?:{'|'.join(sorted(TAKE_BACK))}))(?![\w'’])", re.I
)
_MARK_RE = re.compile(_MARK)
# a phrase rejecting what it is said of, as a pattern to put after another answer's name
# ("b ❌", "a is not right"): that answer's rejection, not this one's
REJECTED_PATTERN: Final = (
    rf"\s*(?:{_MARK}|(?:(?:is|was|are)\s+)?(?:{REJECTING}|{'|'.join(sorted(TAKE_BACK))})(?![\w'’]))"
)


def rejection(remark: str) -> str | None:
    """What, in ``remark`` (the words right after an answer), rejects that answer, or None: a
    cross mark anywhere (``REJECT_MARKS``; a lone "×"), or a clause that rejects what it is said
    of ("is not correct", "isn't right", "can't be it", "does not hold", "fails", "won't work",
    "is ruled out", "is a trap", "seems right but isn't", a take-back word, a bare "no", "nope",
    "NOT") with the answer as its subject (none, "it", "this one", "which"). A clause saying
    something else is negated is no rejection ("the loss does not blow up", "not worse", "not
    (b)", "no doubt"), nor is one that opens with a reason ("because it does not …")."""
    mark = _MARK_RE.search(remark)
    if mark is not None:
        return mark.group(0)
    # the clauses, the one after "but" included ("seems right but isn't", "tempting, but not it")
    breaks = [i for m in _CLAUSE_RE.finditer(remark) for i in (m.start(), m.end())]
    bounds = [0, *breaks, len(remark)]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        m = _REJECTING_RE.match(remark[a:b].strip())
        if m is None:
            continue
        found = " ".join(m.group(0).split())
        if found.lower() == "not" and re.match(r"\s*[(\[]", remark[b:]):
            continue  # "(c), not (b)": what the answer is not, a contrast
        return found
    return None


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
