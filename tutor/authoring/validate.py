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
raw. It counts the question tests against the issue's coverage rules. Only the standard library is imported at module level; the checker
(sympy) is loaded when the command runs.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from tutor.content.loader import (
    BoxSpec,
    Content,
    LineLocator,
    format_key,
)

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
    fix: str = ""  # what to do about it

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
        self.card_file = "cards.toml"

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

    def failure(self, file: str, path: tuple, expected: str, got: str, fix: str = "") -> Failure:
        return Failure(file, self.line(file, path), format_key(path), expected, got, fix)


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


def _texts(content: Content) -> Iterator[_Text]:
    """Every text a student reads, with how the UI shows it.

    Statements, solutions, readings and cards (title and body) go through the
    Markdown widget; titles, prompts, choices, hints, feedback, errata, rubric
    points and reflection prompts are shown as typed. The problem summary is not
    shown by the UI; it is checked as Markdown, as the schema calls it.
    """
    for problem in content.problems:
        f = problem.source
        yield _Text(f, ("problem", "title"), problem.title, PLAIN)
        if problem.summary:
            yield _Text(f, ("problem", "summary"), problem.summary, MARKDOWN)
        for i, part in enumerate(problem.parts):
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
                    for j, r in enumerate(readings):
                        if r.feedback:
                            yield _Text(f, b + (key, j, "feedback"), r.feedback, PLAIN)
    for card in content.cards.values():
        yield _Text("cards.toml", ("cards", card.id, "title"), card.title, MARKDOWN)
        yield _Text("cards.toml", ("cards", card.id, "body"), card.body, MARKDOWN)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _plot_names() -> set[str] | None:
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
    if v.note == "invalid:unknown-name":
        m = _UNKNOWN_NAME_RE.search(getattr(v, "feedback", "") or "")
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
        wanted = notes[name].verdict
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


# ---------------------------------------------------------------------------
# Hints that give the answer away
# ---------------------------------------------------------------------------

_CODE_RE = re.compile(r"`([^`]+)`")
# a value after '=', '≈', 'is', 'are' or 'answer:' up to the end of its clause
_VALUE_RE = re.compile(
    r"(?:[=≈]|\b(?:is|are|answer|gives|equals)\b:?)\s*(.{1,40}?)\s*(?=[,;!?]|\.(?:\s|$)|$|\s(?:so|and|which|because|for)\s)"
)
_NUMBER_RE = re.compile(r"(?<![\w.^])(\d+(?:\.\d+)?)(?:\s+([A-Za-zμ]+))?")
_CHOICE_RE = re.compile(r"\(([a-z])\)|\b(?:option|choice|answer)\s+(?:is\s+)?\(?([a-z])\b\)?")
MAX_LEAK_CANDIDATES = 12


def answer_candidates(box: BoxSpec, hint: str) -> list[str]:
    """Pieces of a hint that could be the answer: code spans, values after '=' or 'is',
    numbers (number and count boxes) and choice keys (choice boxes)."""
    found: list[str] = []
    found += [m.group(1) for m in _CODE_RE.finditer(hint)]
    found += [m.group(1).strip() for m in _VALUE_RE.finditer(hint)]
    if box.kind in ("number", "count"):
        for m in _NUMBER_RE.finditer(hint):
            found.append(m.group(0) if m.group(2) else m.group(1))
    if box.kind == "choice":
        found += [m.group(1) or m.group(2) for m in _CHOICE_RE.finditer(hint)]
    out: list[str] = []
    for text in found:
        text = text.strip().rstrip(".:")
        if text and text not in out and len(text) <= 40:
            out.append(text)
    return out[:MAX_LEAK_CANDIDATES]


def hint_leaks(box: BoxSpec, check: CheckFn) -> Iterator[tuple[int, str]]:
    """(index, piece) of every hint but the last that contains an answer the box grades correct."""
    answer_text = _normal(box.answer)
    for j, hint in enumerate(box.hints[:-1]):
        if (
            len(answer_text) >= 4
            and not re.fullmatch(r"[\d.]+", answer_text)
            and answer_text in _normal(hint)
        ):
            yield j, box.answer
            continue
        for piece in answer_candidates(box, hint):
            v = check(box, piece)
            if v.verdict == "correct":
                yield j, piece
                break


def text_leaks(box: BoxSpec, text: str, check: CheckFn) -> str | None:
    """A piece of a text the student sees before answering (a statement, an explanation
    prompt) that ``box`` grades correct: code spans and values after '=' or 'is'. Bare
    numbers are not tried: a statement rightly states the problem's numbers."""
    pieces = [m.group(1) for m in _CODE_RE.finditer(text)]
    pieces += [m.group(1).strip() for m in _VALUE_RE.finditer(text)]
    names = {sym.name for sym in box.symbols}  # naming a variable (`d1`) gives nothing away
    seen: list[str] = []
    for piece in pieces:
        piece = piece.strip().rstrip(".:")
        if not piece or piece in seen or piece in names or len(piece) > 40:
            continue
        seen.append(piece)
        if check(box, piece).verdict == "correct":
            return piece
        if len(seen) >= 2 * MAX_LEAK_CANDIDATES:
            break
    return None


def check_texts(content: Content, where: _Where | None = None) -> tuple[int, list[Failure]]:
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
    for t in _texts(content):
        problem = render_problem(t.text)
        if problem is None and t.is_hint:
            problem = hint_problem(t.text)
        if problem is None:
            passed += 1
        else:
            wanted = "text that renders" + (" as a short hint" if t.is_hint else "")
            failures.append(where.failure(t.file, t.path, wanted, problem))
        if t.role == MARKDOWN:
            issues = markdown_issues(t.text)
            wanted = "Markdown that shows the math as written"
        else:
            issues = plain_text_issues(t.text)
            wanted = "plain text without Markdown markup (the UI shows this field as typed)"
        passed += not issues
        for issue in issues:
            line = where.text_line(t.file, t.path, t.text, issue.line)
            failures.append(Failure(t.file, line, format_key(t.path), wanted, issue.describe()))
    return passed, failures


def validate_content(
    content: Content, check: CheckFn, progress: Callable[[str], None] | None = None
) -> ValidationReport:
    """Run every check on loaded content with ``check(box, answer) -> Verdict``."""
    where = _Where(content)
    failures: list[Failure] = []
    checks_passed = checks_failed = tests_passed = tests_failed = 0

    def record(
        ok: bool,
        file: str,
        path: tuple,
        expected: str,
        got: str,
        is_test: bool = False,
        fix: str = "",
    ) -> None:
        nonlocal checks_passed, checks_failed, tests_passed, tests_failed
        if is_test:
            tests_passed += ok
            tests_failed += not ok
        else:
            checks_passed += ok
            checks_failed += not ok
        if not ok:
            failures.append(where.failure(file, path, expected, got, fix))

    passed, text_failures = check_texts(content, where)
    checks_passed += passed
    checks_failed += len(text_failures)
    failures.extend(text_failures)

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
        file, index = where.part_index[part.id]
        shown = [("statement", part.statement)]
        if part.explain is not None:
            shown.append(("explain", part.explain.prompt))
        for key, text in shown:
            for box_id in part.boxes:
                leak = text_leaks(content.boxes[box_id], text, check)
                record(
                    leak is None,
                    file,
                    ("parts", index, key)
                    if key == "statement"
                    else ("parts", index, "explain", "prompt"),
                    f"the {key} not to show an answer to {box_id}",
                    f"it shows {leak!r}, which {box_id} grades correct",
                    fix="use a made-up example (another number or expression) instead",
                )
    for part in content.parts():
        for box_id in part.boxes:
            box = content.boxes[box_id]
            f = where.box_file[box_id]
            b = ("boxes", box_id)
            if progress:
                progress(box_id)
            leaks = dict(hint_leaks(box, check))
            for j in range(len(box.hints) - 1):
                record(
                    j not in leaks,
                    f,
                    b + ("hints", j),
                    "only the last hint to give the answer away",
                    f"hint {j + 1} contains {leaks.get(j)!r}, which this box grades correct",
                    fix="keep the answer for the last hint; an earlier hint points to the next step",
                )
            v = check(box, box.answer)
            record(
                v.verdict == "correct",
                f,
                b + ("answer",),
                "the reference answer to be correct",
                _show(v),
                fix=_reference_fix(v),
            )
            for j, r in enumerate(box.accept):
                v = check(box, r.answer)
                want = f"accept:{r.note}"
                ok = v.verdict == r.verdict and v.note == want
                record(
                    ok,
                    f,
                    b + ("accept", j),
                    f"{r.verdict} ({want})",
                    _show(v),
                    fix="" if ok else _reading_fix(box, r.answer, v, "accept"),
                )
            for j, r in enumerate(box.mistakes):
                v = check(box, r.answer)
                want = f"mistake:{r.note}"
                ok = v.verdict != "correct" and v.verdict == r.verdict and v.note == want
                expected = f"{r.verdict} ({want}), told apart from the correct answer"
                record(
                    ok,
                    f,
                    b + ("mistakes", j),
                    expected,
                    _show(v),
                    fix="" if ok else _reading_fix(box, r.answer, v, "mistakes"),
                )
            for j, t in enumerate(box.tests):
                expected = f"{t.verdict} ({t.note})" if t.note else t.verdict
                expected += f" for input {t.input!r}"
                static = test_note_problem(box, t.verdict, t.note)
                if static:
                    wanted = "a verdict and note that can go together"
                    record(False, f, b + ("tests", j), wanted, static[0], True, static[1])
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
                )

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
        warnings=tuple(coverage_shortfalls(content)) + tuple(choice_length_warnings(content)),
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
# Command line
# ---------------------------------------------------------------------------
