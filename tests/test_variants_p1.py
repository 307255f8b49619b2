"""Problem 1's variants: each key against Monte Carlo (the layer and the SignGD step drawn for
real, with the variant's variances and input law), the handout unchanged, and every variant
checked in full."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import shipped_content

from tutor.authoring.variant_checks import validate_variants
from tutor.checking.judge import check
from tutor.inputlang.reader import box_names, parse_answer
from tutor.variants import engine
from tutor.variants.engine import instantiate
from tutor.variants.values import write

RAW = shipped_content.templates()


def value_of(box, text: str, **at: float) -> float:
    """A formula of the box (its key, a reading) at d1 = ..., d2 = ..."""
    ctx = box_names(box)
    expr = parse_answer(text, ctx).value
    return float(expr.subs({ctx.symbols[k]: v for k, v in at.items()}))


def draw_inputs(rng, law: str, s: float, shape: tuple[int, ...]) -> np.ndarray:
    if law == "gaussian":
        return s * rng.standard_normal(shape)
    if law == "uniform":
        return rng.uniform(-s, s, shape)
    return s * rng.choice([-1.0, 1.0], size=shape)


def near(estimate: np.ndarray, exact: float, sigmas: float = 5.0) -> bool:
    stderr = estimate.std(ddof=1) / math.sqrt(estimate.size)
    return abs(estimate.mean() - exact) <= sigmas * stderr + 1e-9 * abs(exact)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 8])
def test_1a_keys_against_monte_carlo(seed):
    v = instantiate(RAW, "1a", seed=seed)
    var_w, var_x = float(v.params["var_w"]), float(v.params["var_x"])
    rng = np.random.default_rng(1000 + seed)
    d1, d2, n = 12, 5, 20_000
    w = math.sqrt(var_w) * rng.standard_normal((n, d2, d1))
    x = math.sqrt(var_x) * rng.standard_normal((n, d1))
    rms2 = np.mean(np.einsum("sij,sj->si", w, x) ** 2, axis=1)
    value = v.boxes["1a.value"]
    assert near(rms2, value_of(value, value.answer, d1=d1, d2=d2))
    constant = v.boxes["1a.constant"]
    c = value_of(constant, constant.answer, d1=d1, d2=d2)
    assert near(c * c * rms2, 1.0)


@pytest.mark.parametrize("law", ["gaussian", "uniform", "sign"])
@pytest.mark.parametrize("s", ["0.5", "1", "3"])
def test_1b_keys_against_monte_carlo(law, s):
    if (law, s) == ("gaussian", "1"):
        v = instantiate(RAW, "1b")
    else:
        v = instantiate(RAW, "1b", params={"dist": law, "s": s})
    rng = np.random.default_rng(hash((law, s)) % 2**32)
    d1, d2, n = 9, 4, 40_000
    x = draw_inputs(rng, law, float(s), (n, d1))
    g = rng.standard_normal((n, d2))
    update = np.sign(g[:, :, None] * x[:, None, :])  # sign(g xᵀ), d2 × d1
    y = np.einsum("sij,sj->si", update, x)
    rms2 = np.mean(y * y, axis=1)
    value = v.boxes["1b.value"]
    assert near(rms2, value_of(value, value.answer, d1=d1, d2=d2))
    constant = v.boxes["1b.constant"]
    c = value_of(constant, constant.answer, d1=d1, d2=d2)
    assert near(c * np.sqrt(rms2), 1.0)  # the handout's reading: expected RMS 1
    squared = [r for r in constant.accept if r.note == "squared-reading"]
    if law != "sign":
        c2 = value_of(constant, squared[0].answer, d1=d1, d2=d2)
        assert near(c2 * c2 * rms2, 1.0)
    else:
        assert squared == []  # RMS(y′) never varies for ±s inputs: both readings agree


@pytest.mark.parametrize("seed", range(1, 25))
def test_1b_variants_name_their_law_in_the_statement(seed):
    v = instantiate(RAW, "1b", seed=seed)
    law, s = v.params["dist"], v.values["s"]
    text = v.part.statement
    if law == "gaussian":
        assert "i.i.d. N(0, " in text
    elif law == "uniform":
        assert f"uniform on [−{write(s)}, {write(s)}]" in text
    else:
        assert f"±{write(s)}, each with probability 1/2" in text


def test_the_handout_of_problem_1_reads_as_before():
    content = engine.handout(RAW)
    a, b = content.part("1a"), content.part("1b")
    assert "drawn i.i.d. from N(0, 1), and the entries of **x** are\ni.i.d. N(0, 1)" in a.statement
    assert "E[RMS²(y)] = (1/d2) Σⱼ E[y_j²] = **d1**." in a.solution
    assert "c² = 1/d1, so **c = 1/√d1** (−1/√d1 works too" in a.solution
    assert "You may use E|xₙ| = √(2/π) for a standard normal. Type `pi` or `π`." in b.statement
    assert "= **d1 + (2/π)d1(d1−1)** = (2/π)d1² + (1 − 2/π)d1." in b.solution
    assert "**c = √(π/2)/d1 ≈ 1.2533/d1**" in b.solution
    boxes = content.boxes
    assert boxes["1a.value"].answer == "d1" and boxes["1a.constant"].answer == "1/sqrt(d1)"
    assert boxes["1b.value"].answer == "d1 + (2/pi)*d1*(d1-1)"
    assert boxes["1b.constant"].answer == "sqrt(pi/2)/d1"
    assert "c = √(π/2)/d1 ≈ 1.2533/d1 does, for every d1" in boxes["1b.constant"].feedback
    assert [r.note for r in boxes["1b.constant"].accept] == [
        "squared-reading",
        "negative-sign",
        "scaling-only",
    ]
    assert "E[RMS(y′/d1)] = √(2/π) ≈ 0.80." in boxes["1b.constant"].accept[2].feedback


@pytest.mark.slow
@pytest.mark.parametrize("part", ["1a", "1b"])  # drawn apart: two tests run side by side
def test_every_variant_of_problem_1_passes_every_check(part):
    report = validate_variants(engine.handout(RAW), check, 25, parts=[part])
    assert report.parts == (part,)  # with the other value of part: {"1a", "1b"}
    failures = [f for f in report.failures if f.file == "p1.toml"]
    assert failures == [], "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("seed", [4, 16])  # E|x| = 1: uniform on [−2, 2], ±1
def test_a_coefficient_of_one_is_never_written(seed):
    v = engine.instantiate(engine.handout(RAW).templates, "1b", seed=seed)
    texts = [v.part.solution, *(b.answer for b in v.boxes.values())]
    texts += [h for b in v.boxes.values() for h in b.hints]
    for text in texts:
        assert not re.search(r"(?<![\w.])1·|\*1\*|·1(?![\d.])|1/\(1", text), text
