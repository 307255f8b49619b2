"""``validate`` warns when a choice box's right option is clearly the longest (an
item-writing rule: a student must not find the answer by its length), and the shipped
content has no such box."""

from __future__ import annotations

import shipped_content
from test_content import CARDS, write

from tutor.authoring.coverage import choice_length_warnings
from tutor.authoring.validate import validate_content
from tutor.content.loader import load_content

CHOICE = '''schema = 1

[problem]
id = "7"
title = "Toy problem"
summary = "A small problem for tests."

[[parts]]
id = "7a"
title = "Pick one"
statement = """Which is it?"""
boxes = ["7a.pick"]
solution = """The second."""

[boxes."7a.pick"]
kind = "choice"
prompt = "Which?"
answer = "b"
choices = [
  { key = "a", text = "A short wrong option." },
  { key = "b", text = "RIGHT" },
  { key = "c", text = "Another wrong option." },
]
hints = ["nudge", "closer", "the key step"]

[[boxes."7a.pick".tests]]
input = "b"
verdict = "correct"
note = "correct"
'''


def _content(tmp_path, right: str):
    text = CHOICE.replace('"RIGHT"', f'"{right}"')
    return load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))


def test_a_right_option_clearly_longest_is_a_warning_naming_the_box(tmp_path):
    long = "The right option, with every detail and a careful qualification."
    (warning,) = choice_length_warnings(_content(tmp_path, long))
    assert "7a.pick" in warning and "(b)" in warning and "longest" in warning
    assert f"{len(long)} characters" in warning


def test_options_alike_in_length_give_no_warning(tmp_path):
    assert choice_length_warnings(_content(tmp_path, "The option that is right.")) == []


def test_the_warning_is_part_of_the_validate_report(tmp_path):
    from tutor.checking.judge import check

    content = _content(tmp_path, "The right option, with every detail and a qualification.")
    report = validate_content(content, check)
    assert any("7a.pick" in w and "longest" in w for w in report.warnings)


def test_no_shipped_choice_box_gives_its_answer_away_by_length():
    assert choice_length_warnings(shipped_content.templates()) == []
