"""Judge one answer to one answer box: ``check(box, answer) -> Verdict``.

The answer is read by ``readas`` (the input language; never ``eval``/``sympify``), the reading
the preview shows too, and compared with the
box's reference answer, its accepted readings and its known mistakes (every one is tried; the
first that is equivalent decides, with that reading's verdict, feedback and note). Then decimal
approximations (partial, note ``decimal``: the key's form with its constants typed as decimals,
``tutor.checking.decimals``) and right-order-only answers (note ``order:<v>``). A one-sided
bound, O(·) or Ω(·), where Θ(·) is asked is at most partial (``_judge_one_sided``).
An answer that matches nothing is ``incorrect`` with feedback from ``tutor.checking.diagnosis``
saying what is off (never the reference itself). An answer with ``±`` is judged with each sign: correct
when both signs are, partial (note ``both-signs``) when only one is, otherwise the + reading
decides, with a remark. Notes follow docs/ARCHITECTURE.md.

Proof boxes and derivation boxes are judged by ``tutor.checking.proof`` and
``tutor.checking.derivation`` (their docstrings state the rules); the judge only dispatches.

``check`` runs in-process with no time bound; ``tutor.checking.worker.CheckWorker`` adds the bound.
sympy is imported lazily.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Any

from tutor.checking.canonical import (
    Candidate,
    Map,
    Prepared,
    Quantity,
    approx,
    baseline_equal,
    canonical,
    domains,
    equal,
    power_label_problem,
    prepare,
    quantity_match,
    scores_f,
)
from tutor.checking.chains import chain_problem, restatement_problem, split_chain
from tutor.checking.labels import judge_label
from tutor.checking.readas import (
    box_problem,
    choice_prompt,
    choice_shown,
    read,
    read_choice,
    read_formula,
    shown,
)
from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.pasted import as_typed, unpasted
from tutor.inputlang.pretty import pretty, pretty_name
from tutor.inputlang.reader import (
    APPROX_WORDS,
    SHOWN_WHEN_RIGHT,
    box_names,
    unbold,
    weight_variance_label,
)
from tutor.inputlang.values import FormulaError, Order, Parsed, ParseError, check_length
from tutor.notes import (
    APPROXIMATE,
    COARSE_LIMIT,
    INTEGRAND_ONLY,
    SHORT_LIMIT,
    WEAKER_BOUND,
)


def _say(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def check(box: Any, answer: str) -> Verdict:
    """Judge ``answer`` for ``box`` (a ``tutor.content.BoxSpec``). Never raises for bad input."""
    t0 = time.perf_counter()
    try:
        v = _check(box, unpasted(answer))
    except ParseError as exc:
        v = invalid(exc.reason, exc.message, exc.column)
    except RecursionError:
        v = invalid("too-deep", "That answer is nested too deeply to check.")
    if v.verdict == "invalid" and box.kind != "derivation":
        feedback, column = as_typed(answer, v.feedback, v.column)
        v = replace(v, feedback=feedback, column=column)
    return v.with_ms(round((time.perf_counter() - t0) * 1000, 3))


def _choice(box: Any, answer: str) -> Verdict:
    if not answer.strip():
        return invalid("empty", "The answer is empty: pick one of the choices.", 0)
    chosen, problem = read_choice(box, answer)
    if chosen is None:
        return invalid("syntax", problem or choice_prompt(box), 0)
    text = choice_shown(chosen)
    if chosen.key.lower() == box.answer.strip().lower():
        return Verdict("correct", _say("Correct.", box.feedback), text, "correct")
    for r in (*box.accept, *box.mistakes):
        if r.answer.strip().lower() == chosen.key.lower():
            kind = "accept" if r in box.accept else "mistake"
            return Verdict(
                r.verdict, r.feedback or _default_feedback(r.verdict), text, f"{kind}:{r.note}"
            )
    return Verdict(
        "incorrect", "Not this one. Reread the choices against your own result.", text, "incorrect"
    )


def _default_feedback(verdict: str) -> str:
    return {
        "correct": "Correct.",
        "partial": "Partly right.",
        "incorrect": "Not right yet.",
    }.get(verdict, "")


def _check(box: Any, answer: str) -> Verdict:
    if box.kind == "derivation":  # several lines: each is bounded as an answer of its own
        from tutor.checking.derivation.judging import check_derivation

        return check_derivation(box, answer, check)
    check_length(answer)  # first: nothing below is bounded by anything else
    if box.kind == "choice":
        return _choice(box, answer)
    if box.kind == "proof":
        from tutor.checking.proof.judging import check_proof

        return check_proof(box, answer)
    try:
        prep = prepare(box)
    except ParseError:  # the box's own measure or a definition is unreadable: a content bug
        problem = box_problem(box_names(box)) or "This box can't be read; tell your instructor."
        return invalid("content", problem)
    if prep.reference is None:
        return invalid("content", _unreadable_reference(prep))
    try:
        parsed = read(prep.names, answer)
    except FormulaError as exc:
        return _judge_formula(prep, answer, exc)
    reading = shown(parsed, box)
    # a label naming another quantity: not judged as this box's (a chain's members are values)
    refused, label_remark = judge_label(box, prep.names, parsed)
    if refused is not None:
        return replace(refused, interpreted=reading)
    parsed, restated = split_chain(prep, parsed)  # the chain's worked members: the answer
    if parsed.members:
        unequal = chain_problem(prep, parsed)
        if unequal is not None:
            return unequal
    v = _judge_answer(prep, parsed, reading)
    if label_remark and v.verdict != "invalid":  # a plain name the box does not know: say so
        v = Verdict(v.verdict, _say(v.feedback, label_remark), v.interpreted, v.note)
    if v.verdict == "correct" and box.kind in ("count", "number"):
        v = _approximate(prep, parsed, answer, v)
    if v.verdict == "correct":
        false_restatement = restatement_problem(prep, parsed, restated)
        if false_restatement is not None:
            return false_restatement
    return v


_MARK = (
    r"(?:~|∼|≈|\\sim(?![A-Za-z])|\\approx(?![A-Za-z])|"
    rf"(?:{APPROX_WORDS}|circa|ca\.)(?![\w]))"
)
# "~20", "≈ 20", "about 20", "t ≈ 50 ns" (after a label at most, the mark in place of its '='), or
# after the value at the end ("50 ns approx", "50 ns (approximately)"): a value said as approximate
_APPROXIMATE_RE = re.compile(
    rf"^[\s`$*_•-]*(?:[^\W\d][\w\s#'’]*(?:(?::=|[:=])\s*)?)?(?P<mark>{_MARK})|"
    rf"[\s(,](?P<after>{_MARK})\s*\)?[\s`$*_]*[.!?]?\s*$",
    re.I,
)


def _approximate(prep: Prepared, parsed: Parsed, answer: str, v: Verdict) -> Verdict:
    """A right value said as approximate (``~20``, ``≈ 50 ns``, "about 50 ns"). A count is
    exact, and the box asks for it: partial (note ``approximate``), as "at least 20" is. A time
    in a number box is read to the precision given (``tutor.checking.precision``): "~46.9" for
    46.875 is that rounding, and "~47" is as coarse as 47 (judged so before this), but a key that
    is a whole number is matched only exactly (50.2 is not 50), so "~50" for 50 says no more than
    that the value is near 50: partial too, never the same as an exact "50 ns"."""
    m = _APPROXIMATE_RE.search(unbold(answer))
    if m is None:
        return v
    mark = m.group("mark") or m.group("after")
    if prep.box.kind == "count":
        what = "the exact count"
    else:
        typed = canonical(prep, parsed)
        if not isinstance(typed, Quantity) or not _whole_key_typed(prep, typed):
            return v
        what = "the exact value, which is a whole number here"
    return Verdict(
        "partial",
        f"The number is right, but '{mark}' makes it approximate, and the box asks for {what}: "
        "leave it out.",
        v.interpreted,
        APPROXIMATE,
    )


def _whole_key_typed(prep: Prepared, typed: Quantity) -> bool:
    """Is ``typed`` exactly a right (correct) value of the box that is a whole number?"""
    for cand in prep.candidates:
        if cand.verdict != "correct" or not isinstance(cand.value, Quantity):
            continue
        key = float(cand.value.value)
        if key.is_integer() and float(typed.value) == key:
            return True
    return False


def _judge_answer(prep: Prepared, parsed: Parsed, reading: str) -> Verdict:
    box = prep.box
    if parsed.label_power != 1 and box.kind in ("expression", "order"):
        return _judge_power_label(prep, parsed, reading)
    if parsed.both_signs:
        v = _judge_both_signs(prep, parsed, reading)
    else:
        v = _judge(prep, parsed, reading)
    if parsed.independent_of and v.verdict != "invalid":
        v = _judge_claim(prep, parsed, v)
    if parsed.remarks and v.verdict in ("incorrect", "partial"):
        v = Verdict(v.verdict, _say(v.feedback, *parsed.remarks), v.interpreted, v.note)
    elif v.verdict == "correct":
        # a right conclusion after working on the same line (or a value before a contrast, a
        # check): the rest was not judged; d1^-1/2: read as one of two values
        unchecked = [r for r in parsed.remarks if r.startswith(SHOWN_WHEN_RIGHT)]
        if unchecked:
            v = Verdict(v.verdict, _say(v.feedback, *unchecked), v.interpreted, v.note)
    return v


def _judge_formula(prep: Prepared, answer: str, formula: FormulaError) -> Verdict:
    """A general formula typed where a number is asked (``N(N−1)/2``), judged at the
    question's numbers (the box's ``givens``, read by ``readas.read_formula``): a value that is
    right is not counted (the box asks for the number: "give its value here"); a value that is
    a known mistake gets that mistake's feedback; another value is wrong. A formula in letters
    the box does not give is refused as before (``formula`` is raised again)."""
    read_in = read_formula(prep.names, prep.box, answer, formula)
    if read_in is None:
        _cannot_work_out(prep, formula)
        raise formula
    parsed, reading, at = read_in.parsed, read_in.text, read_in.at
    v = _judge(prep, parsed, reading)
    if v.verdict == "invalid":
        _cannot_work_out(prep, formula)
        raise formula
    if v.verdict == "correct":
        return invalid(
            "formula",
            _say(
                f"At this question's numbers ({at}) your formula gives the right value.",
                "This box asks for the number itself: type it (a formula is not counted as",
                "an attempt).",
            ),
            None,
            reading,
        )
    try:
        value = canonical(prep, parsed)
    except ParseError:
        raise formula from None
    number = _plain_number(value.value) if isinstance(value, Quantity) else ""
    gives = f"gives {number}" if number else "does not give the value asked for"
    return Verdict(
        v.verdict,
        _say(f"At this question's numbers ({at}) your formula {gives}.", v.feedback),
        reading,  # as the preview reads it; the value is in the feedback
        v.note,
    )


def _cannot_work_out(prep: Prepared, formula: FormulaError) -> None:
    """A formula in the question's letters that does not work out to a number here (too
    large, not a whole number where a count is asked, …): raised as such, not as a formula
    "judged at the question's numbers" (the preview's wording)."""
    names = prep.names
    if names.gives(formula.letters):
        at = names.givens_text(formula.letters)
        raise ParseError(
            "kind",
            f"That is a formula in {', '.join(formula.letters)}: at this question's numbers "
            f"({at}) it does not work out to a value I can judge. This box asks for the number "
            "itself: type it (a formula is not counted as an attempt).",
            formula.column,
        )


def _plain_number(value: Any) -> str:
    """45, 22.5, 1.33333: a value as a person writes it (a few significant digits)."""
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return ""
    if x != x or x in (float("inf"), float("-inf")):
        return ""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _judge_power_label(prep: Prepared, parsed: Parsed, reading: str) -> Verdict:
    """``c² = 1/d1`` (or ``Var(W_ij) = 1/d1``) states c², not c: judged as c², i.e. its root
    against the key. Right as c² is not an answer to this box: invalid, not counted, and the
    student is asked for c itself; wrong as c² is judged as wrong (its root's feedback)."""
    from dataclasses import replace

    import sympy as sp

    k = parsed.label_power
    shown_as = reading  # shown() puts the label in: "c² = 1/d₁"
    value = parsed.value
    refused = power_label_problem(prep.box, parsed)
    if refused is not None:
        return invalid(refused.reason, refused.message)
    variance = weight_variance_label(parsed.label_shown)
    if variance:  # Var(W_ij) = c²·(the entries' variance)
        try:
            scale = sp.nsimplify(float(prep.box.weight_variance))
        except (TypeError, ValueError):
            scale = sp.nan
        if not (scale.is_positive and scale.is_finite):
            return invalid(
                "content",
                f"This box's weight_variance is '{prep.box.weight_variance}', not a positive "
                "number: the content needs fixing (run hw3-tutor validate).",
            )
        value = value / scale
    root = replace(
        parsed, value=sp.root(value, sp.Rational(k)), label_power=1, tree=None, has_decimal=False
    )
    v = _judge(prep, root, shown_as)
    base = _power_base(parsed.label_shown)
    if variance:
        base = "the multiplier c"
    if v.verdict == "correct":
        return invalid(
            "kind",
            f"That is {parsed.label_shown} (you wrote {parsed.label_shown} = …); "
            f"this box asks for {base} itself: give {base}.",
            None,
            shown_as,
        )
    if v.verdict == "invalid":
        return v
    note = f"(I judged it as {parsed.label_shown}: the box asks for {base}.)"
    return Verdict(v.verdict, _say(v.feedback, note), shown_as, v.note)


def _power_base(shown: str) -> str:
    """c from c², c⁻¹, c^(1/2), √c: the quantity a power label is a power of."""
    return re.sub(r"^√|\^\(.*\)$|[²³⁴⁻¹]+$", "", shown) or shown


def _judge_claim(prep: Prepared, parsed: Parsed, v: Verdict) -> Verdict:
    """A trailing "independent of d2": right when the reference does not depend on d2."""
    import sympy as sp

    from tutor.checking.dependence import depends_on

    if prep.reference is None:  # checked before any answer is judged
        return v
    ref = prep.reference.value
    ref = ref.expr if isinstance(ref, Order) else ref
    if not isinstance(ref, sp.Basic):
        return v
    doms = domains(prep)
    wrong = [s for s in parsed.independent_of if depends_on(ref, s, doms) is True]
    if not wrong:
        return v
    bad = ", ".join(pretty_name(s.name) for s in wrong)
    if v.verdict == "correct":  # contradicts itself: the claim is part of the answer
        return Verdict(
            "incorrect",
            f"The expression is right, but not the claim: the answer does depend on {bad}.",
            v.interpreted,
            "incorrect",
        )
    return Verdict(
        v.verdict,
        _say(v.feedback, f"(And the answer does depend on {bad}.)"),
        v.interpreted,
        v.note,
    )


def _judge_both_signs(prep: Prepared, parsed: Parsed, shown: str) -> Verdict:
    """``±e`` claims both signs: correct when both are; otherwise the + reading decides."""
    plus = _judge(prep, parsed.with_sign(1), shown)
    if plus.verdict == "invalid":
        return plus
    minus = _judge(prep, parsed.with_sign(-1), shown)
    if plus.verdict == "correct" and minus.verdict == "correct":
        return Verdict(
            "correct", _say(plus.feedback, "(Both signs are right here.)"), shown, plus.note
        )
    if plus.verdict == "correct" or minus.verdict == "correct":
        # ± claims both; only one is right. Half the claim is wrong, so it is not correct.
        right = "+" if plus.verdict == "correct" else "−"
        right_one = plus if plus.verdict == "correct" else minus
        return Verdict(
            "partial",
            _say(
                f"Only the {right} sign is right here, so ± claims too much: "
                f"write the answer with the {right} sign alone.",
                _without_praise(right_one.feedback) if right == "+" else "",
            ),
            shown,
            "both-signs",
        )
    if (minus.verdict, minus.note) == (plus.verdict, plus.note) and plus.verdict == "partial":
        remark = "(The same holds for the − sign of ±.)"  # "±1.25/d1": each sign a decimal
    else:
        remark = "I judged the + sign of ±; the − sign is not right either."
    return Verdict(plus.verdict, _say(plus.feedback, remark), shown, plus.note)


def _without_praise(feedback: str) -> str:
    """A right reading's explanation without its "Correct." (said of half an answer that is
    not correct as a whole)."""
    for praise in ("Correct. ", "Correct: ", "Correct."):
        if feedback.startswith(praise):
            rest = feedback[len(praise) :].lstrip()
            return rest[:1].upper() + rest[1:]
    return feedback


def _judge(prep: Prepared, parsed: Parsed, shown: str) -> Verdict:
    """The verdict for one reading of an answer (``±`` already resolved)."""
    box = prep.box
    try:
        value = canonical(prep, parsed)
    except ParseError as exc:
        return invalid(exc.reason, exc.message, exc.column, shown)

    if box.kind == "number":
        return _judge_number(prep, parsed, value, shown)
    if box.kind == "count":
        return _judge_count(prep, parsed, value, shown)

    one_sided = _judge_one_sided(prep, parsed, value, shown)
    if one_sided is not None:
        return one_sided
    if getattr(value, "bare", False) and not any(
        equal(prep, value, c.value) for c in prep.candidates
    ):
        return _integrand_only(_judge_value(prep, parsed, replace(value, bare=False), shown))
    return _judge_value(prep, parsed, value, shown)


INTEGRAND_ONLY_FEEDBACK = (
    "The expectation is missing: what you wrote still depends on the random variable, so it is "
    "one sample's value, not the quantity the box asks for."
)


def _integrand_only(v: Verdict) -> Verdict:
    """The verdict for an integrand typed alone where the box asks for the expectation, from
    the verdict its expectation would get: never correct (right inside: partial, note
    ``integrand``), and the feedback says the expectation is missing (not over what)."""
    if v.verdict == "invalid":
        return v
    if v.verdict == "correct":
        return Verdict(
            "partial",
            _say(INTEGRAND_ONLY_FEEDBACK, "The integrand itself is right."),
            v.interpreted,
            INTEGRAND_ONLY,
        )
    return Verdict(v.verdict, _say(v.feedback, INTEGRAND_ONLY_FEEDBACK), v.interpreted, v.note)


def _judge_value(prep: Prepared, parsed: Parsed, value: Any, shown: str) -> Verdict:
    """The verdict for one reading whose canonical form is ``value`` (not a number or count)."""
    box = prep.box
    remark = ""

    # 1. exact: the reference, accepted readings, mistakes; a reading typed exactly as listed wins
    literal = [c for c in prep.candidates if _same_text(c.parsed, parsed)]
    for cand in literal + prep.candidates:
        if equal(prep, value, cand.value):
            return _verdict_for(cand, shown, remark, same_form=cand in literal, box=box)

    if isinstance(value, Map) and value.moves:  # no known mistake: the rule it breaks, said
        names = ", ".join(pretty_name(str(p)) for p, _ in prep.names.families.values())
        return Verdict(
            "incorrect",
            f"p(z) must not depend on {names}: the point of the reparameterization is that the "
            f"randomness no longer moves with {names}; only g does.",
            shown,
            "incorrect",
        )

    # 1b. an expectation whose integrand differs from a correct one by a constant baseline
    #     times the score (E[score] = 0): same expectation, still the score-function form
    for cand in prep.candidates:
        if cand.verdict == "correct" and baseline_equal(prep, value, cand.value):
            if scores_f(prep, cand.value):
                said = (
                    "Correct: the extra term is a constant times the score, whose expectation "
                    "is zero (a baseline)."
                )
            else:  # F itself, or the pathwise gradient: nothing there for a baseline to steady
                said = (
                    "Correct in value: the extra term has expectation zero, so it changes "
                    "nothing but the noise of each sample; leave it out."
                )
            return Verdict("correct", _say(said, box.feedback), shown, cand.note)

    # 2. decimal approximations of an exact candidate
    if parsed.has_decimal:
        from tutor.checking import decimals

        for cand in prep.candidates:
            if parsed.members and cand.verdict == "correct" and approx(prep, value, cand.value):
                # an exact member before it decides (the chain's members were found to agree)
                exact = _exact_before_decimal(prep, parsed, cand, shown)
                if exact is not None:
                    return exact
            if _decimal_form(prep, parsed, value, cand.value):
                if cand.verdict == "correct":
                    return Verdict(
                        "partial",
                        _say(
                            "That is a decimal approximation of the exact answer.",
                            decimals.exactly_with(cand.value),
                        ),
                        shown,
                        "decimal",
                    )
                fb = _say(
                    cand.feedback or _default_feedback(cand.verdict),
                    "(Read as a decimal approximation.)",
                )
                return Verdict(cand.verdict, fb, shown, cand.note)

    # 3. right order only
    if prep.reference is None:  # checked before any answer is judged
        return invalid("content", _unreadable_reference(prep))
    ref = prep.reference.value
    if isinstance(value, Order) and not isinstance(ref, Order):
        return _judge_order_only(prep, value, ref, shown)
    constant = _other_constant(prep, value, ref, shown)
    if constant is not None:
        return constant
    same_order = _right_order_expression(prep, parsed, value, shown)
    if same_order is not None:
        return same_order

    # 4. unmatched: say what is off, from the answer itself
    from tutor.checking.diagnosis.explain import explain

    return Verdict("incorrect", explain(prep, parsed, value), shown, "incorrect")


def _decimal_form(prep: Prepared, parsed: Parsed, value: Any, exact: Any) -> bool:
    """Is the answer ``exact`` with its exact constants typed as decimals (the rule of
    ``tutor.checking.decimals``), not merely close to it?"""
    from tutor.checking.decimals import decimal_form

    if isinstance(value, Order) or isinstance(exact, Order):
        return False
    doms = domains(prep)
    return approx(prep, value, exact) and decimal_form(parsed.tree, value, exact, doms, prep.names)


def _same_text(a: Parsed, b: Parsed) -> bool:
    try:
        return a.value == b.value and a.dists == b.dists
    except Exception:  # noqa: BLE001 - comparing sympy objects of different kinds
        return False


def _weaker_claim(cand: Candidate, parsed: Parsed, box: Any, shown: str) -> Verdict | None:
    """A right number stated as a bound (``≤ 20``, ``at least 20``) in a number or count box
    that asks for the exact value: partial (note ``bound``), since the claim says less than the
    answer. An answer the content lists as a bound (an ``accept`` entry) stays as listed. None
    otherwise."""
    if (
        cand.verdict != "correct"
        or parsed.bound is None
        or box.bound != "none"
        or cand.parsed.bound == parsed.bound
    ):
        return None
    word = "at most" if parsed.bound == "upper" else "at least"
    return Verdict(
        "partial",
        f"The number is right, but '{word}' makes it a bound, and the box asks for the "
        "exact value: leave the bound out.",
        shown,
        WEAKER_BOUND,
    )


def _wanted_kind(prep: Prepared) -> str | None:
    """The order the key states (Θ for an expression key); None without a readable key."""
    if prep.reference is None:
        return None
    ref = prep.reference.value
    return ref.kind if isinstance(ref, Order) else "Θ"


def _judge_one_sided(prep: Prepared, parsed: Parsed, value: Any, shown: str) -> Verdict | None:
    """A one-sided bound, ``O(g)`` or ``Ω(g)``, where the key is a Θ (or an exact expression).
    The rule: Θ(·) is two-sided (it says the quantity neither outgrows g nor falls below it:
    so "0" is not Θ(1)), and a bound says half of that. So a bound is judged as its Θ(g) is,
    and then

    - a tight bound (Θ(g) is right or partly right): at most partial; a right Θ(g) becomes
      partial (note ``bound``, or ``order:partial`` where it was ``order:correct``), with
      feedback saying that Θ is two-sided;
    - a bound that holds but is not tight (Ω(d1) of a d1² quantity): incorrect, saying so;
    - a bound that is false (O(d1) of d1²): incorrect, with what its Θ(g) would hear.

    None when the answer is not such a bound (a Θ, an expression, or the key is a bound too)."""
    from dataclasses import replace

    import sympy as sp

    from tutor.checking.orders import bound_holds, same_order

    if not isinstance(value, Order) or value.kind == "Θ" or prep.reference is None:
        return None
    wanted = _wanted_kind(prep)
    if wanted is None or wanted == value.kind:
        return None
    if not isinstance(parsed.value, Order):
        return None
    theta = replace(parsed, value=Order("Θ", parsed.value.expr))
    as_theta = _judge(prep, theta, shown)
    if as_theta.verdict == "invalid":
        return as_theta
    ref = prep.reference.value
    ref = ref.expr if isinstance(ref, Order) else ref
    g = value.expr
    side = "above" if value.kind == "O" else "below"
    other = "below" if value.kind == "O" else "above"
    two_sided = (
        f"{value.kind}(·) only bounds the growth from {side}; the question asks for Θ(·), which "
        f"bounds it from both sides (from {other} too)."
    )
    if not (isinstance(g, sp.Basic) and isinstance(ref, sp.Basic)):
        return Verdict("incorrect", _say(two_sided, as_theta.feedback), shown, "incorrect")
    doms = domains(prep)
    tight = same_order(g, ref, prep.width, doms)
    if tight and as_theta.verdict in ("correct", "partial"):
        if as_theta.verdict == "correct":
            note = "order:partial" if as_theta.note == "order:correct" else WEAKER_BOUND
            return Verdict("partial", _say(f"The right growth, but {two_sided}"), shown, note)
        return Verdict("partial", _say(as_theta.feedback, f"({two_sided})"), shown, as_theta.note)
    holds = True if tight else bound_holds(value.kind, g, ref, prep.width, doms)
    if holds is True:
        fb = _say(
            f"That bound holds, but it is not tight: {two_sided}",
            "Give the growth itself.",
        )
        return Verdict("incorrect", fb, shown, "incorrect")
    if holds is False:
        said = as_theta.feedback if as_theta.verdict == "incorrect" else ""
        return Verdict(
            "incorrect",
            _say(f"{value.kind}({pretty(g)}) does not hold here.", said),
            shown,
            "incorrect",
        )
    return Verdict(
        "incorrect",
        _say(f"That is not the growth asked for: {two_sided}"),
        shown,
        "incorrect",
    )


def _verdict_for(cand: Candidate, shown: str, remark: str, same_form: bool, box: Any) -> Verdict:
    if cand.note == "correct":
        extra = ""
        if not same_form:
            ref = pretty(cand.parsed.value) if cand.parsed.value is not None else ""
            if ref and ref != shown and box.kind in ("expression", "order"):
                extra = f"(Equivalent to {ref}.)"
        return Verdict("correct", _say("Correct.", remark, extra, box.feedback), shown, "correct")
    fb = cand.feedback or _default_feedback(cand.verdict)
    return Verdict(cand.verdict, _say(fb, remark), shown, cand.note)


def _other_constant(prep: Prepared, value: Any, ref: Any, shown: str) -> Verdict | None:
    """Another number where the reference is a number in a box about scaling (Table 3's SP
    learning rate is 1; a student types a typical value, 3 or 1e-3): the scaling is right.
    Judged as a right-order-only answer is, with the box's order verdict: correct where the box
    asks only how it scales (``order = "correct"``, the SP rate "∝ a constant"), partial where
    it asks for the value itself."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    box = prep.box
    if prep.width is None or box.order == "incorrect" or box.kind != "expression":
        return None
    if not (isinstance(value, sp.Basic) and isinstance(ref, sp.Basic)):
        return None
    # a number, built-in functions of numbers too (log 2, √2); never an unknown function
    if value.free_symbols or ref.free_symbols or value.atoms(AppliedUndef):
        return None
    try:
        v, r = float(value), float(ref)
    except (TypeError, ValueError):
        return None
    if v == 0 or r == 0 or (v > 0) != (r > 0) or not abs(v) < 1e12:
        return None
    wname = pretty_name(prep.width.name)
    if box.order == "correct":
        fb = box.order_feedback or f"Correct: it does not change with {wname}, a constant, Θ(1)."
        return Verdict("correct", fb, shown, "order:correct")
    return Verdict(
        "partial",
        _say(
            f"Right that it does not change with {wname}: a constant, Θ(1).",
            "But the question asks for the value as the source gives it, not a typical setting.",
        ),
        shown,
        "order:partial",
    )


def _right_order_expression(
    prep: Prepared, parsed: Parsed, value: Any, shown: str
) -> Verdict | None:
    """An expression of the right order of growth in the box's width symbol that is not the
    exact answer (2/d1 or √2/d1 where the key is √(π/2)/d1; the leading term alone): it gets
    the box's order verdict, as Θ(…) of it would. "Right order" means the ratio to a correct
    answer tends to a positive constant as the width grows, and the answer uses no symbol the
    correct one does not (√(2/(d1+d2)) is not right for a d2-free key). In a box without a
    width, where Θ(√(d1·d2)) is judged in every symbol, it means a positive constant ratio
    (2·√(d1·d2)): never less credit than the Θ(…) of the same answer."""
    import sympy as sp

    from tutor.checking.diagnosis.orders import right_order_of

    box = prep.box
    if box.kind != "expression" or not isinstance(value, sp.Basic) or isinstance(value, Order):
        return None
    if prep.width is not None and prep.width not in value.free_symbols:
        return None  # a number where the key grows (a constant key: _other_constant)
    correct = [
        c.value
        for c in prep.candidates
        if c.verdict == "correct"
        and isinstance(c.value, sp.Basic)
        and not isinstance(c.value, Order)
    ]
    if not any(right_order_of(prep, value, c) for c in correct):
        return None
    v = box.order
    fb = (
        box.order_feedback
        or {
            "correct": "Correct: the right order.",
            "partial": "Right order, but not the exact expression the question asks for.",
            "incorrect": "Right order, but this box needs the exact expression.",
        }[v]
    )
    if v == "incorrect" or (v == "partial" and not box.order_feedback):
        # no credit, or no word from the content on it: say what is off, as for any other
        # wrong answer ("Off by a constant factor")
        from tutor.checking.diagnosis.explain import explain

        fb = _say(fb, explain(prep, parsed, value))
    return Verdict(v, fb, shown, f"order:{v}")


def _exact_before_decimal(
    prep: Prepared, parsed: Parsed, cand: Candidate, reading: str
) -> Verdict | None:
    """``√(π/2)/d1 ≈ 1.25/d1``: an exact correct value followed by its decimal value is the
    exact answer (the decimal only agrees with it), not a decimal approximation; so is
    ``±√(π/2)/d1 ≈ ±1.25/d1``, each sign of it (the member's sign that is ``cand``)."""
    for member in parsed.members:
        if member.has_decimal:
            continue
        for sign in (1, -1) if member.both_signs else (1,):
            try:
                exact = canonical(prep, member.with_sign(sign))
            except ParseError:
                break
            if equal(prep, exact, cand.value):
                fb = _say("Correct.", "(The decimal value after it agrees.)", prep.box.feedback)
                return Verdict("correct", fb, reading, cand.note)
    return None


def _unreadable_reference(prep: Prepared) -> str:
    """Why the box's own reference answer cannot be read (a content bug), with its column."""
    try:
        canonical(prep, read(prep.names, prep.box.answer))
    except ParseError as exc:
        where = ""
        if exc.column is not None and "column" not in exc.message:
            where = f" (column {exc.column + 1})"
        return (
            f"This box's reference answer can't be read{where}: {exc.message} Tell your instructor."
        )
    return "This box's reference answer can't be read; tell your instructor."


def _judge_order_only(prep: Prepared, value: Order, ref: Any, shown: str) -> Verdict:
    from tutor.checking.orders import same_order

    box = prep.box
    doms = domains(prep)
    if same_order(value.expr, ref, prep.width, doms):
        v = box.order
        fb = (
            box.order_feedback
            or {
                "correct": "Correct: the right order.",
                "partial": "Right order; the question wants the exact expression.",
                "incorrect": "Right order, but this box needs the exact expression.",
            }[v]
        )
        return Verdict(v, fb, shown, f"order:{v}")
    for cand in prep.candidates[1:]:
        # a mistake written as an order (Θ(d1·d2)) is compared by its expression; its feedback
        # is given only when the answer has what makes it that mistake: the same symbols (a
        # Θ(1) is of the order of 2·d2 in d1, but it is not the slip of writing d2 for d1)
        wrong = cand.value.expr if isinstance(cand.value, Order) else cand.value
        if (
            cand.note.startswith("mistake:")
            and same_order(value.expr, wrong, prep.width, doms)
            and _symbols_used(value.expr, doms) == _symbols_used(wrong, doms)
        ):
            fb = _say(cand.feedback or "", "(Your order matches this mistake.)")
            return Verdict("incorrect", fb, shown, "incorrect")
    from tutor.checking.diagnosis.orders import explain_order

    return Verdict("incorrect", explain_order(prep, value.expr, ref), shown, "incorrect")


def _symbols_used(expr: Any, doms: dict) -> frozenset:
    """The symbols ``expr`` depends on (``d1·d2/d2`` uses d1 alone; no evidence counts as use)."""
    from tutor.checking.dependence import depends_on

    symbols: set[Any] = getattr(expr, "free_symbols", set())
    return frozenset(s for s in symbols if depends_on(expr, s, doms) is not False)


def _judge_number(prep: Prepared, parsed: Parsed, value: Quantity, shown: str) -> Verdict:
    box = prep.box
    # a bound where none is asked is judged by its number (a right one is partial: _weaker_claim)
    if parsed.bound is not None and box.bound != "none" and parsed.bound != box.bound:
        word = "at most" if box.bound == "upper" else "at least"
        return Verdict(
            "incorrect",
            f"The bound points the wrong way: the answer is a limit the time must be {word}.",
            shown,
            "incorrect",
        )
    for cand in prep.candidates:
        if quantity_match(value, cand.value):
            return (
                _coarse_limit(prep, cand, value, shown)
                or _weaker_claim(cand, parsed, box, shown)
                or _verdict_for(cand, shown, "", same_form=True, box=box)
            )
    short = _safe_but_short(prep, value, shown)
    if short is not None:
        return short
    # (a bare number that would be right in another unit gets no special message: that would
    # tell the student the answer's digits; the "read as" line shows which unit was assumed)
    from tutor.checking.diagnosis.quantities import explain_quantity

    return Verdict("incorrect", explain_quantity(prep, value), shown, "incorrect")


def _limit(prep: Prepared) -> float | None:
    """The limit a bound box's key gives when it is not a whole number (46.875 ns), else None."""
    import math

    key = prep.candidates[0] if prep.candidates else None
    if prep.box.bound not in ("upper", "lower") or key is None or key.note != "correct":
        return None
    limit = float(key.value.value)
    return None if limit.is_integer() or not math.isfinite(limit) else limit


def _significant_digits(value: Quantity) -> int:
    """The significant digits a typed number shows: 47 has 2, 46.9 has 3, 0.0469 (μs) has 3."""
    import math

    if value.value == 0 or not math.isfinite(value.value):
        return 0
    return math.floor(math.log10(abs(value.value))) + 1 + value.decimals


def _safe_but_short(prep: Prepared, value: Quantity, shown: str) -> Verdict | None:
    """A limit that is not whole, given cut to fewer digits on its safe side (46 or 46.8 for
    an upper limit of 46.875 ns, 47 for a lower one): partial, asking for the digits; None
    otherwise (a rounding past the limit is ``_coarse_limit``'s)."""
    import math

    limit, typed = _limit(prep), value.value
    if limit is None or typed == limit:
        return None
    upper = prep.box.bound == "upper"
    safe = typed < limit if upper else typed > limit
    toward = math.floor if upper else math.ceil
    places = max(0, value.decimals)  # cut at the places typed: 51.0 says a tenth, 51.5
    cut = typed == toward(limit * 10**places) / 10**places
    if not (safe and cut and abs(typed - limit) <= 0.05 * abs(limit)):
        return None
    return _short(shown)


def _short(shown: str) -> Verdict:
    from tutor.checking.precision import MIN_CUT_DIGITS

    return Verdict(
        "partial",
        f"That limit is safe, but it stops short of the exact one, which is not a whole "
        f"number here: give it to at least {MIN_CUT_DIGITS} significant digits.",
        shown,
        SHORT_LIMIT,
    )


def _coarse_limit(prep: Prepared, cand: Candidate, value: Quantity, shown: str) -> Verdict | None:
    """The key's limit, not a whole number, given to fewer significant digits than a limit
    needs (``MIN_CUT_DIGITS``: 47 or 46 for 46.875 ns, 52 or 53 for 52.5): partial. Rounded
    past the limit (47 as an upper one) it lets values just beyond it through; on its safe
    side it stops short (``SHORT_LIMIT``). None when the answer has the digits (46.9, 46.88)
    or is not the key's limit."""
    from tutor.checking.precision import MIN_CUT_DIGITS

    limit = _limit(prep)
    if limit is None or cand is not prep.candidates[0] or value.value == limit:
        return None
    if _significant_digits(value) >= MIN_CUT_DIGITS:
        return None
    upper = prep.box.bound == "upper"
    if (value.value < limit) == upper:
        return _short(shown)
    return Verdict(
        "partial",
        f"That rounds the limit past the exact one, which is not a whole number here, so it "
        f"lets values just beyond the limit through: give it to at least {MIN_CUT_DIGITS} "
        "significant digits.",
        shown,
        COARSE_LIMIT,
    )


def _judge_count(prep: Prepared, parsed: Parsed, value: Quantity, shown: str) -> Verdict:
    # exactly whole, as typed: 20.0 is, 19.99999999999999999999 is not (its float would be)
    whole = getattr(value.exact, "is_integer", None)
    if whole is False or (whole is None and not float(value.value).is_integer()):
        return Verdict("incorrect", "A count is a whole number.", shown, "incorrect")
    for cand in prep.candidates:
        if cand.value.value == value.value:
            return _weaker_claim(cand, parsed, prep.box, shown) or _verdict_for(
                cand, shown, "", same_form=True, box=prep.box
            )
    from tutor.checking.diagnosis.quantities import explain_quantity

    return Verdict("incorrect", explain_quantity(prep, value), shown, "incorrect")
