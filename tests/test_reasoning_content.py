"""Proof and derivation boxes in the content: the loader refuses a broken dependency graph or
target with a message saying what to do, validate checks both kinds (reference, distractors,
question tests and their notes, coverage), and the shipped homework checks every reasoning
part automatically."""

from __future__ import annotations

import textwrap

import pytest
import shipped_content

from tutor.authoring.coverage import coverage_shortfalls
from tutor.authoring.readings import test_note_problem as note_problem
from tutor.authoring.validate import validate_content
from tutor.content.issues import ContentError
from tutor.content.loader import load_content

HEAD = """
schema = 1
[problem]
id = "9"
title = "Reasoning"

[[parts]]
id = "9a"
title = "A proof"
statement = "Order the blocks."
solution = "See the blocks."
boxes = ["9a.proof"]
"""

PROOF = """
[boxes."9a.proof"]
kind = "proof"
prompt = "Order the blocks"
answer = "a b c"
hints = ["one", "two", "three"]
blocks = [
  { key = "a", text = "First.", depends = [] },
  { key = "b", text = "Second.", depends = ["a"] },
  { key = "c", text = "Third.", depends = ["b"] },
]
distractors = [
  { key = "x", text = "Wrong.", feedback = "Why x is wrong." },
  { key = "y", text = "Also wrong.", feedback = "Why y is wrong." },
]
"""


def write(tmp_path, text: str):
    (tmp_path / "p9.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def load_errors(tmp_path, text: str) -> str:
    with pytest.raises(ContentError) as info:
        load_content(write(tmp_path, text))
    return str(info.value)


def test_a_proof_box_loads_with_its_blocks_and_distractors(tmp_path):
    content = load_content(write(tmp_path, HEAD + PROOF))
    box = content.boxes["9a.proof"]
    assert [b.key for b in box.blocks] == ["a", "b", "c"]
    assert box.blocks[2].depends == ("b",)
    assert [d.feedback for d in box.distractors] == ["Why x is wrong.", "Why y is wrong."]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('depends = ["a"] }', 'depends = ["c"] }'), "cycle (b → c → b)"),
        (('depends = ["a"] }', 'depends = ["q"] }'), "no block has key 'q'"),
        (('depends = ["a"] }', 'depends = ["x"] }'), "'x' is a distractor"),
        (('depends = ["a"] }', 'depends = ["b"] }'), "depends on itself"),
        (('key = "c"', 'key = "a"'), "key 'a' is already used by another block"),
        ((', feedback = "Why y is wrong."', ""), "missing key 'feedback'"),
        (('kind = "proof"', 'kind = "proof"\nnouns = ["x"]'), "only applies to count boxes"),
    ],
)
def test_a_broken_proof_box_is_refused_with_what_to_do(tmp_path, change, says):
    old, new = change
    assert old in PROOF
    errors = load_errors(tmp_path, HEAD + PROOF.replace(old, new, 1))
    assert says in errors


DERIVE = """
[[parts]]
id = "9b"
title = "A derivation"
statement = "Solve."
solution = "t = 5."
boxes = ["9b.value", "9b.derive"]

[boxes."9b.value"]
kind = "number"
prompt = "t"
answer = "5"
unit = "ns"
hints = ["one", "two", "three"]

[boxes."9b.derive"]
kind = "derivation"
prompt = "Working"
unknown = "t"
target = "9b.value"
symbols = { t = { domain = [0.5, 100] } }
answer = \"\"\"
2*t = 10
t = 5
\"\"\"
hints = ["one", "two", "three"]
"""


def test_a_derivation_box_gets_its_value_box(tmp_path):
    content = load_content(write(tmp_path, HEAD + PROOF + DERIVE))
    box = content.boxes["9b.derive"]
    assert box.unknown == "t"
    assert box.target_box is content.boxes["9b.value"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('target = "9b.value"', 'target = "9b.valeu"'), "no box '9b.valeu'; did you mean '9b.value'?"),
        (('target = "9b.value"', 'target = "9a.proof"'), "'9a.proof' is a proof box"),
        (('unknown = "t"', 'unknown = "s"'), "'s' is not one of this box's symbols"),
    ],
)  # fmt: skip
def test_a_broken_derivation_box_is_refused_with_what_to_do(tmp_path, change, says):
    old, new = change
    errors = load_errors(tmp_path, HEAD + PROOF + DERIVE.replace(old, new, 1))
    assert says in errors


def test_a_proof_pool_waits_for_the_boxes_its_after_names_else_those_above_it(tmp_path):
    declared = PROOF.replace('answer = "a b c"', 'answer = "a b c"\nafter = ["9b.value"]')
    content = load_content(write(tmp_path, HEAD + declared + DERIVE))
    assert content.boxes["9a.proof"].after == ("9b.value",)
    # without the key: the part's boxes listed before the proof box, proof boxes left out
    above = HEAD.replace('boxes = ["9a.proof"]', 'boxes = ["9a.first", "9a.proof"]') + PROOF
    above += '[boxes."9a.first"]\nkind = "count"\nprompt = "n"\nanswer = "3"\n'
    above += 'hints = ["one", "two", "three"]\n'
    content = load_content(write(tmp_path, above))
    assert content.boxes["9a.proof"].after == ("9a.first",)
    shipped = shipped_content.templates()
    assert shipped.boxes["1b.proof"].after == ("1b.value", "1b.scaling", "1b.constant")
    assert shipped.boxes["4d.proof"].after == ("4d.gradF", "4a.g")  # another part's box too


@pytest.mark.parametrize(
    ("after", "says"),
    [
        ('["9b.valeu"]', "no box '9b.valeu'; did you mean '9b.value'? after takes the ids"),
        ('["9a.proof"]', "'9a.proof' is this box itself"),
        ('["9b.value", "9b.value"]', "'9b.value' is named twice; remove one"),
        ('"9b.value"', "must be a list of strings"),
    ],
)
def test_validate_reports_a_bad_after_where_it_is_with_the_fix(tmp_path, capsys, after, says):
    from cli_helpers import run_cli

    text = HEAD + PROOF.replace('answer = "a b c"', f'answer = "a b c"\nafter = {after}')
    write(tmp_path, text + DERIVE)
    line = textwrap.dedent(text + DERIVE).splitlines().index(f"after = {after}") + 1
    code, out, err = run_cli(["validate", str(tmp_path)], capsys)
    assert code == 1
    assert f'p9.toml:{line}: boxes."9a.proof".after' in out + err
    assert says in out + err


def test_validate_checks_the_reference_the_distractors_and_the_tests(tmp_path):
    from tutor.checking.judge import check

    text = (
        HEAD
        + PROOF.replace('answer = "a b c"', 'answer = "a c b"')
        + DERIVE.replace("t = 5\n", "t = 6\n")
    )
    text += """
[[boxes."9a.proof".tests]]
input = "a x b c"
verdict = "partial"
note = "distractor:z"

[[boxes."9a.proof".tests]]
input = "b a c"
verdict = "incorrect"
note = "misplaced:b"

[[boxes."9b.derive".tests]]
input = "2 t = 10\\nt = 4"
verdict = "incorrect"
note = "step:2"
"""
    report = validate_content(load_content(write(tmp_path, text)), check)
    failures = "\n".join(str(f) for f in report.failures)
    assert 'boxes."9a.proof".answer: expected the reference answer to be correct' in failures
    assert "no distractor with key 'z'" in failures
    assert 'boxes."9b.derive".answer: expected the reference answer to be correct' in failures
    assert report.tests_passed == 2  # b a c, and the broken line


def test_a_distractor_a_correct_answer_could_contain_is_a_failure(tmp_path):
    """A distractor that is graded as a block (here: an accept entry making it count)."""
    from tutor.checking.judge import check

    text = (
        HEAD
        + PROOF
        + """
[[boxes."9a.proof".accept]]
answer = "a x b c"
note = "x-is-fine"
verdict = "correct"
"""
    )
    report = validate_content(load_content(write(tmp_path, text)), check)
    failures = "\n".join(str(f) for f in report.failures)
    assert "distractor 'x' never to be part of a correct answer" in failures


def test_notes_of_the_reasoning_kinds_are_checked_before_the_tests_run(tmp_path):
    content = load_content(write(tmp_path, HEAD + PROOF + DERIVE))
    proof, derive = content.boxes["9a.proof"], content.boxes["9b.derive"]
    assert note_problem(proof, "partial", "misplaced:b") is None
    assert note_problem(proof, "partial", "missing") is None
    assert "no block with key 'q'" in note_problem(proof, "partial", "misplaced:q")[0]
    assert "never gives" in note_problem(proof, "partial", "step:2")[0]
    assert "partial or incorrect" in note_problem(proof, "correct", "distractor:x")[0]
    assert note_problem(derive, "incorrect", "step:2") is None
    assert note_problem(derive, "incorrect", "final:mistake:anything") is None
    assert note_problem(derive, "partial", "start") is None
    assert "always partial" in note_problem(derive, "incorrect", "one-way:2")[0]
    assert "never gives" in note_problem(derive, "incorrect", "misplaced:a")[0]
    assert note_problem(derive, "invalid", "invalid:lines") is None


def test_coverage_asks_for_wrong_orders_distractors_and_broken_lines(tmp_path):
    content = load_content(write(tmp_path, HEAD + PROOF + DERIVE))
    shortfalls = "\n".join(coverage_shortfalls(content))
    assert "box 9a.proof: 0 question tests" in shortfalls
    assert 'box 9a.proof: no test of a wrong order (note = "misplaced:...")' in shortfalls
    assert "box 9a.proof: 0 distractors tested" in shortfalls
    assert 'box 9b.derive: no test of a broken line (note = "step:<line>")' in shortfalls


# --------------------------------------------------------------------------- the homework


@pytest.fixture(scope="module")
def shipped():
    return shipped_content.handout()


def test_every_explanation_and_proof_part_has_an_automatically_checked_component(shipped):
    reasoning = {"1a", "1b", "1c", "2", "3a", "3c", "4a", "4d", "4e", "5c"}
    for part in shipped.parts():
        if part.explain is not None or part.id in reasoning:
            graded = [b for b in part.boxes if shipped.boxes[b].kind != "choice"] or part.boxes
            assert graded, f"part {part.id} has nothing checked automatically"
    kinds = {b.id: b.kind for b in shipped.boxes.values()}
    for box_id in ("1b.proof", "3c.proof", "4d.proof", "4e.proof"):
        assert kinds.get(box_id) == "proof", box_id
    for box_id in ("1a.derive", "1b.derive", "5c.derive"):
        assert kinds.get(box_id) == "derivation", box_id


def test_each_shipped_proof_has_distractors_hints_and_more_than_one_correct_order(shipped):
    from tutor.checking.proof.graph import correct_orders

    for box in shipped.boxes.values():
        if box.kind == "proof":
            assert len(box.distractors) >= 2 and all(d.feedback for d in box.distractors)
            assert len(box.hints) >= 3
            assert len(correct_orders(box)) >= 2, box.id
        if box.kind == "derivation":
            assert len(box.hints) >= 3 and box.target_box is not None


def test_the_explanation_stays_after_the_checkable_part(shipped):
    for part_id in ("1b", "3c", "4e"):
        part = shipped.part(part_id)
        assert part.explain is not None and part.boxes


# --------------------------------------------------------------------------- grade and help


def test_grade_and_batch_take_proofs_and_derivations_unchanged(capsys):
    import json

    from cli_helpers import run_in_process

    from tutor.ui.screens.help import help_markdown

    lines = [
        {"id": 1, "box": "4e.proof", "answer": "d n c r s"},
        {"id": 2, "box": "4e.proof", "answer": "n d c r s"},
        {"id": 3, "box": "5c.derive", "answer": "20*20 + 10*10 = 10 t\n500 = 10 t\nt = 50"},
        {"id": 4, "box": "5c.derive", "answer": "500 = 10 t\nt = 55"},
    ]
    p = run_in_process(
        ["grade", "--batch", "-"], stdin="\n".join(json.dumps(x) for x in lines) + "\n"
    )
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [(r["id"], r["verdict"], r["note"]) for r in rows] == [
        (1, "correct", "correct"),
        (2, "partial", "misplaced:n"),
        (3, "correct", "correct"),
        (4, "incorrect", "step:2"),
    ]
    assert rows[0]["interpreted"] == "d → n → c → r → s"
    single = run_in_process(["grade", "5c.derive", "500 = 10 t\nt = 55"])
    assert "Line 2 does not follow from line 1" in single.stdout
    # the help explains both kinds, with made-up examples; solved proofs are no typing examples
    text = help_markdown(shipped_content.handout(), solved=["4e.proof", "5c.derive"])
    assert "# Proofs from blocks" in text and "# Derivations, line by line" in text
    assert "3x + 4 = 10" in text
    assert "d n c r s" not in text and "t = 50" not in text


def test_a_derivation_hint_that_gives_the_value_away_early_is_a_failure(tmp_path):
    from tutor.checking.judge import check

    text = (HEAD + PROOF + DERIVE).replace(
        'answer = """\n2*t = 10\nt = 5\n"""\nhints = ["one", "two", "three"]',
        'answer = """\n2*t = 10\nt = 5\n"""\nhints = ["Divide by two: t = 5.", "two", "three"]',
    )
    report = validate_content(load_content(write(tmp_path, text)), check)
    failures = "\n".join(str(f) for f in report.failures)
    assert 'boxes."9b.derive".hints[0]: expected hint 1 not to show an answer to 9b.value' in (
        failures
    )
    assert "hints[1]" not in failures and "hints[2]" not in failures


def test_a_derivation_declares_the_boxes_its_first_line_states_else_none(tmp_path):
    declared = DERIVE.replace('target = "9b.value"', 'target = "9b.value"\nafter = ["9a.proof"]')
    content = load_content(write(tmp_path, HEAD + PROOF + declared))
    assert content.boxes["9b.derive"].after == ("9a.proof",)
    content = load_content(write(tmp_path, HEAD + PROOF + DERIVE))
    assert content.boxes["9b.derive"].after == ()  # not the boxes above it: checked at once
    shipped = shipped_content.templates()
    assert shipped.boxes["5c.derive"].after == ("5a.fwd", "5b.loadmem")
    assert shipped.boxes["1a.derive"].after == ("1a.value",)


@pytest.mark.parametrize(
    ("after", "says"),
    [
        ('["9b.valeu"]', "no box '9b.valeu'; did you mean '9b.value'? after takes the ids"),
        ('["9b.derive"]', "'9b.derive' is this box itself"),
    ],
)
def test_validate_reports_a_bad_derivation_after_where_it_is(tmp_path, capsys, after, says):
    from cli_helpers import run_cli

    derive = DERIVE.replace('target = "9b.value"', f'target = "9b.value"\nafter = {after}')
    text = HEAD + PROOF + derive
    write(tmp_path, text)
    line = textwrap.dedent(text).splitlines().index(f"after = {after}") + 1
    code, out, err = run_cli(["validate", str(tmp_path)], capsys)
    assert code == 1
    assert f'p9.toml:{line}: boxes."9b.derive".after' in out + err
    assert says in out + err
