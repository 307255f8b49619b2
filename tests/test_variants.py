"""Practice variants: the parameter schema, templates, numbers as a person writes them, seeded
sampling, derived values and constraints (tutor.content.params, tutor.variants)."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_content import CARDS, write

from tutor.checking.judge import check
from tutor.content.issues import ContentError
from tutor.content.loader import load_content
from tutor.variants import engine, functions
from tutor.variants.engine import instantiate
from tutor.variants.errors import ParamError
from tutor.variants.expressions import compute, exact, symbolic
from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.render import render, render_tree
from tutor.variants.sampling import sample
from tutor.variants.scopes import defaults
from tutor.variants.values import Formula, approx
from tutor.variants.values import write as write_value

ROOT = Path(__file__).resolve().parent.parent

# A small parameterized problem: a box whose key is a product of two parameters, a mistake that
# is their sum (told apart by a constraint), and texts that quote them.
TOY = '''schema = 1

[problem]
id = "7"
title = "Rows of chairs"
summary = "Count chairs."

[[parts]]
id = "7a"
title = "How many chairs?"
statement = """A hall has **{{rows}} rows** of {{per_row}} chairs; the stage is {{depth|about}} m deep.
Type a whole number, e.g. `{{example}}`."""
boxes = ["7a.n"]
solution = """{{rows}} · {{per_row}} = **{{total}}**, as {{rows|word}} rows of {{per_row}}."""
constraints = ["rows != per_row", "total != example", "2 <= rows <= per_row + 3"]

[parts.params]
rows = { default = 4, range = [2, 9] }
per_row = { default = 5, choices = [3, 5, 7, 11] }
depth = { default = 2.5, range = [1.5, 4], step = 0.5 }

[parts.derived]
total = "rows*per_row"
sum = "rows + per_row"
example = "per_row + 100"

[boxes."7a.n"]
kind = "count"
prompt = "chairs"
answer = "{{total}}"
nouns = ["chairs"]
hints = ["Count one row: {{per_row}} chairs.", "There are {{rows}} rows.", "Multiply: {{rows}} × {{per_row}}."]
feedback = "{{rows}} rows of {{per_row}}."

[[boxes."7a.n".mistakes]]
answer = "{{sum}}"
note = "added"
feedback = "You added {{rows}} and {{per_row}}; each row has {{per_row}} chairs."

[[boxes."7a.n".tests]]
input = "{{total}} chairs"
verdict = "correct"
note = "correct"

[[boxes."7a.n".tests]]
input = "{{rows}}*{{per_row}}"
verdict = "correct"
note = "correct"

[[boxes."7a.n".tests]]
input = "{{sum}}"
verdict = "incorrect"
note = "mistake:added"
'''


@pytest.fixture
def toy(tmp_path):
    return load_content(write(tmp_path / "toy", {"p7.toml": TOY, "cards.toml": CARDS}))


def load_error(tmp_path, text: str) -> list:
    with pytest.raises(ContentError) as info:
        load_content(write(tmp_path / "bad", {"p7.toml": text, "cards.toml": CARDS}))
    return info.value.issues


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- the handout


def test_without_a_seed_every_text_is_the_handout(toy):
    handout = engine.handout(toy)
    part = handout.part("7a")
    assert part.statement.startswith("A hall has **4 rows** of 5 chairs; the stage is 2.5 m deep.")
    assert "`105`" in part.statement
    assert part.solution == "4 · 5 = **20**, as four rows of 5."
    box = handout.boxes["7a.n"]
    assert box.answer == "20" and box.mistakes[0].answer == "9"
    assert box.hints[2] == "Multiply: 4 × 5." and box.tests[1].input == "4*5"
    assert handout.templates is toy and handout.raw is toy
    assert instantiate(toy, "7a").part == part  # variant 0 is the handout


def test_content_without_parameters_is_returned_as_loaded(tmp_path):
    from test_content import PROBLEM

    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    assert engine.handout(content) is content


# ----------------------------------------------------------------------------- sampling


def test_a_seed_always_gives_the_same_variant_and_seeds_differ(toy):
    first = [dict(sample(toy, "7a", seed)) for seed in range(1, 30)]
    again = [dict(sample(toy, "7a", seed)) for seed in range(1, 30)]
    assert first == again
    assert len({tuple(sorted(p.items())) for p in first}) > 15
    handout = defaults(toy, "7a")
    assert all(p != handout for p in first)  # a new variant is never the handout


def test_the_same_seed_in_another_process_gives_the_same_parameters(toy):
    code = (
        "from tutor.content.loader import load_content\n"
        "from tutor.variants.sampling import sample\n"
        f"print(sample(load_content({str(Path(toy.directory))!r}), '7a', 17))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == str(sample(toy, "7a", 17))


def test_sampled_sets_satisfy_every_constraint_and_rule(toy):
    for seed in range(1, 200):
        p = sample(toy, "7a", seed)
        assert 2 <= p["rows"] <= 9 and p["per_row"] in (3, 5, 7, 11)
        assert p["rows"] != p["per_row"] and p["rows"] <= p["per_row"] + 3
        assert p["depth"] in {Fraction(3, 2), 2, Fraction(5, 2), 3, Fraction(7, 2), 4}


def test_a_variant_fills_every_text_with_its_numbers(toy):
    v = instantiate(toy, "7a", seed=5)
    rows, per_row = v.params["rows"], v.params["per_row"]
    box = v.boxes["7a.n"]
    assert box.answer == str(rows * per_row)
    assert box.mistakes[0].answer == str(rows + per_row)
    assert f"**{rows} rows** of {per_row} chairs" in v.part.statement
    assert box.tests[0].input == f"{rows * per_row} chairs"
    assert "{{" not in repr(v.part) + repr(box)
    # the checker judges the instantiated box as it is
    assert check(box, f"{rows * per_row} chairs").verdict == "correct"
    assert check(box, str(rows + per_row)).note == "mistake:added"
    assert check(box, "20").verdict != "correct" or rows * per_row == 20


def test_parameters_set_by_hand_keep_the_others_at_the_handout(toy):
    v = instantiate(toy, "7a", params={"rows": "7"})
    assert dict(v.params) == {"rows": 7, "per_row": 5, "depth": Fraction(5, 2)}
    assert v.seed is None and v.key == "set:rows=7" and v.boxes["7a.n"].answer == "35"
    assert instantiate(toy, "7a", params={"depth": "3.5"}).values["depth"] == Fraction(7, 2)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"rowz": "3"}, "unknown parameter 'rowz'; did you mean 'rows'?"),
        ({"rows": "12"}, "rows = 12 is out of range: a whole number from 2 to 9"),
        ({"per_row": "4"}, "per_row = 4 is out of range: one of 3, 5, 7, 11"),
        ({"depth": "1.75"}, "a number from 1.5 to 4 in steps of 0.5"),
        ({"rows": "many"}, "rows must be a number"),
        ({"rows": "5"}, "break the constraint 'rows != per_row'"),
        ({"rows": "9", "per_row": "3"}, "break the constraint '2 <= rows <= per_row + 3'"),
    ],
)
def test_bad_parameters_are_one_clear_line(toy, params, message):
    with pytest.raises(ParamError) as info:
        instantiate(toy, "7a", params=params)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert info.value.exit_code == 2


def test_a_seed_and_parameters_together_or_a_bad_seed_are_refused(toy):
    with pytest.raises(ParamError):
        instantiate(toy, "7a", seed=3, params={"rows": "3"})
    with pytest.raises(ParamError, match="seed"):
        sample(toy, "7a", -1)


def test_a_part_without_parameters_has_only_the_handout(tmp_path):
    from test_content import PROBLEM

    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    assert instantiate(content, "7a").boxes["7a.n"].answer == "20"
    with pytest.raises(ParamError, match="has no parameters"):
        instantiate(content, "7a", seed=2)


def test_impossible_constraints_are_reported_not_looped(tmp_path):
    text = TOY.replace('"rows != per_row",', '"rows > 100",')
    with pytest.raises(ContentError, match="rows > 100"):
        engine.load(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))


# ----------------------------------------------------------------------------- templates


def test_render_fills_names_and_leaves_other_braces_alone():
    values = {"n": 10, "x": Fraction(490, 9)}
    assert render("{{n}} and {{ n|sub }} and {{x|about}}", values) == "10 and ₁₀ and 490/9 ≈ 54.4"
    assert render(r"\frac{{1}}{2} and {{missing}} and {x}", values) == (
        r"\frac{{1}}{2} and {{missing}} and {x}"
    )


def test_render_tree_fills_every_text_field_of_a_box(toy):
    raw = toy.boxes["7a.n"]
    box = render_tree(raw, {"total": 99, "sum": 1, "rows": 2, "per_row": 3})
    assert (box.answer, box.mistakes[0].answer, box.tests[2].input) == ("99", "1", "1")
    assert box.mistakes[0].feedback.startswith("You added 2 and 3")
    assert box.id == raw.id and box.kind == raw.kind and box.tests[0].verdict == "correct"
    assert render_tree(raw, {}) == raw


@pytest.mark.parametrize(
    "value, filter_, text",
    [
        (10, None, "10"),
        (Fraction(1, 20), None, "0.05"),
        (0.1 + 0.2, None, "0.3"),  # no float noise
        (Fraction(490, 9), None, "490/9"),
        (Fraction(490, 9), "approx", "54.4"),
        (Fraction(95, 4), "approx", "23.75"),  # a short decimal stays exact
        (Fraction(490, 9), "point", "54.4"),
        (50, "point", "50.0"),
        (20, "sci", "2e1"),
        (12, "sci", "1.2e1"),
        (Fraction(1, 20_000_000), "sci", "5e-8"),
        (3, "word", "three"),
        (42, "word", "forty-two"),
        (3, "Word", "Three"),
        (250, "word", "250"),
        (10, "sub", "₁₀"),
        (1, "coef", ""),
        (-1, "coef", "-"),
        (3, "coef", "3*"),
        (Fraction(1, 3), "coef", "(1/3)*"),
        (2, "ordinal", "2nd"),
        (13, "ordinal", "13th"),
        (Fraction(-1, 2), "pretty", "−0.5"),
        (Formula("2/pi", "2/π", 0.6366), None, "2/pi"),
        (Formula("2/pi", "2/π", 0.6366), "pretty", "2/π"),
        (Formula("2/pi", "2/π", 0.6366), "paren", "(2/pi)"),
        (Formula("2/pi", "2/π", 0.6366), "coef", "(2/pi)*"),
        (Formula("2/pi", "2/π", 0.63662), "about", "2/π ≈ 0.637"),
        ("gaussian", "Word", "Gaussian"),
        (Formula("2/pi", "2/π", 0.6366), ("pretty", "paren"), "(2/π)"),
        (Formula("sqrt(2/pi)", "√(2/π)", 0.798), ("pretty", "paren"), "√(2/π)"),
        (Formula("2/pi", "2/π", 0.6366), ("pretty", "times"), "(2/π)"),
        (Fraction(9, 4), ("pretty", "times"), "2.25·"),
        (1, ("pretty", "times"), ""),
        (Fraction(3, 4), ("pretty", "after"), "·0.75"),
        (Formula("1 - 2/pi", "1 − 2/π", 0.36), ("pretty", "after"), "(1 − 2/π)"),
        (Formula("2/pi", "2/π", 0.6366, "\\frac{2}{\\pi}"), "latex", "\\frac{2}{\\pi}"),
        (Fraction(1, 3), "latex", "\\frac{1}{3}"),
        (Formula("sqrt(2/pi)", "√(2/π)", 0.7978845608), "approx2", "0.80"),
        (Formula("sqrt(pi/2)", "√(π/2)", 1.2533141373), "approx5", "1.2533"),
    ],
)
def test_numbers_are_written_as_a_person_writes_them(value, filter_, text):
    assert write_value(value, filter_) == text


def test_approx_keeps_three_significant_figures():
    assert [approx(x) for x in (Fraction(1, 3), 1234.5, 0.00271428, 7)] == [
        "0.333",
        "1235",
        "0.00271",
        "7",
    ]


# ----------------------------------------------------------------------------- expressions


def test_derived_values_are_exact_and_formulas_stay_formulas():
    values = {"a": 3, "b": Fraction(1, 2)}
    assert compute.evaluate("a^2 - 1/b", values) == 7
    assert compute.evaluate("(a + b)/2", values) == Fraction(7, 4)
    f = compute.evaluate("sqrt(2/pi)*a", values)
    assert isinstance(f, Formula) and abs(f.approx - 3 * (2 / 3.141592653589793) ** 0.5) < 1e-12
    g = compute.evaluate("a*d1 + b*d1^2", values, symbols=("d1",))
    assert isinstance(g, Formula) and "d1" in g.text and g.approx is None


def test_expressions_are_read_by_the_input_language_never_eval():
    with pytest.raises(ExpressionError):
        compute.evaluate("__import__('os').system('true')", {})
    with pytest.raises(ExpressionError):
        compute.evaluate("1/(a - a)", {"a": 2})


@pytest.mark.parametrize(
    "text, holds",
    [
        ("a < b", True),
        ("a >= b", False),
        ("a != b", True),
        ("a = 3", True),
        ("a ≠ 3", False),
        ("1 <= a <= b - 1", True),
        ("2 < a < 3", False),
        ("(a - b)^2 >= 1", True),
        ("sqrt(a) < 2", True),
        ("kind = uniform", False),
        ("kind != uniform", True),
    ],
)
def test_constraints(text, holds):
    values = {"a": 3, "b": 5, "kind": "gaussian"}
    assert compute.holds(text, values) is holds


def _arith(draw_leaf):
    return st.recursive(
        draw_leaf,
        lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^"]), inner).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})" if t[1] != "^" else f"({t[0]})^2"
        ),
        max_leaves=6,
    )


@settings(max_examples=150, deadline=None)
@given(
    _arith(st.sampled_from(["a", "b", "t_f", "2", "7", "0.5", "-3", "10", "sqrt(9/4)", "sqrt(a)"]))
)
def test_the_exact_reading_agrees_with_the_input_language(text):
    """Plain arithmetic is computed without sympy; it must read exactly as the checker does."""
    values = {"a": 3, "b": Fraction(5, 4), "t_f": 6}
    try:
        fast = exact.Plain(text, values).run()
    except (exact.NotPlain, ExpressionError):
        return
    slow = symbolic.with_sympy(text, values, ())
    assert fast == slow, text


def test_the_handout_renders_without_loading_sympy():
    code = (
        "import sys\n"
        "from tutor.variants.engine import load\n"
        "from tutor.paths import packaged_content_dir\n"
        "c = load(packaged_content_dir())\n"
        "print(c.boxes['5a.fwd'].answer, 'sympy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["20", "False"]


def test_content_can_call_only_registered_functions():
    with pytest.raises(functions.FunctionError, match="did you mean 'remat.fwd'"):
        functions.call("remat.fwdd", [10, 5])
    with pytest.raises(functions.FunctionError, match="takes 2 argument"):
        functions.call("remat.fwd", [10])
    assert functions.call("remat.fwd", [10, 5]) == 20


# ----------------------------------------------------------------------------- the schema


def test_an_unknown_placeholder_is_named_with_its_file_and_line(tmp_path):
    text = TOY.replace("Multiply: {{rows}}", "Multiply: {{rowz}}")
    issues = load_error(tmp_path, text)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.file == "p7.toml" and issue.line == line_of(text, "{{rowz}}")
    assert issue.key == 'boxes."7a.n".hints[2]'
    assert "{{rowz}}" in issue.message and "did you mean {{rows}}" in issue.message


def test_a_placeholder_inside_a_long_text_is_found_on_its_own_line(tmp_path):
    text = TOY.replace("Type a whole number", "Type {{nope}} a whole number")
    (issue,) = load_error(tmp_path, text)
    assert issue.line == line_of(text, "{{nope}}") and "'nope'" in issue.message


def test_placeholders_in_a_part_without_parameters_and_bad_filters_are_reported(tmp_path):
    from test_content import PROBLEM

    text = PROBLEM.replace('statement = """How many?"""', 'statement = """How many {{n}}?"""')
    (issue,) = load_error(tmp_path / "a", text)
    assert "declares no parameters" in issue.message
    text = TOY.replace("{{rows|word}}", "{{rows|words}}")
    (issue,) = load_error(tmp_path / "b", text)
    assert "unknown filter 'words'" in issue.message and "did you mean 'word'?" in issue.message
    text = TOY.replace("{{rows|word}}", "{{rows|word}")
    (issue,) = load_error(tmp_path / "c", text)
    assert "not closed" in issue.message


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "rows = { default = 4, range = [2, 9] }",
            "rows = { range = [2, 9] }",
            "missing key 'default'",
        ),
        (
            "rows = { default = 4, range = [2, 9] }",
            "rows = { default = 12, range = [2, 9] }",
            "is not allowed by the rule",
        ),
        (
            "rows = { default = 4, range = [2, 9] }",
            "rows = { default = 4, range = [2, 9], choices = [4] }",
            "exactly one sampling rule",
        ),
        (
            "rows = { default = 4, range = [2, 9] }",
            "rows = { default = 4, range = [9, 2] }",
            "is not below",
        ),
        ("step = 0.5", "step = 0.3", "not a whole number of steps"),
        (
            "rows = { default = 4, range = [2, 9] }",
            "rows = { default = 4, range = [2, 9], defualt = 3 }",
            "did you mean 'default'?",
        ),
        (
            'sum = "rows + per_row"',
            'sum = { call = "remat.fwd", args = ["rows", "perrow"] }',
            "'perrow' is not a parameter",
        ),
        ('sum = "rows + per_row"', 'sum = { expr = "rows", call = "remat.fwd" }', "exactly one of"),
        ('sum = "rows + per_row"', 'pi = "rows + per_row"', "a name of the input language"),
    ],
)
def test_schema_errors_in_parameters(tmp_path, old, new, message):
    issues = load_error(tmp_path, TOY.replace(old, new))
    assert any(message in i.message for i in issues), [str(i) for i in issues]
    assert all(i.file == "p7.toml" and i.line for i in issues)


# A part whose only parameter is k, declared below the texts that use {{k}} in many places.
ONE_PARAM = """schema = 1

[problem]
id = "7"
title = "Groups"
summary = "Count groups."

[[parts]]
id = "7a"
title = "How many groups?"
statement = "Split {{k|word}} teams into pairs: how many pairs of {{k}} teams are there?"
boxes = ["7a.n"]
solution = "There are {{k}}·({{k}} − 1)/2 pairs."

[parts.params]
k = { default = 4, range = [2, 5] }

[boxes."7a.n"]
kind = "count"
prompt = "pairs"
answer = "{{k}}*({{k}}-1)/2"
hints = [
  "Each of the {{k}} teams meets {{k}} − 1 others.",
  "That counts every pair twice.",
  "Halve {{k}}·({{k}} − 1).",
]
"""


@pytest.mark.parametrize(
    "new, cause",
    [
        ("k = { default = 4, rnage = [2, 5] }", "did you mean 'range'?"),
        ("k = { default = 4, range = [2, 5], step = 0 }", "must be a positive number"),
        ("k = { default = 4, choices = [] }", "must be a non-empty list"),
        ("k = { default = 4, range = [5, 2] }", "low 5 is not below high 2"),
        ("k = { default = 30, range = [2, 5] }", "the default 30 is not allowed"),
        ("k = { default = 4, range = [2, 5], lable = 'k' }", "did you mean 'label'?"),
    ],
)
def test_a_broken_parameter_is_reported_once_not_at_every_use(tmp_path, new, cause):
    """A broken declaration used to bury its cause under an 'unknown placeholder {{k}}' (or
    'this part declares no parameters') at every use of {{k}}, each listing every name."""
    text = ONE_PARAM.replace("k = { default = 4, range = [2, 5] }", new)
    load_content(write(tmp_path / "good", {"p7.toml": ONE_PARAM, "cards.toml": CARDS}))
    issues = load_error(tmp_path, text)
    assert [i.line for i in issues] == [line_of(text, new)], [str(i) for i in issues]
    assert cause in issues[0].message
    assert not any("placeholder" in i.message or "declares no" in i.message for i in issues)


def test_did_you_mean_names_a_few_close_names_never_all(tmp_path):
    many = "\n".join(f'count_{i} = "rows + {i}"' for i in range(60))
    text = TOY.replace('sum = "rows + per_row"', 'sum = "rows + per_row"\n' + many)
    text = text.replace("Multiply: {{rows}}", "Multiply: {{count_7x}}")
    (issue,) = load_error(tmp_path / "a", text)
    assert "did you mean {{count_7}}" in issue.message
    assert issue.message.count("{{") <= 4 and len(issue.message) < 200, issue.message
    (issue,) = load_error(tmp_path / "b", text.replace("{{count_7x}}", "{{zzz}}"))
    assert "did you mean" not in issue.message and "count_1" not in issue.message
    assert len(issue.message) < 200


def test_a_derived_value_that_cannot_be_computed_stops_the_load_with_its_key(tmp_path):
    text = TOY.replace(
        'sum = "rows + per_row"', 'sum = { call = "remat.nothing", args = ["rows"] }'
    )
    with pytest.raises(ContentError) as info:
        engine.load(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    (issue,) = info.value.issues
    assert issue.key == "parts[0].derived.sum" and issue.line == line_of(text, "remat.nothing")
    assert "no function 'remat.nothing'" in issue.message


def test_a_select_picks_text_by_a_parameter(tmp_path):
    text = (
        TOY.replace(
            'example = "per_row + 100"',
            'example = "per_row + 100"\nsize = { select = "per_row", cases = { "3" = "short ({{rows}})", "*" = "long" } }',
        )
        .replace('summary = "Count chairs."', 'summary = "Count."')
        .replace("Type a whole number", "Rows are {{size}}. Type a whole number")
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert "Rows are long." in instantiate(content, "7a").part.statement
    short = instantiate(content, "7a", params={"per_row": "3", "rows": "2"})
    assert "Rows are short (2)." in short.part.statement


def test_the_guides_parameterized_example_passes_validate_and_its_variants(tmp_path):
    import re

    from tutor.authoring.coverage import coverage_shortfalls
    from tutor.authoring.validate import validate_content
    from tutor.authoring.variant_checks import validate_variants

    guide = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    after = guide.split("This parameterized file passes", 1)[1]
    example = re.search(r"```toml\n(.*?)```", after, re.S).group(1)
    (tmp_path / "p8.toml").write_text(example, encoding="utf-8")
    content = engine.load(tmp_path)
    report = validate_content(content, check)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    assert [s for s in coverage_shortfalls(content) if s.startswith("box ")] == []
    variants = validate_variants(content, check, 50)
    assert variants.ok, "\n".join(str(f) for f in variants.failures)
    assert variants.distinct["8a"] > 20
    assert content.boxes["8a.out"].answer == "24"
    assert instantiate(content, "8a", params={"n": "40", "k": "7"}).boxes["8a.out"].answer == "34"


def test_a_when_keeps_a_reading_or_test_to_the_variants_where_it_holds(tmp_path):
    text = TOY.replace('''note = "added"''', '''note = "added"\nwhen = "per_row != 11"''').replace(
        '''input = "{{sum}}"''', """input = "{{sum}}"\nwhen = ["per_row != 11", "rows >= 2"]"""
    )
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    box = instantiate(content, "7a").boxes["7a.n"]
    assert [m.note for m in box.mistakes] == ["added"] and len(box.tests) == 3
    eleven = instantiate(content, "7a", params={"per_row": "11", "rows": "3"}).boxes["7a.n"]
    assert eleven.mistakes == () and len(eleven.tests) == 2


def test_a_when_in_a_part_without_parameters_is_reported(tmp_path):
    from test_content import PROBLEM

    text = PROBLEM.replace('note = "too-many"', 'note = "too-many"\nwhen = "n > 3"')
    (issue,) = load_error(tmp_path, text)
    assert issue.key.endswith("mistakes[0].when") and "has none" in issue.message


def test_next_seed_skips_seeds_that_repeat_the_numbers_shown(toy):
    from tutor.variants.sampling import next_seed

    drawn = {s: sample(toy, "7a", s) for s in range(1, 200)}
    for after in range(0, 150):
        shown = drawn.get(after)
        seed = next_seed(toy, "7a", after, [shown] if shown else [])
        assert seed > after and drawn[seed] != shown
        # the first such seed: the ones passed over all repeat the numbers shown
        assert all(drawn[s] == shown for s in range(after + 1, seed))


def test_distinct_seeds_give_different_parameters_and_stop_when_there_are_no_more(tmp_path):
    from tutor.variants.sampling import distinct_seeds

    few = TOY.replace(
        "rows = { default = 4, range = [2, 9] }", "rows = { default = 4, range = [4, 6] }"
    )
    few = few.replace(
        "per_row = { default = 5, choices = [3, 5, 7, 11] }",
        "per_row = { default = 5, choices = [5] }",
    )
    few = few.replace(
        "depth = { default = 2.5, range = [1.5, 4], step = 0.5 }",
        "depth = { default = 2.5, choices = [2.5] }",
    )
    content = load_content(write(tmp_path / "few", {"p7.toml": few, "cards.toml": CARDS}))
    seeds = distinct_seeds(content, ("7a",), 10)
    assert sorted(sample(content, "7a", s)["rows"] for s in seeds) == [
        6
    ]  # 4 is the handout, 5 = per_row
    toy = load_content(write(tmp_path / "toy", {"p7.toml": TOY, "cards.toml": CARDS}))
    seeds = distinct_seeds(toy, ("7a",), 30)
    params = [tuple(sample(toy, "7a", s).items()) for s in seeds]
    assert len(seeds) == 30 and len(set(params)) == 30 and seeds == sorted(seeds)
