"""Give-aways the ninth session's instructor trial found passing ``validate`` (trial-instructor
F1), each made once in the trial's problem 7 (``trial_p7.toml``): "the answer is simply η", a
value in a part's title, a time with its unit in a note on the handout or in the explanation
prompt, a bare choice letter after "the answer is" or "choose". And what must stay clean: a
choice letter that is one of the part's quantities ("so the answer is c", c the multiplier),
an article after a verb ("pick a value")."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_in_process
from validate_helpers import content_with, fails

from tutor.authoring.leaks import math_spans

P7 = (Path(__file__).parent / "trial_p7.toml").read_text(encoding="utf-8")
EARLY = "What values can one entry of sign(G) take?"
NORM_HINT = "The norm should measure how much the output changes for a unit input."


def leaks_found(tmp_path: Path, old: str, new: str) -> list[str]:
    directory, _ = content_with(tmp_path, P7, (old, new))
    r = run_in_process(["validate", str(directory)])
    return [x for x, _fix in fails(r.stdout) if "not to show an answer" in x]


@pytest.mark.parametrize(
    "hint",
    ["The answer is simply η.", "The answer is just η.", "The result is simply η, see why?"],
)
def test_the_answer_is_simply_the_key_is_a_leak(tmp_path, hint):
    (found,) = leaks_found(tmp_path, EARLY, hint)
    assert 'boxes."7a.rms".hints[0]' in found and "contains 'η'" in found


def test_a_value_in_a_parts_title_is_a_leak(tmp_path):
    old = 'title = "RMS of a sign update"'
    (found,) = leaks_found(tmp_path, old, 'title = "RMS of a sign update is η"')
    assert "parts[0].title" in found and "7a.rms" in found


def test_a_time_with_its_unit_in_a_note_or_the_explanation_prompt_is_a_leak(tmp_path):
    from tutor.variants.engine import load

    old = 'title = "A timing check"'
    directory, _ = content_with(tmp_path / "plain", P7)
    key = load(directory).boxes["7b.total"].answer  # at the handout's numbers
    note = f'{old}\nerrata = ["The handout says {key} ns here."]'
    found = leaks_found(tmp_path / "errata", old, note)  # for 7b.total and its working
    assert found and all("errata[0]" in x and f"'{key} ns'" in x for x in found), found
    assert any("7b.total" in x for x in found)
    title = f'title = "A timing check: {key} ns"'
    found = leaks_found(tmp_path / "title", old, title)
    assert found and all("parts[1].title" in x for x in found), found


@pytest.mark.parametrize("hint", ["The answer is a.", "Choose a.", "Pick a, it stays put."])
def test_a_bare_choice_letter_after_answer_is_or_a_verb_is_a_leak(tmp_path, hint):
    (found,) = leaks_found(tmp_path, NORM_HINT, hint)
    assert 'boxes."7a.norm".hints[1]' in found and "contains 'a'" in found


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("Choose a value of K and see.", []),
        ("The answer is a function of d1.", []),
        ("Option b is tempting.", ["b"]),
        ("Take c, then check it.", ["c"]),
        ("It is (d).", ["d"]),
    ],
)
def test_which_letters_are_read_as_choices(text, letters):
    spans = math_spans(text, choices=True)
    assert [s.text for s in spans if s.how in ("choice", "letter")] == letters


def test_the_shipped_content_stays_clean():
    """The shipped feedback "so the answer is c" (the multiplier c of 1a) is no choice (c)."""
    r = run_in_process(["validate"])
    assert "content OK" in r.stdout, r.stdout
