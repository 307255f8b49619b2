"""Text to tokens: plain text, unicode math and a LaTeX subset, read into a whitelist.

Anything that is not on the whitelist (a character, a LaTeX command) is a ``ParseError`` at its
column. Unicode and LaTeX spellings become the plain ones (``σ`` and ``\\sigma`` are the name
``sigma``, ``·`` and ``\\cdot`` are ``*``, ``²`` is ``^{2}``), so the parser sees one spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tutor.inputlang.values import MAX_TOKENS, ParseError, check_length


@dataclass(slots=True)
class Token:  # filled in by ``tokenize`` only, never changed once it has returned
    kind: str  # "num" | "name" | "op" | "cmd"
    text: str  # in the one plain spelling: "sigma" for σ, "*" for ·, "^" for a superscript
    col: int  # where it starts in the text as typed
    end: int = 0  # just after the piece of text it came from
    space: bool = False  # whitespace (or a LaTeX space) right before this token
    code: bool = False  # a "^" typed as Python's "**" (whose precedence differs: d1**-1/2)
    applied: bool = False  # a bracket after U+2061 FUNCTION APPLICATION (f⁡(x)): a call's


_GREEK = {
    "π": "pi",
    "σ": "sigma",
    "μ": "mu",
    "µ": "mu",
    "θ": "theta",
    "ε": "epsilon",
    "ϵ": "epsilon",
    "ξ": "xi",
    "ζ": "zeta",
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
GREEK_NAMES = frozenset(_GREEK.values())  # the names Greek letters are read as
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅛": (1, 8)}
_UNICODE_OPS = {
    "·": "*",
    "×": "*",
    "⋅": "*",
    "∗": "*",
    "⊙": "*",  # an element-wise product: in the scalar reading, a product
    "•": "*",
    "∙": "*",  # U+2219 BULLET OPERATOR, as some fonts and PDFs write a product
    "÷": "/",
    "−": "-",
    "–": "-",
    "∼": "~",
    "∝": "∝",
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
# the slashes PDFs and chats put for "/": U+2044 FRACTION SLASH, U+2215 DIVISION SLASH, U+29F8
# BIG SOLIDUS, U+FF0F FULLWIDTH SOLIDUS, U+141F CANADIAN SYLLABICS FINAL ACUTE (the raised
# slash of ⁻¹ᐟ²). Each is "/": between superscript digits (x⁻¹ᐟ²) in the exponent, else division.
SLASHES = "⁄∕⧸／ᐟ"
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
    "zeta": "zeta",
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
    "odot": "*",  # an element-wise product: in the scalar reading, a product
    "ast": "*",
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
    "sim": "~",
    "propto": "∝",
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
    "neq": "that says what the answer is not; type the value it is",
    "ne": "that says what the answer is not; type the value it is",
}
# the same symbols typed (or pasted) as unicode: the same advice
_UNICODE_INSTEAD = {
    "∂": _LATEX_INSTEAD["partial"],
    "∫": _LATEX_INSTEAD["int"],
    "∮": _LATEX_INSTEAD["int"],
    "∑": _LATEX_INSTEAD["sum"],
    "∏": "work the product out, or write it factor by factor with *",
    "∞": _LATEX_INSTEAD["infty"],
    "⋯": _LATEX_INSTEAD["cdots"],
    "…": _LATEX_INSTEAD["ldots"],
    "≠": _LATEX_INSTEAD["neq"],
}
# MathML's invisible operators that are no product (INVISIBLE TIMES is one, and the separator
# a comma: ``tutor.inputlang.pasted``), refused where they stand
_APPLY = "\u2061"
_INVISIBLE_OPS = {_APPLY: "function application", "\u2064": "plus sign"}
# "!=", "=/=", "<>": not equal, as code and mail write it (read as '≠')
_NOT_EQUAL = ("=/=", "!=", "<>")
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
    "mathscr",
    "mathop",  # \mathop{\mathbb{E}}: an operator's name, the name itself
    "mathsf",
    "operatorname",
    "text",
    "textrm",
    "textit",
    "textbf",
    "mbox",
    "vec",
    # accents over a name (ĝ for an estimator, x̄): the name itself
    "hat",
    "widehat",
    "tilde",
    "widetilde",
    "bar",
    "overline",
}
_LATEX_STRUCT = {
    "frac": "frac",
    "dfrac": "frac",
    "tfrac": "frac",
    "cfrac": "frac",
    "boxed": "boxed",
    "over": "over",  # TeX's {a \over b}: a fraction (``_overs``)
}
# a float's exponent may be signed with the minus or a dash a PDF or a word processor puts
# for "-" (5e−8, 5e–8): still the exponent, never 5·e − 8
_EXP_DASHES = "−–‐‑‒—﹣"
_NUM_RE = re.compile(rf"(\d+\.?\d*|\.\d+)([eE][+\-{_EXP_DASHES}]?\d+)?")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_OPS2 = ("**", "<=", ">=", "=<", "=>", "||", "+-")
_OPS1 = set("+-*/^()[]{},;=<>~!'_|")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into whitelisted tokens; anything else is a ``ParseError`` at its column."""
    check_length(text)
    out: list[Token] = []
    i, n = 0, len(text)
    gap = False  # whitespace since the last token
    applied = False  # U+2061 FUNCTION APPLICATION right before
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "$&":
            i += 1
            gap = True
            continue
        if ch >= "\u0300" and unicodedata.category(ch) == "Mn":
            i += 1  # a combining accent (g + U+0302 for ĝ): the letter before it is the name
            continue
        if ch == _APPLY and text[i + 1 : i + 2] in ("(", "["):
            i += 1  # f⁡(x), 𝔼⁡[…]: the invisible function application is the bracket after it
            applied = True  # (the parser refuses it after a name that is no function: d₁⁡(d₂))
            continue
        before = len(out)
        j = _token(text, i, out)
        if len(out) > before:
            out[before].space = gap
            out[before].applied = applied
            applied = False
            for t in out[before:]:
                t.end = j
            gap = False
        else:
            gap = True  # a LaTeX space (\, \quad) or a dropped command
        if len(out) > MAX_TOKENS:
            raise ParseError("too-long", "That answer is too long to check; shorten it.", None)
        i = j
    return _overs(out)


BRACKETS = {"(": ")", "[": "]", "{": "}"}  # each opening bracket and the one that closes it
# where a fraction written with \over ends outside any group: a relation or a list's comma
_OVER_STOPS = frozenset(("=", "<", ">", "<=", ">=", "=<", "=>", ",", ";", "~"))


def _group_edge(tokens: list[Token], at: int, step: int) -> int:
    """Where the group around ``tokens[at]`` ends going ``step`` (-1: left, 1: right): the index
    of its bracket, or of the first relation or comma outside brackets; -1 or ``len(tokens)``
    when there is none."""
    opening, closing = (BRACKETS.values(), BRACKETS) if step < 0 else (BRACKETS, BRACKETS.values())
    depth = 0
    k = at + step
    while 0 <= k < len(tokens):
        t = tokens[k]
        if t.kind == "op":
            if t.text in opening:  # a bracket that opens going this way: skipped over
                depth += 1
            elif t.text in closing:
                if depth == 0:
                    return k
                depth -= 1
            elif t.text in _OVER_STOPS and depth == 0:
                return k
        k += step
    return k


def _overs(tokens: list[Token]) -> list[Token]:
    """TeX's ``{a \\over b}``: the group's two halves as a fraction, ``{(a)/(b)}``; outside
    any group, what stands between the relations or commas around it (``c = 1 \\over 2``)."""
    while True:
        at = next((k for k, t in enumerate(tokens) if t.kind == "cmd" and t.text == "over"), None)
        if at is None:
            return tokens
        start = _group_edge(tokens, at, -1) + 1  # the group around it: [start, end)
        end = _group_edge(tokens, at, 1)
        top, bottom = tokens[start:at], tokens[at + 1 : end]
        if not top or not bottom:
            raise ParseError("syntax", "\\over needs something on both sides.", tokens[at].col)
        if any(t.kind == "cmd" and t.text == "over" for t in bottom):
            raise ParseError(
                "syntax", "Two \\over in one group: write the fraction with \\frac.", tokens[at].col
            )
        here = tokens[at]
        tokens = [
            *tokens[:start],
            Token("op", "(", here.col, here.end),
            *top,
            Token("op", ")", here.col, here.end),
            Token("op", "/", here.col, here.end),
            Token("op", "(", here.col, here.end),
            *bottom,
            Token("op", ")", here.col, here.end),
            *tokens[end:],
        ]


def _token(text: str, i: int, out: list[Token]) -> int:
    """Append the token(s) starting at ``text[i]``; return the next index."""
    n = len(text)
    ch = text[i]
    if ch == "\\":
        return _latex(text, i, out)
    m = _NUM_RE.match(text, i)
    if m and (ch.isdigit() or ch == "."):
        number = m.group(0)
        if m.group(2):
            number = m.group(1) + re.sub(f"[{_EXP_DASHES}]", "-", m.group(2))
        out.append(Token("num", number, i))
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
        name = _name_before(text, i, out)
        if name:  # d₁½: a raised ½ a PDF's text lost the place of, or a factor after its name
            raise ParseError(
                "syntax",
                f"The {ch} at column {i + 1} is glued after {name}: if it is a power that lost "
                f"its place in a copy from a PDF, type {name}^({a}/{b}); for a product, put it "
                f"first (({a}/{b})·{name}).",
                i,
            )
        out += [Token("op", "(", i), Token("num", str(a), i), Token("op", "/", i)]
        out += [Token("num", str(b), i), Token("op", ")", i)]
        return i + 1
    if ch in _SUPERS and _vulgar_numerator(text, i, out):
        # "²⁄π", "¹⁄₂": a raised numerator before a fraction slash, where no value is before it
        j = i
        while text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            j += 1
        out.append(Token("num", "".join(_SUPERS[c] for c in text[i:j]), i))
        k = j + 1
        while k < n and text[k] in _SUBS:
            k += 1
        if k > j + 1:  # a lowered denominator
            out.append(Token("op", "/", j))
            out.append(Token("num", "".join(_SUBS[c] for c in text[j + 1 : k]), j + 1))
            return k
        return j
    if ch in _SUPERS:
        j = i
        while j < n and (text[j] in _SUPERS or _exponent_slash(text, j)):
            j += 1
        out.append(Token("op", "^", i))
        out.append(Token("op", "{", i))
        _digits_tokens("".join(_SUPERS.get(c, "/") for c in text[i:j]), i, out)
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
    if ch in SLASHES:
        out.append(Token("op", "/", i))
        return i + 1
    three = text[i : i + 3]
    for spelled in _NOT_EQUAL:
        if text.startswith(spelled, i):
            raise ParseError(
                "syntax",
                f"I can't use '{spelled}' (column {i + 1}) in an answer: {_LATEX_INSTEAD['neq']}.",
                i,
            )
    if three in ("+/-", "-/+"):  # both signs, spelled in ASCII
        out.append(Token("op", "±" if three == "+/-" else "∓", i))
        return i + 3
    two = text[i : i + 2]
    if two == "=>":  # "t => 50": the conclusion arrow ⇒ (read after it), never ≥
        raise ParseError(
            "syntax",
            f"I read '=>' (column {i + 1}) as an arrow, 'so': type the answer after it alone "
            "(for 'at least', type >=).",
            i,
        )
    if two in _OPS2:
        norm = {"**": "^", "=<": "<=", "+-": "±"}.get(two, two)
        out.append(Token("op", norm, i, code=two == "**"))
        return i + 2
    if ch in _OPS1:
        out.append(Token("op", ch, i))
        return i + 1
    base = _accented(ch)
    if base is not None:  # ĝ, x̄, σ̂: the letter under the accent
        out.append(Token("name", _GREEK.get(base, base), i))
        return i + 1
    if ch in _INVISIBLE_OPS:  # left by ``tutor.inputlang.pasted.unpasted``
        raise ParseError(
            "syntax",
            f"The answer holds an invisible {_INVISIBLE_OPS[ch]} ({_named(ch)}, column {i + 1}), "
            "which a copy from a PDF or a web page keeps without showing: type the answer "
            "again, with the sign you mean there.",
            i,
        )
    instead = _UNICODE_INSTEAD.get(ch)
    if instead:
        raise ParseError(
            "syntax", f"I can't use '{ch}' (column {i + 1}) in an answer: {instead}.", i
        )
    like = _lookalike(ch)
    if like is not None:  # ԁ (Cyrillic), ｄ (full width): a letter that only looks like one
        raise ParseError(
            "syntax",
            f"The character {_named(ch)} (column {i + 1}) looks like the letter {like} but is "
            f"another character (pasted from another alphabet or keyboard): type {like}.",
            i,
        )
    raise ParseError("syntax", f"I can't read the character {_named(ch)} (column {i + 1}).", i)


# letters of other alphabets that look like Latin ones (Cyrillic; Greek capitals and omicron)
_LOOKALIKES = dict(
    zip(
        "аеорсхуԁіјѕԛԝһӏɑАВЕКМНОРСТХЅІЈԚԜΑΒΕΖΗΙΚΜΝΟΡΤΥΧονι",
        "aeopcxydijsqwhlaABEKMHOPCTXSIJQWABEZHIKMNOPTYXovi",
        strict=True,
    )
)


def _lookalike(ch: str) -> str | None:
    """The Latin letter ``ch`` looks like, when it is another alphabet's (or a full-width form)."""
    if ch in _LOOKALIKES:
        return _LOOKALIKES[ch]
    plain = unicodedata.normalize("NFKC", ch)
    if plain != ch and len(plain) == 1 and plain.isascii() and plain.isalnum():
        return plain
    return None


def _named(ch: str) -> str:
    """A character as a message names it: quoted when it shows, else by its code point (an
    escape, a NUL: never sent to the terminal, and never shown as a blank)."""
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


def _accented(ch: str) -> str | None:
    """The letter ``ch`` is an accented form of (``ĝ`` is g + a circumflex), else None."""
    if ch.isascii():
        return None
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) < 2 or any(unicodedata.category(c) != "Mn" for c in parts[1:]):
        return None
    base = parts[0]
    return base if (base.isascii() and base.isalpha()) or base in _GREEK else None


def _name_before(text: str, i: int, out: list[Token]) -> str:
    """The name (with its subscript) ``text[i]`` is glued right after, as typed (``d₁`` in
    ``d₁½``, ``d1`` in ``d1½``); "" when it is not glued after a name."""
    if not out or i == 0 or text[i - 1].isspace():
        return ""
    last = out[-1]
    if last.kind == "num" and len(out) >= 3 and out[-2].text == "_" and out[-3].kind == "name":
        return text[out[-3].col : i]
    return text[last.col : i] if last.kind == "name" else ""


def _vulgar_numerator(text: str, i: int, out: list[Token]) -> bool:
    """Do the superscript digits at ``text[i]`` start a fraction typed with raised and lowered
    digits (``²⁄π``, ``¹⁄₂``): followed by a slash, with no value before them to raise?"""
    j = i
    while j < len(text) and text[j] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
        j += 1
    if j == i or j >= len(text) or not (text[j] == "/" or text[j] in SLASHES):
        return False
    if j + 1 < len(text) and text[j + 1] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁽":
        return False  # x²/³: a fraction in the exponent
    last = out[-1] if out else None
    return last is None or (
        last.kind == "op" and last.text not in (")", "]", "}", "!", "'", "|", "||")
    )


def _exponent_slash(text: str, j: int) -> bool:
    """Whether ``text[j]`` is a slash inside a superscript exponent: right after a superscript
    digit and right before another (``x⁻¹ᐟ²``, ``x²/³``), so the exponent is a fraction."""
    return (
        0 < j < len(text) - 1
        and (text[j] == "/" or text[j] in SLASHES)
        and text[j - 1] in "⁰¹²³⁴⁵⁶⁷⁸⁹"
        and text[j + 1] in "⁰¹²³⁴⁵⁶⁷⁸⁹⁽"
    )


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
        if nxt in "()[]":  # \( … \), \[ … \]: where mathematics starts and ends, like $
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
        if name in ("left", "right") and text[j : j + 1] == ".":
            return j + 1  # \left. … \right|: the invisible delimiter
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
            # \mathop{\mathbb{E}}: a font around a font around a plain name reads as that name
            nested = re.match(r"\{\s*\\([A-Za-z]+)\s*\{([A-Za-z0-9 ]*)\}\s*\}", text[k:])
            if nested is not None and nested.group(1) in _LATEX_FONTS:
                start = k + nested.start(2)
                for w in re.finditer(r"[A-Za-z][A-Za-z0-9]*|\d+", nested.group(2)):
                    kind = "num" if w.group(0).isdigit() else "name"
                    out.append(Token(kind, w.group(0), start + w.start()))
                return k + nested.end()
        return j  # the command is dropped; its argument reads as a group
    instead = _LATEX_INSTEAD.get(name)
    if instead:
        raise ParseError(
            "syntax", f"I can't use \\{name} (column {i + 1}) in an answer: {instead}.", i
        )
    raise ParseError("syntax", f"I don't know the LaTeX command \\{name} (column {i + 1}).", i)
