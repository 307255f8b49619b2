"""Feedback must not give answers away (trial-tui.md 1.3 and 1.6, audit-p123.md 8c).

``validate`` already reads every text a student sees before a box is solved against the boxes of
its own part (``tutor.authoring.leaks``). These tests hold two rules it does not cover:

- the feedback of a box (for a correct answer, an accepted reading, a known mistake, a right
  order) never states the answer of a box of a *later* part of the same problem: a student reads
  it before moving on (3c.rms_factor's feedback once named 3c.rms_condition's choice, and 4a's the
  general score-function form of 4d);
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


def _feedback_texts(box) -> Iterator[tuple[tuple, str, str]]:
    b = ("boxes", box.id)
    if box.feedback:
        yield b + ("feedback",), box.feedback, "the feedback"
    if box.order_feedback:
        yield b + ("order_feedback",), box.order_feedback, "the right-order feedback"
    for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
        for j, r in enumerate(readings):
            if r.feedback:
                yield b + (key, j, "feedback"), r.feedback, f"the feedback of {key} {r.note}"


def _later_part_texts(content) -> Iterator[leaks.ShownText]:
    for problem in content.problems:
        parts = list(problem.parts)
        for i, part in enumerate(parts):
            later = tuple(b for p in parts[i + 1 :] for b in p.boxes if b in content.boxes)
            if not later:
                continue
            for box_id in part.boxes:
                for path, text, what in _feedback_texts(content.boxes[box_id]):
                    yield leaks.ShownText(
                        problem.source, path, text, what, later, remote=frozenset(later)
                    )


def test_no_feedback_states_the_answer_of_a_later_part(monkeypatch):
    content = shipped_content.handout()
    monkeypatch.setattr(leaks, "shown_texts", lambda c, parts=None: _later_part_texts(c))
    found = [
        f"{leak.text.path}: {leak.text.what} contains {leak.span.text!r}, "
        f"which {leak.box_id} grades {leak.note}"
        for leak in leaks.find_leaks(content, check)
    ]
    assert not found, "\n".join(found)


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
