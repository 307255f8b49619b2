"""The `definitions` key of a box (names such as Σ defined by an expression)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.content.issues import ContentError
from tutor.content.loader import load_content

BOX = """schema = 1

[problem]
id = "7"
title = "T"
summary = "S"

[[parts]]
id = "7a"
title = "t"
statement = "s"
boxes = ["7a.g"]
solution = "s"

[boxes."7a.g"]
kind = "{kind}"
prompt = "g ="
answer = "x/sigma^2"
hints = ["a", "b", "c"]
{extra}
"""
SYMBOLS = "symbols = { x = { domain = [-2, 2], positive = false }, sigma = { domain = [0.5, 2] } }"


def load(tmp_path: Path, extra: str, kind: str = "expression"):
    (tmp_path / "p7.toml").write_text(BOX.replace("{kind}", kind).replace("{extra}", extra))
    return load_content(tmp_path)


def test_definitions_load_in_order(tmp_path):
    content = load(tmp_path, SYMBOLS + '\ndefinitions = { Sigma = "sigma^2", P = "1/Sigma" }')
    assert content.boxes["7a.g"].definitions == (("Sigma", "sigma^2"), ("P", "1/Sigma"))


def test_a_box_without_definitions_has_none(tmp_path):
    assert load(tmp_path, SYMBOLS).boxes["7a.g"].definitions == ()


@pytest.mark.parametrize(
    "extra, kind, words",
    [
        (SYMBOLS + '\ndefinitions = { sigma = "2" }', "expression", "already a symbol"),
        (SYMBOLS + "\ndefinitions = { Sigma = 2 }", "expression", "in quotes"),
        (SYMBOLS + '\ndefinitions = { "2S" = "sigma" }', "expression", "starting with a letter"),
        ('definitions = { S = "2" }\nunit = "ns"', "number", "only applies"),
    ],
)
def test_bad_definitions_are_content_errors(tmp_path, extra, kind, words):
    with pytest.raises(ContentError) as info:
        load(tmp_path, extra, kind)
    assert any(words in i.message for i in info.value.issues), info.value.issues
