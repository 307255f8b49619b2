"""A choice whose text is a formula, typed as that formula in any usual spelling.

Some choices state relations rather than prose (``‖W_ℓ‖_{RMS→RMS} = Θ(1) and ‖ΔW_ℓ‖_{RMS→RMS}
= Θ(1)``). A student types such a choice in ASCII (``||W||_{RMS->RMS} = Theta(1), ||dW||_{RMS->RMS}
= Theta(1)``), pastes it in LaTeX (``\\|W_\\ell\\|_{\\mathrm{RMS}\\to\\mathrm{RMS}} = \\Theta(1)``) or
leaves the layer's index off the weights. ``formula_key`` spells a text one way: LaTeX commands,
ASCII stand-ins and Unicode variants as one symbol each (``‖``, ``→``, ``Θ``, ``Δ``, ``√``, ``≤``),
an update written ``dW``, ``δW`` or ``Delta W`` as ``ΔW``, the layer's index on a weight left out,
``l`` in a subscript as ``ℓ``, case, spaces and braces ignored; its relations, split at "and",
commas and semicolons (and a chain ``a = b = c`` into ``a = c`` and ``b = c``), as a set, so the
order they are typed in does not matter. An answer is that choice only when its key equals the
key of exactly one choice (``same_formula``): nothing is guessed, a relation left out or changed
reads as no choice at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

MAX_FORMULA = 400  # characters: a longer text is not compared as a formula

_DELIMITERS_RE = re.compile(r"\$|\\[()\[\]]|\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])")
_WRAPPED_RE = re.compile(r"\\(?:operatorname|mathrm|text|textrm|mathit|mathbf|mbox)\s*\{([^{}]*)\}")
_COMMANDS = (
    (r"\\(?:[lr]?Vert|\|)", "‖"),
    (r"\\ell(?![A-Za-z])", "ℓ"),
    (r"\\(?:to|rightarrow|longrightarrow)(?![A-Za-z])", "→"),
    (r"\\Theta(?![A-Za-z])", "Θ"),
    (r"\\(?:Delta|delta)(?![A-Za-z])", "Δ"),
    (r"\\sqrt(?![A-Za-z])", "√"),
    (r"\\(?:cdot|times)(?![A-Za-z])", "·"),
    (r"\\(?:ast|star)(?![A-Za-z])", "*"),
    (r"\\(?:leq?|leqslant)(?![A-Za-z])", "≤"),
    (r"\\(?:geq?|geqslant)(?![A-Za-z])", "≥"),
    (r"\\(?:quad|qquad|[,;:! ])", " "),
)
_PLAIN = (
    (r"\|\|", "‖"),
    (r"->|⟶|⇾", "→"),
    (r"(?<![A-Za-z])(?:Theta|theta|θ)(?![A-Za-z])", "Θ"),
    (r"(?<![A-Za-z])(?:Delta|delta|δ|d)\s*(?=[Ww](?![A-Za-z]))", "Δ"),
    (r"(?<![A-Za-z])sqrt(?![A-Za-z])", "√"),
    (r"<=|≦", "≤"),
    (r">=|≧", "≥"),
    (r"[−–—]", "-"),
    (r"∗", "*"),
    (r"(?<=\bRMS)\s*(?:to|-to-)\s*(?=RMS\b)", "→"),
)
# the layer's index on a weight or its update: W_ℓ, W_l, W_{ℓ}, W^{(l)}
_LAYER_RE = re.compile(
    r"(?<=[Ww])\s*(?:_\s*\{?\s*[lℓ]\s*\}?|\^\s*\{?\s*\(\s*[lℓ]\s*\)\s*\}?)(?![A-Za-z0-9])"
)
# "l" as an index inside a subscript: n_{l-1}, n_l
_INDEX_L_RE = re.compile(r"(?<=_)(\{?)l(?![A-Za-z])")
_SEPARATOR_RE = re.compile(r"(?<![A-Za-z])and(?![A-Za-z])|[,;&]|\\\\", re.I)
_RELATION_RE = re.compile(r"[=≤≥<>]")


def formula_key(text: str) -> frozenset[str] | None:
    """The relations ``text`` states, each spelled one way; None when it is not a formula
    (a part holds no relation, or the text is too long to be one)."""
    if len(text) > MAX_FORMULA or not _RELATION_RE.search(text):
        return None
    t = _WRAPPED_RE.sub(r"\1", _DELIMITERS_RE.sub(" ", text))
    for pattern, symbol in _COMMANDS:
        t = re.sub(pattern, symbol, t)
    if "\\" in t:
        return None  # a command this reader does not know: not compared
    for pattern, symbol in _PLAIN:
        t = re.sub(pattern, symbol, t)
    t = _INDEX_L_RE.sub(r"\1ℓ", _LAYER_RE.sub("", t))
    relations: set[str] = set()
    for part in _SEPARATOR_RE.split(t):
        part = re.sub(r"[\s{}]+", "", part).lower().rstrip(".")
        if not part:
            continue
        sides = re.split(r"([=≤≥<>])", part)
        if len(sides) < 3 or not all(sides[0::2]):
            return None
        if len(sides) > 3 and all(s == "=" for s in sides[1::2]):  # a = b = c
            relations.update(f"{side}={sides[-1]}" for side in sides[0:-1:2])
        else:
            relations.add(part)
    return frozenset(relations) or None


def same_formula(choices: Sequence[Any], typed: str) -> Any:
    """The one choice whose text is the formula ``typed`` states, else None."""
    key = formula_key(typed)
    if key is None:
        return None
    found = [c for c in choices if formula_key(c.text) == key]
    return found[0] if len(found) == 1 else None
