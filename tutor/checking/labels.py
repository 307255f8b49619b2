"""What a label before the answer names (``c = …``, ``t_fwd = 50 ns``, ``F(μ) = …``), one rule
for every value box (expression, order, count, number, expectation):

(a) the box's own quantity, or a name the box has for it: its prompt's left side (``c``,
    ``E[RMS²(y)]``, ``∇_μ F(μ)``; with or without its arguments, a norm by its kind), a count's
    nouns (``N_fwd``), the unknown a derivation of the box solves for (``t``), a name whose
    head or subscript is one of these (``c_opt``, ``t_disk``): the value is judged, the label
    said nothing more;
(b) a transform of it the reader knows (c², c⁻¹, √c, Var(W_ij), σ_W²: ``Parsed.label_power``):
    judged as that transform by the judge (right as the transform: not an answer to the box);
(c) another quantity the content knows: another value box's quantity (``c`` in 1b.scaling,
    ``E[RMS²(y)]`` in 1b, ``F(μ)`` in 4c, ``fwd`` in 5b, in a name: ``n_fwd``) or a given of
    the question (``t_fwd``, ``t_mem``): refused (invalid, note ``invalid:kind``, as a right ``c² = …`` is), naming what the
    label is and what the box asks for: the value is never judged as the box's quantity;
(d) anything else: a quantity in brackets, bars or with an operator (``E[RMS(y)]``,
    ``∇²F(μ)``, ``‖ΔW‖_*``) or a name with a qualifier of its own (``η_μP``) is refused, saying
    what the box asks for; a plain name (``x``, ``η``) is read as the student's name for the
    answer, and the verdict says so (never silently).
"""

from __future__ import annotations

import re
from typing import Any

from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.names import Names
from tutor.inputlang.reader import is_label, label_texts, parse_answer
from tutor.inputlang.values import FormulaError

LABEL_KINDS = ("expression", "order", "count", "number", "expectation")
_DROP = ("{", "}", "\\")


def _key(texts: list[str]) -> str:
    return "".join(t for t in texts if t not in _DROP)


def _loose(texts: list[str]) -> str:
    """A label with what does not change the quantity left out: arguments in round brackets
    (F(μ) is F, E[RMS²(y)] is E[RMS²]), a gradient's subscript (∇_μ F is ∇F), what a norm is
    of (‖ΔW‖_* is ‖·‖_*: its kind of norm decides)."""
    out: list[str] = []
    depth = 0
    bar = False
    k = 0
    while k < len(texts):
        t = texts[k]
        if t in _DROP:
            k += 1
            continue
        if t == "grad" and k + 2 < len(texts) and texts[k + 1] == "_":
            out.append("grad")
            k += 3
            continue
        if t == "*" and out and out[-1] == "_":  # ‖…‖_*: the '*' may be read or not
            k += 1
            continue
        if t in ("||", "|"):
            out.append(t if bar else t + "·")
            bar = not bar
        elif bar:
            pass
        elif t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif depth == 0:
            out.append(t)
        k += 1
    return "".join(out)


def _unprimed(key: str) -> str:
    return key.replace("'", "").replace("′", "")


def _parts(key: str) -> list[str]:
    """A plain name's head and subscript words: ``n_fwd`` -> [n, fwd], ``eta_muP`` -> [eta,
    muP]; [] for anything else (brackets, bars, powers)."""
    if not re.fullmatch(r"[^\W\d]\w*", key):
        return []
    return [p for p in key.split("_") if p]


_SHOWN = {"||": "‖", "grad": "∇"}


def _shown(label: str) -> str:
    """A label as the student wrote it, near enough: ``‖ΔW‖_*``, ``∇F(μ)``, ``η_μP``."""
    from tutor.inputlang.pretty import pretty_name

    out = []
    for t in label.split():
        if t in _DROP:
            continue
        out.append(_SHOWN.get(t) or (pretty_name(t) if re.fullmatch(r"[^\W\d_]+", t) else t))
    return "".join(out)


def _asks(box: Any) -> str:
    from tutor.content.loader import prompt_quantity

    own = prompt_quantity(box)
    if box.kind in ("count", "number"):
        return f"the {box.prompt.strip()}"
    return own or "the quantity in its prompt"


def _a_value(label: str, names: Names) -> bool:
    """Does ``label`` read as a value of its own (the box knows every name in it), or as a
    formula in the question's givens ("N(N+4) = 45": worked out, judged member by member)?"""
    try:
        parsed = parse_answer(label, names)
    except FormulaError:  # a formula at the question's numbers: a value, worked out
        return True
    except Exception:  # noqa: BLE001 - any other reading error: not a value
        return False
    return parsed.value is not None and not parsed.label


def judge_label(box: Any, names: Names, parsed: Any) -> tuple[Verdict | None, str]:
    """(a refusal, a remark) for the label of ``parsed``: a refusal when the label names
    another quantity or one the box can't tell is its own, a remark when it is a plain name
    the box does not know (judged as the answer, and said so); (None, "") else."""
    from tutor.content.loader import prompt_quantity

    label = parsed.label  # in a chain, its member before the value: see parsed.members
    if not label or parsed.label_power != 1 or box.kind not in LABEL_KINDS:
        return None, ""
    if parsed.members:  # a chain (c = 1/√d1 = d1^(-1/2)): its members are values, judged so
        return None, ""
    if len(label) > 200 or not is_label(label, names):
        return None, ""
    texts = label.split()
    key, loose = _key(texts), _loose(texts)
    own_texts = [label_texts(prompt_quantity(box), names)]
    own_texts += [label_texts(n, names) for n in box.own_labels]
    own_keys = {_key(t) for t in own_texts if t}
    own_loose = {_loose(t) for t in own_texts if t}
    own_words = {w.lower() for w in (*box.nouns, *own_keys, *own_loose)}
    own_words |= {w.lower() for w in re.findall(r"[^\W\d_]{2,}", box.prompt)}
    if key in own_keys or _unprimed(key) in {_unprimed(k) for k in own_keys}:
        return None, ""  # E[RMS²(y)] for E[RMS²(y′)]: the prime is a slip, not another quantity
    # a given's name (t_fwd, t_mem); a single letter (N, L, K) is a plain name, often the count
    givens = {g for g, _ in box.givens if len(g) > 1}
    if key not in givens and _a_value(label, names):
        return None, ""  # "√(π/2)/d1 ≈ 1.25/d1": a value of a chain (judged as one), not a label
    others: dict[str, str] = {}
    loose_others: dict[str, str] = {}
    for text, other_id in box.other_labels:
        t = label_texts(text, names)
        if t:
            others.setdefault(_key(t), other_id)
            loose_others.setdefault(_loose(t), other_id)
    said, asks, own = _shown(label), _asks(box), prompt_quantity(box)

    def refuse(what: str) -> tuple[Verdict, str]:
        message = (
            f"Your label '{said}' {what}, and this box asks for {asks}: I did not judge the "
            f"value as {asks}. Type the value of {asks} alone"
            + (f" (or after '{own} =')." if own and box.kind not in ("count", "number") else ".")
        )
        return invalid("kind", message), ""

    if key in givens:
        return refuse("is a value the question gives")
    if key in others:
        return refuse(f"names what box {others[key]} asks for")
    if loose in own_loose:
        return None, ""
    if loose in loose_others:
        return refuse(f"names what box {loose_others[loose]} asks for")
    parts = _parts(key)
    if not parts:  # brackets, bars, an operator: a quantity the box can't tell is its own
        return refuse("names a quantity I can't tell is this one")
    head, subs = parts[0], parts[1:]
    other_words = {_key(label_texts(t, names)).lower() for t, _ in box.other_labels}
    for word in subs:
        w = word.lower()
        if w in other_words:
            return refuse("names another quantity of the question")
    if head.lower() in own_words or any(
        w.lower() in own_words or any(len(w) >= 3 and w.lower() in o for o in own_words)
        for w in subs
    ):
        return None, ""
    if subs:  # η_μP: a name qualified by something that is not this box's
        return refuse("names a quantity I can't tell is this one")
    if head.lower() in other_words:
        return refuse("names another quantity of the question")
    return None, f"(I read '{said}' as your name for {asks}.)"
