"""``hw3-tutor validate`` finds math that Markdown would eat, and Markdown that would show raw.

Statements, solutions, readings and cards are rendered by Textual's Markdown widget:
there ``‖A‖_{RMS→RMS} … ‖A‖_*`` loses its underscores to italics. Hints, feedback,
prompts, choices and rubric points are shown as typed: there ``**bold**`` shows its
asterisks. Each finding names the file, the line the snippet is on, the key, the
snippet and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from test_content import CARDS, PROBLEM, line_of, write

from tutor.authoring.markup import markdown_issues, plain_text_issues
from tutor.authoring.texts import check_texts
from tutor.authoring.validate import validate_content
from tutor.content.loader import load_content

NORM = "‖A‖_{RMS→RMS} = max_v RMS(Av)/RMS(v) = √(d1/d2) · ‖A‖_*."


@dataclass(frozen=True)
class Correct:
    verdict: str = "correct"
    note: str = "correct"
    feedback: str = ""


def failures_of(tmp_path, problem: str = PROBLEM, cards: str = CARDS):
    content = load_content(write(tmp_path, {"p7.toml": problem, "cards.toml": cards}))
    return check_texts(content)[1]


def with_statement(body: str) -> str:
    """The toy problem with a multi-line statement (the body between the quotes)."""
    return PROBLEM.replace('statement = """How many?"""', f"statement = {body}")


# -- Markdown fields -------------------------------------------------------------------


def test_underscore_math_in_a_statement_is_reported_with_line_snippet_and_fix(tmp_path):
    text = with_statement(f'"""\nLet A be a matrix and\n  {NORM}\nHow many?\n"""')
    (failure,) = failures_of(tmp_path, text)
    assert failure.file == "p7.toml"
    assert failure.line == line_of(text, "max_v RMS")  # the line the snippet is on
    assert failure.key == "parts[0].statement"
    assert "‖A‖_{RMS→RMS}" in failure.got and "italics" in failure.got
    assert "\\_" in failure.got and "code span" in failure.got
    assert "Markdown" in failure.expected


def test_escaped_underscores_and_asterisks_are_clean_in_both_kinds_of_toml_string(tmp_path):
    escaped = NORM.replace("_", "\\_").replace("*", "\\*")
    literal = with_statement(f"'''\n{escaped}\n'''")
    assert failures_of(tmp_path / "literal", literal) == []
    basic = with_statement('"""\n' + escaped.replace("\\", "\\\\") + '\n"""')
    assert failures_of(tmp_path / "basic", basic) == []


def test_intended_bold_and_italics_are_not_flagged():
    text = (
        "**Value.** So **c = 1/√d1** and the update W**x** has **x**ᵀ in it.\n"
        "The bottom *moves*, and the answer is **1**. *Paper: Yang et al. (arXiv 2203.03466).*\n"
        "- **left** panel: SP; **right**: μP\n\n"
        "Type `2*d1*d2` or `\\frac{1}{\\sqrt{d_1}}`; fan_in and n_ℓ stay as written."
    )
    assert markdown_issues(text) == []


def test_asterisks_used_as_math_are_flagged():
    (product,) = markdown_issues("The count is 2*d1*d2 in all.")
    assert "2*d1*d2" in product.snippet and "\\*" in product.fix
    # ‖W‖_*‖h‖ … ‖A‖_*: the stars of the spectral norm pair up across the text
    issues = markdown_issues("So ‖W h‖ ≤ ‖W‖\\_*‖h‖, and likewise ‖A v‖ ≤ ‖A‖\\_*‖v‖.")
    assert len(issues) == 1 and "pairs up as italics" in issues[0].problem
    (equation,) = markdown_issues("where *x = 2* holds")
    assert "x = 2" in equation.snippet


def test_raw_latex_links_html_and_stray_backticks_are_flagged():
    frac, sqrt = markdown_issues("The constant is \\frac{1}{\\sqrt{d_1}}.")
    assert "\\frac" in frac.problem and "\\sqrt" in sqrt.problem and "Unicode" in frac.fix
    (link,) = markdown_issues("The gradient E[f](x) is what we want.")
    assert "link" in link.problem
    (html,) = markdown_issues("The pair <x, y> is fine but <b>this</b> vanishes.")[:1]
    assert "HTML" in html.problem
    (tick,) = markdown_issues("Type `20 or 20 fwd.")
    assert "backtick" in tick.problem


def test_a_finding_in_a_card_names_cards_toml_and_its_line(tmp_path):
    cards = CARDS.replace(
        '"""Some *Markdown*."""',
        '"""\n*Same paper.* Layer ℓ.\n\n- ‖W_ℓ‖_* = Θ(√(n_ℓ / n_{ℓ−1})), and\n'
        '- ‖ΔW_ℓ‖_* = Θ(√(n_ℓ / n_{ℓ−1})).\n"""',
    )
    first, second = failures_of(tmp_path, cards=cards)  # one per list item
    assert (first.file, first.key) == ("cards.toml", "cards.toy-card.body")
    assert first.line == line_of(cards, "- ‖W_ℓ‖_*")
    assert second.line == line_of(cards, "- ‖ΔW_ℓ‖_*")
    assert "‖W_ℓ‖_* = Θ" in first.got


def test_a_finding_in_a_solution_reading_counts_as_a_failed_check(tmp_path):
    text = PROBLEM.replace('"""Twenty."""', '"""Twenty: 4*5*1."""')
    content = load_content(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))

    report = validate_content(content, lambda box, answer: Correct())
    keys = [f.key for f in report.failures]
    assert "parts[0].solution" in keys
    assert report.checks_failed >= 1 and not report.ok


# -- plain-text fields -----------------------------------------------------------------


def test_math_in_a_plain_text_field_is_shown_as_typed_so_it_is_clean(tmp_path):
    text = PROBLEM.replace('"closer"', f'"{NORM}"').replace(
        'feedback = "Too many."', 'feedback = "Each term is 2*d1*d2 and ‖W h‖ ≤ ‖W‖_*‖h‖."'
    )
    assert failures_of(tmp_path, text) == []


def test_markdown_emphasis_in_a_plain_text_field_is_reported(tmp_path):
    text = PROBLEM.replace('"closer"', '"It is **not** the fan-out."').replace(
        'points = ["first point"', 'points = ["*first* point"'
    )
    failures = {f.key: f for f in failures_of(tmp_path, text)}
    hint = failures['boxes."7a.n".hints[1]']
    assert hint.line == line_of(text, "**not**")
    assert "plain text" in hint.expected and "**not**" in hint.got and "drop" in hint.got
    assert "parts[1].explain.points[0]" in failures


def test_a_backslash_escape_in_a_plain_text_field_is_reported():
    (issue,) = plain_text_issues("The norm ‖A‖\\_\\* is the spectral norm.")[:1]
    assert "backslash" in issue.problem and "‖A‖\\_" in issue.snippet
    assert plain_text_issues("Type \\frac{1}{\\sqrt{d_1}} if you like LaTeX.") == []


def test_titles_prompts_and_choices_are_checked_as_plain_text(tmp_path):
    text = PROBLEM.replace('prompt = "things"', 'prompt = "how **many** things"')
    (failure,) = failures_of(tmp_path, text)
    assert failure.key == 'boxes."7a.n".prompt'
    assert failure.line == line_of(text, "how **many**")


def test_a_formula_wrapped_before_a_plus_is_flagged_because_it_becomes_a_bullet():
    text = "If the input stays in memory (9 loaddisk\n+ 1 loadmem) the break-even is 54.4 ns."
    (issue,) = markdown_issues(text)
    assert issue.line == 1 and "bullet" in issue.problem and "+ 1 loadmem" in issue.snippet
    assert markdown_issues(text.replace("loaddisk\n+", "loaddisk +\n")) == []
    # a list meant as a list: after a blank line, or with words after the marker
    assert markdown_issues("Two things:\n\n- the sign\n- the RMS") == []
    assert markdown_issues("Two things:\n- the sign\n- the RMS") == []
