"""What ``hw3-tutor validate`` reports: each failed check (``Failure``, with its ``FailureCode``)
and the reports of a validation (``ValidationReport``) and of ``--variants`` (``VariantsReport``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from tutor.content.issues import ContentIssue

# What kind of check failed (``validate --json`` gives it as "code").
FailureCode = Literal[
    "check",  # a check with no more specific code
    "reference",  # the reference answer is not graded correct by its own box
    "unreadable",  # the box cannot read its reference answer, a reading or a mistake
    "accept",  # an accepted reading does not get its verdict and note
    "mistake",  # a known mistake does not get its verdict and note
    "same-as-key",  # a reading or mistake is the reference (or another entry) in another form
    "order-verdict",  # a mistake of the right order of growth without the box's order verdict
    "order-credit",  # Θ(key) gets more credit than a constant times the key in an exact box
    "test",  # a question test does not get its verdict and note
    "render",  # a text does not render (empty, unbalanced $ or braces, a hint too long)
    "markup",  # a text would not show as written (Markdown eating math, markup showing raw)
    "leak",  # a text shown before a box is solved shows an answer of its part
    "unknown-plot",  # a plot name the registry does not know
    "coverage",  # fewer question tests than the coverage rules ask (an error with --strict)
    "choice-length",  # a choice box's right option is clearly the longest (an error with --strict)
    "unit-text",  # a number box's feedback or solution quotes a time in another unit only
    "parameters",  # a derived value or constraint that cannot be computed for some variant
    "part-id",  # a part whose id is not its problem's (5d in problem 7)
    "unit",  # a number box's unit is not one the reader knows
    "target",  # a derivation's target is not a value box of its part with its unknown
    "choice-key",  # a choice box's answer is not one of its choices' letters
    "schema",  # a content file without `schema = 1` (a warning; an error with --strict)
    "no-points",  # no part is worth points: the gradebook's totals are all 0 (a warning)
    "no-target",  # a derivation without `target` (a warning; an error with --strict)
]


def one_line(text: str) -> str:
    """A text of several lines (a derivation's key) on one line of a report: its lines joined
    by " ⏎ ", so that every failure stays one line."""
    return " ⏎ ".join(line.strip() for line in text.strip().splitlines() if line.strip())


@dataclass(frozen=True)
class Failure:
    """One failed check: where it is, what was expected and what came back."""

    file: str
    line: int | None
    key: str
    expected: str
    got: str
    fix: str = ""  # what to do about it
    code: FailureCode = "check"

    @property
    def message(self) -> str:
        return f"expected {self.expected}; got {self.got}"

    def to_json(self) -> dict[str, Any]:
        """The failure as ``validate --json`` gives it: where, what, why, what to do."""
        return {
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "code": self.code,
            "message": self.message,
            "expected": self.expected,
            "got": self.got,
            "fix": self.fix,
        }

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.key}: expected {self.expected}; got {self.got}"
        return f"{text}\n       fix: {self.fix}" if self.fix else text


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
    warnings: tuple[str, ...] = ()  # coverage shortfalls and choice lengths, as printed
    schema_errors: tuple[str, ...] = ()  # content that does not load, as printed
    tests_skipped: int = 0  # question tests not run: their box's key cannot be read
    schema_issues: tuple[ContentIssue, ...] = ()  # the same, structured
    coverage: tuple[Failure, ...] = ()  # the warnings, structured (each at its box's line)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.schema_errors

    def errors(self, strict: bool = False) -> list[dict[str, Any]]:
        """Every error, structured: file, line, key, code, message (and, for a failed check,
        expected, got and fix). With ``strict`` the warnings (coverage shortfalls, choices
        given away by their length) are errors too."""
        out: list[dict[str, Any]] = [
            {"file": i.file, "line": i.line, "key": i.key, "code": i.code, "message": i.message}
            | ({"fix": i.fix} if i.fix else {})
            for i in self.schema_issues
        ]
        if self.schema_errors and not self.schema_issues:  # only the printed lines are known
            out += [
                {"file": None, "line": None, "key": None, "code": "schema", "message": e}
                for e in self.schema_errors
            ]
        out += [f.to_json() for f in self.failures]
        return out + ([c.to_json() for c in self.coverage] if strict else [])

    def to_json(self, strict: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data.pop("schema_issues")
        data["ok"] = self.ok and not (strict and self.warnings)
        data["errors"] = self.errors(strict)
        data["coverage"] = [c.to_json() for c in self.coverage]
        data["failures"] = [f.to_json() for f in self.failures]
        data["warnings"] = list(self.warnings)
        data["schema_errors"] = list(self.schema_errors)
        return data


@dataclass(frozen=True)
class VariantsReport:
    """``validate --variants N``: the checks of every variant of every parameterized part."""

    count: int
    """Variants asked for per part (each with parameters of its own)."""
    parts: tuple[str, ...]
    checks_passed: int
    checks_failed: int
    tests_passed: int
    tests_failed: int
    distinct: dict[str, int]
    """Part -> how many different texts its variants had."""
    failures: tuple[Failure, ...]
    seconds: float
    seeds: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Part -> the seeds checked (``count`` of them, fewer for a part with fewer variants)."""
    uncomputed: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Part -> the seeds of ``seeds`` whose parameters a derived value or constraint cannot be
    computed for (no variant: reported once, at the declaration's line)."""
    not_offered: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Part -> the seeds of ``seeds`` that practice passes over: at them a part shown asks the
    handout's question (``tutor.variants.practice.not_offered``). Told, not a failure, unless
    every seed checked is one (then the part has no practice variant: a failure)."""

    @property
    def ok(self) -> bool:
        return not self.failures and not any(self.uncomputed.values())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["failures"] = [asdict(f) for f in self.failures]
        return data
