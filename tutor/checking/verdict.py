"""The verdict of one check: what the student sees and what the logs keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from tutor.inputlang.values import Reason
from tutor.verdicts import VerdictName

_INVALID_HELP = {
    "empty": "",
    "too-long": "",
    "too-deep": "",
    "too-big": "",
}


@dataclass(frozen=True)
class Verdict:
    verdict: VerdictName
    feedback: str
    interpreted: str
    note: str
    ms: float = 0.0
    column: int | None = None

    def to_json(self) -> dict:
        return asdict(self)

    def with_ms(self, ms: float) -> Verdict:
        return Verdict(self.verdict, self.feedback, self.interpreted, self.note, ms, self.column)


def invalid(
    reason: Reason, message: str, column: int | None = None, interpreted: str = ""
) -> Verdict:
    return Verdict("invalid", message, interpreted, f"invalid:{reason}", 0.0, column)


class VerdictLike(Protocol):
    """What a check gives, as far as its callers read it (a ``Verdict``, or a test's fake)."""

    @property
    def verdict(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def feedback(self) -> str: ...


CheckFn = Callable[[Any, str], VerdictLike]
"""``check(box, answer)``: ``tutor.checking.judge.check`` or a worker's bounded one."""
