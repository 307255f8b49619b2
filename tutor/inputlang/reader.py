"""Reading one whole answer: what is around it, its clauses, relation, bound, unit and claims.

``parse_answer(text, names)`` is the one reader: it checks the length first, blanks out what
students type around an answer (backticks, "I think", "answer:", a full stop, "≈"), reads a
leading "~" or "grows like" as an order of growth, a label (``c =``, ``g(z, μ) =``), a bound
("at most", ``<=``), the words after a value (units, nouns), distribution clauses
(``z ~ N(0, I)``) and a trailing claim ("independent of d2"); the expression itself goes to the
parser and the builder. ``box_names(box)`` reads a box's own names, definitions and measure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

from tutor.inputlang import contrast, sentences, wheres
from tutor.inputlang.build import Builder, need_expr
from tutor.inputlang.emphasis import unbold
from tutor.inputlang.intervals import TWO_ENDS, as_bound
from tutor.inputlang.latextext import displayed, untexted
from tutor.inputlang.lexer import Token, tokenize
from tutor.inputlang.mathwords import in_notation
from tutor.inputlang.names import Names, frozen
from tutor.inputlang.orderwords import in_operators, in_symbols, whole_order
from tutor.inputlang.parser import (
    CLOSE,
    FRACTION_POWER_REMARK,
    GREEK_NAMES,
    OPEN,
    Parser,
    State,
    check_brackets,
    names_its_distribution,
    split_top,
)
from tutor.inputlang.pretty import pretty_name, show
from tutor.inputlang.rules import (
    BUILTIN_FUNCTIONS,
    CLAUSE_WORDS,
    CONSTANT_NAMES,
    COUNT_WORDS,
    END_MARKS,
    LOWER_PHRASES,
    UNIT_DISPLAY,
    UNITS,
    UPPER_PHRASES,
    alias_of,
)
from tutor.inputlang.spellings import function_spellings, without_module_prefixes
from tutor.inputlang.takeback import NEGATIONS, TAKE_BACK, refuse_disowning_label, rejection
from tutor.inputlang.tree import (
    DensityOf,
    Name,
    Node,
    Num,
    OrderOf,
    Power,
    Product,
    Sampled,
    Signed,
    Sum,
    walk,
)
from tutor.inputlang.values import (
    Bound,
    Expectation,
    FormulaError,
    Normal,
    Order,
    Parsed,
    ParseError,
    check_length,
    is_plain,
    plus_minus_symbol,
)

REL_OPS = ("=", "<=", ">=", "<", ">", "~", "∝")


# What students type around an answer that is not part of it. Each is blanked out (replaced by
# spaces, so columns in messages still point into what was typed).
_WRAPPERS = (
    ("```", "```"),
    ("`", "`"),
    ("**", "**"),
    ("\\(", "\\)"),
    ("\\[", "\\]"),
    # quotation marks around the whole answer (a quote, not a prime: nothing starts with one)
    ('"', '"'),
    ("“", "”"),
    ("„", "“"),
    ("'", "'"),
    ("‘", "’"),
    ("«", "»"),
)
# an arrow or a check mark before the answer ("→ b", "✅ 1/√d1", "∴ 50 ns", "=> 20": "=>" is
# the conclusion arrow ⇒, never ≥)
_LEAD_MARK_RE = re.compile(r"(?:[→⟶➜➡➔⇨⇒⟹∴✓✔✅☑]|->|=>)\s*")
# a Markdown bullet before a labelled answer: "- c = …", "* c = …" (never "-c = …": a sign)
# (or "- E[RMS²(y)] = …": a label with brackets, no operator in it)
_BULLET_LABEL_RE = re.compile(
    r"^\s*[-*•]\s+(?=[A-Za-z][\w*]*\s*(?:=|:)|[A-Za-z][\w]*\s*[\[(][^=+\-*/:]*[\])]\s*(?:=|:))"
)
# a Markdown quote or a bullet (not a dash: see _DASH_BULLET_RE) at the start of a line, then
# a space, in boxes where neither a bound nor a product can start an answer
_QUOTED_KINDS = frozenset(("expression", "order", "expectation", "reparam"))
_QUOTE_OR_BULLET_RE = re.compile(r"(?m)^[ \t]*(?:>|[*•](?!\*))[ \t]+(?=[^\s=])")
# "- d1 + …": a list bullet or a minus sign? (a labelled "- c = …" is a bullet; so is one
# before LaTeX or bold, "- $d_1$", "- \\(20\\)", "- **20**", or before a single term, "- d1")
_DASH_BULLET_RE = re.compile(r"^\s*[-–][ \t]+(?=[^\s=])")
_MARKUP_RE = re.compile(r"\$|\\\(|\\\[|\*\*")
# a numbered list's item before LaTeX or bold: "1. $20$", "1. **20**" (never "20. This is
# because …", the answer and a sentence, nor "1. 20", a decimal?)
_NUMBERED_RE = re.compile(r"^\s*\d{1,2}\.[ \t]+(?=\$|\\[(\[]|\*\*)")
# a Markdown heading line of words before the answer ("### Answer"), and a code fence's language
_HEADING_RE = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+([A-Za-z][A-Za-z '’-]*?)[ \t:]*$(?=\n\s*\S)")
_FENCE_LANG_RE = re.compile(r"\s*```([A-Za-z][\w+.-]*)[ \t]*(?=\n)")
_QUOTE_RE = re.compile(r"^\s*>[ \t]+(?=\S)")
_STRUCK_RE = re.compile(r"~~([^~\n]+)~~")
_BULLETED_KINDS = _QUOTED_KINDS | {"number", "count"}
_SUM_RE = re.compile(r"[+−]|(?<=[\w)\]}])\s*-\s*(?=[\w(√])")
# a bullet before a number or a count ("- 20 fwd", "• 50 ns"): never a negative count or time
_BULLET_NUMBER_RE = re.compile(r"^\s*(?:[*•]|-(?=\s+\d))\s+")
# assignment as code and pseudocode write it: "c ← x", "c ⟵ x"; R's "c <- x" (with spaces)
_ASSIGN_RE = re.compile(r"[←⟵]")
_ARROW_ASSIGN_RE = re.compile(r"(?<=\S) <- (?=\S)")
# a starred label, "c* = …" (the optimal c): the star is not a product
_STARRED_LABEL_RE = re.compile(r"(?<=[A-Za-z0-9_}])\*(?=\s*=(?!=))")
# "1/√d1 exactly": the value, said to be exact
_EXACTLY_RE = re.compile(r"(?<=\S)\s+(?:exactly|precisely)\s*$", re.I)
# a hedge after the answer: "20, but I am not sure", "50 ns (not sure)", "1/d1 I think"
_HEDGE = (
    r"(?:(?:but|though|although)\s+)?(?:i\s*'?\s*m|i\s+am)\s+not\s+(?:(?:100\s*%|totally|"
    r"completely|entirely|very|too|so)\s+)?(?:sure|certain|confident)(?:\s+about\s+(?:it|this|that))?"
    r"|not\s+(?:(?:100\s*%|totally|very|too|so)\s+)?(?:sure|certain)|unsure|i\s+think|i\s+guess|"
    r"i\s+believe|probably|maybe|hopefully|(?:but\s+)?(?:i\s*'?\s*m|i\s+am)\s+guessing"
)
_HEDGE_RE = re.compile(
    rf"(?<=\S)\s*(?:[,;:—–-]\s*|\s)(?:\(\s*(?:{_HEDGE})\s*[?.!]*\s*\)|(?:{_HEDGE})[?.!]*)\s*$",
    re.I,
)
# a gloss on a name after the answer, in words alone: "… where sigma is the std", "…, with σ²
# the variance", "… where d1 is the fan-in" (never a definition in symbols: "where x = μ + σz")
_GLOSS_RE = re.compile(
    r"(?<=\S)\s*[,;]?\s+(?:where|with|here|and)\s+(?P<name>[A-Za-zσμθλΣ][A-Za-z0-9_]*)(?:\^?2|²)?"
    r"\s+(?:is|=|being|denotes|means|stands\s+for|as)?\s*(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?P<words>[A-Za-z][A-Za-z '_-]*?)\s*$",
    re.I,
)
_GLOSS_MATH = frozenset(
    "plus minus times over divided squared cubed sigma mu theta lambda root sqrt power inverse "
    "half twice reciprocal exp log square".split()
)
_DASH_MINUS_RE = re.compile(r"(?:(?<=^)|(?<=^\s)|(?<=[(\[{=*/^]))[—‒﹣－](?=[\w(√\\])")
_BRACKETED_DIGITS_RE = re.compile(r"\s*\(\s*(\d+)\s*\)")
# 50,5 and 45,20: one or two digits after a comma with no space (1,000 is a thousands mark)
_DECIMAL_COMMA_RE = re.compile(r"(?<![\w.,])(\d+),(\d{1,2})(?![\d,.])")
_DIGITS_OPEN_RE = re.compile(r"(?<![\d.])(\d+)(\s*\(\s*)\Z")  # "20 (" just before a word
_CLOSE_RE = re.compile(r"\s*\)")
_FILLER_RE = re.compile(
    r"(?:i\s+think|i\s+believe|i\s+guess|i\s+got|i\s+get|my\s*answer\s*is|my\s+answer|"
    r"the\s*answer\s*is|answer\s*is|final\s+answer|answer|ans|result|maybe|probably|perhaps|"
    r"it\s+is|it's|it\s+should\s+be|should\s+be|must\s+be|it\s+must\s+be|exactly|precisely)"
    r"(?![A-Za-z0-9_])\s*(?::(?!=)|=(?![=<>]))?",
    re.I,
)
# a comment after the answer, as in code: "  # LeCun's rule", "  // fan-in": a space before and
# after the mark, then words ("#3" names a choice, "1//2" is no comment, "# 3" no words)
_COMMENT_RE = re.compile(r"\s(?:#|//)\s+[^\W\d_].*\Z", re.S)
# the words that say a value is approximate ("about 50 ns"): one vocabulary, for reading the
# value (here) and for judging a right value said so (``tutor.checking.judge._approximate``)
APPROX_WORDS = r"approx\.?|approximately|about|around|roughly"
# "≈ 20", "about 50 ns": the value itself (an approximation sign is not a different answer)
_APPROX_RE = re.compile(rf"≈|\\approx|(?:{APPROX_WORDS})(?![A-Za-z0-9_])", re.I)
# "t: ~50 ns", "fwd = ≈ 20": an approximation sign after a label (a number or count box: there
# '~' is "about", as at the start)
_LABEL_APPROX_RE = re.compile(
    r"^(\s*[^\W\d][\w]*\s*(?::=|:|=)\s*)(~|∼|≈|\\approx(?![A-Za-z])|\\sim(?![A-Za-z]))"
)
# "∈ Θ(…)": in the set of functions of that order (never "t ∈ (0, 50]", an interval)
_IN_ORDER_RE = re.compile(
    r"(?:∈|\\in(?![A-Za-z]))(?=\s*(?:Θ|Ω|\\Theta|\\Omega|\\mathcal\s*\{?\s*O|Theta|O)\s*[({])"
)
# "~ d1^2", "grows like d1^2": an order of growth, Θ(...)
_ORDER_RE = re.compile(
    r"~|∼|∝|\\(?:sim|propto)(?![A-Za-z])|(?:(?:grows|scales|goes|increases)\s+(?:like|as)|proportional\s+to|"
    r"(?:on\s+the\s+)?order\s+of|of\s+order|order)(?![A-Za-z0-9_])",
    re.I,
)
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i >= 2
}
_NUMBER_WORD_RE = re.compile(
    r"(?<![A-Za-z0-9_])(?:(" + "|".join(_TENS) + r")(?:[- ](one|two|three|four|five|six|seven|"
    r"eight|nine))?|(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")|"
    r"(a\s+hundred|one\s+hundred|hundred))(?![A-Za-z0-9_])",
    re.I,
)


# a number in words beside an operator said in words is an operand ("one over root d1", "d1
# divided by two", "two times d2"); elsewhere ("one of the choices") words stay as typed
_OPERATOR_WORDS = r"(?:times|multiplied\s+by|divided\s+by|over|plus(?!\s+or\s)|minus)"
_WORD_RUN = r"[A-Za-z]+(?:-[A-Za-z]+)?"
_NUMBER_BY_OPERATOR_RE = re.compile(
    rf"(?<![A-Za-z0-9_])(?P<num>{_WORD_RUN})(?=\s+{_OPERATOR_WORDS}\s)|"
    rf"(?<![A-Za-z])(?P<op>{_OPERATOR_WORDS}\s+)(?P<after>{_WORD_RUN})(?![A-Za-z0-9_])",
    re.I,
)


def _operand_in_digits(m: re.Match[str]) -> str:
    said = m.group("num") if m.group("num") is not None else m.group("after")
    spelled = _NUMBER_WORD_RE.fullmatch(said)
    if spelled is None:  # a word, not a number: left as typed
        return m.group(0)
    return (m.group("op") or "") + _number_word(spelled)


# "1,000", "1 000", "12,345,678": thousands separators in a number (each group exactly three
# digits, so every match is found in one left-to-right pass, without backtracking)
_THOUSANDS_RE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,]*\d)|(?<![\d.])\d{1,3}(?: \d{3})+(?![\d.])"
)


def _thousands(m: re.Match) -> str:
    digits = m.group(0).replace(",", "").replace(" ", "")
    return digits.ljust(len(m.group(0)))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def normalize(text: str, kind: str) -> tuple[str, str | None]:
    """Blank out what is around the answer rather than part of it: wrappers (backticks,
    ``**bold**``, ``\\(...\\)``), a leading "I think" / "answer:" / "=", a trailing full stop or
    question mark (and, in number and count boxes, an exclamation mark), an approximation sign.
    Returns the text (same length, so columns still match) and "order" when a leading ``~`` /
    "grows like" asks for an order of growth."""
    numeric = kind in ("number", "count")
    exclaim = numeric or kind == "choice"  # "20!", "c!": not a factorial
    hint: str | None = None
    text = unbold(text)
    # "∈ Θ(d1²)", "\\in \\Theta(d_1^2)": membership in an order is that order, '='
    text = _IN_ORDER_RE.sub(lambda m: "=".ljust(len(m.group(0))), text)
    # an em dash (or a figure dash, a minus from a PDF) glued before a value at the start or
    # after an operator or an opening bracket: a minus ("—d1", "(—1)"), never a remark's dash
    text = _DASH_MINUS_RE.sub("-", text)
    changed = True
    while changed:
        changed = False
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        end = lead + len(stripped)
        for a, b in _WRAPPERS:
            if len(stripped) > len(a) + len(b) and stripped.startswith(a) and stripped.endswith(b):
                text = _blank(text, lead, lead + len(a))
                text = _blank(text, end - len(b), end)
                changed = True
                break
        if changed:
            continue
        tail = stripped[-1:] if stripped else ""
        if tail and tail in END_MARKS:  # a check mark or an end-of-proof box after the answer
            text = _blank(text, end - 1, end)
            changed = True
            continue
        comment = _COMMENT_RE.search(stripped)
        if comment is not None and comment.start() > 0:  # "1/√d1  # LeCun": a code comment
            text = _blank(text, lead + comment.start(), end)
            changed = True
            continue
        if tail in (".", "?", "。") or (tail == "!" and exclaim):
            if not (tail == "." and stripped[-2:-1] == "\\"):
                text = _blank(text, end - 1, end)
                changed = True
                continue
        mark = _LEAD_MARK_RE.match(stripped)
        if mark is not None and stripped[mark.end() :].strip():  # "→ b", "✅ 1/√d1"
            text = _blank(text, lead, lead + mark.end())
            changed = True
            continue
        if stripped[:1] == "=" and stripped[1:2] not in ("=", "<", ">"):
            text = _blank(text, lead, lead + 1)
            changed = True
            continue
        for rx, what in ((_FILLER_RE, None), (_APPROX_RE, None), (_ORDER_RE, "order")):
            m = rx.match(text, lead)
            if m and m.end() > lead:
                if what == "order" and numeric:
                    what = None  # "~50 ns": about 50 ns
                text = _blank(text, lead, m.end())
                hint = what or hint
                changed = True
                break
    if numeric:
        text = _LABEL_APPROX_RE.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    text = without_module_prefixes(text)  # np.sqrt, math.pi (same length)
    if kind in ("expectation", "reparam"):
        text = in_notation(text)  # "z is standard normal", "∂/∂θ" (same length)
    text = _ASSIGN_RE.sub(lambda m: "=".ljust(len(m.group(0))), text)  # c ← x, c ⟵ x
    if not numeric:
        text = _ARROW_ASSIGN_RE.sub(" =  ", text)  # R's "c <- x" (spaced: never "c < -x")
    text = _BULLET_LABEL_RE.sub(lambda m: " " * len(m.group(0)), text)  # "- c = …"
    if kind in _QUOTED_KINDS:
        # "> …" (a Markdown quote), "* …", "• …" (a bullet): never a bound nor a product
        text = _QUOTE_OR_BULLET_RE.sub(lambda m: " " * len(m.group(0)), text)
    if numeric:
        text = _BULLET_NUMBER_RE.sub(lambda m: " " * len(m.group(0)), text)  # "- 20 fwd"
    text = _STARRED_LABEL_RE.sub(" ", text)  # "c* = …": the optimal c, a label
    text = _EXACTLY_RE.sub(lambda m: " " * len(m.group(0)), text)  # "… exactly"
    text = _HEDGE_RE.sub(lambda m: " " * len(m.group(0)), text)  # "…, but I am not sure"
    gloss = _GLOSS_RE.search(text)
    if gloss is not None and kind != "choice":  # "… where sigma is the std": a gloss
        said = re.findall(r"[A-Za-z]+", gloss.group("words").lower())
        squared = bool(re.search(r"(?:\^?2|²)\s", gloss.group(0)))
        # "σ is the variance", "σ² the standard deviation": a gloss at odds with the box's σ
        # (σ the standard deviation) changes what the answer says: not left out
        odd = ("variance" in said and not squared) or (
            squared and ("std" in said or "deviation" in said)
        )
        if said and not odd and all(len(w) > 1 and w not in _GLOSS_MATH for w in said):
            text = _blank(text, gloss.start(), gloss.end())
    # "fan-in" is the name fan_in (same length)
    text = re.sub(r"(?i)\b(fan)-(in|out)\b", r"\1_\2", text)
    if kind in ("order", "expression", "expectation", "reparam"):
        text = _NUMBER_BY_OPERATOR_RE.sub(_operand_in_digits, text)  # "one over root d1"
    if kind in ("order", "expression"):
        text = in_symbols(text, kind)  # "d1 squared": d1^2; "quadratic in d1": Θ(d1^2)
    elif kind in ("expectation", "reparam"):
        text = in_operators(text)  # "f(x) times (x − μ) over σ²"
    if not numeric and kind in ("expression", "order"):
        whole = _NUMBER_WORD_RE.fullmatch(text.strip())  # "one" as the whole answer: 1
        if whole is not None:
            lead = len(text) - len(text.lstrip())
            text = text[:lead] + _number_word(whole) + text[lead + len(whole.group(0)) :]
    if numeric:
        text = _restated(text)  # "twenty (20)": the digits after the words say it again
        text = _NUMBER_WORD_RE.sub(_number_word, text)
        text = _THOUSANDS_RE.sub(_thousands, text)
        # "2 x 10", "2x10": a product of numbers (never a hexadecimal 0x32)
        while (timesed := _TIMES_X_RE.sub(_times, text)) != text:  # 2x3x4: one pass each x
            text = timesed
        # "50 nano seconds": a unit split in two (same length: the space goes to the end)
        text = _SPLIT_UNIT_RE.sub(_joined_unit, text)
        # "between 0 and 50 ns", "from 0 to 50 ns": at most 50 ns (same length)
        text = _FROM_ZERO_RE.sub(lambda m: "<=" + " " * (len(m.group(0)) - 2), text)
    if kind == "number":
        text = as_bound(text)  # "t ∈ (0, 50]": t <= 50 (same length)
    if numeric:
        comma = _DECIMAL_COMMA_RE.search(text)
        if comma is not None:  # "50,5 ns": a decimal comma, or two answers; either way, ask
            raise ParseError(
                "syntax",
                f"I read '{comma.group(0)}' with a comma: for a decimal comma type a point "
                f"({comma.group(1)}.{comma.group(2)}); for two answers, give one.",
                comma.start(),
            )
    return text, hint


# "d1 x d2": an x with a space either side, between two values, in a box with no x of its own
_TIMES_LETTER_RE = re.compile(r"(?<=[\w)\]}²³])[ \t]+x[ \t]+(?=[\w(√\\])")


def _x_is_free(names: Names) -> bool:
    return not any(
        "x" in where for where in (names.symbols, names.definitions, names.functions, names.bound)
    )


# functions of mathematics or code that no box gives a meaning: named as such when applied
_FOREIGN_FUNCTIONS = frozenset(
    "min max sin cos tan tanh sinh cosh arcsin arccos arctan erf erfc floor ceil round abs sign "
    "sgn argmin argmax sigmoid relu softmax".split()
)


def _refuse_foreign_functions(tokens: list[Token], names: Names) -> None:
    """``min(d1, d2)``: a function the box does not know, said so (never a bracket error)."""
    for t, nxt in zip(tokens, tokens[1:], strict=False):
        if (
            t.kind == "name"
            and nxt.kind == "op"
            and nxt.text in ("(", "[")
            and t.text.lower() in _FOREIGN_FUNCTIONS
            and t.text not in names.symbols
            and t.text not in names.functions
            and t.text not in names.definitions
        ):
            known = ", ".join(f for f in (*names.functions, *BUILTIN_FUNCTIONS))
            raise ParseError(
                "unknown-name",
                f"'{t.text}' (column {t.col + 1}) is not a function this box knows (it knows "
                f"{known}): write the answer without it.",
                t.col,
            )


def _times(m: re.Match[str]) -> str:
    """``2 x `` as ``2 * `` (the same length)."""
    return m.group(0).replace(m.group(1), "*")


def _from_zero(
    segs: list[list[Token]], seps: list[str], names: Names, state: State, end: int
) -> tuple[list[list[Token]], list[str]]:
    """``0 < t ≤ 50`` (or ``50 ≥ t > 0``): a range from zero is the upper bound alone, ``t ≤
    50`` (a time is never below zero). Another range is refused: the box asks for one value or
    one bound. Anything else is returned as it is."""
    up = ("<", "<=")
    down = (">", ">=")
    if not (all(x in up for x in seps) or all(x in down for x in seps)):
        return segs, seps
    low, high = (segs[0], segs[2]) if seps[0] in up else (segs[2], segs[0])
    bound = seps[1] if seps[0] in up else {">": "<", ">=": "<="}[seps[0]]
    try:
        parser = Parser(low, names, state, end)
        value = Builder(names).build(parser.expr())
    except ParseError:
        value = None
    if value is not None and value == 0:
        return [segs[1], high], [bound]
    col = segs[0][0].col if segs[0] else 0
    raise ParseError("syntax", TWO_ENDS, col)


def _joined_unit(m: re.Match[str]) -> str:
    """``nano seconds`` as ``nanoseconds `` (the same length)."""
    joined = m.group(1) + m.group(2)
    return joined + " " * (len(m.group(0)) - len(joined))


_TIMES_X_RE = re.compile(
    r"(?:(?<![0-9A-Za-z_.])|(?<=\*))(?!0[xX][0-9A-Fa-f])\d+(?:\.\d+)?\s*([xX])\s*(?=\d)"
)
_FROM_ZERO_RE = re.compile(
    r"(?<![A-Za-z])(?:between|from)\s+0(?:\.0*)?\s*(?:[A-Za-zμµ]+\s+)?(?:and|to)\s+(?=\d)", re.I
)
_SPLIT_UNIT_RE = re.compile(
    r"(?<![A-Za-z])(nano|micro|milli|pico)\s+(sec(?:ond)?s?)(?![A-Za-z])", re.I
)


# A line that goes on with the one before: it starts with what cannot start an answer (an
# operator, a closing bracket, "≈", a clause word), or the line before ends with an operator.
_CONTINUES_BEFORE = tuple("+-*/^=<>~(,;:·×−∼≈≤≥∝[{|_\\")
_CONTINUES_AFTER = tuple("+*/^=<>~),;:·×∼≈≤≥∝]}|_'!")
_CLAUSE_START_RE = re.compile(r"(?:where|with|and|for|so|i\.e\.)(?![A-Za-z0-9_])", re.I)


# a line stating a law: "p(z) = N(0, I)", "p(z) = p_{μ=0}"
_LAW_LINE_RE = re.compile(r"\s*p\s*\(\s*[A-Za-z\\]\w*\s*\)\s*=")


# where displayed mathematics starts: "$$", "\\[", "\\(" (an environment reads as "$$")
_DISPLAY_OPENS = ("$", "\\[", "\\(")
_LAST_WORD_RE = re.compile(r"(?<![\w'’])([A-Za-z]+)\s*\Z")


def _states(text: str, end: int) -> bool:
    """Does ``text[:end]`` (a line before a display) end in a verb that states a value ("The
    constant is", "we get")?"""
    m = _LAST_WORD_RE.search(text, 0, end)
    return m is not None and m.group(1).lower() in _STATING


def join_lines(text: str) -> str:
    """An answer typed over several lines (same length back, so columns still match).

    A line break inside an expression that is clearly continued (inside brackets, after an
    operator, before a line starting with one or with a clause word) is a space; the ``$``
    framing displayed mathematics (``$$`` on lines of their own) is neither, and what follows a
    line ending in a verb that states it ("The constant is⏎$$ c = … $$", "So we need⏎20 fwd")
    goes on with that line; a line holding
    a distribution (``z ~ N(0, I)``) is a clause of the answer, as after a comma. A line break
    between two complete expressions is two answers: a ``ParseError`` saying so (never read as
    a product, never two numbers run together)."""
    if "\n" not in text and "\r" not in text:
        return text
    out = list(text)
    depth = 0
    prev_end = ""  # the last non-space character before the break
    i, n = 0, len(text)
    pending: int | None = None  # index of a line break not yet resolved
    display = False  # inside "$$ … $$"
    while i < n:
        ch = text[i]
        if ch in "\r\n":
            if depth <= 0 and prev_end and pending is None:
                pending = i
            out[i] = " "
            i += 1
            continue
        if pending is not None and _states(text, pending):
            pending = None  # "The constant is⏎$$ …", "So we need⏎20 fwd": what the line states
        if ch == "$":  # "$$" on a line of its own frames the answer, as \\[ … \\] does
            if text.startswith("$$", i):
                depth += -1 if display else 1
                display = not display
                i += 1
            i += 1
            continue
        if ch.isspace():
            i += 1
            continue
        if pending is not None:
            rest = text[i : i + 12]
            line_end = text.find("\n", i)
            line = text[i : line_end if line_end != -1 else n]
            if (
                prev_end in _CONTINUES_BEFORE
                or ch in _CONTINUES_AFTER
                or _CLAUSE_START_RE.match(rest)
            ):
                pass
            elif "~" in line or "∼" in line or "\\sim" in line or _LAW_LINE_RE.match(line):
                out[pending] = ","  # a distribution on its own line (p(z) = N(…)): a clause
            else:
                raise ParseError(
                    "syntax",
                    f"I read two answers, on two lines (the second at column {i + 1}); give "
                    "one answer, on one line (or join the lines with an operator).",
                    i,
                )
            pending = None
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        prev_end = ch
        i += 1
    return "".join(out)


def _colon_label(text: str) -> str:
    """``c: 1/√d1`` and ``t := 50 ns`` are labels, like ``c = 1/√d1``: the colon reads as '='."""
    i = _top_level_colon(text)
    if i is None or not text[:i].strip():
        return text
    if text[i + 1 : i + 2] == "=":
        return text[:i] + " " + text[i + 1 :]
    return text[:i] + "=" + text[i + 1 :]


def _restated(text: str) -> str:
    """A number in words followed by the same number in digits in brackets ("twenty (20)"),
    or in digits followed by the same in words ("20 (twenty)"): the bracket blanked (the same
    length). Digits after digits ("2 (2)") are left as typed."""
    out = text
    for m in _NUMBER_WORD_RE.finditer(text):
        said = _BRACKETED_DIGITS_RE.match(text, m.end())
        if said is not None and said.group(1) == _number_word(m).strip():
            out = _blank(out, said.start(), said.end())
            continue
        opened = _DIGITS_OPEN_RE.search(text, 0, m.start())  # "20 (" before "twenty"
        closed = _CLOSE_RE.match(text, m.end())
        if opened and closed and opened.group(1) == _number_word(m).strip():
            out = _blank(out, opened.start(2), closed.end())
    return out


def _number_word(m: re.Match) -> str:
    if m.group(1):
        value = _TENS[m.group(1).lower()] + (_NUMBER_WORDS[m.group(2).lower()] if m.group(2) else 0)
    elif m.group(3):
        value = _NUMBER_WORDS[m.group(3).lower()]
    else:
        value = 100
    digits = str(value)
    width = m.end() - m.start()
    return digits.ljust(width) if width >= len(digits) else digits


# a trailing side claim: "Θ(d1²), independent of d2", "d1 (not d2)", "d1 and not on d2".
# Names are separated by a comma or '&', or by a spaced "and"/"or": a separator is never part
# of a name, so a list splits one way only and a failed match costs linear time, not
# exponential (the old pattern let "and" be a separator or part of a name).
_NAME = r"\$?(?:[^\W\d_]|\\)[\w{}\\]*\$?"  # d2, d₂, σ, \sigma, d_{2}, $d_2$
_SEP = r"(?:\s*[,&]\s*|\s+(?:and|or)\s+)"
_CLAIM_RE = re.compile(
    r"(?:[,;]\s*|(?<!\s)\s+|\(\s*)(?:(?:and|but)\s+)?(?:independent\s+of|indep\.?\s+of|"
    r"does\s*n[o']?t\s+depend\s+on|doesn't\s+depend\s+on|not\s+depending\s+on|"
    r"no\s+dependence\s+on|not\s+on|not|no)\s+"
    rf"({_NAME}(?:{_SEP}{_NAME})*)\s*(?:dependence\s*)?\)?\s*$",
    re.I,
)


def claims(text: str, names: Names) -> tuple[str, tuple[Any, ...], bool]:
    """A trailing "independent of d2": blanked out, the symbols it names, and whether it was
    said as a bare "not d2" (which may instead set the answer against a wrong one)."""
    if names.kind not in ("expression", "order"):
        return text, (), False
    m = _CLAIM_RE.search(text)
    if m is None or not text[: m.start()].strip():
        return text, (), False
    before = text[: m.start()]
    if m.group(0).lstrip().startswith("(") and before.count("(") != before.count(")"):
        return text, (), False
    bare = not re.search(r"depend|indep", m.group(0), re.I)
    out = []
    for part in re.split(_SEP, m.group(1)):
        try:
            part = part.strip().strip("$")  # "$d_2$": LaTeX around the name
            toks = tokenize(part)
            tree = Parser(toks, names, State(), len(part)).expr() if toks else None
            value = Builder(names).build(tree) if tree is not None else None
        except ParseError:
            value = None
        if value is None or value not in names.symbols.values():
            return text, (), False  # not a claim about this box's symbols: read it as typed
        out.append(value)
    return _blank(text, m.start(), m.end()), tuple(out), bare


def strip_boxed(tokens: list[Token]) -> list[Token]:
    """``\\boxed{...}`` around the whole answer is unwrapped."""
    while len(tokens) >= 3 and tokens[0].kind == "cmd" and tokens[0].text == "boxed":
        if tokens[1].text != "{" or tokens[-1].text != "}":
            break
        depth, close = 0, -1
        for k in range(1, len(tokens)):
            t = tokens[k]
            if t.kind == "op" and t.text in OPEN:
                depth += 1
            elif t.kind == "op" and t.text in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    close = k
                    break
        if close != len(tokens) - 1:
            break
        tokens = tokens[2:-1]
    return tokens


def _bound_words(seg: list[Token]) -> tuple[Bound | None, list[Token]]:
    words = [t.text.lower() if t.kind == "name" else None for t in seg]
    for phrases, kind in ((UPPER_PHRASES, "upper"), (LOWER_PHRASES, "lower")):
        for ph in phrases:
            if tuple(words[: len(ph)]) == ph:
                return kind, seg[len(ph) :]  # type: ignore[return-value]
    return None, seg


def _scan_bound_vars(clauses: list[list[Token]], names: Names, state: State) -> None:
    """Names on the left of '~' are variables the answer binds (everywhere in it); so is a
    single name defined after the answer in a box that reads definitions (``E[f(x)], x = μ +
    σz``: see ``tutor.inputlang.wheres``)."""
    for k_clause, clause in enumerate(clauses):
        segs, seps = split_top(clause, REL_OPS)
        if (
            k_clause > 0
            and names.kind in wheres.KINDS
            and seps == ["="]
            and len(segs[0]) == 1
            and segs[0][0].kind == "name"
            and segs[0][0].text.isalpha()
            and segs[0][0].text not in names.symbols
            and segs[0][0].text not in names.functions
        ):
            state.bound.add(segs[0][0].text)
        if seps and seps[-1] == "~" and _order_statement(segs, seps, names):
            continue  # "c ~ 1/√d1": how c grows, not a variable c that follows a distribution
        for k, sep in enumerate(seps):
            if sep == "~":
                name = "".join(t.text for t in segs[k] if t.kind in ("name", "num"))
                if name and name[0].isalpha() and name not in names.symbols:
                    state.bound.add(name)


def _label_var(label: list[Token], names: Names, state: State) -> Name | None:
    """``p(z)`` as a label: the variable z."""
    if (
        len(label) == 4
        and label[0].kind == "name"
        and label[1].text == "("
        and label[3].text == ")"
    ):
        t = label[2]
        if t.text in state.bound:
            return Name(t.text, "bound", col=t.col, end=t.end)
        if t.text in names.symbols:
            return Name(t.text, "symbol", col=t.col, end=t.end)
    return None


def _decimals(tree: Node | None) -> tuple[bool, int]:
    """(any number typed with a decimal point, the most decimal places: digits after the
    point, less the power of ten after it: 4.69e1 has 1, 5.292e-8 has 11, and so has
    5.292×10⁻⁸, the power written out)."""
    has, most = False, 0
    nodes = list(walk(tree)) if tree is not None else []
    shifts = {
        id(n.first): k
        for n in nodes
        if isinstance(n, Product) and (k := _times_ten_to(n)) is not None
    }
    for n in nodes:
        if isinstance(n, Num):
            mant, _, ex = n.text.lower().partition("e")
            if "." in mant:
                digits = mant.split(".")[1]
                has = has or bool(digits) or ex == ""
                shift = int(ex) if ex.lstrip("+-").isdigit() else 0
                most = max(most, len(digits) - shift - shifts.get(id(n), 0))
    return has, most


def _times_ten_to(node: Product) -> int | None:
    """k when ``node`` is a number times a power of ten, ``5.292×10⁻⁸`` (k = -8); else None."""
    if not (isinstance(node.first, Num) and len(node.rest) == 1):
        return None
    op, power = node.rest[0]
    if op != "*" or not isinstance(power, Power) or not isinstance(power.base, Num):
        return None
    exp, sign = power.exp, 1
    if isinstance(exp, Signed) and exp.sign == "-":
        exp, sign = exp.operand, -1
    if power.base.text != "10" or not isinstance(exp, Num) or not exp.text.isdigit():
        return None
    return sign * int(exp.text) if len(exp.text) <= 4 else None


def parse_answer(text: str, names: Names) -> Parsed:
    """Read one answer. Raises ``ParseError`` for anything that can't be read.

    An answer inside a sentence (``So the constant is 1/√d1.``, ``20 fwd (two segments)``) is
    read out of it when it holds one candidate value (``from_sentence``), with a remark."""
    check_length(text)  # before anything else: nothing below is bounded otherwise
    try:
        return _parse_whole(text, names)
    except ParseError as exc:
        raise _as_typed(exc, text) from None


# a character quoted in a message with its column: "I didn't expect '^' at column 1"
_QUOTED_AT_RE = re.compile(r"'([^'\n])' (?:\(column (\d+)\)|at column (\d+))")


def _as_typed(exc: ParseError, typed: str) -> ParseError:
    """``exc`` quoting, for a character it names at a column, the character typed there: the
    reader's own spelling of it ('^' for a raised '²') is never shown to the student."""
    if type(exc) is not ParseError:
        return exc

    def typed_at(m: re.Match[str]) -> str:
        col = int(m.group(2) or m.group(3)) - 1
        said = m.group(1)
        if col < 0 or col >= len(typed) or typed[col] == said or typed[col].isascii():
            return m.group(0)  # (a raised '²' is lexed as '^{2}': said, it is '²')
        return m.group(0).replace(f"'{said}'", f"'{typed[col]}'", 1)

    message = _QUOTED_AT_RE.sub(typed_at, exc.message)
    if message == exc.message:
        return exc
    return ParseError(exc.reason, message, exc.column)


def _parse_whole(text: str, names: Names) -> Parsed:
    text = untexted(text)  # "\\text{ (so that …)}": the words themselves, columns kept
    text = displayed(text)  # "\\begin{equation} … \\end{equation}": the frame as $$, columns kept
    refuse_disowning_label(text)  # "wrong: d1", "It is not g(z, μ) = …": the label takes it back
    _refuse_stray_marks(text)  # "1/√d1 & 1": an alignment mark between two values
    struck = _STRUCK_RE.search(text)
    if struck is not None:  # "~~d1~~": Markdown strikethrough, crossed out
        raise ParseError(
            "syntax",
            f"The '~~' at column {struck.start() + 1} strikes '{struck.group(1).strip()}' "
            "through (Markdown): a struck-out value is taken back; type just the answer.",
            struck.start(),
        )
    if names.kind in _BULLETED_KINDS:
        text = _markdown(text)
        text = _bullet(text, names)
    try:
        return _parse_answer(text, names)
    except ParseError as exc:
        if exc.reason not in ("unknown-name", "unit", "syntax"):
            raise
        unbracketed = _unbracket_units(text, names)
        if unbracketed is not None:  # "50 (ns)", "500 [ns]": a unit as a table's heading gives it
            try:
                return _parse_answer(unbracketed, names)
            except ParseError:
                pass
        _refuse_partial_claims(text, names)
        worked = _worked_out(text, names)
        if worked is not None:
            return worked
        formula = _formula_for_a_number(text, names)
        if formula is not None:
            raise formula from None
        either = _either_sign(text, names)
        if either is not None:
            return either
        agreeing = _agreeing_statements(text, names)
        if agreeing is not None:
            return agreeing
        contrasted = _before_contrast(text, names)
        if contrasted is not None:
            return contrasted
        found = from_sentence(text, names)
        if found is None or isinstance(found, ParseError):
            concluded = (
                _conclusion(text, names)
                or _last_line(text, names)
                or _after_lead_in(text, names)
                or _before_restatement(text, names)
            )
            if concluded is not None:
                return concluded
            alone = _one_sentence(text, names)
            if alone is not None:
                return alone
        if found is None:
            raise
        if isinstance(found, ParseError):
            if _math_name_unknown(exc, text):
                raise exc from None  # "t_loaddisk * 10": the name is the problem, not a sentence
            raise found from None
        return found


# another value for other cases: "1/√d1 if d1 < 100 else 1", "…, otherwise 1/d1"
_OTHERWISE_RE = re.compile(r"(?<![\w'’])(?:else|otherwise)(?![\w'’])", re.I)
# a claim for small widths only: "1/√d1 for d1 < 10", "(for small d1; …)", "if d1 ≤ 100"
_ONLY_SMALL_RE = re.compile(
    r"(?<![\w'’])(?:for|if|when|while|provided|assuming)\s[^,;)]*?"
    r"(?:(?<![\w'’])(?:small|smaller|few)(?![\w'’])|<(?!=?>)|≤|≪|\\(?:leq?|lt|ll)(?![A-Za-z]))",
    re.I,
)


def _refuse_partial_claims(text: str, names: Names) -> None:
    """Refuse an answer claimed for some cases only: another value for the others ("… else
    1", "otherwise …"), or, where the answer is a formula in the width, a claim for small
    widths alone ("for d1 < 10", "(for small d1; …)"): a value the question asks for every
    width. Words such as "for large d1" or "as d1 → ∞" (what a scaling is about) stand."""
    other = _OTHERWISE_RE.search(text)
    if other is not None:
        raise ParseError(
            "syntax",
            f"The words from '{other.group(0)}' (column {other.start() + 1}) give another value "
            "for other cases: give one answer, that holds in every case.",
            other.start(),
        )
    if names.kind not in _QUOTED_KINDS:
        return  # "the disk wins if t < 50 ns": a bound, said in a sentence
    small = _ONLY_SMALL_RE.search(text)
    if small is not None:
        raise ParseError(
            "syntax",
            f"The answer is claimed only for some widths ('{small.group(0).strip()}', column "
            f"{small.start() + 1}): give the value for every width.",
            small.start(),
        )


def _refuse_stray_marks(text: str) -> None:
    """Refuse LaTeX's alignment mark '&' standing between two values ("1/√d1 & 1"), and a lone
    '$' there ("1/√d1 $ 5"): the reader skips both as spacing, which would multiply the two.
    Where LaTeX puts them, they stand: "c &= 1/√d1", "$d_1$"."""
    lone_dollar = (text.count("$") - text.count("\\$")) % 2 == 1
    for i, ch in enumerate(text):
        if ch not in "&$" or (i and text[i - 1] == "\\") or (ch == "$" and not lone_dollar):
            continue
        before = text[:i].rstrip()[-1:]
        after = text[i + 1 :].lstrip()[:1]
        if ch == "&" and "=" in (before, after):
            continue  # "c &= 1/√d1", "c = & 1/√d1": an alignment
        if _VALUE_EDGE_RE.match(before) and _VALUE_EDGE_RE.match(after):
            raise ParseError(
                "syntax",
                f"I can't read '{ch}' (column {i + 1}) between two values: type just the answer.",
                i,
            )


_VALUE_EDGE_RE = re.compile(r"[\w)\]}|]")


def _markdown(text: str) -> str:
    """``text`` without a chat's Markdown around the answer (blanked, columns kept): a heading
    line of words ("### Answer", "## Final answer") and a code fence's language
    ("```python"). A heading whose words take the answer back ("### Wrong") is kept (and
    refused as unreadable)."""
    fence = _FENCE_LANG_RE.match(text)
    if fence is not None and text.rstrip().endswith("```"):
        text = _blank(text, fence.start(1), fence.end(1))
    for m in _HEADING_RE.finditer(text):
        if not (NEGATIONS | TAKE_BACK) & {w.lower() for w in re.findall(r"\w+", m.group(1))}:
            text = _blank(text, m.start(), m.end())
    return text


def _bullet(text: str, names: Names) -> str:
    """``text`` without a chat list's bullet or number before the answer (blanked, columns
    kept): "- $d_1$", "- **20**", "- d1", "1. $20$". A dash and a space before a sum ("- d1 +
    …") may be the minus of its first term: refused, asking (a count or a time is never
    negative: there it is a bullet)."""
    quote = _QUOTE_RE.match(text) if names.kind not in _QUOTED_KINDS else None
    if quote is not None:  # "> $20$": a Markdown quote; "> 20": a quote, or more than 20?
        if not _MARKUP_RE.match(text, quote.end()):
            col = text.index(">")
            raise ParseError(
                "syntax",
                f"The answer starts with '>' and a space (column {col + 1}): is that a quote "
                "mark or 'more than'? Type the answer without the quote mark, or, for a bound, "
                "'at least' before it.",
                col,
            )
        text = _blank(text, quote.start(), quote.end())
    numbered = _NUMBERED_RE.match(text)
    if numbered is not None:
        return _blank(text, numbered.start(), numbered.end())
    dash = _DASH_BULLET_RE.match(text)
    if dash is None or _BULLET_LABEL_RE.match(text):
        return text
    if (
        names.kind in _QUOTED_KINDS
        and not _MARKUP_RE.match(text, dash.end())
        and _SUM_RE.search(text, dash.end())
    ):  # "- d1 + …": the minus of one term, or a bullet before the sum?
        col = len(text) - len(text.lstrip())
        raise ParseError(
            "syntax",
            f"The answer starts with '{text[col]}' and a space (column {col + 1}): is that a "
            "list bullet or a minus sign? Type the answer without the bullet, or, for a "
            "negative answer, the minus right before it (-x).",
            col,
        )
    return _blank(text, dash.start(), dash.end())


_STATEMENT_SEP_RE = re.compile(r"[,;]|(?<![A-Za-z])and(?![A-Za-z0-9_])", re.I)


def _statements(text: str) -> list[str]:
    """``text`` cut at its top-level commas, semicolons and "and"s: each piece with the rest
    blanked (columns kept)."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    k = 0
    while k < len(text):
        ch = text[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            m = _STATEMENT_SEP_RE.match(text, k)
            if m is not None and m.end() > k:
                cuts.append((k, m.end()))
                k = m.end()
                continue
        k += 1
    out, start = [], 0
    for a, b in [*cuts, (len(text), len(text))]:
        out.append(" " * start + text[start:a] + " " * (len(text) - a))
        start = b
    return out


def _agreeing_statements(text: str, names: Names) -> Parsed | None:
    """``RMS(h) = Θ(1) and RMS(Δh) = Θ(1)``, ``Θ(1) and Θ(1)``, ``c² = 1/d1, c = 1/√d1``:
    statements (joined by ',', ';' or "and") that each read whole and all say the same value
    (a power of the quantity, ``c²``, at its root) are that value: the last one of the
    quantity itself is judged, with a remark. None when they are not, or do not agree."""
    import sympy as sp

    if names.kind not in ("expression", "order"):
        return None
    pieces = [p for p in _statements(text) if p.strip()]
    if len(pieces) < 2 or any(not re.search(r"[\d()\[\]=^/*+Θ]", p) for p in pieces):
        return None  # "constant, it does not scale with width": words, refused as words
    read: list[Parsed] = []
    for piece in pieces:
        try:
            read.append(_parse_answer(piece, names))
        except ParseError:
            return None
    values = []
    for p in read:
        if p.bound is not None or p.dists or p.where or p.independent_of:
            return None
        value = p.value
        if p.label_power != 1 and isinstance(value, sp.Basic):
            value = sp.root(value, sp.Rational(p.label_power))
        values.append(value)
    if any(_same_plain_value(values[0], v) is not True for v in values[1:]):
        return None
    chosen = next((p for p in reversed(read) if p.label_power == 1), read[-1])
    remark = "I read the statements as one answer: they all say the same value."
    if isinstance(chosen.value, Order):
        # bounds of one growth from both sides are its Θ: "O(d1²) and Ω(d1²)" is Θ(d1²)
        kinds = {v.kind for v in values if isinstance(v, Order)}
        tree = chosen.tree
        if ("Θ" in kinds or {"O", "Ω"} <= kinds) and isinstance(tree, OrderOf):
            tree = OrderOf("Θ", tree.arg, col=tree.col, end=tree.end)
            chosen = replace(chosen, value=Order("Θ", chosen.value.expr), tree=tree)
            remark = "I read the statements as one answer: bounds from both sides make a Θ."
    return replace(chosen, remarks=(*chosen.remarks, remark))


def _before_contrast(text: str, names: Names) -> Parsed | None:
    """``1/√d1, not 1/d1``, ``50 ns rather than 40 ns``: the value before a contrast, read
    alone (with a remark); None when there is no contrast, the part before it does not read,
    or the words after it compare ("50 ns, not less": a bound, refused as typed)."""
    found = contrast.split(text)
    if found is None or {w.lower() for w in re.findall(r"[^\W\d_]+", found.after)} & _COMPARISONS:
        return None
    try:
        parsed = parse_answer(found.before, names)
    except ParseError:
        return None
    denied = _read_part(found.after.strip().rstrip(")]").rstrip(), names)
    if denied is not None and _same_value(parsed, denied):  # "d1 (not d1)": taken back
        raise ParseError(
            "syntax",
            f"You give a value and then say it is not that value ('{found.marker}'): type "
            "just the answer you mean.",
            None,
        )
    remark = f"{BEFORE_REMARK} '{found.marker}'; what follows it is not checked."
    return replace(parsed, remarks=(*parsed.remarks, remark))


def _math_name_unknown(exc: ParseError, text: str) -> bool:
    """Is ``exc`` an unknown name that is a mathematical name (a subscript or a digit in it:
    ``t_loaddisk``, ``x0``, ``W_ij``), not a word of a sentence?"""
    if exc.reason != "unknown-name" or exc.column is None:
        return False
    m = re.match(r"[^\W\d]\w*", text[exc.column :])
    return m is not None and ("_" in m.group(0) or any(ch.isdigit() for ch in m.group(0)))


# LaTeX's marks between steps, for every reader of working: "so" (⇒, ∴), an arrow (→: "so"
# too, never before a limit's 0 or ∞) and "the same as" (⇔)
LATEX_CONCLUSIONS = ("implies", "Rightarrow", "Longrightarrow", "therefore")
LATEX_ARROWS = ("to", "rightarrow", "longrightarrow")
LATEX_EQUIVALENCES = ("iff", "Leftrightarrow", "Longleftrightarrow")


def latex_marks(commands: tuple[str, ...]) -> str:
    """A pattern for these LaTeX commands, each whole (``\\to`` is never ``\\top``)."""
    return rf"\\(?:{'|'.join(commands)})(?![A-Za-z])"


# what comes after the last of these is the answer a line of working concludes with
CONCLUSION_RE = re.compile(
    r"(?:(?<![A-Za-z\\])(?:so(?!\s+that\b)|hence|thus|therefore)(?![A-Za-z])|⇒|(?<!<)=>|⟹|∴|"
    rf"{latex_marks(LATEX_CONCLUSIONS)}|"
    # an arrow after working ("10t = 500 → t = 50 ns"), never a limit ("→ 0", "→ ∞")
    rf"(?:→|⟶|➜|➡|(?<![<-])->|{latex_marks(LATEX_ARROWS)})"
    r"(?!\s*(?:0(?![.\d])|∞|\\infty|inf))|"
    # "setting c²d1 = 1 gives c = …" ("…, which gives …" restates: see _RESTATEMENT_RE)
    r"(?<![A-Za-z])(?<!which )(?:gives|yields|we\s+get|I\s+get)(?![A-Za-z]))",
    re.I,
)


def _read_part(piece: str, names: Names) -> Parsed | None:
    """The answer in part of a text (the rest blanked, so columns stay): read whole, else out
    of a sentence; None when neither reads it."""
    try:
        return _parse_answer(piece, names)
    except ParseError:
        found = from_sentence(piece, names)
        return None if found is None or isinstance(found, ParseError) else found


# "c = 1/√d1, i.e. Var(W) = 1/d1": what follows says the answer again in other terms;
# "1/√d1, since Var(y) = c²d1": what follows gives the reason for it
# (never starting at a space after a space, and no two loops over the same spaces: linear
# time on a long run of spaces, which used to take seconds)
_RESTATEMENT_RE = re.compile(
    r"(?!(?<=\s)\s)[,;(]?\s*(?<![A-Za-z])(?:i\.\s?e\.|e\.\s?g\.|ie,|that is,|"
    r"(?:since|because|given\s+that|using|via)(?![A-Za-z0-9_])|"
    # what the answer achieves: "so that E[RMS²] = 1", ", which gives …", "to make it 1"
    r"(?:so\s+that|such\s+that|in\s+order\s+(?:that|to)|which\s+(?:gives|makes|means|"
    r"ensures|yields)|giving|making|ensuring)(?![A-Za-z0-9_])|"
    # any clause on the value after a comma: ", which keeps the RMS at 1"
    r"(?<=,)\s*which(?![A-Za-z0-9_])|"
    # a condition the value holds under: "for large d1", "as d1 → ∞", "if d1 > 0", ", d1 > 0"
    r"(?:for|as|when|if|assuming|provided)\s+(?=[^,;]*?(?:large|big|grows|increases|→|->|\\to\b|∞|\\infty|"
    r"\binf\b|[<>≥≤≫≪]|\\[gl]eq?\b|\\[gl]l\b))|"
    r"(?<=\S)[,;]\s*(?=[\w{}\\]+\s*(?:>|>=|≥|≫|\\geq?|\\gg)\s*\d+\s*$)|"
    # a remark in brackets at the end, itself labelled: "constant (SP: 1)", "1 (note: …)"
    r"\((?=[^()]*:[^()]*\)\s*$)|"
    # the same in brackets: "1/√d1 (c > 0)", "d_1^{-1/2} \quad (c>0)"
    r"(?:(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~)\s*)*\("
    r"(?=\s*[\w{}\\]+\s*(?:>|>=|≥|≫|\\geq?|\\gg)\s*\d+\s*\)\s*$))",
    re.I,
)


# after these the same value is said again, in other terms
_SAME_AGAIN = frozenset(("i.e.", "i. e.", "ie,", "that is,"))
# after these, the answer said plainly when what comes before does not read as one
_SAID_AFTER = _SAME_AGAIN | frozenset(("which gives", "which means", "which yields", "giving"))


def _before_restatement(text: str, names: Names) -> Parsed | None:
    """The answer before "i.e.", "e.g.", "since" or "because" (what follows restates,
    illustrates or justifies it), or before a condition it holds under ("for large d1", "as
    d1 → ∞", "if d1 > 0", ", d1 > 0"): what follows is left out, with a remark; None when there
    is none or it can't be read."""
    m = _RESTATEMENT_RE.search(text)
    if m is None or not text[: m.start()].strip():
        return None
    piece = text[: m.start()] + " " * (len(text) - m.start())
    parsed = _read_part(piece, names)
    said = m.group(0).strip(",;( ")
    said_as = " ".join(said.lower().split())
    if not said:  # ", c > 0", "(c > 0)": a condition alone; "(SP: 1)": a remark, labelled
        aside = " ".join(text[m.end() :].strip().rstrip(")").split())
        # the remark's label, or the condition's words ("note: …" is a remark; "no: …" is not)
        label = aside.partition(":")[0]
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", label)}
        if parsed is None or words & (NEGATIONS | CORRECTION_WORDS | _CHANGING_WORDS):
            return None  # "(no: 1/d1)", "(wrong: …)", "(squared: …)": it changes the answer
        shown = aside if len(aside) <= 40 else aside[:39] + "…"
        what = "remark" if ":" in aside else "condition"
        remark = f"{BEFORE_REMARK} the {what} '{shown}' and left it out."
        return replace(parsed, remarks=(*parsed.remarks, remark))
    if parsed is None:
        if said_as not in _SAID_AFTER:
            return None
        # "it must satisfy 10t ≤ 500, i.e. t ≤ 50 ns", "c²d1 = 1, which gives c = 1/√d1":
        # working, then the answer said plainly
        after = _read_part(" " * m.end() + text[m.end() :], names)
        if after is None:
            return None
        remark = f"I judged the answer after '{said}' and left out what comes before it."
        return replace(after, remarks=(*after.remarks, remark))
    if said_as in _SAME_AGAIN:
        # "20, i.e. 30": "that is" says the same value again; another one is a second answer
        after = _read_part(" " * m.end() + text[m.end() :], names)
        if after is not None and _another_value(parsed, after):
            raise ParseError(
                "syntax",
                f"I read one value before '{said}' and another after it: type just the answer.",
                m.start(),
            )
    remark = f"I judged the answer before '{said}' and left out what follows it."
    return replace(parsed, remarks=(*parsed.remarks, remark))


# words that give a reason or a conclusion: never part of a label before '='
_REASON_WORDS = frozenset(
    ("because", "since", "so", "hence", "thus", "therefore", "as", "where", "gives", "with")
)


def _same_plain_value(va: Any, vb: Any) -> bool | None:
    """Are two plain values the same (two orders: the same growth; two expressions: equal)?
    None when they are not two of a kind, or sympy cannot tell."""
    import sympy as sp

    try:
        if isinstance(va, Order) and isinstance(vb, Order):
            return not sp.simplify(va.expr / vb.expr).free_symbols
        if isinstance(va, sp.Basic) and isinstance(vb, sp.Basic):
            return bool(sp.simplify(va - vb) == 0)
    except Exception:  # noqa: BLE001 - cannot tell
        return None
    return None


def _same_value(a: Parsed, b: Parsed) -> bool:
    """Do two readings of one box say the same thing: the same order of growth, or the same
    plain value of the same quantity with the same relation, unit and distributions? (False
    when it cannot be told.)"""
    if (a.relation, a.bound, a.tail, a.dists, a.label, a.label_power) != (
        b.relation,
        b.bound,
        b.tail,
        b.dists,
        b.label,
        b.label_power,
    ):
        return False
    return _same_plain_value(a.value, b.value) is True


def _another_value(a: Parsed, b: Parsed) -> bool:
    """Do two readings of one box state different plain values (a restatement would not)?"""
    import sympy as sp

    va, vb = a.value, b.value
    if isinstance(va, Order) and isinstance(vb, Order):  # Θ(d1²), i.e. Θ(d1): other growth
        return _same_plain_value(va, vb) is False
    if not (isinstance(va, sp.Basic) and isinstance(vb, sp.Basic)):
        return False  # an expectation restated as its integrand, a claim: not compared here
    if b.label and b.label != a.label:
        return False  # "c = 1/√d1, i.e. Var = 1/d1": said again of another quantity
    if a.label_power != b.label_power:
        return False
    return _same_plain_value(va, vb) is False  # (cannot tell: not said to differ)


_OR_RE = re.compile(r"\s+or\s+", re.I)
# "1/√d1 (or −1/√d1)": the other value offered in brackets after the first
_OR_BRACKET_RE = re.compile(
    r"\s*[(\[]\s*or\s+([^()\[\]]*(?:\([^()]*\)[^()\[\]]*)*?)\s*[)\]]\s*\Z", re.I
)


def _either_sign(text: str, names: Names) -> Parsed | None:
    """``1/√d1 or −1/√d1`` (or ``1/√d1 (or −1/√d1)``): a value and its negative, offered as
    the answer, read as ± (both signs, judged as ± is), with a remark. None unless ``text`` is
    two plain values joined by one "or", one the other's negative."""
    import sympy as sp

    bracketed = _OR_BRACKET_RE.search(text)
    marks = list(_OR_RE.finditer(text))
    if bracketed is not None and text[: bracketed.start()].strip():
        first = text[: bracketed.start()] + " " * (len(text) - bracketed.start())
        other = bracketed.start(1), bracketed.end(1)
        second = " " * other[0] + text[other[0] : other[1]] + " " * (len(text) - other[1])
    elif len(marks) == 1:
        m = marks[0]
        first = text[: m.start()] + " " * (len(text) - m.start())
        second = " " * m.end() + text[m.end() :]
    else:
        return None
    parts = [_read_part(first, names), _read_part(second, names)]
    a, b = parts
    if a is None or b is None or a.tree is None or b.tree is None:
        return None
    if any(p.relation not in (None, "=") or p.dists or p.members or p.tail for p in (a, b)):
        return None  # a bound, a distribution, a chain, a unit: not one value either way
    if a.both_signs or b.both_signs or a.label_power != 1 or b.label_power != 1:
        return None
    if a.label and b.label and a.label != b.label:  # c = … or t = …: two quantities
        return None
    if not isinstance(a.value, sp.Basic) or not is_plain(a.value) or a.value == 0:
        return None
    if a.value != -b.value:
        return None
    plus = b if a.value.could_extract_minus_sign() else a
    inner = plus.tree
    assert inner is not None  # both trees were checked above
    tree = Signed("±", inner, col=inner.col, end=inner.end)
    remark = "I read a value or its negative as ± (both signs)."
    return replace(
        plus,
        value=plus_minus_symbol() * plus.value,
        tree=tree,
        remarks=(*a.remarks, *b.remarks, remark),
    )


# said with every verdict, right answers too: the working before the conclusion was not judged
CONCLUSION_REMARK = "I judged the conclusion after"
BEFORE_REMARK = "I judged the answer before"  # then what follows it, not checked
# working on lines of their own (``_last_line``): the line judged, the others not checked
LAST_LINE_REMARK = "I judged the last line"
FIRST_LINE_REMARK = "I judged the first line"
UNCHECKED_REMARKS = (CONCLUSION_REMARK, BEFORE_REMARK, LAST_LINE_REMARK, FIRST_LINE_REMARK)
# the remarks a right answer's feedback carries too: what was not checked, and a reading
# another value could be meant by (d1^-1/2)
SHOWN_WHEN_RIGHT = (*UNCHECKED_REMARKS, FRACTION_POWER_REMARK)
SENTENCE_REMARK = "I read the answer out of your sentence, leaving out the words around it."


def _conclusion(text: str, names: Names, mark: str | None = None) -> Parsed | None:
    """``c² = 1/d₁ so c = 1/√d₁``: working on one line, then its conclusion after "so",
    "hence", "therefore" or "⇒". The conclusion alone is read (the working before it is not
    judged, and the remark says so); None when there is no such marker or what follows it
    can't be read. ``mark``: what the student typed between the pieces, named so in the
    remark ("line": ``text`` is lines joined by "⇒", ``_last_line``)."""
    marks = list(CONCLUSION_RE.finditer(text))
    if not marks:
        return None
    worked = bool(text[: marks[-1].start()].strip())  # "so 1/√d1" alone: nothing left out
    start = marks[-1].end()
    colon = re.match(r"\s*:(?!=)", text[start:])
    if colon is not None:  # "So: d1": the conclusion, labelled
        start += colon.end()
    piece = " " * start + text[start:]
    if not piece.strip():
        return None
    parsed = _read_part(piece, names)
    if parsed is None:
        return None
    if not worked:
        return parsed
    said = mark or marks[-1].group(0)
    # "c = 1/√d1 ⇒ E[RMS²] = 1": a check after the answer; never "… So F(μ) = …", the
    # function the part asks for, named by its arguments
    tells = SENTENCE_REMARK in parsed.remarks  # "50 ns, so the disk pass takes 500 ns"
    first = marks[0].start()
    before = None
    checks = False
    if parsed.label and not _names_the_function(parsed.label, names):
        # "c = 1/√d1 ⇒ E[RMS²] = 1", "c = 1/√d1, so Var = 1/d1": another quantity named after
        # the answer, a check of it; never the same one named again ("E = d1 d2 ⇒ E[RMS²] =
        # d1": the working, then the answer)
        before = _read_part(text[:first] + " " * (len(text) - first), names)
        named = before.label.split()[0] if before is not None and before.label else ""
        checks = (_bracketed(parsed.label) or bool(named)) and named != parsed.label.split()[0]
    if checks or tells:
        if before is None:
            before = _read_part(text[:first] + " " * (len(text) - first), names)
        if before is not None and before.label_power == 1:
            if checks and not _bracketed(before.label):
                remark = (
                    f"{BEFORE_REMARK} '{marks[0].group(0)}'; what follows is not checked."
                    if mark is None
                    else f"{FIRST_LINE_REMARK}; the {mark}s after it are not checked."
                )
                return replace(before, remarks=(*before.remarks, remark))
            if tells and before.value != parsed.value:  # a value, then a sentence on another
                raise ParseError(
                    "syntax",
                    f"I read one value before '{said}' and another after it: type just the answer.",
                    first,
                )
    remark = (
        f"{CONCLUSION_REMARK} '{said}'; the working before it is not checked."
        if mark is None
        else f"{LAST_LINE_REMARK}; the {mark}s before it are not checked."
    )
    return replace(parsed, remarks=(*parsed.remarks, remark))


# the first word of a lead-in of words before a colon ("Dividing by d1: 1/√d1")
_LEAD_IN_WORD_RE = re.compile(r"\s*([^\W\d_]{2,})(?![\w(\[{_^'’])")


def lead_in(text: str, names: Names) -> int | None:
    """Where the answer starts after a lead-in of words before a colon ("Dividing by d1:
    1/√d1", "From c²d1 = 1: c = 1/√d1"), its first word none of the box's names (so never a
    label such as ``c:`` or ``Var(y):``); None when there is none, or it holds words that
    change what the value means (a negation, a comparison, a take-back, a hedge)."""
    first = _LEAD_IN_WORD_RE.match(text)
    if first is None or _names_a_value(first.group(1), names):
        return None
    colon = _top_level_colon(text)
    if colon is None or text[colon + 1 : colon + 2] == "=" or not text[colon + 1 :].strip():
        return None
    lead = text[:colon]
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", lead)}
    if words & (NEGATIONS | TAKE_BACK | _COMPARISONS) or disowned(lead, names) is not None:
        return None  # "Not by d1: …", "At most: 50 ns", "I think: …": the words matter
    stating = [m for m in re.finditer(r"[^\W\d_]+", lead) if m.group(0).lower() in _STATING]
    if stating and any(
        word[:1].isdigit() or _names_a_value(word, names)
        for word in re.findall(r"\w+", lead[stating[-1].end() :])
    ):
        return None  # "The answer is d1: 1/√d1": the lead-in states a value of its own
    return colon + 1


def _after_lead_in(text: str, names: Names) -> Parsed | None:
    """The answer after a lead-in of words and a colon (``lead_in``) alone, read with a remark;
    None when there is no such lead-in or what follows it can't be read."""
    start = lead_in(text, names)
    if start is None:
        return None
    parsed = _read_part(" " * start + text[start:], names)
    if parsed is None:
        return None
    remark = f"{CONCLUSION_REMARK} the colon; the words before it are not checked."
    return replace(parsed, remarks=(*parsed.remarks, remark))


def names_a_value(word: str, names: Names) -> bool:
    """Is ``word`` one of the box's names, functions or constants?"""
    return _names_a_value(word, names)


def _names_a_value(word: str, names: Names) -> bool:
    """Is ``word`` one of the box's names, functions or constants (a label's start)?"""
    return (
        word in names.symbols
        or word in names.definitions
        or word.lower() in names.functions
        or word.lower() in BUILTIN_FUNCTIONS
        or word.lower() in CONSTANT_NAMES
        or alias_of(word, names.symbols) is not None
    )


def _top_level_colon(text: str) -> int | None:
    """Where the first colon outside brackets is (``:=`` too, never LaTeX's ``\\:``), if any."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and depth == 0 and (i == 0 or text[i - 1] != "\\"):
            return i
    return None


def _last_line(text: str, names: Names) -> Parsed | None:
    """Working on lines of their own, each an equation, then the answer on the last line
    ("c² = 1/d1" / "c = 1/√d1"): read as "⇒" between the lines (``_conclusion``: the last line
    is judged, or the answer before a check of another quantity). None when a line before the
    last is not an equation."""
    lines = text.split("\n")
    written = [line for line in lines if line.strip()]
    if len(written) < 2 or not all("=" in line for line in written[:-1]):
        return None
    _stacked_fraction(text, written, names)
    return _conclusion("⇒".join(lines), names, mark="line")


# a label set equal to a number alone ("𝑐 = 1"): the numerator of a fraction stacked on two lines
_NUMERATOR_LINE_RE = re.compile(r"\s*[^\W\d_][\w']*\s*=\s*\d+(?:\.\d+)?\s*")


def _stacked_fraction(text: str, written: list[str], names: Names) -> None:
    """``𝑐 = 1`` over ``√𝑑1``: a labelled fraction a PDF's text put on two lines (the numerator
    with its label, then a denominator alone) is refused as the same fraction without the
    label is (``join_lines``), never read as its last line."""
    last = written[-1]
    if (
        names.kind in ("number", "count")
        or "=" in last
        or not _NUMERATOR_LINE_RE.fullmatch(written[-2])
    ):
        return
    col = text.rindex(last) + len(last) - len(last.lstrip())
    raise ParseError(
        "syntax",
        f"I read two answers, on two lines (the second at column {col + 1}); give one answer, "
        "on one line (or join the lines with an operator).",
        col,
    )


def _names_the_function(label: str, names: Names) -> bool:
    """Is ``label`` a function of the box's own symbols (F(μ), g(z, μ), ∇F(μ)): what a part
    asks for, never a check of another quantity (Var(y), E[RMS²])?"""
    try:
        tokens = tokenize(label)
    except ParseError:
        return False
    if not _function_label(tokens, names):
        return False
    args = [t for t in tokens if t.kind == "name"][1:]
    args = [t for t in args if t.text not in ("grad", "nabla")]
    return bool(args) and all(t.text in names.symbols or t.text in names.bound for t in args)


def _bracketed(label: str) -> bool:
    """Does a label name a quantity with brackets (E[RMS²], Var(y)), not a plain name (c)?"""
    return any(b in label for b in "([{")


_BRACKETED_WORD_RE = re.compile(r"[(\[]\s*([^\W\d_]+)\s*[)\]]")


def _unbracket_units(text: str, names: Names) -> str | None:
    """``text`` with each unit or noun the box knows written in brackets (``(ns)``) unbracketed,
    or None when it has none."""
    if not names.tail_words:
        return None

    def unwrap(m: re.Match[str]) -> str:
        word = m.group(1)
        return f" {word} " if word.lower() in names.tail_words else m.group(0)

    out = _BRACKETED_WORD_RE.sub(unwrap, text)
    return out if out != text else None


# Words that change what the value in a sentence means: never left out of a reading
_COMPARISONS = frozenset(
    "more less least most than above below under over exceed exceeds exceeding greater "
    "smaller larger higher lower bigger faster slower fewer max min maximum minimum within "
    "up till until between either or".split()
)
# the verb that states the value at the end of a lead-in ("the constant is …", "we need …")
_STATING = frozenset(
    "is are be was were equals equal gives give gets get got makes make takes take costs cost "
    "need needs count counts becomes yields comes totals say says find found obtain have has "
    "answer fetch fetches require requires use uses do does run runs recompute recomputes "
    "compute computes perform performs stay stays remain remains".split()
)
_RESERVED = frozenset(("E", "N", "grad", "nabla", "Theta", "O", "Omega", "I", "Id", "p", "T"))


def _is_word(t: Token, names: Names) -> bool:
    """A word of a sentence: a name this box cannot read on its own."""
    if t.kind != "name" or t.text in _RESERVED:
        return False
    if t.text.lower() in ("constant", "const"):
        return True  # "the constant is …" (alone, "constant" is an answer: Θ(1))
    if t.text.lower() in names.tail_words or _named_function(t.text, names):
        return False
    try:
        Builder(names).build(Parser([t], names, State(names.bound), t.end).expr())
    except ParseError:
        return True
    return False


def _worked_out(text: str, names: Names) -> Parsed | None:
    """``N(K−1)/2 = 20`` where a number is asked: a formula in the question's letters (the
    box's givens) worked out to a value. Read with the givens' values, so every member of the
    chain is judged (all must be equal); only when a member is a plain value the student
    typed, never for a formula alone (that is ``_formula_for_a_number``'s)."""
    if not names.givens:
        return None
    try:
        parsed = _parse_answer(text, with_givens(names))
    except ParseError:
        return None
    members = (*parsed.members, replace(parsed, members=()))
    plain = [m for m in members if not _uses(m.tree, names.givens)]
    if not parsed.members or not plain or len(plain) == len(members):
        return None
    used = sorted(
        {
            n.name
            for m in members
            if m.tree is not None
            for n in walk(m.tree)
            if isinstance(n, Name) and _given(n, names.givens)
        }
    )
    at = names.givens_text(used)
    return replace(
        parsed, remarks=(*parsed.remarks, f"I read the formula at this question's numbers ({at}).")
    )


def _given(node: Node, givens: Mapping[str, Any]) -> bool:
    return isinstance(node, Name) and node.role == "definition" and node.name in givens


def _uses(tree: Node | None, givens: Mapping[str, Any]) -> bool:
    return tree is not None and any(_given(n, givens) for n in walk(tree))


def _formula_for_a_number(text: str, names: Names) -> FormulaError | None:
    """``N(N−1)/2``, ``(N−1)·t_fwd/2`` where a number is asked: a general formula in the
    question's letters. Said so (the box wants its value at this question's numbers), never
    a bare "type a number"."""
    if names.kind not in ("number", "count"):
        return None
    try:
        tokens = tokenize(normalize(text, names.kind)[0])
    except ParseError:
        return None
    merged: list[Token] = []  # t _ fwd -> t_fwd
    for t in tokens:
        if (
            len(merged) >= 2
            and merged[-1].text == "_"
            and merged[-2].kind == "name"
            and t.kind in ("name", "num")
            and not t.space
        ):
            merged.pop()
            prev = merged.pop()
            merged.append(Token("name", f"{prev.text}_{t.text}", prev.col, t.end))
        else:
            merged.append(t)
    tokens = merged
    eqs = [k for k, t in enumerate(tokens) if t.kind == "op" and t.text == "="]
    if eqs:
        tokens = tokens[eqs[-1] + 1 :]  # "t_disk = (N−1)·t_fwd/2": the label is not the formula
    letters = [
        t
        for t in tokens
        if t.kind == "name" and t.text.lower() not in names.tail_words and t.text not in ("pi",)
    ]
    if not letters:
        return None
    if any(len(t.text) > 1 and "_" not in t.text for t in letters):
        # a word ("the", "bananas"): not a formula; t_fwd, N, K, L are
        if not all(t.text in _FORMULA_WORDS or len(t.text) == 1 for t in letters):
            return None
    used = tuple(dict.fromkeys(t.text for t in letters))
    if not any(t.kind == "op" and t.text in ("+", "-", "*", "/", "^", "(") for t in tokens):
        # no arithmetic: a formula only if it is one of the question's own letters ("N")
        if len(letters) != 1 or used[0] not in names.givens or any(t.kind == "num" for t in tokens):
            return None
    shown = ", ".join(used)
    if names.gives(used):
        at = names.givens_text(used)
        message = (
            f"That is a formula in {shown}: this box asks for its value in this question. "
            f"Checked, the formula is judged at this question's numbers ({at})."
        )
    else:
        message = (
            f"That is a formula in {shown}: this box asks for its value in this question. Put "
            "in the question's numbers and type the result (a formula is not counted as an "
            "attempt)."
        )
    return FormulaError(message, letters[0].col, used)


_FORMULA_WORDS = frozenset(("t_fwd", "t_mem", "t_disk", "t_load", "fwd", "loadmem", "loaddisk"))


def _op(text: str, near: Token) -> Token:
    return Token("op", text, near.col, near.col)


def unflatten(tokens: list[Token], names: Names) -> tuple[list[Token], list[str]]:
    """Text flattened by copying from a PDF or a chat, read where it is unambiguous (each with
    a remark): a subscript run into its base, ``∇μ f(…)`` (∇_μ), ``pμ(x)`` (p_μ(x)), an
    expectation's subscript glued to the E, ``Ez~N(0,I)[…]`` (𝔼_{z∼N(0,I)}[…]), and a stray
    space inside a name, ``d 1`` (d1). One pass, linear in the tokens."""
    out: list[Token] = []
    remarks: list[str] = []
    known = set(names.symbols) | set(names.bound)
    funcs = set(names.functions) | set(names.families) | set(names.default_params)
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        after = tokens[i + 2] if i + 2 < n else None
        prev = out[-1] if out else None
        if (  # ∇μ f(…): the gradient's variable run into it
            t.kind == "name"
            and t.text == "grad"
            and nxt is not None
            and nxt.kind == "name"
            and nxt.text in known
            and after is not None
            and after.kind == "name"
            and (after.text in funcs or after.text in ("log", "ln"))
        ):
            out += [t, _op("_", nxt), nxt]
            v = pretty_name(nxt.text)
            remarks.append(f"I read ∇{v} as ∇_{v} (a subscript run into its base).")
            i += 2
            continue
        if (  # pμ(x): a density's parameter run into its name
            t.kind == "name"
            and t.text in funcs
            and nxt is not None
            and nxt.kind == "name"
            and not nxt.space
            and nxt.text in known
            and (after is not None and after.text == "(" or prev is not None and prev.text == "~")
            and (prev is None or prev.text != "_")
        ):
            out += [t, _op("_", nxt), nxt]
            f_, v = pretty_name(t.text), pretty_name(nxt.text)
            remarks.append(f"I read {f_}{v} as {f_}_{v} (a subscript run into its base).")
            i += 2
            continue
        if (  # Ez~…: the E and the variable read as one name
            t.kind == "name"
            and len(t.text) > 1
            and t.text[0] == "E"
            and t.text[1:] in known
            and nxt is not None
            and nxt.text == "~"
        ):
            var = Token("name", t.text[1:], t.col + 1, t.end, False)
            t = Token("name", "E", t.col, t.col + 1, t.space)
            tokens = [*tokens[:i], t, var, *tokens[i + 1 :]]
            n = len(tokens)
            nxt, after = var, tokens[i + 2] if i + 2 < n else None
        if t.kind == "name" and t.text == "E" and nxt is not None and nxt.text != "[":
            # Ez~N(0,I)[…] or E_z~N(0,I)[…]: the subscript runs up to the '[' at depth 0
            start = i + 2 if nxt.text == "_" else i + 1
            depth, j = 0, start
            while j < n:
                tj = tokens[j]
                if tj.kind == "op" and tj.text == "[" and depth == 0:
                    break
                if tj.kind == "op" and tj.text in OPEN:
                    depth += 1
                elif tj.kind == "op" and tj.text in (")", "]", "}"):
                    depth -= 1
                    if depth < 0:
                        break
                j += 1
            sub = tokens[start:j]
            glued = (
                j < n
                and tokens[j].text == "["
                and len(sub) >= 3
                and sub[0].kind == "name"
                and sub[0].text != "{"
                and any(u.text == "~" for u in sub)
            )
            if glued:
                sub, inner = unflatten(sub, names)  # shorter: the recursion ends
                remarks += inner
                out += [t, _op("_", sub[0]), _op("{", sub[0]), *sub, _op("}", sub[-1])]
                if nxt.text != "_":
                    remarks.append("I read the letters after E as its subscript, E_{…}[…].")
                i = j
                continue
        if (  # d 1: a stray space inside a name
            t.kind == "name"
            and t.text not in known
            and nxt is not None
            and nxt.kind == "num"
            and nxt.space
            and nxt.text.isdigit()
            and f"{t.text}{nxt.text}" in names.symbols
            and (after is None or after.kind == "op" or after.space)
        ):
            merged = f"{t.text}{nxt.text}"
            out.append(Token("name", merged, t.col, nxt.end, t.space))
            remarks.append(f"I read “{t.text} {nxt.text}” as {merged} (a space inside a name).")
            i += 2
            continue
        out.append(t)
        i += 1
    return out, remarks


def _named_function(name: str, names: Names) -> bool:
    return name in names.functions or name in BUILTIN_FUNCTIONS or name in CONSTANT_NAMES


# words that make the text after a comma code, not a remark ("d1, import os" is not d1)
_CODE_WORDS = frozenset(
    "import exec eval lambda def return os sys subprocess system open print class".split()
)
_REMARK_DASH_RE = re.compile(r"\s*[—―]\s*|\s+(?:–|--)\s+(?=[^\W\d_]{2})")


def _runs(tokens: list[Token], names: Names) -> list[tuple[str, list[Token]]]:
    """A sentence's tokens as runs at depth 0: ("word", tokens) and ("math", tokens); a bracket
    group holding a word (a parenthetical remark) is a word run."""
    runs: list[tuple[str, list[Token]]] = []
    hyphenated = _hyphenated_words(tokens, names)
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if k in hyphenated:  # "the log-derivative trick": one word, not log minus a name
            _add_run(runs, "word", [t])
            k += 1
            continue
        if t.kind == "op" and t.text in OPEN:
            depth, j = 0, k
            while j < len(tokens):
                if tokens[j].kind == "op" and tokens[j].text in OPEN:
                    depth += 1
                elif tokens[j].kind == "op" and tokens[j].text in (")", "]", "}"):
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            group = tokens[k : j + 1]
            inner = group[1:-1]
            long_words = [u for u in inner if _is_word(u, names) and len(u.text) >= 2]
            what = "word" if long_words and (not runs or runs[-1][0] == "math") else "math"
            prev = tokens[k - 1] if k else None
            if what == "word" and (
                prev is None
                or prev.kind == "name"
                and (prev.text in _RESERVED or _named_function(prev.text, names))
            ):
                what = "math"  # f(x), sqrt(…): an argument, not a remark
            _add_run(runs, what, group)
            k = j + 1
            continue
        subscripted = (  # d₁, d_1, d_{1}: a name with its subscript, never a word
            k + 1 < len(tokens) and tokens[k + 1].kind == "op" and tokens[k + 1].text == "_"
        )
        subscript = k > 0 and tokens[k - 1].kind == "op" and tokens[k - 1].text == "_"
        called = (  # sin(x): a function this box lacks, not a word
            k + 1 < len(tokens) and tokens[k + 1].text == "(" and not tokens[k + 1].space
        )
        factor = (  # 20*tf, 10 / tm: a factor of a product, never a word
            k > 0 and tokens[k - 1].kind == "op" and tokens[k - 1].text in ("*", "/", "^")
        )
        word = (
            not subscripted
            and not subscript  # the "in" of fan_in: part of the name
            and not called
            and not factor
            and _is_word(t, names)
            or t.kind == "name"
            and t.text == "I"
        )
        if t.kind == "op" and t.text == "," and k + 1 < len(tokens):
            # "20, from both segments": a comma before a remark belongs to the remark (never
            # before a value: "d1, d2" stays two answers; a ';' always separates two)
            after_comma = tokens[k + 1 :]
            word = _is_word(after_comma[0], names) and not any(
                u.text in _CODE_WORDS for u in after_comma
            )
        if t.text == "'" and t.kind == "op" and not t.space and runs and runs[-1][0] == "word":
            word = True  # it's, don't
        elif (
            t.kind == "name"
            and not t.space
            and k > 0
            and tokens[k - 1].text == "'"
            and runs
            and runs[-1][0] == "word"
        ):
            word = True  # the s of that's, LeCun's (never the unit s)
        elif (
            runs
            and runs[-1][0] == "word"
            and (
                t.kind == "op"
                and t.text == "^"
                or k > 0
                and tokens[k - 1].text == "^"
                and runs[-1][1][-1] is tokens[k - 1]
            )
        ):
            word = True  # "the expected squared norm": a power said after a word, not a value
        _add_run(runs, "word" if word else "math", [t])
        k += 1
    runs = _aliases_in_words(runs, names)
    return runs


def _value_runs(runs: list[tuple[str, list[Token]]], names: Names) -> list[list[Token]]:
    """The runs of a sentence that hold a value (a number, a name, a LaTeX command); a unit or
    the box's noun alone is none ("every layer")."""
    return [
        run
        for kind, run in runs
        if kind == "math"
        and any(
            u.kind in ("num", "cmd")
            or u.kind == "name"
            and u.text.lower() not in names.tail_words
            or u.kind == "name"
            and u.text in names.symbols
            for u in run
        )
    ]


def _sentence_tokens(text: str, names: Names) -> tuple[str, list[Token]] | None:
    """``text`` as a sentence (what is around the answer blanked, a dash before a remark read
    as a comma, the same length) and its tokens, or None when it does not read as tokens."""
    body, _ = normalize(text, names.kind)
    # a dash before a remark ("20 — two segments", "1/√d1 – LeCun's rule"): punctuation, read
    # like a comma (an en dash is a minus sign unless spaced and followed by a word)
    body = _REMARK_DASH_RE.sub(lambda m: " " * (len(m.group(0)) - 1) + ",", body)
    try:
        body = _colon_label(join_lines(body))
        # "it grows as $Θ(d_1^2)$": the lexer's space, here too (after the lines are joined,
        # where "$$" frames a display)
        body = body.replace("$", " ")
        tokens = tokenize(body)
        check_brackets(tokens)
    except ParseError:
        return None
    return body, tokens


def _words_only(text: str, names: Names) -> bool:
    """Is ``text`` a sentence of words alone ("I hope it is correct.", "This is LeCun's
    rule."): it reads as tokens, with no value among them?"""
    read = _sentence_tokens(text, names)
    return read is not None and _clause_of_words(read[1], names)


def _clause_of_words(clause: list[Token], names: Names) -> bool:
    """Is a clause after the answer words with no value among them ("it does not scale with
    width"), not a second answer?"""
    runs = _runs(clause, names)
    return any(kind == "word" for kind, _ in runs) and not _value_runs(runs, names)


# words about how a value grows with the width: beside an order of growth, a sentence of them is
# a claim about the answer, never a remark to leave out ("Θ(1). It grows like the width.")
_GROWTH_TALK_RE = re.compile(
    r"(?<![A-Za-z])(?:grow|shrink|scal|linear|quadratic|cubic|proportional|depend|increas|"
    r"decreas|constant|width|order|like)",
    re.I,
)


def _aside(sentence: str) -> bool:
    """Is ``sentence`` wholly in one pair of round brackets ("(10 per segment.)")?"""
    body = sentence.rstrip(".!?。 ")
    if not (body.startswith("(") and body.endswith(")")):
        return False
    depth = 0
    for k, ch in enumerate(body):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and k < len(body) - 1:
            return False  # "(a) … (b)": two groups, not one aside
    return depth == 0


def _one_sentence(text: str, names: Names) -> Parsed | None:
    """An answer in one of several sentences, the others words alone ("The constant is $c =
    1/\\sqrt{d_1}$. This is LeCun's rule."): that sentence read (the others blanked, so columns
    match), with a remark. None when the text is one sentence, or a sentence neither reads nor
    is words alone; a ``ParseError`` when values are in two sentences, or the one sentence with
    a value says why it can't be read."""
    found = sentences.spans(text)
    if not 2 <= len(found) <= sentences.MAX_SENTENCES:
        return None
    read: list[tuple[int, Parsed | ParseError]] = []
    growth_talk: list[int] = []  # where sentences of words alone say how something grows
    for a, b in found:
        if _aside(text[a:b]):
            continue  # "(10 per segment.)": a remark in brackets, not the answer
        piece = " " * a + text[a:b] + " " * (len(text) - b)
        try:
            read.append((a, parse_answer(piece, names)))
            continue
        except ParseError as exc:
            if exc.reason == "empty":
                continue  # nothing at all ("\\]" closing a display)
            if _words_only(piece, names):
                taken = TAKE_BACK & {w.lower() for w in re.findall(r"[A-Za-z]+", text[a:b])}
                if taken:  # "d1. This is wrong.": never a sentence to leave out
                    raise ParseError(
                        "syntax",
                        f"The sentence at column {a + 1} takes the answer back "
                        f"('{min(taken)}'): type just the answer.",
                        a,
                    ) from None
                if _GROWTH_TALK_RE.search(text, a, b):
                    growth_talk.append(a)
                continue  # words alone
            read.append((a, exc))
    if not read:
        return None
    first = read[0][1]
    if len(read) > 1 and all(
        isinstance(one, Parsed) and isinstance(first, Parsed) and _same_value(first, one)
        for _, one in read[1:]
    ):  # "Constant. It does not scale with width.": the same answer said twice
        assert isinstance(first, Parsed)
        remark = "I read the same answer in each of your sentences."
        return replace(first, remarks=(*first.remarks, remark))
    if len(read) > 1:
        raise ParseError(
            "syntax",
            "I found a value in more than one sentence (at column "
            f"{read[0][0] + 1} and column {read[1][0] + 1}): type just the answer.",
            read[1][0],
        )
    col, one = read[0]
    if isinstance(one, ParseError):
        raise one
    if isinstance(one.value, Order) and growth_talk:  # "Θ(1). It grows like the width."
        raise ParseError(
            "syntax",
            f"The sentence at column {growth_talk[0] + 1} also says how it grows, in words I "
            "cannot read: give the order once, as Θ(…) or in words like 'linear in n'.",
            growth_talk[0],
        )
    remark = "I read the answer out of the one sentence holding it; the others are not checked."
    return replace(one, remarks=(*one.remarks, remark))


# words that take back or change what was just said ("20 (actually 30)", "(or rather 30)"), or
# offer a second answer beside it ("20 (also 30)", "20 (otherwise 30)", "20 (if not, 30)",
# "20 (failing that, 30)")
CORRECTION_WORDS = frozenset(
    (
        "actually",
        "rather",
        "mean",
        "maybe",
        "perhaps",
        "sorry",
        "oops",
        "wait",
        "also",
        "otherwise",
        "else",
        "alternatively",
        "possibly",
        "failing",
    )
)
# words of a bracketed remark that offer another value beside the answer, unsure of it ("20
# (could be 45)", "(not sure if 45)", "(unless it is 45)", "(my friend says 45)")
_UNSURE_WORDS = frozenset(
    "could might unless sure says said think thinks guess believe probably suggests".split()
)


def _correction_in_brackets(tokens: list[Token], names: Names) -> Token | None:
    """The correcting word of a bracketed remark that also holds a value, if any: a word
    that takes back what was said ("20 (actually 30)") or offers another ("20 (also 30)"), or
    an "or" or "if" opening the bracket ("1/√d1 (or 1/d1)", "d1 (if not, d1 d2)": another
    answer offered)."""
    depth = 0
    word: Token | None = None
    first = False  # the first token inside a bracket
    for k, t in enumerate(tokens):
        if t.kind == "op" and t.text in OPEN:
            depth += 1
            if depth == 1:
                word, first = None, True
            continue
        if t.kind == "op" and t.text in CLOSE:
            depth = max(0, depth - 1)
            continue
        if depth == 0:
            continue
        opens, first = first, False
        if t.kind == "name" and (
            t.text.lower() in CORRECTION_WORDS
            or t.text.lower() in _UNSURE_WORDS
            or opens
            and t.text.lower() in ("or", "if", "no", "but")  # "(or 30)", "(if not, 30)",
            # "(no, 30)", "(but it grows with d2)": another answer offered, or this one denied
        ):
            word = word or t
        elif word is not None and _holds_a_value(tokens, k, names):
            return word
    return None


def _holds_a_value(tokens: list[Token], k: int, names: Names) -> bool:
    """Is ``tokens[k]`` part of a value: a number, or a name of the box (``d1``, ``fan_in``
    with its subscript, ``sqrt``)?"""
    t = tokens[k]
    if t.kind == "num":
        return True
    if t.kind != "name":
        return t.kind == "cmd" and t.text in ("sqrt", "frac", "pi")
    text = t.text
    if k + 2 < len(tokens) and tokens[k + 1].text == "_":  # fan_in, n_in: one name
        text = f"{text}_{tokens[k + 2].text}"
    return _names_a_value(text, names)


def from_sentence(text: str, names: Names) -> Parsed | ParseError | None:
    """The answer in a sentence: the words before it (a lead-in) and after it (a remark, a
    parenthetical) left out. ``None`` when ``text`` is not a sentence around an answer; a
    ``ParseError`` saying why when it is one but can't be read safely: several candidate
    values, or words (a negation, a comparison) that change what the value means."""
    read = _sentence_tokens(text, names)
    if read is None:
        return None
    body, tokens = read
    corrected = _correction_in_brackets(tokens, names)
    if corrected is not None:  # "20 (actually 30)": the remark gives another answer
        return ParseError(
            "syntax",
            f"The words in brackets ('{corrected.text} …', column {corrected.col + 1}) give "
            "another value: type just the answer you mean.",
            corrected.col,
        )
    runs = _runs(tokens, names)
    words = [u for kind, run in runs if kind == "word" for u in run if u.kind == "name"]
    if not any(len(u.text) >= 2 and u.text.isalpha() for u in words) or any(
        u.text.lower() in GREEK_NAMES for u in words
    ):
        return None  # not a sentence (θ, Σ are names this box lacks): the reading error stands
    values = _value_runs(runs, names)
    if not values:
        return None
    labelled = _label_stated(body, tokens, values, names)
    if labelled is not None:  # "E[RMS²] is d1": the label, then its value, as "E[RMS²] = d1"
        body, values = labelled
    if len(values) > 1:
        cols = " and ".join(f"column {run[0].col + 1}" for run in values[:3])
        return ParseError(
            "syntax",
            f"I found more than one value in that sentence (at {cols}): type just the answer.",
            values[1][0].col,
        )
    bracketed = _in_brackets(tokens)  # "1 (no width scaling)": a remark, not a negation
    negation = next(
        (u for u in words if id(u) not in bracketed and u.text.lower() in NEGATIONS), None
    )
    if negation is not None and labelled is not None:  # "E[RMS²] is not d1"
        return ParseError(
            "syntax",
            f"Your sentence says what the value is not ('{negation.text}', column "
            f"{negation.col + 1}): type just the answer.",
            negation.col,
        )
    if negation is not None:
        return None  # "not 50 ns", "d1 not d2…": what the value means is unclear; as typed
    value = values[0]
    # "By reparameterization, F(μ) = …": an opening phrase, then its comma, then the value
    introduced = value[0].kind == "op" and value[0].text == "," and len(value) > 1
    if introduced:
        value = value[1:]
    start, stop = value[0].col, value[-1].end
    # a bound phrase right before the value ("must be at most 50 ns") is part of it
    lead = [u for kind, run in runs if kind == "word" for u in run if u.end <= start]
    for phrases in (UPPER_PHRASES, LOWER_PHRASES):
        for ph in phrases:
            tail = tuple(u.text.lower() for u in lead[-len(ph) :])
            if len(lead) >= len(ph) and tail == ph:
                start = lead[-len(ph)].col
    ratios = _ratio_words(tokens, names)  # "fan-in over fan-out": a division, said in words
    before = {u.text.lower() for u in lead if u.col < start and id(u) not in ratios}
    after = [u for u in words if u.col >= stop and id(u) not in ratios]
    changed = _changed_after(body, body[start:stop], after)
    if changed is not None:  # "d1 (times d2)", "d1, squared", "d1 (wrong)": not a remark
        return ParseError(
            "syntax",
            f"The words after the value ('{changed.text}', column {changed.col + 1}) change "
            "it or take it back: write the whole answer as math, or type just the answer.",
            changed.col,
        )
    rejected = rejection(body[stop:])  # "d1 — nope", "d1 (NOT)", "50 ns, isn't right"
    if rejected is not None:
        at = body.find(rejected, stop)
        return ParseError(
            "syntax",
            f"The words after the value ('{rejected}'"
            + (f", column {at + 1}" if at >= 0 else "")
            + ") take it back: type just the answer you mean.",
            at if at >= 0 else None,
        )
    if before & _COMPARISONS:
        return ParseError(
            "syntax",
            "Your sentence compares the value with something: type just the answer "
            "(with 'at most' or 'at least' if it is a bound).",
            None,
        )
    remark = SENTENCE_REMARK
    phrase = start != value[0].col
    for ph_word in lead[-4:]:  # "it grows like d1²", "about 50 ns": read with the value
        m = _ORDER_RE.match(body, ph_word.col) or _APPROX_RE.match(body, ph_word.col)
        if m and ph_word.col < start and not body[m.end() : start].strip():
            start, phrase = ph_word.col, True
            break
    stated = [u for u in lead if u.col < start]
    if labelled is not None:  # "The expected value E[RMS²] is d1": the label is read with it
        stated, phrase = [], True
    if stated and not phrase and value[0].kind == "op" and value[0].text == "=":
        # "c = 1/√d1 (LeCun)": the value is labelled; the label is read with it (and judged
        # as the reader judges labels: c² = … is c², Var(W) = … is not the box's quantity)
        start, phrase = stated[-1].col, True
    introduced = introduced or bool(stated) and stated[-1].text == ","
    if stated and not phrase and not introduced and stated[-1].text.lower() not in _STATING:
        return None  # "fan-in d1": a value named, not stated ("… is d1", "… needs 50 ns")
    rest = body[stop:].lstrip().lstrip("$").lstrip()  # "$c = …$ — a remark"
    for trimmed in (False, True):
        end = stop if trimmed else len(body)
        if trimmed and {u.text.lower() for u in after} & _COMPARISONS:
            return ParseError(  # "50 ns or more": the words after it matter
                "syntax",
                "The words after the value compare it with something: type just the answer "
                "(with 'at most' or 'at least' before it if it is a bound).",
                None,
            )
        if trimmed and rest[:1] not in ("(", "[", ",", ";", "—", "–", "-"):
            break  # "50 kg": a word after the value is read as its unit, and refused so
        piece = " " * start + body[start:end] + " " * (len(body) - end)
        try:
            parsed = _parse_answer(piece, names)
        except ParseError:
            continue
        return replace(parsed, remarks=(*parsed.remarks, remark))
    return None


# words after a value that change it ("d1 (times d2)", "d1, squared", "d1 (inverted)") or
# take it back: never a remark to leave out
_CHANGING_WORDS = TAKE_BACK | frozenset(
    "times multiplied multiply divided divide dividing plus minus squared cubed inverted invert "
    "halved doubled tripled opposite reversed reverse backwards flipped swapped".split()
)
# a take-back word, "scratch that", or a hedge ("not sure", "maybe", "I think"), anywhere
_DISOWNING_RE = re.compile(
    rf"(?<![\w'’])(?:{'|'.join(sorted(TAKE_BACK))}|scratch\s+that|{_HEDGE})(?![\w'’])",
    re.I,
)


_HEDGE_ALONE_RE = re.compile(rf"(?:{_HEDGE})", re.I)


def is_hedge(words: str) -> bool:
    """Are ``words`` (what ``disowned`` found) a hedge ("I think", "not sure", "maybe"), not a
    take-back ("wrong", "scratch that") or another value offered ("(or 40)")?"""
    return _HEDGE_ALONE_RE.fullmatch(words.strip()) is not None


def disowned(text: str, names: Names) -> str | None:
    """The words of ``text``, a line of words said beside an answer (a derivation's line of
    prose), that take the answer back or hedge it: a take-back word ("This is wrong.",
    "(kidding)"), "scratch that", a hedge ("(not sure)", "maybe", "I think"), or a bracket
    offering another value ("(or 40)", "(actually 30)", as ``from_sentence`` refuses it);
    None when it has none. The same word lists as a remark after a value is read with."""
    m = _DISOWNING_RE.search(text)
    if m is not None:
        return m.group(0)
    read = _sentence_tokens(text, names)
    corrected = _correction_in_brackets(read[1], names) if read is not None else None
    return None if corrected is None else corrected.text


def _changed_after(body: str, value: str, after: list[Token]) -> Token | None:
    """The first word after the value that changes it or takes it back, or a "not" before
    the very same value ("d1 (not d1)"); None when the words after it are a remark."""
    plain = "".join(value.split())
    for u in after:
        word = u.text.lower()
        if word in _CHANGING_WORDS:
            return u
        if word in ("not", "isn't", "isnt"):
            denied = re.match(r"[^),;]*", body[u.end :])
            if denied is not None and "".join(denied.group(0).split()) == plain:
                return u
    return None


# words that may stand with the verb between a label and its value ("is exactly", "equal to";
# a negation too: the sentence is then refused as one that says what the value is not)
_WITH_VERB = frozenset(("exactly", "just", "simply", "then", "to", "also")) | NEGATIONS
# the words of a verb phrase between a label and its value
_PHRASED = (
    _STATING
    | _WITH_VERB
    | frozenset("grows scales goes increases like as proportional to on order of".split())
)
# a verb phrase that states an order of growth ("grows like", "is proportional to")
_ORDER_VERB_RE = re.compile(r"\s*(?:is\s+)?(?:" + _ORDER_RE.pattern + r")\s*", re.I)


def _label_stated(
    body: str, tokens: list[Token], values: list[list[Token]], names: Names
) -> tuple[str, list[list[Token]]] | None:
    """``E[RMS²] is d1``, ``Var(W_ij) equals 1/d1``, ``E[RMS²] grows like d1²``: a label
    (``_label_shaped``), then a verb that states its value or its order, then the value. The
    sentence with the verb read as '=' (or '∝'; the same length) and the one value it holds
    (the label with it), or None."""
    if len(values) != 2:
        return None
    value = values[1]
    k = next(i for i, t in enumerate(tokens) if t is value[0])
    j = k
    while j > 0 and tokens[j - 1].kind == "name" and tokens[j - 1].text.lower() in _PHRASED:
        j -= 1
    first = next(i for i, t in enumerate(tokens) if t is values[0][0])
    label = tokens[first:j]
    if j == k or not label or not _label_shaped(label, names) or _reads(label, names):
        return None  # "d2 is d1": two values, not a label and its value
    a, b = label[-1].end, value[0].col
    said = body[a:b]
    if _ORDER_VERB_RE.fullmatch(said):
        relation = "∝"
    elif {t.text.lower() for t in tokens[j:k]} & _STATING and all(
        t.text.lower() in _STATING | _WITH_VERB for t in tokens[j:k]
    ):
        relation = "="
    else:
        return None
    body = body[:a] + f" {relation}".ljust(b - a) + body[b:]
    return body, [[*label, Token("op", relation, a + 1, a + 2), *value]]


def _reads(tokens: list[Token], names: Names) -> bool:
    """Do ``tokens`` read as a value of this box (``d2``, ``2c`` do not: c is no name)?"""
    try:
        Builder(names).build(Parser(tokens, names, State(names.bound), tokens[-1].end).expr())
    except ParseError:
        return False
    return True


def _ratio_words(tokens: list[Token], names: Names) -> set[int]:
    """The ids of the "over" tokens between two widths ("fan-in over fan-out", "n_in over
    n_out"): a ratio said in words, never a comparison ("over 50 ns")."""
    runs = _name_runs(tokens)
    ends = {stop: name for name, _, stop in runs}
    starts = {start: name for name, start, _ in runs}
    out: set[int] = set()
    for k, t in enumerate(tokens):
        if t.kind != "name" or t.text.lower() != "over":
            continue
        left, right = ends.get(k), starts.get(k + 1)
        if left and right and _width(left, names) and _width(right, names):
            out.add(id(t))
    return out


def _in_brackets(tokens: list[Token]) -> set[int]:
    """The ids of the tokens inside brackets."""
    inside: set[int] = set()
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in CLOSE:
            depth = max(0, depth - 1)
        if depth > 0:
            inside.add(id(t))
        if t.kind == "op" and t.text in OPEN:
            depth += 1
    return inside


def _hyphenated_words(tokens: list[Token], names: Names) -> set[int]:
    """The tokens of words joined by a hyphen with no spaces (``log-derivative``,
    ``score-function``): a name, '-', and a word of four letters or more that the box cannot
    read; never a width's other name (``fan-in``) or a difference of the box's names."""
    out: set[int] = set()
    for k in range(1, len(tokens) - 1):
        left, dash, right = tokens[k - 1], tokens[k], tokens[k + 1]
        if not (dash.kind == "op" and dash.text == "-" and not dash.space and not right.space):
            continue
        if not (left.kind == "name" and left.text.isalpha() and len(left.text) >= 2):
            continue
        if not (right.kind == "name" and right.text.isalpha() and len(right.text) >= 4):
            continue
        if left.text in names.symbols or right.text in names.symbols:
            continue
        if alias_of(f"{left.text}_{right.text}", names.symbols) is not None:
            continue
        if _is_word(right, names):
            out.update((k - 1, k, k + 1))
    return out


def _aliases_in_words(
    runs: list[tuple[str, list[Token]]], names: Names
) -> list[tuple[str, list[Token]]]:
    """A width's other name standing alone among words ("this is the standard fan-in
    scaling") is a word of the sentence, not a value (``2 fan_in`` stays a value)."""
    out: list[tuple[str, list[Token]]] = []
    for k, (kind, run) in enumerate(runs):
        # one name, with its subscript: fan_in, n_{in}
        lone = kind == "math" and all(t.kind in ("name", "num") or t.text in "_{}" for t in run)
        typed = "".join(t.text for t in run if t.text not in "{}")
        if lone and run[0].kind == "name" and alias_of(typed, names.symbols) is not None:
            before = runs[k - 1][0] if k > 0 else None
            after = runs[k + 1][0] if k + 1 < len(runs) else None
            if (before or after) and before in ("word", None) and after in ("word", None):
                kind = "word"
        _add_run(out, kind, run)
    return out


def _add_run(runs: list[tuple[str, list[Token]]], kind: str, toks: list[Token]) -> None:
    if runs and runs[-1][0] == kind:
        runs[-1][1].extend(toks)
    else:
        runs.append((kind, list(toks)))


def _name_runs(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """The names in ``tokens``, each with its subscript as typed (``d_1``, ``n_{l-1}`` as
    ``n_l-1``), as (name, first token, just after its last token)."""
    out: list[tuple[str, int, int]] = []
    k = 0
    while k < len(tokens):
        if tokens[k].kind != "name":
            k += 1
            continue
        typed, stop = tokens[k].text, k + 1
        if stop + 1 < len(tokens) and tokens[stop].kind == "op" and tokens[stop].text == "_":
            sub = tokens[stop + 1]
            if sub.kind in ("name", "num"):
                typed, stop = f"{typed}_{sub.text}", stop + 2
            elif sub.text == "{":
                close = next(
                    (j for j in range(stop + 2, len(tokens)) if tokens[j].text == "}"), None
                )
                if close is not None:
                    inner = "".join(u.text for u in tokens[stop + 2 : close])
                    typed, stop = f"{typed}_{inner}", close + 1
        out.append((typed, k, stop))
        k = stop
    return out


def _width(typed: str, names: Names) -> str | None:
    """The box symbol a name typed in an answer stands for (``d_1``, ``fan_in`` for d1)."""
    if typed in names.symbols:
        return typed
    flat = typed.replace("_", "")
    for key in names.symbols:
        if flat == key.replace("_", ""):
            return key
    return alias_of(typed.replace("−", "-"), names.symbols)


def _spelling(typed: str, tokens: list[Token], start: int, stop: int) -> str:
    """How a name was typed (tokens ``start:stop`` of ``typed``), up to its subscript's marks:
    ``d_1``, ``d1`` and ``d_{1}`` are one spelling; ``fan_in`` another, and the word
    ``fan-in`` a third."""
    said = typed[tokens[start].col : tokens[stop - 1].end]
    return re.sub(r"[_{}\s]", "", said).replace("−", "-").lower()


# a word in brackets after a value that says what it is, never a factor: "Θ(1) (constant)"
_GLOSS_WORDS = frozenset(("constant", "const"))
_NOT_OPERANDS = frozenset(("Theta", "O", "Omega", "E", "N", "grad", "nabla"))


def _last_bracket_opens(tokens: list[Token]) -> int | None:
    """Where the bracket that closes at the end of ``tokens`` opens, or None."""
    depth = 0
    for k in range(len(tokens) - 1, -1, -1):
        t = tokens[k]
        if t.kind == "op" and t.text in CLOSE:
            depth += 1
        elif t.kind == "op" and t.text in OPEN:
            depth -= 1
            if depth == 0:
                return k
    return None


def _gloss(tokens: list[Token], names: Names, typed: str) -> tuple[list[Token], str | None]:
    """A bracket at the end of the answer that only names again what the value says: widths
    the value already uses, one at least spelled another way than there (``d1 (fan-in)``,
    ``Θ(d1²) (n_in)``, ``√(n_{ℓ−1}/n_ℓ) (n_in)``) or after an order (``Θ(1/fan_in)
    (fan_in)``: nothing multiplies an order), or the word "constant" (``Θ(1) (constant)``).
    It is a gloss, not a factor: the tokens without it, and a remark saying so. ``2 (d1)``,
    ``d1 (d2)``, ``d1 (d1 + 1)`` and ``d1 (d1)`` stay products."""
    if names.kind not in ("expression", "order") or len(tokens) < 4:
        return tokens, None
    last = tokens[-1]
    if last.kind != "op" or last.text not in (")", "]"):
        return tokens, None
    j = _last_bracket_opens(tokens)
    if not j:  # none, or the whole answer in brackets
        return tokens, None
    prev = tokens[j - 1]
    operand = (
        prev.kind == "num"
        or prev.kind == "op"
        and prev.text in CLOSE
        or prev.kind == "name"
        and not _named_function(prev.text, names)
        and prev.text not in _NOT_OPERANDS
    )
    if not operand:
        return tokens, None  # f(x), E[…], d^(…): the bracket belongs to what stands before it
    inner, value = tokens[j + 1 : -1], tokens[:j]
    said = typed[tokens[j].col : last.end].strip()
    if len(inner) == 1 and inner[0].kind == "name" and inner[0].text.lower() in _GLOSS_WORDS:
        return value, f"I read '{said}' as a remark on the value, not as a factor."
    runs = _name_runs(inner)
    if not runs or sum(stop - start for _, start, stop in runs) != len(inner):
        return tokens, None
    spelled: dict[str, set[str]] = {}  # each width the value uses: the spellings it has there
    for name, start, stop in _name_runs(value):
        key = _width(name, names)
        if key is not None:
            spelled.setdefault(key, set()).add(_spelling(typed, value, start, stop))
    glossed = [
        (_width(name, names), _spelling(typed, inner, start, stop)) for name, start, stop in runs
    ]
    if not all(key in spelled for key, _ in glossed):
        return tokens, None  # "2 (d1)", "d1 (d2)": a factor the value does not have yet
    again = all(spelling in spelled[key] for key, spelling in glossed if key is not None)
    if again and not _is_order(value):
        return tokens, None  # "d1 (d1)": the same name again, as typed: a product
    shown = ", ".join(dict.fromkeys(pretty_name(key) for key, _ in glossed if key is not None))
    return value, f"I read '{said}' as naming {shown} again, not as a factor."


def _is_order(tokens: list[Token]) -> bool:
    """Are ``tokens`` one order of growth, ``Θ(…)`` or ``O(…)`` (nothing a factor follows)?"""
    if len(tokens) < 3 or tokens[0].text not in ("Theta", "O", "Omega") or tokens[1].text != "(":
        return False
    last = tokens[-1]
    return last.kind == "op" and last.text in CLOSE and _last_bracket_opens(tokens) == 1


def _parse_answer(text: str, names: Names) -> Parsed:
    if not text.strip():
        raise ParseError("empty", "The answer is empty: type something to check.", 0)
    typed = text
    text, hint = normalize(text, names.kind)
    if names.kind in ("expression", "order") and "x" in text and _x_is_free(names):
        text = _TIMES_LETTER_RE.sub(lambda m: m.group(0).replace("x", "*"), text)  # d1 x d2
    text = whole_order(text, names)  # an order box's "quadratic", "independent of width"
    text = join_lines(text)
    text = _colon_label(text)
    text, independent_of, bare_not = claims(text, names)
    if not text.strip():
        raise ParseError("empty", "I found no answer in that: type the answer itself.", 0)
    tokens = strip_boxed(tokenize(text))
    check_brackets(tokens)
    if not tokens:
        raise ParseError("empty", "The answer is empty: type something to check.", 0)
    tokens, fixed = unflatten(function_spellings(tokens, names), names)
    _refuse_foreign_functions(tokens, names)
    tokens, glossed = _gloss(tokens, names, typed)
    if glossed is not None:
        fixed = [*fixed, glossed]
    end = len(text)
    clauses, _ = split_top(tokens, (",", ";"), CLAUSE_WORDS)
    clauses = [_approximation_unbracketed(c, text) for c in clauses if c]
    state = State(names.bound)
    for remark in fixed:
        state.remark(remark)
    _scan_bound_vars(clauses, names, state)
    tree: Node | None = None
    members: tuple[Parsed, ...] = ()
    label_power: int | Fraction = 1
    label_shown = ""
    rel: str | None = None
    bound: Bound | None = None
    tail: list[str] = []
    dists: list[Sampled] = []
    where: list[tuple[Name, Node]] = []
    label = ""
    for k, clause in enumerate(clauses):
        first = clause[0]
        if k and first.kind == "name" and first.text.lower() == "or" and "or" not in names.symbols:
            # ", or z ~ N(0, σ²I)": another answer offered (never "or" times z)
            raise ParseError(
                "syntax",
                f"'or' (column {first.col + 1}) offers another answer: give one.",
                first.col,
            )
        segs, seps = split_top(clause, REL_OPS)
        if names.kind == "number" and len(seps) == 2:
            segs, seps = _from_zero(segs, seps, names, state, end)
        if (
            names.kind == "number"
            and len(seps) == 1
            and seps[0] in _FLIPPED
            and segs[0]
            and segs[1]
            and _label_shaped(segs[1], names)
            and not _label_shaped(segs[0], names)
        ):  # "50 ns ≥ t": the bound on t, written the other way round
            segs, seps = [segs[1], segs[0]], [_FLIPPED[seps[0]]]
        if any(not s for s in segs[1:]) or (
            not segs[0] and (not seps or seps[0] not in ("<=", "<", ">=", ">"))
        ):
            col = clause[-1].col if clause else 0
            raise ParseError("syntax", f"Something is missing around column {col + 1}.", col)
        if names.kind in ("expression", "order") and len(segs) >= 2:
            # "d1 = Θ(d1)", "… ~ (2/π) d1²": a value, then its own order or approximation
            segs, seps = _agreeing_tail(segs, seps, names, state, end, text)
        if seps and seps[-1] in ("~", "∝") and _order_statement(segs, seps, names):
            # "E[RMS²] ∝ d1²", "E[RMS²(y)] ~ d1²": a label, then its order of growth
            hint = "order"
            seps = [*seps[:-1], "="]
        elif "∝" in seps:
            col = clause[0].col
            raise ParseError(
                "syntax", "Write an order as Θ(…), or after a label: E[RMS²] ∝ d1².", col
            )
        if len(seps) > 1 and seps[0] == "~" and all(x == "=" for x in seps[1:]):
            # z ~ N(0, I) = p_{μ=0}: one distribution, stated twice; both must agree
            var = Parser(segs[0], names, state, end).bind_var(segs[0], clause[0].col)
            # (z ~ p(z) = N(0, I): "p(z)" names z's distribution, as the general case writes it)
            shown = [seg for seg in segs[1:] if not names_its_distribution(seg, var.name, names)]
            stated = [Parser(seg, names, state, end).dist() for seg in shown or segs[1:]]
            build = Builder(names)
            first = build.build(stated[0])
            for other in stated[1:]:
                if build.build(other) != first:
                    raise ParseError(
                        "syntax",
                        f"The distributions at columns {stated[0].col + 1} and "
                        f"{other.col + 1} are not the same: give p(z) once.",
                        other.col,
                    )
            dists.append(Sampled(var, stated[0], col=clause[0].col, end=clause[-1].end))
            continue
        if "~" in seps:
            k = seps.index("~")
            if k + 1 != len(seps) or len(segs) != 2 and seps.count("~") != 1:
                if names.measure is None and not names.families:
                    raise ParseError("syntax", NO_DISTRIBUTION, clause[0].col)
                raise ParseError(
                    "syntax", "Write a distribution as z ~ N(mean, covariance).", clause[0].col
                )
            var = Parser(segs[k], names, state, end).bind_var(segs[k], clause[0].col)
            dist = Parser(segs[-1], names, state, end).dist()
            dists.append(Sampled(var, dist, col=clause[0].col, end=clause[-1].end))
            continue
        last = segs[-1]
        gaussian = (
            last
            and last[0].kind == "name"
            and last[0].text == "N"
            and len(last) > 1
            and last[1].text == "("
            and "N" not in names.symbols  # a box whose N is a number of layers: N(N−1) is N·(N−1)
            and "N" not in names.definitions
        )
        # "p(z) = p_{μ=0}": the law of z named by the part's density family
        family = (
            not gaussian
            and len(segs) >= 2
            and seps[-1] == "="
            and bool(last)
            and last[0].kind == "name"
            and last[0].text in names.families
            and _label_var(segs[-2], names, state) is not None
        )
        if gaussian or family:
            dist = Parser(last, names, state, end).dist()
            label_var = _label_var(segs[-2], names, state) if len(segs) >= 2 else None
            dists.append(Sampled(label_var, dist, col=clause[0].col, end=clause[-1].end))
            continue
        defined = (
            wheres.definition(segs, seps, tree, names, state, end) if tree is not None else None
        )
        if defined is not None:  # "E[∇f(x)], x = μ + σz": the name, defined
            where.append(defined)
            continue
        if tree is not None:
            if _clause_of_words(clause, names):  # "constant, it does not scale with width"
                raise ParseError(
                    "syntax",
                    f"After the answer come words (column {clause[0].col + 1}) that I do not "
                    "judge: give the answer alone (an explanation may follow 'because').",
                    clause[0].col,
                )
            raise ParseError(
                "syntax",
                f"I read two answers (the second at column {clause[0].col + 1}); give one.",
                clause[0].col,
            )
        rel = seps[-1] if seps else None
        if len(segs) >= 2:
            reason = next(
                (t for t in segs[-2] if t.kind == "name" and t.text.lower() in _REASON_WORDS),
                None,
            )
            if reason is not None:  # "E[f(μ+σz)] because x = μ + σz": no label, a reason
                raise ParseError(
                    "syntax",
                    f"I didn't expect '{reason.text}' at column {reason.col + 1}.",
                    reason.col,
                )
            label = " ".join(t.text for t in segs[-2])
            label_power, label_shown = _label_power(segs[-2], names)
            members = _chain_members(segs, seps, names, state, end, text)
        words_bound, last = _bound_words(last)
        if not last:
            raise ParseError(
                "syntax", "A bound needs a value after it, as in 'at most 50 ns'.", clause[-1].col
            )
        p = Parser(last, names, state, end)
        tree = p.expr()
        tail_bound = _tail(p, names, tail)
        if rel in ("<=", "<"):
            bound = "upper"
        elif rel in (">=", ">"):
            bound = "lower"
        bound = words_bound or tail_bound or bound
        if bound is not None and names.kind not in ("number", "count", "derivation"):
            # "c < 1/√d1", "at most 1/√d1": a bound is a different claim from the value
            said = _BOUND_SAID.get(rel or "", "at most" if bound == "upper" else "at least")
            raise ParseError(
                "kind",
                f"That states a bound ({said} …), and this box asks for the value itself: type "
                "it after '=' or on its own.",
                last[0].col,
            )
    if (
        isinstance(tree, Name)
        and names.kind != "derivation"  # "t_disk = 50": a side of a step names the unknown
        and text[tree.col : tree.end].strip() != tree.name
    ):
        typed = text[tree.col : tree.end].strip()
        if alias_of(typed.replace("-", "_"), names.symbols) == tree.name:
            # another name of the box's symbol, alone: a word for it ("the fan-in"), not a value
            # (feedback says "the fan-in" in words without giving d1 away); say which name
            message = (
                f"'{typed}' (column {tree.col + 1}) is what this question calls "
                f"{pretty_name(tree.name)}: as an answer on its own, type {tree.name}."
            )
            raise ParseError("unknown-name", message, tree.col)
    build = Builder(names)
    value = build.build(tree) if tree is not None else None
    if where:
        pairs = [(build.build(n), need_expr(build.build(v), v.col)) for n, v in where]
        value = wheres.put_in(value, pairs)
        shown_where = ", ".join(f"{show(n)} = {show(v)}" for n, v in where)
        state.remark(f"I put {shown_where} into the answer.")
    built = tuple(build.build(d) for d in dists)
    if isinstance(value, Expectation) and value.var is not None and value.dist is not None:
        for clause in built:  # "E_{z~N(0,I)}[…] where z ~ N(0, σ²I)": which law has z?
            if clause.var == value.var and clause.dist != value.dist:
                raise ParseError(
                    "kind",
                    f"The expectation says {pretty_name(str(value.var))} follows one law and "
                    "the clause after it another: give its distribution once.",
                    None,
                )
    if hint == "order" and names.kind in ("order", "expression") and tree is not None:
        if is_plain(value) and isinstance(value, build.sp.Basic):
            tree = OrderOf("Θ", tree, col=tree.col, end=tree.end)
            value = Order("Θ", value)
    if independent_of and bare_not:
        # "Θ(d1²), not d1": a claim "independent of d1" about an answer in d1 says nothing of
        # the sort; it sets the answer against the wrong one d1 (a contrast): left out
        plain = getattr(value, "expr", value)
        own: set[Any] = set(getattr(plain, "free_symbols", ()))
        if len(independent_of) == 1 and plain == independent_of[0]:  # "d1 (not d1)"
            raise ParseError(
                "syntax",
                "You give a value and then say it is not that value ('not'): type just the "
                "answer you mean.",
                None,
            )
        if set(independent_of) <= own:
            independent_of = ()
            state.remark("I left out what follows 'not': it is what the answer is not.")
    if names.kind in ("number", "count") and tree is not None:
        _refuse_a_range(tree)
    has_decimal, decimals = _decimals(tree)
    return Parsed(
        value=value,
        relation=rel,
        bound=bound,
        tail=tuple(tail),
        dists=built,
        has_decimal=has_decimal,
        decimals=decimals,
        label=label,
        remarks=tuple(state.remarks),
        independent_of=independent_of,
        tree=tree,
        dist_trees=tuple(dists),
        members=members,
        label_power=label_power,
        label_shown=label_shown,
        where=tuple(where),
    )


# '~' in a box with no distribution (problems 1 to 3, 5)
NO_DISTRIBUTION = (
    "I read '~' as a distribution, and this box has none. For an order of growth write Θ(…) "
    "(or '~ …' as the whole answer); for a value, type just the value."
)
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_BOUND_SAID = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def _refuse_a_range(tree: Node) -> None:
    """``15-20`` (or ``15 – 20``) where a number is asked: a smaller number minus a larger one
    is a range, not a negative value (``100-45`` stays a difference)."""
    if not (isinstance(tree, Sum) and len(tree.rest) == 1 and tree.rest[0][0] == "-"):
        return
    low, high = tree.first, tree.rest[0][1]
    if not (isinstance(low, Num) and isinstance(high, Num)):
        return
    try:
        if not float(low.text) < float(high.text):
            return
    except ValueError:
        return
    raise ParseError(
        "syntax",
        f"I read {low.text}–{high.text} as a range, from {low.text} to {high.text}: give one "
        "value.",
        tree.col,
    )


def _label_piece(seg: list[Token]) -> bool:
    """Names, with subscripts, powers, primes and bracketed arguments, and no number or
    operator outside brackets: ``c``, ``t_disk``, ``E[RMS²(y)]``, ``Var(W_ij)``, ``∇F(μ)``."""
    if seg and seg[0].kind == "op" and seg[0].text in ("|", "||"):  # ‖ΔW‖_*, |x|
        close = [k for k in range(1, len(seg)) if seg[k].text == seg[0].text]
        if not close:
            return False
        rest = seg[close[-1] + 1 :]
    elif seg and seg[0].kind == "name":
        rest = seg
    else:
        return False
    depth = 0
    bar: str | None = None  # inside ‖…‖ or |…| after a name (E‖y‖²): anything, as in brackets
    after_mark = False  # just after '_' or '^': one token (or a group) is its argument
    for t in rest:
        if t.kind == "op" and t.text in ("|", "||") and depth == 0 and bar in (None, t.text):
            bar = None if bar else t.text
        elif bar is not None:
            continue
        elif t.kind == "op" and t.text in OPEN:
            depth += 1
        elif t.kind == "op" and t.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0:
            if t.kind == "op" and t.text in ("_", "^"):
                after_mark = True
                continue
            if not (t.kind == "name" or t.text == "'" or after_mark):
                return False
        after_mark = False
    return True


def label_texts(text: str, names: Names) -> list[str]:
    """The tokens of a label (a prompt's left side, ``E[RMS²(y′)]``) as the reader reads a
    label typed before '=' (``Parsed.label`` is them joined by spaces); [] when ``text`` does
    not read as tokens."""
    try:
        check_length(text)
        normal, _ = normalize(text, names.kind)
        tokens = strip_boxed(tokenize(normal))
    except ParseError:
        return []
    return [t.text for t in tokens]


def is_label(text: str, names: Names) -> bool:
    """Does ``text`` (one side of an equation) name a quantity rather than give a value, in the
    box's names: ``E[RMS²]``, ``Var(y)``, ``t_disk`` (``_label_shaped``)? False when it does
    not read as tokens at all."""
    try:
        check_length(text)
        normal, _ = normalize(text, names.kind)
        tokens = strip_boxed(tokenize(normal))
    except ParseError:
        return False
    return bool(tokens) and _label_shaped(tokens, names)


def _equation_unknown(seg: list[Token], names: Names, exc: ParseError) -> str | None:
    """The name a side of an equation could not read, when that side also holds the box's
    symbols (``c^2 d1 = 1``: an equation for c, not a label): the name, else None."""
    if exc.reason != "unknown-name" or not (
        any(t.text in names.symbols for t in seg)
        or any(_owned(t, names) and t not in BUILTIN_FUNCTIONS for t in _top_names(seg))
    ):
        return None
    for k, t in enumerate(seg):
        if t.kind == "name" and t.col == exc.column:
            # a letter or two (c, t, c1), a Greek letter: a quantity; anything longer, a word
            short = len(t.text) <= 2 or t.text in GREEK_NAMES
            after = seg[k + 1] if k + 1 < len(seg) else None
            # applied to something (E[…], E‖y‖, Var(…)): an operator, not an unknown to solve for
            applied = after is not None and after.kind == "op" and after.text in (*OPEN, "|", "||")
            return pretty_name(t.text) if short and not applied else None
    return None


def _top_names(seg: list[Token]) -> list[str]:
    """The names of ``seg`` outside brackets that are not a subscript or a power, each with
    its subscript as typed (``d_1``, ``n_{in}`` as ``n_in``)."""
    out: list[str] = []
    depth = 0
    after_mark = False
    for k, t in enumerate(seg):
        if t.kind == "op" and t.text in OPEN:
            depth += 1
        elif t.kind == "op" and t.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and t.kind == "op" and t.text in ("_", "^"):
            after_mark = True
            continue
        elif depth == 0 and t.kind == "name" and not after_mark:
            name = t.text
            if k + 2 < len(seg) and seg[k + 1].text == "_":
                sub = seg[k + 2 : k + 5] if seg[k + 2].text == "{" else seg[k + 2 : k + 3]
                name += "_" + "".join(u.text for u in sub if u.text not in "{}")
            out.append(name)
        after_mark = False
    return out


def _owned(name: str, names: Names) -> bool:
    """Is ``name`` (with its subscript: ``d_1``) the box's symbol or a built-in function,
    however typed (d1, d_1, fan_in for d1)?"""
    flat = name.replace("_", "")
    own = (*names.symbols, *BUILTIN_FUNCTIONS)
    return (
        name.split("_")[0] in own
        or flat in own
        or any(flat == k.replace("_", "") for k in names.symbols)
        or alias_of(name, names.symbols) is not None
    )


def _label_shaped(seg: list[Token], names: Names) -> bool:
    """Does ``seg`` name a quantity rather than give a value? One label piece
    (``_label_piece``), or a product or quotient of an operator applied to brackets
    (``E[‖y‖²]``) and the box's own symbols (``E[‖y‖²]/d2``): never a number or an unknown
    name times something (``2c``, ``c/2`` state a value of c, not a name), nor a name run
    into the box's own symbols (``c² d1`` is a product: an equation for c, not a label)."""
    if _label_piece(seg):
        top = _top_names(seg)  # c·d1, c·√(d1): a product, not a name
        return len(top) < 2 or not any(_owned(t, names) for t in top)
    pieces, ops = split_top(seg, ("*", "/"))
    if not ops:
        return False
    for piece in pieces:
        if len(piece) == 1 and piece[0].kind == "name" and piece[0].text in names.symbols:
            continue
        grouped = any(t.kind == "op" and t.text in (*OPEN, "|", "||") for t in piece)
        if not (_label_piece(piece) and grouped):
            return False
    return True


_VARIANCE_WORDS = ("Var", "var", "Variance", "variance")
_SUPER_DIGITS = dict(zip("234", "²³⁴", strict=True))
_ROOT_WORDS = ("sqrt", "√")


def weight_variance_label(shown: str) -> bool:
    """Does a power label (``label_shown``) name the variance of the weights' entries
    (``Var(W_ij)``, ``σ_W²``): c² times the box's ``weight_variance``?"""
    return shown.startswith(("Var(", "σ"))


def _exponent(rest: list[str]) -> Fraction | None:
    """``^2``, ``^{-1}``, ``^(-2)``, ``^{1/2}`` (the tokens after a name): the exponent."""
    if len(rest) < 2 or rest[0] != "^":
        return None
    body = rest[1:]
    if body[0] in ("{", "(") and body[-1] in ("}", ")"):
        body = body[1:-1]
    text = "".join(body)
    if not re.fullmatch(r"-?\d+(?:/\d+)?", text):
        return None
    k = Fraction(text)
    return k if k not in (0, 1) else None


def _shown_power(head: str, k: Fraction) -> str:
    """c², c⁻¹, c^(1/2): how a power label is shown."""
    if k.denominator == 1 and 2 <= k <= 4:
        return f"{head}{_SUPER_DIGITS[str(k)]}"
    if k == -1:
        return f"{head}⁻¹"
    if k == -2:
        return f"{head}⁻²"
    return f"{head}^({k})"


def _label_power(label: list[Token], names: Names) -> tuple[int | Fraction, str]:
    """A label naming a transform of a quantity the box does not know: a power ``c^2``,
    ``c²`` (k = 2), ``c^{-1}`` (k = -1), ``√c`` (k = 1/2), or the weights' variance
    ``Var(W_ij)``, ``Var(cW_ij)``, ``σ_W²``, ``σ²`` (the variance of c·(entries): c², k = 2).
    (1, "") else."""
    if not label or label[0].kind != "name" or label[0].text in names.symbols:
        return 1, ""
    head = label[0].text
    texts = [t.text for t in label]
    if head in _VARIANCE_WORDS and len(label) >= 3 and label[1].text in ("(", "["):
        # the weights' variance is c² (W = c·(unit entries), or cW); any other variance
        # (Var(y_j), the box's own E[y_j²] at mean zero) is a label naming a quantity
        inner = "".join(x for x in texts[2:-1] if x not in ("{", "}"))
        if label[-1].text in (")", "]") and re.match(r"(?:c[*·]?)?[Ww]", inner):
            return 2, f"Var({inner})"
    if head == "sigma" and "sigma" not in names.definitions:
        # σ², σ_W², σ_{w}^2: the variance of the weights' entries
        rest = [x for x in texts[1:] if x not in ("{", "}")]
        sub: list[str] = []
        if rest[:1] == ["_"] and len(rest) >= 2:
            sub, rest = [rest[1]], rest[2:]
        if (not sub or sub[0][:1] in ("W", "w")) and rest in (["^", "2"],):
            return 2, "σ" + (f"_{sub[0]}" if sub else "") + "²"
        return 1, ""
    if head in _ROOT_WORDS:  # √c, sqrt(c), \sqrt{c}
        inner_ts = [t for t in label[1:] if t.text not in ("(", ")", "{", "}")]
        if (
            len(inner_ts) == 1
            and inner_ts[0].kind == "name"
            and len(inner_ts[0].text) == 1
            and inner_ts[0].text not in names.symbols
            and inner_ts[0].text not in ("E", "N", "p", "O")
        ):
            return Fraction(1, 2), f"√{inner_ts[0].text}"
        return 1, ""
    if len(head) != 1 or head in ("E", "N", "p", "O"):
        return 1, ""
    k = _exponent(texts[1:])
    if k is None or not -4 <= k <= 4:
        return 1, ""
    return (int(k) if k.denominator == 1 else k), _shown_power(head, k)


def _order_statement(segs: list[list[Token]], seps: list[str], names: Names) -> bool:
    """``label ∝ value`` or ``label ~ value`` where the label names a quantity (brackets: not
    a variable that a distribution binds; or a bare name, in a box with no distribution) and
    the value is not a distribution."""
    left, right = segs[-2], segs[-1]
    if not right or not left or right[0].text in ("N", "p") and len(right) > 1:
        return False
    if seps[-1] == "∝":
        return True
    if names.kind not in ("order", "expression") or not _label_piece(left):
        return False
    if any(t.kind == "op" and t.text in (*OPEN, "|", "||") for t in left):
        return not _function_label(left, names)
    # a bare name the box does not know ("c ~ 1/√d1"), in a box with no distribution for a
    # variable to follow: "~" can only say how it grows
    return (
        len(left) == 1
        and left[0].text not in names.symbols
        and names.measure is None
        and not names.families
    )


def _approximation_unbracketed(clause: list[Token], text: str) -> list[Token]:
    """``√(π/2)/d1 (≈ 1.2533/d1)``: an approximation in brackets after a value is the chain
    ``√(π/2)/d1 ≈ 1.2533/d1`` (judged as one, so it must agree)."""
    if len(clause) < 4 or clause[-1].text != ")" or clause[-1].kind != "op":
        return clause
    k = _last_bracket_opens(clause)
    if not k:  # none, or the whole clause in brackets
        return clause
    t, rel = clause[k], clause[k + 1] if k + 1 < len(clause) else None
    if (
        t.text != "("
        or rel is None
        or rel.kind != "op"
        or rel.text not in ("=", "~")
        or not _APPROX_OR_TILDE_RE.match(text, rel.col)
    ):
        return clause
    return [*clause[:k], *clause[k + 1 : -1]]


_APPROX_OR_TILDE_RE = re.compile(r"≈|\\approx|approx|~|∼|\\sim(?![A-Za-z])", re.I)


def _order_seg(seg: list[Token], names: Names) -> bool:
    """``Θ(…)`` and nothing after its bracket."""
    if len(seg) < 3 or seg[0].kind != "name" or seg[1].text != "(" or seg[-1].text != ")":
        return False
    if seg[0].text != "Theta" and not (seg[0].text == "theta" and "theta" not in names.symbols):
        return False
    return _last_bracket_opens(seg) == 1


def _plain_value(seg: list[Token], names: Names, state: State, end: int) -> Any:
    """The value ``seg`` reads as alone, or None (a label, words, not a plain value)."""
    try:
        p = Parser(seg, names, state, end)
        tree = p.expr()
        if p.peek() is not None:
            return None
        value = Builder(names).build(tree)
    except ParseError:
        return None
    return value if is_plain(value) else None


def _ratio_limit(a: Any, b: Any) -> Any:
    """The limit of a/b as every width grows (None when there is none to take)."""
    import sympy as sp

    try:
        r = sp.simplify(a / b)
        for s in sorted(r.free_symbols, key=str):
            r = sp.limit(r, s, sp.oo)
        if not r.is_number or r.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            return None
        return complex(r)
    except Exception:  # noqa: BLE001 - no limit sympy can take: not shown to agree
        return None


def _agreeing_tail(
    segs: list[list[Token]], seps: list[str], names: Names, state: State, end: int, text: str
) -> tuple[list[list[Token]], list[str]]:
    """``d1 = Θ(d1)``, ``d1 + (2/π) d1 (d1 − 1) ~ (2/π) d1²``, ``√(π/2)/d1 ~ 1.25/d1``: a
    value followed by its own order of growth, or by an approximation of it ('~'), states that
    value: the last member is left out, with a remark (in an order box, the order is the answer
    and the value before it the working). One that does not agree with the value is refused."""
    last, prev = segs[-1], segs[-2]
    order = seps[-1] in ("=", "~") and _order_seg(last, names)
    tilde = not order and seps[-1] == "~" and names.measure is None and not names.families
    if not (order or tilde) or not prev or not last:
        return segs, seps
    before = _plain_value(prev, names, state, end)
    if before is None:
        return segs, seps
    after = _plain_value(last[2:-1] if order else last, names, state, end)
    if after is None or after == 0:
        return segs, seps
    ratio = _ratio_limit(before, after)
    if order:
        agrees = ratio is not None and abs(ratio) > 1e-12
    else:
        decimal = _decimals(Parser(last, names, state, end).expr())[0]
        agrees = ratio is not None and abs(ratio - 1) <= (1e-2 if decimal else 1e-12)
    what = "order of growth" if order else "approximation"
    if not agrees:
        raise ParseError(
            "syntax",
            f"The value at column {prev[0].col + 1} and the {what} after it (column "
            f"{last[0].col + 1}) do not agree, so I can't tell which one is your answer: give "
            "the one value you mean.",
            last[0].col,
        )
    said = text[last[0].col : last[-1].end].strip()
    if order and names.kind == "order":
        state.remark(f"I read the value before {said} as working: the order is the answer.")
        return [*segs[:-2], last], [*seps[:-2], seps[-1]] if len(seps) > 1 else []
    state.remark(f"I read {said} after the value as its {what}, which agrees with it.")
    return segs[:-1], seps[:-1]


def _function_label(seg: list[Token], names: Names) -> bool:
    """``g(z, μ)``, ``F(μ)``, ``∇F(μ)``: a name applied to bare names, the name of a function
    of its arguments (a label even when the box knows the function)."""
    k = 0
    while k < len(seg) and seg[k].kind == "name" and seg[k].text == "grad":
        k += 1
    if len(seg) - k < 3 or seg[k].kind != "name" or seg[k + 1].text != "(":
        return False
    if seg[-1].text != ")":
        return False
    inner = seg[k + 2 : -1]
    return bool(inner) and all(
        t.kind == "name" or (t.kind == "op" and t.text in (",", "_")) or t.kind == "num"
        for t in inner
    )


_APPROX_TYPED_RE = re.compile(r"≈|\\approx|approx", re.I)


def _chain_members(
    segs: list[list[Token]], seps: list[str], names: Names, state: State, end: int, text: str
) -> tuple[Parsed, ...]:
    """The members before the last of ``a = b = value`` (``segs`` holds them all, ``text`` is
    what they were read from): labels (names the box does not know, a function of its
    arguments) are left out; every other member is read as a value of its own, to be judged
    equal to the value (``Parsed.members``), with the relation typed after it ("≈" or "=",
    as the reading shows it). A member that is neither is the reading error it gives."""
    out: list[Parsed] = []
    for k, seg in enumerate(segs[:-1]):
        if not seg or _function_label(seg, names):
            continue
        try:
            p = Parser(seg, names, state, end)
            tree = p.expr()
            tail: list[str] = []
            _tail(p, names, tail)
            value = Builder(names).build(tree)
        except ParseError as exc:
            if _label_shaped(seg, names):
                continue  # a label: c =, t_disk =, E[RMS²(y)] =
            unknown = _equation_unknown(seg, names, exc)
            if unknown is not None:
                raise ParseError(
                    exc.reason,
                    f"{exc.message} If that is an equation for {unknown}, solve it and type "
                    f"the value of {unknown} alone.",
                    exc.column,
                ) from None
            raise
        if seps[k] != "=" or seps[-1] != "=":
            raise ParseError(
                "syntax",
                f"I read a comparison between two values (column {seg[0].col + 1}); give the "
                "answer as one value.",
                seg[0].col,
            )
        has_decimal, decimals = _decimals(tree)
        after = segs[k + 1][0].col if segs[k + 1] else len(text)
        approximately = _APPROX_TYPED_RE.search(text, seg[-1].end, after) is not None
        out.append(
            Parsed(
                value=value,
                relation="≈" if approximately else "=",
                tail=tuple(tail),
                has_decimal=has_decimal,
                decimals=decimals,
                tree=tree,
            )
        )
    return tuple(out)


# after "or", in a number box: "50 ns or more", "or longer" (a lower bound)
_OR_MORE = frozenset(("more", "greater", "longer", "slower", "above", "higher", "larger", "bigger"))
# the words after "per" that name the whole backward pass a count is for (never "per layer")
_WHOLE_PASS = frozenset(
    ("the", "a", "one", "whole", "entire", "full", "backward", "backwards", "pass", "backprop")
    + ("sweep", "step", "iteration", "total")
)
# "50 ns or less", "… or lower", "… or faster": an upper bound
_OR_LESS = frozenset(
    ("less", "faster", "lower", "smaller", "fewer", "shorter", "quicker", "below", "under")
)
# words after a value and its unit that make it a bound
_TAIL_BOUNDS: dict[str, Bound] = {
    "at most": "upper",
    "max": "upper",
    "maximum": "upper",
    "tops": "upper",
    "at least": "lower",
    "min": "lower",
    "minimum": "lower",
}


def _tail(p: Parser, names: Names, tail: list[str]) -> Bound | None:
    """The words after a value: units and nouns (into ``tail``), "or less"; anything else is
    an error. Returns the bound the words give ("or less": upper)."""
    bound: Bound | None = None
    while (t := p.peek()) is not None:
        word = t.text.lower()
        if t.kind == "name" and word in names.tail_words:
            tail.append(UNIT_DISPLAY.get(word, word))
            p.take()
            continue
        after = p.peek(1)
        if (
            names.kind == "number"
            and tail
            and (
                (t.kind == "name" and word in ("each", "per"))
                or (t.text == "/" and after is not None and after.kind == "name")
            )
        ):
            # "50 ns each", "50 ns per loaddisk", "50 ns/op": the time of one operation
            p.take()
            if word in ("per", "/"):
                nxt = p.peek()
                if nxt is None or nxt.kind != "name":
                    raise ParseError(
                        "syntax", f"'{word}' needs a word after it, as in 'per loaddisk'.", t.col
                    )
                if nxt.text.lower() in UNITS:  # "50 ns/s", "50 ns per second": a rate
                    said = f"/{nxt.text}" if word == "/" else f"per {nxt.text}"
                    raise ParseError(
                        "unit",
                        f"'{said}' makes it a rate (time per time); the box asks "
                        "for a time: give the number with one unit, as in 50 ns.",
                        t.col,
                    )
                p.take()
            continue
        if names.kind == "count" and tail and t.kind == "name" and word in ("per", "for"):
            # "20 fwd operations per backward pass": the count for the whole backward pass
            k = 1
            while (
                (w := p.peek(k)) is not None
                and w.kind == "name"
                and w.text.lower() in (_WHOLE_PASS)
            ):
                k += 1
            if k > 1 and (w is None or w.kind != "name"):
                for _ in range(k):
                    p.take()
                continue
            nxt = p.peek(1)
            if word == "per" and nxt is not None and nxt.text.lower() in ("layer", "segment"):
                raise ParseError(
                    "unit",
                    f"This box asks for the count over the whole backward pass, not per "
                    f"{nxt.text.lower()} (column {t.col + 1}): give the total.",
                    t.col,
                )
        if t.kind == "name" and names.tail_words and (word == "or" or word in _OR_LESS):
            if word in _OR_LESS:
                bound = "upper"
            p.take()
            continue
        if names.kind == "number" and t.kind == "name" and word in _OR_MORE:
            bound = "lower"  # "50 ns or more": a lower bound (judged, the wrong way here)
            p.take()
            continue
        nxt = p.peek(1)
        if t.kind == "name" and names.tail_words and word == "at" and nxt is not None:
            pair = f"at {nxt.text.lower()}"
            if pair in _TAIL_BOUNDS:  # "50 ns at most", "50 ns at least"
                bound = _TAIL_BOUNDS[pair]
                p.take()
                p.take()
                continue
        if t.kind == "name" and names.tail_words and word in _TAIL_BOUNDS:
            bound = _TAIL_BOUNDS[word]  # "50 ns max"
            p.take()
            continue
        if t.kind == "name" and t.text not in names.symbols and names.tail_words:
            raise ParseError(
                "unit",
                f"I read a value but not the word '{t.text}' (column {t.col + 1}). "
                f"Words this box understands: {', '.join(sorted(names.tail_words))}.",
                t.col,
            )
        raise ParseError("syntax", f"I didn't expect '{t.text}' at column {t.col + 1}.", t.col)
    return bound


def read_measure(text: str, names: Names) -> Names:
    """``names`` with a box's measure read in, e.g. ``z ~ N(0, I)`` or
    ``x0 ~ p_{mu=0}, p_mu = N(mu, sigma^2 I)``.

    Extra clauses ``p_mu = N(...)`` define a density family, used for p_μ / p_{μ=0} in answers
    too (``Names.families``). A density the measure names with one parameter (``x ~ p_theta``)
    makes ``p(x)`` read as ``p_θ(x)`` (``Names.default_params``).
    """
    tokens = tokenize(text)
    clauses, _ = split_top(tokens, (",", ";"), CLAUSE_WORDS)
    families: dict[str, tuple[Any, Normal]] = {}
    params: dict[str, Node] = {}
    state = State()
    build = Builder(names)
    for clause in clauses:
        segs, seps = split_top(clause, REL_OPS)
        if seps == ["="] and segs[0] and segs[0][0].kind == "name":
            fname = segs[0][0].text
            p = Parser(segs[0], names, state, len(text))
            p.take()
            if not p.at("_"):
                raise ParseError("syntax", f"measure: write the family as {fname}_mu = N(...)")
            param = Parser(p.take_subscript(), names, state, len(text)).expr()
            normal = build.build(Parser(segs[1], names, state, len(text)).dist())
            if not isinstance(normal, Normal):
                raise ParseError("syntax", "measure: a density family must be N(mean, cov)")
            families[fname] = (build.build(param), normal)
            params.setdefault(fname, param)
    names = replace(names, families=frozen(families))
    main: Sampled | None = None
    for clause in clauses:
        segs, seps = split_top(clause, REL_OPS)
        if seps == ["~"]:
            var = Parser(segs[0], names, state, len(text)).bind_var(segs[0], 0)
            dist = Parser(segs[1], names, state, len(text)).dist()
            main = Sampled(var, dist, col=clause[0].col, end=clause[-1].end)
    if main is None:
        raise ParseError("syntax", f"measure {text!r}: write it as z ~ N(0, I)")
    measure = Builder(names).build(main)
    d = main.dist
    if isinstance(d, DensityOf) and d.name not in families and d.value is None and d.param:
        params = {d.name: d.param, **params}
    bound = frozenset({measure.var.name}) if measure.var is not None else frozenset()
    return replace(names, measure=measure, default_params=frozen(params), bound=bound)


@lru_cache(maxsize=128)
def box_names(box: Any) -> Names:
    """The names of ``box`` (a ``tutor.content.BoxSpec``): its symbols as sympy symbols, its
    functions and words, its ``definitions`` (``Sigma = "sigma^2"``, read in order: a
    definition may use the symbols and the definitions before it) and its measure. Definitions
    that can't be read are listed in ``Names.errors``; a measure that can't be read is
    ``Names.measure_error`` (the checker reports both as content problems)."""
    import sympy

    symbols: dict[str, Any] = {}
    for spec in box.symbols:
        kwargs = {"positive": True} if spec.positive else {"real": True}
        if spec.integer:
            kwargs["integer"] = True
        symbols[spec.name] = sympy.Symbol(spec.name, **kwargs)
    words: set[str] = set()
    if box.kind == "number":
        words |= set(UNITS)
    if box.kind == "count":
        words |= {w.lower() for w in box.nouns} | set(COUNT_WORDS)
    names = Names(
        kind=box.kind,
        symbols=frozen(symbols),
        functions=tuple(box.functions),
        tail_words=frozenset(words),
        width=box.width if box.kind == "order" else None,
    )
    errors: list[str] = []
    for name, text in getattr(box, "definitions", ()):
        try:
            value = parse_answer(text, names).value
        except ParseError as exc:
            errors.append(f"definition {name} = {text!r} can't be read: {exc.message}")
            continue
        if not isinstance(value, sympy.Basic):
            errors.append(f"definition {name} = {text!r} must be an expression")
            continue
        names = replace(names, definitions=frozen({**names.definitions, name: value}))
    givens = _givens(box, words, errors)
    names = replace(names, givens=frozen(givens), errors=tuple(errors))
    if getattr(box, "measure", None):
        try:
            names = read_measure(box.measure, names)
        except ParseError as exc:
            names = replace(names, measure_error=exc)
    return names


def _givens(box: Any, words: set[str], errors: list[str]) -> dict[str, Any]:
    """A number or count box's ``givens`` (``N = 10``) as exact sympy numbers; one that is
    not a number, or that clashes with a unit or noun of the box, is a content error."""
    import sympy

    out: dict[str, Any] = {}
    for name, text in getattr(box, "givens", ()):
        if name.lower() in words:
            errors.append(f"given {name} is also a unit or noun an answer may end with")
            continue
        try:
            value = sympy.Rational(text.replace("_", ""))
        except (TypeError, ValueError, SyntaxError):
            errors.append(f"given {name} = {text!r} is not a number")
            continue
        out[name] = value
    return out


def with_givens(names: Names) -> Names:
    """``names`` with the box's givens read as definitions: the names a general formula typed
    where a number is asked is evaluated with (``N(N−1)/2`` at N = 10 reads as 45)."""
    return replace(names, definitions=frozen({**names.definitions, **names.givens}))
