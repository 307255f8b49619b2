"""The verdict of one check: what the student sees and what the logs keep."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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


def invalid(reason: str, message: str, column: int | None = None, interpreted: str = "") -> Verdict:
    return Verdict("invalid", message, interpreted, f"invalid:{reason}", 0.0, column)
