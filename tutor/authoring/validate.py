"""``hw3-tutor validate``: check the content files and run their question tests.

Loading (``tutor.content.load_content``) checks the schema. This module then
asks the checker about every box: the reference answer must pass its own box,
every accepted reading must get its verdict and note, every known mistake must
be told apart from the correct answer, and every question test must get its
expected verdict (and note, when given). It also checks that every text
renders as its author meant: in the fields the UI renders as Markdown
(statements, solutions, readings, cards) no math eaten by emphasis, no raw
LaTeX, no stray backticks; in the fields it shows as typed (titles, prompts,
choices, hints, feedback, rubric points) no Markdown markup that would show
raw. It counts the question tests against the issue's coverage rules.

It also checks that the key says what it means: no accepted reading or known
mistake that is the reference answer (or another entry) in another form, each
mistake of the right order of growth with the box's order verdict, an entry the
box cannot read reported once with the reason, no exact box giving Θ(key) more credit than a
constant times the key (``tutor.authoring.readings``); and that no
text a student reads before a box is solved shows, in any form, an answer of a
box of its part (``tutor.authoring.leaks``). Every failure has a ``code`` (see
``FailureCode``) for ``validate --json``.

The checks live in modules named for them: ``texts`` and ``markup`` (every text renders),
``readings`` (the key says what it means), ``reasoning`` (proof and derivation boxes),
``coverage`` (the question-test rules), ``leaks``; ``report`` is what is reported and
``variant_checks`` runs all of it on practice variants.

Only the standard library is imported at module level; the checker (sympy) is
loaded when the command runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from tutor.authoring import leaks
from tutor.authoring.coverage import choice_length_items, coverage_items
from tutor.authoring.declarations import declaration_failures
from tutor.authoring.readings import (
    SameFn,
    check_reading,
    not_run,
    order_credit_problem,
    reference_fix,
    shadowed_entries,
    show_verdict,
    test_fix,
    test_note_problem,
)
from tutor.authoring.reasoning import reasoning_checks
from tutor.authoring.report import Failure, FailureCode, ValidationReport, one_line
from tutor.authoring.texts import Where, check_texts
from tutor.authoring.units import unit_text_items
from tutor.checking.verdict import CheckFn, VerdictLike
from tutor.content.loader import CARDS_FILE, outside_problem
from tutor.content.model import Content
from tutor.content.positions import format_key


def plot_names() -> set[str] | None:
    """The names in the plot registry, or None when it cannot be imported."""
    try:
        from tutor.plots.registry import PLOTS
    except ImportError:
        return None
    return {spec.name for spec in PLOTS}


def check_leaks(
    content: Content,
    check: CheckFn,
    where: Where | None = None,
    parts: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> list[Failure]:
    """Every text a student reads before a box is solved that shows, in any form, an answer
    of a box of its part, and every text of a part (its worked solution too) that shows an
    answer of another part of its problem (``tutor.authoring.leaks``), as failures with the file, the line the
    piece is on, the key and the piece; the boxes in ``skip`` (reading timed out) not asked."""
    where = where or Where(content)
    out = []
    for leak in leaks.find_leaks(content, check, parts, skip):
        t = leak.text
        expected, got, fix = leaks.describe(leak, content)
        at = t.text[: leak.span.start].count("\n")
        line = where.text_line(t.file, t.path, t.text, at)
        out.append(Failure(t.file, line, format_key(t.path), expected, got, fix, "leak"))
    return out


def validate_content(
    content: Content,
    check: CheckFn,
    progress: Callable[[str], None] | None = None,
    same: SameFn | None = None,
    *,
    parts: Collection[str] | None = None,
    question_tests: bool = True,
) -> ValidationReport:
    """Run every check on loaded content with ``check(box, answer) -> Verdict``.

    ``question_tests=False`` leaves the question tests out (a caller that runs them itself).

    ``same(box)`` finds the readings and mistakes that mean the same as an earlier entry
    (default ``shadowed_entries``, the equivalence engine in this process). ``parts`` limits
    the checks to those parts (their texts and boxes): a variant of them."""
    where = Where(content)
    failures: list[Failure] = []
    checks_passed = checks_failed = tests_passed = tests_failed = tests_skipped = 0

    def record(
        ok: bool,
        file: str,
        path: tuple,
        expected: str,
        got: str,
        is_test: bool = False,
        fix: str = "",
        code: FailureCode = "check",
    ) -> None:
        nonlocal checks_passed, checks_failed, tests_passed, tests_failed
        if is_test:
            tests_passed += ok
            tests_failed += not ok
        else:
            checks_passed += ok
            checks_failed += not ok
        if not ok:
            failures.append(where.failure(file, path, expected, got, fix, code))
            if path[:1] == ("boxes",) and len(path) > 2:
                if path[2] == "answer" or (path[2] == "tests" and expected.startswith("correct")):
                    troubled.add(path[1])

    troubled: set[str] = set()  # boxes whose key or question tests fail

    if parts is None and content.templates is not content:  # parameterized content
        declared = declaration_failures(content)
        checks_failed += len(declared)
        failures.extend(declared)

    passed, text_failures = check_texts(content, where, parts)
    checks_passed += passed
    checks_failed += len(text_failures)
    failures.extend(text_failures)

    # A box's first check reads its content (definitions, measure, reference, accepted forms,
    # mistakes) within the checker's time bound. A box whose reading does not finish is one
    # content error and its other checks are skipped: each would wait out the bound again.
    chosen = [p for p in content.parts() if parts is None or p.id in parts]
    reference, timed_out = _read_boxes(content, check, chosen)
    for box_id in timed_out:
        box = content.boxes[box_id]
        record(
            False,
            where.box_file[box_id],
            ("boxes", box_id, "definitions" if box.definitions else "answer"),
            "the box's definitions, measure and answers to be read within the time bound",
            "reading them did not finish (a pattern that makes the reader backtrack?)",
            fix='write each definition as a plain expression (Sigma = "sigma^2"); '
            "drop words joined by 'and'/'or'",
        )

    for problem in content.problems:
        for i, part in enumerate(problem.parts):
            stray = outside_problem(problem.id, part.id) if part in chosen else None
            record(
                stray is None,
                problem.source,
                ("parts", i, "id"),
                f"a part id that starts with its problem's id '{problem.id}'",
                stray[0] if stray else "",
                fix=stray[1] if stray else "",
                code="part-id",
            )
    known_plots = plot_names()
    for part in chosen:
        if part.plot and known_plots is not None:
            file, index = where.part_index[part.id]
            record(
                part.plot in known_plots,
                file,
                ("parts", index, "plot"),
                "a plot name from 'hw3-tutor plot --list'",
                f"'{part.plot}' (known: {', '.join(sorted(known_plots))})",
                code="unknown-plot",
            )
    leak_failures = check_leaks(content, check, where, parts, timed_out)
    checks_failed += len(leak_failures)
    checks_passed += leaks.count_checked(content, parts) - len(leak_failures)
    failures.extend(leak_failures)
    for part in chosen:
        for box_id in part.boxes:
            if box_id in timed_out:
                continue
            box = content.boxes[box_id]
            f = where.box_file[box_id]
            b = ("boxes", box_id)
            if progress:
                progress(box_id)
            v = reference[box_id]  # checked first, by _read_boxes
            wrong_key = _key_problem(box, box.answer)
            if wrong_key is not None:
                tests_skipped += len(box.tests) if question_tests else 0
                (wrong, mend), expected = wrong_key
                record(
                    False,
                    f,
                    b + ("answer",),
                    f"a reference answer that is {expected}",
                    wrong + not_run(box),
                    fix=mend,
                    code="choice-key",
                )
                continue
            wrong_target = target_problem(box, check, troubled, reference[box_id])
            if wrong_target is not None:
                # one failure, not every line and test of the derivation judged by that box
                tests_skipped += len(box.tests) if question_tests else 0
                expected, got, fix = wrong_target
                record(False, f, b + ("target",), expected, got, fix=fix, code="target")
                continue
            unit = unit_problem(box)
            if unit is not None:
                record(False, f, b + ("unit",), unit[0], unit[1], fix=unit[2], code="unit")
            if v.verdict == "invalid":
                # one failure that says why, not one for every reading and test of the box
                tests_skipped += len(box.tests)
                record(
                    False,
                    f,
                    b + ("answer",),
                    "a reference answer its box can read",
                    show_verdict(v, detail=True) + not_run(box),
                    fix=reference_fix(v),
                    code="unreadable",
                )
                continue
            fraction = _not_a_count(box)
            if fraction == "negative":
                record(
                    False,
                    f,
                    b + ("answer",),
                    "a whole number, 0 or more: a count box's answer counts something",
                    f"{box.answer!r} (negative)",
                    fix="a count is never negative: fix the answer (where parameters give it: "
                    "a constraint or narrower ranges that keep it 0 or more), or make the box "
                    'kind = "number" if the answer may be negative',
                    code="reference",
                )
            elif fraction:
                record(
                    False,
                    f,
                    b + ("answer",),
                    "a whole number: a count box's answer counts something",
                    f"{box.answer!r} ({fraction})",
                    fix="a count must be a whole number: fix the answer, or make the box kind = "
                    '"number" if the answer may be a fraction or a decimal',
                    code="reference",
                )
            else:
                record(
                    v.verdict == "correct",
                    f,
                    b + ("answer",),
                    "the reference answer to be correct",
                    show_verdict(v),
                    fix=reference_fix(v),
                    code="reference",
                )
            unreadable: set[str] = set()
            shadows = (same or shadowed_entries)(box)
            for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
                for j, r in enumerate(readings):
                    wrong_key = _key_problem(box, r.answer)
                    if wrong_key is not None:
                        what = "accepted reading" if key == "accept" else "known mistake"
                        (wrong, mend), expected = wrong_key
                        record(
                            False,
                            f,
                            b + (key, j),
                            f"a {what} that is {expected}",
                            wrong,
                            fix=mend,
                            code="choice-key",
                        )
                        unreadable.add(f"{'accept' if key == 'accept' else 'mistake'}:{r.note}")
                        continue
                    found = check_reading(box, key, j, check, shadows)
                    for finding in found:
                        record(
                            finding.ok,
                            f,
                            b + (key, j),
                            finding.expected,
                            finding.got,
                            fix=finding.fix,
                            code=finding.code,
                        )
                    if any(x.code == "unreadable" for x in found):
                        unreadable.add(f"{'accept' if key == 'accept' else 'mistake'}:{r.note}")
            credit = order_credit_problem(box, check)
            record(
                credit is None,
                f,
                b + ("answer",),
                credit.expected if credit else "",
                credit.got if credit else "",
                fix=credit.fix if credit else "",
                code="order-credit",
            )
            for ok, path, expected, got, fix in reasoning_checks(box, check):
                record(ok, f, b + path, expected, got, fix=fix)
            verdicts = {}  # the question tests graded first: a fix counts those that fail
            for j, t in enumerate(box.tests if question_tests else ()):
                if t.note not in unreadable and not test_note_problem(box, t.verdict, t.note):
                    verdicts[j] = check(box, t.input)
            wrong_correct = _wrong_correct(box, verdicts, shadows)
            for j, t in enumerate(box.tests if question_tests else ()):
                if t.note in unreadable:
                    tests_skipped += 1  # its entry cannot be read: reported once, above
                    continue
                expected = f"{t.verdict} ({t.note})" if t.note else t.verdict
                expected += f" for input {t.input!r}"
                static = test_note_problem(box, t.verdict, t.note)
                if static:
                    wanted = "a verdict and note that can go together"
                    record(False, f, b + ("tests", j), wanted, static[0], True, static[1], "test")
                    continue
                v = verdicts[j]
                ok = v.verdict == t.verdict and (t.note is None or v.note == t.note)
                record(
                    ok,
                    f,
                    b + ("tests", j),
                    expected,
                    show_verdict(v, detail=True),
                    is_test=True,
                    fix=""
                    if ok
                    else test_fix(
                        v, box, shadows, wrong_correct if t.verdict == "correct" else (0, 0)
                    ),
                    code="test",
                )

    sources = {p.source for p in content.problems}
    sources |= {c.source or CARDS_FILE for c in content.cards.values()}
    files = len(sources)
    warned = _warnings(content, where) if parts is None else ()
    return ValidationReport(
        directory=content.directory,
        files=files,
        problems=len(content.problems),
        parts=len(content.parts()),
        boxes=sum(len(p.boxes) for p in content.parts()),
        checks_passed=checks_passed,
        checks_failed=checks_failed,
        tests_passed=tests_passed,
        tests_failed=tests_failed,
        failures=tuple(failures),
        warnings=tuple(warning_line(w) for w in warned),
        tests_skipped=tests_skipped,
        coverage=warned,
    )


def target_problem(
    box: Any,
    check: CheckFn,
    troubled: Collection[str],
    own: VerdictLike | None = None,
) -> tuple[str, str, str] | None:
    """(expected, got, fix) when a derivation's ``target`` cannot judge its last line: a box
    whose own key or tests fail (reported there), or one that does not
    grade the value the key's last line gives correct while the key's steps hold (``own``, the
    verdict of the key, says its last line is what fails). None when it is fine."""
    target = getattr(box, "target_box", None)
    if box.kind != "derivation" or target is None:
        return None
    # a box of another part is a load error (``tutor.content.loader._resolve_targets``)
    expected = f"target to name the box of {box.id}'s part whose answer its last line gives"
    if target.id in troubled:
        return (
            f"{target.id}, the target of {box.id}, to pass its own checks",
            f"{target.id} fails above; {box.id}'s last line is judged by its key, so its "
            "checks were not run",
            f"fix {target.id} first",
        )
    lines = [x for x in box.answer.splitlines() if x.strip()]
    final = own is None or (own.verdict != "correct" and (own.note or "").startswith("final"))
    if not lines or not box.unknown or not final:
        return None
    left, eq, value = lines[-1].partition("=")
    if not eq or left.strip() != box.unknown or not value.strip():
        return None  # the reasoning checks say the last line must read 'unknown = value'
    v = check(target, value.strip())
    if v.verdict == "correct":
        return None
    return (
        expected,
        f"the key's last line gives {box.unknown} = {value.strip()}, which {target.id} "
        f"(key '{one_line(target.answer)}') grades {v.verdict} ({v.note}): its unknown "
        f"{box.unknown} is not what {target.id} asks",
        f"make target the box whose answer {box.unknown} is, or fix the derivation's key",
    )


def _key_problem(box: Any, answer: str) -> tuple[tuple[str, str], str] | None:
    """Why ``answer`` is not the letter of one of a choice box's choices, or not keys of a
    proof box's blocks: ((problem, fix), what it should be), or None."""
    block = block_key_problem(box, answer)
    if block is not None:
        return block, "the keys of the box's blocks"
    choice = choice_key_problem(box, answer)
    if choice is not None:
        return choice, "the letter of one of the box's choices"
    return None


def choice_key_problem(box: Any, answer: str) -> tuple[str, str] | None:
    """(got, fix) when ``answer`` of a choice box is not the letter of one of its choices (a
    letter past the last, or a lookalike from another script: Cyrillic 'а' for 'a'); None
    when it is one, or the box is no choice box."""
    import unicodedata

    if box.kind != "choice" or not box.choices:
        return None
    keys = [c.key for c in box.choices]
    typed = answer.strip()
    if typed in keys:
        return None
    listed = ", ".join(keys)
    got = f"answer '{typed}' is not one of the choices {listed}"
    odd = [ch for ch in typed if ord(ch) > 127]
    if odd:
        names = "; ".join(f"'{ch}' is U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in odd)
        got += f" ({names}, not a Latin letter)"
        return got, "retype the letter in plain ASCII (one of " + listed + ")"
    return got, f"write the letter of the right choice (one of {listed}), or add the choice"


def block_key_problem(box: Any, answer: str) -> tuple[str, str] | None:
    """(got, fix) when ``answer`` of a proof box names a block by a key with a letter of
    another script that looks like a Latin one (Cyrillic 'с' for 's'): the reader would say
    only "there is no block 'с'". None when every such word is a key, or the box is no proof."""
    import unicodedata

    if box.kind != "proof":
        return None
    keys = [b.key for b in box.blocks] + [d.key for d in box.distractors]
    odd = [
        w
        for w in re.split(r"[\s,;→>()\[\]-]+", answer)
        if w and w not in keys and any(ord(ch) > 127 and ch.isalpha() for ch in w)
    ]
    if not odd:
        return None
    names = "; ".join(
        f"'{ch}' is U+{ord(ch):04X} {unicodedata.name(ch, '?')}"
        for ch in dict.fromkeys(ch for w in odd for ch in w if ord(ch) > 127)
    )
    listed = ", ".join(keys)
    got = f"'{odd[0]}' in '{answer.strip()}' is not a block key ({names}, not a Latin letter)"
    return got, f"retype the key in plain ASCII (the block keys are {listed})"


def unit_problem(box: Any) -> tuple[str, str, str] | None:
    """(expected, got, fix) when a number box's ``unit`` is not a unit word the reader knows
    (``tutor.inputlang.rules.UNITS``): the preview would show the unit while a student typing
    it is told the word is not read. None when it is fine."""
    import difflib

    from tutor.inputlang.rules import UNITS

    unit = getattr(box, "unit", None)
    if not unit or unit in UNITS:
        return None
    known = list(dict.fromkeys(UNITS))
    close = difflib.get_close_matches(unit, known, n=1, cutoff=0.5)
    close = close or [k for k in known if k.lower() == unit.lower()]
    mean = f"did you mean '{close[0]}'? " if close else ""
    return (
        "a unit the answer reader knows",
        f"unit '{unit}' is not one it reads: a student typing '45 {unit}' would be told the "
        "word is not read",
        f"{mean}write one of {', '.join(known)}; or leave unit out (numbers without a unit)",
    )


def _not_a_count(box: Any) -> str:
    """For a count box whose answer is a number that cannot be a count, what it is: "a
    fraction" or "not a whole number" (19.5, 39/2), "negative" (-60); else ""."""
    from fractions import Fraction

    if box.kind != "count":
        return ""
    try:
        value = Fraction(box.answer.strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        return ""
    if value.denominator != 1:
        return "a fraction" if "/" in box.answer else "not a whole number"
    return "negative" if value < 0 else ""


def _wrong_correct(
    box: Any, verdicts: dict[int, VerdictLike], shadows: dict[tuple[str, int], str]
) -> tuple[int, int]:
    """Of the box's question tests expecting "correct" for an input other than the reference
    answer as written: how many the checker grades incorrect or partial (but by an entry that
    means the same as the reference: its own failure says so), and how many there are
    (``test_fix`` says the reference may be wrong when some fail)."""
    from tutor.authoring.readings import without_spaces

    shadowing = {
        f"{'accept' if key == 'accept' else 'mistake'}:"
        f"{(box.accept if key == 'accept' else box.mistakes)[j].note}"
        for key, j in shadows
    }

    wanted = [
        j
        for j, t in enumerate(box.tests)
        if j in verdicts
        and t.verdict == "correct"
        and without_spaces(t.input) != without_spaces(box.answer)
    ]
    failing = [
        j
        for j in wanted
        if verdicts[j].verdict in ("incorrect", "partial") and verdicts[j].note not in shadowing
    ]
    return len(failing), len(wanted)


def _warnings(content: Content, where: Where) -> tuple[Failure, ...]:
    """The question-test coverage shortfalls and the choices given away by their length, each
    at the line of its box (``--strict`` makes them errors)."""
    wanted = {
        "coverage": "the question-test coverage rules met",
        "choice-length": "options alike in length, the right one not the longest",
        "unit-text": "times in a number box's feedback and solution in the box's unit",
    }
    found: list[tuple[FailureCode, str | None, str]] = [
        ("coverage", box_id, message) for box_id, message in coverage_items(content)
    ]
    found += [
        ("choice-length", box_id, message) for box_id, message in choice_length_items(content)
    ]
    found += [("unit-text", box_id, message) for box_id, message in unit_text_items(content)]
    wanted["no-target"] = "a derivation's target: the value box that judges its last line"
    found += [
        (
            "no-target",
            box_id,
            f"{box_id} has no target, so its last line is judged by its own answer alone (not "
            f'a value box\'s readings, mistakes and unit); add target = "{box.part_id}.<box>"',
        )
        for box_id, box in content.boxes.items()
        if box.kind == "derivation" and not box.target and box_id in where.box_file
    ]
    out = [
        where.failure(where.box_file[box_id], ("boxes", box_id), wanted[code], message, code=code)
        if box_id
        else Failure(content.directory, None, "(content)", wanted[code], message, code=code)
        for code, box_id, message in found
    ]
    return tuple(out) + _file_warnings(content)


def _file_warnings(content: Content) -> tuple[Failure, ...]:
    """A content file without ``schema = 1`` (the guide's first line), and content in which no
    part is worth points (the gradebook's totals would all be 0)."""
    out: list[Failure] = []
    names = [p.source for p in content.problems if p.source]
    names += sorted({c.source for c in content.cards.values() if c.source})
    for name in dict.fromkeys(names):
        try:
            text = (Path(content.directory) / name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if not _SCHEMA_LINE.search(text):
            out.append(
                Failure(
                    name,
                    1,
                    "(file)",
                    "schema = 1 at the top of every content file",
                    "the file has no schema line; add schema = 1 as its first line",
                    fix="add schema = 1 as the file's first line",
                    code="schema",
                )
            )
    parts = content.parts()
    if parts and not any(part_worth(p) > 0 for p in parts):
        out.append(
            Failure(
                content.directory,
                None,
                "(content)",
                "some part worth points",
                "every part has points = 0, so the gradebook's totals will all be 0; give the "
                "graded parts points (or remove points = 0: a part with boxes is worth 1)",
                fix="give the graded parts points = 1 (or remove points = 0)",
                code="no-points",
            )
        )
    return tuple(out)


_SCHEMA_LINE = re.compile(r"^\s*schema\s*=", re.MULTILINE)


def part_worth(part: Any) -> float:
    """A part's weight as the gradebook takes it: its ``points``, else 1 with boxes."""
    if part.points is not None:
        return float(part.points)
    return 1.0 if part.boxes else 0.0


def warning_line(warning: Failure) -> str:
    """A warning as printed after ``warning`` (or ``FAIL`` with --strict): where, key, what."""
    where = warning.file if warning.line is None else f"{warning.file}:{warning.line}"
    return f"{where}: {warning.key}: {warning.code}: {warning.got}"


def _read_boxes(
    content: Content, check: CheckFn, parts: Collection[Any] | None = None
) -> tuple[dict[str, VerdictLike], list[str]]:
    """Every box's reference answer checked (which reads the box's content first), and the
    boxes whose reading ran out of time (note ``invalid:timeout``)."""
    reference: dict[str, VerdictLike] = {}
    unreadable: list[str] = []
    for part in content.parts() if parts is None else parts:
        for box_id in part.boxes:
            box = content.boxes[box_id]
            v = check(box, box.answer)
            reference[box_id] = v
            if v.note == "invalid:timeout":
                unreadable.append(box_id)
    return reference, unreadable
