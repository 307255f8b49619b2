"""A derivation box prepared for judging: its language, domains, unknown and starting lines.

The reference derivation (the box's ``answer``) and each ``accept`` and ``mistakes`` entry are
read once per box (cached); their first lines are the accepted and known-wrong starting points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.checking.derivation.chains import domains_of, one_equation
from tutor.checking.derivation.letters import Letters
from tutor.checking.derivation.lines import (
    Line,
    LineError,
    heading,
    line_unit,
    read_limit,
    read_line,
    restates,
    split_steps,
)
from tutor.checking.memo import recall
from tutor.inputlang.reader import box_names
from tutor.verdicts import VerdictName, to_verdict

MAX_REMEMBERED = 4096  # lines, solutions, implications and last values a box remembers


def remembered(table: dict[Any, Any], key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``'s result, remembered in one of a box's tables (``tutor.checking.memo``)."""
    return recall(table, key, compute, MAX_REMEMBERED)


@dataclass(frozen=True)
class Start:
    sides: tuple[Any, ...]  # reference first line (the + reading)
    verdict: VerdictName
    note: str  # "correct", "accept:<n>", "mistake:<n>"
    feedback: str


class Prepared:
    """A derivation box's language, domains, unknown and starting lines (cached per box)."""

    def __init__(self, box: Any) -> None:
        self.box = box
        self.ctx = box_names(box)
        self.errors = list(self.ctx.errors)
        self.domains = domains_of(box, self.ctx)
        self.unknown = self.ctx.symbols.get(box.unknown) if box.unknown else None
        self.unit = line_unit(box)  # a number's unit of time in a line is read in this one
        # the question's letters (numeric definitions): a step between lines that use them
        # must hold as a formula in them (``letters``); solving mode only
        self.letters = (
            Letters(self.ctx, self.domains, self.unknown, self.unit) if self.unknown else None
        )
        # what a line solves to, and whether one line's solutions solve another, by the lines'
        # readings: a class writes the same lines again and again (bounded: cleared when full)
        self.solved: dict[Any, Any] = {}
        self.implied: dict[Any, Any] = {}
        # the value box's verdict on a last line's value, by its text (the same final line
        # ends many derivations); bounded like the two above
        self.finals: dict[str, Any] = {}
        self.lines: dict[str, Any] = {}  # a line's sides, by its text (read once per box)
        self.starts: list[Start] = []
        self.reference: list[Line] = []
        entries = [(box.answer, "correct", "correct", "")]
        entries += [(r.answer, r.verdict, f"accept:{r.note}", r.feedback) for r in box.accept]
        entries += [(r.answer, r.verdict, f"mistake:{r.note}", r.feedback) for r in box.mistakes]
        for text, verdict, note, feedback in entries:
            try:
                lines = self.read(text)
            except LineError as exc:
                self.errors.append(f"{note}: {exc.message}")
                continue
            if note == "correct":
                self.reference = lines
            self.starts.append(Start(lines[0].readings()[0], to_verdict(verdict), note, feedback))

    def read(self, answer: str) -> list[Line]:
        out = []
        number = 0
        texts = split_steps(answer, self.ctx)
        for k, (text, label) in enumerate(texts):
            number += 1
            try:
                out.append(self.line(number, text, label))
            except LineError as exc:
                if exc.reason == "taken-back":
                    raise
                if heading(text, self.ctx):  # "remat time = disk time": words, not a step
                    number -= 1
                    continue
                limit = self.limit(number, text, label)
                if limit is not None and k == len(texts) - 1:  # "t ≤ 50" last: the limit
                    out.append(limit)
                    continue
                if limit is not None:
                    raise LineError(
                        "syntax",
                        f"Line {label}: a limit ('{limit.sides[1].relation}') may only end "
                        "the working, as its last line: write the steps before it as "
                        "equations with '='.",
                        number,
                    ) from None
                if not (out and restates(text)):
                    raise  # (said again of another quantity, "i.e. Var(W) = 1/d1": not checked)
        if self.unknown is not None:
            out = [self.one_equation(line) for line in out]
        return out

    def limit(self, number: int, text: str, label: str = "") -> Line | None:
        """The last line ``text`` stating a limit ("t ≤ 50", ``read_limit``) when the value box
        takes a limit (its ``bound``); None otherwise (the line is refused as it was)."""
        target = self.box.target_box
        if self.unknown is None or getattr(target, "bound", "none") not in ("upper", "lower"):
            return None
        return read_limit(number, text, self.ctx, self.unit, label)

    def one_equation(self, line: Line) -> Line:
        """``line`` as one equation in the unknown (``chains.one_equation``)."""
        assert self.unknown is not None
        return one_equation(line, self.unknown, self.domains, self.implied)

    def line(self, number: int, text: str, label: str = "") -> Line:
        """Step ``number`` read (``read_line``), typed at ``label``; a text read before in this
        box is not read again (its number and label only name it in messages, and a line that
        does not read raises)."""
        sides = remembered(
            self.lines, text, lambda: read_line(number, text, self.ctx, self.unit, label).sides
        )
        return Line(number, text.strip(), sides, label=label)

    @property
    def symbols(self) -> list[Any]:
        return sorted(self.domains, key=lambda s: s.name)


@lru_cache(maxsize=128)
def prepare(box: Any) -> Prepared:
    return Prepared(box)
