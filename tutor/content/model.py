"""Tutoring content, typed: problems, parts, answer boxes (with their readings, mistakes and
question tests), proof blocks and cards; the vocabularies of verdicts and box kinds. Loaded by
``tutor.content.loader``; only the standard library is imported."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.content.params import Parameters
from tutor.verdicts import VerdictName

VERDICTS = ("correct", "partial", "incorrect", "invalid")
BOX_KINDS = (
    "expression",
    "number",
    "count",
    "choice",
    "expectation",
    "order",
    "reparam",
    "proof",
    "derivation",
)
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
    verdict: VerdictName  # correct | partial | incorrect
    when: tuple[str, ...] = ()
    """Conditions on a part's parameters (``"dist != sign"``): the reading exists only in the
    variants where all hold (a mistake that would be the key elsewhere); see tutor.variants."""


@dataclass(frozen=True)
class Choice:
    key: str
    text: str


@dataclass(frozen=True)
class ProofBlock:
    """One block of a proof box: its text and the keys of the blocks it uses."""

    key: str
    text: str
    depends: tuple[str, ...] = ()


@dataclass(frozen=True)
class Distractor:
    """A plausible wrong block of a proof box, with feedback saying why it is wrong."""

    key: str
    text: str
    feedback: str


@dataclass(frozen=True)
class QuestionTest:
    """A STACK-style question test: this input must get this verdict (and note)."""

    input: str
    verdict: VerdictName
    note: str | None = None
    when: tuple[str, ...] = ()
    """Conditions on the part's parameters: the test runs only in the variants where all hold."""


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
    # names an answer may use for an expression: (("Sigma", "sigma^2"),) lets Σ⁻¹ mean 1/σ²
    definitions: tuple[tuple[str, str], ...] = ()
    # expression boxes that ask for a multiplier c of weights W = c·G: the variance of G's
    # entries (a number), so that a label ``Var(W_ij) = v`` states c² = v / weight_variance
    weight_variance: str = "1"
    # number and count boxes: the question's letters and their values here ((("N", "10"),)), so
    # a general formula typed where a number is asked is judged at this question's numbers
    givens: tuple[tuple[str, str], ...] = ()
    # proof boxes: the blocks (with their dependencies) and the distractors of the pool
    blocks: tuple[ProofBlock, ...] = ()
    distractors: tuple[Distractor, ...] = ()
    # proof boxes: the boxes whose answers the pool's blocks state (any part's). The pool is
    # held back until each is solved or its part's worked solution was seen. ``None`` in a file
    # that does not say; on load it becomes the part's non-proof boxes listed before this one.
    # Derivation boxes: the boxes whose answers the working's first line states (5c's line 1
    # holds 5a's and 5b's counts); checking the working before they are solved (or their
    # part's solution seen) asks first. None in a file that does not say; on load ().
    after: tuple[str, ...] | None = None
    # derivation boxes: the symbol solved for (equations) and the value box whose answer,
    # readings and mistakes judge the last line (``target_box`` is that box, filled in on load)
    unknown: str | None = None
    target: str | None = None
    target_box: BoxSpec | None = None
    # value boxes: the quantities the rest of the content names, as (label, the box that asks
    # for it), filled in on load from the other value boxes' prompts (``c`` for 1a.constant,
    # ``fwd`` for 5a.fwd): a label naming one of them is not this box's quantity
    # (``tutor.checking.labels``); and the box's other names for its own quantity: its
    # ``labels`` (``E‖y‖²/d2``) and the unknown a derivation of this box solves for (``t``)
    other_labels: tuple[tuple[str, str], ...] = ()
    own_labels: tuple[str, ...] = ()

    @property
    def part_id(self) -> str:
        return self.id.split(".", 1)[0]

    def symbol(self, name: str) -> SymbolSpec | None:
        for s in self.symbols:
            if s.name == name:
                return s
        return None


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
    parameters: Parameters | None = None
    """The part's own parameters (``[parts.params]``); see ``tutor.content.params``."""
    points: float | None = None  # the part's weight in the gradebook (None: the default rule)


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    summary: str
    parts: tuple[Part, ...]
    source: str = ""
    parameters: Parameters | None = None
    """Parameters every part of the problem shares (``[problem.params]``)."""


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str
    source: str = ""  # the file that defines it


@dataclass(frozen=True)
class Content:
    problems: tuple[Problem, ...]
    boxes: dict[str, BoxSpec] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    directory: str = ""
    content_hash: str = ""
    raw: Content | None = None
    """The content as loaded, placeholders unrendered, when this is a rendered view of it
    (``tutor.variants.handout``); None when this is the loaded content itself."""

    @property
    def templates(self) -> Content:
        """The content as loaded (placeholders unrendered): what variants are made from."""
        return self.raw if self.raw is not None else self

    def part(self, part_id: str) -> Part | None:
        for problem in self.problems:
            for part in problem.parts:
                if part.id == part_id:
                    return part
        return None

    def parts(self) -> list[Part]:
        return [part for problem in self.problems for part in problem.parts]
