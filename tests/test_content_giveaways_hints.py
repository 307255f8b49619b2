"""Hints and worked solutions must not state another unsolved box's answer in the forms
trial-tui3 found (T2, T3, T4, T6). ``validate`` reads them with ``tutor.authoring.leaks``; each
test here puts an old text back, shows that the rule ``validate`` runs fails it, and that the
rewritten text passes:

- T2: 5c's working hint 3 said "20·20 + 10·10 = 10·t": 5a's and 5b's counts, each times the
  cost of its operation (a count key times one of the question's numbers);
- T3: 4c's hint 3 said "Apply the chain rule to f(μ + σz)": 4b's integrand, which 4b grades
  partly right as its expectation without the E[…] (a decisive partial);
- T4: 1b's Θ box hint 3 said "the leading term is (2/π)d1²": the value box's near miss, with its
  constant (a same-part box's known mistake graded partly right);
- T6: 4a's worked solution said ∇_μ F(μ) = E_{x∼p_μ}[f(x)∇_μ log p_μ(x)]: 4d's key with μ for
  θ (another box's key up to renaming a variable).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import shipped_content

from tutor.authoring import leaks
from tutor.authoring.validate import check_leaks
from tutor.authoring.variant_checks import variant_content
from tutor.checking.judge import check
from tutor.variants.engine import instantiate


def _with_hint(content, box_id: str, index: int, text: str):
    box = content.boxes[box_id]
    hints = list(box.hints)
    hints[index] = text
    boxes = dict(content.boxes)
    boxes[box_id] = replace(box, hints=tuple(hints))
    return replace(content, boxes=boxes)


def _with_solution(content, part_id: str, solution: str):
    problems = tuple(
        replace(q, parts=tuple(replace(p, solution=solution) if p.id == part_id else p
                               for p in q.parts))
        for q in content.problems
    )  # fmt: skip
    return replace(content, problems=problems)


def _found(content, part_id: str) -> list[tuple[str, str, str]]:
    return [(f.key, f.got, f.fix) for f in check_leaks(content, check, parts=[part_id])]


def test_t2_a_count_times_its_cost_in_5cs_working_hint_is_a_give_away():
    handout = shipped_content.handout()
    old = _with_hint(
        handout, "5c.derive", 2, "20·20 + 10·10 = 10·t; add up the left side, then divide by 10."
    )
    found = _found(old, "5c")
    assert [k for k, _, _ in found] == ['boxes."5c.derive".hints[2]'] * 2
    assert "5a.fwd's key (20) times" in found[0][1] and "5b.loadmem's key (10)" in found[1][1]
    assert all("your result from" in fix for _, _, fix in found)
    # the written-out form with its nouns and units, as 5c's worked solution had it
    solution = "20 fwd × 20 ns + 10 loadmem × 10 ns = 400 + 100 = 500 ns per backward pass."
    assert len(_found(_with_solution(handout, "5c", solution), "5c")) == 2
    assert not _found(handout, "5c")  # the rewritten hint and solution pass


@pytest.mark.parametrize(
    "text",
    [
        "The disk side costs 10·t: one loaddisk per layer.",  # the layer count times the unknown
        "t_mem + (K − 1)·t_fwd/2 = 10 + 4 · 20 / 2 = 50 ns here.",  # no count key in it
        "Each of the 5 segments costs 5·4/2 = 10.",  # numbers, but no key times a given
        "(your fwd count from 5a)·20 + (your loadmem count from 5b)·10 = 10·t",
    ],
)
def test_t2_products_that_hold_no_count_key_times_a_given_pass(text):
    box = shipped_content.handout().boxes["5a.fwd"]
    assert leaks._count_times_given(box, text) is None


def test_t3_4bs_integrand_in_4cs_hint_is_a_give_away():
    handout = shipped_content.handout()
    old = _with_hint(
        handout, "4c.gradF", 2, "Apply the chain rule to f(μ + σz) in μ: what is ∂(μ + σz)/∂μ?"
    )
    found = _found(old, "4c")
    assert [k for k, _, _ in found] == ['boxes."4c.gradF".hints[2]']
    assert "4b.F grades partly right (integrand)" in found[0][1]
    assert not _found(handout, "4c")


def test_t3_the_scale_variant_of_4cs_hint_is_read_too():
    raw = shipped_content.templates()
    handout = shipped_content.handout()
    problem = next(p for p in raw.problems if p.id == "4")
    seed = next(
        s for s in range(1, 50) if instantiate(raw, "4c", seed=s).params["family"] == "scale"
    )
    variant = instantiate(raw, "4c", seed=seed)
    assert not check_leaks(
        variant_content(raw, problem, {"4c": variant}, handout), check, parts=["4c"]
    )
    box = variant.boxes["4c.gradF"]
    hints = (*box.hints[:2], "Apply the chain rule to f(μ + σz) in σ: what is ∂(μ + σz)/∂σ?")
    old = replace(variant, boxes={**variant.boxes, "4c.gradF": replace(box, hints=hints)})
    failures = check_leaks(variant_content(raw, problem, {"4c": old}, handout), check, parts=["4c"])
    assert [f.key for f in failures] == ['boxes."4c.gradF".hints[2]']
    assert "4b.F" in failures[0].got


def test_t4_the_value_boxs_near_miss_in_the_theta_boxs_hint_is_a_give_away():
    handout = shipped_content.handout()
    old = _with_hint(
        handout,
        "1b.scaling",
        2,
        "The cross terms number d1(d1−1), so the leading term is (2/π)d1².",
    )
    found = _found(old, "1b")
    assert [k for k, _, _ in found] == ['boxes."1b.scaling".hints[2]']
    assert "1b.value grades partly right (mistake:leading-term-only)" in found[0][1]
    assert not _found(handout, "1b")


@pytest.mark.parametrize(
    "hint",
    [
        "So E[S²] grows like d1², whatever d2 is.",  # the Θ box's own answer, said plainly
        "Keep the highest power of d1: Θ(d1²).",
    ],
)
def test_t4_a_plain_order_in_the_theta_boxs_last_hint_is_no_give_away(hint):
    # the value box grades a bare d1² partly right (a known wrong constant), but a power of the
    # width without a constant states the order, the Θ box's own answer, not the value
    content = _with_hint(shipped_content.handout(), "1b.scaling", 2, hint)
    assert not _found(content, "1b")


def test_t4_a_near_miss_of_the_texts_own_box_or_of_another_part_is_not_read_as_one():
    # 4a.g grades ∇f(x) partly right (mistake:pathwise): its own feedback names it, and 4d's
    # feedback names the pathwise estimator without giving 4a's score away
    assert not _found(shipped_content.handout(), "4a")
    assert not _found(shipped_content.handout(), "4d")


OLD_4A_SOLUTION = (
    "Differentiate under the integral: ∇\\_μ F = ∫ f(x) ∇\\_μ p_μ(x) dx. Write ∇\\_μ p_μ = "
    "p_μ ∇\\_μ log p_μ (the log-derivative trick), so\n\n"
    "  ∇\\_μ F(μ) = E\\_{x∼p_μ}[ f(x) ∇\\_μ log p_μ(x) ].\n\n"
    "For the Gaussian, ∇\\_μ log p_μ(x) = (x − μ)/σ². Therefore **g(x) = f(x)·(x − μ)/σ²**."
)


def test_t6_4ds_key_with_mu_for_theta_in_4as_solution_is_a_give_away():
    handout = shipped_content.handout()
    found = _found(_with_solution(handout, "4a", OLD_4A_SOLUTION), "4a")
    assert [k for k, _, _ in found] == ["parts[0].solution"]
    assert "4d.gradF grades correct with μ for θ" in found[0][1]
    assert not _found(handout, "4a")


@pytest.mark.parametrize(("family", "p"), [("scale", "σ"), ("rate", "λ")])
def test_t6_the_variants_of_4as_solution_are_read_with_their_parameter(family, p):
    raw = shipped_content.templates()
    handout = shipped_content.handout()
    problem = next(q for q in raw.problems if q.id == "4")
    seed = next(
        s for s in range(1, 80) if instantiate(raw, "4a", seed=s).params["family"] == family
    )
    variant = instantiate(raw, "4a", seed=seed)
    assert not check_leaks(
        variant_content(raw, problem, {"4a": variant}, handout), check, parts=["4a"]
    )
    old = f"So ∇\\_{p} F({p}) = E\\_{{x∼p_{p}}}[ f(x) ∇\\_{p} log p_{p}(x) ]."
    leaky = replace(variant, part=replace(variant.part, solution=old))
    failures = check_leaks(
        variant_content(raw, problem, {"4a": leaky}, handout), check, parts=["4a"]
    )
    assert [f.key for f in failures] == ["parts[0].solution"]
    assert f"with {p} for θ" in failures[0].got


def test_t6_a_formula_with_a_name_the_box_does_not_know_is_not_renamed_into_a_wrong_one():
    # 4c's answer in 4a's names is not 4d's key under any renaming
    box = shipped_content.handout().boxes["4d.gradF"]
    span = leaks.Span("E_{z∼N(0,I)}[∇f(μ + σz)]", 0, "formula")
    v = check(box, span.text)
    assert leaks._renamed(box, span, v, check, {}) is None


def test_t8_1b_defines_s_before_its_hints_use_it():
    handout = shipped_content.handout()
    part = next(p for p in handout.parts() if p.id == "1b")
    assert "S** = Σₙ |xₙ|" in part.statement
    raw = shipped_content.templates()
    for seed in range(1, 6):
        v = instantiate(raw, "1b", seed=seed)
        assert "S** = Σₙ |xₙ|" in v.part.statement


def test_t2_a_key_that_is_also_a_given_times_another_given_is_read_as_the_data():
    # seed 25 of problem 5: 5a's key is 30, t_fwd is 30 and t_mem is 5, so the general formula
    # "t_mem + (K − 1)·t_fwd/2" reads "5 + 5 · 30 / 2"; 20·20 (the count times its own cost,
    # both 20) still counts
    box = shipped_content.handout().boxes["5a.fwd"]
    givens = (("t_fwd", "30"), ("t_mem", "5"), ("N", "12"), ("K", "6"))
    variant = replace(box, answer="30", givens=givens)
    assert leaks._count_times_given(variant, "5 + 5 · 30 / 2 = 80 ns here.") is None
    assert leaks._count_times_given(variant, "30·30 + 12·5 = 12·t") is not None
    assert leaks._count_times_given(box, "20·20 + 10·10 = 10·t") is not None


def test_t6_a_lone_name_is_not_renamed_into_the_key():
    box = replace(shipped_content.handout().boxes["1a.value"], answer="d1")
    span = leaks.Span("s", 0, "formula")
    v = check(box, "s")
    assert leaks._renamed(box, span, v, check, {}) is None
