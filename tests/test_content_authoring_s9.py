"""What an instructor adapting the content reads (trial 9i): a part id naming another problem
is one error at the id, not one per box; a proof distractor with a block's text is a load
error naming both; a default or choices written as strings say so; a duplicate block key or a
lookalike box id gives its one error without follow-on lines; plain ``validate`` warns of a
file without ``schema = 1``, a derivation without ``target``, every part worth 0 points, and
says which parameterized parts only ``--variants`` checks."""

from __future__ import annotations

import pytest
from cli_helpers import run_cli
from test_content import CARDS, PROBLEM, errors_of, line_of, one_error, write

from tutor.authoring.validate import _file_warnings
from tutor.content.loader import load_content

PROOF = """
[boxes."7a.p"]
kind = "proof"
prompt = "order"
answer = "s w"
hints = ["one", "two", "three"]
blocks = [
    { key = "s", text = "Start here.", depends = [] },
    { key = "w", text = "The layers run one after another.", depends = ["s"] },
]
distractors = [
    { key = "y", text = "  the LAYERS run one   after another. ", feedback = "No." },
]
"""


def with_proof(text: str = PROBLEM, proof: str = PROOF) -> str:
    return text.replace('boxes = ["7a.n"]', 'boxes = ["7a.n", "7a.p"]') + proof


def test_a_distractor_with_a_block_text_is_a_load_error_naming_both(tmp_path):
    text = with_proof()
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.p".distractors[0].text'
    assert "distractor 'y' has the same text as block 'w' (p7.toml:" in issue.message
    assert "reword distractor 'y' or remove it" in issue.message


def test_a_duplicate_block_key_is_one_error_without_the_missing_depends_after_it(tmp_path):
    text = with_proof(proof=PROOF.replace("No.", "Wrong.").replace(" the LAYERS", "Other"))
    text = text.replace('{ key = "w", text = "The layers', '{ key = "s", text = "The layers')
    text = text.replace('answer = "s w"', 'answer = "s"')
    text += '\n[[boxes."7a.p".tests]]\ninput = "s"\nverdict = "correct"\n'
    text = text.replace(
        'depends = ["s"] },\n]',
        'depends = ["s"] },\n    { key = "k", text = "Then this.", depends = ["w"] },\n]',
    )
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert "key 's' is already used by another block" in issue.message


def test_a_part_id_naming_another_problem_is_one_error_at_the_id(tmp_path):
    text = PROBLEM.replace('id = "7a"', 'id = "5z"', 1)
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == "parts[0].id" and issue.line == line_of(text, 'id = "5z"')
    assert "part '5z' is in problem '7', but its id names problem 5" in issue.message
    assert 'its boxes are named 7a.<name>; did you mean id = "7a"?' in issue.message


def test_a_lookalike_box_id_is_one_error(tmp_path):
    text = PROBLEM.replace('[boxes."7a.n"]', '[boxes."7a.п"]')  # Cyrillic pe
    issues = errors_of(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert len(issues) == 1, [str(i) for i in issues]
    assert "is not a valid box id (U+043F CYRILLIC" in issues[0].message


PARAM = 'cards = ["toy-card"]\n\n[parts.params]\nn = { default = 8, range = [4, 12] }\n'


@pytest.mark.parametrize(
    ("rule", "key", "said"),
    [
        (
            'n = { default = "8", range = [4, 12] }',
            "default",
            'is the string "8" (in quotes), not a number; write default = 8',
        ),
        (
            'n = { default = 8, choices = ["4", "8", "12"] }',
            "choices",
            "are strings (in quotes) but the default 8 is a number; write the choices without "
            "quotes, e.g. choices = [4, 8, 12, ...]",
        ),
        (
            'n = { default = 8, choices = [4, "8", 12] }',
            "choices",
            'mixes numbers and strings: "8" is a string (in quotes), not a number',
        ),
    ],
    ids=["default-string", "choices-strings", "choices-mixed"],
)
def test_a_number_written_in_quotes_says_so(tmp_path, rule, key, said):
    text = PROBLEM.replace('cards = ["toy-card"]\n', PARAM.replace(PARAM.splitlines()[3], rule), 1)
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == f"parts[0].params.n.{key}"
    assert said in issue.message
    assert "is not allowed by the rule" not in issue.message


def test_a_file_without_schema_and_parts_worth_nothing_are_warned_of(tmp_path):
    text = PROBLEM.replace("schema = 1\n", "").replace('id = "7a"\n', 'id = "7a"\npoints = 0\n')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": "schema = 1\n" + CARDS}))
    got = {(w.file, w.code): w.got for w in _file_warnings(content)}
    assert "add schema = 1 as its first line" in got[("p7.toml", "schema")]
    assert "the gradebook's totals will all be 0" in got[(str(tmp_path), "no-points")]


def test_plain_validate_says_which_parameterized_parts_it_did_not_check_per_variant(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    text = PROBLEM.replace('cards = ["toy-card"]\n', PARAM, 1)
    write(tmp_path / "c", {"p7.toml": text, "cards.toml": "schema = 1\n" + CARDS})
    code, out, err = run_cli(["validate", str(tmp_path / "c")], capsys)
    assert "note: 1 parameterized part (7a) checked at the handout's numbers only; run " in out
    assert "'hw3-tutor validate --variants 30'" in out
