"""The reading rules, written down once: what a student may type and what it is read as.

``RULES`` is the cheat sheet: each rule says how to type something and gives examples with
their reading. The help screen shows this table (``tutor.ui.screens.help``), and the tests read
every example and check that it reads exactly as stated, so the help cannot drift from the
reader. The word lists the reader uses (units, count words, bound phrases) are here too.

The examples are read in ``EXAMPLE_NAMES``' made-up box (so they give no answer away), or in a
number box in nanoseconds (``kind="number"``) or a count box of ``fwd`` operations.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# The made-up box the examples below are read in: symbols, then functions.
EXAMPLE_SYMBOLS = ("a", "b", "x", "z", "d1", "d2", "n_in", "sigma", "mu")
EXAMPLE_FUNCTIONS = ("h",)
EXAMPLE_DEFINITIONS = (("Sigma", "sigma^2"),)
EXAMPLE_MEASURE = "z ~ N(0, I)"


@dataclass(frozen=True)
class Rule:
    title: str
    how: str  # Markdown: how to type it
    examples: tuple[tuple[str, str], ...]  # (typed, read as), checked by the tests
    pattern: str  # a regex: which of the content's own answers illustrate this rule
    kind: str = "expression"  # the kind of box the examples are read in


def _units() -> str:
    shown = dict.fromkeys(UNIT_DISPLAY.get(u, u) for u in ("s", "ms", "us", "ns", "ps"))
    return ", ".join(f"`{u}`" for u in shown)


RULES: tuple[Rule, ...] = (
    Rule(
        "Products and powers",
        "`*` or a space for a product (also `·`, `\\cdot`), `^` or `**` for a power "
        "(also `²`); the reading keeps what you typed and simplifies nothing.",
        (("d1*d2/d2^2", "d₁·d₂/d₂²"), ("2 a x**2", "2·a·x²"), ("sigma z", "σ·z")),
        r"\*|\^|[a-z] [a-z]",
    ),
    Rule(
        "Square roots",
        "`sqrt(...)` or `√(...)`; a root as a power works too.",
        (("sqrt(a + b)", "√(a + b)"), ("x^(-1/2)", "x^(−1/2)"), ("1/√x", "1/√x")),
        r"sqrt|√|\^\(-1/2\)",
    ),
    Rule("π", "`pi` or `π`; `e` is Euler's number.", (("pi/2", "π/2"), ("e^x", "e^x")), r"pi|π"),
    Rule(
        "Subscripts",
        "Write the index after the name: `d1` or `d_1` (also `d₁`); `n_in` (also `nin`).",
        (("d_1 + d₂", "d₁ + d₂"), ("1/nin", "1/n_in")),
        r"[a-z]_?[0-9₀-₉]|_[a-z]",
    ),
    Rule(
        "Fractions",
        "After `/`, a number glued to a name is one term: `1/2d1` is 1/(2·d₁). With a space, "
        "`1/2 d1` is (1/2)·d₁, and the feedback says so. Use brackets when in doubt.",
        (("1/2d1", "1/(2·d₁)"), ("1/2 d1", "1/2·d₁"), ("(x - a)/b^2", "(x − a)/b²")),
        r"/\d[a-z]|\d[a-z]|[a-z] [a-z]",
    ),
    Rule(
        "Orders of growth",
        "`Theta(...)` or `Θ(...)`; `O(...)` for an upper bound; `~ d1^2` and `grows like d1^2` "
        "mean Θ(d₁²).",
        (("Theta(d1^2)", "Θ(d₁²)"), ("~ d2^3", "Θ(d₂³)"), ("O(1/x)", "O(1/x)")),
        r"Theta|Θ|O\(",
    ),
    Rule(
        "Expectations",
        "`E[...]`; name the distribution in a subscript when it matters.",
        (("E_{z~N(0,I)}[h(a + b z)]", "𝔼_{z ∼ N(0, I)}[h(a + b·z)]"), ("E[h(z)]", "𝔼[h(z)]")),
        r"E\[|E_|𝔼",
    ),
    Rule(
        "Gradients",
        "`grad h(x)`, `grad_x h(x)`, `∇_x h(x)` or `h'(x)`.",
        (("grad h(x)", "∇h(x)"), ("∇_a h(a + x)", "∇_a h(a + x)"), ("h'(x)", "h′(x)")),
        r"grad|∇|nabla",
    ),
    Rule(
        "Signs and absolute values",
        "`±`, `+-` or `\\pm` for both signs (correct only when both are); `|x|` for an "
        "absolute value.",
        (("a +- b", "a ± b"), ("|x - a|", "|x − a|")),
        r"±|\+-|\\pm|\|",
    ),
    Rule(
        "LaTeX",
        "LaTeX works too, and `\\boxed{...}`; a leading label such as `c =` or `g(x) =` is "
        "ignored.",
        (("\\frac{3}{\\sqrt{d_2}}", "3/√d₂"), ("c = \\boxed{x^2}", "x²")),
        r"\\frac|\\sqrt|\\mathbb|\\boxed",
    ),
    Rule(
        "Definitions a box knows",
        "Some boxes accept a named shorthand, e.g. `Sigma^-1` or `Σ⁻¹` for the inverse "
        "covariance in 4a.",
        (("Sigma^-1", "Σ⁻¹"),),
        r"Sigma|Σ",
    ),
    Rule(
        "Units and bounds",
        f"Write the unit after the number ({_units()}; a bare number is in the box's unit); "
        "`at most`, `<=` or `≤` for an upper bound.",
        (("12 ns", "12 ns"), ("0.012 us", "0.012 μs"), ("at most 12 ns", "≤ 12 ns")),
        r"\d\s*(ns|us|µs|μs|ms|s)\b",
        kind="number",
    ),
    Rule(
        "Counts and choices",
        "A whole number, in digits or words, optionally with its noun; a choice by its letter "
        "(`b`, `(b)`) or its text.",
        (("7", "7 fwd"), ("seven fwd ops", "7 fwd")),
        r"^\s*\(?[a-e]\)?\s*$|^\s*\d+\s+[a-z]",
        kind="count",
    ),
)
