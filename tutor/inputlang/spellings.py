"""Other spellings of the reader's functions, as students bring them from code and other tools.

``without_module_prefixes(text)`` blanks a library's name before a function or constant
(``np.sqrt``, ``math.pi``, ``torch.exp``): same length back, so columns in messages still
point into what was typed. ``function_spellings(tokens, names)`` reads, in a box that gives
these names no meaning of its own:

- a built-in function in any case (``Sqrt``, ``SQRT``, ``Log``, ``LN``), with Mathematica's
  square brackets too (``Sqrt[d1]``);
- ``root(x)`` (and ``sqroot``, ``squareroot``) as ``sqrt(x)``;
- ``rsqrt(x)`` (the reciprocal square root of PyTorch and CUDA) as ``(1/sqrt(x))``;
- ``pow(a, b)`` and ``power(a, b)`` (Python, NumPy) as ``((a)^(b))``;
- a gradient in brackets applied to its argument, ``(∇f)(μ + σz)``, ``(∇_x f)(x)``, as
  ``∇f(μ + σz)``: the brackets only say the gradient is taken before it is evaluated.

Anything else, and a call that is not one of these shapes (``pow`` with one argument), is left
as typed for the parser to report.
"""

from __future__ import annotations

import re

from tutor.inputlang.lexer import Token
from tutor.inputlang.names import Names
from tutor.inputlang.rules import BUILTIN_FUNCTIONS

_FUNCTION_WORDS = r"(?:sqrt|rsqrt|log|ln|exp|pi|e|power|pow)(?![A-Za-z0-9_])"
_MODULE_PREFIX_RE = re.compile(
    r"(?<![A-Za-z0-9_.])(?:np|numpy|math|torch|jnp|sp|sympy|tf\.math|scipy\.special)\."
    rf"(?={_FUNCTION_WORDS})"
)

_SQRT_WORDS = ("root", "sqroot", "squareroot")
_OPENING = {"(": ")", "[": "]"}


def without_module_prefixes(text: str) -> str:
    """``np.sqrt(1/d1)`` as ``   sqrt(1/d1)`` (the same length)."""
    if "." not in text:
        return text
    return _MODULE_PREFIX_RE.sub(lambda m: " " * len(m.group(0)), text)


def _closing(tokens: list[Token], start: int) -> int | None:
    """Where the bracket opened at ``start`` closes (brackets are balanced: checked before)."""
    depth = 0
    for k in range(start, len(tokens)):
        t = tokens[k]
        if t.kind != "op":
            continue
        if t.text in ("(", "[", "{"):
            depth += 1
        elif t.text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return k
    return None


def _arguments(tokens: list[Token]) -> list[list[Token]]:
    """A call's arguments: ``tokens`` (inside its brackets) split at top-level commas."""
    out: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in ("(", "[", "{"):
            depth += 1
        elif t.kind == "op" and t.text in (")", "]", "}"):
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text == ",":
            out.append([])
            continue
        out[-1].append(t)
    return out


def _root_index(tokens: list[Token], close: int) -> bool:
    """Is the bracket closing at ``close`` the index of an nth root (``\\sqrt[3]{x}``,
    ``sqrt[3](x)``): square brackets followed at once by the radicand in brackets?"""
    after = tokens[close + 1] if close + 1 < len(tokens) else None
    return (
        tokens[close].text == "]"
        and after is not None
        and after.kind == "op"
        and after.text in ("(", "{")
        and not after.space
    )


def _op(text: str, near: Token) -> Token:
    return Token("op", text, near.col, near.end)


def _name(text: str, was: Token) -> Token:
    return Token("name", text, was.col, was.end, was.space)


def _bracketed_gradient(tokens: list[Token], i: int, names: Names) -> int | None:
    """Where ``(∇f)`` closes when ``tokens[i]`` opens one (a gradient of one of the box's
    functions, with a subscript or none) and an argument follows at once; else None."""
    t = tokens[i]
    if t.kind != "op" or t.text != "(" or i + 3 >= len(tokens):
        return None
    if tokens[i + 1].kind != "name" or tokens[i + 1].text not in ("grad", "nabla"):
        return None
    close = _closing(tokens, i)
    if close is None or close + 1 >= len(tokens) or tokens[close + 1].text != "(":
        return None
    inner = tokens[i + 2 : close]
    if inner and inner[0].kind == "op" and inner[0].text == "_":  # ∇_x f, ∇_{x} f
        if len(inner) > 1 and inner[1].text == "{":
            k = _closing(tokens, i + 3)
            inner = tokens[k + 1 : close] if k is not None else []
        else:
            inner = inner[2:]
    if len(inner) != 1 or inner[0].kind != "name" or inner[0].text not in names.functions:
        return None
    return close


def function_spellings(tokens: list[Token], names: Names) -> list[Token]:
    """``tokens`` with the spellings above read as the reader's own (unchanged when none)."""
    if not any(t.kind == "name" for t in tokens):
        return tokens
    own = set(names.symbols) | set(names.functions) | set(names.definitions) | set(names.bound)
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        gradient = _bracketed_gradient(tokens, i, names)
        if gradient is not None:  # (∇f)(x): ∇f(x)
            out += tokens[i + 1 : gradient]
            i = gradient + 1
            continue
        low = t.text.lower()
        if t.kind != "name" or t.text in own or low in own:
            out.append(t)
            i += 1
            continue
        bracket = nxt is not None and nxt.kind == "op" and nxt.text in _OPENING
        close = _closing(tokens, i + 1) if bracket else None
        if close is not None and _root_index(tokens, close):
            close = None  # \sqrt[3]{x}: LaTeX's cube root, not Mathematica's Sqrt[x]
        if low in BUILTIN_FUNCTIONS or low in _SQRT_WORDS:
            target = "sqrt" if low in _SQRT_WORDS else low
            if target == t.text and not (bracket and nxt is not None and nxt.text == "["):
                out.append(t)
                i += 1
                continue
            out.append(_name(target, t))
            if close is not None and nxt is not None and nxt.text == "[":  # Sqrt[d1]
                inner = function_spellings(tokens[i + 2 : close], names)
                out += [_op("(", nxt), *inner, _op(")", tokens[close])]
                i = close + 1
            else:
                i += 1
            continue
        if close is not None and nxt is not None and low == "rsqrt":
            inner = function_spellings(tokens[i + 2 : close], names)
            one = Token("num", "1", t.col, t.col, t.space)
            out += [_op("(", t), one, _op("/", t), _name("sqrt", t), _op("(", nxt)]
            out += [*inner, _op(")", tokens[close]), _op(")", tokens[close])]
            i = close + 1
            continue
        if close is not None and nxt is not None and low in ("pow", "power"):
            args = _arguments(tokens[i + 2 : close])
            if len(args) == 2 and all(args):
                base, exponent = (function_spellings(a, names) for a in args)
                end = tokens[close]
                out += [_op("(", t), _op("(", nxt), *base, _op(")", end), _op("^", end)]
                out += [_op("(", end), *exponent, _op(")", end), _op(")", end)]
                i = close + 1
                continue
        out.append(t)
        i += 1
    return out
