"""What is wrong with content: one ``ContentIssue`` per problem found (file, line, key, what to
do, and its kind for ``validate --json``), and ``ContentError``, the report every command prints."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from tutor.errors import UserError

# What kind of problem a ContentIssue is (``validate --json`` gives it as "code").
IssueCode = Literal[
    "schema",  # a key, type or value the schema does not allow
    "syntax",  # not TOML
    "encoding",  # not UTF-8
    "file",  # a file that cannot be read, or is empty
    "directory",  # the directory is missing, empty or defines no problems
    "duplicate-id",  # a problem, part, box or card id defined twice
    "control-character",  # a control character in a text (often a TOML escape eating LaTeX)
    "unknown-plot",  # a plot name the registry does not know
]


@dataclass(frozen=True)
class ContentIssue:
    """One problem found in the content: where it is and what to do about it."""

    file: str
    line: int | None
    key: str
    message: str
    code: IssueCode = "schema"  # what kind of problem, for ``validate --json``
    fix: str = ""  # what to do, when the message does not say it: printed on a line of its own

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        fix = f"\n       fix: {self.fix}" if self.fix else ""
        return f"{where}: {self.key}: {self.message}{fix}"


class ContentError(UserError):
    """The content could not be loaded. ``issues`` lists every problem found.

    ``str(exc)`` is the report every command prints (validate, grade, the tutor):
    the directory, one line per issue, and the command to run once they are fixed.
    """

    exit_code = 1

    def __init__(self, issues: list[ContentIssue], directory: str | os.PathLike[str] | None = None):
        self.issues = list(issues)
        self.directory = str(directory) if directory is not None else None
        super().__init__(self.report())

    def report(self) -> str:
        return content_report(self.directory, [str(i) for i in self.issues])


def content_report(directory: str | None, issues: list[str]) -> str:
    """The report for content that does not load: what every command prints."""
    import shlex

    where = f"{directory}: the content" if directory else "the content"
    lines = [f"{where} does not load:"]
    lines += [f"  {issue}" for issue in issues]
    target = f" {shlex.quote(directory)}" if directory else ""
    lines.append(f"fix these, then run 'hw3-tutor validate{target}' again")
    return "\n".join(lines)
