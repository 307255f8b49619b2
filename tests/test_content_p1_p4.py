"""Problems 1-4 and the reference cards: what a student sees and how their answers are judged.

The question tests inside the TOML files are run by tests/test_validate_shipped.py; these
tests pin the content decisions a student or instructor would notice: every part and box is
there with its plot, cards and errata, the ambiguous 1b constant is handled as documented,
each known mistake gets its own feedback, and the text is not copied from the handout.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import shipped_content

from tutor.paths import packaged_content_dir
from tutor.variants.engine import load as load_content  # the handout: variant 0

MY_FILES = ("p1.toml", "p2.toml", "p3.toml", "p4.toml", "cards.toml")
# the course material sits beside the checkout (shared/hw3), on developers' machines and in CI
_SHARED = next(
    (
        d
        for d in (Path(__file__).resolve().parents[2] / "shared" / "hw3", Path("/work/shared/hw3"))
        if d.is_dir()
    ),
    Path("/work/shared/hw3"),
)
HANDOUT = _SHARED / "handout.md"
DOMAIN_NOTES = _SHARED / "domain-notes.md"

PARTS = {
    "1a": ("init-scaling", ["1a.value", "1a.scaling", "1a.constant", "1a.derive"]),
    "1b": (
        "signgd-update",
        ["1b.value", "1b.scaling", "1b.constant", "1b.proof", "1b.derive"],
    ),
    "1c": ("d2-independence", ["1c.spectral", "1c.rmsnorm", "1c.why"]),
    "2": ("width-sweep", ["2.sp_optimum", "2.mup_optimum", "2.mup_wider", "2.coord_check"]),
    "3a": (None, ["3a.axes", "3a.observation"]),
    "3b": (None, ["3b.sp"]),
    "3c": (
        None,
        [
            "3c.why",
            "3c.rms_desideratum",
            "3c.rms_factor",
            "3c.rms_condition",
            "3c.upper",
            "3c.assumption",
            "3c.proof",
        ],
    ),
    "4a": ("estimators", ["4a.g"]),
    "4b": ("estimators", ["4b.F"]),
    "4c": ("estimators", ["4c.gradF"]),
    "4d": ("estimators", ["4d.gradF", "4d.proof"]),
    "4e": ("estimators", ["4e.special", "4e.proof"]),
}

REQUIRED_KINDS = {
    "1a.value": "expression",
    "1a.constant": "expression",
    "1b.value": "expression",
    "1b.constant": "expression",
    "3b.sp": "expression",
    "4a.g": "expectation",  # the integrand under x ~ p_mu, so baselines are judged in expectation
    "4b.F": "expectation",
    "4c.gradF": "expectation",
    "4d.gradF": "expectation",
    "4e.special": "reparam",
}


@pytest.fixture(scope="module")
def content():
    return shipped_content.handout()


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    """Only this engineer's files, loaded on their own (they must stand alone)."""
    d = tmp_path_factory.mktemp("p1-p4")
    for name in MY_FILES:
        shutil.copy(packaged_content_dir() / name, d / name)
    return load_content(d)


def _my_boxes(content):
    return [b for b in content.boxes.values() if b.part_id in PARTS]


def test_every_part_has_its_boxes_plot_and_solution_in_handout_order(mine):
    parts = mine.parts()
    assert [p.id for p in parts] == list(PARTS)
    for part in parts:
        plot, boxes = PARTS[part.id]
        assert list(part.boxes) == boxes, part.id
        assert part.plot == plot, part.id
        assert len(part.solution) > 200, f"{part.id}: the worked solution is missing or too thin"


def test_the_required_boxes_take_the_required_kind_of_answer(mine):
    for box_id, kind in REQUIRED_KINDS.items():
        assert mine.boxes[box_id].kind == kind, box_id


def test_problem_3_parts_open_the_paper_cards(mine):
    assert set(mine.cards) == {
        "tp5-figure1",
        "tp5-table3",
        "spectral-desideratum1",
        "spectral-condition1",
    }
    assert mine.part("3a").cards == ("tp5-figure1",)
    assert mine.part("3b").cards == ("tp5-table3",)
    assert mine.part("3c").cards == ("spectral-desideratum1", "spectral-condition1")
    table = mine.cards["tp5-table3"].body
    # the row the student reads for 3b: Adam LR, hidden weights, μP with SP in parentheses
    assert re.search(r"Adam learning rate \| 1 \| 1/fan_in \(SP: 1\) \| 1/fan_in \(SP: 1\)", table)


def test_explanation_parts_are_tutored_with_a_rubric(mine):
    for pid in ("1a", "1b", "1c", "2", "3a", "3c", "4e"):
        explain = mine.part(pid).explain
        assert explain is not None, pid
        assert len(explain.points) >= 3, pid


def test_the_handout_errata_are_shown_where_students_trip(mine):
    errata_1b = " ".join(mine.part("1b").errata)
    assert "g xᵀ" in errata_1b and "ascent" in errata_1b
    errata_4a = " ".join(mine.part("4a").errata)
    assert "(2πσ²)" in errata_4a and "normalizer" in errata_4a


def _states_a_correct_answer(box, text: str) -> bool:
    """Does ``text`` state, in some form, an answer ``box`` grades correct?"""
    from tutor.authoring.leaks import math_spans
    from tutor.checking.judge import check

    names = frozenset(s.name for s in box.symbols)
    return any(check(box, s.text).verdict == "correct" for s in math_spans(text, names))


def test_1b_says_which_reading_of_the_constant_it_takes(mine):
    part, box = mine.part("1b"), mine.boxes["1b.constant"]
    assert _states_a_correct_answer(box, part.reading) and "squared" in part.reading
    assert _states_a_correct_answer(box, part.solution)


def test_every_box_has_staged_hints_and_enough_question_tests(mine):
    total = 0
    for box in _my_boxes(mine):
        assert len(box.hints) >= 3, box.id
        mistakes = [t for t in box.tests if (t.note or "").startswith("mistake:")]
        assert len(box.tests) >= 8, box.id
        if box.kind in ("proof", "derivation"):  # distractors, wrong orders, broken lines:
            mistakes = [t for t in box.tests if t.verdict in ("partial", "incorrect")]
        assert len(mistakes) >= 3, box.id
        # every listed mistake is exercised by at least one question test
        tested = {t.note for t in box.tests}
        for m in box.mistakes:
            assert f"mistake:{m.note}" in tested, f"{box.id}: mistake {m.note} has no test"
        total += len(box.tests)
    assert total >= 120


# ---------------------------------------------------------------------------------- verdicts

CASES = [
    # box, answer, verdict, note
    ("1a.value", "d₁", "correct", "correct"),
    ("1a.value", "d1 d2", "incorrect", "mistake:forgot-divide-by-d2"),
    ("1a.constant", "\\frac{1}{\\sqrt{d_1}}", "correct", "correct"),
    ("1a.constant", "-1/sqrt(d1)", "correct", "accept:negative-sign"),
    ("1a.constant", "1/d1", "incorrect", "mistake:variance-not-constant"),
    ("1a.constant", "sqrt(2/d1)", "partial", "mistake:he-init"),
    ("1a.constant", "sqrt(2/(d1+d2))", "incorrect", "mistake:glorot-init"),
    ("1b.value", "2/pi*d1^2 + d1*(1-2/pi)", "correct", "correct"),
    ("1b.value", "d1", "incorrect", "mistake:independent-input"),
    ("1b.value", "(2/π)d₁²", "partial", "mistake:leading-term-only"),
    ("1b.value", "Theta(d1^2)", "partial", "order:partial"),
    ("1b.constant", "c = √(π/2)/d₁", "correct", "correct"),
    ("1b.constant", "1/sqrt(d1 + (2/pi)*d1*(d1-1))", "correct", "accept:squared-reading"),
    ("1b.constant", "pi/(2 d1^2)", "incorrect", "mistake:c-squared"),
    ("3b.sp", "1", "correct", "correct"),
    ("3b.sp", "1/fan_in", "incorrect", "mistake:mup-entry"),
    ("4a.g", "f(x)(x-μ)/σ²", "correct", "correct"),
    ("4a.g", "f(x)*(mu - x)/sigma^2", "incorrect", "mistake:sign-flip"),
    ("4a.g", "grad f(x)", "partial", "mistake:pathwise"),
    ("4b.F", "E_{z~N(0,I)}[f(mu + sigma z)]", "correct", "correct"),
    ("4b.F", "E_{z~N(0,I)}[f(mu + z)]", "incorrect", "mistake:dropped-sigma"),
    ("4c.gradF", "E_{x0 ~ p_{mu=0}}[grad f(mu + x0)]", "correct", "correct"),
    ("4c.gradF", "E_{z~N(0,I)}[sigma grad f(mu + sigma z)]", "incorrect", "mistake:extra-sigma"),
    ("4d.gradF", "E_{x~p_θ}[f(x) ∇_θ log p_θ(x)]", "correct", "correct"),
    ("4d.gradF", "E_{x~p_theta}[grad_theta log p_theta(x)]", "incorrect", "mistake:missing-f"),
    ("4e.special", "g(z, mu) = mu + sigma z, z ~ N(0, I)", "correct", "correct"),
    ("4e.special", "g(z, mu) = mu + z, z ~ N(0, sigma^2 I)", "correct", None),
    ("4e.special", "g(z, mu) = mu + z, z ~ N(0, I)", "incorrect", "mistake:unit-variance"),
    ("3c.rms_desideratum", "Θ(1)", "correct", "correct"),
    ("3c.rms_desideratum", "Theta(sqrt(n))", "incorrect", "mistake:l2-not-rms"),
    ("3c.rms_condition", "a", "incorrect", "mistake:drops-ratio"),
    ("1c.why", "a", "partial", "mistake:half-reason"),
]


@pytest.mark.parametrize(("box_id", "answer", "verdict", "note"), CASES)
def test_key_answers_and_known_mistakes_are_judged_as_documented(
    content, box_id, answer, verdict, note
):
    from tutor.checking.judge import check

    v = check(content.boxes[box_id], answer)
    assert v.verdict == verdict, (answer, v)
    if note is not None:
        assert v.note == note, (answer, v)


def test_1b_scaling_only_constant_is_partial_and_names_the_exact_constant(content):
    from tutor.checking.judge import check

    box = content.boxes["1b.constant"]
    v = check(box, "1/d1")
    assert (v.verdict, v.note) == ("partial", "accept:scaling-only")
    assert _states_a_correct_answer(box, v.feedback)
    # any other answer of the right order is told the scaling is right, not the constant
    v = check(box, "2/d1")
    assert (v.verdict, v.note) == ("partial", "order:partial")
    assert not _states_a_correct_answer(box, v.feedback)


def test_each_known_mistake_has_its_own_feedback(mine):
    for box in _my_boxes(mine):
        feedbacks = [m.feedback for m in box.mistakes]
        assert all(f.strip() for f in feedbacks), box.id
        assert len(set(feedbacks)) == len(feedbacks), f"{box.id}: two mistakes share a feedback"


def test_reference_answers_readings_and_mistakes_pass_their_own_checks(mine):
    from tutor.authoring.validate import validate_content
    from tutor.checking.judge import check

    # the question tests are run one by one in test_checker_content (and are not counted in
    # checks_failed): not twice
    report = validate_content(mine, check, question_tests=False)
    assert report.checks_failed == 0, "\n".join(str(f) for f in report.failures)


# ---------------------------------------------------------------------------- own words


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    # prose words only: single letters and symbols are mathematics, which carries over
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("source", [HANDOUT, DOMAIN_NOTES], ids=["handout", "domain-notes"])
def test_statements_and_solutions_are_not_pasted_from_the_sources(mine, source):
    if not source.exists():
        pytest.skip(f"{source} is not on this machine")
    copied = _shingles(source.read_text(encoding="utf-8"), 8)
    texts = []
    for part in mine.parts():
        texts += [part.statement, part.solution, part.reading, *part.errata]
    texts += [card.body for card in mine.cards.values()]
    for box in _my_boxes(mine):
        texts += [*box.hints, box.feedback, *(m.feedback for m in box.mistakes)]
    for text in texts:
        shared = _shingles(text, 8) & copied
        assert not shared, f"eight words in a row copied from {source.name}: {sorted(shared)[0]}"


def test_o_or_omega_of_the_right_growth_is_never_called_equivalent_to_theta():
    # a one-sided bound where Θ is asked is at most partial (Θ is two-sided), and never
    # "equivalent" to the Θ
    from tutor.checking.judge import check

    box = shipped_content.handout().boxes["1b.scaling"]
    for answer, side in (("O(d1^2)", "above"), ("Omega(d1^2)", "below")):
        v = check(box, answer)
        assert (v.verdict, v.note) == ("partial", "bound")
        assert "Equivalent" not in v.feedback and f"bounds the growth from {side}" in v.feedback
    assert "bounds the growth" not in check(box, "Theta(d1^2)").feedback
