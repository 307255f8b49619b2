"""Tokens to a parse tree (``tutor.inputlang.tree``), by recursive descent.

Only the names a box knows (``Names``) are accepted, so names are resolved here: ``d_1`` is the
symbol d1, ``sigmaz`` is σ·z when both are symbols, ``p(x)`` is the part's density p_θ(x). What
one answer gathers while it is read (the variables it binds, remarks on ambiguous pieces) is in
a ``State`` of its own. Nothing here evaluates anything: the builder turns the tree into sympy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from tutor.inputlang.lexer import BRACKETS, Token
from tutor.inputlang.names import Names
from tutor.inputlang.pretty import pretty_name, show
from tutor.inputlang.rules import (
    BUILTIN_FUNCTIONS,
    CLAUSE_WORDS,
    CONSTANT_NAMES,
    COUNT_WORDS,
    WIDTH_WORDS,
    alias_of,
    widths_of,
)
from tutor.inputlang.tree import (
    Abs,
    Call,
    Const,
    DensityOf,
    Expect,
    Factorial,
    Func,
    Gaussian,
    Grad,
    Identity,
    Name,
    Node,
    Num,
    OrderOf,
    Power,
    Product,
    Role,
    Root,
    Signed,
    Sum,
    is_plain,
)
from tutor.inputlang.values import MAX_DEPTH, Normal, ParseError, Reason

OPEN = BRACKETS
CLOSE = tuple(BRACKETS.values())
# how the remark on ``d1^-1/2`` starts (read as d1^(−1/2)): said even when the answer is right,
# since the other reading, (d1^−1)/2, is another value
FRACTION_POWER_REMARK = "I read ^"


class State:
    """What one reading of one answer gathers as it goes."""

    def __init__(self, bound: Iterable[str] = ()) -> None:
        self.bound: set[str] = set(bound)  # variables the answer binds (z in z ~ N(0, I))
        self.remarks: list[str] = []  # how an ambiguous piece was read
        self.identity = 0  # > 0 inside a Gaussian's covariance, where I is the identity
        self.aliases: dict[str, tuple[str, str]] = {}  # box name -> (other name read as it, shown)

    def remark(self, text: str) -> None:
        if text not in self.remarks:
            self.remarks.append(text)


def split_top(
    tokens: list[Token], seps: tuple[str, ...], words: tuple[str, ...] = ()
) -> tuple[list[list[Token]], list[str]]:
    """Split at depth-0 separator tokens; returns (parts, separators)."""
    parts: list[list[Token]] = [[]]
    found: list[str] = []
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in OPEN:
            depth += 1
        elif t.kind == "op" and t.text in CLOSE:
            depth -= 1
        if depth == 0 and (
            (t.kind == "op" and t.text in seps) or (t.kind == "name" and t.text in words)
        ):
            found.append(t.text)
            parts.append([])
            continue
        parts[-1].append(t)
    return parts, found


def check_brackets(tokens: list[Token]) -> None:
    stack: list[Token] = []
    for t in tokens:
        if t.kind == "op" and t.text in OPEN:
            stack.append(t)
        elif t.kind == "op" and t.text in CLOSE:
            if not stack:
                raise ParseError(
                    "syntax", f"'{t.text}' at column {t.col + 1} closes nothing.", t.col
                )
            opener = stack.pop()
            if OPEN[opener.text] != t.text:
                raise ParseError(
                    "syntax",
                    f"'{opener.text}' at column {opener.col + 1} is closed by '{t.text}' "
                    f"at column {t.col + 1}.",
                    t.col,
                )
    if stack:
        t = stack[-1]
        raise ParseError("syntax", f"'{t.text}' at column {t.col + 1} is never closed.", t.col)


def product(first: Node, rest: list[tuple[str, Node]]) -> Node:
    if not rest:
        return first
    return Product(first, tuple(rest), col=first.col, end=rest[-1][1].end)  # type: ignore[arg-type]


def _product_of(left: Node, right: Node) -> Node:
    """``left·right``, one flat product when ``left`` is one already."""
    if isinstance(left, Product):
        return Product(left.first, (*left.rest, ("*", right)), col=left.col, end=right.end)
    return Product(left, (("*", right),), col=left.col, end=right.end)


class Parser:
    """One token list (an answer's clause, or a subscript) to a tree."""

    def __init__(self, tokens: list[Token], names: Names, state: State, end_col: int):
        self.toks = tokens
        self.i = 0
        self.names = names
        self.state = state
        self.depth = 0
        self.end_col = end_col
        # what a single '|' means here, innermost last: "close" (inside |...|), "sep" (in a
        # call's arguments: p(x | θ)), "free" (inside brackets: may open |...|)
        self.bars: list[str] = []

    # -- token helpers
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, text: str, k: int = 0) -> bool:
        j = self.i + k
        if j >= len(self.toks):
            return False
        t = self.toks[j]
        return t.text == text and (t.kind == "op" or t.kind == "cmd")

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

    def last_end(self) -> int:
        return self.toks[self.i - 1].end if self.i else self.col()

    def fail(self, message: str, reason: Reason = "syntax", col: int | None = None) -> ParseError:
        return ParseError(reason, message, self.col() if col is None else col)

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("That answer is nested too deeply to check.", "too-deep")

    # -- grammar
    def expr(self) -> Node:
        self.deeper()
        first = self.term()
        rest: list[tuple[str, Node]] = []
        while self.at("+") or self.at("-") or self.at("±") or self.at("∓"):
            op = self.take().text
            rest.append((op, self.term()))
        self.depth -= 1
        if not rest:
            return first
        return Sum(first, tuple(rest), col=first.col, end=rest[-1][1].end)  # type: ignore[arg-type]

    def at_function(self) -> bool:
        """Is the next token one of the box's functions, or a gradient (``E f(x)``)?"""
        t = self.peek()
        return (
            t is not None
            and t.kind == "name"
            and (t.text in self.names.functions or t.text in ("grad", "nabla"))
        )

    def starts_factor(self) -> bool:
        t = self.peek()
        if t is None:
            return False
        if t.kind in ("num", "cmd"):
            return True
        if t.kind == "name":
            known = self.role(t.text) is not None
            sub = self.peek(2) if self.at("_", 1) else None
            if not known and sub is not None and sub.kind in ("name", "num"):
                # t_fwd after a number: a declared name with its subscript, not a unit 't'
                joined = (f"{t.text}_{sub.text}", f"{t.text}{sub.text}")
                known = any(self.role(name) is not None for name in joined)
            if not known and (t.text.lower() in self.names.tail_words or t.text in CLAUSE_WORDS):
                return False
            if self.names.tail_words and not known and not self._builtin_name(t.text):
                return False  # an unknown word after a number is a unit/noun problem
            return True
        if t.text == "|":
            # opens |...| unless it closes one, separates p(x | θ) or is a bar |_{x=a}
            return (not self.bars or self.bars[-1] == "free") and not self.at("_", 1)
        if t.text == "||":  # opens ‖...‖ unless it closes the one open
            return not self.bars or self.bars[-1] != "norm"
        return t.text in ("(", "[", "{")

    def _builtin_name(self, name: str) -> bool:
        return name in self.names.functions or name in CONSTANT_NAMES or name in BUILTIN_FUNCTIONS

    def term(self) -> Node:
        first = self.unary()
        rest: list[tuple[str, Node]] = []
        spaced: tuple[Node, Node] | None = None  # "a/2 d1": (a, 2) waiting for the factor
        while True:
            if self.at("*") or self.at("/"):
                op = self.take().text
                before = product(first, rest)
                right, spaced_num = self.divisor() if op == "/" else (self.unary(), None)
                spaced = (before, spaced_num) if spaced_num is not None else None
                if op == "/" and isinstance(right, Product) and right.col == right.first.col:
                    split = self.toks[self.i - 1]
                    if split.kind == "name" and split.col == right.col and split.end == right.end:
                        # "2/pid1": one word that splits into π·d1 divides by π alone, as
                        # "2/πd1" typed apart does (a number glued to a name is the exception)
                        rest.append(("/", right.first))
                        rest.extend(right.rest)
                        continue
                rest.append((op, right))
            elif self.starts_factor():
                nxt, prev_tok = self.peek(), self.toks[self.i - 1] if self.i else None
                self.lost_script()
                if nxt is not None and nxt.applied:  # d₁⁡(d₂): a function application
                    raise self.fail(  # (U+2061) after what is no function, never a product
                        "The answer holds an invisible function application (U+2061, column "
                        f"{nxt.col}) after what is no function: type the answer again, with "
                        "the sign you mean there.",
                        col=nxt.col - 1,
                    )
                if (
                    nxt is not None
                    and prev_tok is not None
                    and prev_tok.kind == "num"
                    and nxt.space
                    and (
                        nxt.kind == "num"
                        or nxt.text == "("
                        and self.names.kind in ("number", "count")
                    )
                ):
                    raise self.fail(
                        f"I read two numbers side by side (at columns {prev_tok.col + 1} and "
                        f"{nxt.col + 1}): give one number, or join them with an operator."
                    )
                if (
                    nxt is not None
                    and prev_tok is not None
                    and nxt.kind == "num"
                    and not nxt.space
                    and (prev_tok.kind == "name" or prev_tok.text in (")", "]"))
                ):
                    # σ2, (x − μ)2: a power or a subscript flattened by a PDF, or a factor
                    # typed after its name: never silently a product
                    base = pretty_name(prev_tok.text) if prev_tok.kind == "name" else "(…)"
                    raise self.fail(
                        f"The number {nxt.text} at column {nxt.col + 1} is glued after "
                        f"{base}: write a power with ^ ({base}^{nxt.text}), or a product with "
                        f"the number first ({nxt.text}·…)."
                    )
                right = self.power()
                if spaced is not None and is_plain(right) and is_plain(spaced[0]):
                    a, num = spaced
                    top, fac, below = show(a, 1), show(right, 3), show(num, 3)
                    self.state.remark(
                        f"I read “{top}/{below} {fac}” as ({top}/{below})·{fac}. If you "
                        f"meant {top}/({below}·{fac}), use brackets or leave out the space."
                    )
                spaced = None
                rest.append(("*", right))
            else:
                return product(first, rest)

    def lost_script(self) -> None:
        """``d1 2``, ``σ 2``, ``d 1 2``, ``d_1 2``: a digit alone, after a space, right after a
        name of the box (or its subscript) is a superscript or a subscript that a PDF's text
        lost the place of (d₁², σ², d²₁), never silently a product: refused, saying how to
        type it. The digit is the next token."""
        nxt = self.peek()
        if nxt is None or nxt.kind != "num" or not nxt.space or not nxt.text.isdigit():
            return
        if len(nxt.text) != 1 or self.i == 0:
            return
        prev = self.toks[self.i - 1]
        before = [t.text for t in self.toks[max(0, self.i - 4) : self.i]]
        if prev.kind == "num" and before[-2:-1] == ["_"] and self.i >= 3:
            name = f"{self.toks[self.i - 3].text}{prev.text}"  # d_1 2
        elif prev.text == "}" and before[:2] == ["_", "{"] and self.i >= 5:
            name = f"{self.toks[self.i - 5].text}{before[2]}"  # d_{1} 2
        elif prev.kind == "name":
            name = prev.text
        else:
            return
        if self.role(name) not in ("symbol", "bound"):
            return
        ways = f"{name}^{nxt.text}"
        other = name[:-1] + nxt.text  # "d 2 1": d²₁ as well as d₂¹
        if prev.end - prev.col > len(name) and name[-1].isdigit() and self.role(other):
            ways = f"{ways} or {other}^{name[-1]}"
        raise self.fail(
            f"The digit {nxt.text} at column {nxt.col + 1} stands alone after "
            f"{pretty_name(name)}: if it is a power that lost its place in a copy from a PDF, "
            f"type it with ^ ({ways}); for a product, put the number first "
            f"({nxt.text}·{name})."
        )

    def divisor(self) -> tuple[Node, Node | None]:
        """What follows '/'. A number (or a number's root: √2, sqrt(2)) glued to a name is one
        term: 1/2d1 is 1/(2·d1), √π/√2d1 is √π/(√2·d1).

        With a space (1/2 d1) the number alone is the divisor, (1/2)·d1; the second value
        returned is then the number, so that the reading can be pointed out.
        """
        right = self.unary()
        if not (
            isinstance(right, Num)
            or isinstance(right, Root)
            and right.index is None
            and isinstance(right.arg, Num)
        ):
            return right, None
        number = right
        glued = False
        while True:
            nxt = self.peek()
            if nxt is None or nxt.space or nxt.kind != "name" or not self.starts_factor():
                break
            right = _product_of(right, self.power())
            glued = True
        if glued:
            return right, None
        nxt = self.peek()
        if nxt is not None and nxt.space and nxt.kind == "name" and self.starts_factor():
            return right, number
        return right, None

    def unary(self) -> Node:
        t = self.peek()
        if t is not None and t.kind == "op" and t.text in ("-", "±", "∓"):
            self.take()
            operand = self.unary()
            return Signed(t.text, operand, col=t.col, end=operand.end)  # type: ignore[arg-type]
        if self.at("+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        start = self.i
        base = self.postfix()
        while self.at("^"):
            caret = self.take()
            if self.at("T'") or (self.at_name() == "T" and "T" not in self.names.symbols):
                self.take()  # transpose: scalars in the 1-D reading
                continue
            if self.at("{"):
                self.take()
                if self.at("T'") or self.at_name() == "T":
                    self.take()
                    self.expect("}")
                    continue
                exp = self.expr()
                self.expect("}")
            else:
                exp = self.fraction_exponent(caret, start) or self.unary()
            base = Power(base, exp, col=base.col, end=self.last_end())
            base = self.postfix_ops(base)
        return base

    def fraction_exponent(self, caret: Token, start: int) -> Node | None:
        """``d1^-1/2`` and ``d1^1/2`` (typed without spaces) mean d1^(−1/2) and d1^(1/2): a
        power of 1/n is how students type roots. Read so, with a remark.

        Typed with Python's ``**`` (``d1**-1/2``, ``caret.code``), the same text has two
        meanings: Python's own, (d1**-1)/2, and the root meant. Refused, both shown; the
        base is the tokens from ``start`` to the caret."""
        k = 1 if self.at("-") else 0
        toks = [self.peek(j) for j in range(k + 3)]
        if any(t is None for t in toks):
            return None
        one, slash, den = toks[k], toks[k + 1], toks[k + 2]
        assert one is not None and slash is not None and den is not None
        if not (
            one.kind == "num"
            and one.text == "1"
            and slash.text == "/"
            and slash.kind == "op"
            and den.kind == "num"
            and den.text.isdigit()
            and int(den.text) >= 2
            and not any(t.space for t in toks[1:] if t is not None)
        ):
            return None
        after = self.peek(k + 3)
        if after is not None and not after.space and after.kind in ("name", "num", "cmd"):
            return None
        first = self.peek()
        assert first is not None
        if caret.code:
            b = "".join(t.text for t in self.toks[start : self.i - 1])
            e = f"{'-' if k else ''}1"
            raise self.fail(
                f"I can't tell what {b}**{e}/{den.text} (column {caret.col + 1}) means: Python "
                f"reads it as ({b}**{e})/{den.text}, but it may be meant as the power "
                f"{e}/{den.text}. Add brackets: {b}**({e}/{den.text}) or ({b}**{e})/{den.text}.",
                col=caret.col,
            )
        for _ in range(k + 3):
            self.take()
        sign = "−" if k else ""
        self.state.remark(
            f"{FRACTION_POWER_REMARK}{sign}1/{den.text} as the power {sign}1/{den.text}. If "
            f"you meant (…^{sign}1)/{den.text}, write it with brackets."
        )
        top: Node = Num("1", col=one.col, end=one.end)
        if k:
            top = Signed("-", top, col=first.col, end=one.end)
        den_node = Num(den.text, col=den.col, end=den.end)
        return Product(top, (("/", den_node),), col=first.col, end=den.end)

    def postfix(self) -> Node:
        return self.postfix_ops(self.primary())

    def postfix_ops(self, value: Node) -> Node:
        while True:
            if self.at("!"):
                self.take()
                value = Factorial(value, col=value.col, end=self.last_end())
            elif self.at("T'"):
                self.take()
            else:
                return value

    def group(self) -> Node:
        """A brace group ``{...}`` or, failing that, one atom: in LaTeX ``\\frac12`` is 1/2."""
        if self.at("{"):
            self.take()
            v = self.expr()
            self.expect("}")
            return v
        t = self.peek()
        if t is not None and t.kind == "num" and t.text.isdigit():
            if len(t.text) > 1:  # one digit is the group; the rest is read next
                self.toks[self.i] = Token("num", t.text[1:], t.col + 1, t.end, False)
            else:
                self.take()
            return Num(t.text[0], col=t.col, end=t.col + 1)
        return self.primary()

    def primary(self) -> Node:
        t = self.peek()
        if t is None:
            raise self.fail("The answer ends too early: something is missing at the end.")
        self.deeper()
        try:
            if t.kind == "num":
                self.take()
                return Num(t.text, col=t.col, end=t.end)
            if t.kind == "cmd":
                self.take()
                if t.text == "frac":
                    num = self.group()
                    den = self.group()
                    return Product(num, (("/", den),), col=t.col, end=den.end)
                return self.group()  # \boxed
            if t.kind == "op":
                if t.text in OPEN:
                    self.take()
                    self.bars.append("free")
                    try:
                        v = self.expr()
                    finally:
                        self.bars.pop()
                    self.expect(OPEN[t.text])
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
                    return Abs(v, col=t.col, end=self.last_end())
                if t.text == "||":
                    self.take()
                    self.bars.append("norm")
                    try:
                        v = self.expr()
                    finally:
                        self.bars.pop()
                    self.expect("||")
                    return Abs(v, col=t.col, end=self.last_end())
                raise self.fail(f"I didn't expect '{t.text}' at column {t.col + 1}.")
            return self.name()
        finally:
            self.depth -= 1

    # -- names
    def subscript_tokens(self) -> list[Token]:
        """After a '_': the tokens of a ``{...}`` group (or ``(...)``: n_(l-1)) or one token
        (not consumed)."""
        j = self.i + 1
        t = self.peek(1)
        if t is None:
            raise self.fail("A subscript '_' has nothing after it.")
        if t.kind == "op" and t.text in ("{", "("):
            depth, k = 0, j
            while k < len(self.toks):
                tk = self.toks[k]
                if tk.kind == "op" and tk.text in OPEN:
                    depth += 1
                elif tk.kind == "op" and tk.text in CLOSE:
                    depth -= 1
                    if depth == 0:
                        return self.toks[j : k + 1]
                k += 1
            raise self.fail("A subscript '{' is never closed.")
        return [t]

    def take_subscript(self) -> list[Token]:
        """The subscript after a '_' (its braces removed), consumed."""
        toks = self.subscript_tokens()
        self.i += 1 + len(toks)
        if toks and toks[0].text in ("{", "(") and toks[0].kind == "op":
            return toks[1:-1]
        return toks

    def _minus_one_glued(self, k: int) -> bool:
        """Are the tokens at ``k`` a "-1" glued to what comes before (no spaces)?"""
        if k + 1 >= len(self.toks):
            return False
        minus, one = self.toks[k], self.toks[k + 1]
        return (
            minus.kind == "op"
            and minus.text == "-"
            and not minus.space
            and one.kind == "num"
            and one.text == "1"
            and not one.space
        )

    def symbol_ahead(self) -> str | None:
        """The box's symbol the next tokens spell (``d2``, ``d_2``, ``d_{2}``, ``d₂``), if any."""
        t = self.peek()
        if t is None or t.kind != "name":
            return None
        if t.text in self.names.symbols:
            return t.text
        if not self.at("_", 1):
            return None
        sub = self.peek(3) if self.at("{", 2) else self.peek(2)
        if sub is None or sub.kind not in ("name", "num"):
            return None
        return next(
            (n for n in (f"{t.text}{sub.text}", f"{t.text}_{sub.text}") if n in self.names.symbols),
            None,
        )

    def role(self, name: str) -> Role | None:
        if name in self.names.symbols:
            return "symbol"
        if name in self.state.bound:
            return "bound"
        if name in self.names.definitions:
            return "definition"
        return None

    def name(self) -> Node:
        t = self.take()
        name = t.text
        glued = self.glued_function(t)
        if glued is not None:
            return glued
        shown = name  # the name as typed, with its subscript, for messages
        # a subscript that completes a declared name: d_1, d_{1}, fan_{in}, x_0
        if self.at("_"):
            toks = self.subscript_tokens()
            sub = toks[1:-1] if toks[0].text in ("{", "(") and toks[0].kind == "op" else toks
            spelled = f"{name}_{toks[0].text}-1" if len(toks) == 1 else ""
            below = alias_of(spelled, self.names.symbols) if spelled else None
            if below is not None and toks[0].kind == "name" and self._minus_one_glued(self.i + 2):
                # n_ℓ−1 typed without braces, glued: the handout's n_{ℓ−1}, not n_ℓ minus 1
                self.take_subscript()
                self.take()
                self.take()
                return self.aliased(spelled, below, t)
            if sub and all(s.kind in ("name", "num") or s.text == "-" for s in sub):
                joined = "".join(s.text for s in sub)
                alias = alias_of(f"{name}_{joined}", self.names.symbols)
                if alias is not None:
                    self.take_subscript()
                    return self.aliased(f"{name}_{joined}", alias, t)
                for cand in (f"{name}_{joined}", f"{name}{joined}"):
                    role = self.role(cand)
                    if role is not None:
                        self.take_subscript()
                        return Name(cand, role, col=t.col, end=self.last_end())
            if sub:
                shown = f"{name}_{''.join(s.text for s in sub)}"
                if len(sub) > 1:
                    shown = f"{name}_{{{''.join(s.text for s in sub)}}}"
            # an order box: n_ℓ, n_{ℓ-1} grow like the width n
            if name == self.names.width and sub and name in self.names.symbols:
                self.take_subscript()
                self._one_width(name, shown, t)
                self.state.remark(f"I read {shown} as {name}: every width grows like {name}.")
                return Name(name, "symbol", col=t.col, end=self.last_end())
        if name in NOISE_SPELLINGS and shown == name and self.role(name) is None:
            # ε, eps, epsilon, \varepsilon: one variable, however an answer mixes its spellings
            name = shown = next((n for n in NOISE_SPELLINGS if n in self.state.bound), name)
        role = self.role(name)
        if role is None and shown == name and (alias := alias_of(name, self.names.symbols)):
            return self.aliased(name, alias, t)
        if role is None and name == "theta" and (param := self.family_parameter()):
            return self.aliased(name, param, t)  # the handout's θ for the general case
        if role is not None and shown != name:
            # x_0 where the box knows x but not x_0 or x0: say so, not "expected ')'"
            raise ParseError("unknown-name", self.unknown_message(shown, t.col), t.col)
        if role is not None:
            return Name(name, role, col=t.col, end=t.end)
        if name in self.names.functions:
            return self.function(t)
        if name in CONSTANT_NAMES:
            return Const(name, col=t.col, end=t.end)  # type: ignore[arg-type]
        if name in BUILTIN_FUNCTIONS:
            return self.builtin(t)
        if name in ("grad", "nabla"):
            return self.gradient(t)
        if name == "E" and (
            self.at("_") or self.at("[") or self.at("(") or self.at("{") or self.at_function()
        ):  # E f(x): an expectation of what follows
            return self.expectation(t)
        if name in ("Theta", "O", "Omega", "Ω", "Θ") and self.at("("):
            return self.order(t)
        if name in ("theta", "omega") and self.at("("):
            # Θ typed in lower case (when θ is not a name of this box)
            return self.order(Token(t.kind, {"theta": "Theta", "omega": "Omega"}[name], t.col))
        if name == "N" and self.at("("):
            return self.normal(t, at_point=True)
        if name.lower() in ("constant", "const") and (  # "Constant", as a sentence starts
            name not in self.names.symbols and name not in self.names.definitions
        ):
            return OrderOf("Θ", Num("1", col=t.col, end=t.end), col=t.col, end=t.end)
        if name in ("I", "Id") and (self.state.identity or self.gaussian_box(name)):
            if self.at("_"):  # I_k, I_d: the identity of some size
                self.take_subscript()
            return Identity(col=t.col, end=self.last_end())
        split = self.split_name(name, t)
        if split is not None:
            return split
        glued = self.glued_builtin(name, t)
        if glued is not None:
            return glued
        # fanin, nin: a declared name typed without its underscore
        for known in self.names.symbols:
            if "_" in known and known.replace("_", "") == name and shown == name:
                return Name(known, "symbol", col=t.col, end=t.end)
        raise ParseError("unknown-name", self.unknown_message(shown, t.col), t.col)

    def gaussian_box(self, name: str) -> bool:
        """Is I the identity matrix outside N(…, …) too (Σ⁻¹ = (σ²I)⁻¹, I·∇f(μ + σz))? In a box
        whose density family or measure is a Gaussian with an isotropic covariance, where I is
        not a name of the box."""
        if name in self.names.symbols or name in self.names.definitions:
            return False
        if self.names.kind not in ("expression", "expectation", "reparam", "derivation"):
            return False
        if self.names.families:
            return True
        measure = self.names.measure
        return measure is not None and isinstance(measure.dist, Normal)

    def family_parameter(self) -> str | None:
        """The parameter of the box's density family (μ in p_μ = N(μ, σ²I)): the handout writes
        θ for it in the general case, so θ reads as it where the box has no θ of its own."""
        for param, _ in self.names.families.values():
            name = getattr(param, "name", None)
            if isinstance(name, str) and name in self.names.symbols:
                return name
        return None

    def aliased(self, typed: str, key: str, t: Token) -> Node:
        """``fan_in`` where the box calls it d1: the box's name, and a remark saying so."""
        shown = _name_shown(typed)
        as_ = pretty_name(key)
        self._one_width(key, typed, t)
        self.state.remark(f"I read {shown} as {as_}, the same quantity in this question.")
        return Name(key, "symbol", col=t.col, end=self.last_end())

    def _one_width(self, key: str, typed: str, t: Token) -> None:
        """Two different names read as the same box name (n_ℓ and n_{ℓ−1} both as n) would
        merge two widths into one, and their ratio into Θ(1): refused, naming both. The
        handout's other names of one width (``ALIASES``: n_{ℓ−1} and fan_in for n_in) are that
        one width, however many of them an answer uses."""
        spelled = _spelled(typed)
        shown = _name_shown(typed)
        width = key if alias_of(spelled, self.names.symbols) == key else spelled
        earlier = self.state.aliases.setdefault(key, (width, shown))
        if earlier[0] != width:
            as_ = pretty_name(key)
            raise ParseError(
                "syntax",
                f"{earlier[1]} and {shown} are two different widths, and this box has one name "
                f"for both, {as_}: write the answer in {as_} alone.",
                t.col,
            )

    def unknown_message(self, shown: str, col: int) -> str:
        """Why a name can't be read, and what to type instead."""
        where = f"(column {col + 1})"
        kind = self.names.kind
        if kind in ("number", "count"):
            what = "a number" if kind == "number" else "a whole number (a count)"
            tail = ""
            if self.names.tail_words:
                unit = "unit" if kind == "number" else "word"
                tail = f", optionally followed by a {unit} such as {self.example_word()}"
            return (
                f"I can't read '{shown}' {where}. This box wants {what} in digits{tail}; "
                "type just that."
            )
        known = self.names.known_names()
        widths = widths_of(self.names.symbols, self.names.width)
        spelled = shown.lower().replace("_", "").replace("{", "").replace("}", "")
        if widths and spelled in WIDTH_WORDS and shown not in widths:
            named = " and ".join(pretty_name(w) for w in widths)
            its = "its widths are" if len(widths) > 1 else "its width is"
            return (
                f"'{shown}' {where} is not a name of this box: {its} {named}. Write the "
                f"answer in the box's own names ({', '.join(known)})."
            )
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
        words = sorted(self.names.tail_words)
        if self.names.kind == "number":
            return "ns" if "ns" in words else words[0]
        nouns = [w for w in words if w not in COUNT_WORDS]
        return f"'{nouns[0]}'" if nouns else f"'{words[0]}'"

    def glued_function(self, t: Token) -> Node | None:
        """``logp_θ(x)``, ``logf(x)``: a built-in function typed without a space before a
        function of this box, read as log p_θ(x) (said in a remark)."""
        name = t.text
        if self.role(name) is not None or name in self.names.functions:
            return None
        for fn in BUILTIN_FUNCTIONS:
            rest = name[len(fn) :]
            if not name.startswith(fn) or not rest:
                continue
            if rest not in self.names.functions and rest not in self.names.families:
                continue
            if not (self.at("_") or self.at("(")):
                continue
            cut = t.col + len(fn)
            self.toks[self.i - 1] = Token("name", fn, t.col, cut, t.space)
            self.toks.insert(self.i, Token("name", rest, cut, t.end, False))
            self.state.remark(f"I read {name} as {fn} {rest}.")
            return self.builtin(self.toks[self.i - 1])
        return None

    def glued_builtin(self, name: str, t: Token) -> Node | None:
        """``sqrtd1``, ``sqrt2``, ``logd1``: a built-in function typed without a space or
        brackets before a number or a name of this box (said in a remark)."""
        for fn in BUILTIN_FUNCTIONS:
            rest = name[len(fn) :]
            if not name.startswith(fn) or not rest:
                continue
            col = t.col + len(fn)
            arg: Node | None
            if rest.isdigit():
                arg = Num(rest, col=col, end=t.end)
            elif (role := self.role(rest)) is not None:
                arg = Name(rest, role, col=col, end=t.end)
            elif rest in CONSTANT_NAMES:
                arg = Const(rest, col=col, end=t.end)  # type: ignore[arg-type]
            else:
                arg = self.split_name(rest, Token("name", rest, col, t.end))
            if arg is None:
                continue
            self.state.remark(f"I read {name} as {fn}({rest}).")
            if fn == "sqrt":
                return Root(arg, None, col=t.col, end=t.end)
            return Func("exp" if fn == "exp" else "log", arg, col=t.col, end=t.end)
        return None

    def split_name(self, name: str, t: Token) -> Node | None:
        """``sigmaz`` -> sigma·z when the whole name splits into declared symbols."""
        names = sorted([*self.names.symbols, *self.state.bound, "pi"], key=len, reverse=True)

        def go(rest: str, col: int) -> list[Node] | None:
            if not rest:
                return []
            for n in names:
                if rest.startswith(n):
                    tail = go(rest[len(n) :], col + len(n))
                    if tail is not None:
                        role = self.role(n)
                        end = col + len(n) if col + len(n) < t.end else t.end
                        if role is None:  # pi
                            return [Const("pi", col=col, end=end), *tail]
                        return [Name(n, role, col=col, end=end), *tail]
            return None

        parts = go(name, t.col)
        if not parts or len(parts) < 2:
            return None
        return product(parts[0], [("*", p) for p in parts[1:]])

    def function(self, t: Token) -> Call:
        """An unknown function: f(x), f'(x), p_θ(x), p_{μ=0}(x), p(x; θ), p(x | θ)."""
        name = t.text
        primes = 0
        while self.at("'"):
            self.take()
            primes += 1
        param: Node | None = None
        value: Node | None = None
        if self.at("_"):
            param, value = self.sub_parser(self.take_subscript()).param_with_value()
        if not self.at("("):
            raise self.fail(f"'{name}' is a function: give its argument, as in {name}(x).")
        self.expect("(")
        # a density's bar separates its parameter, p(x | θ); in f(μ + σ|z|) it is |z|
        density = (
            name in self.names.families or name in self.names.default_params or name in ("p", "q")
        )
        self.bars.append("sep" if density else "free")
        args: list[Node] = []
        try:
            args.append(self.expr())
            while self.at(",") or self.at(";") or (density and self.at("|")):
                sep = self.take().text
                a = self.expr()
                if sep in (";", "|"):
                    param, value = a, None
                else:
                    args.append(a)
        finally:
            self.bars.pop()
        self.expect(")")
        implied = False
        if param is None and len(args) == 1 and name in self.names.default_params and not primes:
            param, implied = self.names.default_params[name], True
            self.state.remark(
                f"I read {name}(…) as {name}_{show(param)}(…), the density of this part."
            )
        return Call(
            name, tuple(args), param, value, primes, implied, col=t.col, end=self.last_end()
        )

    def param_with_value(self) -> tuple[Node, Node | None]:
        """A subscript like ``θ`` or ``μ=0``: (parameter, value or None)."""
        left = self.expr()
        if self.at("="):
            self.take()
            return left, self.expr()
        return left, None

    def sub_parser(self, toks: list[Token]) -> Parser:
        p = Parser(toks, self.names, self.state, toks[-1].end if toks else self.col())
        p.depth = self.depth
        return p

    def builtin(self, t: Token) -> Node:
        name = t.text
        if name == "sqrt":
            index = None
            if self.at("["):
                self.take()
                index = self.expr()
                self.expect("]")
            opened = self.at("(") or self.at("{")
            arg = self.group() if self.at("{") else self.postfix()
            root = Root(arg, index, col=t.col, end=self.last_end())
            nxt = self.peek()
            if (  # "sqrt d1 d2", "root d1 d2": the root of d1, or of the product? asked
                index is None
                and not opened
                and isinstance(arg, Name)
                and arg.name in self.names.symbols
                and nxt is not None
                and nxt.space
                and (other := self.symbol_ahead()) is not None
            ):
                a, b = pretty_name(arg.name), pretty_name(other)
                raise self.fail(
                    f"Without brackets I can't tell whether the root takes {a} alone or "
                    f"{a}·{b}: write √({a}·{b}) or √{a}·{b}, e.g. sqrt({arg.name}*{other}) "
                    f"or sqrt({arg.name})*{other}.",
                    col=nxt.col,
                )
            if (  # "√2d1": the root of the number alone (√π/√2d1 is √π/(√2·d1)), said so
                index is None
                and isinstance(arg, Num)
                and nxt is not None
                and not nxt.space
                and nxt.kind == "name"
                and self.starts_factor()
            ):
                number, name = arg.text, pretty_name(nxt.text)
                self.state.remark(
                    f"I read √{number}{name} as √{number}·{name}, the root of {number} alone; "
                    f"if you meant √({number}·{name}), use brackets."
                )
            return root
        if self.at("^"):  # log^2(x): not needed here
            raise self.fail(f"Write powers of {name} as ({name}(x))^2.")
        arg = self.primary() if self.at("(") or self.at("{") else self.postfix()
        fname: Literal["log", "exp"] = "exp" if name == "exp" else "log"
        return Func(fname, arg, col=t.col, end=self.last_end())

    def gradient(self, t: Token) -> Grad:
        """∇f(a), ∇_x f(x)|_{x=a}, ∇_θ log p_θ(x), grad_theta ..."""
        wrt = None
        if self.at("_"):
            wrt = self.sub_parser(self.take_subscript()).expr()
        nxt = self.peek()
        after = self.peek(1)
        if (
            wrt is not None
            and nxt is not None
            and nxt.kind == "name"
            and nxt.text in self.names.functions
            and not (after is not None and after.text in ("(", "_", "'"))
        ):
            self.take()  # ∇_θ p: the function of the variable named
            operand: Node = Call(nxt.text, (wrt,), col=nxt.col, end=nxt.end)
        else:
            operand = self.postfix()
        at = None
        if self.at("|") and self.at("_", 1):  # the evaluation bar |_{x=a}
            self.take()
            var, value = self.sub_parser(self.take_subscript()).param_with_value()
            if value is None:
                raise self.fail("Write an evaluation bar as |_{x = ...}.")
            at = (var, value)
        elif self.at_name() in ("at", "evaluated") and self._said_at():
            # ∇_x f(x) at x = μ + σz, "evaluated at x = …": the bar said in words
            if self.take().text == "evaluated":
                self.take()  # at
            var = self.postfix()
            self.expect("=")
            at = (var, self.expr())
        return Grad(wrt, operand, at, col=t.col, end=self.last_end())

    def _said_at(self) -> bool:
        """Is what follows "at x = …" or "evaluated at x = …" (a point a gradient is taken at)?"""
        k = 1 if self.at_name() == "at" else 2
        if k == 2 and self.at_name(1) != "at":
            return False
        name, eq = self.peek(k), self.peek(k + 1)
        return name is not None and name.kind == "name" and eq is not None and eq.text == "="

    def expectation(self, t: Token) -> Expect:
        var: Name | None = None
        dist: Gaussian | DensityOf | None = None
        if self.at("_"):
            sub = self.take_subscript()
            parts, seps = split_top(sub, ("~",))
            if seps:
                var = self.bind_var(parts[0], t.col)
                dist = self.sub_parser(parts[1]).dist()
            elif self.measure_density(sub):
                # E_{p(z)}[…] (the general case's notation): over z, as this part gives z
                var = self.bind_var(sub[2:3], t.col)
                self.state.remark(
                    f"I read E_{{p({sub[2].text})}} as an expectation over {sub[2].text}, "
                    "distributed as this part gives it."
                )
            elif (
                len(sub) >= 1
                and sub[0].kind == "name"
                and (
                    sub[0].text in self.names.functions
                    or sub[0].text in self.names.families
                    or sub[0].text == "N"
                )
            ):
                dist = self.sub_parser(sub).dist()
            else:
                var = self.bind_var(sub, t.col)
        bracketed = self.at("[") or self.at("(") or self.at("{")
        # without brackets: after a subscript (E_z f(…)), or right before a function (E f(…))
        unbracketed = var is not None or dist is not None or self.at_function()
        if not bracketed and (not unbracketed or not self.starts_factor()):
            raise self.fail("An expectation needs its argument in brackets: E[...].")
        opener = self.take().text if bracketed else ""
        bound = set(self.state.bound)
        if var is not None:
            self.state.bound.add(var.name)
        try:
            # E_{z ~ N(0, I)} f(μ + σz): without brackets, the product that follows
            body = self.expr() if bracketed else self.term()
        finally:
            self.state.bound = bound
        if bracketed:
            self.expect(OPEN[opener])
        return Expect(var, dist, body, col=t.col, end=self.last_end())

    def measure_density(self, sub: list[Token]) -> bool:
        """Is ``sub`` ``p(z)`` for the variable this box's measure draws (its distribution is
        the box's, not p_θ's)?"""
        m = self.names.measure
        return (
            m is not None
            and m.var is not None
            and names_its_distribution(sub, str(m.var), self.names)
        )

    def bind_var(self, toks: list[Token], col: int) -> Name:
        name = "".join(x.text for x in toks if x.kind in ("name", "num"))
        bad = [x for x in toks if x.kind not in ("name", "num") and x.text not in ("_", "{", "}")]
        if not name or bad or not name[0].isalpha():
            raise ParseError("syntax", f"Expected a variable name at column {col + 1}.", col)
        role: Role = "symbol" if name in self.names.symbols else "bound"
        return Name(name, role, col=toks[0].col, end=toks[-1].end)

    def dist(self) -> Gaussian | DensityOf:
        """N(mean, cov) or a density p_θ / p_{μ=0} (optionally applied: p_θ(x))."""
        t = self.peek()
        if t is None:
            raise self.fail("A distribution is missing after '~'.")
        d: Gaussian | DensityOf
        if t.kind == "name" and t.text == "N":
            self.take()
            d = self.normal(t)
        elif t.kind == "name" and (t.text in self.names.functions or t.text in self.names.families):
            self.take()
            param: Node | None = None
            value: Node | None = None
            if self.at("_"):
                param, value = self.sub_parser(self.take_subscript()).param_with_value()
            if self.at("("):  # p_θ(x): the argument is the variable
                self.take()
                depth = 1
                while depth and self.peek() is not None:
                    tk = self.take()
                    depth += {"(": 1, ")": -1}.get(tk.text, 0) if tk.kind == "op" else 0
            implied = False
            if param is None and t.text in self.names.default_params:
                param, implied = self.names.default_params[t.text], True
            d = DensityOf(t.text, param, value, implied, col=t.col, end=self.last_end())
        elif self.names.measure is None and not self.names.families:
            # a box with no distribution (problems 1 to 3, 5): '~' said how something grows
            raise self.fail(
                f"I read '~' before column {t.col + 1} as a distribution, and this box has none. "
                "For an order of growth write Θ(…) (or '~ …' as the whole answer); for a value, "
                "type just the value."
            )
        else:
            raise self.fail(
                f"I can't read a distribution at column {t.col + 1}; write N(mean, covariance) or p_θ."
            )
        extra = self.peek()
        if extra is not None:
            raise self.fail(f"Unexpected '{extra.text}' after the distribution.")
        return d

    def normal(self, t: Token, at_point: bool = False) -> Gaussian:
        """N(mean, cov); N(z; 0, I) or N(z | 0, I) names the density at z: in an expression
        (``at_point``) the point is kept (read as the box's density there), in a distribution
        left out."""
        if self.at_name() == "N":
            self.take()
        self.expect("(")
        self.bars.append("sep")  # N(x | μ, σ²): the bar separates the point
        try:
            mean = self.expr()
        finally:
            self.bars.pop()
        point: Node | None = None
        if self.at(";") or self.at("|"):  # N(z; 0, I): the density at z
            self.take()
            point, mean = mean, self.expr()
        if not self.at(","):
            raise self.fail("A Gaussian needs a mean and a covariance: N(mean, covariance).")
        self.take()
        self.state.identity += 1
        try:
            cov = self.expr()
        finally:
            self.state.identity -= 1
        self.expect(")")
        return Gaussian(mean, cov, point if at_point else None, col=t.col, end=self.last_end())

    def order(self, t: Token) -> OrderOf:
        kind = {"Theta": "Θ", "Θ": "Θ", "O": "O", "Omega": "Ω", "Ω": "Ω"}[t.text]
        self.expect("(")
        inner = self.expr()
        self.expect(")")
        return OrderOf(kind, inner, col=t.col, end=self.last_end())  # type: ignore[arg-type]


# the spellings of problem 4's noise variable ε (ε, ϵ, \epsilon and \varepsilon are read as
# "epsilon"): one variable, whichever of them an answer binds and whichever it uses
NOISE_SPELLINGS = ("epsilon", "eps", "varepsilon")


def _spelled(typed: str) -> str:
    """A name as typed, one spelling for its subscript: n_{ℓ−1}, n_l−1 and n_{l-1} as n_l-1."""
    return typed.replace("{", "").replace("}", "").replace("ℓ", "l").replace("−", "-")


def _name_shown(typed: str) -> str:
    """How a message names another name of a box symbol: n_{ℓ−1}, n_ℓ, ε."""
    shown = _spelled(typed).replace("_l-1", "_{ℓ−1}").replace("_l", "_ℓ")
    return "ε" if shown == "eps" else pretty_name(shown)


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


GREEK_NAMES = _GREEK_NAMES = frozenset(
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


def names_its_distribution(seg: list[Token], var: str, names: Names) -> bool:
    """Is ``seg`` ``p(z)``: a density with no parameter applied to the variable ``var``, the
    name the general case gives z's distribution (``E_{p(z)}``, ``z ~ p(z) = N(0, I)``)?"""
    return (
        len(seg) == 4
        and seg[0].kind == "name"
        and (seg[0].text in names.functions or seg[0].text in names.families)
        and [seg[1].text, seg[3].text] == ["(", ")"]
        and seg[2].kind == "name"
        and seg[2].text == var
    )
