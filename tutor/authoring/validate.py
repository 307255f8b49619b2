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
box cannot read reported once with the reason (``check_reading``); and that no
text a student reads before a box is solved shows, in any form, an answer of a
box of its part (``tutor.authoring.leaks``). Every failure has a ``code`` (see
``FailureCode``) for ``validate --json``.

Only the standard library is imported at module level; the checker (sympy) is
loaded when the command runs.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from tutor.authoring import leaks
from tutor.checking.verdict import CheckFn, VerdictLike
from tutor.content.loader import (
    CARDS_FILE,
    BoxSpec,
    Content,
    ContentIssue,
    LineLocator,
    format_key,
)
from tutor.errors import UserError

# Coverage rules for the shipped content (issue 3).
MIN_TESTS_PER_BOX = 8
MIN_MISTAKE_TESTS_PER_BOX = 3
MIN_UNUSUAL_CORRECT_TESTS_PER_BOX = 2
MIN_TESTS_TOTAL = 150
# A hint is "at most three short lines": three lines of this many columns.
HINT_MAX_LINES = 3
HINT_LINE_COLUMNS = 100


# What kind of check failed (``validate --json`` gives it as "code").
FailureCode = Literal[
    "check",  # a check with no more specific code
    "reference",  # the reference answer is not graded correct by its own box
    "unreadable",  # the box cannot read its reference answer, a reading or a mistake
    "accept",  # an accepted reading does not get its verdict and note
    "mistake",  # a known mistake does not get its verdict and note
    "same-as-key",  # a reading or mistake is the reference (or another entry) in another form
    "order-verdict",  # a mistake of the right order of growth without the box's order verdict
    "test",  # a question test does not get its verdict and note
    "render",  # a text does not render (empty, unbalanced $ or braces, a hint too long)
    "markup",  # a text would not show as written (Markdown eating math, markup showing raw)
    "leak",  # a text shown before a box is solved shows an answer of its part
    "unknown-plot",  # a plot name the registry does not know
    "coverage",  # fewer question tests than the coverage rules ask (an error with --strict)
]


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
    warnings: tuple[str, ...] = ()  # coverage shortfalls
    schema_errors: tuple[str, ...] = ()  # content that does not load, as printed
    tests_skipped: int = 0  # question tests not run: their box's key cannot be read
    schema_issues: tuple[ContentIssue, ...] = ()  # the same, structured
    coverage: tuple[Failure, ...] = ()  # the warnings, structured

    @property
    def ok(self) -> bool:
        return not self.failures and not self.schema_errors

    def errors(self, strict: bool = False) -> list[dict[str, Any]]:
        """Every error, structured: file, line, key, code, message (and, for a failed check,
        expected, got and fix). With ``strict`` the coverage shortfalls are errors too."""
        out = [
            {"file": i.file, "line": i.line, "key": i.key, "code": i.code, "message": i.message}
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
        _markdown_parser().parse(text)
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


# ---------------------------------------------------------------------------
# Markup that would not show as its author meant
# ---------------------------------------------------------------------------
#
# The UI renders some fields with Textual's ``Markdown`` widget (markdown-it,
# "gfm-like") and shows the others as plain text. Math written with ``_`` and ``*``
# is eaten by Markdown emphasis in the first kind; Markdown markup shows raw in the
# second. Both are found by parsing with markdown-it, the parser Textual uses.

MARKDOWN = "markdown"  # rendered by the Markdown widget
PLAIN = "plain"  # shown as typed

_SUPER_SUB = "¹²³⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₔₕₖₗₘₙₚₛₜᵢᵣᵤᵥᵦᵧᵨᵩᵪ"
# Emphasis content that is math: an equation, a power, braces, a subscript, a number
# or a bare operator, a function application f(x) or E[...], or punctuation at the edge.
_MATH_CONTENT_RE = re.compile(
    "[=^{}_" + _SUPER_SUB + "]"
    r"|[\w)\]‖](?:\(|\[)"
    r"|^[\d\s.,+\-−·×/]+$"
    r"|^[.,;:)=+\-−·/]"
)
_MATH_BEFORE = frozenset("‖)}]_^|")  # a delimiter right after these is math: ‖A‖_*, f(x)*g
_MATH_AFTER = frozenset("‖({[_^|")
_LATEX_RE = re.compile(r"\\[A-Za-z]{2,}")
_PLAIN_ESCAPE_RE = re.compile(r"\\[_*`]")
_SNIPPET_SIDE = 12
_SNIPPET_INNER = 44
_ESCAPE_UNDERSCORE = (
    'escape each math underscore as \\_ (in a """ string write \\\\_, or make the field '
    "a ''' string), or put a formula the student types in a `code span`"
)
_ESCAPE_ASTERISK = (
    'escape the math asterisks as \\* (\\\\* in a """ string), write × or · for a '
    "product, or put a formula the student types in a `code span`"
)


@dataclass(frozen=True)
class MarkupIssue:
    """Markup in one text that would not show as written: where, what, what to do."""

    line: int  # 0-based line within the text
    snippet: str  # the text around the problem, as the student would read it
    problem: str
    fix: str

    def describe(self) -> str:
        return f"{self.problem}: '{self.snippet}'; {self.fix}"


@functools.cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    try:  # what Textual's Markdown widget uses
        return MarkdownIt("gfm-like")
    except Exception:  # noqa: BLE001 - gfm-like wants linkify-it-py; emphasis is the same
        return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _edge(tokens, first: bool) -> str:
    """The character a reader sees first (or last) in ``tokens``; "" when there is none."""
    for tok in tokens:
        if tok.type in ("softbreak", "hardbreak"):
            return " "
        if tok.type in ("text", "code_inline"):
            if tok.content:
                return tok.content[0] if first else tok.content[-1]
            continue
        return (tok.markup[:1] if first else tok.markup[-1:]) or " "
    return ""


def _reading(tokens, limit: int, before: bool) -> str:
    """Up to ``limit`` characters of plain reading context next to a run."""
    out = ""
    for tok in tokens:
        if tok.type in ("softbreak", "hardbreak"):
            piece = " "
        elif tok.type in ("text", "code_inline"):
            piece = tok.content
        else:
            break
        out = piece + out if before else out + piece
        if len(out) >= limit:
            break
    return out[-limit:] if before else out[:limit]


def _closing(children: list, i: int) -> int:
    """Index of the token that closes the ``*_open`` token at ``i``."""
    kind = children[i].type[: -len("_open")]
    depth = 0
    for j in range(i, len(children)):
        if children[j].type == f"{kind}_open":
            depth += 1
        elif children[j].type == f"{kind}_close":
            depth -= 1
            if depth == 0:
                return j
    return len(children) - 1


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


@dataclass(frozen=True)
class _Run:
    """One emphasis, strikethrough or link in an inline token, with its neighbours."""

    kind: str  # em, strong, s, link
    markup: str
    inner: str
    before: str  # the character just before the opening delimiter ("" at the start)
    after: str  # the character just after the closing delimiter
    left: str  # reading context on either side
    right: str

    @property
    def snippet(self) -> str:
        open_, close = (self.markup, self.markup) if self.kind != "link" else ("[", "](…)")
        inner = _shorten(self.inner, _SNIPPET_INNER)
        return f"{self.left}{open_}{inner}{close}{self.right}".strip()

    def math_neighbours(self) -> bool:
        """Whether the delimiters sit inside math: ‖A‖_*, f(x)*g(x), 2*d1*d2.

        Bold may touch letters (``W**x**`` is a bold vector, ``**x**ᵀ`` its
        transpose), so for ``**`` only the math neighbours count.
        """
        b, a = self.before, self.after
        if b in _MATH_BEFORE or a == "‖":
            return True
        if self.kind == "strong":
            return False
        return b.isalnum() or a in _MATH_AFTER or a.isalnum()

    def math_content(self) -> bool:
        return bool(_MATH_CONTENT_RE.search(self.inner))


def _runs(children: list) -> Iterator[_Run]:
    for i, tok in enumerate(children):
        kind = tok.type[: -len("_open")] if tok.type.endswith("_open") else ""
        if kind not in ("em", "strong", "s", "link"):
            continue
        j = _closing(children, i)
        inner = "".join(
            {"code_inline": f"`{t.content}`", "text": t.content}.get(t.type, " ")
            for t in children[i + 1 : j]
            if t.type in ("text", "code_inline", "softbreak", "hardbreak")
        )
        yield _Run(
            kind=kind,
            markup=tok.markup,
            inner=inner.replace("\n", " "),
            before=_edge(reversed(children[:i]), first=False),
            after=_edge(children[j + 1 :], first=True),
            left=_reading(reversed(children[:i]), _SNIPPET_SIDE, before=True).replace("\n", " "),
            right=_reading(children[j + 1 :], _SNIPPET_SIDE, before=False).replace("\n", " "),
        )


def _inline_blocks(tokens: list) -> Iterator[tuple[int, int, list]]:
    """(first line, end line, inline tokens) of every block of a parsed text."""
    for tok in tokens:
        start, end = tok.map or (0, 0)
        if tok.type == "inline" and tok.children is not None:
            yield start, end, tok.children
        elif tok.type == "html_block":
            yield start, end, [tok]


class _Finder:
    """Turns findings into ``MarkupIssue``s, with the line of the text each one is on."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.issues: list[MarkupIssue] = []

    def add(self, block: tuple[int, int], needles, snippet: str, problem: str, fix: str) -> None:
        start, end = block
        rows = range(start, min(max(end, start + 1), len(self.lines)))
        line = start
        for needle in (n.strip() for n in needles):
            hit = next((n for n in rows if needle and needle in self.lines[n]), None)
            if hit is not None:
                line = hit
                break
        self.issues.append(MarkupIssue(line, snippet.strip(), problem, fix))


def _stray_list_items(tokens: list, found: _Finder) -> None:
    """A line starting with '+ ' (or '- 1', '* 2') right after a text line starts a bullet
    list: in a formula wrapped before an operator, the operator becomes a bullet."""
    lines = found.lines
    for k, tok in enumerate(tokens):
        if tok.type != "bullet_list_open" or tok.level != 0 or not tok.map:
            continue
        first = tok.map[0]
        if first == 0 or not lines[first - 1].strip():
            continue  # a list after a blank line is meant as a list
        item = next((t.content for t in tokens[k:] if t.type == "inline"), "")
        if tok.markup == "+" or _OPERAND_RE.match(item):
            snippet = f"{lines[first - 1].strip()[-20:]} ⏎ {lines[first].strip()[:24]}"
            problem = f"a line starting with '{tok.markup} ' after a line of text becomes a bullet"
            fix = (
                f"keep the '{tok.markup}' at the end of the line before, or escape it "
                f"as \\{tok.markup}"
            )
            found.add((first, first + 1), (), snippet, problem, fix)


_OPERAND_RE = re.compile(r"[\d(√∑∫]")


def markdown_issues(text: str) -> list[MarkupIssue]:
    """Markdown that would not show the math as written (for a text rendered as Markdown).

    Flags emphasis delimited by ``_`` (always math here: write prose emphasis with
    ``*``), ``*``/``**`` emphasis that looks like math by its neighbours (``‖A‖_*``,
    ``2*d1*d2``) or, for single ``*``, by its content (``=``, ``^``, braces,
    subscripts, a number), strikethrough, links that would hide their target, HTML
    that would vanish, raw LaTeX commands outside code spans, unbalanced backticks, and
    a formula wrapped before a '+' that turns into a bullet list.
    """
    found = _Finder(text)
    tokens = _markdown_parser().parse(text)
    _stray_list_items(tokens, found)
    for start, end, children in _inline_blocks(tokens):
        block = (start, end)
        for run in _runs(children):
            head = run.inner[:10]
            needles = (
                run.left[-8:] + run.markup + head[:8],
                run.markup + head,
                run.before + run.markup + head[:4],
                run.before + run.markup,
                head,
            )
            if run.kind in ("em", "strong") and run.markup.startswith("_"):
                problem = f"'{run.markup}' pairs up as {'italics' if run.kind == 'em' else 'bold'}"
                found.add(
                    block, needles, run.snippet, problem + " and disappears", _ESCAPE_UNDERSCORE
                )
            elif run.kind in ("em", "strong"):
                if run.math_neighbours() or (run.kind == "em" and run.math_content()):
                    what = "italics" if run.kind == "em" else "bold"
                    problem = f"'{run.markup}' around math pairs up as {what} and disappears"
                    found.add(block, needles, run.snippet, problem, _ESCAPE_ASTERISK)
            elif run.kind == "s":
                problem = f"'{run.markup}' strikes the text through"
                found.add(
                    block, needles, run.snippet, problem, "escape the tildes as \\~ or write ∼"
                )
            elif run.markup not in ("linkify", "autolink"):
                problem = "'[…](…)' becomes a link and hides the part in parentheses"
                fix = "escape the bracket as \\[ or put a space between ']' and '('"
                found.add(block, ("[" + head, head), run.snippet, problem, fix)
        for tok in children:
            if tok.type in ("html_inline", "html_block"):
                html = (tok.content.strip().splitlines() or [""])[0]
                problem = "text in angle brackets is read as HTML and not shown"
                fix = "escape the bracket as \\< or write ⟨ ⟩ for angle brackets"
                found.add(block, (html,), html, problem, fix)
            elif tok.type != "text":
                continue
            elif "`" in tok.content:
                at = tok.content.index("`")
                snippet = tok.content[max(0, at - _SNIPPET_SIDE) : at + _SNIPPET_SIDE]
                problem = "an unbalanced backtick shows raw and its code span never starts"
                fix = "close the code span with a matching backtick, or escape it as \\`"
                found.add(block, (snippet,), snippet, problem, fix)
            else:
                for m in _LATEX_RE.finditer(tok.content):
                    snippet = tok.content[max(0, m.start() - 4) : m.end() + _SNIPPET_SIDE]
                    problem = f"raw LaTeX '{m.group(0)}' shows as typed, not as math"
                    fix = (
                        "write the math in Unicode (√, ², ₁, ·), or put LaTeX the student "
                        "may type in a `code span`"
                    )
                    found.add(block, (m.group(0),), snippet, problem, fix)
    return sorted(found.issues, key=lambda i: i.line)


def plain_text_issues(text: str) -> list[MarkupIssue]:
    """Markdown markup that would show raw (for a text shown as plain text).

    Emphasis that reads as prose (``**note**``, ``*not*``) is flagged; the same
    characters used as math (``‖A‖_*``, ``2*d1*d2``) show as the author meant.
    Backslash escapes such as ``\\_`` would show their backslash.
    """
    found = _Finder(text)
    for start, end, children in _inline_blocks(_markdown_parser().parse(text)):
        for run in _runs(children):
            if run.kind not in ("em", "strong") or run.math_neighbours() or run.math_content():
                continue
            problem = f"'{run.markup}' shows as typed: this field is plain text, not Markdown"
            fix = (
                f"drop the '{run.markup}' (emphasis renders only in statements, solutions, "
                "readings and cards)"
            )
            found.add((start, end), (run.markup + run.inner[:10],), run.snippet, problem, fix)
    for n, line in enumerate(found.lines):
        for m in _PLAIN_ESCAPE_RE.finditer(line):
            snippet = line[max(0, m.start() - _SNIPPET_SIDE) : m.end() + _SNIPPET_SIDE]
            problem = f"the backslash of '{m.group(0)}' shows: this field is plain text"
            fix = f"write '{m.group(0)[1]}' without the backslash"
            found.add((n, n + 1), (), snippet, problem, fix)
    return found.issues


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
        return loc.line(path) if loc else None

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
class _Text:
    """One text field: where it is, and how the UI shows it (Markdown or plain text)."""

    file: str
    path: tuple
    text: str
    role: str  # MARKDOWN or PLAIN
    is_hint: bool = False


def _texts(content: Content, parts: Collection[str] | None = None) -> Iterator[_Text]:
    """Every text a student reads, with how the UI shows it.

    Statements, solutions, readings and cards (title and body) go through the
    Markdown widget; titles, prompts, choices, hints, feedback, errata, rubric
    points and reflection prompts are shown as typed. The problem summary is not
    shown by the UI; it is checked as Markdown, as the schema calls it.
    """
    for problem in content.problems:
        f = problem.source
        if parts is None:
            yield _Text(f, ("problem", "title"), problem.title, PLAIN)
            if problem.summary:
                yield _Text(f, ("problem", "summary"), problem.summary, MARKDOWN)
        for i, part in enumerate(problem.parts):
            if parts is not None and part.id not in parts:
                continue
            p = ("parts", i)
            yield _Text(f, p + ("title",), part.title, PLAIN)
            yield _Text(f, p + ("statement",), part.statement, MARKDOWN)
            yield _Text(f, p + ("solution",), part.solution, MARKDOWN)
            if part.reading:
                yield _Text(f, p + ("reading",), part.reading, MARKDOWN)
            for j, text in enumerate(part.errata):
                yield _Text(f, p + ("errata", j), text, PLAIN)
            if part.explain:
                yield _Text(f, p + ("explain", "prompt"), part.explain.prompt, PLAIN)
                for j, text in enumerate(part.explain.points):
                    yield _Text(f, p + ("explain", "points", j), text, PLAIN)
            for j, r in enumerate(part.reflect):
                yield _Text(f, p + ("reflect", j, "prompt"), r.prompt, PLAIN)
            for box_id in part.boxes:
                box = content.boxes[box_id]
                b = ("boxes", box_id)
                yield _Text(f, b + ("prompt",), box.prompt, PLAIN)
                for j, choice in enumerate(box.choices or ()):
                    yield _Text(f, b + ("choices", j, "text"), choice.text, PLAIN)
                for j, text in enumerate(box.hints):
                    yield _Text(f, b + ("hints", j), text, PLAIN, is_hint=True)
                if box.feedback:
                    yield _Text(f, b + ("feedback",), box.feedback, PLAIN)
                if box.order_feedback:
                    yield _Text(f, b + ("order_feedback",), box.order_feedback, PLAIN)
                for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
                    for j, reading in enumerate(readings):
                        if reading.feedback:
                            yield _Text(f, b + (key, j, "feedback"), reading.feedback, PLAIN)
                for j, block in enumerate(box.blocks):
                    yield _Text(f, b + ("blocks", j, "text"), block.text, PLAIN)
                for j, d in enumerate(box.distractors):
                    yield _Text(f, b + ("distractors", j, "text"), d.text, PLAIN)
                    yield _Text(f, b + ("distractors", j, "feedback"), d.feedback, PLAIN)
    for card in content.cards.values() if parts is None else ():
        f = card.source or CARDS_FILE
        yield _Text(f, ("cards", card.id, "title"), card.title, MARKDOWN)
        yield _Text(f, ("cards", card.id, "body"), card.body, MARKDOWN)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def plot_names() -> set[str] | None:
    """The names in the plot registry, or None when it cannot be imported."""
    try:
        from tutor.plots.registry import PLOTS
    except ImportError:
        return None
    return {spec.name for spec in PLOTS}


def _show(v: VerdictLike, detail: bool = False) -> str:
    """A verdict as ``verdict (note)``; with ``detail``, an invalid one says why."""
    text = f"{v.verdict} ({v.note})" if v.note else v.verdict
    if v.verdict == "invalid" and (detail or v.note == "invalid:unknown-name"):
        why = _first_sentence(getattr(v, "feedback", "") or "")
        column = getattr(v, "column", None)
        if why and column is not None and "column" not in why:
            why = f"{why.rstrip('.')} (column {column + 1})."
        if why:
            text += f": {why}"
    return text


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s", text)
    return text[: m.start()] if m else text


_UNKNOWN_NAME_RE = re.compile(r"name '([^']+)'")


def _invalid_fix(v: VerdictLike, what: str) -> str:
    """What to do when the checker cannot read an answer written in the content."""
    feedback = getattr(v, "feedback", "") or ""
    if v.note == "invalid:unknown-name" or (
        v.note == "invalid:content" and "don't know the name" in feedback
    ):
        m = _UNKNOWN_NAME_RE.search(feedback)
        name = f"'{m.group(1)}'" if m else "the name"
        return (
            f"if students may write {name}, add it to the box's symbols "
            f"({m.group(1) if m else 'x'} = {{ domain = [0.5, 3] }}), or to "
            f"functions if it is a function; otherwise fix {what}"
        )
    return (
        f"write {what} in the input language the student uses; try it with "
        "'hw3-tutor grade --content DIR BOX \"...\"'"
    )


def _reference_fix(v: VerdictLike) -> str:
    if v.verdict == "correct":
        return ""
    if v.verdict == "invalid":
        return _invalid_fix(v, "the reference answer")
    return (
        "the reference answer must be graded correct by its own box: fix the answer, or "
        "the box keys that read it (symbols, unit, nouns, choices), or the accept/mistake "
        f"entry it matched ({v.note})"
    )


def _reading_fix(box: BoxSpec, answer: str, v: VerdictLike, key: str) -> str:
    """What to do when an accepted reading or a mistake is not graded as written."""
    if v.verdict == "invalid":
        return _invalid_fix(v, "the answer")
    if key == "mistakes" and v.verdict == "correct":
        if _normal(answer) == _normal(box.answer):
            return (
                "this mistake's answer is the reference answer itself; write the wrong "
                "answer students give, or remove the mistake"
            )
        return (
            f"the checker reads {answer!r} as equal to the reference {box.answer!r}, so a "
            "student who types it is told it is right; write the wrong answer students "
            "give, or remove the mistake"
        )
    if v.note.startswith(("mistake:", "accept:")):
        return (
            f"{answer!r} means the same as the entry with note '{v.note.split(':', 1)[1]}', "
            "which is matched first; give each entry a different answer, or remove one"
        )
    return (
        f"the checker grades {answer!r} as {_show(v)} before it looks at the {key} list; "
        f"see what it makes of it with 'hw3-tutor grade --content DIR {box.id} \"{answer}\"'"
    )


def _test_fix(v: VerdictLike) -> str:
    if v.verdict == "invalid" and v.note == "invalid:unknown-name":
        return _invalid_fix(v, "the test's input") + (
            "; or, if the checker is right, expect that verdict"
        )
    return (
        f'if the checker is right, set verdict = "{v.verdict}" and note = "{v.note}"; '
        "if the test is right, teach the box this answer (a [[mistakes]] or [[accept]] "
        "entry, or its symbols, unit, nouns)"
    )


# The verdict each note implies (mistake:/accept: notes take their entry's verdict).
_NOTE_VERDICTS = {
    "correct": "correct",
    "incorrect": "incorrect",
    "decimal": "partial",
    "both-signs": "partial",
}


def test_note_problem(box: BoxSpec, verdict: str, note: str | None) -> tuple[str, str] | None:
    """Why a question test's note cannot be right whatever the checker says, with what to do.

    Catches a test that names a mistake or reading the box does not define (a typo),
    and a verdict that contradicts the note (``note = "correct"`` with
    ``verdict = "incorrect"``). Returns (what is wrong, what to do) or None.
    """
    if note is None:
        return None
    if box.kind in ("proof", "derivation"):
        reasoning = reasoning_note_problem(box, verdict, note)
        if reasoning is None or isinstance(reasoning, tuple):
            return reasoning
    kind, _, name = note.partition(":")
    entries = {"mistake": box.mistakes, "accept": box.accept}.get(kind)
    if entries is not None:
        notes = {r.note: r for r in entries}
        if name not in notes:
            close = difflib.get_close_matches(name, list(notes), n=1)
            table = "mistakes" if kind == "mistake" else "accept"
            if close:
                fix = f'did you mean note = "{kind}:{close[0]}"?'
            elif notes:
                fix = f"this box's {table} notes are: " + ", ".join(sorted(notes))
            else:
                fix = f'add a [[boxes."{box.id}".{table}]] entry with note = "{name}" first'
            return f"note '{note}', but this box has no {table} entry with note '{name}'", fix
        wanted: str = notes[name].verdict
    elif kind == "invalid":
        wanted = "invalid"
    elif kind == "order" and name:
        wanted = name
    elif note in _NOTE_VERDICTS:
        wanted = _NOTE_VERDICTS[note]
    else:
        known = "correct, incorrect, accept:<note>, mistake:<note>, order:<verdict>, decimal, both-signs, invalid:<reason>"
        return f"note '{note}', which the checker never gives", f"use one of: {known}"
    if verdict != wanted:
        return (
            f"verdict '{verdict}' with note '{note}' (that note always comes with verdict "
            f"'{wanted}')",
            f'set verdict = "{wanted}", or fix the note',
        )
    return None


def check_texts(
    content: Content, where: _Where | None = None, parts: Collection[str] | None = None
) -> tuple[int, list[Failure]]:
    """Check every text a student reads: (checks passed, failures).

    Each text must render (no empty text, balanced ``$`` and braces; hints short),
    and its markup must show as written: in a Markdown field no math eaten by
    emphasis (``markdown_issues``), in a plain-text field no Markdown markup that
    would show raw (``plain_text_issues``). A markup failure names the line of the
    file the offending snippet is on.
    """
    where = where or _Where(content)
    passed = 0
    failures: list[Failure] = []
    for t in _texts(content, parts):
        problem = render_problem(t.text)
        if problem is None and t.is_hint:
            problem = hint_problem(t.text)
        if problem is None:
            passed += 1
        else:
            wanted = "text that renders" + (" as a short hint" if t.is_hint else "")
            failures.append(where.failure(t.file, t.path, wanted, problem, code="render"))
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


# ---------------------------------------------------------------------------
# The key says what it means: readings and mistakes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingCheck:
    """The outcome of one check of an accepted reading or a known mistake."""

    ok: bool
    expected: str
    got: str
    fix: str
    code: FailureCode


# the same meaning of two entries of a box: (key, index) -> what it means the same as
Shadows = dict[tuple[str, int], str]
SameFn = Callable[[BoxSpec], Shadows]


def shadowed_entries(box: BoxSpec) -> Shadows:
    """The accepted readings and mistakes that mean the same as the reference answer or an
    entry before them, found with the equivalence engine on the box's canonical forms (what
    the checker compares an answer with, in this order: the reference, the accepted readings,
    the mistakes). Such an entry is reached only when typed exactly as written; typed any other
    way the earlier one answers. Entries the box cannot read are left out (reported apart)."""
    from tutor.checking.canonical import equal, prepare
    from tutor.inputlang.values import ParseError

    entries = [("accept", j, r) for j, r in enumerate(box.accept)]
    entries += [("mistakes", j, r) for j, r in enumerate(box.mistakes)]
    out: Shadows = {}
    if box.kind == "choice":
        seen = {box.answer.strip().lower(): f"the reference answer {box.answer!r}"}
        for key, j, r in entries:
            k = r.answer.strip().lower()
            if k in seen:
                out[(key, j)] = seen[k]
            seen.setdefault(k, _entry_name(key, r.note, r.answer))
        return out
    try:
        prep = prepare(box)
    except ParseError:
        return out  # the box's names cannot be read: its reference check says so
    if prep.reference is None:
        return out
    by_note = {c.note: c for c in prep.candidates}
    earlier = [(f"the reference answer {box.answer!r}", prep.reference)]
    for key, j, r in entries:
        cand = by_note.get(f"{'accept' if key == 'accept' else 'mistake'}:{r.note}")
        if cand is None:
            continue
        for name, other in earlier:
            try:
                same = equal(prep, cand.value, other.value)
            except Exception:  # noqa: BLE001 - no verdict on equivalence is no finding
                same = False
            if same:
                out[(key, j)] = name
                break
        earlier.append((_entry_name(key, r.note, r.answer), cand))
    return out


def _entry_name(key: str, note: str, answer: str) -> str:
    what = "accepted reading" if key == "accept" else "mistake"
    return f"{what} '{note}' ({answer!r})"


def check_reading(
    box: BoxSpec, key: str, j: int, check: CheckFn, shadows: Shadows | None = None
) -> list[ReadingCheck]:
    """Check entry ``j`` of ``box``'s ``accept`` or ``mistakes`` list (``key``).

    1. The box must read it; if it cannot, that is said once, with the reason (and the
       caller skips the question tests that expect this entry).
    2. Typed as written it must get its own verdict and note.
    3. In any other form it must too: it must not mean the same as the reference answer or an
       entry before it (``shadows``, from ``shadowed_entries``), and a mistake must not be
       graded correct by the box without it (a baseline or ± form of the reference).
    4. A mistake of the right order of growth gets the box's order verdict (the box graded
       without it says "order:<verdict>"), as Θ(…) of it would.
    """
    from dataclasses import replace

    mistakes = key == "mistakes"
    r = (box.mistakes if mistakes else box.accept)[j]
    kind: FailureCode = "mistake" if mistakes else "accept"
    want = f"{kind}:{r.note}"
    v = check(box, r.answer)
    if v.verdict == "invalid":
        what = "known mistake" if mistakes else "accepted reading"
        return [
            ReadingCheck(
                False,
                f"a {what} its box can read",
                _show(v, detail=True),
                _invalid_fix(v, "the answer"),
                "unreadable",
            )
        ]
    if mistakes:
        ok = v.verdict != "correct" and v.verdict == r.verdict and v.note == want
        expected = f"{r.verdict} ({want}), told apart from the correct answer"
    else:
        ok = v.verdict == r.verdict and v.note == want
        expected = f"{r.verdict} ({want})"
    same = (shadows or {}).get((key, j))
    if not ok and same is None:
        return [ReadingCheck(False, expected, _show(v), _reading_fix(box, r.answer, v, key), kind)]
    if same is None and mistakes:
        w = check(replace(box, mistakes=box.mistakes[:j], tests=()), r.answer)
        if w.verdict == "correct" and w.note != want:
            same = f"the reference answer {box.answer!r}"
        elif w.note.startswith("order:") and w.note != f"order:{r.verdict}":
            order = w.note.split(":", 1)[1]
            return [
                ReadingCheck(
                    False,
                    f"mistake '{r.note}' to get the box's order verdict '{order}': it has "
                    "the right order of growth, and so does any answer like it",
                    f"verdict = '{r.verdict}'",
                    f'set verdict = "{order}" for this mistake (its feedback still says what '
                    f"is off), or change the box's order (now '{box.order}')",
                    "order-verdict",
                )
            ]
    if same is None:
        return [ReadingCheck(True, expected, _show(v), "", kind)]
    if mistakes and same.startswith("the reference"):
        if _normal(r.answer) == _normal(box.answer):
            todo = (
                "this mistake's answer is the reference answer itself; write the wrong "
                "answer students give, or remove the mistake"
            )
        else:
            todo = "if it is right, remove the mistake; if not, the reference answer is wrong"
    else:
        todo = "keep one of the two (merge their feedback)"
    return [
        ReadingCheck(
            False,
            f"{_entry_name(key, r.note, r.answer)} to differ from {same}",
            f"the checker reads them as the same answer, so only {r.answer!r} typed exactly "
            f"as written gets '{r.note}'; written any other way it gets what {same} says",
            todo,
            "same-as-key",
        )
    ]


def _not_run(box: BoxSpec) -> str:
    """What was not checked because the box's reference answer cannot be read."""
    counts = [
        (len(box.accept), "accepted reading"),
        (len(box.mistakes), "mistake"),
        (len(box.tests), "question test"),
    ]
    said = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts if n]
    if not said:
        return ""
    listed = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]
    return f" (its {listed} were not run: each compares with it)"


def check_leaks(
    content: Content,
    check: CheckFn,
    where: _Where | None = None,
    parts: Collection[str] | None = None,
) -> list[Failure]:
    """Every text a student reads before a box is solved that shows, in any form, an answer
    of a box of its part (``tutor.authoring.leaks``), as failures with the file, the line the
    piece is on, the key and the piece."""
    where = where or _Where(content)
    out = []
    for leak in leaks.find_leaks(content, check, parts):
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
    where = _Where(content)
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
    leak_failures = check_leaks(content, check, where, parts)
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
            if v.verdict == "invalid":
                # one failure that says why, not one for every reading and test of the box
                tests_skipped += len(box.tests)
                record(
                    False,
                    f,
                    b + ("answer",),
                    "a reference answer its box can read",
                    _show(v, detail=True) + _not_run(box),
                    fix=_reference_fix(v),
                    code="unreadable",
                )
                continue
            record(
                v.verdict == "correct",
                f,
                b + ("answer",),
                "the reference answer to be correct",
                _show(v),
                fix=_reference_fix(v),
                code="reference",
            )
            unreadable: set[str] = set()
            shadows = (same or shadowed_entries)(box)
            for key, readings in (("accept", box.accept), ("mistakes", box.mistakes)):
                for j, r in enumerate(readings):
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
            for ok, path, expected, got, fix in reasoning_checks(box, check):
                record(ok, f, b + path, expected, got, fix=fix)
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
                v = check(box, t.input)
                ok = v.verdict == t.verdict and (t.note is None or v.note == t.note)
                record(
                    ok,
                    f,
                    b + ("tests", j),
                    expected,
                    _show(v, detail=True),
                    is_test=True,
                    fix="" if ok else _test_fix(v),
                    code="test",
                )

    sources = {p.source for p in content.problems}
    sources |= {c.source or CARDS_FILE for c in content.cards.values()}
    files = len(sources)
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
        warnings=tuple(coverage_shortfalls(content)) + tuple(choice_length_warnings(content))
        if parts is None
        else (),
        tests_skipped=tests_skipped,
        coverage=tuple(
            where.failure(
                where.box_file[box_id],
                ("boxes", box_id, "tests"),
                "the question-test coverage rules met",
                message,
                code="coverage",
            )
            if box_id
            else Failure(
                content.directory,
                None,
                "(content)",
                "the question-test coverage rules met",
                message,
                code="coverage",
            )
            for box_id, message in (coverage_items(content) if parts is None else ())
        ),
    )


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
    return [message for _, message in coverage_items(content)]


def coverage_items(content: Content) -> list[tuple[str | None, str]]:
    """(box id, or None for the whole content; what is missing) for every coverage shortfall."""
    out: list[tuple[str | None, str]] = []
    total = 0
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            total += len(box.tests)
            if box.kind in ("proof", "derivation"):
                out += [(box_id, message) for message in reasoning_shortfalls(box)]
                continue
            mistakes = sum(1 for t in box.tests if (t.note or "").startswith("mistake:"))
            unusual = unusual_correct_tests(box)
            if len(box.tests) < MIN_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {len(box.tests)} question tests; "
                        f"write at least {MIN_TESTS_PER_BOX}",
                    )
                )
            if mistakes < MIN_MISTAKE_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {mistakes} tests of known mistakes "
                        f'(note = "mistake:..."); write at least {MIN_MISTAKE_TESTS_PER_BOX}',
                    )
                )
            if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
                out.append(
                    (
                        box_id,
                        f"box {box_id}: {unusual} correct tests written unlike the reference "
                        f"answer; write at least {MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}",
                    )
                )
    if total < MIN_TESTS_TOTAL:
        out.append(
            (
                None,
                f"{total} question tests in all; the tutor's content needs at least "
                f"{MIN_TESTS_TOTAL}",
            )
        )
    return out


CHOICE_LENGTH_RATIO = 1.2
"""The right option of a choice box is "clearly the longest" beyond this many times the
longest other option."""


def choice_length_warnings(content: Content) -> list[str]:
    """Choice boxes whose right option stands out as the longest (empty when none).

    An item-writing rule for multiple choice: keep the options alike in length and detail,
    or a student can pick the right one by its length alone.
    """
    out = []
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            if box.kind != "choice" or len(box.choices) < 2:
                continue
            right = box.answer.strip().strip("()").lower()
            lengths = {c.key.lower(): len(c.text.strip()) for c in box.choices}
            others = [n for key, n in lengths.items() if key != right]
            if right not in lengths or not others:
                continue
            if lengths[right] > CHOICE_LENGTH_RATIO * max(others):
                out.append(
                    f"box {box_id}: the right choice ({right}) is clearly the longest "
                    f"({lengths[right]} characters; the others at most {max(others)}), so it "
                    "can be guessed by its length; make the options alike in length and detail"
                )
    return out


# ---------------------------------------------------------------------------
# Proof and derivation boxes (issue 11)
# ---------------------------------------------------------------------------

MIN_DISTRACTORS = 2
MIN_WRONG_ORDER_TESTS = 1  # misplaced:<key>: a block before one it uses
MIN_DISTRACTOR_TESTS = 2
MIN_BROKEN_LINE_TESTS = 1  # step:<k>: a line that does not follow
MIN_REASONING_WRONG_TESTS = 3  # wrong orders, distractors, broken lines, wrong starts, ...


def reasoning_note_problem(
    box: BoxSpec, verdict: str, note: str
) -> tuple[str, str] | None | Literal[False]:
    """``test_note_problem`` for proof and derivation boxes: the note must be one the checker
    gives for the kind and name a block, distractor or line the box has; False when the note
    is one of the general ones (correct, mistake:, accept:, invalid:), checked as for any box."""
    from tutor.verdicts import (
        DERIVATION_FINAL,
        DERIVATION_LINE_NOTES,
        DERIVATION_START,
        PROOF_DISTRACTOR,
        PROOF_MISPLACED,
        PROOF_MISSING,
    )

    head, _, name = note.partition(":")
    if note == "correct" or head in ("mistake", "accept", "invalid"):
        return False
    wrong = ("partial", "incorrect")
    if box.kind == "proof":
        known = (
            f"correct, {PROOF_DISTRACTOR}:<key>, {PROOF_MISPLACED}:<key>, {PROOF_MISSING}, "
            "mistake:<note>, accept:<note>, invalid:<reason>"
        )
        keys = {
            PROOF_DISTRACTOR: [d.key for d in box.distractors],
            PROOF_MISPLACED: [b.key for b in box.blocks],
        }
        if head in keys and name:
            if name not in keys[head]:
                what = "distractor" if head == PROOF_DISTRACTOR else "block"
                return (
                    f"note '{note}', but this box has no {what} with key '{name}'",
                    f"its {what} keys are: " + ", ".join(keys[head]),
                )
        elif note != PROOF_MISSING:
            return f"note '{note}', which a proof box never gives", f"use one of: {known}"
    else:
        known = (
            f"correct, {DERIVATION_START}, step:<line>, one-way:<line>, unchecked:<line>, "
            f"{DERIVATION_FINAL}:<note of the value box>, mistake:<note>, accept:<note>, "
            "invalid:<reason>"
        )
        if head in DERIVATION_LINE_NOTES:
            if not (name.isdigit() and int(name) >= 1):
                return (
                    f"note '{note}', but {head} names the line that does not follow (1, 2, ...)",
                    f'write note = "{head}:<line number>"',
                )
            if head == "one-way" and verdict != "partial":
                return (
                    f"verdict '{verdict}' with note '{note}' (a one-way step with a right last "
                    "line is always partial)",
                    'set verdict = "partial", or fix the note',
                )
        elif head == DERIVATION_FINAL and name:
            if box.target_box is None and name not in ("incorrect", "unsolved"):
                return (
                    f"note '{note}', but this box has no target value box",
                    f'use note = "{DERIVATION_FINAL}:incorrect" or "{DERIVATION_FINAL}:unsolved"',
                )
        elif note != DERIVATION_START:
            return f"note '{note}', which a derivation box never gives", f"use one of: {known}"
    if verdict not in wrong:
        return (
            f"verdict '{verdict}' with note '{note}' (that note always comes with a partial or "
            "incorrect verdict)",
            'set verdict = "partial" or "incorrect", or fix the note',
        )
    return None


def reasoning_checks(box: BoxSpec, check: CheckFn) -> Iterator[tuple[bool, tuple, str, str, str]]:
    """Checks of a proof or derivation box beyond its reference answer and readings:
    (ok, key path under the box, expected, got, fix).

    Proof: every distractor is wrong wherever it is put into the reference order (so none can
    be part of a correct answer), and the reference order names every block once. Derivation:
    the reference derivation and every accepted or mistaken one can be read line by line, and
    the reference has at least two lines.
    """
    if box.kind == "proof":
        from tutor.checking.proof import AnswerError, graph, read_order

        keys = [b.key for b in box.blocks]
        try:
            ref = read_order(box.answer, graph(box))
        except AnswerError:
            ref = box.answer.split()  # the reference check reports what cannot be read
        if sorted(ref) != sorted(keys):
            missing = [k for k in keys if k not in ref]
            extra = [k for k in ref if k not in keys]
            got = "it " + "; ".join(
                p
                for p in (
                    f"leaves out {', '.join(missing)}" if missing else "",
                    f"also has {', '.join(extra)}" if extra else "",
                )
                if p
            )
            yield (
                False,
                ("answer",),
                "the reference order to use every block once and no distractor",
                got or "a block twice",
                "write answer = the keys of all the blocks in one correct order",
            )
        for j, d in enumerate(box.distractors):
            worst = None
            for pos in range(len(ref) + 1):
                trial = " ".join([*ref[:pos], d.key, *ref[pos:]])
                v = check(box, trial)
                if v.verdict == "correct":
                    worst = trial
                    break
            yield (
                worst is None,
                ("distractors", j),
                f"distractor '{d.key}' never to be part of a correct answer",
                f"{worst!r} is graded correct",
                "a distractor must make any proof that uses it wrong; check the box's keys",
            )
    elif box.kind == "derivation":
        from tutor.checking.derivation import prepare as prepare_derivation

        prep = prepare_derivation(box)
        for problem in prep.errors:
            yield (
                False,
                ("answer",),
                "every derivation of the box to be readable line by line",
                problem,
                "write each line in the box's language (its symbols, functions, definitions)",
            )
        lines = [ln for ln in box.answer.splitlines() if ln.strip()]
        if len(lines) < 2:
            yield (
                False,
                ("answer",),
                "a reference derivation of at least two lines",
                f"{len(lines)} line",
                "write the starting line, then each step on a line of its own",
            )


def reasoning_shortfalls(box: BoxSpec) -> list[str]:
    """The question-test coverage rules for a proof or derivation box."""
    out = []
    notes = [t.note or "" for t in box.tests]
    wrong = sum(1 for t in box.tests if t.verdict in ("partial", "incorrect"))
    unusual = unusual_correct_tests(box)
    if len(box.tests) < MIN_TESTS_PER_BOX:
        out.append(
            f"box {box.id}: {len(box.tests)} question tests; write at least {MIN_TESTS_PER_BOX}"
        )
    if unusual < MIN_UNUSUAL_CORRECT_TESTS_PER_BOX:
        what = "orders" if box.kind == "proof" else "derivations"
        out.append(
            f"box {box.id}: {unusual} other correct {what} tested; write at least "
            f"{MIN_UNUSUAL_CORRECT_TESTS_PER_BOX}"
        )
    if wrong < MIN_REASONING_WRONG_TESTS:
        out.append(
            f"box {box.id}: {wrong} tests of wrong answers; write at least "
            f"{MIN_REASONING_WRONG_TESTS}"
        )
    if not any(n.startswith("invalid:") for n in notes):
        out.append(f"box {box.id}: no test of an unreadable answer; write one")
    if box.kind == "proof":
        if len(box.distractors) < MIN_DISTRACTORS:
            out.append(
                f"box {box.id}: {len(box.distractors)} distractors; write at least "
                f"{MIN_DISTRACTORS}, from the mistakes students make"
            )
        orders = sum(1 for n in notes if n.startswith("misplaced:"))
        if orders < MIN_WRONG_ORDER_TESTS:
            out.append(
                f'box {box.id}: no test of a wrong order (note = "misplaced:..."); write one'
            )
        tried = {n.split(":", 1)[1] for n in notes if n.startswith("distractor:")}
        if len(tried) < min(MIN_DISTRACTOR_TESTS, len(box.distractors)):
            out.append(
                f"box {box.id}: {len(tried)} distractors tested; test at least "
                f"{min(MIN_DISTRACTOR_TESTS, len(box.distractors))}"
            )
    else:
        broken = sum(1 for n in notes if n.startswith("step:"))
        if broken < MIN_BROKEN_LINE_TESTS:
            out.append(f'box {box.id}: no test of a broken line (note = "step:<line>"); write one')
    return out


# ---------------------------------------------------------------------------
# Practice variants (issue 10)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantsReport:
    """``validate --variants N``: the checks of every variant of every parameterized part."""

    count: int
    """Variants drawn per part (seeds 1 … count)."""
    parts: tuple[str, ...]
    checks_passed: int
    checks_failed: int
    tests_passed: int
    tests_failed: int
    distinct: dict[str, int]
    """Part -> how many different texts its variants had."""
    failures: tuple[Failure, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["failures"] = [asdict(f) for f in self.failures]
        return data


def validate_variants(
    content: Content,
    check: CheckFn,
    count: int,
    progress: Callable[[str], None] | None = None,
    *,
    parts: Collection[str] | None = None,
) -> VariantsReport:
    """Draw variants 1 … ``count`` of every parameterized part (given ``parts``, of those and
    the parts drawn with them) and check each one in full.

    A variant must: satisfy its constraints and be drawn again the same from its seed; differ
    from the handout (its parameters and, for one of the parts drawn together, its text); pass
    every check ``validate_content`` makes (its reference answer passes its own box, each accepted
    reading and each known mistake gets its note, so every mistake is told apart from the key by
    the checker, every question test passes, its texts render and no hint or statement gives the
    answer away). A failure names the variant's seed and parameters. The parts of a problem with
    problem-level parameters are drawn together (same seed, same numbers).
    """
    import time

    from tutor.variants import engine

    start = time.perf_counter()
    raw = content.templates
    where = _Where(raw)
    failures: list[Failure] = []
    passed = failed = tests_passed = tests_failed = 0
    distinct: dict[str, int] = {}
    groups: list[tuple[Any, tuple[str, ...]]] = []
    for problem in raw.problems:
        ids = tuple(p.id for p in problem.parts if engine.is_parameterized(raw, p.id))
        if problem.parameters and ids:
            groups.append((problem, ids))
        else:
            groups += [(problem, (pid,)) for pid in ids]
    if parts is not None:
        groups = [(problem, ids) for problem, ids in groups if set(ids) & set(parts)]

    def record(ok: bool, file: str, path: tuple, expected: str, got: str) -> None:
        nonlocal passed, failed
        passed += ok
        failed += not ok
        if not ok:
            failures.append(where.failure(file, path, expected, got))

    # Two seeds may draw variants that read the same (a part with few parameter sets): the
    # checks of the one are the checks of the other (they see only what is rendered, and the
    # checker is deterministic), so each distinct variant is checked once and its report counted
    # (and its failures named) for every seed that drew it.
    checked: dict[tuple, ValidationReport] = {}
    for problem, ids in groups:
        file = problem.source
        index = {p.id: i for i, p in enumerate(problem.parts)}
        handout = {pid: engine.instantiate(raw, pid) for pid in ids}
        texts: dict[str, set] = {pid: set() for pid in ids}
        for seed in range(1, count + 1):
            if progress:
                progress(f"{', '.join(ids)} seed {seed}")
            try:
                variants = {pid: engine.instantiate(raw, pid, seed=seed) for pid in ids}
            except UserError as exc:
                record(
                    False, file, ("parts", index[ids[0]]), f"a variant for seed {seed}", str(exc)
                )
                continue
            first = variants[ids[0]]
            label = f"variant seed {seed} ({first.describe()})"
            for pid, v in variants.items():
                ppath = ("parts", index[pid])
                again = engine.sample(raw, pid, seed)
                record(
                    again == dict(v.params),
                    file,
                    ppath,
                    f"seed {seed} to give the same parameters every time",
                    f"{again} then {dict(v.params)}",
                )
                try:
                    engine.compute(engine.scopes(raw, pid), dict(v.params))
                    broken = ""
                except UserError as exc:
                    broken = str(exc)
                record(not broken, file, ppath, f"{label} to satisfy the constraints", broken)
                record(
                    dict(v.params) != dict(handout[pid].params),
                    file,
                    ppath,
                    f"{label} to differ from the handout's parameters",
                    "the handout's parameters",
                )
                texts[pid].add(_rendered(v))
            record(
                any(_rendered(variants[p]) != _rendered(handout[p]) for p in ids),
                file,
                ("parts", index[ids[0]]),
                f"{label} to read differently from the handout",
                "the same texts as the handout (its parameters appear in no text)",
            )
            drawn = tuple((p, _rendered(variants[p])) for p in ids)
            report = checked.get(drawn)
            if report is None:
                sub = _variant_content(raw, problem, variants)
                report = checked[drawn] = validate_content(sub, check, parts=ids)
            passed += report.checks_passed
            failed += report.checks_failed
            tests_passed += report.tests_passed
            tests_failed += report.tests_failed
            for f in report.failures:
                fix = f.fix
                if ".mistakes[" in f.key or ".tests[" in f.key:
                    fix = (
                        "the handout passes, so in this variant two formulas meet: add a "
                        "constraint that keeps them apart, or a when on the mistake (and its "
                        "tests) for the variants where it is no mistake (content/README.md, "
                        "section 10)"
                    )
                failures.append(
                    Failure(f.file, f.line, f"{f.key} in {label}", f.expected, f.got, fix)
                )
        for pid in ids:
            distinct[pid] = len(texts[pid])
            space = math.prod(len(p.values()) for p in engine.param_specs(raw, pid)) - 1
            if count >= 2 and space >= 2:  # a part with one other parameter set has one variant
                record(
                    len(texts[pid]) >= 2,
                    file,
                    ("parts", index[pid]),
                    f"the {count} variants of {pid} to differ from each other",
                    f"{len(texts[pid])} different text(s)",
                )
    return VariantsReport(
        count=count,
        parts=tuple(pid for _, ids in groups for pid in ids),
        checks_passed=passed,
        checks_failed=failed,
        tests_passed=tests_passed,
        tests_failed=tests_failed,
        distinct=distinct,
        failures=tuple(failures),
        seconds=round(time.perf_counter() - start, 2),
    )


def _rendered(variant: Any) -> tuple:
    """What a student reads of a variant: the part and its boxes, as one comparable value."""
    return (variant.part, tuple(variant.boxes.values()))


def _variant_content(raw: Content, problem: Any, variants: dict[str, Any]) -> Content:
    """A content with one problem whose parts ``variants`` are rendered (for validate_content)."""
    from dataclasses import replace

    parts = tuple(variants[p.id].part if p.id in variants else p for p in problem.parts)
    boxes = {b: raw.boxes[b] for p in problem.parts for b in p.boxes if b in raw.boxes}
    for v in variants.values():
        boxes.update(v.boxes)
    return Content(
        problems=(replace(problem, parts=parts),),
        boxes=boxes,
        cards={},
        directory=raw.directory,
        content_hash=raw.content_hash,
    )


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
