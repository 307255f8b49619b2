"""Every text of the content, where it is in its file (``Where``: file, line, key) and how the
UI shows it (Markdown or as typed), and the checks that each renders as its author meant
(``check_texts``, with ``tutor.authoring.markup``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tutor.authoring.markup import (
    MARKDOWN,
    PLAIN,
    hint_problem,
    markdown_issues,
    plain_text_issues,
    render_issue,
)
from tutor.authoring.report import Failure, FailureCode
from tutor.content.loader import CARDS_FILE
from tutor.content.model import Content
from tutor.content.positions import LineLocator, format_key


class Where:
    """File names and line numbers for parts, boxes and cards of loaded content."""

    def __init__(self, content: Content):
        self.directory = Path(content.directory)
        self._locators: dict[str, LineLocator | None] = {}
        self._lines: dict[str, list[str]] = {}
        self.box_file: dict[str, str] = {}
        self.part_index: dict[str, tuple[str, int]] = {}
        for problem in content.problems:
            for i, part in enumerate(problem.parts):
                self.part_index[part.id] = (problem.source, i)
                for box_id in part.boxes:
                    self.box_file[box_id] = problem.source

    def line(self, file: str, path: tuple) -> int | None:
        if file not in self._locators:
            try:
                text = (self.directory / file).read_text(encoding="utf-8")
            except OSError:
                self._locators[file] = None
                self._lines[file] = []
            else:
                self._locators[file] = LineLocator(text)
                self._lines[file] = text.splitlines()
        loc = self._locators[file]
        return loc.element_line(path) if loc else None

    def text_line(self, file: str, path: tuple, text: str, offset: int) -> int | None:
        """The file line of line ``offset`` of the string at ``path`` (best effort)."""
        base = self.line(file, path)
        if base is None:
            return None
        raw = self._lines.get(file, [])
        opens_block = base <= len(raw) and _OPENS_BLOCK_RE.search(raw[base - 1])
        guess = base + (1 if opens_block else 0) + offset
        rows = text.splitlines()
        target = rows[offset].strip() if offset < len(rows) else ""
        # the longest piece of the line that TOML escapes and quoting cannot have changed
        needle = max(_TOML_QUOTING_RE.split(target), key=len).strip()
        if len(needle) >= 6:
            for n in [guess, *range(base, min(len(raw), guess + 60) + 1)]:
                if 1 <= n <= len(raw) and needle in raw[n - 1]:
                    return n
        return guess if guess <= len(raw) else base

    def failure(
        self,
        file: str,
        path: tuple,
        expected: str,
        got: str,
        fix: str = "",
        code: FailureCode = "check",
    ) -> Failure:
        return Failure(file, self.line(file, path), format_key(path), expected, got, fix, code)


_OPENS_BLOCK_RE = re.compile(r"(\"\"\"|''')\s*$")  # a multi-line string starts on the next line
_TOML_QUOTING_RE = re.compile(r"[\\\"']")


@dataclass(frozen=True)
class Text:
    """One text field: where it is, and how the UI shows it (Markdown or plain text)."""

    file: str
    path: tuple
    text: str
    role: str  # MARKDOWN or PLAIN
    is_hint: bool = False


def all_texts(content: Content, parts: Collection[str] | None = None) -> Iterator[Text]:
    """Every text a student reads, with how the UI shows it.

    Statements, solutions, readings and cards (title and body) go through the
    Markdown widget; titles, prompts, choices, hints, feedback, errata, rubric
    points and reflection prompts are shown as typed. The problem summary is not
    shown by the UI; it is checked as Markdown, as the schema calls it.
    """
    for problem in content.problems:
        f = problem.source
        if parts is None:
            yield Text(f, ("problem", "title"), problem.title, PLAIN)
            if problem.summary:
                yield Text(f, ("problem", "summary"), problem.summary, MARKDOWN)
        for i, part in enumerate(problem.parts):
            if parts is not None and part.id not in parts:
                continue
            p = ("parts", i)
            yield Text(f, p + ("title",), part.title, PLAIN)
            yield Text(f, p + ("statement",), part.statement, MARKDOWN)
            yield Text(f, p + ("solution",), part.solution, MARKDOWN)
            if part.reading:
                yield Text(f, p + ("reading",), part.reading, MARKDOWN)
            for j, text in enumerate(part.errata):
                yield Text(f, p + ("errata", j), text, PLAIN)
            if part.explain:
                yield Text(f, p + ("explain", "prompt"), part.explain.prompt, PLAIN)
                for j, text in enumerate(part.explain.points):
                    yield Text(f, p + ("explain", "points", j), text, PLAIN)
            for j, r in enumerate(part.reflect):
                yield Text(f, p + ("reflect", j, "prompt"), r.prompt, PLAIN)
            for box_id in part.boxes:
                box = content.boxes[box_id]
                b = ("boxes", box_id)
                yield Text(f, b + ("prompt",), box.prompt, PLAIN)
                for j, choice in enumerate(box.choices or ()):
                    yield Text(f, b + ("choices", j, "text"), choice.text, PLAIN)
                for j, text in enumerate(box.hints):
                    yield Text(f, b + ("hints", j), text, PLAIN, is_hint=True)
                if box.feedback:
                    yield Text(f, b + ("feedback",), box.feedback, PLAIN)
                if box.order_feedback:
                    yield Text(f, b + ("order_feedback",), box.order_feedback, PLAIN)
                for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
                    for j, reading in enumerate(readings):
                        if reading.feedback:
                            yield Text(f, b + (key, j, "feedback"), reading.feedback, PLAIN)
                for j, block in enumerate(box.blocks):
                    yield Text(f, b + ("blocks", j, "text"), block.text, PLAIN)
                for j, d in enumerate(box.distractors):
                    yield Text(f, b + ("distractors", j, "text"), d.text, PLAIN)
                    yield Text(f, b + ("distractors", j, "feedback"), d.feedback, PLAIN)
    for card in content.cards.values() if parts is None else ():
        f = card.source or CARDS_FILE
        yield Text(f, ("cards", card.id, "title"), card.title, MARKDOWN)
        yield Text(f, ("cards", card.id, "body"), card.body, MARKDOWN)


def check_texts(
    content: Content, where: Where | None = None, parts: Collection[str] | None = None
) -> tuple[int, list[Failure]]:
    """Check every text a student reads: (checks passed, failures).

    Each text must render (no empty text, balanced ``$`` and braces; hints short),
    and its markup must show as written: in a Markdown field no math eaten by
    emphasis (``markdown_issues``), in a plain-text field no Markdown markup that
    would show raw (``plain_text_issues``). A render or markup failure names the line
    of the file the offending snippet is on.
    """
    where = where or Where(content)
    passed = 0
    failures: list[Failure] = []
    for t in all_texts(content, parts):
        rendering = render_issue(t.text)
        problem = rendering.message if rendering else None
        if problem is None and t.is_hint:
            problem = hint_problem(t.text)
        if problem is None:
            passed += 1
        else:
            wanted = "text that renders" + (" as a short hint" if t.is_hint else "")
            failure = where.failure(t.file, t.path, wanted, problem, code="render")
            if rendering is not None and rendering.at is not None:
                # the line of the text the problem is on, not the key's first line
                at = t.text[: rendering.at].count("\n")
                failure = replace(failure, line=where.text_line(t.file, t.path, t.text, at))
            failures.append(failure)
        if t.role == MARKDOWN:
            issues = markdown_issues(t.text)
            wanted = "Markdown that shows the math as written"
        else:
            issues = plain_text_issues(t.text)
            wanted = "plain text without Markdown markup (the UI shows this field as typed)"
        passed += not issues
        for issue in issues:
            line = where.text_line(t.file, t.path, t.text, issue.line)
            failures.append(
                Failure(t.file, line, format_key(t.path), wanted, issue.describe(), code="markup")
            )
    return passed, failures
