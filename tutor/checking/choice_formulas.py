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

A remark after a letter may state relations too (``b, since ‖W‖_* = Θ(1)``, or in words: ``b:
the spectral norms are Θ(1)``): ``remark_relations`` reads them the same way, and
``other_formula`` says when one of them belongs to another choice and not to the chosen one
(the remark then contradicts the letter; ``tutor.checking.choice_remarks``, rule 5).
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
_BLANK_STAR_RE = re.compile(r"‖_(?=\s*(?:[=≤≥<>]|$))")
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
    # a norm's subscript left blank: its "*" taken for Markdown emphasis (‖W‖_* pasted)
    t = _BLANK_STAR_RE.sub("‖_*", t)
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


# what opens a reason before its relations ("since", "because", "—", ":")
_REASON_RE = re.compile(
    r"^(?:[\s,;:.)\]—–-]|because|since|as|so|given|i\.e\.|ie|thus|hence)+", re.I
)
# a norm named in words, with what it is of both sides' weights: "the spectral norms are Θ(1)"
_NORM_WORDS_RE = re.compile(
    r"(?:the\s+|both\s+|their\s+|all\s+)*(?P<norm>spectral|operator|"
    r"rms\s*(?:→|->|-to-|\s+to\s+)\s*rms)\s+norms?\s+(?:are|is|=|stay|stays|remain|remains)\s+"
    r"(?:both\s+|all\s+)?(?P<rhs>.+?)[.!]?\s*$",
    re.I,
)


def remark_relations(remark: str) -> frozenset[str] | None:
    """The relations a remark after a letter states, spelled as ``formula_key`` spells them
    (a norm said in words, "the spectral norms are Θ(1)", as the relation of W and ΔW); None
    when it states none."""
    text = _REASON_RE.sub("", remark.strip()).strip()
    m = _NORM_WORDS_RE.fullmatch(text)
    if m is not None:
        norm = "*" if m["norm"].lower() in ("spectral", "operator") else "{RMS→RMS}"
        rhs = m["rhs"]
        text = f"‖W‖_{norm} = {rhs} and ‖ΔW‖_{norm} = {rhs}"
    return formula_key(text)


def other_formula(choices: Sequence[Any], chosen: Any, remark: str) -> bool:
    """Does ``remark`` state a relation of another choice's formula that the chosen choice's
    formula does not state? (Only where the chosen choice is a formula.)"""
    own = formula_key(chosen.text)
    said = remark_relations(remark) if own is not None else None
    if own is None or said is None:
        return False
    extra = said - own
    return any(extra & key for c in choices if c is not chosen and (key := formula_key(c.text)))
