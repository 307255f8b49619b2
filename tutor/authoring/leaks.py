"""Texts that give an answer away, found by reading the math in them as a student's answer.

Everything a student reads before a box is solved (a part's title, statement, notes on the
handout and explanation prompt, a box's prompt, its hints but the last, the feedback of a
wrong or partly right answer, and the reference cards, which open before any box is solved:
``card_texts``) must not contain, in any form, an answer of a box of its part.
Texts shown once a box is solved (its last hint, its feedback for a correct answer, the choices'
texts) must not contain the answer of another box of the part. The blocks and distractors of a
proof box's pool are shown once the boxes of its ``after`` are solved (the set the loader gives
every proof box, explicit or by default): they must not contain the answer of any other box of
its problem (``pool_texts``).

The math is found by ``math_spans``: code spans, ``$…$``, the members of an equation (both sides
of ``=`` or ``≈``), the value after "is", "is just", "gives" or "equals" (its words read as
symbols and digits: "twelve times three" is ``12 * 3``), an order said in words ("grows like
√d₁" is ``Θ(√d₁)``), runs of formula-like words ("c·d1·√(2/π)"), and in hints of number and
count boxes the numbers, in digits or in words ("it comes to ninety", "a hundred and twenty").
A proof box's orders are read by the grader's own reader, word by word, and each run of keys
is graded by the box (``proof_order``): "s then w then c then t", "s-w-c-t" and "swct" are
found as ``grade`` reads them. Each span is then graded by
the box itself (``check(box, span)``: the box's reader and the equivalence engine), so
``1/(d1·√(2/π))`` in a hint is found where the key is ``√(π/2)/d1``. A span is a leak when the
box grades it correct, or partly right for a reason that leaves only the wrapping to find
(``gives_away``: the integrand without its E[…], a decimal or a bound of a number; for another
box of the text's own part, its known near miss with the constant, "(2/π)d1²" for 1b's value).
Two more forms are read (trial-tui3): a count box's key times one of its givens ("20·20 +
10·10 = 10·t" holds 5a's 20 fwd times the 20 ns of one; ``_count_times_given``), and a formula
with a name the box does not know, renamed to one of the box's parameters (4d's key written
with μ for θ; ``_renamed``).

Only the standard library is imported at the top; ``check`` brings the checker, and
``proof_order`` the proof reader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal

from tutor.authoring.report import one_line
from tutor.checking.verdict import CheckFn, VerdictLike
from tutor.content.model import BoxSpec, Content, Part
from tutor.notes import (
    APPROXIMATE,
    COARSE_LIMIT,
    INTEGRAND_ONLY,
    SHORT_LIMIT,
    WEAKER_BOUND,
)

MAX_SPAN = 60  # longer pieces of text are sentences, not formulas
MAX_SPANS_PER_TEXT = 40


How = Literal["literal", "code", "math", "member", "value", "formula", "number", "choice", "letter"]


@dataclass(frozen=True)
class Span:
    """A piece of a text that could be an answer, and how it was found."""

    text: str
    start: int  # offset in the text
    how: How
    said: str = ""  # the words ``text`` stands for, when the text says it in words ("plus")


# -- finding the math in a text ---------------------------------------------------------------

_CODE_RE = re.compile(r"(`+)(.+?)\1", re.S)
_DOLLAR_RE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.S)
# a value after 'is', 'are', 'gives', 'equals', 'answer:' up to the end of its clause
_VALUE_RE = re.compile(
    r"\b(?:(?:answer|result)\s+(?:is|was)|is|are|answer|gives|equals|becomes)\b:?\s+"
    r"(?:(?:just|simply|exactly|only|precisely|again|then|still|always|clearly)\s+)*"
    r"(.{1,50}?)\s*"
    r"(?=[,;!?]|\.(?:\s|$)|$|\s(?:so|and|which|because|for|when|where|if)\s)",
    re.M,
)
# an order of growth said in words: "it grows like √d₁", "scales as d1", "∝ d1"
_GROWS_RE = re.compile(
    r"(?:\b(?:grows?|growing|scales?|scaling|behaves?|goes)\s+(?:like|as)|∝"
    r"|\bproportional\s+to|\bon\s+the\s+order\s+of)\s+(.{1,40}?)\s*"
    r"(?=[,;!?]|\.(?:\s|$)|$|\s(?:so|and|which|because|for|when|where|if)\s)",
    re.M,
)
_NUMBER_RE = re.compile(
    r"(?<![\w.^_₀-₉⁰-⁹])(\d+(?:\.\d+)?)(?:\s*(ns|μs|us|ms|s|ps|[A-Za-z]+))?(?![\w.]?\d)"
)
# a choice's letter: "(a)", or a bare letter that ends its clause after "answer is", "option",
# "choose", "pick" ("The answer is a.", "Choose a."; never "a function of", "pick a value")
_CHOICE_RE = re.compile(
    r"\(([a-z])\)|\b(?i:option|choice)\s+\(?([a-z])\b\)?"
    r"|\b(?i:answer(?:\s+is)?|choose|pick|select|go\s+with|take)\s+\(?([a-z])\b\)?"
    r"(?=\s*(?:[.,;:!?)]|$))"
)
# characters that make a word part of a formula
_MATH_CHARS = frozenset(
    "0123456789=+-*/^()[]{}|<>≤≥−·×÷√∛πΣσμθηΘΩ∇∂‖²³¹⁰⁴⁵⁶⁷⁸⁹⁻⁺ⁿ₀₁₂₃₄₅₆₇₈₉ℓ′ᵀ½∼~≈∞_"
)
_WORD_RE = re.compile(r"\S+")
_EDGE_PUNCT = ".,;:!?"
_BUILTIN_NAMES = frozenset(
    "pi sqrt log ln exp E Theta O Omega theta sigma mu eta nabla grad sum".split()
)
_NAME_RE = re.compile(r"[A-Za-zΑ-ω][A-Za-z0-9_{}Α-ω₀-₉′]*")
_MEMBER_SPLIT_RE = re.compile(r"\s*(?:=|≈|≤|≥|⩽|⩾)\s*")


def _mathy(word: str, names: frozenset[str]) -> bool:
    core = word.strip(_EDGE_PUNCT + "()[]{}")  # "(or" is a word in brackets, not math
    if not core:
        # a bracket standing alone closes (or opens) the formula next to it: "… p_μ(x) ]."
        return any(ch in "()[]{}" for ch in word)
    if any(ch in _MATH_CHARS for ch in core):
        return True
    return core in names or (len(core) == 1 and core.isalpha())


def _balanced(text: str) -> str:
    """``text`` without the unmatched brackets at its ends (a formula cut out of a sentence)."""
    pairs = (("(", ")"), ("[", "]"), ("{", "}"))
    changed = True
    while changed and text:
        changed = False
        for o, c in pairs:
            if text.count(o) > text.count(c) and text.startswith(o):
                text, changed = text[1:].strip(), True
            elif text.count(c) > text.count(o) and text.endswith(c):
                text, changed = text[:-1].strip(), True
    return text.strip(_EDGE_PUNCT + " ")


def _formulas(text: str, names: frozenset[str]) -> Iterator[Span]:
    """Runs of formula-like words, and the members of the equations among them."""
    run: list[re.Match] = []

    def flush() -> Iterator[Span]:
        if not run:
            return
        start, end = run[0].start(), run[-1].end()
        piece = text[start:end]
        stripped = _balanced(piece)
        if stripped:
            offset = start + max(piece.find(stripped), 0)
            parts = _MEMBER_SPLIT_RE.split(stripped)
            if len(parts) > 1:
                pos = offset
                for member in parts:
                    member_clean = _balanced(member)
                    at = text.find(member_clean, pos) if member_clean else -1
                    if member_clean:
                        yield Span(member_clean, at if at >= 0 else offset, "member")
                        pos = max(pos, at)
            yield Span(stripped, offset, "formula")  # the whole, after its members

    for m in _WORD_RE.finditer(text):
        if _mathy(m.group(0), names):
            run.append(m)
        else:
            yield from flush()
            run = []
    yield from flush()


# the arithmetic a value after "is" may say in words (not "over": "the sum over i")
_WORD_OPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s+divided\s+by\s+"), " / "),
    (re.compile(r"\s+plus\s+"), " + "),
    (re.compile(r"\s+minus\s+"), " - "),
    (re.compile(r"\s+times\s+"), " * "),
)


_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {w: n for n, w in enumerate(_UNITS_WORDS)} | {
    w: 10 * (n + 2) for n, w in enumerate(_TENS_WORDS)
}
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# "forty-five", "three hundred and twelve", "two thousand": one number said in words
_SMALL = rf"(?:{_NUMBER_WORD})(?:[-\s](?:{_NUMBER_WORD}))?"  # "forty-five", "twelve"
_SCALE = r"(?:hundred|thousand|million)"
_SCALED = rf"(?:{_SMALL})\s+{_SCALE}(?:\s+{_SCALE})*"  # "three hundred", "one hundred thousand"
# "forty-five", "three hundred and twelve", "a hundred and twenty", "two thousand five hundred":
# one number said in words
_NUMBER_WORDS_RE = re.compile(
    rf"\b(?:(?:{_SCALED}|a\s+{_SCALE}(?:\s+{_SCALE})*)(?:\s+(?:and\s+)?{_SCALED})*"
    rf"(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})\b",
    re.I,
)


def _word_number(words: str) -> str:
    """The digits of a number said in words ("forty-five" → "45"), or the words as they are."""
    total = current = 0
    for w in re.split(r"[-\s]+", words.lower()):
        if w in ("and", "a"):
            continue
        if w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * (1000 if w == "thousand" else 1_000_000)
            current = 0
        elif w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        else:
            return words
    return str(total + current)


def _in_symbols(text: str) -> str:
    """A value said with the words plus, minus, times, divided by, written with ``+ - * /``,
    and its numbers said in words written in digits (the box then grades what the words say)."""
    for word, op in _WORD_OPS:
        text = word.sub(op, text)
    return _NUMBER_WORDS_RE.sub(lambda m: _word_number(m.group(0)), text)


def math_spans(
    text: str, names: frozenset[str] = frozenset(), *, numbers: bool = False, choices: bool = False
) -> list[Span]:
    """The pieces of ``text`` that could be an answer (see the module docstring), in order of
    how sure they are to be math, without repeats. ``names`` are the box's own names (its
    symbols and functions), which make a word part of a formula; ``numbers`` adds the bare
    numbers (with a unit word after them, if any), ``choices`` the choice letters."""
    found: list[Span] = []
    names = names | _BUILTIN_NAMES
    for m in _CODE_RE.finditer(text):
        found.append(Span(m.group(2).strip(), m.start(2), "code"))
    bare = _CODE_RE.sub(lambda m: " " * len(m.group(0)), text)
    for m in _DOLLAR_RE.finditer(bare):
        found.append(Span(m.group(1).strip(), m.start(1), "math"))
    for m in _VALUE_RE.finditer(bare):
        found.append(Span(_balanced(m.group(1)), m.start(1), "value"))
        said = _in_symbols(m.group(1))
        if said != m.group(1):  # "the total is d₁d₂ plus d₂": the value said in words
            found.append(Span(_balanced(said), m.start(1), "value", _balanced(m.group(1))))
    for m in _GROWS_RE.finditer(bare):  # "it grows like √d₁": the order Θ(√d₁)
        value = _balanced(_in_symbols(m.group(1)))
        found.append(Span(f"Θ({value})", m.start(1), "value", _balanced(m.group(0))))
    if choices:
        for m in _CHOICE_RE.finditer(bare):
            if m.group(1) or m.group(2):
                found.append(Span(m.group(1) or m.group(2), m.start(), "choice"))
            else:  # a bare letter after a verb: a choice, unless it names a quantity
                found.append(Span(m.group(3), m.start(), "letter"))
    found += _formulas(bare, names)
    if numbers:
        for m in _NUMBER_RE.finditer(bare):
            found.append(Span(m.group(0).strip(), m.start(), "number"))
            if m.group(2):
                found.append(Span(m.group(1), m.start(), "number"))
        # a number said in words anywhere ("it comes to ninety", "you get a hundred and
        # twenty"), in digits: the box's checker judges it as it judges the digits
        for m in _NUMBER_WORDS_RE.finditer(bare):
            digits = _word_number(m.group(0))
            if digits != m.group(0):
                found.append(Span(digits, m.start(), "number", m.group(0)))
    out: list[Span] = []
    seen: set[str] = set()
    for span in found:
        key = " ".join(span.text.split())
        if not key or len(key) > MAX_SPAN or key in seen:
            continue
        seen.add(key)
        out.append(Span(key, span.start, span.how, " ".join(span.said.split())))
    return out[:MAX_SPANS_PER_TEXT]


# -- which texts, against which boxes ---------------------------------------------------------

# before: shown before the box is solved; after: only once it is (its own answer may be there)
When = Literal["before", "after"]


@dataclass(frozen=True)
class ShownText:
    """A text a student reads, where it is, and whose answers it must not show."""

    file: str
    path: tuple
    text: str
    what: str  # "the statement", "hint 2", ...
    boxes: tuple[str, ...]  # the boxes whose answers it must not contain
    setup: bool = False  # a text that sets the problem up: its bare numbers are the data
    pool_of: str | None = None  # the proof box whose pool shows it (a block or a distractor)
    # boxes of other parts: out of their part's context a bare number, name or choice letter,
    # or an answer as plain as "1", "d1" or Θ(1), is a coincidence, not their answer
    remote: frozenset[str] = frozenset()


def shown_texts(content: Content, parts: Collection[str] | None = None) -> Iterator[ShownText]:
    """Every text a student can read before a box of its part is solved, with those boxes
    (of the parts named by ``parts``, or of every part)."""
    for problem in content.problems:
        f = problem.source
        for i, part in enumerate(problem.parts):
            if parts is not None and part.id not in parts:
                continue
            p = ("parts", i)
            boxes = part.boxes
            if not boxes:
                continue
            # a title is short: a value it states is a claim, never the problem's data
            yield ShownText(f, p + ("title",), part.title, "the part's title", boxes)
            yield ShownText(f, p + ("statement",), part.statement, "the statement", boxes, True)
            for j, note in enumerate(part.errata):
                yield ShownText(f, p + ("errata", j), note, "a note on the handout", boxes, True)
            if part.explain is not None:
                yield ShownText(
                    f, p + ("explain", "prompt"), part.explain.prompt, "the explanation prompt",
                    boxes, True,
                )  # fmt: skip
            for box_id in boxes:
                yield from _box_texts(content.boxes[box_id], f, boxes, _partners(content, box_id))
                if content.boxes[box_id].kind == "proof":
                    yield from pool_texts(content, box_id, f)
    yield from other_part_texts(content, parts)
    yield from card_texts(content, parts)


def other_part_texts(content: Content, parts: Collection[str] | None = None) -> Iterator[ShownText]:
    """Every text of a part (of the parts named by ``parts``, or of every part), read against
    the boxes of the other parts of its problem, which the student may not have solved (the
    parts of a problem build on each other; another problem's statement or a card may give
    the same fact as data, as 1c's statement gives the RMS→RMS factor 3c derives): its title,
    statement, notes and explanation prompt, its worked solution and key points (shown once
    the part is solved, or whenever the student asks for them), its boxes' prompts, hints and
    feedback. A student may open 4c and ask for its worked solution before solving 4b, so 4c's
    texts refer to "your result from (b)" and never state it. Read as texts of another part
    are (``remote``): a bare number, name or choice letter there, or an answer as plain as
    "1", "d1" or Θ(1), is a coincidence; a formula another box grades correct gives it away.
    A derivation and the value box its last line is judged by (``_partners``) share an
    answer, so a text of the one may state it."""
    for problem in content.problems:
        f = problem.source
        every = [(p.id, b) for p in problem.parts for b in p.boxes if b in content.boxes]
        for i, part in enumerate(problem.parts):
            if parts is not None and part.id not in parts:
                continue
            own = set(part.boxes)
            for box_id in part.boxes:
                if box_id in content.boxes:
                    own |= _partners(content, box_id)
            listed = {b for pid, b in every if pid != part.id and b not in own}
            # a derivation is graded as its value box: that one is asked once
            others = tuple(
                dict.fromkeys(
                    b
                    for pid, b in every
                    if b in listed and not _graded_as_another(content, b, listed)
                )
            )
            if not others:
                continue
            remote = frozenset(others)
            for path, text, what in _part_texts(content, part, ("parts", i)):
                if text:
                    yield ShownText(f, path, text, what, others, remote=remote)


def _graded_as_another(content: Content, box_id: str, listed: Collection[str]) -> bool:
    """Whether ``box_id`` is a derivation judged by a value box among ``listed``."""
    target = content.boxes[box_id].target_box
    return content.boxes[box_id].kind == "derivation" and target is not None and target.id in listed


def _part_texts(content: Content, part: Part, p: tuple) -> Iterator[tuple[tuple, str, str]]:
    """(path, text, what) for every text of ``part`` (at ``p`` in its file) and its boxes but
    the choices' texts (alternatives, most of them wrong) and a proof's pool (``pool_texts``)."""
    yield p + ("title",), part.title, "the part's title"
    yield p + ("statement",), part.statement, "the statement"
    for j, note in enumerate(part.errata):
        yield p + ("errata", j), note, "a note on the handout"
    yield p + ("solution",), part.solution, "the worked solution"
    yield p + ("reading",), part.reading, "the reading taken (shown with the solution)"
    if part.explain is not None:
        yield p + ("explain", "prompt"), part.explain.prompt, "the explanation prompt"
        for j, point in enumerate(part.explain.points):
            yield p + ("explain", "points", j), point, f"key point {j + 1}"
    for box_id in part.boxes:
        box = content.boxes.get(box_id)
        if box is None:
            continue
        b = ("boxes", box_id)
        yield b + ("prompt",), box.prompt, f"{box_id}'s prompt"
        for j, hint in enumerate(box.hints):
            yield b + ("hints", j), hint, f"hint {j + 1} of {box_id}"
        yield b + ("feedback",), box.feedback, f"the feedback of {box_id}"
        yield b + ("order_feedback",), box.order_feedback, f"the right-order feedback of {box_id}"
        for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
            for j, r in enumerate(readings):
                what = "accepted reading" if key == "accept" else "mistake"
                yield (
                    b + (key, j, "feedback"),
                    r.feedback,
                    f"the feedback of {box_id}'s {what} {r.note}",
                )


def card_texts(content: Content, parts: Collection[str] | None = None) -> Iterator[ShownText]:
    """The reference cards, which a student can open before any box is solved, read against
    every box (of the parts named by ``parts``, or of every part) as a text of another part is
    (``remote``): a card quotes a paper's facts, so a bare number or name there, or a phrase
    as plain as "of order one" or a table cell "1", is the paper's data; a formula that a box
    grades correct ("E[RMS²] = …") gives that box away."""
    every = tuple(
        b
        for p in content.parts()
        if parts is None or p.id in parts
        for b in p.boxes
        if b in content.boxes
    )
    if not every:
        return
    for card_id, card in content.cards.items():
        c = ("cards", card_id)
        for key, text in (("title", card.title), ("body", card.body)):
            what = f"card '{card_id}' ({'its title' if key == 'title' else 'its text'})"
            yield ShownText(card.source, c + (key,), text, what, every, remote=frozenset(every))


def unsolved_with_pool(content: Content, proof_id: str) -> tuple[str, ...]:
    """The boxes that may be unsolved when proof box ``proof_id`` shows its pool: every box of
    every part of its problem but the proof itself, the boxes of its ``after`` (as the loader resolved it, the
    default included) and their partners (a derivation and its value box share an answer). A
    derivation whose value box is in the list is left out: it is graded as that box."""
    known = set(content.boxes[proof_id].after or ()) | {proof_id}
    for other in list(known):
        if other in content.boxes:
            known |= _partners(content, other)
    # a student sees the pool while working on its problem: a phrase that reads like the answer
    # of another problem's box ("divide by √(d₁d₂)") gives nothing of that problem away
    home = next((q for q in content.problems if any(proof_id in p.boxes for p in q.parts)), None)
    scope = home.parts if home is not None else content.parts()
    out = [b for part in scope for b in part.boxes if b in content.boxes]
    out = [b for b in dict.fromkeys(out) if b not in known]
    listed = set(out)
    return tuple(b for b in out if not _graded_as_another(content, b, listed))


def pool_texts(content: Content, proof_id: str, f: str) -> Iterator[ShownText]:
    """The texts of proof box ``proof_id``'s pool (its blocks and distractors, in file ``f``),
    with the boxes whose answers they must not state (``unsolved_with_pool``)."""
    box = content.boxes[proof_id]
    unsolved = unsolved_with_pool(content, proof_id)
    if not unsolved:
        return
    home = next((p.boxes for p in content.parts() if proof_id in p.boxes), ())
    remote = frozenset(x for x in unsolved if x not in home)
    b = ("boxes", proof_id)
    texts = [("block", ("blocks", j), x.key, x.text) for j, x in enumerate(box.blocks)]
    texts += [
        ("distractor", ("distractors", j), x.key, x.text) for j, x in enumerate(box.distractors)
    ]
    for kind, path, key, text in texts:
        what = f"{kind} '{key}' of {proof_id}'s pool"
        yield ShownText(f, b + path, text, what, unsolved, pool_of=proof_id, remote=remote)


def _partners(content: Content, box_id: str) -> frozenset[str]:
    """The boxes with the same answer as ``box_id``: a derivation and the value box its last
    line is judged by. What may show one's answer (its last hint, its feedback) may show the
    other's."""
    box = content.boxes[box_id]
    out = set()
    if box.kind == "derivation" and box.target_box is not None:
        out.add(box.target_box.id)
    for other in content.boxes.values():
        if other.kind == "derivation" and other.target_box is not None:
            if other.target_box.id == box_id:
                out.add(other.id)
    return frozenset(out)


def _box_texts(
    box: BoxSpec, f: str, part_boxes: tuple[str, ...], partners: frozenset[str] = frozenset()
) -> Iterator[ShownText]:
    b = ("boxes", box.id)
    others = tuple(x for x in part_boxes if x != box.id and x not in partners)
    yield ShownText(f, b + ("prompt",), box.prompt, "the box's prompt", part_boxes, True)
    for j, hint in enumerate(box.hints):
        last = j == len(box.hints) - 1
        # the last hint may give this box's answer, not another box's
        yield ShownText(f, b + ("hints", j), hint, f"hint {j + 1}", others if last else part_boxes)
    # (a choice's text is not checked: choices are alternatives, most of them wrong, so one
    # that reads like another box's answer states nothing)
    if box.feedback:  # shown with a correct answer
        # a proof is answered from its pool, shown once the boxes of its after are solved
        solved = set(box.after or ()) if box.kind == "proof" else set()
        shown_with = tuple(x for x in others if x not in solved)
        yield ShownText(f, b + ("feedback",), box.feedback, "the feedback", shown_with)
    if box.order_feedback and box.order != "correct":
        yield ShownText(
            f, b + ("order_feedback",), box.order_feedback, "the right-order feedback", part_boxes
        )
    for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
        for j, r in enumerate(readings):
            if not r.feedback:
                continue
            what = (
                f"the feedback of {'accepted reading' if key == 'accept' else 'mistake'} {r.note}"
            )
            # an accepted reading, even a partly right one, may give this box's exact form (1/d1
            # in 1b: "right scaling; the exact constant is …"); a mistake's feedback may not
            targets = others if key == "accept" else part_boxes
            yield ShownText(f, b + (key, j, "feedback"), r.feedback, what, targets)


# -- the check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """A span of a shown text that a box of its part grades correct."""

    text: ShownText
    span: Span
    box_id: str
    note: str  # the note the box gave it (correct, accept:...)


def _names(box: BoxSpec) -> frozenset[str]:
    return frozenset(
        [s.name for s in box.symbols] + list(box.functions) + [n for n, _ in box.definitions]
    )


def _only_a_name(text: str) -> bool:
    return bool(_NAME_RE.fullmatch(text))


_ORDER_MARK_RE = re.compile(r"Θ|Ω|\\Theta|\\Omega|\bTheta\b|\bOmega\b|\bO\s*\(|[~∼]|\border\b")
_BARE_NUMBER_RE = re.compile(r"[\d.,\s]+")


def _worth_trying(box: BoxSpec, span: Span, setup: bool) -> bool:
    """Whether ``box`` could grade ``span`` correct in a way that gives something away."""
    text = span.text
    if box.kind == "choice":
        return span.how in ("choice", "letter", "code", "value") and len(text) <= 40
    has_digit = any(ch.isdigit() for ch in text)
    if box.kind in ("number", "count"):
        if not has_digit:
            return False
        if (
            setup
            and span.how in ("number", "formula", "member")
            and re.fullmatch(r"[\d.,\s]+", text)
        ):
            return False  # the problem's own data ("10 layers")
        return True
    if span.how == "number":
        return False
    if box.kind == "order" and not _ORDER_MARK_RE.search(text):
        # every expression has an order: only a stated order (Θ(…), ~ …) tells one
        return False
    if _only_a_name(text):
        # naming a variable gives nothing away; only "… = d1" or `d1` in a hint states a value
        return span.how in ("member", "value", "code") and not setup
    if _BARE_NUMBER_RE.fullmatch(text):
        # "Condition 1", "10 layers": numbers in prose; "… = 1" or `1` in a hint states one
        return span.how == "code" or (span.how in ("member", "value") and not setup)
    return True


def _literal_answer(box: BoxSpec, text: str) -> Span | None:
    """The reference answer typed as is in ``text`` (when it is long enough to mean it)."""
    answer = " ".join(box.answer.split())
    if len(answer) < 4 or re.fullmatch(r"[\d.]+", answer) or box.kind == "choice":
        return None
    flat = " ".join(text.split())
    at = flat.find(answer)
    return Span(answer, max(text.find(answer.split()[0]), 0), "literal") if at >= 0 else None


def _graded_as(box: BoxSpec) -> BoxSpec | None:
    """The box whose answers a text must not give away: a derivation's value box (one line of
    working is never a derivation's answer, its value is), none for a proof (its answer is an
    order of blocks, which math in a text cannot state)."""
    if box.kind == "proof":
        return None
    if box.kind == "derivation":
        if box.target_box is None:
            return None
        from dataclasses import replace

        return replace(box.target_box, hints=box.hints)
    return box


_PLAIN_ANSWER_RE = re.compile(
    r"\s*(?:(?:Theta|Θ|O|Omega|Ω)\s*\(\s*)?(?:[\d.]+|[A-Za-zΑ-ω][\w′]*)\s*\)?\s*"
)


def _plain_answer(box: BoxSpec) -> bool:
    """Whether ``box``'s answer is as plain as "1", "d1" or Θ(1) (or a choice letter)."""
    return box.kind == "choice" or bool(_PLAIN_ANSWER_RE.fullmatch(box.answer))


# -- what counts as giving an answer away ------------------------------------------------------

# a partly right verdict that still states the decisive part of the key: its integrand without
# the expectation ("f(μ + σz)" for E_z[f(μ + σz)]), the key as a decimal, as "about" or as a
# bound ("at most 50 ns", in a number or count box). Not both signs ("±η": texts write ± for
# "up to sign" in passing, as 1b's "±S"). Not an order of growth
# ("order:…", or a one-sided O(·): another box of the part may ask for the order itself, and
# knowing it is less than knowing the value), an accepted weaker reading ("accept:…", such as the
# right scaling 1/d1 of an exact constant), or a derivation's note (a line of working).
_DECISIVE_PARTIALS = frozenset((INTEGRAND_ONLY, "decimal", SHORT_LIMIT, COARSE_LIMIT, APPROXIMATE))


_EXPONENT_RE = re.compile(r"\^\s*\(?\s*[\d.]+\s*\)?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][\w′]*")


def _has_constant(text: str) -> bool:
    """Whether a formula carries a constant factor of its own (a digit, π, a root), not only
    powers of its names: "(2/π)d1²" does, "d1²" (an order said plainly) does not."""
    if re.search(r"[π√]|\b(?:pi|sqrt)\b", text):
        return True
    bare = _IDENTIFIER_RE.sub("", _EXPONENT_RE.sub("", text))
    return any(ch.isdigit() for ch in bare)


def gives_away(
    v: VerdictLike, box: BoxSpec | None = None, *, sibling: bool = False, text: str = ""
) -> bool:
    """Whether a box's verdict on a piece of a text means the text gives its answer away:
    the box grades it correct, or partly right for a reason that leaves nothing to find but
    the wrapping (``_DECISIVE_PARTIALS``, a number's bound). For a ``sibling``, a box of the
    text's own part other than the box the text belongs to, a known mistake graded partly
    right counts too: the boxes of a part are steps of one computation, and a sibling's near
    miss ("(2/π)d1²", the leading term of 1b's value, in the Θ box's hint) states most of its
    answer, when it carries its constant. Across parts (or for the box's own mistakes, which its
    feedback names) a partly right mistake is often another approach (4a's pathwise ∇f(x)),
    not a near miss."""
    if v.verdict == "correct":
        return True
    if v.verdict != "partial":
        return False
    if v.note == WEAKER_BOUND:
        return box is not None and box.kind in ("number", "count")
    if v.note in _DECISIVE_PARTIALS:
        return True
    # a sibling's near miss with its constant ("(2/π)d1²"); a bare power ("d1²", graded as a
    # wrong constant) only says the order, which an order box of the part may ask for itself
    return sibling and v.note.startswith("mistake:") and _has_constant(text)


# a count times a number: "20·20", "20 fwd × 20 ns", "4*15"
_PRODUCT_RE = re.compile(
    r"(?<![\w.^_₀-₉⁰-⁹])(\d+(?:\.\d+)?)(?:\s*[A-Za-z]+)?\s*[·×*⋅]\s*(\d+(?:\.\d+)?)(?![\w.]?\d)"
)
COUNT_TIMES_GIVEN = "count-times-given"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _count_times_given(box: BoxSpec, text: str) -> Span | None:
    """A product in ``text`` of a count box's key and one of its givens' values ("20·20 +
    10·10 = 10·t" holds 5a's 20 fwd times the 20 ns of a fwd): the count substituted into an
    expression of the question's data. A count stated on its own is a coincidence in another
    part's text (a bare number there is the data of that part); put next to the cost it
    multiplies, it is the answer."""
    if box.kind != "count" or not box.givens:
        return None
    key = _number(box.answer.strip())
    if key is None:
        return None
    givens = {_number(v) for _, v in box.givens} - {None}
    for m in _PRODUCT_RE.finditer(text):
        a, b = _number(m.group(1)), _number(m.group(2))
        for count, cost in ((a, b), (b, a)):
            # a key that is also one of the question's numbers (5a's 20 fwd at 20 ns a fwd)
            # times another of them ("5 · 30", t_mem times K − 1 in a variant where 30 is both
            # t_fwd and the count) is read as the data; the key times itself is the count
            if count == key and cost in givens and (count not in givens or count == cost):
                return Span(" ".join(m.group(0).split()), m.start(), "formula")
    return None


# the name an unknown-name verdict quotes ("I don't know the name 'mu'", "'sigma' … looks like
# a word"): the first name in quotes
_UNKNOWN_NAME_RE = re.compile(r"'([A-Za-zΑ-ω][\w]*)'")
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "psi": "ψ", "omega": "ω",
}  # fmt: skip
RENAMED = "renamed"


def _renamed(
    box: BoxSpec,
    span: Span,
    v: VerdictLike,
    check: CheckFn,
    graded: dict[tuple[str, str], VerdictLike],
) -> tuple[Span, str] | None:
    """``span`` with its one name the box does not know renamed to a parameter of the box that
    the span does not use, when the box then grades it correct: "E_{x∼p_μ}[f(x) ∇_μ log p_μ(x)]"
    in 4a states 4d's "E_{x∼p_θ}[f(x) ∇_θ log p_θ(x)]" with μ for θ. Only a one-letter name
    (Latin or Greek) is renamed, to a one-letter symbol of the box."""
    if v.verdict != "invalid" or v.note != "invalid:unknown-name":
        return None
    m = _UNKNOWN_NAME_RE.search(v.feedback)
    if m is None:
        return None
    name = m.group(1)
    forms = {name, _GREEK.get(name, name)}
    if not any(len(f) == 1 for f in forms):
        return None
    pattern = re.compile(
        "|".join(rf"(?<![A-Za-zΑ-ω]){re.escape(f)}(?![A-Za-zΑ-ω])" for f in sorted(forms))
    )
    if not pattern.search(span.text):
        return None
    # a formula in the box's own language but for one name: it uses another of the box's
    # symbols or functions (a lone name renamed to the key is no statement of it)
    known = {s.name for s in box.symbols} | set(box.functions)
    known |= {_GREEK[n] for n in known if n in _GREEK}
    used = set(_NAME_RE.findall(pattern.sub(" ", span.text)))
    if not used & known:
        return None
    for symbol in box.symbols:
        new = _GREEK.get(symbol.name, symbol.name)
        if len(new) != 1 or new in forms or re.search(rf"(?<![A-Za-zΑ-ω]){new}", span.text):
            continue
        text = pattern.sub(new, span.text)
        key = (box.id, text)
        if key not in graded:
            graded[key] = check(box, text)
        if graded[key].verdict == "correct":
            said = f"{span.text} with {sorted(forms, key=len)[0]} for {new}"
            return Span(text, span.start, span.how, said), RENAMED
    return None


def _own_boxes(content: Content, shown: ShownText) -> frozenset[str]:
    """The box a text belongs to (a hint's, a feedback's) and its partners, or none for a
    part's text or a proof's pool."""
    if shown.pool_of is not None or shown.path[:1] != ("boxes",) or len(shown.path) < 2:
        return frozenset()
    box_id = shown.path[1]
    if box_id not in content.boxes:
        return frozenset()
    return frozenset({box_id}) | _partners(content, box_id)


def find_leaks(
    content: Content,
    check: CheckFn,
    parts: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> Iterator[Leak]:
    """Every span of a shown text that a box of its part grades correct (at most one per text
    and box: the first, most certainly math, span). The boxes in ``skip`` (whose reading did
    not finish) are not asked."""
    graded: dict[tuple[str, str], VerdictLike] = {}

    @functools.cache
    def part_names(boxes: tuple[str, ...]) -> frozenset[str]:
        """The names the boxes of a text's part use (a letter among them is a quantity)."""
        return frozenset().union(*(_names(content.boxes[b]) for b in boxes if b in content.boxes))

    for shown in shown_texts(content, parts):
        own = _own_boxes(content, shown)
        for box_id in shown.boxes:
            if box_id in skip:
                continue
            if content.boxes[box_id].kind == "proof" and shown.pool_of is None:
                order = proof_order(content.boxes[box_id], shown.text, check, graded)
                if order is not None:
                    yield Leak(shown, order, box_id, "correct")
                continue
            box = _graded_as(content.boxes[box_id])
            if box is None:
                continue
            remote = box_id in shown.remote
            sibling = not remote and box_id not in own
            product = _count_times_given(box, shown.text)
            if product is not None:
                yield Leak(shown, product, box_id, COUNT_TIMES_GIVEN)
                continue
            if remote and _plain_answer(box):
                continue
            setup = shown.setup or remote
            spans = math_spans(
                shown.text,
                _names(box),
                # a time with its unit in the statement, a note or a prompt ("… 80 ns") is
                # asked too; a bare number there is the problem's data (``_worth_trying``)
                numbers=box.kind == "number" or (box.kind == "count" and not setup),
                choices=box.kind == "choice" and not setup,
            )
            literal = _literal_answer(box, shown.text)
            if literal is not None:
                spans.insert(0, literal)
            for span in spans:
                if (
                    box.kind == "choice"
                    and span.how in ("letter", "value")
                    and span.text in part_names(shown.boxes)
                ):
                    continue  # "so the answer is c": the multiplier c, not choice (c)
                if span.how == "literal":  # the key as written: no need to ask
                    yield Leak(shown, span, box_id, "correct")
                    break
                if not _worth_trying(box, span, setup):
                    continue
                key = (box_id, span.text)
                if key not in graded:
                    graded[key] = check(box, span.text)
                v = graded[key]
                if gives_away(v, box, sibling=sibling, text=span.text):
                    yield Leak(shown, span, box_id, v.note)
                    break
                renamed = _renamed(box, span, v, check, graded)
                if renamed is not None:
                    yield Leak(shown, renamed[0], box_id, renamed[1])
                    break


def proof_order(
    box: BoxSpec, text: str, check: CheckFn, graded: dict[tuple[str, str], VerdictLike]
) -> Span | None:
    """An order of a proof box's blocks written out in ``text`` that the box grades correct.

    The candidates are found by the grader's own reader (``read_order``), word by word: a run
    of words each of which reads as keys ("s,", "swct", "s-w-c-t", "(s)") or as nothing but
    what the reader skips between keys ("then", "→", "-") is a sequence of keys; each piece of
    it from a key to a key, with as many keys as a correct order has, is graded by the box
    (``check``). So every form the grader accepts ("s then w then c then t", "s-w-c-t",
    "swct") is read as the grader reads it, and any correct order (not only the key's) is
    found."""
    from tutor.checking.proof.graph import graph
    from tutor.checking.proof.order import AnswerError, read_order

    g = graph(box)
    lengths = {len(g.blocks)}
    for r in box.accept:
        if r.verdict == "correct":
            try:
                lengths.add(len(read_order(r.answer, g)))
            except AnswerError:
                pass
    if max(lengths) < 2:
        return None
    # each word: the number of keys it reads as (0: a word the reader skips), or None
    words: list[tuple[re.Match[str], int | None]] = []
    for m in _WORD_RE.finditer(text):
        try:
            words.append((m, len(read_order(m.group(0), g))))
        except AnswerError as exc:
            words.append((m, 0 if exc.reason == "empty" else None))
    run: list[tuple[re.Match[str], int]] = []
    for at, (m, n) in enumerate(words):
        if n is not None:
            run.append((m, n))
            if at < len(words) - 1:
                continue
        found = _order_in_run(run, text, lengths, box, check, graded)
        if found is not None:
            return found
        run = []
    return None


def _order_in_run(
    run: list[tuple[re.Match[str], int]],
    text: str,
    lengths: set[int],
    box: BoxSpec,
    check: CheckFn,
    graded: dict[tuple[str, str], VerdictLike],
) -> Span | None:
    """The first piece of ``run`` (words read as keys) that ``box`` grades correct."""
    for i, (first, n_first) in enumerate(run):
        if not n_first:
            continue
        keys = 0
        for last, n_last in run[i:]:
            keys += n_last
            if keys > max(lengths):
                break
            if not n_last or keys not in lengths:
                continue
            piece = text[first.start() : last.end()]
            key = (box.id, piece)
            if key not in graded:
                graded[key] = check(box, piece)
            if graded[key].verdict == "correct":
                shown = " ".join(piece.split()).rstrip(_EDGE_PUNCT)  # "s e m r." says s e m r
                return Span(shown or piece, first.start(), "literal")
    return None


def describe(leak: Leak, content: Content) -> tuple[str, str, str]:
    """(expected, got, fix) for a leak, in validate's terms."""
    box = content.boxes[leak.box_id]
    t = leak.text
    expected = f"{t.what} not to show an answer to {leak.box_id}"
    reading = "" if leak.note in ("correct", RENAMED) else f" ({leak.note})"
    shown = leak.span.text
    if leak.note == RENAMED:
        shown = f"{leak.span.said.rsplit(' with ', 1)[0]!r},"
    elif leak.span.said:
        shown = f"{leak.span.said!r}, in symbols {shown!r},"
    else:
        shown = f"{shown!r},"
    if leak.note == COUNT_TIMES_GIVEN:
        got = (
            f"{t.what} contains {shown} {leak.box_id}'s key ({one_line(box.answer)}) "
            "times one of the question's numbers"
        )
    elif leak.note == RENAMED:
        renamed = leak.span.said.rsplit(" with ", 1)[-1]
        got = (
            f"{t.what} contains {shown} which {leak.box_id} grades correct with "
            f"{renamed} ({leak.span.text!r})"
        )
    elif leak.note.startswith("mistake:") or leak.note in _DECISIVE_PARTIALS | {WEAKER_BOUND}:
        got = (
            f"{t.what} contains {shown} which {leak.box_id} grades partly right{reading}: "
            "the decisive part of its answer"
        )
    else:
        got = f"{t.what} contains {shown} which {leak.box_id} grades correct{reading}"
    if t.pool_of is not None:
        kind = "block" if "blocks" in t.path else "distractor"
        expected = f"{t.what} not to state the answer of {leak.box_id}, unsolved when it is shown"
        fix = (
            f"add '{leak.box_id}' to after = [...] of {t.pool_of} (the pool then waits for it), "
            f"or reword the {kind}"
        )
    elif t.path[:1] != ("cards",) and leak.box_id in t.remote:
        home = next((p.id for p in content.parts() if leak.box_id in p.boxes), leak.box_id)
        expected = (
            f"{t.what} not to state the answer of {leak.box_id}, a box of another part, "
            "which the student may not have solved"
        )
        fix = f'refer to it as "your result from {home}" and teach the step without stating it'
    elif box.kind == "proof":
        expected = f"{t.what} not to give the order of {leak.box_id}'s blocks"
        got = f"{t.what} contains {leak.span.text!r}, the order of {leak.box_id}'s answer"
        fix = (
            "keep the order for the last hint; an earlier hint points to the next step "
            "(which block comes first, what follows from it)"
        )
    elif t.path[:1] == ("cards",):
        fix = (
            "a card opens before any box is solved: state the paper's facts without "
            f"{leak.box_id}'s answer, or move it to the box's last hint or its solution"
        )
    elif t.path[-2:-1] == ("hints",):
        fix = "keep the answer for the last hint; an earlier hint points to the next step"
    elif "feedback" in t.path:
        fix = (
            "say what is off and point to the step that fixes it, without the result; "
            f"the key of {box.id} is '{one_line(box.answer)}'"
        )
    else:
        fix = "use a made-up example (another number or expression) instead"
    return expected, got, fix


def count_checked(content: Content, parts: Collection[str] | None = None) -> int:
    """How many (text, box) pairs ``find_leaks`` looks at (for validate's counts)."""
    return sum(len(t.boxes) for t in shown_texts(content, parts))


__all__ = [
    "Leak",
    "ShownText",
    "Span",
    "count_checked",
    "describe",
    "find_leaks",
    "math_spans",
    "card_texts",
    "other_part_texts",
    "pool_texts",
    "shown_texts",
    "unsolved_with_pool",
]
