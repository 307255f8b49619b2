"""Words a LaTeX answer wraps in ``\\text{…}``: read as the words they are.

A chat or a typeset solution puts prose inside an answer as ``\\text{ (so that the variance is
1)}``, ``\\text{quadratic in } d_1`` or ``\\quad\\text{since } …``. ``untexted`` takes the
command and its braces out (blanked, so every column stays where it was), leaving the words
for the rules that read words typed plainly: a remark in brackets, a reason after "since", an
order said in words, a unit. LaTeX's spacing commands (``\\quad``, ``\\qquad``, ``\\,``,
``\\;``, ``\\:``, ``\\!``, and ``\\ ``) become the spaces they stand for, so those rules see
the gap a reader sees. siunitx's quantities (``\\SI{50}{\\nano\\second}``, ``\\qty{50}{ns}``,
``\\num{…}``, ``\\si{…}``) become the number and the unit typed plainly. A tie ``~`` before a
unit (``50~\\text{ns}``) is a space, and a unit in a fraction's numerator
(``\\frac{500\\text{ ns}}{10}``) is read after the fraction (500/10 ns).

Only prose is unwrapped: the text must hold a space or a bracket, and must not be a subscript or
a superscript (``n_{\\text{in}}``, ``n_\\text{in}`` are names, and stay as they are); a
``\\text`` holding braces or another command is left to the lexer.

``displayed(text)`` reads the frame of displayed mathematics as ``$$`` (which the reader skips,
on a line of its own or not): ``\\begin{equation}`` … ``\\end{equation}`` and the other display
environments (``align``, ``gather``, ``multline``, starred or not), with what only numbers or
labels an equation (``\\label{…}``, ``\\nonumber``, ``\\notag``, a row break ``\\\\`` at the end of
the last row) left out. ``unwrapped(text)`` is a word set in a font or a box (``\\text{b}``,
``\\textbf{b}``, ``\\boxed{b}``): the word alone, as a choice's letter is typed.
"""

from __future__ import annotations

import re

_TEXT_RE = re.compile(r"\\(?:text|textrm|textit|textnormal|mbox)\s*\{([^{}\\]*)\}")
# siunitx, as typeset solutions write a quantity: \SI{50}{\nano\second}, \qty{50}{ns},
# \num{50}, \si{\nano\second}
_UNIT_ARG = r"\{((?:\\[A-Za-z]+|[^{}\\])*)\}"
_SI_RE = re.compile(r"\\(?:SI|qty)\s*\{([^{}\\]*)\}\s*" + _UNIT_ARG)
_NUM_RE = re.compile(r"\\num\s*\{([^{}\\]*)\}")
_SI_UNIT_RE = re.compile(r"\\(?:si|unit)\s*" + _UNIT_ARG)
_PREFIXES = {"pico": "p", "nano": "n", "micro": "μ", "milli": "m", "kilo": "k"}
_SI_UNITS = {"second": "s", "s": "s"}


def _unit(arg: str) -> str:
    """A siunitx unit as typed plainly: ``\\nano\\second`` is ns, ``\\micro\\second`` μs."""
    out = []
    for name in re.findall(r"\\([A-Za-z]+)|([^\\\s]+)", arg):
        command, plain = name
        if command:
            out.append(_PREFIXES.get(command, _SI_UNITS.get(command, command)))
        else:
            out.append(plain)
    return "".join(out)


def _placed(m: re.Match[str], said: str, at: int) -> str:
    """``said`` put where group ``at`` of ``m`` starts, blanks around it (the same length)."""
    start = m.start(at) - m.start()
    text = " " * start + said
    return text.ljust(len(m.group(0))) if len(text) <= len(m.group(0)) else m.group(0)


def _siunitx(text: str) -> str:
    text = _SI_RE.sub(lambda m: _placed(m, f"{m.group(1)} {_unit(m.group(2))}", 1), text)
    text = _NUM_RE.sub(lambda m: _placed(m, m.group(1), 1), text)
    return _SI_UNIT_RE.sub(lambda m: _placed(m, _unit(m.group(1)), 1), text)


# a spacing command (never the second backslash of a line break "\\\\")
_SPACE_RE = re.compile(r"(?<!\\)\\(?:(?:qquad|quad)(?![A-Za-z])|[,;:! ])")


def _blank(m: re.Match[str]) -> str:
    inner = m.group(1)
    start = m.start(1) - m.start()
    return " " * start + inner + " "


# LaTeX's tie "~" (an unbreakable space) between a number and its unit: 50~\text{ns}
_TIE_RE = re.compile(r"(?<=[\d}])~(?=\s*\\(?:text|textrm|mathrm|mbox|rm)\s*\{)")
# a unit inside a fraction's numerator: \frac{500\text{ ns}}{10} is 500/10 ns
_FRAC_UNIT_RE = re.compile(
    r"\\[dt]?frac\s*\{([^{}\\]*?)\s*\\(?:text|textrm|mathrm|mbox)\s*\{\s*([A-Za-z]+)\s*\}\s*\}"
    r"\s*\{([^{}\\]*)\}"
)


def _unit_out(m: re.Match[str]) -> str:
    """``\\frac{500\\text{ ns}}{10}`` as ``\\frac{500}{10}`` then the unit (the same length)."""
    frac = f"\\frac{{{m.group(1)}}}{{{m.group(3)}}}"
    unit = m.group(2)
    return frac + " " * (len(m.group(0)) - len(frac) - len(unit)) + unit


def untexted(text: str) -> str:
    """``text`` with each prose ``\\text{…}`` replaced by its words (the same length)."""
    if "\\" not in text:
        return text
    text = _TIE_RE.sub(" ", text)
    text = _FRAC_UNIT_RE.sub(_unit_out, text)
    text = _SPACE_RE.sub(lambda m: " " * len(m.group(0)), text)
    text = _siunitx(text)
    out: list[str] = []
    last = 0
    for m in _TEXT_RE.finditer(text):
        inner = m.group(1)
        before = text[: m.start()].rstrip()
        scripted = before.endswith(("_", "^", "_{", "^{"))
        if scripted or not re.search(r"[\s()\[\]]", inner):
            continue
        out.append(text[last : m.start()])
        out.append(_blank(m))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# the display environments a typeset solution or a chat frames an equation with
_DISPLAY_RE = re.compile(
    r"\\(?:begin|end)\s*\{(?:equation|align|alignat|gather|multline|flalign|eqnarray|displaymath|"
    r"math|split|aligned|gathered)\*?\}"
)
# what only numbers or labels an equation: never part of the answer
_NUMBERING_RE = re.compile(r"\\label\s*\{[^{}\\]*\}|\\(?:nonumber|notag)(?![A-Za-z])")
# a row break after the last row: nothing but spaces (or the frame) after it
_LAST_ROW_RE = re.compile(r"(?<!\\)\\\\(?=\s*(?:\$\$|\\\]|\Z))")


def displayed(text: str) -> str:
    """``text`` with the frame of displayed mathematics read as ``$$`` (the same length)."""
    if "\\" not in text:
        return text
    text = _DISPLAY_RE.sub(lambda m: "$$".ljust(len(m.group(0))), text)
    text = _NUMBERING_RE.sub(lambda m: " " * len(m.group(0)), text)
    return _LAST_ROW_RE.sub("  ", text)


# a word set in a font or a box: \text{b}, \textbf{b}, \mathrm{b}, \boxed{b}
_WRAPPED_RE = re.compile(
    r"\\(?:text|textrm|textbf|textit|textsf|texttt|textnormal|emph|mbox|fbox|boxed|mathrm|"
    r"mathbf|mathit|mathsf|mathtt|mathnormal|operatorname)\s*\{([^{}\\]*)\}"
)


def unwrapped(text: str) -> str:
    """``text`` with each word set in a font or a box replaced by the word (the same length)."""
    if "\\" not in text:
        return text
    while (out := _WRAPPED_RE.sub(_blank, text)) != text:  # \boxed{\text{b}}: one layer a pass
        text = out
    return text
