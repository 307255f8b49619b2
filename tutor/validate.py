"""``hw3-tutor validate``: check the content files and run their question tests.

Loading (``tutor.content.load_content``) checks the schema. This module then
asks the checker about every box: the reference answer must pass its own box,
every accepted reading must get its verdict and note, every known mistake must
be told apart from the correct answer, and every question test must get its
expected verdict (and note, when given). It also checks that every piece of
Markdown renders and counts the question tests against the issue's coverage
rules. Only the standard library is imported at module level; the checker
(sympy) is loaded when the command runs.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from tutor.cliopts import UsageError
from tutor.content import BoxSpec, Content, ContentError, LineLocator, format_key, load_content

# Coverage rules for the shipped content (issue 3).
MIN_TESTS_PER_BOX = 8
MIN_MISTAKE_TESTS_PER_BOX = 3
MIN_UNUSUAL_CORRECT_TESTS_PER_BOX = 2
MIN_TESTS_TOTAL = 150
# A hint is "at most three short lines": three lines of this many columns.
HINT_MAX_LINES = 3
HINT_LINE_COLUMNS = 100


class VerdictLike(Protocol):
    verdict: str
    note: str
    feedback: str


CheckFn = Callable[[BoxSpec, str], VerdictLike]


@dataclass(frozen=True)
class Failure:
    """One failed check: where it is, what was expected and what came back."""

    file: str
    line: int | None
    key: str
    expected: str
    got: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: expected {self.expected}; got {self.got}"


@dataclass(frozen=True)
class ValidationReport:
    directory: str
    files: int
    problems: int
    parts: int
    boxes: int
    checks_passed: int  # reference answers, readings, mistakes, renders
    checks_failed: int
    tests_passed: int  # question tests
    tests_failed: int
    failures: tuple[Failure, ...]
    warnings: tuple[str, ...] = ()  # coverage shortfalls
    schema_errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures and not self.schema_errors

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["failures"] = [asdict(f) for f in self.failures]
        data["warnings"] = list(self.warnings)
        data["schema_errors"] = list(self.schema_errors)
        return data


# ---------------------------------------------------------------------------
# Markdown checks
# ---------------------------------------------------------------------------

_FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.S)


def render_problem(text: str) -> str | None:
    """Why this Markdown would not render well, or None when it is fine."""
    if not text.strip():
        return "an empty text"
    try:
        from markdown_it import MarkdownIt

        MarkdownIt("commonmark").parse(text)
    except Exception as exc:  # markdown-it raises little, but never let it escape
        return f"a Markdown error ({exc})"
    plain = _CODE_SPAN_RE.sub("", _FENCE_RE.sub("", text))
    plain = plain.replace("\\\\", "").replace("\\$", "").replace("\\{", "").replace("\\}", "")
    dollars = plain.count("$")
    if dollars % 2:
        return f"an unbalanced '$' ({dollars} of them); pair every '$' or write \\$"
    depth = 0
    for i, ch in enumerate(plain):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return f"a '}}' with no '{{' before it (character {i + 1})"
    if depth:
        return f"{depth} unclosed '{{'"
    return None


def hint_problem(text: str) -> str | None:
    """Why a hint is too long to show as one short hint, or None."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    rows = sum(max(1, math.ceil(len(ln) / HINT_LINE_COLUMNS)) for ln in lines)
    if rows > HINT_MAX_LINES:
        return (
            f"a hint of {rows} lines (at {HINT_LINE_COLUMNS} columns); "
            f"keep it to {HINT_MAX_LINES} short lines or split it"
        )
    return None


# ---------------------------------------------------------------------------
# Locating content in its files
# ---------------------------------------------------------------------------


class _Where:
    """File names and line numbers for parts, boxes and cards of loaded content."""

    def __init__(self, content: Content):
        self.directory = Path(content.directory)
        self._locators: dict[str, LineLocator | None] = {}
        self.box_file: dict[str, str] = {}
        self.part_index: dict[str, tuple[str, int]] = {}
        for problem in content.problems:
            for i, part in enumerate(problem.parts):
                self.part_index[part.id] = (problem.source, i)
                for box_id in part.boxes:
                    self.box_file[box_id] = problem.source
        self.card_file = "cards.toml"

    def line(self, file: str, path: tuple) -> int | None:
        if file not in self._locators:
            try:
                text = (self.directory / file).read_text(encoding="utf-8")
                self._locators[file] = LineLocator(text)
            except OSError:
                self._locators[file] = None
        loc = self._locators[file]
        return loc.line(path) if loc else None

    def failure(self, file: str, path: tuple, expected: str, got: str) -> Failure:
        return Failure(file, self.line(file, path), format_key(path), expected, got)


def _texts(content: Content) -> Iterator[tuple[str, tuple, str, bool]]:
    """Every piece of Markdown: (file, key path, text, is_hint)."""
    for problem in content.problems:
        f = problem.source
        if problem.summary:
            yield f, ("problem", "summary"), problem.summary, False
        for i, part in enumerate(problem.parts):
            p = ("parts", i)
            yield f, p + ("statement",), part.statement, False
            yield f, p + ("solution",), part.solution, False
            if part.reading:
                yield f, p + ("reading",), part.reading, False
            for j, text in enumerate(part.errata):
                yield f, p + ("errata", j), text, False
            if part.explain:
                yield f, p + ("explain", "prompt"), part.explain.prompt, False
                for j, text in enumerate(part.explain.points):
                    yield f, p + ("explain", "points", j), text, False
            for j, r in enumerate(part.reflect):
                yield f, p + ("reflect", j, "prompt"), r.prompt, False
            for box_id in part.boxes:
                box = content.boxes[box_id]
                b = ("boxes", box_id)
                for j, text in enumerate(box.hints):
                    yield f, b + ("hints", j), text, True
                if box.feedback:
                    yield f, b + ("feedback",), box.feedback, False
                if box.order_feedback:
                    yield f, b + ("order_feedback",), box.order_feedback, False
                for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
                    for j, r in enumerate(readings):
                        if r.feedback:
                            yield f, b + (key, j, "feedback"), r.feedback, False
    for card in content.cards.values():
        yield "cards.toml", ("cards", card.id, "body"), card.body, False


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _plot_names() -> set[str] | None:
    """The names in the plot registry, or None when it cannot be imported."""
    try:
        from tutor.plots import PLOTS
    except ImportError:
        return None
    return {spec.name for spec in PLOTS}


def _show(v: VerdictLike) -> str:
    return f"{v.verdict} ({v.note})" if v.note else v.verdict


def validate_content(
    content: Content, check: CheckFn, progress: Callable[[str], None] | None = None
) -> ValidationReport:
    """Run every check on loaded content with ``check(box, answer) -> Verdict``."""
    where = _Where(content)
    failures: list[Failure] = []
    checks_passed = checks_failed = tests_passed = tests_failed = 0

    def record(
        ok: bool, file: str, path: tuple, expected: str, got: str, is_test: bool = False
    ) -> None:
        nonlocal checks_passed, checks_failed, tests_passed, tests_failed
        if is_test:
            tests_passed += ok
            tests_failed += not ok
        else:
            checks_passed += ok
            checks_failed += not ok
        if not ok:
            failures.append(where.failure(file, path, expected, got))

    for file, path, text, is_hint in _texts(content):
        problem = render_problem(text)
        if problem is None and is_hint:
            problem = hint_problem(text)
        wanted = "text that renders" + (" as a short hint" if is_hint else "")
        record(problem is None, file, path, wanted, str(problem))

    plot_names = _plot_names()
    for part in content.parts():
        if part.plot and plot_names is not None:
            file, index = where.part_index[part.id]
            record(
                part.plot in plot_names,
                file,
                ("parts", index, "plot"),
                "a plot name from 'hw3-tutor plot --list'",
                f"'{part.plot}' (known: {', '.join(sorted(plot_names))})",
            )
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            f = where.box_file[box_id]
            b = ("boxes", box_id)
            if progress:
                progress(box_id)
            # earlier hints must not give the answer away
            answer_text = re.sub(r"\s+", "", box.answer)
            if len(answer_text) >= 4 and not re.fullmatch(r"[\d.]+", answer_text):
                for j, hint in enumerate(box.hints[:-1]):
                    leaked = answer_text in re.sub(r"\s+", "", hint)
                    record(
                        not leaked,
                        f,
                        b + ("hints", j),
                        "only the last hint to give the answer away",
                        f"hint {j + 1} contains the answer '{box.answer}'",
                    )
            v = check(box, box.answer)
            record(
                v.verdict == "correct",
                f,
                b + ("answer",),
                "the reference answer to be correct",
                _show(v),
            )
            for j, r in enumerate(box.accept):
                v = check(box, r.answer)
                want = f"accept:{r.note}"
                ok = v.verdict == r.verdict and v.note == want
                record(ok, f, b + ("accept", j), f"{r.verdict} ({want})", _show(v))
            for j, r in enumerate(box.mistakes):
                v = check(box, r.answer)
                want = f"mistake:{r.note}"
                ok = v.verdict != "correct" and v.verdict == r.verdict and v.note == want
                expected = f"{r.verdict} ({want}), told apart from the correct answer"
                record(ok, f, b + ("mistakes", j), expected, _show(v))
            for j, t in enumerate(box.tests):
                v = check(box, t.input)
                ok = v.verdict == t.verdict and (t.note is None or v.note == t.note)
                expected = f"{t.verdict} ({t.note})" if t.note else t.verdict
                expected += f" for input {t.input!r}"
                record(ok, f, b + ("tests", j), expected, _show(v), is_test=True)

    files = len({p.source for p in content.problems}) + (1 if content.cards else 0)
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
        warnings=tuple(coverage_shortfalls(content)),
    )


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unusual_correct_tests(box: BoxSpec) -> int:
    """Question tests that must be correct although written unlike the reference answer."""
    return sum(
        1
        for t in box.tests
        if t.verdict == "correct"
        and (t.note is None or t.note == "correct" or t.note.startswith("accept:"))
        and _normal(t.input) != _normal(box.answer)
    )


def coverage_shortfalls(content: Content) -> list[str]:
    """Where the content misses the question-test coverage rules (empty when met)."""
    out = []
    total = 0
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            total += len(box.tests)
            mistakes = sum(1 for t in box.tests if (t.note or "").startswith("mistake:"))
            unusual = unusual_correct_tests(box)
            if len(box.tests) < MIN_TESTS_PER_BOX:
                out.append(
                    f"box {box_id}: {len(box.tests)} question tests; "
                    f"write at least {MIN_TESTS_PER_BOX}"
                )
            if mistakes < MIN_MISTAKE_TESTS_PER_BOX:
                out.append(
                    f'box {box_id}: {mistakes} tests of known mistakes (note = "mistake:..."); '
                    f"write at least {MIN_MISTAKE_TESTS_PER_BOX}"
                )
            if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
                out.append(
                    f"box {box_id}: {unusual} correct tests written unlike the reference answer; "
                    f"write at least {MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}"
                )
    if total < MIN_TESTS_TOTAL:
        out.append(
            f"{total} question tests in all; the tutor's content needs at least {MIN_TESTS_TOTAL}"
        )
    return out


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help="content directory to check (default: --content, $HW3_TUTOR_CONTENT, or the packaged content)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="same as DIR",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also fail when the question-test coverage rules are not met",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time bound per check (default 10)",
    )


def _directory(args: argparse.Namespace) -> Path:
    from tutor.paths import content_dir

    positional = getattr(args, "directory", None)
    option = getattr(args, "content", None)
    if positional and option and Path(positional) != Path(option):
        raise UsageError(
            f"two content directories given ({positional} and --content {option}); give one"
        )
    return content_dir(positional or option)


def print_report(report: ValidationReport, strict: bool, out=None) -> None:
    out = out or sys.stdout
    if report.schema_errors:
        print(f"{report.directory}: the content does not load:", file=out)
        for line in report.schema_errors:
            print(f"  {line}", file=out)
        print("fix these, then run 'hw3-tutor validate' again", file=out)
        return
    print(
        f"{report.directory}: {report.files} files, {report.problems} problems, "
        f"{report.parts} parts, {report.boxes} boxes",
        file=out,
    )
    print(
        f"checks (answers, readings, mistakes, texts): {report.checks_passed} passed, "
        f"{report.checks_failed} failed",
        file=out,
    )
    print(
        f"question tests: {report.tests_passed} passed, {report.tests_failed} failed",
        file=out,
    )
    for failure in report.failures:
        print(f"FAIL {failure}", file=out)
    label = "FAIL" if strict else "warning"
    for warning in report.warnings:
        print(f"{label} coverage: {warning}", file=out)
    failed = not report.ok or (strict and report.warnings)
    print("content has failures" if failed else "content OK", file=out)


def main(args: argparse.Namespace) -> int:
    directory = _directory(args)
    try:
        content = load_content(directory)
    except ContentError as exc:
        if exc.exit_code != 1:  # a missing directory: the user named a wrong path
            raise
        report = ValidationReport(
            directory=str(directory),
            files=len(list(directory.glob("*.toml"))),
            problems=0,
            parts=0,
            boxes=0,
            checks_passed=0,
            checks_failed=0,
            tests_passed=0,
            tests_failed=0,
            failures=(),
            schema_errors=tuple(str(i) for i in exc.issues),
        )
    else:
        from tutor.checkworker import CheckWorker

        worker = CheckWorker(timeout=args.timeout)
        try:
            worker.warm_up()
            report = validate_content(content, worker.check)
        finally:
            worker.close()
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print_report(report, args.strict)
    if not report.ok or (args.strict and report.warnings):
        return 1
    return 0
