"""Feedback must not give answers away (trial-tui.md 1.3 and 1.6, audit-p123.md 8c).

``validate`` reads every text a student sees before a box is solved against the boxes of its
own part, and every text of a part (its worked solution, hints and feedback too) against the
boxes of the other parts of its problem (``tutor.authoring.leaks.other_part_texts``). These tests
hold that rule on the shipped content and two it does not cover:

- the feedback of a known mistake of a number or count box never quotes the box's key, in the
  handout or in its first ten variants: one wrong try must not be turned into the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

import pytest
import shipped_content

from tutor.authoring import leaks
from tutor.checking.judge import check
from tutor.variants.engine import instantiate, is_parameterized

SEEDS = range(0, 11)  # the handout and ten variants


def _other_part_leaks(content, parts=None) -> list[str]:
    """What ``validate`` finds in the texts of ``parts`` read against the other parts' boxes
    (``leaks.other_part_texts``, the rule ``validate`` runs), and nothing else."""
    shown = list(leaks.other_part_texts(content, parts))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(leaks, "shown_texts", lambda c, parts=None: iter(shown))
        return [
            f"{leak.text.path}: {leak.text.what} contains {leak.span.text!r}, "
            f"which {leak.box_id} grades {leak.note}"
            for leak in leaks.find_leaks(content, check)
        ]


def test_no_text_states_the_answer_of_another_part_of_its_problem():
    """A student may open a part and read its feedback, or ask for its worked solution, before
    solving the other parts of the problem: 3c.rms_factor's feedback once named
    3c.rms_condition's choice, 4a's the general score-function form of 4d, and 4c's worked
    solution opened with "In F(μ) = E_z[f(μ + σz)]", 4b's key."""
    found = _other_part_leaks(shipped_content.handout())
    assert not found, "\n".join(found)


def _with_solution(content, part_id: str, solution: str):
    from dataclasses import replace

    problems = tuple(
        replace(q, parts=tuple(replace(p, solution=solution) if p.id == part_id else p
                               for p in q.parts))
        for q in content.problems
    )  # fmt: skip
    return replace(content, problems=problems)


OLD_4C_SOLUTION = (
    "In F(μ) = E\\_{z∼N(0,I)}[f(μ + σz)] the distribution of z does not involve μ, so "
    "**∇\\_μ F(μ) = E\\_{z∼N(0,I)}[ ∇f(μ + σz) ]**."
)


def test_validate_fails_a_worked_solution_that_states_an_earlier_parts_key():
    from tutor.authoring.validate import check_leaks

    content = _with_solution(shipped_content.handout(), "4c", OLD_4C_SOLUTION)
    failures = check_leaks(content, check, parts=["4c"])
    assert [(f.key, f.code) for f in failures] == [("parts[2].solution", "leak")]
    assert "4b.F" in failures[0].got and "your result from" in failures[0].fix
    # the rewritten text refers to (b) and passes
    assert not check_leaks(shipped_content.handout(), check, parts=["4c"])


def test_the_scale_variant_of_4c_does_not_state_4bs_key():
    from tutor.authoring.validate import check_leaks
    from tutor.authoring.variant_checks import variant_content

    raw = shipped_content.templates()
    handout = shipped_content.handout()
    problem = next(p for p in raw.problems if p.id == "4")
    seed = next(
        s for s in range(1, 50) if instantiate(raw, "4c", seed=s).params["family"] == "scale"
    )
    variant = instantiate(raw, "4c", seed=seed)
    sub = variant_content(raw, problem, {"4c": variant}, handout)
    assert sub.boxes["4a.g"] == handout.boxes["4a.g"]  # the handout's keys, not templates
    assert not check_leaks(sub, check, parts=["4c"])
    old = variant.part.solution.replace(
        "Rewrite F(σ) over a standard normal z as in (b)", "In F(σ) = E_{z∼N(0,1)}[f(μ + σz)]"
    )
    assert old != variant.part.solution
    leaky = variant_content(raw, problem, {"4c": _solution_of(variant, old)}, handout)
    assert [f.key for f in check_leaks(leaky, check, parts=["4c"])] == ["parts[2].solution"]


def _solution_of(variant, solution: str):
    from dataclasses import replace

    return replace(variant, part=replace(variant.part, solution=solution))


def _variant_boxes() -> Iterator[tuple[str, int, object]]:
    raw = shipped_content.templates()
    for part in raw.parts():
        seeds = SEEDS if is_parameterized(raw, part.id) else (0,)
        for seed in seeds:
            v = instantiate(raw, part.id, seed=seed)
            for box in v.boxes.values():
                if box.kind in ("number", "count"):
                    yield part.id, seed, box


_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:/\d+)?(?![\w.])")


def _value(text: str) -> Fraction | None:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


@pytest.mark.parametrize("kind", ["mistakes", "order_feedback"])
def test_no_mistake_feedback_of_a_number_box_quotes_its_key(kind):
    bad = []
    for _part_id, seed, box in _variant_boxes():
        key = _value(box.answer)
        if key is None:
            continue
        if kind == "mistakes":
            texts = [(m.note, m.feedback) for m in box.mistakes if m.feedback]
        else:
            texts = [("order", box.order_feedback)] if box.order_feedback else []
        for note, text in texts:
            for number in _NUMBER_RE.findall(text):
                value = _value(number)
                # the key itself, or a rounding of it (50.8 for 305/6)
                if value is not None and abs(value - key) < Fraction(1, 10):
                    bad.append(f"{box.id} (seed {seed}) {note}: {text!r} quotes {number}")
    assert not bad, "\n".join(bad)


def test_no_mistake_feedback_of_a_number_box_quotes_another_boxs_key():
    # 5b's "20" once got "20 is the number of fwd operations from 5a": 5a's answer, given to
    # a student who may not have it yet (trial-p3456.md 2.1). The parts of a problem share a
    # seed's numbers, so their boxes are gathered across the problem's parts; a number the
    # question itself gives (the layer count, which is also 5b's key) may be quoted.
    raw = shipped_content.templates()
    bad = []
    for seed in SEEDS:
        by_problem: dict[str, list] = {}
        given: dict[str, set] = {}
        for part in raw.parts():
            if seed and not is_parameterized(raw, part.id):
                continue
            v = instantiate(raw, part.id, seed=seed)
            numbers = [b for b in v.boxes.values() if b.kind in ("number", "count")]
            by_problem.setdefault(part.id[0], []).extend(numbers)
            given.setdefault(part.id[0], set()).update(
                _value(str(x)) for x in v.params.values() if isinstance(x, int | float)
            )
        for problem, numbers in by_problem.items():
            keys = {b.id: _value(b.answer) for b in numbers}
            for box in numbers:
                for m in box.mistakes:
                    for number in _NUMBER_RE.findall(m.feedback or ""):
                        value = _value(number)
                        if value in given[problem]:
                            continue
                        for other, key in keys.items():
                            if other != box.id and key is not None and value == key:
                                bad.append(f"{box.id} (seed {seed}) {m.note} quotes {other}'s key")
    assert not bad, "\n".join(sorted(set(bad)))


def test_no_text_of_one_part_restates_another_parts_key_before_it_is_earned():
    """Trial tui2 F1/F2: the 4c scale variant's statement said "as in (b), F(σ) =
    E_z[f(μ + σz)]" (4b's key) while 4b was unsolved; 3b's and 2's worked solutions said "the
    change in RMS grows like d1" (1b's Θ answer) to a student who had not done problem 1; 4d's
    last hint spelled out 4a's score (x − μ)/σ²."""
    raw = shipped_content.templates()
    reparam = re.compile(r"f\(μ ?\+ ?σ ?z\)|f\(mu ?\+ ?sigma ?z\)")
    bad = []
    for seed in SEEDS:
        v = instantiate(raw, "4c", seed=seed)
        if reparam.search(v.part.statement or ""):
            bad.append(f"4c seed {seed}: statement states 4b's F(·) = E_z[f(μ + σz)]")
    handout = shipped_content.handout()
    for part in handout.parts():
        if part.id.startswith("1"):
            continue
        texts = [("statement", part.statement or ""), ("solution", part.solution or "")]
        if part.explain is not None:
            texts += [("key point", p) for p in part.explain.points]
        for box_id in part.boxes:
            texts += [("hint", h) for h in handout.boxes[box_id].hints]
        for what, text in texts:
            if re.search(r"grows like d1|proportion to fan-in|like d1²", text):
                bad.append(f"{part.id} {what}: states 1b's growth: {text[:80]!r}")
    for hint in handout.boxes["4d.gradF"].hints:
        if "(x − μ)/σ²" in hint:
            bad.append(f"4d hint states 4a's score: {hint!r}")
    assert not bad, "\n".join(bad)
