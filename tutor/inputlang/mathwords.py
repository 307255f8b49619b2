"""Problem 4's mathematics said in words or in other notation, written the reader's way.

``in_notation(text)`` rewrites, keeping the length (so columns still match; every rewrite is
shorter than what it replaces, and padded):

- the standard normal said in words: ``z is standard normal``, ``z standard normal``,
  ``z ~ a standard Gaussian`` as ``z ~ N(0, I)``; ``p(z) = standard normal`` as
  ``p(z) = N(0, I)``;
- a distribution clause in brackets at the end, ``g(z, μ) = μ + σz (z ~ N(0, I))``, as the
  clause after a comma;
- a partial derivative as a gradient: ``∂/∂θ``, ``\\frac{\\partial}{\\partial \\theta}``,
  ``\\partial_\\theta`` and ``∂_θ`` as ``∇_θ`` (the reader's gradient in θ); so is ``d/dθ``
  (``\\frac{d}{d\\theta}``), but only before a parameter's name (μ, σ, θ, λ).
"""

from __future__ import annotations

import re

_STANDARD = r"(?:an?\s+|the\s+)?(?:standard|unit)[\s-]+(?:normal|gaussian)(?:\s+(?:distribution|variable|random\s+variable|noise|vector))?(?![A-Za-z])"
_VAR_IS_RE = re.compile(
    rf"(?<![A-Za-z\\])(?P<var>[A-Za-zεξ]|\\(?:epsilon|varepsilon|xi))\s*(?:is\s+|being\s+|~\s*|∼\s*|\\sim\s*|(?:(?:is\s+)?(?:drawn|sampled|distributed)\s+(?:from|as|according\s+to)|follows|from)\s+)?{_STANDARD}",
    re.I,
)
_STANDARD_RE = re.compile(_STANDARD, re.I)
# "(standard normal)" in brackets at the end, after a clause that already gives the law
_RESTATED_RE = re.compile(
    rf"(?:~|∼|\\sim)[^()]*(?:\([^()]*\)[^()]*)*?(?P<said>\(\s*(?:i\.?\s?e\.?,?\s*|that\s+is,?\s*|so\s+)?(?:z\s+is\s+)?{_STANDARD}\s*\))\s*$",
    re.I,
)
_BRACKETED_CLAUSE_RE = re.compile(
    r"\(\s*((?:[A-Za-zεξ]\w*|\\[A-Za-z]+)\s*(?:~|∼|\\sim)[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$"
)
_PARAM = r"(?:[θμσλ]|\\?(?:theta|mu|sigma|lambda)(?![A-Za-z]))"  # d/d… only before a parameter
_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\}|\\operatorname\s*\{\s*d\s*\})"
_PARTIAL_RE = re.compile(
    r"∂\s*/\s*∂\s*(?P<a>[A-Za-zθμσλ]\w*)"
    r"|\\frac\s*\{\s*\\partial\s*\}\s*\{\s*\\partial\s*(?P<b>\\?[A-Za-z]+)\s*\}"
    r"|(?:\\partial|∂)_\{?(?P<c>\\?[A-Za-zθμσλ][A-Za-z]*)\}?"
    rf"|(?<![\w\\])d\s*/\s*d\s*(?P<d>{_PARAM})"
    rf"|\\frac\s*\{{\s*{_D}\s*\}}\s*\{{\s*{_D}\s*(?P<e>{_PARAM})\s*\}}"
)


# df/dx(…), \frac{df}{dx}(…), ∂f/∂x(…): the gradient of f taken at the point after it
_DF_DX_RE = re.compile(
    r"(?<![\w\\])(?:d|∂)\s*(?P<f>[fgh])\s*/\s*(?:d|∂)\s*x(?=\s*\()"
    rf"|\\frac\s*\{{\s*(?:{_D}|\\partial)\s*(?P<g>[fgh])\s*\}}\s*\{{\s*(?:{_D}|\\partial)\s*x\s*\}}(?=\s*\()"
)
_D_BY_D_RE = re.compile(r"d\s*/\s*d|\{\s*(?:d|\\mathrm|\\text|\\operatorname)")


def _padded(said: str, m: re.Match[str]) -> str:
    return said.ljust(len(m.group(0)))


def _gradient(m: re.Match[str]) -> str:
    """``∂/∂θ`` as ``∇_θ`` (a longer name in braces), padded to the same length."""
    var = m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")
    braced = f"∇_{{{var}}}"  # "∇_{\\theta}"; "∂/∂mu" has no room for the braces: "∇_mu"
    return _padded(braced if len(var) > 1 and len(braced) <= len(m.group(0)) else f"∇_{var}", m)


def in_notation(text: str) -> str:
    """``text`` with the standard normal in words and partial derivatives in the reader's
    notation (the same length)."""
    if "/" in text or "frac" in text:
        text = _DF_DX_RE.sub(lambda m: _padded(f"∇{m.group('f') or m.group('g')}", m), text)
    if "∂" in text or "partial" in text or _D_BY_D_RE.search(text):
        text = _PARTIAL_RE.sub(_gradient, text)
    if re.search(r"(?i)standard|unit", text):
        restated = _RESTATED_RE.search(text)
        if restated is not None:  # a remark: the clause before it says it already
            a, b = restated.span("said")
            text = text[:a] + " " * (b - a) + text[b:]
        text = _VAR_IS_RE.sub(lambda m: _padded(f"{m.group('var')} ~ N(0, I)", m), text)
        text = _STANDARD_RE.sub(lambda m: _padded("N(0, I)", m), text)
    clause = _BRACKETED_CLAUSE_RE.search(text)
    if clause is not None and text[: clause.start()].strip():
        a, b = clause.start(), clause.end(1)
        text = text[:a] + "," + text[a + 1 : b] + " " + text[b + 1 :]
    return text
