"""Loading content: the typed model, and every schema error named by file, line and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.content.issues import ContentError
from tutor.content.loader import MissingContentError, load_content
from tutor.content.positions import LineLocator, format_key
from tutor.paths import packaged_content_dir

PROBLEM = '''schema = 1

[problem]
id = "7"
title = "Toy problem"
summary = "A small problem for tests."

[[parts]]
id = "7a"
title = "Count things"
statement = """How many?"""
boxes = ["7a.n"]
solution = """Twenty."""
cards = ["toy-card"]

[[parts]]
id = "7b"
title = "Explain"
statement = "Why?"
solution = "Because."

[parts.explain]
prompt = "Say why."
points = ["first point", "second point"]

[boxes."7a.n"]
kind = "count"
prompt = "things"
answer = "20"
nouns = ["things"]
hints = ["nudge", "closer", "the key step"]

[[boxes."7a.n".mistakes]]
answer = "45"
note = "too-many"
feedback = "Too many."

[[boxes."7a.n".tests]]
input = "20"
verdict = "correct"
note = "correct"
'''

CARDS = '''[cards.toy-card]
title = "Toy card"
body = """Some *Markdown*."""
'''


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def errors_of(directory: Path) -> list:
    with pytest.raises(ContentError) as info:
        load_content(directory)
    return info.value.issues


def one_error(directory: Path):
    issues = errors_of(directory)
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# -- the model ------------------------------------------------------------------


def test_a_valid_directory_loads_into_the_typed_model(tmp_path):
    content = load_content(write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS}))
    assert [p.id for p in content.problems] == ["7"]
    part = content.part("7a")
    assert part is not None and part.problem_id == "7" and part.boxes == ("7a.n",)
    box = content.boxes["7a.n"]
    assert box.kind == "count" and box.answer == "20" and box.nouns == ("things",)
    assert box.mistakes[0].note == "too-many" and box.mistakes[0].verdict == "incorrect"
    assert box.tests[0].note == "correct"
    assert content.part("7b").explain.points == ("first point", "second point")
    assert content.cards["toy-card"].title == "Toy card"
    assert content.directory == str(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{64}", content.content_hash)


def test_problems_are_sorted_by_number_not_by_file_name(tmp_path):
    ten = PROBLEM.replace('id = "7"', 'id = "10"').replace("7a", "10a").replace("7b", "10b")
    content = load_content(write(tmp_path, {"a.toml": ten, "b.toml": PROBLEM, "cards.toml": CARDS}))
    assert [p.id for p in content.problems] == ["7", "10"]
    assert content.part("10a").problem_id == "10"


def test_the_content_hash_changes_when_a_file_changes(tmp_path):
    write(tmp_path, {"p7.toml": PROBLEM, "cards.toml": CARDS})
    before = load_content(tmp_path).content_hash
    assert load_content(tmp_path).content_hash == before
    write(tmp_path, {"p7.toml": PROBLEM.replace("How many?", "How many now?")})
    assert load_content(tmp_path).content_hash != before


def test_the_packaged_content_loads_with_every_part_of_problems_5_and_6():
    from tutor.variants.engine import load  # the handout: problem 5 at its defaults

    content = load(packaged_content_dir())
    for part_id in ("5a", "5b", "5c", "6a", "6b", "6c"):
        assert content.part(part_id) is not None, part_id
    # the kinds and keys the model gives them (the numbers themselves are the content's to set:
    # the checker tests in test_checker_content.py hold each box to its own key)
    fwd = content.boxes["5a.fwd"]
    assert fwd.kind == "count" and fwd.answer.isdigit() and "fwd" in fwd.nouns
    assert content.boxes["5b.loadmem"].kind == "count"
    disk = content.boxes["5c.loaddisk"]
    assert (disk.kind, disk.unit, disk.bound) == ("number", "ns", "upper")
    assert content.part("5a").plot == "remat-schedule"
    assert content.part("5c").plot == "remat-breakeven"
    # the solution states the key and the other reading's value, as the accepted reading has it
    solution = content.part("5c").solution
    assert f"{disk.answer} ns" in solution
    other = next(r for r in disk.accept if r.note == "input-in-memory")
    assert other.answer in solution
    hours = content.part("6c").reflect[0]
    assert hours.prefill == "hours"
    assert all(not content.part(p).boxes for p in ("6a", "6b", "6c"))


# -- schema errors -------------------------------------------------------------


def test_an_unknown_key_is_named_with_its_line_and_the_closest_known_key(tmp_path):
    text = PROBLEM.replace('nouns = ["things"]', 'nouns = ["things"]\nunti = "ns"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.file == "p7.toml"
    assert issue.line == line_of(text, "unti")
    assert issue.key == 'boxes."7a.n".unti'
    assert "did you mean 'unit'?" in issue.message


def test_a_missing_field_names_the_table_and_what_to_add(tmp_path):
    text = PROBLEM.replace('solution = """Twenty."""\n', "")
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == "parts[0]"
    assert issue.line == line_of(text, "[[parts]]")
    assert "missing key 'solution'" in issue.message


def test_a_wrong_type_says_what_type_is_wanted(tmp_path):
    text = PROBLEM.replace('answer = "20"', "answer = 20")
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".answer'
    assert issue.line == line_of(text, "answer = 20")
    assert "must be a string" in issue.message and "quotes" in issue.message


def test_fewer_than_three_hints_is_an_error(tmp_path):
    text = PROBLEM.replace('"nudge", "closer", ', "")
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".hints'
    assert "at least 3" in issue.message


def test_an_invalid_kind_suggests_the_closest_kind(tmp_path):
    text = PROBLEM.replace('kind = "count"', 'kind = "cuont"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".kind'
    assert "did you mean 'count'?" in issue.message


def test_an_invalid_test_verdict_lists_the_verdicts(tmp_path):
    text = PROBLEM.replace('verdict = "correct"', 'verdict = "right"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".tests[0].verdict'
    assert issue.line == line_of(text, 'verdict = "right"')
    assert "correct, partial, incorrect, invalid" in issue.message


def test_order_and_bound_values_are_checked(tmp_path):
    number = PROBLEM.replace('kind = "count"', 'kind = "number"').replace(
        'nouns = ["things"]', 'unit = "ns"\nbound = "below"'
    )
    issue = one_error(write(tmp_path / "a", {"p7.toml": number, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".bound' and "upper, lower, none" in issue.message
    expression = PROBLEM.replace('kind = "count"', 'kind = "expression"').replace(
        'nouns = ["things"]', 'order = "maybe"'
    )
    issue = one_error(write(tmp_path / "b", {"p7.toml": expression, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".order' and "correct, partial, incorrect" in issue.message


def test_a_key_for_another_box_kind_is_an_error(tmp_path):
    text = PROBLEM.replace('nouns = ["things"]', 'nouns = ["things"]\nunit = "ns"')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == 'boxes."7a.n".unit' and "number" in issue.message


def test_a_part_listing_a_missing_box_and_an_unlisted_box_are_both_reported(tmp_path):
    text = PROBLEM.replace('boxes = ["7a.n"]', 'boxes = ["7a.m"]')
    issues = errors_of(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    messages = {i.key: i.message for i in issues}
    assert "box '7a.m' is not defined" in messages["parts[0].boxes[0]"]
    assert "no part lists box '7a.n'" in messages['boxes."7a.n"']


def test_duplicate_part_and_box_ids_across_files_name_the_other_file(tmp_path):
    copy = PROBLEM.replace('id = "7"', 'id = "8"')
    issues = errors_of(write(tmp_path, {"p7.toml": PROBLEM, "p8.toml": copy, "cards.toml": CARDS}))
    texts = [str(i) for i in issues]
    assert any("p8.toml" in t and "part '7a' is also defined in p7.toml" in t for t in texts)
    assert any("p8.toml" in t and "box '7a.n' is also defined in p7.toml" in t for t in texts)


def test_a_referenced_card_that_is_missing_is_reported(tmp_path):
    issue = one_error(write(tmp_path, {"p7.toml": PROBLEM}))
    assert issue.key == "parts[0].cards[0]"
    assert "card 'toy-card' is not defined" in issue.message


def test_a_toml_syntax_error_gives_file_and_line(tmp_path):
    text = PROBLEM.replace('title = "Count things"', 'title = "Count things')
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.file == "p7.toml"
    assert issue.line == line_of(text, 'title = "Count things')
    assert "TOML syntax error" in issue.message


def test_every_error_is_collected_not_just_the_first(tmp_path):
    text = (
        PROBLEM.replace('kind = "count"', 'kind = "cuont"')
        .replace('title = "Explain"', 'titel = "Explain"')
        .replace('verdict = "correct"', 'verdict = "right"')
    )
    broken = "[problem\nid = 1\n"
    issues = errors_of(write(tmp_path, {"p7.toml": text, "p9.toml": broken, "cards.toml": CARDS}))
    keys = {(i.file, i.key) for i in issues}
    assert ("p7.toml", 'boxes."7a.n".kind') in keys
    assert ("p7.toml", "parts[1].titel") in keys
    assert ("p7.toml", 'boxes."7a.n".tests[0].verdict') in keys
    assert ("p9.toml", "(syntax)") in keys
    # the message a user sees lists them all, one per line with file:line
    message = str(ContentError(issues))
    assert message.count("\n") == len(issues) + 1  # and the command to run next
    assert f"p7.toml:{line_of(text, 'titel')}: parts[1].titel" in message


def test_a_missing_directory_is_its_own_error_with_exit_status_2(tmp_path):
    with pytest.raises(MissingContentError) as info:
        load_content(tmp_path / "nowhere")
    assert info.value.exit_code == 2
    assert "does not exist" in str(info.value)


def test_a_directory_without_toml_files_says_how_to_get_some(tmp_path):
    issue = one_error(tmp_path)
    assert "content export" in issue.message


# -- the line locator -------------------------------------------------------------


def test_the_locator_follows_arrays_of_tables_and_skips_multiline_strings():
    text = PROBLEM.replace('"""How many?"""', '"""How many?\nid = "not a key"\n"""')
    loc = LineLocator(text)
    assert loc.line(("parts", 1)) == line_of(text, 'id = "7b"') - 1
    assert loc.line(("parts", 1, "explain", "points")) == line_of(text, "points =")
    assert loc.line(("parts", 0, "id")) == line_of(text, 'id = "7a"')
    assert loc.line(("boxes", "7a.n", "tests", 0, "note")) == line_of(text, 'note = "correct"')
    assert loc.line(("boxes", "7a.n", "hints", 2)) == line_of(text, "hints =")


def _line_by_scan(loc: LineLocator, path: tuple) -> int | None:
    """The locator's rule written as a scan of every table and key line (the reference)."""
    best_line, best_len = None, -1
    for table, number in loc._tables:
        if len(table) <= len(path) and path[: len(table)] == table and len(table) > best_len:
            best_len, best_line = len(table), number
    for number, table, segs in loc._keys:
        full = table + segs
        n = min(len(full), len(path))
        if n > best_len and full[:n] == path[:n] and n > len(table):
            best_len, best_line = n, number
    return best_line or None


def test_the_locator_answers_every_path_of_the_packaged_content_as_a_full_scan_would():
    import tomllib

    from tutor.content.controlchars import _strings

    for path in sorted(Path(packaged_content_dir()).glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        loc = LineLocator(text)
        asked = set()
        keys = [key for key, _ in _strings(tomllib.loads(text), ())]
        for key in keys[:: 5 if len(keys) > 100 else 1]:  # each kind of table, list and key
            # the string's key, its table or list, and a key under it and beside it
            asked |= {key, key[:-1], key + ("no-such-key",), key[:-1] + ("no-such-key",)}
        assert asked
        for key in asked:
            assert loc.line(key) == _line_by_scan(loc, key), (path.name, key)


def test_keys_are_formatted_like_toml():
    assert (
        format_key(("boxes", "5a.fwd", "tests", 3, "verdict")) == 'boxes."5a.fwd".tests[3].verdict'
    )
    assert format_key(()) == "(top level)"


def test_a_reflect_prefill_must_be_one_the_tutor_knows(tmp_path):
    text = PROBLEM.replace(
        'solution = "Because."',
        'solution = "Because."\nreflect = [{ id = "7b.t", prompt = "p", prefill = "minutes" }]',
    )
    issue = one_error(write(tmp_path, {"p7.toml": text, "cards.toml": CARDS}))
    assert issue.key == "parts[1].reflect[0].prefill" and "hours" in issue.message


@pytest.mark.parametrize("written", ['"zero"', '"-2"', '"0"', "2"])
def test_a_weight_variance_that_is_not_a_positive_number_in_quotes_is_an_error(tmp_path, written):
    expression = PROBLEM.replace('kind = "count"', 'kind = "expression"').replace(
        'nouns = ["things"]', f"weight_variance = {written}"
    )
    issue = one_error(write(tmp_path, {"p7.toml": expression, "cards.toml": CARDS}))
    assert issue.key.startswith('boxes."7a.n".weight_variance')


def test_a_weight_variance_scales_what_a_variance_label_states(tmp_path):
    from tutor.checking.judge import check
    from tutor.content.loader import load_content

    expression = (
        PROBLEM.replace('kind = "count"', 'kind = "expression"')
        .replace(
            'nouns = ["things"]',
            'weight_variance = "2"\nsymbols = { d1 = { domain = [1, 4096], integer = true } }',
        )
        .replace('answer = "20"', 'answer = "1/sqrt(2*d1)"', 1)
    )
    expression = expression.replace('answer = "45"', 'answer = "1/d1"').replace(
        'input = "20"', 'input = "1/sqrt(2*d1)"'
    )
    box = load_content(write(tmp_path, {"p7.toml": expression, "cards.toml": CARDS})).boxes["7a.n"]
    # c = 1/√(2 d1): the weights' variance c²·2 is 1/d1
    assert check(box, "Var(W_ij) = 1/d1").note == "invalid:kind"
    assert check(box, "Var(W_ij) = 1/(2 d1)").verdict != "invalid"
