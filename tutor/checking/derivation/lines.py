"""The lines of a derivation: one answer split into lines, each read into its sides.

A line may start with ``⇔``, ``⇒``, ``→``, ``<=>``, ``=>``, ``\\iff`` or "so" (the mark is
ignored); its top-level ``=`` signs split it into sides, each an expression in the box's input
language (``±`` read once per sign); a label before a chain (``E[RMS²] = c²d1 = 1``) is left
out, and so is a condition in brackets after a step (``(c > 0)``) or a reason in words after it
(``since c > 0``, ``, because E[x²] = 1``). ``≈`` (``\\approx``) splits sides as ``=`` does: a
side after it is a value given to some precision (``t ≈ 52.92``), which every number typed in a
line may be (``tutor.checking.derivation.rounding``). Lines with ``<``, ``≤`` or ``≠`` are
unreadable, with a message (but the last line of a box whose value is a limit may state it,
``read_limit``). With the value box's unit (``line_unit``), a number followed by a unit of time
is read in that unit (set in LaTeX too: ``46.875\\,\\text{ns}``, ``50~\\text{ns}``); a heading in words with '=' between phrases is not a step (``heading``). Each side keeps the numbers typed in it that may stand for a rounded
value (``Typed``). (``tutor.checking.derivation.preview`` reads each line on its own for the live
preview.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

from tutor.inputlang.build import Builder
from tutor.inputlang.emphasis import unbold
from tutor.inputlang.latextext import untexted
from tutor.inputlang.pretty import pretty, show
from tutor.inputlang.reader import (
    CONCLUSION_RE,
    LATEX_ARROWS,
    LATEX_CONCLUSIONS,
    LATEX_EQUIVALENCES,
    disowned,
    is_hedge,
    is_label,
    latex_marks,
    lead_in,
    names_a_value,
    parse_answer,
)
from tutor.inputlang.rules import END_MARKS
from tutor.inputlang.takeback import NEGATIONS, TAKE_BACK
from tutor.inputlang.tree import Num, walk
from tutor.inputlang.values import MAX_LENGTH, ParseError, Reason
from tutor.textsafe import ECHO_WIDTH, pointed

MIN_LINES = 2
MAX_LINES = 20
EMPTY = "The answer is empty: write your derivation, one step a line."
NO_STEPS = "I found no step in that, only words: write each step as an equation, one a line."
_LEAD_RE = re.compile(
    r"^\s*(?:⟺|⇔|<=>|⟹|⇒|=>|→|⟶|->|∴|"
    rf"{latex_marks(LATEX_CONCLUSIONS + LATEX_ARROWS + LATEX_EQUIVALENCES)}|"
    r"(?:so|hence|thus|therefore|iff)(?![A-Za-z0-9_])|i\.\s?e\.,?|that\s+is,)\s*",
    re.I,
)
_COLUMN_RE = re.compile(r"\s*\(column \d+\)|\s+at column \d+")
# relations a derivation does not check: inequalities, "not equal"
_BAD_RELATION_RE = re.compile(r"<=|>=|!=|[≤≥≠<>]|\\(?:leq?|geq?|neq?|lt|gt)(?![A-Za-z])")
# "approximately equal", read as '=' between two sides (the same width: columns are kept)
_APPROX_RE = re.compile(r"≈|\\approx(?![A-Za-z])")


class LineError(Exception):
    def __init__(self, reason: Reason, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Typed:
    """A number as typed in a side that may stand for a value given to a precision: one with a
    decimal point (``52.92``, ``0.7071``), or a whole number that is the side alone (``54``)."""

    text: str  # "52.92"
    places: int  # digits after the point, less the power of ten after it
    value: Any  # sympy Rational, as typed
    alone: bool  # the side is this number alone
    stand_in: Any  # the side's value with this number replaced by ``stand_in_symbol()``


@dataclass(frozen=True)
class Side:
    text: str  # as typed
    value: Any  # sympy expression with ± read as +
    minus: Any  # ... with ± read as − (None when the side has no ±)
    shown: str = ""  # how it was read, in unicode (± kept)
    relation: str = "="  # what was typed before it ("=" or "≈"; the first side's is unused)
    # the tree it was read from and the box's names (for ``numbers``; None: no numbers)
    tree: Any = field(default=None, compare=False, repr=False)
    names: Any = field(default=None, compare=False, repr=False)

    @cached_property
    def numbers(self) -> tuple[Typed, ...]:
        """Its numbers that may be given to a precision (worked out when first asked: only a
        line that does not follow as typed needs them)."""
        if self.tree is None or self.minus is not None:
            return ()
        return _numbers(self.tree, self.value, self.names)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, counting the steps
    text: str
    sides: tuple[Side, ...]
    # a last line stating a limit ("t ≤ 50", read_limit): as typed, for the value box to judge
    # (its sides are read as the equation "t = 50", which the step must reach)
    limit: str = ""
    label: str = ""  # where the student typed it (``split_steps``), "" for the step's number

    @property
    def said(self) -> str:
        """The step as messages name it: its line in the box ("3", "3.2" for the second step
        on line 3)."""
        return self.label or str(self.number)

    def readings(self) -> list[tuple[Any, ...]]:
        """The line's sides, once per sign of ``±`` (one reading when it has none)."""
        plus = tuple(s.value for s in self.sides)
        if all(s.minus is None for s in self.sides):
            return [plus]
        minus = tuple(s.value if s.minus is None else s.minus for s in self.sides)
        return [plus, minus]

    def pretty(self) -> str:
        out = ""
        for i, s in enumerate(self.sides):
            out += (f" {s.relation} " if i else "") + (s.shown or pretty(s.value))
        return out

    @property
    def numbers(self) -> list[tuple[int, Typed]]:
        """The numbers typed in the line that may be given to a precision, with their side."""
        return [(i, t) for i, s in enumerate(self.sides) for t in s.numbers]


# a LaTeX display around the whole working: \begin{align*} … \end{align*}, $$ … $$, \[ … \]
_ENV_RE = re.compile(
    r"\\(?:begin|end)\{(?:align|aligned|alignat|eqnarray|gather|gathered|split|array)\*?\}"
    r"(?:\{[^{}]*\})?|\$\$|\\\[|\\\]"
)
# a LaTeX line break (with an optional spacing like \\[2pt]) between steps
_BREAK_RE = re.compile(r"\\\\(?:\[[^\]]*\])?")
# a relation that makes a line a step, never prose: '=', '≈', an inequality (refused later)
_RELATION_RE = re.compile(r"[=≈<>≤≥≠]|\\(?:approx|leq?|geq?|neq?)(?![A-Za-z])")
# a step's number before it: "1. ", "2) ", "(3) ", "Step 4: "
_NUMBER_RE = re.compile(r"^\s*(?:step\s*)?(?:\(\d{1,2}\)|\d{1,2}[.):])\s+(?=[^\s=*/^·×])", re.I)
# a step's label alone on its line, a heading: "Step 1", "Step 2.", "(3)"
_LABEL_ALONE_RE = re.compile(r"\s*(?:step\s*\d{1,2}|\(\d{1,2}\))\s*[.:)]?\s*", re.I)
# Markdown bold around the start of a line: "**Step 1:** $c^2 d_1 = 1$", "__1.__ …" (read as
# typed plainly; never "c**2", which starts with no star)
_BOLD_START_RE = re.compile(r"^(\s*)(\*\*|__)(?=\S)(.*?\S)\2(?=\s|$)")
# a Markdown code fence's line, around working pasted from a chat: "```", "```text", "~~~"
_FENCE_RE = re.compile(r"\s*(?:```|~~~)[\w+.-]*\s*")
# a heading over the working, as a chat sets it: "### Solving for c", "**Solution**",
# "__Answer:__" (a line of words in bold alone, or a Markdown heading: no step in it)
_HEADING_RE = re.compile(r"\s*(?:#{1,6}\s+[^=]*|(\*\*|__)[^*_=]+\1\s*:?)\s*")


def split_lines(answer: str, ctx: Any = None) -> list[str]:
    """The steps of an answer (``split_steps``), without where they were typed."""
    return [text for text, _ in split_steps(answer, ctx)]


def split_steps(answer: str, ctx: Any = None) -> list[tuple[str, str]]:
    """The non-blank steps of an answer, each with where it was typed (its line in the box,
    ``"3"``, or ``"3.2"`` for the second step on line 3): its lines, also split at LaTeX line breaks (``\\\\``)
    and semicolons, with a LaTeX display environment around them, alignment marks (``&``),
    step numbers (``1.``, ``(2)``, ``Step 3:``, in bold or not: ``**Step 3:**``), bullets
    before every step (``- ``) and a code fence's lines (`````text``) left out, as working
    pasted from a chat, Markdown or a LaTeX document comes; a line goes on to
    a next step after a mid-line conclusion, equivalence or restatement (``⇒``, ``→``,
    ``so``, ``iff``, ``i.e.``).
    A step said in a sentence is its equation (``in_sentence``: "We need c²d1 = 1.", "so we
    get c²d1 = 1 here"; never a line that says "not" or '≠').
    Lines of prose between the steps are not steps (``_commentary``): a lead-in ending in ':'
    ("Taking square roots:"), a remark in brackets ("(divide by d1)"), words alone, a check
    ("Check: …"), a step's label alone ("Step 1"), a mark alone ("so") and an end mark ("∎").
    With the box's names (``ctx``), so is a sentence with no relation in it (``_prose``: a
    chat's "Sure! Let us solve for $c$.", a note after the working), unless that leaves fewer
    than ``MIN_LINES`` steps (then it is kept, and refused as a sentence); a line of prose
    that takes the answer back or hedges it ("(wrong)", "scratch that", "(not sure, maybe
    40)", ``disowned``) is kept as a step, for ``read_line`` to refuse: never left out."""
    text = answer.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[tuple[str, int]] = []  # (a line, also split at breaks; its line in the box)
    for at, typed in enumerate(text.split("\n"), 1):
        # breaks first: \\[2pt] is one break
        broken = _ENV_RE.sub("\n", _BREAK_RE.sub("\n", typed))
        rows.extend((line, at) for line in broken.split("\n"))
    written = [line for line, _ in rows if line.strip()]
    if len(written) >= 2 and all(_BULLET_RE.match(line) for line in written):
        # every step a bullet: a list, not a minus sign before each (a lone "- c = 1" is)
        rows = [(_BULLET_RE.sub("", line, count=1), at) for line, at in rows]
    steps = _steps(rows, ctx, sentences=False)
    if len(steps) < MIN_LINES and ctx is not None:
        steps = _steps(rows, ctx, sentences=True)  # too few steps without them: said so
    on_line: dict[int, int] = {}
    for _, at in steps:
        on_line[at] = on_line.get(at, 0) + 1
    out: list[tuple[str, str]] = []
    nth: dict[int, int] = {}
    for piece, at in steps:
        nth[at] = nth.get(at, 0) + 1
        out.append((piece, str(at) if on_line[at] == 1 else f"{at}.{nth[at]}"))
    return out


def _steps(rows: list[tuple[str, int]], ctx: Any, *, sentences: bool) -> list[tuple[str, int]]:
    """The steps of ``rows`` (``split_steps``), each with its line in the box; ``sentences``:
    a sentence with no relation in it is kept as a step, not left out."""
    steps: list[tuple[str, int]] = []
    for line, at in rows:
        if _FENCE_RE.fullmatch(line):
            continue  # "```", "```text": the fence around the working
        if _HEADING_RE.fullmatch(line) and (ctx is None or _disowning(line, ctx) is None):
            continue  # "### Solving for c", "**Solution**": a heading, not a step
        line = _BOLD_START_RE.sub(r"\1\3", line, count=1)  # "**Step 1:** …": "Step 1: …"
        # "**c = d1**-0.5**", "*c = 1/√d1*": emphasis around the whole step (before its sides
        # are split at '=', so that a pair is seen whole; a power's '**' is kept)
        line = unbold(line)
        line = _NUMBER_RE.sub("", line.replace("&", " "), count=1)
        if _commentary(line) and (ctx is None or _disowning(line, ctx) is None):
            continue  # "Taking square roots:", "(divide by d1)", "∎", "Check: …"
        if not sentences and ctx is not None and _prose(line, ctx):
            continue  # "Sure! Let us solve for $c$.", "Note: d_2 does not enter; …"
        start = None if ctx is None else lead_in(line, ctx)
        if start is not None and "=" not in line[:start]:
            line = line[start:]  # "Divide both sides by d1: c² = 1/d1": the step after it
        if ctx is not None:
            line = in_sentence(line, ctx)  # "We need c²d1 = 1.", "so we get c²d1 = 1 here"
        # "c²d1 = 1; c = 1/√d1": two steps; "500 = 10t ⇒ t = 50", "… so t = 50": a
        # conclusion on the same line is the next step
        for part in line.split(";"):
            for piece in _split_before(_STEP_MARK_RE, part):
                if piece.strip():
                    steps.append((piece, at))
    return steps


# the words of a sentence around a step's equation: before it, a lead-in that states it ("we
# need", "so we get", "which gives", "setting", "requiring", "then"); after it, words that only
# say where it stands ("here", "as required", "in this case")
_LEAD_WORDS = frozenset(
    "we need needs get gets got have has require requires want obtain find so thus hence then "
    "therefore now and which this that it gives give giving means yields implies setting set "
    "requiring imposing demanding us one".split()
)
_TRAIL_WORDS = frozenset(
    "here then too also as required needed wanted desired in this that case so we need want "
    "it is what indeed again now done".split()
)
_WORD_AT_RE = re.compile(r"\s*([^\W\d_]+)(?![\w(\[{_^'’])\s*,?")
_WORD_AT_END_RE = re.compile(r"[\s,]+([^\W\d_]+)[\s.!]*$")
# a relation that says the sides differ: never stripped of its words
_UNEQUAL_RE = re.compile(r"≠|!=|=/=|\\neq?(?![A-Za-z])")


def in_sentence(line: str, ctx: Any) -> str:
    """The equation of a step said in a sentence (``_LEAD_WORDS`` before it, ``_TRAIL_WORDS``
    and a full stop after it): "We need c²d1 = 1." is "c²d1 = 1", "so we get c²d1 = 1 here"
    too. Only these words, never one of the box's names, and only on a line with '=' (or
    '≈'); a line that says a negation or takes something back anywhere ("we need E = 2 not
    1", '≠') is left as typed, for ``read_line`` to refuse: prose never makes a step read as
    another."""
    if "=" not in line and "≈" not in line:
        return line
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", line)}
    if words & (NEGATIONS | TAKE_BACK) or _UNEQUAL_RE.search(line):
        return line
    start = 0
    while (m := _WORD_AT_RE.match(line, start)) is not None:
        word = m.group(1)
        if word.lower() not in _LEAD_WORDS or names_a_value(word, ctx):
            break
        start = m.end()
    end = len(line)
    while (m := _WORD_AT_END_RE.search(line, start, end)) is not None:
        word = m.group(1)
        if word.lower() not in _TRAIL_WORDS or names_a_value(word, ctx):
            break
        end = m.start()
    rest = line[start:end]
    if "=" not in rest and "≈" not in rest:
        return line  # the words were all of it: not a sentence around an equation
    return rest


# a number of its own in a line of words ("maybe 40"), never a name's digit ("d1")
_NUMBER_ALONE_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


def _disowning(line: str, ctx: Any) -> str | None:
    """The words of a line of prose that take the working back or hedge it (``disowned``); a
    hedge inside a sentence on how to go on ("I think we divide by d1:") is not one, unless
    the line offers a number of its own ("(not sure, maybe 40)")."""
    found = disowned(line, ctx)
    if found is None or not is_hedge(found) or _NUMBER_ALONE_RE.search(line) is not None:
        return found
    rest = line.replace(found, " ", 1)
    return None if _sentence(rest, ctx) else found  # "I'm not sure", "(maybe)": the answer's


def _prose(line: str, ctx: Any) -> bool:
    """Is ``line`` a sentence with no relation in it ("Sure! Let us solve for $c$.", a note
    after the working): words around the steps, not a step? One that takes the answer back
    or hedges it (``disowned``) is kept, for ``read_line`` to refuse."""
    return (
        _RELATION_RE.search(line) is None and _sentence(line, ctx) and _disowning(line, ctx) is None
    )


# a step's mark in the middle of a line: a conclusion (so, ⇒, an arrow), an equivalence (⇔,
# <=>, "iff") or the same said again ("c = 1/√d1, i.e. c² = 1/d1")
_STEP_MARK_RE = re.compile(
    rf"{CONCLUSION_RE.pattern}|⟺|⇔|<=>|→|⟶|->|{latex_marks(LATEX_EQUIVALENCES)}|"
    r"(?<![A-Za-z])(?:i\.\s?e\.|that\s+is,)|"
    rf"{latex_marks(LATEX_ARROWS)}|(?<![A-Za-z0-9_\\])iff(?![A-Za-z0-9_])",
    re.I,
)
_RESTATES_RE = re.compile(r"\s*(?:i\.\s?e\.|that\s+is,)", re.I)


def restates(text: str) -> bool:
    """Is the step ``text`` the one before said again ("i.e. Var(W) = 1/d1")? Such a step
    that does not read (it says it of another quantity) is not checked, and as the last line
    it does not replace the answer on the line before it."""
    return _RESTATES_RE.match(text) is not None


# a list's bullet before every step, as working pasted from Markdown comes: "- ", "* ", "• "
_BULLET_RE = re.compile(r"^\s*[-*•‣◦]\s+")


# a line of prose between the steps: a lead-in ending in ':', a remark in brackets, words
# alone, a check of the result, or an end-of-proof mark (each test linear in the line)
_WORD_RE = re.compile(r"[^\W\d_]{2}")
_WORDS_ONLY_RE = re.compile(r"[^\W\d_]+(?:[\s,:'’-]+[^\W\d_]+)+[\s.:!]*")
_CHECK_RE = re.compile(r"(?:sanity\s+)?(?:check|verify|verification)\b\s*:", re.I)


def _commentary(line: str) -> bool:
    """Is ``line`` prose or a mark between the steps, not a step?"""
    text = line.strip()
    if not text:
        return False
    if all(ch in END_MARKS or ch in ".:" or ch.isspace() for ch in text):
        return True
    if _LABEL_ALONE_RE.fullmatch(text):  # "Step 1": a heading
        return True
    lead = _LEAD_RE.match(text)  # "so", "⇒" alone: the next line is the conclusion
    if lead is not None and lead.end() == len(text):
        return True
    if text.endswith(":") and _WORD_RE.search(text):  # "Taking square roots:"
        return True
    inner = text[1:-1]
    if (  # "(divide by d1)"
        text.startswith("(")
        and text.endswith(")")
        and not any(ch in "()=" for ch in inner)
        and re.search(r"[^\W\d_]{3}", inner)
    ):
        return True
    return bool(_WORDS_ONLY_RE.fullmatch(text) or _CHECK_RE.match(text))


def _split_before(pattern: re.Pattern[str], line: str) -> list[str]:
    """``line`` cut just before each match of ``pattern`` that has text before it."""
    cuts = [m.start() for m in pattern.finditer(line) if line[: m.start()].strip()]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]


# a condition or a reason in brackets at the end of a step: "c = 1/√d1 (c > 0)", "(taking the
# positive root)": said about the step, not part of its equation
_ASIDE_RE = re.compile(
    r"\s*\((?=[^()]*(?:[<>≤≥]|\b(?:tak(?:e|ing)|since|as|because|positive|negative|root)\b))"
    r"[^()]*\)\s*$",
    re.I,
)


# a reason after a step, in words: "c = 1/√d1 since c > 0", "c²d1 = 1, because E[x²] = 1"
# (starting only after a character that is not a space or a comma: one try per run of spaces)
_REASON_RE = re.compile(
    r"(?<![\s,;])(?:\s*[,;]\s*|\s+)(?:since|because|as|given(?:\s+that)?|taking|assuming|using)"
    r"\s+\S",
    re.I,
)


def _split_sides(text: str) -> list[tuple[int, str, str]]:
    """Split a line at its top-level '=' (or '≈') signs: [(column, side text, the relation
    before it)]."""
    approx = {m.start() for m in _APPROX_RE.finditer(text)}
    text = _APPROX_RE.sub(lambda m: "=" + " " * (len(m.group(0)) - 1), text)
    aside = _ASIDE_RE.search(text)
    if aside is not None and "=" in text[: aside.start()]:
        text = text[: aside.start()]
    first = text.find("=")
    reason = _REASON_RE.search(text, first) if first > 0 else None
    if reason is not None:
        text = text[: reason.start()]
    bad = _BAD_RELATION_RE.search(text)
    if bad:
        raise LineError(
            "syntax",
            f"'{bad.group(0)}' is not checked in a derivation: write each step as an equation "
            "with '='.",
        )
    sides: list[tuple[int, str, str]] = []
    depth, start, i = 0, 0, 0
    relation = "="
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "=" and depth == 0:
            end = i
            if i > 0 and text[i - 1] == ":":  # ":=" reads as "="
                end = i - 1
            sides.append((start, text[start:end], relation))
            relation = "≈" if i in approx else "="
            if i + 1 < len(text) and text[i + 1] == "=":  # "==" reads as "="
                i += 1
            start = i + 1
        i += 1
    sides.append((start, text[start:], relation))
    return sides


def _at(text: str, column: int) -> str:
    """The line (escaped, cut to a window around ``column`` when long) and a caret under
    ``text[column]``, on two lines of their own after a message."""
    shown, caret = pointed(text, column, ECHO_WIDTH)
    return f"\n  {shown}\n  {caret}"


def _unit_at(piece: str, column: int | None) -> str | None:
    """The unit word (``ns``, ``seconds``) an unreadable side has at ``column``, if any."""
    from tutor.inputlang.rules import UNITS

    def unit(word: str) -> bool:  # "S" (a sum, as in E[S]) is not the s of seconds
        return word in UNITS or len(word) > 1 and word.lower() in UNITS

    if column is not None:
        m = re.match(r"[^\W\d_]+", piece[column:])
        if m and unit(m.group(0)):
            return m.group(0)
    # "400 ns + 100 ns = 10t": a unit after a number anywhere in the side
    for m in re.finditer(r"\d\s*([^\W\d_]+)", piece):
        if unit(m.group(1)):
            return m.group(1)
    return None


def _after_number(piece: str, unit: str) -> bool:
    """Does the unit word ``unit`` follow a number in ``piece`` (spaces, LaTeX spacing or a
    font command between them: "50\\ \\textsf{ns}")?"""
    between = r"(?:[\s~{},;:!]|\\[A-Za-z]*)*"
    return re.search(rf"\d{between}{re.escape(unit)}(?!\w)", piece) is not None


# a word in a line: two letters or more, not a LaTeX command's name
_LINE_WORD_RE = re.compile(r"(?<![\\\w])[^\W\d_]{2,}(?!\w)")
SENTENCE_WORDS = 3  # words (not the box's names or functions) that make an unreadable line prose


def _sentence(piece: str, ctx: Any) -> bool:
    """Is an unreadable line without '=' a sentence: at least ``SENTENCE_WORDS`` words that are
    not the box's names, functions or Greek letters ("the remat pass costs 20 fwd")?"""
    from tutor.inputlang.lexer import GREEK_NAMES
    from tutor.inputlang.rules import BUILTIN_FUNCTIONS

    known = {*ctx.symbols, *ctx.definitions, *ctx.functions, *BUILTIN_FUNCTIONS, *GREEK_NAMES}
    words = [w for w in _LINE_WORD_RE.findall(piece) if w not in known and w.lower() not in known]
    return len(words) >= SENTENCE_WORDS


def line_unit(box: Any) -> str | None:
    """The unit a derivation's numbers are in: its target (value) box's, when that is a unit of
    time the reader knows (``ns``); None otherwise (a unit in a line is then refused)."""
    from tutor.inputlang.rules import UNITS

    target = getattr(box, "target_box", None)
    unit = getattr(target, "unit", None)
    return unit if unit in UNITS else None


# a number and a unit word after it: "50 ns", "0.05 μs", "500ns", "5e−8 s" (the exponent's
# minus as a PDF puts it, as the reader takes it: ``tutor.inputlang.lexer``)
_EXP_DASHES = "−–‐‑‒—﹣"
_NUMBER_UNIT_RE = re.compile(
    rf"(?<![\w.])(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+\-{_EXP_DASHES}]?\d+)?)\s*"
    r"(?P<unit>[^\W\d_]+)(?!\w)"
)


# a unit after a number as LaTeX sets it: "46.875\\,\\text{ns}", "50~\\text{ns}", "50\\mathrm{ns}",
# "50~ns" (after ``untexted``, which leaves a one-word \\text alone and blanks "\\,")
_LATEX_UNIT_RE = re.compile(
    r"(?<=\d)(?P<gap>[\s~]*)(?:(?P<mu>\\mu\s*)?\\(?:text|textrm|mathrm|rm|mbox|operatorname)"
    r"\s*\{\s*(?P<word>[^\W\d_]+)\s*\}|~\s*(?P<bare>[^\W\d_]+)(?!\w))"
)


def _plain_units(text: str) -> str:
    """``text`` with each unit of time set in LaTeX right after a number ("46.875\\,\\text{ns}",
    "50~\\text{ns}", "0.05\\,\\mu\\text{s}") as typed plainly ("46.875 ns"), the same length (columns kept)."""
    from tutor.inputlang.rules import UNITS

    def plain(m: re.Match[str]) -> str:
        word = ("μ" if m.group("mu") else "") + (m.group("word") or m.group("bare"))
        if word not in UNITS and word.lower() not in UNITS:
            return m.group(0)
        return (" " + word).ljust(len(m.group(0)))

    return _LATEX_UNIT_RE.sub(plain, text)


def _in_unit(number: int, text: str, unit: str, ctx: Any, said: str = "") -> str:
    """``text`` with each number followed by a unit of time ("50 ns", "0.05 μs") as that number
    in ``unit`` (the box's: 0.05 μs is 50 ns), exactly, to the digits typed (a power of ten
    moves the point). The box's own unit is left out wherever it follows a number; another
    unit is converted only where the number and its unit are a side of their own
    (``t = 0.05 μs``: in ``305/6 μs`` it would scale the divisor alone), and refused
    elsewhere. A word that is one of the box's names is not a unit."""
    from decimal import Decimal, InvalidOperation

    from tutor.inputlang.rules import UNITS

    target = UNITS[unit]

    def exponent(word: str) -> int | None:
        word = word.replace("µ", "μ")
        if word in ctx.symbols or word in ctx.definitions:
            return None
        if word in UNITS:
            return UNITS[word]
        return UNITS.get(word.lower()) if len(word) > 1 else None  # "S" (a sum) is no unit

    def convert(m: re.Match[str]) -> str:
        power = exponent(m.group("unit"))
        if power is None:
            return m.group(0)
        if power == target:
            return m.group("num").ljust(len(m.group(0)))  # columns kept
        before, after = text[: m.start()].rstrip(), text[m.end() :].lstrip()
        if not (before == "" or before.endswith("=")) or not (after == "" or after[0] == "="):
            raise LineError(
                "unit",
                f"Line {said or number}: '{m.group(0).strip()}' is in {m.group('unit')}, and this "
                f"working is in {unit}: write its numbers in {unit}.",
                number,
            )
        try:
            num = re.sub(f"[{_EXP_DASHES}]", "-", m.group("num"))
            value = Decimal(num).scaleb(power - target)
        except InvalidOperation:
            return m.group(0)
        return format(value, "f").ljust(len(m.group(0)))

    return _NUMBER_UNIT_RE.sub(convert, text)


# a phrase of words only: "remat time", "time with disk loads", "disk's time"
_PHRASE_RE = re.compile(r"\s*[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*\s*")


def _phrases(text: str, ctx: Any) -> list[list[str]] | None:
    """The words of each side of a line that is words on both sides of '=' ("remat time =
    disk time"), with a word that is not one of the box's names; None for any other line."""
    sides = untexted(text).split("=")
    if len(sides) < 2 or not all(_PHRASE_RE.fullmatch(side) for side in sides):
        return None
    words = [re.findall(r"[^\W\d_]+", side) for side in sides]
    from tutor.inputlang.lexer import GREEK_NAMES
    from tutor.inputlang.rules import BUILTIN_FUNCTIONS

    known = {*ctx.symbols, *ctx.definitions, *ctx.functions, *BUILTIN_FUNCTIONS, *GREEK_NAMES}
    if all(w in known or w.lower() in known for side in words for w in side):
        return None  # "t = t_fwd": the box's names, an equation
    return words


def heading(text: str, ctx: Any) -> bool:
    """Is ``text`` a heading in words with '=' between phrases ("remat time = disk time",
    "time with recomputation = time with disk loads")? Commentary, not a step, as a lead-in
    ending in ':' is (asked only of a line that does not read as an equation). A phrase of one
    word on each side ("remat = disk") is not: that line is refused, saying it reads as
    words."""
    words = _phrases(text, ctx)
    return words is not None and any(len(side) > 1 for side in words)


def read_line(number: int, text: str, ctx: Any, unit: str | None = None, label: str = "") -> Line:
    """Read one line into its sides. Raises ``LineError`` saying where it cannot be read.
    With ``unit`` (``line_unit``), a number followed by a unit of time is read in that unit
    (``t = 50 ns`` is ``t = 50``; ``t = 0.05 μs`` too, in a box working in ns)."""
    said = label or str(number)
    import sympy as sp

    if len(text) > MAX_LENGTH:
        raise LineError(
            "too-long", f"Line {said} is {len(text)} characters; the limit is {MAX_LENGTH}."
        )
    if _commentary(text):  # kept by ``split_lines``: it takes the answer back
        found = _disowning(text, ctx)
        if found is not None:
            raise LineError(
                "taken-back",
                f"Line {said} takes the answer back ('{found}'): remove it or fix the working.",
                number,
            )
    text = untexted(text)  # "\\text{ since } …": words, read as words (columns kept)
    if "\\" in text or "~" in text:
        text = _plain_units(text)  # "t = 46.875\\,\\text{ns}": "t = 46.875 ns"
    if unit is not None and _NUMBER_UNIT_RE.search(text):
        text = _in_unit(number, text, unit, ctx, said)
    lead = _LEAD_RE.match(text)
    offset = lead.end() if lead else 0
    body = text[offset:]
    sides: list[Side] = []
    try:
        pieces = _split_sides(body)
    except LineError as exc:
        raise LineError(exc.reason, f"Line {said}: {exc.message}", number) from None
    for k, (col, piece, relation) in enumerate(pieces):
        if not piece.strip():
            raise LineError(
                "syntax",
                f"Line {said}: one side of '=' is empty.{_at(text, offset + col)}",
                number,
            )
        try:
            parsed = parse_answer(piece, ctx)
        except ParseError as exc:
            if k == 0 and len(pieces) > 2 and is_label(piece, ctx):
                continue  # "E[RMS²] = c²·d1 = 1": a name for what follows, not a side

            caret = "" if exc.column is None else _at(text, offset + col + exc.column)
            # columns count within one side of the line: the caret shows where instead
            message = _COLUMN_RE.sub("", exc.message)
            found = _unit_at(piece, exc.column)
            if _phrases(body, ctx) is not None:  # "remat = disk": words, not an equation
                caret = ""
                message = (
                    "this reads as words, not an equation: say it in words on a line of its "
                    "own ending in ':' (as in 'fast time = slow time:'), then write the "
                    "equation with numbers and the box's names."
                )
            elif len(pieces) == 1 and _sentence(piece, ctx):  # "the remat pass costs 20 fwd …"
                caret = ""
                message = (
                    "this reads as a sentence, not a step: write each step as an equation "
                    "with '=' (words can go in brackets after it, or on a line of their own "
                    "ending in ':')."
                )
            elif found is not None:  # "t = ns 50": the working is in numbers, its unit said once
                message = (
                    f"'{found}' is a unit: a derivation's lines are equations of numbers, "
                    "without units (the box says which unit its numbers are in)."
                    if unit is None
                    else f"'{found}' is a unit: write a unit right after a number "
                    f"(t = 12 {unit}), or leave it out (this box works in {unit})."
                    if not _after_number(piece, found)
                    else f"'{found}' is a unit, and I can't read it where it stands: type the "
                    f"number and its unit plainly (t = 12 {unit}), or leave the unit out (this "
                    f"box works in {unit})."
                )
            raise LineError(exc.reason, f"Line {said}: {message}{caret}", number) from None
        value = parsed.value
        if parsed.dists or parsed.tail or not isinstance(value, sp.Basic):
            raise LineError(
                "kind",
                f"Line {said}: each side must be an expression in this box's symbols "
                f"(I read {pretty(value) or 'a distribution'}).",
                number,
            )
        typed = show(parsed.tree) if parsed.tree is not None else pretty(value)
        if parsed.both_signs:
            plus, minus = parsed.with_sign(1).value, parsed.with_sign(-1).value
            sides.append(Side(piece.strip(), plus, minus, typed, relation))
        else:
            sides.append(Side(piece.strip(), value, None, typed, relation, parsed.tree, ctx))
    return Line(number, text.strip(), tuple(sides), label=label)


# a line stating a limit: two sides and one of ≤ ≥ < > between them
_LIMIT_RE = re.compile(r"<=|>=|[≤≥<>]|\\(?:leq?|geq?|lt|gt)(?![A-Za-z])")
_LIMIT_SHOWN = {"<=": "≤", ">=": "≥", "\\le": "≤", "\\leq": "≤", "\\ge": "≥", "\\geq": "≥"}
_LIMIT_SHOWN.update({"\\lt": "<", "\\gt": ">"})


def read_limit(
    number: int, text: str, ctx: Any, unit: str | None = None, label: str = ""
) -> Line | None:
    """A line stating a limit with one of ≤ ≥ < > and no '=' ("t ≤ 50", "50 ≥ t"), read as the
    equation its sides make (``t = 50``), the relation kept for display and the text for the
    value box (``Line.limit``); None for any other line. Only a derivation's last line, in a
    box whose value is a limit (``bound``), is read so (``Prepared.read``)."""
    body = untexted(text)
    lead = _LEAD_RE.match(body)
    body = body[lead.end() :] if lead else body
    found = list(_LIMIT_RE.finditer(body))
    if len(found) != 1 or "=" in _LIMIT_RE.sub("", body):
        return None
    m = found[0]
    as_equation = body[: m.start()] + "=" + " " * (len(m.group(0)) - 1) + body[m.end() :]
    try:
        line = read_line(number, as_equation, ctx, unit, label)
    except LineError:
        return None
    if len(line.sides) != 2:
        return None
    relation = _LIMIT_SHOWN.get(m.group(0), m.group(0))
    sides = (line.sides[0], replace(line.sides[1], relation=relation))
    return Line(number, text.strip(), sides, limit=body.strip(), label=label)


@lru_cache(maxsize=1)
def stand_in_symbol() -> Any:
    """The symbol a typed number is replaced by to find the exact value it stands for."""
    import sympy as sp

    return sp.Dummy("typed", positive=True)


def _places(text: str) -> int | None:
    """Digits after the point of a number as typed, less the power of ten after it (``4.69e1``
    has 1); None for a number typed without a point."""
    mant, _, ex = text.lower().partition("e")
    if "." not in mant:
        return None
    shift = int(ex) if ex.lstrip("+-").isdigit() else 0
    return len(mant.split(".")[1]) - shift


class _StandIn(Builder):
    """Builds a side's tree with one of its numbers replaced by the stand-in symbol."""

    def __init__(self, names: Any, target: Num) -> None:
        super().__init__(names)
        self.target = target

    def _Num(self, n: Num) -> Any:
        return stand_in_symbol() if n is self.target else super()._Num(n)


def _numbers(tree: Any, value: Any, ctx: Any) -> tuple[Typed, ...]:
    """The numbers of a side (its ``tree``, read in ``ctx``) that may stand for a value given
    to a precision: each typed with a decimal point, and a whole number that is the side alone;
    each with the side's value with that number replaced by the stand-in symbol. None at all
    when the tree does not build to ``value`` (a side read out of words)."""
    if tree is None:
        return ()
    alone = isinstance(tree, Num)
    picked = [n for n in walk(tree) if isinstance(n, Num) and (alone or _places(n.text))]
    if not picked:
        return ()
    build = Builder(ctx)
    try:
        if build.build(tree) != value:
            return ()
        out = []
        for n in picked:
            number = build.build(n)
            if number.is_Rational and number != 0:
                stand_in = _StandIn(ctx, n).build(tree)
                out.append(Typed(n.text, _places(n.text) or 0, number, alone, stand_in))
    except (ParseError, TypeError, ValueError, AttributeError):
        return ()
    return tuple(out)
