"""Tutoring content: the typed model of problems, parts, answer boxes and cards.

Loading and validating the TOML files (``load_content``) lives here too; it
raises ``ContentError`` with the file, line and key of every problem found.
Only the standard library is imported, so the CLI can load content cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.cliopts import UserError

VERDICTS = ("correct", "partial", "incorrect", "invalid")
BOX_KINDS = ("expression", "number", "count", "choice", "expectation", "order", "reparam")
ORDER_VERDICTS = ("correct", "partial", "incorrect")


@dataclass(frozen=True)
class SymbolSpec:
    """A symbol an answer may use, with its sampling domain for numeric checks."""

    name: str
    domain: tuple[float, float] = (0.5, 3.0)
    integer: bool = False
    positive: bool = True


@dataclass(frozen=True)
class Reading:
    """An accepted reading (``accept``) or a known mistake (``mistakes``) of a box."""

    answer: str
    note: str
    feedback: str
    verdict: str  # correct | partial | incorrect


@dataclass(frozen=True)
class Choice:
    key: str
    text: str


@dataclass(frozen=True)
class QuestionTest:
    """A STACK-style question test: this input must get this verdict (and note)."""

    input: str
    verdict: str
    note: str | None = None


@dataclass(frozen=True)
class BoxSpec:
    """What one answer box accepts and how it is judged (see docs/ARCHITECTURE.md)."""

    id: str
    kind: str
    prompt: str
    answer: str
    hints: tuple[str, ...] = ()
    feedback: str = ""
    symbols: tuple[SymbolSpec, ...] = ()
    functions: tuple[str, ...] = ()
    width: str | None = None
    order: str = "partial"
    order_feedback: str = ""
    unit: str | None = None
    bound: str = "none"
    nouns: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    measure: str | None = None
    accept: tuple[Reading, ...] = ()
    mistakes: tuple[Reading, ...] = ()
    tests: tuple[QuestionTest, ...] = ()

    @property
    def part_id(self) -> str:
        return self.id.split(".", 1)[0]

    def symbol(self, name: str) -> SymbolSpec | None:
        for s in self.symbols:
            if s.name == name:
                return s
        return None


@dataclass(frozen=True)
class ContentIssue:
    """One problem found in the content: where it is and what to do about it."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}"


class ContentError(UserError):
    """The content could not be loaded. ``issues`` lists every problem found."""

    exit_code = 1

    def __init__(self, issues: list[ContentIssue]):
        self.issues = list(issues)
        lines = [f"the content has {len(self.issues)} problem(s):"]
        lines += [f"  {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Explain:
    """A free-text explanation the student compares with the rubric's key points."""

    prompt: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Reflect:
    """An ungraded reflection prompt (problem 6)."""

    id: str
    prompt: str
    prefill: str | None = None


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    statement: str
    solution: str
    boxes: tuple[str, ...] = ()
    reading: str = ""
    errata: tuple[str, ...] = ()
    plot: str | None = None
    cards: tuple[str, ...] = ()
    explain: Explain | None = None
    reflect: tuple[Reflect, ...] = ()
    problem_id: str = ""


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    summary: str
    parts: tuple[Part, ...]
    source: str = ""


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Content:
    problems: tuple[Problem, ...]
    boxes: dict[str, BoxSpec] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    directory: str = ""
    content_hash: str = ""

    def part(self, part_id: str) -> Part | None:
        for problem in self.problems:
            for part in problem.parts:
                if part.id == part_id:
                    return part
        return None

    def parts(self) -> list[Part]:
        return [part for problem in self.problems for part in problem.parts]
