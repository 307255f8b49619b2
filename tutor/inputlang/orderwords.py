"""Orders of growth and powers said in words, read as the math they say.

``in_symbols(text, kind)`` rewrites, in expression and order boxes, keeping the length (so
columns still match):

- a power after a name, a number or a bracket: ``d1 squared`` is ``d1^2``, ``n cubed`` ``n^3``;
- a square root said in words: ``the square root of d1`` is ``sqrt d1``, ``the inverse (or
  reciprocal) square root of d1`` and ``the reciprocal of the square root of d1`` ``1/sqrt d1``;
- an operator said in words between two values: ``1/d1 times √(π/2)``, ``√(π/2) divided by
  d1``, ``1 over d1``, ``d1 plus 1``, ``d1 minus 1`` (after a value only: a bracket, a digit, a
  one-letter name with its digit or subscript; never after a word, "averaged over d2");
- an order named with its variable, as the whole answer: ``quadratic in d1``, ``grows linearly
  with n``, ``quadratically in the width d1`` (inside a remark, ``d1² (quadratic in d1)``, it
  stays a remark);
- in order boxes only, ``in the width`` / ``w.r.t. width`` after an order (``Θ(1) in width``)
  is left out: every order box measures growth in the width.

``whole_order(text, names)``, an order box's whole answer said without its variable (the
second rule in an expression box too, where "constant" already reads as Θ(1)):

- a growth alone (``quadratic``, ``grows linearly``): in a box with one symbol, that symbol's
  order (``quadratic`` is Θ(n²)); in a box with several, refused, asking in which (naming the
  box's symbols, never which one is right);
- no growth with the width: ``independent of width``, ``width-independent``, ``doesn't depend
  on the width``, ``it stays constant as the width grows``, ``doesn't grow or shrink with
  width``, ``neither grows nor shrinks`` (or of the box's only symbol: ``constant in n``) is
  Θ(1); ``doesn't grow`` alone is O(1).
"""

from __future__ import annotations

import re

from tutor.inputlang.names import Names
from tutor.inputlang.values import ParseError

_GROWTH_WORDS = {"linear": 1, "quadratic": 2, "cubic": 3}
_POWER_WORD_RE = re.compile(r"(?<=[\w)\]}])\s+(squared|cubed)(?![A-Za-z0-9_])", re.I)
_GROWS = r"(?:(?:it\s+)?(?:grows|scales|increases)\s+)?"
_ONE_GROWTH = (
    r"(?:linear|quadratic|cubic)(?:ally|ly)?\s+(?:in|with)\s+(?:the\s+width\s+)?"
    r"[A-Za-z][A-Za-z0-9_]*"
)
_GROWTHS = rf"{_ONE_GROWTH}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_ONE_GROWTH})*"
# then a claim may follow: ", independent of d2", " and does not depend on d2"
_GROWTH_END = r"\s*(?=$|[,;]|\s(?:and|but)\s)"
_GROWTH_RE = re.compile(rf"^\s*{_GROWS}(?P<all>{_GROWTHS}){_GROWTH_END}", re.I)
# after a value: "d1, linear in d1": the value's order, said in words (judged to agree with it)
_GROWTH_AFTER_RE = re.compile(
    rf"(?<=[\w)\]}}²³])\s*,\s*(?:(?:which\s+is|it\s+is|i\.e\.)\s+)?{_GROWS}"
    rf"(?P<all>{_GROWTHS}){_GROWTH_END}",
    re.I,
)
_EACH_GROWTH_RE = re.compile(
    r"(linear|quadratic|cubic)(?:ally|ly)?\s+(?:in|with)\s+(?:the\s+width\s+)?"
    r"([A-Za-z][A-Za-z0-9_]*)",
    re.I,
)
_BARE_RE = re.compile(
    rf"^\s*{_GROWS}(linear|quadratic|cubic)(?:ally|ly)?(?:\s+growth)?\s*$",
    re.I,
)
_WIDTHS = r"(?:(?:the|any|every|all)\s+)?(?:(?:layer|network|hidden)\s+)?widths?"
_CONSTANT_RE = re.compile(
    r"^\s*(?:it\s+)?(?:is\s+|'s\s+|stays\s+|remains\s+)?(?:"
    r"(?:independent\s+of|indep\.?\s+of|does\s*n[o']?t\s+depend\s+on|doesn't\s+depend\s+on|"
    r"(?:has\s+)?no\s+dependence\s+on|constant\s+(?:in|with|across|as)|unchanged\s+(?:with|as)|"
    rf"the\s+same\s+(?:for|at|across))\s+(?P<what>{_WIDTHS}|[A-Za-z][A-Za-z0-9_]*)"
    r"(?:\s+(?:grows|changes|varies))?|(?P<widthless>width[-\s]?independent))\s*$",
    re.I,
)
_A_CONSTANT_RE = re.compile(
    r"^\s*(?:it\s+is\s+|it's\s+|just\s+)?(?:a|an|some)\s+(?:width[-\s]independent\s+)?"
    r"constant(?:\s+(?:factor|number|value))?\s*$",
    re.I,
)
# neither growing nor shrinking, said without naming a variable, or naming the width:
# "doesn't grow or shrink with width", "neither grows nor shrinks", "stays the same as the width
# grows", "should remain constant"
_STEADY_RE = re.compile(
    r"^\s*(?:it\s+)?(?:(?:(?:does|should|must|will|would|can)\s*n[o']?t|doesn't|shouldn't|"
    r"won't|wouldn't|can't)\s+(?:(?P<up>grow|increase)|change|scale|vary)(?P<down>\s+(?:or|nor)\s+"
    r"(?:shrink|decay|vanish|decrease))?|neither\s+grows\s+nor\s+(?:shrinks|decays|vanishes)|"
    r"(?:(?:should|must|will)\s+)?(?:stays?|remains?)\s+(?:constant|the\s+same|fixed))"
    rf"(?:\s+(?:with|as|in|across)\s+{_WIDTHS}(?:\s+(?:grows|changes|varies|increases))?)?"
    r"\s*$",
    re.I,
)
_IN_WIDTH_RE = re.compile(
    rf"(?<=\S)\s+(?:in|with|w\.?\s?r\.?\s?t\.?|with\s+respect\s+to)\s+{_WIDTHS}\s*$", re.I
)


def _power_word(m: re.Match[str]) -> str:
    power = "^2" if m.group(1).lower() == "squared" else "^3"
    return power.ljust(len(m.group(0)))


def _growth(m: re.Match[str]) -> str:
    """Growths said in words: "quadratic in d1" as Θ(d1^2), "quadratic in d1 and linear in d2" as
    Θ(d1^2*d2) (the same length; several growths in one name are left as typed)."""
    factors, seen = [], set()
    for each in _EACH_GROWTH_RE.finditer(m.group("all")):
        k, name = _GROWTH_WORDS[each.group(1).lower()], each.group(2)
        if name in seen:
            return m.group(0)
        seen.add(name)
        factors.append(name if k == 1 else f"{name}^{k}")
    said = f"Θ({'*'.join(factors)})"
    if m.re is _GROWTH_AFTER_RE:
        said = f" = {said}"
    return said.ljust(len(m.group(0)))


# an operator said in words between two values: "1/d1 times sqrt(pi/2)", "√(π/2) divided by
# d1", "1 over d1", "d1 plus 1" (never "plus or minus", nor after a word: "averaged over d2")
_OPERATOR_WORD_RE = re.compile(
    r"(?:(?<=[\d)\]}²³])|(?<=(?<![A-Za-z])[A-Za-z])|(?<=(?<![A-Za-z])[A-Za-z]\d)|"
    r"(?<=(?<![A-Za-z])[A-Za-z]_\w)|(?<=[μσθλπΣ])|(?<=(?<![A-Za-z])mu)|(?<=(?<![A-Za-z])pi)|"
    r"(?<=(?<![A-Za-z])sigma)|(?<=(?<![A-Za-z])theta)|(?<=(?<![A-Za-z])lambda))\s+"
    r"(times|multiplied\s+by|divided\s+by|over|plus(?!\s+or\s+minus)|minus)\s+"
    r"(?=[\w(√\\])",
    re.I,
)
_OPERATOR_SAID = {"times": "*", "multiplied": "*", "divided": "/", "over": "/"}


def _operator_word(m: re.Match[str]) -> str:
    word = m.group(1).split()[0].lower()
    if word in ("over", "divided") and re.match(r"\d+\s*[A-Za-z(√\\]", m.string[m.end() :]):
        return m.group(0)  # "1 over 2 d1": 1/(2d1) said, (1/2)·d1 read: left as typed
    said = _OPERATOR_SAID.get(word) or ("+" if word == "plus" else "-")
    return f" {said}".ljust(len(m.group(0)))


def in_operators(text: str) -> str:
    """``text`` with operators said in words between values written as math (the same
    length)."""
    return _OPERATOR_WORD_RE.sub(_operator_word, text)


# "the square root of d1", "the inverse square root of d1", "reciprocal of the square root of"
_ROOT_OF_RE = re.compile(
    r"(?<![A-Za-z0-9_])(?:the\s+)?(?P<inverse>(?:inverse|reciprocal)\s+(?:of\s+the\s+)?)?"
    r"(?:square\s+root|sqrt|root)\s+of\s+(?:the\s+)?(?=[\w(√\\])",
    re.I,
)


def _root_of(m: re.Match[str]) -> str:
    said = "1/sqrt " if m.group("inverse") else "sqrt "
    return said.ljust(len(m.group(0)))


# "multiply W by 1/√d1", "we should scale the weights by …": the factor is the answer
_SCALE_BY_RE = re.compile(
    r"^\s*(?:(?:we|you|i)\s+(?:should|must|need\s+to|have\s+to|would|can)\s+|"
    r"(?:we|you)\s+)?(?:multiply|scale|rescale)\s+(?:all\s+)?(?:(?:the\s+)?(?:weights?|weight\s+"
    r"matrix|entries)(?:\s+W)?|W)\s+by\s+(?=\S)",
    re.I,
)
# "the square of d1", "the cube of (d1 + 1)": that power of one name, number or bracket
_SQUARE_OF_RE = re.compile(
    r"(?<![A-Za-z0-9_])(?:the\s+)?(square|cube)\s+of\s+(?:the\s+)?"
    r"(?P<x>[A-Za-z][A-Za-z0-9_]*|\d+|\([^()]*\))(?![A-Za-z0-9_(])",
    re.I,
)
_EXPONENT = (
    r"(?:minus\s+|negative\s+|[-−]\s*)?(?:(?:one\s+|1\s+|a\s+)?half|"
    r"\d+(?:\.\d+)?(?:\s*/\s*\d+)?|one|two|three|four)"
)
# "d1 to the power -1/2", "d1 to the minus one half", "d1 raised to -0.5": the power, in brackets
_TO_THE_RE = re.compile(
    r"(?<=[\w)\]}])\s+(?:raised\s+to(?:\s+the)?(?:\s+power(?:\s+of)?)?|to\s+the(?:\s+power"
    rf"(?:\s+of)?)?)\s+(?P<exp>{_EXPONENT})(?:\s+power)?(?![A-Za-z0-9_/.])",
    re.I,
)
_EXPONENT_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "half": "1/2"}
# "Theta of d1^2", "big theta of d1 squared", "like d1^2" (the whole answer): Θ(…)
_THETA_OF_RE = re.compile(
    r"^\s*(?:(?:big\s+)?(?:theta|Θ)\s+of|(?:it\s+(?:is|grows|scales)\s+)?like)\s+"
    r"(?P<x>[^,;]*?[^,;\s])\s*(?=$|[,;])",
    re.I,
)


def _square_of(m: re.Match[str]) -> str:
    k = 2 if m.group(1).lower() == "square" else 3
    return f"{m.group('x')}^{k}".ljust(len(m.group(0)))


def _to_the(m: re.Match[str]) -> str:
    said = " ".join(m.group("exp").lower().split())
    sign = "-" if re.match(r"minus|negative|[-−]", said) else ""
    said = re.sub(r"^(?:minus|negative|[-−])\s*", "", said)
    said = re.sub(r"^(?:one|1|a)\s+half$", "half", said).replace(" ", "")
    said = _EXPONENT_WORDS.get(said, said)
    return f"^({sign}{said})".ljust(len(m.group(0)))


def in_symbols(text: str, kind: str) -> str:
    """``text`` with powers and orders said in words written as math (the same length)."""
    text = _SCALE_BY_RE.sub(lambda m: " " * len(m.group(0)), text)
    text = _ROOT_OF_RE.sub(_root_of, text)
    text = _SQUARE_OF_RE.sub(_square_of, text)
    text = _TO_THE_RE.sub(_to_the, text)
    text = _POWER_WORD_RE.sub(_power_word, text)
    text = _OPERATOR_WORD_RE.sub(_operator_word, text)
    text = _GROWTH_RE.sub(_growth, text)
    text = _GROWTH_AFTER_RE.sub(_growth, text)
    text = _THETA_OF_RE.sub(lambda m: f"Θ({m.group('x')})".ljust(len(m.group(0))), text)
    if kind == "order":
        text = _IN_WIDTH_RE.sub(lambda m: " " * len(m.group(0)), text)
        text = _IN_ITS_SYMBOL_RE.sub(_in_its_symbol, text)
    return text


# "Θ(d1²) in d1, independent of d2": the growth's own variable named after it (left out; never
# a variable the bracket does not hold: "Θ(d1²) in d2" is left as typed)
_IN_ITS_SYMBOL_RE = re.compile(
    r"\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)"
    r"(?P<tail>\s+(?:in|with)\s+(?P<name>[A-Za-z][A-Za-z0-9_]*))(?=\s*(?:$|[,;]|\band\b))",
    re.I,
)


def _in_its_symbol(m: re.Match[str]) -> str:
    inner = m.group("inner").replace("_", "").replace("{", "").replace("}", "")
    if not re.search(rf"(?<![A-Za-z0-9]){re.escape(m.group('name'))}(?![A-Za-z0-9])", inner):
        return m.group(0)
    head = m.group(0)[: m.start("tail") - m.start()]
    return head + " " * len(m.group("tail"))


def whole_order(text: str, names: Names) -> str:
    """An order box's whole answer said without its symbol: "quadratic" as Θ(n^2) when the box
    has one symbol (refused when it has several), "independent of the width" (or of the box's
    only symbol) as Θ(1). Any other text is returned as it is."""
    if names.kind not in ("order", "expression"):
        return text
    symbols = list(names.symbols)
    steady = _STEADY_RE.match(text)
    if steady is not None:  # "doesn't grow" alone bounds it above: O(1)
        return "O(1)" if steady.group("up") and not steady.group("down") else "Θ(1)"
    if _A_CONSTANT_RE.match(text):  # "a constant", "it is a constant"
        return "Θ(1)"
    constant = _CONSTANT_RE.match(text)
    if constant is not None:  # (in an expression box too, read as "constant" is: Θ(1))
        what = constant.group("what")
        if what is None or re.fullmatch(_WIDTHS, what, re.I) or symbols == [what]:
            return "Θ(1)"
        return text  # "independent of d2" alone: says nothing of d1; read as typed
    m = _BARE_RE.match(text) if names.kind == "order" else None
    if m is None:
        return text
    word = m.group(1).lower()
    if len(symbols) == 1:
        k = _GROWTH_WORDS[word]
        return f"Θ({symbols[0]})" if k == 1 else f"Θ({symbols[0]}^{k})"
    raise ParseError(
        "syntax",
        f"'{word}' says how fast, but not in which width: name it, as in '{word} in …' or "
        f"Θ(…) with the width inside (this box knows {', '.join(symbols)}).",
        m.start(1),
    )
