"""The one "read as": how an answer is read, the same before it is judged and after.

``read_as(box, answer)`` is the live preview (the UI runs it in the checker's worker process,
where it can be abandoned); ``read(box, answer)`` and ``shown(parsed, box)`` are what the judge
reads and puts in the verdict's ``interpreted``. Both go through the same reader, so the preview
of an answer is the verdict's ``interpreted`` for it: the answer as typed, normalized (never
simplified), with its bound, its unit or the box's noun, its distributions and its claims; for
a choice, the choice picked (by its letter, ``c)``, ``answer: c``, ``I'd go with c``, ``$c$``,
or by its text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from tutor.checking.choice_formulas import same_formula
from tutor.checking.choice_remarks import ChoiceReader
from tutor.inputlang import contrast
from tutor.inputlang.latextext import displayed, untexted, unwrapped
from tutor.inputlang.names import Names
from tutor.inputlang.pasted import as_typed, unpasted
from tutor.inputlang.pretty import pretty_name, show
from tutor.inputlang.reader import (
    CORRECTION_WORDS,
    box_names,
    normalize,
    parse_answer,
    unbold,
    with_givens,
)
from tutor.inputlang.rules import UNIT_DISPLAY, UNITS
from tutor.inputlang.takeback import rejection
from tutor.inputlang.values import FormulaError, Parsed, ParseError, check_length


@dataclass(frozen=True)
class ReadAs:
    """How an answer is read, before it is judged."""

    ok: bool
    text: str  # the reading when ok, else why it cannot be read ("" for an empty answer)
    column: int | None = None
    # how the reader took what it had to decide ("I read ε as z", a reason left out): the same
    # remarks the verdict's feedback carries when an answer is not right
    remarks: tuple[str, ...] = ()


def read_as(box: Any, answer: str) -> ReadAs:
    """The preview of ``answer`` for ``box`` (a ``BoxSpec``). Never raises for bad input. A
    column is counted in the answer as typed, invisible characters included (they are echoed
    escaped), as the verdict's is (``tutor.checking.judge.check``)."""
    preview = _read_as(box, answer)
    if preview.ok or box.kind == "derivation":
        return preview
    text, column = as_typed(answer, preview.text, preview.column)
    return replace(preview, text=text, column=column)


def _read_as(box: Any, answer: str) -> ReadAs:
    answer = unpasted(answer)
    if not answer.strip():
        return ReadAs(False, "")
    try:
        if box.kind == "derivation":
            return _derivation_lines(box, answer)
        if box.kind == "choice":
            chosen, problem = read_choice(box, answer)
            if chosen is None:
                return ReadAs(False, problem or choice_prompt(box), 0)
            return ReadAs(True, choice_shown(chosen))
        names = box_names(box)
        broken = box_problem(names)
        if broken is not None:
            return ReadAs(False, broken)
        try:
            parsed = read(names, answer)
            if parsed.value is None and not parsed.dists:  # ",", "+ i.e.": nothing to judge
                return ReadAs(False, "I found no answer in that: type the answer itself.", 0)
            refused = _wrong_kind(box, parsed)
            if refused is not None:
                return ReadAs(False, refused.message, refused.column)
            return ReadAs(True, shown(parsed, box), remarks=parsed.remarks)
        except FormulaError as exc:
            formula = read_formula(names, box, answer, exc)
            if formula is None:
                raise
            return ReadAs(True, formula.text)
    except ParseError as exc:
        return ReadAs(False, exc.message, exc.column)
    except RecursionError:
        return ReadAs(False, "That answer is nested too deeply to check.")


def _wrong_kind(box: Any, parsed: Parsed) -> ParseError | None:
    """Why the judge will refuse a reading as the wrong kind of answer for this box, when the
    reason does not depend on the key (g without the noise variable, a distribution where an
    expression is asked, a letter where a number is, a chain of unequal values): the judge's own
    tests (``canonical``, ``chain_problem``), run before Enter. None when they pass, or the
    reading is one the judge takes apart first (both signs, a power of the unknown)."""
    from tutor.checking.canonical import canonical, power_label_problem, prepare
    from tutor.checking.chains import chain_problem, split_chain
    from tutor.checking.labels import judge_label

    if parsed.label_power != 1 and box.kind in ("expression", "order"):
        return power_label_problem(box, parsed)  # else judged as a power: the key decides
    if parsed.both_signs:
        return None
    try:
        prep = prepare(box)
        refused, _ = judge_label(box, prep.names, parsed)
        if refused is not None:  # a label naming another quantity (tutor.checking.labels)
            return ParseError("kind", refused.feedback)
        parsed, _ = split_chain(prep, parsed)  # restatements: compared only once judged right
        if parsed.members:
            unequal = chain_problem(prep, parsed)
            if unequal is not None:
                return ParseError("syntax", unequal.feedback, unequal.column)
            return None
        canonical(prep, parsed)
    except ParseError as exc:
        return exc
    return None


def _derivation_lines(box: Any, answer: str) -> ReadAs:
    """A derivation read line by line (nothing judged): each line numbered, with ``?`` before
    a line that cannot be read and why."""
    from tutor.checking.derivation.preview import preview_lines

    rows = preview_lines(box, answer)
    if not rows:  # only words: no step to read
        from tutor.checking.derivation.lines import NO_STEPS

        return ReadAs(False, NO_STEPS)
    width = max(len(r.line) for r in rows)
    lines = [f"{'  ' if r.ok else '? '}{r.line:>{max(2, width)}}  {r.text}" for r in rows]
    return ReadAs(all(r.ok for r in rows), "\n".join(lines))


def read(names: Names, answer: str) -> Parsed:
    """``answer`` read in a box's names (``box_names(box)``; raises ``ParseError``)."""
    return parse_answer(answer, names)


@dataclass(frozen=True)
class FormulaReading:
    """A general formula read at the question's numbers."""

    parsed: Parsed  # its value there
    at: str  # the numbers it was read at: "N = 10, K = 5"
    text: str  # the reading shown: "N·(N − 1)/2 fwd, at N = 10"


def read_formula(
    names: Names, box: Any, answer: str, formula: FormulaError
) -> FormulaReading | None:
    """A general formula typed where a number is asked, read with the question's numbers (the
    box's ``givens``): its value and its reading, ``N·(N − 1)/2 fwd, at N = 10``. ``None`` when
    it uses a letter the box does not give, or is not one value."""
    letters = formula.letters
    if not names.gives(letters):
        return None
    try:
        parsed = read(with_givens(names), answer)
    except ParseError:
        return None
    if parsed.members or parsed.both_signs:
        return None
    at = names.givens_text(letters)
    return FormulaReading(parsed, at, f"{shown(parsed, box)}, at {at}")


def box_problem(names: Names) -> str | None:
    """Why answers to a box can't be read at all: its own definitions or measure are broken."""
    if names.errors:
        what, message = "definitions", "; ".join(names.errors)
    elif names.measure_error is not None:
        what, message = "measure", names.measure_error.message
    else:
        return None
    return f"This box's {what} can't be read ({message}); tell your instructor."


def shown(parsed: Parsed, box: Any) -> str:
    """The reading of an answer, on one line: what the preview and the verdict show (a chain
    ``a = b`` of values shows each of them, with "≈" where it was typed: all are judged)."""
    if parsed.members:
        from dataclasses import replace

        own = shown(replace(parsed, members=()), box)
        chain = "".join(f"{shown(m, box)} {m.relation or '='} " for m in parsed.members)
        return chain + own
    text = show(parsed.tree) if parsed.tree is not None else ""
    if box.kind in ("number", "count"):
        words = " ".join(parsed.tail)
        if box.kind == "count" and box.nouns:
            # the box's own noun: "8", "eight" and "8 loads" all read as "8 loadmem"
            words = box.nouns[0]
        out = f"{text} {words}".strip()
        if box.kind == "number" and not any(w in UNITS for w in parsed.tail) and box.unit:
            out += f" {UNIT_DISPLAY.get(box.unit, box.unit)}"
        if parsed.bound == "upper":
            out = "≤ " + out
        elif parsed.bound == "lower":
            out = "≥ " + out
        return out
    if parsed.label_power != 1 and text and box.kind in ("expression", "order"):
        text = f"{parsed.label_shown} = {text}"  # c² = 1/d1 is judged as c²: say so
    parts = [text] if text else []
    parts += [f"{show(n)} = {show(v)}" for n, v in parsed.where]
    parts += [show(d) for d in parsed.dist_trees]
    out = ", ".join(parts)
    if parsed.independent_of and out:
        out += ", independent of " + ", ".join(pretty_name(s.name) for s in parsed.independent_of)
    return out


def choice_shown(choice: Any) -> str:
    return f"({choice.key}) {choice.text}"


def choice_prompt(box: Any) -> str:
    return f"Pick one of the choices by its letter: {', '.join(c.key for c in box.choices)}."


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
}
# "the third one", "3rd option", "option 3", "#3", "no. 3": a choice by its place in the list.
# A digit alone is not one ("3" may be a value typed in the wrong box): it is refused.
_ORDINAL_RE = re.compile(
    r"(?:the\s+)?(?:(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth)|"
    r"(?P<nth>[1-8])(?:st|nd|rd|th)|(?:\#\s*|no\.?\s*|number\s+|option\s+|choice\s+)"
    r"(?P<digit>[1-8]))(?:\s+(?:one|option|choice|answer))?",
    re.I,
)


def _ordinal(text: str) -> int | None:
    """The place in the list a choice is named by ("third", "3rd", "option 3", "#3"), else
    None."""
    m = _ORDINAL_RE.fullmatch(text.strip())
    if m is None:
        return None
    if m.group("word"):
        return _ORDINALS[m.group("word").lower()]
    return int(m.group("nth") or m.group("digit"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9₀-₉ℓ√μσθ]+", text.lower())


# "c (or b)", "c — or maybe d": a second choice offered after the first
_OTHER_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:or|and|maybe|perhaps)(?![A-Za-z])|/)\s*\(?([A-Za-z])\)?(?![A-Za-z])", re.I
)
# another choice's letter on its own: "(b)", "b)", or a lone letter before punctuation or the end
_LETTER_RE = re.compile(r"\(([A-Za-z])\)|(?<![A-Za-z'’])([A-Za-z])(?=\s*(?:[).,;:!?]|$))")
# another choice offered beside the first, in brackets or not: "b (also a)", "b [a]", "b (a also
# works)", "b; if not, a", "b, otherwise a", "b, a is fine too"
_SECOND_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:also|else|otherwise|alternatively|possibly|or\s+else|if\s+not|"
    r"if\s+wrong|failing\s+that|or\s+perhaps|could\s+be|might\s+be)[\s,:]*"
    r"[(\[]?([A-Za-z])[)\]]?(?=\s*(?:[).,;:!?\]]|$))"
    r"|(?<![\w'’])[(\[]?([A-Za-z])[)\]]?\s+(?:also|too|works|work|could|might|would|as\s+well|"
    r"maybe|possibly|fits|is\s+(?:also|fine|ok|okay|right|correct|true|possible|good|valid)|"
    r"seems|should)(?![A-Za-z])"
    r"|[(\[]\s*([A-Za-z])\s*[)\]])",
    re.I,
)
_REASON_RE = re.compile(r"(?:because|since|as|for|given)(?![A-Za-z0-9_])", re.I)


# words after a letter that say nothing about which choice ("d, I think", "c is the answer")
_HEDGES = frozenset(
    "is the answer correct right i think guess believe probably im i'm pretty sure my final "
    "pick choice option one definitely surely certainly clearly obviously".split()
)
_NEGATING = frozenset(("not", "never", "no", "isn't", "doesn't", "nor", "neither"))


def read_choice(box: Any, raw: str, *, in_words: bool = True) -> tuple[Any, str]:
    """The choice a student picked: its letter (``c``, ``(c)``, ``c)``, ``option c``,
    ``answer: c``, ``I think c``, ``c?``; after a phrase that picks it, ``I'd go with c``; in
    LaTeX, ``$c$``, ``\\text{c}``), its text, or a letter followed by (part of) its text; what
    comes before a contrast (``c, not a``, ``c rather than b``) when the whole does not read.
    Returns (choice or None, a message saying what is wrong)."""
    raw = _plain_choice(raw)
    chosen, problem = _picked(box, raw, in_words)
    if chosen is not None:
        against = _against_its_text(box, chosen, raw)
        if against:
            return None, against
    return chosen, problem


# relations a choice's text may state ("‖Wv‖₂ ≤ ‖W‖_*‖v‖₂", "= Θ(1)"), as they are typed
_RELATIONS = {"≤": "≤", "<=": "≤", "≥": "≥", ">=": "≥", "=": "=", "<": "<", ">": ">", "≠": "≠"}
_RELATION_RE = re.compile(r"->|=>|<=|>=|[≤≥=<>≠]")  # (an arrow, "RMS->RMS", is no relation)
# a choice's letter in brackets anywhere in the answer: "(a)", "[b]"
_BRACKETED_LETTER_RE = re.compile(r"[(\[]\s*([A-Za-z])\s*[)\]]")


def _relations(text: str) -> list[str]:
    found = (m.group(0) for m in _RELATION_RE.finditer(text))
    return [_RELATIONS[r] for r in found if r in _RELATIONS]


def _against_its_text(box: Any, chosen: Any, raw: str) -> str:
    """Why an answer read as ``chosen`` says something its text does not, or "": a relation
    turned around or made an equality ("‖Wv‖₂ ≥ …" for the text's "≤"), or another choice's
    letter in brackets ("nothing blows up (a)"; never after "not" or "than")."""
    typed = _relations(raw)
    if typed and not _in_order(typed, _relations(chosen.text)):
        return (
            "The relation you wrote (≤, ≥, =) is not the one in the choice these words "
            "come from. " + choice_prompt(box)
        )
    keys = {c.key.lower() for c in box.choices}
    for m in _BRACKETED_LETTER_RE.finditer(raw):
        letter = m.group(1).lower()
        before = re.findall(r"[a-z'’]+", raw[: m.start()].lower())
        if before and before[-1] in _CONTRASTING:
            continue  # "(b) and not (a)", "b rather than (a)": what it is not
        if letter in keys and letter != chosen.key.lower():
            return "Give one choice only: type the letter of the one you pick."
    return ""


# words before a letter that set it against the one picked ("not (a)", "rather than (a)")
_CONTRASTING = frozenset(("not", "than", "nor", "unlike", "of", "over", "isn't", "never"))


def _in_order(typed: list[str], text: list[str]) -> bool:
    """Is ``typed`` a subsequence of ``text``?"""
    rest = iter(text)
    return all(any(t == r for r in rest) for t in typed)


def _picked(box: Any, raw: str, in_words: bool) -> tuple[Any, str]:
    chosen, problem = _read_choice(box, raw)
    if chosen is None and not problem:
        chosen, problem = _led_in(box, raw)
    if chosen is None and not problem:
        found = contrast.split(raw)
        if found is not None:
            before, _ = _read_choice(box, found.before)
            if before is None:
                before, _ = _led_in(box, found.before)
            if before is not None:
                return before, ""
        said = _said_in_words(box, raw) if in_words else None
        if said is not None:
            return said, ""
        if in_words and len([w for w in _words(raw) if w not in _FILLER_WORDS]) >= 2:
            # a sentence that does not clearly say one choice: never guessed at
            return None, (
                "I can't tell for sure which choice these words say (words are read as a "
                "choice only when they clearly say that one and nothing against it). "
                + choice_prompt(box)
            )
    return chosen, problem


# what a rich-text or chat paste puts around a choice, never part of it: inline HTML tags
# ("<b>(c)</b>": the b of the tag is no letter), a Markdown quote, bullet or numbered item at
# the start of a line ("> **(C)**", "- (c)", "1. (c)"), a heading naming the answer under it
# ("### Answer")
_HTML_TAG_RE = re.compile(
    r"</?(?:b|strong|i|em|u|mark|span|p|div|code|font|br)(?:\s[^<>]*)?/?>", re.I
)
_LINE_MARK_RE = re.compile(r"^[ \t]*(?:>[ \t]*|[-*•][ \t]+|\d{1,2}[.)][ \t]+)(?=\S)", re.M)
_HEADING_RE = re.compile(
    r"^[ \t]*#{1,6}[ \t]+(?:(?:final|my|the|correct|right)[ \t]+)*"
    r"(?:answer|solution|result|choice|option|conclusion)[ \t]*:?[ \t]*$",
    re.I | re.M,
)


# a circled letter ("Ⓑ", "ⓑ"): that letter
_CIRCLED = str.maketrans(
    {chr(0x24B6 + i): chr(ord("A") + i) for i in range(26)}
    | {chr(0x24D0 + i): chr(ord("a") + i) for i in range(26)}
)


def _blanked(rx: re.Pattern[str], text: str) -> str:
    return rx.sub(lambda m: " " * len(m.group(0)), text)


def _plain_choice(raw: str) -> str:
    """A choice typed in LaTeX or pasted from rich text or a chat as plain text (the same
    length): ``$b$``, ``\\text{b}``, ``\\textbf{(b)}``, ``\\boxed{b}``, ``\\(b\\)``,
    ``**(b)**``, ``<b>(b)</b>``, ``> (b)``, ``1. (b)``, ``### Answer`` over ``(b)``, ``Ⓑ``: the
    word alone ("$" never belongs to a choice)."""
    text = unwrapped(untexted(displayed(raw))).replace("$", " ").translate(_CIRCLED)
    text = _blanked(_HTML_TAG_RE, unbold(text))
    return _blanked(_LINE_MARK_RE, _blanked(_HEADING_RE, text))


# a phrase before the letter picked: "I pick", "Definitely", "the correct one is", "I'd go
# with" (words of two letters or more, or "I"; contractions whole: the d of "I'd" is no letter)
_LEAD_IN_RE = re.compile(
    r"\s*((?:(?:[A-Za-z]{2,}|I)(?:['’][A-Za-z]+)?[\s,:—–-]+){1,8})(?=[(\[]?[A-Za-z](?![\w'’]))"
)
# a phrase of one word that picks the letter after it ("Definitely b", "pick c")
_PICKING_WORDS = frozenset(
    "definitely probably maybe perhaps surely certainly clearly obviously likely presumably "
    "pick choose select take picking choosing selecting".split()
)
# words of which a phrase that picks the letter after it holds one ("I'd say", "my answer is",
# "the correct one is", "it is", "go with")
_PICKERS = frozenset(
    "i i'd i'll i'm im id my answer correct right one option choice it it's that that's go "
    "say think guess believe mine final going goes".split()
)
# words that make a phrase before a letter something else than picking it
_NOT_PICKING = frozenset(
    "not never no nor neither either or and but except than over instead rather unless without "
    "between both if whether".split()
)


def _led_in(box: Any, raw: str) -> tuple[Any, str]:
    """The choice whose letter follows a phrase that picks it ("I pick b", "the correct one is
    b", "I'd go with c"; of one word, an adverb or a verb that picks: "Definitely b"): the
    letter read as if typed alone (with what follows it). None when there is no such phrase,
    or its words negate, compare or offer another choice ("not b", "either a or b")."""
    m = _LEAD_IN_RE.match(raw)
    if m is None:
        return None, ""
    words = re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", m.group(1).lower())
    if any(w in _NOT_PICKING or w.endswith(("n't", "n’t")) for w in words):
        return None, ""
    if len(words) == 1 and words[0] not in _PICKING_WORDS:
        return None, ""  # "is c" (a piece of a sentence: "the answer is c"), "whatever b"
    plain = {w.replace("’", "'") for w in words}
    said = {w for c in box.choices for w in _words(c.text)} - _FILLER_WORDS - _PICKERS
    if not plain & (_PICKERS | _PICKING_WORDS) or plain & said:
        # "SP: can be a", "under SP it is better at a": the end of a sentence whose last word
        # is an article, not a phrase that picks a letter
        return None, ""
    # the letter only: words before a choice's words are no lead-in ("narrow reach a lower
    # loss" is no "a" picked, nor choice (c) "reach a lower loss" said)
    return read_choice(box, " " * m.end(1) + raw[m.end(1) :], in_words=False)


# words that say nothing about which choice is meant
_FILLER_WORDS = frozenset(
    "a an the it its is are be was were as to of in on at by for with and or so that this "
    "i think guess answer choice option one".split()
)


# words that open a clause saying what follows from the one before it
_CONSEQUENCE_WORDS = frozenset(("so", "hence", "thus", "therefore", "then"))
# the two parametrizations: a lead-in naming one says whose behaviour the choice is
_REGIMES = frozenset(("sp", "μp", "mup", "ntk"))
# words that negate what follows them in a choice's text ("nothing blows up", "do not cancel")
_NEGATION_WORDS = _NEGATING | frozenset(("nothing", "none", "without", "cannot", "nobody"))
# where a choice's text breaks into clauses ("SP: … . μP: it stays put; wider is better")
_CLAUSE_BREAK_RE = re.compile(r"[.;:,!?]+(?=\s|$)|\s[—–]\s")


def _clauses(text: str) -> list[list[str]]:
    """A choice's text as its clauses' words, in order."""
    return [w for part in _CLAUSE_BREAK_RE.split(text) if (w := _words(part))]


def _labels(text: str) -> dict[int, int]:
    """The clauses that label the sentence after them ("SP: …", "μP: …"): for each clause of
    a labelled sentence, the index of its label."""
    labels: dict[int, int] = {}
    index = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        parts = [w for part in _CLAUSE_BREAK_RE.split(sentence) if (w := _words(part))]
        head = re.match(r"\s*([^:.;,]{1,20}):", sentence)
        if head and len(_words(head.group(1))) <= 3 and parts:
            for k in range(1, len(parts)):
                labels[index + k] = index
        index += len(parts)
    return labels


def _fits_in_order(typed: list[str], text: str) -> bool:
    """Whether ``typed`` is said by ``text``: its words in the same order, each next one in the
    same clause or the clause right after, never past a negation of the text's left out
    ("terms cancel" is not "terms do not cancel", "coordinate blows up" not "… : nothing blows
    up"), and with the label of a labelled sentence ("μP: …") when its words are from one."""
    clauses = _clauses(text)
    flat = [(k, i, w) for k, words in enumerate(clauses) for i, w in enumerate(words)]
    labels = _labels(text)
    # a reason's consequence ("The sign drops g's sizes, so …; the RMS averages d2 equal
    # squares"): said alone, it is not the reason
    consequence = next(
        (k for k, words in enumerate(clauses) if k and words[0] in _CONSEQUENCE_WORDS),
        len(clauses),
    )

    def skipped_negation(lo: int, hi: int) -> bool:
        return any(w in _NEGATION_WORDS or w.endswith(("n't", "n’t")) for _, _, w in flat[lo:hi])

    def search(t: int, after: int) -> bool:
        if t == len(typed):
            return True
        for pos in range(after + 1, len(flat)):
            k, i, w = flat[pos]
            if w != typed[t]:
                continue
            if typed[t] in _NEGATION_WORDS and (
                t + 1 == len(typed) or pos + 1 == len(flat) or flat[pos + 1][2] != typed[t + 1]
            ):
                continue  # a negation typed is the text's only right before the word it negates
            if t == 0:
                # what the clause says before the first word must not negate it
                if k >= consequence or skipped_negation(pos - i, pos):
                    continue
                if k in labels:
                    continue  # "wider is better" of "μP: …; wider is better": whose?
            else:
                prev = flat[after][0]
                if skipped_negation(after + 1, pos):
                    break
                if k - prev > 1 and labels.get(k) != prev:
                    continue  # never past a clause, but from a label to any it labels
                if k != prev and k in labels and labels[k] not in (prev, labels.get(prev)):
                    continue  # into another label's sentence without its label
            if search(t + 1, pos):
                return True
        return False

    return search(0, -1)


def _shared_in_order(typed: list[str], words: list[str]) -> int:
    """How many of ``typed`` occur in ``words`` in the same order (longest common
    subsequence)."""
    row = [0] * (len(words) + 1)
    for w in typed:
        last = row[:]
        for j, x in enumerate(words):
            row[j + 1] = last[j] + 1 if w == x else max(last[j + 1], row[j])
    return row[-1]


def _whole_phrase(raw: str, text: str) -> bool:
    """Is what the student typed the first clause of ``text``, whole: its head claim ("linearly
    in d1" of "Linearly in d1 (the fan-in), and …"; not of "Linearly in d1·d2", where the term
    goes on, and never a later clause alone: "μP: it stays put" is half of "SP: … moves …. μP:
    it stays put")?"""
    said = " ".join(raw.split()).strip(" .!").lower()
    head = re.split(r"[.;,(]", " ".join(text.split()).lower(), maxsplit=1)[0].strip()
    return len(said) >= 3 and said == head


def _said_in_words(box: Any, raw: str) -> Any:
    """A choice said in some of its own words ("moves with width" for "moves to a different
    value as the width changes"; "nothing blows up or vanishes"): at least two words that tell
    something, every one of them in that choice's text in the same order and in one clause or
    the next (with its label, "μP: …", when the text has some), none past a negation left out;
    one of them in no other choice's text; never with a negation of the student's ("does not
    move" could mean any other). None when no single choice fits, or when another choice holds
    two of the words in the same order too ("the RMS averages d2" of (b) is also the "RMS …
    d2" of (a)): such words do not clearly say one choice, and the letter is asked for."""
    typed = [w for w in _words(raw) if w not in _FILLER_WORDS]
    if len(set(typed) - _REGIMES) < 2 or re.search(r"n['’]t\b", raw, re.I):
        return None  # "SP: can be" says nothing of its own
    fits = [c for c in box.choices if _fits_in_order(typed, c.text)]
    # "linearly in d1": the first clause of (c)'s "Linearly in d1 (the fan-in), and …", whole,
    # where (a)'s "Linearly in d1·d2" goes on: that choice's head claim
    whole = [c for c in fits if _whole_phrase(raw, c.text)]
    if len(whole) == 1 and not set(typed) & _NEGATING:
        return whole[0]
    if len(fits) != 1:
        return None
    texts = {c.key: _words(c.text) for c in box.choices}
    others = [t for k, t in texts.items() if k != fits[0].key]
    if not any(all(w not in t for t in others) for w in typed):
        return None
    # (a regime's name is no claim by itself: its label is checked by _fits_in_order)
    claims = [w for w in typed if w not in _REGIMES]
    if any(_shared_in_order(claims, t) >= 2 for t in others):
        return None
    return fits[0]


def _other_words(box: Any, choice: Any) -> set[str]:
    """The words of every choice's text but ``choice``'s."""
    return {w for c in box.choices if c is not choice for w in _words(c.text)}


def _read_choice(box: Any, raw: str) -> tuple[Any, str]:
    check_length(raw)
    text, _ = normalize(raw, "choice")
    place = _ordinal(text)
    text = re.sub(r"^\s*(?:option|choice)\b\s*[:=]?", "", text, flags=re.I).strip()
    by_key = {c.key.lower(): c for c in box.choices}
    if place is not None:  # "the third one", "option 3": the choice in that place
        if 1 <= place <= len(box.choices):
            return box.choices[place - 1], ""
        return None, choice_prompt(box)
    words = _words(text)
    # the whole text of one choice
    for c in box.choices:
        if words and words == _words(c.text):
            return c, ""
    # a choice's formula, in another spelling: "||W||_{RMS->RMS} = Theta(1), ||dW||_{…} = …"
    formula = same_formula(box.choices, text)
    if formula is not None:
        return formula, ""
    # the whole text of one choice after a short lead-in: "It moves to …", "the optimum moves …"
    # (as typed, too: "it is the same …" when the choice's text starts with "is")
    lettered = re.match(r"\s*[(\[]?\s*[A-Za-z]\s*[)\].:—–-]", text)  # "(c) …": the letter's rule
    for typed in (words, _words(raw)) if lettered is None else ():
        ending = [
            c
            for c in box.choices
            if len(_words(c.text)) >= 3
            and len(typed) > len(_words(c.text))
            and typed[-len(_words(c.text)) :] == _words(c.text)
        ]
        if len(ending) == 1:
            lead_in = typed[: -len(_words(ending[0].text))]
            others = _other_words(box, ending[0])
            if (
                len(lead_in) <= 3
                and not set(lead_in) & (_NEGATING | _REGIMES)
                and not set(lead_in) & (others - _FILLER_WORDS)
            ):  # never "under SP it stays the same …": a lead-in that says whose is a claim
                return ending[0], ""
    # the start of one choice's text, as a student pastes a line cut short
    # (saying something of its own: "SP: the best learning rate" alone starts (a) and tells
    # nothing that (b) does not)
    starting = [c for c in box.choices if len(words) >= 3 and _starts(_words(c.text), words)]
    if len(starting) == 1 and len(words) < len(_words(starting[0].text)):
        others = _other_words(box, starting[0])
        if any(w not in others for w in words):
            return starting[0], ""
    m = re.fullmatch(r"([(\[]?)\s*([A-Za-z])\s*([)\].:,/&—–-]*)\s*(.*)", text, flags=re.S)
    if m is None or m.group(2).lower() not in by_key:
        # a letter alone, never one of a word or a contraction (the d of "I'd")
        letters = re.findall(r"(?<![A-Za-z0-9_'’])[A-Za-z](?![A-Za-z0-9_'’])", text)
        if len([x for x in letters if x.lower() in by_key]) >= 2 and len(words) <= 5:
            return None, "Give one choice only: type the letter of the one you pick."
        return None, ""
    key, sep, rest = m.group(2).lower(), m.group(3), m.group(4)
    if rest[:1].isalnum() and m.start(4) == m.end(2):
        return None, ""  # "cc", "cat": not a letter on its own
    chosen = by_key[key]
    rest_words = [w for w in _words(rest) if w not in _HEDGES]
    if re.match(r"^(?:[,/&]|and\b|or\b)", (sep + " " + rest).strip(), re.I) and re.fullmatch(
        r"[,/&]*\s*(?:and|or)?\s*[(\[]?[A-Za-z][)\]]?\s*", (sep + " " + rest).strip(), re.I
    ):
        return None, "Give one choice only: type the letter of the one you pick."
    if not rest_words and rejection(rest) is None:
        return chosen, ""  # "c ✓", "(c)!": no words, no cross ("(b) ❌")
    said = same_formula(box.choices, rest)  # "b: ||W||_{RMS->RMS} = Theta(1), …"
    if said is chosen:
        return chosen, ""
    if said is not None:
        return None, _disagree(chosen, said)
    for other in _SECOND_RE.finditer(rest):
        letter = (other.group(1) or other.group(2) or other.group(3)).lower()
        before = re.findall(r"[a-z'’]+", rest[: other.start()].lower())
        if before and before[-1] in ("not", "isn't", "than", "over", "of", "nor"):
            continue  # "b and not (a)", "b rather than (a)", "b instead of (a)": a contrast
        if letter in by_key and letter != key:
            return None, "Give one choice only: type the letter of the one you pick."
    for other in _OTHER_RE.finditer(rest):
        if other.group(1).lower() in by_key and other.group(1).lower() != key:
            return None, "Give one choice only: type the letter of the one you pick."
    for other in _LETTER_RE.finditer(rest):
        letter = other.group(1) or other.group(2)
        before = re.findall(r"[a-z'’]+", rest[: other.start()].lower())
        corrected = bool(before) and before[-1] in CORRECTION_WORDS  # "d. Actually a."
        if (
            letter.lower() in by_key
            and letter.lower() != key
            and (other.group(1) or letter.lower() not in ("a", "i") or corrected)
            and not (before and before[-1] in ("not", "isn't", "than", "over"))
        ):
            # "b — no, c": another choice named after the first: which one is meant?
            return None, "Give one choice only: type the letter of the one you pick."
    # a reason or a remark after the letter: "c — because …", "c (the flat one)", "c since …"
    # (or a rejection of it, "b ❌", "b is not correct": refused as the remark it is)
    remark = rest.startswith(("(", "[")) or bool(_REASON_RE.match(rest)) or "," in sep
    remark = remark or rejection(rest) is not None
    if not (m.group(1) or sep.strip(",/&") or remark) and not _starts(
        _words(chosen.text), _words(rest)
    ):
        return None, ""  # "a width-free multiplier": a sentence, not a letter and its text
    # a letter and then text: the text must not be another choice's
    for c in box.choices:
        if (
            c is not chosen
            and _starts(_words(c.text), _words(rest))
            and not _starts(_words(chosen.text), _words(rest))
        ):
            return None, _disagree(chosen, c)
    contradicted = _REMARKS.remark_problem(box, chosen, rest)
    if contradicted is not None:  # "d (the other way around)", "c, because … a higher loss"
        return None, contradicted
    return chosen, ""


def _disagree(chosen: Any, said: Any) -> str:
    return (
        f"The letter ({chosen.key}) and the text after it (which reads like choice "
        f"({said.key})) disagree: type just the letter you mean."
    )


# a remark after a letter read with this reader's words (left out only when it agrees)
_REMARKS = ChoiceReader(
    words=_words,
    fits_in_order=_fits_in_order,
    said_in_words=_said_in_words,
    filler=_FILLER_WORDS,
    negating=_NEGATION_WORDS,
    regimes=_REGIMES,
)


def _starts(choice_words: list[str], typed: list[str]) -> bool:
    n = min(len(typed), len(choice_words))
    return n >= 2 and choice_words[:n] == typed[:n]
