"""Problem 5's variants: every key and known mistake against a brute-force walk of the schedule,
the handout unchanged, every mistake told apart from the key in every variant, and an instructor's
12-layer, every-4th version made by changing two numbers."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction
from itertools import product

import pytest
import shipped_content

from tutor.authoring.validate import validate_content
from tutor.authoring.variant_checks import validate_variants
from tutor.checking.judge import check
from tutor.content.loader import load_content
from tutor.homework import remat
from tutor.paths import packaged_content_dir
from tutor.variants import engine
from tutor.variants.engine import instantiate
from tutor.variants.errors import ParamError
from tutor.variants.sampling import sample

RAW = shipped_content.templates()


def walk(n: int, stored: set[int]) -> tuple[int, int]:
    """(fwd, loadmem) of one backward pass, straight from the definition: for each layer from n
    down to 1, load the latest stored activation at or below it and re-run the layers between."""
    fwd = loads = 0
    for layer in range(n, 0, -1):
        start = max(s for s in stored if s <= layer)
        loads += 1
        fwd += layer - start
    return fwd, loads


def brute(n: int, k: int, t_fwd, t_mem) -> dict:
    stored = {0, n} | {m for m in range(1, n + 1) if m % k == 0}
    fwd, loads = walk(n, stored)
    time = fwd * Fraction(t_fwd) + loads * Fraction(t_mem)
    kept_once = sum(b - a - 1 for a, b in zip(sorted(stored), sorted(stored)[1:], strict=False))
    # the shorter last segment left out (a known mistake where it costs more than one fwd)
    last = k * (n // k)
    no_tail = (
        [walk(last, {s for s in stored if s <= last})[0]]
        if (n - last) * (n - last - 1) // 2 > 1
        else []
    )
    return {
        "fwd": fwd,
        "loadmem": loads,
        "breakeven": time / n,
        "in_memory": (time - Fraction(t_mem)) / (n - 1),
        # only the input (and the last layer) stored; the initial forward pass counted; each
        # segment rebuilt once and kept; one per layer
        "mistakes_5a": [walk(n, {0, n})[0], fwd + n, *no_tail, kept_once, n],
        "mistakes_5b": [len(stored) - 1, 0, len(stored), fwd],
        "mistakes_5c": [
            fwd * Fraction(t_fwd) / n,
            time / fwd,
            time,
            (n - 1) * Fraction(t_mem),
            time / n * 10**6,
        ],
    }


def number(text: str) -> Fraction:
    return Fraction(text) if "/" in text else Fraction(text)


def assert_matches(variant_boxes: dict, p: dict) -> None:
    want = brute(p["layers"], p["every"], p["t_fwd"], p["t_mem"])
    a, b, c = variant_boxes["5a.fwd"], variant_boxes["5b.loadmem"], variant_boxes["5c.loaddisk"]
    assert int(a.answer) == want["fwd"]
    assert int(b.answer) == want["loadmem"]
    assert number(c.answer) == want["breakeven"]
    assert number(c.accept[0].answer) == want["in_memory"]
    assert [int(m.answer) for m in a.mistakes] == want["mistakes_5a"]
    assert [int(m.answer) for m in b.mistakes] == want["mistakes_5b"]
    assert [number(m.answer) for m in c.mistakes] == want["mistakes_5c"]


@pytest.mark.parametrize("seed", range(0, 120))
def test_every_key_and_mistake_matches_a_brute_force_walk(seed):
    boxes = {}
    for part in ("5a", "5b", "5c"):
        v = instantiate(RAW, part, seed=seed)
        boxes.update(v.boxes)
    assert_matches(boxes, dict(v.params))


def test_every_parameter_set_allowed_matches_the_brute_force_walk():
    # two timings: 5c's constraints (its other reading kept apart from the shortcut formula where
    # K does not divide N) rule out different depths at different timings
    checked = 0
    for n, k, (t_fwd, t_mem) in product(range(6, 25), range(4, 9), ((25, 15), (20, 10))):
        p = {"layers": n, "every": k, "t_fwd": Fraction(t_fwd), "t_mem": Fraction(t_mem)}
        try:
            boxes = {
                **instantiate(RAW, "5a", params=p).boxes,
                **instantiate(RAW, "5c", params=p).boxes,
                **instantiate(RAW, "5b", params=p).boxes,
            }
        except ParamError:
            continue
        assert_matches(boxes, p)
        checked += 1
    assert checked > 50


def test_intervals_that_do_not_divide_the_layers_are_drawn():
    draws = [sample(RAW, "5a", s) for s in range(1, 80)]
    assert any(d["layers"] % d["every"] for d in draws)
    assert any(d["layers"] % d["every"] == 0 for d in draws)


def test_the_parts_of_problem_5_share_their_numbers_for_a_seed():
    params = {part: dict(instantiate(RAW, part, seed=11).params) for part in ("5a", "5b", "5c")}
    assert params["5a"] == params["5b"] == params["5c"]


def test_the_handout_reads_as_before():
    content = engine.handout(RAW)
    a, b, c = content.part("5a"), content.part("5b"), content.part("5c")
    assert "A network has **10 layers**" in a.statement
    assert (
        "only three tensors\nare kept: the input a₀ and the checkpoints **a₅** and **a₁₀**"
        in a.statement
    )
    assert "| 9, 8, 7, 6 | a₅ | 4, 3, 2, 1 |" in a.solution
    assert "Total: 0 + (4 + 3 + 2 + 1) + 0 + (4 + 3 + 2 + 1) = **20 fwd operations**." in a.solution
    assert (
        "so two segments of 5 cost 2 · 10 = 20. With only the input stored (k = 10) it\nwould be 45"
        in a.solution
    )
    assert "- layers 9, 8, 7, 6 and 5 each fetch a₅;" in b.solution
    # 5c's solution refers to 5a's and 5b's counts without stating them (trial-tui3 T2)
    assert (
        "(your fwd count from 5a) × 20 ns + (your loadmem count from 5b) × 10 ns\n= **500 ns**"
        in (c.solution)
    )
    assert "t = 490/9 ≈ 54.4 ns" in c.solution and "20 fwd" not in c.solution
    assert "10 + 4 · 20 / 2 = 50 ns here." in c.solution
    boxes = content.boxes
    assert [boxes[b].answer for b in ("5a.fwd", "5b.loadmem", "5c.loaddisk")] == ["20", "10", "50"]
    assert [m.answer for m in boxes["5a.fwd"].mistakes] == ["45", "30", "8", "10"]
    assert [m.answer for m in boxes["5c.loaddisk"].mistakes] == [
        "40",
        "25",
        "500",
        "90",
        "50000000",
    ]
    assert boxes["5a.fwd"].hints[2] == (
        "Layers 9…6 cost 4 + 3 + 2 + 1 and layers 4…1 cost the same again; layers 10 and 5 "
        "cost 0. Add them up."
    )
    tests = [t.input for t in boxes["5c.loaddisk"].tests]
    assert tests[:6] == ["50", "50 ns", "<= 50 ns", "at most 50 ns", "0.05 us", "5e-8 s"]
    assert "54.4 ns" in tests and "5*10^1 ns" in tests
    from tutor.variants.render import names_used

    assert names_used(content.problems) == set()


def test_every_question_test_of_the_handout_passes_as_written():
    content = engine.handout(RAW)
    for box_id in ("5a.fwd", "5b.loadmem", "5c.loaddisk"):
        box = content.boxes[box_id]
        for t in box.tests:
            v = check(box, t.input)
            assert (v.verdict, v.note) == (t.verdict, t.note or v.note), (box_id, t.input)


@pytest.mark.slow
def test_every_mistake_differs_from_the_key_in_every_variant():
    """The checker itself (not the text) tells each mistake apart, in 25 variants (of problems
    1 and 4 too: their tests draw 25 each)."""
    report = validate_variants(engine.handout(RAW), check, 25, parts=["5a", "5b", "5c"])
    assert set(report.parts) >= {"5a", "5b", "5c"}
    assert report.ok, "\n".join(str(f) for f in report.failures)
    assert report.tests_passed > 1000 and report.tests_failed == 0
    assert report.distinct["5c"] >= 20


def test_k_larger_than_n_is_refused_by_the_model_alone():
    with pytest.raises(ParamError) as info:
        instantiate(RAW, "5a", params={"layers": "6", "every": "8"})
    with pytest.raises(Exception) as model:
        remat.validate(6, 8)
    assert str(model.value) in str(info.value)


@pytest.mark.slow
def test_an_instructor_changes_two_numbers_for_a_12_layer_every_4th_problem(tmp_path):
    copy = tmp_path / "content"
    copy.mkdir()
    for name in ("p5.toml", "cards.toml"):  # the other problems' checks are the shipped ones'
        shutil.copy(packaged_content_dir() / name, copy / name)
    p5 = copy / "p5.toml"
    text = p5.read_text(encoding="utf-8")
    text, n1 = re.subn(r"layers = \{ default = 10,", "layers = { default = 12,", text)
    text, n2 = re.subn(r"every = \{ default = 5,", "every = { default = 4,", text)
    assert (n1, n2) == (1, 1)
    p5.write_text(text, encoding="utf-8")
    raw = load_content(copy)
    content = engine.handout(raw)
    a, b, c = content.part("5a"), content.part("5b"), content.part("5c")
    assert "A network has **12 layers**" in a.statement and "four tensors" in a.statement
    assert "**a₄**, **a₈** and **a₁₂** (the outputs of\nlayers 4, 8 and 12)" in a.statement
    assert "three segments of 4 cost 3 · 6 = 18" in a.solution
    assert "the checkpoints a₄, a₈ and a₁₂" in b.statement
    fwd, mem, disk = (content.boxes[x] for x in ("5a.fwd", "5b.loadmem", "5c.loaddisk"))
    assert (fwd.answer, mem.answer, disk.answer) == ("18", "12", "40")
    assert [m.answer for m in fwd.mistakes] == ["66", "30", "9", "12"]
    assert fwd.hints[0].startswith("Go layer by layer from 12 down to 1")
    assert (
        fwd.feedback
        == "Each 4-layer segment costs 0 + 1 + 2 + 3 = 6 recomputations, and there are three segments."
    )
    assert (
        mem.hints[2]
        == "So every layer fetches exactly one stored tensor (a₁₂, a₈, a₄ or the input). Count the layers."
    )
    assert "(your loadmem count from 5b) × 10 ns\n= **480 ns**" in c.solution
    assert "18 fwd" not in c.solution and "12 loadmem" not in c.solution
    assert disk.feedback == "Any loaddisk at or below 40 ns makes the disk scheme at least as fast."
    assert disk.tests[0].input == "40" and fwd.tests[4].input == "3+2+1 + 3+2+1 + 3+2+1"
    (problem,) = content.problems
    assert problem.summary.startswith("\nTraining a 12-layer network") or (
        "Training a 12-layer network" in problem.summary
    )
    report = validate_content(content, check)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    variants = validate_variants(content, check, 5)
    assert variants.ok, "\n".join(str(f) for f in variants.failures)
