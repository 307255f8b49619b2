"""The safe input language: what a student types, read into sympy objects.

Student text never reaches ``eval``, ``sympify`` or ``parse_expr``. A hand-written
tokenizer turns plain text, unicode math and a LaTeX subset into a whitelist of
tokens, and a recursive-descent parser builds sympy objects directly (``Symbol``,
``Integer``, ``Rational``, ``Add``, ``Mul``, ``Pow``, ``pi``, ``E``, ``log``, ``exp``,
and undefined ``Function`` s for the unknown functions a box declares). Only the
names a box knows are accepted; anything else is a ``ParseError`` that says where.

Problem 4's notation is read into small structured objects (``Expectation``,
``Normal``, ``Density``, ``Reparam``); orders into ``Order``; numbers with units
into ``Quantity``. Gradients of unknown functions become derivative functions:
``∇f(a)`` is ``f__d0(a)`` (the derivative of ``f`` in its first argument at ``a``)
and ``∇_θ p_θ(x)`` is ``p__d0(θ, x)`` (densities take their parameter first).

Reading rules a student may need to know (the help screen's cheat sheet should say them):

- ``±`` (also ``+-`` with no space between, ``\\pm``; ``∓``/``\\mp``) means "both signs": it is read
  as a symbol s = ±1 (``Parsed.both_signs``, ``Parsed.with_sign(±1)``); the checker judges both.
- ``|x|``, ``\\lvert x \\rvert`` and ``\\left| x \\right|`` are absolute values; a bar followed by a
  subscript (``\\Big|_{x=a}``) is an evaluation bar, and ``p(x | θ)`` a conditioning bar.
- After ``/``, a number glued to a name is one term: ``1/2d1`` is 1/(2·d1), ``1/2π`` is 1/(2π).
  With a space, ``1/2 d1`` is (1/2)·d1, and ``Parsed.remarks`` says so.
- A box may define names (``definitions``: Σ = σ²), so ``Σ⁻¹`` reads as 1/σ²; a density the
  box's measure names with one parameter (``x ~ p_theta``) makes ``p(x)`` read as p_θ(x).
- Units are shown as written, in unicode: ``us`` is shown as μs.

sympy is imported lazily (this module is imported by the CLI only when grading).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

MAX_LENGTH = 500
MAX_DEPTH = 40
MAX_TOKENS = 300
MAX_EXPONENT = 200  # |numeric exponent| allowed in a power
MAX_POWER_DIGITS = 2000  # a numeric power may not have more digits than this
MAX_FACTORIAL = 100

CONSTANT_NAMES = ("pi", "e")
BUILTIN_FUNCTIONS = ("sqrt", "log", "ln", "exp")

# time units, as powers of ten of a second
UNITS: dict[str, int] = {
    "s": 0,
    "sec": 0,
    "secs": 0,
    "second": 0,
    "seconds": 0,
    "ms": -3,
    "msec": -3,
    "millisecond": -3,
    "milliseconds": -3,
    "us": -6,
    "usec": -6,
    "microsecond": -6,
    "microseconds": -6,
    "ns": -9,
    "nsec": -9,
    "nanosec": -9,
    "nanosecond": -9,
    "nanoseconds": -9,
    "ps": -12,
    "μs": -6,  # how "us" is shown (the tokenizer reads μs/µs as "us")
}
UNIT_DISPLAY = {"us": "μs"}  # unit words shown in pretty unicode (as written otherwise)
COUNT_WORDS = ("operations", "operation", "ops", "op", "times", "calls", "call", "in", "total")
UPPER_PHRASES = (
    ("at", "most"),
    ("no", "more", "than"),
    ("no", "slower", "than"),
    ("less", "than"),
    ("up", "to"),
    ("under",),
    ("below",),
    ("within",),
    ("max",),
)
LOWER_PHRASES = (("at", "least"), ("no", "less", "than"), ("more", "than"), ("above",), ("min",))
CLAUSE_WORDS = ("with", "where", "and", "for")


class ParseError(Exception):
    """The answer could not be read. ``reason`` is the note suffix (``invalid:<reason>``)."""

    def __init__(self, reason: str, message: str, column: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.column = column


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # "num" | "name" | "op" | "cmd"
    text: str
    col: int
    space: bool = False  # whitespace (or a LaTeX space) right before this token


_GREEK = {
    "π": "pi",
    "σ": "sigma",
    "μ": "mu",
    "µ": "mu",
    "θ": "theta",
    "ε": "epsilon",
    "ϵ": "epsilon",
    "ξ": "xi",
    "η": "eta",
    "τ": "tau",
    "φ": "phi",
    "α": "alpha",
    "β": "beta",
    "λ": "lambda",
    "δ": "delta",
    "Θ": "Theta",
    "Ω": "Omega",
    "Σ": "Sigma",
    "Δ": "Delta",
    "∇": "grad",
    "√": "sqrt",
    "𝔼": "E",
    "𝒩": "N",
    "ℓ": "l",
}
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅛": (1, 8)}
_UNICODE_OPS = {
    "·": "*",
    "×": "*",
    "⋅": "*",
    "∗": "*",
    "•": "*",
    "−": "-",
    "–": "-",
    "∼": "~",
    "≤": "<=",
    "⩽": "<=",
    "≥": ">=",
    "⩾": ">=",
    "≈": "=",
    "‖": "||",
    "′": "'",
    "ᵀ": "T'",
    "⊤": "T'",
    "±": "±",
    "∓": "∓",
    "→": "→",
    "⟶": "→",
    "←": "←",
}
_SUPERS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾", "0123456789-+()", strict=True))
_SUBS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_LATEX_NAMES = {
    "pi": "pi",
    "sigma": "sigma",
    "mu": "mu",
    "theta": "theta",
    "vartheta": "theta",
    "epsilon": "epsilon",
    "varepsilon": "epsilon",
    "xi": "xi",
    "eta": "eta",
    "tau": "tau",
    "phi": "phi",
    "varphi": "phi",
    "alpha": "alpha",
    "beta": "beta",
    "lambda": "lambda",
    "delta": "delta",
    "Theta": "Theta",
    "Omega": "Omega",
    "Sigma": "Sigma",
    "Delta": "Delta",
    "nabla": "grad",
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "sqrt": "sqrt",
    "E": "E",
    "ell": "l",
}
_LATEX_OPS = {
    "cdot": "*",
    "times": "*",
    "ast": "*",
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
    "sim": "~",
    "lt": "<",
    "gt": ">",
    "approx": "=",
    "mid": "|",
    "vert": "|",
    "top": "T'",
    "intercal": "T'",
    "intercal ": "T'",
    "lvert": "|",
    "rvert": "|",
    "lVert": "||",
    "rVert": "||",
    "pm": "±",
    "mp": "∓",
    "to": "→",
    "rightarrow": "→",
    "mapsto": "→",
    "leftarrow": "←",
    "gets": "←",
}
# LaTeX commands with no place in an answer here, and what to type instead
_LATEX_INSTEAD = {
    "partial": "write a gradient as ∇f(…), grad f(…) or f'(…)",
    "int": "write an integral as an expectation, E_{x ~ …}[…]",
    "sum": "work the sum out, or write it term by term with +",
    "infty": "this box has no infinite answers",
    "cdots": "write the terms out",
    "ldots": "write the terms out",
}
_LATEX_SKIP = {
    "left",
    "right",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
    "Biggl",
    "Biggr",
    "displaystyle",
    "quad",
    "qquad",
    "limits",
}
_LATEX_FONTS = {
    "mathbf",
    "mathrm",
    "mathit",
    "boldsymbol",
    "bm",
    "mathbb",
    "mathcal",
    "mathsf",
    "operatorname",
    "text",
    "textrm",
    "textit",
    "textbf",
    "mbox",
    "vec",
}
_LATEX_STRUCT = {"frac": "frac", "dfrac": "frac", "tfrac": "frac", "boxed": "boxed"}
_NUM_RE = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_OPS2 = ("**", "<=", ">=", "=<", "=>", "||", "+-")
_OPS1 = set("+-*/^()[]{},;=<>~!'_|")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into whitelisted tokens; anything else is a ``ParseError`` at its column."""
    if len(text) > MAX_LENGTH:
        raise ParseError(
            "too-long",
            f"That answer is {len(text)} characters long; answers are limited to {MAX_LENGTH}.",
            MAX_LENGTH,
        )
    out: list[Token] = []
    i, n = 0, len(text)
    gap = False  # whitespace since the last token
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "$&":
            i += 1
            gap = True
            continue
        before = len(out)
        i = _token(text, i, out)
        if len(out) == before:
            gap = True  # a LaTeX space (\, \quad) or a dropped command
        elif gap:
            out[before] = Token(out[before].kind, out[before].text, out[before].col, True)
            gap = False
    if len(out) > MAX_TOKENS:
        raise ParseError("too-long", "That answer is too long to check; shorten it.", None)
    return out


def _token(text: str, i: int, out: list[Token]) -> int:
    """Append the token(s) starting at ``text[i]``; return the next index."""
    n = len(text)
    ch = text[i]
    if ch == "\\":
        return _latex(text, i, out)
    m = _NUM_RE.match(text, i)
    if m and (ch.isdigit() or ch == "."):
        out.append(Token("num", m.group(0), i))
        return m.end()
    m = _NAME_RE.match(text, i)
    if m:
        out.append(Token("name", m.group(0), i))
        return m.end()
    if ch in ("μ", "µ") and text[i + 1 : i + 2] == "s" and not text[i + 2 : i + 3].isalpha():
        out.append(Token("name", "us", i))
        return i + 2
    if ch in _GREEK:
        out.append(Token("name", _GREEK[ch], i))
        return i + 1
    if ch in _VULGAR:
        a, b = _VULGAR[ch]
        out += [Token("op", "(", i), Token("num", str(a), i), Token("op", "/", i)]
        out += [Token("num", str(b), i), Token("op", ")", i)]
        return i + 1
    if ch in _SUPERS:
        j = i
        while j < n and text[j] in _SUPERS:
            j += 1
        out.append(Token("op", "^", i))
        out.append(Token("op", "{", i))
        _digits_tokens("".join(_SUPERS[c] for c in text[i:j]), i, out)
        out.append(Token("op", "}", j - 1))
        return j
    if ch in _SUBS:
        j = i
        while j < n and text[j] in _SUBS:
            j += 1
        out.append(Token("op", "_", i))
        out.append(Token("num", "".join(_SUBS[c] for c in text[i:j]), i))
        return j
    if ch in _UNICODE_OPS:
        out.append(Token("op", _UNICODE_OPS[ch], i))
        return i + 1
    two = text[i : i + 2]
    if two in _OPS2:
        norm = {"**": "^", "=<": "<=", "=>": ">=", "+-": "±"}.get(two, two)
        out.append(Token("op", norm, i))
        return i + 2
    if ch in _OPS1:
        out.append(Token("op", ch, i))
        return i + 1
    raise ParseError("syntax", f"I can't read the character '{ch}' (column {i + 1}).", i)


def _digits_tokens(s: str, col: int, out: list[Token]) -> None:
    j = 0
    while j < len(s):
        if s[j].isdigit():
            k = j
            while k < len(s) and s[k].isdigit():
                k += 1
            out.append(Token("num", s[j:k], col))
            j = k
        else:
            out.append(Token("op", s[j], col))
            j += 1


def _latex(text: str, i: int, out: list[Token]) -> int:
    """Read one LaTeX command starting at the backslash ``text[i]``; return the next index."""
    n = len(text)
    if i + 1 >= n:
        raise ParseError("syntax", "A backslash ends the answer.", i)
    nxt = text[i + 1]
    if not nxt.isalpha():
        if nxt in ",;:! ":
            return i + 2
        if nxt == "_":
            out.append(Token("op", "_", i))
            return i + 2
        if nxt == "|":
            out.append(Token("op", "||", i))
            return i + 2
        if nxt in "{}":
            out.append(Token("op", "(" if nxt == "{" else ")", i))
            return i + 2
        raise ParseError("syntax", f"I can't read '\\{nxt}' (column {i + 1}).", i)
    m = re.compile(r"[A-Za-z]+").match(text, i + 1)
    if m is None:
        raise ParseError("syntax", f"I can't read '\\{nxt}' (column {i + 1}).", i)
    name = m.group(0)
    j = m.end()
    if name in _LATEX_SKIP:
        return j
    if name in _LATEX_NAMES:
        out.append(Token("name", _LATEX_NAMES[name], i))
        return j
    if name in _LATEX_OPS:
        out.append(Token("op", _LATEX_OPS[name], i))
        return j
    if name in _LATEX_STRUCT:
        out.append(Token("cmd", _LATEX_STRUCT[name], i))
        return j
    if name in _LATEX_FONTS:
        k = j
        while k < n and text[k] == " ":
            k += 1
        if k < n and text[k] == "{":
            close = text.find("}", k)
            inner = text[k + 1 : close] if close != -1 else ""
            if close != -1 and re.fullmatch(r"[A-Za-z0-9 ]*", inner):
                for w in re.finditer(r"[A-Za-z][A-Za-z0-9]*|\d+", inner):
                    kind = "num" if w.group(0).isdigit() else "name"
                    out.append(Token(kind, w.group(0), k + 1 + w.start()))
                return close + 1
        return j  # the command is dropped; its argument reads as a group
    instead = _LATEX_INSTEAD.get(name)
    if instead:
        raise ParseError(
            "syntax", f"I can't use \\{name} (column {i + 1}) in an answer: {instead}.", i
        )
    raise ParseError("syntax", f"I don't know the LaTeX command \\{name} (column {i + 1}).", i)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Normal:
    """A Gaussian N(mean, var·I), read in the 1-D scalar analogue (the problem is isotropic)."""

    mean: Any
    var: Any


@dataclass(frozen=True)
class Density:
    """An abstract density p_θ (``value`` set for p_{θ=value})."""

    name: str
    param: Any
    value: Any = None


@dataclass(frozen=True)
class Expectation:
    var: Any  # sympy Symbol or None (to be inferred)
    dist: Normal | Density | None
    body: Any


@dataclass(frozen=True)
class Order:
    kind: str  # "Θ" | "O" | "Ω"
    expr: Any


@dataclass(frozen=True)
class DistClause:
    var: Any  # Symbol or None
    dist: Normal | Density


@dataclass(frozen=True)
class Parsed:
    """What one answer was read as."""

    value: Any  # sympy Expr | Order | Expectation | None (when only distributions were given)
    relation: str | None = None  # "=", "<=", ">=", "<", ">" in front of the value
    bound: str | None = None  # "upper" | "lower" from a relation or words ("at most")
    tail: tuple[str, ...] = ()  # unit / noun words after the value
    dists: tuple[DistClause, ...] = ()
    has_decimal: bool = False
    decimals: int = 0  # most digits after a decimal point in any number
    label: str = ""
    remarks: tuple[str, ...] = ()  # how an ambiguous piece was read ("1/2 d₁ is (1/2)·d₁")
    independent_of: tuple[Any, ...] = ()  # symbols a trailing "independent of d2" names

    @property
    def both_signs(self) -> bool:
        """The answer uses ± (read as "both signs"; see ``with_sign``)."""
        return has_plus_minus(self.value) or any(has_plus_minus(d.dist) for d in self.dists)

    def with_sign(self, sign: int) -> Parsed:
        """This answer with ± read as + (``sign=1``) or − (``sign=-1``)."""
        from dataclasses import replace

        return replace(
            self,
            value=_sub_pm(self.value, sign),
            dists=tuple(DistClause(d.var, _sub_pm(d.dist, sign)) for d in self.dists),
        )


@dataclass
class Context:
    """The names an answer may use: built from a box spec."""

    symbols: dict[str, Any] = field(default_factory=dict)
    functions: tuple[str, ...] = ()
    tail_words: frozenset[str] = frozenset()
    families: dict[str, tuple[Any, Normal]] = field(default_factory=dict)  # p -> (param, N(...))
    bound: dict[str, Any] = field(default_factory=dict)
    definitions: dict[str, Any] = field(default_factory=dict)  # Sigma -> sigma**2 (box-defined)
    default_params: dict[str, Any] = field(default_factory=dict)  # p -> theta: p(x) is p_θ(x)
    remarks: list[str] = field(default_factory=list)  # filled while parsing one answer
    errors: list[str] = field(default_factory=list)  # box definitions that can't be read
    kind: str = ""  # the box kind (number/count answers read words and units differently)
    width: str | None = None  # an order box's width symbol: n_ℓ, n_{ℓ-1} read as it

    def known_names(self) -> list[str]:
        names = list(self.symbols) + list(self.definitions) + [f"{f}(…)" for f in self.functions]
        return names + ["pi", "sqrt", "log", "exp"]

    def remark(self, text: str) -> None:
        if text not in self.remarks:
            self.remarks.append(text)


def make_context(box: Any) -> Context:
    """The names of ``box`` (a ``tutor.content.BoxSpec``) as sympy symbols.

    The box's ``definitions`` (``Sigma = "sigma^2"``) are read here, in order (a definition may
    use the symbols and the definitions before it), and so is its measure: a density the
    measure names with one parameter (``x ~ p_theta``) makes ``p(x)`` read as ``p_θ(x)``.
    Definitions that can't be read are listed in ``Context.errors``.
    """
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
    ctx = Context(symbols, tuple(box.functions), frozenset(words))
    ctx.kind = box.kind
    ctx.width = box.width if box.kind == "order" else None
    for name, text in getattr(box, "definitions", ()):
        try:
            value = parse_answer(text, ctx).value
        except ParseError as exc:
            ctx.errors.append(f"definition {name} = {text!r} can't be read: {exc.message}")
            continue
        if not isinstance(value, sympy.Basic):
            ctx.errors.append(f"definition {name} = {text!r} must be an expression")
            continue
        ctx.definitions[name] = value
    ctx.bound, ctx.remarks = {}, []
    if getattr(box, "measure", None):
        try:
            main = parse_measure(box.measure, ctx)
        except ParseError:
            main = None  # reported by the checker (invalid:content) and by validate
        if main is not None and isinstance(main.dist, Density) and main.dist.value is None:
            ctx.default_params[main.dist.name] = main.dist.param
        for fname, (param, _normal) in ctx.families.items():
            ctx.default_params.setdefault(fname, param)
    return ctx


# --------------------------------------------------------------------------- parser

_REL_OPS = ("=", "<=", ">=", "<", ">", "~")
_OPEN = {"(": ")", "[": "]", "{": "}"}


def _split_top(tokens: list[Token], seps: tuple[str, ...], words: tuple[str, ...] = ()):
    """Split at depth-0 separator tokens; returns (parts, separators)."""
    parts: list[list[Token]] = [[]]
    found: list[str] = []
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in _OPEN:
            depth += 1
        elif t.kind == "op" and t.text in (")", "]", "}"):
            depth -= 1
        elif t.kind == "cmd" or t.text == "||":
            pass
        if depth == 0 and (
            (t.kind == "op" and t.text in seps) or (t.kind == "name" and t.text in words)
        ):
            found.append(t.text)
            parts.append([])
            continue
        parts[-1].append(t)
    return parts, found


def _check_brackets(tokens: list[Token], text_len: int) -> None:
    stack: list[Token] = []
    for t in tokens:
        if t.kind == "op" and t.text in _OPEN:
            stack.append(t)
        elif t.kind == "op" and t.text in (")", "]", "}"):
            if not stack:
                raise ParseError(
                    "syntax", f"'{t.text}' at column {t.col + 1} closes nothing.", t.col
                )
            opener = stack.pop()
            if _OPEN[opener.text] != t.text:
                raise ParseError(
                    "syntax",
                    f"'{opener.text}' at column {opener.col + 1} is closed by '{t.text}' "
                    f"at column {t.col + 1}.",
                    t.col,
                )
    if stack:
        t = stack[-1]
        raise ParseError("syntax", f"'{t.text}' at column {t.col + 1} is never closed.", t.col)


class _Parser:
    def __init__(self, tokens: list[Token], ctx: Context, end_col: int):
        self.toks = tokens
        self.i = 0
        self.ctx = ctx
        self.depth = 0
        self.end_col = end_col
        self.has_decimal = False
        self.decimals = 0
        # what a single '|' means here, innermost last: "close" (inside |...|), "sep" (in a
        # call's arguments: p(x | θ)), "free" (inside brackets: may open |...|)
        self.bars: list[str] = []
        import sympy

        self.sp = sympy

    # -- token helpers
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, text: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind in ("op", "cmd") and t.text == text

    def at_name(self, k: int = 0) -> str | None:
        t = self.peek(k)
        return t.text if t is not None and t.kind == "name" else None

    def take(self) -> Token:
        t = self.peek()
        if t is None:
            raise ParseError(
                "syntax",
                "The answer ends too early: something is missing at the end.",
                self.end_col,
            )
        self.i += 1
        return t

    def expect(self, text: str) -> Token:
        t = self.peek()
        if t is None or t.text != text or t.kind == "name":
            col = t.col if t else self.end_col
            got = f"'{t.text}'" if t else "the end"
            raise ParseError(
                "syntax", f"Expected '{text}' at column {col + 1} but found {got}.", col
            )
        self.i += 1
        return t

    def col(self) -> int:
        t = self.peek()
        return t.col if t else self.end_col

    def fail(self, message: str, reason: str = "syntax", col: int | None = None) -> ParseError:
        return ParseError(reason, message, self.col() if col is None else col)

    # -- grammar
    def parse_all(self) -> Any:
        value = self.expr()
        return value

    def expr(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("That answer is nested too deeply to check.", "too-deep")
        left = self.term()
        while self.at("+") or self.at("-") or self.at("±") or self.at("∓"):
            op = self.take().text
            right = self.term()
            left = _combine(self, op, left, right)
        self.depth -= 1
        return left

    def starts_factor(self) -> bool:
        t = self.peek()
        if t is None:
            return False
        if t.kind == "num":
            return True
        if t.kind == "cmd":
            return True
        if t.kind == "name":
            low = t.text.lower()
            known = (
                t.text in self.ctx.symbols
                or t.text in self.ctx.bound
                or t.text in self.ctx.definitions
            )
            if not known and (low in self.ctx.tail_words or t.text in CLAUSE_WORDS):
                return False
            if self.ctx.tail_words and not known and not self._builtin_name(t.text):
                return False  # an unknown word after a number is a unit/noun problem
            return True
        if (
            t.text == "|"
        ):  # opens |...| unless it closes one, separates p(x | θ) or is a bar |_{x=a}
            return (not self.bars or self.bars[-1] == "free") and not self.at("_", 1)
        return t.text in ("(", "[", "{", "||")

    def _builtin_name(self, name: str) -> bool:
        return name in self.ctx.functions or name in CONSTANT_NAMES or name in BUILTIN_FUNCTIONS

    def term(self) -> Any:
        left = self.unary()
        spaced: tuple[Any, Token] | None = None  # "a/2 d1": (a, 2) waiting for the factor
        while True:
            if self.at("*") or self.at("/"):
                op = self.take().text
                right, spaced_num = self.divisor() if op == "/" else (self.unary(), None)
                spaced = (left, spaced_num) if spaced_num is not None else None
                left = _combine(self, op, left, right)
            elif self.starts_factor():
                right = self.power()
                if spaced is not None and _is_expr(right) and _is_expr(spaced[0]):
                    a, num = spaced
                    top, fac = _pp(a, 1), _pp(right, 2)
                    self.ctx.remark(
                        f"I read “{top}/{num.text} {fac}” as ({top}/{num.text})·{fac}. If you "
                        f"meant {top}/({num.text}·{fac}), use brackets or leave out the space."
                    )
                spaced = None
                left = _combine(self, "*", left, right)
            else:
                return left

    def divisor(self) -> tuple[Any, Token | None]:
        """What follows '/'. A number glued to a name is one term: 1/2d1 is 1/(2·d1).

        With a space (1/2 d1) the number alone is the divisor, (1/2)·d1; the second value
        returned is then the number's token, so that the reading can be pointed out.
        """
        t = self.peek()
        start = self.i
        right = self.unary()
        if t is None or t.kind != "num" or self.i != start + 1:
            return right, None
        glued = False
        while True:
            nxt = self.peek()
            if nxt is None or nxt.space or nxt.kind != "name" or not self.starts_factor():
                break
            right = _combine(self, "*", right, self.power())
            glued = True
        if glued:
            return right, None
        nxt = self.peek()
        if nxt is not None and nxt.space and nxt.kind == "name" and self.starts_factor():
            return right, t
        return right, None

    def unary(self) -> Any:
        if self.at("-"):
            self.take()
            return _combine(self, "neg", self.unary(), None)
        if self.at("±") or self.at("∓"):
            op = self.take().text
            pm = _combine(self, "*", plus_minus_symbol(), self.unary())
            return pm if op == "±" else _combine(self, "neg", pm, None)
        if self.at("+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Any:
        base = self.postfix()
        while self.at("^"):
            self.take()
            if self.at("T'") or (self.at_name() == "T" and "T" not in self.ctx.symbols):
                self.take()  # transpose: scalars in the 1-D reading
                continue
            if self.at("{"):
                open_tok = self.take()
                if self.at("T'") or self.at_name() == "T":
                    self.take()
                    self.expect("}")
                    continue
                exp = self.expr()
                self.expect("}")
                del open_tok
            else:
                exp = self.fraction_exponent()
                if exp is None:
                    exp = self.unary()
            base = _make_pow(self, base, exp)
            base = self.postfix_ops(base)
        return base

    def fraction_exponent(self) -> Any:
        """``d1^-1/2`` and ``d1^1/2`` (typed without spaces) mean d1^(−1/2) and d1^(1/2): a
        power of 1/n is how students type roots. Read so, with a remark."""
        k = 1 if self.at("-") else 0
        toks = [self.peek(j) for j in range(k + 3)]
        if any(t is None for t in toks):
            return None
        one, slash, den = toks[k], toks[k + 1], toks[k + 2]
        if not (
            one.kind == "num"
            and one.text == "1"
            and slash.text == "/"
            and slash.kind == "op"
            and den.kind == "num"
            and den.text.isdigit()
            and int(den.text) >= 2
            and not any(t.space for t in toks[1:])
        ):
            return None
        after = self.peek(k + 3)
        if after is not None and not after.space and after.kind in ("name", "num", "cmd"):
            return None
        for _ in range(k + 3):
            self.take()
        sign = "−" if k else ""
        exp = self.sp.Rational(-1 if k else 1, int(den.text))
        self.ctx.remark(
            f"I read ^{sign}1/{den.text} as the power {sign}1/{den.text}. If you meant "
            f"(…^{sign}1)/{den.text}, write it with brackets."
        )
        return exp

    def postfix(self) -> Any:
        value = self.primary()
        return self.postfix_ops(value)

    def postfix_ops(self, value: Any) -> Any:
        while True:
            if self.at("!"):
                col = self.take().col
                value = _factorial(self, value, col)
            elif self.at("T'"):
                self.take()
            else:
                return value

    def group(self) -> Any:
        """A brace group ``{...}`` or, failing that, one atom (LaTeX ``\\frac12``)."""
        if self.at("{"):
            self.take()
            v = self.expr()
            self.expect("}")
            return v
        t = self.peek()
        if t is not None and t.kind == "num" and t.text.isdigit():
            self.take()
            return (
                self.sp.Integer(int(t.text[0])) if len(t.text) > 1 else self.sp.Integer(int(t.text))
            )
        return self.primary()

    def primary(self) -> Any:
        sp = self.sp
        t = self.peek()
        if t is None:
            raise self.fail("The answer ends too early: something is missing at the end.")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("That answer is nested too deeply to check.", "too-deep")
        try:
            if t.kind == "num":
                self.take()
                return self.number(t)
            if t.kind == "cmd":
                self.take()
                if t.text == "frac":
                    num = self.group()
                    den = self.group()
                    return _combine(self, "/", num, den)
                if t.text == "boxed":
                    return self.group()
            if t.kind == "op":
                if t.text in ("(", "[", "{"):
                    self.take()
                    self.bars.append("free")
                    try:
                        v = self.expr()
                    finally:
                        self.bars.pop()
                    self.expect(_OPEN[t.text])
                    return v
                if t.text == "|" and not self.at("_", 1):
                    self.take()
                    self.bars.append("close")
                    try:
                        v = self.expr()
                    finally:
                        self.bars.pop()
                    if not self.at("|"):
                        raise self.fail(
                            f"The absolute value '|' at column {t.col + 1} is never closed."
                        )
                    self.take()
                    return _need_expr(self, v, t.col, sp.Abs)
                if t.text == "||":
                    self.take()
                    v = self.expr()
                    self.expect("||")
                    return _need_expr(self, v, t.col, sp.Abs)
                raise self.fail(f"I didn't expect '{t.text}' at column {t.col + 1}.")
            return self.name()
        finally:
            self.depth -= 1

    def number(self, t: Token) -> Any:
        sp = self.sp
        text = t.text
        if "." in text or "e" in text.lower():
            mant, _, ex = text.lower().partition("e")
            if "." in mant:
                self.has_decimal = self.has_decimal or bool(mant.split(".")[1]) or ex == ""
                self.decimals = max(self.decimals, len(mant.split(".")[1]))
            if ex and abs(int(ex)) > MAX_EXPONENT:
                raise ParseError(
                    "too-big", f"The number at column {t.col + 1} is too large to check.", t.col
                )
            value = sp.Rational(mant if mant != "." else "0")
            if ex:
                value = value * sp.Integer(10) ** int(ex)
            return value
        return sp.Integer(int(text))

    # -- names
    def subscript_tokens(self) -> list[Token]:
        """After a '_': the tokens of a ``{...}`` group or one token (not consumed)."""
        j = self.i + 1
        t = self.peek(1)
        if t is None:
            raise self.fail("A subscript '_' has nothing after it.")
        if t.kind == "op" and t.text == "{":
            depth, k = 0, j
            while k < len(self.toks):
                tk = self.toks[k]
                if tk.kind == "op" and tk.text in _OPEN:
                    depth += 1
                elif tk.kind == "op" and tk.text in (")", "]", "}"):
                    depth -= 1
                    if depth == 0:
                        return self.toks[j : k + 1]
                k += 1
            raise self.fail("A subscript '{' is never closed.")
        return [t]

    def skip_subscript(self, toks: list[Token]) -> None:
        self.i += 1 + len(toks)

    @staticmethod
    def inner(toks: list[Token]) -> list[Token]:
        if toks and toks[0].text == "{" and toks[0].kind == "op":
            return toks[1:-1]
        return toks

    def lookup(self, name: str) -> Any:
        if name in self.ctx.bound:
            return self.ctx.bound[name]
        if name in self.ctx.symbols:
            return self.ctx.symbols[name]
        if name in self.ctx.definitions:
            return self.ctx.definitions[name]
        return None

    def name(self) -> Any:
        sp = self.sp
        t = self.take()
        name = t.text
        shown = name  # the name as typed, with its subscript, for messages
        # a subscript that completes a declared name: d_1, d_{1}, fan_{in}, x_0
        if self.at("_"):
            sub = self.inner(self.subscript_tokens())
            if sub and all(s.kind in ("name", "num") for s in sub):
                joined = "".join(s.text for s in sub)
                for cand in (f"{name}_{joined}", f"{name}{joined}"):
                    if self.lookup(cand) is not None:
                        self.skip_subscript(self.subscript_tokens())
                        return self.lookup(cand)
            if sub:
                shown = f"{name}_{''.join(s.text for s in sub)}"
                if len(sub) > 1:
                    shown = f"{name}_{{{''.join(s.text for s in sub)}}}"
            # an order box: n_ℓ, n_{ℓ-1} grow like the width n
            if name == self.ctx.width and sub and name in self.ctx.symbols:
                self.skip_subscript(self.subscript_tokens())
                self.ctx.remark(f"I read {shown} as {name}: every width grows like {name}.")
                return self.ctx.symbols[name]
        value = self.lookup(name)
        if value is not None and shown != name:
            # x_0 where the box knows x but not x_0 or x0: say so, not "expected ')'"
            raise ParseError("unknown-name", self.unknown_message(shown, t.col), t.col)
        if value is not None:
            return value
        if name in self.ctx.functions:
            return self.function(t)
        if name in ("pi",):
            return sp.pi
        if name == "e":
            return sp.E
        if name in ("sqrt", "log", "ln", "exp"):
            return self.builtin(t)
        if name in ("grad", "nabla"):
            return self.gradient(t)
        if name == "E" and (self.at("_") or self.at("[") or self.at("(")):
            return self.expectation(t)
        if name in ("Theta", "O", "Omega", "Ω", "Θ") and self.at("("):
            return self.order(t)
        if name in ("theta", "omega") and self.at("("):
            # Θ typed in lower case (when θ is not a name of this box)
            return self.order(Token(t.kind, {"theta": "Theta", "omega": "Omega"}[name], t.col))
        if name == "N" and self.at("("):
            return self.normal(t)
        if name in ("constant", "const"):
            return Order("Θ", sp.Integer(1))
        if name in ("I", "Id") and "_I_" in self.ctx.bound:
            if self.at("_"):  # I_k, I_d: the identity of some size
                self.skip_subscript(self.subscript_tokens())
            return self.ctx.bound["_I_"]
        split = self.split_name(name)
        if split is not None:
            return sp.Mul(*split)
        # fanin, nin: a declared name typed without its underscore
        for known in self.ctx.symbols:
            if "_" in known and known.replace("_", "") == name and shown == name:
                return self.ctx.symbols[known]
        raise ParseError("unknown-name", self.unknown_message(shown, t.col), t.col)

    def unknown_message(self, shown: str, col: int) -> str:
        """Why a name can't be read, and what to type instead."""
        where = f"(column {col + 1})"
        if self.ctx.kind in ("number", "count"):
            what = "a number" if self.ctx.kind == "number" else "a whole number (a count)"
            tail = ""
            if self.ctx.tail_words:
                unit = "unit" if self.ctx.kind == "number" else "word"
                tail = f", optionally followed by a {unit} such as {self.example_word()}"
            return (
                f"I can't read '{shown}' {where}. This box wants {what} in digits{tail}; "
                "type just that."
            )
        known = self.ctx.known_names()
        close = [k for k in known if _similar(shown, k)]
        if close:
            return (
                f"I don't know the name '{shown}' {where}. Did you mean {close[0]}? "
                f"This box knows: {', '.join(known)}."
            )
        if _looks_like_a_word(shown):
            return (
                f"'{shown}' {where} looks like a word. Type only the answer as math, without "
                f"words; this box knows the names {', '.join(known)}."
            )
        return f"I don't know the name '{shown}' {where}. This box knows: {', '.join(known)}."

    def example_word(self) -> str:
        words = sorted(self.ctx.tail_words)
        if self.ctx.kind == "number":
            return "ns" if "ns" in words else words[0]
        nouns = [w for w in words if w not in COUNT_WORDS]
        return f"'{nouns[0]}'" if nouns else f"'{words[0]}'"

    def split_name(self, name: str) -> list[Any] | None:
        """``sigmaz`` -> sigma·z when the whole name splits into declared symbols."""
        names = sorted(
            list(self.ctx.symbols) + list(self.ctx.bound) + ["pi"], key=len, reverse=True
        )
        names = [n for n in names if n != "_I_"]

        def go(rest: str) -> list[Any] | None:
            if not rest:
                return []
            for n in names:
                if rest.startswith(n):
                    tail = go(rest[len(n) :])
                    if tail is not None:
                        v = self.sp.pi if n == "pi" else self.lookup(n)
                        return [v, *tail]
            return None

        parts = go(name)
        return parts if parts and len(parts) > 1 else None

    def call_args(self) -> list[Any]:
        self.expect("(")
        args = [self.expr()]
        while self.at(","):
            self.take()
            args.append(self.expr())
        self.expect(")")
        return args

    def function(self, t: Token) -> Any:
        """An unknown function: f(x), f'(x), p_θ(x), p_{μ=0}(x), p(x; θ), p(x | θ)."""
        sp = self.sp
        name = t.text
        primes = 0
        while self.at("'"):
            self.take()
            primes += 1
        param = None
        if self.at("_"):
            sub = self.inner(self.subscript_tokens())
            self.skip_subscript(self.subscript_tokens())
            param = self.sub_parser(sub).expr_with_eq()
        if not self.at("("):
            raise self.fail(f"'{name}' is a function: give its argument, as in {name}(x).")
        self.expect("(")
        self.bars.append("sep")
        try:
            args = [self.expr()]
            while self.at(",") or self.at(";") or self.at("|"):
                sep = self.take().text
                a = self.expr()
                if sep in (";", "|"):
                    param = a
                else:
                    args.append(a)
        finally:
            self.bars.pop()
        self.expect(")")
        if param is None and len(args) == 1 and name in self.ctx.default_params and not primes:
            param = self.ctx.default_params[name]
            sub = pretty(param)
            self.ctx.remark(f"I read {name}(…) as {name}_{sub}(…), the density of this part.")
        if param is not None:
            if isinstance(param, tuple):  # p_{mu=0}(x): substituted value
                args = [param[1], *args]
            else:
                args = [param, *args]
        fname = name + "__d0" * primes
        return sp.Function(fname)(*[_need_expr(self, a, t.col) for a in args])

    def expr_with_eq(self) -> Any:
        """A subscript like ``θ`` or ``μ=0`` (returns (symbol, value) for the latter)."""
        left = self.expr()
        if self.at("="):
            self.take()
            right = self.expr()
            return (left, right)
        return left

    def sub_parser(self, toks: list[Token]) -> _Parser:
        p = _Parser(toks, self.ctx, toks[-1].col + 1 if toks else self.col())
        p.depth = self.depth
        return p

    def builtin(self, t: Token) -> Any:
        sp = self.sp
        name = t.text
        if name == "sqrt":
            index = None
            if self.at("["):
                self.take()
                index = self.expr()
                self.expect("]")
            arg = self.group() if self.at("{") else self.postfix()
            arg = _need_expr(self, arg, t.col)
            if index is None:
                return sp.sqrt(arg)
            return _make_pow(self, arg, _combine(self, "/", sp.Integer(1), index))
        if self.at("^"):  # log^2(x): not needed here
            raise self.fail(f"Write powers of {name} as ({name}(x))^2.")
        if self.at("(") or self.at("{"):
            arg = self.primary()
        else:
            arg = self.postfix()
        arg = _need_expr(self, arg, t.col)
        if name == "exp":
            if arg.has(sp.exp) or any(not a.exp.is_Number for a in arg.atoms(sp.Pow)):
                raise ParseError(
                    "too-big",
                    "Nested exponentials are too large to check; no answer needs one.",
                    t.col,
                )
            return sp.exp(arg)
        return sp.log(arg)

    def gradient(self, t: Token) -> Any:
        """∇f(a), ∇_x f(x)|_{x=a}, ∇_θ log p_θ(x), grad_theta ..."""
        sp = self.sp
        wrt = None
        if self.at("_"):
            sub = self.inner(self.subscript_tokens())
            self.skip_subscript(self.subscript_tokens())
            wrt = self.sub_parser(sub).expr()
            if not isinstance(wrt, sp.Symbol):
                raise ParseError(
                    "syntax", "A gradient's subscript must be one variable, as in ∇_x.", t.col
                )
        nxt = self.peek()
        if (
            wrt is not None
            and nxt is not None
            and nxt.kind == "name"
            and nxt.text in self.ctx.functions
            and not (self.peek(1) is not None and self.peek(1).text in ("(", "_", "'"))
        ):
            self.take()
            operand = sp.Function(nxt.text)(wrt)
        else:
            operand = self.postfix()
        if isinstance(operand, Expectation):
            raise ParseError(
                "kind",
                f"The gradient at column {t.col + 1} is outside the expectation. Move it inside "
                "and write the result as one E[...], with the gradient in the brackets.",
                t.col,
            )
        operand = _need_expr(self, operand, t.col)
        from sympy.core.function import AppliedUndef as _Undef

        if (
            wrt is not None
            and isinstance(operand, _Undef)
            and len(operand.args) == 1
            and wrt not in operand.free_symbols
            and not (self.at("|") and self.at("_", 1))
        ):
            # ∇_x f(μ + σz): the gradient of f in its argument, taken at μ + σz
            return sp.Function(operand.func.__name__ + "__d0")(operand.args[0])
        if wrt is None:
            from sympy.core.function import AppliedUndef

            if isinstance(operand, AppliedUndef) and len(operand.args) == 1:
                return sp.Function(operand.func.__name__ + "__d0")(operand.args[0])
            params = [
                a.args[0]
                for a in operand.atoms(AppliedUndef)
                if len(a.args) == 2 and isinstance(a.args[0], sp.Symbol)
            ]
            if not params:
                raise ParseError(
                    "syntax",
                    f"Say what the gradient at column {t.col + 1} is taken with respect to, as in ∇_x.",
                    t.col,
                )
            wrt = params[0]
        result = gradient_of(operand, wrt)
        return self.evaluation_bar(result)

    def evaluation_bar(self, value: Any) -> Any:
        """``|_{x=a}`` after an expression substitutes a for x."""
        if not (self.at("|") and self.at("_", 1)):
            return value
        self.take()
        sub = self.inner(self.subscript_tokens())
        self.skip_subscript(self.subscript_tokens())
        pair = self.sub_parser(sub).expr_with_eq()
        if not isinstance(pair, tuple) or not isinstance(pair[0], self.sp.Symbol):
            raise self.fail("Write an evaluation bar as |_{x = ...}.")
        return value.xreplace({pair[0]: pair[1]})

    def expectation(self, t: Token) -> Expectation:
        var = None
        dist = None
        if self.at("_"):
            sub = self.inner(self.subscript_tokens())
            self.skip_subscript(self.subscript_tokens())
            parts, seps = _split_top(sub, ("~",))
            if seps:
                var = self.bind_var(parts[0], t.col)
                dist = self.sub_parser(parts[1]).dist()
            elif (
                len(sub) >= 1
                and sub[0].kind == "name"
                and (
                    sub[0].text in self.ctx.functions
                    or sub[0].text in self.ctx.families
                    or sub[0].text == "N"
                )
            ):
                dist = self.sub_parser(sub).dist()
            else:
                var = self.bind_var(sub, t.col)
        bracketed = self.at("[") or self.at("(")
        if not bracketed and (var is None and dist is None or not self.starts_factor()):
            raise self.fail("An expectation needs its argument in brackets: E[...].")
        opener = self.take().text if bracketed else ""
        old = dict(self.ctx.bound)
        if var is not None:
            self.ctx.bound[var.name] = var
        try:
            # E_{z ~ N(0, I)} f(μ + σz): without brackets, the product that follows
            body = self.expr() if bracketed else self.term()
        finally:
            self.ctx.bound = old
        if bracketed:
            self.expect(_OPEN[opener])
        return Expectation(var, dist, _need_expr(self, body, t.col))

    def bind_var(self, toks: list[Token], col: int) -> Any:
        name = "".join(x.text for x in toks if x.kind in ("name", "num"))
        bad = [x for x in toks if x.kind not in ("name", "num") and x.text not in ("_", "{", "}")]
        if not name or bad or not name[0].isalpha():
            raise ParseError("syntax", f"Expected a variable name at column {col + 1}.", col)
        return self.lookup(name) or self.sp.Symbol(name, real=True)

    def dist(self) -> Normal | Density:
        """N(mean, cov) or a density p_θ / p_{μ=0} (optionally applied: p_θ(x))."""
        t = self.peek()
        if t is None:
            raise self.fail("A distribution is missing after '~'.")
        if t.kind == "name" and t.text == "N":
            self.take()
            d = self.normal(t)
        elif t.kind == "name" and (t.text in self.ctx.functions or t.text in self.ctx.families):
            self.take()
            param: Any = None
            if self.at("_"):
                sub = self.inner(self.subscript_tokens())
                self.skip_subscript(self.subscript_tokens())
                param = self.sub_parser(sub).expr_with_eq()
            if self.at("("):  # p_θ(x): the argument is the variable
                self.take()
                depth = 1
                while depth and self.peek() is not None:
                    tk = self.take()
                    depth += {"(": 1, ")": -1}.get(tk.text, 0) if tk.kind == "op" else 0
            d = self.density(t.text, param, t.col)
        else:
            raise self.fail(
                f"I can't read a distribution at column {t.col + 1}; write N(mean, covariance) or p_θ."
            )
        if self.peek() is not None:
            raise self.fail(f"Unexpected '{self.peek().text}' after the distribution.")
        return d

    def density(self, name: str, param: Any, col: int) -> Normal | Density:
        value = None
        if isinstance(param, tuple):
            param, value = param
        if name in self.ctx.families:
            fparam, normal = self.ctx.families[name]
            if param is not None and value is None and getattr(param, "is_Number", False):
                param, value = fparam, param  # p_0 is p_{μ=0}
            if param is not None and param != fparam:
                raise ParseError("syntax", f"{name} is indexed by {fparam}, not {param}.", col)
            if value is None:
                return normal
            return Normal(
                normal.mean.xreplace({fparam: value}), normal.var.xreplace({fparam: value})
            )
        if param is None and name in self.ctx.default_params:
            param = self.ctx.default_params[name]
        if param is None:
            raise ParseError(
                "syntax", f"Say which parameter {name} depends on, as in {name}_θ.", col
            )
        return Density(name, param, value)

    def normal(self, t: Token) -> Normal:
        sp = self.sp
        if self.at_name() == "N":
            self.take()
        self.expect("(")
        mean = self.expr()
        if self.at(";") or self.at("|"):  # N(z; 0, I): the density at z
            self.take()
            mean = self.expr()
        if not self.at(","):
            raise self.fail("A Gaussian needs a mean and a covariance: N(mean, covariance).")
        self.take()
        ident = sp.Symbol("_I_", positive=True)
        old = dict(self.ctx.bound)
        self.ctx.bound["_I_"] = ident
        try:
            cov = self.expr()
        finally:
            self.ctx.bound = old
        self.expect(")")
        cov = _need_expr(self, cov, t.col)
        mean = _need_expr(self, mean, t.col)
        return Normal(mean.xreplace({ident: sp.Integer(1)}), cov.xreplace({ident: sp.Integer(1)}))

    def order(self, t: Token) -> Order:
        kind = {"Theta": "Θ", "Θ": "Θ", "O": "O", "Omega": "Ω", "Ω": "Ω"}[t.text]
        self.expect("(")
        inner = self.expr()
        self.expect(")")
        return Order(kind, _need_expr(self, inner, t.col))


PLUS_MINUS = "_pm_"  # the name of the symbol that stands for ± (+1 or −1)


def plus_minus_symbol() -> Any:
    """The symbol ``±`` is read as: ``a ± b`` is ``a + s·b`` with s = ±1."""
    import sympy as sp

    return sp.Symbol(PLUS_MINUS, real=True)


def _is_expr(v: Any) -> bool:
    return not isinstance(v, (Expectation, Order, Normal, Density, tuple))


def has_plus_minus(value: Any) -> bool:
    """Does a parse result (expression, expectation, order, distribution) use ±?"""
    if value is None:
        return False
    if isinstance(value, Expectation):
        return has_plus_minus(value.body) or has_plus_minus(value.dist)
    if isinstance(value, Order):
        return has_plus_minus(value.expr)
    if isinstance(value, Normal):
        return has_plus_minus(value.mean) or has_plus_minus(value.var)
    if isinstance(value, Density):
        return has_plus_minus(value.param) or has_plus_minus(value.value)
    free = getattr(value, "free_symbols", None)
    return bool(free) and any(getattr(s, "name", "") == PLUS_MINUS for s in free)


def _sub_pm(value: Any, sign: int) -> Any:
    if value is None or not has_plus_minus(value):
        return value
    if isinstance(value, Expectation):
        return Expectation(value.var, _sub_pm(value.dist, sign), _sub_pm(value.body, sign))
    if isinstance(value, Order):
        return Order(value.kind, _sub_pm(value.expr, sign))
    if isinstance(value, Normal):
        return Normal(_sub_pm(value.mean, sign), _sub_pm(value.var, sign))
    if isinstance(value, Density):
        return Density(value.name, _sub_pm(value.param, sign), _sub_pm(value.value, sign))
    return value.xreplace({plus_minus_symbol(): sign})


def gradient_of(expr: Any, wrt: Any) -> Any:
    """d expr / d wrt, with derivatives of unknown functions as ``name__d<i>`` functions."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    d = sp.diff(expr, wrt)

    def conv(der: Any) -> Any:
        inner = der.expr
        if isinstance(inner, AppliedUndef) and len(der.variables) == 1:
            v = der.variables[0]
            if v in inner.args:
                idx = inner.args.index(v)
                return sp.Function(f"{inner.func.__name__}__d{idx}")(*inner.args)
        return der

    d = d.replace(lambda a: isinstance(a, sp.Derivative), conv)
    d = d.replace(
        lambda a: isinstance(a, sp.Subs),
        lambda s: s.expr.xreplace(dict(zip(s.variables, s.point, strict=True))),
    )
    return d


def _need_expr(p: _Parser, v: Any, col: int, wrap: Any = None) -> Any:
    if isinstance(v, (Expectation, Order, Normal, Density)):
        what = {
            Expectation: "an expectation",
            Order: "an order (Θ/O)",
            Normal: "a distribution",
            Density: "a distribution",
        }[type(v)]
        raise ParseError(
            "kind",
            f"{what[0].upper()}{what[1:]} can't be used inside another expression here "
            f"(column {col + 1}).",
            col,
        )
    return wrap(v) if wrap is not None else v


def _combine(p: _Parser, op: str, a: Any, b: Any) -> Any:
    """Arithmetic on sympy values; expectations combine linearly with constants."""
    if isinstance(a, Expectation) or isinstance(b, Expectation):
        return _combine_expectations(p, op, a, b)
    if isinstance(a, Order) or isinstance(b, Order):
        if op == "*" and isinstance(a, Order) != isinstance(b, Order):
            o, c = (a, b) if isinstance(a, Order) else (b, a)
            return Order(o.kind, o.expr * _need_expr(p, c, p.col()))
        raise p.fail("An order Θ(...) can only be the whole answer.", "kind")
    if op in ("±", "∓"):
        pm = _combine(p, "*", plus_minus_symbol(), b)
        return _combine(p, "+" if op == "±" else "-", a, pm)
    a = _need_expr(p, a, p.col())
    if op == "neg":
        return -a
    b = _need_expr(p, b, p.col())
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise p.fail("That answer divides by zero.", "syntax")
        return a / b
    raise AssertionError(op)


def _combine_expectations(p: _Parser, op: str, a: Any, b: Any) -> Expectation:
    if op in ("±", "∓"):
        raise p.fail("Write ± inside the expectation, as in E[a ± b].", "kind")
    if op == "neg":
        return Expectation(a.var, a.dist, -a.body)
    if isinstance(a, Expectation) and isinstance(b, Expectation):
        if op in ("+", "-") and a.var == b.var and a.dist == b.dist:
            return Expectation(a.var, a.dist, a.body + b.body if op == "+" else a.body - b.body)
        raise p.fail("Combine expectations over the same variable into one E[...].", "kind")
    if op in ("*", "/"):
        e, c = (a, b) if isinstance(a, Expectation) else (b, a)
        c = _need_expr(p, c, p.col())
        if e.var is not None and e.var in c.free_symbols:
            raise p.fail(f"{e.var} is only defined inside the expectation.", "syntax")
        if op == "/" and e is b:
            raise p.fail("Dividing by an expectation is not what this box asks for.", "kind")
        return Expectation(e.var, e.dist, e.body * c if op == "*" else e.body / c)
    raise p.fail("An expectation plus a plain term: put everything inside one E[...].", "kind")


def _make_pow(p: _Parser, base: Any, exp: Any) -> Any:
    sp = p.sp
    if isinstance(base, Order) and not isinstance(exp, (Order, Expectation)):
        return Order(base.kind, _make_pow(p, base.expr, exp))
    base = _need_expr(p, base, p.col())
    exp = _need_expr(p, exp, p.col())
    if exp.is_Number:
        if abs(exp) > MAX_EXPONENT:
            raise p.fail("That power is too large to check; no answer here needs it.", "too-big")
        if base.is_Number and base != 0 and exp.is_Integer:
            digits = abs(int(exp)) * max(
                1.0,
                math.log10(max(abs(float(base)), 1e-300)) if base.is_Integer else _num_digits(base),
            )
            if digits > MAX_POWER_DIGITS:
                raise p.fail(
                    "That power is too large to check; no answer here needs it.", "too-big"
                )
    elif exp.is_number:
        try:
            size = abs(complex(exp.evalf(15)))
        except (TypeError, ValueError):
            size = math.inf
        if not size <= MAX_EXPONENT:
            raise p.fail("That power is too large to check; no answer here needs it.", "too-big")
    else:
        # a symbolic exponent: its numeric size is bounded by the symbols' domains at check time
        towers = [a for a in exp.atoms(sp.Pow) if not a.exp.is_Number]
        if towers or exp.has(sp.exp):
            raise p.fail(
                "Power towers are too complex to check; no answer here needs one.", "too-big"
            )
    if base == 0 and exp.is_number and exp.is_negative:
        raise p.fail("That answer divides by zero.", "syntax")
    return base**exp


def _num_digits(r: Any) -> float:
    num, den = abs(int(r.p)), abs(int(r.q))
    return max(1.0, len(str(num)), len(str(den)))


def _factorial(p: _Parser, value: Any, col: int) -> Any:
    sp = p.sp
    value = _need_expr(p, value, col)
    if not value.is_Integer or value < 0:
        raise ParseError("syntax", f"A factorial (column {col + 1}) needs a whole number.", col)
    if value > MAX_FACTORIAL:
        raise ParseError(
            "too-big", f"That factorial (column {col + 1}) is too large to check.", col
        )
    return sp.factorial(value)


# --------------------------------------------------------------------------- top level


def _strip_boxed(tokens: list[Token]) -> list[Token]:
    """``\\boxed{...}`` around the whole answer is unwrapped."""
    while len(tokens) >= 3 and tokens[0].kind == "cmd" and tokens[0].text == "boxed":
        if tokens[1].text != "{" or tokens[-1].text != "}":
            break
        depth, close = 0, -1
        for k in range(1, len(tokens)):
            t = tokens[k]
            if t.kind == "op" and t.text in _OPEN:
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


def _bound_words(seg: list[Token]) -> tuple[str | None, list[Token]]:
    words = [t.text.lower() if t.kind == "name" else None for t in seg]
    for phrases, kind in ((UPPER_PHRASES, "upper"), (LOWER_PHRASES, "lower")):
        for ph in phrases:
            if tuple(words[: len(ph)]) == ph:
                return kind, seg[len(ph) :]
    return None, seg


def _scan_bound_vars(clauses: list[list[Token]], ctx: Context) -> None:
    """Names on the left of '~' (and in a label p(z)) are bound variables of the answer."""
    import sympy as sp

    for clause in clauses:
        segs, seps = _split_top(clause, _REL_OPS)
        for k, sep in enumerate(seps):
            if sep == "~":
                names = [t for t in segs[k] if t.kind in ("name", "num")]
                name = "".join(t.text for t in names)
                if name and name[0].isalpha() and name not in ctx.symbols:
                    ctx.bound[name] = sp.Symbol(name, real=True)


def _label_var(label: list[Token], ctx: Context) -> Any:
    """``p(z)`` as a label: the variable z."""
    if (
        len(label) == 4
        and label[0].kind == "name"
        and label[1].text == "("
        and label[3].text == ")"
    ):
        name = label[2].text
        return ctx.bound.get(name) or ctx.symbols.get(name)
    return None


# What students type around an answer that is not part of it. Each is blanked out (replaced by
# spaces, so columns in messages still point into what was typed).
_WRAPPERS = (("```", "```"), ("`", "`"), ("**", "**"), ("\\(", "\\)"), ("\\[", "\\]"))
_FILLER_RE = re.compile(
    r"(?:i\s+think|i\s+believe|i\s+guess|i\s+got|i\s+get|my\s+answer\s+is|my\s+answer|"
    r"the\s+answer\s+is|answer\s+is|final\s+answer|answer|ans|result|maybe|probably|perhaps|"
    r"it\s+is|it's|it\s+should\s+be|should\s+be|must\s+be|it\s+must\s+be)"
    r"(?![A-Za-z0-9_])\s*(?::(?!=)|=(?![=<>]))?",
    re.I,
)
# "≈ 20", "about 50 ns": the value itself (an approximation sign is not a different answer)
_APPROX_RE = re.compile(
    r"≈|\\approx|(?:approx\.?|approximately|about|around|roughly)(?![A-Za-z0-9_])", re.I
)
# "~ d1^2", "grows like d1^2": an order of growth, Θ(...)
_ORDER_RE = re.compile(
    r"~|∼|∝|(?:(?:grows|scales|goes|increases)\s+(?:like|as)|proportional\s+to|"
    r"(?:on\s+the\s+)?order\s+of|of\s+order)(?![A-Za-z0-9_])",
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


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _normalize(text: str, ctx: Context) -> tuple[str, str | None]:
    """Blank out what is around the answer rather than part of it: wrappers (backticks,
    ``**bold**``, ``\\(...\\)``), a leading "I think" / "answer:" / "=", a trailing full stop or
    question mark (and, in number and count boxes, an exclamation mark), an approximation sign.
    Returns the text (same length, so columns still match) and "order" when a leading ``~`` /
    "grows like" asks for an order of growth."""
    numeric = ctx.kind in ("number", "count")
    exclaim = numeric or ctx.kind == "choice"  # "20!", "c!": not a factorial
    hint: str | None = None
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
        if tail in (".", "?", "。") or (tail == "!" and exclaim):
            if not (tail == "." and stripped[-2:-1] == "\\"):
                text = _blank(text, end - 1, end)
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
    # "fan-in" is the name fan_in (same length)
    text = re.sub(r"(?i)\b(fan)-(in|out)\b", r"\1_\2", text)
    if numeric:
        text = _NUMBER_WORD_RE.sub(_number_word, text)
    return text, hint


_COMMON_WORDS = frozenset(
    "a an the of in on at to is it its and or not no yes idk dunno i think maybe probably "
    "independent linear linearly quadratic quadratically constant grows scales like with "
    "without depends dependence only just same for all both because since so then than "
    "this that answer ans unsure sure know don't dont help hint".split()
)


def _looks_like_a_word(name: str) -> bool:
    """An English word rather than a mathematical name (for the unknown-name message)."""
    return name.lower() in _COMMON_WORDS or (
        len(name) >= 4 and name.isalpha() and name.islower() and "_" not in name
    )


_GREEK_NAMES = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega".split()
)


def _similar(typed: str, known: str) -> bool:
    """``D1``/``d 1``/``d_{1}`` for d1, ``X`` for x: the same name up to case and underscores.
    Not a Greek capital for its small letter: Σ (a covariance) is not σ."""
    base = known.removesuffix("(…)")
    if typed.lower() in _GREEK_NAMES and typed.lower() == base.lower() and typed != base:
        return False

    def norm(n: str) -> str:
        return n.replace("_", "").replace("{", "").replace("}", "").lower()

    return norm(typed) == norm(base) and typed != base


# a trailing side claim: "Θ(d1²), independent of d2", "d1 (not d2)", "d1 and not on d2"
_NAME_LIST = r"[A-Za-z\\][A-Za-z0-9_{}\\]*(?:\s*(?:,|and|or|&)\s*[A-Za-z\\][A-Za-z0-9_{}\\]*)*"
_CLAIM_RE = re.compile(
    r"(?:[,;]\s*|\s+|\(\s*)(?:(?:and|but)\s+)?(?:independent\s+of|indep\.?\s+of|"
    r"does\s*n[o']?t\s+depend\s+on|doesn't\s+depend\s+on|not\s+depending\s+on|"
    r"no\s+dependence\s+on|not\s+on|not|no)\s+(" + _NAME_LIST + r")\s*(?:dependence\s*)?\)?\s*$",
    re.I,
)


def _claims(text: str, ctx: Context) -> tuple[str, tuple[Any, ...]]:
    """A trailing "independent of d2": blanked out, and the symbols it names."""
    if ctx.kind not in ("expression", "order"):
        return text, ()
    m = _CLAIM_RE.search(text)
    if m is None or not text[: m.start()].strip():
        return text, ()
    if m.group(0).lstrip().startswith("(") and text[: m.start()].count("(") != text[
        : m.start()
    ].count(")"):
        return text, ()
    out = []
    for part in re.split(r"\s*(?:,|and|or|&)\s*", m.group(1)):
        toks = tokenize(part)
        try:
            value = _Parser(toks, ctx, len(part)).expr() if toks else None
        except ParseError:
            value = None
        if value is None or value not in ctx.symbols.values():
            return text, ()  # not a claim about this box's symbols: read it as typed
        out.append(value)
    return _blank(text, m.start(), m.end()), tuple(out)


def _colon_label(text: str) -> str:
    """``c: 1/√d1`` and ``t := 50 ns`` are labels, like ``c = 1/√d1``: the colon reads as '='."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and depth == 0 and (i == 0 or text[i - 1] != "\\"):
            if not text[:i].strip():
                return text
            if text[i + 1 : i + 2] == "=":
                return text[:i] + " " + text[i + 1 :]
            return text[:i] + "=" + text[i + 1 :]
    return text


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


def parse_answer(text: str, ctx: Context) -> Parsed:
    """Read one answer. Raises ``ParseError`` for anything that can't be read."""
    if not text.strip():
        raise ParseError("empty", "The answer is empty: type something to check.", 0)
    text, hint = _normalize(text, ctx)
    text = _colon_label(text)
    text, independent_of = _claims(text, ctx)
    if not text.strip():
        raise ParseError("empty", "I found no answer in that: type the answer itself.", 0)
    tokens = _strip_boxed(tokenize(text))
    _check_brackets(tokens, len(text))
    if not tokens:
        raise ParseError("empty", "The answer is empty: type something to check.", 0)
    end = len(text)
    clauses, _ = _split_top(tokens, (",", ";"), CLAUSE_WORDS)
    clauses = [c for c in clauses if c]
    ctx.bound = dict(ctx.bound)
    ctx.remarks = []
    _scan_bound_vars(clauses, ctx)
    value: Any = None
    rel: str | None = None
    bound: str | None = None
    tail: list[str] = []
    dists: list[DistClause] = []
    label = ""
    has_dec, decimals = False, 0
    for clause in clauses:
        segs, seps = _split_top(clause, _REL_OPS)
        if any(not s for s in segs[1:]) or (
            not segs[0] and (not seps or seps[0] not in ("<=", "<", ">=", ">"))
        ):
            col = clause[-1].col if clause else 0
            raise ParseError("syntax", f"Something is missing around column {col + 1}.", col)
        if "~" in seps:
            k = seps.index("~")
            if k + 1 != len(seps) or len(segs) != 2 and seps.count("~") != 1:
                raise ParseError(
                    "syntax", "Write a distribution as z ~ N(mean, covariance).", clause[0].col
                )
            p = _Parser(segs[k], ctx, end)
            var = p.bind_var(segs[k], clause[0].col)
            p = _Parser(segs[-1], ctx, end)
            dists.append(DistClause(var, p.dist()))
            continue
        last = segs[-1]
        if (
            last
            and last[0].kind == "name"
            and last[0].text == "N"
            and len(last) > 1
            and last[1].text == "("
        ):
            p = _Parser(last, ctx, end)
            var = _label_var(segs[-2], ctx) if len(segs) >= 2 else None
            dists.append(DistClause(var, p.dist()))
            continue
        if value is not None:
            raise ParseError(
                "syntax",
                f"I read two answers (the second at column {clause[0].col + 1}); give one.",
                clause[0].col,
            )
        rel = seps[-1] if seps else None
        if len(segs) >= 2:
            label = " ".join(t.text for t in segs[-2])
        words_bound, last = _bound_words(last)
        if not last:
            raise ParseError(
                "syntax", "A bound needs a value after it, as in 'at most 50 ns'.", clause[-1].col
            )
        p = _Parser(last, ctx, end)
        value = p.expr()
        p_bound = None
        while p.peek() is not None:
            t = p.peek()
            if t.kind == "name" and (t.text.lower() in ctx.tail_words):
                tail.append(UNIT_DISPLAY.get(t.text.lower(), t.text.lower()))
                p.take()
                continue
            if (
                ctx.kind == "number"
                and tail
                and (
                    (t.kind == "name" and t.text.lower() in ("each", "per"))
                    or (t.text == "/" and p.peek(1) is not None and p.peek(1).kind == "name")
                )
            ):
                # "50 ns each", "50 ns per loaddisk", "50 ns/op": the time of one operation
                word = p.take().text.lower()
                if word in ("per", "/"):
                    nxt = p.peek()
                    if nxt is None or nxt.kind != "name":
                        raise ParseError(
                            "syntax",
                            f"'{word}' needs a word after it, as in 'per loaddisk'.",
                            t.col,
                        )
                    p.take()
                continue
            if t.kind == "name" and ctx.tail_words and t.text.lower() in ("or", "less", "faster"):
                if t.text.lower() in ("less", "faster"):
                    p_bound = "upper"
                p.take()
                continue
            if t.kind == "name" and t.text not in ctx.symbols and ctx.tail_words:
                raise ParseError(
                    "unit",
                    f"I read a value but not the word '{t.text}' (column {t.col + 1}). "
                    f"Words this box understands: {', '.join(sorted(ctx.tail_words))}.",
                    t.col,
                )
            raise ParseError("syntax", f"I didn't expect '{t.text}' at column {t.col + 1}.", t.col)
        has_dec = has_dec or p.has_decimal
        decimals = max(decimals, p.decimals)
        if rel in ("<=", "<"):
            bound = "upper"
        elif rel in (">=", ">"):
            bound = "lower"
        bound = words_bound or p_bound or bound
    if hint == "order" and ctx.kind in ("order", "expression") and _is_expr(value):
        import sympy as sp

        if isinstance(value, sp.Basic):
            value = Order("Θ", value)
    return Parsed(
        value=value,
        relation=rel,
        bound=bound,
        tail=tuple(tail),
        dists=tuple(dists),
        has_decimal=has_dec,
        decimals=decimals,
        label=label,
        remarks=tuple(ctx.remarks),
        independent_of=independent_of,
    )


def parse_measure(text: str, ctx: Context) -> DistClause:
    """A box's measure, e.g. ``z ~ N(0, I)`` or ``x0 ~ p_{mu=0}, p_mu = N(mu, sigma^2 I)``.

    Extra clauses ``p_mu = N(...)`` define a density family, used for p_μ / p_{μ=0} in
    answers too (they are stored in ``ctx.families``).
    """
    tokens = tokenize(text)
    clauses, _ = _split_top(tokens, (",", ";"), CLAUSE_WORDS)
    main = None
    for clause in clauses:
        segs, seps = _split_top(clause, _REL_OPS)
        if seps == ["="] and segs[0] and segs[0][0].kind == "name":
            fname = segs[0][0].text
            p = _Parser(segs[0], ctx, len(text))
            p.take()
            if not p.at("_"):
                raise ParseError("syntax", f"measure: write the family as {fname}_mu = N(...)")
            sub = p.inner(p.subscript_tokens())
            param = _Parser(sub, ctx, len(text)).expr()
            normal = _Parser(segs[1], ctx, len(text)).dist()
            if not isinstance(normal, Normal):
                raise ParseError("syntax", "measure: a density family must be N(mean, cov)")
            ctx.families[fname] = (param, normal)
    for clause in clauses:
        segs, seps = _split_top(clause, _REL_OPS)
        if seps == ["~"]:
            p = _Parser(segs[0], ctx, len(text))
            var = p.bind_var(segs[0], 0)
            main = DistClause(var, _Parser(segs[1], ctx, len(text)).dist())
    if main is None:
        raise ParseError("syntax", f"measure {text!r}: write it as z ~ N(0, I)")
    return main


# --------------------------------------------------------------------------- printing

_PRETTY_NAMES = {
    "pi": "π",
    "sigma": "σ",
    "mu": "μ",
    "theta": "θ",
    "epsilon": "ε",
    "xi": "ξ",
    "eta": "η",
    "tau": "τ",
    "phi": "φ",
    "alpha": "α",
    "beta": "β",
    "lambda": "λ",
    "delta": "δ",
    "Sigma": "Σ",
    "Delta": "Δ",
}
_SUB_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP_DIGITS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def pretty_name(name: str) -> str:
    m = re.fullmatch(r"([A-Za-z]+?)(\d+)", name)
    if m and m.group(1) in _PRETTY_NAMES | {k: k for k in ("d", "x", "z", "n", "w", "y", "t")}:
        return _PRETTY_NAMES.get(m.group(1), m.group(1)) + m.group(2).translate(_SUB_DIGITS)
    if m and len(m.group(1)) == 1:
        return m.group(1) + m.group(2).translate(_SUB_DIGITS)
    return _PRETTY_NAMES.get(name, name)


def pretty(value: Any) -> str:
    """One line of unicode math for anything ``parse_answer`` returns."""
    if isinstance(value, Expectation):
        sub = ""
        if value.var is not None and value.dist is not None:
            sub = f"_{{{pretty(value.var)} ∼ {pretty(value.dist)}}}"
        elif value.var is not None:
            sub = f"_{pretty(value.var)}"
        elif value.dist is not None:
            sub = f"_{{{pretty(value.dist)}}}"
        return f"𝔼{sub}[{pretty(value.body)}]"
    if isinstance(value, Normal):
        import sympy as sp

        cov = "I" if value.var == 1 else f"{_pp(value.var, 2)}·I"
        del sp
        return f"N({pretty(value.mean)}, {cov})"
    if isinstance(value, Density):
        p = pretty(value.param)
        if value.value is not None:
            return f"{value.name}_{{{p}={pretty(value.value)}}}"
        return f"{value.name}_{p}"
    if isinstance(value, Order):
        return f"{value.kind}({pretty(value.expr)})"
    if isinstance(value, DistClause):
        return (
            f"{pretty(value.var)} ∼ {pretty(value.dist)}"
            if value.var is not None
            else pretty(value.dist)
        )
    if value is None:
        return ""
    return _pp(value, 0)


# precedence: 0 sum, 1 product, 2 power base / unary
def _pp(e: Any, prec: int) -> str:
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def wrap(s: str, mine: int) -> str:
        return f"({s})" if mine < prec else s

    if e.is_Integer:
        s = str(int(e))
        return wrap(s, 0) if e < 0 else s
    if e.is_Rational:
        dec = _as_decimal(e)
        if dec is not None:
            return wrap(dec, 0) if e < 0 else dec
        return wrap(f"{e.p}/{e.q}", 1) if e.p > 0 else wrap(f"−{-e.p}/{e.q}", 0)
    if e.is_Float:
        return str(e)
    if e is sp.pi:
        return "π"
    if e is sp.E:
        return "e"
    if e.is_Symbol:
        return "±" if e.name == PLUS_MINUS else pretty_name(e.name)
    if e.is_Add:
        terms = e.as_ordered_terms()
        pm = [t for t in terms if _pm_part(t) is not None]
        terms = [t for t in terms if t not in pm]
        terms = [t for t in terms if not _negative(t)] + [t for t in terms if _negative(t)] + pm
        out = _pp(terms[0], 0)
        for t in terms[1:]:
            c, rest = t.as_coeff_Mul()
            split = _pm_part(t)
            if split is not None:
                sign, rest = split
                out += (" ± " if sign > 0 else " ∓ ") + _pp(rest, 1)
            elif c.is_Number and c < 0:
                out += " − " + _pp(-t, 1)
            else:
                out += " + " + _pp(t, 1)
        return wrap(out, 0)
    if e.is_Mul and _pm_part(e) is not None:
        sign, rest = _pm_part(e)
        return wrap(("±" if sign > 0 else "∓") + _pp(rest, 1), 1)
    if e.is_Mul:
        c, rest = e.as_coeff_Mul()
        if c.is_Number and c < 0:
            return wrap("−" + _pp(-e, 1), 0)
        num, den = [], []
        for f in sp.Mul.make_args(e):
            if f.is_Pow and f.exp.is_Number and f.exp < 0:
                den.append(f.base if f.exp == -1 else sp.Pow(f.base, -f.exp))
            elif f.is_Rational and not f.is_Integer and _as_decimal(f) is not None:
                num.append(f)
            elif f.is_Rational and not f.is_Integer:
                if f.p != 1:
                    num.append(sp.Integer(f.p))
                den.append(sp.Integer(f.q))
            else:
                num.append(f)
        ntext = "·".join(_pp(f, 2 if len(num) > 1 else 1) for f in num) if num else "1"
        if not den:
            return wrap(ntext, 1)
        dtext = "·".join(_pp(f, 2) for f in den)
        if len(den) > 1:
            dtext = f"({dtext})"
        return wrap(f"{ntext}/{dtext}", 1)
    if e.is_Pow:
        b, x = e.base, e.exp
        if x == sp.Rational(1, 2):
            inner = _pp(b, 3)
            bare = inner.startswith("(") or len(inner) == 1 or b.is_Symbol or b.is_Integer
            return "√" + (inner if bare else f"({inner})")
        if x == -1:
            return wrap(f"1/{_pp(b, 2)}", 1)
        if x.is_Number and x < 0:
            return wrap(f"1/{_pp(sp.Pow(b, -x), 2)}", 1)
        if x.is_Integer and x > 0:
            return _pp(b, 3) + str(int(x)).translate(_SUP_DIGITS)
        if x.is_Integer:
            return _pp(b, 3) + str(int(x)).translate(_SUP_DIGITS)
        return f"{_pp(b, 3)}^({_pp(x, 0)})"
    if isinstance(e, sp.exp):
        return f"exp({_pp(e.args[0], 0)})"
    if isinstance(e, sp.log):
        return f"log({_pp(e.args[0], 0)})"
    if isinstance(e, sp.Abs):
        return f"|{_pp(e.args[0], 0)}|"
    if isinstance(e, sp.factorial):
        return f"{_pp(e.args[0], 3)}!"
    if isinstance(e, AppliedUndef):
        base, *derivs = e.func.__name__.split("__d")
        args = list(e.args)
        sub = ""
        if len(args) == 2:  # a density p_θ(x): parameter first
            sub = "_" + _pp(args[0], 3)
            args = args[1:]
        call = f"{base}{sub}({', '.join(_pp(a, 0) for a in args)})"
        if not derivs:
            return call
        if len(e.args) == 1:
            return "∇" * len(derivs) + call
        wrt = "".join("∇_" + _pp(e.args[int(d)], 3) for d in derivs)
        return f"{wrt} {call}"
    return str(e)


def _pm_part(t: Any) -> tuple[int, Any] | None:
    """``±·b`` -> (1, b); ``−±·b`` -> (-1, b); None when ``t`` is not such a product."""
    import sympy as sp

    if not t.is_Mul:
        return None
    factors = sp.Mul.make_args(t)
    pm = [f for f in factors if f.is_Symbol and f.name == PLUS_MINUS]
    if len(pm) != 1:
        return None
    rest = sp.Mul(*[f for f in factors if f is not pm[0]])
    c, _ = rest.as_coeff_Mul()
    if c.is_Number and c < 0:
        return -1, -rest
    return 1, rest


def _negative(t: Any) -> bool:
    c, _ = t.as_coeff_Mul()
    return bool(c.is_Number and c < 0)


def _as_decimal(r: Any) -> str | None:
    """3183/5000 -> '0.6366' (a denominator dividing a power of ten), else None."""
    q = int(r.q)
    if q < 20:
        return None  # 1/2, 3/4, 2/5: exact fractions read better as fractions
    if r != 0 and abs(r) < 1e-3:
        mant, _, ex = f"{float(r):.6g}".partition("e")
        if ex:
            return f"{mant}·10" + str(int(ex)).translate(_SUP_DIGITS)
    for k in range(1, 13):
        if 10**k % q == 0:
            digits = str(abs(int(r.p)) * (10**k // q)).rjust(k + 1, "0")
            text = (digits[:-k] + "." + digits[-k:]).rstrip("0").rstrip(".")
            return ("−" if r.p < 0 else "") + text
    return None
